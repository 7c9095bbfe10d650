#pragma once

// Private to engine/builtin/*.cpp: BuiltinEngine::Impl, whose members are defined by concern
// in builtin_schema.cpp, builtin_commands.cpp, builtin_queries.cpp and builtin_counts.cpp,
// and the few helpers more than one of those files needs.

#include "builtin_engine.h"

#include "aggregation.h"

#include "condition_evaluator.h"
#include "decider.h"
#include "doc_codec.h"
#include "global_id.h"
#include "sqlite_db.h"

#include <QFuture>
#include <QMutex>
#include <QPromise>
#include <QSet>

#include <sqlite3.h>

#include <algorithm>
#include <functional>
#include <array>
#include <atomic>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <vector>

namespace wci {

using namespace Qt::StringLiterals;
using sqlite::Connection;
using sqlite::SqliteError;
using sqlite::Statement;
using sqlite::Transaction;

// Limits on what one command may carry, so that a 10 MB string never reaches the store.
inline constexpr int kMaxIdLength = 256;
inline constexpr int kMaxNameLength = 1024;
inline constexpr int kMaxMessageLength = 64 * 1024;
inline constexpr int kMaxStackTraceLength = 1024 * 1024;
inline constexpr int kMaxConditionString = 64 * 1024;
// The granularity of the event_count rollup.
inline constexpr qint64 kQuarterHourMs = 15 * 60 * 1000;
// snapshot_time_count's times, by their `col`: the time and the unit its `sec` counts in, and
// the unit a snapshot without the time counts under; timeUnitSql(col) is the SQL of a
// snapshot's unit of that time. Col 2 (format 6) is the later of the two times, so a count with
// both before a bound (Due for retry's prepared part) reads the units ahead of it, as a count
// with one bound does. Cols 3-5 (format 6) are cols 0-2 by the hour, so that the units ahead of
// a bound are few even when the times ahead reach days (retries backed off): the hours after
// the bound's hour and the seconds after it within that hour.
struct TimeCountColumn {
    const char *time;
    qint64 unitMs;
};
inline constexpr qint64 kHourMs = 3600 * 1000;
inline constexpr int kHourCols = 3; // col + kHourCols: the same time by the hour
inline constexpr std::array<TimeCountColumn, 6> kTimeCountColumns = {{
    {"timeout_at", 1000},
    {"next_retry_at", 1000},
    {"MAX(timeout_at, next_retry_at)", 1000},
    {"timeout_at", kHourMs},
    {"next_retry_at", kHourMs},
    {"MAX(timeout_at, next_retry_at)", kHourMs},
}};
inline constexpr qint64 kNoTimeSecond = std::numeric_limits<qint64>::min();
inline QString timeUnitSql(size_t col)
{
    return u"COALESCE(%1 / %2 - (%1 % %2 < 0), %3)"_s
        .arg(QString::fromLatin1(kTimeCountColumns[col].time))
        .arg(kTimeCountColumns[col].unitMs)
        .arg(kNoTimeSecond);
}

// Adds n to a bucket of snapshot_count (binds: the bucket's seven columns, n) and of
// snapshot_time_count (binds: the seven, col, sec, n): writeCounts and countSnapshots.
inline const QString kAddSnapshotCount =
    u"INSERT INTO snapshot_count(deleted, tenant_id, owner_id, status, recoverable, is_retryable, "
    "is_below_retry_threshold, n) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT DO UPDATE SET n = n + excluded.n"_s;
inline const QString kAddTimeCount =
    u"INSERT INTO snapshot_time_count(deleted, tenant_id, owner_id, status, recoverable, is_retryable, "
    "is_below_retry_threshold, col, sec, n) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO UPDATE SET n = n + excluded.n"_s;

// The document of snapshot row `s` (compiled conditions and sorts read fields from it).
// Stored documents are read through wci_doc(), which decompresses them (doc_codec.h).
inline const QString kSnapshotDoc = u"(SELECT wci_doc(d.doc) FROM snapshot_doc d WHERE d.aggregate_id = s.aggregate_id)"_s;
inline const QString kEventDoc = u"wci_doc(e.doc)"_s;
inline const QString kNotFoundMessage = u"Not found resource!"_s;

inline EngineError notFound(const QString &msg = kNotFoundMessage)
{
    return EngineError(ErrorCode::NotFound, msg);
}

inline EngineError illegalArgument(const QString &msg)
{
    return EngineError(ErrorCode::IllegalArgument, msg);
}

[[noreturn]] inline void raise(const DomainError &e)
{
    throw EngineError::from(e);
}

inline FunctionInfo fn(FunctionKind kind, const QString &context, const QString &processor, const QString &name)
{
    return {kind, context, processor, name};
}

// Interrupts the statements of one connection once `stop()` says so (asked every thousand
// VM steps), for as long as it lives; an interrupted step throws SQLITE_INTERRUPT.
class Interruption {
public:
    Interruption(Connection &c, std::function<bool()> stop) : m_db(c.handle()), m_stop(std::move(stop))
    {
        sqlite3_progress_handler(m_db, 1000, &Interruption::tick, this);
    }
    ~Interruption() { sqlite3_progress_handler(m_db, 0, nullptr, nullptr); }
    Interruption(const Interruption &) = delete;
    Interruption &operator=(const Interruption &) = delete;
    static bool interrupted(const SqliteError &e) { return (e.code & 0xff) == SQLITE_INTERRUPT; }

private:
    static int tick(void *self) { return static_cast<Interruption *>(self)->m_stop() ? 1 : 0; }
    sqlite3 *m_db;
    std::function<bool()> m_stop;
};

// An Interruption after `thousands` thousand VM steps; `used()` tells how many thousand it saw.
class StepBudget : public Interruption {
public:
    StepBudget(Connection &c, int thousands)
        : Interruption(c, [this, limit = std::max(1, thousands)]() { return ++m_ticks > limit; })
    {
    }
    int used() const { return m_ticks; }

private:
    int m_ticks = 0;
};

// Registers wci_date_bucket and wci_histogram (builtin_aggregation.cpp) on a connection.
void registerAggregationFunctions(Connection &c);
// Registers wci_doc(stored) (the document: frames decompressed, plain text as it is) and
// wci_doc_size(stored) (the document's size without decompressing) on a connection.
void registerDocumentFunctions(Connection &c, const DocCodec &codec);

// ------------------------------------------------------------------------------------------

struct BuiltinEngine::Impl {
    BuiltinEngineOptions options;
    std::function<qint64()> clock; // options.clock, or the system clock
    // All SQLite work runs here, never on the caller's thread.
    QThreadPool pool;
    // One write connection; writeMutex serialises commands, imports, regeneration and
    // deliveries on it (one SQLite writer per file anyway).
    QMutex writeMutex;
    std::unique_ptr<Connection> writer;
    // Reader connections kept between calls (WAL lets them read while the writer writes).
    QMutex readersMutex;
    std::vector<std::unique_ptr<Connection>> idleReaders;
    // Made by initialise() once the machine id is known.
    std::unique_ptr<GlobalIdGenerator> idGen;
    GlobalIdGenerator &ids() { return *idGen; }
    int machineId = 0;
    // BuiltinEngine::pageReads.
    std::atomic<qint64> sortedReads{0};
    std::atomic<qint64> pageFallbacks{0};

