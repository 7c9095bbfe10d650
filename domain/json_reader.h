#pragma once

#include "domain_error.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QMap>
#include <QStringList>

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
class JsonReader {
public:
    JsonReader(const QJsonValue &value, JsonReadContext &ctx, QString path);

    const QString &path() const { return m_path; }
    bool isObject() const { return m_value.isObject(); }
    const QJsonObject &object() const { return m_object; }
    bool has(QLatin1StringView key) const;
    QString fieldPath(QLatin1StringView key) const;
    void fail(const QString &path, const QString &msg) const;

    QString string(QLatin1StringView key, Presence p = Presence::Required, const QString &def = {}) const;
    qint64 int64(QLatin1StringView key, Presence p = Presence::Required, qint64 def = 0) const;
    int int32(QLatin1StringView key, Presence p = Presence::Required, int def = 0) const;
    std::optional<int> optionalInt32(QLatin1StringView key) const;
    std::optional<QString> optionalString(QLatin1StringView key) const;
    bool boolean(QLatin1StringView key, Presence p = Presence::Required, bool def = false) const;
    QJsonValue raw(QLatin1StringView key) const { return m_object.value(key); }
    QJsonObject jsonObject(QLatin1StringView key, Presence p = Presence::Optional) const;
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
        const auto v = present(key, p);
        if (!v)
            return def;
        if (!v->isString()) {
            fail(fieldPath(key), QStringLiteral("must be one of ") + allowed.join(QStringLiteral(", ")));
            return def;
        }
        if (auto e = parse(v->toString()))
            return *e;
        fail(fieldPath(key), QStringLiteral("unknown value \"") + v->toString() + QStringLiteral("\"; must be one of ")
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

    template <typename T>
    std::vector<T> list(QLatin1StringView key, Presence p = Presence::Optional) const
    {
        std::vector<T> out;
        const QJsonArray arr = array(key, p, "an array");
        out.reserve(arr.size());
        for (qsizetype i = 0; i < arr.size(); ++i) {
            const JsonReader r(arr.at(i), m_ctx, fieldPath(key) + u'[' + QString::number(i) + u']');
            if (!r.isObject()) {
                r.fail(r.path(), QStringLiteral("must be an object"));
                continue;
            }
            out.push_back(T::read(r));
        }
        return out;
    }

private:
    void missing(QLatin1StringView key) const;

    // The field's value; nullopt when it is missing or null (recorded when it is required).
    std::optional<QJsonValue> present(QLatin1StringView key, Presence p) const;

    // The field converted by convert; def when it is missing or convert gives nullopt (a wrong
    // type, recorded as "must be <expected>").
    template <typename T, typename Convert>
    T typedValue(QLatin1StringView key, Presence p, T def, const char *expected, Convert convert) const;
    QJsonArray array(QLatin1StringView key, Presence p, const char *expected) const;

    QJsonValue m_value;
    QJsonObject m_object;
    JsonReadContext &m_ctx;
    QString m_path;
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

template <typename T>
Result<T> decodeJsonBytes(const QByteArray &bytes, const QString &typeName)
{
    auto v = parseJsonBytes(bytes);
    if (!v)
        return v.error();
    return decodeJson<T>(*v, typeName);
}

} // namespace wci
