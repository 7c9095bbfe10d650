#include "json_slicer.h"

namespace wci {

namespace {

qsizetype skipSpace(QByteArrayView s, qsizetype i)
{
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        ++i;
    return i;
}

// End (exclusive) of the JSON value starting at i, or -1.
qsizetype valueEnd(QByteArrayView s, qsizetype i)
{
    if (i >= s.size())
        return -1;
    if (s[i] == '"') {
        for (qsizetype j = i + 1; j < s.size(); ++j) {
            if (s[j] == '\\')
                ++j;
            else if (s[j] == '"')
                return j + 1;
        }
        return -1;
    }
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        for (qsizetype j = i; j < s.size(); ++j) {
            const char c = s[j];
            if (c == '"') {
                const qsizetype e = valueEnd(s, j);
                if (e < 0)
                    return -1;
                j = e - 1;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return j + 1;
            }
        }
        return -1;
    }
    qsizetype j = i;
    while (j < s.size() && s[j] != ',' && s[j] != ']' && s[j] != '}' && s[j] != ' ' && s[j] != '\n' && s[j] != '\r'
           && s[j] != '\t')
        ++j;
    return j > i ? j : -1;
}

} // namespace

std::optional<QList<QByteArray>> sliceArray(QByteArrayView json)
{
    qsizetype i = skipSpace(json, 0);
    if (i >= json.size() || json[i] != '[')
        return std::nullopt;
    QList<QByteArray> out;
    i = skipSpace(json, i + 1);
    if (i < json.size() && json[i] == ']')
        return out;
    while (i < json.size()) {
        const qsizetype end = valueEnd(json, i);
        if (end < 0)
            return std::nullopt;
        out.append(json.sliced(i, end - i).toByteArray());
        i = skipSpace(json, end);
        if (i < json.size() && json[i] == ',') {
            i = skipSpace(json, i + 1);
            continue;
        }
        if (i < json.size() && json[i] == ']')
            return out;
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<QByteArray> sliceMember(QByteArrayView json, QByteArrayView key)
{
    qsizetype i = skipSpace(json, 0);
    if (i >= json.size() || json[i] != '{')
        return std::nullopt;
    i = skipSpace(json, i + 1);
    while (i < json.size() && json[i] == '"') {
        const qsizetype keyEnd = valueEnd(json, i);
        if (keyEnd < 0)
            return std::nullopt;
        const QByteArrayView name = json.sliced(i + 1, keyEnd - i - 2);
        i = skipSpace(json, keyEnd);
        if (i >= json.size() || json[i] != ':')
            return std::nullopt;
        i = skipSpace(json, i + 1);
        const qsizetype end = valueEnd(json, i);
        if (end < 0)
            return std::nullopt;
        if (name == key)
            return json.sliced(i, end - i).toByteArray();
        i = skipSpace(json, end);
        if (i < json.size() && json[i] == ',')
            i = skipSpace(json, i + 1);
    }
    return std::nullopt;
}

} // namespace wci
