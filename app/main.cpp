// wow-inspector: command line entry point. Subcommands are listed only once they work.

#include "compensation_scheduler.h"
#include "engine_factory.h"
#include "builtin/builtin_engine.h"
#include "builtin/demo_seeder.h"
#include "global_id.h"
#include "audit_log.h"
#include "app_settings.h"
#include "language.h"
#include "launch_link.h"
#include "main_window.h"
#include "exporter.h"
#include "importer.h"
#include "wow_api_server.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QIcon>
#include <QJsonArray>
#include <QFileInfo>
#include <QSaveFile>
#include <QTimer>
#include <QSettings>
#include <QSocketNotifier>
#include <QStandardPaths>
#include <QTextStream>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

const char *const kUsage = R"(Usage: wow-inspector [--db FILE | --connect URL-or-profile] [--read-only] [--lang LANG]
       wow-inspector <command> [options]

Inspector for Wow's compensation service (execution_failed aggregates).

Without a command it opens the inspector window: on the built-in database FILE (created when
missing), on a remote Wow server (a URL or the name of a saved connection profile), or else on
the last database opened (the demo database, created with demo failures, the first time).
--lang en|zh_CN|system picks the window's language (default: View › Language, else the system's).

Commands:
  gui [options]     The window, as above.
  open ID [--db FILE | --connect URL-or-profile] [--read-only]
                    The window on the failure ID names (execution id, failed event id or
                    source aggregate id), in whatever category holds it. A link
                    wow-inspector://open/ID?db=FILE (or ?connect=URL) does the same.
  serve [--db FILE] [--host ADDR] [--port N] [--token T] [--scheduler] [--web-root DIR]
        [--wow-version 9.3|8.10]
                    Serve the built-in engine with Wow's REST API (loopback by default;
                    --port 0 picks a free port and prints it); as Wow 9.3 (filter bodies,
                    9.x operators) unless --wow-version 8.10.
  seed --db FILE [--count N] [--seed S] [--now MS]
                    Create (or add to) a built-in database with N realistic demo failures
                    (default 1000); the same seed and --now give the same data.
  id [--count N]    Print N new global ids (default 1), as Wow's /wow/id/global does.
  export --engine FILE|URL [--profile NAME] [--category C | --condition JSON | --ids ID,...]
         --what streams|snapshots|states|list|bundle --format json|ndjson|csv --out FILE
                    Export event streams (byte for byte), snapshots, states, the failure
                    list (CSV) or evidence bundles; progress on stderr. Without a choice of
                    failures: everything (streams of deleted failures too).
  import --db FILE INPUT...
                    Import event streams (JSON array or NDJSON, from an export of this tool or
                    of a Wow server) into a built-in database, rebuilding snapshots.
  help              Show this help.

Options:
  -h, --help        Show this help.
  -v, --version     Show the version.
)";

// A command's help, its usage line naming the program and the command
// ("Usage: wow-inspector export [options]"), not the binary's path.
QString helpText(const QCommandLineParser &parser, const char *command)
{
    QString text = parser.helpText();
    const QString program = QCoreApplication::arguments().value(0);
    const QString name = qstrcmp(command, "wow-inspector") == 0 ? u"wow-inspector"_s
                                                                 : u"wow-inspector "_s + QString::fromLatin1(command);
    const qsizetype at = text.indexOf(program);
    if (!program.isEmpty() && at >= 0 && at < text.indexOf(u'\n'))
        text.replace(at, program.size(), name);
    return text;
}

// Waits for a future while the event loop runs (a remote engine answers on this thread).
template <typename T>
T waitResult(QFuture<T> f)
{
    if (!f.isFinished()) {
        QEventLoop loop;
        QFutureWatcher<T> watcher;
        QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
        watcher.setFuture(f);
        if (!f.isFinished())
            loop.exec();
    }
    return f.result();
}

