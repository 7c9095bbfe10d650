// Remote engine benchmark: paged-state reads (the "To retry" page) and prepare commands
// through RemoteEngine -> serve on 127.0.0.1, next to the same calls on the built-in engine
// directly, and the ratio. The server runs on its own thread.
//   bench_remote --quick      2 000 aggregates, 300 calls per figure (ctest)
//   bench_remote              20 000 aggregates, 3 000 calls per figure

#include "builtin/builtin_engine.h"
#include "categories.h"
#include "builtin/demo_seeder.h"
#include "remote/remote_engine.h"
#include "wow_api_server.h"

#include "bench_await.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

using namespace wci;
using namespace Qt::StringLiterals;

namespace {

using bench::await;

// Runs `calls` calls with `inFlight` outstanding at a time; returns calls per second.
template <typename MakeCall>
double rate(int calls, int inFlight, MakeCall make)
{
    QElapsedTimer t;
    t.start();
    int started = 0, finished = 0, failed = 0;
    QList<QFuture<void>> running;
    while (finished < calls) {
        while (started < calls && started - finished < inFlight) {
            running.append(make(started));
            ++started;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
        for (qsizetype i = running.size() - 1; i >= 0; --i) {
            if (running[i].isFinished()) {
                try {
                    running[i].waitForFinished();
                } catch (...) {
                    ++failed;
                }
                running.removeAt(i);
                ++finished;
            }
        }
    }
    if (failed)
        QTextStream(stderr) << failed << " calls failed\n";
    return calls / (t.nsecsElapsed() / 1e9);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Paged-state reads and prepare commands through RemoteEngine -> serve on "
                                     "127.0.0.1 next to the built-in engine."_s);
    parser.addHelpOption();
    QCommandLineOption quickOpt(u"quick"_s, u"2 000 aggregates, 300 calls per figure (CI)."_s);
    parser.addOption(quickOpt);
    parser.process(app); // --help prints this and exits; unknown options are refused
    const bool quick = parser.isSet(quickOpt);
    const int count = quick ? 2000 : 20000;
    const int calls = quick ? 300 : 3000;
    const qint64 now = 1767225600000;
    QTextStream out(stdout);
    QTemporaryDir dir;
    SeedOptions so;
    so.count = count;
    so.seed = 4;
    so.now = now;
    if (!seedDemoDatabase(dir.filePath(u"r.db"_s), so)) {
        out << "seed failed\n";
        return 1;
    }
    BuiltinEngineOptions o;
    o.path = dir.filePath(u"r.db"_s);
    o.clock = [now] { return now; };
    auto builtin = std::move(BuiltinEngine::open(o)).value();

    // The server lives on its own thread: it is created there, so its sockets and timers are too.
    QThread serverThread;
    serverThread.start();
    QObject home;
    home.moveToThread(&serverThread);
    WowApiServer *server = nullptr;
    quint16 port = 0;
    QMetaObject::invokeMethod(
        &home,
        [&] {
            server = new WowApiServer(builtin.get(), WowApiServerConfig{});
            port = server->listen(QHostAddress::LocalHost, 0) ? server->port() : 0;
        },
        Qt::BlockingQueuedConnection);
    if (!port) {
        out << "listen failed\n";
        return 1;
    }
    RemoteEngineOptions ro;
    ro.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
    RemoteEngine remote(ro);

    PagedQuery page;
    page.condition = categoryCondition(FailureCategory::ToRetry, now);
    page.sort = {Sort{u"aggregateId"_s, SortDirection::Desc}};
    page.pagination = {1, 10};
    auto paged = [&](Engine &e) {
        return [&e, &page](int) { return e.pagedSnapshots(page, SnapshotView::State).then([](const PagedList<Document> &) {}); };
    };
    // Ids that can be prepared: half for each engine, so every prepare is a first one.
    ListQuery ids;
    ids.condition = Condition::and_({Condition::eq(u"state.status"_s, u"FAILED"_s), Condition::eq(u"state.isRetryable"_s, true)});
    ids.limit = 2 * calls;
    ids.sort = {Sort{u"aggregateId"_s, SortDirection::Asc}};
    QStringList pool;
    for (const auto &d : await(builtin->listSnapshots(ids, SnapshotView::State)))
        pool.append(d.object().value("id"_L1).toString());
    if (pool.size() < 2 * calls) {
        out << "only " << pool.size() << " failures to prepare\n";
        return 1;
    }
    auto prepare = [&](Engine &e, int offset) {
        return [&e, &pool, offset](int i) {
            return e.execute(Command{pool[offset + i], {}, PrepareCompensation{}}, CommandOptions{}).then([](const CommandResult &) {});
        };
    };
    const double pagedBuiltin = rate(calls, 4, paged(*builtin));
    const double pagedRemote = rate(calls, 4, paged(remote));
    const double prepBuiltin = rate(calls, 4, prepare(*builtin, 0));
    const double prepRemote = rate(calls, 4, prepare(remote, calls));
    out << "bench_remote: " << count << " aggregates, " << calls << " calls per figure, 4 in flight ("
        << QThread::idealThreadCount() << " cores)\n";
    out << QString::asprintf("paged state (To retry, 10 rows): built-in %7.0f calls/s   remote %7.0f calls/s   ratio %.0f%%\n",
                             pagedBuiltin, pagedRemote, 100 * pagedRemote / pagedBuiltin);
    out << QString::asprintf("prepare command:                 built-in %7.0f calls/s   remote %7.0f calls/s   ratio %.0f%%\n",
                             prepBuiltin, prepRemote, 100 * prepRemote / prepBuiltin);
    QMetaObject::invokeMethod(&home, [&] { delete server; }, Qt::BlockingQueuedConnection);
    serverThread.quit();
    serverThread.wait();
    return 0;
}
