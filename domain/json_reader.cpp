#include "json_reader.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QScopeGuard>

#include <simdjson.h>

#include <cmath>
#include <array>
#include <cstring>
#include <limits>
#include <memory>

namespace wci {

namespace {

namespace dom = simdjson::dom;

// A FastNode holds a dom::element (a document pointer and a position on its tape).
static_assert(sizeof(dom::element) <= sizeof(JsonReader::FastNode) && std::is_trivially_copyable_v<dom::element>);

dom::element elementOf(const JsonReader::FastNode &node)
{
    dom::element e;
    std::memcpy(static_cast<void *>(&e), node.bytes, sizeof e);
    return e;
}

JsonReader::FastNode nodeOf(dom::element e)
{
    JsonReader::FastNode node{};
    std::memcpy(node.bytes, static_cast<const void *>(&e), sizeof e);
    return node;
}

// Short text read by this thread lately, by a hash of its bytes: documents repeat most of their
// short strings (names, kinds, contexts, tenants, header keys), which then share one copy
// instead of each being allocated (and freed) again.
struct RecentStrings {
    static constexpr size_t kSlots = 512;
    static constexpr size_t kLongest = 88;
    struct Slot {
        QString value;
        unsigned char size = 0;
        char bytes[kLongest];
    };
    std::array<Slot, kSlots> entries;
};

QString qstring(std::string_view s)
{
    if (s.empty() || s.size() > RecentStrings::kLongest)
        return QString::fromUtf8(s.data(), qsizetype(s.size()));
    thread_local RecentStrings recent;
    RecentStrings::Slot &slot = recent.entries[qHashBits(s.data(), s.size()) % RecentStrings::kSlots];
    if (slot.size == s.size() && std::memcmp(slot.bytes, s.data(), s.size()) == 0)
        return slot.value;
    slot.value = QString::fromUtf8(s.data(), qsizetype(s.size()));
    slot.size = static_cast<unsigned char>(s.size());
    std::memcpy(slot.bytes, s.data(), s.size());
    return slot.value;
}

// The element as a Qt JSON value, numbers as Qt's parser reads them (whole numbers that fit
// 64 bits as integers, others as doubles) and, of a key given twice, the last value.
QJsonValue toQt(dom::element e)
{
    switch (e.type()) {
    case dom::element_type::OBJECT: {
        QJsonObject o;
        for (dom::key_value_pair field : dom::object(e))
            o.insert(qstring(field.key), toQt(field.value));
        return o;
    }
    case dom::element_type::ARRAY: {
        QJsonArray a;
        for (dom::element item : dom::array(e))
            a.append(toQt(item));
        return a;
    }
    case dom::element_type::STRING:
        return qstring(std::string_view(e));
    case dom::element_type::INT64:
        return qint64(int64_t(e));
    case dom::element_type::UINT64:
        return double(uint64_t(e));
    case dom::element_type::DOUBLE:
        return double(e);
    case dom::element_type::BOOL:
        return bool(e);
    case dom::element_type::NULL_VALUE:
        break;
    }
    return QJsonValue(QJsonValue::Null);
}

// The field of an object node, its last occurrence (as Qt's object keeps).
std::optional<dom::element> fieldOf(dom::element object, QLatin1StringView key)
{
    std::optional<dom::element> found;
    for (dom::key_value_pair field : dom::object(object)) {
        if (field.key.size() == size_t(key.size()) && std::memcmp(field.key.data(), key.data(), field.key.size()) == 0)
            found = field.value;
    }
    return found;
}

// The field of a reader's node; nothing when the reader stands for no object.
std::optional<dom::element> fieldOf(const JsonReader::FastNode &node, bool valid, QLatin1StringView key)
{
    return valid ? fieldOf(elementOf(node), key) : std::nullopt;
}

} // namespace

JsonReader::JsonReader(const QJsonValue &value, JsonReadContext &ctx, QString path)
    : m_value(value), m_object(value.toObject()), m_ctx(ctx), m_path(std::move(path))
{
}

JsonReader::JsonReader(const FastNode &node, bool valid, JsonReadContext &ctx, QString path)
    : m_ctx(ctx), m_path(std::move(path)), m_node(node), m_fast(true), m_valid(valid)
{
}

bool JsonReader::isObject() const
{
    return m_fast ? m_valid : m_value.isObject();
}

const QJsonObject &JsonReader::object() const
{
    if (m_fast && m_valid && !m_converted) {
        m_object = toQt(elementOf(m_node)).toObject();
        m_converted = true;
    }
    return m_object;
}

bool JsonReader::has(QLatin1StringView key) const
{
    if (m_fast) {
        const auto v = fieldOf(m_node, m_valid, key);
        return v && !v->is_null();
    }
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
    if (isObject())
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
T JsonReader::fastValue(QLatin1StringView key, Presence p, T def, const char *expected, Convert convert) const
{
    const auto v = fieldOf(m_node, m_valid, key);
    if (!v || v->is_null()) {
        if (p == Presence::Required)
            missing(key);
        return def;
    }
    if (std::optional<T> out = convert(*v))
        return *std::move(out);
    fail(fieldPath(key), QStringLiteral("must be ") + QLatin1StringView(expected));
    return def;
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

std::optional<QString> fastString(dom::element e)
{
    std::string_view s;
    if (e.get_string().get(s))
        return std::nullopt;
    return qstring(s);
}

std::optional<bool> fastBool(dom::element e)
{
    bool b = false;
    if (e.get_bool().get(b))
        return std::nullopt;
    return b;
}

// The node itself when it is an object (an array): read through fastValue, whose value is then
// an optional node, so "no value" (of the wrong type) is the outer nothing.
std::optional<std::optional<dom::element>> objectNode(dom::element e)
{
    if (!e.is_object())
        return std::nullopt;
    return std::optional<std::optional<dom::element>>(std::in_place, e);
}

std::optional<std::optional<dom::element>> arrayNode(dom::element e)
{
    if (!e.is_array())
        return std::nullopt;
    return std::optional<std::optional<dom::element>>(std::in_place, e);
}

// As asInteger: a whole number that fits 64 bits, written as an integer or not.
std::optional<qint64> fastInteger(dom::element e)
{
    switch (e.type()) {
    case dom::element_type::INT64:
        return qint64(int64_t(e));
    case dom::element_type::UINT64:
        return std::nullopt; // above the signed range
    case dom::element_type::DOUBLE: {
        const double d = double(e);
        if (std::trunc(d) != d || d < -9223372036854775808.0 || d >= 9223372036854775808.0)
            return std::nullopt;
        return qint64(d);
    }
    default:
        return std::nullopt;
    }
}

std::optional<int> fastInt32(dom::element e)
{
    const auto n = fastInteger(e);
    if (!n || *n < std::numeric_limits<int>::min() || *n > std::numeric_limits<int>::max())
        return std::nullopt;
    return static_cast<int>(*n);
}

std::optional<QStringList> fastStringList(dom::element e)
{
    if (!e.is_array())
        return std::nullopt;
    QStringList values;
    for (dom::element item : dom::array(e)) {
        auto s = fastString(item);
        if (!s)
            return std::nullopt;
        values.append(*s);
    }
    return values;
}

} // namespace

std::optional<QString> JsonReader::enumName(QLatin1StringView key, Presence p, const QStringList &allowed) const
{
    std::optional<QString> text;
    bool isString = false;
    if (m_fast) {
        const auto v = fieldOf(m_node, m_valid, key);
        if (!v || v->is_null()) {
            if (p == Presence::Required)
                missing(key);
            return std::nullopt;
        }
        text = fastString(*v);
        isString = text.has_value();
    } else {
        const auto v = present(key, p);
        if (!v)
            return std::nullopt;
        isString = v->isString();
        if (isString)
            text = v->toString();
    }
    if (!isString)
        fail(fieldPath(key), QStringLiteral("must be one of ") + allowed.join(QStringLiteral(", ")));
    return text;
}

void JsonReader::elements(QLatin1StringView key, Presence p, const std::function<void(const JsonReader &)> &each) const
{
    if (m_fast) {
        const auto arr = fastArrayField(key, p, "an array");
        if (!arr)
            return;
        qsizetype i = 0;
        for (dom::element item : dom::array(elementOf(*arr)))
            each(JsonReader(nodeOf(item), item.is_object(), m_ctx, fieldPath(key) + u'[' + QString::number(i++) + u']'));
        return;
    }
    const QJsonArray arr = array(key, p, "an array");
    for (qsizetype i = 0; i < arr.size(); ++i)
        each(JsonReader(arr.at(i), m_ctx, fieldPath(key) + u'[' + QString::number(i) + u']'));
}

QJsonArray JsonReader::array(QLatin1StringView key, Presence p, const char *expected) const
{
    return typedValue<QJsonArray>(key, p, {}, expected, &asArray);
}

QString JsonReader::string(QLatin1StringView key, Presence p, const QString &def) const
{
    if (m_fast)
        return fastValue<QString>(key, p, def, "a string", &fastString);
    return typedValue<QString>(key, p, def, "a string", &asString);
}

std::optional<QString> JsonReader::optionalString(QLatin1StringView key) const
{
    return has(key) ? std::optional(string(key)) : std::nullopt;
}

qint64 JsonReader::int64(QLatin1StringView key, Presence p, qint64 def) const
{
    if (m_fast)
        return fastValue<qint64>(key, p, def, "a 64-bit integer", &fastInteger);
    return typedValue<qint64>(key, p, def, "a 64-bit integer", &asInteger);
}

int JsonReader::int32(QLatin1StringView key, Presence p, int def) const
{
    if (m_fast)
        return fastValue<int>(key, p, def, "a 32-bit integer", &fastInt32);
    return typedValue<int>(key, p, def, "a 32-bit integer", &asInt32);
}

std::optional<int> JsonReader::optionalInt32(QLatin1StringView key) const
{
    return has(key) ? std::optional(int32(key)) : std::nullopt;
}

bool JsonReader::boolean(QLatin1StringView key, Presence p, bool def) const
{
    if (m_fast)
        return fastValue<bool>(key, p, def, "a boolean", &fastBool);
    return typedValue<bool>(key, p, def, "a boolean", &asBool);
}

QJsonObject JsonReader::jsonObject(QLatin1StringView key, Presence p) const
{
    if (m_fast) {
        return fastValue<QJsonObject>(key, p, {}, "an object", [](dom::element e) {
            return e.is_object() ? std::optional(toQt(e).toObject()) : std::nullopt;
        });
    }
    return typedValue<QJsonObject>(key, p, {}, "an object", &asObject);
}

QByteArray JsonReader::compactObject(QLatin1StringView key, Presence p) const
{
    if (m_fast) {
        return fastValue<QByteArray>(key, p, QByteArrayLiteral("{}"), "an object", [](dom::element e) {
            if (!e.is_object())
                return std::optional<QByteArray>();
            const std::string text = simdjson::minify(e);
            return std::optional(QByteArray(text.data(), qsizetype(text.size())));
        });
    }
    return QJsonDocument(jsonObject(key, p)).toJson(QJsonDocument::Compact);
}

QJsonValue JsonReader::raw(QLatin1StringView key) const
{
    if (m_fast) {
        const auto v = fieldOf(m_node, m_valid, key);
        return v ? toQt(*v) : QJsonValue(QJsonValue::Undefined);
    }
    return m_object.value(key);
}

QStringList JsonReader::stringList(QLatin1StringView key, Presence p) const
{
    QStringList out;
    const auto bad = [&](qsizetype i) {
        fail(fieldPath(key) + u'[' + QString::number(i) + u']', QStringLiteral("must be a string"));
    };
    if (m_fast) {
        const auto arr = fastArrayField(key, p, "an array of strings");
        if (!arr)
            return out;
        qsizetype i = 0;
        for (dom::element item : dom::array(elementOf(*arr))) {
            if (auto text = fastString(item))
                out.append(*text);
            else
                bad(i);
            ++i;
        }
        return out;
    }
    const QJsonArray arr = array(key, p, "an array of strings");
    for (qsizetype i = 0; i < arr.size(); ++i) {
        if (!arr.at(i).isString()) {
            bad(i);
            continue;
        }
        out.append(arr.at(i).toString());
    }
    return out;
}

// An object of values of one type: each entry converted by convert, a mistyped one recorded
// against its own path and left out.
template <typename V, typename Convert, typename FastConvert>
static QMap<QString, V> readMap(const JsonReader &r, QLatin1StringView key, Presence p, const char *expected,
                                Convert convert, FastConvert fastConvert, const std::optional<dom::element> &fast)
{
    QMap<QString, V> out;
    const auto bad = [&](const QString &name) {
        r.fail(r.fieldPath(key) + u'.' + name, QStringLiteral("must be ") + QLatin1StringView(expected));
    };
    if (fast) {
        for (dom::key_value_pair field : dom::object(*fast)) {
            if (std::optional<V> v = fastConvert(field.value))
                out.insert(qstring(field.key), *std::move(v));
            else
                bad(qstring(field.key));
        }
        return out;
    }
    const QJsonObject o = r.jsonObject(key, p);
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (std::optional<V> v = convert(it.value()))
            out.insert(it.key(), *std::move(v));
        else
            bad(it.key());
    }
    return out;
}

std::optional<JsonReader::FastNode> JsonReader::fastObjectField(QLatin1StringView key, Presence p) const
{
    const auto o = fastValue<std::optional<dom::element>>(key, p, std::nullopt, "an object", &objectNode);
    return o ? std::optional(nodeOf(*o)) : std::nullopt;
}

std::optional<JsonReader::FastNode> JsonReader::fastArrayField(QLatin1StringView key, Presence p, const char *expected) const
{
    const auto a = fastValue<std::optional<dom::element>>(key, p, std::nullopt, expected, &arrayNode);
    return a ? std::optional(nodeOf(*a)) : std::nullopt;
}

QMap<QString, QString> JsonReader::stringMap(QLatin1StringView key, Presence p) const
{
    if (m_fast) {
        const auto o = fastObjectField(key, p);
        return o ? readMap<QString>(*this, key, p, "a string", &asString, &fastString, elementOf(*o))
                 : QMap<QString, QString>();
    }
    return readMap<QString>(*this, key, p, "a string", &asString, &fastString, std::nullopt);
}

QMap<QString, QStringList> JsonReader::stringListMap(QLatin1StringView key, Presence p) const
{
    if (m_fast) {
        const auto o = fastObjectField(key, p);
        return o ? readMap<QStringList>(*this, key, p, "an array of strings", &asStringList, &fastStringList, elementOf(*o))
                 : QMap<QString, QStringList>();
    }
    return readMap<QStringList>(*this, key, p, "an array of strings", &asStringList, &fastStringList, std::nullopt);
}

JsonReader JsonReader::child(QLatin1StringView key, Presence p) const
{
    if (m_fast) {
        const auto o = fastObjectField(key, p);
        return JsonReader(o.value_or(FastNode{}), o.has_value(), m_ctx, fieldPath(key));
    }
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

namespace {

// The faster parser's documents live in their parser, so a decode inside a decode (a reader
// that decodes a text field) takes the next parser of its thread. A parser keeps the capacity of
// the largest document it parsed: documents above kKeptCapacity get a parser of their own.
constexpr size_t kKeptCapacity = size_t(1) << 20;
thread_local std::vector<std::unique_ptr<dom::parser>> t_parsers;
thread_local size_t t_depth = 0;

} // namespace

bool readFast(const QByteArray &bytes, JsonReadContext &ctx, const std::function<void(const JsonReader &)> &read)
{
    std::unique_ptr<dom::parser> own;
    dom::parser *parser = nullptr;
    if (size_t(bytes.size()) > kKeptCapacity) {
        own = std::make_unique<dom::parser>();
        parser = own.get();
    } else {
        if (t_parsers.size() <= t_depth)
            t_parsers.push_back(std::make_unique<dom::parser>());
        parser = t_parsers[t_depth].get();
    }
    dom::element root;
    if (parser->parse(bytes.constData(), size_t(bytes.size())).get(root))
        return false;
    ++t_depth;
    const auto leave = qScopeGuard([] { --t_depth; });
    read(JsonReader(nodeOf(root), root.is_object(), ctx, QString()));
    return true;
}

} // namespace wci
