// The built-in engine's command writer: input limits, loading an aggregate and applying its
// streams, writing streams, snapshots and bucket counts, executing commands singly or in a
// batch, importing streams, recording deliveries.

#include "builtin_engine_impl.h"

#include <QScopeGuard>

#include <cmath>

namespace wci {

namespace {

std::optional<DomainError> tooLong(const QString &value, int max, const QString &field)
{
    if (value.size() > max)
        return DomainError::illegalArgument(field + u" is longer than %1 characters."_s.arg(max));
    return std::nullopt;
}

std::optional<DomainError> checkErrorDetails(const ErrorDetails &e, const QString &prefix)
{
    if (auto x = tooLong(e.errorCode, kMaxNameLength, prefix + u".errorCode"_s))
        return x;
    if (auto x = tooLong(e.errorMsg, kMaxMessageLength, prefix + u".errorMsg"_s))
        return x;
    if (auto x = tooLong(e.stackTrace, kMaxStackTraceLength, prefix + u".stackTrace"_s))
        return x;
    if (e.bindingErrors.size() > 1000)
        return DomainError::illegalArgument(prefix + u".bindingErrors has more than 1000 entries."_s);
    for (const auto &b : e.bindingErrors) {
        if (b.name.size() > kMaxNameLength || b.msg.size() > kMaxMessageLength)
            return DomainError::illegalArgument(prefix + u".bindingErrors entry is too long."_s);
    }
    return std::nullopt;
}

std::optional<DomainError> checkFunction(const FunctionInfo &f, const QString &prefix)
{
    for (const auto &[v, name] : {std::pair{f.contextName, u"contextName"_s}, std::pair{f.processorName, u"processorName"_s},
                                  std::pair{f.name, u"name"_s}}) {
        if (auto x = tooLong(v, kMaxNameLength, prefix + u'.' + name))
            return x;
    }
    return std::nullopt;
}

std::optional<DomainError> checkCommandLimits(const Command &c, const CommandOptions &o)
{
    if (auto x = tooLong(c.aggregateId, kMaxIdLength, u"aggregateId"_s))
        return x;
    if (auto x = tooLong(o.requestId, kMaxIdLength, u"requestId"_s))
        return x;
    if (auto x = tooLong(o.operatorName, kMaxNameLength, u"operator"_s))
        return x;
    if (auto x = tooLong(o.reason, kMaxMessageLength, u"reason"_s))
        return x;
    if (o.headers.size() > 100)
        return DomainError::illegalArgument(u"More than 100 command headers."_s);
    for (auto it = o.headers.begin(); it != o.headers.end(); ++it) {
        if (it.key().size() > kMaxNameLength || it.value().size() > kMaxMessageLength)
            return DomainError::illegalArgument(u"Command header "_s + it.key().left(64) + u" is too long."_s);
    }
    return std::visit(
        [](const auto &b) -> std::optional<DomainError> {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, CreateExecutionFailed>) {
                if (auto x = checkErrorDetails(b.error, u"error"_s))
                    return x;
                if (auto x = checkFunction(b.function, u"function"_s))
                    return x;
                for (const auto &[v, name] : {std::pair{b.eventId.id, u"eventId.id"_s},
                                              std::pair{b.eventId.aggregateId.aggregateId, u"eventId.aggregateId.aggregateId"_s},
                                              std::pair{b.eventId.aggregateId.contextName, u"eventId.aggregateId.contextName"_s},
                                              std::pair{b.eventId.aggregateId.aggregateName, u"eventId.aggregateId.aggregateName"_s},
                                              std::pair{b.eventId.aggregateId.tenantId, u"eventId.aggregateId.tenantId"_s}}) {
                    if (auto x = tooLong(v, kMaxNameLength, name))
                        return x;
                }
            } else if constexpr (std::is_same_v<T, ApplyExecutionFailed>) {
                return checkErrorDetails(b.error, u"error"_s);
            } else if constexpr (std::is_same_v<T, ChangeFunction>) {
                return checkFunction(b.function, u"function"_s);
            }
            return std::nullopt;
        },
        c.body);
}

} // namespace

BuiltinEngine::Impl::Loaded BuiltinEngine::Impl::loadAggregate(Connection &c, const QString &aggregateId)
{
    Loaded out;
    out.aggregate.aggregateId = aggregateId;
    Statement &st = c.prepare(u"SELECT wci_doc(doc) FROM snapshot_doc WHERE aggregate_id = ?"_s);
    st.bind(1, aggregateId);
    if (!st.step())
        return out;
    const auto snap = Snapshot::fromJsonBytes(st.bytes(0));
    st.reset();
    if (!snap)
        throw EngineError(ErrorCode::InternalServerError, u"Stored snapshot of "_s + aggregateId
                                                              + u" is unreadable: "_s + snap.error().message);
    out.snapshot = *snap;
    out.aggregate.version = snap->version;
    out.aggregate.deleted = snap->deleted;
    out.aggregate.state = snap->state;
    return out;
}

BuiltinEngine::Impl::Loaded BuiltinEngine::Impl::loadForCommand(const QString &aggregateId)
{
    if (pending && pending->aggregate.aggregateId == aggregateId)
        return *pending;
    flushPending();
    return loadAggregate(*writer, aggregateId);
}

