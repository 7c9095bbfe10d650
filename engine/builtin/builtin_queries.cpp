// The built-in engine's reads: conditions to SQL, sort order, list / paged / single reads
// with projection, replay to a state, snapshot regeneration, walks over aggregate ids.

#include "builtin_engine_impl.h"
#include "field_paths.h"

#include "condition_compiler.h"

#include <QJsonDocument>
#include <QScopeGuard>

namespace wci {

namespace {

std::optional<DomainError> checkConditionStrings(const Condition &c)
{
    auto check = [](const QJsonValue &v) { return v.isString() && v.toString().size() > kMaxConditionString; };
    bool bad = check(c.value) || c.field.size() > kMaxNameLength;
    if (c.value.isArray()) {
        for (const auto &v : c.value.toArray())
            bad = bad || check(v);
    }
    if (bad)
        return DomainError::illegalArgument(u"Condition value of "_s + enumName(c.op) + u" is longer than %1 characters."_s.arg(kMaxConditionString));
    for (const auto &child : c.children) {
        if (auto e = checkConditionStrings(child))
            return e;
    }
    return std::nullopt;
}

void removePath(QJsonObject &o, QStringList parts)
{
    const QString head = parts.takeFirst();
    if (parts.isEmpty()) {
        o.remove(head);
        return;
    }
    auto it = o.find(head);
    if (it == o.end() || !it->isObject())
        return;
    QJsonObject child = it->toObject();
    removePath(child, parts);
    *it = child;
}

void copyPath(const QJsonObject &from, QJsonObject &to, QStringList parts)
{
    const QString head = parts.takeFirst();
    const auto it = from.constFind(head);
    if (it == from.constEnd())
        return;
    if (parts.isEmpty()) {
        to.insert(head, *it);
        return;
    }
    if (it->isArray()) {
        // As MongoDB: a path through an array projects every object element (others are left
        // out); a second path through the same array fills the same elements.
        const QJsonArray source = it->toArray();
        QJsonArray projected = to.value(head).toArray();
        qsizetype k = 0;
        for (const auto &element : source) {
            if (!element.isObject())
                continue;
            QJsonObject sub = k < projected.size() ? projected.at(k).toObject() : QJsonObject();
            copyPath(element.toObject(), sub, parts);
            if (k < projected.size())
                projected[k] = sub;
            else
                projected.append(sub);
            ++k;
        }
        to.insert(head, projected);
        return;
    }
    if (!it->isObject())
        return;
    QJsonObject sub = to.value(head).toObject();
    copyPath(it->toObject(), sub, parts);
    if (!sub.isEmpty())
        to.insert(head, sub);
}

} // namespace

QByteArray applyProjection(const QByteArray &json, const Projection &projection, const QString &idField)
{
    if (projection.isEmpty())
        return json;
    const QJsonObject doc = parseObject(json);
    QJsonObject out;
    if (!projection.include.isEmpty()) {
        copyPath(doc, out, {idField}); // Mongo keeps _id unless excluded
        for (const auto &p : projection.include)
            copyPath(doc, out, p.split(u'.'));
    } else {
        out = doc;
    }
    for (const auto &p : projection.exclude)
        removePath(out, p.split(u'.'));
    JsonWriter w;
    w.value(out);
    return w.take();
}

EvaluationContext BuiltinEngine::Impl::evalContext() const
{
    EvaluationContext ctx;
    ctx.now = clock();
    ctx.defaultZone = options.zone;
    return ctx;
}

bool BuiltinEngine::Impl::singleEventStreams()
{
    // One index seek: streams without a name in the column hold zero or several events.
    auto lease = reader();
    Statement &st = (*lease).prepare(u"SELECT NOT EXISTS (SELECT 1 FROM event_stream WHERE body_name IS NULL)"_s);
    st.step();
    const bool single = st.int64(0) != 0;
    st.reset();
    return single;
}

BuiltinEngine::Impl::Where BuiltinEngine::Impl::where(const Condition &condition, bool snapshots, bool noIndex, bool scoped)
{
    if (auto e = checkConditionStrings(condition))
        raise(*e);
    const Condition rewritten = scoped ? condition : rewriteQueryCondition(condition, snapshots);
    CompileOptions o;
    o.kind = snapshots ? DocumentKind::Snapshot : DocumentKind::EventStream;
    o.docExpr = snapshots ? kSnapshotDoc : kEventDoc;
    o.ctx = evalContext();
    o.noIndex = noIndex;
    o.singleEventStreams = !snapshots && singleEventStreams();
    auto compiled = compileCondition(rewritten, o);
    if (!compiled)
        raise(compiled.error());
    return {compiled->sql, std::move(compiled->params), compiled->residualCount, compiled->columns};
}

QString BuiltinEngine::Impl::orderBy(const std::vector<Sort> &sort, bool snapshots)
{
    const FieldCatalog &catalog = snapshots ? FieldCatalog::snapshots() : FieldCatalog::eventStreams();
    if (auto e = checkSortFields(sort, catalog))
        raise(*e);
    QStringList parts;
    for (const auto &s : sort) {
        parts.append(catalog.sortExpression(s.field, snapshots ? kSnapshotDoc : kEventDoc)
                     + (s.direction == SortDirection::Desc ? u" DESC"_s : u" ASC"_s));
    }
    // A stable order so that pages never overlap.
    parts.append(snapshots ? u"s.aggregate_id ASC"_s : u"e.aggregate_id ASC, e.version ASC"_s);
    return u" ORDER BY "_s + parts.join(u", "_s);
}

std::optional<std::vector<Condition>> BuiltinEngine::Impl::statusBranches(const Condition &condition)
{
    // Top-level AND terms; the branches come from the one term that pins the status: a
    // status EQ or IN leaf, or an OR whose every child pins one status (alone, or in an AND).
    std::vector<Condition> terms = condition.op == Operator::And ? condition.children : std::vector<Condition>{condition};
    const auto statusOf = [](const Condition &c) -> std::optional<QString> {
        if (c.field == field::status && c.op == Operator::Eq && c.value.isString())
            return c.value.toString();
        if (c.op == Operator::And)
            for (const auto &child : c.children)
                if (child.field == field::status && child.op == Operator::Eq && child.value.isString())
                    return child.value.toString();
        return std::nullopt;
    };
    for (size_t i = 0; i < terms.size(); ++i) {
        const Condition &t = terms[i];
        std::vector<Condition> alternatives;
        if (t.field == field::status && t.op == Operator::Eq && t.value.isString()) {
            alternatives.push_back(t);
        } else if (t.field == field::status && t.op == Operator::In && t.value.isArray() && !t.value.toArray().isEmpty()) {
            for (const auto &v : t.value.toArray()) {
                if (!v.isString())
                    return std::nullopt;
                alternatives.push_back(Condition::eq(field::status, v));
            }
        } else if (t.op == Operator::Or && !t.children.empty()) {
            QSet<QString> seen;
            for (const auto &child : t.children) {
                const auto status = statusOf(child);
                if (!status || seen.contains(*status))
                    return std::nullopt;
                seen.insert(*status);
                alternatives.push_back(child);
            }
        } else {
            continue;
        }
        std::vector<Condition> out;
        for (const Condition &alternative : alternatives) {
            std::vector<Condition> branch = terms;
            branch[i] = alternative;
            out.push_back(Condition::and_(branch));
        }
        return out;
    }
    return std::nullopt;
}

namespace {
// A scoped condition (rewriteQueryCondition done) as one AND whose terms on what commands change
// come first: the timeout, the next retry, whether the retries are below the threshold. SQLite
// tests a walk's terms in this order, and the runs a walk steps over are of the newest failures,
// just prepared (not timed out, few retries): those terms reject each at once instead of after
// the tenant, recoverability and retryability, which most failures share.
Condition changingTermsFirst(const Condition &scoped)
{
    static const QStringList changing = {field::timeoutAt, field::nextRetryAt, field::isBelowRetryThreshold};
    std::vector<std::vector<Condition>> ranked(size_t(changing.size()) + 1);
    const std::function<void(const Condition &)> flatten = [&](const Condition &c) {
        if (c.op == Operator::And) {
            for (const auto &child : c.children)
                flatten(child);
            return;
        }
        const qsizetype rank = changing.indexOf(c.field);
        ranked[size_t(rank < 0 ? changing.size() : rank)].push_back(c);
    };
    flatten(scoped);
    if (std::all_of(ranked.begin(), ranked.end() - 1, [](const auto &terms) { return terms.empty(); }))
        return scoped; // nothing to move
    std::vector<Condition> out;
    for (auto &terms : ranked)
        out.insert(out.end(), std::make_move_iterator(terms.begin()), std::make_move_iterator(terms.end()));
    return Condition::and_(std::move(out));
}
} // namespace

bool BuiltinEngine::Impl::answeredByStatusOrder(const QSet<QString> &columns)
{
    static const QSet<QString> indexed{u"deleted"_s, u"status"_s, u"aggregate_id"_s, u"tenant_id"_s,
                                       u"recoverable"_s, u"is_retryable"_s, u"timeout_at"_s,
                                       u"next_retry_at"_s, u"is_below_retry_threshold"_s};
    return std::all_of(columns.begin(), columns.end(), [](const QString &c) { return indexed.contains(c); });
}

bool BuiltinEngine::Impl::branchPages(Connection &c, const std::vector<Where> &branches, bool desc, qint64 n,
                                      std::vector<QByteArray> &ids)
{
    // Each branch's first n ids come from one of two reads, raced within a shared budget of VM
    // steps: a walk of snapshot_status_order in key order (cheap while matches are dense), and
    // the branch's matches read from the planner's index and sorted (cheap while they are few,
    // wherever they lie). A run of keys that do not match (the newest failures, just prepared and
    // not yet timed out, in front of the timed-out ones) costs the walk a step per key; the
    // sorted read skips it.
    // Once n ids are known, the n-th in page order bounds every later read: a branch has nothing
    // to add beyond it, so a walk stops at its first match there and a sorted read keeps only
    // the keys before it.
    struct Branch {
        const Where *where;
        bool sorts; // whether a sorted read may beat the walk
        std::vector<QByteArray> found; // in page order
        bool done = false;
    };
    std::vector<Branch> state;
    state.reserve(branches.size());
    // Only a branch with a term on a time that commands change (the timeout, the next retry)
    // gets sorted reads: the runs its walk steps over are of those terms, and the planner's
    // index takes the term as a range right after the equalities. Without one (Non-retryable,
    // Unrecoverable), the planner's index reads more keys than the walk steps over.
    for (const Where &b : branches)
        state.push_back(Branch{&b, b.columns.contains(u"timeout_at"_s) || b.columns.contains(u"next_retry_at"_s), {}, false});
    const auto inPageOrder = [desc](const QByteArray &a, const QByteArray &b) { return desc ? b < a : a < b; };
    const QString afterKey = desc ? u" AND s.aggregate_id < ?"_s : u" AND s.aggregate_id > ?"_s;
    const QString beforeKey = desc ? u" AND s.aggregate_id > ?"_s : u" AND s.aggregate_id < ?"_s;
    const QString direction = desc ? u" DESC LIMIT ?"_s : u" ASC LIMIT ?"_s;
    // Every id found so far, in page order, once (SQLite compares the ids as bytes, BINARY, and
    // so does this).
    const auto merged = [&] {
        std::vector<QByteArray> all;
        for (const Branch &b : state)
            all.insert(all.end(), b.found.begin(), b.found.end());
        std::sort(all.begin(), all.end(), inPageOrder);
        all.erase(std::unique(all.begin(), all.end()), all.end());
        return all;
    };
    std::optional<QByteArray> bound;
    const auto tighten = [&] {
        const std::vector<QByteArray> all = merged();
        if (qint64(all.size()) >= n)
            bound = all[size_t(n - 1)];
    };
    int left = options.keyOrderScanBudget; // thousands of VM steps, charged as reads use them
    // One read of a branch within `thousands` thousand VM steps; true when it finished.
    const auto read = [&](Branch &b, bool walk, int thousands) {
        QString sql = walk ? u"SELECT s.aggregate_id FROM snapshot s INDEXED BY snapshot_status_order WHERE "_s
                           : u"SELECT s.aggregate_id FROM snapshot s WHERE "_s;
        sql += b.where->sql;
        std::vector<sqlite::Value> params = b.where->params;
        // The sorted read names the key as +s.aggregate_id, so that neither its bounds nor its
        // order lead the planner back to a walk.
        const QString key = walk ? u"s.aggregate_id"_s : u"+s.aggregate_id"_s;
        if (!b.found.empty()) {
            sql += QString(afterKey).replace(u"s.aggregate_id"_s, key);
            params.emplace_back(QString::fromUtf8(b.found.back()));
        }
        // A walk stops at the bound here rather than in its SQL: a range on the key makes SQLite
        // compare every key stepped over with its end (a walk of 10^6 keys took 10 % longer).
        const std::optional<QByteArray> stopAt = walk ? bound : std::nullopt;
        if (bound && !walk) {
            sql += QString(beforeKey).replace(u"s.aggregate_id"_s, key);
            params.emplace_back(QString::fromUtf8(*bound));
        }
        sql += u" ORDER BY "_s + key + direction;
        params.emplace_back(n - qint64(b.found.size()));
        const size_t kept = b.found.size();
        std::optional<StepBudget> budget;
        const auto charge = qScopeGuard([&] { left -= budget ? std::max(1, budget->used()) : 0; });
        try {
            budget.emplace(c, thousands);
            auto keys = c.prepareGenerated(sql);
            keys->bindAll(params);
            while (keys->step()) {
                QByteArray id = keys->text(0).toUtf8();
                if (stopAt && !inPageOrder(id, *stopAt))
                    break; // at or beyond the bound: nothing more of this branch enters the page
                b.found.push_back(std::move(id));
            }
            return true;
        } catch (const SqliteError &e) {
            if (!StepBudget::interrupted(e))
                throw;
            if (!walk)
                b.found.resize(kept); // a sorted read's rows are its best so far, not the first ones
            return false;
        }
    };
    // The budget is in thousands of VM steps (a thousand took about 0.1 ms of a walk on a
    // 2-core machine). Every branch first walks for 1/4096 of it (dense matches end there), a
    // branch that may be sorted then gets a sorted read of 1/128, and every walk still
    // unfinished then gets what is left. A walk that found nothing starts again from the first
    // key: SQLite cannot resume a statement it interrupted. When the walk wins, the sorted read
    // has cost at most its share.
    const auto spend = [&](int wanted) { return std::max(1, std::min(wanted, left)); };
    for (Branch &b : state) {
        b.done = read(b, true, spend(std::max(1, options.keyOrderScanBudget / 4096)));
        tighten();
    }
    for (Branch &b : state) {
        if (!b.done && b.sorts && left > 0) {
            b.done = read(b, false, spend(std::max(1, options.keyOrderScanBudget / 128)));
            sortedReads += b.done ? 1 : 0;
            tighten();
        }
    }
    for (Branch &b : state) {
        if (!b.done && bound && !b.found.empty() && !inPageOrder(b.found.back(), *bound))
            b.done = true; // its walk reached the bound: nothing more of it enters the page
        if (b.done)
            continue;
        if (left <= 0 || !read(b, true, spend(left))) {
            ++pageFallbacks;
            return false;
        }
        b.done = true;
        tighten();
    }
    ids = merged();
    return true;
}

QList<Document> BuiltinEngine::Impl::select(const Condition &condition, const std::vector<Sort> &sort,
                                            const Projection &projection, qint64 limit, qint64 offset, bool snapshots,
                                            SnapshotView view)
{
    const Where w = where(condition, snapshots);
    const QString order = orderBy(sort, snapshots);
    const bool streamKeyOrder = !snapshots && projection.isEmpty() && w.residuals == 0
        && std::all_of(sort.begin(), sort.end(), [](const Sort &x) {
               return x.direction == SortDirection::Asc && (x.field == u"aggregateId"_s || x.field == u"version"_s);
           })
        && (sort.empty() || sort.front().field == u"aggregateId"_s);
    if (streamKeyOrder) {
        // Event streams in their key order (exports): the (aggregate_id, version) index gives
        // the order without a sorter, so the documents are read in the same pass.
        // A page of a filtered walk (an export by event name, a keyset scan) first walks that
        // index itself within a budget of VM steps: the planner would rather take an index of
        // the filter's equalities and sort every remaining match for each page, which makes a
        // walk page by page quadratic. Sparse matches run out of budget and go to the planner.
        const QString tail = u" WHERE "_s + w.sql + u" ORDER BY e.aggregate_id ASC, e.version ASC LIMIT ? OFFSET ?"_s;
        std::vector<sqlite::Value> params = w.params;
        params.push_back(limit > 0 ? limit : qint64(-1));
        params.push_back(offset);
        auto lease = reader();
        Connection &c = *lease;
        QList<Document> out;
        if (limit > 0) {
            try {
                StepBudget budget(c, options.keyOrderScanBudget);
                auto st = c.prepareUncached(u"SELECT e.doc FROM event_stream e INDEXED BY event_stream_version"_s + tail);
                st->bindAll(params);
                out.reserve(qsizetype(limit));
                while (st->step())
                    out.append(Document{storedDocument(c, *st, 0)});
                return out;
            } catch (const SqliteError &e) {
                if (!StepBudget::interrupted(e))
                    throw;
                out.clear();
            }
        }
        auto st = c.prepareUncached(u"SELECT e.doc FROM event_stream e"_s + tail);
        st->bindAll(params);
        while (st->step())
            out.append(Document{storedDocument(c, *st, 0)});
        return out;
    }
    // Phase 1 finds the keys in order; phase 2 reads only those documents. SQLite would
    // otherwise compute the document column for every row that enters the sorter.
    QString sql = snapshots ? u"SELECT s.aggregate_id FROM snapshot s WHERE "_s : u"SELECT e.seq FROM event_stream e WHERE "_s;
    sql += w.sql + order;
    std::vector<sqlite::Value> params = w.params;
    if (limit > 0 || offset > 0) {
        sql += u" LIMIT ? OFFSET ?"_s;
        params.push_back(limit > 0 ? limit : qint64(-1));
        params.push_back(offset);
    }
    auto lease = reader();
    Connection &c = *lease;
    // The keys (one or more statements: walks, sorted reads, the planner's plan) and their
    // documents are read from one snapshot of the file, as a command may commit in between.
    Transaction oneSnapshot(c, false);
    std::vector<sqlite::Value> found;
    bool done = false;
    const bool byAggregateId = sort.empty()
        || (sort.size() == 1 && (sort.front().field == u"aggregateId"_s || sort.front().field == u"_id"_s));
    if (snapshots && limit > 0 && byAggregateId) {
        // Pages in aggregate-id order, status by status: each status is walked in aggregate-id
        // order on snapshot_status_order and the walks are merged. Rows of other statuses (the
        // newest failures all executing, say) are never stepped over. The branches come from
        // the condition's status term (every dashboard category), or, for a condition without
        // one that the index answers alone (All, Deleted), from every status there is.
        // The walks follow the key order only when the deletion state is pinned (the index's
        // first column): a query over deleted and active failures alike goes to the plans below.
        const Condition scopedCondition = rewriteQueryCondition(condition, snapshots);
        const auto pinsDeletion = [](const Condition &x) {
            return x.op == Operator::Deleted && deletionStateOf(x.value) != DeletionState::All;
        };
        const bool deletionPinned = pinsDeletion(scopedCondition)
            || (scopedCondition.op == Operator::And
                && std::any_of(scopedCondition.children.begin(), scopedCondition.children.end(), pinsDeletion));
        std::vector<Where> branchWheres;
        const auto branches = deletionPinned ? statusBranches(condition) : std::nullopt;
        if (branches) {
            for (const Condition &branch : *branches)
                branchWheres.push_back(where(changingTermsFirst(rewriteQueryCondition(branch, snapshots)), snapshots, false, true));
        } else if (deletionPinned && w.residuals == 0 && answeredByStatusOrder(w.columns)) {
            for (const auto status : allExecutionFailedStatuses)
                branchWheres.push_back(where(changingTermsFirst(Condition::and_({scopedCondition, Condition::eq(field::status, enumName(status))})),
                                             snapshots, false, true));
        }
        if (!branchWheres.empty()) {
            const bool desc = !sort.empty() && sort.front().direction == SortDirection::Desc;
            std::vector<QByteArray> ids;
            if (branchPages(c, branchWheres, desc, limit + offset, ids)) {
                for (qint64 i = offset; i < qint64(ids.size()) && i < offset + limit; ++i)
                    found.push_back(sqlite::Value(QString::fromUtf8(ids[size_t(i)])));
                done = true;
            }
        }
    }
    if (!done && snapshots && limit > 0 && byAggregateId) {
        // Pages in aggregate-id order: walk the table in key order and stop at the page,
        // within a budget of VM steps. Dense matches (every dashboard category) finish at
        // once; sparse ones run out of budget and go to the planner's index plan below,
        // where few rows need sorting.
        const Where scan = where(condition, snapshots, true);
        QString scanSql = u"SELECT s.aggregate_id FROM snapshot s WHERE "_s + scan.sql + order + u" LIMIT ? OFFSET ?"_s;
        std::vector<sqlite::Value> scanParams = scan.params;
        scanParams.push_back(limit);
        scanParams.push_back(offset);
        try {
            StepBudget budget(c, options.keyOrderScanBudget);
            auto keys = c.prepareGenerated(scanSql);
            keys->bindAll(scanParams);
            while (keys->step())
                found.push_back(sqlite::Value(keys->text(0)));
            done = true;
        } catch (const SqliteError &e) {
            if (!StepBudget::interrupted(e))
                throw;
            found.clear();
        }
    }
    if (!done) {
        auto keys = c.prepareGenerated(sql);
        keys->bindAll(params);
        while (keys->step())
            found.push_back(snapshots ? sqlite::Value(keys->text(0)) : sqlite::Value(keys->int64(0)));
    }
    return documents(c, found, projection, snapshots, view);
}

QList<Document> BuiltinEngine::Impl::documents(Connection &c, const std::vector<sqlite::Value> &keys,
                                               const Projection &projection, bool snapshots, SnapshotView view)
{
    const bool stateOnly = snapshots && view == SnapshotView::State;
    Statement &doc = c.prepare(
        snapshots ? (stateOnly && projection.isEmpty()
                         ? u"SELECT json_extract(wci_doc(doc), '$.state') FROM snapshot_doc WHERE aggregate_id = ?"_s
                         : u"SELECT wci_doc(doc) FROM snapshot_doc WHERE aggregate_id = ?"_s)
                  : u"SELECT wci_doc(doc) FROM event_stream WHERE seq = ?"_s);
    QList<Document> out;
    out.reserve(qsizetype(keys.size()));
    for (const auto &key : keys) {
        doc.reset().bind(1, key);
        if (!doc.step())
            continue; // deleted between the two reads by another process
        QByteArray json = doc.bytes(0);
        if (!projection.isEmpty()) {
            json = applyProjection(json, projection, snapshots ? u"aggregateId"_s : u"id"_s);
            if (stateOnly)
                json = QJsonDocument(parseObject(json).value("state"_L1).toObject()).toJson(QJsonDocument::Compact);
        }
        out.append(Document{json});
    }
    doc.reset();
    return out;
}

void BuiltinEngine::Impl::checkLimit(int limit)
{
    if (limit < 0)
        throw illegalArgument(u"limit must be greater than or equal to 0."_s);
}

void BuiltinEngine::Impl::checkPagination(const Pagination &p)
{
    if (p.index < 1)
        throw illegalArgument(u"pagination.index must be greater than or equal to 1."_s);
    if (p.size < 1)
        throw illegalArgument(u"pagination.size must be greater than or equal to 1."_s);
}

PagedList<Document> BuiltinEngine::Impl::paged(const PagedQuery &q, bool snapshots, SnapshotView view)
{
    checkPagination(q.pagination);
    PagedList<Document> out;
    out.total = count(q.condition, snapshots);
    if (q.pagination.offset() < out.total) {
        const auto docs = select(q.condition, q.sort, q.projection, q.pagination.size, q.pagination.offset(),
                                 snapshots, view);
        out.list.assign(docs.begin(), docs.end());
    }
    return out;
}

ExecutionFailedState BuiltinEngine::Impl::liveStateAfter(const std::vector<DomainEventStream> &streams)
{
    ExecutionFailedAggregate last;
    replay(streams, [&](const DomainEventStream &, const ExecutionFailedAggregate &a, const Snapshot &) {
        last = a;
        return true;
    });
    if (last.deleted)
        throw notFound();
    return last.state;
}

void BuiltinEngine::Impl::regenerate(Connection &c, const QString &aggregateId)
{
    const auto streams = loadStreams(c, aggregateId);
    if (streams.empty())
        throw notFound();
    Snapshot last;
    replay(streams, [&](const DomainEventStream &, const ExecutionFailedAggregate &, const Snapshot &s) {
        last = s;
        return true;
    });
    // Keep tags of the stored snapshot: they are not sourced from this aggregate's events.
    const Loaded stored = loadAggregate(c, aggregateId);
    if (stored.aggregate.initialized())
        last.tags = stored.snapshot.tags;
    last.snapshotTime = clock();
    writeSnapshot(c, last);
}

QStringList BuiltinEngine::Impl::aggregateIdsAfter(Connection &c, const QString &afterId, int limit)
{
    QStringList out;
    Statement &st = c.prepare(
        u"SELECT DISTINCT aggregate_id FROM event_stream WHERE aggregate_id > ? ORDER BY aggregate_id LIMIT ?"_s);
    st.bind(1, afterId).bind(2, limit);
    while (st.step())
        out.append(st.text(0));
    return out;
}

} // namespace wci
