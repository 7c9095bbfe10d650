#pragma once

#include "domain_error.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QMap>
#include <QStringList>

#include <functional>
#include <optional>
#include <vector>

namespace wci {

enum class Presence { Required, Optional };

// Shared error sink for one decode; every problem is recorded with its field path.
struct JsonReadContext {
    QList<BindingError> errors;
};

// Strict reader over a JSON object: wrong types, missing required fields and unknown
// enum names are recorded against the field's dotted path; unknown fields are ignored
// (as Wow's mapper does). Nulls count as missing (Kotlin non-null fields reject them).
// It reads either a Qt JSON value or a node of a document parsed by decodeJsonBytes' faster
// parser; both read the same values (a field given twice reads as its last occurrence).
class JsonReader {
public:
    JsonReader(const QJsonValue &value, JsonReadContext &ctx, QString path);
    // A node of the faster parser's document (opaque here: see json_reader.cpp).
    struct FastNode {
        alignas(8) unsigned char bytes[16];
    };
    JsonReader(const FastNode &node, bool valid, JsonReadContext &ctx, QString path);

    const QString &path() const { return m_path; }
    bool isObject() const;
    // The object as a Qt JSON object (converted on first use when read from the faster parser).
    const QJsonObject &object() const;
    bool has(QLatin1StringView key) const;
    QString fieldPath(QLatin1StringView key) const;
    void fail(const QString &path, const QString &msg) const;

    QString string(QLatin1StringView key, Presence p = Presence::Required, const QString &def = {}) const;
    qint64 int64(QLatin1StringView key, Presence p = Presence::Required, qint64 def = 0) const;
    int int32(QLatin1StringView key, Presence p = Presence::Required, int def = 0) const;
    std::optional<int> optionalInt32(QLatin1StringView key) const;
    std::optional<QString> optionalString(QLatin1StringView key) const;
    bool boolean(QLatin1StringView key, Presence p = Presence::Required, bool def = false) const;
    QJsonValue raw(QLatin1StringView key) const;
    QJsonObject jsonObject(QLatin1StringView key, Presence p = Presence::Optional) const;
    // An object field as compact JSON text ("{}" when it is missing or not an object, which is
    // recorded as jsonObject() records it). From the faster parser its members keep their order.
    QByteArray compactObject(QLatin1StringView key, Presence p = Presence::Optional) const;
    QStringList stringList(QLatin1StringView key, Presence p = Presence::Optional) const;
    QMap<QString, QString> stringMap(QLatin1StringView key, Presence p = Presence::Optional) const;
    QMap<QString, QStringList> stringListMap(QLatin1StringView key, Presence p = Presence::Optional) const;

    // A nested reader; when the field is missing and required, an error is recorded and
    // the returned reader yields defaults without further errors.
    JsonReader child(QLatin1StringView key, Presence p = Presence::Required) const;

    template <typename E>
    E enumeration(QLatin1StringView key, Presence p, E def, std::optional<E> (*parse)(QStringView),
                  const QStringList &allowed) const
    {
        const std::optional<QString> v = enumName(key, p, allowed);
        if (!v)
            return def;
        if (auto e = parse(*v))
            return *e;
        fail(fieldPath(key), QStringLiteral("unknown value \"") + *v + QStringLiteral("\"; must be one of ")
                                 + allowed.join(QStringLiteral(", ")));
        return def;
    }

    template <typename T>
    T nested(QLatin1StringView key, Presence p = Presence::Required) const
    {
        const JsonReader r = child(key, p);
        return r.isObject() ? T::read(r) : T{};
    }

    template <typename T>
    std::optional<T> optionalNested(QLatin1StringView key) const
    {
        if (!has(key))
            return std::nullopt;
        const JsonReader r = child(key, Presence::Required);
        if (!r.isObject())
            return std::nullopt;
        return T::read(r);
    }

