// What only the built-in engine has: deliveries, read-only mode, machine-id leases, batch
// execution, its own failure modes, and the demo seeder.

#include "builtin/builtin_engine.h"
#include "field_paths.h"
#include "categories.h"
#include "builtin/demo_seeder.h"
#include "engine_harness.h"
#include "builtin/run_at_once.h"
#include "builtin/sqlite_db.h"

#include <QCryptographicHash>
#include <QSemaphore>
#include <QThreadPool>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <set>
#include <stdexcept>

#include "test_clock.h"
#include "test_printers.h"

using namespace wci;
using namespace wci::testing;
using namespace wci::test;
using namespace Qt::StringLiterals;

namespace {

CreateExecutionFailed createBody()
{
    CreateExecutionFailed c;
    c.eventId = {u"ev"_s, {u"order-service"_s, u"order"_s, u"o1"_s, u"(0)"_s}, 1};
    c.function = {FunctionKind::Event, u"order-service"_s, u"OrderSaga"_s, u"onOrderCreated"_s};
    c.error = {u"IllegalState"_s, u"boom"_s, u"trace"_s, {}};
    c.executeAt = kNow;
    return c;
}

// The demo seeder's options at the tests' clock.
SeedOptions seedOptions(int count, quint64 seed)
{
    SeedOptions so;
    so.count = count;
    so.seed = seed;
    so.now = kNow;
    return so;
}

std::unique_ptr<BuiltinEngine> openEngine(const QString &path, bool readOnly = false,
                                          int keyOrderScanBudget = BuiltinEngineOptions{}.keyOrderScanBudget)
{
    BuiltinEngineOptions o;
    o.path = path;
    o.readOnly = readOnly;
    o.clock = [] { return kNow; };
    o.keyOrderScanBudget = keyOrderScanBudget;
    auto r = BuiltinEngine::open(o);
    if (!r)
        qFatal("open: %s", qPrintable(r.error().message));
    return std::move(r).value();
}

// Prepares the newest `n` failures to retry (ids descending): they are then executing, in
// front of every other key, as after a bulk retry; how many succeeded.
int prepareNewestToRetry(BuiltinEngine &engine, int n)
{
    ListQuery newest;
    newest.condition = categoryCondition(FailureCategory::ToRetry, kNow);
    newest.sort = {Sort{u"aggregateId"_s, SortDirection::Desc}};
    newest.limit = n;
    int prepared = 0;
    for (const auto &d : ok(engine.listSnapshots(newest, SnapshotView::State)))
        prepared += engine.executeNow(Command{d.object().value(u"id"_s).toString(), QString(), PrepareCompensation{}}, CommandOptions{})
                        .succeeded();
    return prepared;
}

// The storage classes of stored documents (all of them, or one aggregate's), distinct, sorted.
QStringList storedTypes(const QString &path, const QString &aggregateId = {})
{
    sqlite::Connection c(path, false);
    auto &st = c.prepare(aggregateId.isEmpty()
                             ? u"SELECT DISTINCT typeof(doc) FROM (SELECT doc FROM event_stream UNION ALL SELECT doc FROM snapshot_doc) ORDER BY 1"_s
                             : u"SELECT DISTINCT typeof(doc) FROM event_stream WHERE aggregate_id = ?1 ORDER BY 1"_s);
    if (!aggregateId.isEmpty())
        st.bind(1, aggregateId);
    QStringList out;
    while (st.step())
        out.append(st.text(0));
    st.reset();
    return out;
}

QList<QByteArray> plainDocuments(const QString &path, const char *sql)
{
    sqlite::Connection c(path, false);
    auto &st = c.prepare(QString::fromLatin1(sql));
    QList<QByteArray> out;
    while (st.step())
        out.append(st.bytes(0));
    st.reset();
    return out;
}

// Every event stream (by aggregate id, version) or snapshot (by aggregate id, deleted ones
// included) as the engine returns it.
QList<QByteArray> engineDocuments(BuiltinEngine &engine, bool snapshots)
{
    ListQuery q;
    q.condition = snapshots ? Condition::deleted(DeletionState::All) : Condition::all();
    q.sort = snapshots ? std::vector<Sort>{{u"aggregateId"_s, SortDirection::Asc}}
                       : std::vector<Sort>{{u"aggregateId"_s, SortDirection::Asc}, {u"version"_s, SortDirection::Asc}};
    q.limit = 100000;
    QList<QByteArray> out;
    const auto docs = ok(snapshots ? engine.listSnapshots(q, SnapshotView::Document) : engine.listEventStreams(q));
    for (const auto &d : docs)
        out.append(d.json);
    return out;
}

QByteArray dumpStreams(const QString &path)
{
    sqlite::Connection c(path, false);
    auto &st = c.prepare(u"SELECT doc FROM event_stream ORDER BY aggregate_id, version"_s);
    QCryptographicHash h(QCryptographicHash::Sha256);
    while (st.step())
        h.addData(st.bytes(0));
    return h.result().toHex();
}
} // namespace