void BuiltinEngine::Impl::stageSnapshot(const Snapshot &s)
{
    if (!deferSnapshots) {
        writeSnapshot(*writer, s);
        return;
    }
    flushPendingUnless(s.aggregateId);
    Loaded l;
    l.snapshot = s;
    l.aggregate.aggregateId = s.aggregateId;
    l.aggregate.version = s.version;
    l.aggregate.deleted = s.deleted;
    l.aggregate.state = s.state;
    pending = std::move(l);
}

void BuiltinEngine::Impl::flushPending()
{
    if (!pending)
        return;
    const Snapshot s = std::move(pending->snapshot);
    pending.reset();
    writeSnapshot(*writer, s);
}

void BuiltinEngine::Impl::flushPendingUnless(const QString &aggregateId)
{
    if (pending && (aggregateId.isEmpty() || pending->aggregate.aggregateId != aggregateId))
        flushPending();
}

namespace {
// Snapshots deferred for the life of one write transaction; dropped (never written) when it
// ends without commit, as the transaction's other writes are.
class DeferredSnapshots {
public:
    DeferredSnapshots(bool &defer, std::optional<BuiltinEngine::Impl::Loaded> &pending)
        : m_defer(defer), m_pending(pending)
    {
        m_defer = true;
        m_pending.reset();
    }
    ~DeferredSnapshots()
    {
        m_defer = false;
        m_pending.reset();
    }

private:
    bool &m_defer;
    std::optional<BuiltinEngine::Impl::Loaded> &m_pending;
};
} // namespace

std::vector<DomainEventStream> BuiltinEngine::Impl::loadStreams(Connection &c, const QString &aggregateId, int head, int tail)
{
    std::vector<DomainEventStream> out;
    Statement &st = c.prepare(
        u"SELECT wci_doc(doc) FROM event_stream WHERE aggregate_id = ? AND version BETWEEN ? AND ? ORDER BY version"_s);
    st.bind(1, aggregateId).bind(2, head).bind(3, tail);
    while (st.step()) {
        auto s = DomainEventStream::fromJsonBytes(st.bytes(0));
        if (!s)
            throw EngineError(ErrorCode::InternalServerError, u"Stored event stream of "_s + aggregateId
                                                                  + u" is unreadable: "_s + s.error().message);
        out.push_back(std::move(s).value());
    }
    return out;
}

ExecutionFailedAggregate BuiltinEngine::Impl::applyStream(ExecutionFailedAggregate agg, const DomainEventStream &stream,
                                                          const std::vector<Event> *events)
{
    if (events) {
        for (const Event &e : *events)
            agg = evolve(agg, e);
        agg.version = stream.version;
        return agg;
    }
    for (const auto &de : stream.body) {
        const auto e = fromDomainEvent(de);
        if (!e)
            throw EngineError(ErrorCode::InternalServerError, u"Event "_s + de.name + u" of stream "_s + stream.id
                                                                  + u" is unreadable: "_s + e.error().message);
        agg = evolve(agg, *e);
    }
    agg.version = stream.version;
    return agg;
}

Snapshot BuiltinEngine::Impl::nextSnapshot(const std::optional<Snapshot> &before, const ExecutionFailedAggregate &after,
                                           const DomainEventStream &stream, qint64 snapshotTime)
{
    Snapshot s;
    s.aggregateId = after.aggregateId;
    s.spaceId = QString();
    s.version = after.version;
    s.eventId = stream.id;
    const QString op = stream.header.value(u"command_operator"_s);
    s.firstOperator = before ? before->firstOperator : op;
    s.operatorName = op;
    s.firstEventTime = before ? before->firstEventTime : stream.createTime;
    s.eventTime = stream.createTime;
    s.state = after.state;
    s.snapshotTime = snapshotTime;
    s.tags = before && before->tags ? before->tags : QMap<QString, QStringList>{};
    s.deleted = after.deleted;
    return s;
}

void BuiltinEngine::Impl::adjustCount(Connection &c, const QString &sqlSelectBucket, const QString &aggregateId, int delta)
{
    Statement &st = c.prepare(u"INSERT INTO snapshot_count(deleted, tenant_id, owner_id, status, recoverable, is_retryable, "
                              "is_below_retry_threshold, n) "_s
                              + sqlSelectBucket + u" ON CONFLICT DO UPDATE SET n = n + excluded.n"_s);
    st.bind(1, delta).bind(2, aggregateId).run();
}

void BuiltinEngine::Impl::CountDeltas::addSnapshot(const Snapshot &s)
{
    const ExecutionFailedState &st = s.state;
    Bucket b;
    b.tenantId = s.tenantId;
    b.ownerId = s.ownerId;
    b.status = enumName(st.status);
    b.recoverable = enumName(st.recoverable);
    b.deleted = s.deleted;
    b.retryable = st.isRetryable();
    b.belowThreshold = st.isBelowRetryThreshold();
    ++snapshots[b];
    addTimes(b, st.retryState.timeoutAt, st.retryState.nextRetryAt);
}

void BuiltinEngine::Impl::CountDeltas::addTimes(Bucket b, qint64 timeoutAt, qint64 nextRetryAt)
{
    // The unit of each time, as timeUnitSql computes it (the floor of milliseconds / unit).
    const std::array<qint64, kHourCols> times = {timeoutAt, nextRetryAt, std::max(timeoutAt, nextRetryAt)};
    for (size_t col = 0; col < kTimeCountColumns.size(); ++col) {
        const qint64 t = times[col % kHourCols], unit = kTimeCountColumns[col].unitMs;
        b.col = int(col);
        b.sec = t / unit - (t % unit < 0 ? 1 : 0);
        ++snapshots[b];
    }
}

