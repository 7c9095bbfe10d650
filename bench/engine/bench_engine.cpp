// Built-in engine benchmark.
//   bench_engine --quick             small N, for ctest (checks results, not times)
//   bench_engine --full              10^6 aggregates (the figures of the engine issue)
//   bench_engine --count N [--db F]  any size; --db keeps / reuses the database
//   bench_engine --analytics-only   only the analytics section (on an existing --db)
//   bench_engine --shape demo|after-commands|adversarial   the data's shape (see --help)
// Prints: create and prepare commands/s next to a minimal hand-written SQLite loop inserting
// the same rows, count and first page (20 rows) per dashboard category, the five queries of
// Wow 9.x's analytics overview as aggregation queries next to computing the same numbers by
// reading the matching documents page by page (the scan a server without aggregation needs),
// full event-stream scan rate, and peak RSS.

#include "builtin/builtin_engine.h"
#include "categories.h"
#include "builtin/demo_seeder.h"
#include "builtin/sqlite_db.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

using namespace wci;
using namespace Qt::StringLiterals;

namespace {

template <typename T>
T await(QFuture<T> f)
{
    f.waitForFinished();
    return f.result(); // rethrows EngineError
}

long peakRssMb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

CreateExecutionFailed sampleCreate(int i)
{
    CreateExecutionFailed c;
    c.eventId = {u"ev%1"_s.arg(i), {u"order-service"_s, u"order"_s, u"ord%1"_s.arg(i), u"(0)"_s}, 1};
    c.function = {FunctionKind::Event, u"order-service"_s, u"OrderSaga"_s, u"onOrderCreated"_s};
    c.error = {u"IllegalState"_s, u"Inventory service unavailable"_s,
               u"java.lang.IllegalStateException: Inventory service unavailable\n\tat com.acme.order.saga.OrderSaga.onOrderCreated(OrderSaga.kt:87)\n\tat me.ahoo.wow.messaging.function.MethodFunction.invoke(MethodFunction.kt:61)\n\tat reactor.core.publisher.MonoFlatMap$FlatMapMain.onNext(MonoFlatMap.java:132)\nCaused by: java.net.ConnectException: Connection refused\n\t... 12 more\n"_s,
               {}};
    c.executeAt = 1767225600000 + i;
    return c;
}

struct Row {
    QString table;
    std::vector<sqlite::Value> values;
};

AggregationQuery aggregation(const QByteArray &json)
{
    auto q = AggregationQuery::fromJsonBytes(json);
    if (!q)
        qFatal("bad benchmark query: %s", qPrintable(q.error().message));
    return *q;
}

// The queries Wow 9.x's dashboard sends for its analytics overview (the last 30 days in
// Asia/Shanghai, ending at `now`): summary counts, top-5 pressure clusters, recoverability split,
// retry distribution (snapshots), and the daily trend of four event names (event streams).
struct AnalyticsQuery {
    const char *name;
    bool snapshots;
    AggregationQuery query;
};

std::vector<AnalyticsQuery> analyticsQueries(qint64 now)
{
    const qint64 day = 86400000;
    const QByteArray start = QByteArray::number(now - 30 * day), end = QByteArray::number(now);
    const QByteArray nowText = QByteArray::number(now);
    const QByteArray active = R"({"op":"IN","field":"state.status","values":["FAILED","PREPARED"]})";
    auto window = [&](const QByteArray &x) -> QByteArray {
        return R"({"op":"AND","operands":[{"op":"GTE","field":"state.executeAt","value":)" + start
            + R"(},{"op":"LT","field":"state.executeAt","value":)" + end + "}," + x + "]}";
    };
    const QByteArray due = R"({"op":"AND","operands":[{"op":"IN","field":"state.recoverable","values":["RECOVERABLE","UNKNOWN"]},)"
                           R"({"op":"EQ","field":"state.isRetryable","value":true},{"op":"LTE","field":"state.retryState.nextRetryAt","value":)"
        + nowText + R"(},{"op":"OR","operands":[{"op":"EQ","field":"state.status","value":"FAILED"},{"op":"AND","operands":[)"
                    R"({"op":"EQ","field":"state.status","value":"PREPARED"},{"op":"LTE","field":"state.retryState.timeoutAt","value":)"
        + nowText + "}]}]}]}";
    std::vector<AnalyticsQuery> out;
    out.push_back({"summary counts", true, aggregation(
        R"({"filter":)" + active + R"(,"metrics":[)"
        R"({"type":"COUNT","alias":"actionableNow","filter":)" + window(due) + "},"
        R"({"type":"COUNT","alias":"timedOut","filter":)" + window(R"({"op":"AND","operands":[{"op":"EQ","field":"state.status","value":"PREPARED"},{"op":"LT","field":"state.retryState.timeoutAt","value":)" + nowText + "}]}") + "},"
        R"({"type":"COUNT","alias":"unrecoverable","filter":)" + window(R"({"op":"EQ","field":"state.recoverable","value":"UNRECOVERABLE"})") + "},"
        R"({"type":"COUNT","alias":"activeTotal"},)"
        R"({"type":"COUNT","alias":"selectedInRange","filter":)" + window(active) + "},"
        R"({"type":"COUNT","alias":"newerThanRange","filter":{"op":"GTE","field":"state.executeAt","value":)" + end + "}},"
        R"({"type":"COUNT","alias":"olderThanRange","filter":{"op":"LT","field":"state.executeAt","value":)" + start + "}}]}")});
    out.push_back({"top-5 clusters", true, aggregation(
        R"({"filter":)" + window(active) + R"(,"groupBy":[)"
        R"({"type":"TERMS","field":"state.error.errorCode","alias":"errorCode"},{"type":"TERMS","field":"state.function.contextName","alias":"contextName"},)"
        R"({"type":"TERMS","field":"state.function.processorName","alias":"processorName"},{"type":"TERMS","field":"state.function.name","alias":"functionName"},)"
        R"({"type":"TERMS","field":"state.function.functionKind","alias":"functionKind"}],"metrics":[{"type":"COUNT","alias":"currentCount"},)"
        R"({"type":"COUNT","alias":"failed","filter":{"op":"EQ","field":"state.status","value":"FAILED"}},)"
        R"({"type":"NUMERIC","function":"MIN","expression":{"type":"FIELD","field":"state.executeAt"},"alias":"oldestExecuteAt"},)"
        R"({"type":"NUMERIC","function":"MIN","expression":{"type":"FIELD","field":"state.retryState.nextRetryAt"},"alias":"nextRetryAt"}],)"
        R"("sort":[{"field":"currentCount","direction":"DESC"}],"limit":5})")});
    out.push_back({"recoverability", true, aggregation(
        R"({"filter":)" + window(active) + R"(,"groupBy":[{"type":"TERMS","field":"state.recoverable","alias":"recoverable"}],"metrics":[{"type":"COUNT","alias":"count"}]})")});
    out.push_back({"retry distribution", true, aggregation(
        R"({"filter":)" + window(active) + R"(,"metrics":[)"
        R"({"type":"COUNT","alias":"zero","filter":{"op":"EQ","field":"state.retryState.retries","value":0}},)"
        R"({"type":"COUNT","alias":"oneToTwo","filter":{"op":"BETWEEN","field":"state.retryState.retries","lowerBound":1,"upperBound":2}},)"
        R"({"type":"COUNT","alias":"threeToFive","filter":{"op":"BETWEEN","field":"state.retryState.retries","lowerBound":3,"upperBound":5}},)"
        R"({"type":"COUNT","alias":"sixPlus","filter":{"op":"GTE","field":"state.retryState.retries","value":6}}]})")});
    for (const char *event : {"execution_failed_created", "compensation_prepared", "execution_failed_applied", "execution_success_applied"}) {
        out.push_back({event, false, aggregation(
            R"({"filter":{"op":"AND","operands":[{"op":"GTE","field":"createTime","value":)" + start
            + R"(},{"op":"LT","field":"createTime","value":)" + end
            + R"(},{"op":"ELEMENT_MATCH","field":"body","predicate":{"op":"EQ","field":"name","value":")" + QByteArray(event)
            + R"("}}]},"groupBy":[{"type":"DATE_HISTOGRAM","field":"createTime","alias":"bucket","unit":"DAY","timeZone":"Asia/Shanghai","dense":true}],)"
              R"("metrics":[{"type":"COUNT","alias":"streamCount"}],"limit":31})")});
    }
    return out;
}

