// RemoteEngine::probe learns the server's limits, and the client pages within them.

#include "builtin/builtin_engine.h"
#include "builtin/demo_seeder.h"
#include "engine_harness.h"
#include "test_fixtures.h"
#include "remote/remote_engine.h"
#include "wow_api_server.h"

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
