#include "json_reader.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <limits>

namespace wci {

JsonReader::JsonReader(const QJsonValue &value, JsonReadContext &ctx, QString path)
    : m_value(value), m_object(value.toObject()), m_ctx(ctx), m_path(std::move(path))
{
}

bool JsonReader::has(QLatin1StringView key) const
{
    const QJsonValue v = m_object.value(key);
    return !v.isUndefined() && !v.isNull();
}

QString JsonReader::fieldPath(QLatin1StringView key) const
{
    return m_path.isEmpty() ? QString(key) : m_path + u'.' + key;
}

void JsonReader::fail(const QString &path, const QString &msg) const
{
    m_ctx.errors.append({path.isEmpty() ? QStringLiteral("$") : path, msg});
}

void JsonReader::missing(QLatin1StringView key) const
{
    // Only report when this reader stands for a real object; a missing parent already failed.
    if (m_value.isObject())
        fail(fieldPath(key), QStringLiteral("is required"));
}

std::optional<QJsonValue> JsonReader::present(QLatin1StringView key, Presence p) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (p == Presence::Required)
            missing(key);
        return std::nullopt;
    }
    return v;
}

template <typename T, typename Convert>
T JsonReader::typedValue(QLatin1StringView key, Presence p, T def, const char *expected, Convert convert) const
{
    const auto v = present(key, p);
    if (!v)
        return def;
    if (std::optional<T> out = convert(*v))
        return *std::move(out);
    fail(fieldPath(key), QStringLiteral("must be ") + QLatin1StringView(expected));
    return def;
}

namespace {

std::optional<QString> asString(const QJsonValue &v)
{
    return v.isString() ? std::optional(v.toString()) : std::nullopt;
}

std::optional<bool> asBool(const QJsonValue &v)
{
    return v.isBool() ? std::optional(v.toBool()) : std::nullopt;
}

std::optional<QJsonObject> asObject(const QJsonValue &v)
{
    return v.isObject() ? std::optional(v.toObject()) : std::nullopt;
}

std::optional<QJsonArray> asArray(const QJsonValue &v)
{
    return v.isArray() ? std::optional(v.toArray()) : std::nullopt;
}

// A whole number that fits 64 bits.
std::optional<qint64> asInteger(const QJsonValue &v)
{
    if (!v.isDouble())
        return std::nullopt;
    const qint64 a = v.toInteger(0);
    const qint64 b = v.toInteger(1);
    if (a != b)
        return std::nullopt; // fractional, or outside the 64-bit range
    return a;
}

std::optional<int> asInt32(const QJsonValue &v)
{
    const auto n = asInteger(v);
    if (!n || *n < std::numeric_limits<int>::min() || *n > std::numeric_limits<int>::max())
        return std::nullopt;
    return static_cast<int>(*n);
}

// An array of strings only.
std::optional<QStringList> asStringList(const QJsonValue &v)
{
    if (!v.isArray())
        return std::nullopt;
    QStringList values;
    for (const auto &item : v.toArray()) {
        if (!item.isString())
            return std::nullopt;
        values.append(item.toString());
    }
    return values;
}

} // namespace

QJsonArray JsonReader::array(QLatin1StringView key, Presence p, const char *expected) const
{
    return typedValue<QJsonArray>(key, p, {}, expected, &asArray);
}

QString JsonReader::string(QLatin1StringView key, Presence p, const QString &def) const
{
    return typedValue<QString>(key, p, def, "a string", &asString);
}

std::optional<QString> JsonReader::optionalString(QLatin1StringView key) const
{
    return has(key) ? std::optional(string(key)) : std::nullopt;
}

qint64 JsonReader::int64(QLatin1StringView key, Presence p, qint64 def) const
{
    return typedValue<qint64>(key, p, def, "a 64-bit integer", &asInteger);
}

int JsonReader::int32(QLatin1StringView key, Presence p, int def) const
{
    return typedValue<int>(key, p, def, "a 32-bit integer", &asInt32);
}

std::optional<int> JsonReader::optionalInt32(QLatin1StringView key) const
{
    return has(key) ? std::optional(int32(key)) : std::nullopt;
}

bool JsonReader::boolean(QLatin1StringView key, Presence p, bool def) const
{
    return typedValue<bool>(key, p, def, "a boolean", &asBool);
}

QJsonObject JsonReader::jsonObject(QLatin1StringView key, Presence p) const
{
    return typedValue<QJsonObject>(key, p, {}, "an object", &asObject);
}

QStringList JsonReader::stringList(QLatin1StringView key, Presence p) const
{
    QStringList out;
    const QJsonArray arr = array(key, p, "an array of strings");
    for (qsizetype i = 0; i < arr.size(); ++i) {
        if (!arr.at(i).isString()) {
            fail(fieldPath(key) + u'[' + QString::number(i) + u']', QStringLiteral("must be a string"));
            continue;
        }
        out.append(arr.at(i).toString());
    }
    return out;
}

// An object of values of one type: each entry converted by convert, a mistyped one recorded
// against its own path and left out.
template <typename V, typename Convert>
static QMap<QString, V> readMap(const JsonReader &r, QLatin1StringView key, Presence p, const char *expected,
                                Convert convert)
{
    QMap<QString, V> out;
    const QJsonObject o = r.jsonObject(key, p);
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (std::optional<V> v = convert(it.value()))
            out.insert(it.key(), *std::move(v));
        else
            r.fail(r.fieldPath(key) + u'.' + it.key(), QStringLiteral("must be ") + QLatin1StringView(expected));
    }
    return out;
}

QMap<QString, QString> JsonReader::stringMap(QLatin1StringView key, Presence p) const
{
    return readMap<QString>(*this, key, p, "a string", &asString);
}

QMap<QString, QStringList> JsonReader::stringListMap(QLatin1StringView key, Presence p) const
{
    return readMap<QStringList>(*this, key, p, "an array of strings", &asStringList);
}

JsonReader JsonReader::child(QLatin1StringView key, Presence p) const
{
    // jsonObject() records a missing or mistyped field; such a field reads as a non-object reader.
    const QJsonObject o = jsonObject(key, p);
    return JsonReader(m_object.value(key).isObject() ? QJsonValue(o) : QJsonValue(), m_ctx, fieldPath(key));
}

DomainError decodeError(const QString &typeName, const QList<BindingError> &errors)
{
    QString msg = QStringLiteral("Invalid ") + typeName + QStringLiteral(": ");
    if (!errors.isEmpty()) {
        const BindingError &first = errors.first();
        msg += first.name == QLatin1String("$") ? first.msg : QStringLiteral("field '") + first.name
                                                                 + QStringLiteral("' ") + first.msg;
        if (errors.size() > 1)
            msg += QStringLiteral(" (and %1 more)").arg(errors.size() - 1);
    }
    msg += u'.';
    return DomainError{ErrorCode::IllegalArgument, msg, errors};
}

Result<QJsonValue> parseJsonBytes(const QByteArray &bytes)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &err);
    if (err.error != QJsonParseError::NoError) {
        return DomainError{ErrorCode::IllegalArgument,
                           QStringLiteral("Malformed JSON at offset %1: %2.").arg(err.offset).arg(err.errorString()),
                           {{QStringLiteral("body"), err.errorString()}}};
    }
    if (doc.isObject())
        return QJsonValue(doc.object());
    if (doc.isArray())
        return QJsonValue(doc.array());
    return QJsonValue();
}

} // namespace wci
