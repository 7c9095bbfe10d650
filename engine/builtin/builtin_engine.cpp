// The built-in engine's public face: opening the database and the BuiltinEngine methods,
// which run the Impl's work (builtin_engine_impl.h) on the engine's thread pool.

#include "builtin_engine_impl.h"

#include "bi_script_generator.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrent>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace wci {

template <typename F>
auto BuiltinEngine::Impl::run(F fn) -> QFuture<std::invoke_result_t<F>>
{
    return QtConcurrent::run(&pool, [fn = std::move(fn)]() mutable {
        try {
            return fn();
        } catch (const EngineError &) {
            throw;
        } catch (const SqliteError &e) {
            if (e.isBusy())
                throw EngineError(ErrorCode::RequestTimeout, u"The database is busy: "_s + e.message);
            throw EngineError(ErrorCode::InternalServerError, u"Database error: "_s + e.message);
        } catch (const std::exception &e) {
            throw EngineError(ErrorCode::InternalServerError, QString::fromUtf8(e.what()));
        }
    });
}

namespace {

// Runs a synchronous call (import, batches, commands now) with SQLite errors as EngineErrors.
template <typename F>
auto synchronously(F fn) -> std::invoke_result_t<F>
{
    try {
        return fn();
    } catch (const SqliteError &e) {
        throw EngineError(ErrorCode::InternalServerError, u"Database error: "_s + e.message);
    }
}

} // namespace

Result<std::unique_ptr<BuiltinEngine>> BuiltinEngine::open(const BuiltinEngineOptions &options)
{
    if (options.path.isEmpty())
        return DomainError::illegalArgument(u"No database file given."_s);
    const QFileInfo info(options.path);
    if (!info.exists() && !options.create)
        return DomainError::notFound(u"Database file "_s + options.path + u" does not exist."_s);
    if (!info.exists())
        QDir().mkpath(info.absolutePath());
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    impl->clock = options.clock ? options.clock : [] { return QDateTime::currentMSecsSinceEpoch(); };
    impl->pool.setMaxThreadCount(std::max(1, options.maxThreads));
    impl->pool.setExpiryTimeout(-1);
    try {
        impl->initialise();
    } catch (const SqliteError &e) {
        return DomainError{ErrorCode::IllegalArgument,
                           u"Cannot open "_s + options.path + u" as a compensation database: "_s + e.message,
                           {}};
    } catch (const EngineError &e) {
        return DomainError{e.errorCode, e.errorMsg, {}};
    }
    return std::unique_ptr<BuiltinEngine>(new BuiltinEngine(std::move(impl)));
}

BuiltinEngine::BuiltinEngine(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}

int BuiltinEngine::currentFormat()
{
    return Impl::kSchemaVersion;
}

std::optional<int> BuiltinEngine::fileFormat(const QString &path)
{
    if (!QFileInfo::exists(path))
        return std::nullopt;
    try {
        sqlite::Connection c(path, false, true);
        return Impl::schemaVersionOf(c);
    } catch (const SqliteError &) {
        return std::nullopt;
    }
}

