// wow-inspector: command line entry point. Subcommands are listed only once they work.

#include "demo_seeder.h"
#include "global_id.h"

#include <QElapsedTimer>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {

const char *const kUsage = R"(Usage: wow-inspector <command> [options]

Inspector for Wow's compensation service (execution_failed aggregates).

Commands:
  seed --db FILE [--count N] [--seed S] [--now MS]
                    Create (or add to) a built-in database with N realistic demo failures
                    (default 1000); the same seed and --now give the same data.
  id [--count N]    Print N new global ids (default 1), as Wow's /wow/id/global does.
  help              Show this help.

Options:
  -h, --help        Show this help.
  -v, --version     Show the version.
)";

int runId(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Print new global ids."_s);
    parser.addHelpOption();
    QCommandLineOption count(u"count"_s, u"How many ids to print."_s, u"N"_s, u"1"_s);
    parser.addOption(count);
    if (!parser.parse(args)) {
        QTextStream(stderr) << parser.errorText() << '\n';
        return 2;
    }
    if (parser.isSet(u"help"_s)) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    bool ok = false;
    const int n = parser.value(count).toInt(&ok);
    if (!ok || n < 1 || n > 1000000) {
        QTextStream(stderr) << "id: --count must be a whole number between 1 and 1000000\n";
        return 2;
    }
    QTextStream out(stdout);
    for (int i = 0; i < n; ++i)
        out << wci::GlobalIdGenerator::instance().next() << '\n';
    return 0;
}

int runSeed(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Create a built-in database with demo failures."_s);
    parser.addHelpOption();
    QCommandLineOption db(u"db"_s, u"Database file to create or extend."_s, u"FILE"_s);
    QCommandLineOption count(u"count"_s, u"Number of failures."_s, u"N"_s, u"1000"_s);
    QCommandLineOption seed(u"seed"_s, u"Random seed."_s, u"S"_s, u"1"_s);
    QCommandLineOption now(u"now"_s, u"Epoch ms the histories lead up to (default: now)."_s, u"MS"_s, u"0"_s);
    parser.addOptions({db, count, seed, now});
    if (!parser.parse(args)) {
        QTextStream(stderr) << "seed: " << parser.errorText() << '\n';
        return 2;
    }
    if (parser.isSet(u"help"_s)) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (!parser.isSet(db)) {
        QTextStream(stderr) << "seed: --db FILE is required\n";
        return 2;
    }
    bool okCount = false, okSeed = false, okNow = false;
    wci::SeedOptions o;
    o.count = parser.value(count).toInt(&okCount);
    o.seed = parser.value(seed).toULongLong(&okSeed);
    o.now = parser.value(now).toLongLong(&okNow);
    if (!okCount || o.count < 0 || o.count > 100000000 || !okSeed || !okNow || o.now < 0) {
        QTextStream(stderr) << "seed: --count, --seed and --now must be non-negative whole numbers\n";
        return 2;
    }
    QTextStream err(stderr);
    QElapsedTimer timer;
    timer.start();
    o.progress = [&](int done, int total) {
        err << "\rseed: " << done << " / " << total << Qt::flush;
        return true;
    };
    const auto report = wci::seedDemoDatabase(parser.value(db), o);
    err << '\n';
    if (!report) {
        err << "seed: " << report.error().message << '\n';
        return 1;
    }
    err << "seed: " << report->aggregates << " failures, " << report->commands << " commands ("
        << report->rejected << " refused by the domain rules) in " << timer.elapsed() << " ms\n";
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"wow-inspector"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(WCI_VERSION));
    const QStringList args = app.arguments();
    const QString command = args.size() > 1 ? args.at(1) : QString();

    if (command.isEmpty() || command == u"help"_s || command == u"-h"_s || command == u"--help"_s) {
        QTextStream(stdout) << kUsage;
        return command.isEmpty() ? 2 : 0;
    }
    if (command == u"-v"_s || command == u"--version"_s) {
        QTextStream(stdout) << "wow-inspector " << QCoreApplication::applicationVersion() << '\n';
        return 0;
    }
    if (command == u"id"_s)
        return runId(args.mid(1));
    if (command == u"seed"_s)
        return runSeed(args.mid(1));

    QTextStream(stderr) << "wow-inspector: unknown command '" << command << "'\n\n" << kUsage;
    return 2;
}
