#pragma once

// Words and times for people: how the list and the details pane format dates, durations and
// countdowns, and what the engine will do next with a failure. Pure functions of their
// arguments ("now" is a parameter), so they are unit-tested without a clock.

#include "engine_error.h"
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

// What the status badge shows: the stored status, with Prepared told apart by its timeout
// (executing or timed out), or Deleted.
enum class StatusBadge { Failed, Executing, TimedOut, Succeeded, Deleted };
StatusBadge statusBadgeOf(const ExecutionFailedState &state, bool deleted, qint64 now);
// The badge's words: Wow's status ("FAILED", "PREPARED", "SUCCEEDED"), "PREPARED · TIMED OUT", "DELETED".
QString badgeText(StatusBadge badge);
// Both at once: badgeText(statusBadgeOf(state, deleted, now)).
QString statusBadge(const ExecutionFailedState &state, bool deleted, qint64 now);

// Words for an event name: "compensation_prepared" → "Prepared".
QString describeEventName(const QString &eventName);
// What went wrong with an engine call, in words that say whether anything reached the engine:
// "Could not reach the server … nothing was sent", "The server did not answer … it may or may
// not have been applied", or "The engine refused it: CODE — message".
QString describeEngineError(const EngineError &error);

} // namespace wci
