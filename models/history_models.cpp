#include "history_models.h"

#include "failure_text.h"

#include <QBrush>
#include <QFont>
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

// ---------------------------------------------------------------------------------------------

void EventStreamModel::setStreams(const QList<Document> &streams)
{
    beginResetModel();
    m_rows.clear();
    for (const auto &d : streams) {
        Row r;
        r.json = d.json;
        if (auto s = d.as<DomainEventStream>())
            r.stream = std::move(*s);
        else
            r.stream.version = d.object().value("version"_L1).toInt();
        m_rows.append(std::move(r));
    }
    endResetModel();
}

void EventStreamModel::setUtc(bool utc)
{
    m_utc = utc;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, Time), index(rowCount() - 1, Time));
}

int EventStreamModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventStreamModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

static QString headerText(const QMap<QString, QString> &header)
{
    QStringList parts;
    for (auto it = header.begin(); it != header.end(); ++it)
        parts.append(it.key() + u'=' + it.value());
    return parts.join(u", "_s);
}

QVariant EventStreamModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &r = m_rows.at(index.row());
    const DomainEventStream &s = r.stream;
    if (role == JsonRole)
        return prettyJson(r.json);
    if (role == RawValueRole) {
        switch (index.column()) {
        case Version: return s.version;
        case Time: return s.createTime;
        default: break;
        }
    }
    if (role != Qt::DisplayRole && role != RawValueRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Version: return s.version;
    case Time: return formatDateTime(s.createTime, m_utc);
    case Events: {
        QStringList names;
        for (const auto &e : s.body)
            names.append(e.name);
        return names.join(u", "_s);
    }
    case CommandId: return s.commandId;
    case RequestId: return s.requestId;
    case Operator: return s.header.value(u"command_operator"_s);
    case Header: return headerText(s.header);
    }
    return {};
}

QVariant EventStreamModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const names[] = {"Version", "Time", "Events", "Command id", "Request id", "Operator", "Header"};
    return QString::fromLatin1(names[section]);
}

// ---------------------------------------------------------------------------------------------

static QString describeStep(const StateEvent &e)
{
    QStringList parts;
    const ExecutionFailedState &s = e.state;
    for (const auto &ev : e.body) {
        if (ev.name == u"execution_failed_created")
            parts.append(u"Created: failed with %1"_s.arg(s.error.errorCode.isEmpty() ? u"an error"_s : s.error.errorCode));
        else if (ev.name == u"compensation_prepared")
            parts.append(u"Prepared (attempt %1)"_s.arg(s.retryState.retries));
        else if (ev.name == u"execution_failed_applied")
            parts.append(u"Failed again: %1"_s.arg(s.error.errorCode));
        else if (ev.name == u"execution_success_applied")
            parts.append(u"Succeeded"_s);
        else if (ev.name == u"retry_spec_applied")
            parts.append(u"Retry spec set: max %1, backoff %2 s, timeout %3 s"_s.arg(s.retrySpec.maxRetries)
                             .arg(s.retrySpec.minBackoff)
                             .arg(s.retrySpec.executionTimeout));
        else if (ev.name == u"recoverable_marked")
            parts.append(u"Marked %1"_s.arg(enumName(s.recoverable)));
        else if (ev.name == u"function_changed")
            parts.append(u"Function changed to %1.%2"_s.arg(s.function.processorName, s.function.name));
        else
            parts.append(describeEventName(ev.name));
    }
    return parts.join(u"; "_s);
}

Snapshot snapshotFromStateEvent(const StateEvent &e)
{
    Snapshot s;
    s.contextName = e.contextName;
    s.aggregateName = e.aggregateName;
    s.aggregateId = e.aggregateId;
    s.tenantId = e.tenantId;
    s.ownerId = e.ownerId;
    s.spaceId = e.spaceId;
    s.version = e.version;
    s.eventId = e.id;
    s.firstOperator = e.firstOperator;
    s.operatorName = e.header.value(u"command_operator"_s);
    s.firstEventTime = e.firstEventTime;
    s.eventTime = e.createTime;
    s.state = e.state;
    s.snapshotTime = e.createTime;
    s.tags = e.tags;
    s.deleted = e.deleted;
    return s;
}