    // ---- connections and schema (builtin_schema.cpp) -----------------------------------

    std::unique_ptr<Connection> openConnection(bool create);

    // A reader connection for the duration of one call.
    struct ReaderLease {
        Impl *impl;
        std::unique_ptr<Connection> conn;
        ~ReaderLease()
        {
            if (conn) {
                QMutexLocker lock(&impl->readersMutex);
                impl->idleReaders.push_back(std::move(conn));
            }
        }
        Connection &operator*() { return *conn; }
    };

    ReaderLease reader();

    // The database format this version writes; files of a newer format are refused.
    static constexpr int kSchemaVersion = 6;
    // The oldest format opened read-only (read as it is, counting without the per-second counts).
    static constexpr int kOldestReadOnlyFormat = 4;
    // snapshot_time_count is there with every col (format 6; a file of format 4 or 5 opened
    // read-only lacks it or its col 2, and counts without it).
    bool timeCounts = true;
    int schemaVersion();
    // A file's format (0 without one: new or empty), on any connection to it.
    static int schemaVersionOf(Connection &c);
    static bool hasMeta(Connection &c); // the file has its meta table (not new, not empty)
    bool hasColumn(const QString &table, const QString &column);
    // Adds the counts of the snapshot rows: snapshot_time_count's cols from `firstCol` on (an
    // upgrade), and snapshot_count too when `bucketCounts` (recountSnapshots), telling
    // options.upgradeProgress how far it is when `reportProgress`.
    void countSnapshots(int firstCol, bool bucketCounts, bool reportProgress);
    // The planner's built-in estimates pick the right index for every query this engine
    // writes (most equality terms first); sampled ANALYZE statistics made plans flip between
    // runs, so none are kept.
    void dropPlannerStatistics();
    // Bulk import into an empty file: its secondary indexes on snapshot and event_stream (not
    // the unique ones, which check the data) are dropped, and built again, each in one sort, by
    // restoreIndexes (or by the next open, whose schema creates what is missing).
    bool deferIndexes();
    void restoreIndexes();
    // restoreIndexes builds them with a rollback journal when no other connection has the
    // file open (leaveWal: true when the file left WAL mode), then puts the file back in WAL
    // mode (enterWal, which every open does too, waiting up to kWalSwitchWaitMs for the lock).
    bool leaveWal();
    static void enterWal(Connection &c);
    static constexpr int kWalSwitchWaitMs = 10000;
    bool indexesDeferred = false;
    // Meanwhile, too, snapshot writes leave the snapshot counts (snapshot_count,
    // snapshot_time_count) alone: restoreIndexes counts the rows once, in one pass
    // (recountSnapshots), instead of an upsert per bucket per batch. The meta key
    // 'counts_pending' stands for this in the file until then (written again with each
    // import batch, as an engine that opens the file meanwhile counts the rows and removes it),
    // so that an import cut short is counted by the next open.
    bool countsDeferred = false;
    void recountSnapshots();
    bool countsPending(Connection &c);
    // Meanwhile the writer does not copy the WAL into the file at its commits: a connection of
    // its own does, on the pool, after each import transaction (checkpointAhead), while the
    // writer goes on with the next one. When that copy has left the WAL above
    // kBulkWalFrames, the writer waits for it and copies the rest itself, so that its next
    // transaction starts the WAL again from its beginning (the WAL stays bounded).
    static constexpr qint64 kBulkWalFrames = 16384; // 64 MB of 4 KB pages
    std::unique_ptr<Connection> checkpointer;
    QFuture<void> checkpointing;
    std::atomic<qint64> bulkWalFrames{0};
    void checkpointAhead();
    void stopCheckpointing();
    // Brings files written by earlier versions up to date (inside the open transaction).
    void migrate();
    // Opens the writer, creates or migrates the schema and leases a machine id.
    void initialise();