void BuiltinEngine::Impl::CountDeltas::addStream(const DomainEventStream &s)
{
    if (s.body.size() == 1)
        ++events[{s.body.front().name, s.tenantId, qint64(std::floor(s.createTime / double(kQuarterHourMs)))}];
}

void BuiltinEngine::Impl::CountDeltas::mergeInto(CountDeltas &total) const
{
    for (auto it = snapshots.cbegin(); it != snapshots.cend(); ++it)
        total.snapshots[it.key()] += it.value();
    for (auto it = events.cbegin(); it != events.cend(); ++it)
        total.events[it.key()] += it.value();
}

void BuiltinEngine::Impl::CountDeltas::clear()
{
    snapshots.clear();
    events.clear();
}

void BuiltinEngine::Impl::writeCounts(Connection &c, const CountDeltas &deltas)
{
    Statement &count = c.prepare(kAddSnapshotCount);
    Statement &timeCount = c.prepare(kAddTimeCount);
    using Delta = QHash<CountDeltas::Bucket, qint64>::const_iterator;
    std::vector<Delta> order;
    order.reserve(size_t(deltas.snapshots.size()));
    for (auto it = deltas.snapshots.cbegin(); it != deltas.snapshots.cend(); ++it)
        order.push_back(it);
    if (order.size() >= 65536) {
        // Many rows (an upgrade that counts a whole file): by time, so that the inserts of each
        // (tenant, status) go in key order, next to their last one instead of on a random page
        // (integers only: comparing the strings too costs more than it saves).
        std::sort(order.begin(), order.end(), [](const Delta &x, const Delta &y) {
            const CountDeltas::Bucket &a = x.key(), &b = y.key();
            return std::tie(a.deleted, a.col, a.sec) < std::tie(b.deleted, b.col, b.sec);
        });
    }
    for (const Delta &it : order) {
        const CountDeltas::Bucket &b = it.key();
        Statement &st = (b.col < 0 ? count : timeCount).reset();
        st.bind(1, b.deleted).bind(2, b.tenantId).bind(3, b.ownerId).bind(4, b.status).bind(5, b.recoverable);
        st.bind(6, b.retryable).bind(7, b.belowThreshold);
        if (b.col < 0) {
            st.bind(8, it.value());
        } else {
            st.bind(8, b.col).bind(9, b.sec).bind(10, it.value());
        }
        st.run();
    }
    Statement &events = c.prepare(u"INSERT INTO event_count(body_name, tenant_id, quarter, n) VALUES (?,?,?,?) "
                                  "ON CONFLICT DO UPDATE SET n = n + excluded.n"_s);
    for (auto it = deltas.events.cbegin(); it != deltas.events.cend(); ++it)
        events.reset().bind(1, it.key().name).bind(2, it.key().tenantId).bind(3, it.key().quarter).bind(4, it.value()).run();
}

void BuiltinEngine::Impl::adjustTimeCounts(Connection &c, const QString &aggregateId, int delta)
{
    static const std::vector<QString> sql = [] {
        std::vector<QString> out;
        for (size_t col = 0; col < kTimeCountColumns.size(); ++col) {
            out.push_back(u"INSERT INTO snapshot_time_count SELECT deleted, tenant_id, owner_id, status, recoverable, "
                          "is_retryable, is_below_retry_threshold, %1, %2, ? FROM snapshot WHERE aggregate_id = ? AND 1 "
                          "ON CONFLICT DO UPDATE SET n = n + excluded.n"_s.arg(col)
                              .arg(timeUnitSql(col)));
        }
        return out;
    }();
    for (const QString &s : sql) {
        Statement &st = c.prepare(s);
        st.bind(1, delta).bind(2, aggregateId).run();
    }
}

