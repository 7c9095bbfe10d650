#include "json_text.h"

#include "failure_text.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace wci {

using namespace Qt::StringLiterals;

QString prettyJson(const QByteArray &json)
{
    QByteArray out;
    out.reserve(json.size() * 2);
    int depth = 0;
    bool inString = false;
    auto newline = [&] {
        out.append('\n');
        out.append(QByteArray(depth * 2, ' '));
    };
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json.at(i);
        if (inString) {
            out.append(c);
            if (c == '\\' && i + 1 < json.size())
                out.append(json.at(++i));
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            out.append(c);
            break;
        case '{':
        case '[': {
            // Keep empty containers on one line.
            qsizetype j = i + 1;
            while (j < json.size() && (json.at(j) == ' ' || json.at(j) == '\n' || json.at(j) == '\t' || json.at(j) == '\r'))
                ++j;
            if (j < json.size() && json.at(j) == (c == '{' ? '}' : ']')) {
                out.append(c).append(json.at(j));
                i = j;
                break;
            }
            out.append(c);
            ++depth;
            newline();
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out.append(c);
            break;
        case ',':
            out.append(c);
            newline();
            break;
        case ':':
            out.append(": ");
            break;
        case ' ':
        case '\n':
        case '\r':
        case '\t':
            break;
        default:
            out.append(c);
        }
    }
    return QString::fromUtf8(out);
}

static QString valueText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return u"null"_s;
    case QJsonValue::Bool: return v.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == double(qint64(d)))
            return QString::number(qint64(d));
        return QString::number(d, 'g', 17);
    }
    case QJsonValue::String: return v.toString();
    case QJsonValue::Array: return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object: return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    default: return {};
    }
}

static void flattenInto(const QJsonObject &o, const QString &prefix, QList<QPair<QString, QString>> &out)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString path = prefix.isEmpty() ? it.key() : prefix + u'.' + it.key();
        if (it->isObject() && !it->toObject().isEmpty())
            flattenInto(it->toObject(), path, out);
        else
            out.append({path, valueText(*it)});
    }
}

QString readableValue(const QString &path, const QString &value, bool utc)
{
    const QString leaf = path.section(u'.', -1);
    if (!leaf.endsWith(u"At"_s) && !leaf.endsWith(u"Time"_s))
        return value;
    bool ok = false;
    const qint64 ms = value.toLongLong(&ok);
    if (!ok || ms < 100000000000LL) // not epoch milliseconds
        return value;
    return u"%1 (%2)"_s.arg(formatDateTime(ms, utc), value);
}

QList<QPair<QString, QString>> flattenJson(const QJsonObject &object)
{
    QList<QPair<QString, QString>> out;
    flattenInto(object, {}, out);
    return out;
}

} // namespace wci
