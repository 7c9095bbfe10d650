#include "failure_text.h"

#include <QCoreApplication>

#include "events.h"

#include <QDateTime>
#include <QTimeZone>

namespace wci {

using namespace Qt::StringLiterals;

QString formatDateTime(qint64 epochMs, bool utc)
{
    if (epochMs == 0)
        return u"—"_s;
    const QDateTime t = utc ? QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC) : QDateTime::fromMSecsSinceEpoch(epochMs);
    return t.toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

QString formatDuration(qint64 ms)
{
    ms = std::abs(ms);
    if (ms < 1000)
        return u"%1 ms"_s.arg(ms);
    const qint64 s = ms / 1000;
    if (s < 60)
        return u"%1s"_s.arg(s);
    if (s < 3600)
        return s % 60 ? u"%1m %2s"_s.arg(s / 60).arg(s % 60) : u"%1m"_s.arg(s / 60);
    if (s < 86400)
        return (s % 3600) / 60 ? u"%1h %2m"_s.arg(s / 3600).arg((s % 3600) / 60) : u"%1h"_s.arg(s / 3600);
    return (s % 86400) / 3600 ? u"%1d %2h"_s.arg(s / 86400).arg((s % 86400) / 3600) : u"%1d"_s.arg(s / 86400);
}

QString formatRelative(qint64 epochMs, qint64 now)
{
    const qint64 d = epochMs - now;
    if (std::abs(d) < 1000)
        return u"now"_s;
    return d > 0 ? u"in "_s + formatDuration(d) : formatDuration(d) + u" ago"_s;
}

StatusBadge statusBadgeOf(const ExecutionFailedState &s, bool deleted, qint64 now)
{
    if (deleted)
        return StatusBadge::Deleted;
    switch (s.status) {
    case ExecutionFailedStatus::Failed: return StatusBadge::Failed;
    case ExecutionFailedStatus::Prepared: return s.isTimedOut(now) ? StatusBadge::TimedOut : StatusBadge::Executing;
    case ExecutionFailedStatus::Succeeded: return StatusBadge::Succeeded;
    }
    return StatusBadge::Failed;
}

QString badgeText(StatusBadge badge)
{
    switch (badge) {
    case StatusBadge::Failed: return enumName(ExecutionFailedStatus::Failed);
    // Wow's status words, with what they mean now where one word is not enough.
    case StatusBadge::Executing: return enumName(ExecutionFailedStatus::Prepared);
    case StatusBadge::TimedOut: return enumName(ExecutionFailedStatus::Prepared) + u" · TIMED OUT"_s;
    case StatusBadge::Succeeded: return enumName(ExecutionFailedStatus::Succeeded);
    case StatusBadge::Deleted: return u"DELETED"_s;
    }
    return {};
}

QString statusBadge(const ExecutionFailedState &s, bool deleted, qint64 now)
{
    return badgeText(statusBadgeOf(s, deleted, now));
}

QString describeNextStep(const ExecutionFailedState &s, bool deleted, qint64 now)
{
    if (deleted)
        return u"Deleted: it only shows under Deleted, and nothing runs it until it is recovered."_s;
    if (s.status == ExecutionFailedStatus::Succeeded)
        return u"Succeeded: nothing left to do."_s;
    if (s.recoverable == RecoverableType::Unrecoverable)
        return u"Marked unrecoverable: the scheduler leaves it alone. Mark it recoverable to let it retry."_s;
    QString prefix;
    if (s.status == ExecutionFailedStatus::Prepared) {
        if (!s.isTimedOut(now)) {
            return u"Executing: attempt %1 started %2, times out %3."_s.arg(s.retryState.retries)
                .arg(formatRelative(s.retryState.retryAt, now), formatRelative(s.retryState.timeoutAt, now));
        }
        prefix = u"Attempt %1 timed out %2. "_s.arg(s.retryState.retries).arg(formatRelative(s.retryState.timeoutAt, now));
    }
    if (!s.isBelowRetryThreshold()) {
        return prefix + u"Retry limit reached: %1 / %2 — use Force retry or raise the limit."_s.arg(s.retryState.retries)
                            .arg(s.retrySpec.maxRetries);
    }
    if (now >= s.retryState.nextRetryAt)
        return prefix + u"Due: the scheduler retries it on its next round (it was due %1)."_s.arg(formatRelative(s.retryState.nextRetryAt, now));
    return prefix + u"Next retry %1 (retry %2 of %3)."_s.arg(formatRelative(s.retryState.nextRetryAt, now))
                        .arg(s.retryState.retries + 1)
                        .arg(s.retrySpec.maxRetries);
}

QString describeEventName(const QString &name)
{
    if (name == eventName<ExecutionFailedCreated>()) return u"Created (failed)"_s;
    if (name == eventName<CompensationPrepared>()) return u"Prepared"_s;
    if (name == eventName<ExecutionSuccessApplied>()) return u"Succeeded"_s;
    if (name == eventName<ExecutionFailedApplied>()) return u"Failed"_s;
    if (name == eventName<RetrySpecApplied>()) return u"Retry spec changed"_s;
    if (name == eventName<RecoverableMarked>()) return u"Recoverable marked"_s;
    if (name == eventName<FunctionChanged>()) return u"Function changed"_s;
    if (name == eventName<AggregateDeleted>()) return u"Deleted"_s;
    if (name == eventName<AggregateRecovered>()) return u"Recovered"_s;
    return name;
}

QString describeEngineError(const EngineError &e)
{
    switch (e.reach) {
    case EngineError::Reach::NotReached:
        return QCoreApplication::translate("wci", "Could not reach the server: %1 Nothing was sent, so nothing changed.")
            .arg(e.errorMsg);
    case EngineError::Reach::NoAnswer:
        return QCoreApplication::translate("wci", "The server did not answer: %1 It may or may not have acted; "
                                                  "refresh to see before trying again.")
            .arg(e.errorMsg);
    case EngineError::Reach::Answered:
        break;
    }
    return QCoreApplication::translate("wci", "The engine refused it: %1 — %2").arg(e.errorCode, e.errorMsg);
}

} // namespace wci
