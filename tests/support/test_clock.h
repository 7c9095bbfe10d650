#pragma once

// The tests' fixed "now": demo data is seeded around it and engines are opened on it, so
// category counts and retry times do not depend on the day the tests run.

#include <QtGlobal>

namespace wci::testing {

inline constexpr qint64 kNow = 1767225600000; // 2026-01-01T00:00:00Z

} // namespace wci::testing
