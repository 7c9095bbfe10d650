// The built-in engine's Wow 9.x reads: aggregation compiled to one SQL GROUP BY over the
// indexed columns (documents only for fields without a column), and cursor (keyset) paging
// with signed tokens.

#include "builtin_engine_impl.h"

#include "condition_compiler.h"
#include "field_paths.h"
#include "filter_json.h"
#include "run_at_once.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>

#include <cmath>
#include <functional>
#include <map>

namespace wci {

namespace {

DomainError unknownField(const QString &field)
{
    return DomainError::coded(BindingCode::UnknownField, field, u"Unknown logical field [%1]."_s.arg(field),
                              ErrorCode::QuerySchemaValidation);
}

QString jsonPath(const QString &field)
{
    return u"'$."_s + field + u'\'';
}

// A field as SQL: its column, or (doc -> path) as JSON text.
struct FieldSql {
    const FieldColumn *column = nullptr;
    QString doc; // the document expression when there is no column
    QString field;

    // The value as a scalar of its JSON type: a column, or the JSON text of a scalar at the path
    // (NULL when missing, null, an array or an object).
    QString scalarJson() const
    {
        if (column)
            return column->column;
        return u"(CASE WHEN json_type(%1, %2) IN ('null', 'array', 'object') THEN NULL ELSE %1 -> %2 END)"_s.arg(
            doc, jsonPath(field));
    }
    // The value when it is a JSON number (not a boolean), else NULL.
    QString number() const
    {
        if (column)
            return column->type == ColumnType::Integer ? column->column : u"NULL"_s;
        return u"(CASE WHEN json_type(%1, %2) IN ('integer', 'real') THEN json_extract(%1, %2) END)"_s.arg(doc, jsonPath(field));
    }
};

Result<FieldSql> fieldSql(const QString &field, const FieldCatalog &catalog, const QString &doc)
{
    if (!catalog.isKnown(field))
        return unknownField(field);
    FieldSql f;
    f.column = catalog.column(field);
    f.doc = doc;
    f.field = field;
    return f;
}

// How to read a result column back.
enum class Decode { Column, JsonText, Number, Count };

QJsonValue decodeValue(const Statement &st, int col, Decode how, ColumnType columnType)
{
    switch (st.type(col)) {
    case SQLITE_NULL: return QJsonValue(QJsonValue::Null);
    case SQLITE_INTEGER:
        if (how == Decode::Number)
            return QJsonValue(double(st.int64(col)));
        if (how == Decode::Column && columnType == ColumnType::Bool)
            return QJsonValue(st.int64(col) != 0);
        return QJsonValue(st.int64(col));
    case SQLITE_FLOAT: return QJsonValue(st.real(col));
    default: break;
    }
    if (how == Decode::JsonText) {
        const QJsonDocument d = QJsonDocument::fromJson(u"["_s.toUtf8() + st.bytes(col) + "]");
        return d.array().isEmpty() ? QJsonValue(QJsonValue::Null) : d.array().first();
    }
    return QJsonValue(st.text(col));
}

// wci_date_bucket(ms, unit, zone): dateBucketStart, with the zone resolved once per statement
// and the last bucket remembered (rows often come in time order).
struct BucketAux {
    QTimeZone zone;
    qint64 lo = 1, hi = 0, start = 0;
    int unit = -1;
};

void dateBucketFunction(sqlite3_context *ctx, int, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) != SQLITE_INTEGER && sqlite3_value_type(argv[0]) != SQLITE_FLOAT) {
        sqlite3_result_null(ctx);
        return;
    }
    auto *aux = static_cast<BucketAux *>(sqlite3_get_auxdata(ctx, 2));
    if (!aux) {
        aux = new BucketAux;
        const auto *z = reinterpret_cast<const char *>(sqlite3_value_text(argv[2]));
        const QString zone = QString::fromUtf8(z ? z : "");
        aux->zone = zone.isEmpty() ? QTimeZone::utc() : resolveZoneId(zone).value_or(QTimeZone::utc());
        sqlite3_set_auxdata(ctx, 2, aux, [](void *p) { delete static_cast<BucketAux *>(p); });
        aux = static_cast<BucketAux *>(sqlite3_get_auxdata(ctx, 2));
        if (!aux) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
    }
    const qint64 ms = sqlite3_value_type(argv[0]) == SQLITE_INTEGER ? sqlite3_value_int64(argv[0])
                                                                      : qint64(sqlite3_value_double(argv[0]));
    const int unit = sqlite3_value_int(argv[1]);
    if (unit != aux->unit || ms < aux->lo || ms >= aux->hi) {
        aux->unit = unit;
        aux->start = dateBucketStart(ms, DateUnit(unit), aux->zone);
        aux->lo = aux->start;
        aux->hi = nextDateBucket(aux->start, DateUnit(unit), aux->zone);
        if (ms < aux->lo || ms >= aux->hi) { // a bucket DST bent: do not cache it
            aux->lo = 1;
            aux->hi = 0;
        }
    }
    sqlite3_result_int64(ctx, aux->start);
}

