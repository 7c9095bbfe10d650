#pragma once

// Wow 9.x's AggregationQuery (docs/wire-protocol.md §8.6): a filter, buckets (TERMS, HISTOGRAM,
// DATE_HISTOGRAM), metrics per bucket (COUNT with its own filter, NUMERIC SUM / AVG / MIN / MAX,
// DISTINCT_COUNT), a sort over aliases and a limit; its rows, flat objects keyed by alias; and
// the in-memory aggregation over documents that engines without an aggregation of their own
// use, and that the SQL compiler is tested against.

#include "condition_evaluator.h"
#include "query.h"

#include <QDateTime>

#include <algorithm>
#include <vector>

namespace wci {

enum class GroupByType { Terms, Histogram, DateHistogram };
// DATE_HISTOGRAM's calendar units (a bucket starts at the unit's start in the time zone; weeks
// start on Monday, as java.time's ISO weeks do).
enum class DateUnit { Second, Minute, Hour, Day, Week, Month, Quarter, Year };
enum class MetricType { Count, Numeric, DistinctCount };
enum class NumericFunction { Sum, Avg, Min, Max };

struct Grouping {
    GroupByType type = GroupByType::Terms;
    QString field;
    QString alias;             // the row key; the field when empty
    QJsonValue missingKey;     // Undefined: documents without the field get the key null
    double interval = 0;       // HISTOGRAM: bucket width (> 0)
    DateUnit unit = DateUnit::Day;
    QString timeZone;          // DATE_HISTOGRAM: a Java ZoneId; empty = UTC
    bool dense = false;        // fill the empty buckets between the first and last one
    QString key() const { return alias.isEmpty() ? field : alias; }
};

struct Metric {
    MetricType type = MetricType::Count;
    NumericFunction function = NumericFunction::Sum;
    QString field;                   // NUMERIC / DISTINCT_COUNT: expression {"type":"FIELD","field":…}
    QString alias;
    std::optional<Condition> filter; // COUNT: counts only the documents that match it too
};

struct AggregationQuery {
    static constexpr int kDefaultLimit = 100;
    static constexpr int kMaxGroupBy = 32;
    static constexpr int kMaxMetrics = 64;

    Condition filter; // MATCH_ALL by default
    std::vector<Grouping> groupBy;
    std::vector<Metric> metrics;
    std::vector<Sort> sort; // aliases only
    int limit = kDefaultLimit;

    // Wow's JSON; features Wow has and we do not (PERCENTILE, DERIVED, having, elements, …)
    // are refused with an error naming them, never ignored.
    static Result<AggregationQuery> fromJson(const QJsonValue &json);
    static Result<AggregationQuery> fromJsonBytes(const QByteArray &bytes);
    QJsonObject toJson() const;
    QByteArray toJsonBytes() const;
    // Aliases unique, sort names an alias and needs a groupBy, bounds of §8.6.
    std::optional<DomainError> validate() const;
    // The row keys in order: group keys, then metrics.
    QStringList aliases() const;
};

// One row: values in the order of AggregationQuery::aliases().
struct AggregationRow {
    std::vector<std::pair<QString, QJsonValue>> values;
    QJsonValue value(const QString &alias) const;
    static AggregationRow read(const JsonReader &r);
    void write(JsonWriter &w) const;
    QByteArray toJsonBytes() const;
    friend bool operator==(const AggregationRow &, const AggregationRow &) = default;
};
QByteArray aggregationRowsJson(const std::vector<AggregationRow> &rows);
Result<std::vector<AggregationRow>> aggregationRowsFromJsonBytes(const QByteArray &bytes);

// The start (epoch ms) of the DATE_HISTOGRAM bucket holding `ms`, in `zone`.
qint64 dateBucketStart(qint64 ms, DateUnit unit, const QTimeZone &zone);
// The start of the bucket after the one starting at `start`.
qint64 nextDateBucket(qint64 start, DateUnit unit, const QTimeZone &zone);
// The key of a HISTOGRAM bucket: floor(value / interval) * interval, integral when it is one.
QJsonValue histogramKey(double value, double interval);

// Ordering of rows after aggregation: the query's sort, then every group key ascending (nulls
// first), so results are deterministic; then the limit. `dense` buckets are filled before.
// Shared by the in-memory aggregation and the engines. A dense fill of more than
// kMaxResidualGroups buckets is refused (RESIDUAL_GROUPS_EXCEEDED), as Wow does.
inline constexpr int kMaxResidualGroups = 10000;
std::optional<DomainError> finishRows(const AggregationQuery &query, std::vector<AggregationRow> &rows);

// The reference aggregation over documents of one kind, in memory.
Result<std::vector<AggregationRow>> aggregateDocuments(const AggregationQuery &query,
                                                      const std::vector<QJsonObject> &documents, DocumentKind kind,
                                                      const EvaluationContext &ctx);

// One group's running COUNT or NUMERIC metric (DISTINCT_COUNT keeps its own set), shared by the
// in-memory aggregation and engines that add rows up themselves.
struct MetricAccumulator {
    qint64 count = 0; // COUNT: documents counted
    qint64 n = 0;     // NUMERIC: values seen
    double sum = 0, min = 0, max = 0;
    void addNumber(double v)
    {
        min = n == 0 ? v : std::min(min, v);
        max = n == 0 ? v : std::max(max, v);
        sum += v;
        ++n;
    }
    // The row's value: COUNT an integer, NUMERIC a number or null when nothing contributed.
    QJsonValue value(const Metric &metric) const;
};

// Incremental form of the same, for scans that read page by page.
class Aggregator {
public:
    Aggregator(AggregationQuery query, DocumentKind kind, EvaluationContext ctx);
    ~Aggregator();
    Aggregator(const Aggregator &) = delete;
    Aggregator &operator=(const Aggregator &) = delete;
    // Adds a document (which must already match the query's filter); false + error on a
    // malformed metric filter or time zone.
    Result<bool> add(const QJsonObject &document);
    Result<std::vector<AggregationRow>> rows() const;

private:
    struct Bucket;
    AggregationQuery m_query;
    DocumentKind m_kind;
    ConditionEvaluator m_eval;
    std::vector<QTimeZone> m_zones;
    QHash<QByteArray, int> m_index;
    std::vector<Bucket> m_buckets;
};

// The value at a dotted path through objects (no array fan-out); Undefined when missing.
QJsonValue valueAtPath(const QJsonObject &document, const QString &path);

} // namespace wci
