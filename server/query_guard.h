#pragma once

// Wow's HTTP query guard (docs/wire-protocol.md §7.4, v8.10.9+): limits applied to every query that
// arrives over HTTP, with Wow's messages. Configurable; on by default.

#include "query.h"

namespace wci {

struct QueryGuardConfig {
    bool enabled = true;
    int maxListSize = 1000;
    int maxPageSize = 100;
    qint64 maxPageWindow = 10000;
    int maxConditionNodes = 64;
    int maxConditionValues = 1000;
    bool allowExpensiveOperators = false;
    bool allowRaw = false;
    // Wow 9.x: rejections carry a binding error with a code (SIZE_OUT_OF_RANGE, FILTER_TOO_LARGE,
    // EXPENSIVE_OPERATOR_DISABLED, COUNT_REQUIRES_FILTER) and speak of "filter" nodes.
    bool codes = false;
};

enum class GuardedQuery { List, Paged, Single, Count };

std::optional<DomainError> guardListLimit(const QueryGuardConfig &g, int limit);
std::optional<DomainError> guardPagination(const QueryGuardConfig &g, const Pagination &p);
// Wow 9.x: a cursor page's size (1 .. the page limit) and an aggregation's limit (1 .. the list limit).
std::optional<DomainError> guardCursorSize(const QueryGuardConfig &g, int size);
std::optional<DomainError> guardAggregationLimit(const QueryGuardConfig &g, int limit);
// `condition` is the rewritten one (tenant appended), as Wow checks it.
std::optional<DomainError> guardCondition(const QueryGuardConfig &g, const Condition &condition, GuardedQuery type);

} // namespace wci
