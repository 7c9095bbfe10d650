#include "action_rules.h"

#include "failure_text.h"

#include <QCoreApplication>

namespace wci {

using namespace Qt::StringLiterals;

const std::vector<ActionInfo> &allActions()
{
    static const std::vector<ActionInfo> actions = {
        {ActionKind::Prepare, QCoreApplication::translate("wci::Action", "Retry"), QCoreApplication::translate("wci::Action", "Prepare compensation: the failed function runs again now."), true, true, true,
         CommandType::PrepareCompensation},
        {ActionKind::ForcePrepare, QCoreApplication::translate("wci::Action", "Force retry"),
         QCoreApplication::translate("wci::Action", "Force prepare compensation: retry even past the retry limit (not while an attempt is running)."), true, true,
         true, CommandType::ForcePrepareCompensation},
        {ActionKind::ApplyRetrySpec, QCoreApplication::translate("wci::Action", "Apply retry spec…"), QCoreApplication::translate("wci::Action", "Change the retry limit, backoff and attempt timeout."), true,
         true, true, CommandType::ApplyRetrySpec},
        {ActionKind::ChangeFunction, QCoreApplication::translate("wci::Action", "Change function…"), QCoreApplication::translate("wci::Action", "Route future retries to another function."), true, true,
         true, CommandType::ChangeFunction},
        {ActionKind::MarkRecoverable, QCoreApplication::translate("wci::Action", "Mark recoverable…"),
         QCoreApplication::translate("wci::Action", "Mark the failure recoverable, unrecoverable or unknown (unrecoverable ones are never retried)."), true, true,
         true, CommandType::MarkRecoverable},
        {ActionKind::MarkSucceeded, QCoreApplication::translate("wci::Action", "Mark succeeded…"),
         QCoreApplication::translate("wci::Action", "Apply execution success by hand for a prepared attempt that really succeeded."), true, true, true,
         CommandType::ApplyExecutionSuccess},
        {ActionKind::MarkFailed, QCoreApplication::translate("wci::Action", "Mark failed…"), QCoreApplication::translate("wci::Action", "Apply execution failed by hand for a prepared attempt, with its error."),
         true, true, true, CommandType::ApplyExecutionFailed},
        {ActionKind::Delete, QCoreApplication::translate("wci::Action", "Delete"), QCoreApplication::translate("wci::Action", "Delete the failure (it moves to Deleted; Recover brings it back)."), true, true,
         true, CommandType::DeleteAggregate},
        {ActionKind::Recover, QCoreApplication::translate("wci::Action", "Recover"), QCoreApplication::translate("wci::Action", "Recover a deleted failure."), true, true, true, CommandType::RecoverAggregate},
        {ActionKind::RegenerateSnapshot, QCoreApplication::translate("wci::Action", "Regenerate snapshot"), QCoreApplication::translate("wci::Action", "Rebuild the snapshot from the event streams."), true,
         true, true, std::nullopt},
        {ActionKind::Compensate, QCoreApplication::translate("wci::Action", "Compensate event…"),
         QCoreApplication::translate("wci::Action", "Re-deliver one event of the failure's stream to a function (event compensation)."), true, true, false,
         std::nullopt},
        {ActionKind::RegenerateAll, QCoreApplication::translate("wci::Action", "Regenerate all snapshots…"), QCoreApplication::translate("wci::Action", "Rebuild every snapshot from its streams, in batches."),
         false, true, false, std::nullopt},
        {ActionKind::ResendStateEvents, QCoreApplication::translate("wci::Action", "Resend state events…"),
         QCoreApplication::translate("wci::Action", "Publish every aggregate's state event again, in batches."), false, true, false, std::nullopt},
        {ActionKind::Metadata, QCoreApplication::translate("wci::Action", "Show metadata"), QCoreApplication::translate("wci::Action", "Wow's metadata: bounded contexts, aggregates, commands, events."), false,
         false, false, std::nullopt},
        {ActionKind::GlobalId, QCoreApplication::translate("wci::Action", "Generate global id"), QCoreApplication::translate("wci::Action", "A new global id from the engine."), false, false, false,
         std::nullopt},
        {ActionKind::BiScript, QCoreApplication::translate("wci::Action", "BI sync script…"), QCoreApplication::translate("wci::Action", "The ClickHouse script that syncs this aggregate to BI."), false,
         false, false, std::nullopt},
    };
    return actions;
}

const ActionInfo &actionInfo(ActionKind kind)
{
    for (const auto &a : allActions()) {
        if (a.kind == kind)
            return a;
    }
    return allActions().front();
}

ExecutionFailedAggregate aggregateOf(const Snapshot &snapshot)
{
    ExecutionFailedAggregate a;
    a.aggregateId = snapshot.aggregateId;
    a.version = snapshot.version;
    a.deleted = snapshot.deleted;
    a.state = snapshot.state;
    return a;
}

static QString friendly(const Snapshot &snap, const CommandBody &body, const DomainError &e, qint64 now)
{
    const ExecutionFailedState &s = snap.state;
    if (snap.deleted && !std::holds_alternative<RecoverAggregate>(body))
        return QCoreApplication::translate("wci::ActionRules", "Deleted — recover it first.");
    if (!snap.deleted && std::holds_alternative<RecoverAggregate>(body))
        return QCoreApplication::translate("wci::ActionRules", "Not deleted — nothing to recover.");
    if (std::holds_alternative<PrepareCompensation>(body)) {
        if (s.status == ExecutionFailedStatus::Succeeded)
            return QCoreApplication::translate("wci::ActionRules", "Already succeeded — nothing to retry.");
        if (s.status == ExecutionFailedStatus::Prepared && !s.isTimedOut(now))
            return QCoreApplication::translate("wci::ActionRules", "An attempt is running — it times out %1.").arg(formatRelative(s.retryState.timeoutAt, now));
        if (!s.isBelowRetryThreshold())
            return QCoreApplication::translate("wci::ActionRules", "Retry limit reached: %1 / %2 — use Force retry or raise the limit.").arg(s.retryState.retries)
                .arg(s.retrySpec.maxRetries);
    }
    if (std::holds_alternative<ForcePrepareCompensation>(body)) {
        if (s.status == ExecutionFailedStatus::Succeeded)
            return QCoreApplication::translate("wci::ActionRules", "Already succeeded — nothing to retry.");
        if (s.status == ExecutionFailedStatus::Prepared && !s.isTimedOut(now))
            return QCoreApplication::translate("wci::ActionRules", "An attempt is running — it times out %1.").arg(formatRelative(s.retryState.timeoutAt, now));
    }
    if ((std::holds_alternative<ApplyExecutionSuccess>(body) || std::holds_alternative<ApplyExecutionFailed>(body))
        && s.status != ExecutionFailedStatus::Prepared)
        return QCoreApplication::translate("wci::ActionRules", "Only a prepared attempt can be marked by hand (status is %1) — retry it first.").arg(enumName(s.status));
    return e.message;
}

Availability checkCommand(const Snapshot &snapshot, const CommandBody &body, qint64 now)
{
    Command c;
    c.aggregateId = snapshot.aggregateId;
    c.body = body;
    const auto r = decide(aggregateOf(snapshot), c, now);
    if (r)
        return {true, {}};
    return {false, friendly(snapshot, body, r.error(), now)};
}

Availability globalAvailability(ActionKind kind, bool readOnly)
{
    if (readOnly && actionInfo(kind).writes)
        return {false, QCoreApplication::translate("wci::ActionRules", "Read-only connection.")};
    return {true, {}};
}

std::optional<CommandBody> probeBody(ActionKind kind, const Snapshot &snap, qint64 now)
{
    const ExecutionFailedState &s = snap.state;
    switch (kind) {
    case ActionKind::Prepare: return PrepareCompensation{};
    case ActionKind::ForcePrepare: return ForcePrepareCompensation{};
    case ActionKind::ApplyRetrySpec:
        return ApplyRetrySpec{s.retrySpec.maxRetries, s.retrySpec.minBackoff, s.retrySpec.executionTimeout};
    case ActionKind::ChangeFunction: {
        FunctionInfo other = s.function;
        other.name += u"_"_s; // any other function
        return ChangeFunction{other};
    }
    case ActionKind::MarkRecoverable:
        return MarkRecoverable{s.recoverable == RecoverableType::Recoverable ? RecoverableType::Unrecoverable
                                                                            : RecoverableType::Recoverable};
    case ActionKind::MarkSucceeded: return ApplyExecutionSuccess{now};
    case ActionKind::MarkFailed: return ApplyExecutionFailed{s.error, now, s.recoverable};
    case ActionKind::Delete: return DeleteAggregate{};
    case ActionKind::Recover: return RecoverAggregate{};
    default: return std::nullopt;
    }
}

Availability availability(ActionKind kind, const Snapshot &snap, qint64 now, bool readOnly)
{
    if (readOnly && actionInfo(kind).writes)
        return {false, QCoreApplication::translate("wci::ActionRules", "Read-only connection.")};
    if (const auto body = probeBody(kind, snap, now))
        return checkCommand(snap, *body, now);
    switch (kind) {
    case ActionKind::RegenerateSnapshot:
    case ActionKind::Compensate:
        if (snap.deleted)
            return {false, QCoreApplication::translate("wci::ActionRules", "Deleted — recover it first.")};
        return {true, {}};
    default: return globalAvailability(kind, readOnly);
    }
}

QList<QPair<int, qint64>> retrySchedule(const RetrySpec &spec, const RetryState &state, qint64 now, int count)
{
    QList<QPair<int, qint64>> out;
    if (validateRetrySpec(spec))
        return out;
    // The scheduler retries once nextRetryAt has passed; each attempt k (failing at once) sets
    // the next due time to its own time + minBackoff·2^k seconds (Wow's NextRetryAtCalculator).
    qint64 at = std::max(state.nextRetryAt, now);
    for (int k = state.retries + 1; k <= spec.maxRetries && out.size() < count; ++k) {
        out.append({k, at});
        const auto next = nextRetryAt(spec.minBackoff, k, at);
        if (!next)
            break;
        at = *next;
    }
    return out;
}

QString describeChange(const ExecutionFailedState &before, const CommandBody &body)
{
    const auto arrow = [](const QString &from, const QString &to) -> QString { return from + u" → "_s + to; };
    if (const auto *spec = std::get_if<ApplyRetrySpec>(&body)) {
        const RetrySpec &old = before.retrySpec;
        return u"maxRetries %1, minBackoff %2 s, executionTimeout %3 s"_s
            .arg(arrow(QString::number(old.maxRetries), QString::number(spec->maxRetries)),
                 arrow(QString::number(old.minBackoff), QString::number(spec->minBackoff)),
                 arrow(QString::number(old.executionTimeout), QString::number(spec->executionTimeout)));
    }
    if (const auto *change = std::get_if<ChangeFunction>(&body))
        return u"function "_s + arrow(before.function.toKotlinString(), change->function.toKotlinString());
    if (const auto *mark = std::get_if<MarkRecoverable>(&body))
        return u"recoverable "_s + arrow(enumName(before.recoverable), enumName(mark->recoverable));
    return {};
}

} // namespace wci
