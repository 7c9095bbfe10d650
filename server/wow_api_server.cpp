#include "wow_api_server.h"

#include "filter_json.h"
#include "global_id.h"
#include "query_model.h"
#include "delivered.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMimeDatabase>
#include <QTimer>

namespace wci {

using namespace Qt::StringLiterals;
using http::Headers;
using Header = QPair<QByteArray, QByteArray>;
using http::Request;
using http::Responder;

namespace {

const QByteArray kJson = "application/json";
const QByteArray kSse = "text/event-stream";
const QByteArray kText = "text/plain";
const QByteArray kSql = "application/sql";

// ---- responses ------------------------------------------------------------------------

Headers baseHeaders()
{
    return {{"Access-Control-Allow-Origin", "*"}};
}

void sendJson(Responder *r, int status, const QByteArray &body, const QByteArray &wowErrorCode = "Ok")
{
    if (!r)
        return;
    Headers h = baseHeaders();
    h.append(Header("Content-Type", kJson));
    if (!wowErrorCode.isEmpty())
        h.append(Header("Wow-Error-Code", wowErrorCode));
    r->respond(status, h, body);
}

void sendErrorInfo(Responder *r, const ErrorInfo &e, int status = 0)
{
    sendJson(r, status ? status : httpStatusForErrorCode(e.errorCode), e.toJsonBytes(), e.errorCode.toUtf8());
}

void sendDomainError(Responder *r, const DomainError &e)
{
    sendErrorInfo(r, ErrorInfo::from(e));
}

void sendEngineError(Responder *r, const EngineError &e)
{
    QByteArray body;
    if (e.commandResult)
        body = e.commandResult->toJsonBytes();
    else if (e.batchResult)
        body = e.batchResult->toJsonBytes();
    else
        body = e.toErrorInfo().toJsonBytes();
    sendJson(r, e.httpStatus, body, e.errorCode.toUtf8());
}

ErrorInfo notFound(const QByteArray &path)
{
    return {ErrorCode::NotFound, u"No static resource "_s + QString::fromUtf8(path) + u'.', {}};
}

DomainError malformedBody(const QString &detail)
{
    return {ErrorCode::IllegalArgument, u"400 BAD_REQUEST \"Failed to read HTTP message\""_s,
            {{u"body"_s, u"JSON decoding error: "_s + detail}}};
}

// ---- Accept -----------------------------------------------------------------------------

struct MediaRange {
    QByteArray type, subtype;
    double q = 1;
    int order = 0;
};

QList<MediaRange> parseAccept(const QByteArray &header)
{
    QList<MediaRange> out;
    if (header.trimmed().isEmpty())
        return {MediaRange{"*", "*", 1, 0}};
    int order = 0;
    for (const QByteArray &part : header.split(',')) {
        const QList<QByteArray> params = part.split(';');
        const QByteArray mime = params.first().trimmed().toLower();
        const qsizetype slash = mime.indexOf('/');
        if (slash <= 0)
            continue;
        MediaRange m{mime.left(slash), mime.mid(slash + 1), 1, order++};
        for (qsizetype i = 1; i < params.size(); ++i) {
            const QByteArray p = params[i].trimmed();
            if (p.startsWith("q="))
                m.q = p.mid(2).toDouble();
        }
        out.append(m);
    }
    return out;
}

bool matches(const MediaRange &m, const QByteArray &produce)
{
    const qsizetype slash = produce.indexOf('/');
    const QByteArray type = produce.left(slash), subtype = produce.mid(slash + 1);
    return m.q > 0 && (m.type == "*" || m.type == type) && (m.subtype == "*" || m.subtype == subtype);
}

// The produced type the client prefers (q, then order), or empty when none is acceptable.
QByteArray negotiate(const QList<MediaRange> &accept, const QList<QByteArray> &produces)
{
    if (produces.isEmpty())
        return "*/*";
    const MediaRange *best = nullptr;
    QByteArray chosen;
    for (const auto &m : accept) {
        for (const auto &p : produces) {
            if (!matches(m, p))
                continue;
            const bool exact = m.type != "*" && m.subtype != "*";
            if (!best || m.q > best->q || (m.q == best->q && exact && (best->type == "*" || best->subtype == "*"))) {
                best = &m;
                chosen = exact ? p : produces.first();
            }
            break;
        }
    }
    return chosen;
}

bool isJsonContentType(const QByteArray &ct)
{
    const QByteArray t = ct.split(';').first().trimmed().toLower();
    return t.isEmpty() || t == kJson || t.endsWith("+json");
}

std::optional<qint64> toInt64(const QString &s)
{
    bool ok = false;
    const qint64 v = s.toLongLong(&ok);
    return ok ? std::optional<qint64>(v) : std::nullopt;
}

std::optional<int> toInt(const QString &s)
{
    bool ok = false;
    const int v = s.toInt(&ok);
    return ok ? std::optional<int>(v) : std::nullopt;
}

QByteArray sseEvent(const QByteArray &id, const QByteArray &event, const QByteArray &data)
{
    QByteArray out;
    if (!id.isEmpty())
        out += "id:" + id + '\n';
    if (!event.isEmpty())
        out += "event:" + event + '\n';
    return out + "data:" + data + "\n\n";
}

} // namespace

// ---- routing ------------------------------------------------------------------------------

struct Call {
    const Request &req;
    QPointer<Responder> res;
    QHash<QByteArray, QString> vars;
    QByteArray produce; // negotiated content type
    WowApiServer *server;
    Engine *engine;
    const WowApiServerConfig &config;

    bool sse() const { return produce == kSse; }
    QString var(const char *name) const { return vars.value(name); }
};

struct WowApiServer::Route {
    QByteArray method;
    QList<QByteArray> segments; // "{name}" marks a variable
    QList<QByteArray> produces; // empty: any
    std::function<void(Call &)> handler;