// The ids that name no failure in the engine: no first event stream (streams carry no deleted
// guard, so deleted failures count as present). Asked 500 ids at a time (a Wow server lists
// at most 1 000 documents).
QStringList missingIds(wci::Engine &engine, const QStringList &ids)
{
    QSet<QString> found;
    for (qsizetype from = 0; from < ids.size(); from += 500) {
        const QStringList part = ids.mid(from, 500);
        wci::ListQuery q;
        q.condition = wci::Condition::and_({wci::Condition::in(u"aggregateId"_s, QJsonArray::fromStringList(part)),
                                            wci::Condition::eq(u"version"_s, 1)});
        q.limit = int(part.size());
        q.projection.include = {u"aggregateId"_s};
        for (const auto &d : waitResult(engine.listEventStreams(q)))
            found.insert(d.object().value("aggregateId"_L1).toString());
    }
    QStringList missing;
    for (const auto &id : ids) {
        if (!found.contains(id))
            missing.append(id);
    }
    return missing;
}

// Parses a subcommand's options; an exit code when it should stop here (bad options: 2,
// --help: 0), nothing when it should go on.
std::optional<int> parseOptions(QCommandLineParser &parser, const QStringList &args, const char *command)
{
    if (!parser.parse(args)) {
        QTextStream(stderr) << command << ": " << parser.errorText() << '\n';
        return 2;
    }
    if (parser.isSet(u"help"_s)) {
        QTextStream(stdout) << helpText(parser, command);
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
constexpr int kDemoFailures = 5000;

QString demoDatabasePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(u"demo.db"_s);
}

QString defaultDatabase(QTextStream &err)
{
    const QString path = demoDatabasePath();
    if (!QFileInfo::exists(path)) {
        err << "No database given: creating a demo database at " << QDir::toNativeSeparators(path) << '\n' << Qt::flush;
        wci::SeedOptions o;
        o.count = kDemoFailures;
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
    QCommandLineOption wowVersion(u"wow-version"_s,
                                  u"Answer as Wow 9.3 (default: filter bodies, 9.x operators) or as Wow 8.10 (its API exactly)."_s,
                                  u"9.3|8.10"_s, u"9.3"_s);
    parser.addOptions({db, host, port, token, scheduler, period, webRoot, maxBody, noGuard, wowVersion});
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
    const QString generation = parser.value(wowVersion).trimmed();
    const bool wow810 = generation == u"8.10"_s || generation == u"8.10.10"_s;
    if (!wow810 && generation != u"9.3"_s && generation != u"9"_s) {
        err << "serve: --wow-version must be 9.3 or 8.10\n";
        return 2;
    }
    auto opened = wci::openBuiltinConnection(parser.isSet(db) ? parser.value(db) : defaultDatabase(err));
    if (!opened) {
        err << "serve: " << opened.error().message << '\n';
        return 1;
    }
    std::unique_ptr<wci::Engine> engine = std::move(opened.value().engine);
    wci::WowApiServerConfig config;
    config.http.maxBodyBytes = bodyLimit;
    config.token = parser.value(token);
    config.webRoot = parser.value(webRoot);
    config.guard.enabled = !parser.isSet(noGuard);
    config.generation = wow810 ? wci::WowGeneration::V8_10 : wci::WowGeneration::Current;
    if (!wow810) { // Wow 9.x's guard defaults
        config.guard.maxConditionNodes = 128;
        config.guard.allowExpensiveOperators = true;
    }
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
    out << "Serving compensation-service at http://" << hostText << ':' << server.port() << "/ (Wow "
        << (wow810 ? "8.10" : "9.3") << " API, " << engine->describe()
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
    wci::BuiltinEngine::keepFreedMemoryForBulkWrites();
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

int runExport(QCoreApplication &app, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Export evidence from a built-in database or a Wow server."_s);
    parser.addHelpOption();
    QCommandLineOption engine(u"engine"_s, u"A built-in database file or a server URL."_s, u"FILE|URL"_s);
    QCommandLineOption profile(u"profile"_s, u"A saved connection profile (instead of --engine)."_s, u"NAME"_s);
    QCommandLineOption token(u"token"_s, u"Bearer token for a server URL."_s, u"T"_s);
    QCommandLineOption category(u"category"_s, u"to-retry, executing, next-retry, non-retryable, succeeded, unrecoverable, all, deleted."_s, u"C"_s);
    QCommandLineOption condition(u"condition"_s, u"A Wow condition as JSON."_s, u"JSON"_s);
    QCommandLineOption ids(u"ids"_s, u"Execution ids, comma-separated."_s, u"ID,..."_s);
    QCommandLineOption what(u"what"_s, u"streams, snapshots, states, list or bundle."_s, u"WHAT"_s, u"streams"_s);
    QCommandLineOption format(u"format"_s, u"json, ndjson or csv."_s, u"FORMAT"_s, u"ndjson"_s);
    QCommandLineOption out(u"out"_s, u"Output file (written completely or not at all)."_s, u"FILE"_s);
    QCommandLineOption stack(u"stack-trace"_s, u"With --what list: include the stack trace column."_s);
    QCommandLineOption allowMissing(u"allow-missing"_s, u"With --ids: export the ids that exist, and only warn about the others."_s);
    QCommandLineOption localClock(u"local-clock"_s, u"With a Wow 8.10 server: BEFORE_NOW / AFTER_NOW in --condition use this computer's clock (corrected by the server's) instead of being refused."_s);
    parser.addOptions({engine, profile, token, category, condition, ids, what, format, out, stack, allowMissing, localClock});
    if (const auto exit = parseOptions(parser, args, "export"))
        return *exit;
    QTextStream err(stderr);
    const auto usage = [&](const QString &message) {
        err << "export: " << message << '\n';
        return 2;
    };
    if (parser.isSet(engine) == parser.isSet(profile))
        return usage(u"give --engine FILE|URL or --profile NAME"_s);
    if (int(parser.isSet(category)) + int(parser.isSet(condition)) + int(parser.isSet(ids)) > 1)
        return usage(u"give at most one of --category, --condition and --ids"_s);
    if (!parser.isSet(out))
        return usage(u"--out FILE is required"_s);
    wci::ExportSpec spec;
    const auto w = wci::ExportSpec::parseWhat(parser.value(what));
    const auto f = wci::ExportSpec::parseFormat(parser.value(format));
    if (!w)
        return usage(u"--what must be streams, snapshots, states, list or bundle"_s);
    if (!f)
        return usage(u"--format must be json, ndjson or csv"_s);
    spec.what = *w;
    spec.format = *f;
    spec.stackTrace = parser.isSet(stack);
    if (parser.isSet(category)) {
        const auto c = wci::categoryByRoute(parser.value(category));
        if (!c)
            return usage(u"unknown category '%1'"_s.arg(parser.value(category)));
        spec.condition = wci::categoryCondition(*c, QDateTime::currentMSecsSinceEpoch());
    } else if (parser.isSet(condition)) {
        auto c = wci::Condition::fromJsonBytes(parser.value(condition).toUtf8());
        if (!c)
            return usage(u"--condition: "_s + c.error().message);
        if (auto e = c->validate())
            return usage(u"--condition: "_s + e->message);
        spec.condition = *c;
    } else if (parser.isSet(ids)) {
        spec.ids = parser.value(ids).split(u',', Qt::SkipEmptyParts);
        for (auto &id : spec.ids)
            id = id.trimmed();
    } else {
        // Nothing chosen: everything (for streams, deleted aggregates' too).
        spec.everything = true;
    }

    // The engine: a saved profile, a server URL or a database file (opened read-only).
    const QString target = parser.value(engine);
    std::optional<wci::EngineConnection> connection;
    if (parser.isSet(profile)) {
        QSettings settings(QSettings::NativeFormat, QSettings::UserScope, u"wow-inspector"_s, u"wow-inspector"_s);
        wci::KeychainSecretStore secrets;
        wci::ProfileStore store(&settings, &secrets);
        const auto p = store.profile(parser.value(profile));
        if (!p)
            return usage(u"no saved profile named '%1'"_s.arg(parser.value(profile)));
        auto secret = store.secret(p->name);
        secret.waitForFinished();
        connection = wci::openRemoteConnection(*p, secret.result(), parser.isSet(localClock));
    } else if (target.startsWith(u"http://"_s) || target.startsWith(u"https://"_s)) {
        auto p = wci::profileForUrl(target);
        if (!p)
            return usage(u"'%1' is not a server URL"_s.arg(target));
        if (parser.isSet(token))
            p->auth = wci::ConnectionProfile::Auth::Bearer;
        connection = wci::openRemoteConnection(*p, parser.value(token), parser.isSet(localClock));
    } else {
        wci::BuiltinOpenOptions o;
        o.create = false;
        o.readOnly = true;
        auto b = wci::openBuiltinConnection(target, o);
        if (!b) {
            err << "export: cannot open " << target << ": " << b.error().message << '\n';
            return 1;
        }
        connection = std::move(b).value();
    }
    wci::Engine *eng = connection->engine.get();

    // Ids that name no failure are a mistake to report, not an empty file to hand on.
    if (!spec.ids.isEmpty()) {
        QStringList missing;
        try {
            missing = missingIds(*eng, spec.ids);
        } catch (const wci::EngineError &e) {
            err << "export: cannot check the ids: " << (e.errorMsg.isEmpty() ? e.errorCode : e.errorMsg) << '\n';
            return 1;
        }
        if (!missing.isEmpty()) {
            err << "export: " << missing.size() << " of " << spec.ids.size() << " id(s) name no failure: "
                << missing.join(u", "_s) << '\n';
            if (!parser.isSet(allowMissing)) {
                err << "export: nothing written (give --allow-missing to export the others)\n";
                return 1;
            }
            for (const auto &id : missing)
                spec.ids.removeAll(id);
            if (spec.ids.isEmpty()) {
                err << "export: nothing to export\n";
                return 1;
            }
        }
    }

    QSaveFile file(parser.value(out));
    if (!file.open(QIODevice::WriteOnly)) {
        err << "export: cannot write " << parser.value(out) << ": " << file.errorString() << '\n';
        return 1;
    }
    // Bundles carry this machine's audit entries for each failure.
    std::unique_ptr<wci::AuditLog> audit;
    const QString auditPath = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(u"audit.db"_s);
    if (spec.what == wci::ExportSpec::What::Bundle && QFileInfo::exists(auditPath)) {
        if (auto a = wci::AuditLog::open(auditPath))
            audit = std::move(a).value();
    }
    wci::Exporter exporter(eng, spec, &file, audit.get());
    QElapsedTimer timer;
    timer.start();
    qint64 lastReport = 0;
    QObject::connect(&exporter, &wci::Exporter::progress, &app, [&](qint64 items, qint64 bytes) {
        if (timer.elapsed() - lastReport < 1000)
            return;
        lastReport = timer.elapsed();
        err << "export: " << items << " documents, " << QString::number(bytes / 1048576.0, 'f', 1) << " MB\n" << Qt::flush;
    });
    QObject::connect(&exporter, &wci::Exporter::finished, &app, &QCoreApplication::quit);
    QTimer::singleShot(0, &exporter, &wci::Exporter::start);
    app.exec();
    if (!exporter.succeeded()) {
        file.cancelWriting();
        err << "export: failed after " << exporter.items() << " documents: " << exporter.error() << '\n';
        return 1;
    }
    if (!file.commit()) {
        err << "export: cannot write " << parser.value(out) << ": " << file.errorString() << '\n';
        return 1;
    }
    err << "export: " << exporter.items() << " documents, " << exporter.bytes() << " bytes to " << parser.value(out) << " in "
        << timer.elapsed() << " ms" << (exporter.retries() ? u" (%1 pages retried)"_s.arg(exporter.retries()) : QString()) << '\n';
    return 0;
}

int runImport(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Import event streams into a built-in database."_s);
    parser.addHelpOption();
    QCommandLineOption db(u"db"_s, u"The built-in database (created when missing)."_s, u"FILE"_s);
    parser.addOption(db);
    parser.addPositionalArgument(u"INPUT"_s, u"JSON or NDJSON files of event streams."_s, u"INPUT..."_s);
    if (const auto exit = parseOptions(parser, args, "import"))
        return *exit;
    QTextStream err(stderr);
    if (!parser.isSet(db) || parser.positionalArguments().isEmpty()) {
        err << "import: give --db FILE and at least one input file\n";
        return 2;
    }
    auto connection = wci::openBuiltinConnection(parser.value(db));
    if (!connection) {
        err << "import: cannot open " << parser.value(db) << ": " << connection.error().message << '\n';
        return 1;
    }
    QElapsedTimer timer;
    timer.start();
    wci::BuiltinEngine::keepFreedMemoryForBulkWrites();
    wci::Importer importer(connection.value().importer());
    importer.setBulk(true); // nothing reads the file meanwhile: an empty one builds its indexes at the end
    const auto report = importer.importFiles(parser.positionalArguments(), [&](qint64 n) {
        err << "import: " << n << " documents read\n" << Qt::flush;
    });
    for (const auto &p : report.problems) {
        err << p.file;
        if (p.line > 0)
            err << ':' << p.line;
        err << ": " << (p.aggregateId.isEmpty() ? QString() : p.aggregateId + u": "_s) << p.message << '\n';
    }
    err << "import: " << report.documents << " documents read, " << report.imported << " streams imported into "
        << report.aggregates << " aggregates, " << report.duplicates << " duplicates skipped, " << report.problems.size()
        << " problems, in " << timer.elapsed() << " ms";
    if (report.indexMs >= 0)
        err << " (of which " << report.indexMs << " ms building the indexes of the new file)";
    err << '\n';
    return report.problems.isEmpty() ? 0 : 1;
}

} // namespace

struct GuiOptions {
    QCommandLineOption db{u"db"_s, u"Open this built-in database (created when missing)."_s, u"FILE"_s};
    QCommandLineOption connect{u"connect"_s, u"Connect to a Wow server: a URL or a saved profile's name."_s, u"URL"_s};
    QCommandLineOption readOnly{u"read-only"_s, u"Open read-only: look, never act."_s};
    QCommandLineOption chooseDatabase{u"choose-database"_s, u"Start with the dialog that opens a database."_s};
    QCommandLineOption lang{u"lang"_s, u"The window's language: en, zh_CN or system (default: the setting, else the system's)."_s,
                            u"LANG"_s};
    void addTo(QCommandLineParser &parser) const
    {
        parser.setApplicationDescription(u"Open the inspector window."_s);
        parser.addHelpOption();
        parser.addOptions({db, connect, readOnly, chooseDatabase, lang});
    }
};

// The window's arguments (without a leading "gui" or "open"; `opening` says it was "open").
QStringList guiArguments(QStringList args, bool *opening = nullptr)
{
    const bool open = args.size() > 1 && args.at(1) == u"open"_s;
    if (opening)
        *opening = open;
    if (args.size() > 1 && (args.at(1) == u"gui"_s || open))
        args.removeAt(1);
    return args;
}

// `wow-inspector [gui | open] --help` prints the help without opening a display.
int printGuiHelp(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    GuiOptions options;
    options.addTo(parser);
    bool opening = false;
    const QStringList args = guiArguments(app.arguments(), &opening);
    if (opening)
        parser.addPositionalArgument(u"ID"_s, u"Execution id, failed event id or source aggregate id."_s);
    if (const auto exit = parseOptions(parser, args, opening ? "open" : "wow-inspector"))
        return *exit;
    return 0;
}

// `arguments` are the logical command line (a link's arguments stand in for argv's).
int runGui(int argc, char *argv[], QStringList arguments)
{
    // The arguments are checked before the window's application starts, so a mistake is
    // reported without a display.
    if (arguments.isEmpty()) {
        for (int i = 0; i < argc; ++i)
            arguments.append(QString::fromLocal8Bit(argv[i]));
    }
    QCommandLineParser parser;
    GuiOptions options;
    options.addTo(parser);
    const QCommandLineOption &db = options.db;
    const QCommandLineOption &connect = options.connect;
    const QCommandLineOption &readOnly = options.readOnly;
    bool opening = false;
    arguments = guiArguments(arguments, &opening);
    if (opening)
        parser.addPositionalArgument(u"ID"_s, u"Execution id, failed event id or source aggregate id."_s);
    if (!parser.parse(arguments)) {
        QTextStream(stderr) << (opening ? "open: " : "wow-inspector: ") << parser.errorText() << '\n';
        return 2;
    }
    if (parser.isSet(db) && parser.isSet(connect)) {
        QTextStream(stderr) << "wow-inspector: give --db or --connect, not both\n";
        return 2;
    }
    bool langOk = true;
    const QString lang = wci::canonicalLanguage(parser.value(options.lang), &langOk);
    if (!langOk) {
        QTextStream(stderr) << "wow-inspector: --lang must be one of " << wci::availableLanguages().join(u", "_s)
                            << " or system\n";
        return 2;
    }
    QString openId;
    if (opening) {
        if (parser.positionalArguments().size() != 1) {
            QTextStream(stderr) << "open: give one id (execution id, failed event id or source aggregate id)\n";
            return 2;
        }
        openId = parser.positionalArguments().first();
    } else if (!parser.positionalArguments().isEmpty()) {
        QTextStream(stderr) << "wow-inspector: unknown command '" << parser.positionalArguments().first() << "'\n\n"
                            << kUsage;
        return 2;
    }

    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"wow-inspector"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(WCI_VERSION));
    QApplication::setApplicationDisplayName(u"Wow Compensation Inspector"_s);
    QGuiApplication::setDesktopFileName(u"io.github.wowinspector.WowInspector"_s);
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256})
        icon.addFile(u":/icons/hicolor/%1x%1/apps/io.github.wowinspector.WowInspector.png"_s.arg(size), QSize(size, size));
    QApplication::setWindowIcon(icon); // the window, dialogs and About box

    QSettings settings(QSettings::NativeFormat, QSettings::UserScope, u"wow-inspector"_s, u"wow-inspector"_s);
    // The language: --lang, else the one chosen in View › Language, else the system's.
    const QString language = wci::resolveLanguage(parser.isSet(options.lang) ? lang : wci::AppSettings(&settings).language());
    if (!wci::installTranslations(&app, language))
        QTextStream(stderr) << "wow-inspector: the " << language << " translation could not be loaded; English is used\n";
    wci::applyTheme(wci::AppSettings(&settings).theme()); // View › Theme, before any widget is made
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
        const QString last = wci::AppSettings(&settings).lastConnection();
        if (last.startsWith(u"db:"_s) && QFileInfo::exists(last.mid(3)))
            window.openDatabase(last.mid(3), parser.isSet(readOnly));
        else if (last.startsWith(u"profile:"_s))
            window.connectTo(last.mid(8), parser.isSet(readOnly));
        else if (QFileInfo::exists(demoDatabasePath()))
            window.openDatabase(demoDatabasePath(), parser.isSet(readOnly));
        else // first start: the window at once, the demo database filled while it shows
            window.createDemoDatabase(demoDatabasePath(), kDemoFailures);
    }
    if (!openId.isEmpty())
        window.openByIdWhenConnected(openId);
    window.show();
    if (parser.isSet(options.chooseDatabase))
        QTimer::singleShot(0, &window, &wci::MainWindow::chooseDatabase);
    return app.exec();
}