    // ---- stored documents (builtin_storage.cpp) ----------------------------------------

    // Documents are stored as zstd frames with the file's current dictionary (doc_codec.h);
    // until the file has one they are stored as plain text, and the first documents written
    // are kept as samples. Once enough are kept, WriteLock trains the dictionary (in a
    // transaction of its own, after the write's), then compresses the sampled rows with it.
    DocCodec codec;
    static constexpr qsizetype kTrainingBytes = 24 * 1024 * 1024;
    struct Sample {
        bool snapshot = false;
        qint64 seq = 0;   // event_stream row
        QString aggregateId; // snapshot_doc row
        QByteArray doc; // empty: written after the samples were complete
    };
    std::vector<Sample> samples;
    qsizetype sampleBytes = 0;
    int sampleDocs = 0;
    bool trainingFailed = false;
    // Binds a document in its stored form: a frame with the current dictionary, else text.
    void bindDocument(Statement &st, int index, const QByteArray &doc);
    // A stored document column (doc, not wci_doc(doc)) as the document, decompressed straight
    // into its own bytes (what wci_doc does, without SQLite's copy of the result).
    QByteArray storedDocument(Connection &c, const Statement &st, int col);
    // Keeps a document written as plain text as a training sample (while samples are wanted).
    void keepSample(bool snapshot, qint64 seq, const QString &aggregateId, const QByteArray &doc);
    bool trainingDue() const;
    // Whether that many documents (or bytes) are enough to train a dictionary from.
    bool enoughSamples(qsizetype docs, qsizetype bytes) const;
    // Loads the file's dictionaries into the codec and makes the file's current one current.
    void loadDictionaries();
    // Trains a dictionary from `docs` and stores it as the file's current one (inside the
    // caller's transaction); its id, or 0 when the documents do not make one. The caller makes
    // it the codec's current once the transaction has committed.
    unsigned trainDictionary(const std::vector<QByteArray> &docs);
    // A dictionary made from `docs` (about a tenth of their size, as zstd advises); empty when
    // they do not make one. Any thread.
    static QByteArray dictionaryFrom(const std::vector<QByteArray> &docs);
    // Stores `dictionary` as the file's current one (inside the caller's transaction).
    void storeDictionary(unsigned id, const QByteArray &dictionary, qint64 samples);
    // A dictionary trained off the writer from documents not written yet (primeDictionary);
    // the next write lock stores it as the file's, unless the file has one by then.
    mutable QMutex primedMutex;
    unsigned primedId = 0;
    QByteArray primedDictionary;
    qint64 primedSamples = 0;
    bool primeDictionary(std::vector<BuiltinEngine::ImportStream> &streams);
    // The dictionary documents prepared ahead are compressed with: the current one, else the
    // primed one (0: none, they stay plain).
    unsigned dictionaryAhead() const;
    // Stores one document (snapshot_doc by aggregate id, event_stream by seq) with the
    // dictionary `current`; false when it already was (or is gone).
    bool recode(Connection &c, bool snapshot, const sqlite::Value &key, unsigned current);
    // The training samples' documents, as written plain, stored with `current` (by the writer).
    void recodeSamples(const std::vector<Sample> &taken, unsigned current);
    // The write lock. Whenever the samples are complete while it is held (when it is taken,
    // and after the write's transaction has ended, as it is released), the dictionary is
    // trained in a transaction of its own and the sampled rows are compressed with it, so a
    // file never keeps plain documents because its last write completed the samples.
    class WriteLock {
    public:
        explicit WriteLock(Impl &impl);
        ~WriteLock();
        WriteLock(const WriteLock &) = delete;
        WriteLock &operator=(const WriteLock &) = delete;
        void unlock();

