#pragma once

// The built-in engine: Wow's compensation service as an event-sourced store in one SQLite
// file (WAL). Event streams are append-only, keyed by (aggregate id, version); the snapshot
// row is written in the same transaction as the stream. All SQLite work runs on the
// engine's own thread pool, never on the caller's thread.

#include "engine.h"

#include <QThreadPool>

#include <functional>
#include <memory>
#include <span>

namespace wci {

struct Delivery {
    qint64 seq = 0;
    qint64 time = 0;
    QString kind;          // EVENT, STATE_EVENT or RESEND_STATE_EVENT
    QString aggregateId;
    int version = 0;
    QString streamId;
    QString compensationId;
    FunctionInfo function;
    friend bool operator==(const Delivery &, const Delivery &) = default;
};

struct BuiltinEngineOptions {
    QString path;
    bool create = true;
    bool readOnly = false;
    std::function<qint64()> clock; // default: system clock (epoch ms)
    QTimeZone zone = QTimeZone::systemTimeZone(); // default zone of date operators
    int maxThreads = 4;
    std::optional<int> machineId; // fixed id-generator machine id (deterministic seeding)
    // Pages in aggregate-id order first walk the table in key order for at most this many
    // thousand SQLite VM steps, then fall back to the index plan (tests set it to 0).
    int keyOrderScanBudget = 5000;
    // Store new documents compressed (doc_codec.h). Off: plain JSON text, as format 3 did
    // (tests make files of the old format with it; benchmarks compare).
    bool compressDocuments = true;
    // How many documents the dictionary is trained from (the first ones a new file receives).
    int dictionarySamples = 2000;
    // Asked while a file of an older format is upgraded (open with write access): true stops
    // the upgrade, and open fails with the file as it was.
    std::function<bool()> cancelled;
    // Told how far that upgrade is, 0…1000, on the opening thread, while it passes over the
    // snapshot rows (its longest part): not at all for a file of the current format.
    std::function<void(int)> upgradeProgress;
};

class BuiltinEngine : public Engine, public StreamImporter, public LocalStorage {
    Q_OBJECT
public:
    // Opens or creates the database; IllegalArgument/InternalServerError when it cannot.
    static Result<std::unique_ptr<BuiltinEngine>> open(const BuiltinEngineOptions &options);
    // The database format this version writes, and a file's (nullopt when it is not a
    // database this version can read the format of; 0 for a file without one: new or empty).
    static int currentFormat();
    static std::optional<int> fileFormat(const QString &path);
    ~BuiltinEngine() override;
    // For a process that only writes in bulk (the command line's import and seed): memory freed
    // is kept for the next documents instead of being given back to the system and faulted in
    // again (blocks up to 32 MB come from the heap; up to 256 MB free at its top is kept). The
    // window does not call it: it would keep that memory for as long as it runs.
    static void keepFreedMemoryForBulkWrites();

    QString describe() const override;
    EngineCapabilities capabilities() const override;
    qint64 now() const override;
    QString path() const;
    int machineId() const;
    // How pages in aggregate-id order were read since the engine opened (for tests and
    // benchmarks): sorted reads that gave a branch its keys, and pages the per-status reads
    // could not finish within their budget (read by the planner's plan instead).
    struct PageReads {
        qint64 sortedReads = 0;
        qint64 fallbacks = 0;
    };
    PageReads pageReads() const;

    QFuture<CommandResult> execute(const Command &command, const CommandOptions &options) override;

    QFuture<qint64> countSnapshots(const Condition &condition) override;
    QFuture<QList<Document>> listSnapshots(const ListQuery &query, SnapshotView view) override;
    QFuture<PagedList<Document>> pagedSnapshots(const PagedQuery &query, SnapshotView view) override;
    QFuture<Document> singleSnapshot(const SingleQuery &query, SnapshotView view) override;
    QFuture<Document> getSnapshot(const QString &aggregateId) override;
    QFuture<void> regenerateSnapshot(const QString &aggregateId) override;
    QFuture<BatchResult> batchRegenerateSnapshots(const QString &afterId, int limit) override;

