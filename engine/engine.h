#pragma once

// The one interface the UI, the server and the tools use to reach a compensation service:
// the built-in SQLite engine or a remote Wow server. Every call is asynchronous; results
// arrive as QFuture<T>, failures as EngineError (a QException) on the future.

#include "aggregation.h"
#include "bi_script.h"
#include "categories.h"
#include "query_model.h"
#include "commands.h"
#include "engine_error.h"
#include "events.h"
#include "query.h"
#include "wire_types.h"

#include <QFuture>
#include <QObject>

#include <memory>

namespace wci {

// A JSON document exactly as the engine stores or the server returned it (a snapshot or an
// event stream, possibly projected). Kept as bytes so export and the server copy, not re-encode.
struct Document {
    QByteArray json;
    QJsonObject object() const { return parseObject(json); }
    template <typename T>
    Result<T> as() const { return T::fromJsonBytes(json); }
    static Document read(const JsonReader &r);
    void write(JsonWriter &w) const { w.raw(json); }
    friend bool operator==(const Document &, const Document &) = default;
};

// Snapshot query results as whole documents or as their `state` objects.
enum class SnapshotView { Document, State };

struct CommandOptions {
    CommandStage waitStage = CommandStage::Processed;
    QString requestId;                  // empty → the command id
    std::optional<int> expectedVersion; // Command-Aggregate-Version
    QString aggregateId;                // for create: fixes the new id (Command-Aggregate-Id)
    QString operatorName;               // becomes the stream header command_operator
    QString reason;                     // becomes the stream header "reason"
    QMap<QString, QString> headers;     // copied into the stream header (Command-Header-*)
    int waitTimeoutMs = 30000;
};

struct TracingRange {
    int headVersion = 1;
    std::optional<int> tailVersion; // default: latest
    std::optional<int> limit;       // emit only the last `limit` versions
};

// What an engine accepts; the rest of the app adapts to it.
struct EngineCapabilities {
    int maxPageSize = 0;      // 0 = no limit
    int maxListLimit = 0;     // 0 = no limit
    int maxPagingWindow = 0;  // index*size bound, 0 = none
    int maxConditionNodes = 0;
    QList<Operator> refusedOperators;
    bool fullTextSearch = false;
    bool biScriptPost = true; // current Wow; older servers had GET /wow/bi/script
    bool deliveries = false;  // records compensation deliveries (built-in only)
    bool readOnly = false;
    // What the server speaks (docs/wire-protocol.md §11.3). A remote server that does not say is
    // treated as Wow 8.10.
    QString wowVersion;         // "9.3.0"; empty: unknown (8.10 assumed)
    bool filterBodies = true;   // query bodies with `filter` (Wow ≥ 8.11); else 8.10 `condition`
    bool aggregation = true;    // aggregation routes (Wow ≥ 8.12)
    bool cursorPaging = true;   // cursor routes (Wow ≥ 9.0)
    bool serverClock = true;    // BEFORE_NOW / AFTER_NOW on the server's clock (Wow ≥ 9.2)
    bool querySchema = true;    // the query-model descriptor routes (Wow 9.2)
    qint64 clockOffsetMs = 0;   // the server's clock minus this computer's, when it matters
    bool probed = true;         // a remote engine: false until probe() has answered
};

// The clock the window's categories go by. A remote Wow ≥ 9.2 evaluates BEFORE_NOW / AFTER_NOW
// on its own clock (unless its guard refuses NOR, which Executing needs). Otherwise the literal
// "now" of Engine::now() is written into the conditions: the built-in engine's own clock (whose
// category counts are tuned for those forms), or this computer's corrected by the offset
// measured from the server's Date header.
inline CategoryClock categoryClock(const EngineCapabilities &c)
{
    return c.serverClock && !c.wowVersion.isEmpty() && !c.refusedOperators.contains(Operator::Nor) ? CategoryClock::Server
                                                                                                   : CategoryClock::Local;
}

class Engine : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~Engine() override = default;

