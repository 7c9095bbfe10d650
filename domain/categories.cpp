#include "categories.h"

#include "field_paths.h"

#include <QCoreApplication>

namespace wci {

using namespace Qt::StringLiterals;

QString categoryName(FailureCategory c)
{
    switch (c) {
    case FailureCategory::ToRetry: return QCoreApplication::translate("wci::Category", "To retry");
    case FailureCategory::Executing: return QCoreApplication::translate("wci::Category", "Executing");
    case FailureCategory::NextRetry: return QCoreApplication::translate("wci::Category", "Due for retry");
    case FailureCategory::NonRetryable: return QCoreApplication::translate("wci::Category", "Non-retryable");
    case FailureCategory::Succeeded: return QCoreApplication::translate("wci::Category", "Succeeded");
    case FailureCategory::Unrecoverable: return QCoreApplication::translate("wci::Category", "Unrecoverable");
    case FailureCategory::Active: return QCoreApplication::translate("wci::Category", "Active");
    case FailureCategory::All: return QCoreApplication::translate("wci::Category", "All");
    case FailureCategory::Deleted: return QCoreApplication::translate("wci::Category", "Deleted");
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
    case FailureCategory::Active: return u"active"_s;
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

Condition categoryCondition(FailureCategory c, qint64 now, CategoryClock clock)
{
    if (clock == CategoryClock::Server) {
        // Wow 9.2's dashboard: the server reads its clock once per query; BEFORE_NOW is strict.
        const auto timedOut = [] { return Condition::leaf(field::timeoutAt, Operator::BeforeNow, u"PT0S"_s); };
        const auto toRetry = [&] {
            return std::vector<Condition>{
                Condition::in(field::recoverable, QJsonArray{u"RECOVERABLE"_s, u"UNKNOWN"_s}),
                Condition::eq(field::isRetryable, true),
                Condition::or_({Condition::eq(field::status, u"FAILED"_s),
                                Condition::and_({Condition::eq(field::status, u"PREPARED"_s), timedOut()})}),
            };
        };
        switch (c) {
        case FailureCategory::ToRetry: return Condition::and_(toRetry());
        case FailureCategory::Executing:
            return Condition::and_({Condition::eq(field::status, u"PREPARED"_s), Condition::nor_({timedOut()})});
        case FailureCategory::NextRetry: {
            auto parts = toRetry();
            parts.push_back(Condition::nor_({Condition::leaf(field::nextRetryAt, Operator::AfterNow, u"PT0S"_s)}));
            return Condition::and_(std::move(parts));
        }
        default: break; // the rest do not depend on the time
        }
    }
    const auto recoverableOrUnknown = [] {
        return Condition::in(field::recoverable, QJsonArray{u"RECOVERABLE"_s, u"UNKNOWN"_s});
    };
    const auto failedOrTimedOut = [now] {
        return Condition::or_({
            Condition::eq(field::status, u"FAILED"_s),
            Condition::and_({Condition::eq(field::status, u"PREPARED"_s),
                             Condition::leaf(field::timeoutAt, Operator::Lte, QJsonValue(now))}),
        });
    };
    const auto failedOrPrepared = [] { return Condition::in(field::status, QJsonArray{u"FAILED"_s, u"PREPARED"_s}); };
    switch (c) {
    case FailureCategory::ToRetry:
        return Condition::and_({recoverableOrUnknown(), Condition::eq(field::isRetryable, true), failedOrTimedOut()});
    case FailureCategory::Executing:
        return Condition::and_({Condition::eq(field::status, u"PREPARED"_s),
                                Condition::leaf(field::timeoutAt, Operator::Gt, QJsonValue(now))});
    case FailureCategory::NextRetry:
        return Condition::and_({recoverableOrUnknown(), Condition::eq(field::isRetryable, true),
                                Condition::leaf(field::nextRetryAt, Operator::Lte, QJsonValue(now)),
                                failedOrTimedOut()});
    case FailureCategory::NonRetryable:
        return Condition::and_({recoverableOrUnknown(), failedOrPrepared(),
                                Condition::eq(field::isBelowRetryThreshold, false)});
    case FailureCategory::Succeeded:
        return Condition::eq(field::status, u"SUCCEEDED"_s);
    case FailureCategory::Unrecoverable:
        return Condition::and_({Condition::eq(field::recoverable, u"UNRECOVERABLE"_s), failedOrPrepared()});
    case FailureCategory::Active:
        return failedOrPrepared();
    case FailureCategory::All:
        return Condition::all();
    case FailureCategory::Deleted:
        return Condition::deleted(DeletionState::Deleted);
    }
    return Condition::all();
}

namespace {
QString countAlias(FailureCategory c)
{
    return QStringLiteral("c%1").arg(int(c));
}

// A count query's deletion scope (§7.3 of the wire protocol): only a condition that is a single
// DELETED sets its own; any other counts the failures that are not deleted.
Condition withDefaultScope(const Condition &c)
{
    return c.op == Operator::Deleted ? c : Condition::and_({Condition::deleted(DeletionState::Active), c});
}
} // namespace

AggregationQuery categoryCountsQuery(qint64 now, CategoryClock clock)
{
    AggregationQuery q;
    q.filter = Condition::deleted(DeletionState::All);
    for (auto c : allFailureCategories) {
        Metric m;
        m.type = MetricType::Count;
        m.alias = countAlias(c);
        m.filter = withDefaultScope(categoryCondition(c, now, clock));
        q.metrics.push_back(std::move(m));
    }
    return q;
}

std::optional<std::array<qint64, allFailureCategories.size()>> categoryCountsFromRows(const std::vector<AggregationRow> &rows)
{
    if (rows.size() != 1)
        return std::nullopt;
    std::array<qint64, allFailureCategories.size()> out{};
    for (size_t i = 0; i < allFailureCategories.size(); ++i) {
        const QJsonValue v = rows.front().value(countAlias(allFailureCategories[i]));
        if (!v.isDouble())
            return std::nullopt;
        out[i] = v.toInteger();
    }
    return out;
}

} // namespace wci