    // Calls `each` with a reader for every element of the array field (recorded when it is
    // required and missing, or not an array).
    void elements(QLatin1StringView key, Presence p, const std::function<void(const JsonReader &)> &each) const;

    template <typename T>
    std::vector<T> list(QLatin1StringView key, Presence p = Presence::Optional) const
    {
        std::vector<T> out;
        elements(key, p, [&](const JsonReader &r) {
            if (!r.isObject()) {
                r.fail(r.path(), QStringLiteral("must be an object"));
                return;
            }
            out.push_back(T::read(r));
        });
        return out;
    }

private:
    void missing(QLatin1StringView key) const;
    // The field's text when it is a string; nullopt when missing (recorded when required) or
    // not a string (recorded as "must be one of" the allowed names).
    std::optional<QString> enumName(QLatin1StringView key, Presence p, const QStringList &allowed) const;

    // The field's value; nullopt when it is missing or null (recorded when it is required).
    std::optional<QJsonValue> present(QLatin1StringView key, Presence p) const;

    // The field converted by convert; def when it is missing or convert gives nullopt (a wrong
    // type, recorded as "must be <expected>").
    template <typename T, typename Convert>
    T typedValue(QLatin1StringView key, Presence p, T def, const char *expected, Convert convert) const;
    template <typename T, typename Convert>
    T fastValue(QLatin1StringView key, Presence p, T def, const char *expected, Convert convert) const;
    QJsonArray array(QLatin1StringView key, Presence p, const char *expected) const;
    // From the faster parser: the object (array) field's node, recorded as jsonObject()
    // (array()) records it.
    std::optional<FastNode> fastObjectField(QLatin1StringView key, Presence p) const;
    std::optional<FastNode> fastArrayField(QLatin1StringView key, Presence p, const char *expected) const;

    QJsonValue m_value;
    mutable QJsonObject m_object;
    JsonReadContext &m_ctx;
    QString m_path;
    FastNode m_node{};
    bool m_fast = false;      // reads m_node
    bool m_valid = false;     // m_node is an object (when m_fast)
    mutable bool m_converted = false; // m_object holds m_node's conversion
};

DomainError decodeError(const QString &typeName, const QList<BindingError> &errors);

// Decodes a JSON value into T through T::read(const JsonReader&).
template <typename T>
Result<T> decodeJson(const QJsonValue &value, const QString &typeName)
{
    JsonReadContext ctx;
    const JsonReader r(value, ctx, QString());
    if (!r.isObject()) {
        ctx.errors.append({QStringLiteral("$"), QStringLiteral("must be a JSON object")});
        return decodeError(typeName, ctx.errors);
    }
    T out = T::read(r);
    if (!ctx.errors.isEmpty())
        return decodeError(typeName, ctx.errors);
    return out;
}

// Parses bytes first; syntax errors become IllegalArgument with the parser's message.
Result<QJsonValue> parseJsonBytes(const QByteArray &bytes);

// Runs `read` on a reader of the document in `bytes` parsed by the faster parser when it can
// parse it (else returns false and does not call it). Reentrant.
bool readFast(const QByteArray &bytes, JsonReadContext &ctx, const std::function<void(const JsonReader &)> &read);

// Decodes JSON text into T. A document the faster parser reads without any error is decoded
// from it; anything else (a syntax error, a field in error) is decoded again through Qt's
// parser, so errors and their messages are Qt's and the reader's as they always were.
template <typename T>
Result<T> decodeJsonBytes(const QByteArray &bytes, const QString &typeName)
{
    {
        JsonReadContext ctx;
        std::optional<T> out;
        const bool parsed = readFast(bytes, ctx, [&](const JsonReader &r) {
            if (r.isObject())
                out = T::read(r);
        });
        if (parsed && out && ctx.errors.isEmpty())
            return *std::move(out);
    }
    auto v = parseJsonBytes(bytes);
    if (!v)
        return v.error();
    return decodeJson<T>(*v, typeName);
}

} // namespace wci
