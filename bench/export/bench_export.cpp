// bench_export: NDJSON export of every event stream through the Engine (the exporter's cursor
// pages) next to a minimal loop that reads the same documents straight from SQLite (decompressing
// the stored frames with the file's dictionaries) and writes the same bytes; then the demo
// creation rate (the first start's demo database); then the import rate into a fresh database,
// as the window imports and as the command line does.
//
//   bench_export --db FILE [--import-streams N] [--rounds N]   (full: a 10^6-aggregate database)
//   bench_export --quick                           (a small seeded database; CI)

#include "builtin/builtin_engine.h"
#include "builtin/demo_seeder.h"
#include "builtin/doc_codec.h"
#include "exporter.h"
#include "importer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

#include <sqlite3.h>

#include <algorithm>
#include <optional>

using namespace wci;
using namespace Qt::StringLiterals;

namespace {
long peakRssMb()
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const auto &line : f.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong() / 1024;
    }
    return -1;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    QCommandLineOption quick(u"quick"_s, u"Small seeded database (CI)."_s);
    QCommandLineOption dbOpt(u"db"_s, u"Built-in database to export."_s, u"FILE"_s);
    QCommandLineOption importOpt(u"import-streams"_s, u"Import at most N exported streams (default all)."_s, u"N"_s, u"0"_s);
    QCommandLineOption dirOpt(u"dir"_s, u"Where to write the files (default: a temporary directory)."_s, u"DIR"_s);
    QCommandLineOption roundsOpt(u"rounds"_s,
                                 u"Run the minimal loop and the export N times each, alternated, and compare the "
                                 "fastest of each (default 3; 1 with --quick)."_s,
                                 u"N"_s);
    parser.addOptions({quick, dbOpt, importOpt, dirOpt, roundsOpt});
    parser.addHelpOption();
    parser.process(app);
    QTextStream out(stdout);
    const int rounds = std::max(1, parser.isSet(roundsOpt) ? parser.value(roundsOpt).toInt() : parser.isSet(quick) ? 1 : 3);

    QTemporaryDir tmp(parser.isSet(dirOpt) ? parser.value(dirOpt) + u"/bench-export-XXXXXX"_s : QString());
    QString db = parser.value(dbOpt);
    if (db.isEmpty()) {
        if (!parser.isSet(quick)) {
            out << "give --db FILE or --quick\n";
            return 2;
        }
        db = tmp.filePath(u"quick.db"_s);
        SeedOptions so;
        so.count = 2000;
        so.seed = 4;
        if (!seedDemoDatabase(db, so)) {
            out << "seeding failed\n";
            return 1;
        }
    }
    BuiltinEngineOptions o;
    o.path = db;
    o.create = false;
    o.readOnly = true;
    auto engine = BuiltinEngine::open(o);
    if (!engine) {
        out << "cannot open " << db << ": " << engine.error().message << '\n';
        return 1;
    }
    const qint64 total = engine.value()->countEventStreams(Condition::all()).result();
    out << "database: " << db << " (" << total << " event streams)\n" << Qt::flush;

    // 1. The minimal loop: the stored documents, in the export's order, decompressed where stored
    // as frames, written with a newline.
    const QString rawPath = tmp.filePath(u"raw.ndjson"_s);
    qint64 rawBytes = 0, rawRows = 0;
    const auto minimalLoop = [&] {
        rawBytes = rawRows = 0;
        sqlite3 *h = nullptr;
        sqlite3_open_v2(db.toUtf8().constData(), &h, SQLITE_OPEN_READONLY, nullptr);
        sqlite3_stmt *st = nullptr;
        DocCodec codec;
        sqlite3_prepare_v2(h, "SELECT data FROM doc_dictionary", -1, &st, nullptr);
        while (st && sqlite3_step(st) == SQLITE_ROW)
            codec.addDictionary(QByteArray(static_cast<const char *>(sqlite3_column_blob(st, 0)), sqlite3_column_bytes(st, 0)));
        sqlite3_finalize(st);
        sqlite3_prepare_v2(h, "SELECT doc FROM event_stream ORDER BY aggregate_id, version", -1, &st, nullptr);
        std::vector<char> buffer;
        QFile f(rawPath);
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        QElapsedTimer t;
        t.start();
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *p = static_cast<const char *>(sqlite3_column_blob(st, 0));
            qint64 n = sqlite3_column_bytes(st, 0);
            if (sqlite3_column_type(st, 0) == SQLITE_BLOB) {
                const QByteArrayView frame(p, n);
                n = DocCodec::contentSize(frame);
                buffer.resize(size_t(n));
                codec.decompress(frame, buffer.data(), n);
                p = buffer.data();
            }
            f.write(p, n);
            f.write("\n", 1);
            rawBytes += n + 1;
            ++rawRows;
        }
        f.close();
        const double seconds = t.nsecsElapsed() / 1e9;
        sqlite3_finalize(st);
        sqlite3_close(h);
        out << QString::asprintf("minimal loop: %lld streams, %.1f MB in %.2f s = %.0f streams/s, %.1f MB/s\n", rawRows,
                                 rawBytes / 1048576.0, seconds, rawRows / seconds, rawBytes / 1048576.0 / seconds)
            << Qt::flush;
        return seconds;
    };

    // 2. The exporter, through the Engine interface.
    const QString exportPath = tmp.filePath(u"export.ndjson"_s);
    long rssAtTenth = 0;
    qint64 exported = 0, exportedBytes = 0;
    const auto exportAll = [&]() -> std::optional<double> {
        QFile f(exportPath);
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        ExportSpec spec;
        spec.everything = true;
        Exporter exporter(engine.value().get(), spec, &f);
        QObject::connect(&exporter, &Exporter::progress, &app, [&](qint64 items, qint64) {
            if (!rssAtTenth && items >= total / 10)
                rssAtTenth = peakRssMb();
        });
        QObject::connect(&exporter, &Exporter::finished, &app, &QCoreApplication::quit);
        QElapsedTimer t;
        t.start();
        exporter.start();
        if (!exporter.isFinished())
            app.exec();
        const double seconds = t.nsecsElapsed() / 1e9;
        if (!exporter.succeeded()) {
            out << "export failed: " << exporter.error() << '\n';
            return std::nullopt;
        }
        exported = exporter.items();
        exportedBytes = exporter.bytes();
        out << QString::asprintf("export:       %lld streams, %.1f MB in %.2f s = %.0f streams/s, %.1f MB/s\n", exported,
                                 exportedBytes / 1048576.0, seconds, exported / seconds, exportedBytes / 1048576.0 / seconds)
            << Qt::flush;
        return seconds;
    };

    // The two alternate, and the fastest run of each is compared: the machine's speed drifts by
    // tens of percent between runs a minute apart, more than the difference being measured.
    double rawSeconds = 1e300, exportSeconds = 1e300;
    for (int round = 0; round < rounds; ++round) {
        rawSeconds = std::min(rawSeconds, minimalLoop());
        const auto e = exportAll();
        if (!e)
            return 1;
        exportSeconds = std::min(exportSeconds, *e);
    }
    if (rounds > 1)
        out << QString::asprintf("fastest of %d: minimal loop %.2f s, export %.2f s\n", rounds, rawSeconds, exportSeconds);
    out << QString::asprintf("export rate = %.0f%% of the minimal loop\n", 100.0 * rawSeconds / exportSeconds);
    bool same = QFile(rawPath).size() == QFile(exportPath).size();
    {
        QFile a(rawPath), b(exportPath);
        a.open(QIODevice::ReadOnly);
        b.open(QIODevice::ReadOnly);
        while (same && !a.atEnd())
            same = a.read(1 << 20) == b.read(1 << 20);
    }
    out << "same bytes as the minimal loop: " << (same ? "yes" : "NO") << '\n';
    out << "peak RSS: " << rssAtTenth << " MB after 10% of the streams, " << peakRssMb() << " MB after all\n" << Qt::flush;
    if (exported != total || !same)
        return 1;

    // 3. Import into a fresh database.
    const qint64 limit = parser.value(importOpt).toLongLong();
    QString input = exportPath;
    if (limit > 0 && limit < exported) {
        input = tmp.filePath(u"part.ndjson"_s);
        QFile in(exportPath), part(input);
        in.open(QIODevice::ReadOnly);
        part.open(QIODevice::WriteOnly | QIODevice::Truncate);
        // Whole aggregates only: stop at the first aggregate boundary after `limit` lines.
        qint64 n = 0;
        QByteArray lastAggregate;
        while (!in.atEnd()) {
            const QByteArray line = in.readLine();
            const qsizetype at = line.indexOf("\"aggregateId\":\"");
            const QByteArray agg = at < 0 ? QByteArray() : line.mid(at + 15, line.indexOf('"', at + 15) - at - 15);
            if (n >= limit && agg != lastAggregate)
                break;
            lastAggregate = agg;
            part.write(line);
            ++n;
        }
    }
    bool clean = true;
    // Demo creation into new files (three runs: the machine's speed varies from run to run).
    QList<double> seedMs;
    for (int run = 0; run < 3; ++run) {
        SeedOptions so;
        so.count = 5000;
        so.seed = 7;
        so.now = 1767225600000;
        QElapsedTimer t;
        t.start();
        const auto seeded = seedDemoDatabase(tmp.filePath(u"demo-%1.db"_s.arg(run)), so);
        seedMs.append(t.nsecsElapsed() / 1e6);
        if (!seeded || seeded->aggregates != so.count) {
            out << "demo creation failed\n";
            return 1;
        }
    }
    std::sort(seedMs.begin(), seedMs.end());
    out << QString::asprintf("demo creation: 5000 failures in %.0f ms (median of %.0f, %.0f, %.0f) = %.0f failures/s\n",
                             seedMs[1], seedMs[0], seedMs[1], seedMs[2], 5000 / (seedMs[1] / 1000.0));
    // As the window imports (entry by entry: the window may read the file meanwhile), then as
    // the command line does (an empty file builds its indexes at the end, and the process keeps
    // the memory it frees, BuiltinEngine::keepFreedMemoryForBulkWrites; the window does not,
    // so its import and the demo creation are measured before).
    for (const bool bulk : {false, true}) {
        if (bulk)
            BuiltinEngine::keepFreedMemoryForBulkWrites();
        BuiltinEngineOptions io;
        io.path = tmp.filePath(bulk ? u"imported-bulk.db"_s : u"imported.db"_s);
        auto target = BuiltinEngine::open(io);
        Importer importer(target.value().get());
        importer.setBulk(bulk);
        QElapsedTimer t;
        t.start();
        const ImportReport r = importer.importFiles({input});
        const double importSeconds = t.nsecsElapsed() / 1e9;
        out << QString::asprintf("import (%s): %lld streams into %lld aggregates in %.2f s = %.0f streams/s",
                                 bulk ? "command line" : "window", r.imported, r.aggregates, importSeconds,
                                 r.imported / importSeconds);
        if (r.indexMs >= 0)
            out << QString::asprintf(", of which %.2f s building the indexes", r.indexMs / 1000.0);
        out << " (" << r.problems.size() << " problems)\n" << Qt::flush;
        for (int i = 0; i < std::min<int>(5, int(r.problems.size())); ++i)
            out << "  problem: line " << r.problems[i].line << ": " << r.problems[i].aggregateId << ": " << r.problems[i].message << '\n';
        clean = clean && r.problems.isEmpty() && (!bulk || r.indexMs >= 0);
    }
    return clean ? 0 : 1;
}