    private:
        Impl &m_impl;
        std::unique_lock<QMutex> m_lock;
    };
    WriteLock lockWrites() { return WriteLock(*this); }
    // Makes the file's current dictionary this engine's when it has none yet: one trained by
    // another engine or process on the same file, else the primed one, which it stores
    // (writeMutex held); never throws.
    void adoptFileDictionary() noexcept;
    // Trains the dictionary when its samples are complete (writeMutex held); never throws.
    void trainIfDue() noexcept;
    // Documents of a file written without compression, spread over the file, as samples.
    std::vector<QByteArray> sampleStoredDocuments(Connection &c);
    StorageInfo storageInfo();
    CompactResult compact(QPromise<CompactResult> &promise);

    // ---- the command writer (builtin_commands.cpp) -------------------------------------

    struct Loaded {
        ExecutionFailedAggregate aggregate;
        Snapshot snapshot; // valid when aggregate.initialized()
    };

    Loaded loadAggregate(Connection &c, const QString &aggregateId);

    // Inside execute() and executeBatch(), a command's snapshot is not written at once: it is
    // kept here and written when a command for another aggregate comes, or before the
    // transaction commits, so an aggregate's run of commands (the demo seeder's histories, a
    // bulk run) reads and writes its snapshot once. The next command for the same aggregate
    // reads it from here. Written outside any command's savepoint, so a refused command never
    // rolls back another's snapshot.
    std::optional<Loaded> pending;
    bool deferSnapshots = false;
    Loaded loadForCommand(const QString &aggregateId);
    void stageSnapshot(const Snapshot &s);
    void flushPending();
    // Flushes the pending snapshot unless it is `aggregateId`'s (empty: not known yet).
    void flushPendingUnless(const QString &aggregateId);
    std::vector<DomainEventStream> loadStreams(Connection &c, const QString &aggregateId, int head = 1,
                                               int tail = std::numeric_limits<int>::max());
    // `events`: the stream's events typed already (ImportStream::events, when typed()); without
    // them the bodies are decoded here.
    static ExecutionFailedAggregate applyStream(ExecutionFailedAggregate agg, const DomainEventStream &stream,
                                                const std::vector<Event> *events = nullptr);
    // The snapshot after `stream`, given the one before (nullopt for the first stream).
    static Snapshot nextSnapshot(const std::optional<Snapshot> &before, const ExecutionFailedAggregate &after,
                                 const DomainEventStream &stream, qint64 snapshotTime);
    // Per-bucket row counts of the snapshot table, kept in step with it, so that counts over
    // these columns alone (All, Deleted, Succeeded, Unrecoverable, Non-retryable) read a few
    // rows instead of scanning an index of 10^6 entries.
    void adjustCount(Connection &c, const QString &sqlSelectBucket, const QString &aggregateId, int delta);
    // The counts an import adds (snapshot_count, snapshot_time_count, event_count), summed in
    // memory by bucket and written once before its transaction commits, instead of one upsert
    // (and one snapshot lookup) per snapshot and stream. A replaced row's counts are taken back
    // at once (adjustCount, as for commands); the new row's are summed.
    struct CountDeltas {
        struct Bucket {
            QString tenantId, ownerId, status, recoverable;
            bool deleted = false, retryable = false, belowThreshold = false;
            int col = -1; // -1: snapshot_count; else kTimeCountColumns' index, with its second
            qint64 sec = 0;
            friend bool operator==(const Bucket &, const Bucket &) = default;
            friend size_t qHash(const Bucket &b, size_t seed = 0) noexcept
            {
                return qHashMulti(seed, b.tenantId, b.ownerId, b.status, b.recoverable, b.deleted, b.retryable,
                                  b.belowThreshold, b.col, b.sec);
            }
        };
        struct EventBucket {
            QString name, tenantId;
            qint64 quarter = 0;
            friend bool operator==(const EventBucket &, const EventBucket &) = default;
            friend size_t qHash(const EventBucket &b, size_t seed = 0) noexcept
            {
                return qHashMulti(seed, b.name, b.tenantId, b.quarter);
            }
        };
        QHash<Bucket, qint64> snapshots;
        QHash<EventBucket, qint64> events;
        void addSnapshot(const Snapshot &s);
        // A snapshot of bucket `b` under each time count.
        void addTimes(Bucket b, qint64 timeoutAt, qint64 nextRetryAt);
        void addStream(const DomainEventStream &s);
        void mergeInto(CountDeltas &total) const;
        void clear();
    };
    CountDeltas *foldedCounts = nullptr; // set by importStreams for the aggregate it writes
    void writeCounts(Connection &c, const CountDeltas &deltas);
    // `prepared`: the snapshot's stored form made ahead (used while it is still the current
    // encoding; otherwise the snapshot is encoded here).
    void writeSnapshot(Connection &c, const Snapshot &s, const PreparedSnapshot *prepared = nullptr);
    // `doc`: the document as received (stored as is), else the stream is encoded; `stored`:
    // `doc`'s stored form made ahead with the encoding `storedWith`.
    void appendStream(Connection &c, const DomainEventStream &s, const QByteArray &doc = {},
                      const QByteArray &stored = {}, unsigned storedWith = 0);
    // Whether a document's stored form made ahead is still the current encoding.
    bool usable(const QByteArray &stored, unsigned storedWith) const;