class TestBuiltinEngine : public QObject {
    Q_OBJECT

private slots:
    void deliveriesRecordCompensation()
    {
        QTemporaryDir dir;
        auto engine = openEngine(dir.filePath(u"d.db"_s));
        CommandOptions o;
        o.aggregateId = u"a1"_s;
        engine->executeNow(Command{{}, {}, createBody()}, o);
        CompensationTarget t;
        t.id = u"comp-1"_s;
        t.function = {FunctionKind::StateEvent, u"order-service"_s, u"OrderProjector"_s, u"onState"_s};
        QCOMPARE(std::get<int>(outcome(engine->compensate(u"a1"_s, 1, t))), 1);
        std::get<BatchResult>(outcome(engine->resendStateEvents(u"(0)"_s, 10)));
        const auto list = std::get<QList<Delivery>>(outcome(engine->deliveries()));
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].kind, u"STATE_EVENT"_s);
        QCOMPARE(list[0].compensationId, u"comp-1"_s);
        QCOMPARE(list[0].function, t.function);
        QCOMPARE(list[0].version, 1);
        QVERIFY(!list[0].streamId.isEmpty());
        QCOMPARE(list[1].kind, u"RESEND_STATE_EVENT"_s);
        QCOMPARE(list[1].function.processorName, u"ResendStateEventHandler"_s);
        QCOMPARE(std::get<QList<Delivery>>(outcome(engine->deliveries(list[0].seq))).size(), 1);
    }

    void batchRegenerateStopsAtABrokenAggregate()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"b.db"_s);
        auto engine = openEngine(path);
        for (const auto &id : {u"a"_s, u"b"_s, u"c"_s}) {
            CommandOptions o;
            o.aggregateId = id;
            engine->executeNow(Command{{}, {}, createBody()}, o);
        }
        {
            sqlite::Connection c(path, false);
            c.exec("UPDATE event_stream SET doc = '{\"broken\":true}' WHERE aggregate_id = 'b'");
        }
        const auto r = outcome(engine->batchRegenerateSnapshots(u"(0)"_s, 10));
        QVERIFY(std::holds_alternative<EngineError>(r));
        const EngineError e = std::get<EngineError>(r);
        QCOMPARE(e.errorCode, ErrorCode::BatchTaskError);
        QCOMPARE(e.errorMsg, u"Task[b] execution failed."_s);
        QCOMPARE(e.httpStatus, 400);
        // a is fine and c untouched; loading b's history now reports the damage.
        QCOMPARE(std::get<EngineError>(outcome(engine->tracing(u"b"_s, {}))).errorCode, ErrorCode::InternalServerError);
        QVERIFY(std::holds_alternative<ExecutionFailedState>(outcome(engine->loadState(u"c"_s))));
    }

    void readOnlyRefusesWrites()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"r.db"_s);
        {
            auto engine = openEngine(path);
            CommandOptions o;
            o.aggregateId = u"a"_s;
            engine->executeNow(Command{{}, {}, createBody()}, o);
        }
        auto ro = openEngine(path, true);
        QVERIFY(ro->capabilities().readOnly);
        QVERIFY(ro->describe().contains(u"read-only"_s));
        const auto r = outcome(ro->execute(Command{u"a"_s, {}, MarkRecoverable{RecoverableType::Recoverable}}, {}));
        QCOMPARE(std::get<EngineError>(r).errorCode, ErrorCode::IllegalState);
        QCOMPARE(std::get<qint64>(outcome(ro->countSnapshots(Condition::all()))), 1);
        QVERIFY(outcomeVoid(ro->regenerateSnapshot(u"a"_s)).has_value());
    }

    // A file of the previous format (2: no event-name column, no cluster index) is upgraded in
    // place when opened: every document and count stays, the new column is filled from the
    // documents, and event aggregations by name work. A file of a newer format is refused and
    // left as it was, as is an old one opened read-only.
    void migratesVersion2FilesAndRefusesNewerOnes()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"v2.db"_s);
        SeedOptions so = seedOptions(120, 3);
        QVERIFY(seedDemoDatabase(path, so).ok());
        const QByteArray streamsBefore = dumpStreams(path);
        qint64 snapshots = 0, streams = 0;
        {
            sqlite::Connection c(path, false);
            auto &n = c.prepare(u"SELECT (SELECT COUNT(*) FROM snapshot_doc), (SELECT COUNT(*) FROM event_stream)"_s);
            n.step();
            snapshots = n.int64(0);
            streams = n.int64(1);
            n.reset();
            // Back to the layout of format 2.
            c.exec("DROP INDEX event_stream_trend; DROP INDEX snapshot_cluster; DROP INDEX snapshot_active;"
                   "DROP INDEX snapshot_first_event2; DROP INDEX snapshot_status_order; DROP INDEX snapshot_category_next2; DROP TABLE snapshot_time_count; DROP TABLE doc_dictionary; DELETE FROM meta WHERE key = 'doc_dictionary';"
                   "ALTER TABLE event_stream DROP COLUMN body_name;"
                   "UPDATE meta SET value = '2' WHERE key = 'schema_version'");
        }
        QVERIFY(snapshots == 120 && streams > 240);
        // Read-only: too old to read, nothing changed.
        {
            BuiltinEngineOptions ro;
            ro.path = path;
            ro.readOnly = true;
            ro.create = false;
            const auto r = BuiltinEngine::open(ro);
            QVERIFY(!r.ok());
            QVERIFY2(r.error().message.contains(u"format 2"_s), qPrintable(r.error().message));
        }
        {
            auto engine = openEngine(path);
            QCOMPARE(ok(engine->countSnapshots(Condition::deleted(DeletionState::All))), snapshots);
            QCOMPARE(ok(engine->countEventStreams(Condition::all())), streams);
            auto q = AggregationQuery::fromJsonBytes(R"({"filter":{"op":"ELEMENT_MATCH","field":"body","predicate":{"op":"EQ","field":"name","value":"execution_failed_created"}},"metrics":[{"type":"COUNT","alias":"n"}]})");
            QCOMPARE(ok(engine->aggregateEventStreams(*q)).front().value(u"n"_s).toInteger(), snapshots);
        }
        QCOMPARE(dumpStreams(path), streamsBefore);
        {
            sqlite::Connection c(path, false);
            auto &v = c.prepare(u"SELECT value FROM meta WHERE key = 'schema_version'"_s);
            v.step();
            QCOMPARE(v.text(0), u"6"_s);
            v.reset();
            // Every single-event stream has its name in the column, equal to the document's.
            auto &names = c.prepare(u"SELECT COUNT(*) FROM event_stream WHERE body_name IS NOT json_extract(doc, '$.body[0].name')"_s);
            names.step();
            QCOMPARE(names.int64(0), 0);
            names.reset();
            c.exec("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
        }
        const QByteArray before = dumpStreams(path);
        BuiltinEngineOptions o;
        o.path = path;
        const auto newer = BuiltinEngine::open(o);
        QVERIFY(!newer.ok());
        QVERIFY2(newer.error().message.contains(u"newer version"_s) && newer.error().message.contains(u"99"_s),
                 qPrintable(newer.error().message));
        QCOMPARE(dumpStreams(path), before);
        sqlite::Connection c(path, false);
        auto &v = c.prepare(u"SELECT value FROM meta WHERE key = 'schema_version'"_s);
        v.step();
        QCOMPARE(v.text(0), u"99"_s);
    }

    // A file of format 3 (documents as plain JSON text, no dictionary) is upgraded in place:
    // a dictionary is trained from its documents, every document and count reads as before,
    // new documents are stored compressed, and Compact recompresses the old ones (smaller
    // file, same bytes). A cancelled Compact keeps the data as it was.
    void migratesFormat3FilesAndCompactCompresses()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"v3.db"_s);
        SeedOptions so = seedOptions(400, 5);
        so.compressDocuments = false;
        QVERIFY(seedDemoDatabase(path, so).ok());
        {
            sqlite::Connection c(path, false);
            c.exec("DROP INDEX snapshot_first_event2; DROP INDEX snapshot_status_order; DROP INDEX snapshot_category_next2; DROP TABLE snapshot_time_count; DROP TABLE doc_dictionary; DELETE FROM meta WHERE key = 'doc_dictionary';"
                   "UPDATE meta SET value = '3' WHERE key = 'schema_version'");
        }
        QCOMPARE(storedTypes(path), QStringList{u"text"_s});
        const QList<QByteArray> streams = plainDocuments(path, "SELECT doc FROM event_stream ORDER BY aggregate_id, version");
        const QList<QByteArray> snapshots = plainDocuments(path, "SELECT doc FROM snapshot_doc ORDER BY aggregate_id");
        QCOMPARE(snapshots.size(), 400);
        QVERIFY(streams.size() > 1200);
        const qint64 fileBefore = QFileInfo(path).size();
        QFile::copy(path, dir.filePath(u"copy.db"_s));

        auto engine = openEngine(path);
        const auto counts = [&] {
            QList<qint64> n;
            for (auto cat : allFailureCategories)
                n.append(ok(engine->countSnapshots(categoryCondition(cat, kNow))));
            return n;
        };
        const QList<qint64> countsBefore = counts();
        StorageInfo info = ok(engine->storageInfo());
        QCOMPARE(info.format, 6);
        QCOMPARE(info.dictionaries, 1);
        QCOMPARE(info.failures, 400);
        QCOMPARE(info.eventStreams, streams.size());
        QCOMPARE(info.plainDocuments, info.failures + info.eventStreams);
        QCOMPARE(info.storedBytes, info.documentBytes);
        QCOMPARE(engineDocuments(*engine, false), streams);
        QCOMPARE(engineDocuments(*engine, true), snapshots);

        // A new command's documents are stored compressed.
        const QString id = ok(engine->listSnapshots(ListQuery{categoryCondition(FailureCategory::ToRetry, kNow), {}, {}, 1}, SnapshotView::State))
                               .value(0).object().value(u"id"_s).toString();
        QVERIFY(!id.isEmpty());
        engine->executeNow(Command{id, QString(), PrepareCompensation{}}, CommandOptions{});
        QCOMPARE(storedTypes(path, id), QStringList({u"blob"_s, u"text"_s}));
        const QList<QByteArray> streamsAfterCommand = engineDocuments(*engine, false);
        const QList<QByteArray> snapshotsAfterCommand = engineDocuments(*engine, true);
        QCOMPARE(streamsAfterCommand.size(), streams.size() + 1);
        const QList<qint64> countsAfterCommand = counts();

        QFuture<CompactResult> run = engine->compact();
        run.waitForFinished();
        const CompactResult r = run.result();
        QCOMPARE(r.recompressed, info.failures - 1 + info.eventStreams); // the command's documents were compressed already
        QVERIFY(r.vacuumed);
        QCOMPARE(storedTypes(path), QStringList{u"blob"_s});
        info = ok(engine->storageInfo());
        QCOMPARE(info.plainDocuments, 0);
        QVERIFY2(info.compressionRatio() > 4, qPrintable(QString::number(info.compressionRatio())));
        QVERIFY2(QFileInfo(path).size() < fileBefore / 2, qPrintable(u"%1 → %2"_s.arg(fileBefore).arg(QFileInfo(path).size())));
        QCOMPARE(engineDocuments(*engine, false), streamsAfterCommand);
        QCOMPARE(engineDocuments(*engine, true), snapshotsAfterCommand);
        QCOMPARE(counts(), countsAfterCommand);
        engine.reset();

        // Cancelled at once: nothing lost, the documents read as before.
        auto copy = openEngine(dir.filePath(u"copy.db"_s));
        QFuture<CompactResult> cancelled = copy->compact();
        cancelled.cancel();
        cancelled.waitForFinished();
        QCOMPARE(engineDocuments(*copy, false), streams);
        QCOMPARE(engineDocuments(*copy, true), snapshots);
        QList<qint64> copyCounts;
        for (auto cat : allFailureCategories)
            copyCounts.append(ok(copy->countSnapshots(categoryCondition(cat, kNow))));
        QCOMPARE(copyCounts, countsBefore);
    }

    // An engine open on a file while another one (the window's background demo creation, or
    // serve in another process) writes it and trains the dictionary reads the new frames and
    // compresses its own writes with that dictionary.
    void dictionaryTrainedByAnotherEngineIsReadAndAdopted()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"shared.db"_s);
        auto window = openEngine(path);
        QCOMPARE(ok(window->storageInfo()).dictionaries, 0);
        SeedOptions so = seedOptions(600, 9);
        QVERIFY(seedDemoDatabase(path, so).ok()); // its own engine trains the dictionary
        QCOMPARE(storedTypes(path), QStringList{u"blob"_s});
        so.compressDocuments = false;
        const QString plainPath = dir.filePath(u"plain.db"_s);
        QVERIFY(seedDemoDatabase(plainPath, so).ok());
        auto plain = openEngine(plainPath);
        QCOMPARE(engineDocuments(*window, false), engineDocuments(*plain, false));
        QCOMPARE(engineDocuments(*window, true), engineDocuments(*plain, true));

        const QString id = ok(window->listSnapshots(ListQuery{categoryCondition(FailureCategory::ToRetry, kNow), {}, {}, 1}, SnapshotView::State))
                               .value(0).object().value(u"id"_s).toString();
        QVERIFY(!id.isEmpty());
        const CommandResult r = window->executeNow(Command{id, QString(), PrepareCompensation{}}, CommandOptions{});
        QCOMPARE(r.errorCode, ErrorCode::Ok);
        QCOMPARE(storedTypes(path), QStringList{u"blob"_s});
        const StorageInfo info = ok(window->storageInfo());
        QCOMPARE(info.dictionaries, 1);
        QCOMPARE(info.plainDocuments, 0);
    }

    // A new file trains its dictionary from its first documents and stores everything
    // compressed, the documents written before the dictionary included.
    void newFilesStoreCompressedDocuments()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"z.db"_s);
        SeedOptions so = seedOptions(600, 9);
        QVERIFY(seedDemoDatabase(path, so).ok());
        QCOMPARE(storedTypes(path), QStringList{u"blob"_s});
        so.compressDocuments = false;
        const QString plainPath = dir.filePath(u"plain.db"_s);
        QVERIFY(seedDemoDatabase(plainPath, so).ok());
        auto engine = openEngine(path);
        auto plain = openEngine(plainPath);
        QCOMPARE(engineDocuments(*engine, false), engineDocuments(*plain, false));
        QCOMPARE(engineDocuments(*engine, true), engineDocuments(*plain, true));
        const StorageInfo info = ok(engine->storageInfo());
        QCOMPARE(info.plainDocuments, 0);
        QCOMPARE(info.dictionaries, 1);
        QCOMPARE(info.documentBytes, ok(plain->storageInfo()).documentBytes);
        QVERIFY2(info.compressionRatio() > 4, qPrintable(QString::number(info.compressionRatio())));
        // Queries that read the documents (a stack-trace search) see the same.
        const Condition trace = Condition::leaf(u"state.error.stackTrace"_s, Operator::Contains, u"Caused by: "_s);
        QCOMPARE(ok(engine->countSnapshots(trace)), ok(plain->countSnapshots(trace)));
        QVERIFY(ok(engine->countSnapshots(trace)) > 0);
    }

    // Counts bounded by a time ("timed out before now", "due after now") come from the
    // per-second counts plus the rows of one second; they equal the rows a list returns, for
    // bounds on, just before and just after second boundaries, also after commands moved
    // failures between seconds and statuses; and the per-second counts add up to the rows.
    void timeBoundedCountsEqualTheRows()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"t.db"_s);
        SeedOptions so = seedOptions(1500, 5);
        so.shape = SeedOptions::Shape::Adversarial;
        QVERIFY(seedDemoDatabase(path, so).ok());
        auto engine = openEngine(path);
        ListQuery toRetry;
        toRetry.condition = categoryCondition(FailureCategory::ToRetry, kNow);
        toRetry.limit = 60;
        for (const auto &d : ok(engine->listSnapshots(toRetry, SnapshotView::State)))
            ok(engine->execute(Command{d.as<ExecutionFailedState>()->id, QString(), PrepareCompensation{}}, CommandOptions{}));
        const qint64 second = kNow - kNow % 1000;
        const qint64 nows[] = {kNow, kNow - 1, kNow + 1, second, second - 1, second + 1, second + 999, second + 1000,
                               kNow - 45000, kNow + 30000, kNow + 3600000, kNow + 1799999, kNow - 5400001};
        std::set<qint64> distinctCounts;
        for (const qint64 now : nows) {
            std::vector<Condition> conditions;
            for (auto cat : {FailureCategory::ToRetry, FailureCategory::Executing, FailureCategory::NextRetry})
                conditions.push_back(categoryCondition(cat, now));
            for (Operator op : {Operator::Lt, Operator::Lte, Operator::Gt, Operator::Gte}) {
                for (const char *f : {"state.retryState.timeoutAt", "state.retryState.nextRetryAt"}) {
                    conditions.push_back(Condition::and_({Condition::eq(field::status, u"PREPARED"_s),
                                                          Condition::leaf(QString::fromLatin1(f), op, QJsonValue(double(now)))}));
                    conditions.push_back(Condition::and_({Condition::eq(field::status, u"FAILED"_s),
                                                          Condition::leaf(QString::fromLatin1(f), op, QJsonValue(double(now) + 0.5))}));
                }
            }
            // Bounds on both times (Due for retry's PREPARED part has two): each plan's answer.
            for (Operator timeoutOp : {Operator::Lt, Operator::Gte, Operator::Lte})
                for (Operator nextOp : {Operator::Lte, Operator::Gt})
                    for (const char *status : {"PREPARED", "FAILED"})
                        conditions.push_back(Condition::and_({Condition::eq(field::status, QString::fromLatin1(status)),
                                                              Condition::leaf(field::timeoutAt, timeoutOp, QJsonValue(double(now))),
                                                              Condition::leaf(field::nextRetryAt, nextOp, QJsonValue(double(now) + 60000))}));
            // Both times before bounds a second apart at most (Due for retry's prepared part, by
            // either clock): counted from the later time's seconds.
            for (Operator timeoutOp : {Operator::Lt, Operator::Lte})
                for (Operator nextOp : {Operator::Lt, Operator::Lte})
                    for (const double apart : {0.0, 1.0, -999.5})
                        for (const char *status : {"PREPARED", "FAILED"})
                            conditions.push_back(Condition::and_({Condition::eq(field::status, QString::fromLatin1(status)),
                                                                  Condition::leaf(field::timeoutAt, timeoutOp, QJsonValue(double(now))),
                                                                  Condition::leaf(field::nextRetryAt, nextOp, QJsonValue(double(now) + apart))}));
            for (const auto &c : conditions) {
                ListQuery all;
                all.condition = c;
                all.limit = 100000;
                const qint64 listed = qint64(ok(engine->listSnapshots(all, SnapshotView::State)).size());
                QCOMPARE(ok(engine->countSnapshots(c)), listed);
                distinctCounts.insert(listed);
            }
        }
        QVERIFY(distinctCounts.size() > 10); // the bounds split the failures differently
        sqlite::Connection c(path, false);
        auto &sums = c.prepare(u"SELECT (SELECT SUM(n) FROM snapshot_time_count WHERE col = 0 AND sec > -9223372036854775808), "
                               "(SELECT COUNT(timeout_at) FROM snapshot), "
                               "(SELECT SUM(n) FROM snapshot_time_count WHERE col = 1 AND sec > -9223372036854775808), "
                               "(SELECT COUNT(next_retry_at) FROM snapshot), (SELECT COUNT(*) FROM snapshot_time_count WHERE n < 0), "
                               "(SELECT SUM(n) FROM snapshot_time_count WHERE col = 0), (SELECT SUM(n) FROM snapshot_time_count WHERE col = 1), "
                               "(SELECT COUNT(*) FROM snapshot), (SELECT SUM(n) FROM snapshot_time_count WHERE col = 2), "
                               "(SELECT SUM(n) FROM snapshot_time_count WHERE col = 3), (SELECT SUM(n) FROM snapshot_time_count WHERE col = 4), "
                               "(SELECT SUM(n) FROM snapshot_time_count WHERE col = 5)"_s);
        QVERIFY(sums.step());
        QCOMPARE(sums.int64(0), sums.int64(1));
        QCOMPARE(sums.int64(2), sums.int64(3));
        QVERIFY(sums.int64(1) > 1000);
        QCOMPARE(sums.int64(4), 0);
        QCOMPARE(sums.int64(5), sums.int64(7)); // and those without a time
        QCOMPARE(sums.int64(6), sums.int64(7));
        QCOMPARE(sums.int64(8), sums.int64(7));
        QCOMPARE(sums.int64(9), sums.int64(7));
        QCOMPARE(sums.int64(10), sums.int64(7));
        QCOMPARE(sums.int64(11), sums.int64(7));
        sums.reset();
        // Col 2 holds each snapshot under the second of its later time, col 5 under its hour.
        for (const auto &[col, unit] : {std::pair{2, 1000}, std::pair{5, 3600000}}) {
            auto st = c.prepareUncached(u"SELECT COUNT(*) FROM (SELECT deleted, tenant_id, owner_id, status, recoverable, is_retryable, "
                                        "is_below_retry_threshold, MAX(timeout_at, next_retry_at) / %2 - (MAX(timeout_at, next_retry_at) % %2 < 0) "
                                        "AS sec, COUNT(*) AS n FROM snapshot GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 EXCEPT SELECT deleted, tenant_id, "
                                        "owner_id, status, recoverable, is_retryable, is_below_retry_threshold, sec, n FROM snapshot_time_count "
                                        "WHERE col = %1 AND n <> 0)"_s.arg(col).arg(unit));
            QVERIFY(st->step());
            QCOMPARE(st->int64(0), 0);
        }

        // A format-4 file (no per-second counts) opened read-only is read as it is, and its
        // time-bounded counts are the same; opened with write access it is upgraded.
        std::vector<qint64> expected;
        for (auto cat : allFailureCategories)
            expected.push_back(ok(engine->countSnapshots(categoryCondition(cat, kNow))));
        engine.reset();
        c.exec("DROP TABLE snapshot_time_count; UPDATE meta SET value = '4' WHERE key = 'schema_version'");
        {
            auto readOnly = openEngine(path, true);
            for (size_t i = 0; i < allFailureCategories.size(); ++i)
                QCOMPARE(ok(readOnly->countSnapshots(categoryCondition(allFailureCategories[i], kNow))), expected[i]);
        }
        auto upgraded = openEngine(path);
        for (size_t i = 0; i < allFailureCategories.size(); ++i)
            QCOMPARE(ok(upgraded->countSnapshots(categoryCondition(allFailureCategories[i], kNow))), expected[i]);
        auto &rows = c.prepare(u"SELECT COUNT(*) FROM snapshot_time_count"_s);
        QVERIFY(rows.step());
        QVERIFY(rows.int64(0) > 0);
        rows.reset();
        upgraded.reset();

        // A format-5 file (per-second counts of the two times, not of the later one, none by the
        // hour): read-only, it counts as it is; with write access cols 2-5 are added, equal to a
        // fresh count.
        auto &col2 = c.prepare(u"SELECT COUNT(*), COALESCE(SUM(n), 0) FROM snapshot_time_count WHERE col >= 2"_s);
        QVERIFY(col2.step());
        const qint64 col2Rows = col2.int64(0), col2Sum = col2.int64(1);
        col2.reset();
        QVERIFY(col2Rows > 0);
        c.exec("DELETE FROM snapshot_time_count WHERE col >= 2; UPDATE meta SET value = '5' WHERE key = 'schema_version'");
        QCOMPARE(BuiltinEngine::fileFormat(path), std::optional<int>(5));
        QCOMPARE(BuiltinEngine::currentFormat(), 6);
        {
            // An upgrade that is cancelled leaves the file as it was.
            BuiltinEngineOptions o;
            o.path = path;
            o.create = false;
            int asked = 0;
            o.cancelled = [&asked] { return ++asked > 2; };
            const auto r = BuiltinEngine::open(o);
            QVERIFY(!r.ok());
            QVERIFY2(r.error().message.contains(u"cancelled"_s) && r.error().message.contains(path), qPrintable(r.error().message));
            QCOMPARE(BuiltinEngine::fileFormat(path), std::optional<int>(5));
            QVERIFY(col2.step());
            QCOMPARE(col2.int64(0), 0);
            col2.reset();
            // Never asked to stop: the same options open a file of this version.
            o.cancelled = [] { return true; };
            o.path = dir.filePath(u"new.db"_s);
            o.create = true;
            QVERIFY(BuiltinEngine::open(o).ok());
            QVERIFY(BuiltinEngine::open(o).ok());
        }
        {
            auto readOnly = openEngine(path, true);
            for (size_t i = 0; i < allFailureCategories.size(); ++i)
                QCOMPARE(ok(readOnly->countSnapshots(categoryCondition(allFailureCategories[i], kNow))), expected[i]);
            QCOMPARE(ok(readOnly->storageInfo()).format, 5);
        }
        // The upgrade tells how far it is, from 0 to 1000 and never back; a file of this
        // version, or a new one, opened with the same options, tells nothing.
        std::vector<int> told;
        BuiltinEngineOptions withProgress;
        withProgress.path = path;
        withProgress.create = false;
        withProgress.clock = [] { return kNow; };
        withProgress.upgradeProgress = [&told](int permille) { told.push_back(permille); };
        auto upgraded6 = std::move(BuiltinEngine::open(withProgress)).value();
        QVERIFY(told.size() >= 2);
        QCOMPARE(told.front(), 0);
        QCOMPARE(told.back(), 1000);
        QVERIFY(std::is_sorted(told.begin(), told.end()));
        told.clear();
        QVERIFY(BuiltinEngine::open(withProgress).ok());
        withProgress.path = dir.filePath(u"fresh.db"_s); // nor does a new file
        withProgress.create = true;
        QVERIFY(BuiltinEngine::open(withProgress).ok());
        QVERIFY(told.empty());
        for (size_t i = 0; i < allFailureCategories.size(); ++i)
            QCOMPARE(ok(upgraded6->countSnapshots(categoryCondition(allFailureCategories[i], kNow))), expected[i]);
        QCOMPARE(ok(upgraded6->storageInfo()).format, 6);
        QVERIFY(col2.step());
        QCOMPARE(col2.int64(0), col2Rows);
        QCOMPARE(col2.int64(1), col2Sum);
        col2.reset();
    }

    void machineIdsAreLeasedPerOpen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"m.db"_s);
        auto a = openEngine(path);
        auto b = openEngine(path);
        QVERIFY(a->machineId() != b->machineId());
        QSet<QString> ids;
        for (int i = 0; i < 2000; ++i) {
            ids.insert(std::get<QString>(outcome(a->generateGlobalId())));
            ids.insert(std::get<QString>(outcome(b->generateGlobalId())));
        }
        QCOMPARE(ids.size(), 4000);
    }

    void refusesFilesThatAreNotDatabases()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"not.db"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        BuiltinEngineOptions o;
        o.path = path;
        const auto r = BuiltinEngine::open(o);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::IllegalArgument);
        QVERIFY(r.error().message.contains(path));
        o.path = dir.filePath(u"missing.db"_s);
        o.create = false;
        QCOMPARE(BuiltinEngine::open(o).error().code, ErrorCode::NotFound);
    }

    void batchKeepsGoodCommandsAndDropsRefusedOnes()
    {
        QTemporaryDir dir;
        auto engine = openEngine(dir.filePath(u"x.db"_s));
        std::vector<BuiltinEngine::BatchCommand> batch;
        BuiltinEngine::BatchCommand create{Command{{}, {}, createBody()}, {}, kNow - 5000};
        create.options.aggregateId = u"a"_s;
        batch.push_back(create);
        batch.push_back({Command{u"a"_s, {}, MarkRecoverable{RecoverableType::Unknown}}, {}, kNow - 4000}); // refused
        batch.push_back({Command{u"a"_s, {}, MarkRecoverable{RecoverableType::Recoverable}}, {}, kNow - 3000});
        batch.push_back(create); // create again: refused
        const auto results = engine->executeBatch(batch);
        QCOMPARE(results.size(), size_t(4));
        QVERIFY(std::holds_alternative<CommandResult>(results[0]));
        QCOMPARE(std::get<EngineError>(results[1]).errorCode, ErrorCode::IllegalArgument);
        QCOMPARE(std::get<CommandResult>(results[2]).aggregateVersion, std::optional<int>(2));
        QCOMPARE(std::get<EngineError>(results[3]).errorCode, ErrorCode::CommandExpectVersionConflict);
        const auto streams = std::get<QList<Document>>(outcome(engine->loadEventStreams(u"a"_s, 1, 10)));
        QCOMPARE(streams.size(), 2);
        QCOMPARE(streams[1].as<DomainEventStream>()->createTime, kNow - 3000); // the command's own time
    }

    // Within a batch a command's snapshot is written when another aggregate's command comes or
    // at the end: interleaved aggregates and refused commands leave every snapshot, count and
    // stream as the commands one by one would (the snapshots equal their regeneration).
    void batchSnapshotsEqualOneByOne()
    {
        QTemporaryDir dir;
        auto batched = openEngine(dir.filePath(u"b.db"_s));
        auto single = openEngine(dir.filePath(u"s.db"_s));
        std::vector<BuiltinEngine::BatchCommand> batch;
        for (const QString &id : {u"a"_s, u"b"_s}) {
            BuiltinEngine::BatchCommand create{Command{{}, {}, createBody()}, {}, kNow - 9000};
            create.options.aggregateId = id;
            batch.push_back(create);
        }
        const auto mark = [](const QString &id, RecoverableType r, qint64 at) {
            return BuiltinEngine::BatchCommand{Command{id, {}, MarkRecoverable{r}}, {}, at};
        };
        batch.push_back(mark(u"a"_s, RecoverableType::Recoverable, kNow - 8000));
        batch.push_back(mark(u"b"_s, RecoverableType::Unknown, kNow - 7000)); // refused: already unknown
        batch.push_back(mark(u"a"_s, RecoverableType::Unrecoverable, kNow - 6000));
        batch.push_back(mark(u"a"_s, RecoverableType::Unrecoverable, kNow - 5000)); // refused
        batch.push_back(batch.front());                                               // create a again: refused
        batch.push_back(mark(u"b"_s, RecoverableType::Recoverable, kNow - 4000));
        batch.push_back({Command{u"a"_s, {}, PrepareCompensation{}}, {}, kNow - 3000}); // by hand, even unrecoverable
        const auto results = batched->executeBatch(batch);
        std::vector<bool> refused;
        for (const auto &r : results)
            refused.push_back(std::holds_alternative<EngineError>(r));
        QCOMPARE(refused, (std::vector<bool>{false, false, false, true, false, true, true, false, false}));
        for (const auto &item : batch) // the same commands, one transaction each
            single->executeBatch({item});
        for (const QString &id : {u"a"_s, u"b"_s}) {
            const Document fromBatch = ok(batched->getSnapshot(id));
            const auto a = fromBatch.as<Snapshot>();
            const auto b = ok(single->getSnapshot(id)).as<Snapshot>();
            QVERIFY(a.ok() && b.ok());
            QCOMPARE(a->version, b->version);
            QCOMPARE(a->state, b->state);
            QVERIFY(!outcomeVoid(batched->regenerateSnapshot(id)));
            auto regenerated = ok(batched->getSnapshot(id)).as<Snapshot>(); // what the streams replay to
            QVERIFY(regenerated.ok());
            regenerated->snapshotTime = a->snapshotTime; // the time it was written
            QCOMPARE(regenerated->toJsonBytes(), a->toJsonBytes());
        }
        const auto a = ok(batched->getSnapshot(u"a"_s)).as<Snapshot>();
        QCOMPARE(a->version, 4);
        QCOMPARE(a->state.recoverable, RecoverableType::Unrecoverable);
        QCOMPARE(a->state.status, ExecutionFailedStatus::Prepared);
        for (auto c : allFailureCategories)
            QCOMPARE(ok(batched->countSnapshots(categoryCondition(c, kNow))), ok(single->countSnapshots(categoryCondition(c, kNow))));
    }

    // The seeder's path: histories decided in memory (prepareHistory) and written by the import
    // leave the streams, snapshots and counts that executing the same commands leaves, refused
    // commands included (only the generated ids differ).
    void preparedHistoriesEqualExecutedOnes()
    {
        QTemporaryDir dir;
        auto executed = openEngine(dir.filePath(u"e.db"_s));
        auto prepared = openEngine(dir.filePath(u"p.db"_s));
        using Batch = std::vector<BuiltinEngine::BatchCommand>;
        const auto create = [](const QString &id, qint64 at, std::optional<RetrySpec> spec = std::nullopt) {
            CreateExecutionFailed body = createBody();
            body.retrySpec = spec;
            BuiltinEngine::BatchCommand c{Command{{}, {}, body}, {}, at};
            c.options.aggregateId = id;
            c.options.headers = {{u"remote_ip"_s, u"10.0.0.7"_s}};
            return c;
        };
        const auto cmd = [](const QString &id, CommandBody body, qint64 at, const QString &op = {}, const QString &reason = {}) {
            BuiltinEngine::BatchCommand c{Command{id, {}, std::move(body)}, {}, at};
            c.options.operatorName = op;
            c.options.reason = reason;
            return c;
        };
        const ErrorDetails again{u"IllegalState"_s, u"still down"_s, u"java.lang.IllegalStateException: still down\n"_s, {}};
        const FunctionInfo moved{FunctionKind::Event, u"other-service"_s, u"OtherSaga"_s, u"onOrderCreated"_s};
        const std::vector<Batch> histories = {
            {create(u"a"_s, kNow - 90000), cmd(u"a"_s, MarkRecoverable{RecoverableType::Recoverable}, kNow - 80000, u"alice"_s, u"fixed"_s),
             cmd(u"a"_s, MarkRecoverable{RecoverableType::Recoverable}, kNow - 79000), // refused: no change
             cmd(u"a"_s, PrepareCompensation{}, kNow - 70000),
             cmd(u"a"_s, ApplyExecutionFailed{again, kNow - 69000, RecoverableType::Recoverable}, kNow - 69000),
             cmd(u"a"_s, ApplyRetrySpec{9, 30, 60}, kNow - 60000, u"bob"_s)},
            {create(u"b"_s, kNow - 50000), cmd(u"b"_s, PrepareCompensation{}, kNow - 40000),
             cmd(u"b"_s, ApplyExecutionSuccess{kNow - 39000}, kNow - 39000),
             cmd(u"b"_s, ApplyExecutionSuccess{kNow - 38000}, kNow - 38000), // refused: succeeded already
             cmd(u"b"_s, DeleteAggregate{}, kNow - 30000, u"carol"_s, u"duplicate"_s), cmd(u"b"_s, RecoverAggregate{}, kNow - 20000)},
            {create(u"c"_s, kNow - 15000, RetrySpec{3, 60, 30}), cmd(u"c"_s, ChangeFunction{moved}, kNow - 14000, u"ops-bot"_s),
             cmd(u"c"_s, PrepareCompensation{}, kNow - 1000)},
        };
        int executedRefusals = 0;
        int preparedRefusals = 0;
        std::vector<BuiltinEngine::ImportStream> streams;
        for (const Batch &history : histories) {
            for (const auto &r : executed->executeBatch(history))
                executedRefusals += std::holds_alternative<EngineError>(r) ? 1 : 0;
            auto h = prepared->prepareHistory(history);
            preparedRefusals += h.refused;
            std::move(h.streams.begin(), h.streams.end(), std::back_inserter(streams));
        }
        QCOMPARE(executedRefusals, 2);
        QCOMPARE(preparedRefusals, executedRefusals);
        // A history is one new aggregate's: a command for another one is refused.
        const auto other = prepared->prepareHistory(Batch{create(u"d"_s, kNow - 5000), cmd(u"a"_s, PrepareCompensation{}, kNow - 4000)});
        QCOMPARE(other.refused, 1);
        QCOMPARE(other.streams.size(), size_t(1));
        for (const auto &o : prepared->importStreams(streams)) {
            QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
            QCOMPARE(o.duplicates, 0);
        }
        for (const QString &id : {u"a"_s, u"b"_s, u"c"_s}) {
            const auto e = ok(executed->getSnapshot(id)).as<Snapshot>();
            const auto p = ok(prepared->getSnapshot(id)).as<Snapshot>();
            QVERIFY(e.ok() && p.ok());
            QCOMPARE(p->version, e->version);
            QCOMPARE(p->state, e->state);
            QCOMPARE(p->deleted, e->deleted);
            QCOMPARE(p->firstOperator, e->firstOperator);
            QCOMPARE(p->operatorName, e->operatorName);
            QCOMPARE(p->firstEventTime, e->firstEventTime);
            QCOMPARE(p->eventTime, e->eventTime);
            QCOMPARE(p->snapshotTime, e->snapshotTime);
            const auto es = std::get<QList<Document>>(outcome(executed->loadEventStreams(id, 1, 100)));
            const auto ps = std::get<QList<Document>>(outcome(prepared->loadEventStreams(id, 1, 100)));
            QCOMPARE(ps.size(), es.size());
            for (qsizetype i = 0; i < es.size(); ++i) {
                const auto a = es[i].as<DomainEventStream>();
                const auto b = ps[i].as<DomainEventStream>();
                QVERIFY(a.ok() && b.ok());
                QCOMPARE(b->version, a->version);
                QCOMPARE(b->createTime, a->createTime);
                QCOMPARE(b->header, a->header);
                QCOMPARE(b->size, a->size);
                QCOMPARE(b->body.size(), a->body.size());
                for (size_t k = 0; k < a->body.size(); ++k) {
                    QCOMPARE(b->body[k].name, a->body[k].name);
                    QCOMPARE(b->body[k].body, a->body[k].body);
                }
                QCOMPARE(p->eventId == b->id, e->eventId == a->id); // the snapshot follows its last stream
            }
            QVERIFY(!outcomeVoid(prepared->regenerateSnapshot(id)));
            auto regenerated = ok(prepared->getSnapshot(id)).as<Snapshot>();
            regenerated->snapshotTime = p->snapshotTime;
            QCOMPARE(regenerated->toJsonBytes(), p->toJsonBytes());
        }
        for (auto c : allFailureCategories)
            QCOMPARE(ok(prepared->countSnapshots(categoryCondition(c, kNow))), ok(executed->countSnapshots(categoryCondition(c, kNow))));
    }

    // A query's parts (counts by status, aggregation parts) run at once: results in order, on
    // other threads when the global pool has one free, on the caller's thread when it has none
    // (not queued behind the pool's other work), and a part's exception reaches the caller, as
    // it is, only after every part has ended.
    void partsRunAtOnceEvenWhenThePoolIsBusy()
    {
        const auto square = [](std::size_t i) { return qint64(i * i); };
        QCOMPARE(runAtOnce<qint64>(5, square), (std::vector<qint64>{0, 1, 4, 9, 16}));

        QThreadPool *pool = QThreadPool::globalInstance();
        QSemaphore release;
        std::atomic<int> blocked{0};
        const int threads = pool->maxThreadCount();
        for (int i = 0; i < threads; ++i) {
            pool->start([&] {
                ++blocked;
                release.acquire();
            });
        }
        QTRY_COMPARE(blocked.load(), threads);
        const QThread *caller = QThread::currentThread();
        std::atomic<int> elsewhere{0};
        const auto where = runAtOnce<qint64>(4, [&](std::size_t i) {
            if (QThread::currentThread() != caller)
                ++elsewhere;
            return qint64(i);
        });
        QCOMPARE(where, (std::vector<qint64>{0, 1, 2, 3}));
        QCOMPARE(elsewhere.load(), 0); // every thread was taken: all ran here, none was queued
        release.release(threads);
        pool->waitForDone();

        std::atomic<int> ended{0};
        bool thrown = false;
        try {
            runAtOnce<qint64>(3, [&](std::size_t i) -> qint64 {
                if (i == 0)
                    throw std::runtime_error("first part failed");
                QThread::msleep(50);
                ++ended;
                return 1;
            });
        } catch (const std::runtime_error &e) {
            thrown = true;
            QCOMPARE(QByteArray(e.what()), QByteArray("first part failed"));
            QCOMPARE(ended.load(), 2); // the other parts had ended
        }
        QVERIFY(thrown);
    }

    void keyOrderPagesEqualIndexPlanPages()
    {
        QTemporaryDir dir;
        SeedOptions so = seedOptions(800, 9);
        QVERIFY(seedDemoDatabase(dir.filePath(u"k.db"_s), so).ok());
        const QString path = dir.filePath(u"k.db"_s);
        auto scanning = openEngine(path, false, 1000000); // always finishes the key-order walk (or the per-status walks)
        auto falling = openEngine(path, false, 0);        // falls back to the index plan but for dense matches
        auto sorting = openEngine(path, false, 12);       // walks give up early; sorted reads, then fallbacks
        // The newest failures all executing, as after a bulk retry: the walks step over them.
        QCOMPARE(prepareNewestToRetry(*scanning, 60), 60);
        std::vector<Condition> conditions;
        for (auto cat : allFailureCategories)
            conditions.push_back(categoryCondition(cat, kNow));
        // Status pinned by IN, and by an OR with more terms in a branch.
        conditions.push_back(Condition::in(field::status, QJsonArray{u"FAILED"_s, u"SUCCEEDED"_s}));
        conditions.push_back(Condition::logical(
            Operator::Or, {Condition::and_({Condition::eq(field::status, u"PREPARED"_s),
                                            Condition::leaf(field::timeoutAt, Operator::Gt, double(kNow))}),
                           Condition::eq(field::status, u"SUCCEEDED"_s)}));
        // No status term: walked status by status when the index holds every column, else not.
        conditions.push_back(Condition::eq(field::recoverable, u"UNRECOVERABLE"_s));
        conditions.push_back(Condition::deleted(DeletionState::All));
        conditions.push_back(Condition::leaf(u"state.error.errorCode"_s, Operator::Ne, u"none"_s));
        int pagesWithRows = 0;
        for (const auto &condition : conditions) {
            for (auto direction : {SortDirection::Asc, SortDirection::Desc}) {
                for (const Pagination page : {Pagination{1, 13}, Pagination{3, 13}, Pagination{40, 20}}) {
                    PagedQuery q;
                    q.condition = condition;
                    q.sort = {Sort{u"aggregateId"_s, direction}};
                    q.pagination = page;
                    const auto a = std::get<PagedList<Document>>(outcome(scanning->pagedSnapshots(q, SnapshotView::State)));
                    const auto b = std::get<PagedList<Document>>(outcome(falling->pagedSnapshots(q, SnapshotView::State)));
                    const auto c = std::get<PagedList<Document>>(outcome(sorting->pagedSnapshots(q, SnapshotView::State)));
                    QCOMPARE(a.total, b.total);
                    QCOMPARE(a.list.size(), b.list.size());
                    QVERIFY(a == b);
                    QVERIFY(a == c);
                    pagesWithRows += a.list.empty() ? 0 : 1;
                }
            }
        }
        QVERIFY(pagesWithRows > 30);
        // Event streams in key order under a filter (an export by event name, a keyset walk):
        // the walk of the key index and the planner's plan give the same pages.
        for (const char *name : {"compensation_prepared", "execution_success_applied", "no_such_event"}) {
            Condition byName = Condition::leaf(u"body"_s, Operator::ElemMatch);
            byName.children.push_back(Condition::eq(u"name"_s, QString::fromLatin1(name)));
            for (const auto &[after, limit] : {std::pair{QString(), 50}, std::pair{u"0"_s, 7}, std::pair{u"zzz"_s, 5}}) {
                ListQuery q;
                q.condition = after.isEmpty() ? byName : Condition::and_({byName, Condition::leaf(u"aggregateId"_s, Operator::Gte, after)});
                q.sort = {Sort{u"aggregateId"_s, SortDirection::Asc}, Sort{u"version"_s, SortDirection::Asc}};
                q.limit = limit;
                const auto a = std::get<QList<Document>>(outcome(scanning->listEventStreams(q)));
                const auto b = std::get<QList<Document>>(outcome(falling->listEventStreams(q)));
                QCOMPARE(a, b);
                QVERIFY(qstrcmp(name, "no_such_event") == 0 || after == u"zzz"_s || !a.isEmpty());
            }
        }
    }

    void sortedReadsEqualWalksOverALongRun()
    {
        // The newest failures just prepared (not timed out) in front of the ones the time terms
        // match: a walk steps over them, a sorted read does not. Budgets that end the first
        // walks there (so that To retry's and Due for retry's PREPARED part is read sorted,
        // then, with less budget, falls back) give the pages of a full walk and of the index plan.
        QTemporaryDir dir;
        SeedOptions so = seedOptions(4000, 5);
        QVERIFY(seedDemoDatabase(dir.filePath(u"r.db"_s), so).ok());
        const QString path = dir.filePath(u"r.db"_s);
        auto walking = openEngine(path, false, 1000000);
        QCOMPARE(prepareNewestToRetry(*walking, 1200), 1200);
        std::vector<std::unique_ptr<BuiltinEngine>> others;
        for (int budget : {0, 6, 40, 400, 4000})
            others.push_back(openEngine(path, false, budget));
        int pagesWithRows = 0;
        for (auto cat : {FailureCategory::ToRetry, FailureCategory::NextRetry, FailureCategory::Executing}) {
            for (auto direction : {SortDirection::Desc, SortDirection::Asc}) {
                for (const Pagination page : {Pagination{1, 10}, Pagination{2, 25}, Pagination{30, 20}}) {
                    PagedQuery q;
                    q.condition = categoryCondition(cat, kNow);
                    q.sort = {Sort{u"aggregateId"_s, direction}};
                    q.pagination = page;
                    const auto a = std::get<PagedList<Document>>(outcome(walking->pagedSnapshots(q, SnapshotView::State)));
                    for (const auto &other : others)
                        QVERIFY(a == std::get<PagedList<Document>>(outcome(other->pagedSnapshots(q, SnapshotView::State))));
                    pagesWithRows += a.list.empty() ? 0 : 1;
                }
            }
        }
        QVERIFY(pagesWithRows >= 12);
        // The references are what they claim: pages of walks alone, and of the planner's plan
        // alone; with a budget like the default, sorted reads gave keys and nothing fell back.
        QCOMPARE(walking->pageReads().sortedReads, 0);
        QCOMPARE(walking->pageReads().fallbacks, 0);
        QVERIFY(others.front()->pageReads().fallbacks > 0);
        QVERIFY(others.back()->pageReads().sortedReads > 0);
        QCOMPARE(others.back()->pageReads().fallbacks, 0);
    }

    void bucketCountsFollowEveryWrite()
    {
        QTemporaryDir dir;
        SeedOptions so = seedOptions(500, 3);
        QVERIFY(seedDemoDatabase(dir.filePath(u"c.db"_s), so).ok());
        auto engine = openEngine(dir.filePath(u"c.db"_s));
        QVERIFY(std::holds_alternative<BatchResult>(outcome(engine->batchRegenerateSnapshots(u"(0)"_s, 100))));
        sqlite::Connection c(dir.filePath(u"c.db"_s), false);
        auto &st = c.prepare(u"SELECT COUNT(*) FROM (SELECT deleted, tenant_id, owner_id, status, recoverable, is_retryable, "
                             "is_below_retry_threshold, COUNT(*) AS n FROM snapshot GROUP BY 1,2,3,4,5,6,7 "
                             "EXCEPT SELECT deleted, tenant_id, owner_id, status, recoverable, is_retryable, "
                             "is_below_retry_threshold, n FROM snapshot_count WHERE n > 0)"_s);
        QVERIFY(st.step());
        QCOMPARE(st.int64(0), 0);
        auto &zero = c.prepare(u"SELECT SUM(n) FROM snapshot_count"_s);
        QVERIFY(zero.step());
        QCOMPARE(zero.int64(0), 500);
    }

    void seederIsDeterministicAndFillsEveryCategory()
    {
        QTemporaryDir dir;
        SeedOptions so = seedOptions(600, 42);
        const auto a = seedDemoDatabase(dir.filePath(u"a.db"_s), so);
        const auto b = seedDemoDatabase(dir.filePath(u"b.db"_s), so);
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(a->aggregates, 600);
        QCOMPARE(a->commands, b->commands);
        QCOMPARE(dumpStreams(dir.filePath(u"a.db"_s)), dumpStreams(dir.filePath(u"b.db"_s)));
        so.seed = 43;
        QVERIFY(seedDemoDatabase(dir.filePath(u"c.db"_s), so).ok());
        QVERIFY(dumpStreams(dir.filePath(u"a.db"_s)) != dumpStreams(dir.filePath(u"c.db"_s)));

        auto engine = openEngine(dir.filePath(u"a.db"_s));
        for (auto cat : allFailureCategories) {
            const qint64 n = std::get<qint64>(outcome(engine->countSnapshots(categoryCondition(cat, kNow))));
            QVERIFY2(n > 0, qPrintable(categoryName(cat)));
        }
        // Several contexts, error codes, function kinds, and "Caused by:" chains.
        auto distinct = [&](const char *column) {
            sqlite::Connection c(dir.filePath(u"a.db"_s), false);
            auto &st = c.prepare(u"SELECT COUNT(DISTINCT "_s + QLatin1String(column) + u") FROM snapshot"_s);
            st.step();
            return st.int64(0);
        };
        QVERIFY(distinct("fn_context") >= 5);
        QVERIFY(distinct("error_code") >= 10);
        QVERIFY(distinct("fn_kind") >= 2);
        QVERIFY(std::get<qint64>(outcome(engine->countSnapshots(
                    Condition::leaf(u"state.error.stackTrace"_s, Operator::Contains, u"Caused by: "_s)))) > 0);
        QVERIFY(std::get<qint64>(outcome(engine->countEventStreams(Condition::eq(u"body.name"_s, u"function_changed"_s)))) > 0);
        QVERIFY(std::get<qint64>(outcome(engine->countEventStreams(Condition::eq(u"body.name"_s, u"retry_spec_applied"_s)))) > 0);
        QVERIFY(std::get<qint64>(outcome(engine->countEventStreams(Condition::eq(u"body.name"_s, u"default_aggregate_recovered"_s)))) > 0);
    }
};

QTEST_GUILESS_MAIN(TestBuiltinEngine)
#include "tst_builtin_engine.moc"