void BuiltinEngine::Impl::writeSnapshot(Connection &c, const Snapshot &s, const PreparedSnapshot *prepared)
{
    static const QString bucketOfRow = u"SELECT deleted, tenant_id, owner_id, status, recoverable, is_retryable, "
                                       "is_below_retry_threshold, ? FROM snapshot WHERE aggregate_id = ? AND 1"_s;
    // A bulk import's snapshots are counted once, when it ends (recountSnapshots); a command
    // meanwhile counts its own, against the counts the file has.
    const bool counted = !(countsDeferred && foldedCounts);
    bool replacing = false; // a new aggregate's row (the seeder's, an import's) has nothing to take back
    if (counted) {
        Statement &exists = c.prepare(u"SELECT 1 FROM snapshot WHERE aggregate_id = ?"_s);
        exists.bind(1, s.aggregateId);
        replacing = exists.step();
        exists.reset();
    }
    if (replacing) {
        adjustCount(c, bucketOfRow, s.aggregateId, -1); // the row being replaced
        adjustTimeCounts(c, s.aggregateId, -1);
    }
    const ExecutionFailedState &st = s.state;
    Statement &row = c.prepare(
        u"INSERT OR REPLACE INTO snapshot(aggregate_id, tenant_id, owner_id, version, deleted, first_event_time, "
        "event_time, snapshot_time, status, recoverable, is_retryable, is_below_retry_threshold, execute_at, "
        "retries, max_retries, retry_at, timeout_at, next_retry_at, fn_kind, fn_context, fn_processor, fn_name, "
        "error_code, ev_id, ev_context, ev_aggregate_name, ev_aggregate_id) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"_s);
    int i = 1;
    auto b = [&](const auto &v) { row.bind(i++, v); };
    b(s.aggregateId);
    b(s.tenantId);
    b(s.ownerId);
    b(s.version);
    b(s.deleted);
    b(s.firstEventTime);
    b(s.eventTime);
    b(s.snapshotTime);
    b(enumName(st.status));
    b(enumName(st.recoverable));
    b(st.isRetryable());
    b(st.isBelowRetryThreshold());
    b(st.executeAt);
    b(st.retryState.retries);
    b(st.retrySpec.maxRetries);
    b(st.retryState.retryAt);
    b(st.retryState.timeoutAt);
    b(st.retryState.nextRetryAt);
    b(enumName(st.function.functionKind));
    b(st.function.contextName);
    b(st.function.processorName);
    b(st.function.name);
    b(st.error.errorCode);
    b(st.eventId.id);
    b(st.eventId.aggregateId.contextName);
    b(st.eventId.aggregateId.aggregateName);
    b(st.eventId.aggregateId.aggregateId);
    row.run();
    if (!counted) {
        // counted when the bulk import ends
    } else if (foldedCounts) {
        foldedCounts->addSnapshot(s);
    } else {
        adjustCount(c, bucketOfRow, s.aggregateId, +1);
        adjustTimeCounts(c, s.aggregateId, +1);
    }
    Statement &doc = c.prepare(u"INSERT OR REPLACE INTO snapshot_doc(aggregate_id, doc) VALUES (?, ?)"_s);
    doc.bind(1, s.aggregateId);
    if (prepared && usable(prepared->stored, prepared->storedWith)) {
        doc.bindBlobInPlace(2, prepared->stored);
        doc.run();
        return;
    }
    const QByteArray json = s.toJsonBytes();
    bindDocument(doc, 2, json);
    doc.run();
    keepSample(true, 0, s.aggregateId, json);
}

void BuiltinEngine::Impl::appendStream(Connection &c, const DomainEventStream &s, const QByteArray &doc,
                                       const QByteArray &stored, unsigned storedWith)
{
    Statement &st = c.prepare(
        u"INSERT INTO event_stream(aggregate_id, version, id, tenant_id, request_id, command_id, create_time, doc, "
        "body_name) VALUES (?,?,?,?,?,?,?,?,?)"_s);
    st.bind(1, s.aggregateId).bind(2, s.version).bind(3, s.id).bind(4, s.tenantId).bind(5, s.requestId);
    const bool preparedForm = usable(stored, storedWith);
    const QByteArray json = doc.isEmpty() && !preparedForm ? s.toJsonBytes() : doc;
    st.bind(6, s.commandId).bind(7, s.createTime);
    if (preparedForm)
        st.bindBlobInPlace(8, stored);
    else
        bindDocument(st, 8, json);
    // The event name of a single-event stream (every stream this aggregate's commands write).
    if (s.body.size() == 1)
        st.bind(9, s.body.front().name);
    else
        st.bind(9, sqlite::Value(nullptr));
    try {
        st.run();
    } catch (const SqliteError &e) {
        if (!e.isConstraint())
            throw;
        if (e.message.contains(u"request_id"_s))
            throw EngineError(ErrorCode::DuplicateRequestId, u"Duplicate request ID["_s + s.requestId + u"]."_s);
        throw EngineError(ErrorCode::EventVersionConflict,
                          u"Event stream version %1 of %2 already exists."_s.arg(s.version).arg(s.aggregateId));
    }
    if (!preparedForm)
        keepSample(false, c.lastInsertRowId(), QString(), json);
    // The rollup of streams per event name and quarter hour (event trends read it).
    if (foldedCounts) {
        foldedCounts->addStream(s);
    } else {
        CountDeltas one;
        one.addStream(s);
        writeCounts(c, one);
    }
}

CommandResult BuiltinEngine::Impl::execute(const Command &cmd, const CommandOptions &opt)
{
    auto lock = lockWrites();
    Transaction txn(*writer);
    DeferredSnapshots deferred(deferSnapshots, pending);
    CommandResult r = executeIn(cmd, opt, std::nullopt);
    flushPending();
    txn.commit();
    return r;
}

std::vector<std::variant<CommandResult, EngineError>>
BuiltinEngine::Impl::executeBatch(const std::vector<BatchCommand> &commands)
{
    std::vector<std::variant<CommandResult, EngineError>> out;
    out.reserve(commands.size());
    auto lock = lockWrites();
    Transaction txn(*writer);
    DeferredSnapshots deferred(deferSnapshots, pending);
    Statement &savepoint = writer->prepare(u"SAVEPOINT command"_s);
    Statement &release = writer->prepare(u"RELEASE command"_s);
    Statement &rollback = writer->prepare(u"ROLLBACK TO command"_s);
    for (const auto &item : commands) {
        // Another aggregate's snapshot is written before this command's savepoint.
        const bool create = item.command.type() == CommandType::CreateExecutionFailed;
        flushPendingUnless(create ? item.options.aggregateId : item.command.aggregateId);
        savepoint.run();
        try {
            out.emplace_back(executeIn(item.command, item.options, item.at));
            release.run();
        } catch (const EngineError &e) {
            rollback.run();
            release.run();
            out.emplace_back(e);
        }
    }
    flushPending();
    txn.commit();
    return out;
}