    CommandResult execute(const Command &cmd, const CommandOptions &opt);
    std::vector<std::variant<CommandResult, EngineError>>
    executeBatch(const std::vector<BatchCommand> &commands);
    // Compresses the documents with the current dictionary and replays each run of streams
    // that starts an aggregate (versions 1, 2, … in order); touches no connection.
    void prepareImport(std::vector<BuiltinEngine::ImportStream> &streams);
    std::vector<BuiltinEngine::ImportOutcome> importStreams(const std::vector<BuiltinEngine::ImportStream> &streams);
    void importAggregate(const QString &id, const std::vector<const BuiltinEngine::ImportStream *> &group,
                         BuiltinEngine::ImportOutcome &o);
    // One command inside the caller's transaction (writeMutex held). Throws EngineError.
    CommandResult executeIn(Command cmd, const CommandOptions &opt, std::optional<qint64> at);
    // The command's ids as executeIn gives them (a new command id; a create's aggregate id from
    // the options or new); returns the request id. Throws EngineError on input limits.
    QString identify(Command &cmd, const CommandOptions &opt, qint64 now);
    // The stream that a decided command appends at `version`.
    DomainEventStream streamOf(const Command &cmd, const CommandOptions &opt, const QString &requestId, int version,
                               const std::vector<Event> &events, qint64 now);
    static ExecutionFailedAggregate evolved(ExecutionFailedAggregate aggregate, const std::vector<Event> &events,
                                            int version);
    // BuiltinEngine::prepareHistory: any thread, no connection.
    BuiltinEngine::PreparedHistory prepareHistory(std::span<const BatchCommand> commands);
    // What compensate / resend delivered (see BuiltinEngine::deliveries).
    void recordDelivery(Connection &c, const QString &kind, const QString &aggregateId, int version,
                        const QString &streamId, const QString &compensationId, const FunctionInfo &f);

