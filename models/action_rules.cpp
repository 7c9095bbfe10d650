#include "action_rules.h"

#include "failure_text.h"

namespace wci {

using namespace Qt::StringLiterals;

const std::vector<ActionInfo> &allActions()
{
    static const std::vector<ActionInfo> actions = {
        {ActionKind::Prepare, u"Retry"_s, u"Prepare compensation: the failed function runs again now."_s, true, true, true,
         CommandType::PrepareCompensation},
        {ActionKind::ForcePrepare, u"Force retry"_s,
         u"Force prepare compensation: retry even past the retry limit (not while an attempt is running)."_s, true, true,
         true, CommandType::ForcePrepareCompensation},
        {ActionKind::ApplyRetrySpec, u"Apply retry spec…"_s, u"Change the retry limit, backoff and attempt timeout."_s, true,
         true, true, CommandType::ApplyRetrySpec},
        {ActionKind::ChangeFunction, u"Change function…"_s, u"Route future retries to another function."_s, true, true,
         true, CommandType::ChangeFunction},
        {ActionKind::MarkRecoverable, u"Mark recoverable…"_s,
         u"Mark the failure recoverable, unrecoverable or unknown (unrecoverable ones are never retried)."_s, true, true,
         true, CommandType::MarkRecoverable},
        {ActionKind::MarkSucceeded, u"Mark succeeded…"_s,
         u"Apply execution success by hand for a prepared attempt that really succeeded."_s, true, true, true,
         CommandType::ApplyExecutionSuccess},
        {ActionKind::MarkFailed, u"Mark failed…"_s, u"Apply execution failed by hand for a prepared attempt, with its error."_s,
         true, true, true, CommandType::ApplyExecutionFailed},
        {ActionKind::Delete, u"Delete"_s, u"Delete the failure (it moves to Deleted; Recover brings it back)."_s, true, true,
         true, CommandType::DeleteAggregate},
        {ActionKind::Recover, u"Recover"_s, u"Recover a deleted failure."_s, true, true, true, CommandType::RecoverAggregate},
        {ActionKind::RegenerateSnapshot, u"Regenerate snapshot"_s, u"Rebuild the snapshot from the event streams."_s, true,
         true, true, std::nullopt},
        {ActionKind::Compensate, u"Compensate event…"_s,
         u"Re-deliver one event of the failure's stream to a function (event compensation)."_s, true, true, false,
         std::nullopt},
        {ActionKind::RegenerateAll, u"Regenerate all snapshots…"_s, u"Rebuild every snapshot from its streams, in batches."_s,
         false, true, false, std::nullopt},
        {ActionKind::ResendStateEvents, u"Resend state events…"_s,
         u"Publish every aggregate's state event again, in batches."_s, false, true, false, std::nullopt},
        {ActionKind::Metadata, u"Show metadata"_s, u"Wow's metadata: bounded contexts, aggregates, commands, events."_s, false,
         false, false, std::nullopt},
        {ActionKind::GlobalId, u"Generate global id"_s, u"A new global id from the engine."_s, false, false, false,
         std::nullopt},
        {ActionKind::BiScript, u"BI sync script…"_s, u"The ClickHouse script that syncs this aggregate to BI."_s, false,
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
        return u"Deleted — recover it first."_s;
    if (!snap.deleted && std::holds_alternative<RecoverAggregate>(body))
        return u"Not deleted — nothing to recover."_s;
    if (std::holds_alternative<PrepareCompensation>(body)) {
        if (s.status == ExecutionFailedStatus::Succeeded)
            return u"Already succeeded — nothing to retry."_s;
        if (s.status == ExecutionFailedStatus::Prepared && !s.isTimedOut(now))
            return u"An attempt is running — it times out %1."_s.arg(formatRelative(s.retryState.timeoutAt, now));
        if (!s.isBelowRetryThreshold())
            return u"Retry limit reached: %1 / %2 — use Force retry or raise the limit."_s.arg(s.retryState.retries)
                .arg(s.retrySpec.maxRetries);
    }
    if (std::holds_alternative<ForcePrepareCompensation>(body)) {
        if (s.status == ExecutionFailedStatus::Succeeded)
            return u"Already succeeded — nothing to retry."_s;
        if (s.status == ExecutionFailedStatus::Prepared && !s.isTimedOut(now))
            return u"An attempt is running — it times out %1."_s.arg(formatRelative(s.retryState.timeoutAt, now));
    }
    if ((std::holds_alternative<ApplyExecutionSuccess>(body) || std::holds_alternative<ApplyExecutionFailed>(body))
        && s.status != ExecutionFailedStatus::Prepared)
        return u"Only a prepared attempt can be marked by hand (status is %1) — retry it first."_s.arg(enumName(s.status));
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
        return {false, u"Read-only connection."_s};
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
        return {false, u"Read-only connection."_s};
    if (const auto body = probeBody(kind, snap, now))
        return checkCommand(snap, *body, now);
    switch (kind) {
    case ActionKind::RegenerateSnapshot:
    case ActionKind::Compensate:
        if (snap.deleted)
            return {false, u"Deleted — recover it first."_s};
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
