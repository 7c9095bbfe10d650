#pragma once

// Evaluates a Condition against one JSON document in memory, with the semantics of Wow's
// Mongo converter (docs/wire-protocol.md §8.2, §8.3): dotted paths that fan out over arrays, type-bracketed
// comparisons, NE / NOT_IN / NULL matching missing fields, date operators computed from
// `now` in the condition's zone. It is the reference the SQL compiler is tested against.

#include "query.h"

#include <QTimeZone>

namespace wci {

enum class DocumentKind {
    Snapshot,    // stored snapshot document (ID → aggregateId)
    EventStream, // DomainEventStream document (ID → id)
    State,       // bare ExecutionFailedState (ID → id; tenant "(0)", owner "", never deleted)
};

struct EvaluationContext {
    qint64 now = 0;                                    // epoch ms
    QTimeZone defaultZone = QTimeZone::systemTimeZone(); // when the condition has no zoneId
};

// The [from, to] epoch-ms bounds (or upper bound only) a date operator stands for.
struct TimeBounds {
    std::optional<qint64> from; // inclusive
    qint64 to = 0;              // inclusive for ranges, exclusive for BEFORE_TODAY / EARLIER_DAYS
    bool upperExclusive = false;
    QDateTime fromTime, toTime; // same bounds as date-times in the zone (for datePattern)
};
Result<TimeBounds> timeBounds(const Condition &condition, const EvaluationContext &ctx);
// Java date pattern (yyyy-MM-dd HH:mm:ss.SSS) → Qt format string.
QString qtDatePattern(const QString &javaPattern);

class ConditionEvaluator {
public:
    explicit ConditionEvaluator(EvaluationContext ctx = {}) : m_ctx(std::move(ctx)) {}

    // IllegalArgument when the condition is malformed (see Condition::validate) or names an
    // unknown zone; otherwise whether the document matches.
    Result<bool> matches(const Condition &condition, const QJsonObject &document, DocumentKind kind) const;

private:
    bool eval(const Condition &c, const QJsonObject &doc, DocumentKind kind, std::optional<DomainError> &err) const;
    EvaluationContext m_ctx;
};

} // namespace wci