    // ---- queries (builtin_queries.cpp) -------------------------------------------------

    EvaluationContext evalContext() const;

    struct Where {
        QString sql;
        std::vector<sqlite::Value> params;
        int residuals = 0;
        QSet<QString> columns;
    };

    // `scoped`: the condition already carries its tenant and deletion scope
    // (rewriteQueryCondition), so it is compiled as it is.
    Where where(const Condition &condition, bool snapshots, bool noIndex = false, bool scoped = false);
    // Whether every stored event stream has exactly one event (see CompileOptions).
    bool singleEventStreams();
    QString orderBy(const std::vector<Sort> &sort, bool snapshots);
    // A condition that pins the status, as one condition per status (ANDed with the rest);
    // none when it does not.
    static std::optional<std::vector<Condition>> statusBranches(const Condition &condition);
    // Whether snapshot_status_order holds every column of a condition (so a walk of it in key
    // order, status by status, reads no table rows).
    static bool answeredByStatusOrder(const QSet<QString> &columns);
    // The aggregate ids of the branches that can be among the first `n` in key order, merged
    // in that order, once each (walks of snapshot_status_order, or sorted reads of a branch's
    // matches); false when they could not be read within the key-order budget.
    bool branchPages(Connection &c, const std::vector<Where> &branches, bool desc, qint64 n, std::vector<QByteArray> &ids);
    QList<Document> select(const Condition &condition, const std::vector<Sort> &sort, const Projection &projection,
                           qint64 limit, qint64 offset, bool snapshots, SnapshotView view);
    // The documents of snapshot keys (aggregate ids) or event-stream keys (seq), in order,
    // projected; keys deleted meanwhile are skipped.
    QList<Document> documents(Connection &c, const std::vector<sqlite::Value> &keys, const Projection &projection,
                              bool snapshots, SnapshotView view);
    static void checkLimit(int limit);
    static void checkPagination(const Pagination &p);
    PagedList<Document> paged(const PagedQuery &q, bool snapshots, SnapshotView view);

