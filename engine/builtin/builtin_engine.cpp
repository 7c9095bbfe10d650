#include "builtin_engine.h"

#include "bi_script_generator.h"

#include "condition_compiler.h"
#include "decider.h"
#include "global_id.h"
#include "sqlite_db.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMutex>
#include <QtConcurrent/QtConcurrent>

#include <sqlite3.h>

namespace wci {

using namespace Qt::StringLiterals;
using sqlite::Connection;
using sqlite::SqliteError;
using sqlite::Statement;
using sqlite::Transaction;

namespace {

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
  doc TEXT NOT NULL
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
CREATE INDEX IF NOT EXISTS snapshot_next_retry ON snapshot(deleted, next_retry_at);
CREATE INDEX IF NOT EXISTS snapshot_status_timeout ON snapshot(deleted, tenant_id, status, timeout_at);
CREATE INDEX IF NOT EXISTS snapshot_category_next ON snapshot(deleted, tenant_id, recoverable, is_retryable, status, next_retry_at);
CREATE INDEX IF NOT EXISTS snapshot_function ON snapshot(fn_context, fn_processor, fn_name);
CREATE INDEX IF NOT EXISTS snapshot_error_code ON snapshot(error_code);
CREATE INDEX IF NOT EXISTS snapshot_event_aggregate ON snapshot(ev_aggregate_id);
CREATE INDEX IF NOT EXISTS snapshot_event_id ON snapshot(ev_id);
CREATE INDEX IF NOT EXISTS snapshot_execute_at ON snapshot(execute_at);
CREATE TABLE IF NOT EXISTS snapshot_doc(aggregate_id TEXT PRIMARY KEY, doc TEXT NOT NULL);
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

const QString kSnapshotDoc = u"(SELECT d.doc FROM snapshot_doc d WHERE d.aggregate_id = s.aggregate_id)"_s;
const QString kNotFoundMessage = u"Not found resource!"_s;

EngineError notFound(const QString &msg = kNotFoundMessage)
{
    return EngineError(ErrorCode::NotFound, msg);
}

EngineError illegalArgument(const QString &msg)
{
    return EngineError(ErrorCode::IllegalArgument, msg);
}

[[noreturn]] void raise(const DomainError &e)
{
    throw EngineError::from(e);
}

FunctionInfo fn(FunctionKind kind, const QString &context, const QString &processor, const QString &name)
{
    return {kind, context, processor, name};
}

// Limits on what one command may carry, so that a 10 MB string never reaches the store.
constexpr int kMaxIdLength = 256;
constexpr int kMaxNameLength = 1024;
constexpr int kMaxMessageLength = 64 * 1024;
constexpr int kMaxStackTraceLength = 1024 * 1024;
constexpr int kMaxConditionString = 64 * 1024;

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

std::optional<DomainError> checkConditionStrings(const Condition &c)
{
    auto check = [](const QJsonValue &v) { return v.isString() && v.toString().size() > kMaxConditionString; };
    bool bad = check(c.value) || c.field.size() > kMaxNameLength;
    if (c.value.isArray()) {
        for (const auto &v : c.value.toArray())
            bad = bad || check(v);
    }
    if (bad)
        return DomainError::illegalArgument(u"Condition value of "_s + enumName(c.op) + u" is longer than %1 characters."_s.arg(kMaxConditionString));
    for (const auto &child : c.children) {
        if (auto e = checkConditionStrings(child))
            return e;
    }
    return std::nullopt;
}

} // namespace


namespace {

void removePath(QJsonObject &o, QStringList parts)
{
    const QString head = parts.takeFirst();
    if (parts.isEmpty()) {
        o.remove(head);
        return;
    }
    auto it = o.find(head);
    if (it == o.end() || !it->isObject())
        return;
    QJsonObject child = it->toObject();
    removePath(child, parts);
    *it = child;
}

void copyPath(const QJsonObject &from, QJsonObject &to, QStringList parts)
{
    const QString head = parts.takeFirst();
    const auto it = from.constFind(head);
    if (it == from.constEnd())
        return;
    if (parts.isEmpty()) {
        to.insert(head, *it);
        return;
    }
    if (!it->isObject())
        return;
    QJsonObject sub = to.value(head).toObject();
    copyPath(it->toObject(), sub, parts);
    if (!sub.isEmpty())
        to.insert(head, sub);
}

} // namespace

QByteArray applyProjection(const QByteArray &json, const Projection &projection, const QString &idField)
{
    if (projection.isEmpty())
        return json;
    const QJsonObject doc = parseObject(json);
    QJsonObject out;
    if (!projection.include.isEmpty()) {
        copyPath(doc, out, {idField}); // Mongo keeps _id unless excluded
        for (const auto &p : projection.include)
            copyPath(doc, out, p.split(u'.'));
    } else {
        out = doc;
    }
    for (const auto &p : projection.exclude)
        removePath(out, p.split(u'.'));
    JsonWriter w;
    w.value(out);
    return w.take();
}

// Interrupts the statements of one connection after `thousands` thousand VM steps, for as
// long as it lives (sqlite3_progress_handler); an interrupted step throws SQLITE_INTERRUPT.
class StepBudget {
public:
    StepBudget(Connection &c, int thousands) : m_db(c.handle()), m_limit(std::max(1, thousands))
    {
        sqlite3_progress_handler(m_db, 1000, &StepBudget::tick, this);
    }
    ~StepBudget() { sqlite3_progress_handler(m_db, 0, nullptr, nullptr); }
    StepBudget(const StepBudget &) = delete;
    StepBudget &operator=(const StepBudget &) = delete;
    static bool interrupted(const SqliteError &e) { return (e.code & 0xff) == SQLITE_INTERRUPT; }

private:
    static int tick(void *self)
    {
        auto *b = static_cast<StepBudget *>(self);
        return ++b->m_ticks > b->m_limit ? 1 : 0;
    }
    sqlite3 *m_db;
    int m_limit;
    int m_ticks = 0;
};

// ------------------------------------------------------------------------------------------

struct BuiltinEngine::Impl {
    BuiltinEngineOptions options;
    std::function<qint64()> clock;
    QThreadPool pool;
    QMutex writeMutex;
    std::unique_ptr<Connection> writer;
    QMutex readersMutex;
    std::vector<std::unique_ptr<Connection>> idleReaders;
    std::unique_ptr<GlobalIdGenerator> idGen;
    GlobalIdGenerator &ids() { return *idGen; }
    int machineId = 0;

