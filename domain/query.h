#pragma once

// Wow's query DSL (docs/wire-protocol.md §7.2, §8): Condition, Sort, Projection, Pagination and the
// list / paged / single query envelopes, plus PagedList.

#include "wire_types.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QTimeZone>

#include <vector>

namespace wci {

struct Condition {
    QString field;
    Operator op = Operator::All;
    QJsonValue value = QString(); // Wow's default is ""
    std::vector<Condition> children;
    QJsonObject options;

    bool ignoreCase() const { return options.value(QLatin1String("ignoreCase")).toBool(false); }
    QString zoneId() const { return options.value(QLatin1String("zoneId")).toString(); }
    QString datePattern() const { return options.value(QLatin1String("datePattern")).toString(); }
    // Wow 9.x `timeUnit` of a numeric time field (Java TimeUnit name); MILLISECONDS when absent.
    QString timeUnit() const { return options.value(QLatin1String("timeUnit")).toString(QStringLiteral("MILLISECONDS")); }
    // Number of nodes in the tree (the HTTP guard limits it).
    int nodeCount() const;
    // Does this operator use `field`?
    static bool usesField(Operator op);
    // TODAY ... EARLIER_DAYS, BEFORE_TODAY, YESTERDAY ... NEXT_YEAR: bounds computed from "now"
    // in a zone (see timeBounds).
    static bool isDateOperator(Operator op);
    // BEFORE_NOW / AFTER_NOW: `field` before / after now + the ISO-8601 duration in `value`
    // ("" = PT0S), strictly.
    static bool isNowOperator(Operator op) { return op == Operator::BeforeNow || op == Operator::AfterNow; }
    // Checks the shape Wow's converters require (children, value types) so that every
    // evaluator can rely on it; names the offending node.
    std::optional<DomainError> validate() const;

    static Condition all() { return {}; }
    static Condition leaf(QString field, Operator op, QJsonValue value = QString());
    static Condition eq(QString field, QJsonValue value) { return leaf(std::move(field), Operator::Eq, value); }
    static Condition in(QString field, QJsonArray values) { return leaf(std::move(field), Operator::In, values); }
    static Condition logical(Operator op, std::vector<Condition> children);
    static Condition and_(std::vector<Condition> children) { return logical(Operator::And, std::move(children)); }
    static Condition or_(std::vector<Condition> children) { return logical(Operator::Or, std::move(children)); }
    static Condition nor_(std::vector<Condition> children) { return logical(Operator::Nor, std::move(children)); }
    static Condition id(QString id);
    static Condition deleted(DeletionState state);

    WCI_WIRE_TYPE(Condition)
};

struct Sort {
    QString field;
    SortDirection direction = SortDirection::Asc;
    WCI_WIRE_TYPE(Sort)
};

struct Projection {
    QStringList include;
    QStringList exclude;
    bool isEmpty() const { return include.isEmpty() && exclude.isEmpty(); }
    WCI_WIRE_TYPE(Projection)
};

struct Pagination {
    int index = 1;
    int size = 10;
    qint64 offset() const { return (static_cast<qint64>(index) - 1) * size; }
    WCI_WIRE_TYPE(Pagination)
};

struct ListQuery {
    Condition condition;
    Projection projection;
    std::vector<Sort> sort;
    int limit = 0; // 0 = unlimited in Wow's API; HTTP requires 1..1000
    WCI_WIRE_TYPE(ListQuery)
};

struct PagedQuery {
    Condition condition;
    Projection projection;
    std::vector<Sort> sort;
    Pagination pagination;
    WCI_WIRE_TYPE(PagedQuery)
};

struct SingleQuery {
    Condition condition;
    Projection projection;
    std::vector<Sort> sort;
    WCI_WIRE_TYPE(SingleQuery)
};

// {"total": int64, "list": [...]}. T needs read/write like every wire type.
template <typename T>
struct PagedList {
    qint64 total = 0;
    std::vector<T> list;

