// The window's three summary views over a remote engine: the charts (FailureStats over every
// failure), the failure groups (by error code) and the overview (30 days). The same database is
// served on 127.0.0.1 twice, as current Wow (the views send aggregation queries) and as Wow 8.10
// (no aggregation: the views read the failures page by page and aggregate here). For each view
// and server: requests, bytes received and wall time, in one run; the numbers the two ways
// compute are compared and must be equal.
//   bench_remote_views --quick                 3 000 failures (ctest)
//   bench_remote_views                         100 000 failures, seeded into a temporary file
//   bench_remote_views --db FILE [--count N]   an existing database (seeded with N when new)
//   bench_remote_views ... --no-scan           only the aggregation passes (the 8.10 scan of
//                                              the overview takes minutes at 10^5)

#include "builtin/builtin_engine.h"
#include "builtin/demo_seeder.h"
#include "failure_groups_model.h"
#include "failure_stats.h"
#include "overview_model.h"
#include "remote/remote_engine.h"
#include "wow_api_server.h"

#include "bench_await.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTimer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

using namespace wci;
using namespace Qt::StringLiterals;

namespace {

using bench::await;

template <typename Busy>
bool waitWhile(Busy busy)
{
    QElapsedTimer t;
    t.start();
    // Sleeps in the event loop between events (a spinning wait would take a core from the
    // server); the timer wakes it to check again.
    QTimer tick;
    tick.start(2);
    while (busy()) {
        if (t.elapsed() > 3600000)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    }
    return true;
}

struct Figure {
    qint64 requests = 0, bytes = 0, documents = 0;
    double ms = 0;
    bool scanned = false;
    QByteArray digest; // what the view computed, to compare across servers
};

QByteArray digestOf(const FailureStatsResult &r)
{
    QByteArray d = QByteArray::number(r.total) + '|' + QByteArray::number(r.from) + '|' + QByteArray::number(r.bucketMs);
    for (const auto &[s, list] : r.createdByStatus.asKeyValueRange())
        for (qint64 v : list)
            d += ',' + QByteArray::number(v);
    for (const auto *list : {&r.succeeded, &r.failedAgain, &r.upcoming})
        for (qint64 v : *list)
            d += ';' + QByteArray::number(v);
    for (const auto *top : {&r.topErrorCodes, &r.topProcessors, &r.topFunctions})
        for (const auto &[k, v] : *top)
            d += k.toUtf8() + '=' + QByteArray::number(v);
    for (auto it = r.retries.begin(); it != r.retries.end(); ++it)
        d += QByteArray::number(it.key()) + ':' + QByteArray::number(it.value());
    return d;
}

QByteArray digestOf(const QList<FailureGroup> &groups)
{
    QByteArray d;
    for (const auto &g : groups) {
        d += g.label.toUtf8() + '=' + QByteArray::number(g.count) + '/' + QByteArray::number(g.firstSeen) + '/'
             + QByteArray::number(g.lastSeen);
        for (auto it = g.statuses.begin(); it != g.statuses.end(); ++it)
            d += it.key().toUtf8() + QByteArray::number(it.value());
    }
    return d;
}

QByteArray digestOf(const OverviewResult &r)
{
    QByteArray d;
    for (qint64 v : r.cards)
        d += QByteArray::number(v) + ',';
    for (const auto &c : r.clusters)
        d += c.errorCode.toUtf8() + c.functionName.toUtf8() + QByteArray::number(c.count) + '/' + QByteArray::number(c.failed)
             + '/' + QByteArray::number(c.oldestExecuteAt.value_or(-1)) + '/' + QByteArray::number(c.nextRetryAt.value_or(-1));
    d += QByteArray::number(r.recoverable) + ',' + QByteArray::number(r.unknown) + ',' + QByteArray::number(r.unrecoverable);
    for (qint64 v : r.retries)
        d += ';' + QByteArray::number(v);
    for (const auto &series : r.trend)
        for (qint64 v : series)
            d += ':' + QByteArray::number(v);
    return d;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"The charts, the failure groups and the overview through a remote engine: "
                                     "aggregation (serve as current Wow) against the scan fallback (serve as Wow 8.10)."_s);
    parser.addHelpOption();
    QCommandLineOption quickOpt(u"quick"_s, u"3 000 failures (CI)."_s);
    QCommandLineOption countOpt(u"count"_s, u"Failures to seed (default 100 000)."_s, u"N"_s);
    QCommandLineOption dbOpt(u"db"_s, u"Database to use (seeded when it does not exist)."_s, u"FILE"_s);
    QCommandLineOption noScanOpt(u"no-scan"_s, u"Only the aggregation passes, not the Wow 8.10 scan."_s);
    parser.addOptions({quickOpt, countOpt, dbOpt, noScanOpt});
    parser.process(app);
    const int count = parser.isSet(countOpt) ? parser.value(countOpt).toInt() : parser.isSet(quickOpt) ? 3000 : 100000;
    const qint64 now = 1767225600000; // the seeder's clock
    QTextStream out(stdout);
    QTemporaryDir dir;
    const QString db = parser.isSet(dbOpt) ? parser.value(dbOpt) : dir.filePath(u"views.db"_s);
    if (!QFileInfo::exists(db)) {
        SeedOptions so;
        so.count = count;
        so.seed = 7;
        so.now = now;
        QElapsedTimer t;
        t.start();
        if (!seedDemoDatabase(db, so)) {
            out << "seed failed\n";
            return 1;
        }
        out << "seeded " << count << " failures in " << t.elapsed() / 1000.0 << " s\n";
        out.flush();
    }
    // The engine and both servers live on their own thread (their sockets, timers and
    // continuations are there); this thread only talks HTTP to them.
    QThread serverThread;
    serverThread.start();
    QObject home;
    home.moveToThread(&serverThread);
    std::unique_ptr<BuiltinEngine> builtin;
    std::unique_ptr<WowApiServer> servers[2];
    quint16 ports[2] = {};
    QMetaObject::invokeMethod(
        &home,
        [&] {
            BuiltinEngineOptions o;
            o.path = db;
            o.clock = [now] { return now; };
            auto opened = BuiltinEngine::open(o);
            if (!opened)
                return;
            builtin = std::move(opened).value();
            for (int i = 0; i < 2; ++i) {
                WowApiServerConfig c;
                c.generation = i == 0 ? WowGeneration::Current : WowGeneration::V8_10;
                c.guard.allowExpensiveOperators = true;
                servers[i] = std::make_unique<WowApiServer>(builtin.get(), c);
                ports[i] = servers[i]->listen(QHostAddress::LocalHost, 0) ? servers[i]->port() : 0;
            }
        },
        Qt::BlockingQueuedConnection);
    // The server side is made and destroyed on its own thread, whatever the outcome.
    const auto stopServers = [&] {
        QMetaObject::invokeMethod(
            &home,
            [&] {
                servers[0].reset();
                servers[1].reset();
                builtin.reset();
            },
            Qt::BlockingQueuedConnection);
        serverThread.quit();
        serverThread.wait();
    };
    if (!ports[0] || !ports[1]) {
        out << "listen failed\n";
        stopServers();
        return 1;
    }

