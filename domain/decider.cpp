#include "decider.h"

namespace wci {

using namespace Qt::StringLiterals;

namespace {
const QString kLongOverflow = u"long overflow"_s; // java.lang.Math.*Exact message

template <class... Ts>
struct overloaded : Ts... {
    using Ts::operator()...;
};
} // namespace

Result<qint64> nextRetryAt(int minBackoff, int retries, qint64 currentRetryAt)
{
    if (minBackoff < 0)
        return DomainError::illegalArgument(u"minBackoff must be greater than or equal to 0."_s);
    if (retries < 0)
        return DomainError::illegalArgument(u"retries must be greater than or equal to 0."_s);
    if (minBackoff == 0)
        return currentRetryAt;
    if (retries >= 63)
        return DomainError::badRequest(u"Retry backoff exceeds the supported millisecond range."_s);
    const qint64 multiplier = qint64(1) << retries;
    qint64 backoffSeconds = 0, backoffMillis = 0, at = 0;
    if (__builtin_mul_overflow(static_cast<qint64>(minBackoff), multiplier, &backoffSeconds)
        || __builtin_mul_overflow(backoffSeconds, qint64(1000), &backoffMillis)
        || __builtin_add_overflow(currentRetryAt, backoffMillis, &at))
        return DomainError::badRequest(kLongOverflow);
    return at;
}

Result<RetryState> nextRetryState(const RetrySpec &spec, int retries, qint64 retryAt)
{
    if (spec.executionTimeout < 0)
        return DomainError::illegalArgument(u"executionTimeout must be greater than or equal to 0."_s);
    const auto next = nextRetryAt(spec.minBackoff, retries, retryAt);
    if (!next)
        return next.error();
    const qint64 timeoutDuration = static_cast<qint64>(spec.executionTimeout) * 1000; // cannot overflow
    qint64 timeoutAt = 0;
    if (__builtin_add_overflow(retryAt, timeoutDuration, &timeoutAt))
        return DomainError::badRequest(kLongOverflow);
    return RetryState{retries, retryAt, timeoutAt, *next};
}

std::optional<DomainError> validateRetrySpec(const RetrySpec &spec)
{
    if (spec.maxRetries < 0)
        return DomainError::illegalArgument(u"maxRetries must be greater than or equal to 0."_s);
    const auto s = nextRetryState(spec, spec.maxRetries, 0);
    if (!s)
        return s.error();
    return std::nullopt;
}

QString aggregateIdString(const QString &aggregateId)
{
    return u"AggregateId(contextName="_s + kCompensationContext + u", aggregateName="_s + kExecutionFailedAggregate
        + u", tenantId="_s + kDefaultTenantId + u", id="_s + aggregateId + u')';
}

std::optional<DomainError> checkAggregate(const ExecutionFailedAggregate &aggregate, const Command &command,
                                          std::optional<int> expectedVersion)
{
    const bool isCreate = command.type() == CommandType::CreateExecutionFailed;
    if (isCreate)
        expectedVersion = 0; // create commands always expect a new aggregate
    if (expectedVersion && *expectedVersion != aggregate.version) {
        return DomainError{ErrorCode::CommandExpectVersionConflict,
                           u"The expected version[%1] of the command is inconsistent with the actual version[%2]."_s
                               .arg(*expectedVersion)
                               .arg(aggregate.version),
                           {}};
    }
    if (!aggregate.initialized() && !isCreate)
        return DomainError::notFound(aggregateIdString(command.aggregateId) + u" is not initialized."_s);
    if (command.type() == CommandType::RecoverAggregate) {
        if (!aggregate.deleted) {
            return DomainError::illegalState(u"Failed to process command[%1]: The current StateAggregate[%2] is not deleted."_s
                                                 .arg(command.commandId, command.aggregateId));
        }
    } else if (aggregate.deleted) {
        return DomainError{ErrorCode::IllegalAccessDeletedAggregate,
                           u"Illegal access to a deleted aggregate[%1]."_s.arg(command.aggregateId),
                           {}};
    }
    return std::nullopt;
}

static Result<std::vector<Event>> one(Event e)
{
    return std::vector<Event>{std::move(e)};
}

static Result<std::vector<Event>> prepared(const ExecutionFailedState &s, qint64 now)
{
    const auto retryState = nextRetryState(s.retrySpec, s.retryState.retries + 1, now);
    if (!retryState)
        return retryState.error();
    return one(CompensationPrepared{s.eventId, s.function, *retryState});
}

Result<std::vector<Event>> decide(const ExecutionFailedAggregate &aggregate, const Command &command, qint64 now,
                                  std::optional<int> expectedVersion)
{
    if (auto e = checkAggregate(aggregate, command, expectedVersion))
        return *e;
    const ExecutionFailedState &s = aggregate.state;
    const auto notPrepared = DomainError::illegalState(u"ExecutionFailed is not prepared."_s);
    return std::visit(
        overloaded{
            [&](const CreateExecutionFailed &c) -> Result<std::vector<Event>> {
                const RetrySpec spec = c.retrySpec.value_or(RetrySpec::defaults());
                if (auto e = validateRetrySpec(spec))
                    return *e;
                const auto retryState = nextRetryState(spec, 0, c.executeAt);
                if (!retryState)
                    return retryState.error();
                return one(ExecutionFailedCreated{c.eventId, c.function, c.error, c.executeAt, *retryState, spec,
                                                  c.recoverable});
            },
            [&](const PrepareCompensation &) -> Result<std::vector<Event>> {
                if (!s.canRetry(now))
                    return DomainError::illegalState(u"ExecutionFailed can not retry."_s);
                return prepared(s, now);
            },
            [&](const ForcePrepareCompensation &) -> Result<std::vector<Event>> {
                if (!s.canForceRetry(now))
                    return DomainError::illegalState(u"ExecutionFailed can not force retry."_s);
                return prepared(s, now);
            },
            [&](const ApplyExecutionSuccess &c) -> Result<std::vector<Event>> {
                if (s.status != ExecutionFailedStatus::Prepared)
                    return notPrepared;
                return one(ExecutionSuccessApplied{c.executeAt});
            },
            [&](const ApplyExecutionFailed &c) -> Result<std::vector<Event>> {
                if (s.status != ExecutionFailedStatus::Prepared)
                    return notPrepared;
                return one(ExecutionFailedApplied{c.error, c.executeAt, c.recoverable});
            },
            [&](const ApplyRetrySpec &c) -> Result<std::vector<Event>> {
                if (auto e = validateRetrySpec(c.spec()))
                    return *e;
                return one(RetrySpecApplied{c.maxRetries, c.minBackoff, c.executionTimeout});
            },
            [&](const ChangeFunction &c) -> Result<std::vector<Event>> {
                if (s.function.isSameFunction(c.function)) {
                    return DomainError::illegalArgument(u"ExecutionFailed function is already changed to "_s
                                                        + s.function.toKotlinString() + u"."_s);
                }
                return one(FunctionChanged{c.function});
            },
            [&](const MarkRecoverable &c) -> Result<std::vector<Event>> {
                if (s.recoverable == c.recoverable) {
                    return DomainError::illegalArgument(u"ExecutionFailed recoverable is already marked to "_s
                                                        + enumName(s.recoverable) + u"."_s);
                }
                return one(RecoverableMarked{c.recoverable});
            },
            [&](const DeleteAggregate &) -> Result<std::vector<Event>> { return one(AggregateDeleted{}); },
            [&](const RecoverAggregate &) -> Result<std::vector<Event>> { return one(AggregateRecovered{}); },
        },
        command.body);
}

ExecutionFailedAggregate evolve(ExecutionFailedAggregate aggregate, const Event &event)
{
    ExecutionFailedState &s = aggregate.state;
    std::visit(overloaded{
                   [&](const ExecutionFailedCreated &e) {
                       s.id = aggregate.aggregateId;
                       s.eventId = e.eventId;
                       s.function = e.function;
                       s.error = e.error;
                       s.executeAt = e.executeAt;
                       s.retryState = e.retryState;
                       s.status = ExecutionFailedStatus::Failed;
                       s.retrySpec = e.retrySpec;
                       s.recoverable = e.recoverable;
                   },
                   [&](const CompensationPrepared &e) {
                       s.retryState = e.retryState;
                       s.status = ExecutionFailedStatus::Prepared;
                   },
                   [&](const ExecutionSuccessApplied &e) {
                       s.executeAt = e.executeAt;
                       s.status = ExecutionFailedStatus::Succeeded;
                   },
                   [&](const ExecutionFailedApplied &e) {
                       s.executeAt = e.executeAt;
                       s.status = ExecutionFailedStatus::Failed;
                       s.recoverable = e.recoverable;
                       s.error = e.error;
                   },
                   [&](const RetrySpecApplied &e) { s.retrySpec = {e.maxRetries, e.minBackoff, e.executionTimeout}; },
                   [&](const RecoverableMarked &e) { s.recoverable = e.recoverable; },
                   [&](const FunctionChanged &e) { s.function = e.function; },
                   [&](const AggregateDeleted &) { aggregate.deleted = true; },
                   [&](const AggregateRecovered &) { aggregate.deleted = false; },
               },
               event);
    return aggregate;
}

} // namespace wci