    static PagedList read(const JsonReader &r)
    {
        PagedList p;
        p.total = r.int64(QLatin1StringView("total"));
        p.list = r.list<T>(QLatin1StringView("list"), Presence::Required);
        return p;
    }
    void write(JsonWriter &w) const
    {
        w.beginObject();
        w.field(QLatin1StringView("total"), total);
        w.array(QLatin1StringView("list"), list);
        w.endObject();
    }
    static Result<PagedList> fromJson(const QJsonValue &v) { return decodeJson<PagedList>(v, QStringLiteral("PagedList")); }
    QByteArray toJsonBytes() const { return wci::toJsonBytes(*this); }
    friend bool operator==(const PagedList &, const PagedList &) = default;
};

// Wow 9.0's CursorQuery (docs/wire-protocol.md §8.7): keyset paging. `cursor` is the opaque token
// of the previous page (empty: the first page); the server appends the identity field to the
// sort as the tiebreaker. Bodies take only `filter` (the 9.x dialect).
struct CursorQuery {
    static constexpr int kDefaultSize = 10;
    Condition condition;
    Projection projection;
    std::vector<Sort> sort;
    int size = kDefaultSize;
    QString cursor;
    // Wow's JSON ({"filter", "projection", "sort", "size", "cursor"}); unknown properties and a
    // legacy `condition` are refused.
    static Result<CursorQuery> fromJson(const QJsonValue &json);
    QByteArray toJsonBytes() const;
    friend bool operator==(const CursorQuery &, const CursorQuery &) = default;
};

// {"list": [...], "nextCursor": "…" | null}. No total.
template <typename T>
struct CursorPage {
    std::vector<T> list;
    QString nextCursor; // empty: the last page

    static CursorPage read(const JsonReader &r)
    {
        CursorPage p;
        p.list = r.list<T>(QLatin1StringView("list"), Presence::Required);
        p.nextCursor = r.string(QLatin1StringView("nextCursor"), Presence::Optional);
        return p;
    }
    void write(JsonWriter &w) const
    {
        w.beginObject();
        w.array(QLatin1StringView("list"), list);
        w.key(QLatin1StringView("nextCursor"));
        if (nextCursor.isEmpty())
            w.null();
        else
            w.value(nextCursor);
        w.endObject();
    }
    static Result<CursorPage> fromJsonBytes(const QByteArray &b) { return decodeJsonBytes<CursorPage>(b, QStringLiteral("CursorPage")); }
    QByteArray toJsonBytes() const { return wci::toJsonBytes(*this); }
    friend bool operator==(const CursorPage &, const CursorPage &) = default;
};

std::optional<DeletionState> deletionStateOf(const QJsonValue &value);

// Wow's server-side rewriting (docs/wire-protocol.md §7.3): tenant "(0)" appended; for snapshot queries
// deleted=false appended unless the condition names DELETED at the root or as an AND child.
Condition rewriteQueryCondition(const Condition &condition, bool snapshotQuery);

// Resolves a Java ZoneId string as Wow does with ZoneId.of: region ids ("Asia/Shanghai"),
// "Z", "UTC"/"GMT", and offsets ("+08:00", "-0530", "GMT+8", "UTC+08:00"). Anything else
// (including POSIX TZ strings that QTimeZone would accept) → nullopt.
std::optional<QTimeZone> resolveZoneId(const QString &zoneId);

// Java's Duration.parse ("PT0S", "-PT30M", "P1DT2H", "PT1.5S") → milliseconds (finer digits are
// dropped); nullopt for anything else.
std::optional<qint64> parseIsoDurationMs(const QString &text);

// Epoch milliseconds in a Java TimeUnit (NANOSECONDS ... DAYS), truncated toward zero as
// TimeUnit.convert does; nullopt for an unknown unit.
std::optional<qint64> millisInTimeUnit(qint64 ms, const QString &unit);

} // namespace wci