void BuiltinEngine::keepFreedMemoryForBulkWrites()
{
#ifdef __GLIBC__
    // Both together: a fixed trim threshold alone also fixes the mmap threshold at its default
    // (128 KB), and the decoders' larger blocks would then be mapped and faulted in each time.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

BuiltinEngine::~BuiltinEngine()
{
    d->pool.waitForDone();
    try {
        d->restoreIndexes(); // a bulk import left unfinished; the next open would do it too
    } catch (...) {
        // the file keeps what it lacks marked (counts_pending) or missing (indexes)
    }
}

QString BuiltinEngine::describe() const
{
    return u"built-in: "_s + QDir::toNativeSeparators(d->options.path) + (d->options.readOnly ? u" (read-only)"_s : QString());
}

EngineCapabilities BuiltinEngine::capabilities() const
{
    EngineCapabilities c;
    c.refusedOperators = {Operator::Raw};
    c.fullTextSearch = true;
    c.deliveries = true;
    c.readOnly = d->options.readOnly;
    return c;
}

qint64 BuiltinEngine::now() const
{
    return d->clock();
}

QString BuiltinEngine::path() const
{
    return d->options.path;
}

int BuiltinEngine::machineId() const
{
    return d->machineId;
}

BuiltinEngine::PageReads BuiltinEngine::pageReads() const
{
    return {d->sortedReads.load(), d->pageFallbacks.load()};
}

bool BuiltinEngine::beginBulkImport()
{
    return synchronously([&] { return d->deferIndexes(); });
}

void BuiltinEngine::endBulkImport()
{
    synchronously([&] { d->restoreIndexes(); });
}

BuiltinEngine::PreparedHistory BuiltinEngine::prepareHistory(std::span<const BatchCommand> commands)
{
    return d->prepareHistory(commands);
}

bool BuiltinEngine::primeDictionary(std::vector<ImportStream> &streams)
{
    return d->primeDictionary(streams);
}

void BuiltinEngine::prepareImport(std::vector<ImportStream> &streams)
{
    d->prepareImport(streams);
}

std::vector<BuiltinEngine::ImportOutcome> BuiltinEngine::importStreams(const std::vector<ImportStream> &streams)
{
    return synchronously([&] { return d->importStreams(streams); });
}

std::vector<std::variant<CommandResult, EngineError>>
BuiltinEngine::executeBatch(const std::vector<BatchCommand> &commands)
{
    return synchronously([&] { return d->executeBatch(commands); });
}

CommandResult BuiltinEngine::executeNow(const Command &command, const CommandOptions &options)
{
    return synchronously([&] { return d->execute(command, options); });
}

QFuture<CommandResult> BuiltinEngine::execute(const Command &command, const CommandOptions &options)
{
    return d->run([this, command, options] { return d->execute(command, options); });
}

QFuture<qint64> BuiltinEngine::countSnapshots(const Condition &condition)
{
    return d->run([this, condition] { return d->count(condition, true); });
}

QFuture<QList<Document>> BuiltinEngine::listSnapshots(const ListQuery &query, SnapshotView view)
{
    return d->run([this, query, view] {
        Impl::checkLimit(query.limit);
        return d->select(query.condition, query.sort, query.projection, query.limit, 0, true, view);
    });
}

QFuture<PagedList<Document>> BuiltinEngine::pagedSnapshots(const PagedQuery &query, SnapshotView view)
{
    return d->run([this, query, view] { return d->paged(query, true, view); });
}

QFuture<Document> BuiltinEngine::singleSnapshot(const SingleQuery &query, SnapshotView view)
{
    return d->run([this, query, view] {
        const auto docs = d->select(query.condition, query.sort, query.projection, 1, 0, true, view);
        if (docs.isEmpty())
            throw notFound();
        return docs.first();
    });
}

QFuture<Document> BuiltinEngine::getSnapshot(const QString &aggregateId)
{
    return d->run([this, aggregateId] {
        auto lease = d->reader();
        Statement &st = (*lease).prepare(
            u"SELECT wci_doc(d.doc) FROM snapshot s JOIN snapshot_doc d ON d.aggregate_id = s.aggregate_id "
            "WHERE s.aggregate_id = ? AND s.deleted = 0"_s);
        st.bind(1, aggregateId);
        if (!st.step())
            throw notFound();
        Document doc{st.bytes(0)};
        st.reset();
        return doc;
    });
}

QFuture<void> BuiltinEngine::regenerateSnapshot(const QString &aggregateId)
{
    return d->run([this, aggregateId] {
        if (d->options.readOnly)
            throw EngineError(ErrorCode::IllegalState, u"The database is open read-only."_s);
        auto lock = d->lockWrites();
        Transaction txn(*d->writer);
        d->regenerate(*d->writer, aggregateId);
        txn.commit();
    });
}

QFuture<BatchResult> BuiltinEngine::batchRegenerateSnapshots(const QString &afterId, int limit)
{
    return d->run([this, afterId, limit] {
        if (limit < 1)
            throw illegalArgument(u"limit must be greater than 0."_s);
        if (d->options.readOnly)
            throw EngineError(ErrorCode::IllegalState, u"The database is open read-only."_s);
        auto lock = d->lockWrites();
        Transaction txn(*d->writer);
        const QStringList ids = d->aggregateIdsAfter(*d->writer, afterId, limit);
        BatchResult r{afterId, 0, ErrorCode::Ok, QString()};
        for (const auto &id : ids) {
            try {
                d->regenerate(*d->writer, id);
            } catch (const EngineError &) {
                txn.commit(); // keep what was regenerated before the failing aggregate
                BatchResult failed{r.afterId, r.size, ErrorCode::BatchTaskError, u"Task["_s + id + u"] execution failed."_s};
                EngineError e(ErrorCode::BatchTaskError, failed.errorMsg);
                e.httpStatus = 400;
                e.batchResult = failed;
                throw e;
            }
            r.afterId = id;
            ++r.size;
        }
        txn.commit();
        return r;
    });
}

QFuture<ExecutionFailedState> BuiltinEngine::loadState(const QString &aggregateId)
{
    return d->run([this, aggregateId] {
        auto lease = d->reader();
        const auto loaded = d->loadAggregate(*lease, aggregateId);
        if (!loaded.aggregate.initialized() || loaded.aggregate.deleted)
            throw notFound();
        return loaded.aggregate.state;
    });
}

QFuture<ExecutionFailedState> BuiltinEngine::loadStateAtVersion(const QString &aggregateId, int version)
{
    return d->run([this, aggregateId, version] {
        if (version < 1)
            throw notFound();
        auto lease = d->reader();
        const auto streams = d->loadStreams(*lease, aggregateId, 1, version);
        if (streams.empty())
            throw notFound();
        if (streams.back().version < version) {
            throw EngineError(ErrorCode::IllegalState, u"targetVersion:%1 != stateAggregate.version:%2"_s.arg(version).arg(
                                                           streams.back().version));
        }
        return d->liveStateAfter(streams);
    });
}

QFuture<ExecutionFailedState> BuiltinEngine::loadStateAtTime(const QString &aggregateId, qint64 createTime)
{
    return d->run([this, aggregateId, createTime] {
        auto lease = d->reader();
        auto streams = d->loadStreams(*lease, aggregateId);
        std::erase_if(streams, [&](const DomainEventStream &s) { return s.createTime > createTime; });
        if (streams.empty())
            throw notFound();
        return d->liveStateAfter(streams);
    });
}

QFuture<QList<StateEvent>> BuiltinEngine::tracing(const QString &aggregateId, const TracingRange &range)
{
    return d->run([this, aggregateId, range] {
        if (range.headVersion < 1)
            throw illegalArgument(u"headVersion must be greater than 0."_s);
        if (range.tailVersion && *range.tailVersion < range.headVersion)
            throw illegalArgument(u"tailVersion must be greater than or equal to headVersion."_s);
        if (range.limit && *range.limit < 0)
            throw illegalArgument(u"limit must be greater than or equal to 0."_s);
        auto lease = d->reader();
        const auto streams = d->loadStreams(*lease, aggregateId, 1, range.tailVersion.value_or(std::numeric_limits<int>::max()));
        QList<StateEvent> out;
        d->replay(streams, [&](const DomainEventStream &s, const ExecutionFailedAggregate &a, const Snapshot &snap) {
            if (s.version < range.headVersion)
                return true;
            StateEvent e;
            e.id = s.id;
            e.header = s.header;
            e.aggregateId = s.aggregateId;
            e.tenantId = s.tenantId;
            e.ownerId = s.ownerId;
            e.spaceId = s.spaceId;
            e.commandId = s.commandId;
            e.requestId = s.requestId;
            e.version = s.version;
            e.firstOperator = snap.firstOperator;
            e.firstEventTime = snap.firstEventTime;
            e.state = a.state;
            e.tags = snap.tags;
            e.deleted = a.deleted;
            e.body = s.body;
            e.createTime = s.createTime;
            out.append(e);
            return true;
        });
        if (range.limit && out.size() > *range.limit)
            out = out.mid(out.size() - *range.limit);
        return out;
    });
}

QFuture<QList<Document>> BuiltinEngine::loadEventStreams(const QString &aggregateId, int headVersion, int tailVersion)
{
    return d->run([this, aggregateId, headVersion, tailVersion] {
        if (tailVersion < headVersion)
            throw illegalArgument(u"tailVersion must be greater than or equal to headVersion."_s);
        auto lease = d->reader();
        Statement &st = (*lease).prepare(
            u"SELECT wci_doc(doc) FROM event_stream WHERE aggregate_id = ? AND tenant_id = ? AND version BETWEEN ? AND ? ORDER BY version"_s);
        st.bind(1, aggregateId).bind(2, kDefaultTenantId).bind(3, headVersion).bind(4, tailVersion);
        QList<Document> out;
        while (st.step())
            out.append(Document{st.bytes(0)});
        return out;
    });
}

QFuture<QList<Document>> BuiltinEngine::listEventStreams(const ListQuery &query)
{
    return d->run([this, query] {
        Impl::checkLimit(query.limit);
        return d->select(query.condition, query.sort, query.projection, query.limit, 0, false, SnapshotView::Document);
    });
}

QFuture<PagedList<Document>> BuiltinEngine::pagedEventStreams(const PagedQuery &query)
{
    return d->run([this, query] { return d->paged(query, false, SnapshotView::Document); });
}

QFuture<qint64> BuiltinEngine::countEventStreams(const Condition &condition)
{
    return d->run([this, condition] { return d->count(condition, false); });
}

QFuture<int> BuiltinEngine::compensate(const QString &aggregateId, int version, const CompensationTarget &target)
{
    return d->run([this, aggregateId, version, target] {
        const FunctionKind kind = target.function.functionKind;
        if (kind != FunctionKind::Event && kind != FunctionKind::StateEvent)
            throw illegalArgument(u"Unsupported FunctionKind:"_s + enumName(kind));
        if (d->options.readOnly)
            throw EngineError(ErrorCode::IllegalState, u"The database is open read-only."_s);
        auto lock = d->lockWrites();
        Transaction txn(*d->writer);
        const auto streams = d->loadStreams(*d->writer, aggregateId, version, version);
        if (streams.empty())
            return 0;
        const QString compensationId = target.id.value_or(d->ids().next());
        d->recordDelivery(*d->writer, enumName(kind), aggregateId, version, streams.front().id, compensationId,
                          target.function);
        txn.commit();
        return 1;
    });
}

QFuture<BatchResult> BuiltinEngine::resendStateEvents(const QString &afterId, int limit)
{
    return d->run([this, afterId, limit] {
        if (limit < 1)
            throw illegalArgument(u"limit must be greater than 0."_s);
        if (d->options.readOnly)
            throw EngineError(ErrorCode::IllegalState, u"The database is open read-only."_s);
        const FunctionInfo target = fn(FunctionKind::StateEvent, u"wow"_s, u"ResendStateEventHandler"_s, u"Resend"_s);
        auto lock = d->lockWrites();
        Transaction txn(*d->writer);
        BatchResult r{afterId, 0, ErrorCode::Ok, QString()};
        Statement &st = d->writer->prepare(
            u"SELECT s.aggregate_id, s.version, json_extract(wci_doc(d.doc), '$.eventId') FROM snapshot s "
            "JOIN snapshot_doc d ON d.aggregate_id = s.aggregate_id WHERE s.aggregate_id > ? "
            "ORDER BY s.aggregate_id LIMIT ?"_s);
        st.bind(1, afterId).bind(2, limit);
        struct Row {
            QString id;
            int version;
            QString streamId;
        };
        std::vector<Row> rows;
        while (st.step())
            rows.push_back({st.text(0), int(st.int64(1)), st.text(2)});
        for (const auto &row : rows) {
            d->recordDelivery(*d->writer, u"RESEND_STATE_EVENT"_s, row.id, row.version, row.streamId, d->ids().next(), target);
            r.afterId = row.id;
            ++r.size;
        }
        txn.commit();
        return r;
    });
}

QFuture<std::vector<AggregationRow>> BuiltinEngine::aggregateSnapshots(const AggregationQuery &query)
{
    return d->run([this, query] { return d->aggregate(query, true); });
}

QFuture<std::vector<AggregationRow>> BuiltinEngine::aggregateEventStreams(const AggregationQuery &query)
{
    return d->run([this, query] { return d->aggregate(query, false); });
}

QFuture<CursorPage<Document>> BuiltinEngine::cursorSnapshots(const CursorQuery &query, SnapshotView view)
{
    return d->run([this, query, view] { return d->cursor(query, true, view); });
}

QFuture<CursorPage<Document>> BuiltinEngine::cursorEventStreams(const CursorQuery &query)
{
    return d->run([this, query] { return d->cursor(query, false, SnapshotView::Document); });
}

QFuture<QueryModelDescriptor> BuiltinEngine::describeQueryModel(QueryModel model)
{
    // The engine itself has no HTTP limits: only the default list size applies.
    QueryModelLimits limits;
    limits.defaultListSize = 100;
    return QtFuture::makeReadyFuture(
        wci::describeQueryModel(model, limits, QString::fromUtf8(d->options.zone.id())));
}

QFuture<WowMetadata> BuiltinEngine::metadata()
{
    return QtFuture::makeReadyFuture(WowMetadata::compensationService());
}

QFuture<QString> BuiltinEngine::generateGlobalId()
{
    return QtFuture::makeReadyFuture(d->ids().next());
}

QFuture<BiScriptResponse> BuiltinEngine::generateBiScript(const BiScriptRequest &request)
{
    return d->run([request] {
        const auto r = wci::generateBiScript(request);
        if (!r)
            raise(r.error());
        return *r;
    });
}

QFuture<StorageInfo> BuiltinEngine::storageInfo()
{
    return d->run([this] { return d->storageInfo(); });
}

QFuture<CompactResult> BuiltinEngine::compact()
{
    return QtConcurrent::run(&d->pool, [this](QPromise<CompactResult> &promise) {
        try {
            promise.addResult(d->compact(promise));
        } catch (const EngineError &e) {
            promise.setException(e);
        } catch (const SqliteError &e) {
            promise.setException(EngineError(ErrorCode::InternalServerError, u"Database error: "_s + e.message));
        } catch (const std::exception &e) {
            promise.setException(EngineError(ErrorCode::InternalServerError, QString::fromUtf8(e.what())));
        }
    });
}

QFuture<QList<Delivery>> BuiltinEngine::deliveries(qint64 afterSeq, int limit)
{
    return d->run([this, afterSeq, limit] {
        auto lease = d->reader();
        Statement &st = (*lease).prepare(
            u"SELECT seq, time, kind, aggregate_id, version, stream_id, compensation_id, function FROM delivery "
            "WHERE seq > ? ORDER BY seq LIMIT ?"_s);
        st.bind(1, afterSeq).bind(2, limit);
        QList<Delivery> out;
        while (st.step()) {
            Delivery x;
            x.seq = st.int64(0);
            x.time = st.int64(1);
            x.kind = st.text(2);
            x.aggregateId = st.text(3);
            x.version = int(st.int64(4));
            x.streamId = st.text(5);
            x.compensationId = st.text(6);
            x.function = FunctionInfo::fromJsonBytes(st.bytes(7)).value();
            out.append(x);
        }
        return out;
    });
}


} // namespace wci