bool BuiltinEngine::Impl::usable(const QByteArray &stored, unsigned storedWith) const
{
    return !stored.isEmpty() && storedWith != 0 && options.compressDocuments && storedWith == codec.current();
}

void BuiltinEngine::Impl::prepareImport(std::vector<BuiltinEngine::ImportStream> &streams)
{
    if (!options.compressDocuments || options.readOnly)
        return;
    // A file without a dictionary gets one trained here from these documents, when they are
    // enough (primeDictionary); else the writer keeps them as training samples.
    unsigned dictionary = dictionaryAhead();
    if (!dictionary && primeDictionary(streams))
        dictionary = dictionaryAhead();
    if (!dictionary)
        return;
    for (size_t i = 0; i < streams.size();) {
        const QString aggregateId = streams[i].stream.aggregateId;
        size_t end = i;
        bool run = true; // versions 1, 2, … of one aggregate, each compact
        for (; end < streams.size() && streams[end].stream.aggregateId == aggregateId; ++end) {
            auto &item = streams[end];
            const DomainEventStream &s = item.stream;
            bool compact = !item.raw.isEmpty() && !item.raw.contains('\n');
            if (compact && item.storedWith != dictionary) {
                try {
                    item.stored = codec.compressWith(item.raw, dictionary);
                    item.storedWith = dictionary;
                } catch (const DocCodecError &) {
                    compact = false; // the writer compresses it (and reports what fails)
                }
            }
            run = run && compact && s.version == int(end - i) + 1 && s.contextName == kCompensationContext
                  && s.aggregateName == kExecutionFailedAggregate && !s.body.empty();
        }
        if (run && !aggregateId.isEmpty()) {
            try {
                ExecutionFailedAggregate agg;
                std::optional<Snapshot> snap;
                auto prepared = std::make_shared<PreparedSnapshot>();
                for (size_t k = i; k < end; ++k) {
                    const DomainEventStream &s = streams[k].stream;
                    agg.aggregateId = s.aggregateId;
                    agg = applyStream(agg, s, streams[k].typed() ? &streams[k].events : nullptr);
                    snap = nextSnapshot(snap, agg, s, s.createTime);
                    prepared->streamIds.append(s.id);
                }
                prepared->snapshot = *snap;
                prepared->stored = codec.compressWith(snap->toJsonBytes(), dictionary);
                prepared->storedWith = dictionary;
                streams[end - 1].snapshot = std::move(prepared);
                // The stored forms and the snapshot stand for the event bodies now.
                for (size_t k = i; k < end; ++k) {
                    for (DomainEvent &e : streams[k].stream.body)
                        e.body = QByteArray();
                    streams[k].events = {};
                }
            } catch (const EngineError &) {
                // unreadable events: the writer replays them and reports the aggregate
            } catch (const DocCodecError &) {
            }
        }
        i = end;
    }
}

std::vector<BuiltinEngine::ImportOutcome>
BuiltinEngine::Impl::importStreams(const std::vector<BuiltinEngine::ImportStream> &streams)
{
    if (options.readOnly)
        throw EngineError(ErrorCode::IllegalState, u"The database is open read-only."_s);
    // Group by aggregate, in the order aggregates first appear; versions ascending.
    QStringList order;
    QHash<QString, std::vector<const BuiltinEngine::ImportStream *>> groups;
    groups.reserve(qsizetype(streams.size()));
    for (const auto &s : streams) {
        auto &group = groups[s.stream.aggregateId];
        if (group.empty())
            order.append(s.stream.aggregateId);
        group.push_back(&s);
    }
    for (const auto &id : std::as_const(order)) {
        auto &group = groups[id];
        std::stable_sort(group.begin(), group.end(), [](const BuiltinEngine::ImportStream *a, const BuiltinEngine::ImportStream *b) {
            return a->stream.version < b->stream.version;
        });
    }
    std::vector<BuiltinEngine::ImportOutcome> out;
    auto lock = lockWrites();
    Transaction txn(*writer);
    // An aggregate's counts join the transaction's once it is written.
    CountDeltas counts, aggregateCounts;
    foldedCounts = &aggregateCounts;
    auto unfold = qScopeGuard([this] { foldedCounts = nullptr; });
    // Writes the aggregates, those from `guarded` on each under a savepoint of its own, so that
    // one refused is rolled back alone and the others are written. Gives the index of the
    // first refused before `guarded`, or -1.
    Statement &savepoint = writer->prepare(u"SAVEPOINT import"_s);
    Statement &release = writer->prepare(u"RELEASE import"_s);
    Statement &rollback = writer->prepare(u"ROLLBACK TO import"_s);
    const auto writeAll = [&](qsizetype guarded) -> qsizetype {
        out.clear();
        counts.clear();
        for (qsizetype i = 0; i < order.size(); ++i) {
            const QString &id = order[i];
            const bool each = i >= guarded;
            BuiltinEngine::ImportOutcome o;
            o.aggregateId = id;
            aggregateCounts.clear();
            if (each)
                savepoint.run();
            try {
                importAggregate(id, groups[id], o);
                if (each)
                    release.run();
                aggregateCounts.mergeInto(counts);
            } catch (const EngineError &e) {
                if (!each)
                    return i;
                rollback.run();
                release.run();
                o.imported = 0;
                o.error = e.errorMsg;
            }
            out.push_back(o);
        }
        aggregateCounts.clear();
        return -1;
    };
    // A savepoint copies each page it changes (into the statement journal) the first time it
    // does: one per aggregate copied the same pages again for every aggregate. The batch is
    // written under one; when an aggregate is refused, the batch is rolled back and written
    // again, the aggregates before the refused one as before, the others each under its own.
    Statement &batch = writer->prepare(u"SAVEPOINT import_batch"_s);
    Statement &batchRelease = writer->prepare(u"RELEASE import_batch"_s);
    Statement &batchRollback = writer->prepare(u"ROLLBACK TO import_batch"_s);
    const size_t samplesBefore = samples.size();
    const qsizetype sampleBytesBefore = sampleBytes;
    const int sampleDocsBefore = sampleDocs;
    batch.run();
    for (qsizetype refused = writeAll(order.size()); refused >= 0; refused = writeAll(refused)) {
        batchRollback.run();
        // The documents kept as training samples by the attempt are kept again by the next.
        samples.resize(samplesBefore);
        sampleBytes = sampleBytesBefore;
        sampleDocs = sampleDocsBefore;
    }
    batchRelease.run();
    foldedCounts = nullptr;
    writeCounts(*writer, counts);
    if (countsDeferred) {
        // Again with each batch: an engine that opened the file meanwhile (the window, during
        // the demo's creation) counted the rows then and took the mark away.
        writer->prepare(u"INSERT OR REPLACE INTO meta(key, value) VALUES ('counts_pending', '1')"_s).run();
    }
    txn.commit();
    if (indexesDeferred)
        checkpointAhead();
    return out;
}