// wci_histogram(value, interval): histogramKey.
void histogramFunction(sqlite3_context *ctx, int, sqlite3_value **argv)
{
    const int t = sqlite3_value_type(argv[0]);
    if (t != SQLITE_INTEGER && t != SQLITE_FLOAT) {
        sqlite3_result_null(ctx);
        return;
    }
    const QJsonValue k = histogramKey(sqlite3_value_double(argv[0]), sqlite3_value_double(argv[1]));
    const qint64 i0 = k.toInteger(0), i1 = k.toInteger(1);
    if (i0 == i1)
        sqlite3_result_int64(ctx, i0);
    else
        sqlite3_result_double(ctx, k.toDouble());
}

// ---- cursor tokens -------------------------------------------------------------------------

constexpr char kTokenVersion = 1;

QByteArray base64Url(const QByteArray &b)
{
    return b.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

DomainError invalidCursor()
{
    return DomainError::coded(BindingCode::InvalidCursor, u"cursor"_s, u"Invalid cursor."_s);
}

} // namespace

void registerAggregationFunctions(sqlite::Connection &c)
{
    sqlite3_create_function_v2(c.handle(), "wci_date_bucket", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                               &dateBucketFunction, nullptr, nullptr, nullptr);
    sqlite3_create_function_v2(c.handle(), "wci_histogram", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                               &histogramFunction, nullptr, nullptr, nullptr);
}

std::optional<std::vector<AggregationRow>> BuiltinEngine::Impl::aggregateFromRollup(const AggregationQuery &q)
{
    // Shape: COUNTs without filters, at most one DATE_HISTOGRAM on createTime, and a filter that
    // is an AND of the tenant, ELEMENT_MATCH on the body by name, and createTime bounds.
    for (const auto &m : q.metrics) {
        if (m.type != MetricType::Count || m.filter)
            return std::nullopt;
    }
    if (q.groupBy.size() > 1
        || (q.groupBy.size() == 1
            && (q.groupBy[0].type != GroupByType::DateHistogram || q.groupBy[0].field != u"createTime"_s
                || q.groupBy[0].unit == DateUnit::Second || q.groupBy[0].unit == DateUnit::Minute)))
        return std::nullopt;
    const Condition rewritten = rewriteQueryCondition(q.filter, false);
    std::vector<const Condition *> terms;
    std::function<bool(const Condition &)> flatten = [&](const Condition &c) {
        if (c.op == Operator::And) {
            for (const auto &child : c.children) {
                if (!flatten(child))
                    return false;
            }
            return true;
        }
        if (c.op == Operator::All)
            return true;
        terms.push_back(&c);
        return true;
    };
    flatten(rewritten);
    QString tenant;
    QStringList names;
    qint64 lo = std::numeric_limits<qint64>::min(), hi = std::numeric_limits<qint64>::max();
    auto integral = [](const QJsonValue &v, qint64 &out) {
        if (!v.isDouble() || v.toDouble() != std::floor(v.toDouble()) || std::abs(v.toDouble()) > 9.0e15)
            return false;
        out = qint64(v.toDouble());
        return true;
    };
    for (const Condition *c : terms) {
        qint64 v = 0;
        if (c->op == Operator::TenantId && c->value.isString() && tenant.isNull()) {
            tenant = c->value.toString();
        } else if (const auto matched = eventNamesMatched(*c); matched && names.isEmpty()) {
            names = *matched;
        } else if (c->field == u"createTime"_s && c->options.isEmpty()
                   && (c->op == Operator::Gte || c->op == Operator::Gt || c->op == Operator::Lt || c->op == Operator::Lte)
                   && integral(c->value, v)) {
            if (c->op == Operator::Gte)
                lo = std::max(lo, v);
            else if (c->op == Operator::Gt)
                lo = std::max(lo, v + 1);
            else if (c->op == Operator::Lt)
                hi = std::min(hi, v);
            else
                hi = std::min(hi, v + 1);
        } else if (c->field == u"createTime"_s && c->op == Operator::Between && c->options.isEmpty() && c->value.isArray()
                   && c->value.toArray().size() == 2) {
            qint64 a = 0, b = 0;
            if (!integral(c->value.toArray().at(0), a) || !integral(c->value.toArray().at(1), b))
                return std::nullopt;
            lo = std::max(lo, a);
            hi = std::min(hi, b + 1);
        } else {
            return std::nullopt;
        }
    }
    const bool bounded = lo != std::numeric_limits<qint64>::min() && hi != std::numeric_limits<qint64>::max();
    if (tenant.isNull() || names.isEmpty() || !bounded || lo % kQuarterHourMs != 0 || hi % kQuarterHourMs != 0
        || !singleEventStreams())
        return std::nullopt;

    QStringList marks;
    std::vector<sqlite::Value> params;
    for (const auto &n : names) {
        marks.append(u"?"_s);
        params.push_back(n);
    }
    params.push_back(tenant);
    params.push_back(qint64(std::floor(lo / double(kQuarterHourMs))));
    params.push_back(qint64(std::floor(hi / double(kQuarterHourMs))));
    auto lease = reader();
    auto st = (*lease).prepareUncached(u"SELECT quarter, SUM(n) FROM event_count WHERE body_name IN ("_s + marks.join(u',')
                                       + u") AND tenant_id = ? AND quarter >= ? AND quarter < ? GROUP BY quarter"_s);
    st->bindAll(params);
    const Grouping *g = q.groupBy.empty() ? nullptr : &q.groupBy.front();
    const QTimeZone zone = g ? (g->timeZone.isEmpty() ? QTimeZone::utc() : resolveZoneId(g->timeZone).value_or(QTimeZone::utc()))
                             : QTimeZone::utc();
    std::map<qint64, qint64> buckets;
    qint64 total = 0;
    qint64 cachedLo = 1, cachedHi = 0, cachedStart = 0;
    while (st->step()) {
        const qint64 start = st->int64(0) * kQuarterHourMs, n = st->int64(1);
        total += n;
        if (!g)
            continue;
        if (start < cachedLo || start >= cachedHi) {
            cachedStart = dateBucketStart(start, g->unit, zone);
            cachedLo = cachedStart;
            cachedHi = nextDateBucket(cachedStart, g->unit, zone);
        }
        // A quarter hour split by a bucket boundary (an odd zone offset) cannot be counted here.
        if (start + kQuarterHourMs > cachedHi || start < cachedLo)
            return std::nullopt;
        buckets[cachedStart] += n;
    }
    std::vector<AggregationRow> rows;
    auto row = [&](std::optional<qint64> key, qint64 n) {
        AggregationRow r;
        if (key)
            r.values.emplace_back(g->key(), QJsonValue(*key));
        for (const auto &m : q.metrics)
            r.values.emplace_back(m.alias, QJsonValue(n));
        rows.push_back(std::move(r));
    };
    if (!g) {
        row(std::nullopt, total);
        return rows;
    }
    for (const auto &[key, n] : buckets)
        row(key, n);
    if (auto e = finishRows(q, rows))
        raise(*e);
    return rows;
}

