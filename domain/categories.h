#pragma once

// The Wow dashboard's failure categories (docs/wire-protocol.md §9.1) as Conditions, plus All and
// Deleted. `now` is epoch ms at query time.

#include "query.h"

namespace wci {

enum class FailureCategory { ToRetry, Executing, NextRetry, NonRetryable, Succeeded, Unrecoverable, All, Deleted };
inline constexpr std::array<FailureCategory, 8> allFailureCategories = {
    FailureCategory::ToRetry,   FailureCategory::Executing,     FailureCategory::NextRetry, FailureCategory::NonRetryable,
    FailureCategory::Succeeded, FailureCategory::Unrecoverable, FailureCategory::All,       FailureCategory::Deleted,
};

QString categoryName(FailureCategory c);     // "To retry", ... in the UI language
QString categoryRoute(FailureCategory c);    // "to-retry", as the dashboard's routes
std::optional<FailureCategory> categoryByRoute(QStringView route);
Condition categoryCondition(FailureCategory c, qint64 now);

} // namespace wci
