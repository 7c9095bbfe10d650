// Engine conformance: the same cases for every Engine (built-in directly; later the remote
// client through `serve`). Written against the Engine interface only.

#include "categories.h"
#include "engine_harness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include "test_clock.h"
#include "test_printers.h"

using namespace wci;
using namespace wci::testing;
using namespace wci::test;
using namespace Qt::StringLiterals;

namespace {


CreateExecutionFailed createBody(const QString &processor = u"OrderSaga"_s, std::optional<RetrySpec> spec = RetrySpec{3, 10, 60},
                                 const QString &errorCode = u"IllegalState"_s)
{
    CreateExecutionFailed c;
    c.eventId = {u"0V3pJzzz0001001"_s, {u"example-service"_s, u"order"_s, u"0V3pJzzy0001001"_s, u"(0)"_s}, 1};
    c.function = {FunctionKind::Event, u"example-service"_s, processor, u"onOrderCreated"_s};
    c.error = {errorCode, u"Inventory service unavailable"_s,
               u"java.lang.IllegalStateException: Inventory service unavailable\n\tat com.acme.Saga.on(Saga.java:42)"_s, {}};
    c.executeAt = kNow;
    c.retrySpec = spec;
    return c;
}



} // namespace

class TestEngineConformance : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<EngineHarness> harness = makeHarness();
    Engine *engine = nullptr;
    std::atomic<qint64> now{kNow};
    std::atomic<bool> ticking{false}; // each read of the clock advances it by 1 ms

    QString create(const QString &id = {}, const CreateExecutionFailed &body = createBody())
    {
        CommandOptions o;
        o.aggregateId = id;
        const CommandResult r = ok(engine->execute(Command{QString(), QString(), body}, o));
        return r.aggregateId;
    }
    CommandResult run(const QString &id, CommandBody body, CommandOptions o = {})
    {
        return ok(engine->execute(Command{id, QString(), std::move(body)}, o));
    }
    EngineError fails(const QString &id, CommandBody body, CommandOptions o = {})
    {
        return err(engine->execute(Command{id, QString(), std::move(body)}, o));
    }
    qint64 count(const Condition &c = Condition::all()) { return ok(engine->countSnapshots(c)); }