std::vector<AggregationRow> BuiltinEngine::Impl::aggregate(const AggregationQuery &q, bool snapshots)
{
    if (auto e = q.validate())
        raise(*e);
    if (!snapshots) {
        if (auto rows = aggregateFromRollup(q))
            return *rows;
    }
    const FieldCatalog &catalog = snapshots ? FieldCatalog::snapshots() : FieldCatalog::eventStreams();
    const QString doc = snapshots ? kSnapshotDoc : kEventDoc;
    const EvaluationContext ctx = evalContext();
    // One row of COUNTs (the window's category counts in one query) and of the least or greatest
    // values of integer columns (the charts' extent): each on its own. A count is that of the
    // query's filter and its own, which the count's fast paths (the per-bucket counts, the split
    // by status) answer without reading the rows; SQLite answers a MIN or MAX by walking an index
    // from one end. The query's filter sets the deletion scope (and the tenant); a metric's
    // filter only narrows what that scope holds.
    const bool extremes = snapshots && q.groupBy.empty() && std::all_of(q.metrics.begin(), q.metrics.end(), [&](const Metric &m) {
        if (m.type == MetricType::Count)
            return true;
        const FieldColumn *c = m.type == MetricType::Numeric && !m.filter
                && (m.function == NumericFunction::Min || m.function == NumericFunction::Max)
            ? catalog.column(m.field)
            : nullptr;
        return c && c->type == ColumnType::Integer;
    });
    if (extremes) {
        const Condition scoped = rewriteQueryCondition(q.filter, true);
        std::optional<Where> w; // compiled for the first MIN / MAX
        AggregationRow row;
        for (const auto &m : q.metrics) {
            if (m.type == MetricType::Count) {
                row.values.emplace_back(m.alias, QJsonValue(count(m.filter ? Condition::and_({scoped, *m.filter}) : scoped, true, true)));
                continue;
            }
            if (!w)
                w = where(q.filter, snapshots);
            auto lease = reader();
            auto st = (*lease).prepareUncached(u"SELECT "_s + (m.function == NumericFunction::Min ? u"MIN"_s : u"MAX"_s) + u'('
                                               + catalog.column(m.field)->column + u") FROM snapshot s WHERE "_s + w->sql);
            st->bindAll(w->params);
            st->step();
            row.values.emplace_back(m.alias, decodeValue(*st, 0, Decode::Number, ColumnType::Integer));
        }
        return {row};
    }

    QStringList select, notNull;
    std::vector<sqlite::Value> selectParams;
    // The columns the query reads, and whether it reads documents: a query that reads only
    // columns one covering index holds is told to use it (without statistics the planner
    // would rather look every row up from an index that only filters).
    QSet<QString> columns;
    bool readsDocuments = false;
    auto note = [&](const FieldSql &f) {
        if (f.column)
            columns.insert(f.column->column.section(u'.', 1));
        else
            readsDocuments = true;
    };
    std::vector<std::pair<Decode, ColumnType>> decode;
    for (const auto &g : q.groupBy) {
        auto f = fieldSql(g.field, catalog, doc);
        if (!f)
            raise(f.error());
        note(*f);
        QString expr;
        switch (g.type) {
        case GroupByType::Terms:
            expr = f->scalarJson();
            if (g.missingKey.isString()) {
                expr = u"COALESCE(%1, ?)"_s.arg(expr);
                selectParams.push_back(f->column && f->column->type == ColumnType::Text
                                           ? sqlite::Value(g.missingKey.toString())
                                           : sqlite::Value(QString::fromUtf8(QJsonDocument(QJsonArray{g.missingKey})
                                                                                 .toJson(QJsonDocument::Compact)
                                                                                 .mid(1)
                                                                                 .chopped(1))));
            }
            decode.emplace_back(f->column ? Decode::Column : Decode::JsonText,
                                f->column ? f->column->type : ColumnType::Text);
            break;
        case GroupByType::Histogram:
            expr = u"wci_histogram(%1, %2)"_s.arg(f->number(), QString::number(g.interval, 'g', 17));
            decode.emplace_back(Decode::Column, ColumnType::Integer);
            break;
        case GroupByType::DateHistogram:
            expr = u"wci_date_bucket(%1, %2, ?)"_s.arg(f->number()).arg(int(g.unit));
            selectParams.push_back(sqlite::Value(g.timeZone));
            decode.emplace_back(Decode::Column, ColumnType::Integer);
            break;
        }
        select.append(expr);
        if (!g.missingKey.isString())
            notNull.append(u"k%1 IS NOT NULL"_s.arg(select.size() - 1));
    }
    // Per-row inputs of the metrics, for grouping in memory (see rowMode below).
    QStringList rowSelect;
    std::vector<sqlite::Value> rowParams(selectParams.begin(), selectParams.end());
    bool rowModeable = true;
    for (const auto &m : q.metrics) {
        QString filterSql;
        std::vector<sqlite::Value> filterParams;
        if (m.filter) {
            CompileOptions o;
            o.kind = snapshots ? DocumentKind::Snapshot : DocumentKind::EventStream;
            o.docExpr = doc;
            o.ctx = ctx;
            o.singleEventStreams = !snapshots && singleEventStreams();
            auto compiled = compileCondition(*m.filter, o);
            if (!compiled)
                raise(compiled.error());
            filterSql = compiled->sql;
            filterParams = std::move(compiled->params);
            columns.unite(compiled->columns);
            readsDocuments = readsDocuments || compiled->residualCount > 0;
        }
        // The value under the metric's filter; each use binds the filter's parameters again.
        auto when = [&](const QString &value) {
            if (filterSql.isEmpty())
                return value;
            selectParams.insert(selectParams.end(), filterParams.begin(), filterParams.end());
            return u"CASE WHEN (%1) THEN %2 END"_s.arg(filterSql, value);
        };
        auto rowWhen = [&](const QString &value) {
            if (filterSql.isEmpty())
                return value;
            rowParams.insert(rowParams.end(), filterParams.begin(), filterParams.end());
            return u"CASE WHEN (%1) THEN %2 END"_s.arg(filterSql, value);
        };
        if (m.type == MetricType::Count) {
            select.append(filterSql.isEmpty() ? u"COUNT(*)"_s : u"COUNT(%1)"_s.arg(when(u"1"_s)));
            rowSelect.append(rowWhen(u"1"_s));
            decode.emplace_back(Decode::Count, ColumnType::Integer);
            continue;
        }
        auto f = fieldSql(m.field, catalog, doc);
        if (!f)
            raise(f.error());
        note(*f);
        if (m.type == MetricType::DistinctCount) {
            select.append(u"COUNT(DISTINCT %1)"_s.arg(when(f->scalarJson())));
            decode.emplace_back(Decode::Count, ColumnType::Integer);
            rowModeable = false;
            continue;
        }
        rowSelect.append(rowWhen(f->number()));
        switch (m.function) {
        case NumericFunction::Sum: {
            const QString counted = when(f->number());
            const QString summed = when(f->number());
            select.append(u"CASE WHEN COUNT(%1) > 0 THEN TOTAL(%2) END"_s.arg(counted, summed));
            break;
        }
        case NumericFunction::Avg: select.append(u"AVG(%1)"_s.arg(when(f->number()))); break;
        case NumericFunction::Min: select.append(u"MIN(%1)"_s.arg(when(f->number()))); break;
        case NumericFunction::Max: select.append(u"MAX(%1)"_s.arg(when(f->number()))); break;
        }
        decode.emplace_back(Decode::Number, ColumnType::Integer);
    }

    const Where w = where(q.filter, snapshots);
    QStringList selectList;
    for (qsizetype i = 0; i < select.size(); ++i)
        selectList.append(select[i] + (i < qsizetype(q.groupBy.size()) ? u" AS k%1"_s.arg(i) : u" AS m%1"_s.arg(i)));
    columns.unite(w.columns);
    readsDocuments = readsDocuments || w.residuals > 0;
    QString from = snapshots ? u" FROM snapshot s"_s : u" FROM event_stream e"_s;
    if (snapshots && !readsDocuments) {
        QSet<QString> groupColumns;
        for (const auto &g : q.groupBy) {
            if (const FieldColumn *c = catalog.column(g.field))
                groupColumns.insert(c->column.section(u'.', 1));
        }
        static const QSet<QString> cluster = {u"deleted"_s, u"tenant_id"_s, u"error_code"_s, u"fn_context"_s,
                                              u"fn_processor"_s, u"fn_name"_s, u"fn_kind"_s, u"status"_s,
                                              u"execute_at"_s, u"next_retry_at"_s, u"aggregate_id"_s};
        static const QSet<QString> clusterKeys = {u"error_code"_s, u"fn_context"_s, u"fn_processor"_s, u"fn_name"_s, u"fn_kind"_s};
        static const QSet<QString> active = {u"deleted"_s, u"tenant_id"_s, u"status"_s, u"execute_at"_s, u"recoverable"_s,
                                             u"is_retryable"_s, u"next_retry_at"_s, u"timeout_at"_s, u"retries"_s,
                                             u"aggregate_id"_s};
        // The categories' next-retry index covers the scheduler's view (failed, below the
        // threshold, by next retry); the planner would rather range over snapshot_next_retry and
        // look every row up. (Format 5's index: a format-4 file opened read-only lacks it.)
        static const QSet<QString> categoryNext = {u"deleted"_s, u"tenant_id"_s, u"recoverable"_s, u"is_retryable"_s,
                                                   u"status"_s, u"next_retry_at"_s, u"timeout_at"_s,
                                                   u"is_below_retry_threshold"_s, u"aggregate_id"_s};
        if (!groupColumns.isEmpty() && clusterKeys.contains(groupColumns) && cluster.contains(columns))
            from += u" INDEXED BY snapshot_cluster"_s;
        else if (active.contains(columns) && columns.contains(u"status"_s))
            from += u" INDEXED BY snapshot_active"_s;
        else if (timeCounts && categoryNext.contains(columns) && columns.contains(u"next_retry_at"_s))
            from += u" INDEXED BY snapshot_category_next2"_s;
    }
    QString groupSql;
    if (!q.groupBy.empty()) {
        QStringList keys;
        for (qsizetype i = 0; i < qsizetype(q.groupBy.size()); ++i)
            keys.append(u"k%1"_s.arg(i));
        groupSql = u" GROUP BY "_s + keys.join(u", "_s);
        if (!notNull.isEmpty())
            groupSql += u" HAVING "_s + notNull.join(u" AND "_s);
    }
    std::vector<sqlite::Value> params = selectParams;
    params.insert(params.end(), w.params.begin(), w.params.end());
    const QStringList aliases = q.aliases();

    // One part of the rows: those of one status when `status` is set.
    struct Part {
        QString status; // null: every row
        std::optional<qint64> from, to; // execute_at range [from, to)
    };
    // Grouping in memory: on the index of the active failures, whose order is not the groups',
    // SQLite would sort every row; reading the rows in index order and adding them up in a hash
    // of the few groups costs a fraction of that.
    const bool rowMode = rowModeable && !q.groupBy.empty() && from.contains(u"snapshot_active"_s);
    auto runRows = [&](const QString &partSql, const std::vector<sqlite::Value> &partValues) {
        QStringList list;
        for (std::size_t i = 0; i < q.groupBy.size(); ++i)
            list.append(select[qsizetype(i)]);
        list += rowSelect;
        std::vector<sqlite::Value> all(rowParams.begin(), rowParams.end());
        all.insert(all.end(), w.params.begin(), w.params.end());
        all.insert(all.end(), partValues.begin(), partValues.end());
        auto lease = reader();
        auto st = (*lease).prepareUncached(u"SELECT "_s + list.join(u", "_s) + from + u" WHERE "_s + w.sql + partSql);
        st->bindAll(all);
        struct Group {
            std::vector<QJsonValue> keys;
            std::vector<MetricAccumulator> metrics;
        };
        QHash<QByteArray, std::size_t> index;
        std::vector<Group> groups;
        const int keys = int(q.groupBy.size());
        QByteArray key;
        while (st->step()) {
            key.resize(0); // keeps its capacity
            bool missing = false;
            for (int i = 0; i < keys; ++i) {
                const int t = st->type(i);
                if (t == SQLITE_NULL && !q.groupBy[std::size_t(i)].missingKey.isString())
                    missing = true;
                key += char(t);
                if (t == SQLITE_INTEGER) {
                    const qint64 v = st->int64(i);
                    key.append(reinterpret_cast<const char *>(&v), sizeof v);
                } else if (t == SQLITE_FLOAT) {
                    const double v = st->real(i);
                    key.append(reinterpret_cast<const char *>(&v), sizeof v);
                } else {
                    const QByteArrayView text = st->textView(i);
                    key.append(QByteArray::number(text.size())).append(':').append(text);
                }
            }
            if (missing)
                continue;
            auto it = index.constFind(key);
            std::size_t gi;
            if (it == index.constEnd()) {
                gi = groups.size();
                index.insert(key, gi);
                Group g;
                for (int i = 0; i < keys; ++i)
                    g.keys.push_back(decodeValue(*st, i, decode[std::size_t(i)].first, decode[std::size_t(i)].second));
                g.metrics.resize(q.metrics.size());
                groups.push_back(std::move(g));
            } else {
                gi = *it;
            }
            Group &g = groups[gi];
            for (std::size_t m = 0; m < q.metrics.size(); ++m) {
                const int col = keys + int(m);
                if (st->type(col) == SQLITE_NULL)
                    continue;
                MetricAccumulator &x = g.metrics[m];
                if (q.metrics[m].type == MetricType::Count)
                    ++x.count;
                else
                    x.addNumber(st->type(col) == SQLITE_INTEGER ? double(st->int64(col)) : st->real(col));
            }
        }
        std::vector<AggregationRow> rows;
        for (const auto &g : groups) {
            AggregationRow r;
            for (int i = 0; i < keys; ++i)
                r.values.emplace_back(aliases[i], g.keys[std::size_t(i)]);
            for (std::size_t m = 0; m < q.metrics.size(); ++m) {
                r.values.emplace_back(aliases[keys + int(m)], g.metrics[m].value(q.metrics[m]));
            }
            rows.push_back(std::move(r));
        }
        return rows;
    };
    auto runPart = [&](const Part &part) {
        // The part's own terms, after the query's WHERE.
        QString partSql;
        std::vector<sqlite::Value> partValues;
        if (!part.status.isNull()) {
            partSql += u" AND s.status = ?"_s;
            partValues.push_back(part.status);
        }
        if (part.from) {
            partSql += u" AND s.execute_at >= ?"_s;
            partValues.push_back(*part.from);
        }
        if (part.to) {
            partSql += u" AND s.execute_at < ?"_s;
            partValues.push_back(*part.to);
        }
        if (rowMode)
            return runRows(partSql, partValues);
        const QString sql = u"SELECT "_s + selectList.join(u", "_s) + from + u" WHERE "_s + w.sql + partSql + groupSql;
        std::vector<sqlite::Value> partParams = params;
        partParams.insert(partParams.end(), partValues.begin(), partValues.end());
        auto lease = reader();
        auto st = (*lease).prepareUncached(sql);
        st->bindAll(partParams);
        std::vector<AggregationRow> rows;
        while (st->step()) {
            AggregationRow row;
            row.values.reserve(aliases.size());
            for (int i = 0; i < int(aliases.size()); ++i) {
                QJsonValue v = decodeValue(*st, i, decode[i].first, decode[i].second);
                if (decode[i].first == Decode::Count && v.isNull())
                    v = QJsonValue(qint64(0));
                row.values.emplace_back(aliases[i], v);
            }
            rows.push_back(std::move(row));
        }
        return rows;
    };

    // A scan of many rows splits by the statuses the filter names (status IN at its top) and
    // runs the parts on their own connections at once, when every metric can be merged.
    QStringList statuses;
    if (snapshots && !readsDocuments && from.contains(u"INDEXED BY"_s)) {
        auto statusIn = [](const Condition &c) {
            return c.op == Operator::In && c.field == field::status && c.value.isArray() && c.value.toArray().size() > 1;
        };
        const Condition *in = statusIn(q.filter) ? &q.filter : nullptr;
        if (!in && q.filter.op == Operator::And) {
            for (const auto &child : q.filter.children) {
                if (statusIn(child))
                    in = &child;
            }
        }
        const bool mergeable = std::all_of(q.metrics.begin(), q.metrics.end(), [](const Metric &m) {
            return m.type == MetricType::Count || (m.type == MetricType::Numeric && m.function != NumericFunction::Avg);
        });
        if (in && mergeable) {
            for (const auto &v : in->value.toArray()) {
                if (v.isString() && !statuses.contains(v.toString()))
                    statuses.append(v.toString());
            }
            if (statuses.size() != in->value.toArray().size())
                statuses.clear(); // a non-string or a repeated value: one part

        }
    }

    std::vector<AggregationRow> rows;
    if (statuses.size() < 2) {
        rows = runPart(Part{});
    } else {
        // On the index led by status and execution time, a status splits again at the middle
        // of its time range, so the parts are of a size whatever the mix of statuses.
        std::vector<Part> plan;
        const bool byTime = from.contains(u"snapshot_active"_s);
        for (const auto &status : statuses) {
            if (!byTime) {
                plan.push_back({status, {}, {}});
                continue;
            }
            auto lease = reader();
            auto edge = [&](const char *order) -> std::optional<qint64> {
                auto st = (*lease).prepareUncached(u"SELECT execute_at FROM snapshot INDEXED BY snapshot_active WHERE deleted = 0 "
                                                   "AND tenant_id = ? AND status = ? ORDER BY execute_at "_s + QLatin1StringView(order) + u" LIMIT 1"_s);
                st->bind(1, kDefaultTenantId).bind(2, status);
                if (!st->step())
                    return std::nullopt;
                return st->int64(0);
            };
            const auto lo = edge("ASC"), hi = edge("DESC");
            if (!lo || !hi || *hi - *lo < 2) {
                plan.push_back({status, {}, {}});
                continue;
            }
            const qint64 mid = *lo + (*hi - *lo) / 2;
            plan.push_back({status, {}, mid});
            plan.push_back({status, mid, {}});
        }
        auto parts = runAtOnce<std::vector<AggregationRow>>(plan.size(), [&](std::size_t i) { return runPart(plan[i]); });
        // Merge: rows of equal keys add their COUNTs and SUMs and keep the least MIN, greatest MAX.
        const std::size_t keyCount = q.groupBy.size();
        QHash<QByteArray, std::size_t> index;
        for (auto &part : parts) {
            for (auto &r : part) {
                JsonWriter kw;
                kw.beginArray();
                for (std::size_t k = 0; k < keyCount; ++k)
                    kw.value(r.values[k].second);
                kw.endArray();
                const QByteArray key = kw.take();
                const auto it = index.constFind(key);
                if (it == index.constEnd()) {
                    index.insert(key, rows.size());
                    rows.push_back(std::move(r));
                    continue;
                }
                AggregationRow &into = rows[*it];
                for (std::size_t m = 0; m < q.metrics.size(); ++m) {
                    QJsonValue &a = into.values[keyCount + m].second;
                    const QJsonValue &b = r.values[keyCount + m].second;
                    const Metric &metric = q.metrics[m];
                    if (metric.type == MetricType::Count)
                        a = QJsonValue(a.toInteger() + b.toInteger());
                    else if (b.isNull())
                        continue;
                    else if (a.isNull())
                        a = b;
                    else if (metric.function == NumericFunction::Sum)
                        a = a.toDouble() + b.toDouble();
                    else if (metric.function == NumericFunction::Min)
                        a = std::min(a.toDouble(), b.toDouble());
                    else
                        a = std::max(a.toDouble(), b.toDouble());
                }
            }
        }
    }
    if (!q.groupBy.empty()) {
        if (auto e = finishRows(q, rows))
            raise(*e);
    }
    return rows;
}

