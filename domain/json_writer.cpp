#include "json_writer.h"

#include <QJsonDocument>
#include <QStringEncoder>

#include <cmath>
#include <cstring>

namespace wci {

void JsonWriter::separator()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_hasElement.empty()) {
        if (m_hasElement.back())
            m_out.append(',');
        m_hasElement.back() = true;
    }
}

JsonWriter &JsonWriter::beginObject()
{
    separator();
    m_out.append('{');
    m_hasElement.push_back(false);
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    m_out.append('}');
    m_hasElement.pop_back();
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    separator();
    m_out.append('[');
    m_hasElement.push_back(false);
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    m_out.append(']');
    m_hasElement.pop_back();
    return *this;
}

JsonWriter &JsonWriter::key(QLatin1StringView name)
{
    separator();
    m_out.append('"');
    appendEscaped(m_out, QByteArrayView(name.data(), name.size()));
    m_out.append("\":");
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::key(const QString &name)
{
    separator();
    m_out.append('"');
    appendEscaped(m_out, QStringView(name));
    m_out.append("\":");
    m_afterKey = true;
    return *this;
}

void JsonWriter::appendEscaped(QByteArray &out, QByteArrayView utf8)
{
    static const char hex[] = "0123456789abcdef";
    // Written in place, after the length is counted (resize grows the array as appends do): a
    // stack trace escapes a line end on every line, and an append per piece cost a third of
    // encoding a document.
    const char *p = utf8.data();
    const char *const end = p + utf8.size();
    qsizetype length = utf8.size();
    for (const char *q = p; q < end; ++q) {
        const auto c = static_cast<unsigned char>(*q);
        if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f')
            length += 1;
        else if (c < 0x20)
            length += 5;
    }
    const qsizetype at = out.size();
    out.resize(at + length);
    char *o = out.data() + at;
    while (p < end) {
        // The run of characters that need no escape, copied at once.
        const char *run = p;
        while (p < end) {
            const auto c = static_cast<unsigned char>(*p);
            if (c < 0x20 || c == '"' || c == '\\')
                break;
            ++p;
        }
        if (p > run) {
            std::memcpy(o, run, size_t(p - run));
            o += p - run;
        }
        if (p == end)
            break;
        const auto c = static_cast<unsigned char>(*p++);
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        default:
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 0xF];
        }
    }
    Q_ASSERT(o == out.constData() + out.size());
}

void JsonWriter::appendEscaped(QByteArray &out, QStringView text)
{
    // Converted to UTF-8 a piece at a time on the stack (the encoder carries a surrogate pair
    // cut between two pieces), rather than into a new array for each string.
    constexpr qsizetype kPiece = 512;
    char utf8[kPiece * 3];
    QStringEncoder encoder(QStringEncoder::Utf8);
    for (qsizetype from = 0; from < text.size(); from += kPiece) {
        const char *end = encoder.appendToBuffer(utf8, text.sliced(from, std::min(kPiece, text.size() - from)));
        appendEscaped(out, QByteArrayView(utf8, end - utf8));
    }
}

JsonWriter &JsonWriter::value(const QString &v)
{
    separator();
    m_out.append('"');
    appendEscaped(m_out, QStringView(v));
    m_out.append('"');
    return *this;
}

JsonWriter &JsonWriter::value(QLatin1StringView v)
{
    separator();
    m_out.append('"');
    appendEscaped(m_out, QByteArrayView(v.data(), v.size()));
    m_out.append('"');
    return *this;
}

JsonWriter &JsonWriter::value(qint64 v)
{
    separator();
    m_out.append(QByteArray::number(v));
    return *this;
}

JsonWriter &JsonWriter::value(bool v)
{
    separator();
    m_out.append(v ? "true" : "false");
    return *this;
}

JsonWriter &JsonWriter::value(double v)
{
    separator();
    if (!std::isfinite(v)) {
        m_out.append("null");
    } else if (v == std::floor(v) && std::fabs(v) < 9007199254740992.0) {
        m_out.append(QByteArray::number(static_cast<qint64>(v)));
    } else {
        m_out.append(QByteArray::number(v, 'g', 17));
    }
    return *this;
}

JsonWriter &JsonWriter::null()
{
    separator();
    m_out.append("null");
    return *this;
}

JsonWriter &JsonWriter::value(const std::optional<int> &v)
{
    return v ? value(static_cast<qint64>(*v)) : null();
}

JsonWriter &JsonWriter::value(const QJsonObject &v)
{
    beginObject();
    for (auto it = v.begin(); it != v.end(); ++it) {
        key(it.key());
        value(it.value());
    }
    return endObject();
}

JsonWriter &JsonWriter::value(const QJsonArray &v)
{
    beginArray();
    for (const auto &item : v)
        value(item);
    return endArray();
}

JsonWriter &JsonWriter::value(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return null();
    case QJsonValue::Bool:
        return value(v.toBool());
    case QJsonValue::Double: {
        // Qt keeps integers that fit in qint64 exactly; write them as integers.
        const qint64 a = v.toInteger(0);
        const qint64 b = v.toInteger(1);
        if (a == b)
            return value(a);
        return value(v.toDouble());
    }
    case QJsonValue::String:
        return value(v.toString());
    case QJsonValue::Array:
        return value(v.toArray());
    case QJsonValue::Object:
        return value(v.toObject());
    }
    return null();
}

JsonWriter &JsonWriter::raw(const QByteArray &json)
{
    separator();
    m_out.append(json);
    return *this;
}

QJsonObject parseObject(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace wci
