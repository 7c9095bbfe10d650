#include "categories.h"

namespace wci {

using namespace Qt::StringLiterals;

QString categoryName(FailureCategory c)
{
    switch (c) {
    case FailureCategory::ToRetry: return u"To retry"_s;
    case FailureCategory::Executing: return u"Executing"_s;
    case FailureCategory::NextRetry: return u"Next retry"_s;
    case FailureCategory::NonRetryable: return u"Non-retryable"_s;
    case FailureCategory::Succeeded: return u"Succeeded"_s;
    case FailureCategory::Unrecoverable: return u"Unrecoverable"_s;
    case FailureCategory::All: return u"All"_s;
    case FailureCategory::Deleted: return u"Deleted"_s;
    }
    return {};
}

QString categoryRoute(FailureCategory c)
{
    switch (c) {
    case FailureCategory::ToRetry: return u"to-retry"_s;
    case FailureCategory::Executing: return u"executing"_s;
    case FailureCategory::NextRetry: return u"next-retry"_s;
    case FailureCategory::NonRetryable: return u"non-retryable"_s;
    case FailureCategory::Succeeded: return u"succeeded"_s;
    case FailureCategory::Unrecoverable: return u"unrecoverable"_s;
    case FailureCategory::All: return u"all"_s;
    case FailureCategory::Deleted: return u"deleted"_s;
    }
    return {};
}

std::optional<FailureCategory> categoryByRoute(QStringView route)
{
    for (auto c : allFailureCategories) {
        if (categoryRoute(c) == route)
            return c;
    }
    return std::nullopt;
}

Condition categoryCondition(FailureCategory c, qint64 now)
{
    const auto recoverableOrUnknown = [] {
        return Condition::in(u"state.recoverable"_s, QJsonArray{u"RECOVERABLE"_s, u"UNKNOWN"_s});
    };
    const auto failedOrTimedOut = [now] {
        return Condition::or_({
            Condition::eq(u"state.status"_s, u"FAILED"_s),
            Condition::and_({Condition::eq(u"state.status"_s, u"PREPARED"_s),
                             Condition::leaf(u"state.retryState.timeoutAt"_s, Operator::Lte, QJsonValue(now))}),
        });
    };
    const auto failedOrPrepared = [] { return Condition::in(u"state.status"_s, QJsonArray{u"FAILED"_s, u"PREPARED"_s}); };
    switch (c) {
    case FailureCategory::ToRetry:
        return Condition::and_({recoverableOrUnknown(), Condition::eq(u"state.isRetryable"_s, true), failedOrTimedOut()});
    case FailureCategory::Executing:
        return Condition::and_({Condition::eq(u"state.status"_s, u"PREPARED"_s),
                                Condition::leaf(u"state.retryState.timeoutAt"_s, Operator::Gt, QJsonValue(now))});
    case FailureCategory::NextRetry:
        return Condition::and_({recoverableOrUnknown(), Condition::eq(u"state.isRetryable"_s, true),
                                Condition::leaf(u"state.retryState.nextRetryAt"_s, Operator::Lte, QJsonValue(now)),
                                failedOrTimedOut()});
    case FailureCategory::NonRetryable:
        return Condition::and_({recoverableOrUnknown(), failedOrPrepared(),
                                Condition::eq(u"state.isBelowRetryThreshold"_s, false)});
    case FailureCategory::Succeeded:
        return Condition::eq(u"state.status"_s, u"SUCCEEDED"_s);
    case FailureCategory::Unrecoverable:
        return Condition::and_({Condition::eq(u"state.recoverable"_s, u"UNRECOVERABLE"_s), failedOrPrepared()});
    case FailureCategory::All:
        return Condition::all();
    case FailureCategory::Deleted:
        return Condition::deleted(DeletionState::Deleted);
    }
    return Condition::all();
}

} // namespace wci
