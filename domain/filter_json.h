#pragma once

// The two JSON dialects of one Condition tree (docs/wire-protocol.md §8.5):
//  - Wow 8.10's condition, {"operator":…, "field", "value", "children", "options"}: Condition's own
//    read/write (query.h), which also carries the 9.x-only operators under their 9.x names so that
//    any tree can be stored and sent to the evaluator; legacyConditionJson is the checked form for
//    an 8.10 server;
//  - Wow 9.x's FilterExpression, {"op":…} with a payload per operator ("values", "operands",
//    "predicate", "lowerBound"/"upperBound", "state", "offset", "stringComparison", …).

#include "query.h"

namespace wci {

// A 9.x filter. A root node without "op" is read as a legacy condition (as Wow does; neither
// key → match all); a nested node must use "op". Errors (IllegalArgument) carry Wow's texts.
Result<Condition> filterFromJson(const QJsonValue &json);
Result<Condition> filterFromJsonBytes(const QByteArray &bytes);

// The 9.x form of a condition. 8.10-only shapes are rewritten to their 9.x equivalents (TRUE →
// EQ true, EXISTS false → NOT_EXISTS, IN [] → MATCH_NONE, a null in IN / NOT_IN → IS_NULL /
// IS_NOT_NULL beside it); RAW is an error.
Result<QJsonObject> filterToJson(const Condition &condition);

// Why the condition cannot be sent to a Wow 8.10 server (names the first 9.x-only operator or
// option), or nullopt.
std::optional<DomainError> legacyDialectError(const Condition &condition);
// The 8.10 form: Condition::toJson, or legacyDialectError's error.
Result<QJsonObject> legacyConditionJson(const Condition &condition);

// BEFORE_NOW / AFTER_NOW rewritten as LT / GT of `now` plus their offset, in the field's time
// unit (or as a date text in their pattern and zone, UTC by default), for a Wow 8.10 server
// when the caller accepts this computer's clock; every other node unchanged. IllegalArgument
// for a malformed offset or an unknown zone.
Result<Condition> nowOperatorsAt(const Condition &condition, qint64 now);

} // namespace wci
