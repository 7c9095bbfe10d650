#include "timeline_model.h"

#include <QCoreApplication>
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
            parts.append(s.error.errorCode.isEmpty()
                             ? QCoreApplication::translate("wci::TimelineModel", "Created: failed")
                             : QCoreApplication::translate("wci::TimelineModel", "Created: failed with %1").arg(s.error.errorCode));
        else if (ev.name == eventName<CompensationPrepared>())
            parts.append(QCoreApplication::translate("wci::TimelineModel", "Prepared (attempt %1)").arg(s.retryState.retries));
        else if (ev.name == eventName<ExecutionFailedApplied>())
            parts.append(QCoreApplication::translate("wci::TimelineModel", "Failed again: %1").arg(s.error.errorCode));
        else if (ev.name == eventName<ExecutionSuccessApplied>())
            parts.append(QCoreApplication::translate("wci::TimelineModel", "Succeeded"));
        else if (ev.name == eventName<RetrySpecApplied>())
            parts.append(QCoreApplication::translate("wci::TimelineModel", "Retry spec set: max %1, backoff %2 s, timeout %3 s").arg(s.retrySpec.maxRetries)
                             .arg(s.retrySpec.minBackoff)
                             .arg(s.retrySpec.executionTimeout));
        else if (ev.name == eventName<RecoverableMarked>())
            parts.append(QCoreApplication::translate("wci::TimelineModel", "Marked %1").arg(enumName(s.recoverable)));
        else if (ev.name == eventName<FunctionChanged>())
            parts.append(QCoreApplication::translate("wci::TimelineModel", "Function changed to %1.%2").arg(s.function.processorName, s.function.name));
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
            t.what = QCoreApplication::translate("wci::TimelineModel", "Deleted");
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
    case Who: return t.who.isEmpty() ? QCoreApplication::translate("wci::TimelineModel", "(system)") : t.who;
    case Changes: return t.changes.join(u"; "_s);
    }
    return {};
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const names[] = {
        QT_TRANSLATE_NOOP("wci::TimelineModel", "Version"),
        QT_TRANSLATE_NOOP("wci::TimelineModel", "Time"),
        QT_TRANSLATE_NOOP("wci::TimelineModel", "What happened"),
        QT_TRANSLATE_NOOP("wci::TimelineModel", "After"),
        QT_TRANSLATE_NOOP("wci::TimelineModel", "Who"),
        QT_TRANSLATE_NOOP("wci::TimelineModel", "Changed"),
    };
    return QCoreApplication::translate("wci::TimelineModel", names[section]);
}

} // namespace wci
