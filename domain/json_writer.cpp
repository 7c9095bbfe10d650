#include "json_writer.h"

#include <QJsonDocument>
#include <QStringEncoder>

#include <algorithm>
#include <array>
#include <charconv>
#include <bit>
#include <cmath>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace wci {

namespace {

// The bytes a character adds when escaped: 1 for \" \\ \n \r \t \b \f, 5 for the other
// control characters (\u00XX), none for the rest.
constexpr std::array<unsigned char, 256> kEscapeExtra = [] {
    std::array<unsigned char, 256> extra{};
    for (int c = 0; c < 0x20; ++c)
        extra[size_t(c)] = 5;
    for (char c : {'"', '\\', '\n', '\r', '\t', '\b', '\f'})
        extra[size_t(static_cast<unsigned char>(c))] = 1;
    return extra;
}();

#if defined(__SSE2__)
// Of the 16 bytes at p, those that need an escape (a bit each).
inline unsigned specialsIn(const char *p)
{
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
    const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(b, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F)); // b <= 0x1F
    const __m128i quote = _mm_cmpeq_epi8(b, _mm_set1_epi8('"'));
    const __m128i backslash = _mm_cmpeq_epi8(b, _mm_set1_epi8('\\'));
    return unsigned(_mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash))));
}
#endif

// The first character from p on that needs an escape, or end. (A stack trace escapes a line
// end and a tab on every line: the runs between are found 16 bytes at a time where the
// processor can.)
const char *firstSpecial(const char *p, const char *end)
{
#if defined(__SSE2__)
    for (; end - p >= 16; p += 16) {
        if (const unsigned m = specialsIn(p))
            return p + std::countr_zero(m);
    }
#endif
    while (p < end && kEscapeExtra[static_cast<unsigned char>(*p)] == 0)
        ++p;
    return p;
}

// The bytes the escapes of [p, end) add.
qsizetype escapesLength(const char *p, const char *end)
{
    qsizetype extra = 0;
#if defined(__SSE2__)
    for (; end - p >= 16; p += 16) {
        for (unsigned m = specialsIn(p); m; m &= m - 1)
            extra += kEscapeExtra[static_cast<unsigned char>(p[std::countr_zero(m)])];
    }
#endif
    for (; p < end; ++p)
        extra += kEscapeExtra[static_cast<unsigned char>(*p)];
    return extra;
}

// Writes [p, end) escaped at o, which has room for it; gives the end of what it wrote.
char *escapeInto(char *o, const char *p, const char *end)
{
    static const char hex[] = "0123456789abcdef";
    while (p < end) {
        const char *run = p; // characters that need no escape, copied at once
        p = firstSpecial(p, end);
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
    return o;
}

// Short text (keys, ids, names) is given room for its worst case and written in one pass;
// longer text is counted first (a stack trace would need six times its size).
constexpr qsizetype kShortText = 128;

// Text is converted to UTF-8 a piece at a time on the stack (the encoder carries a surrogate
// pair cut between two pieces), rather than into a new array for each string.
constexpr qsizetype kPiece = 512;

template <typename Put>
void forEachUtf8Piece(QStringView text, Put put)
{
    char utf8[kPiece * 3];
    QStringEncoder encoder(QStringEncoder::Utf8);
    for (qsizetype from = 0; from < text.size(); from += kPiece) {
        const char *end = encoder.appendToBuffer(utf8, text.sliced(from, std::min(kPiece, text.size() - from)));
        put(QByteArrayView(utf8, end - utf8));
    }
}

} // namespace

void JsonWriter::separator()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_hasElement.empty()) {
        if (m_hasElement.back())
            put(',');
        m_hasElement.back() = true;
    }
}

JsonWriter &JsonWriter::beginObject()
{
    separator();
    put('{');
    m_hasElement.push_back(false);
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    put('}');
    m_hasElement.pop_back();
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    separator();
    put('[');
    m_hasElement.push_back(false);
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    put(']');
    m_hasElement.pop_back();
    return *this;
}

JsonWriter &JsonWriter::key(QLatin1StringView name)
{
    separator();
    const char *p = name.data();
    const qsizetype n = name.size();
    if (n <= kShortText && firstSpecial(p, p + n) == p + n) { // a name of this code: nothing to escape
        char *o = room(n + 3);
        *o++ = '"';
        std::memcpy(o, p, size_t(n));
        o[n] = '"';
        o[n + 1] = ':';
        m_size += n + 3;
    } else {
        put('"');
        putEscaped(QByteArrayView(p, n));
        put("\":");
    }
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::key(const QString &name)
{
    separator();
    put('"');
    putEscaped(QStringView(name));
    put("\":");
    m_afterKey = true;
    return *this;
}

void JsonWriter::grow(qsizetype n)
{
    // resize leaves the new bytes as they are: nothing is written twice.
    // (A document of a failure is a kilobyte or more: it starts with room for one.)
    m_out.resize(std::max({m_size + n, 2 * m_out.size(), qsizetype(1024)}));
}

void JsonWriter::put(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return;
    std::memcpy(room(bytes.size()), bytes.data(), size_t(bytes.size()));
    m_size += bytes.size();
}

void JsonWriter::putInteger(qint64 v)
{
    char *const at = room(20); // the longest: -9223372036854775808
    m_size += std::to_chars(at, at + 20, v).ptr - at;
}

void JsonWriter::putEscaped(QByteArrayView utf8)
{
    const char *p = utf8.data();
    const char *const end = p + utf8.size();
    const qsizetype worst = utf8.size() <= kShortText ? 6 * utf8.size() : utf8.size() + escapesLength(p, end);
    char *const at = room(worst);
    const qsizetype written = escapeInto(at, p, end) - at;
    if (written > worst) // a count that missed an escape: stop rather than write on past the room
        qFatal("JSON escaping wrote %lld bytes into room for %lld", qint64(written), qint64(worst));
    m_size += written;
}

void JsonWriter::putEscaped(QStringView text)
{
    // Ids and names: ASCII with nothing to escape, written as they are read.
    if (text.size() <= kShortText) {
        char *const at = room(text.size());
        qsizetype i = 0;
        for (; i < text.size(); ++i) {
            const char16_t u = text[i].unicode();
            if (u >= 0x80 || kEscapeExtra[u] != 0)
                break;
            at[i] = char(u);
        }
        if (i == text.size()) {
            m_size += i;
            return;
        }
    }
    forEachUtf8Piece(text, [this](QByteArrayView utf8) { putEscaped(utf8); });
}

JsonWriter &JsonWriter::value(const QString &v)
{
    separator();
    put('"');
    putEscaped(QStringView(v));
    put('"');
    return *this;
}

JsonWriter &JsonWriter::value(QLatin1StringView v)
{
    separator();
    put('"');
    putEscaped(QByteArrayView(v.data(), v.size()));
    put('"');
    return *this;
}

JsonWriter &JsonWriter::value(qint64 v)
{
    separator();
    putInteger(v);
    return *this;
}

JsonWriter &JsonWriter::value(bool v)
{
    separator();
    put(v ? "true" : "false");
    return *this;
}

JsonWriter &JsonWriter::value(double v)
{
    separator();
    if (!std::isfinite(v)) {
        put("null");
    } else if (v == std::floor(v) && std::fabs(v) < 9007199254740992.0) {
        putInteger(static_cast<qint64>(v));
    } else {
        put(QByteArray::number(v, 'g', 17));
    }
    return *this;
}

JsonWriter &JsonWriter::null()
{
    separator();
    put("null");
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
    put(json);
    return *this;
}

QJsonObject parseObject(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace wci