    // `allowBlank`: an empty segment binds a variable too (Wow 9.2.3 then answers 400).
    bool match(const QList<QByteArray> &path, QHash<QByteArray, QString> &vars, bool allowBlank) const
    {
        if (path.size() != segments.size())
            return false;
        for (qsizetype i = 0; i < path.size(); ++i) {
            const QByteArray &s = segments[i];
            if (s.startsWith('{')) {
                if (path[i].isEmpty() && !allowBlank)
                    return false;
                vars.insert(s.mid(1, s.size() - 2), QString::fromUtf8(path[i]));
            } else if (s != path[i]) {
                return false;
            }
        }
        return true;
    }
    // Literal segments win over variables, left to right (Wow's sorted registration).
    bool moreSpecificThan(const Route &o) const
    {
        for (qsizetype i = 0; i < segments.size() && i < o.segments.size(); ++i) {
            const bool a = !segments[i].startsWith('{'), b = !o.segments[i].startsWith('{');
            if (a != b)
                return a;
        }
        return false;
    }
};

namespace {

Result<QJsonValue> jsonBody(const Request &req, bool emptyIsEmptyObject, const QString &emptyMessage)
{
    if (req.body.trimmed().isEmpty()) {
        if (emptyIsEmptyObject)
            return QJsonValue(QJsonObject());
        return DomainError::illegalArgument(emptyMessage);
    }
    if (!isJsonContentType(req.header("content-type")))
        return DomainError{ErrorCode::UnsupportedMediaType,
                           u"Content type '"_s + QString::fromUtf8(req.header("content-type")) + u"' not supported."_s, {}};
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(req.body, &err);
    if (err.error != QJsonParseError::NoError)
        return malformedBody(err.errorString() + u" at offset "_s + QString::number(err.offset));
    if (!doc.isObject())
        return malformedBody(u"expected a JSON object"_s);
    return QJsonValue(doc.object());
}

template <typename T>
Result<T> typedBody(const Request &req, const QString &typeName)
{
    auto body = jsonBody(req, false, u"Request body can not be empty."_s);
    if (!body)
        return body.error();
    return decodeJson<T>(*body, typeName);
}

// Command options from Wow's Command-* headers (docs/wire-protocol.md §4.2).
// `hardened`: Wow 9.2.3's checks (reserved Command-Header-* keys are refused).
Result<CommandOptions> commandOptions(const Request &req, bool hardened)
{
    CommandOptions o;
    const QByteArray stage = req.header("command-wait-stage");
    if (!stage.isNull()) {
        const auto s = parseCommandStage(QString::fromUtf8(stage).trimmed().toUpper());
        if (!s)
            return DomainError::illegalArgument(u"Command-Wait-Stage["_s + QString::fromUtf8(stage) + u"] must be one of "_s
                                                + commandStageNames().join(u", "_s) + u'.');
        o.waitStage = *s;
    }
    QByteArray timeout = req.header("command-wait-timeout");
    if (timeout.isNull())
        timeout = req.header("command-wait-timout"); // Wow still reads its old misspelling
    if (!timeout.isNull()) {
        bool ok = false;
        const qint64 ms = timeout.trimmed().toLongLong(&ok);
        if (ok && ms <= 0)
            return DomainError::illegalArgument(u"Command-Wait-Timeout must be greater than 0."_s);
        if (ok)
            o.waitTimeoutMs = int(std::min<qint64>(ms, 24 * 3600 * 1000));
    }
    o.requestId = QString::fromUtf8(req.header("command-request-id"));
    if (o.requestId.isEmpty())
        o.requestId = QString::fromUtf8(req.header("cosec-request-id"));
    const QByteArray version = req.header("command-aggregate-version");
    if (!version.isNull()) {
        bool ok = false;
        const int v = version.trimmed().toInt(&ok);
        if (ok)
            o.expectedVersion = v;
    }
    o.aggregateId = QString::fromUtf8(req.header("command-aggregate-id"));
    for (const auto &[name, value] : req.headers) {
        if (name.startsWith("command-header-") && name.size() > 15) {
            const QString key = QString::fromUtf8(name.mid(15));
            if (hardened && isReservedCommandHeaderKey(key))
                return DomainError::illegalArgument(u"Command header [%1] is reserved by the framework and cannot be set "
                                                    "through [Command-Header-%1]."_s.arg(key));
            // Header names arrive lower-cased; keep the caller's key as Wow does, minus case.
            o.headers.insert(QString::fromUtf8(name.mid(15)), QString::fromUtf8(value));
        }
    }
    const QByteArray ua = req.header("user-agent");
    if (!ua.isNull())
        o.headers.insert(u"user_agent"_s, QString::fromUtf8(ua));
    const QByteArray forwarded = req.header("x-forwarded-for");
    o.headers.insert(u"remote_ip"_s, forwarded.isNull() ? req.peer.toString()
                                                        : QString::fromUtf8(forwarded.split(',').first().trimmed()));
    return o;
}

// The stage signals Wow emits up to the waited stage, rebuilt from the final result.
QList<CommandResult> stageSignals(const CommandResult &last, CommandType type)
{
    QList<CommandResult> out;
    CommandResult sent = last;
    sent.stage = CommandStage::Sent;
    sent.function = {FunctionKind::Command, u"wow"_s, u"CommandGateway"_s, u"send"_s};
    sent.errorCode = ErrorCode::Ok;
    sent.errorMsg.clear();
    sent.bindingErrors.clear();
    sent.aggregateVersion = type == CommandType::CreateExecutionFailed ? std::optional<int>(0) : std::nullopt;
    if (last.stage == CommandStage::Sent)
        return {last};
    sent.id = GlobalIdGenerator::instance().next();
    out.append(sent);
    CommandResult processed = last;
    processed.stage = CommandStage::Processed;
    processed.id = last.commandId;
    if (last.stage != CommandStage::Processed)
        processed.function = {FunctionKind::Command, kCompensationContext, u"ExecutionFailed"_s,
                              commandInfo(type).handlerName};
    out.append(processed);
    if (last.stage != CommandStage::Processed)
        out.append(last);
    return out;
}

void runCommand(Call &call, const Command &command, CommandOptions options)
{
    QPointer<Responder> res = call.res;
    const bool sse = call.sse();
    const CommandType type = command.type();
    auto finished = std::make_shared<bool>(false);
    // The wait deadline: Wow answers 408 with a plain ErrorInfo when it passes.
    QTimer::singleShot(options.waitTimeoutMs, call.server, [res, finished, ms = options.waitTimeoutMs] {
        if (*finished)
            return;
        *finished = true;
        sendErrorInfo(res, {ErrorCode::RequestTimeout,
                            u"Did not observe any item or terminal signal within %1ms in 'timeout'."_s.arg(ms), {}});
    });
    delivered(call.server, call.engine->execute(command, options))
        .then(call.server,
              [res, sse, type, finished](const CommandResult &r) {
                  if (*finished || !res)
                      return;
                  *finished = true;
                  if (!sse) {
                      sendJson(res, 200, r.toJsonBytes());
                      return;
                  }
                  Headers h = baseHeaders();
                  h.append(Header("Content-Type", kSse));
                  h.append(Header("Wow-Error-Code", "Ok"));
                  res->beginStream(200, h);
                  for (const auto &s : stageSignals(r, type))
                      res->writeChunk(sseEvent(s.id.toUtf8(), enumName(s.stage).toUtf8(), s.toJsonBytes()));
                  res->endStream();
              })
        .onFailed(call.server, [res, sse, type, finished](const EngineError &e) {
            if (*finished || !res)
                return;
            *finished = true;
            if (!sse) {
                sendEngineError(res, e);
                return;
            }
            Headers h = baseHeaders();
            h.append(Header("Content-Type", kSse));
            h.append(Header("Wow-Error-Code", "Ok"));
            res->beginStream(200, h);
            if (e.commandResult && e.commandResult->stage != CommandStage::Sent) {
                // A failed stage is a normal event carrying the error.
                for (const auto &s : stageSignals(*e.commandResult, type))
                    res->writeChunk(sseEvent(s.id.toUtf8(), enumName(s.stage).toUtf8(), s.toJsonBytes()));
            } else {
                // The stream itself failed: a final event named after the error code.
                const QByteArray data = e.commandResult ? e.commandResult->toJsonBytes() : e.toErrorInfo().toJsonBytes();
                res->writeChunk(sseEvent(GlobalIdGenerator::instance().next().toUtf8(), e.errorCode.toUtf8(), data));
            }
            res->endStream();
        });
}

// Path-variable commands: empty body = {}, the path id wins over a body id.
void aggregateCommand(Call &call, CommandType type)
{
    const CommandInfo &info = commandInfo(type);
    auto body = jsonBody(call.req, info.emptyBodyAllowed, u"Command can not be empty."_s);
    if (!body)
        return sendDomainError(call.res, body.error());
    QJsonObject o = body->toObject();
    QString id = call.var("id");
    if (info.pathId)
        o.insert("id"_L1, id);
    auto options = commandOptions(call.req, call.config.generation == WowGeneration::Current);
    if (!options)
        return sendDomainError(call.res, options.error());
    auto decoded = decodeCommandBody(type, o);
    if (!decoded)
        return sendDomainError(call.res, decoded.error());
    runCommand(call, Command{id, QString(), *decoded}, *options);
}

// A list of JSON items (documents, aggregation rows): a JSON array, or with SSE one `data:`
// event per item, as Wow answers its list and aggregation routes.
template <typename T, typename Item>
void sendItems(Call &call, QFuture<T> f, Item itemJson)
{
    QPointer<Responder> res = call.res;
    const bool sse = call.sse();
    delivered(call.server, std::move(f))
        .then(call.server,
           [res, sse, itemJson](const T &items) {
               if (!res)
                   return;
               if (!sse) {
                   QByteArray out = "[";
                   bool first = true;
                   for (const auto &item : items) {
                       if (!first)
                           out += ',';
                       first = false;
                       out += itemJson(item);
                   }
                   return sendJson(res, 200, out + ']');
               }
               Headers h = baseHeaders();
               h.append(Header("Content-Type", kSse));
               h.append(Header("Wow-Error-Code", "Ok"));
               res->beginStream(200, h);
               for (const auto &item : items)
                   res->writeChunk(sseEvent({}, {}, itemJson(item)));
               res->endStream();
           })
        .onFailed(call.server, [res](const EngineError &e) { sendEngineError(res, e); });
}

void sendList(Call &call, QFuture<QList<Document>> f)
{
    sendItems(call, std::move(f), [](const Document &d) { return d.json; });
}

template <typename T, typename F>
void sendResult(Call &call, QFuture<T> f, F encode)
{
    QPointer<Responder> res = call.res;
    delivered(call.server, std::move(f))
        .then(call.server, [res, encode](const T &v) { sendJson(res, 200, encode(v)); })
        .onFailed(call.server, [res](const EngineError &e) { sendEngineError(res, e); });
}

// Appends the OWNER_ID / SPACE_ID conditions Wow adds when those headers are sent.
Condition withScopeHeaders(const Request &req, Condition c)
{
    std::vector<Condition> extra;
    const QByteArray owner = req.header("command-owner-id");
    if (!owner.isEmpty()) {
        Condition o;
        o.op = Operator::OwnerId;
        o.value = QString::fromUtf8(owner);
        extra.push_back(o);
    }
    QByteArray space = req.header("wow-space-id");
    if (space.isEmpty())
        space = req.header("cosec-space-id");
    if (!space.isEmpty()) {
        Condition s;
        s.op = Operator::SpaceId;
        s.value = QString::fromUtf8(space);
        extra.push_back(s);
    }
    if (extra.empty())
        return c;
    extra.insert(extra.begin(), std::move(c));
    return Condition::and_(std::move(extra));
}

std::optional<DomainError> guard(const Call &call, const Condition &c, GuardedQuery type)
{
    return guardCondition(call.config.guard, rewriteQueryCondition(c, false), type);
}

Condition &conditionOf(Condition &c)
{
    return c;
}

template <typename Q>
Condition &conditionOf(Q &q)
{
    return q.condition;
}

// A Wow 9.x query body (docs/wire-protocol.md §8.5): exactly one of `filter` (the 9.x
// FilterExpression) and `condition` (the legacy form); a count body is a bare filter, a legacy
// condition, or neither (everything).
template <typename Q>
Result<Q> currentQueryBody(const Request &req, const QString &typeName)
{
    auto body = jsonBody(req, false, u"Request body can not be empty."_s);
    if (!body)
        return body.error();
    QJsonObject o = body->toObject();
    if constexpr (std::is_same_v<Q, Condition>) {
        if (o.contains("op"_L1))
            return filterFromJson(o);
        if (!o.contains("operator"_L1))
            return Condition::all();
        return decodeJson<Condition>(o, typeName);
    } else {
        const bool hasFilter = o.contains("filter"_L1), hasCondition = o.contains("condition"_L1);
        if (hasFilter && hasCondition)
            return DomainError::coded(BindingCode::InvalidRequest, u"body"_s, u"filter and condition cannot be used together."_s);
        if (!hasFilter && !hasCondition)
            return DomainError::coded(BindingCode::InvalidRequest, u"body"_s, u"Exactly one of filter or condition is required."_s);
        for (const auto key : {"filter"_L1, "condition"_L1}) {
            if (o.contains(key) && o.value(key).isNull())
                return DomainError::illegalArgument(QString(key) + u" cannot be null."_s);
        }
        if (hasCondition && o.value("condition"_L1).toObject().contains("op"_L1)
            && o.value("condition"_L1).toObject().contains("operator"_L1))
            return DomainError::coded(BindingCode::InvalidRequest, u"condition"_s, u"op and operator cannot be used together."_s);
        std::optional<Condition> filter;
        if (hasFilter) {
            auto f = filterFromJson(o.value("filter"_L1));
            if (!f)
                return f.error();
            filter = *f;
            o.remove("filter"_L1);
            o.insert("condition"_L1, QJsonObject{{u"operator"_s, u"ALL"_s}}); // replaced below
        }
        auto q = decodeJson<Q>(o, typeName);
        if (!q)
            return q.error();
        if (filter)
            q->condition = *filter;
        if constexpr (std::is_same_v<Q, ListQuery>) {
            if (q->limit == 0)
                q->limit = 100; // Wow 9.1.5: a missing list limit is the default list size
        }
        return q;
    }
}

// A query body: decoded, narrowed by the scope headers and checked by the HTTP guard; on any
// problem the error is sent and nullopt returned.
template <typename Q>
std::optional<Q> readQuery(Call &c, const QString &typeName, GuardedQuery type)
{
    const bool current = c.config.generation == WowGeneration::Current;
    auto decoded = current ? currentQueryBody<Q>(c.req, typeName) : typedBody<Q>(c.req, typeName);
    if (!decoded) {
        sendDomainError(c.res, decoded.error());
        return std::nullopt;
    }
    Q q = *decoded;
    Condition &condition = conditionOf(q);
    // As Wow 8.10 the server speaks 8.10's condition: the operators and options only Wow 9.x
    // has are refused, as an 8.10 server refuses names it does not know.
    if (!current) {
        if (auto e = legacyDialectError(condition)) {
            sendDomainError(c.res, *e);
            return std::nullopt;
        }
    }
    condition = withScopeHeaders(c.req, condition);
    std::optional<DomainError> e;
    if constexpr (std::is_same_v<Q, ListQuery>)
        e = guardListLimit(c.config.guard, q.limit);
    if constexpr (std::is_same_v<Q, PagedQuery>)
        e = guardPagination(c.config.guard, q.pagination);
    if (!e)
        e = guard(c, condition, type);
    if (e) {
        sendDomainError(c.res, *e);
        return std::nullopt;
    }
    return q;
}

// ---- Wow 9.x reads ------------------------------------------------------------------------

// POST …/snapshot/aggregation, …/event/aggregation: an AggregationQuery → rows, as a JSON
// array or one SSE `data:` event per row.
void aggregationRoute(Call &c, bool snapshots)
{
    auto body = jsonBody(c.req, false, u"Request body can not be empty."_s);
    if (!body)
        return sendDomainError(c.res, body.error());
    auto decoded = AggregationQuery::fromJson(*body);
    if (!decoded)
        return sendDomainError(c.res, decoded.error());
    AggregationQuery q = *decoded;
    q.filter = withScopeHeaders(c.req, q.filter);
    std::optional<DomainError> e = guardAggregationLimit(c.config.guard, q.limit);
    if (!e)
        e = guard(c, q.filter, GuardedQuery::List);
    for (const auto &m : q.metrics) {
        if (!e && m.filter)
            e = guardCondition(c.config.guard, *m.filter, GuardedQuery::Single);
    }
    if (e)
        return sendDomainError(c.res, *e);
    sendItems(c, snapshots ? c.engine->aggregateSnapshots(q) : c.engine->aggregateEventStreams(q),
              [](const AggregationRow &r) { return r.toJsonBytes(); });
}

// POST …/snapshot/cursor, …/snapshot/cursor/state, …/event/cursor: a CursorQuery → a page.
void cursorRoute(Call &c, bool snapshots, SnapshotView view)
{
    auto body = jsonBody(c.req, false, u"Request body can not be empty."_s);
    if (!body)
        return sendDomainError(c.res, body.error());
    auto decoded = CursorQuery::fromJson(*body);
    if (!decoded)
        return sendDomainError(c.res, decoded.error());
    CursorQuery q = *decoded;
    q.condition = withScopeHeaders(c.req, q.condition);
    std::optional<DomainError> e = guardCursorSize(c.config.guard, q.size);
    if (!e)
        e = guard(c, q.condition, GuardedQuery::List);
    if (e)
        return sendDomainError(c.res, *e);
    sendResult(c, snapshots ? c.engine->cursorSnapshots(q, view) : c.engine->cursorEventStreams(q),
               [](const CursorPage<Document> &p) { return p.toJsonBytes(); });
}

// GET …/snapshot/schema, …/event/schema (and the deprecated POST …/schema/refresh): the
// descriptor of the HTTP entry, its version as a strong ETag; If-None-Match → 304.
void schemaRoute(Call &c, bool snapshots)
{
    const QueryGuardConfig &g = c.config.guard;
    QueryModelLimits limits;
    if (g.enabled) {
        auto bound = [](int v) { return v == 0 ? std::optional<int>() : std::optional<int>(v); };
        limits.maxListSize = bound(g.maxListSize);
        limits.maxPageSize = bound(g.maxPageSize);
        limits.maxPageWindow = g.maxPageWindow == 0 ? std::optional<qint64>() : std::optional<qint64>(g.maxPageWindow);
        limits.maxFilterNodes = bound(g.maxConditionNodes);
        limits.maxFilterValues = bound(g.maxConditionValues);
        limits.allowExpensiveOperators = g.allowExpensiveOperators;
    }
    limits.defaultListSize = 100;
    const QueryModelDescriptor d = describeQueryModel(snapshots ? QueryModel::Snapshot : QueryModel::EventStream, limits,
                                                      QString::fromUtf8(QTimeZone::systemTimeZoneId()));
    const QByteArray etag = '"' + d.version.toLatin1() + '"';
    if (!c.res)
        return;
    Headers h = baseHeaders();
    h.append(Header("ETag", etag));
    for (const QByteArray &tag : c.req.header("if-none-match").split(',')) {
        const QByteArray t = tag.trimmed();
        if (t == etag || t == "*")
            return c.res->respond(304, h, QByteArray());
    }
    h.append(Header("Content-Type", kJson));
    h.append(Header("Wow-Error-Code", "Ok"));
    c.res->respond(200, h, d.json);
}

} // namespace

// ---- the routes ---------------------------------------------------------------------------

WowApiServer::WowApiServer(Engine *engine, WowApiServerConfig config, QObject *parent)
    : QObject(parent), m_engine(engine), m_config(std::move(config)), m_http([this, engine] {
          http::ServerConfig h = m_config.http;
          // The Date header tells clients the engine's clock (Wow ≤ 9.1 clients correct theirs by it).
          QPointer<Engine> e(engine);
          if (!h.clock)
              h.clock = [e] { return e ? e->now() : QDateTime::currentMSecsSinceEpoch(); };
          return h;
      }())
{
    m_http.setHandler([this](const Request &req, Responder *res) { handle(req, res); });
    if (m_config.generation == WowGeneration::Current)
        m_config.guard.codes = true; // Wow 9.2's binding codes on guard rejections

    auto add = [this](const char *method, const char *path, QList<QByteArray> produces, std::function<void(Call &)> h) {
        auto r = std::make_unique<Route>();
        r->method = method;
        r->segments = QByteArray(path).mid(1).split('/');
        r->produces = std::move(produces);
        r->handler = std::move(h);
        m_routes.push_back(std::move(r));
    };
    const QList<QByteArray> json{kJson};
    const QList<QByteArray> jsonOrSse{kJson, kSse};

    // Global endpoints.
    add("POST", "/wow/command/wait", json, [](Call &c) {
        auto body = jsonBody(c.req, false, u"Request body can not be empty."_s);
        if (!body)
            return sendDomainError(c.res, body.error());
        auto signal = SimpleWaitSignal::fromJson(*body);
        if (!signal)
            return sendDomainError(c.res, signal.error());
        if (c.res) // accepted and acknowledged: the built-in service has no distributed waits
            c.res->respond(200, {{"Content-Type", kJson}, {"Access-Control-Allow-Origin", "*"}}, QByteArray());
    });
    add("POST", "/wow/command/send", json, [](Call &c) {
        const QString typeName = QString::fromUtf8(c.req.header("command-type")).trimmed();
        if (typeName.isEmpty())
            return sendDomainError(c.res, DomainError::illegalArgument(u"Command-Type can not be empty."_s));
        const QByteArray ctx = c.req.header("command-aggregate-context"), name = c.req.header("command-aggregate-name");
        if (!ctx.isEmpty() && name.isEmpty())
            return sendDomainError(c.res, DomainError::illegalArgument(u"Command-Aggregate-Name can not be empty."_s));
        if ((!ctx.isEmpty() && ctx != kCompensationContext.toUtf8()) || (!name.isEmpty() && name != kExecutionFailedAggregate.toUtf8()))
            return sendDomainError(c.res, DomainError::notFound(u"Aggregate "_s + QString::fromUtf8(ctx) + u'.'
                                                                + QString::fromUtf8(name) + u" is not served here."_s));
        const auto type = commandTypeByName(typeName);
        if (!type)
            return sendDomainError(c.res, DomainError::illegalArgument(u"Command-Type["_s + typeName
                                                                       + u"] is not a command of compensation-service.execution_failed."_s));
        auto body = jsonBody(c.req, true, QString());
        if (!body)
            return sendDomainError(c.res, body.error());
        auto options = commandOptions(c.req, c.config.generation == WowGeneration::Current);
        if (!options)
            return sendDomainError(c.res, options.error());
        const QJsonObject o = body->toObject();
        QString id = o.value("id"_L1).toString();
        if (*type == CommandType::CreateExecutionFailed && !id.isEmpty())
            options->aggregateId = id;
        if (*type != CommandType::CreateExecutionFailed && id.isEmpty())
            id = options->aggregateId;
        if (*type != CommandType::CreateExecutionFailed && id.isEmpty())
            return sendDomainError(c.res, DomainError::illegalArgument(u"The aggregate id of "_s + typeName
                                                                       + u" is missing: give it as body field id or header Command-Aggregate-Id."_s));
        auto decoded = decodeCommandBody(*type, o);
        if (!decoded)
            return sendDomainError(c.res, decoded.error());
        runCommand(c, Command{id, QString(), *decoded}, *options);
    });
    add("GET", "/wow/metadata", json, [](Call &c) {
        QPointer<Responder> res = c.res;
        delivered(c.server, c.engine->metadata())
            .then(c.server, [res](const WowMetadata &m) { sendJson(res, 200, m.toJsonBytes(), QByteArray()); })
            .onFailed(c.server, [res](const EngineError &e) { sendEngineError(res, e); });
    });
    add("GET", "/wow/id/global", {kText}, [](Call &c) {
        QPointer<Responder> res = c.res;
        delivered(c.server, c.engine->generateGlobalId())
            .then(c.server, [res](const QString &id) {
                if (res)
                    res->respond(200, {{"Content-Type", kText}, {"Access-Control-Allow-Origin", "*"}}, id.toUtf8());
            })
            .onFailed(c.server, [res](const EngineError &e) { sendEngineError(res, e); });
    });
    add("POST", "/wow/bi/script", {}, [](Call &c) {
        const QByteArray ct = c.req.header("content-type");
        if (ct.isNull() || ct.split(';').first().trimmed().toLower() != kJson)
            return sendErrorInfo(c.res, {ErrorCode::UnsupportedMediaType,
                                         u"Content type '"_s + QString::fromUtf8(ct) + u"' not supported."_s, {}});
        if (c.req.body.trimmed().isEmpty())
            return sendDomainError(c.res, DomainError::illegalArgument(u"BI script request body must not be empty"_s));
        const QByteArray produce = negotiate(parseAccept(c.req.header("accept")), {kSql, kJson});
        if (produce.isEmpty())
            return sendErrorInfo(c.res, {ErrorCode::NotAcceptable, u"Could not find acceptable representation"_s, {}});
        auto request = typedBody<BiScriptRequest>(c.req, u"BiScriptRequest"_s);
        if (!request)
            return sendDomainError(c.res, request.error());
        QPointer<Responder> res = c.res;
        delivered(c.server, c.engine->generateBiScript(*request))
            .then(c.server,
                  [res, produce](const BiScriptResponse &r) {
                      if (!res)
                          return;
                      Headers h = baseHeaders();
                      h.append(Header("Content-Type", produce));
                      h.append(Header("Wow-BI-Diagnostic-Count", QByteArray::number(qsizetype(r.diagnostics.size()))));
                      res->respond(200, h, produce == kJson ? r.toJsonBytes() : r.script.toUtf8());
                  })
            .onFailed(c.server, [res](const EngineError &e) { sendEngineError(res, e); });
    });

    // Commands.
    add("POST", "/execution_failed/create_execution_failed", jsonOrSse,
        [](Call &c) { aggregateCommand(c, CommandType::CreateExecutionFailed); });
    for (int t = 1; t < kCommandTypeCount; ++t) {
        const auto type = static_cast<CommandType>(t);
        const CommandInfo &info = commandInfo(type);
        const QByteArray path = "/execution_failed/{id}" + (info.routeSuffix.isEmpty() ? QByteArray() : "/" + info.routeSuffix.toUtf8());
        add(info.method.toUtf8().constData(), path.constData(), jsonOrSse, [type](Call &c) { aggregateCommand(c, type); });
    }

    // State.
    add("GET", "/execution_failed/{id}/state", json, [](Call &c) {
        sendResult(c, c.engine->loadState(c.var("id")), [](const ExecutionFailedState &s) { return s.toJsonBytes(); });
    });
    add("GET", "/execution_failed/{id}/state/{version}", json, [](Call &c) {
        const auto v = toInt(c.var("version"));
        if (!v)
            return sendDomainError(c.res, DomainError::illegalArgument(u"version must be an integer."_s));
        sendResult(c, c.engine->loadStateAtVersion(c.var("id"), *v), [](const ExecutionFailedState &s) { return s.toJsonBytes(); });
    });
    add("GET", "/execution_failed/{id}/state/time/{createTime}", json, [](Call &c) {
        const auto t = toInt64(c.var("createTime"));
        if (!t)
            return sendDomainError(c.res, DomainError::illegalArgument(u"createTime must be an integer."_s));
        sendResult(c, c.engine->loadStateAtTime(c.var("id"), *t), [](const ExecutionFailedState &s) { return s.toJsonBytes(); });
    });
    add("GET", "/execution_failed/{id}/state/tracing", json, [](Call &c) {
        TracingRange range;
        for (const char *name : {"headVersion", "tailVersion", "limit"}) {
            bool present = false;
            const QByteArray raw = c.req.queryValue(name, &present);
            if (!present)
                continue;
            const auto v = toInt(QString::fromUtf8(raw).trimmed());
            if (!v)
                return sendDomainError(c.res, DomainError::illegalArgument(QLatin1String(name) + u" must be an integer."_s));
            if (QByteArrayView(name) == "headVersion")
                range.headVersion = *v;
            else if (QByteArrayView(name) == "tailVersion")
                range.tailVersion = *v;
            else
                range.limit = *v;
        }
        sendResult(c, c.engine->tracing(c.var("id"), range), [](const QList<StateEvent> &events) {
            JsonWriter w;
            w.beginArray();
            for (const auto &e : events)
                e.write(w);
            w.endArray();
            return w.take();
        });
    });

    // Snapshots.
    add("GET", "/execution_failed/{id}/snapshot", json, [](Call &c) {
        sendResult(c, c.engine->getSnapshot(c.var("id")), [](const Document &d) { return d.json; });
    });
    add("PUT", "/execution_failed/{id}/snapshot", json, [](Call &c) {
        QPointer<Responder> res = c.res;
        delivered(c.server, c.engine->regenerateSnapshot(c.var("id")))
            .then(c.server, [res] {
                if (res)
                    res->respond(200, baseHeaders(), QByteArray());
            })
            .onFailed(c.server, [res](const EngineError &e) { sendEngineError(res, e); });
    });
    add("PUT", "/execution_failed/snapshot/{afterId}/{limit}", json, [](Call &c) {
        const auto limit = toInt(c.var("limit"));
        if (!limit)
            return sendDomainError(c.res, DomainError::illegalArgument(u"limit must be an integer."_s));
        sendResult(c, c.engine->batchRegenerateSnapshots(c.var("afterId"), *limit), [](const BatchResult &r) { return r.toJsonBytes(); });
    });
    add("POST", "/execution_failed/snapshot/count", json, [](Call &c) {
        if (auto q = readQuery<Condition>(c, u"Condition"_s, GuardedQuery::Count))
            sendResult(c, c.engine->countSnapshots(*q), [](qint64 n) { return QByteArray::number(n); });
    });
    for (const auto &[path, view] : {std::pair{"/execution_failed/snapshot/list", SnapshotView::Document},
                                     std::pair{"/execution_failed/snapshot/list/state", SnapshotView::State}}) {
        add("POST", path, jsonOrSse, [view](Call &c) {
            if (auto q = readQuery<ListQuery>(c, u"ListQuery"_s, GuardedQuery::List))
                sendList(c, c.engine->listSnapshots(*q, view));
        });
    }
    for (const auto &[path, view] : {std::pair{"/execution_failed/snapshot/paged", SnapshotView::Document},
                                     std::pair{"/execution_failed/snapshot/paged/state", SnapshotView::State}}) {
        add("POST", path, json, [view](Call &c) {
            if (auto q = readQuery<PagedQuery>(c, u"PagedQuery"_s, GuardedQuery::Paged))
                sendResult(c, c.engine->pagedSnapshots(*q, view), [](const PagedList<Document> &p) { return p.toJsonBytes(); });
        });
    }
    for (const auto &[path, view] : {std::pair{"/execution_failed/snapshot/single", SnapshotView::Document},
                                     std::pair{"/execution_failed/snapshot/single/state", SnapshotView::State}}) {
        add("POST", path, json, [view](Call &c) {
            if (auto q = readQuery<SingleQuery>(c, u"SingleQuery"_s, GuardedQuery::Single))
                sendResult(c, c.engine->singleSnapshot(*q, view), [](const Document &d) { return d.json; });
        });
    }

    // Event streams.
    add("GET", "/execution_failed/{id}/event/{headVersion}/{tailVersion}", jsonOrSse, [](Call &c) {
        const auto head = toInt(c.var("headVersion")), tail = toInt(c.var("tailVersion"));
        if (!head || !tail)
            return sendDomainError(c.res, DomainError::illegalArgument(
                                              (!head ? u"headVersion"_s : u"tailVersion"_s) + u" must be an integer."_s));
        const qint64 limit = qint64(*tail) - *head + 1;
        if (auto e = guardListLimit(c.config.guard, int(std::clamp<qint64>(limit, INT_MIN, INT_MAX))))
            return sendDomainError(c.res, *e);
        sendList(c, c.engine->loadEventStreams(c.var("id"), *head, *tail));
    });
    add("POST", "/execution_failed/event/list", jsonOrSse, [](Call &c) {
        if (auto q = readQuery<ListQuery>(c, u"ListQuery"_s, GuardedQuery::List))
            sendList(c, c.engine->listEventStreams(*q));
    });
    add("POST", "/execution_failed/event/paged", json, [](Call &c) {
        if (auto q = readQuery<PagedQuery>(c, u"PagedQuery"_s, GuardedQuery::Paged))
            sendResult(c, c.engine->pagedEventStreams(*q), [](const PagedList<Document> &p) { return p.toJsonBytes(); });
    });
    add("POST", "/execution_failed/event/count", json, [](Call &c) {
        if (auto q = readQuery<Condition>(c, u"Condition"_s, GuardedQuery::Count))
            sendResult(c, c.engine->countEventStreams(*q), [](qint64 n) { return QByteArray::number(n); });
    });
    add("PUT", "/execution_failed/{id}/{version}/compensate", json, [](Call &c) {
        const auto version = toInt(c.var("version"));
        if (!version)
            return sendDomainError(c.res, DomainError::illegalArgument(u"version must be an integer."_s));
        auto target = typedBody<CompensationTarget>(c.req, u"CompensationTarget"_s);
        if (!target)
            return sendDomainError(c.res, target.error());
        sendResult(c, c.engine->compensate(c.var("id"), *version, *target), [](int n) { return QByteArray::number(n); });
    });
    add("POST", "/execution_failed/state/{afterId}/{limit}", json, [](Call &c) {
        const auto limit = toInt(c.var("limit"));
        if (!limit)
            return sendDomainError(c.res, DomainError::illegalArgument(u"limit must be an integer."_s));
        sendResult(c, c.engine->resendStateEvents(c.var("afterId"), *limit), [](const BatchResult &r) { return r.toJsonBytes(); });
    });

    // Wow 9.x: aggregation, cursor paging and the query-model descriptor. A server answering
    // as Wow 8.10 has none of them (404, as on 8.10).
    if (m_config.generation == WowGeneration::Current) {
        add("POST", "/execution_failed/snapshot/aggregation", jsonOrSse, [](Call &c) { aggregationRoute(c, true); });
        add("POST", "/execution_failed/event/aggregation", jsonOrSse, [](Call &c) { aggregationRoute(c, false); });
        add("POST", "/execution_failed/snapshot/cursor", json, [](Call &c) { cursorRoute(c, true, SnapshotView::Document); });
        add("POST", "/execution_failed/snapshot/cursor/state", json, [](Call &c) { cursorRoute(c, true, SnapshotView::State); });
        add("POST", "/execution_failed/event/cursor", json, [](Call &c) { cursorRoute(c, false, SnapshotView::Document); });
        add("GET", "/execution_failed/snapshot/schema", json, [](Call &c) { schemaRoute(c, true); });
        add("GET", "/execution_failed/event/schema", json, [](Call &c) { schemaRoute(c, false); });
        add("POST", "/execution_failed/snapshot/schema/refresh", json, [](Call &c) { schemaRoute(c, true); });
        add("POST", "/execution_failed/event/schema/refresh", json, [](Call &c) { schemaRoute(c, false); });
    }

    // The OpenAPI document, as Wow's springdoc serves it: `info.version` is the Wow version the
    // server answers as, `paths` the routes it offers (how a client tells the feature level),
    // and the query bodies' schemas carry `filter` as Wow ≥ 8.11's do.
    add("GET", "/v3/api-docs", json, [this](Call &c) { sendJson(c.res, 200, openApiDocument()); });
}

QByteArray WowApiServer::openApiDocument() const
{
    const bool current = m_config.generation == WowGeneration::Current;
    QJsonObject paths;
    for (const auto &r : m_routes) {
        const QString path = u'/' + QString::fromUtf8(r->segments.join('/'));
        QJsonObject item = paths.value(path).toObject();
        item.insert(QString::fromLatin1(r->method).toLower(), QJsonObject{{u"responses"_s, QJsonObject{{u"200"_s, QJsonObject{{u"description"_s, u"OK"_s}}}}}});
        paths.insert(path, item);
    }
    QJsonObject queryProperties{{u"condition"_s, QJsonObject{{u"type"_s, u"object"_s}}},
                                {u"projection"_s, QJsonObject{{u"type"_s, u"object"_s}}},
                                {u"sort"_s, QJsonObject{{u"type"_s, u"array"_s}}}};
    if (current)
        queryProperties.insert(u"filter"_s, QJsonObject{{u"type"_s, u"object"_s}});
    QJsonObject schemas;
    for (const auto &[name, extra] : {std::pair{u"ListQuery"_s, u"limit"_s}, std::pair{u"PagedQuery"_s, u"pagination"_s},
                                      std::pair{u"SingleQuery"_s, QString()}}) {
        QJsonObject properties = queryProperties;
        if (!extra.isEmpty())
            properties.insert(extra, QJsonObject{{u"type"_s, extra == u"limit"_s ? u"integer"_s : u"object"_s}});
        schemas.insert(name, QJsonObject{{u"type"_s, u"object"_s}, {u"properties"_s, properties}});
    }
    const QJsonObject doc{{u"openapi"_s, u"3.0.1"_s},
                          {u"info"_s, QJsonObject{{u"title"_s, u"compensation-service"_s},
                                                  {u"version"_s, current ? u"9.3.0"_s : u"8.10.10"_s}}},
                          {u"paths"_s, paths},
                          {u"components"_s, QJsonObject{{u"schemas"_s, schemas}}}};
    return QJsonDocument(doc).toJson(QJsonDocument::Compact);
}

WowApiServer::~WowApiServer() = default;

bool WowApiServer::listen(const QHostAddress &address, quint16 port)
{
    return m_http.listen(address, port);
}

quint16 WowApiServer::port() const
{
    return m_http.port();
}

QString WowApiServer::errorString() const
{
    return m_http.errorString();
}

void WowApiServer::close()
{
    m_http.close();
}

void WowApiServer::abortConnections()
{
    m_http.abortConnections();
}

int WowApiServer::connectionCount() const
{
    return m_http.connectionCount();
}

void WowApiServer::handle(const Request &req, Responder *responder)
{
    QPointer<Responder> res = responder;
    if (req.method == "OPTIONS") { // permissive CORS, as Wow's server
        res->respond(200,
                     {{"Access-Control-Allow-Origin", "*"},
                      {"Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS"},
                      {"Access-Control-Allow-Headers", "*"},
                      {"Access-Control-Max-Age", "3600"}},
                     QByteArray());
        return;
    }
    if (!m_config.token.isEmpty()) {
        const QByteArray expected = "Bearer " + m_config.token.toUtf8();
        if (req.header("authorization") != expected) {
            Headers h = baseHeaders();
            h.append(Header("Content-Type", kJson));
            h.append(Header("Wow-Error-Code", "Unauthorized"));
            h.append(Header("WWW-Authenticate", "Bearer"));
            res->respond(401, h, ErrorInfo{ErrorCode::Unauthorized, u"A valid bearer token is required."_s, {}}.toJsonBytes());
            return;
        }
    }
    if (!m_engine) {
        sendErrorInfo(res, {u"ServiceUnavailable"_s, u"The engine is closed."_s, {}}, 503);
        return;
    }
    QByteArray path = req.path;
    if (m_config.alsoUnderContextAlias && (path.startsWith("/compensation/") || path == "/compensation"))
        path = path.mid(int(qstrlen("/compensation")));
    while (path.size() > 1 && path.endsWith('/'))
        path.chop(1);
    const QList<QByteArray> segments = path.mid(1).split('/');
    const bool current = m_config.generation == WowGeneration::Current;
    const QList<MediaRange> accept = parseAccept(req.header("accept"));

    const Route *best = nullptr;
    QHash<QByteArray, QString> bestVars;
    QByteArray bestProduce;
    for (const auto &route : m_routes) {
        if (route->method != req.method)
            continue;
        QHash<QByteArray, QString> vars;
        if (!route->match(segments, vars, current))
            continue;
        const QByteArray produce = negotiate(accept, route->produces);
        if (produce.isEmpty())
            continue; // Accept takes part in matching: no acceptable type, no route
        if (!best || route->moreSpecificThan(*best)) {
            best = route.get();
            bestVars = vars;
            bestProduce = produce;
        }
    }
    if (!best) {
        if ((req.method == "GET" || req.method == "HEAD") && serveStatic(req, res))
            return;
        sendErrorInfo(res, notFound(req.path));
        return;
    }
    if (current) {
        for (auto it = bestVars.cbegin(); it != bestVars.cend(); ++it) {
            if (it.value().trimmed().isEmpty()) {
                sendDomainError(res, DomainError::illegalArgument(
                                         u"Path variable [%1] must not be blank."_s.arg(QString::fromUtf8(it.key()))));
                return;
            }
        }
    }
    Call call{req, res, bestVars, bestProduce, this, m_engine.data(), m_config};
    try {
        best->handler(call);
    } catch (const std::exception &e) {
        // One bad request never takes the process down.
        sendErrorInfo(res, {ErrorCode::InternalServerError, u"Unexpected server error"_s, {}});
        qWarning("wow-inspector serve: %s %s: %s", req.method.constData(), req.path.constData(), e.what());
    }
}

bool WowApiServer::serveStatic(const Request &req, Responder *res)
{
    if (m_config.webRoot.isEmpty())
        return false;
    const QDir root(m_config.webRoot);
    const QString rootPath = QFileInfo(root.absolutePath()).canonicalFilePath();
    QString relative = QString::fromUtf8(req.path);
    while (relative.startsWith(u'/'))
        relative.remove(0, 1);
    QFileInfo file(root.filePath(relative.isEmpty() ? u"index.html"_s : relative));
    const auto inside = [&](const QFileInfo &f) {
        const QString canonical = f.canonicalFilePath();
        return !canonical.isEmpty() && (canonical == rootPath || canonical.startsWith(rootPath + u'/'));
    };
    if (file.isDir())
        file = QFileInfo(QDir(file.filePath()).filePath(u"index.html"_s));
    if (!file.isFile() || !inside(file)) {
        // Single-page-app fallback: routes of the app (no file extension) get index.html;
        // the API's own namespaces never do.
        if (relative.section(u'/', -1).contains(u'.') || relative.startsWith(u"wow/"_s)
            || relative.startsWith(u"execution_failed"_s) || relative.startsWith(u"compensation/"_s))
            return false;
        file = QFileInfo(root.filePath(u"index.html"_s));
        if (!file.isFile() || !inside(file))
            return false;
    }
    QFile f(file.filePath());
    // Read whole on the event loop: fine for a dashboard's files; larger ones are refused.
    if (!f.open(QIODevice::ReadOnly) || f.size() > 32 * 1024 * 1024)
        return false;
    static const QMimeDatabase mimes;
    Headers h = baseHeaders();
    h.append(Header("Content-Type", mimes.mimeTypeForFile(file).name().toUtf8()));
    res->respond(200, h, req.method == "HEAD" ? QByteArray() : f.readAll());
    return true;
}

} // namespace wci
