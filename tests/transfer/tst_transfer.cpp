// Export and import: a round trip A → file → B → file gives identical files and identical
// snapshots; the built-in engine and serve + the remote engine export identical files (also
// across a dropped connection); damaged input is reported line by line and leaves B
// consistent; duplicates are skipped; CSV and bundles.

#include "builtin/builtin_engine.h"
#include "categories.h"
#include "builtin/demo_seeder.h"
#include "builtin/sqlite_db.h"
#include "remote/remote_engine.h"
#include "exporter.h"
#include "importer.h"
#include "wow_api_server.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include "forwarding_engine.h"
#include "test_fixtures.h"
#include "test_printers.h"
#include "test_wait.h"

using namespace wci;
using namespace wci::testing;
using namespace Qt::StringLiterals;

namespace {

std::unique_ptr<BuiltinEngine> openDb(const QString &path, bool readOnly = false)
{
    BuiltinEngineOptions o;
    o.path = path;
    o.readOnly = readOnly; // the export side must not write
    o.clock = [] { return kNow; };
    return std::move(BuiltinEngine::open(o)).value();
}

// Lines [from, to) of an NDJSON export as streams to import, each kept as it came.
std::vector<ImportStream> importStreamsOf(const QList<QByteArray> &lines, qsizetype from, qsizetype to)
{
    std::vector<ImportStream> out;
    for (qsizetype i = from; i < to; ++i) {
        ImportStream &s = out.emplace_back();
        s.stream = *DomainEventStream::fromJsonBytes(lines[i]);
        s.raw = lines[i];
    }
    return out;
}

// Whether a bulk import's snapshots are still to be counted (its mark in the file).
bool countsPendingIn(const QString &path)
{
    sqlite::Connection raw(path, false);
    auto &mark = raw.prepare(u"SELECT COUNT(*) FROM meta WHERE key = 'counts_pending'"_s);
    QTEST_ASSERT(mark.step());
    return mark.int64(0) > 0;
}

// The file's journal mode, as SQLite reports it ("wal", "delete", ...).
QString journalModeOf(const QString &path)
{
    sqlite::Connection raw(path, false);
    auto &mode = raw.prepare(u"PRAGMA journal_mode"_s);
    QTEST_ASSERT(mode.step());
    return mode.text(0);
}

// Runs an export to bytes.
QByteArray exportBytes(Engine &engine, const ExportSpec &spec, int *retries = nullptr,
                       const std::function<void(Exporter &)> &during = {})
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    Exporter exporter(&engine, spec, &buffer);
    bool hooked = false;
    QObject::connect(&exporter, &Exporter::progress, &exporter, [&] {
        if (during && !hooked) {
            hooked = true;
            during(exporter);
        }
    });
    QSignalSpy finished(&exporter, &Exporter::finished); // an event loop, not polling: pages come fast
    exporter.start();
    if (!exporter.isFinished())
        finished.wait(120000);
    if (!exporter.succeeded())
        qWarning("export failed: %s", qPrintable(exporter.error()));
    if (retries)
        *retries = exporter.retries();
    return exporter.succeeded() ? buffer.data() : QByteArray();
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    f.open(QIODevice::WriteOnly | QIODevice::Truncate);
    f.write(bytes);
    return path;
}

// The documents of an NDJSON export, one per line.
QList<QByteArray> documentLines(const QByteArray &ndjson)
{
    QList<QByteArray> lines = ndjson.split('\n');
    lines.removeAll(QByteArray());
    return lines;
}

// An output that takes `room` bytes and then fails, as a full disk does.
class FullDisk : public QIODevice {
public:
    explicit FullDisk(qint64 room) : m_room(room) { open(QIODevice::WriteOnly); }
    QByteArray written;

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 len) override
    {
        if (qint64(written.size()) + len > m_room) {
            setErrorString(u"No space left on device"_s);
            return -1;
        }
        written.append(data, len);
        return len;
    }

private:
    qint64 m_room;
};

// The file's indexes: name and definition.
QStringList indexesOf(const QString &path)
{
    sqlite::Connection c(path, false);
    auto &st = c.prepare(u"SELECT name || ': ' || COALESCE(sql, '') FROM sqlite_schema WHERE type = 'index' ORDER BY name"_s);
    QStringList out;
    while (st.step())
        out.append(st.text(0));
    st.reset();
    return out;
}

QMap<QString, QByteArray> snapshotsById(Engine &engine)
{
    QMap<QString, QByteArray> out;
    for (const Condition &c : {Condition::all(), Condition::deleted(DeletionState::Deleted)}) {
        ListQuery q;
        q.condition = c;
        for (const auto &d : await(engine.listSnapshots(q, SnapshotView::Document)))
            out.insert(d.object().value("aggregateId"_L1).toString(), d.json);
    }
    return out;
}