QList<TimelineEntry> buildTimeline(const QList<StateEvent> &tracing, bool utc)
{
    QList<TimelineEntry> out;
    std::optional<QList<QPair<QString, QString>>> previousFields;
    qint64 previousTime = -1;
    for (const auto &e : tracing) {
        TimelineEntry t;
        t.version = e.version;
        t.time = e.createTime;
        t.what = describeStep(e);
        if (e.deleted && t.what.isEmpty())
            t.what = u"Deleted"_s;
        t.sincePrevious = previousTime < 0 ? -1 : e.createTime - previousTime;
        t.who = e.header.value(u"command_operator"_s);
        auto fields = flattenJson(e.state.toJson());
        fields.append({u"deleted"_s, e.deleted ? u"true"_s : u"false"_s});
        if (previousFields) {
            QHash<QString, QString> before;
            for (const auto &[k, v] : *previousFields)
                before.insert(k, v);
            for (const auto &[k, v] : fields) {
                const auto it = before.constFind(k);
                const QString old = it == before.constEnd() ? QString() : *it;
                if (old != v) {
                    const auto shown = [&](const QString &x) {
                        return readableValue(k, x, utc).section(u" ("_s, 0, 0).section(u'\n', 0, 0).left(80);
                    };
                    t.changes.append(u"%1: %2 → %3"_s.arg(k, old.isNull() ? u"—"_s : shown(old), shown(v)));
                }
            }
        }
        previousFields = std::move(fields);
        previousTime = e.createTime;
        out.append(std::move(t));
    }
    return out;
}

void TimelineModel::setEntries(const QList<TimelineEntry> &entries)
{
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

void TimelineModel::setUtc(bool utc)
{
    m_utc = utc;
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, Time), index(rowCount() - 1, Time));
}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int TimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const TimelineEntry &t = m_entries.at(index.row());
    if (role == Qt::ToolTipRole && index.column() == Changes)
        return t.changes.join(u'\n');
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Version: return t.version;
    case Time: return formatDateTime(t.time, m_utc);
    case What: return t.what;
    case After: return t.sincePrevious < 0 ? QString() : u"+"_s + formatDuration(t.sincePrevious);
    case Who: return t.who.isEmpty() ? u"(system)"_s : t.who;
    case Changes: return t.changes.join(u"; "_s);
    }
    return {};
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const names[] = {"Version", "Time", "What happened", "After", "Who", "Changed"};
    return QString::fromLatin1(names[section]);
}

// ---------------------------------------------------------------------------------------------

void StateDiffModel::setStates(const QJsonObject &current, const std::optional<QJsonObject> &previous)
{
    m_all.clear();
    QHash<QString, QString> before;
    QStringList beforeOrder;
    if (previous) {
        for (const auto &[k, v] : flattenJson(*previous)) {
            before.insert(k, v);
            beforeOrder.append(k);
        }
    }
    QSet<QString> seen;
    for (const auto &[k, v] : flattenJson(current)) {
        Row r;
        r.path = k;
        r.value = v;
        const auto it = before.constFind(k);
        r.previous = it == before.constEnd() ? QString() : *it;
        r.changed = previous && (it == before.constEnd() || *it != v);
        seen.insert(k);
        m_all.append(r);
    }
    for (const auto &k : beforeOrder) {
        if (!seen.contains(k))
            m_all.append(Row{k, QString(), before.value(k), true});
    }
    rebuild();
}

void StateDiffModel::setUtc(bool utc)
{
    m_utc = utc;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, Value), index(rowCount() - 1, Previous));
}

void StateDiffModel::setOnlyChanges(bool only)
{
    m_onlyChanges = only;
    rebuild();
}

void StateDiffModel::rebuild()
{
    beginResetModel();
    m_rows.clear();
    for (const auto &r : m_all) {
        if (!m_onlyChanges || r.changed)
            m_rows.append(r);
    }
    endResetModel();
}

int StateDiffModel::changedCount() const
{
    return int(std::count_if(m_all.begin(), m_all.end(), [](const Row &r) { return r.changed; }));
}

QString StateDiffModel::valueOf(const QString &path) const
{
    for (const auto &r : m_all) {
        if (r.path == path)
            return r.value;
    }
    return {};
}

int StateDiffModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StateDiffModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StateDiffModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case ChangedRole:
        return r.changed;
    case Qt::FontRole:
        if (r.changed) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::BackgroundRole:
        return r.changed ? QVariant(QBrush(QColor(255, 243, 205))) : QVariant();
    case Qt::ToolTipRole:
    case Qt::DisplayRole:
        switch (index.column()) {
        case Field: return r.path;
        case Value: return r.value.isNull() ? u"(removed)"_s : readableValue(r.path, r.value, m_utc);
        case Previous:
            return r.changed ? (r.previous.isNull() ? u"(absent)"_s : readableValue(r.path, r.previous, m_utc)) : QString();
        }
        return {};
    default:
        return {};
    }
}

QVariant StateDiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const names[] = {"Field", "Value", "Before"};
    return QString::fromLatin1(names[section]);
}

} // namespace wci
