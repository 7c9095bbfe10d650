#pragma once

// The operator actions: what each one is, whether it may run on a failure right now (and if
// not, why, in words an engineer can act on), and the commands they send. The rules are the
// decider's, so the answer here is the engine's answer.

#include "decider.h"

namespace wci {

enum class ActionKind {
    Prepare,            // retry (prepare compensation)
    ForcePrepare,       // force retry
    ApplyRetrySpec,
    ChangeFunction,
    MarkRecoverable,
    MarkSucceeded,      // apply execution success
    MarkFailed,         // apply execution failed
    Delete,
    Recover,
    RegenerateSnapshot, // one failure's snapshot
    Compensate,         // re-deliver one event of the failure's stream
    // Not tied to one failure:
    RegenerateAll,
    ResendStateEvents,
    Metadata,
    GlobalId,
    BiScript,
};

struct ActionInfo {
    ActionKind kind;
    QString title;     // menu text
    QString summary;   // one line: what it does
    bool perFailure;   // needs a selected failure
    bool writes;       // changes data (disabled in read-only mode)
    bool bulk;         // can run on many failures
    std::optional<CommandType> command;
};

// Titles and summaries are translated when the table is first built, which is after main()
// installed the translators.
const std::vector<ActionInfo> &allActions();
const ActionInfo &actionInfo(ActionKind kind);

struct Availability {
    bool enabled = false;
    QString reason; // empty when enabled
};

ExecutionFailedAggregate aggregateOf(const Snapshot &snapshot);

// Whether the action may run on this failure now, with the reason when it may not. For actions
// that take input (retry spec, function, recoverable, error) this asks about the action in
// general; the form then checks the command it builds with checkCommand().
Availability availability(ActionKind kind, const Snapshot &snapshot, qint64 now, bool readOnly);
// For actions that need no failure.
Availability globalAvailability(ActionKind kind, bool readOnly);

// The command body availability() asks the decider about (commands only).
std::optional<CommandBody> probeBody(ActionKind kind, const Snapshot &snapshot, qint64 now);

// The decider's verdict on a concrete command, with a friendlier reason for the common cases.
Availability checkCommand(const Snapshot &snapshot, const CommandBody &body, qint64 now);

// The retry times a spec gives from the failure's current retry state, if every attempt fails
// at once: (retry number, epoch ms), up to the limit or `count` entries.
// What `body` changes on a failure in `before`, old → new, for the audit trail
// ("maxRetries 10 → 15, minBackoff 180 s → 180 s, executionTimeout 120 s → 60 s";
// "function a/B.onX → a/C.onY"; "recoverable UNKNOWN → UNRECOVERABLE"); "" for other commands.
QString describeChange(const ExecutionFailedState &before, const CommandBody &body);

QList<QPair<int, qint64>> retrySchedule(const RetrySpec &spec, const RetryState &state, qint64 now, int count = 10);

} // namespace wci
