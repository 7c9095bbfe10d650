// The command line as a person types it: the program is started as a process (no display),
// its exit code, output and files checked.

#include "test_fixtures.h"
#include "test_wait.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace wci;
using namespace wci::testing;
using namespace Qt::StringLiterals;

namespace {

struct Run {
    int exitCode = -1;
    QString out, err;
};

// Runs `program` with `args` and without a display; at most 60 s.
Run run(const QString &program, const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"DISPLAY"_s);
    env.remove(u"WAYLAND_DISPLAY"_s);
    env.remove(u"QT_QPA_PLATFORM"_s);
    p.setProcessEnvironment(env);
    p.start(program, args);
    Run r;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        r.err = u"(did not finish in 60 s)"_s;
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err += QString::fromUtf8(p.readAllStandardError());
    return r;
}

const QString kApp = QStringLiteral(WCI_APP);

} // namespace

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString db;
    QString someId;

private slots:
    void initTestCase()
    {
        db = dir.filePath(u"cli.db"_s);
        QVERIFY(seedDatabase(db, 30, 3).ok());
        auto engine = openBuiltin(db);
        ListQuery q;
        q.limit = 1;
        const auto docs = await(engine->listSnapshots(q, SnapshotView::Document));
        QCOMPARE(docs.size(), 1);
        someId = docs.first().as<Snapshot>()->aggregateId;
    }

    void exportOfUnknownIdsFailsUnlessAllowed()
    {
        const QString out = dir.filePath(u"bundle.ndjson"_s);
        Run r = run(kApp, {u"export"_s, u"--engine"_s, db, u"--ids"_s, someId + u",NO-SUCH-ID"_s, u"--what"_s, u"bundle"_s,
                           u"--format"_s, u"ndjson"_s, u"--out"_s, out});
        QVERIFY2(r.exitCode == 1, qPrintable(r.err));
        QVERIFY2(r.err.contains(u"NO-SUCH-ID"_s), qPrintable(r.err));
        QVERIFY(!QFile::exists(out)); // nothing written, not an empty evidence file
        r = run(kApp, {u"export"_s, u"--engine"_s, db, u"--ids"_s, u"NO-SUCH-ID"_s, u"--what"_s, u"bundle"_s,
                       u"--format"_s, u"ndjson"_s, u"--out"_s, out, u"--allow-missing"_s});
        QCOMPARE(r.exitCode, 1); // nothing left to export
        QVERIFY(!QFile::exists(out));
        r = run(kApp, {u"export"_s, u"--engine"_s, db, u"--ids"_s, someId + u",NO-SUCH-ID"_s, u"--what"_s, u"bundle"_s,
                       u"--format"_s, u"ndjson"_s, u"--out"_s, out, u"--allow-missing"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.err.contains(u"NO-SUCH-ID"_s)); // still said
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        QVERIFY(lines.first().contains(someId.toUtf8()));
    }

    void guiHelpNeedsNoDisplay()
    {
        for (const QStringList &args : {QStringList{u"gui"_s, u"--help"_s}, QStringList{u"--db"_s, db, u"-h"_s}}) {
            const Run r = run(kApp, args);
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            QVERIFY2(r.out.startsWith(u"Usage: wow-inspector [options]"_s), qPrintable(r.out));
            QVERIFY(r.out.contains(u"--connect"_s));
            QVERIFY(!r.err.contains(u"display"_s, Qt::CaseInsensitive));
        }
    }

    // --lang names a language with a translation; anything else is refused before a window opens.
    void unknownLanguageIsRefusedWithoutADisplay()
    {
        const Run r = run(kApp, {u"--db"_s, db, u"--lang"_s, u"fr"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(u"--lang must be one of en, zh_CN or system"_s), qPrintable(r.err));
        QVERIFY(!r.err.contains(u"display"_s, Qt::CaseInsensitive));
        const Run help = run(kApp, {u"--help"_s});
        QVERIFY(help.out.contains(u"--lang"_s));
    }

    // `open ID` and wow-inspector:// links: the help needs no display; a missing id or a
    // malformed link is refused with a reason before any window opens.
    void openByIdFromOutside()
    {
        Run r = run(kApp, {u"open"_s, u"--help"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.startsWith(u"Usage: wow-inspector open [options] ID"_s), qPrintable(r.out));
        r = run(kApp, {u"open"_s, u"--db"_s, db});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(u"give one id"_s));
        r = run(kApp, {u"wow-inspector://failure/x"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(u"wow-inspector://open/<id>"_s), qPrintable(r.err));
        r = run(kApp, {u"wow-inspector://open/ID1?db=a.db&connect=http://x"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(u"both"_s), qPrintable(r.err));
    }

    void subcommandHelpNamesTheProgram()
    {
        for (const QString &command : {u"export"_s, u"import"_s, u"serve"_s, u"seed"_s, u"id"_s}) {
            const Run r = run(kApp, {command, u"--help"_s});
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.startsWith(u"Usage: wow-inspector %1 [options]"_s.arg(command)), qPrintable(r.out));
            QVERIFY(!r.out.contains(kApp)); // not the binary's path
        }
    }

    void benchmarksAnswerHelp()
    {
        for (const QString &bench : QString::fromUtf8(WCI_BENCHES).split(u'|')) {
            const Run r = run(bench, {u"--help"_s});
            QVERIFY2(r.exitCode == 0, qPrintable(bench + u": "_s + r.err));
            QVERIFY2(r.out.startsWith(u"Usage: "_s) && r.out.contains(u"--quick"_s), qPrintable(bench + u": "_s + r.out));
        }
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