    qint64 failures = 0;
    const char *const views[] = {"charts", "groups", "overview"};
    // Passes: current Wow with the server's pages cold (its first reads of the file), current Wow
    // again (warm), then Wow 8.10.
    const char *const passes[] = {"current, cold", "current, warm", "Wow 8.10"};
    Figure figures[3][3];
    const int passCount = parser.isSet(noScanOpt) ? 2 : 3;
    for (int s = 0; s < passCount; ++s) {
        RemoteEngineOptions ro;
        ro.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(ports[s == 2 ? 1 : 0]));
        ro.timeoutMs = 600000;
        RemoteEngine remote(ro);
        await(remote.probe());
        failures = await(remote.countSnapshots(Condition::all()));
        for (int v = 0; v < 3; ++v) {
            Figure &f = figures[s][v];
            remote.resetTraffic();
            QElapsedTimer t;
            t.start();
            QString error;
            if (v == 0) {
                FailureStats stats(&remote);
                QObject::connect(&stats, &FailureStats::failed, [&](const QString &m) { error = m; });
                stats.compute(Condition::all(), remote.now());
                waitWhile([&] { return stats.isComputing() && error.isEmpty(); });
                f.scanned = stats.scanned();
                f.documents = stats.documentsRead();
                f.digest = digestOf(stats.result());
            } else if (v == 1) {
                FailureGroupsModel groups(&remote);
                QObject::connect(&groups, &FailureGroupsModel::failed, [&](const QString &m) { error = m; });
                groups.compute(Condition::all(), GroupBy::ErrorCode);
                waitWhile([&] { return groups.isComputing() && error.isEmpty(); });
                f.scanned = !groups.aggregated();
                f.documents = groups.documentsRead();
                f.digest = digestOf(groups.groups());
            } else {
                OverviewModel overview(&remote);
                QObject::connect(&overview, &OverviewModel::failed, [&](const QString &m) { error = m; });
                overview.refresh(OverviewRange::lastDays(30, now, QTimeZone("Asia/Shanghai")));
                waitWhile([&] { return overview.isComputing() && error.isEmpty(); });
                f.scanned = overview.scanned();
                f.documents = overview.documentsRead();
                f.digest = digestOf(overview.result());
            }
            f.ms = t.nsecsElapsed() / 1e6;
            if (!error.isEmpty()) {
                QTextStream(stderr) << views[v] << " failed against " << passes[s] << ": " << error << "\n";
                remote.cancelAll();
                stopServers();
                return 1;
            }
            const auto traffic = remote.traffic();
            f.requests = traffic.requests;
            f.bytes = traffic.bytesReceived;
        }
    }

    out << "bench_remote_views: " << failures << " failures behind serve on 127.0.0.1 (" << QThread::idealThreadCount()
        << " cores)\n";
    out << "view       server            how           requests   bytes received   documents read   wall ms\n";
    bool good = true;
    for (int v = 0; v < 3; ++v) {
        for (int s = 0; s < passCount; ++s) {
            const Figure &f = figures[s][v];
            out << QString::asprintf("%-10s %-17s %-12s %9lld %16lld %16lld %9.1f\n", views[v], passes[s],
                                     f.scanned ? "scan" : "aggregation",
                                     f.requests, f.bytes, f.documents, f.ms);
        }
        const Figure &a = figures[0][v], &b = figures[2][v];
        if (passCount < 3) {
            if (a.scanned || figures[1][v].scanned || a.digest != figures[1][v].digest) {
                out << views[v] << ": expected the same aggregation twice on current Wow\n";
                good = false;
            }
            continue;
        }
        out << QString::asprintf("%-10s aggregation (cold) against the scan: %.0fx fewer bytes, %.0fx fewer requests, %.1fx faster\n", views[v],
                                 double(b.bytes) / double(std::max<qint64>(1, a.bytes)),
                                 double(b.requests) / double(std::max<qint64>(1, a.requests)), b.ms / std::max(0.001, a.ms));
        if (a.scanned || figures[1][v].scanned || !b.scanned) {
            out << views[v] << ": expected aggregation on current Wow and the scan on 8.10\n";
            good = false;
        }
        if (a.digest != b.digest || figures[1][v].digest != b.digest) {
            out << views[v] << ": the two ways computed different numbers\n";
            good = false;
        }
    }
    stopServers();
    return good ? 0 : 1;
}
