#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>
#include <vector>

namespace wci {

// Streams compact JSON in the order fields are written. Wow's custom serializers
// (snapshot, event stream, state event) have a fixed field order that QJsonObject
// (sorted keys) cannot keep, and the engine stores exactly these bytes.
// Strings are escaped like Jackson: only '"', '\\' and control characters.
class JsonWriter {
public:
    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    JsonWriter &key(QLatin1StringView name);
    JsonWriter &key(const QString &name);

    JsonWriter &value(const QString &v);
    JsonWriter &value(QLatin1StringView v);
    JsonWriter &value(qint64 v);
    JsonWriter &value(int v) { return value(static_cast<qint64>(v)); }
    JsonWriter &value(bool v);
    JsonWriter &value(double v);
    JsonWriter &null();
    JsonWriter &value(const QJsonValue &v);
    JsonWriter &value(const QJsonObject &v);
    JsonWriter &value(const QJsonArray &v);
    JsonWriter &value(const std::optional<int> &v);
    // Inserts an already-encoded JSON value verbatim.
    JsonWriter &raw(const QByteArray &json);

    template <typename T>
    JsonWriter &field(QLatin1StringView name, const T &v)
    {
        key(name);
        return value(v);
    }
    // Writes a nested value type through its write(JsonWriter&) member.
    template <typename T>
    JsonWriter &object(QLatin1StringView name, const T &v)
    {
        key(name);
        v.write(*this);
        return *this;
    }
    template <typename T>
    JsonWriter &array(QLatin1StringView name, const std::vector<T> &items)
    {
        key(name);
        beginArray();
        for (const auto &item : items)
            item.write(*this);
        return endArray();
    }

    QByteArrayView bytes() const { return QByteArrayView(m_out.constData(), m_size); }
    QByteArray take()
    {
        m_out.truncate(m_size);
        m_size = 0;
        return std::move(m_out);
    }

private:
    void separator();
    // Room for n more bytes at the end (the array grows by doubling); the caller writes them
    // and moves m_size on. m_out's own size is the room it has; m_size, the bytes written.
    char *room(qsizetype n)
    {
        if (m_out.size() - m_size < n)
            grow(n);
        return m_out.data() + m_size;
    }
    void grow(qsizetype n);
    void put(char c) { *room(1) = c, ++m_size; }
    void put(QByteArrayView bytes);
    void putInteger(qint64 v);
    void putEscaped(QByteArrayView utf8);
    void putEscaped(QStringView text);
    QByteArray m_out;
    qsizetype m_size = 0;
    // One entry per open container: true once it holds an element.
    std::vector<bool> m_hasElement;
    bool m_afterKey = false;
};

// Encodes any type with write(JsonWriter&) to compact ordered JSON.
template <typename T>
QByteArray toJsonBytes(const T &v)
{
    JsonWriter w;
    v.write(w);
    return w.take();
}

// Convenience for tests and callers that want a QJsonObject (field order is lost).
QJsonObject parseObject(const QByteArray &json);

} // namespace wci