void BuiltinEngine::Impl::importAggregate(const QString &id, const std::vector<const BuiltinEngine::ImportStream *> &group,
                                          BuiltinEngine::ImportOutcome &o)
{
    if (id.isEmpty() || id.size() > 256)
        throw EngineError(ErrorCode::IllegalArgument, u"The stream has no usable aggregateId."_s);
    Connection &c = *writer;
    Statement &existing = c.prepare(u"SELECT id FROM event_stream WHERE aggregate_id = ? AND version = ?"_s);
    Statement &maxVersion = c.prepare(u"SELECT COALESCE(MAX(version), 0) FROM event_stream WHERE aggregate_id = ?"_s);
    maxVersion.bind(1, id);
    maxVersion.step();
    int expected = int(maxVersion.int64(0)) + 1;
    maxVersion.reset();
    const bool fresh = expected == 1; // nothing of this aggregate was stored before
    std::vector<const BuiltinEngine::ImportStream *> appendedStreams; // when fresh: all there is, in order
    bool appended = false;
    for (const BuiltinEngine::ImportStream *item : group) {
        const DomainEventStream &s = item->stream;
        if (s.contextName != kCompensationContext || s.aggregateName != kExecutionFailedAggregate)
            throw EngineError(ErrorCode::IllegalArgument,
                              u"Stream %1 belongs to %2.%3, not to %4.%5."_s.arg(s.id, s.contextName, s.aggregateName,
                                                                                  kCompensationContext, kExecutionFailedAggregate));
        // A new aggregate has only what this call stored: no need to ask the database.
        bool stored = false;
        QString storedId;
        if (fresh) {
            stored = s.version < expected && s.version >= 1;
            if (stored)
                storedId = appendedStreams[size_t(s.version - 1)]->stream.id;
        } else {
            existing.bind(1, id).bind(2, s.version);
            stored = existing.step();
            storedId = stored ? existing.text(0) : QString();
            existing.reset();
        }
        if (stored) {
            if (storedId != s.id)
                throw EngineError(ErrorCode::EventVersionConflict,
                                  u"Version %1 of %2 is already stored as stream %3, not %4."_s.arg(s.version).arg(id, storedId, s.id));
            ++o.duplicates;
            continue;
        }
        if (s.version != expected)
            throw EngineError(ErrorCode::IllegalArgument,
                              u"Versions of %1 skip: version %2 follows version %3."_s.arg(id).arg(s.version).arg(expected - 1));
        // One-line documents are stored as they came (this tool's and a Wow server's exports
        // are compact); others are re-encoded so the stored form stays one line.
        appendStream(c, s, !item->raw.isEmpty() && !item->raw.contains('\n') ? item->raw : QByteArray(), item->stored,
                     item->storedWith);
        if (fresh)
            appendedStreams.push_back(item);
        ++o.imported;
        ++expected;
        appended = true;
    }
    if (!appended)
        return;
    // A new aggregate's snapshot, when prepareImport made it from exactly these streams.
    if (fresh) {
        for (const BuiltinEngine::ImportStream *item : group) {
            const PreparedSnapshot *p = item->snapshot.get();
            if (!p || p->streamIds.size() != qsizetype(appendedStreams.size()))
                continue;
            bool same = true;
            for (size_t i = 0; same && i < appendedStreams.size(); ++i)
                same = p->streamIds[qsizetype(i)] == appendedStreams[i]->stream.id;
            if (same) {
                writeSnapshot(c, p->snapshot, p);
                return;
            }
        }
    }
    // Replay everything stored (unreadable events throw) and write the snapshot. A new
    // aggregate's streams are all in `group`, in order: they are replayed as decoded (with
    // their typed events, ImportStream::events), without reading them back, unless
    // prepareImport dropped their bodies.
    const auto replayable = [](const BuiltinEngine::ImportStream *item) {
        return item->typed() || std::none_of(item->stream.body.begin(), item->stream.body.end(),
                                             [](const DomainEvent &e) { return e.body.isEmpty(); });
    };
    std::optional<Snapshot> last;
    if (fresh && std::all_of(appendedStreams.begin(), appendedStreams.end(), replayable)) {
        ExecutionFailedAggregate agg;
        for (const BuiltinEngine::ImportStream *item : appendedStreams) {
            agg.aggregateId = item->stream.aggregateId;
            agg = applyStream(agg, item->stream, item->typed() ? &item->events : nullptr);
            last = nextSnapshot(last, agg, item->stream, item->stream.createTime);
        }
    } else {
        replay(loadStreams(c, id), [&](const DomainEventStream &, const ExecutionFailedAggregate &, const Snapshot &snap) {
            last = snap;
            return true;
        });
    }
    if (!fresh) {
        const Loaded before = loadAggregate(c, id);
        if (before.aggregate.initialized())
            last->tags = before.snapshot.tags;
    }
    writeSnapshot(c, *last);
}