    QFuture<ExecutionFailedState> loadState(const QString &aggregateId) override;
    QFuture<ExecutionFailedState> loadStateAtVersion(const QString &aggregateId, int version) override;
    QFuture<ExecutionFailedState> loadStateAtTime(const QString &aggregateId, qint64 createTime) override;
    QFuture<QList<StateEvent>> tracing(const QString &aggregateId, const TracingRange &range) override;

    QFuture<QList<Document>> loadEventStreams(const QString &aggregateId, int headVersion, int tailVersion) override;
    QFuture<QList<Document>> listEventStreams(const ListQuery &query) override;
    QFuture<PagedList<Document>> pagedEventStreams(const PagedQuery &query) override;
    QFuture<qint64> countEventStreams(const Condition &condition) override;
    QFuture<int> compensate(const QString &aggregateId, int version, const CompensationTarget &target) override;
    QFuture<BatchResult> resendStateEvents(const QString &afterId, int limit) override;

    QFuture<std::vector<AggregationRow>> aggregateSnapshots(const AggregationQuery &query) override;
    QFuture<std::vector<AggregationRow>> aggregateEventStreams(const AggregationQuery &query) override;
    QFuture<CursorPage<Document>> cursorSnapshots(const CursorQuery &query, SnapshotView view) override;
    QFuture<CursorPage<Document>> cursorEventStreams(const CursorQuery &query) override;
    QFuture<QueryModelDescriptor> describeQueryModel(QueryModel model) override;

    QFuture<WowMetadata> metadata() override;
    QFuture<QString> generateGlobalId() override;
    QFuture<BiScriptResponse> generateBiScript(const BiScriptRequest &request) override;

    // What compensate / resend recorded, newest last.
    QFuture<QList<Delivery>> deliveries(qint64 afterSeq = 0, int limit = 1000);

    using ImportStream = wci::ImportStream;
    // Synchronous cores, for tools that already run off the GUI thread (seed, import, tests).
    // Throw EngineError on failure.
    CommandResult executeNow(const Command &command, const CommandOptions &options);
    // Many commands in one transaction (each under its own savepoint): seeding and import.
    struct BatchCommand {
        Command command;
        CommandOptions options;
        std::optional<qint64> at; // the command's time instead of the clock (history, import)
    };
    std::vector<std::variant<CommandResult, EngineError>> executeBatch(const std::vector<BatchCommand> &commands);
    // The history of one new aggregate (the demo seeder's), decided in memory: the streams its
    // commands append, encoded and compressed, with the snapshot after them, for importStreams
    // to write as executeBatch would have. Commands the domain refuses append nothing and are
    // counted. Touches no connection; thread-safe, so a batch is prepared while another is written.
    struct PreparedHistory {
        std::vector<ImportStream> streams;
        int refused = 0;
    };
    PreparedHistory prepareHistory(std::span<const BatchCommand> commands);
    // For a file without a dictionary: trains one from these prepared streams (and snapshots)
    // on the calling thread and compresses them with it, so the writer neither stores them
    // plain nor trains and compresses them again; the next write stores the dictionary as the
    // file's (unless the file has one by then). Later prepared histories use it too. False
    // when nothing was done (a dictionary exists, there are fewer documents than the writer
    // trains from, `dictionarySamples`, or they do not make one).
    bool primeDictionary(std::vector<ImportStream> &streams);

    // StreamImporter (engine.h).
    using ImportOutcome = wci::ImportOutcome;
    void prepareImport(std::vector<ImportStream> &streams) override;
    std::vector<ImportOutcome> importStreams(const std::vector<ImportStream> &streams) override;
    bool beginBulkImport() override;
    void endBulkImport() override;

    // LocalStorage (engine.h).
    QFuture<StorageInfo> storageInfo() override;
    QFuture<CompactResult> compact() override;

    struct Impl;

private:
    explicit BuiltinEngine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

// Applies Wow's include / exclude projection to a stored document.
QByteArray applyProjection(const QByteArray &json, const Projection &projection, const QString &idField);

} // namespace wci