// The same numbers without an aggregation route: read every document matching the filter,
// 1 000 a page in id order (as a client does against an older server), and aggregate in memory.
struct ScanOutcome {
    std::vector<AggregationRow> rows;
    qint64 documents = 0;
    qint64 bytes = 0;
};

ScanOutcome scanAggregate(Engine &engine, const AnalyticsQuery &a, qint64 now)
{
    ScanOutcome out;
    EvaluationContext ctx;
    ctx.now = now;
    ctx.defaultZone = QTimeZone::utc();
    AggregationQuery local = a.query;
    local.filter = Condition::all(); // applied by the server below
    Aggregator agg(local, a.snapshots ? DocumentKind::Snapshot : DocumentKind::EventStream, ctx);
    // Keyset pages in the store's key order: aggregate id for snapshots; aggregate id and
    // version for event streams (as the event-stream scan below).
    QString lastId;
    int lastVersion = 0;
    for (;;) {
        ListQuery q;
        q.limit = 1000;
        q.condition = a.query.filter;
        if (a.snapshots) {
            q.sort = {Sort{u"aggregateId"_s, SortDirection::Asc}};
            if (!lastId.isEmpty())
                q.condition = Condition::and_({a.query.filter, Condition::leaf(u"aggregateId"_s, Operator::Gt, lastId)});
        } else {
            q.sort = {Sort{u"aggregateId"_s, SortDirection::Asc}, Sort{u"version"_s, SortDirection::Asc}};
            if (!lastId.isEmpty()) {
                Condition seen = Condition::nor_({Condition::and_({Condition::eq(u"aggregateId"_s, lastId),
                                                                   Condition::leaf(u"version"_s, Operator::Lte, lastVersion)})});
                q.condition = Condition::and_({Condition::leaf(u"aggregateId"_s, Operator::Gte, lastId), seen, a.query.filter});
            }
        }
        const auto page = a.snapshots ? await(engine.listSnapshots(q, SnapshotView::Document)) : await(engine.listEventStreams(q));
        for (const auto &d : page) {
            const QJsonObject o = d.object();
            out.bytes += d.json.size();
            if (!agg.add(o))
                qFatal("scan aggregation failed");
        }
        out.documents += page.size();
        if (page.size() < 1000)
            break;
        const QJsonObject last = page.last().object();
        lastId = last.value("aggregateId"_L1).toString();
        lastVersion = last.value("version"_L1).toInt();
    }
    auto rows = agg.rows();
    if (!rows)
        qFatal("scan aggregation failed: %s", qPrintable(rows.error().message));
    out.rows = *rows;
    return out;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Built-in engine benchmark: commands/s, category count and first page, "
                                     "event-stream scan, peak RSS."_s);
    parser.addHelpOption();
    QCommandLineOption quickOpt(u"quick"_s, u"2 000 aggregates (CI)."_s);
    QCommandLineOption fullOpt(u"full"_s, u"10^6 aggregates (the default)."_s);
    QCommandLineOption countOpt(u"count"_s, u"Any number of aggregates."_s, u"N"_s);
    QCommandLineOption dbOpt(u"db"_s, u"Keep / reuse the database in FILE."_s, u"FILE"_s);
    QCommandLineOption analyticsOpt(u"analytics-only"_s, u"Only the analytics section (on an existing --db)."_s);
    QCommandLineOption categoriesOpt(u"categories-only"_s, u"Only the categories' counts and first pages (on an existing --db)."_s);
    QCommandLineOption noScanOpt(u"no-scan"_s, u"Analytics without the page-by-page comparison."_s);
    QCommandLineOption plainOpt(u"plain"_s, u"Seed with uncompressed documents (format 3's storage), to compare."_s);
    QCommandLineOption shapeOpt(u"shape"_s,
                                u"demo: categories of the seeded demo data, then after the commands (default); "
                                "after-commands: only after them; adversarial: seed nine in ten failures PREPARED "
                                "with timeouts straddling now, categories before and after the commands."_s,
                                u"SHAPE"_s, u"demo"_s);
    parser.addOptions({quickOpt, fullOpt, countOpt, dbOpt, analyticsOpt, categoriesOpt, noScanOpt, plainOpt, shapeOpt});
    parser.process(app); // --help prints this and exits; unknown options are refused
    const QString shape = parser.value(shapeOpt);
    if (shape != u"demo"_s && shape != u"after-commands"_s && shape != u"adversarial"_s) {
        QTextStream(stderr) << "--shape must be demo, after-commands or adversarial\n";
        return 2;
    }
    const bool quick = parser.isSet(quickOpt);
    int count = quick ? 2000 : 1000000;
    if (parser.isSet(countOpt))
        count = parser.value(countOpt).toInt();
    QString dbPath = parser.value(dbOpt);
    const int commandSample = quick ? 500 : 20000;
    QTextStream out(stdout);
    QTemporaryDir tmp;
    if (dbPath.isEmpty())
        dbPath = tmp.filePath(u"bench.db"_s);
    const qint64 now = 1767225600000;
    out << "bench_engine: " << count << " aggregates (shape " << shape << "), " << commandSample
        << " commands per sample, db " << dbPath << "\n";

    QElapsedTimer timer;
    if (!QFile::exists(dbPath)) {
        timer.start();
        SeedOptions so;
        so.count = count;
        so.seed = 11;
        so.now = now;
        so.batchSize = 5000;
        so.compressDocuments = !parser.isSet(plainOpt);
        so.shape = shape == u"adversarial"_s ? SeedOptions::Shape::Adversarial : SeedOptions::Shape::Demo;
        const auto seeded = seedDemoDatabase(dbPath, so);
        if (!seeded) {
            out << "seed failed: " << seeded.error().message << "\n";
            return 1;
        }
        out << QString::asprintf("seed (batched): %d aggregates, %d commands in %.1f s = %.0f commands/s\n",
                                 seeded->aggregates, seeded->commands, timer.elapsed() / 1000.0,
                                 seeded->commands / (timer.elapsed() / 1000.0));
    }
    out.flush();

    BuiltinEngineOptions o;
    o.path = dbPath;
    o.clock = [&] { return now; };
    o.compressDocuments = !parser.isSet(plainOpt);
    auto opened = BuiltinEngine::open(o);
    if (!opened) {
        out << "open failed: " << opened.error().message << "\n";
        return 1;
    }
    BuiltinEngine &engine = *opened.value();
    const qint64 total = await(engine.countSnapshots(Condition::deleted(DeletionState::All)));
    if (total < count) {
        out << "expected at least " << count << " aggregates, found " << total << "\n";
        return 1;
    }
    {
        const StorageInfo s = await(engine.storageInfo());
        out << QString::asprintf("storage: %lld failures, %lld event streams; file %.1f MB = %.0f bytes per failure; "
                                 "documents %.1f MB stored in %.1f MB (%.1fx), %lld not with the dictionary\n",
                                 (long long)s.failures, (long long)s.eventStreams, s.fileBytes / 1e6,
                                 double(s.fileBytes) / std::max<qint64>(1, s.failures), s.documentBytes / 1e6,
                                 s.storedBytes / 1e6, s.compressionRatio(), (long long)s.plainDocuments);
        out.flush();
    }

    // ---- categories: count and first page of each -------------------------------------
    auto categories = [&](const QString &when) -> bool {
        out << "categories, " << when << ":\n";
        out << "category            count   count ms   first page ms (20 rows, aggregateId DESC)\n";
        double worst = 0;
        for (auto cat : allFailureCategories) {
            const Condition c = categoryCondition(cat, now);
            std::vector<double> countMs, pageMs;
            qint64 n = 0;
            for (int rep = 0; rep < 5; ++rep) {
                timer.restart();
                n = await(engine.countSnapshots(c));
                countMs.push_back(timer.nsecsElapsed() / 1e6);
                ListQuery q;
                q.condition = c;
                q.limit = 20;
                q.sort = {Sort{u"aggregateId"_s, SortDirection::Desc}};
                timer.restart();
                const auto page = await(engine.listSnapshots(q, SnapshotView::State));
                pageMs.push_back(timer.nsecsElapsed() / 1e6);
                if (page.size() != std::min<qint64>(20, n)) {
                    out << "first page of " << categoryName(cat) << " has " << page.size() << " rows, expected "
                        << std::min<qint64>(20, n) << "\n";
                    return false;
                }
            }
            worst = std::max(worst, median(countMs) + median(pageMs));
            out << QString::asprintf("%-16s %8lld %10.1f %10.1f\n", qPrintable(categoryName(cat)), (long long)n,
                                     median(countMs), median(pageMs));
        }
        out << QString::asprintf("worst count + first page: %.1f ms\n", worst);
        // The window's sidebar asks for every count in one aggregation query.
        std::vector<double> oneQueryMs;
        for (int rep = 0; rep < 5; ++rep) {
            timer.restart();
            const auto counts = categoryCountsFromRows(await(engine.aggregateSnapshots(categoryCountsQuery(now))));
            oneQueryMs.push_back(timer.nsecsElapsed() / 1e6);
            for (size_t i = 0; rep == 0 && i < allFailureCategories.size(); ++i) {
                if (!counts || (*counts)[i] != await(engine.countSnapshots(categoryCondition(allFailureCategories[i], now)))) {
                    out << "the one-query count of " << categoryName(allFailureCategories[i]) << " differs from its count\n";
                    return false;
                }
            }
        }
        out << QString::asprintf("all nine counts as one aggregation query: %.1f ms\n", median(oneQueryMs));
        out.flush();
        return true;
    };
    if (parser.isSet(categoriesOpt))
        return categories(u"as the file is"_s) ? 0 : 1;
    if (shape != u"after-commands"_s && !parser.isSet(analyticsOpt) && !categories(u"as seeded"_s))
        return 1;

    // ---- analytics: Wow 9.x's overview as aggregation queries, and by a scan ------------
    auto analytics = [&]() -> bool {
        out << "analytics (Wow 9.x overview, 30 days)   rows   aggregation ms   scan ms   documents read   ratio\n";
        double totalAgg = 0;
        for (const auto &a : analyticsQueries(now)) {
            std::vector<double> ms;
            std::vector<AggregationRow> rows;
            for (int rep = 0; rep < 5; ++rep) {
                timer.restart();
                rows = await(a.snapshots ? engine.aggregateSnapshots(a.query) : engine.aggregateEventStreams(a.query));
                ms.push_back(timer.nsecsElapsed() / 1e6);
            }
            totalAgg += median(ms);
            if (parser.isSet(noScanOpt)) {
                out << QString::asprintf("  %-26s %6d %12.1f\n", a.name, int(rows.size()), median(ms));
                continue;
            }
            timer.restart();
            const ScanOutcome scan = scanAggregate(engine, a, now);
            const double scanMs = timer.nsecsElapsed() / 1e6;
            if (aggregationRowsJson(scan.rows) != aggregationRowsJson(rows)) {
                out << "analytics " << a.name << ": aggregation " << aggregationRowsJson(rows) << " differs from the scan "
                    << aggregationRowsJson(scan.rows) << "\n";
                return false;
            }
            out << QString::asprintf("  %-26s %6d %12.1f %11.0f %12lld (%.0f MB) %6.0fx\n", a.name, int(rows.size()), median(ms),
                                     scanMs, (long long)scan.documents, scan.bytes / 1e6, scanMs / std::max(0.01, median(ms)));
            out.flush();
        }
        out << QString::asprintf("  all eight queries: %.1f ms\n", totalAgg);
        return true;
    };
    if (parser.isSet(analyticsOpt)) {
        const bool good = analytics();
        out << "peak RSS: " << peakRssMb() << " MB\n";
        return good ? 0 : 1;
    }

    // ---- commands: create, one transaction per command --------------------------------
    QStringList created;
    timer.restart();
    for (int i = 0; i < commandSample; ++i) {
        const CommandResult r = engine.executeNow(Command{QString(), QString(), sampleCreate(i)}, CommandOptions{});
        created.append(r.aggregateId);
    }
    const double createRate = commandSample / (timer.nsecsElapsed() / 1e9);

    // The same rows through a minimal SQLite loop: one transaction per aggregate, cached
    // statements, no JSON work (the documents are read back from the engine's tables).
    std::vector<std::vector<Row>> rows;
    {
        sqlite::Connection c(dbPath, false);
        for (const auto &id : created) {
            std::vector<Row> rs;
            auto &es = c.prepare(u"SELECT aggregate_id, version, id, tenant_id, request_id, command_id, create_time, doc FROM event_stream WHERE aggregate_id = ?"_s);
            es.bind(1, id);
            while (es.step()) {
                Row r{u"event_stream"_s, {}};
                r.values = {es.text(0) + u"-raw"_s, es.int64(1), es.text(2) + u"-raw"_s, es.text(3), es.text(4), es.text(5), es.int64(6), es.bytes(7)};
                rs.push_back(r);
            }
            auto &sn = c.prepare(u"SELECT * FROM snapshot WHERE aggregate_id = ?"_s);
            sn.bind(1, id);
            while (sn.step()) {
                Row r{u"snapshot"_s, {}};
                r.values.push_back(sn.text(0) + u"-raw"_s);
                for (int col = 1; col < 27; ++col) {
                    if (col == 1 || col == 2 || (col >= 8 && col <= 9) || col >= 18)
                        r.values.push_back(sn.text(col));
                    else
                        r.values.push_back(sn.int64(col));
                }
                rs.push_back(r);
            }
            auto &sd = c.prepare(u"SELECT doc FROM snapshot_doc WHERE aggregate_id = ?"_s);
            sd.bind(1, id);
            while (sd.step())
                rs.push_back(Row{u"snapshot_doc"_s, {id + u"-raw"_s, sd.bytes(0)}});
            rows.push_back(rs);
        }
    }
    double rawRate = 0;
    {
        sqlite::Connection c(dbPath, false);
        c.exec("PRAGMA synchronous=NORMAL");
        const QString insEvent = u"INSERT INTO event_stream(aggregate_id, version, id, tenant_id, request_id, command_id, create_time, doc) VALUES (?,?,?,?,?,?,?,?)"_s;
        const QString insSnap = u"INSERT INTO snapshot VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"_s;
        const QString insDoc = u"INSERT INTO snapshot_doc(aggregate_id, doc) VALUES (?,?)"_s;
        timer.restart();
        for (const auto &rs : rows) {
            c.exec("BEGIN IMMEDIATE");
            for (const auto &r : rs) {
                auto &st = c.prepare(r.table == u"event_stream"_s ? insEvent : r.table == u"snapshot"_s ? insSnap : insDoc);
                st.bindAll(r.values).run();
            }
            c.exec("COMMIT");
        }
        rawRate = rows.size() / (timer.nsecsElapsed() / 1e9);
        c.exec("BEGIN");
        c.exec("DELETE FROM event_stream WHERE aggregate_id LIKE '%-raw'");
        c.exec("DELETE FROM snapshot WHERE aggregate_id LIKE '%-raw'");
        c.exec("DELETE FROM snapshot_doc WHERE aggregate_id LIKE '%-raw'");
        c.exec("COMMIT");
    }

    // ---- commands: prepare on the aggregates just created -----------------------------
    timer.restart();
    int prepared = 0;
    for (const auto &id : created) {
        try {
            engine.executeNow(Command{id, QString(), PrepareCompensation{}}, CommandOptions{});
            ++prepared;
        } catch (const EngineError &) {
        }
    }
    const double prepareRate = commandSample / (timer.nsecsElapsed() / 1e9);
    if (prepared != commandSample) {
        out << "prepare failed for " << (commandSample - prepared) << " aggregates\n";
        return 1;
    }
    out << QString::asprintf("create:  %.0f commands/s (engine)  vs %.0f rows/s (minimal SQLite loop, same rows)  ratio %.0f%%\n",
                             createRate, rawRate, 100.0 * createRate / rawRate);
    out << QString::asprintf("prepare: %.0f commands/s (engine)\n", prepareRate);
    out.flush();

    if (!categories(u"after %1 creates and %1 prepares"_s.arg(commandSample)))
        return 1;

    if (!analytics())
        return 1;
    out.flush();

    // ---- full event-stream scan through the engine API (keyset paging) ----------------
    timer.restart();
    qint64 streams = 0, bytes = 0;
    QString lastId;
    int lastVersion = 0;
    for (;;) {
        ListQuery q;
        q.limit = 1000;
        q.sort = {Sort{u"aggregateId"_s, SortDirection::Asc}, Sort{u"version"_s, SortDirection::Asc}};
        if (!lastId.isEmpty()) {
            // Keyset: from the last aggregate on, minus what was already read of it. The range on
            // aggregateId is a top-level AND term, so it walks the (aggregate id, version) index.
            Condition seen = Condition::nor_({Condition::and_({Condition::eq(u"aggregateId"_s, lastId),
                                                                 Condition::leaf(u"version"_s, Operator::Lte, lastVersion)})});
            q.condition = Condition::and_({Condition::leaf(u"aggregateId"_s, Operator::Gte, lastId), seen});
        }
        const auto page = await(engine.listEventStreams(q));
        for (const auto &d : page)
            bytes += d.json.size();
        streams += page.size();
        if (page.size() < 1000)
            break;
        const QJsonObject last = page.last().object();
        lastId = last.value("aggregateId"_L1).toString();
        lastVersion = last.value("version"_L1).toInt();
    }
    const double scanS = timer.nsecsElapsed() / 1e9;
    out << QString::asprintf("event-stream scan: %lld streams, %.1f MB in %.2f s = %.0f streams/s, %.1f MB/s\n",
                             (long long)streams, bytes / 1e6, scanS, streams / scanS, bytes / 1e6 / scanS);
    out << "peak RSS: " << peakRssMb() << " MB\n";
    return 0;
}
