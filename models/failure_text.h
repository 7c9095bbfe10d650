#pragma once

// Words and times for people: how the list and the details pane format dates, durations and
// countdowns, and what the engine will do next with a failure. Pure functions of their
// arguments ("now" is a parameter), so they are unit-tested without a clock.

#include "wire_types.h"

namespace wci {

// "2026-11-26 19:04:58" in local time or UTC; "—" for 0.
QString formatDateTime(qint64 epochMs, bool utc);
// "4m 10s", "3h 12m", "2d 3h", "850 ms".
QString formatDuration(qint64 ms);
// "in 4m 10s", "3m ago", "now".
QString formatRelative(qint64 epochMs, qint64 now);

// What the engine (its scheduler) will do next with this failure, in one sentence:
// "Next retry in 4m 10s.", "Retry limit reached: 10 / 10 — use Force retry or raise the limit.", ...
QString describeNextStep(const ExecutionFailedState &state, bool deleted, qint64 now);

// A short status for the badge: "FAILED", "EXECUTING", "SUCCEEDED", "DELETED", ...
QString statusBadge(const ExecutionFailedState &state, bool deleted, qint64 now);

// Words for an event name: "compensation_prepared" → "Prepared".
QString describeEventName(const QString &eventName);

} // namespace wci