QString BuiltinEngine::Impl::identify(Command &cmd, const CommandOptions &opt, qint64 now)
{
    if (auto e = checkCommandLimits(cmd, opt))
        raise(*e);
    if (cmd.commandId.isEmpty())
        cmd.commandId = ids().next(now);
    const bool isCreate = cmd.type() == CommandType::CreateExecutionFailed;
    if (isCreate && !opt.aggregateId.isEmpty())
        cmd.aggregateId = opt.aggregateId;
    if (isCreate && cmd.aggregateId.isEmpty())
        cmd.aggregateId = ids().next(now);
    if (cmd.aggregateId.isEmpty())
        raise(DomainError::illegalArgument(u"aggregateId can not be empty."_s));
    return opt.requestId.isEmpty() ? cmd.commandId : opt.requestId;
}

DomainEventStream BuiltinEngine::Impl::streamOf(const Command &cmd, const CommandOptions &opt, const QString &requestId,
                                                int version, const std::vector<Event> &events, qint64 now)
{
    DomainEventStream stream;
    stream.id = ids().next(now);
    stream.header = opt.headers;
    if (!opt.operatorName.isEmpty())
        stream.header.insert(u"command_operator"_s, opt.operatorName);
    if (!opt.reason.isEmpty())
        stream.header.insert(u"reason"_s, opt.reason);
    stream.aggregateId = cmd.aggregateId;
    stream.spaceId = QString();
    stream.commandId = cmd.commandId;
    stream.requestId = requestId;
    stream.version = version;
    for (const auto &e : events)
        stream.body.push_back(toDomainEvent(e, ids().next(now)));
    stream.createTime = now;
    stream.size = int(stream.body.size());
    return stream;
}

ExecutionFailedAggregate BuiltinEngine::Impl::evolved(ExecutionFailedAggregate aggregate, const std::vector<Event> &events,
                                                      int version)
{
    // The decided events as they are (the stream holds them encoded, to the same effect).
    for (const auto &e : events)
        aggregate = evolve(aggregate, e);
    aggregate.version = version;
    return aggregate;
}

BuiltinEngine::PreparedHistory BuiltinEngine::Impl::prepareHistory(std::span<const BatchCommand> commands)
{
    PreparedHistory out;
    if (options.readOnly || commands.empty())
        return out;
    ExecutionFailedAggregate aggregate;
    std::optional<Snapshot> snapshot;
    auto prepared = std::make_shared<PreparedSnapshot>();
    for (const BatchCommand &item : commands) {
        Command cmd = item.command;
        const qint64 now = item.at.value_or(clock());
        QString requestId;
        try {
            requestId = identify(cmd, item.options, now);
        } catch (const EngineError &) {
            ++out.refused;
            continue;
        }
        if (!aggregate.aggregateId.isEmpty() && cmd.aggregateId != aggregate.aggregateId) {
            ++out.refused; // one aggregate's history only
            continue;
        }
        const auto events = decide(aggregate, cmd, now, item.options.expectedVersion);
        if (!events) {
            ++out.refused;
            continue;
        }
        aggregate.aggregateId = cmd.aggregateId;
        ImportStream &is = out.streams.emplace_back();
        is.stream = streamOf(cmd, item.options, requestId, aggregate.version + 1, *events, now);
        const ExecutionFailedAggregate after = evolved(aggregate, *events, is.stream.version);
        snapshot = nextSnapshot(aggregate.initialized() ? snapshot : std::nullopt, after, is.stream, now);
        // As execute() carries an aggregate from one command to the next: through its snapshot.
        aggregate.version = snapshot->version;
        aggregate.deleted = snapshot->deleted;
        aggregate.state = snapshot->state;
        is.raw = is.stream.toJsonBytes();
        prepared->streamIds.append(is.stream.id);
    }
    if (!snapshot)
        return out;
    prepared->snapshot = *snapshot;
    const unsigned dictionary = options.compressDocuments ? dictionaryAhead() : 0;
    if (dictionary) {
        try {
            for (ImportStream &is : out.streams) {
                is.stored = codec.compressWith(is.raw, dictionary);
                is.storedWith = dictionary;
            }
            prepared->stored = codec.compressWith(snapshot->toJsonBytes(), dictionary);
            prepared->storedWith = dictionary;
        } catch (const DocCodecError &) {
            for (ImportStream &is : out.streams) { // the writer encodes them (and reports what fails)
                is.stored.clear();
                is.storedWith = 0;
            }
            prepared->stored.clear();
            prepared->storedWith = 0;
        }
    }
    out.streams.back().snapshot = std::move(prepared);
    return out;
}

