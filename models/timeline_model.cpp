#include "timeline_model.h"

#include "events.h"
#include "failure_text.h"
#include "json_text.h"

#include <QHash>

#include <optional>

namespace wci {

using namespace Qt::StringLiterals;

static QString describeStep(const StateEvent &e)
{
    QStringList parts;
    const ExecutionFailedState &s = e.state;
    for (const auto &ev : e.body) {
        if (ev.name == eventName<ExecutionFailedCreated>())
            parts.append(u"Created: failed with %1"_s.arg(s.error.errorCode.isEmpty() ? u"an error"_s : s.error.errorCode));
        else if (ev.name == eventName<CompensationPrepared>())
            parts.append(u"Prepared (attempt %1)"_s.arg(s.retryState.retries));
        else if (ev.name == eventName<ExecutionFailedApplied>())
            parts.append(u"Failed again: %1"_s.arg(s.error.errorCode));
        else if (ev.name == eventName<ExecutionSuccessApplied>())
            parts.append(u"Succeeded"_s);
        else if (ev.name == eventName<RetrySpecApplied>())
            parts.append(u"Retry spec set: max %1, backoff %2 s, timeout %3 s"_s.arg(s.retrySpec.maxRetries)
                             .arg(s.retrySpec.minBackoff)
                             .arg(s.retrySpec.executionTimeout));
        else if (ev.name == eventName<RecoverableMarked>())
            parts.append(u"Marked %1"_s.arg(enumName(s.recoverable)));
        else if (ev.name == eventName<FunctionChanged>())
            parts.append(u"Function changed to %1.%2"_s.arg(s.function.processorName, s.function.name));
        else
            parts.append(describeEventName(ev.name));
    }
    return parts.join(u"; "_s);
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

} // namespace wci
