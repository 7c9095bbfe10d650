// The built-in engine's counts: from the per-bucket counts where they suffice, split by
// status and by complement where that reads less, otherwise over the tables.

#include "builtin_engine_impl.h"
#include "field_paths.h"

#include "condition_compiler.h"

#include <cmath>
#include <limits>

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
    auto st = c.prepareUncached(u"SELECT "_s + (table.endsWith(u"_count"_s) ? u"COALESCE(SUM(s.n), 0)"_s : u"COUNT(*)"_s)
                                + u" FROM "_s + table + u" s WHERE "_s + w.sql + extraSql);
    st->bindAll(w.params);
    st->bindAll(extraParams, int(w.params.size()) + 1);
    st->step();
    return st->int64(0);
}

std::optional<qint64> BuiltinEngine::Impl::countByComplement(Connection &c, const Condition &part, const QString &status)
{
    static const QHash<QString, bool> timeColumns = {{field::nextRetryAt, true}, {field::timeoutAt, true}};
    std::vector<Condition> terms;
    const std::function<void(const Condition &)> flatten = [&](const Condition &node) {
        if (node.op == Operator::And) {
            for (const auto &child : node.children)
                flatten(child);
        } else {
            terms.push_back(node);
        }
    };
    flatten(part);
    int timeIndex = -1;
    for (int i = 0; i < int(terms.size()); ++i) {
        const Condition &t = terms[i];
        const bool comparison = t.op == Operator::Gt || t.op == Operator::Gte || t.op == Operator::Lt || t.op == Operator::Lte;
        if (comparison && timeColumns.contains(t.field) && t.value.isDouble()) {
            if (timeIndex >= 0)
                return std::nullopt;
            timeIndex = i;
        }
    }
    if (timeIndex < 0)
        return std::nullopt;
    Condition leaf = terms[timeIndex];
    terms.erase(terms.begin() + timeIndex);
    const Condition rest = terms.empty() ? Condition::all() : Condition::and_(terms);
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
        QString name;
    };
    static const QHash<QString, TimeColumn> timeColumns = {{field::timeoutAt, {0, u"timeout_at"_s}},
                                                           {field::nextRetryAt, {1, u"next_retry_at"_s}}};
    std::vector<Condition> terms;
    const std::function<void(const Condition &)> flatten = [&](const Condition &node) {
        if (node.op == Operator::And) {
            for (const auto &child : node.children)
                flatten(child);
        } else {
            terms.push_back(node);
        }
    };
    flatten(part);
    int timeIndex = -1;
    for (int i = 0; i < int(terms.size()); ++i) {
        const Condition &t = terms[i];
        const bool comparison = t.op == Operator::Gt || t.op == Operator::Gte || t.op == Operator::Lt || t.op == Operator::Lte;
        if (comparison && timeColumns.contains(t.field)) {
            if (timeIndex >= 0 || !t.value.isDouble() || std::abs(t.value.toDouble()) > 9.0e15)
                return std::nullopt;
            timeIndex = i;
        }
    }
    if (timeIndex < 0)
        return std::nullopt;
    const Condition leaf = terms[timeIndex];
    terms.erase(terms.begin() + timeIndex);
    const Condition rest = terms.empty() ? Condition::all() : Condition::and_(terms);
    CompileOptions o;
    o.kind = DocumentKind::Snapshot;
    o.docExpr = kSnapshotDoc;
    o.ctx = evalContext();
    auto restSql = compileCondition(rest, o);
    if (!restSql || !summaryAnswers(restSql->columns) || restSql->residualCount > 0)
        return std::nullopt;
    const Where w{restSql->sql, restSql->params, 0, restSql->columns};
    const TimeColumn &tc = timeColumns[leaf.field];
    // The bound as integers: rows with column < upper, or column >= lower.
    const double v = leaf.value.toDouble();
    const auto floorDiv = [](qint64 a, qint64 b) { return a / b - (a % b < 0); };
    const QString column = u"s."_s + tc.name;
    // Only the seconds after the bound are summed (times ahead are near: a few timeouts and
    // retry intervals), so the rows before it are the part's total less those after it and
    // those without the time.
    const auto after = [&](qint64 lower) {
        const qint64 sec = floorDiv(lower, 1000);
        return countWhere(c, u"snapshot_time_count"_s, w, u" AND s.status = ? AND s.col = ? AND s.sec > ?"_s,
                          {status, qint64(tc.col), sec})
            + countWhere(c, u"snapshot"_s, w, u" AND s.status = ? AND "_s + column + u" >= ? AND "_s + column + u" < ?"_s,
                         {status, lower, (sec + 1) * 1000});
    };
    if (leaf.op == Operator::Gt || leaf.op == Operator::Gte)
        return after(leaf.op == Operator::Gte ? qint64(std::ceil(v)) : qint64(std::floor(v)) + 1);
    const qint64 upper = leaf.op == Operator::Lt ? qint64(std::ceil(v)) : qint64(std::floor(v)) + 1;
    const qint64 total = countWhere(c, u"snapshot_count"_s, w, u" AND s.status = ?"_s, {status});
    const qint64 without = countWhere(c, u"snapshot_time_count"_s, w, u" AND s.status = ? AND s.col = ? AND s.sec = ?"_s,
                                      {status, qint64(tc.col), std::numeric_limits<qint64>::min()});
    return total - without - after(upper);
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
        for (auto status : allExecutionFailedStatuses) {
            const QString name = enumName(status);
            const Condition part = foldStatus(rewritten, name);
            if (isMatchNothing(part))
                continue;
            CompileOptions o;
            o.kind = DocumentKind::Snapshot;
            o.docExpr = kSnapshotDoc;
            o.ctx = evalContext();
            auto compiled = compileCondition(part, o);
            if (!compiled)
                raise(compiled.error());
            const Where pw{compiled->sql, std::move(compiled->params), compiled->residualCount, compiled->columns};
            if (summaryAnswers(pw.columns)) {
                total += countWhere(*lease, u"snapshot_count"_s, pw, u" AND s.status = ?"_s, {name});
                continue;
            }
            if (auto n = countByTimeBuckets(*lease, part, name)) {
                total += *n;
                continue;
            }
            if (auto n = countByComplement(*lease, part, name)) {
                total += *n;
                continue;
            }
            total += countWhere(*lease, u"snapshot"_s, pw, u" AND s.status = ?"_s, {name});
        }
        return total;
    }
    auto st = (*lease).prepareUncached(u"SELECT COUNT(*) FROM "_s + (snapshots ? u"snapshot s"_s : u"event_stream e"_s)
                                       + u" WHERE "_s + w.sql);
    st->bindAll(w.params);
    st->step();
    return st->int64(0);
}

} // namespace wci
