// The built-in engine's counts: from the per-bucket counts where they suffice, split by
// status and by complement where that reads less, otherwise over the tables.

#include "builtin_engine_impl.h"
#include "field_paths.h"

#include "condition_compiler.h"
#include "run_at_once.h"

#include <cmath>
#include <functional>

namespace wci {

bool BuiltinEngine::Impl::summaryAnswers(const QSet<QString> &columns)
{
    static const QSet<QString> summary = {u"deleted"_s, u"tenant_id"_s, u"owner_id"_s, u"status"_s,
                                          u"recoverable"_s, u"is_retryable"_s, u"is_below_retry_threshold"_s};
    QSet<QString> rest = columns;
    return rest.subtract(summary).isEmpty();
}

qint64 BuiltinEngine::Impl::countWhere(Connection &c, const QString &table, const Where &w, const QString &extraSql,
                                       const std::vector<sqlite::Value> &extraParams)
{
    auto st = c.prepareGenerated(u"SELECT "_s + (table.endsWith(u"_count"_s) ? u"COALESCE(SUM(s.n), 0)"_s : u"COUNT(*)"_s)
                                + u" FROM "_s + table + u" s WHERE "_s + w.sql + extraSql);
    st->bindAll(w.params);
    st->bindAll(extraParams, int(w.params.size()) + 1);
    st->step();
    return st->int64(0);
}

namespace {

// A status's part as its comparisons of a time (timeout, next retry) with a number, and the rest.
struct TimeLeaves {
    std::vector<Condition> leaves;
    Condition rest;
};

TimeLeaves splitTimeLeaves(const Condition &part)
{
    TimeLeaves out;
    std::vector<Condition> rest;
    const std::function<void(const Condition &)> flatten = [&](const Condition &node) {
        if (node.op == Operator::And) {
            for (const auto &child : node.children)
                flatten(child);
            return;
        }
        const bool comparison = node.op == Operator::Gt || node.op == Operator::Gte || node.op == Operator::Lt || node.op == Operator::Lte;
        const bool time = node.field == field::timeoutAt || node.field == field::nextRetryAt;
        (comparison && time && node.value.isDouble() ? out.leaves : rest).push_back(node);
    };
    flatten(part);
    out.rest = rest.empty() ? Condition::all() : Condition::and_(rest);
    return out;
}

} // namespace

std::optional<qint64> BuiltinEngine::Impl::countByComplement(Connection &c, const Condition &part, const QString &status)
{
    const TimeLeaves split = splitTimeLeaves(part);
    if (split.leaves.size() != 1)
        return std::nullopt;
    const Condition &leaf = split.leaves.front();
    const Condition &rest = split.rest;
    static const QHash<Operator, Operator> opposite = {{Operator::Gt, Operator::Lte}, {Operator::Gte, Operator::Lt},
                                                       {Operator::Lt, Operator::Gte}, {Operator::Lte, Operator::Gt}};
    Condition excluded = leaf;
    excluded.op = opposite.value(leaf.op);
    CompileOptions o;
    o.kind = DocumentKind::Snapshot;
    o.docExpr = kSnapshotDoc;
    o.ctx = evalContext();
    auto restSql = compileCondition(rest, o);
    auto excludedSql = compileCondition(Condition::and_({rest, excluded}), o);
    if (!restSql || !excludedSql || !summaryAnswers(restSql->columns) || excludedSql->residualCount > 0)
        return std::nullopt;
    const Where all{restSql->sql, restSql->params, 0, restSql->columns};
    const Where minus{excludedSql->sql, excludedSql->params, 0, excludedSql->columns};
    std::optional<qint64> out;
    try {
        StepBudget budget(c, options.keyOrderScanBudget);
        const qint64 excludedCount = countWhere(c, u"snapshot"_s, minus, u" AND s.status = ?"_s, {status});
        out = countWhere(c, u"snapshot_count"_s, all, u" AND s.status = ?"_s, {status}) - excludedCount;
    } catch (const SqliteError &e) {
        if (!StepBudget::interrupted(e))
            throw;
    }
    return out;
}

std::optional<qint64> BuiltinEngine::Impl::countByTimeBuckets(Connection &c, const Condition &part, const QString &status)
{
    if (!timeCounts)
        return std::nullopt;
    struct TimeColumn {
        int col;
        QString column; // s.timeout_at
        QString index;  // ranges over this time after the bucket columns, and holds the other
    };
    static const QHash<QString, TimeColumn> timeColumns = {
        {field::timeoutAt, {0, u"s.timeout_at"_s, u"snapshot_category2"_s}},
        {field::nextRetryAt, {1, u"s.next_retry_at"_s, u"snapshot_category_next2"_s}}};
    // A bound as integers: the rows with column < at (upper), or column >= at.
    struct Bound {
        const TimeColumn *time;
        bool upper;
        qint64 at;
        QString sql(bool negated) const { return time->column + ((upper != negated) ? u" < ?"_s : u" >= ?"_s); }
    };
    const TimeLeaves split = splitTimeLeaves(part);
    std::vector<Bound> bounds;
    for (const Condition &t : split.leaves) {
        const double v = t.value.toDouble();
        if (std::abs(v) > 9.0e15)
            return std::nullopt;
        const TimeColumn *time = &*timeColumns.find(t.field);
        for (const Bound &b : bounds) {
            if (b.time == time)
                return std::nullopt; // two bounds on one time: an index range does better
        }
        if (t.op == Operator::Lt || t.op == Operator::Lte)
            bounds.push_back({time, true, t.op == Operator::Lt ? qint64(std::ceil(v)) : qint64(std::floor(v)) + 1});
        else
            bounds.push_back({time, false, t.op == Operator::Gte ? qint64(std::ceil(v)) : qint64(std::floor(v)) + 1});
    }
    if (bounds.empty() || bounds.size() > 2)
        return std::nullopt;
    CompileOptions o;
    o.kind = DocumentKind::Snapshot;
    o.docExpr = kSnapshotDoc;
    o.ctx = evalContext();
    auto restSql = compileCondition(split.rest, o);
    if (!restSql || !summaryAnswers(restSql->columns) || restSql->residualCount > 0)
        return std::nullopt;
    const Where w{restSql->sql, restSql->params, 0, restSql->columns};
    const auto floorDiv = [](qint64 a, qint64 b) { return a / b - (a % b < 0); };
    // Snapshots whose time `col` is in a second after lower's: the hours after its hour (cols
    // by the hour), and the seconds after its second within that hour.
    const auto afterSecond = [&](int col, qint64 lower) {
        const qint64 sec = floorDiv(lower, 1000), hour = floorDiv(lower, kHourMs);
        return countWhere(c, u"snapshot_time_count"_s, w, u" AND s.status = ? AND s.col = ? AND s.sec > ?"_s,
                          {status, qint64(col + kHourCols), hour})
            + countWhere(c, u"snapshot_time_count"_s, w, u" AND s.status = ? AND s.col = ? AND s.sec > ? AND s.sec < ?"_s,
                         {status, qint64(col), sec, (hour + 1) * (kHourMs / 1000)});
    };
    // Rows at or after `lower`: those in the seconds after its own, and the rows of its second.
    const auto atOrAfter = [&](const TimeColumn &t, qint64 lower) {
        const qint64 sec = floorDiv(lower, 1000);
        return afterSecond(t.col, lower)
            + countWhere(c, u"snapshot"_s, w, u" AND s.status = ? AND "_s + t.column + u" >= ? AND "_s + t.column + u" < ?"_s,
                         {status, lower, (sec + 1) * 1000});
    };
    const qint64 total = countWhere(c, u"snapshot_count"_s, w, u" AND s.status = ?"_s, {status});
    const auto without = [&](const TimeColumn &t) {
        return countWhere(c, u"snapshot_time_count"_s, w, u" AND s.status = ? AND s.col = ? AND s.sec = ?"_s,
                          {status, qint64(t.col), kNoTimeSecond});
    };
    // Rows on a bound's side; the rows before it are the total less those after it and those
    // without the time.
    const auto side = [&](const Bound &b) {
        return b.upper ? total - without(*b.time) - atOrAfter(*b.time, b.at) : atOrAfter(*b.time, b.at);
    };
    if (bounds.size() == 1)
        return side(bounds.front());
    const Bound &a = bounds[0], &b = bounds[1];
    if (a.upper && b.upper && std::abs(a.at - b.at) <= 1000) {
        // Both times before their bounds (Due for retry's prepared part): the later time before
        // the smaller bound, from col 2's units ahead of it, plus the rows whose other time
        // lies between the two bounds (none when they are equal, as in every category; the
        // server clock's categories differ by a millisecond).
        const Bound &lo = a.at <= b.at ? a : b;
        const Bound &hi = &lo == &a ? b : a;
        const qint64 sec = floorDiv(lo.at, 1000), end = (sec + 1) * 1000;
        const QString timeout = u"s.timeout_at"_s, next = u"s.next_retry_at"_s;
        // The rows of lo's second whose later time is in it, at or after lo.at: one time in
        // [lo.at, end) and the other before end, counted once.
        const qint64 laterAtOrAfter = afterSecond(2, lo.at)
            + countWhere(c, u"snapshot"_s, w, u" AND s.status = ? AND "_s + timeout + u" >= ? AND "_s + timeout + u" < ? AND "_s + next + u" < ?"_s,
                         {status, lo.at, end, end})
            + countWhere(c, u"snapshot"_s, w, u" AND s.status = ? AND "_s + next + u" >= ? AND "_s + next + u" < ? AND "_s + timeout + u" < ?"_s,
                         {status, lo.at, end, lo.at});
        const qint64 withoutLater = countWhere(c, u"snapshot_time_count"_s, w, u" AND s.status = ? AND s.col = 2 AND s.sec = ?"_s,
                                               {status, kNoTimeSecond});
        qint64 n = total - withoutLater - laterAtOrAfter;
        if (hi.at > lo.at)
            n += countWhere(c, u"snapshot"_s, w, u" AND s.status = ? AND "_s + hi.time->column + u" >= ? AND "_s + hi.time->column
                                + u" < ? AND "_s + lo.time->column + u" < ?"_s, {status, lo.at, hi.at, lo.at});
        return n;
    }
    // Two bounds on the two times: read the fewest rows. Either the rows on one bound's side,
    // checking the other bound, or (when every row has the time) the rows on the other side of
    // one bound, subtracted from the other bound's side.
    const qint64 na = side(a), nb = side(b), nullsA = without(*a.time), nullsB = without(*b.time);
    const qint64 ma = total - nullsA - na, mb = total - nullsB - nb;
    const auto scan = [&](const Bound &read, bool negated, const Bound &check) {
        auto st = c.prepareGenerated(u"SELECT COUNT(*) FROM snapshot AS s INDEXED BY "_s + read.time->index + u" WHERE "_s + w.sql
                                    + u" AND s.status = ? AND "_s + read.sql(negated) + u" AND "_s + check.sql(false));
        st->bindAll(w.params);
        st->bindAll({status, read.at, check.at}, int(w.params.size()) + 1);
        st->step();
        return st->int64(0);
    };
    struct Plan {
        qint64 rows;
        int kind; // 0: a's side, 1: b's side, 2: b's side less not-a, 3: a's side less not-b
    };
    std::vector<Plan> plans = {{na, 0}, {nb, 1}};
    if (nullsA == 0)
        plans.push_back({ma, 2});
    if (nullsB == 0)
        plans.push_back({mb, 3});
    const Plan best = *std::min_element(plans.begin(), plans.end(), [](const Plan &x, const Plan &y) { return x.rows < y.rows; });
    switch (best.kind) {
    case 0: return scan(a, false, b);
    case 1: return scan(b, false, a);
    case 2: return nb - scan(a, true, b);
    default: return na - scan(b, true, a);
    }
}

qint64 BuiltinEngine::Impl::count(const Condition &condition, bool snapshots, bool scoped)
{
    const Where w = where(condition, snapshots, false, scoped);
    auto lease = reader();
    if (snapshots && w.residuals == 0 && summaryAnswers(w.columns))
        return countWhere(*lease, u"snapshot_count"_s, w);
    if (snapshots && w.residuals == 0 && w.columns.contains(u"status"_s)) {
        // Split by status: each part is answered by the bucket counts when it can, and
        // otherwise by an index range that starts with that status.
        const Condition rewritten = scoped ? condition : rewriteQueryCondition(condition, true);
        qint64 total = 0;
        // The parts that read more than the bucket counts run at once (runAtOnce), each on a
        // reader of its own (Due for retry: the FAILED part's per-second counts and the
        // PREPARED part's index range, about 2.5 and 3.5 ms at 10^6).
        std::vector<std::function<qint64(Connection &)>> parts;
        for (auto status : allExecutionFailedStatuses) {
            const QString name = enumName(status);
            Condition part = foldStatus(rewritten, name);
            if (isMatchNothing(part))
                continue;
            CompileOptions o;
            o.kind = DocumentKind::Snapshot;
            o.docExpr = kSnapshotDoc;
            o.ctx = evalContext();
            auto compiled = compileCondition(part, o);
            if (!compiled)
                raise(compiled.error());
            Where pw{compiled->sql, std::move(compiled->params), compiled->residualCount, compiled->columns};
            if (summaryAnswers(pw.columns)) {
                total += countWhere(*lease, u"snapshot_count"_s, pw, u" AND s.status = ?"_s, {name});
                continue;
            }
            parts.push_back([this, part = std::move(part), name, pw = std::move(pw)](Connection &c) {
                if (auto n = countByTimeBuckets(c, part, name))
                    return *n;
                if (auto n = countByComplement(c, part, name))
                    return *n;
                return countWhere(c, u"snapshot"_s, pw, u" AND s.status = ?"_s, {name});
            });
        }
        const auto counts = runAtOnce<qint64>(parts.size(), [&](std::size_t i) {
            if (i == 0)
                return parts[0](*lease);
            auto own = reader();
            return parts[i](*own);
        });
        for (qint64 n : counts)
            total += n;
        return total;
    }
    auto st = (*lease).prepareGenerated(u"SELECT COUNT(*) FROM "_s + (snapshots ? u"snapshot s"_s : u"event_stream e"_s)
                                       + u" WHERE "_s + w.sql);
    st->bindAll(w.params);
    st->step();
    return st->int64(0);
}

} // namespace wci
