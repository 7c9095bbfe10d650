// The built-in engine's database file: the schema, opening connections (the writer and
// pooled readers), the schema version and migrations, initialisation, planner statistics.

#include "builtin_engine_impl.h"

#include "condition_compiler.h"

#include <QDeadlineTimer>
#include <QRandomGenerator>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <numeric>

namespace wci {

namespace {

QByteArray randomKey()
{
    QByteArray key(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(key.data()), key.size() / 4);
    return key;
}

const char *const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS event_stream(
  seq INTEGER PRIMARY KEY,
  aggregate_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  id TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  command_id TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  doc TEXT NOT NULL,
  body_name TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS event_stream_version ON event_stream(aggregate_id, version);
CREATE UNIQUE INDEX IF NOT EXISTS event_stream_request ON event_stream(aggregate_id, request_id);
CREATE UNIQUE INDEX IF NOT EXISTS event_stream_id ON event_stream(id);
CREATE INDEX IF NOT EXISTS event_stream_time ON event_stream(create_time);
CREATE TABLE IF NOT EXISTS snapshot(
  aggregate_id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  first_event_time INTEGER NOT NULL,
  event_time INTEGER NOT NULL,
  snapshot_time INTEGER NOT NULL,
  status TEXT NOT NULL,
  recoverable TEXT NOT NULL,
  is_retryable INTEGER NOT NULL,
  is_below_retry_threshold INTEGER NOT NULL,
  execute_at INTEGER NOT NULL,
  retries INTEGER NOT NULL,
  max_retries INTEGER NOT NULL,
  retry_at INTEGER NOT NULL,
  timeout_at INTEGER NOT NULL,
  next_retry_at INTEGER NOT NULL,
  fn_kind TEXT NOT NULL,
  fn_context TEXT NOT NULL,
  fn_processor TEXT NOT NULL,
  fn_name TEXT NOT NULL,
  error_code TEXT NOT NULL,
  ev_id TEXT NOT NULL,
  ev_context TEXT NOT NULL,
  ev_aggregate_name TEXT NOT NULL,
  ev_aggregate_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS doc_dictionary(
  id INTEGER PRIMARY KEY,
  trained_at INTEGER NOT NULL,
  samples INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS snapshot_category2 ON snapshot(deleted, tenant_id, recoverable, is_retryable, status, timeout_at, next_retry_at, is_below_retry_threshold);
CREATE TABLE IF NOT EXISTS snapshot_count(
  deleted INTEGER NOT NULL,
  tenant_id TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  status TEXT NOT NULL,
  recoverable TEXT NOT NULL,
  is_retryable INTEGER NOT NULL,
  is_below_retry_threshold INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (deleted, tenant_id, owner_id, status, recoverable, is_retryable, is_below_retry_threshold)
) WITHOUT ROWID;
-- Format 5: snapshots per second of their execution timeout (col 0) and next retry (col 1);
-- format 6 also of the later of the two (col 2), and the three by the hour (cols 3-5, sec
-- holding the hour); by the columns of snapshot_count. sec is the smallest integer for a
-- snapshot without that time. A count of one side of a time ("timed out before now") sums the
-- hours after the bound's hour and the seconds after it within that hour, and reads the rows of
-- one second.
CREATE TABLE IF NOT EXISTS snapshot_time_count(
  deleted INTEGER NOT NULL,
  tenant_id TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  status TEXT NOT NULL,
  recoverable TEXT NOT NULL,
  is_retryable INTEGER NOT NULL,
  is_below_retry_threshold INTEGER NOT NULL,
  col INTEGER NOT NULL,
  sec INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (deleted, tenant_id, status, col, sec, owner_id, recoverable, is_retryable, is_below_retry_threshold)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS snapshot_next_retry ON snapshot(deleted, next_retry_at);
CREATE INDEX IF NOT EXISTS snapshot_status_timeout ON snapshot(deleted, tenant_id, status, timeout_at);
-- Format 5 adds the timeout and the threshold, so a count bounded on both times reads only it.
CREATE INDEX IF NOT EXISTS snapshot_category_next2 ON snapshot(deleted, tenant_id, recoverable, is_retryable, status, next_retry_at, timeout_at, is_below_retry_threshold);
CREATE INDEX IF NOT EXISTS snapshot_function ON snapshot(fn_context, fn_processor, fn_name);
CREATE INDEX IF NOT EXISTS snapshot_error_code ON snapshot(error_code);
CREATE INDEX IF NOT EXISTS snapshot_event_aggregate ON snapshot(ev_aggregate_id);
CREATE INDEX IF NOT EXISTS snapshot_event_id ON snapshot(ev_id);
CREATE INDEX IF NOT EXISTS snapshot_execute_at ON snapshot(execute_at);
-- doc: the document as JSON text, or (format 4) a zstd frame made with a doc_dictionary row.
CREATE TABLE IF NOT EXISTS snapshot_doc(aggregate_id TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS event_count(
  body_name TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  quarter INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (body_name, tenant_id, quarter)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS delivery(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  time INTEGER NOT NULL,
  kind TEXT NOT NULL,
  aggregate_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  stream_id TEXT NOT NULL,
  compensation_id TEXT NOT NULL,
  function TEXT NOT NULL
);
)sql";

// Indexes of version 3 (created after the migration adds their columns): the event trend by
// name and day, and covering indexes for the analytics overview's aggregations (the active
// failures' figures; the failure clusters, grouped in index order).
const char *const kIndexesOfVersion3 = R"sql(
CREATE INDEX IF NOT EXISTS event_stream_trend ON event_stream(body_name, tenant_id, create_time);
CREATE INDEX IF NOT EXISTS snapshot_active ON snapshot(deleted, tenant_id, status, execute_at, recoverable, is_retryable, next_retry_at, timeout_at, retries);
CREATE INDEX IF NOT EXISTS snapshot_cluster ON snapshot(deleted, tenant_id, error_code, fn_context, fn_processor, fn_name, fn_kind, status, execute_at, next_retry_at);
)sql";

// Indexes of version 4: when failures first happened, with the status (the charts' extent and
// creation histogram by status; format 5 added the status), and pages walked status by status.
const char *const kIndexesOfVersion4 = R"sql(
CREATE INDEX IF NOT EXISTS snapshot_first_event2 ON snapshot(deleted, tenant_id, first_event_time, status);
CREATE INDEX IF NOT EXISTS snapshot_status_order ON snapshot(deleted, status, aggregate_id, tenant_id, recoverable, is_retryable, timeout_at, next_retry_at, is_below_retry_threshold);
)sql";

} // namespace

std::unique_ptr<Connection> BuiltinEngine::Impl::openConnection(bool create)
{
    auto c = std::make_unique<Connection>(options.path, create, options.readOnly);
    registerMatchFunction(*c);
    registerAggregationFunctions(*c);
    registerDocumentFunctions(*c, codec);
    c->exec("PRAGMA foreign_keys=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;");
    return c;
}

BuiltinEngine::Impl::ReaderLease BuiltinEngine::Impl::reader()
{
    {
        QMutexLocker lock(&readersMutex);
        if (!idleReaders.empty()) {
            auto c = std::move(idleReaders.back());
            idleReaders.pop_back();
            return {this, std::move(c)};
        }
    }
    auto c = openConnection(false);
    // Readers keep the pages of the indexes that aggregations scan (10^6 failures: about 250 MB
    // of narrow rows and covering indexes) instead of reading them again for every query; the
    // cache grows only as pages are read; parts of one scan run on several readers, each reading its part.
    c->exec("PRAGMA cache_size=-131072");
    return {this, std::move(c)};
}

int BuiltinEngine::Impl::schemaVersion()
{
    return schemaVersionOf(*writer);
}

bool BuiltinEngine::Impl::hasMeta(Connection &c)
{
    auto meta = c.prepareUncached(u"SELECT COUNT(*) FROM sqlite_schema WHERE name = 'meta'"_s);
    meta->step();
    return meta->int64(0) > 0;
}

int BuiltinEngine::Impl::schemaVersionOf(Connection &c)
{
    if (!hasMeta(c))
        return 0;
    auto st = c.prepareUncached(u"SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'"_s);
    return st->step() ? int(st->int64(0)) : 0;
}

void BuiltinEngine::Impl::dropPlannerStatistics()
{
    Statement &st = writer->prepare(u"SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'"_s);
    st.step();
    const bool have = st.int64(0) > 0;
    st.reset();
    if (have)
        writer->exec("DELETE FROM sqlite_stat1; ANALYZE sqlite_schema;");
}

bool BuiltinEngine::Impl::deferIndexes()
{
    if (options.readOnly || indexesDeferred)
        return false;
    auto lock = lockWrites();
    Transaction txn(*writer);
    Statement &empty = writer->prepare(u"SELECT NOT EXISTS (SELECT 1 FROM event_stream) AND NOT EXISTS (SELECT 1 FROM snapshot)"_s);
    empty.step();
    const bool isEmpty = empty.int64(0) != 0;
    empty.reset();
    if (!isEmpty)
        return false;
    QStringList names;
    {
        auto st = writer->prepareUncached(u"SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL "
                                          "AND tbl_name IN ('snapshot', 'event_stream') AND sql NOT LIKE 'CREATE UNIQUE%'"_s);
        while (st->step())
            names.append(st->text(0));
    }
    for (const QString &name : std::as_const(names))
        writer->exec(u"DROP INDEX \"%1\""_s.arg(name));
    writer->exec("INSERT OR REPLACE INTO meta(key, value) VALUES ('counts_pending', '1')");
    txn.commit();
    indexesDeferred = true;
    countsDeferred = true;
    try {
        checkpointer = std::make_unique<Connection>(options.path, false);
        writer->exec("PRAGMA wal_autocheckpoint=0");
    } catch (const SqliteError &) {
        checkpointer.reset(); // the writer copies the WAL at its commits, as always
    }
    return true;
}

void BuiltinEngine::Impl::checkpointAhead()
{
    if (!checkpointer)
        return;
    if (bulkWalFrames.load() >= kBulkWalFrames) {
        checkpointing.waitForFinished();
        bulkWalFrames = 0;
        writer->exec("PRAGMA wal_checkpoint(PASSIVE)");
        return;
    }
    if (checkpointing.isValid() && !checkpointing.isFinished())
        return; // the running copy goes on; the next commit starts another
    Connection *c = checkpointer.get();
    checkpointing = QtConcurrent::run(&pool, [this, c] {
        try {
            auto st = c->prepareUncached(u"PRAGMA wal_checkpoint(PASSIVE)"_s);
            if (st->step())
                bulkWalFrames = st->int64(1);
        } catch (const SqliteError &) {
            // copied by a later one, or by the writer once the import ends
        }
    });
}

void BuiltinEngine::Impl::stopCheckpointing()
{
    if (!checkpointer)
        return;
    checkpointing.waitForFinished();
    checkpointing = {};
    checkpointer.reset();
    bulkWalFrames = 0;
    writer->exec("PRAGMA wal_autocheckpoint=1000");
}

void BuiltinEngine::Impl::restoreIndexes()
{
    if (!indexesDeferred)
        return;
    auto lock = lockWrites();
    stopCheckpointing();
    // The index pages are new pages at the end of the file: with a rollback journal they are
    // written once, into the file, and not journaled; through the WAL each is written to it
    // and copied into the file again. The file leaves WAL mode only when no other connection
    // has it open (SQLite refuses the change otherwise), and comes back to it at once.
    const bool rollbackJournal = leaveWal();
    const auto backToWal = qScopeGuard([&] {
        if (!rollbackJournal)
            return;
        try {
            enterWal(*writer);
        } catch (const SqliteError &) {
            // another connection held the lock for 10 s: the next open of the file sets WAL mode
        }
    });
    writer->exec("PRAGMA temp_store=FILE");
    Transaction txn(*writer);
    if (countsDeferred)
        recountSnapshots();
    writer->exec(kSchema);
    writer->exec(kIndexesOfVersion3);
    writer->exec(kIndexesOfVersion4);
    txn.commit();
    writer->exec("PRAGMA temp_store=MEMORY");
    indexesDeferred = false;
    countsDeferred = false;
}

bool BuiltinEngine::Impl::leaveWal()
{
    {
        QMutexLocker lock(&readersMutex);
        idleReaders.clear(); // this engine's own idle readers would keep the file in WAL mode
    }
    try {
        auto st = writer->prepareUncached(u"PRAGMA journal_mode=DELETE"_s);
        return st->step() && st->text(0).compare(u"delete"_s, Qt::CaseInsensitive) == 0;
    } catch (const SqliteError &) {
        return false; // another connection has the file open: the indexes are built through the WAL
    }
}

void BuiltinEngine::Impl::enterWal(Connection &c)
{
    // SQLite does not wait for the lock this takes: a connection opening the file while another
    // builds its indexes (leaveWal) tries again until that one is done.
    QDeadlineTimer deadline(kWalSwitchWaitMs);
    while (true) {
        try {
            c.exec("PRAGMA journal_mode=WAL");
            return;
        } catch (const SqliteError &e) {
            if (!e.isBusy() || deadline.hasExpired())
                throw;
        }
        QThread::msleep(10);
    }
}

bool BuiltinEngine::Impl::countsPending(Connection &c)
{
    if (!hasMeta(c))
        return false;
    auto st = c.prepareUncached(u"SELECT COUNT(*) FROM meta WHERE key = 'counts_pending'"_s);
    st->step();
    return st->int64(0) > 0;
}

void BuiltinEngine::Impl::recountSnapshots()
{
    writer->exec("DELETE FROM snapshot_count; DELETE FROM snapshot_time_count;");
    countSnapshots(0, true, false);
    writer->exec("DELETE FROM meta WHERE key = 'counts_pending'");
}

bool BuiltinEngine::Impl::hasColumn(const QString &table, const QString &column)
{
    auto st = writer->prepareUncached(u"SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?"_s);
    st->bind(1, table).bind(2, column);
    st->step();
    return st->int64(0) > 0;
}

void BuiltinEngine::Impl::countSnapshots(int firstCol, bool bucketCounts, bool reportProgress)
{
    // One pass over the snapshot rows, summed in memory: a GROUP BY per col sorts the rows each
    // time (the upgrade of 10^6 failures to format 6 took 23 s that way, about 7.5 s with a hash
    // of buckets). The rows' text columns take few values: a row is kept as its group (the
    // columns of snapshot_count) and its two times, and each col's units are then sorted in
    // the table's key order, so that the sums are written one after the other (the counts of
    // 10^5 imported failures: 2.2-2.6 s with the hash, written in no order; 0.7-1.2 s so).
    struct Group {
        bool deleted = false, retryable = false, belowThreshold = false;
        QByteArray tenantId, ownerId, status, recoverable; // as stored (UTF-8), compared as SQLite does
        qint64 n = 0;
        quint32 lead = 0, rest = 0; // ranks by the key's columns before col (lead) and after sec (rest)
    };
    struct Row {
        quint32 group;
        qint64 timeoutAt, nextRetryAt;
    };
    std::vector<Group> groups;
    std::vector<Row> rows;
    QHash<QByteArray, quint32> groupOf; // a row's group columns, joined
    // The pass is about nine tenths of the work; writing the sums, the rest.
    qint64 total = 0, done = 0;
    const auto &progress = reportProgress ? options.upgradeProgress : std::function<void(int)>{};
    {
        // (After recountSnapshots has emptied the counts: nothing to reserve, the rows grow.)
        auto count = writer->prepareUncached(u"SELECT COALESCE(SUM(n), 0) FROM snapshot_count"_s);
        count->step();
        total = count->int64(0);
        rows.reserve(size_t(std::max<qint64>(total, 0)));
        if (progress)
            progress(0);
    }
    auto st = writer->prepareUncached(u"SELECT deleted, tenant_id, owner_id, status, recoverable, is_retryable, "
                                      "is_below_retry_threshold, timeout_at, next_retry_at FROM snapshot"_s);
    QByteArray key, lastKey;
    quint32 last = 0;
    while (st->step()) {
        if (progress && total > 0 && (++done & 0x3fff) == 0)
            progress(int(std::min<qint64>(900, done * 900 / total)));
        key.clear();
        key.append(char('0' + (st->int64(0) != 0))).append(char('0' + (st->int64(5) != 0)));
        key.append(char('0' + (st->int64(6) != 0)));
        for (int col : {1, 2, 3, 4})
            key.append('\0').append(st->textView(col));
        if (groups.empty() || key != lastKey) {
            auto it = groupOf.constFind(key);
            if (it == groupOf.cend()) {
                Group g;
                g.deleted = key[0] == '1';
                g.retryable = key[1] == '1';
                g.belowThreshold = key[2] == '1';
                g.tenantId = st->textView(1).toByteArray();
                g.ownerId = st->textView(2).toByteArray();
                g.status = st->textView(3).toByteArray();
                g.recoverable = st->textView(4).toByteArray();
                it = groupOf.insert(key, quint32(groups.size()));
                groups.push_back(std::move(g));
            }
            last = *it;
            lastKey = key;
        }
        ++groups[last].n;
        rows.push_back({last, st->int64(7), st->int64(8)});
    }
    st.reset();
    if (progress)
        progress(900);
    // snapshot_time_count's key: (deleted, tenant_id, status, col, sec, owner_id, recoverable,
    // is_retryable, is_below_retry_threshold).
    std::vector<quint32> order(groups.size());
    std::iota(order.begin(), order.end(), 0);
    const auto rank = [&](auto less, quint32 Group::*field) {
        std::sort(order.begin(), order.end(), [&](quint32 a, quint32 b) { return less(groups[a], groups[b]); });
        for (size_t i = 0; i < order.size(); ++i)
            groups[order[i]].*field = i == 0 || less(groups[order[i - 1]], groups[order[i]]) ? quint32(i) : groups[order[i - 1]].*field;
    };
    rank([](const Group &a, const Group &b) { return std::tie(a.deleted, a.tenantId, a.status) < std::tie(b.deleted, b.tenantId, b.status); },
         &Group::lead);
    rank([](const Group &a, const Group &b) {
        return std::tie(a.ownerId, a.recoverable, a.retryable, a.belowThreshold)
               < std::tie(b.ownerId, b.recoverable, b.retryable, b.belowThreshold);
    },
         &Group::rest);
    if (bucketCounts) {
        Statement &count = writer->prepare(kAddSnapshotCount);
        for (const Group &g : groups) {
            count.reset().bind(1, g.deleted).bind(2, g.tenantId).bind(3, g.ownerId).bind(4, g.status).bind(5, g.recoverable);
            count.bind(6, g.retryable).bind(7, g.belowThreshold).bind(8, g.n).run();
        }
    }
    Statement &timeCount = writer->prepare(kAddTimeCount);
    struct Unit {
        quint32 lead, rest, group;
        qint64 sec;
    };
    std::vector<Unit> units(rows.size());
    for (size_t col = size_t(std::max(firstCol, 0)); col < kTimeCountColumns.size(); ++col) {
        const qint64 unit = kTimeCountColumns[col].unitMs;
        for (size_t i = 0; i < rows.size(); ++i) {
            const Row &r = rows[i];
            const std::array<qint64, kHourCols> times = {r.timeoutAt, r.nextRetryAt, std::max(r.timeoutAt, r.nextRetryAt)};
            const qint64 t = times[col % kHourCols];
            const Group &g = groups[r.group];
            units[i] = {g.lead, g.rest, r.group, t / unit - (t % unit < 0 ? 1 : 0)};
        }
        std::sort(units.begin(), units.end(), [](const Unit &a, const Unit &b) {
            return std::tie(a.lead, a.sec, a.rest) < std::tie(b.lead, b.sec, b.rest);
        });
        for (size_t i = 0; i < units.size();) {
            size_t end = i + 1;
            while (end < units.size() && units[end].group == units[i].group && units[end].sec == units[i].sec)
                ++end;
            const Group &g = groups[units[i].group];
            timeCount.reset().bind(1, g.deleted).bind(2, g.tenantId).bind(3, g.ownerId).bind(4, g.status);
            timeCount.bind(5, g.recoverable).bind(6, g.retryable).bind(7, g.belowThreshold).bind(8, int(col));
            timeCount.bind(9, units[i].sec).bind(10, qint64(end - i)).run();
            i = end;
        }
    }
    if (progress)
        progress(1000);
}

void BuiltinEngine::Impl::migrate()
{
    const int version = schemaVersion();
    if (version > kSchemaVersion)
        throw EngineError(ErrorCode::IllegalArgument,
                          u"%1 was written by a newer version of this application (database format %2; this version "
                          "reads formats up to %3). Open it with that version, or open a copy with a newer one."_s
                              .arg(options.path)
                              .arg(version)
                              .arg(kSchemaVersion));
    if (options.readOnly) {
        // Formats 4 and 5 lack only (some of) the per-second counts: read as they are,
        // counting without them.
        timeCounts = version == kSchemaVersion;
        if (countsPending(*writer))
            throw EngineError(ErrorCode::IllegalArgument,
                              u"%1 was left by an import that did not finish, and is opened read-only, so its counts "
                              "cannot be made. Open it once with write access."_s
                                  .arg(options.path));
        if (version < kOldestReadOnlyFormat)
            throw EngineError(ErrorCode::IllegalArgument,
                              u"%1 has database format %2, older than this version's %3, and is opened read-only, so it "
                              "cannot be upgraded. Open it once with write access."_s
                                  .arg(options.path)
                                  .arg(version)
                                  .arg(kSchemaVersion));
        return;
    }
    // An upgrade can take seconds at 10^6 failures: the caller may stop it (the opening
    // transaction is then rolled back).
    std::optional<Interruption> stop;
    if (options.cancelled && version > 0 && version < kSchemaVersion)
        stop.emplace(*writer, options.cancelled);
    if (version < 2) {
        // 2: bucket counts and the category index led by recoverable / retryable.
        writer->exec("DROP INDEX IF EXISTS snapshot_category");
        writer->exec("DELETE FROM snapshot_count");
        writer->exec("INSERT INTO snapshot_count SELECT deleted, tenant_id, owner_id, status, recoverable, "
                     "is_retryable, is_below_retry_threshold, COUNT(*) FROM snapshot GROUP BY 1, 2, 3, 4, 5, 6, 7");
    }
    if (version < 3) {
        // 3: the event name of single-event streams, for event aggregations (daily trends by
        // event name), and the index those and the failure clusters group by.
        if (!hasColumn(u"event_stream"_s, u"body_name"_s)) {
            writer->exec("ALTER TABLE event_stream ADD COLUMN body_name TEXT");
            writer->exec("UPDATE event_stream SET body_name = json_extract(wci_doc(doc), '$.body[0].name') "
                         "WHERE json_array_length(wci_doc(doc), '$.body') = 1");
            writer->exec("DELETE FROM event_count");
            writer->exec("INSERT INTO event_count SELECT body_name, tenant_id, create_time / 900000 - (create_time % 900000 < 0), "
                         "COUNT(*) FROM event_stream WHERE body_name IS NOT NULL GROUP BY 1, 2, 3");
        }
    }
    writer->exec(kIndexesOfVersion3);
    writer->exec(kIndexesOfVersion4);
    if (version < 6) {
        // 5: snapshots per second of their timeout and next retry (the time-bounded counts), the
        // next-retry index that covers the timeout (snapshot_category_next2, in kSchema) and the
        // first-event index that holds the status (snapshot_first_event2).
        // 6: and per second of the later of the two (col 2), and all three by the hour (cols 3-5).
        int first = 0;
        if (version < 5) {
            writer->exec("DROP INDEX IF EXISTS snapshot_category_next");
            writer->exec("DROP INDEX IF EXISTS snapshot_first_event");
            writer->exec("DELETE FROM snapshot_time_count");
        } else {
            first = 2;
            writer->exec("DELETE FROM snapshot_time_count WHERE col >= 2");
        }
        countSnapshots(first, false, version > 0); // a new file (version 0) is not an upgrade
    }
    // An import that did not finish (deferIndexes) left its snapshots uncounted.
    if (countsPending(*writer))
        recountSnapshots();
    // Seconds whose snapshots have all moved on.
    writer->exec("DELETE FROM snapshot_time_count WHERE n = 0");
    if (version > 0 && version < 4 && options.compressDocuments) {
        // 4: documents compressed with a dictionary trained from the file's documents. The
        // dictionary is trained here; documents already stored stay plain text (readable as
        // before) until File › Database properties › Compact recompresses them.
        trainDictionary(sampleStoredDocuments(*writer));
    }
    writer->exec(u"INSERT INTO meta(key, value) VALUES ('schema_version', '%1') "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value"_s.arg(kSchemaVersion));
}

void BuiltinEngine::Impl::initialise()
{
    writer = openConnection(options.create);
    if (options.readOnly) {
        machineId = GlobalIdGenerator::randomMachineId();
        migrate(); // only checks the format
        loadDictionaries();
        cursorKey = randomKey();
    } else {
        enterWal(*writer);
        writer->exec("PRAGMA synchronous=NORMAL");
        Transaction txn(*writer);
        writer->exec(kSchema);
        // Each process that opens the file leases the next machine id, so ids generated by
        // processes sharing the file never collide.
        Statement &st = writer->prepare(
            u"INSERT INTO meta(key, value) VALUES ('machine_seq', '1') ON CONFLICT(key) DO UPDATE SET "
            "value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) RETURNING CAST(value AS INTEGER)"_s);
        st.step();
        machineId = int(st.int64(0) % GlobalIdGenerator::kMachineIdSpace);
        st.reset();
        try {
            migrate();
        } catch (const SqliteError &e) {
            if (Interruption::interrupted(e) && options.cancelled && options.cancelled())
                throw EngineError(ErrorCode::IllegalState,
                                  u"The upgrade of %1 was cancelled; the file is as it was."_s.arg(options.path));
            throw;
        }
        // The key that signs cursor tokens: one per file.
        Statement &key = writer->prepare(u"INSERT INTO meta(key, value) VALUES ('cursor_key', ?) "
                                         "ON CONFLICT(key) DO UPDATE SET value = value RETURNING value"_s);
        key.bind(1, QString::fromLatin1(randomKey().toHex()));
        key.step();
        cursorKey = QByteArray::fromHex(key.text(0).toLatin1());
        key.reset();
        txn.commit();
        loadDictionaries();
        dropPlannerStatistics();
    }
    if (options.machineId)
        machineId = *options.machineId;
    idGen = std::make_unique<GlobalIdGenerator>(machineId, clock);
}

} // namespace wci
