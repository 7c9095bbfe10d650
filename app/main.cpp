// wow-inspector: command line entry point. Subcommands are listed only once they work.

#include "builtin_engine.h"
#include "compensation_scheduler.h"
#include "demo_seeder.h"
#include "global_id.h"
#include "audit_log.h"
#include "main_window.h"
#include "wow_api_server.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSettings>
#include <QSocketNotifier>
#include <QStandardPaths>
#include <QTextStream>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

const char *const kUsage = R"(Usage: wow-inspector [--db FILE | --connect URL-or-profile] [--read-only]
       wow-inspector <command> [options]

Inspector for Wow's compensation service (execution_failed aggregates).

Without a command it opens the inspector window: on the built-in database FILE (created when
missing), on a remote Wow server (a URL or the name of a saved connection profile), or else on
the last database opened (the demo database, created with demo failures, the first time).

Commands:
  gui [options]     The window, as above.
  serve [--db FILE] [--host ADDR] [--port N] [--token T] [--scheduler] [--web-root DIR]
                    Serve the built-in engine with Wow's REST API (loopback by default;
                    --port 0 picks a free port and prints it).
  seed --db FILE [--count N] [--seed S] [--now MS]
                    Create (or add to) a built-in database with N realistic demo failures
                    (default 1000); the same seed and --now give the same data.
  id [--count N]    Print N new global ids (default 1), as Wow's /wow/id/global does.
  help              Show this help.

Options:
  -h, --help        Show this help.
  -v, --version     Show the version.
)";

// Parses a subcommand's options; an exit code when it should stop here (bad options: 2,
// --help: 0), nothing when it should go on.
std::optional<int> parseOptions(QCommandLineParser &parser, const QStringList &args, const char *command)
{
    if (!parser.parse(args)) {
        QTextStream(stderr) << command << ": " << parser.errorText() << '\n';
        return 2;
    }
    if (parser.isSet(u"help"_s)) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    return std::nullopt;
}

int runId(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Print new global ids."_s);
    parser.addHelpOption();
    QCommandLineOption count(u"count"_s, u"How many ids to print."_s, u"N"_s, u"1"_s);
    parser.addOption(count);
    if (const auto exit = parseOptions(parser, args, "id"))
        return *exit;
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

// The database used when none is given: a demo database in the user's data directory,
// created (with demo failures) the first time.
QString defaultDatabase(QTextStream &err)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const QString path = QDir(dir).filePath(u"demo.db"_s);
    if (!QFileInfo::exists(path)) {
        err << "No database given: creating a demo database at " << QDir::toNativeSeparators(path) << '\n' << Qt::flush;
        wci::SeedOptions o;
        o.count = 5000;
        const auto r = wci::seedDemoDatabase(path, o);
        if (!r)
            err << "Could not create the demo database: " << r.error().message << '\n';
    }
    return path;
}

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &c, 1);
}

int runServe(QCoreApplication &app, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Serve the built-in engine with Wow's REST API."_s);
    parser.addHelpOption();
    QCommandLineOption db(u"db"_s, u"Database file (default: the demo database)."_s, u"FILE"_s);
    QCommandLineOption host(u"host"_s, u"Address to bind (default 127.0.0.1)."_s, u"ADDR"_s, u"127.0.0.1"_s);
    QCommandLineOption port(u"port"_s, u"Port (0 = pick a free one)."_s, u"N"_s, u"8080"_s);
    QCommandLineOption token(u"token"_s, u"Require 'Authorization: Bearer T'."_s, u"T"_s);
    QCommandLineOption scheduler(u"scheduler"_s, u"Run Wow's compensation scheduler."_s);
    QCommandLineOption period(u"scheduler-period"_s, u"Scheduler period in seconds (default 60)."_s, u"S"_s, u"60"_s);
    QCommandLineOption webRoot(u"web-root"_s, u"Serve static files (e.g. Wow's dashboard) from DIR."_s, u"DIR"_s);
    QCommandLineOption maxBody(u"max-body"_s, u"Largest request body in bytes (default 8 MiB)."_s, u"BYTES"_s, u"8388608"_s);
    QCommandLineOption noGuard(u"no-query-guard"_s, u"Turn off Wow's HTTP query limits."_s);
    parser.addOptions({db, host, port, token, scheduler, period, webRoot, maxBody, noGuard});
    QTextStream err(stderr);
    if (const auto exit = parseOptions(parser, args, "serve"))
        return *exit;
    bool okPort = false, okBody = false, okPeriod = false;
    const uint portNumber = parser.value(port).toUInt(&okPort);
    const qint64 bodyLimit = parser.value(maxBody).toLongLong(&okBody);
    const int periodS = parser.value(period).toInt(&okPeriod);
    const QHostAddress address(parser.value(host));
    if (!okPort || portNumber > 65535 || !okBody || bodyLimit < 1 || !okPeriod || periodS < 1 || address.isNull()) {
        err << "serve: --host must be an IP address, --port 0..65535, --max-body and --scheduler-period positive\n";
        return 2;
    }
    wci::BuiltinEngineOptions eo;
    eo.path = parser.isSet(db) ? parser.value(db) : defaultDatabase(err);
    auto opened = wci::BuiltinEngine::open(eo);
    if (!opened) {
        err << "serve: " << opened.error().message << '\n';
        return 1;
    }
    std::unique_ptr<wci::BuiltinEngine> engine = std::move(opened).value();
    wci::WowApiServerConfig config;
    config.http.maxBodyBytes = bodyLimit;
    config.token = parser.value(token);
    config.webRoot = parser.value(webRoot);
    config.guard.enabled = !parser.isSet(noGuard);
    wci::WowApiServer server(engine.get(), config);
    if (!server.listen(address, quint16(portNumber))) {
        err << "serve: cannot listen on " << address.toString() << ':' << portNumber << ": " << server.errorString() << '\n';
        return 1;
    }
    wci::CompensationScheduler compensation(engine.get());
    compensation.setPeriod(periodS * 1000);
    if (parser.isSet(scheduler))
        compensation.start();

    // SIGINT / SIGTERM end the event loop; the engine then finishes what it started.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, [&] {
            char c;
            [[maybe_unused]] const auto n = ::read(g_signalPipe[0], &c, 1);
            QCoreApplication::quit();
        });
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }
    const QString hostText = address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + address.toString() + u']' : address.toString();
    QTextStream out(stdout);
    out << "Serving compensation-service at http://" << hostText << ':' << server.port() << "/ (" << engine->describe()
        << (config.token.isEmpty() ? QString() : u", bearer token required"_s)
        << (compensation.isRunning() ? u", scheduler on"_s : QString()) << ")\n" << Qt::flush;
    const int rc = app.exec();
    compensation.stop();
    server.close();
    engine.reset(); // waits for running commands
    err << "serve: stopped\n";
    return rc;
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
    if (const auto exit = parseOptions(parser, args, "seed"))
        return *exit;
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

