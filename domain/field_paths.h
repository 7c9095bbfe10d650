#pragma once

// The dotted paths of the execution_failed state's fields, as conditions, sorts and
// projections name them (docs/wire-protocol.md §7.2, §8.3). Each path is written here once;
// code that queries by a field uses these names. Tests keep the literal wire names, so they
// check them independently.
//
// Like ErrorCode's names these are QStrings built at start-up: use them at run time, not in the
// initializer of another object at namespace scope.

#include <QString>

namespace wci::field {

// The state (ExecutionFailedState).
inline const QString stateId = QStringLiteral("state.id");
inline const QString status = QStringLiteral("state.status");
inline const QString recoverable = QStringLiteral("state.recoverable");
inline const QString isRetryable = QStringLiteral("state.isRetryable");
inline const QString isBelowRetryThreshold = QStringLiteral("state.isBelowRetryThreshold");
inline const QString executeAt = QStringLiteral("state.executeAt");

// Its error.
inline const QString errorCode = QStringLiteral("state.error.errorCode");
inline const QString errorMsg = QStringLiteral("state.error.errorMsg");
inline const QString stackTrace = QStringLiteral("state.error.stackTrace");

// The function that failed.
inline const QString function = QStringLiteral("state.function");
inline const QString functionKind = QStringLiteral("state.function.functionKind");
inline const QString functionContextName = QStringLiteral("state.function.contextName");
inline const QString functionProcessorName = QStringLiteral("state.function.processorName");
inline const QString functionName = QStringLiteral("state.function.name");

// The event whose handling failed, and the aggregate it came from.
inline const QString eventId = QStringLiteral("state.eventId.id");
inline const QString eventAggregate = QStringLiteral("state.eventId.aggregateId");
inline const QString eventContextName = QStringLiteral("state.eventId.aggregateId.contextName");
inline const QString eventAggregateName = QStringLiteral("state.eventId.aggregateId.aggregateName");
inline const QString eventAggregateId = QStringLiteral("state.eventId.aggregateId.aggregateId");

// Retries: the state of the current attempt and the spec's limit.
inline const QString retryState = QStringLiteral("state.retryState");
inline const QString retries = QStringLiteral("state.retryState.retries");
inline const QString retryAt = QStringLiteral("state.retryState.retryAt");
inline const QString timeoutAt = QStringLiteral("state.retryState.timeoutAt");
inline const QString nextRetryAt = QStringLiteral("state.retryState.nextRetryAt");
inline const QString maxRetries = QStringLiteral("state.retrySpec.maxRetries");

} // namespace wci::field