    // A short description for the title and status bar ("built-in: /path/file.db").
    virtual QString describe() const = 0;
    virtual EngineCapabilities capabilities() const = 0;
    // The engine's clock (epoch ms); "now" for category conditions.
    virtual qint64 now() const = 0;
    // What actions should send unless told otherwise (remote engines wait for SNAPSHOT, so a
    // refresh right after a command shows its effect).
    virtual CommandOptions defaultCommandOptions() const { return {}; }
    // Learns what the engine accepts where that takes a round trip (a remote server's limits);
    // capabilities() answers from it afterwards. The built-in engine knows at once.
    virtual QFuture<EngineCapabilities> probe() { return QtFuture::makeReadyFuture(capabilities()); }

    // Commands: the CommandResult of the waited stage; failures carry it in EngineError.
    virtual QFuture<CommandResult> execute(const Command &command, const CommandOptions &options) = 0;

    // Snapshots.
    virtual QFuture<qint64> countSnapshots(const Condition &condition) = 0;
    virtual QFuture<QList<Document>> listSnapshots(const ListQuery &query, SnapshotView view) = 0;
    virtual QFuture<PagedList<Document>> pagedSnapshots(const PagedQuery &query, SnapshotView view) = 0;
    virtual QFuture<Document> singleSnapshot(const SingleQuery &query, SnapshotView view) = 0;
    virtual QFuture<Document> getSnapshot(const QString &aggregateId) = 0;
    virtual QFuture<void> regenerateSnapshot(const QString &aggregateId) = 0;
    virtual QFuture<BatchResult> batchRegenerateSnapshots(const QString &afterId, int limit) = 0;

    // State.
    virtual QFuture<ExecutionFailedState> loadState(const QString &aggregateId) = 0;
    virtual QFuture<ExecutionFailedState> loadStateAtVersion(const QString &aggregateId, int version) = 0;
    virtual QFuture<ExecutionFailedState> loadStateAtTime(const QString &aggregateId, qint64 createTime) = 0;
    virtual QFuture<QList<StateEvent>> tracing(const QString &aggregateId, const TracingRange &range) = 0;

    // Event streams.
    virtual QFuture<QList<Document>> loadEventStreams(const QString &aggregateId, int headVersion, int tailVersion) = 0;
    virtual QFuture<QList<Document>> listEventStreams(const ListQuery &query) = 0;
    virtual QFuture<PagedList<Document>> pagedEventStreams(const PagedQuery &query) = 0;
    virtual QFuture<qint64> countEventStreams(const Condition &condition) = 0;
    virtual QFuture<int> compensate(const QString &aggregateId, int version, const CompensationTarget &target) = 0;
    virtual QFuture<BatchResult> resendStateEvents(const QString &afterId, int limit) = 0;

    // Wow 9.x reads (docs/wire-protocol.md §8.6, §8.7): aggregation over snapshots or event
    // streams (rows keyed by alias), and cursor (keyset) paging with an opaque next-page token;
    // a bad token fails with IllegalArgument and the binding code INVALID_CURSOR.
    virtual QFuture<std::vector<AggregationRow>> aggregateSnapshots(const AggregationQuery &query) = 0;
    virtual QFuture<std::vector<AggregationRow>> aggregateEventStreams(const AggregationQuery &query) = 0;
    virtual QFuture<CursorPage<Document>> cursorSnapshots(const CursorQuery &query, SnapshotView view) = 0;
    virtual QFuture<CursorPage<Document>> cursorEventStreams(const CursorQuery &query) = 0;
    // The query-model descriptor (fields, operators per field, paging modes, limits) of the
    // snapshots or the event streams: the built-in engine's own, or the server's (Wow 9.2+).
    virtual QFuture<QueryModelDescriptor> describeQueryModel(QueryModel model) = 0;

    // Global.
    virtual QFuture<WowMetadata> metadata() = 0;
    virtual QFuture<QString> generateGlobalId() = 0;
    virtual QFuture<BiScriptResponse> generateBiScript(const BiScriptRequest &request) = 0;
};

