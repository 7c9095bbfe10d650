#include "failure_text.h"

#include <QCoreApplication>

#include "events.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

namespace wci {

using namespace Qt::StringLiterals;

// The locale's short date (with a four-digit year) and time (with seconds): support engineers
// compare failures to the second. The C locale keeps ISO 8601.
static QString dateTimeFormat(const QLocale &locale)
{
    thread_local QString cachedName;
    thread_local QString cached;
    if (cachedName == locale.name() && !cached.isEmpty())
        return cached;
    QString date = locale.dateFormat(QLocale::ShortFormat);
    if (!date.contains(u"yyyy"_s))
        date.replace(u"yy"_s, u"yyyy"_s);
    QString time = locale.timeFormat(QLocale::ShortFormat);
    if (!time.contains(u's')) {
        const auto minutes = time.indexOf(u"mm"_s);
        if (minutes >= 0)
            time.insert(minutes + 2, u":ss"_s);
    }
    cachedName = locale.name();
    cached = date + u' ' + time;
    return cached;
}

QString formatDateTime(qint64 epochMs, bool utc)
{
    if (epochMs == 0)
        return u"—"_s;
    const QDateTime t = utc ? QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC) : QDateTime::fromMSecsSinceEpoch(epochMs);
    const QLocale locale;
    if (locale.language() == QLocale::C)
        return t.toString(u"yyyy-MM-dd HH:mm:ss"_s);
    return locale.toString(t, dateTimeFormat(locale));
}

QString formatDuration(qint64 ms)
{
    const auto translated = [](const char *text) { return QCoreApplication::translate("wci::FailureText", text); };
    ms = std::abs(ms);
    if (ms < 1000)
        return translated(QT_TRANSLATE_NOOP("wci::FailureText", "%1 ms")).arg(ms);
    const qint64 s = ms / 1000;
    if (s < 60)
        return translated(QT_TRANSLATE_NOOP("wci::FailureText", "%1s")).arg(s);
    if (s < 3600) {
        return s % 60 ? translated(QT_TRANSLATE_NOOP("wci::FailureText", "%1m %2s")).arg(s / 60).arg(s % 60)
                      : translated(QT_TRANSLATE_NOOP("wci::FailureText", "%1m")).arg(s / 60);
    }
    if (s < 86400) {
        return (s % 3600) / 60 ? translated(QT_TRANSLATE_NOOP("wci::FailureText", "%1h %2m")).arg(s / 3600).arg((s % 3600) / 60)
                               : translated(QT_TRANSLATE_NOOP("wci::FailureText", "%1h")).arg(s / 3600);
    }
    return (s % 86400) / 3600 ? translated(QT_TRANSLATE_NOOP("wci::FailureText", "%1d %2h")).arg(s / 86400).arg((s % 86400) / 3600)
                              : translated(QT_TRANSLATE_NOOP("wci::FailureText", "%1d")).arg(s / 86400);
}

QString formatRelative(qint64 epochMs, qint64 now)
{
    const qint64 d = epochMs - now;
    if (std::abs(d) < 1000)
        return QCoreApplication::translate("wci::FailureText", "now");
    return (d > 0 ? QCoreApplication::translate("wci::FailureText", "in %1") : QCoreApplication::translate("wci::FailureText", "%1 ago")).arg(formatDuration(d));
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
    case StatusBadge::TimedOut: return QCoreApplication::translate("wci::FailureText", "%1 · TIMED OUT").arg(enumName(ExecutionFailedStatus::Prepared));
    case StatusBadge::Succeeded: return enumName(ExecutionFailedStatus::Succeeded);
    case StatusBadge::Deleted: return QCoreApplication::translate("wci::FailureText", "DELETED");
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
        return QCoreApplication::translate("wci::FailureText", "Deleted: it only shows under Deleted, and nothing runs it until it is recovered.");
    if (s.status == ExecutionFailedStatus::Succeeded)
        return QCoreApplication::translate("wci::FailureText", "Succeeded: nothing left to do.");
    if (s.recoverable == RecoverableType::Unrecoverable)
        return QCoreApplication::translate("wci::FailureText", "Marked unrecoverable: the scheduler leaves it alone. Mark it recoverable to let it retry.");
    QString timedOut; // an attempt that timed out, told before what comes next
    if (s.status == ExecutionFailedStatus::Prepared) {
        if (!s.isTimedOut(now)) {
            return QCoreApplication::translate("wci::FailureText", "Executing: attempt %1 started %2, times out %3.")
                .arg(s.retryState.retries)
                .arg(formatRelative(s.retryState.retryAt, now), formatRelative(s.retryState.timeoutAt, now));
        }
        timedOut = formatRelative(s.retryState.timeoutAt, now);
    }
    QString next;
    if (!s.isBelowRetryThreshold())
        next = QCoreApplication::translate("wci::FailureText", "Retry limit reached: %1 / %2 — use Force retry or raise the limit.").arg(s.retryState.retries).arg(s.retrySpec.maxRetries);
    else if (now >= s.retryState.nextRetryAt)
        next = QCoreApplication::translate("wci::FailureText", "Due: the scheduler retries it on its next round (it was due %1).").arg(formatRelative(s.retryState.nextRetryAt, now));
    else
        next = QCoreApplication::translate("wci::FailureText", "Next retry %1 (retry %2 of %3).")
                   .arg(formatRelative(s.retryState.nextRetryAt, now))
                   .arg(s.retryState.retries + 1)
                   .arg(s.retrySpec.maxRetries);
    if (timedOut.isEmpty())
        return next;
    return QCoreApplication::translate("wci::FailureText", "Attempt %1 timed out %2. %3").arg(s.retryState.retries).arg(timedOut, next);
}

QString describeEventName(const QString &name)
{
    if (name == eventName<ExecutionFailedCreated>()) return QCoreApplication::translate("wci::FailureText", "Created (failed)");
    if (name == eventName<CompensationPrepared>()) return QCoreApplication::translate("wci::FailureText", "Prepared");
    if (name == eventName<ExecutionSuccessApplied>()) return QCoreApplication::translate("wci::FailureText", "Succeeded");
    if (name == eventName<ExecutionFailedApplied>()) return QCoreApplication::translate("wci::FailureText", "Failed");
    if (name == eventName<RetrySpecApplied>()) return QCoreApplication::translate("wci::FailureText", "Retry spec changed");
    if (name == eventName<RecoverableMarked>()) return QCoreApplication::translate("wci::FailureText", "Recoverable marked");
    if (name == eventName<FunctionChanged>()) return QCoreApplication::translate("wci::FailureText", "Function changed");
    if (name == eventName<AggregateDeleted>()) return QCoreApplication::translate("wci::FailureText", "Deleted");
    if (name == eventName<AggregateRecovered>()) return QCoreApplication::translate("wci::FailureText", "Recovered");
    return name;
}

QString describeEngineError(const EngineError &e)
{
    switch (e.reach) {
    case EngineError::Reach::NotReached:
        return QCoreApplication::translate("wci::FailureText", "Could not reach the server: %1 Nothing was sent, so nothing changed.")
            .arg(e.errorMsg);
    case EngineError::Reach::NoAnswer:
        return QCoreApplication::translate("wci::FailureText", "The server did not answer: %1 It may or may not have acted; "
                                                  "refresh to see before trying again.")
            .arg(e.errorMsg);
    case EngineError::Reach::Answered:
        break;
    }
    return QCoreApplication::translate("wci::FailureText", "The engine refused it: %1 — %2").arg(e.errorCode, e.errorMsg);
}

} // namespace wci