    // Replays streams in order; `visit(stream, aggregateAfter, snapshotAfter)` per stream.
    template <typename Visit>
    void replay(const std::vector<DomainEventStream> &streams, Visit visit);
    // The state after replaying `streams`; NotFound when the aggregate ends up deleted.
    ExecutionFailedState liveStateAfter(const std::vector<DomainEventStream> &streams);
    void regenerate(Connection &c, const QString &aggregateId);
    // Aggregates that have event streams, in id order after `afterId`.
    QStringList aggregateIdsAfter(Connection &c, const QString &afterId, int limit);

    // ---- Wow 9.x reads (builtin_aggregation.cpp) ---------------------------------------

    std::vector<AggregationRow> aggregate(const AggregationQuery &q, bool snapshots);
    // Event aggregations that only count streams by event name within quarter-hour aligned
    // createTime bounds, per calendar bucket (the dashboard's trends), read the rollup;
    // nullopt when the query has another shape.
    std::optional<std::vector<AggregationRow>> aggregateFromRollup(const AggregationQuery &q);
    CursorPage<Document> cursor(const CursorQuery &q, bool snapshots, SnapshotView view);
    // Signs cursor tokens (kept in the file, so tokens outlive the process but not the file).
    QByteArray cursorKey;

    // ---- counts (builtin_counts.cpp) ---------------------------------------------------

    // Whether the bucket counts (snapshot_count) hold every column these conditions read.
    static bool summaryAnswers(const QSet<QString> &columns);
    qint64 countWhere(Connection &c, const QString &table, const Where &w, const QString &extraSql = {},
                      const std::vector<sqlite::Value> &extraParams = {});
    // For a part "bucket terms AND one time comparison" (a time column, never NULL), count the
    // bucket rows and subtract those failing the comparison: an index range that is short when
    // most rows pass (NextRetry: almost every failure is due). Runs within a step budget and
    // gives up (nullopt) when the excluded range turns out long.
    std::optional<qint64> countByComplement(Connection &c, const Condition &part, const QString &status);
    // A status's part with a bound on timeout_at or next_retry_at (or one on each): the seconds
    // on its side from snapshot_time_count plus the rows of the second the bound falls in; with
    // two bounds, the fewest rows of one side, chosen by those counts, or, when both are upper
    // bounds, the seconds of the later time (col 2).
    std::optional<qint64> countByTimeBuckets(Connection &c, const Condition &part, const QString &status);
    void adjustTimeCounts(Connection &c, const QString &aggregateId, int delta);
    qint64 count(const Condition &condition, bool snapshots, bool scoped = false);

    // ---- dispatch (builtin_engine.cpp, its only user) ----------------------------------

    // Runs `fn` on the pool; SQLite and unexpected errors become EngineErrors.
    template <typename F>
    auto run(F fn) -> QFuture<std::invoke_result_t<F>>;
};

template <typename Visit>
void BuiltinEngine::Impl::replay(const std::vector<DomainEventStream> &streams, Visit visit)
{
    ExecutionFailedAggregate agg;
    std::optional<Snapshot> snap;
    for (const auto &s : streams) {
        agg.aggregateId = s.aggregateId;
        agg = applyStream(agg, s);
        snap = nextSnapshot(snap, agg, s, s.createTime);
        if (!visit(s, agg, *snap))
            break;
    }
}

} // namespace wci