private slots:
    void init()
    {
        now = kNow;
        ticking = false;
        engine = harness->create([this] { return ticking ? now.fetch_add(1) + 1 : now.load(); });
    }
    void cleanup() { harness->destroy(); }

    void createThenLoad()
    {
        const CommandResult r = ok(engine->execute(Command{QString(), QString(), createBody()}, CommandOptions{}));
        QVERIFY(r.succeeded());
        QCOMPARE(r.stage, CommandStage::Processed);
        QCOMPARE(r.aggregateVersion, std::optional<int>(1));
        QCOMPARE(r.function.name, u"onCreate"_s);
        QCOMPARE(r.function.processorName, u"ExecutionFailed"_s);
        QCOMPARE(r.id, r.commandId);
        QVERIFY(!r.requestId.isEmpty()); // the command id, or a fresh id the client sent
        QCOMPARE(r.aggregateId.size(), 15);
        const ExecutionFailedState s = ok(engine->loadState(r.aggregateId));
        QCOMPARE(s.id, r.aggregateId);
        QCOMPARE(s.status, ExecutionFailedStatus::Failed);
        QCOMPARE(s.retryState, (RetryState{0, kNow, kNow + 60000, kNow + 10000}));
        const Snapshot snap = ok(engine->getSnapshot(r.aggregateId)).as<Snapshot>().value();
        QCOMPARE(snap.version, 1);
        QCOMPARE(snap.state, s);
        QCOMPARE(snap.firstEventTime, kNow);
        QCOMPARE(snap.eventTime, kNow);
        QCOMPARE(snap.deleted, false);
        QCOMPARE(snap.tenantId, u"(0)"_s);
        QVERIFY(snap.tags.has_value());
        const auto streams = ok(engine->loadEventStreams(r.aggregateId, 1, 10));
        QCOMPARE(streams.size(), 1);
        const DomainEventStream stream = streams.first().as<DomainEventStream>().value();
        QCOMPARE(stream.version, 1);
        QCOMPARE(stream.commandId, r.commandId);
        QCOMPARE(snap.eventId, stream.id);
        QCOMPARE(stream.body.front().name, u"execution_failed_created"_s);
    }

    void createWithFixedIdAndDefaultSpec()
    {
        CreateExecutionFailed body = createBody();
        body.retrySpec.reset();
        const QString id = create(u"fixed-id-1"_s, body);
        QCOMPARE(id, u"fixed-id-1"_s);
        const auto s = ok(engine->loadState(id));
        QCOMPARE(s.retrySpec, (RetrySpec{10, 180, 120}));
        // The same id again: create expects version 0.
        CommandOptions o;
        o.aggregateId = id;
        const EngineError e = err(engine->execute(Command{QString(), QString(), createBody()}, o));
        QCOMPARE(e.errorCode, ErrorCode::CommandExpectVersionConflict);
        QCOMPARE(e.httpStatus, 409);
    }

    void waitStages()
    {
        const QString id = create();
        CommandOptions o;
        o.waitStage = CommandStage::Sent;
        CommandResult r = run(id, MarkRecoverable{RecoverableType::Recoverable}, o);
        QCOMPARE(r.stage, CommandStage::Sent);
        QCOMPARE(r.function.processorName, u"CommandGateway"_s);
        QVERIFY(!r.aggregateVersion.has_value());
        o.waitStage = CommandStage::Snapshot;
        r = run(id, MarkRecoverable{RecoverableType::Unrecoverable}, o);
        QCOMPARE(r.stage, CommandStage::Snapshot);
        QCOMPARE(r.function.processorName, u"SnapshotDispatcher"_s);
        QCOMPARE(r.aggregateVersion, std::optional<int>(3));
        // Acknowledged at SNAPSHOT: the snapshot already shows it.
        QCOMPARE(ok(engine->getSnapshot(id)).as<Snapshot>()->version, 3);
    }

    void everyCommandChangesState()
    {
        const QString id = create();
        now = kNow + 20000;
        QCOMPARE(run(id, PrepareCompensation{}).function.name, u"onPrepare"_s);
        ExecutionFailedState s = ok(engine->loadState(id));
        QCOMPARE(s.status, ExecutionFailedStatus::Prepared);
        QCOMPARE(s.retryState.retries, 1);
        QCOMPARE(s.retryState.retryAt, kNow + 20000);

        run(id, ApplyExecutionFailed{{u"Timeout"_s, u"again"_s, u"trace"_s, {}}, kNow + 21000, RecoverableType::Recoverable});
        s = ok(engine->loadState(id));
        QCOMPARE(s.status, ExecutionFailedStatus::Failed);
        QCOMPARE(s.error.errorCode, u"Timeout"_s);
        QCOMPARE(s.recoverable, RecoverableType::Recoverable);

        run(id, ApplyRetrySpec{5, 0, 30});
        QCOMPARE(ok(engine->loadState(id)).retrySpec, (RetrySpec{5, 0, 30}));

        FunctionInfo f{FunctionKind::StateEvent, u"example-service"_s, u"OrderProjector"_s, u"onState"_s};
        run(id, ChangeFunction{f});
        QCOMPARE(ok(engine->loadState(id)).function, f);

        run(id, MarkRecoverable{RecoverableType::Unrecoverable});
        QCOMPARE(ok(engine->loadState(id)).recoverable, RecoverableType::Unrecoverable);

        now = kNow + 30000;
        run(id, ForcePrepareCompensation{});
        run(id, ApplyExecutionSuccess{kNow + 31000});
        s = ok(engine->loadState(id));
        QCOMPARE(s.status, ExecutionFailedStatus::Succeeded);
        QCOMPARE(s.executeAt, kNow + 31000);

        run(id, DeleteAggregate{});
        QCOMPARE(err(engine->loadState(id)).errorCode, ErrorCode::NotFound);
        QCOMPARE(err(engine->getSnapshot(id)).httpStatus, 404);
        run(id, RecoverAggregate{});
        QCOMPARE(ok(engine->loadState(id)).status, ExecutionFailedStatus::Succeeded);
        QCOMPARE(ok(engine->countEventStreams(Condition::leaf(u"aggregateId"_s, Operator::Eq, id))), 10);
    }

    void commandErrors()
    {
        const QString id = create();
        EngineError e = fails(u"missing"_s, PrepareCompensation{});
        QCOMPARE(e.errorCode, ErrorCode::NotFound);
        QCOMPARE(e.httpStatus, 404);
        QVERIFY(e.commandResult.has_value());
        QCOMPARE(e.commandResult->function.processorName, u"SimpleCommandAggregate"_s);
        QCOMPARE(e.commandResult->stage, CommandStage::Processed);
        QVERIFY(e.errorMsg.endsWith(u"id=missing) is not initialized."_s));

        e = fails(id, ApplyExecutionSuccess{kNow});
        QCOMPARE(e.errorCode, ErrorCode::IllegalState);
        QCOMPARE(e.errorMsg, u"ExecutionFailed is not prepared."_s);
        QCOMPARE(e.commandResult->function.name, u"onSucceed"_s);
        QCOMPARE(e.commandResult->aggregateVersion, std::optional<int>(1));

        e = fails(id, MarkRecoverable{RecoverableType::Unknown});
        QCOMPARE(e.errorCode, ErrorCode::IllegalArgument);
        QCOMPARE(e.errorMsg, u"ExecutionFailed recoverable is already marked to UNKNOWN."_s);

        e = fails(id, ApplyRetrySpec{-1, 1, 1});
        QCOMPARE(e.errorMsg, u"maxRetries must be greater than or equal to 0."_s);
        e = fails(id, ApplyRetrySpec{70, 1, 1});
        QCOMPARE(e.errorCode, ErrorCode::BadRequest);

        CommandOptions o;
        o.expectedVersion = 7;
        e = fails(id, MarkRecoverable{RecoverableType::Recoverable}, o);
        QCOMPARE(e.errorCode, ErrorCode::CommandExpectVersionConflict);
        QCOMPARE(e.httpStatus, 409);
        o.expectedVersion = 1;
        QVERIFY(run(id, MarkRecoverable{RecoverableType::Recoverable}, o).succeeded());

        run(id, DeleteAggregate{});
        e = fails(id, DeleteAggregate{});
        QCOMPARE(e.errorCode, ErrorCode::IllegalAccessDeletedAggregate);
        QCOMPARE(e.httpStatus, 410);
        e = fails(create(), RecoverAggregate{});
        QCOMPARE(e.errorCode, ErrorCode::IllegalState);
        QVERIFY(e.errorMsg.contains(u"is not deleted."_s));
        // Nothing of the rejected commands was stored.
        QCOMPARE(ok(engine->loadEventStreams(id, 1, 100)).size(), 3);
    }

    void duplicateRequestId()
    {
        const QString id = create();
        CommandOptions o;
        o.requestId = u"req-1"_s;
        QVERIFY(run(id, MarkRecoverable{RecoverableType::Recoverable}, o).succeeded());
        const EngineError e = fails(id, MarkRecoverable{RecoverableType::Unrecoverable}, o);
        QCOMPARE(e.errorCode, ErrorCode::DuplicateRequestId);
        QCOMPARE(e.errorMsg, u"Duplicate request ID[req-1]."_s);
        QCOMPARE(e.commandResult->stage, CommandStage::Sent);
        QCOMPARE(ok(engine->loadState(id)).recoverable, RecoverableType::Recoverable);
        // The same request id on another aggregate is fine.
        QVERIFY(run(create(), MarkRecoverable{RecoverableType::Recoverable}, o).succeeded());
    }

    void headersOperatorAndReason()
    {
        const QString id = create();
        CommandOptions o;
        o.operatorName = u"alice"_s;
        o.reason = u"downstream fixed"_s;
        o.headers.insert(u"trace_id"_s, u"t-1"_s);
        run(id, MarkRecoverable{RecoverableType::Recoverable}, o);
        const auto stream = ok(engine->loadEventStreams(id, 2, 2)).first().as<DomainEventStream>().value();
        // Wow 9.2.3 refuses reserved keys from clients (its sign-in supplies the operator): the
        // remote engine sends the command again without them, so it still runs.
        const bool refused = harness->reservedHeadersRefused();
        QCOMPARE(stream.header.value(u"command_operator"_s), refused ? QString() : u"alice"_s);
        QCOMPARE(stream.header.value(u"reason"_s), u"downstream fixed"_s);
        QCOMPARE(stream.header.value(u"trace_id"_s), refused ? QString() : u"t-1"_s);
        const Snapshot snap = ok(engine->getSnapshot(id)).as<Snapshot>().value();
        QCOMPARE(snap.operatorName, refused ? QString() : u"alice"_s);
        QCOMPARE(snap.firstOperator, QString());
    }

    void snapshotQueries()
    {
        QStringList ids;
        for (int i = 0; i < 25; ++i)
            ids.append(create(u"agg-%1"_s.arg(i, 2, 10, QChar(u'0')), createBody(i % 2 ? u"A"_s : u"B"_s)));
        run(ids[3], DeleteAggregate{});
        QCOMPARE(count(), 24); // deleted ones hidden unless asked for
        QCOMPARE(count(Condition::deleted(DeletionState::Deleted)), 1);
        QCOMPARE(count(Condition::deleted(DeletionState::All)), 25);
        QCOMPARE(count(Condition::eq(u"state.function.processorName"_s, u"A"_s)), 11); // agg-03 is an A

        PagedQuery pq;
        pq.condition = Condition::eq(u"state.function.processorName"_s, u"B"_s);
        pq.sort = {Sort{u"aggregateId"_s, SortDirection::Desc}};
        pq.pagination = {2, 5};
        const auto page = ok(engine->pagedSnapshots(pq, SnapshotView::State));
        QCOMPARE(page.total, 13); // even numbers 00..24
        QCOMPARE(page.list.size(), size_t(5));
        const auto first = page.list.front().as<ExecutionFailedState>();
        QVERIFY(first.ok());
        QCOMPARE(first->id, u"agg-14"_s); // B = even: 24,22,20,18,16 | 14,...

        ListQuery lq;
        lq.condition = Condition::all();
        lq.limit = 3;
        lq.sort = {Sort{u"aggregateId"_s, SortDirection::Asc}};
        const auto docs = ok(engine->listSnapshots(lq, SnapshotView::Document));
        QCOMPARE(docs.size(), 3);
        QCOMPARE(docs.at(2).as<Snapshot>()->aggregateId, u"agg-02"_s);

        lq.projection.include = {u"state.status"_s};
        const auto projected = ok(engine->listSnapshots(lq, SnapshotView::Document));
        const QJsonObject p = projected.first().object();
        QCOMPARE(p.keys(), (QStringList{u"aggregateId"_s, u"state"_s}));
        QCOMPARE(p.value("state"_L1).toObject().keys(), QStringList{u"status"_s});
        // A path through an array projects each element, as MongoDB does.
        ListQuery streams;
        streams.condition = Condition::eq(u"aggregateId"_s, u"agg-02"_s);
        streams.sort = {Sort{u"version"_s, SortDirection::Asc}};
        streams.limit = 100;
        streams.projection.include = {u"version"_s, u"body.name"_s};
        const auto named = ok(engine->listEventStreams(streams));
        QVERIFY(!named.isEmpty());
        for (const auto &d : named) {
            const QJsonArray body = d.object().value("body"_L1).toArray();
            QVERIFY(!body.isEmpty());
            for (const auto &e : body)
                QCOMPARE(e.toObject().keys(), QStringList{u"name"_s});
        }
        QCOMPARE(named.first().object().value("body"_L1).toArray().first().toObject().value("name"_L1).toString(),
                 u"execution_failed_created"_s);

        SingleQuery sq;
        sq.condition = Condition::id(u"agg-07"_s);
        QCOMPARE(ok(engine->singleSnapshot(sq, SnapshotView::State)).as<ExecutionFailedState>()->id, u"agg-07"_s);
        sq.condition = Condition::id(u"agg-03"_s); // deleted
        QCOMPARE(err(engine->singleSnapshot(sq, SnapshotView::State)).errorCode, ErrorCode::NotFound);

        pq.pagination = {100, 10}; // beyond the end: total, no rows
        const auto empty = ok(engine->pagedSnapshots(pq, SnapshotView::Document));
        QCOMPARE(empty.total, 13);
        QVERIFY(empty.list.empty());
    }

    // Wow 9.x aggregation: per-group counts equal the counts of the same conditions, event
    // aggregation counts streams by event name, and the summary row has one row.
    void aggregationAgreesWithCounts()
    {
        for (int i = 0; i < 12; ++i)
            create(u"ag-%1"_s.arg(i, 2, 10, QChar(u'0')), createBody(i % 3 ? u"A"_s : u"B"_s));
        run(u"ag-01"_s, PrepareCompensation{});
        run(u"ag-02"_s, PrepareCompensation{});
        run(u"ag-02"_s, ApplyExecutionSuccess{kNow});
        run(u"ag-05"_s, DeleteAggregate{});
        auto q = AggregationQuery::fromJsonBytes(
            R"({"groupBy":[{"type":"TERMS","field":"state.status","alias":"status"},{"type":"TERMS","field":"state.function.processorName","alias":"p"}],)"
            R"("metrics":[{"type":"COUNT","alias":"n"},{"type":"NUMERIC","function":"MAX","expression":{"type":"FIELD","field":"version"},"alias":"v"}],)"
            R"("sort":[{"field":"n","direction":"DESC"}]})");
        QVERIFY(q.ok());
        if (!harness->wow9Reads()) {
            // A server answering as Wow 8.10 has no aggregation route.
            QCOMPARE(err(engine->aggregateSnapshots(*q)).httpStatus, 404);
            return;
        }
        const auto rows = ok(engine->aggregateSnapshots(*q));
        qint64 total = 0;
        for (const auto &r : rows) {
            const Condition c = Condition::and_({Condition::eq(u"state.status"_s, r.value(u"status"_s)),
                                                 Condition::eq(u"state.function.processorName"_s, r.value(u"p"_s))});
            QCOMPARE(r.value(u"n"_s).toInteger(), count(c));
            total += r.value(u"n"_s).toInteger();
        }
        QCOMPARE(total, 11); // the deleted one is not in the default scope
        QCOMPARE(rows.front().value(u"n"_s).toInteger(), count(Condition::and_({Condition::eq(u"state.status"_s, u"FAILED"_s),
                                                                                 Condition::eq(u"state.function.processorName"_s, u"A"_s)})));
        const auto succeeded = std::find_if(rows.begin(), rows.end(), [](const AggregationRow &r) { return r.value(u"status"_s) == u"SUCCEEDED"_s; });
        QVERIFY(succeeded != rows.end());
        QCOMPARE(succeeded->value(u"v"_s).toDouble(), 3.0);
        // Streams per event name, as the dashboard's trend counts them.
        auto events = AggregationQuery::fromJsonBytes(
            R"({"filter":{"op":"ELEMENT_MATCH","field":"body","predicate":{"op":"EQ","field":"name","value":"compensation_prepared"}},)"
            R"("groupBy":[{"type":"DATE_HISTOGRAM","field":"createTime","alias":"day","unit":"DAY","timeZone":"UTC"}],"metrics":[{"type":"COUNT","alias":"n"}]})");
        QVERIFY(events.ok());
        const auto days = ok(engine->aggregateEventStreams(*events));
        QCOMPARE(days.size(), std::size_t(1));
        QCOMPARE(days.front().value(u"n"_s).toInteger(), 2);
        QCOMPARE(days.front().value(u"day"_s).toInteger(), kNow - kNow % 86400000);
        // No groupBy: exactly one row, also when nothing matches.
        auto none = AggregationQuery::fromJsonBytes(R"({"filter":{"op":"EQ","field":"state.status","value":"nothing"},)"
                                                    R"("metrics":[{"type":"COUNT","alias":"n"},{"type":"NUMERIC","function":"MIN","expression":{"type":"FIELD","field":"state.executeAt"},"alias":"oldest"}]})");
        const auto summary = ok(engine->aggregateSnapshots(*none));
        QCOMPARE(summary.size(), std::size_t(1));
        QCOMPARE(summary.front().toJsonBytes(), QByteArray(R"({"n":0,"oldest":null})"));
        // COUNTs with filters of their own and no groupBy (the window's category counts in one
        // query): each equals the count of the query's filter and its own, alone (the built-in
        // engine answers from its counts) or beside another metric (read from the rows).
        const QByteArray countMetrics =
            R"({"type":"COUNT","alias":"all"},)"
            R"({"type":"COUNT","alias":"failed","filter":{"op":"EQ","field":"state.status","value":"FAILED"}},)"
            R"({"type":"COUNT","alias":"open","filter":{"op":"IN","field":"state.status","values":["FAILED","PREPARED"]}},)"
            R"({"type":"COUNT","alias":"either","filter":{"op":"OR","operands":[{"op":"EQ","field":"state.status","value":"SUCCEEDED"},)"
            R"({"op":"EQ","field":"state.function.processorName","value":"B"}]}},)"
            R"({"type":"COUNT","alias":"gone","filter":{"op":"DELETION","state":"DELETED"}})";
        const QByteArray processorA = R"({"op":"EQ","field":"state.function.processorName","value":"A"})";
        auto countsAlone = AggregationQuery::fromJsonBytes(R"({"filter":)" + processorA + R"(,"metrics":[)" + countMetrics + "]}");
        auto countsBeside = AggregationQuery::fromJsonBytes(
            R"({"filter":)" + processorA + R"(,"metrics":[)" + countMetrics
            + R"(,{"type":"NUMERIC","function":"MAX","expression":{"type":"FIELD","field":"version"},"alias":"v"}]})");
        QVERIFY(countsAlone.ok() && countsBeside.ok());
        const auto alone = ok(engine->aggregateSnapshots(*countsAlone));
        const auto beside = ok(engine->aggregateSnapshots(*countsBeside));
        QCOMPARE(alone.size(), std::size_t(1));
        QCOMPARE(beside.size(), std::size_t(1));
        const Condition inA = Condition::eq(u"state.function.processorName"_s, u"A"_s);
        const std::pair<const char *, Condition> expected[] = {
            {"all", inA},
            {"failed", Condition::and_({inA, Condition::eq(u"state.status"_s, u"FAILED"_s)})},
            {"open", Condition::and_({inA, Condition::in(u"state.status"_s, QJsonArray{u"FAILED"_s, u"PREPARED"_s})})},
            {"either", Condition::and_({inA, Condition::or_({Condition::eq(u"state.status"_s, u"SUCCEEDED"_s),
                                                             Condition::eq(u"state.function.processorName"_s, u"B"_s)})})},
            {"gone", Condition::and_({inA, Condition::deleted(DeletionState::Deleted)})}, // inside the active scope
        };
        for (const auto &[alias, c] : expected) {
            const QString a = QString::fromLatin1(alias);
            QCOMPARE(alone.front().value(a).toInteger(), count(c));
            QCOMPARE(beside.front().value(a).toInteger(), count(c));
        }
        // The query's filter sets the deletion scope: a metric's DELETION only narrows it.
        QCOMPARE(alone.front().value(u"gone"_s).toInteger(), 0);
        auto everyScope = AggregationQuery::fromJsonBytes(R"({"filter":{"op":"DELETION","state":"ALL"},"metrics":[)" + countMetrics
                                                          + R"(,{"type":"COUNT","alias":"goneA","filter":{"op":"AND","operands":[{"op":"DELETION","state":"DELETED"},)"
                                                          + processorA + "]}}]}");
        QVERIFY(everyScope.ok());
        const auto every = ok(engine->aggregateSnapshots(*everyScope));
        QCOMPARE(every.front().value(u"gone"_s).toInteger(), 1);
        QCOMPARE(every.front().value(u"goneA"_s).toInteger(), 1);
        QCOMPARE(every.front().value(u"all"_s).toInteger(), 12); // the deleted one too
        QVERIFY(alone.front().value(u"either"_s).toInteger() > 0);
        // An unknown field is refused as Wow's query model refuses it.
        auto unknown = AggregationQuery::fromJsonBytes(R"({"groupBy":[{"type":"TERMS","field":"state.nope","alias":"x"}],"metrics":[{"type":"COUNT","alias":"n"}]})");
        const EngineError e = err(engine->aggregateSnapshots(*unknown));
        QCOMPARE(e.errorCode, ErrorCode::QuerySchemaValidation);
        QCOMPARE(e.httpStatus, 400);
    }

    // Cursor paging walks every row once, even while commands write between pages: rows
    // created behind the cursor are not seen, rows changed keep their place (sorted by id).
    void cursorWalkUnderWrites()
    {
        QStringList ids;
        for (int i = 0; i < 30; ++i)
            ids.append(create(u"cw-%1"_s.arg(i * 2, 2, 10, QChar(u'0'))));
        CursorQuery q;
        q.condition = Condition::leaf(u"state.status"_s, Operator::In, QJsonArray{u"FAILED"_s, u"PREPARED"_s});
        q.size = 7;
        if (!harness->wow9Reads()) {
            QCOMPARE(err(engine->cursorSnapshots(q, SnapshotView::State)).httpStatus, 404);
            return;
        }
        QStringList seen;
        int pages = 0, writes = 0;
        while (true) {
            const auto page = ok(engine->cursorSnapshots(q, SnapshotView::State));
            QVERIFY(int(page.list.size()) <= q.size);
            for (const auto &d : page.list)
                seen.append(d.as<ExecutionFailedState>()->id);
            ++pages;
            if (page.nextCursor.isEmpty())
                break;
            // Between pages: a prepare (the row stays in the filter), a new failure behind the
            // cursor (right after the first row) and one ahead of it (after every row).
            run(ids[writes], PrepareCompensation{});
            create(seen.first() + u"-behind-%1"_s.arg(writes));
            create(u"cw-99-ahead-%1"_s.arg(writes));
            ++writes;
            q.cursor = page.nextCursor;
            QVERIFY(pages < 20);
        }
        QStringList unique = seen;
        unique.removeDuplicates();
        QCOMPARE(unique.size(), seen.size());
        for (const auto &id : ids)
            QVERIFY2(seen.contains(id), qPrintable(id));
        QCOMPARE(seen.filter(u"-behind-"_s).size(), 0);
        QCOMPARE(seen.filter(u"-ahead-"_s).size(), writes);
        QCOMPARE(seen.size(), ids.size() + writes);
        // A cursor walk equals the list query with the same condition and order (the cursor's
        // sort, then the id as the tiebreaker): a sort of the caller's own, and the id alone in
        // both directions (a walk of the table's key order from the token).
        const auto sameAsTheList = [&](CursorQuery walk, std::vector<Sort> listSort) {
            ListQuery lq;
            lq.condition = walk.condition;
            lq.sort = std::move(listSort);
            lq.limit = 1000;
            QStringList listed, walked;
            for (const auto &d : ok(engine->listSnapshots(lq, SnapshotView::Document)))
                listed.append(d.as<Snapshot>()->aggregateId);
            for (int n = 0; n <= listed.size(); ++n) {
                const auto page = ok(engine->cursorSnapshots(walk, SnapshotView::Document));
                if (int(page.list.size()) > walk.size)
                    return false;
                for (const auto &d : page.list)
                    walked.append(d.as<Snapshot>()->aggregateId);
                if (page.nextCursor.isEmpty())
                    return listed.size() > 3 * walk.size && walked == listed;
                walk.cursor = page.nextCursor;
            }
            return false; // more pages than rows
        };
        CursorQuery byTime;
        byTime.condition = Condition::all();
        byTime.sort = {Sort{u"state.executeAt"_s, SortDirection::Desc}};
        byTime.size = 9;
        QVERIFY(sameAsTheList(byTime, {byTime.sort.front(), Sort{u"aggregateId"_s, SortDirection::Asc}}));
        for (const auto dir : {SortDirection::Asc, SortDirection::Desc}) {
            CursorQuery byId;
            byId.condition = Condition::leaf(u"state.status"_s, Operator::Ne, u"SUCCEEDED"_s);
            byId.sort = {Sort{u"aggregateId"_s, dir}};
            byId.size = 8;
            QVERIFY2(sameAsTheList(byId, byId.sort), dir == SortDirection::Asc ? "ascending" : "descending");
        }
        // Event streams by their own cursor.
        CursorQuery streams;
        streams.condition = Condition::leaf(u"aggregateId"_s, Operator::StartsWith, u"cw-0"_s);
        streams.size = 4;
        int n = 0;
        while (true) {
            const auto page = ok(engine->cursorEventStreams(streams));
            n += int(page.list.size());
            if (page.nextCursor.isEmpty())
                break;
            streams.cursor = page.nextCursor;
        }
        QCOMPARE(qint64(n), ok(engine->countEventStreams(streams.condition)));
    }

    void queryModelDescriptor()
    {
        if (!harness->wow9Reads()) {
            QCOMPARE(err(engine->describeQueryModel(QueryModel::Snapshot)).httpStatus, 404);
            return;
        }
        const auto snapshots = ok(engine->describeQueryModel(QueryModel::Snapshot));
        const QJsonObject d = QJsonDocument::fromJson(snapshots.json).object();
        QCOMPARE(d.value("model"_L1).toString(), u"SNAPSHOT"_s);
        QCOMPARE(d.value("version"_L1).toString(), snapshots.version);
        QCOMPARE(d.value("record"_L1).toObject().value("identity"_L1).toString(), u"aggregateId"_s);
        QVERIFY(d.value("fields"_L1).toArray().size() > 40);
        const auto events = ok(engine->describeQueryModel(QueryModel::EventStream));
        QVERIFY(events.version != snapshots.version);
        QCOMPARE(ok(engine->describeQueryModel(QueryModel::Snapshot)).version, snapshots.version); // stable
    }

    void cursorTokensAreBound()
    {
        for (int i = 0; i < 5; ++i)
            create(u"ct-%1"_s.arg(i));
        CursorQuery q;
        q.condition = Condition::all();
        q.size = 2;
        if (!harness->wow9Reads())
            return; // covered by cursorWalkUnderWrites: the route is 404 there
        const auto first = ok(engine->cursorSnapshots(q, SnapshotView::Document));
        QVERIFY(!first.nextCursor.isEmpty());
        auto expectInvalid = [&](CursorQuery bad, SnapshotView view) {
            const EngineError e = err(engine->cursorSnapshots(bad, view));
            QCOMPARE(e.errorCode, ErrorCode::IllegalArgument);
            QCOMPARE(e.errorMsg, u"Invalid cursor."_s);
            QCOMPARE(e.bindingErrors.size(), 1);
            QCOMPARE(e.bindingErrors.first().code, u"INVALID_CURSOR"_s);
        };
        CursorQuery forged = q;
        forged.cursor = first.nextCursor;
        forged.cursor[5] = forged.cursor[5] == u'A' ? u'B' : u'A';
        expectInvalid(forged, SnapshotView::Document);
        CursorQuery garbage = q;
        garbage.cursor = u"not a cursor"_s;
        expectInvalid(garbage, SnapshotView::Document);
        CursorQuery otherQuery = q;
        otherQuery.cursor = first.nextCursor;
        otherQuery.condition = Condition::eq(u"state.status"_s, u"FAILED"_s);
        expectInvalid(otherQuery, SnapshotView::Document);
        CursorQuery otherSort = q;
        otherSort.cursor = first.nextCursor;
        otherSort.sort = {Sort{u"aggregateId"_s, SortDirection::Desc}};
        expectInvalid(otherSort, SnapshotView::Document);
        CursorQuery otherView = q;
        otherView.cursor = first.nextCursor;
        expectInvalid(otherView, SnapshotView::State);
        // The genuine token still works after the refusals.
        CursorQuery next = q;
        next.cursor = first.nextCursor;
        QCOMPARE(ok(engine->cursorSnapshots(next, SnapshotView::Document)).list.size(), std::size_t(2));
    }

    void categories()
    {
        // One aggregate per interesting situation, at now = kNow + 100 s.
        const QString failedDue = create(u"a-failed-due"_s);               // nextRetryAt = T0+10s
        const QString executing = create(u"b-executing"_s);
        const QString timedOut = create(u"c-timed-out"_s);
        const QString exhausted = create(u"d-exhausted"_s, createBody(u"P"_s, RetrySpec{0, 10, 60}));
        const QString succeeded = create(u"e-succeeded"_s);
        const QString unrecoverable = create(u"f-unrecoverable"_s);
        now = kNow;
        run(timedOut, PrepareCompensation{}); // timeout at T0+60s
        run(succeeded, PrepareCompensation{});
        run(succeeded, ApplyExecutionSuccess{kNow});
        run(unrecoverable, MarkRecoverable{RecoverableType::Unrecoverable});
        now = kNow + 90000;
        run(executing, PrepareCompensation{}); // timeout at T0+150s
        now = kNow + 100000;
        bool countsAgree = true;
        auto members = [&](FailureCategory c) -> QStringList {
            ListQuery q;
            q.condition = categoryCondition(c, now);
            q.sort = {Sort{u"aggregateId"_s, SortDirection::Asc}};
            QStringList out;
            for (const auto &d : ok(engine->listSnapshots(q, SnapshotView::State)))
                out.append(d.as<ExecutionFailedState>()->id);
            if (ok(engine->countSnapshots(q.condition)) != qint64(out.size()))
                countsAgree = false;
            return out;
        };
        QCOMPARE(members(FailureCategory::ToRetry), (QStringList{failedDue, timedOut}));
        QCOMPARE(members(FailureCategory::Executing), (QStringList{executing}));
        QCOMPARE(members(FailureCategory::NextRetry), (QStringList{failedDue, timedOut})); // both due by T0+20s
        QCOMPARE(members(FailureCategory::NonRetryable), (QStringList{exhausted}));
        QCOMPARE(members(FailureCategory::Succeeded), (QStringList{succeeded}));
        QCOMPARE(members(FailureCategory::Unrecoverable), (QStringList{unrecoverable}));
        QCOMPARE(members(FailureCategory::All).size(), 6);
        QVERIFY(countsAgree);
    }

    void regenerateSnapshots()
    {
        const QString a = create(u"r-a"_s);
        const QString b = create(u"r-b"_s);
        run(a, MarkRecoverable{RecoverableType::Recoverable});
        const Snapshot before = ok(engine->getSnapshot(a)).as<Snapshot>().value();
        now = kNow + 5000;
        QVERIFY(!outcomeVoid(engine->regenerateSnapshot(a)).has_value());
        Snapshot after = ok(engine->getSnapshot(a)).as<Snapshot>().value();
        QCOMPARE(after.snapshotTime, kNow + 5000);
        after.snapshotTime = before.snapshotTime;
        QCOMPARE(after, before);
        const auto missing = outcomeVoid(engine->regenerateSnapshot(u"nope"_s));
        QVERIFY(missing.has_value());
        QCOMPARE(missing->errorCode, ErrorCode::NotFound);

        BatchResult r = ok(engine->batchRegenerateSnapshots(u"(0)"_s, 1));
        QCOMPARE(r.size, 1);
        QCOMPARE(r.afterId, a);
        r = ok(engine->batchRegenerateSnapshots(r.afterId, 10));
        QCOMPARE(r.size, 1);
        QCOMPARE(r.afterId, b);
        r = ok(engine->batchRegenerateSnapshots(r.afterId, 10));
        QCOMPARE(r.size, 0);
        QVERIFY(r.succeeded());
    }

    void stateAtVersionAndTime()
    {
        const QString id = create();
        now = kNow + 1000;
        run(id, MarkRecoverable{RecoverableType::Recoverable});
        now = kNow + 2000;
        run(id, PrepareCompensation{});
        QCOMPARE(ok(engine->loadStateAtVersion(id, 1)).recoverable, RecoverableType::Unknown);
        QCOMPARE(ok(engine->loadStateAtVersion(id, 2)).recoverable, RecoverableType::Recoverable);
        QCOMPARE(ok(engine->loadStateAtVersion(id, 3)).status, ExecutionFailedStatus::Prepared);
        const EngineError beyond = err(engine->loadStateAtVersion(id, 5));
        QCOMPARE(beyond.errorCode, ErrorCode::IllegalState);
        QCOMPARE(beyond.errorMsg, u"targetVersion:5 != stateAggregate.version:3"_s);
        QCOMPARE(err(engine->loadStateAtVersion(id, 0)).errorCode, ErrorCode::NotFound);
        QCOMPARE(ok(engine->loadStateAtTime(id, kNow + 1500)).recoverable, RecoverableType::Recoverable);
        QCOMPARE(ok(engine->loadStateAtTime(id, kNow + 1500)).status, ExecutionFailedStatus::Failed);
        QCOMPARE(err(engine->loadStateAtTime(id, kNow - 1)).errorCode, ErrorCode::NotFound);
    }

    void tracing()
    {
        const QString id = create();
        run(id, MarkRecoverable{RecoverableType::Recoverable});
        run(id, MarkRecoverable{RecoverableType::Unrecoverable});
        run(id, DeleteAggregate{});
        auto all = ok(engine->tracing(id, TracingRange{}));
        QCOMPARE(all.size(), 4);
        QCOMPARE(all.at(1).state.recoverable, RecoverableType::Recoverable);
        QCOMPARE(all.at(3).deleted, true);
        QCOMPARE(all.at(0).body.front().name, u"execution_failed_created"_s);
        auto range = ok(engine->tracing(id, TracingRange{2, 3, std::nullopt}));
        QCOMPARE(range.size(), 2);
        QCOMPARE(range.first().version, 2);
        auto last = ok(engine->tracing(id, TracingRange{1, std::nullopt, 1}));
        QCOMPARE(last.size(), 1);
        QCOMPARE(last.first().version, 4);
        QCOMPARE(ok(engine->tracing(id, TracingRange{1, std::nullopt, 0})).size(), 0);
        QCOMPARE(ok(engine->tracing(u"unknown"_s, TracingRange{})).size(), 0);
        QCOMPARE(err(engine->tracing(id, TracingRange{0, std::nullopt, std::nullopt})).errorCode, ErrorCode::IllegalArgument);
    }

    void eventStreamQueries()
    {
        const QString a = create(u"e-a"_s);
        const QString b = create(u"e-b"_s);
        run(a, MarkRecoverable{RecoverableType::Recoverable});
        run(a, PrepareCompensation{});
        QCOMPARE(ok(engine->loadEventStreams(a, 2, 3)).size(), 2);
        QCOMPARE(ok(engine->loadEventStreams(a, 5, 9)).size(), 0);
        const Condition byA = Condition::leaf(QString(), Operator::AggregateId, a);
        QCOMPARE(ok(engine->countEventStreams(byA)), 3);
        QCOMPARE(ok(engine->countEventStreams(Condition::all())), 4);
        QCOMPARE(ok(engine->countEventStreams(Condition::eq(u"body.name"_s, u"compensation_prepared"_s))), 1);
        PagedQuery pq;
        pq.condition = byA;
        pq.sort = {Sort{u"version"_s, SortDirection::Desc}};
        pq.pagination = {1, 2};
        const auto page = ok(engine->pagedEventStreams(pq));
        QCOMPARE(page.total, 3);
        QCOMPARE(page.list.front().as<DomainEventStream>()->version, 3);
        ListQuery lq;
        lq.condition = Condition::eq(u"aggregateId"_s, b);
        lq.limit = 10;
        QCOMPARE(ok(engine->listEventStreams(lq)).size(), 1);
    }

    void compensateAndResend()
    {
        const QString a = create(u"c-a"_s);
        create(u"c-b"_s);
        CompensationTarget t;
        t.function = {FunctionKind::Event, u"example-service"_s, u"OrderSaga"_s, u"onOrderCreated"_s};
        QCOMPARE(ok(engine->compensate(a, 1, t)), 1);
        QCOMPARE(ok(engine->compensate(a, 9, t)), 0);
        t.function.functionKind = FunctionKind::Command;
        const EngineError e = err(engine->compensate(a, 1, t));
        QCOMPARE(e.errorCode, ErrorCode::IllegalArgument);
        QCOMPARE(e.errorMsg, u"Unsupported FunctionKind:COMMAND"_s);
        BatchResult r = ok(engine->resendStateEvents(u"(0)"_s, 1));
        QCOMPARE(r.size, 1);
        QCOMPARE(r.afterId, a);
        r = ok(engine->resendStateEvents(r.afterId, 5));
        QCOMPARE(r.size, 1);
        QCOMPARE(r.afterId, u"c-b"_s);
    }

    void globals()
    {
        const WowMetadata m = ok(engine->metadata());
        QVERIFY(m.contexts.contains(u"compensation-service"_s));
        const QString id1 = ok(engine->generateGlobalId());
        const QString id2 = ok(engine->generateGlobalId());
        QCOMPARE(id1.size(), 15);
        QVERIFY(id2 > id1);
        const BiScriptResponse bi = ok(engine->generateBiScript(BiScriptRequest{}));
        QVERIFY(bi.script.contains(u"execution_failed"_s));
        QVERIFY(!engine->describe().isEmpty());
    }

    void badInputLeavesDataUnchanged_data()
    {
        QTest::addColumn<QByteArray>("condition");
        QTest::addColumn<QString>("expectInMessage");
        QTest::newRow("unknown field") << QByteArray("{\"field\":\"state.nope\",\"operator\":\"EQ\",\"value\":1}") << u"state.nope"_s;
        QTest::newRow("sql in field name") << QByteArray("{\"field\":\"state.status' OR 1=1 --\",\"operator\":\"EQ\",\"value\":\"x\"}")
                                           << u"Unknown field"_s;
        QTest::newRow("IN with a string") << QByteArray("{\"field\":\"state.status\",\"operator\":\"IN\",\"value\":\"FAILED\"}")
                                          << u"IN operator"_s;
        QTest::newRow("empty AND") << QByteArray("{\"operator\":\"AND\",\"children\":[]}") << u"AND operator"_s;
        QTest::newRow("RAW") << QByteArray("{\"operator\":\"RAW\",\"value\":\"1=1\"}") << u"RAW"_s;
        QTest::newRow("BETWEEN one value") << QByteArray("{\"field\":\"version\",\"operator\":\"BETWEEN\",\"value\":[1]}")
                                           << u"BETWEEN"_s;
        QTest::newRow("bad zone") << QByteArray("{\"field\":\"state.executeAt\",\"operator\":\"TODAY\",\"options\":{\"zoneId\":\"Mars/Olympus\"}}")
                                  << u"zoneId"_s;
        QTest::newRow("10 MB string") << (QByteArray("{\"field\":\"state.error.errorMsg\",\"operator\":\"EQ\",\"value\":\"")
                                          + QByteArray(10 * 1024 * 1024, 'x') + QByteArray("\"}"))
                                      << u"longer than"_s;
    }

    void badInputLeavesDataUnchanged()
    {
        QFETCH(QByteArray, condition);
        QFETCH(QString, expectInMessage);
        create(u"keep-1"_s);
        const auto cond = Condition::fromJsonBytes(condition);
        QVERIFY(cond.ok());
        const EngineError e = err(engine->countSnapshots(*cond));
        QCOMPARE(e.errorCode, ErrorCode::IllegalArgument);
        QVERIFY2(e.errorMsg.contains(expectInMessage), qPrintable(e.errorMsg));
        PagedQuery pq;
        pq.condition = *cond;
        QCOMPARE(err(engine->pagedSnapshots(pq, SnapshotView::State)).errorCode, ErrorCode::IllegalArgument);
        QCOMPARE(count(), 1);
        QCOMPARE(ok(engine->loadState(u"keep-1"_s)).status, ExecutionFailedStatus::Failed);
    }

    void badPagingAndCommands()
    {
        const QString id = create(u"keep-2"_s);
        PagedQuery pq;
        pq.pagination = {1, -5};
        QCOMPARE(err(engine->pagedSnapshots(pq, SnapshotView::State)).errorCode, ErrorCode::IllegalArgument);
        pq.pagination = {0, 10};
        QCOMPARE(err(engine->pagedSnapshots(pq, SnapshotView::State)).errorCode, ErrorCode::IllegalArgument);
        ListQuery lq;
        lq.limit = -1;
        QCOMPARE(err(engine->listSnapshots(lq, SnapshotView::State)).errorCode, ErrorCode::IllegalArgument);
        PagedQuery sortBad;
        sortBad.sort = {Sort{u"state.status; DROP TABLE snapshot"_s, SortDirection::Asc}};
        QCOMPARE(err(engine->pagedSnapshots(sortBad, SnapshotView::State)).errorCode, ErrorCode::IllegalArgument);

        ApplyExecutionFailed huge{{u"E"_s, u"m"_s, QString(10 * 1024 * 1024, u'x'), {}}, kNow, RecoverableType::Unknown};
        run(id, PrepareCompensation{});
        const EngineError e = fails(id, huge);
        QCOMPARE(e.errorCode, ErrorCode::IllegalArgument);
        QVERIFY(e.errorMsg.contains(u"error.stackTrace"_s));
        // SQL metacharacters in values are just values.
        const QString evil = u"x'); DELETE FROM snapshot; --"_s;
        QCOMPARE(count(Condition::eq(u"state.error.errorCode"_s, evil)), 0);
        QCOMPARE(count(Condition::leaf(u"state.error.errorMsg"_s, Operator::Contains, evil)), 0);
        CreateExecutionFailed body = createBody(evil, RetrySpec{3, 10, 60}, evil);
        const QString evilId = create(evil, body);
        QCOMPARE(count(Condition::eq(u"state.error.errorCode"_s, evil)), 1);
        QCOMPARE(ok(engine->loadState(evilId)).function.processorName, evil);
        QCOMPARE(count(), 2);
        QCOMPARE(ok(engine->loadState(id)).status, ExecutionFailedStatus::Prepared);
    }

    void concurrentWritersKeepVersionsContiguous()
    {
        const QString id = create(u"busy"_s, createBody(u"P"_s, RetrySpec{1000, 0, 0}));
        QList<QFuture<CommandResult>> futures;
        ticking = true; // with executionTimeout 0 every force prepare is allowed 1 ms later
        for (int i = 0; i < 60; ++i) {
            futures.append(engine->execute(Command{id, QString(), ForcePrepareCompensation{}}, CommandOptions{}));
        }
        int succeeded = 0;
        for (auto &f : futures) {
            auto o = outcome(f);
            if (std::holds_alternative<CommandResult>(o))
                ++succeeded;
        }
        QCOMPARE(succeeded, 60); // executionTimeout 0: every force prepare is allowed
        const auto streams = ok(engine->loadEventStreams(id, 1, 1000));
        QCOMPARE(streams.size(), 61);
        for (int i = 0; i < streams.size(); ++i)
            QCOMPARE(streams.at(i).as<DomainEventStream>()->version, i + 1);
        QCOMPARE(ok(engine->loadState(id)).retryState.retries, 60);
    }
};

QTEST_GUILESS_MAIN(TestEngineConformance)
#include "tst_engine_conformance.moc"