// Rows in which the file's stored counts (per bucket, per second of a time, per event name and
// quarter hour) and the counts of its rows differ, both ways; zero when they agree. Rows of
// zero count are left out of the comparison: they are allowed; negative counts are not.
qint64 countMismatches(const QString &path)
{
    const QString unit = u"COALESCE(%1 / %2 - (%1 % %2 < 0), -9223372036854775808)"_s;
    // Each col's time and unit: per second, then the same times per hour.
    QStringList timeCounts;
    const QStringList times = {u"timeout_at"_s, u"next_retry_at"_s, u"MAX(timeout_at, next_retry_at)"_s};
    for (int col = 0; col < 6; ++col)
        timeCounts.append(u"SELECT %1, %2, %3, COUNT(*) FROM snapshot GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"_s
                              .arg(u"deleted, tenant_id, owner_id, status, recoverable, is_retryable, is_below_retry_threshold"_s)
                              .arg(col)
                              .arg(unit.arg(times[col % 3]).arg(col < 3 ? 1000 : 3600000)));
    const QString bucket = u"deleted, tenant_id, owner_id, status, recoverable, is_retryable, is_below_retry_threshold"_s;
    const QStringList pairs = {
        u"SELECT %1, COUNT(*) FROM snapshot GROUP BY 1, 2, 3, 4, 5, 6, 7"_s.arg(bucket),
        u"SELECT %1, n FROM snapshot_count WHERE n <> 0"_s.arg(bucket),
        timeCounts.join(u" UNION ALL "_s),
        u"SELECT %1, col, sec, n FROM snapshot_time_count WHERE n <> 0"_s.arg(bucket),
        u"SELECT body_name, tenant_id, create_time / 900000 - (create_time % 900000 < 0), COUNT(*) FROM event_stream "
        "WHERE body_name IS NOT NULL GROUP BY 1, 2, 3"_s,
        u"SELECT body_name, tenant_id, quarter, n FROM event_count WHERE n <> 0"_s,
    };
    sqlite::Connection c(path, false);
    qint64 out = 0;
    for (qsizetype i = 0; i < pairs.size(); i += 2) {
        auto &st = c.prepare(u"SELECT (SELECT COUNT(*) FROM (SELECT * FROM (%1) EXCEPT SELECT * FROM (%2))) + "
                                 "(SELECT COUNT(*) FROM (SELECT * FROM (%2) EXCEPT SELECT * FROM (%1)))"_s
                                 .arg(pairs[i], pairs[i + 1]));
        QTEST_ASSERT(st.step());
        out += st.int64(0);
        st.reset();
    }
    auto &negative = c.prepare(u"SELECT (SELECT COUNT(*) FROM snapshot_count WHERE n < 0) + "
                               "(SELECT COUNT(*) FROM snapshot_time_count WHERE n < 0) + (SELECT COUNT(*) FROM event_count WHERE n < 0)"_s);
    QTEST_ASSERT(negative.step());
    out += negative.int64(0);
    negative.reset();
    return out;
}
} // namespace

class TestTransfer : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString dbA;

