#pragma once

// The execution_failed aggregate as a decider: pure functions, time as a parameter.
// Rules and messages follow Wow's ExecutionFailed, ExecutionFailedState,
// NextRetryAtCalculator and SimpleCommandAggregate (docs/wire-protocol.md §5).

#include "commands.h"
#include "events.h"

#include <vector>

namespace wci {

// The state aggregate: the domain state plus what Wow's framework keeps beside it.
struct ExecutionFailedAggregate {
    QString aggregateId;
    int version = 0; // number of event streams applied
    bool deleted = false;
    ExecutionFailedState state;
    bool initialized() const { return version > 0; }
    friend bool operator==(const ExecutionFailedAggregate &, const ExecutionFailedAggregate &) = default;
};

// Retry maths. Errors: IllegalArgument for negative values, BadRequest (Wow maps
// ArithmeticException there) when a result leaves the signed 64-bit millisecond range.
Result<qint64> nextRetryAt(int minBackoff, int retries, qint64 currentRetryAt);
Result<RetryState> nextRetryState(const RetrySpec &spec, int retries, qint64 retryAt);
std::optional<DomainError> validateRetrySpec(const RetrySpec &spec);

// Wow's framework checks before a handler runs (version, initialised, deleted, recover).
// A failure here is reported by SimpleCommandAggregate.process, not by a handler.
std::optional<DomainError> checkAggregate(const ExecutionFailedAggregate &aggregate, const Command &command,
                                          std::optional<int> expectedVersion);

// Decides the events for a command: framework checks, then the handler's rules.
Result<std::vector<Event>> decide(const ExecutionFailedAggregate &aggregate, const Command &command, qint64 now,
                                  std::optional<int> expectedVersion = std::nullopt);

// Applies one event to the state (the caller advances `version` once per stream).
ExecutionFailedAggregate evolve(ExecutionFailedAggregate aggregate, const Event &event);

// Kotlin's rendering of an aggregate id, as used in "... is not initialized." messages.
QString aggregateIdString(const QString &aggregateId);

} // namespace wci
