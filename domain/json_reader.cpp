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

QString JsonReader::string(QLatin1StringView key, Presence p, const QString &def) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (p == Presence::Required)
            missing(key);
        return def;
    }
    if (!v.isString()) {
        fail(fieldPath(key), QStringLiteral("must be a string"));
        return def;
    }
    return v.toString();
}

std::optional<QString> JsonReader::optionalString(QLatin1StringView key) const
{
    if (!has(key))
        return std::nullopt;
    return string(key);
}

static std::optional<qint64> integralValue(const QJsonValue &v)
{
    if (!v.isDouble())
        return std::nullopt;
    const qint64 a = v.toInteger(0);
    const qint64 b = v.toInteger(1);
    if (a != b)
        return std::nullopt; // fractional, or outside the 64-bit range
    return a;
}

qint64 JsonReader::int64(QLatin1StringView key, Presence p, qint64 def) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (p == Presence::Required)
            missing(key);
        return def;
    }
    const auto n = integralValue(v);
    if (!n) {
        fail(fieldPath(key), QStringLiteral("must be a 64-bit integer"));
        return def;
    }
    return *n;
}

int JsonReader::int32(QLatin1StringView key, Presence p, int def) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (p == Presence::Required)
            missing(key);
        return def;
    }
    const auto n = integralValue(v);
    if (!n || *n < std::numeric_limits<int>::min() || *n > std::numeric_limits<int>::max()) {
        fail(fieldPath(key), QStringLiteral("must be a 32-bit integer"));
        return def;
    }
    return static_cast<int>(*n);
}

std::optional<int> JsonReader::optionalInt32(QLatin1StringView key) const
{
    if (!has(key))
        return std::nullopt;
    return int32(key);
}

bool JsonReader::boolean(QLatin1StringView key, Presence p, bool def) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (p == Presence::Required)
            missing(key);
        return def;
    }
    if (!v.isBool()) {
        fail(fieldPath(key), QStringLiteral("must be a boolean"));
        return def;
    }
    return v.toBool();
}

QJsonObject JsonReader::jsonObject(QLatin1StringView key, Presence p) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (p == Presence::Required)
            missing(key);
        return {};
    }
    if (!v.isObject()) {
        fail(fieldPath(key), QStringLiteral("must be an object"));
        return {};
    }
    return v.toObject();
}

QStringList JsonReader::stringList(QLatin1StringView key, Presence p) const
{
    QStringList out;
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (p == Presence::Required)
            missing(key);
        return out;
    }
    if (!v.isArray()) {
        fail(fieldPath(key), QStringLiteral("must be an array of strings"));
        return out;
    }
    const QJsonArray arr = v.toArray();
    for (qsizetype i = 0; i < arr.size(); ++i) {
        if (!arr.at(i).isString()) {
            fail(fieldPath(key) + u'[' + QString::number(i) + u']', QStringLiteral("must be a string"));
            continue;
        }
        out.append(arr.at(i).toString());
    }
    return out;
}

QMap<QString, QString> JsonReader::stringMap(QLatin1StringView key, Presence p) const
{
    QMap<QString, QString> out;
    const QJsonObject o = jsonObject(key, p);
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!it.value().isString()) {
            fail(fieldPath(key) + u'.' + it.key(), QStringLiteral("must be a string"));
            continue;
        }
        out.insert(it.key(), it.value().toString());
    }
    return out;
}

QMap<QString, QStringList> JsonReader::stringListMap(QLatin1StringView key, Presence p) const
{
    QMap<QString, QStringList> out;
    const QJsonObject o = jsonObject(key, p);
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!it.value().isArray()) {
            fail(fieldPath(key) + u'.' + it.key(), QStringLiteral("must be an array of strings"));
            continue;
        }
        QStringList values;
        for (const auto &item : it.value().toArray()) {
            if (!item.isString()) {
                fail(fieldPath(key) + u'.' + it.key(), QStringLiteral("must be an array of strings"));
                break;
            }
            values.append(item.toString());
        }
        out.insert(it.key(), values);
    }
    return out;
}

JsonReader JsonReader::child(QLatin1StringView key, Presence p) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (p == Presence::Required)
            missing(key);
        return JsonReader(QJsonValue(), m_ctx, fieldPath(key));
    }
    if (!v.isObject()) {
        fail(fieldPath(key), QStringLiteral("must be an object"));
        return JsonReader(QJsonValue(), m_ctx, fieldPath(key));
    }
    return JsonReader(v, m_ctx, fieldPath(key));
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
