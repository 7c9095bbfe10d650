// RemoteEngine::probe learns the server's limits, and the client pages within them.

#include "builtin/builtin_engine.h"
#include "builtin/demo_seeder.h"
#include "engine_harness.h"
#include "test_fixtures.h"
#include "remote/remote_engine.h"
#include "http_server.h"
#include "wow_api_server.h"

#include <QJsonDocument>
#include <QTest>

#include "test_printers.h"

using namespace wci;
using namespace wci::test;
using namespace Qt::StringLiterals;

class TestRemoteProbe : public QObject {
    Q_OBJECT

    QTemporaryDir dir;
    std::unique_ptr<BuiltinEngine> backend;

private slots:
    void initTestCase()
    {
        QVERIFY(testing::seedDatabase(dir.filePath(u"p.db"_s), 2500, 8).ok());
        BuiltinEngineOptions o;
        o.path = dir.filePath(u"p.db"_s);
        backend = std::move(BuiltinEngine::open(o)).value();
    }

    void currentWowLimits()
    {
        WowApiServer server(backend.get(), WowApiServerConfig{});
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        RemoteEngineOptions o;
        o.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(server.port()));
        RemoteEngine remote(o);
        const EngineCapabilities c = ok(remote.probe());
        QCOMPARE(c.maxListLimit, 1000);
        QCOMPARE(c.maxPageSize, 100);
        QVERIFY(c.refusedOperators.contains(Operator::Ne));
        QVERIFY(c.biScriptPost);
        // More than the server's list limit: the client pages with a cursor, in order.
        ListQuery all;
        const qint64 active = ok(backend->countSnapshots(Condition::all()));
        QVERIFY(active > 1000);
        const QList<Document> docs = ok(remote.listSnapshots(all, SnapshotView::Document));
        QCOMPARE(docs.size(), active);
        QString last;
        for (const auto &d : docs) {
            const QString id = d.object().value("aggregateId"_L1).toString();
            QVERIFY(id > last);
            last = id;
        }
        // The documents are the server's bytes, unchanged.
        QCOMPARE(docs.first().json, ok(backend->getSnapshot(docs.first().object().value("aggregateId"_L1).toString())).json);
        ListQuery withDeleted;
        withDeleted.condition = Condition::deleted(DeletionState::All);
        QCOMPARE(err(remote.listSnapshots(withDeleted, SnapshotView::Document)).errorCode, ErrorCode::IllegalArgument);
        ListQuery sortedOtherwise = all;
        sortedOtherwise.sort = {Sort{u"state.executeAt"_s, SortDirection::Asc}};
        QCOMPARE(err(remote.listSnapshots(sortedOtherwise, SnapshotView::Document)).errorCode, ErrorCode::IllegalArgument);
    }

    // A server answering as Wow 9.3 reads a list limit of 0 as 100: the probe still finds its
    // guard, so an aggregate's event streams are read in ranges within the limit.
    void wow9ServerIsGuardedToo()
    {
        WowApiServerConfig config;
        config.generation = WowGeneration::Current;
        WowApiServer server(backend.get(), config);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        RemoteEngineOptions o;
        o.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(server.port()));
        RemoteEngine remote(o);
        const EngineCapabilities c = ok(remote.probe());
        QCOMPARE(c.maxListLimit, 1000);
        QCOMPARE(c.maxPageSize, 100);
        const QString id = ok(backend->listSnapshots(ListQuery{Condition::all(), {}, {}, 1}, SnapshotView::Document))
                               .first().object().value("aggregateId"_L1).toString();
        const QList<Document> streams = ok(remote.loadEventStreams(id, 1, std::numeric_limits<int>::max()));
        QVERIFY(!streams.isEmpty());
        QCOMPARE(streams, ok(backend->loadEventStreams(id, 1, std::numeric_limits<int>::max())));
    }

    void olderServerWithoutGuard()
    {
        WowApiServerConfig c;
        c.guard.enabled = false;
        WowApiServer server(backend.get(), c);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        RemoteEngineOptions o;
        o.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(server.port()));
        RemoteEngine remote(o);
        const EngineCapabilities caps = ok(remote.probe());
        QCOMPARE(caps.maxListLimit, 0);
        QCOMPARE(caps.refusedOperators, QList<Operator>{Operator::Raw});
        ListQuery all;
        all.condition = Condition::deleted(DeletionState::All);
        all.sort = {Sort{u"state.executeAt"_s, SortDirection::Asc}}; // one request: no cursor needed
        QCOMPARE(ok(remote.listSnapshots(all, SnapshotView::State)).size(), 2500);
    }

    // The generation comes from GET /v3/api-docs and the query-model descriptor.
    void generationFromApiDocsAndDescriptor()
    {
        WowApiServerConfig config;
        config.generation = WowGeneration::Current;
        config.guard.maxConditionNodes = 128;
        config.guard.allowExpensiveOperators = true;
        WowApiServer current(backend.get(), config);
        QVERIFY(current.listen(QHostAddress::LocalHost, 0));
        RemoteEngineOptions o;
        o.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(current.port()));
        RemoteEngine remote(o);
        QVERIFY(!remote.capabilities().filterBodies); // until probed: what every server reads
        QVERIFY(!remote.capabilities().probed);
        const EngineCapabilities c = ok(remote.probe());
        QCOMPARE(c.wowVersion, u"9.3.0"_s);
        QVERIFY(c.filterBodies && c.aggregation && c.cursorPaging && c.serverClock && c.querySchema);
        // The descriptor's limits: 128 filter nodes, expensive operators allowed.
        QCOMPARE(c.maxConditionNodes, 128);
        QCOMPARE(c.refusedOperators, QList<Operator>{Operator::Raw});
        QCOMPARE(c.maxPageSize, 100);
        // Queries go out as filters: a 9.x operator works on the server's clock.
        ListQuery due;
        due.condition = Condition::leaf(u"state.retryState.nextRetryAt"_s, Operator::BeforeNow, u"PT0S"_s);
        due.limit = 5;
        QCOMPARE(ok(remote.listSnapshots(due, SnapshotView::State)).size(), 5);
        QCOMPARE(ok(remote.countSnapshots(due.condition)), ok(backend->countSnapshots(due.condition)));

        WowApiServer old(backend.get(), WowApiServerConfig{});
        QVERIFY(old.listen(QHostAddress::LocalHost, 0));
        o.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(old.port()));
        RemoteEngine remote810(o);
        const EngineCapabilities c810 = ok(remote810.probe());
        QCOMPARE(c810.wowVersion, u"8.10.10"_s);
        QVERIFY(!c810.filterBodies && !c810.aggregation && !c810.cursorPaging && !c810.serverClock && !c810.querySchema);
        // A 9.x operator cannot be said to Wow 8.10: a clear error here, nothing sent.
        const EngineError e = err(remote810.listSnapshots(due, SnapshotView::State));
        QCOMPARE(e.errorCode, ErrorCode::IllegalArgument);
        QVERIFY2(e.errorMsg.contains(u"BEFORE_NOW is a Wow 9.x operator"_s), qPrintable(e.errorMsg));
    }

    // What goes on the wire, seen by a server that records the bodies: `filter` for a server
    // whose OpenAPI document says Wow 9.x, `condition` for one without that document.
    void filterOrConditionOnTheWire()
    {
        for (const bool nine : {true, false}) {
            QList<QPair<QByteArray, QByteArray>> seen; // path, body
            http::Server fake;
            fake.setHandler([&](const http::Request &req, http::Responder *res) {
                seen.append({req.path, req.body});
                const http::Headers json{{"Content-Type", "application/json"}};
                if (req.path == "/v3/api-docs") {
                    if (nine)
                        res->respond(200, json, R"({"info":{"version":"9.1.0"},"paths":{"/execution_failed/snapshot/paged":{}},)"
                                                R"("components":{"schemas":{"PagedQuery":{"properties":{"filter":{}}}}}})");
                    else
                        res->respond(404, json, R"({"errorCode":"NotFound","errorMsg":"Not found"})");
                } else if (req.path.endsWith("/count")) {
                    res->respond(200, json, "7");
                } else if (req.path.contains("/paged")) {
                    res->respond(200, json, R"({"total":0,"list":[]})");
                } else {
                    res->respond(200, json, "[]");
                }
            });
            QVERIFY(fake.listen(QHostAddress::LocalHost, 0));
            RemoteEngineOptions o;
            o.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(fake.port()));
            RemoteEngine remote(o);
            const EngineCapabilities c = ok(remote.probe());
            QCOMPARE(c.filterBodies, nine);
            QCOMPARE(c.wowVersion, nine ? u"9.1.0"_s : QString());
            QVERIFY(!c.serverClock); // 9.1: BEFORE_NOW is 9.2's
            QCOMPARE(c.aggregation || c.cursorPaging || c.querySchema, false);
            seen.clear();
            const Condition failed = Condition::eq(u"state.status"_s, u"FAILED"_s);
            QCOMPARE(ok(remote.countSnapshots(failed)), 7);
            PagedQuery pq;
            pq.condition = failed;
            ok(remote.pagedSnapshots(pq, SnapshotView::State));
            QCOMPARE(seen.size(), 2);
            const QJsonObject count = QJsonDocument::fromJson(seen[0].second).object();
            const QJsonObject paged = QJsonDocument::fromJson(seen[1].second).object();
            if (nine) {
                QCOMPARE(count, (QJsonObject{{u"op"_s, u"EQ"_s}, {u"field"_s, u"state.status"_s}, {u"value"_s, u"FAILED"_s}}));
                QVERIFY(paged.contains("filter"_L1) && !paged.contains("condition"_L1));
                QCOMPARE(paged.value("filter"_L1).toObject().value("op"_L1).toString(), u"EQ"_s);
            } else {
                QCOMPARE(count.value("operator"_L1).toString(), u"EQ"_s);
                QVERIFY(!count.contains("op"_L1));
                QVERIFY(paged.contains("condition"_L1) && !paged.contains("filter"_L1));
            }
        }
    }

    // The server's clock from the Date header: a server 3 days behind this computer.
    void clockOffsetFromTheDateHeader()
    {
        const qint64 behind = 3LL * 86400000;
        QTemporaryDir d;
        BuiltinEngineOptions bo;
        bo.path = d.filePath(u"clock.db"_s);
        bo.clock = [behind] { return QDateTime::currentMSecsSinceEpoch() - behind; };
        auto late = std::move(BuiltinEngine::open(bo)).value();
        WowApiServer server(late.get(), WowApiServerConfig{});
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        RemoteEngineOptions o;
        o.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(server.port()));
        RemoteEngine remote(o);
        const EngineCapabilities c = ok(remote.probe());
        QVERIFY2(std::abs(c.clockOffsetMs + behind) < 2000, qPrintable(QString::number(c.clockOffsetMs)));
        QVERIFY(std::abs(remote.now() - late->now()) < 2000);
        // A server on this computer's clock: no correction.
        WowApiServer same(backend.get(), WowApiServerConfig{});
        QVERIFY(same.listen(QHostAddress::LocalHost, 0));
        o.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(same.port()));
        RemoteEngine onTime(o);
        QCOMPARE(ok(onTime.probe()).clockOffsetMs, 0);
    }

    // Beyond the list limit, with a sort other than the id or a condition naming DELETED: the
    // server's cursor routes (Wow ≥ 9.0) page it; an 8.10 server refuses as before.
    void longListsThroughTheServersCursor()
    {
        WowApiServerConfig config;
        config.generation = WowGeneration::Current;
        WowApiServer current(backend.get(), config);
        QVERIFY(current.listen(QHostAddress::LocalHost, 0));
        RemoteEngineOptions o;
        o.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(current.port()));
        RemoteEngine remote(o);
        QVERIFY(ok(remote.probe()).cursorPaging);
        ListQuery byTime;
        byTime.condition = Condition::deleted(DeletionState::All);
        byTime.sort = {Sort{u"state.executeAt"_s, SortDirection::Desc}, Sort{u"aggregateId"_s, SortDirection::Asc}};
        const QList<Document> got = ok(remote.listSnapshots(byTime, SnapshotView::Document));
        QCOMPARE(got.size(), 2500);
        QCOMPARE(got, ok(backend->listSnapshots(byTime, SnapshotView::Document)));
        byTime.limit = 1234;
        QCOMPARE(ok(remote.listSnapshots(byTime, SnapshotView::State)).size(), 1234);
    }

    // A token the server no longer takes: the list starts again from the first page.
    void invalidCursorRestartsFromTheFirstPage()
    {
        int cursorCalls = 0;
        bool refused = false;
        http::Server fake;
        fake.setHandler([&](const http::Request &req, http::Responder *res) {
            const http::Headers json{{"Content-Type", "application/json"}};
            if (req.path == "/v3/api-docs") {
                res->respond(200, json, R"({"info":{"version":"9.3.0"},"paths":{"/execution_failed/snapshot/cursor":{},)"
                                        R"("/execution_failed/snapshot/aggregation":{}},"components":{"schemas":{"PagedQuery":{"properties":{"filter":{}}}}}})");
            } else if (req.path.endsWith("/snapshot/list")) {
                res->respond(400, {{"Content-Type", "application/json"}, {"Wow-Error-Code", "IllegalArgument"}},
                             R"({"errorCode":"IllegalArgument","errorMsg":"HTTP list query limit[1001] must be between 1 and 1000."})");
            } else if (req.path.endsWith("/snapshot/cursor")) {
                ++cursorCalls;
                const QJsonObject body = QJsonDocument::fromJson(req.body).object();
                if (body.value("cursor"_L1).isUndefined()) {
                    res->respond(200, json, R"({"list":[{"aggregateId":"a"},{"aggregateId":"b"}],"nextCursor":"t1"})");
                } else if (!refused) {
                    refused = true;
                    res->respond(400, {{"Content-Type", "application/json"}, {"Wow-Error-Code", "IllegalArgument"}},
                                 R"({"errorCode":"IllegalArgument","errorMsg":"Invalid cursor.","bindingErrors":[{"name":"cursor","msg":"Invalid cursor.","code":"INVALID_CURSOR"}]})");
                } else {
                    res->respond(200, json, R"({"list":[{"aggregateId":"c"}],"nextCursor":null})");
                }
            } else {
                res->respond(404, json, R"({"errorCode":"NotFound","errorMsg":"Not found"})");
            }
        });
        QVERIFY(fake.listen(QHostAddress::LocalHost, 0));
        RemoteEngineOptions o;
        o.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(fake.port()));
        o.readRetries = 0;
        RemoteEngine remote(o);
        QVERIFY(ok(remote.probe()).cursorPaging);
        ListQuery q;
        q.sort = {Sort{u"state.executeAt"_s, SortDirection::Asc}};
        const QList<Document> docs = ok(remote.listSnapshots(q, SnapshotView::Document));
        QStringList ids;
        for (const auto &d : docs)
            ids.append(d.object().value("aggregateId"_L1).toString());
        QCOMPARE(ids, (QStringList{u"a"_s, u"b"_s, u"c"_s}));
        QVERIFY(refused);
        QCOMPARE(cursorCalls, 4); // first page, refused token, first page again, last page
    }

    void wrongCredentialsFailTheProbe()
    {
        WowApiServerConfig c;
        c.token = u"t"_s;
        WowApiServer server(backend.get(), c);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        RemoteEngineOptions o;
        o.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(server.port()));
        RemoteEngine remote(o);
        QCOMPARE(err(remote.probe()).errorCode, ErrorCode::Unauthorized);
        o.bearerToken = u"t"_s;
        RemoteEngine withToken(o);
        QCOMPARE(ok(withToken.probe()).maxListLimit, 1000);
    }
};

QTEST_GUILESS_MAIN(TestRemoteProbe)
#include "tst_remote_probe.moc"