CommandResult BuiltinEngine::Impl::executeIn(Command cmd, const CommandOptions &opt, std::optional<qint64> at)
{
    if (options.readOnly)
        throw EngineError(ErrorCode::IllegalState, u"The database is open read-only."_s);
    const qint64 now = at.value_or(clock());
    const QString requestId = identify(cmd, opt, now);
    const bool isCreate = cmd.type() == CommandType::CreateExecutionFailed;
    const CommandInfo &info = commandInfo(cmd.type());

    CommandResult r;
    r.waitCommandId = cmd.commandId;
    r.aggregateId = cmd.aggregateId;
    r.requestId = requestId;
    r.commandId = cmd.commandId;
    r.signalTime = now;

    auto fail = [&](CommandStage stage, const FunctionInfo &f, const DomainError &e, std::optional<int> version) {
        r.id = stage == CommandStage::Processed ? cmd.commandId : ids().next(now);
        r.stage = stage;
        r.function = f;
        r.aggregateVersion = version;
        r.errorCode = e.code;
        r.errorMsg = e.message;
        r.bindingErrors = e.bindingErrors;
        throw EngineError::fromCommandResult(r);
    };
    const FunctionInfo sentFunction = fn(FunctionKind::Command, u"wow"_s, u"CommandGateway"_s, u"send"_s);
    const std::optional<int> sentVersion = isCreate ? std::optional<int>(0) : opt.expectedVersion;

    {
        Statement &dup = writer->prepare(u"SELECT 1 FROM event_stream WHERE aggregate_id = ? AND request_id = ?"_s);
        dup.bind(1, cmd.aggregateId).bind(2, requestId);
        const bool duplicate = dup.step();
        dup.reset();
        if (duplicate) {
            fail(CommandStage::Sent, sentFunction,
                 {ErrorCode::DuplicateRequestId, u"Duplicate request ID["_s + requestId + u"]."_s, {}}, sentVersion);
        }
    }
    const Loaded loaded = loadForCommand(cmd.aggregateId);
    const auto events = decide(loaded.aggregate, cmd, now, opt.expectedVersion);
    if (!events) {
        if (opt.waitStage == CommandStage::Sent) {
            // Wow answers SENT before processing; the rejected command leaves no trace.
            r.id = ids().next(now);
            r.stage = CommandStage::Sent;
            r.function = sentFunction;
            r.aggregateVersion = sentVersion;
            return r;
        }
        const bool framework = checkAggregate(loaded.aggregate, cmd, opt.expectedVersion).has_value();
        const FunctionInfo f = framework
            ? fn(FunctionKind::Command, u"wow"_s, u"SimpleCommandAggregate"_s, u"process"_s)
            : fn(FunctionKind::Command, kCompensationContext, u"ExecutionFailed"_s, info.handlerName);
        fail(CommandStage::Processed, f, events.error(), loaded.aggregate.version);
    }

    const DomainEventStream stream = streamOf(cmd, opt, requestId, loaded.aggregate.version + 1, *events, now);
    const ExecutionFailedAggregate after = evolved(loaded.aggregate, *events, stream.version);
    const std::optional<Snapshot> before =
        loaded.aggregate.initialized() ? std::optional<Snapshot>(loaded.snapshot) : std::nullopt;
    appendStream(*writer, stream);
    stageSnapshot(nextSnapshot(before, after, stream, now));

    r.stage = opt.waitStage;
    r.aggregateVersion = after.version;
    switch (opt.waitStage) {
    case CommandStage::Sent:
        r.id = ids().next(now);
        r.function = sentFunction;
        r.aggregateVersion = sentVersion;
        break;
    case CommandStage::Processed:
        r.id = cmd.commandId;
        r.function = fn(FunctionKind::Command, kCompensationContext, u"ExecutionFailed"_s, info.handlerName);
        break;
    default:
        // The snapshot is written with the stream; there are no projections or sagas in the
        // built-in engine, so later stages complete with it.
        r.id = ids().next(now);
        r.function = fn(FunctionKind::StateEvent, u"wow"_s, u"SnapshotDispatcher"_s, u"save"_s);
        break;
    }
    return r;
}

void BuiltinEngine::Impl::recordDelivery(Connection &c, const QString &kind, const QString &aggregateId, int version,
                                         const QString &streamId, const QString &compensationId, const FunctionInfo &f)
{
    Statement &st = c.prepare(
        u"INSERT INTO delivery(time, kind, aggregate_id, version, stream_id, compensation_id, function) "
        "VALUES (?,?,?,?,?,?,?)"_s);
    st.bind(1, clock()).bind(2, kind).bind(3, aggregateId).bind(4, version).bind(5, streamId);
    st.bind(6, compensationId).bind(7, f.toJsonBytes()).run();
}

} // namespace wci
