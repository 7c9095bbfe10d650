// Crash safety: a child process applies commands in a loop and is killed with SIGKILL.
// After reopening, every command it acknowledged is present, no stream version is missing
// or doubled, and every snapshot equals the state replayed from its events.

#include "builtin/builtin_engine.h"
#include "engine_harness.h"
#include "builtin/sqlite_db.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "test_printers.h"

#include <csignal>
#include <random>
#include <unistd.h>

using namespace wci;
using namespace wci::test;
using namespace Qt::StringLiterals;

namespace {

CreateExecutionFailed createBody(int i)
{
    CreateExecutionFailed c;
    c.eventId = {u"ev%1"_s.arg(i), {u"order-service"_s, u"order"_s, u"o%1"_s.arg(i), u"(0)"_s}, 1};
    c.function = {FunctionKind::Event, u"order-service"_s, u"OrderSaga"_s, u"onOrderCreated"_s};
    c.error = {u"IllegalState"_s, u"boom"_s, u"java.lang.IllegalStateException: boom"_s, {}};
    c.executeAt = 1767225600000;
    c.retrySpec = RetrySpec{1000, 0, 0};
    return c;
}

// The child: commands forever; after each acknowledged one, one line in the ack file.
int runChild(const QString &db, const QString &ackPath, int seed)
{
    BuiltinEngineOptions o;
    o.path = db;
    auto opened = BuiltinEngine::open(o);
    if (!opened)
        return 3;
    BuiltinEngine &engine = *opened.value();
    QFile ack(ackPath);
    if (!ack.open(QIODevice::Append | QIODevice::Unbuffered))
        return 4;
    std::mt19937 rng(seed);
    QStringList ids;
    for (int i = 0;; ++i) {
        Command cmd;
        if (ids.size() < 20 || rng() % 4 == 0) {
            cmd.body = createBody(i);
        } else {
            cmd.aggregateId = ids[int(rng() % ids.size())];
            switch (rng() % 3) {
            case 0: cmd.body = ForcePrepareCompensation{}; break;
            case 1: cmd.body = ApplyRetrySpec{1000 + int(rng() % 50), 0, 0}; break;
            default: cmd.body = MarkRecoverable{rng() % 2 ? RecoverableType::Recoverable : RecoverableType::Unrecoverable}; break;
            }
        }
        try {
            const CommandResult r = engine.executeNow(cmd, CommandOptions{});
            if (cmd.type() == CommandType::CreateExecutionFailed)
                ids.append(r.aggregateId);
            const QByteArray line = r.aggregateId.toUtf8() + ' ' + QByteArray::number(*r.aggregateVersion) + ' '
                + r.commandId.toUtf8() + '\n';
            if (ack.write(line) != line.size())
                return 5;
        } catch (const EngineError &) {
            // refused by the rules (same recoverable twice, ...): not acknowledged
        }
    }
}

} // namespace

class TestCrash : public QObject {
    Q_OBJECT

private slots:
    void killedWriterLosesNothingAcknowledged_data()
    {
        QTest::addColumn<int>("round");
        for (int i = 0; i < 3; ++i)
            QTest::newRow(qPrintable(u"round %1"_s.arg(i))) << i;
    }

    void killedWriterLosesNothingAcknowledged()
    {
        QFETCH(int, round);
        QTemporaryDir dir;
        const QString db = dir.filePath(u"crash.db"_s);
        const QString ack = dir.filePath(u"ack.txt"_s);
        // Two rounds of kill on the same file, so the second child starts from a crashed one.
        for (int kill = 0; kill < 2; ++kill) {
            QProcess child;
            child.setProgram(QCoreApplication::applicationFilePath());
            child.setArguments({u"--crash-child"_s, db, ack, QString::number(round * 10 + kill)});
            child.start();
            QVERIFY(child.waitForStarted(5000));
            // Let it write for a while, until some commands are acknowledged.
            QDeadlineTimer deadline(15000);
            while (!deadline.hasExpired() && QFileInfo(ack).size() < (kill + 1) * 20000)
                QTest::qWait(20);
            QTest::qWait(50 + round * 37);
            ::kill(pid_t(child.processId()), SIGKILL);
            QVERIFY(child.waitForFinished(5000));
            QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        }

        BuiltinEngineOptions o;
        o.path = db;
        auto opened = BuiltinEngine::open(o);
        QVERIFY(opened.ok());
        BuiltinEngine &engine = *opened.value();

        QFile f(ack);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        int acknowledged = 0;
        sqlite::Connection c(db, false);
        for (const auto &line : lines) {
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() != 3)
                continue; // the last line may be cut by the kill
            ++acknowledged;
            auto &st = c.prepare(u"SELECT command_id FROM event_stream WHERE aggregate_id = ? AND version = ?"_s);
            st.bind(1, QString::fromUtf8(parts[0])).bind(2, parts[1].toLongLong());
            QVERIFY2(st.step(), line.constData());
            QCOMPARE(st.text(0), QString::fromUtf8(parts[2]));
        }
        QVERIFY2(acknowledged > 100, qPrintable(QString::number(acknowledged)));

        // Versions are 1..n without gaps or doubles, and each snapshot equals the replay.
        auto &agg = c.prepare(u"SELECT aggregate_id, COUNT(*), MIN(version), MAX(version), COUNT(DISTINCT version) FROM event_stream GROUP BY aggregate_id"_s);
        QStringList ids;
        while (agg.step()) {
            QCOMPARE(agg.int64(2), 1);
            QCOMPARE(agg.int64(3), agg.int64(1));
            QCOMPARE(agg.int64(4), agg.int64(1));
            ids.append(agg.text(0));
        }
        QVERIFY(!ids.isEmpty());
        for (const auto &id : ids) {
            auto stored = outcome(engine.getSnapshot(id));
            QVERIFY(std::holds_alternative<Document>(stored));
            Snapshot before = std::get<Document>(stored).as<Snapshot>().value();
            const auto traced = outcome(engine.tracing(id, TracingRange{}));
            QVERIFY(std::holds_alternative<QList<StateEvent>>(traced));
            const StateEvent &last = std::get<QList<StateEvent>>(traced).last();
            QCOMPARE(last.version, before.version);
            QCOMPARE(last.state, before.state);
            QCOMPARE(last.deleted, before.deleted);
        }
        QCOMPARE(outcome(engine.countSnapshots(Condition::deleted(DeletionState::All))).index(), size_t(0));
        QCOMPARE(std::get<qint64>(outcome(engine.countSnapshots(Condition::deleted(DeletionState::All)))), qint64(ids.size()));
    }
};

int main(int argc, char *argv[])
{
    if (argc == 5 && QByteArray(argv[1]) == "--crash-child") {
        QCoreApplication app(argc, argv);
        return runChild(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]), std::atoi(argv[4]));
    }
    QCoreApplication app(argc, argv);
    TestCrash t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_crash.moc"