private slots:
    void initTestCase()
    {
        dbA = dir.filePath(u"a.db"_s);
        QVERIFY(seedDatabase(dbA, 600, 41).ok());
    }

    void roundTripIsIdentical_data()
    {
        QTest::addColumn<int>("format");
        QTest::newRow("ndjson") << int(ExportSpec::Format::Ndjson);
        QTest::newRow("json") << int(ExportSpec::Format::Json);
    }

    void roundTripIsIdentical()
    {
        QFETCH(int, format);
        auto a = openDb(dbA, true);
        ExportSpec spec;
        spec.what = ExportSpec::What::Streams;
        spec.everything = true;
        spec.format = ExportSpec::Format(format);
        spec.pageSize = 97; // pages end inside aggregates: the cursor continues within them
        const QByteArray fromA = exportBytes(*a, spec);
        QVERIFY(!fromA.isEmpty());
        const qint64 streams = await(a->countEventStreams(Condition::all()));
        const QString file = writeFile(dir, u"a.%1"_s.arg(format), fromA);

        const QString dbB = dir.filePath(u"b%1.db"_s.arg(format));
        auto b = openDb(dbB);
        Importer importer(b.get());
        const ImportReport report = importer.importFiles({file});
        QVERIFY2(report.problems.isEmpty(), qPrintable(report.problems.value(0).message));
        QCOMPARE(report.documents, streams);
        QCOMPARE(report.imported, streams);
        QCOMPARE(report.duplicates, 0);

        spec.pageSize = 0;
        QCOMPARE(exportBytes(*b, spec), fromA);
        QCOMPARE(snapshotsById(*b), snapshotsById(*a)); // every snapshot, deleted ones too

        // Importing again: every stream is a duplicate, nothing changes.
        const ImportReport again = importer.importFiles({file});
        QCOMPARE(again.imported, 0);
        QCOMPARE(again.duplicates, streams);
        QVERIFY(again.problems.isEmpty());
        QCOMPARE(exportBytes(*b, spec), fromA);
    }

    // Against serve as Wow 8.10 and as current Wow (which the remote engine learns by probing,
    // and then sends filter bodies).
    void builtinAndRemoteExportTheSame_data()
    {
        QTest::addColumn<bool>("current");
        QTest::newRow("remote-8.10") << false;
        QTest::newRow("remote-current") << true;
    }

    void builtinAndRemoteExportTheSame()
    {
        QFETCH(bool, current);
        auto a = openDb(dbA, true);
        WowApiServerConfig config;
        config.generation = current ? WowGeneration::Current : WowGeneration::V8_10;
        WowApiServer server(a.get(), config);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const quint16 port = server.port();
        RemoteEngineOptions o;
        o.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
        o.timeoutMs = 10000;
        o.readRetries = 0; // the exporter's own retries are under test
        RemoteEngine remote(o);
        auto probed = remote.probe();
        QVERIFY(testing::waitForFinished(probed, 10000));
        QCOMPARE(probed.result().filterBodies, current);
        for (auto what : {ExportSpec::What::Streams, ExportSpec::What::Snapshots, ExportSpec::What::States}) {
            ExportSpec spec;
            spec.what = what;
            spec.format = ExportSpec::Format::Ndjson;
            spec.pageSize = 61;
            for (auto category : {FailureCategory::ToRetry, FailureCategory::Deleted}) {
                spec.condition = categoryCondition(category, kNow);
                const QByteArray local = exportBytes(*a, spec);
                QVERIFY(!local.isEmpty());
                QCOMPARE(exportBytes(remote, spec), local);
            }
        }
        // Everything, and a dropped connection midway: the export resumes and is the same.
        ExportSpec all;
        all.what = ExportSpec::What::Streams;
        all.everything = true;
        all.pageSize = 200;
        const QByteArray local = exportBytes(*a, all);
        int retries = 0;
        const QByteArray through = exportBytes(remote, all, &retries, [&](Exporter &) {
            // The connection drops (requests in flight die) and the server is away for a while.
            server.close();
            server.abortConnections();
            QTimer::singleShot(400, &server, [&server, port] { server.listen(QHostAddress::LocalHost, port); });
        });
        QCOMPARE(through.size(), local.size());
        QCOMPARE(through, local);
        QVERIFY(retries > 0);
    }

    // Exports read snapshots through the engine's cursor; after a token the engine no longer
    // takes they go on by id from the last one written, and give the same bytes. Deleted
    // failures cannot be read on by id: that export stops with a clear error.
    void exportGoesOnByIdAfterARefusedToken()
    {
        auto a = openDb(dbA, true);
        QVERIFY(a->capabilities().cursorPaging);
        for (auto what : {ExportSpec::What::Snapshots, ExportSpec::What::States, ExportSpec::What::Streams}) {
            ExportSpec spec;
            spec.what = what;
            spec.condition = categoryCondition(FailureCategory::ToRetry, kNow);
            spec.pageSize = 40;
            const QByteArray direct = exportBytes(*a, spec);
            QVERIFY(documentLines(direct).size() > 3 * spec.pageSize);
            testing::RefusingOneCursorToken refusing(a.get());
            QCOMPARE(exportBytes(refusing, spec), direct);
            QCOMPARE(refusing.refusedTokens, 1);
            QCOMPARE(refusing.cursorPages, 2);
            QVERIFY(refusing.listPages >= 2);
        }
        ExportSpec deleted;
        deleted.what = ExportSpec::What::Snapshots;
        deleted.condition = categoryCondition(FailureCategory::Deleted, kNow);
        deleted.pageSize = 5;
        QVERIFY(documentLines(exportBytes(*a, deleted)).size() > deleted.pageSize);
        testing::RefusingOneCursorToken refusing(a.get());
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        Exporter exporter(&refusing, deleted, &buffer);
        QSignalSpy finished(&exporter, &Exporter::finished);
        exporter.start();
        QVERIFY(exporter.isFinished() || finished.wait(10000));
        QVERIFY(!exporter.succeeded());
        QVERIFY2(exporter.error().contains(u"export them again"_s), qPrintable(exporter.error()));
    }

    // An aggregate imported in two parts (its first versions, then the rest, as two exports of
    // a growing database would be): the second part is appended to what is stored, and the
    // result equals a single import.
    void importInTwoPartsEqualsOne()
    {
        auto a = openDb(dbA, true);
        ExportSpec spec;
        spec.everything = true;
        const QByteArray all = exportBytes(*a, spec);
        QByteArray first, second;
        for (const QByteArray &line : all.split('\n')) {
            if (line.isEmpty())
                continue;
            const int version = QJsonDocument::fromJson(line).object().value("version"_L1).toInt();
            (version <= 2 ? first : second) += line + '\n';
        }
        QVERIFY(!first.isEmpty() && !second.isEmpty());
        auto c = openDb(dir.filePath(u"c.db"_s));
        Importer importer(c.get());
        const ImportReport r1 = importer.importFiles({writeFile(dir, u"first.ndjson"_s, first)});
        const ImportReport r2 = importer.importFiles({writeFile(dir, u"second.ndjson"_s, second)});
        QVERIFY(r1.problems.isEmpty() && r2.problems.isEmpty());
        QCOMPARE(r1.imported + r2.imported, await(a->countEventStreams(Condition::all())));
        QCOMPARE(exportBytes(*c, spec), all);
        QCOMPARE(snapshotsById(*c), snapshotsById(*a));
    }

    // Documents are handed to the output in blocks: when it fails (a full disk), the export
    // stops with the output's error, having handed on only whole documents.
    void exportStopsWhenTheOutputFails()
    {
        auto a = openDb(dbA, true);
        ExportSpec spec;
        spec.everything = true;
        const QByteArray all = exportBytes(*a, spec);
        QVERIFY(all.size() > 3 * (1 << 20) / 2); // more than one block
        FullDisk disk(all.size() / 2);
        Exporter exporter(a.get(), spec, &disk);
        QSignalSpy finished(&exporter, &Exporter::finished);
        exporter.start();
        QVERIFY(finished.wait(30000) || exporter.isFinished());
        QVERIFY(!exporter.succeeded());
        QVERIFY2(exporter.error().startsWith(u"Cannot write the output: No space left on device"_s), qPrintable(exporter.error()));
        QVERIFY(!disk.written.isEmpty());
        QVERIFY(disk.written.endsWith('\n'));
        QVERIFY(all.startsWith(disk.written));
    }


    // An import adds its counts (per bucket, per second of the retry times, per event name and
    // quarter hour) once per transaction: they equal the counts of the rows it wrote, also
    // when an aggregate is rolled back (a version skipped), when a later file continues an
    // aggregate stored before (its snapshot replaced), and in a bulk import.
    void importedCountsEqualTheRows()
    {
        auto a = openDb(dbA, true);
        ExportSpec spec;
        spec.everything = true;
        QList<QByteArray> lines = documentLines(exportBytes(*a, spec));
        const auto streamAt = [&](qsizetype i) { return *DomainEventStream::fromJsonBytes(lines[i]); };
        // The cut: inside an aggregate, after its first stream.
        qsizetype cut = lines.size() / 2;
        while (streamAt(cut).version != 2)
            ++cut;
        const QString continued = streamAt(cut).aggregateId;
        // An aggregate of the first file with a version left out: from there on it is refused.
        qsizetype skipped = cut / 3;
        while (streamAt(skipped).version != 2 || streamAt(skipped + 1).aggregateId != streamAt(skipped).aggregateId)
            ++skipped;
        const QString refused = streamAt(skipped).aggregateId;
        const qint64 refusedStreams = await(a->loadEventStreams(refused, 1, 100)).size();
        QVERIFY(refusedStreams >= 3);
        lines.removeAt(skipped);
        --cut;
        const QString first = writeFile(dir, u"counts-1.ndjson"_s, lines.mid(0, cut).join('\n') + '\n');
        const QString second = writeFile(dir, u"counts-2.ndjson"_s, lines.mid(cut).join('\n') + '\n');

        for (const bool bulk : {false, true}) {
            const QString path = dir.filePath(bulk ? u"counts-bulk.db"_s : u"counts.db"_s);
            {
                auto b = openDb(path);
                Importer importer(b.get());
                importer.setBulk(bulk);
                const ImportReport r1 = importer.importFiles({first});
                QCOMPARE(r1.problems.size(), 1);
                QVERIFY2(r1.problems[0].message.contains(refused), qPrintable(r1.problems[0].message));
                QCOMPARE(bulk, r1.indexMs >= 0);
                QVERIFY(Snapshot::fromJsonBytes(await(b->getSnapshot(continued)).json).ok());
                QCOMPARE(countMismatches(path), 0);
                const ImportReport r2 = importer.importFiles({second});
                QVERIFY2(r2.problems.isEmpty(), qPrintable(r2.problems.value(0).message));
                QCOMPARE(r2.indexMs, -1); // the file holds data now
                QCOMPARE(r1.imported + r2.imported, await(a->countEventStreams(Condition::all())) - refusedStreams);
                const auto expected = Snapshot::fromJsonBytes(await(a->getSnapshot(continued)).json);
                QCOMPARE(Snapshot::fromJsonBytes(await(b->getSnapshot(continued)).json)->state, expected->state);
                QVERIFY(await(b->loadEventStreams(refused, 1, 100)).isEmpty());
                for (auto c : allFailureCategories) {
                    const qint64 theirs = await(a->countSnapshots(categoryCondition(c, kNow)));
                    const qint64 ours = await(b->countSnapshots(categoryCondition(c, kNow)));
                    QVERIFY(ours == theirs || ours == theirs - 1);
                }
            }
            QCOMPARE(countMismatches(path), 0);
        }
    }

    // A command-line import into an empty file builds the secondary indexes once at the end:
    // the same streams, snapshots and indexes as an import entry by entry; a file that holds
    // data keeps its indexes throughout; a file left without them (the process died) gets them
    // back when it is opened.
    void bulkImportBuildsTheIndexesAtTheEnd()
    {
        auto a = openDb(dbA, true);
        ExportSpec spec;
        spec.everything = true;
        const QByteArray all = exportBytes(*a, spec);
        const QString file = writeFile(dir, u"bulk.ndjson"_s, all);
        const QString plainDb = dir.filePath(u"plain.db"_s);
        {
            auto plain = openDb(plainDb);
            QVERIFY(Importer(plain.get()).importFiles({file}).problems.isEmpty());
        }
        const QStringList indexes = indexesOf(plainDb);
        QVERIFY(indexes.size() > 15);

        const QString bulkDb = dir.filePath(u"bulk.db"_s);
        auto b = openDb(bulkDb);
        Importer importer(b.get());
        importer.setBulk(true);
        int indexesDuring = -1;
        const ImportReport r = importer.importFiles({file}, [&](qint64) {
            if (indexesDuring < 0)
                indexesDuring = int(indexesOf(bulkDb).size());
        });
        QVERIFY2(r.problems.isEmpty(), qPrintable(r.problems.value(0).message));
        QVERIFY(r.indexMs >= 0);
        QVERIFY2(indexesDuring >= 0 && indexesDuring < indexes.size() - 10, qPrintable(QString::number(indexesDuring)));
        QCOMPARE(indexesOf(bulkDb), indexes);
        // The indexes were built with a rollback journal (no other connection had the file
        // open), and the file is back in WAL mode.
        QCOMPARE(journalModeOf(bulkDb), u"wal"_s);
        QCOMPARE(exportBytes(*b, spec), all);
        QCOMPARE(snapshotsById(*b), snapshotsById(*a));
        for (auto c : allFailureCategories)
            QCOMPARE(await(b->countSnapshots(categoryCondition(c, kNow))), await(a->countSnapshots(categoryCondition(c, kNow))));

        // Into a file with data: nothing deferred.
        const ImportReport again = importer.importFiles({file});
        QCOMPARE(again.indexMs, -1);
        QCOMPARE(again.duplicates, r.imported);

        // A bulk import that never finished: the next open builds what is missing.
        const QString brokenDb = dir.filePath(u"unfinished.db"_s);
        {
            auto c = openDb(brokenDb);
            QVERIFY(c->beginBulkImport());
            QVERIFY(!c->beginBulkImport()); // once
            c->importStreams({});
            QVERIFY(indexesOf(brokenDb).size() < indexes.size() - 10);
            c->endBulkImport();
            QCOMPARE(indexesOf(brokenDb), indexes);
        }
        {
            sqlite::Connection raw(brokenDb, false);
            raw.exec("DROP INDEX snapshot_category2; DROP INDEX event_stream_time");
        }
        QVERIFY(indexesOf(brokenDb) != indexes);
        openDb(brokenDb);
        QCOMPARE(indexesOf(brokenDb), indexes);

        // The snapshots of a bulk import are counted once, at its end: one cut short before
        // then leaves its mark, and its counts are made by the next open that may write (a
        // read-only one says why it cannot).
        const QString cutDb = dir.filePath(u"cut-short.db"_s);
        {
            auto c = openDb(cutDb);
            Importer cut(c.get());
            cut.setBulk(true);
            QVERIFY(cut.importFiles({file}).problems.isEmpty());
        }
        QCOMPARE(countMismatches(cutDb), 0);
        {
            sqlite::Connection raw(cutDb, false);
            raw.exec("INSERT INTO meta(key, value) VALUES ('counts_pending', '1'); DELETE FROM snapshot_count; "
                     "UPDATE snapshot_time_count SET n = n + 5 WHERE col = 1; DROP INDEX snapshot_category2");
        }
        QVERIFY(countMismatches(cutDb) > 0);
        {
            BuiltinEngineOptions o;
            o.path = cutDb;
            o.readOnly = true;
            const auto refused = BuiltinEngine::open(o);
            QVERIFY(!refused);
            QVERIFY2(refused.error().message.contains(u"import that did not finish"_s), qPrintable(refused.error().message));
        }
        QVERIFY(countMismatches(cutDb) > 0); // unchanged
        {
            auto c = openDb(cutDb);
            for (auto cat : allFailureCategories)
                QCOMPARE(await(c->countSnapshots(categoryCondition(cat, kNow))), await(a->countSnapshots(categoryCondition(cat, kNow))));
        }
        QCOMPARE(countMismatches(cutDb), 0);
        QCOMPARE(indexesOf(cutDb), indexes);
        QVERIFY(!countsPendingIn(cutDb));

        // Another engine that opens the file during the import (the window does, during the
        // demo's creation) counts what is there; the import's next batch marks the file again,
        // so every state the file is left in either has the mark or counts equal to its rows.
        const QString sharedDb = dir.filePath(u"shared.db"_s);
        const QList<QByteArray> lines = documentLines(all);
        const auto decode = [&](qsizetype from, qsizetype to) { return importStreamsOf(lines, from, to); };
        qsizetype half = lines.size() / 2; // at an aggregate's first stream
        while (DomainEventStream::fromJsonBytes(lines[half])->version != 1)
            ++half;
        {
            auto writer = openDb(sharedDb);
            QVERIFY(writer->beginBulkImport());
            writer->importStreams(decode(0, half));
            QVERIFY(countsPendingIn(sharedDb));
            openDb(sharedDb); // counts the first half
            QVERIFY(!countsPendingIn(sharedDb));
            QCOMPARE(countMismatches(sharedDb), 0);
            writer->importStreams(decode(half, lines.size()));
            QVERIFY(countsPendingIn(sharedDb));
            QVERIFY(countMismatches(sharedDb) > 0);
            // An engine that has the file open when the import ends keeps it in WAL mode: the
            // indexes are built through the WAL, and that engine reads on meanwhile.
            auto window = openDb(sharedDb);
            writer->endBulkImport();
            QCOMPARE(journalModeOf(sharedDb), u"wal"_s);
            QCOMPARE(snapshotsById(*window), snapshotsById(*a));
        }
        QVERIFY(!countsPendingIn(sharedDb));
        QCOMPARE(countMismatches(sharedDb), 0);
        QCOMPARE(snapshotsById(*openDb(sharedDb, true)), snapshotsById(*a));

        // An engine opened while another builds its indexes with a rollback journal waits for
        // it (SQLite refuses the change to WAL mode meanwhile without waiting), then opens the
        // file in WAL mode.
        {
            sqlite::Connection builder(sharedDb, false);
            builder.exec("PRAGMA journal_mode=DELETE");
            QCOMPARE(journalModeOf(sharedDb), u"delete"_s);
            builder.exec("BEGIN IMMEDIATE; CREATE INDEX building ON snapshot(owner_id, aggregate_id)");
            QElapsedTimer waited;
            waited.start();
            QTimer::singleShot(300, [&] { builder.exec("DROP INDEX building; COMMIT"); });
            QFuture<bool> opened = QtConcurrent::run([&] { return bool(BuiltinEngine::open(BuiltinEngineOptions{.path = sharedDb})); });
            while (!opened.isFinished())
                QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
            QVERIFY(opened.result());
            QVERIFY2(waited.elapsed() >= 250, qPrintable(QString::number(waited.elapsed())));
        }
        QCOMPARE(journalModeOf(sharedDb), u"wal"_s);
        QCOMPARE(countMismatches(sharedDb), 0);
    }

    // The work done ahead of the writer (prepareImport: documents compressed with the file's
    // dictionary, each run of streams that starts an aggregate replayed into its snapshot)
    // gives the same streams and snapshots as the writer's own; a prepared snapshot is used only
    // for exactly the streams it was made from.
    void preparedImportEqualsTheWritersOwn()
    {
        auto a = openDb(dbA, true);
        ExportSpec spec;
        spec.everything = true;
        const QByteArray all = exportBytes(*a, spec);
        const QList<QByteArray> lines = documentLines(all);

        BuiltinEngineOptions o;
        o.path = dir.filePath(u"prepared.db"_s);
        o.clock = [] { return kNow; };
        o.dictionarySamples = 50; // the first import trains the file's dictionary
        auto b = std::move(BuiltinEngine::open(o)).value();
        const auto decode = [&](qsizetype from, qsizetype to) { return importStreamsOf(lines, from, to); };
        // Too few documents to train a dictionary from: nothing prepared, the writer keeps
        // them as samples.
        std::vector<ImportStream> first = decode(0, 30);
        b->prepareImport(first);
        for (const auto &s : first)
            QVERIFY(s.stored.isEmpty() && !s.snapshot);
        b->importStreams(first);
        QCOMPARE(await(b->storageInfo()).dictionaries, 0);
        // Enough: the file's dictionary is trained from them as they are prepared, and the
        // writer stores it with them.
        std::vector<ImportStream> second = decode(30, 200);
        b->prepareImport(second);
        for (const auto &s : second)
            QVERIFY(!s.stored.isEmpty());
        for (const auto &outcome : b->importStreams(second))
            QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
        QCOMPARE(await(b->storageInfo()).dictionaries, 1);

        std::vector<ImportStream> rest = decode(200, lines.size());
        const QString lastId = rest.back().stream.aggregateId;
        // One aggregate's last stream moved to the end of the batch: its run is prepared
        // without it, and the writer, which writes all its streams, must not use that snapshot.
        size_t m = rest.size() / 2;
        while (rest[m].stream.version < 2 || rest[m + 1].stream.aggregateId == rest[m].stream.aggregateId)
            ++m;
        const QString movedId = rest[m].stream.aggregateId;
        const int movedVersion = rest[m].stream.version;
        ImportStream moved = std::move(rest[m]);
        rest.erase(rest.begin() + qsizetype(m));
        rest.push_back(std::move(moved));
        b->prepareImport(rest);
        int snapshots = 0;
        for (const auto &s : rest) {
            QVERIFY(!s.stored.isEmpty());
            snapshots += s.snapshot ? 1 : 0;
        }
        const qint64 aggregates = await(a->countSnapshots(Condition::all()))
                                  + await(a->countSnapshots(Condition::deleted(DeletionState::Deleted)));
        QVERIFY2(snapshots > aggregates / 2, qPrintable(u"%1 of %2"_s.arg(snapshots).arg(aggregates)));
        QVERIFY(!rest.back().snapshot && rest.back().stream.aggregateId == movedId);
        QVERIFY(rest[m - 1].snapshot && rest[m - 1].snapshot->snapshot.version == movedVersion - 1);
        QVERIFY(rest.front().stream.version > 1); // the first batch ended inside this aggregate
        QVERIFY(!rest.front().snapshot);
        // The last aggregate's last stream held back for a later batch: the snapshot prepared
        // on it is not written, its run is replayed from the stored streams.
        const size_t h = rest.size() - 2;
        QVERIFY(rest[h].stream.aggregateId == lastId && rest[h].snapshot);
        const ImportStream held = std::move(rest[h]);
        rest.erase(rest.begin() + qsizetype(h));
        for (const auto &outcome : b->importStreams(rest))
            QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
        QCOMPARE(Snapshot::fromJsonBytes(await(b->getSnapshot(movedId)).json)->version, movedVersion);
        QCOMPARE(Snapshot::fromJsonBytes(await(b->getSnapshot(lastId)).json)->version, held.stream.version - 1);
        b->importStreams({held});

        QCOMPARE(exportBytes(*b, spec), all);
        QCOMPARE(snapshotsById(*b), snapshotsById(*a));
        const StorageInfo info = await(b->storageInfo());
        QCOMPARE(info.plainDocuments, 0); // the first batch's were compressed when the dictionary came
    }

    // Documents are decoded on the pool's threads a block (2 MB of NDJSON lines) at a time,
    // two blocks at once, while the blocks before them are written: problems keep their lines
    // and file order across blocks, and Cancel stops between blocks with everything written
    // so far consistent and counted.
    void importAcrossChunksKeepsLinesAndCancels()
    {
        auto a = openDb(dbA, true);
        ExportSpec spec;
        spec.everything = true;
        QList<QByteArray> lines = documentLines(exportBytes(*a, spec));
        const qint64 streams = lines.size();
        QVERIFY2(streams > 3000, qPrintable(QString::number(streams)));
        // Broken documents on lines 1, 2001 and 3001 (first lines of the first three chunks).
        for (const int line : {1, 2001, 3001})
            lines.insert(line - 1, QByteArray("{\"id\": broken"));
        const QString file = writeFile(dir, u"chunks.ndjson"_s, lines.join('\n') + '\n');

        auto b = openDb(dir.filePath(u"chunks.db"_s));
        const ImportReport r = Importer(b.get()).importFiles({file});
        QList<qint64> problemLines;
        for (const auto &p : r.problems) {
            QVERIFY2(p.message.startsWith(u"Not an event stream"_s), qPrintable(p.message));
            problemLines.append(p.line);
        }
        QCOMPARE(problemLines, QList<qint64>({1, 2001, 3001}));
        QCOMPARE(r.documents, streams + 3);
        QCOMPARE(r.imported, streams);
        QCOMPARE(exportBytes(*b, spec), exportBytes(*a, spec));

        // Cancelled once the first 1 000 documents were taken: stops at the next chunk.
        auto c = openDb(dir.filePath(u"cancelled.db"_s));
        bool cancel = false;
        const ImportReport cancelled = Importer(c.get()).importFiles(
            {file}, [&](qint64 documents) { cancel = cancel || documents >= 1000; }, [&] { return cancel; });
        QVERIFY(cancelled.cancelled);
        QVERIFY2(cancelled.imported > 0 && cancelled.imported < streams, qPrintable(QString::number(cancelled.imported)));
        QCOMPARE(await(c->countEventStreams(Condition::all())), cancelled.imported);
        const auto snaps = snapshotsById(*c);
        for (auto it = snaps.begin(); it != snaps.end(); ++it) {
            const Snapshot s = *Snapshot::fromJsonBytes(it.value());
            QCOMPARE(int(await(c->loadEventStreams(it.key(), 1, 100000)).size()), s.version);
        }
    }

    // NDJSON is read in blocks of whole lines: a line longer than a block (here 5 MB) is read
    // whole, with Windows line ends, blank lines and a last line without its end, and the lines
    // of problems after it stay right.
    void importReadsLinesLongerThanABlock()
    {
        auto a = openDb(dbA, true);
        ExportSpec spec;
        spec.everything = true;
        QList<QByteArray> lines = documentLines(exportBytes(*a, spec)).mid(0, 40);
        while (DomainEventStream::fromJsonBytes(lines.back()).value().version != 1)
            lines.removeLast(); // whole aggregates
        const qsizetype big = lines.size() / 2;
        const QByteArray pad = "\"header\":{\"pad\":\"" + QByteArray(5 << 20, 'x') + '"';
        const qsizetype header = lines[big].indexOf("\"header\":{");
        QVERIFY(header >= 0);
        lines[big].replace(header, 10, QByteArray(pad + (lines[big][header + 10] == '}' ? "" : ",")));
        QVERIFY(DomainEventStream::fromJsonBytes(lines[big]).ok());
        const qint64 streams = lines.size();
        lines.insert(big + 2, QByteArray());           // line big + 3: blank
        lines.insert(big + 3, QByteArray("{broken"));  // line big + 4
        const QString file = writeFile(dir, u"long.ndjson"_s, lines.join("\r\n"));
        auto b = openDb(dir.filePath(u"long.db"_s));
        const ImportReport r = Importer(b.get()).importFiles({file});
        QCOMPARE(r.problems.size(), 1);
        QCOMPARE(r.problems[0].line, big + 4);
        QCOMPARE(r.imported, streams);
        const DomainEventStream stored = DomainEventStream::fromJsonBytes(lines[big]).value();
        const auto back = await(b->loadEventStreams(stored.aggregateId, stored.version, stored.version));
        QCOMPARE(back.size(), 1);
        QCOMPARE(back[0].json, lines[big]);
        const DomainEventStream last = DomainEventStream::fromJsonBytes(lines.back()).value();
        QCOMPARE(await(b->loadEventStreams(last.aggregateId, 1, 100)).size(), 1);
    }

    void damagedInputIsReportedAndBStaysConsistent()
    {
        auto a = openDb(dbA, true);
        ExportSpec spec;
        spec.everything = true;
        const QByteArray good = exportBytes(*a, spec);
        QList<QByteArray> lines = good.split('\n');
        lines.removeLast(); // after the final newline
        // Line 3: wrong JSON. Line 5: not a stream. An aggregate whose version 2 is missing.
        lines[2] = "{\"id\": broken";
        lines[4] = "{\"hello\":\"world\"}";
        QString skipped;
        int skippedLine = 0;
        for (int i = 10; i < lines.size(); ++i) {
            const QJsonObject o = QJsonDocument::fromJson(lines[i]).object();
            if (o.value("version"_L1).toInt() == 2) {
                skipped = o.value("aggregateId"_L1).toString();
                lines.removeAt(i);
                // the line of its first stream (version 1), 1-based
                for (int j = i - 1; j >= 0; --j) {
                    if (QJsonDocument::fromJson(lines[j]).object().value("aggregateId"_L1).toString() != skipped)
                        break;
                    skippedLine = j + 1;
                }
                break;
            }
        }
        QVERIFY(!skipped.isEmpty());
        // An aggregate whose first event is of a type this aggregate does not have.
        QString unknown;
        int unknownLine = 0;
        for (int i = int(lines.size()) / 2; i < lines.size(); ++i) {
            if (QJsonDocument::fromJson(lines[i]).object().value("version"_L1).toInt() == 1) {
                unknown = QJsonDocument::fromJson(lines[i]).object().value("aggregateId"_L1).toString();
                unknownLine = i + 1;
                QVERIFY(lines[i].contains("\"name\":\"execution_failed_created\""));
                lines[i].replace("\"name\":\"execution_failed_created\"", "\"name\":\"order_created\"");
                lines[i].replace("me.ahoo.wow.compensation.api.ExecutionFailedCreated", "com.acme.OrderCreated");
                break;
            }
        }
        QVERIFY(!unknown.isEmpty());
        QByteArray damaged = lines.join('\n') + '\n';
        damaged.chop(damaged.size() - damaged.lastIndexOf('\n', damaged.size() - 2) - 40); // truncated last line
        const QString ndjson = writeFile(dir, u"damaged.ndjson"_s, damaged);
        // A JSON array cut in the middle.
        ExportSpec arraySpec;
        arraySpec.format = ExportSpec::Format::Json;
        arraySpec.everything = true;
        QByteArray array = exportBytes(*a, arraySpec);
        array.truncate(array.size() / 2);
        const QString json = writeFile(dir, u"damaged.json"_s, array);

        const QString dbB = dir.filePath(u"damaged.db"_s);
        auto b = openDb(dbB);
        Importer importer(b.get());
        ImportReport r = importer.importFiles({ndjson});
        // The cut JSON array goes into another database (it holds the skipped aggregate whole).
        auto c = openDb(dir.filePath(u"damaged-json.db"_s));
        const ImportReport fromJson = Importer(c.get()).importFiles({json});
        r.problems += fromJson.problems;
        QVERIFY(fromJson.imported > 0);
        QStringList problems;
        for (const auto &p : r.problems)
            problems.append(u"%1:%2 %3 %4"_s.arg(QFileInfo(p.file).fileName()).arg(p.line).arg(p.aggregateId, p.message));
        const auto has = [&](const QString &needle) {
            return std::any_of(problems.begin(), problems.end(), [&](const QString &p) { return p.contains(needle); });
        };
        QVERIFY2(has(u"damaged.ndjson:3 "_s), qPrintable(problems.join(u'\n')));
        QVERIFY2(has(u"damaged.ndjson:5 "_s), qPrintable(problems.join(u'\n')));
        QVERIFY2(has(u"damaged.ndjson:%1 %2 Versions of %2 skip: version 3 follows version 1."_s.arg(skippedLine).arg(skipped)),
                 qPrintable(problems.join(u'\n')));
        QVERIFY2(has(u"damaged.ndjson:%1 "_s.arg(lines.size())), qPrintable(problems.join(u'\n'))); // the truncated line
        QVERIFY2(has(u"damaged.ndjson:%1 %2 Event order_created of stream "_s.arg(unknownLine).arg(unknown)),
                 qPrintable(problems.join(u'\n')));
        QVERIFY2(has(u"damaged.json:"_s) && has(u"truncated"_s), qPrintable(problems.join(u'\n')));
        QVERIFY(r.imported > 0);

        // B is consistent: every aggregate's versions run 1..n, its snapshot is the replay of
        // its streams, and the rejected aggregate has nothing at all.
        QVERIFY(await(b->loadEventStreams(skipped, 1, 1000)).isEmpty());
        QVERIFY(await(b->loadEventStreams(unknown, 1, 1000)).isEmpty());
        const auto snaps = snapshotsById(*b);
        QVERIFY(!snaps.contains(skipped));
        QVERIFY(!snaps.contains(unknown));
        for (auto it = snaps.begin(); it != snaps.end(); ++it) {
            const Snapshot s = *Snapshot::fromJsonBytes(it.value());
            const auto streams = await(b->loadEventStreams(it.key(), 1, 100000));
            QCOMPARE(int(streams.size()), s.version);
            for (int i = 0; i < streams.size(); ++i)
                QCOMPARE(streams[i].object().value("version"_L1).toInt(), i + 1);
            const Snapshot inA = *Snapshot::fromJsonBytes(snapshotsById(*a).value(it.key()));
            if (inA.version == s.version)
                QCOMPARE(s, inA); // complete aggregates are exactly A's
        }
    }

    void listCsvAndBundles()
    {
        auto a = openDb(dbA, true);
        ExportSpec csv;
        csv.what = ExportSpec::What::List;
        csv.format = ExportSpec::Format::Csv;
        csv.condition = categoryCondition(FailureCategory::Succeeded, kNow);
        const QByteArray text = exportBytes(*a, csv);
        const qint64 succeeded = await(a->countSnapshots(csv.condition));
        QCOMPARE(qint64(text.count("\r\n")), succeeded + 1);
        QVERIFY(text.startsWith("status,executionId,"));
        ExportSpec wrong;
        wrong.what = ExportSpec::What::Streams;
        wrong.everything = true;
        wrong.format = ExportSpec::Format::Csv;
        QVERIFY(exportBytes(*a, wrong).isEmpty()); // refused with a clear error

        // Bundles: one JSON object per failure with state, snapshot, streams and timeline.
        ListQuery q;
        q.condition = Condition::leaf(u"version"_s, Operator::Gte, 3);
        q.limit = 3;
        QStringList ids;
        for (const auto &d : await(a->listSnapshots(q, SnapshotView::Document)))
            ids.append(d.object().value("aggregateId"_L1).toString());
        ListQuery del;
        del.condition = Condition::deleted(DeletionState::Deleted);
        del.limit = 1;
        ids.append(await(a->listSnapshots(del, SnapshotView::Document)).front().object().value("aggregateId"_L1).toString());
        ExportSpec bundle;
        bundle.what = ExportSpec::What::Bundle;
        bundle.format = ExportSpec::Format::Json;
        bundle.ids = ids;
        const QJsonArray bundles = QJsonDocument::fromJson(exportBytes(*a, bundle)).array();
        QCOMPARE(bundles.size(), ids.size());
        for (const auto &v : bundles) {
            const QJsonObject b = v.toObject();
            const QString id = b.value("executionId"_L1).toString();
            QVERIFY(ids.contains(id));
            const int version = b.value("snapshot"_L1).toObject().value("version"_L1).toInt();
            QVERIFY(version >= 1);
            QCOMPARE(b.value("eventStreams"_L1).toArray().size(), version);
            QCOMPARE(b.value("timeline"_L1).toArray().size(), version);
            QCOMPARE(b.value("state"_L1).toObject().value("id"_L1).toString(), id);
        }
    }
};

QTEST_GUILESS_MAIN(TestTransfer)
#include "tst_transfer.moc"