int main(int argc, char *argv[])
{
    // The window unless the first argument is a command-line command.
    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    static const QStringList commands = {u"serve"_s, u"seed"_s,   u"id"_s, u"export"_s,   u"import"_s,
                                         u"help"_s,  u"-h"_s,     u"--help"_s, u"-v"_s, u"--version"_s};
    if (first.startsWith(QLatin1StringView(wci::kLinkScheme) + u':')) {
        QString why;
        const QStringList linkArgs = wci::argumentsForLink(QUrl(first), &why);
        if (linkArgs.isEmpty()) {
            QTextStream(stderr) << "wow-inspector: " << why << '\n';
            return 2;
        }
        return runGui(argc, argv, QStringList{QString::fromLocal8Bit(argv[0])} + linkArgs);
    }
    if (!commands.contains(first)) {
        for (int i = 1; i < argc; ++i) {
            const QByteArray a(argv[i]);
            if (a == "-h" || a == "--help" || a == "-?" || a == "--help-all")
                return printGuiHelp(argc, argv); // no display needed for the help
        }
        return runGui(argc, argv, {});
    }

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
    if (command == u"export"_s)
        return runExport(app, args.mid(1));
    if (command == u"import"_s)
        return runImport(args.mid(1));

    QTextStream(stderr) << "wow-inspector: unknown command '" << command << "'\n\n" << kUsage;
    return 2;
}