// ---- cursor paging -----------------------------------------------------------------------

CursorPage<Document> BuiltinEngine::Impl::cursor(const CursorQuery &q, bool snapshots, SnapshotView view)
{
    if (q.size < 1)
        raise(DomainError::coded(BindingCode::InvalidRequest, u"body"_s, u"size must be between 1 and 2147483646."_s));
    const FieldCatalog &catalog = snapshots ? FieldCatalog::snapshots() : FieldCatalog::eventStreams();
    const QString doc = snapshots ? kSnapshotDoc : kEventDoc;
    const QString identity = snapshots ? u"aggregateId"_s : u"id"_s;
    if (auto e = checkSortFields(q.sort, catalog))
        raise(*e);
    // The effective sort: the caller's, then the identity ascending as the tiebreaker.
    std::vector<Sort> sort;
    QSet<QString> seen;
    bool hasIdentity = false;
    for (const auto &x : q.sort) {
        const QString f = x.field == u"_id"_s ? identity : x.field;
        if (seen.contains(f))
            raise(DomainError::coded(BindingCode::CursorSortDuplicate, x.field, u"Cursor sort fields must be unique."_s));
        seen.insert(f);
        hasIdentity = hasIdentity || f == identity;
        sort.push_back({f, x.direction});
    }
    if (!hasIdentity)
        sort.push_back({identity, SortDirection::Asc});
    if (sort.size() > 32)
        raise(DomainError::coded(BindingCode::CursorSortTooMany, u"sort"_s,
                                 u"Effective cursor sort must contain at most 32 fields."_s));

    // What a token is bound to: the model, the view, the effective sort, the filter and the
    // projection. A token of another query, or one altered, is refused.
    QByteArray fingerprintSource = snapshots ? "SNAPSHOT\n" : "EVENT_STREAM\n";
    fingerprintSource += view == SnapshotView::State ? "state\n" : "document\n";
    for (const auto &x : sort)
        fingerprintSource += x.field.toUtf8() + (x.direction == SortDirection::Desc ? " DESC\n" : " ASC\n");
    fingerprintSource += q.condition.toJsonBytes() + '\n' + q.projection.toJsonBytes();
    const QByteArray fingerprint = QCryptographicHash::hash(fingerprintSource, QCryptographicHash::Sha256).left(16);
    auto sign = [this](const QByteArray &body) {
        return QMessageAuthenticationCode::hash(body, cursorKey, QCryptographicHash::Sha256).left(16);
    };

    QJsonArray after;
    if (!q.cursor.isEmpty()) {
        const QList<QByteArray> parts = q.cursor.toLatin1().split('.');
        if (parts.size() != 2)
            raise(invalidCursor());
        const auto opts = QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors;
        const auto decodedBody = QByteArray::fromBase64Encoding(parts[0], opts);
        const auto decodedMac = QByteArray::fromBase64Encoding(parts[1], opts);
        const QByteArray body = *decodedBody, mac = *decodedMac;
        if (!decodedBody || !decodedMac || body.size() < 17 || mac != sign(body) || body.at(0) != kTokenVersion
            || body.mid(1, 16) != fingerprint)
            raise(invalidCursor());
        const QJsonDocument payload = QJsonDocument::fromJson(body.mid(17));
        if (!payload.isArray() || payload.array().size() != qsizetype(sort.size()))
            raise(invalidCursor());
        after = payload.array();
    }

    QStringList exprs;
    for (const auto &x : sort)
        exprs.append(catalog.sortExpression(x.field, doc));
    QString keyset;
    std::vector<sqlite::Value> keysetParams;
    if (!after.isEmpty()) {
        // Strictly after the last row in the sort order (SQLite's: NULL first ascending).
        auto bindValue = [](const QJsonValue &v) -> sqlite::Value {
            if (v.isString())
                return v.toString();
            const qint64 i0 = v.toInteger(0), i1 = v.toInteger(1);
            if (i0 == i1)
                return i0;
            return v.toDouble();
        };
        keyset = u"0"_s;
        for (int i = int(sort.size()) - 1; i >= 0; --i) {
            const QString x = exprs[i];
            const QJsonValue v = after.at(i);
            const bool desc = sort[i].direction == SortDirection::Desc;
            const bool innermost = keyset == u"0"_s; // nothing ties below: a plain range
            std::vector<sqlite::Value> p;
            QString part;
            if (v.isNull()) {
                part = desc ? (innermost ? u"0"_s : u"(%1 IS NULL AND (%2))"_s.arg(x, keyset))
                            : (innermost ? u"(%1 IS NOT NULL)"_s.arg(x) : u"(%1 IS NOT NULL OR (%2))"_s.arg(x, keyset));
            } else if (innermost) {
                // The identity is never null: without that disjunct the range seeks its index.
                part = !desc ? u"(%1 > ?)"_s.arg(x) : sort[i].field == identity ? u"(%1 < ?)"_s.arg(x) : u"(%1 < ? OR %1 IS NULL)"_s.arg(x);
                p = {bindValue(v)};
            } else {
                part = desc ? u"(%1 < ? OR %1 IS NULL OR (%1 = ? AND (%2)))"_s.arg(x, keyset)
                            : u"(%1 > ? OR (%1 = ? AND (%2)))"_s.arg(x, keyset);
                p = {bindValue(v), bindValue(v)};
            }
            // Parameters in text order: this level's, then the inner keyset's.
            p.insert(p.end(), keysetParams.begin(), keysetParams.end());
            keysetParams = std::move(p);
            keyset = part;
        }
    }
    QStringList order;
    for (int i = 0; i < int(sort.size()); ++i)
        order.append(exprs[i] + (sort[i].direction == SortDirection::Desc ? u" DESC"_s : u" ASC"_s));
    QString head = snapshots ? u"SELECT s.aggregate_id"_s : u"SELECT e.seq"_s;
    for (const auto &e : exprs)
        head += u", "_s + e;
    head += snapshots ? u" FROM snapshot s WHERE ("_s : u" FROM event_stream e WHERE ("_s;

    // The keys of the page, one row further (whether a next page exists), and the sort values
    // of the page's last row.
    auto lease = reader();
    Connection &c = *lease;
    std::vector<sqlite::Value> keys;
    QJsonArray last;
    bool more = false;
    const auto readKeys = [&](const Where &w) {
        keys.clear();
        more = false;
        std::vector<sqlite::Value> params = w.params;
        params.insert(params.end(), keysetParams.begin(), keysetParams.end());
        params.push_back(qint64(q.size) + 1);
        auto st = c.prepareUncached(head + w.sql + u')' + (keyset.isEmpty() ? QString() : u" AND "_s + keyset) + u" ORDER BY "_s
                                    + order.join(u", "_s) + u" LIMIT ?"_s);
        st->bindAll(params);
        while (st->step()) {
            if (int(keys.size()) == q.size) {
                more = true;
                return;
            }
            keys.push_back(snapshots ? sqlite::Value(st->text(0)) : sqlite::Value(st->int64(0)));
            last = QJsonArray();
            for (int i = 0; i < int(sort.size()); ++i) {
                switch (st->type(i + 1)) {
                case SQLITE_NULL: last.append(QJsonValue::Null); break;
                case SQLITE_INTEGER: last.append(st->int64(i + 1)); break;
                case SQLITE_FLOAT: last.append(st->real(i + 1)); break;
                default: last.append(st->text(i + 1)); break;
                }
            }
        }
    };
    bool done = false;
    if (snapshots && sort.size() == 1) {
        // Pages in aggregate-id order (exports, scans): the table walked in its key order from
        // the cursor, within a budget of VM steps, as list pages are. The planner would rather
        // take an index of the filter and sort every remaining match for each page, which makes
        // a walk page by page quadratic; sparse matches run out of budget and go to it.
        try {
            StepBudget budget(c, options.keyOrderScanBudget);
            readKeys(where(q.condition, snapshots, true));
            done = true;
        } catch (const SqliteError &e) {
            if (!StepBudget::interrupted(e))
                throw;
        }
    }
    if (!done)
        readKeys(where(q.condition, snapshots));
    CursorPage<Document> page;
    const QList<Document> docs = documents(c, keys, q.projection, snapshots, view);
    page.list.assign(docs.begin(), docs.end());
    if (more) {
        // A further row exists: the page ends with a token for its last row.
        const QByteArray body = QByteArray(1, kTokenVersion) + fingerprint + QJsonDocument(last).toJson(QJsonDocument::Compact);
        page.nextCursor = QString::fromLatin1(base64Url(body) + '.' + base64Url(sign(body)));
    }
    return page;
}

} // namespace wci
