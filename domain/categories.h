#pragma once

// The Wow dashboard's failure categories (docs/wire-protocol.md §9.1) as Conditions, plus Active
// (Wow 9.2's view: FAILED or PREPARED), All and Deleted. On the local clock, `now` (epoch ms at
// query time) is written into the condition, as the 8.10 dashboard does; on the server's clock
// (Wow ≥ 9.2) the conditions use BEFORE_NOW / AFTER_NOW, which the server evaluates on its own
// clock, strictly, as Wow 9.2's dashboard does.

#include "aggregation.h"
#include "query.h"

#include <array>
#include <optional>

namespace wci {

enum class FailureCategory { ToRetry, Executing, NextRetry, NonRetryable, Succeeded, Unrecoverable, Active, All, Deleted };
inline constexpr std::array<FailureCategory, 9> allFailureCategories = {
    FailureCategory::ToRetry,   FailureCategory::Executing,     FailureCategory::NextRetry,
    FailureCategory::NonRetryable, FailureCategory::Succeeded, FailureCategory::Unrecoverable,
    FailureCategory::Active,    FailureCategory::All,           FailureCategory::Deleted,
};
enum class CategoryClock { Local, Server };

QString categoryName(FailureCategory c);     // "To retry", "Due for retry", ... in the UI language
QString categoryRoute(FailureCategory c);    // "to-retry", as the dashboard's routes
std::optional<FailureCategory> categoryByRoute(QStringView route);
Condition categoryCondition(FailureCategory c, qint64 now, CategoryClock clock = CategoryClock::Local);

// Every category's count in one aggregation query: no groupBy, a COUNT per category whose filter
// is the category's condition. The query's filter takes every deletion state; a category that
// is not a single DELETED gets the count query's default (not deleted) in its metric's filter.
AggregationQuery categoryCountsQuery(qint64 now, CategoryClock clock = CategoryClock::Local);
// The counts, in the order of allFailureCategories, from that query's rows; nullopt when the
// rows are not one row with a number for every category.
std::optional<std::array<qint64, allFailureCategories.size()>> categoryCountsFromRows(const std::vector<AggregationRow> &rows);

} // namespace wci