// What an engine works out for an aggregate's run of streams before it writes them (see
// StreamImporter::prepareImport): the snapshot after them and its stored form.
struct PreparedSnapshot {
    Snapshot snapshot;
    QStringList streamIds;  // the streams it follows, versions 1, 2, … in order
    QByteArray stored;      // the snapshot document as the engine stores it
    unsigned storedWith = 0; // the engine's encoding of `stored` (a dictionary id)
};
// Import of event streams (from an export of this tool or of a Wow server) into an engine that
// can store foreign streams: the built-in one. Synchronous: callers run it off the GUI thread.
// In one transaction with a savepoint per aggregate: an aggregate's new streams go in together,
// or none of them do. Streams already stored with the same id are duplicates and skipped; new
// ones must continue the stored versions without a gap. The snapshot is rebuilt by replay.
struct ImportStream {
    DomainEventStream stream;
    QByteArray raw; // stored as is when compact (one line), so exports round-trip byte for byte
    // The stream's events typed by the decoder (decodeTypedEventStream), one per entry of
    // stream.body, whose `body` text is then empty: only for a compact `raw`, which holds it.
    std::vector<Event> events;
    bool typed() const { return !events.empty() && events.size() == stream.body.size(); }
    // Filled by prepareImport (empty: not prepared): `raw` as the engine stores it, and, on
    // the last stream of a run that starts an aggregate, the snapshot after the run.
    QByteArray stored;
    unsigned storedWith = 0;
    std::shared_ptr<const PreparedSnapshot> snapshot;
};
struct ImportOutcome {
    QString aggregateId;
    int imported = 0;
    int duplicates = 0;
    QString error; // why the aggregate's new streams were rejected (nothing of it written)
};
class StreamImporter {
public:
    virtual ~StreamImporter() = default;
    // The work that needs no database (compressing documents, replaying the runs of streams
    // that start an aggregate), done ahead on any thread, while importStreams writes an
    // earlier batch, so the writer only writes. Optional: unprepared streams are imported the
    // same. Streams it prepared may have their event bodies dropped (the stored form and the
    // snapshot stand for them). Thread-safe.
    virtual void prepareImport(std::vector<ImportStream> &streams) { Q_UNUSED(streams); }
    virtual std::vector<ImportOutcome> importStreams(const std::vector<ImportStream> &streams) = 0;
    // An import into an empty store may build the store's secondary indexes once, at its end,
    // instead of entry by entry (for a command-line import, which nothing else reads while it
    // runs): beginBulkImport says whether it does; endBulkImport builds them (after a failed or
    // cancelled import too; an engine opened on a file that lacks them builds them as well).
    // Queries in between may be slow or fail, and counts may leave out what was imported.
    virtual bool beginBulkImport() { return false; }
    virtual void endBulkImport() {}
};

// The file behind an engine that keeps one (the built-in engine): its size and how its
// documents are stored, and compaction (File › Database properties).
struct StorageInfo {
    QString path;
    int format = 0;               // the database format (schema version)
    qint64 fileBytes = 0;         // the database file and its write-ahead log
    qint64 freeBytes = 0;         // pages that compaction would give back
    qint64 failures = 0;          // snapshots, deleted ones included
    qint64 eventStreams = 0;
    qint64 documentBytes = 0;     // the documents as JSON
    qint64 storedBytes = 0;       // the documents as stored
    qint64 plainDocuments = 0;    // documents not stored with the current dictionary
    int dictionaries = 0;
    qint64 dictionaryBytes = 0;
    double compressionRatio() const { return storedBytes > 0 ? double(documentBytes) / double(storedBytes) : 1.0; }
};
struct CompactResult {
    qint64 recompressed = 0;      // documents now stored with the current dictionary
    qint64 bytesBefore = 0;       // file size before
    qint64 bytesAfter = 0;        // file size after
    bool vacuumed = false;        // false when cancelled before the file was rewritten
};
class LocalStorage {
public:
    virtual ~LocalStorage() = default;
    virtual QFuture<StorageInfo> storageInfo() = 0;
    // Compresses every document with the current dictionary (training one first when the
    // file has none), a batch per transaction, then rewrites the file (VACUUM). Reports
    // progress 0…1000 on the future and stops at the next batch when the future is cancelled:
    // what was done stays, nothing is lost.
    virtual QFuture<CompactResult> compact() = 0;
};

} // namespace wci