int runGui(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"wow-inspector"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(WCI_VERSION));
    QApplication::setApplicationDisplayName(u"Wow Compensation Inspector"_s);
    QStringList args = app.arguments();
    if (args.size() > 1 && args.at(1) == u"gui"_s)
        args.removeAt(1);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Open the inspector window."_s);
    parser.addHelpOption();
    QCommandLineOption db(u"db"_s, u"Open this built-in database (created when missing)."_s, u"FILE"_s);
    QCommandLineOption connect(u"connect"_s, u"Connect to a Wow server: a URL or a saved profile's name."_s, u"URL"_s);
    QCommandLineOption readOnly(u"read-only"_s, u"Open read-only: look, never act."_s);
    parser.addOptions({db, connect, readOnly});
    if (const auto exit = parseOptions(parser, args, "wow-inspector"))
        return *exit;
    if (parser.isSet(db) && parser.isSet(connect)) {
        QTextStream(stderr) << "wow-inspector: give --db or --connect, not both\n";
        return 2;
    }
    if (!parser.positionalArguments().isEmpty()) {
        QTextStream(stderr) << "wow-inspector: unknown command '" << parser.positionalArguments().first() << "'\n\n"
                            << kUsage;
        return 2;
    }

    QSettings settings(QSettings::NativeFormat, QSettings::UserScope, u"wow-inspector"_s, u"wow-inspector"_s);
    wci::KeychainSecretStore secrets;
    QTextStream err(stderr);
    // Every action is recorded in the audit log next to the demo database.
    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    auto audit = wci::AuditLog::open(QDir(dataDir).filePath(u"audit.db"_s));
    if (!audit)
        err << "The audit log cannot be opened, so actions will not be recorded: " << audit.error().message << '\n';
    wci::MainWindow window(&settings, &secrets, audit ? audit.value().get() : nullptr);
    if (parser.isSet(db)) {
        window.openDatabase(parser.value(db), parser.isSet(readOnly), true);
    } else if (parser.isSet(connect)) {
        window.connectTo(parser.value(connect), parser.isSet(readOnly));
    } else {
        const QString last = settings.value(u"connection/last"_s).toString();
        if (last.startsWith(u"db:"_s) && QFileInfo::exists(last.mid(3)))
            window.openDatabase(last.mid(3), parser.isSet(readOnly));
        else if (last.startsWith(u"profile:"_s))
            window.connectTo(last.mid(8), parser.isSet(readOnly));
        else
            window.openDatabase(defaultDatabase(err), parser.isSet(readOnly), true);
    }
    window.show();
    return app.exec();
}

int main(int argc, char *argv[])
{
    // The window unless the first argument is a command-line command.
    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    static const QStringList commands = {u"serve"_s, u"seed"_s, u"id"_s, u"help"_s, u"-h"_s, u"--help"_s, u"-v"_s, u"--version"_s};
    if (!commands.contains(first))
        return runGui(argc, argv);

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"wow-inspector"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(WCI_VERSION));
    const QStringList args = app.arguments();
    const QString command = args.size() > 1 ? args.at(1) : QString();

    if (command == u"help"_s || command == u"-h"_s || command == u"--help"_s) {
        QTextStream(stdout) << kUsage;
        return 0;
    }
    if (command == u"-v"_s || command == u"--version"_s) {
        QTextStream(stdout) << "wow-inspector " << QCoreApplication::applicationVersion() << '\n';
        return 0;
    }
    if (command == u"id"_s)
        return runId(args.mid(1));
    if (command == u"seed"_s)
        return runSeed(args.mid(1));
    if (command == u"serve"_s)
        return runServe(app, args.mid(1));

    QTextStream(stderr) << "wow-inspector: unknown command '" << command << "'\n\n" << kUsage;
    return 2;
}