    std::unique_ptr<Connection> openConnection(bool create)
    {
        auto c = std::make_unique<Connection>(options.path, create, options.readOnly);
        registerMatchFunction(*c);
        c->exec("PRAGMA foreign_keys=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16384;");
        return c;
    }

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

    ReaderLease reader()
    {
        {
            QMutexLocker lock(&readersMutex);
            if (!idleReaders.empty()) {
                auto c = std::move(idleReaders.back());
                idleReaders.pop_back();
                return {this, std::move(c)};
            }
        }
        return {this, openConnection(false)};
    }

    // Runs `fn` on the pool; SQLite and unexpected errors become EngineErrors.
    template <typename F>
    auto run(F fn) -> QFuture<std::invoke_result_t<F>>
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

    // ---- aggregate loading -------------------------------------------------------------

    struct Loaded {
        ExecutionFailedAggregate aggregate;
        Snapshot snapshot; // valid when aggregate.initialized()
    };

    Loaded loadAggregate(Connection &c, const QString &aggregateId)
    {
        Loaded out;
        out.aggregate.aggregateId = aggregateId;
        Statement &st = c.prepare(u"SELECT doc FROM snapshot_doc WHERE aggregate_id = ?"_s);
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

    std::vector<DomainEventStream> loadStreams(Connection &c, const QString &aggregateId, int head = 1,
                                               int tail = std::numeric_limits<int>::max())
    {
        std::vector<DomainEventStream> out;
        Statement &st = c.prepare(
            u"SELECT doc FROM event_stream WHERE aggregate_id = ? AND version BETWEEN ? AND ? ORDER BY version"_s);
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

    static ExecutionFailedAggregate applyStream(ExecutionFailedAggregate agg, const DomainEventStream &stream)
    {
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

    // The snapshot after `stream`, given the one before (nullopt for the first stream).
    static Snapshot nextSnapshot(const std::optional<Snapshot> &before, const ExecutionFailedAggregate &after,
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

    // Per-bucket row counts of the snapshot table, kept in step with it, so that counts over
    // these columns alone (All, Deleted, Succeeded, Unrecoverable, Non-retryable) read a few
    // rows instead of scanning an index of 10^6 entries.
    void adjustCount(Connection &c, const QString &sqlSelectBucket, const QString &aggregateId, int delta)
    {
        Statement &st = c.prepare(u"INSERT INTO snapshot_count(deleted, tenant_id, owner_id, status, recoverable, is_retryable, "
                                  "is_below_retry_threshold, n) "_s
                                  + sqlSelectBucket + u" ON CONFLICT DO UPDATE SET n = n + excluded.n"_s);
        st.bind(1, delta).bind(2, aggregateId).run();
    }

    void writeSnapshot(Connection &c, const Snapshot &s)
    {
        static const QString bucketOfRow = u"SELECT deleted, tenant_id, owner_id, status, recoverable, is_retryable, "
                                           "is_below_retry_threshold, ? FROM snapshot WHERE aggregate_id = ? AND 1"_s;
        adjustCount(c, bucketOfRow, s.aggregateId, -1); // the row being replaced, if any
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
        adjustCount(c, bucketOfRow, s.aggregateId, +1);
        Statement &doc = c.prepare(u"INSERT OR REPLACE INTO snapshot_doc(aggregate_id, doc) VALUES (?, ?)"_s);
        doc.bind(1, s.aggregateId).bind(2, s.toJsonBytes()).run();
    }

    void appendStream(Connection &c, const DomainEventStream &s, const QByteArray &doc = {})
    {
        Statement &st = c.prepare(
            u"INSERT INTO event_stream(aggregate_id, version, id, tenant_id, request_id, command_id, create_time, doc) "
            "VALUES (?,?,?,?,?,?,?,?)"_s);
        st.bind(1, s.aggregateId).bind(2, s.version).bind(3, s.id).bind(4, s.tenantId).bind(5, s.requestId);
        st.bind(6, s.commandId).bind(7, s.createTime).bind(8, doc.isEmpty() ? s.toJsonBytes() : doc);
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
    }

    // ---- commands ----------------------------------------------------------------------

    CommandResult execute(const Command &cmd, const CommandOptions &opt)
    {
        QMutexLocker lock(&writeMutex);
        Transaction txn(*writer);
        CommandResult r = executeIn(cmd, opt, std::nullopt);
        txn.commit();
        return r;
    }

    std::vector<std::variant<CommandResult, EngineError>>
    executeBatch(const std::vector<BatchCommand> &commands)
    {
        std::vector<std::variant<CommandResult, EngineError>> out;
        out.reserve(commands.size());
        QMutexLocker lock(&writeMutex);
        Transaction txn(*writer);
        for (const auto &item : commands) {
            writer->exec("SAVEPOINT command");
            try {
                out.emplace_back(executeIn(item.command, item.options, item.at));
                writer->exec("RELEASE command");
            } catch (const EngineError &e) {
                writer->exec("ROLLBACK TO command");
                writer->exec("RELEASE command");
                out.emplace_back(e);
            }
        }
        txn.commit();
        return out;
    }

    std::vector<BuiltinEngine::ImportOutcome> importStreams(const std::vector<BuiltinEngine::ImportStream> &streams)
    {
        if (options.readOnly)
            throw EngineError(ErrorCode::IllegalState, u"The database is open read-only."_s);
        // Group by aggregate, in the order aggregates first appear; versions ascending.
        QStringList order;
        QHash<QString, std::vector<BuiltinEngine::ImportStream>> groups;
        for (const auto &s : streams) {
            if (!groups.contains(s.stream.aggregateId))
                order.append(s.stream.aggregateId);
            groups[s.stream.aggregateId].push_back(s);
        }
        std::vector<BuiltinEngine::ImportOutcome> out;
        QMutexLocker lock(&writeMutex);
        Transaction txn(*writer);
        for (const auto &id : std::as_const(order)) {
            auto &group = groups[id];
            std::stable_sort(group.begin(), group.end(), [](const BuiltinEngine::ImportStream &a, const BuiltinEngine::ImportStream &b) {
                return a.stream.version < b.stream.version;
            });
            BuiltinEngine::ImportOutcome o;
            o.aggregateId = id;
            writer->exec("SAVEPOINT import");
            try {
                importAggregate(id, group, o);
                writer->exec("RELEASE import");
            } catch (const EngineError &e) {
                writer->exec("ROLLBACK TO import");
                writer->exec("RELEASE import");
                o.imported = 0;
                o.error = e.errorMsg;
            }
            out.push_back(o);
        }
        txn.commit();
        return out;
    }

    void importAggregate(const QString &id, const std::vector<BuiltinEngine::ImportStream> &group, BuiltinEngine::ImportOutcome &o)
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
        bool appended = false;
        for (const auto &item : group) {
            const DomainEventStream &s = item.stream;
            if (s.contextName != kCompensationContext || s.aggregateName != kExecutionFailedAggregate)
                throw EngineError(ErrorCode::IllegalArgument,
                                  u"Stream %1 belongs to %2.%3, not to %4.%5."_s.arg(s.id, s.contextName, s.aggregateName,
                                                                                      kCompensationContext, kExecutionFailedAggregate));
            existing.bind(1, id).bind(2, s.version);
            const bool stored = existing.step();
            const QString storedId = stored ? existing.text(0) : QString();
            existing.reset();
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
            appendStream(c, s, !item.raw.isEmpty() && !item.raw.contains('\n') ? item.raw : QByteArray());
            ++o.imported;
            ++expected;
            appended = true;
        }
        if (!appended)
            return;
        // Replay everything stored (unreadable events throw) and write the snapshot.
        const auto all = loadStreams(c, id);
        std::optional<Snapshot> last;
        replay(all, [&](const DomainEventStream &, const ExecutionFailedAggregate &, const Snapshot &snap) {
            last = snap;
            return true;
        });
        const Loaded stored = loadAggregate(c, id);
        if (stored.aggregate.initialized())
            last->tags = stored.snapshot.tags;
        writeSnapshot(c, *last);
    }

    // One command inside the caller's transaction (writeMutex held). Throws EngineError.
    CommandResult executeIn(Command cmd, const CommandOptions &opt, std::optional<qint64> at)
    {
        if (options.readOnly)
            throw EngineError(ErrorCode::IllegalState, u"The database is open read-only."_s);
        if (auto e = checkCommandLimits(cmd, opt))
            raise(*e);
        const qint64 now = at.value_or(clock());
        if (cmd.commandId.isEmpty())
            cmd.commandId = ids().next(now);
        const bool isCreate = cmd.type() == CommandType::CreateExecutionFailed;
        if (isCreate && !opt.aggregateId.isEmpty())
            cmd.aggregateId = opt.aggregateId;
        if (isCreate && cmd.aggregateId.isEmpty())
            cmd.aggregateId = ids().next(now);
        if (cmd.aggregateId.isEmpty())
            raise(DomainError::illegalArgument(u"aggregateId can not be empty."_s));
        const QString requestId = opt.requestId.isEmpty() ? cmd.commandId : opt.requestId;
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
        const Loaded loaded = loadAggregate(*writer, cmd.aggregateId);
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
        stream.version = loaded.aggregate.version + 1;
        for (const auto &e : *events)
            stream.body.push_back(toDomainEvent(e, ids().next(now)));
        stream.createTime = now;
        stream.size = int(stream.body.size());

        const ExecutionFailedAggregate after = applyStream(loaded.aggregate, stream);
        const std::optional<Snapshot> before =
            loaded.aggregate.initialized() ? std::optional<Snapshot>(loaded.snapshot) : std::nullopt;
        appendStream(*writer, stream);
        writeSnapshot(*writer, nextSnapshot(before, after, stream, now));

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

    // ---- queries -----------------------------------------------------------------------

    EvaluationContext evalContext() const
    {
        EvaluationContext ctx;
        ctx.now = clock();
        ctx.defaultZone = options.zone;
        return ctx;
    }

    struct Where {
        QString sql;
        std::vector<sqlite::Value> params;
        int residuals = 0;
        QSet<QString> columns;
    };

    Where where(const Condition &condition, bool snapshots, bool noIndex = false)
    {
        if (auto e = checkConditionStrings(condition))
            raise(*e);
        const Condition rewritten = rewriteQueryCondition(condition, snapshots);
        CompileOptions o;
        o.kind = snapshots ? DocumentKind::Snapshot : DocumentKind::EventStream;
        o.docExpr = snapshots ? kSnapshotDoc : u"e.doc"_s;
        o.ctx = evalContext();
        o.noIndex = noIndex;
        auto compiled = compileCondition(rewritten, o);
        if (!compiled)
            raise(compiled.error());
        return {compiled->sql, std::move(compiled->params), compiled->residualCount, compiled->columns};
    }

    QString orderBy(const std::vector<Sort> &sort, bool snapshots)
    {
        const FieldCatalog &catalog = snapshots ? FieldCatalog::snapshots() : FieldCatalog::eventStreams();
        if (auto e = checkSortFields(sort, catalog))
            raise(*e);
        QStringList parts;
        for (const auto &s : sort) {
            parts.append(catalog.sortExpression(s.field, snapshots ? kSnapshotDoc : u"e.doc"_s)
                         + (s.direction == SortDirection::Desc ? u" DESC"_s : u" ASC"_s));
        }
        // A stable order so that pages never overlap.
        parts.append(snapshots ? u"s.aggregate_id ASC"_s : u"e.aggregate_id ASC, e.version ASC"_s);
        return u" ORDER BY "_s + parts.join(u", "_s);
    }

    static bool summaryAnswers(const QSet<QString> &columns)
    {
        static const QSet<QString> summary = {u"deleted"_s, u"tenant_id"_s, u"owner_id"_s, u"status"_s,
                                              u"recoverable"_s, u"is_retryable"_s, u"is_below_retry_threshold"_s};
        QSet<QString> rest = columns;
        return rest.subtract(summary).isEmpty();
    }

    qint64 countWhere(Connection &c, const QString &table, const Where &w, const QString &extraSql = {},
                      const std::vector<sqlite::Value> &extraParams = {})
    {
        auto st = c.prepareUncached(u"SELECT "_s + (table == u"snapshot_count"_s ? u"COALESCE(SUM(s.n), 0)"_s : u"COUNT(*)"_s)
                                    + u" FROM "_s + table + u" s WHERE "_s + w.sql + extraSql);
        st->bindAll(w.params);
        st->bindAll(extraParams, int(w.params.size()) + 1);
        st->step();
        return st->int64(0);
    }

    // For a part "bucket terms AND one time comparison" (a time column, never NULL), count the
    // bucket rows and subtract those failing the comparison: an index range that is short when
    // most rows pass (NextRetry: almost every failure is due). Runs within a step budget and
    // gives up (nullopt) when the excluded range turns out long.
    std::optional<qint64> countByComplement(Connection &c, const Condition &part, const QString &status)
    {
        static const QHash<QString, bool> timeColumns = {{u"state.retryState.nextRetryAt"_s, true},
                                                         {u"state.retryState.timeoutAt"_s, true}};
        std::vector<Condition> terms;
        const std::function<void(const Condition &)> flatten = [&](const Condition &node) {
            if (node.op == Operator::And) {
                for (const auto &child : node.children)
                    flatten(child);
            } else {
                terms.push_back(node);
            }
        };
        flatten(part);
        int timeIndex = -1;
        for (int i = 0; i < int(terms.size()); ++i) {
            const Condition &t = terms[i];
            const bool comparison = t.op == Operator::Gt || t.op == Operator::Gte || t.op == Operator::Lt || t.op == Operator::Lte;
            if (comparison && timeColumns.contains(t.field) && t.value.isDouble()) {
                if (timeIndex >= 0)
                    return std::nullopt;
                timeIndex = i;
            }
        }
        if (timeIndex < 0)
            return std::nullopt;
        Condition leaf = terms[timeIndex];
        terms.erase(terms.begin() + timeIndex);
        const Condition rest = terms.empty() ? Condition::all() : Condition::and_(terms);
        static const QHash<Operator, Operator> opposite = {{Operator::Gt, Operator::Lte}, {Operator::Gte, Operator::Lt},
                                                           {Operator::Lt, Operator::Gte}, {Operator::Lte, Operator::Gt}};
        Condition excluded = leaf;
        excluded.op = opposite.value(leaf.op);
        CompileOptions o;
        o.kind = DocumentKind::Snapshot;
        o.docExpr = kSnapshotDoc;
        o.ctx = evalContext();
        auto restSql = compileCondition(rest, o);
        auto excludedSql = compileCondition(Condition::and_({rest, excluded}), o);
        if (!restSql || !excludedSql || !summaryAnswers(restSql->columns) || excludedSql->residualCount > 0)
            return std::nullopt;
        const Where all{restSql->sql, restSql->params, 0, restSql->columns};
        const Where minus{excludedSql->sql, excludedSql->params, 0, excludedSql->columns};
        std::optional<qint64> out;
        try {
            StepBudget budget(c, options.keyOrderScanBudget);
            const qint64 excludedCount = countWhere(c, u"snapshot"_s, minus, u" AND s.status = ?"_s, {status});
            out = countWhere(c, u"snapshot_count"_s, all, u" AND s.status = ?"_s, {status}) - excludedCount;
        } catch (const SqliteError &e) {
            if (!StepBudget::interrupted(e))
                throw;
        }
        return out;
    }

    qint64 count(const Condition &condition, bool snapshots)
    {
        const Where w = where(condition, snapshots);
        auto lease = reader();
        if (snapshots && w.residuals == 0 && summaryAnswers(w.columns))
            return countWhere(*lease, u"snapshot_count"_s, w);
        if (snapshots && w.residuals == 0 && w.columns.contains(u"status"_s)) {
            // Split by status: each part is answered by the bucket counts when it can, and
            // otherwise by an index range that starts with that status.
            const Condition rewritten = rewriteQueryCondition(condition, true);
            qint64 total = 0;
            for (auto status : allExecutionFailedStatuss) {
                const QString name = enumName(status);
                const Condition part = foldStatus(rewritten, name);
                if (isMatchNothing(part))
                    continue;
                CompileOptions o;
                o.kind = DocumentKind::Snapshot;
                o.docExpr = kSnapshotDoc;
                o.ctx = evalContext();
                auto compiled = compileCondition(part, o);
                if (!compiled)
                    raise(compiled.error());
                const Where pw{compiled->sql, std::move(compiled->params), compiled->residualCount, compiled->columns};
                if (summaryAnswers(pw.columns)) {
                    total += countWhere(*lease, u"snapshot_count"_s, pw, u" AND s.status = ?"_s, {name});
                    continue;
                }
                if (auto n = countByComplement(*lease, part, name)) {
                    total += *n;
                    continue;
                }
                total += countWhere(*lease, u"snapshot"_s, pw, u" AND s.status = ?"_s, {name});
            }
            return total;
        }
        auto st = (*lease).prepareUncached(u"SELECT COUNT(*) FROM "_s + (snapshots ? u"snapshot s"_s : u"event_stream e"_s)
                                           + u" WHERE "_s + w.sql);
        st->bindAll(w.params);
        st->step();
        return st->int64(0);
    }

    QList<Document> select(const Condition &condition, const std::vector<Sort> &sort, const Projection &projection,
                           qint64 limit, qint64 offset, bool snapshots, SnapshotView view)
    {
        const Where w = where(condition, snapshots);
        const QString order = orderBy(sort, snapshots);
        const bool streamKeyOrder = !snapshots && projection.isEmpty() && w.residuals == 0
            && std::all_of(sort.begin(), sort.end(), [](const Sort &x) {
                   return x.direction == SortDirection::Asc && (x.field == u"aggregateId"_s || x.field == u"version"_s);
               })
            && (sort.empty() || sort.front().field == u"aggregateId"_s);
        if (streamKeyOrder) {
            // Event streams in their key order (exports): the (aggregate_id, version) index gives
            // the order without a sorter, so the documents are read in the same pass.
            QString sql = u"SELECT e.doc FROM event_stream e WHERE "_s + w.sql
                + u" ORDER BY e.aggregate_id ASC, e.version ASC LIMIT ? OFFSET ?"_s;
            std::vector<sqlite::Value> params = w.params;
            params.push_back(limit > 0 ? limit : qint64(-1));
            params.push_back(offset);
            auto lease = reader();
            auto st = (*lease).prepareUncached(sql);
            st->bindAll(params);
            QList<Document> out;
            while (st->step())
                out.append(Document{st->bytes(0)});
            return out;
        }
        // Phase 1 finds the keys in order; phase 2 reads only those documents. SQLite would
        // otherwise compute the document column for every row that enters the sorter.
        QString sql = snapshots ? u"SELECT s.aggregate_id FROM snapshot s WHERE "_s : u"SELECT e.seq FROM event_stream e WHERE "_s;
        sql += w.sql + order;
        std::vector<sqlite::Value> params = w.params;
        if (limit > 0 || offset > 0) {
            sql += u" LIMIT ? OFFSET ?"_s;
            params.push_back(limit > 0 ? limit : qint64(-1));
            params.push_back(offset);
        }
        auto lease = reader();
        Connection &c = *lease;
        std::vector<sqlite::Value> found;
        bool done = false;
        const bool byAggregateId = sort.empty()
            || (sort.size() == 1 && (sort.front().field == u"aggregateId"_s || sort.front().field == u"_id"_s));
        if (snapshots && limit > 0 && byAggregateId) {
            // Pages in aggregate-id order: walk the table in key order and stop at the page,
            // within a budget of VM steps. Dense matches (every dashboard category) finish at
            // once; sparse ones run out of budget and go to the planner's index plan below,
            // where few rows need sorting.
            const Where scan = where(condition, snapshots, true);
            QString scanSql = u"SELECT s.aggregate_id FROM snapshot s WHERE "_s + scan.sql + order + u" LIMIT ? OFFSET ?"_s;
            std::vector<sqlite::Value> scanParams = scan.params;
            scanParams.push_back(limit);
            scanParams.push_back(offset);
            try {
                StepBudget budget(c, options.keyOrderScanBudget);
                auto keys = c.prepareUncached(scanSql);
                keys->bindAll(scanParams);
                while (keys->step())
                    found.push_back(sqlite::Value(keys->text(0)));
                done = true;
            } catch (const SqliteError &e) {
                if (!StepBudget::interrupted(e))
                    throw;
                found.clear();
            }
        }
        if (!done) {
            auto keys = c.prepareUncached(sql);
            keys->bindAll(params);
            while (keys->step())
                found.push_back(snapshots ? sqlite::Value(keys->text(0)) : sqlite::Value(keys->int64(0)));
        }
        const bool stateOnly = snapshots && view == SnapshotView::State;
        Statement &doc = c.prepare(
            snapshots ? (stateOnly && projection.isEmpty()
                             ? u"SELECT json_extract(doc, '$.state') FROM snapshot_doc WHERE aggregate_id = ?"_s
                             : u"SELECT doc FROM snapshot_doc WHERE aggregate_id = ?"_s)
                      : u"SELECT doc FROM event_stream WHERE seq = ?"_s);
        QList<Document> out;
        out.reserve(qsizetype(found.size()));
        for (const auto &key : found) {
            doc.reset().bind(1, key);
            if (!doc.step())
                continue; // deleted between the two reads by another process
            QByteArray json = doc.bytes(0);
            if (!projection.isEmpty()) {
                json = applyProjection(json, projection, snapshots ? u"aggregateId"_s : u"id"_s);
                if (stateOnly)
                    json = QJsonDocument(parseObject(json).value("state"_L1).toObject()).toJson(QJsonDocument::Compact);
            }
            out.append(Document{json});
        }
        doc.reset();
        return out;
    }

    static void checkLimit(int limit)
    {
        if (limit < 0)
            throw illegalArgument(u"limit must be greater than or equal to 0."_s);
    }

    static void checkPagination(const Pagination &p)
    {
        if (p.index < 1)
            throw illegalArgument(u"pagination.index must be greater than or equal to 1."_s);
        if (p.size < 1)
            throw illegalArgument(u"pagination.size must be greater than or equal to 1."_s);
    }

    PagedList<Document> paged(const PagedQuery &q, bool snapshots, SnapshotView view)
    {
        checkPagination(q.pagination);
        PagedList<Document> out;
        out.total = count(q.condition, snapshots);
        if (q.pagination.offset() < out.total) {
            const auto docs = select(q.condition, q.sort, q.projection, q.pagination.size, q.pagination.offset(),
                                     snapshots, view);
            out.list.assign(docs.begin(), docs.end());
        }
        return out;
    }

    // ---- replay ------------------------------------------------------------------------

    // Replays streams in order; `visit(stream, aggregateAfter, snapshotAfter)` per stream.
    template <typename Visit>
    void replay(const std::vector<DomainEventStream> &streams, Visit visit)
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

    // The state after replaying `streams`; NotFound when the aggregate ends up deleted.
    ExecutionFailedState liveStateAfter(const std::vector<DomainEventStream> &streams)
    {
        ExecutionFailedAggregate last;
        replay(streams, [&](const DomainEventStream &, const ExecutionFailedAggregate &a, const Snapshot &) {
            last = a;
            return true;
        });
        if (last.deleted)
            throw notFound();
        return last.state;
    }

    void regenerate(Connection &c, const QString &aggregateId)
    {
        const auto streams = loadStreams(c, aggregateId);
        if (streams.empty())
            throw notFound();
        Snapshot last;
        replay(streams, [&](const DomainEventStream &, const ExecutionFailedAggregate &, const Snapshot &s) {
            last = s;
            return true;
        });
        // Keep tags of the stored snapshot: they are not sourced from this aggregate's events.
        const Loaded stored = loadAggregate(c, aggregateId);
        if (stored.aggregate.initialized())
            last.tags = stored.snapshot.tags;
        last.snapshotTime = clock();
        writeSnapshot(c, last);
    }

    // Aggregates that have event streams, in id order after `afterId`.
    QStringList aggregateIdsAfter(Connection &c, const QString &afterId, int limit)
    {
        QStringList out;
        Statement &st = c.prepare(
            u"SELECT DISTINCT aggregate_id FROM event_stream WHERE aggregate_id > ? ORDER BY aggregate_id LIMIT ?"_s);
        st.bind(1, afterId).bind(2, limit);
        while (st.step())
            out.append(st.text(0));
        return out;
    }

    void recordDelivery(Connection &c, const QString &kind, const QString &aggregateId, int version,
                        const QString &streamId, const QString &compensationId, const FunctionInfo &f)
    {
        Statement &st = c.prepare(
            u"INSERT INTO delivery(time, kind, aggregate_id, version, stream_id, compensation_id, function) "
            "VALUES (?,?,?,?,?,?,?)"_s);
        st.bind(1, clock()).bind(2, kind).bind(3, aggregateId).bind(4, version).bind(5, streamId);
        st.bind(6, compensationId).bind(7, f.toJsonBytes()).run();
    }

    // ---- open --------------------------------------------------------------------------

    int schemaVersion()
    {
        Statement &st = writer->prepare(u"SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'"_s);
        const int v = st.step() ? int(st.int64(0)) : 0;
        st.reset();
        return v;
    }

    // The planner's built-in estimates pick the right index for every query this engine
    // writes (most equality terms first); sampled ANALYZE statistics made plans flip between
    // runs, so none are kept.
    void dropPlannerStatistics()
    {
        Statement &st = writer->prepare(u"SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'"_s);
        st.step();
        const bool have = st.int64(0) > 0;
        st.reset();
        if (have)
            writer->exec("DELETE FROM sqlite_stat1; ANALYZE sqlite_schema;");
    }

    // Brings files written by earlier versions up to date (inside the open transaction).
    void migrate()
    {
        const int version = schemaVersion();
        if (version < 2) {
            // 2: bucket counts and the category index led by recoverable / retryable.
            writer->exec("DROP INDEX IF EXISTS snapshot_category");
            writer->exec("DELETE FROM snapshot_count");
            writer->exec("INSERT INTO snapshot_count SELECT deleted, tenant_id, owner_id, status, recoverable, "
                         "is_retryable, is_below_retry_threshold, COUNT(*) FROM snapshot GROUP BY 1, 2, 3, 4, 5, 6, 7");
        }
        writer->exec("INSERT INTO meta(key, value) VALUES ('schema_version', '2') "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    }

    void initialise()
    {
        writer = openConnection(options.create);
        if (options.readOnly) {
            machineId = GlobalIdGenerator::randomMachineId();
        } else {
            writer->exec("PRAGMA journal_mode=WAL");
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
            migrate();
            txn.commit();
            dropPlannerStatistics();
        }
        if (options.machineId)
            machineId = *options.machineId;
        idGen = std::make_unique<GlobalIdGenerator>(machineId, clock);
    }
};

// ------------------------------------------------------------------------------------------

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

BuiltinEngine::~BuiltinEngine()
{
    d->pool.waitForDone();
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

std::vector<BuiltinEngine::ImportOutcome> BuiltinEngine::importStreams(const std::vector<ImportStream> &streams)
{
    try {
        return d->importStreams(streams);
    } catch (const SqliteError &e) {
        throw EngineError(ErrorCode::InternalServerError, u"Database error: "_s + e.message);
    }
}

std::vector<std::variant<CommandResult, EngineError>>
BuiltinEngine::executeBatch(const std::vector<BatchCommand> &commands)
{
    try {
        return d->executeBatch(commands);
    } catch (const SqliteError &e) {
        throw EngineError(ErrorCode::InternalServerError, u"Database error: "_s + e.message);
    }
}

CommandResult BuiltinEngine::executeNow(const Command &command, const CommandOptions &options)
{
    try {
        return d->execute(command, options);
    } catch (const SqliteError &e) {
        throw EngineError(ErrorCode::InternalServerError, u"Database error: "_s + e.message);
    }
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
            u"SELECT d.doc FROM snapshot s JOIN snapshot_doc d ON d.aggregate_id = s.aggregate_id "
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
        QMutexLocker lock(&d->writeMutex);
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
        QMutexLocker lock(&d->writeMutex);
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
            u"SELECT doc FROM event_stream WHERE aggregate_id = ? AND tenant_id = ? AND version BETWEEN ? AND ? ORDER BY version"_s);
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
        QMutexLocker lock(&d->writeMutex);
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
        QMutexLocker lock(&d->writeMutex);
        Transaction txn(*d->writer);
        BatchResult r{afterId, 0, ErrorCode::Ok, QString()};
        Statement &st = d->writer->prepare(
            u"SELECT s.aggregate_id, s.version, json_extract(d.doc, '$.eventId') FROM snapshot s "
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
