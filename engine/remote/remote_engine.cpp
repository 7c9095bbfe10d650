#include "remote_engine.h"

#include "filter_json.h"

#include "global_id.h"
#include "json_slicer.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QLocale>
#include <QTimeZone>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QPromise>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrlQuery>

namespace wci {

using namespace Qt::StringLiterals;

struct RemoteEngine::Call {
    QByteArray method;
    QString path; // below the prefix, starting with '/'
    QUrlQuery query;
    QByteArray body;
    bool hasBody = false;
    QByteArray accept = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;
    bool idempotent = false; // may be retried
};

namespace {

const QByteArray kJson = "application/json";

QString pathSegment(const QString &s)
{
    return QString::fromUtf8(QUrl::toPercentEncoding(s));
}

// The EngineError for an HTTP answer that is not a success.
EngineError httpError(int status, const QByteArray &body, const QByteArray &wowErrorCode)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject()) {
        const QJsonObject o = doc.object();
        if (o.contains("stage"_L1)) {
            if (auto r = CommandResult::fromJson(o)) {
                EngineError e = EngineError::fromCommandResult(*r);
                e.httpStatus = status;
                return e;
            }
        }
        if (o.contains("afterId"_L1) && o.contains("size"_L1)) {
            if (auto b = BatchResult::fromJson(o)) {
                EngineError e(b->errorCode, b->errorMsg, status);
                e.batchResult = *b;
                return e;
            }
        }
        if (o.contains("errorCode"_L1)) {
            if (auto info = ErrorInfo::fromJson(o))
                return EngineError(info->errorCode, info->errorMsg, status, info->bindingErrors);
        }
    }
    const QString snippet = QString::fromUtf8(body.left(200)).simplified();
    QString code = wowErrorCode.isEmpty() ? QString() : QString::fromUtf8(wowErrorCode);
    switch (status) {
    case 401:
        return EngineError(code.isEmpty() ? u"Unauthorized"_s : code, u"The server refused the credentials (HTTP 401). Check the token or auth header of this connection."_s, 401);
    case 403:
        return EngineError(code.isEmpty() ? u"Forbidden"_s : code, u"The server does not allow this (HTTP 403)."_s, 403);
    case 404:
        return EngineError(code.isEmpty() ? ErrorCode::NotFound : code, u"The server has no such route (HTTP 404): is the path prefix right?"_s, 404);
    default:
        break;
    }
    return EngineError(code.isEmpty() ? (status >= 500 ? u"ServerError"_s : u"BadResponse"_s) : code,
                       u"The server answered HTTP %1%2"_s.arg(status).arg(snippet.isEmpty() ? u"."_s : u": "_s + snippet),
                       status);
}

EngineError networkError(QNetworkReply::NetworkError error, const QString &detail, const QUrl &url, int timeoutMs)
{
    const QString where = url.host() + (url.port() > 0 ? u":"_s + QString::number(url.port()) : QString());
    const auto reached = [](EngineError e, EngineError::Reach reach) {
        e.reach = reach;
        return e;
    };
    using Reach = EngineError::Reach;
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return reached(EngineError(u"ConnectionRefused"_s, u"Nothing accepted the connection at "_s + where + u": is the server running?"_s, 503),
                       Reach::NotReached);
    case QNetworkReply::HostNotFoundError:
        return reached(EngineError(u"HostNotFound"_s, u"The host "_s + url.host() + u" could not be found (DNS)."_s, 503),
                       Reach::NotReached);
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return reached(EngineError(ErrorCode::RequestTimeout, u"The server at "_s + where + u" did not answer within %1 s."_s.arg(timeoutMs / 1000.0), 408),
                       Reach::NoAnswer);
    case QNetworkReply::SslHandshakeFailedError:
        return reached(EngineError(u"TlsError"_s, u"The TLS handshake with "_s + where + u" failed: "_s + detail, 495),
                       Reach::NotReached);
    case QNetworkReply::RemoteHostClosedError:
        return reached(EngineError(u"ConnectionClosed"_s, u"The server at "_s + where + u" closed the connection before answering completely."_s, 502),
                       Reach::NoAnswer);
    default:
        return reached(EngineError(u"NetworkError"_s, u"Talking to "_s + where + u" failed: "_s + detail, 502), Reach::NoAnswer);
    }
}

template <typename T>
T parseJson(const QByteArray &body, const QString &typeName)
{
    auto r = T::fromJsonBytes(body);
    if (!r)
        throw EngineError(u"BadResponse"_s, u"The server's "_s + typeName + u" is not what Wow sends: "_s + r.error().message, 502);
    return *r;
}

QList<Document> parseDocuments(const QByteArray &body)
{
    const auto items = sliceArray(body);
    if (!items)
        throw EngineError(u"BadResponse"_s, u"The server's answer is not a JSON array."_s, 502);
    QList<Document> out;
    out.reserve(items->size());
    for (const auto &item : *items)
        out.append(Document{item});
    return out;
}

PagedList<Document> parsePaged(const QByteArray &body)
{
    const auto total = sliceMember(body, "total");
    const auto list = sliceMember(body, "list");
    bool ok = false;
    const qint64 n = total ? total->toLongLong(&ok) : 0;
    if (!ok || !list)
        throw EngineError(u"BadResponse"_s, u"The server's paged answer has no total or list."_s, 502);
    PagedList<Document> out;
    out.total = n;
    const QList<Document> docs = parseDocuments(*list);
    out.list.assign(docs.begin(), docs.end());
    return out;
}

qint64 parseInteger(const QByteArray &body)
{
    bool ok = false;
    const qint64 n = body.trimmed().toLongLong(&ok);
    if (!ok)
        throw EngineError(u"BadResponse"_s, u"The server's answer is not a number: "_s + QString::fromUtf8(body.left(80)), 502);
    return n;
}

QString stageHeader(CommandStage s)
{
    return enumName(s);
}

} // namespace

RemoteEngine::RemoteEngine(RemoteEngineOptions options, QObject *parent)
    : Engine(parent), m_options(std::move(options)), m_nam(new QNetworkAccessManager(this))
{
    m_nam->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
    // Until probed, assume current Wow: its limits are the strictest.
    m_caps.maxPageSize = 100;
    m_caps.maxListLimit = 1000;
    m_caps.maxPagingWindow = 10000;
    m_caps.maxConditionNodes = 64;
    m_caps.refusedOperators = {Operator::Raw, Operator::Ne, Operator::NotIn, Operator::Nor, Operator::Null,
                               Operator::NotNull, Operator::Contains, Operator::EndsWith};
    // Until probed, speak what every generation reads: 8.10's condition bodies, no 9.x routes.
    m_caps.filterBodies = false;
    m_caps.aggregation = false;
    m_caps.cursorPaging = false;
    m_caps.serverClock = false;
    m_caps.querySchema = false;
    m_caps.probed = false;
}

namespace {

// What GET /v3/api-docs tells: the Wow version the server answers as and which routes it has.
struct ApiDocs {
    bool present = false;
    QString version;
    bool filter = false, aggregation = false, cursor = false, schema = false;
};

ApiDocs readApiDocs(const QByteArray &body)
{
    ApiDocs d;
    const auto parsed = parseJsonBytes(body);
    if (!parsed || !parsed->isObject())
        return d;
    const QJsonObject o = parsed->toObject();
    d.present = o.contains("paths"_L1) || o.contains("info"_L1);
    d.version = o.value("info"_L1).toObject().value("version"_L1).toString();
    const QJsonObject paths = o.value("paths"_L1).toObject();
    for (auto it = paths.begin(); it != paths.end(); ++it) {
        const QString p = it.key();
        d.aggregation = d.aggregation || p.endsWith(u"/snapshot/aggregation"_s);
        d.cursor = d.cursor || p.endsWith(u"/snapshot/cursor"_s);
        d.schema = d.schema || p.endsWith(u"/snapshot/schema"_s);
    }
    const QJsonObject schemas = o.value("components"_L1).toObject().value("schemas"_L1).toObject();
    for (const char *name : {"PagedQuery", "ListQuery"})
        d.filter = d.filter || schemas.value(QLatin1StringView(name)).toObject().value("properties"_L1).toObject().contains("filter"_L1);
    return d;
}

// "9.2.3" ≥ "9.2"?
bool versionAtLeast(const QString &version, int major, int minor)
{
    const QStringList parts = version.split(u'.');
    const int a = parts.value(0).toInt(), b = parts.value(1).toInt();
    return a > major || (a == major && b >= minor);
}

} // namespace

QFuture<EngineCapabilities> RemoteEngine::probe()
{
    // 1. The OpenAPI document: Wow's version and routes (a server without it is Wow 8.10).
    // 2. A list over the HTTP limit (1000): refused by the guard of every guarded Wow, answered
    //    by older servers. (A limit of 0 does not tell: Wow 9.1.5 and later read it as the
    //    default list size.)
    // 3. The BI script route's method.
    // 4. Wow 9.2's query-model descriptor, where offered: its limits are authoritative.
    Call docs{"GET", u"/v3/api-docs"_s, {}, {}, false, kJson, {}, true};
    ListQuery over;
    over.condition = Condition::leaf(u"aggregateId"_s, Operator::Eq, u"(probe)"_s);
    over.limit = 1001;
    Call list{"POST", u"/execution_failed/snapshot/list"_s, {}, over.toJsonBytes(), true, kJson, {}, true};
    Call bi{"POST", u"/wow/bi/script"_s, {}, QByteArray("{}"), true, kJson, {}, true};
    Call schema{"GET", u"/execution_failed/snapshot/schema"_s, {}, {}, false, kJson, {}, true};
    QPointer<RemoteEngine> self(this);
    auto api = std::make_shared<ApiDocs>();
    auto guarded = std::make_shared<bool>(true);
    auto descriptor = std::make_shared<QJsonObject>();
    auto cancelled = [] { return EngineError(u"Cancelled"_s, u"The connection was closed."_s, 499); };
    return send(docs)
        .then([api](const Reply &r) { *api = readApiDocs(r.body); })
        .onFailed([](const EngineError &e) {
            if (e.httpStatus == 401 || e.httpStatus == 403 || e.httpStatus == 0)
                throw e; // not reachable or not allowed: the probe fails as every call would
            // Anything else (404, an error page): no OpenAPI document, so Wow 8.10.
        })
        .then([self, list, guarded, cancelled] {
            if (!self)
                throw cancelled();
            return self->send(list)
                .then([guarded](const Reply &) { *guarded = false; })
                .onFailed([guarded](const EngineError &e) {
                    if (e.errorCode != ErrorCode::IllegalArgument || !e.errorMsg.startsWith(u"HTTP list query limit"_s))
                        throw e; // not the guard: a real failure (auth, network, ...)
                    *guarded = true;
                });
        })
        .unwrap()
        .then([self, bi, cancelled] {
            if (!self)
                throw cancelled();
            return self->send(bi).then([](const Reply &) { return true; }).onFailed([](const EngineError &e) {
                if (e.httpStatus == 404)
                    return false; // an older server: BI script only on GET
                if (e.httpStatus == 401 || e.httpStatus == 403 || e.httpStatus == 0)
                    throw e;
                return true; // the route exists (it may refuse options)
            });
        })
        .unwrap()
        .then([self, schema, api, descriptor, cancelled](bool biPost) {
            if (!self)
                throw cancelled();
            if (!api->schema)
                return QtFuture::makeReadyFuture(biPost);
            return self->send(schema)
                .then([descriptor, biPost](const Reply &r) {
                    const auto parsed = parseJsonBytes(r.body);
                    if (parsed && parsed->isObject())
                        *descriptor = parsed->toObject();
                    return biPost;
                })
                .onFailed([biPost](const EngineError &e) {
                    if (e.httpStatus == 401 || e.httpStatus == 403 || e.httpStatus == 0)
                        throw e;
                    return biPost; // listed but not answering: the other probes stand
                });
        })
        .unwrap()
        .then([self, guarded, api, descriptor](bool biPost) {
            EngineCapabilities c;
            if (*guarded && self)
                c = self->m_caps;
            if (!*guarded)
                c.refusedOperators = {Operator::Raw};
            c.biScriptPost = biPost;
            c.wowVersion = api->version;
            c.filterBodies = api->present && (api->filter || versionAtLeast(api->version, 8, 11));
            c.aggregation = api->aggregation;
            c.cursorPaging = api->cursor;
            c.querySchema = api->schema && !descriptor->isEmpty();
            c.serverClock = c.filterBodies && versionAtLeast(api->version, 9, 2);
            if (c.querySchema) {
                // The descriptor's limits describe the HTTP entry; null means none.
                const QJsonObject limits = descriptor->value("limits"_L1).toObject();
                auto limit = [&](const char *key, int fallback) {
                    const QJsonValue v = limits.value(QLatin1StringView(key));
                    return v.isNull() ? 0 : v.isDouble() ? v.toInt() : fallback;
                };
                c.maxListLimit = limit("maxListSize", c.maxListLimit);
                c.maxPageSize = limit("maxPageSize", c.maxPageSize);
                c.maxPagingWindow = limit("maxPageWindow", c.maxPagingWindow);
                c.maxConditionNodes = limit("maxFilterNodes", c.maxConditionNodes);
                bool cheapOnly = false;
                for (const auto &k : descriptor->value("constraints"_L1).toArray())
                    cheapOnly = cheapOnly || k.toObject().value("type"_L1) == u"COUNT_REQUIRES_FILTER"_s;
                if (!cheapOnly)
                    c.refusedOperators = {Operator::Raw};
            }
            c.clockOffsetMs = self ? self->m_caps.clockOffsetMs : 0;
            c.probed = true;
            if (self)
                self->m_caps = c;
            return c;
        });
}

RemoteEngine::~RemoteEngine()
{
    cancelAll();
}

QByteArray RemoteEngine::userAgent()
{
    return "wow-inspector/" + QByteArray(WCI_VERSION) + " (Qt " + qVersion() + ')';
}

QString RemoteEngine::describe() const
{
    return u"remote: "_s + m_options.baseUrl.toString(QUrl::RemoveUserInfo) + m_options.pathPrefix;
}

EngineCapabilities RemoteEngine::capabilities() const
{
    return m_caps;
}

qint64 RemoteEngine::now() const
{
    return QDateTime::currentMSecsSinceEpoch() + m_caps.clockOffsetMs;
}

void RemoteEngine::noteServerDate(const QByteArray &date)
{
    // The Date header has whole seconds: the server's time is within that second (its middle
    // is the best guess). Offsets within 2 s are noise and ignored.
    // IMF-fixdate, as HTTP/1.1 servers write it: "Tue, 01 Dec 2026 06:40:13 GMT".
    QDateTime server = QLocale::c().toDateTime(QString::fromLatin1(date).trimmed(), u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s);
    if (!server.isValid())
        return;
    server.setTimeZone(QTimeZone::utc());
    const qint64 offset = server.toMSecsSinceEpoch() + 500 - QDateTime::currentMSecsSinceEpoch();
    m_caps.clockOffsetMs = std::abs(offset) > 2000 ? offset : 0;
}

CommandOptions RemoteEngine::defaultCommandOptions() const
{
    CommandOptions o;
    o.waitStage = m_options.defaultWaitStage;
    return o;
}

void RemoteEngine::cancelAll()
{
    const auto replies = m_inFlight;
    for (QNetworkReply *reply : replies)
        reply->abort();
}

QFuture<RemoteEngine::Reply> RemoteEngine::send(const Call &call)
{
    auto promise = std::make_shared<QPromise<Reply>>();
    QFuture<Reply> future = promise->future();
    promise->start();

    QUrl url = m_options.baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    QString prefix = m_options.pathPrefix;
    while (prefix.endsWith(u'/'))
        prefix.chop(1);
    if (!prefix.isEmpty() && !prefix.startsWith(u'/'))
        prefix.prepend(u'/');
    url.setPath(basePath + prefix + call.path, QUrl::StrictMode);
    if (!call.query.isEmpty())
        url.setQuery(call.query);

    QNetworkRequest request(url);
    request.setRawHeader("Accept", call.accept);
    request.setRawHeader("User-Agent", userAgent());
    if (call.hasBody)
        request.setRawHeader("Content-Type", kJson);
    if (!m_options.bearerToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_options.bearerToken.toUtf8());
    if (!m_options.authHeaderName.isEmpty())
        request.setRawHeader(m_options.authHeaderName, m_options.authHeaderValue);
    for (const auto &[name, value] : m_options.extraHeaders)
        request.setRawHeader(name, value);
    for (const auto &[name, value] : call.headers)
        request.setRawHeader(name, value);
    request.setTransferTimeout(m_options.timeoutMs);
    if (url.scheme() == u"https"_s && !m_options.caFile.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        QList<QSslCertificate> cas = tls.caCertificates();
        cas += QSslCertificate::fromPath(m_options.caFile, QSsl::Pem);
        tls.setCaCertificates(cas);
        request.setSslConfiguration(tls);
    }

    const int timeoutMs = m_options.timeoutMs;
    const qint64 maxBytes = m_options.maxResponseBytes;
    const int retries = call.idempotent ? m_options.readRetries : 0;
    const int backoff = m_options.retryBackoffMs;
    const QByteArray method = call.method;
    const QByteArray body = call.body;
    QPointer<RemoteEngine> self(this);

    auto attempt = std::make_shared<std::function<void(int)>>();
    *attempt = [self, promise, request, method, body, timeoutMs, maxBytes, retries, backoff, attempt, url](int n) {
        if (!self) {
            promise->setException(EngineError(u"Cancelled"_s, u"The connection was closed."_s, 499));
            promise->finish();
            return;
        }
        QNetworkReply *reply = body.isNull() && method == "GET" ? self->m_nam->get(request)
                                                               : self->m_nam->sendCustomRequest(request, method, body);
        self->m_inFlight.insert(reply);
        auto tooLarge = std::make_shared<bool>(false);
        QObject::connect(reply, &QNetworkReply::downloadProgress, reply, [reply, maxBytes, tooLarge](qint64 received, qint64) {
            if (received > maxBytes && !*tooLarge) {
                *tooLarge = true;
                reply->abort();
            }
        });
        QObject::connect(reply, &QNetworkReply::finished, reply, [=]() {
            reply->deleteLater();
            if (self)
                self->m_inFlight.remove(reply);
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const auto error = reply->error();
            if (self && reply->hasRawHeader("Date"))
                self->noteServerDate(reply->rawHeader("Date"));
            const QByteArray data = *tooLarge ? QByteArray() : reply->readAll();
            if (self) {
                ++self->m_traffic.requests;
                self->m_traffic.bytesSent += body.size();
                self->m_traffic.bytesReceived += data.size();
            }
            auto retryOr = [&](const EngineError &e) {
                if (n < retries) {
                    QTimer::singleShot(backoff << n, self.data(), [attempt, n] { (*attempt)(n + 1); });
                    return;
                }
                promise->setException(e);
                promise->finish();
            };
            if (*tooLarge) {
                promise->setException(EngineError(u"ResponseTooLarge"_s, u"The server's answer is larger than %1 MiB; it was not read."_s.arg(maxBytes / 1048576), 502));
                promise->finish();
                return;
            }
            if (status == 0 || (error != QNetworkReply::NoError && status == 0)) {
                retryOr(networkError(error, reply->errorString(), url, timeoutMs));
                return;
            }
            if (status >= 200 && status < 300) {
                if (error != QNetworkReply::NoError) { // e.g. the connection dropped mid-body
                    retryOr(networkError(error, reply->errorString(), url, timeoutMs));
                    return;
                }
                promise->addResult(Reply{status, data, reply->header(QNetworkRequest::ContentTypeHeader).toByteArray()});
                promise->finish();
                return;
            }
            const EngineError e = httpError(status, data, reply->rawHeader("Wow-Error-Code"));
            if (status == 502 || status == 503 || status == 504) {
                retryOr(e);
                return;
            }
            promise->setException(e);
            promise->finish();
        });
    };
    (*attempt)(0);
    return future;
}

// ---- commands -------------------------------------------------------------------------------

QFuture<CommandResult> RemoteEngine::execute(const Command &command, const CommandOptions &options)
{
    const CommandType type = command.type();
    const CommandInfo &info = commandInfo(type);
    Call c;
    c.method = info.method.toUtf8();
    c.path = commandPath(type, pathSegment(command.aggregateId));
    c.body = encodeCommandBody(command.body);
    c.hasBody = true;
    // A fresh request id makes a repeated click or a resend harmless; never retried blindly.
    const QString requestId = options.requestId.isEmpty() ? GlobalIdGenerator::instance().next() : options.requestId;
    c.headers = {{"Command-Wait-Stage", stageHeader(options.waitStage).toUtf8()},
                 {"Command-Request-Id", requestId.toUtf8()},
                 {"Command-Wait-Timeout", QByteArray::number(options.waitTimeoutMs)}};
    if (options.expectedVersion)
        c.headers.append({"Command-Aggregate-Version", QByteArray::number(*options.expectedVersion)});
    if (type == CommandType::CreateExecutionFailed && !options.aggregateId.isEmpty())
        c.headers.append({"Command-Aggregate-Id", options.aggregateId.toUtf8()});
    const auto base = c.headers;
    auto withHeaders = [options, base](Call call, bool reservedAllowed) {
        call.headers = base;
        // Wow 9.2.3 and later refuse reserved keys (the operator comes from their own sign-in).
        if (!options.operatorName.isEmpty() && reservedAllowed)
            call.headers.append({"Command-Header-command_operator", options.operatorName.toUtf8()});
        if (!options.reason.isEmpty())
            call.headers.append({"Command-Header-reason", QUrl::toPercentEncoding(options.reason, " :/,;()[]'@!$&*+=")});
        for (auto it = options.headers.begin(); it != options.headers.end(); ++it) {
            if (reservedAllowed || !isReservedCommandHeaderKey(it.key()))
                call.headers.append({"Command-Header-" + it.key().toUtf8(), it.value().toUtf8()});
        }
        return call;
    };
    auto parse = [](const Reply &r) { return parseJson<CommandResult>(r.body, u"CommandResult"_s); };
    if (m_reservedHeadersRefused)
        return send(withHeaders(c, false)).then(parse);
    // A refusal of a reserved header key happens before the command runs, so sending again
    // without those keys is safe; the engine remembers it for the connection's lifetime.
    QPointer<RemoteEngine> self(this);
    return send(withHeaders(c, true))
        .then([parse](const Reply &r) { return QtFuture::makeReadyFuture(parse(r)); })
        .onFailed(this, [self, c, withHeaders, parse](const EngineError &e) -> QFuture<CommandResult> {
            if (!self || e.errorCode != ErrorCode::IllegalArgument || !e.errorMsg.startsWith(u"Command header ["_s)
                || !e.errorMsg.contains(u"is reserved by the framework"_s))
                return QtFuture::makeExceptionalFuture<CommandResult>(e);
            self->m_reservedHeadersRefused = true;
            return self->send(withHeaders(c, false)).then(parse);
        })
        .unwrap();
}

// ---- snapshots ------------------------------------------------------------------------------

// Query bodies in the server's dialect: Wow ≥ 8.11 takes `filter` (a count body is the bare
// filter), 8.10 `condition`; a 9.x-only operator cannot be said to an 8.10 server.
template <typename Q>
Result<QByteArray> RemoteEngine::queryBody(const Q &query) const
{
    if (!m_caps.filterBodies) {
        Q legacy = query;
        if (m_options.nowOperatorsOnLocalClock) {
            auto rewritten = nowOperatorsAt(query.condition, now());
            if (!rewritten)
                return rewritten.error();
            legacy.condition = std::move(*rewritten);
        }
        if (auto e = legacyDialectError(legacy.condition))
            return *e;
        return legacy.toJsonBytes();
    }
    auto filter = filterToJson(query.condition);
    if (!filter)
        return filter.error();
    QJsonObject o = query.toJson();
    o.remove("condition"_L1);
    o.insert("filter"_L1, *filter);
    JsonWriter w;
    w.value(o);
    return w.take();
}

Result<QByteArray> RemoteEngine::countBody(const Condition &condition) const
{
    if (!m_caps.filterBodies) {
        Condition legacy = condition;
        if (m_options.nowOperatorsOnLocalClock) {
            auto rewritten = nowOperatorsAt(condition, now());
            if (!rewritten)
                return rewritten.error();
            legacy = std::move(*rewritten);
        }
        if (auto e = legacyDialectError(legacy))
            return *e;
        return legacy.toJsonBytes();
    }
    auto filter = filterToJson(condition);
    if (!filter)
        return filter.error();
    JsonWriter w;
    w.value(*filter);
    return w.take();
}

QFuture<qint64> RemoteEngine::countSnapshots(const Condition &condition)
{
    const auto body = countBody(condition);
    if (!body)
        return QtFuture::makeExceptionalFuture<qint64>(EngineError::from(body.error()));
    Call c{"POST", u"/execution_failed/snapshot/count"_s, {}, *body, true, kJson, {}, true};
    return send(c).then([](const Reply &r) { return parseInteger(r.body); });
}

QFuture<QList<Document>> RemoteEngine::listByServerCursor(const ListQuery &query, bool snapshots, SnapshotView view)
{
    auto promise = std::make_shared<QPromise<QList<Document>>>();
    promise->start();
    auto acc = std::make_shared<QList<Document>>();
    auto restarts = std::make_shared<int>(0);
    auto step = std::make_shared<std::function<void(QString)>>();
    QPointer<RemoteEngine> self(this);
    const int pageSize = m_caps.maxPageSize > 0 ? m_caps.maxPageSize : 100;
    *step = [=](const QString &cursor) {
        if (!self) {
            promise->setException(EngineError(u"Cancelled"_s, u"The connection was closed."_s, 499));
            promise->finish();
            return;
        }
        CursorQuery page;
        page.condition = query.condition;
        page.projection = query.projection;
        page.sort = query.sort;
        page.cursor = cursor;
        page.size = query.limit > 0 ? std::min(pageSize, query.limit - int(acc->size())) : pageSize;
        auto f = snapshots ? self->cursorSnapshots(page, view) : self->cursorEventStreams(page);
        f.then(self.data(),
               [=](const CursorPage<Document> &p) {
                   for (const auto &d : p.list)
                       acc->append(d);
                   if (p.nextCursor.isEmpty() || (query.limit > 0 && acc->size() >= query.limit)) {
                       promise->addResult(*acc);
                       promise->finish();
                       return;
                   }
                   (*step)(p.nextCursor);
               })
            .onFailed(self.data(), [=](const EngineError &e) {
                // A token the server no longer takes (it restarted, or rotated its key): from
                // the first page again, a few times at most.
                if (e.isInvalidCursor() && !cursor.isEmpty() && *restarts < 3) {
                    ++*restarts;
                    acc->clear();
                    (*step)(QString());
                    return;
                }
                promise->setException(e);
                promise->finish();
            });
    };
    (*step)(QString());
    return promise->future();
}

QFuture<QList<Document>> RemoteEngine::listPaged(const QString &path, const ListQuery &query, bool snapshots, SnapshotView view)
{
    const int maxList = capabilities().maxListLimit;
    if (query.limit < 0) {
        return QtFuture::makeExceptionalFuture<QList<Document>>(
            EngineError(ErrorCode::IllegalArgument, u"limit must be greater than or equal to 0."_s));
    }
    if (maxList == 0 || (query.limit >= 1 && query.limit <= maxList)) {
        const auto body = queryBody(query);
        if (!body)
            return QtFuture::makeExceptionalFuture<QList<Document>>(EngineError::from(body.error()));
        Call c{"POST", path, {}, *body, true, kJson, {}, true};
        return send(c).then([](const Reply &r) { return parseDocuments(r.body); });
    }
    // Beyond the server's list limit: cursor pages on the document id, in id order (pages as
    // long as the list limit); other sorts and conditions naming DELETED need the server's own
    // cursor (Wow ≥ 9.0, pages of the page size).
    const bool byId = query.sort.empty()
        || (query.sort.size() == 1 && (query.sort.front().field == u"aggregateId"_s || query.sort.front().field == u"id"_s));
    const std::function<bool(const Condition &)> namesDeletedAnywhere = [&](const Condition &c) {
        return c.op == Operator::Deleted || std::any_of(c.children.begin(), c.children.end(), namesDeletedAnywhere);
    };
    if (m_caps.cursorPaging && (!byId || (snapshots && namesDeletedAnywhere(query.condition))))
        return listByServerCursor(query, snapshots, view);
    if (!byId) {
        return QtFuture::makeExceptionalFuture<QList<Document>>(
            EngineError(ErrorCode::IllegalArgument, u"Lists longer than %1 need to be sorted by the id (the server pages them with a cursor)."_s.arg(maxList)));
    }
    // Wow appends deleted=false unless DELETED is the root (or a direct AND child after its
    // tenant wrapping), so a cursor around a DELETED condition would change its meaning.
    const std::function<bool(const Condition &)> namesDeleted = [&](const Condition &c) {
        return c.op == Operator::Deleted || std::any_of(c.children.begin(), c.children.end(), namesDeleted);
    };
    if (snapshots && namesDeleted(query.condition)) {
        return QtFuture::makeExceptionalFuture<QList<Document>>(EngineError(
            ErrorCode::IllegalArgument,
            u"Lists of more than %1 snapshots that name DELETED cannot be paged through Wow's API; narrow the condition."_s.arg(maxList)));
    }
    const QString cursorField = snapshots ? u"aggregateId"_s : u"id"_s;
    const SortDirection dir = query.sort.empty() ? SortDirection::Asc : query.sort.front().direction;
    auto promise = std::make_shared<QPromise<QList<Document>>>();
    promise->start();
    auto acc = std::make_shared<QList<Document>>();
    auto step = std::make_shared<std::function<void(QString)>>();
    QPointer<RemoteEngine> self(this);
    *step = [=](const QString &last) {
        if (!self) {
            promise->setException(EngineError(u"Cancelled"_s, u"The connection was closed."_s, 499));
            promise->finish();
            return;
        }
        ListQuery page = query;
        page.sort = {Sort{cursorField, dir}};
        const int remaining = query.limit > 0 ? query.limit - int(acc->size()) : maxList;
        page.limit = std::min(maxList, remaining);
        if (!last.isEmpty()) {
            std::vector<Condition> parts = query.condition.op == Operator::And ? query.condition.children
                                                                              : std::vector<Condition>{query.condition};
            parts.push_back(Condition::leaf(cursorField, dir == SortDirection::Asc ? Operator::Gt : Operator::Lt, last));
            page.condition = Condition::and_(std::move(parts));
        }
        const auto body = self->queryBody(page);
        if (!body) {
            promise->setException(EngineError::from(body.error()));
            promise->finish();
            return;
        }
        Call c{"POST", path, {}, *body, true, kJson, {}, true};
        self->send(c)
            .then(self.data(),
                  [=](const Reply &r) {
                      const QList<Document> docs = parseDocuments(r.body);
                      *acc += docs;
                      const bool done = docs.size() < page.limit || (query.limit > 0 && acc->size() >= query.limit);
                      if (done || docs.isEmpty()) {
                          promise->addResult(*acc);
                          promise->finish();
                          return;
                      }
                      const QJsonObject lastDoc = docs.last().object();
                      const QString key = snapshots && view == SnapshotView::State ? u"id"_s : cursorField;
                      (*step)(lastDoc.value(key).toString());
                  })
            .onFailed([=](const EngineError &e) {
                promise->setException(e);
                promise->finish();
            });
    };
    (*step)(QString());
    return promise->future();
}

QFuture<QList<Document>> RemoteEngine::listSnapshots(const ListQuery &query, SnapshotView view)
{
    return listPaged(view == SnapshotView::State ? u"/execution_failed/snapshot/list/state"_s : u"/execution_failed/snapshot/list"_s,
                     query, true, view);
}

QFuture<PagedList<Document>> RemoteEngine::pagedSnapshots(const PagedQuery &query, SnapshotView view)
{
    const auto body = queryBody(query);
    if (!body)
        return QtFuture::makeExceptionalFuture<PagedList<Document>>(EngineError::from(body.error()));
    Call c{"POST", view == SnapshotView::State ? u"/execution_failed/snapshot/paged/state"_s : u"/execution_failed/snapshot/paged"_s,
           {}, *body, true, kJson, {}, true};
    return send(c).then([](const Reply &r) { return parsePaged(r.body); });
}

QFuture<Document> RemoteEngine::singleSnapshot(const SingleQuery &query, SnapshotView view)
{
    const auto body = queryBody(query);
    if (!body)
        return QtFuture::makeExceptionalFuture<Document>(EngineError::from(body.error()));
    Call c{"POST", view == SnapshotView::State ? u"/execution_failed/snapshot/single/state"_s : u"/execution_failed/snapshot/single"_s,
           {}, *body, true, kJson, {}, true};
    return send(c).then([](const Reply &r) { return Document{r.body}; });
}

QFuture<Document> RemoteEngine::getSnapshot(const QString &aggregateId)
{
    Call c{"GET", u"/execution_failed/"_s + pathSegment(aggregateId) + u"/snapshot"_s, {}, {}, false, kJson, {}, true};
    return send(c).then([](const Reply &r) { return Document{r.body}; });
}

QFuture<void> RemoteEngine::regenerateSnapshot(const QString &aggregateId)
{
    Call c{"PUT", u"/execution_failed/"_s + pathSegment(aggregateId) + u"/snapshot"_s, {}, QByteArray(""), false, kJson, {}, false};
    return send(c).then([](const Reply &) {});
}

QFuture<BatchResult> RemoteEngine::batchRegenerateSnapshots(const QString &afterId, int limit)
{
    Call c{"PUT", u"/execution_failed/snapshot/"_s + pathSegment(afterId) + u'/' + QString::number(limit), {}, QByteArray(""), false, kJson, {}, false};
    return send(c).then([](const Reply &r) { return parseJson<BatchResult>(r.body, u"BatchResult"_s); });
}

// ---- state ----------------------------------------------------------------------------------

QFuture<ExecutionFailedState> RemoteEngine::loadState(const QString &aggregateId)
{
    Call c{"GET", u"/execution_failed/"_s + pathSegment(aggregateId) + u"/state"_s, {}, {}, false, kJson, {}, true};
    return send(c).then([](const Reply &r) { return parseJson<ExecutionFailedState>(r.body, u"state"_s); });
}

QFuture<ExecutionFailedState> RemoteEngine::loadStateAtVersion(const QString &aggregateId, int version)
{
    Call c{"GET", u"/execution_failed/"_s + pathSegment(aggregateId) + u"/state/"_s + QString::number(version), {}, {}, false, kJson, {}, true};
    return send(c).then([](const Reply &r) { return parseJson<ExecutionFailedState>(r.body, u"state"_s); });
}

QFuture<ExecutionFailedState> RemoteEngine::loadStateAtTime(const QString &aggregateId, qint64 createTime)
{
    Call c{"GET", u"/execution_failed/"_s + pathSegment(aggregateId) + u"/state/time/"_s + QString::number(createTime), {}, {}, false, kJson, {}, true};
    return send(c).then([](const Reply &r) { return parseJson<ExecutionFailedState>(r.body, u"state"_s); });
}

QFuture<QList<StateEvent>> RemoteEngine::tracing(const QString &aggregateId, const TracingRange &range)
{
    Call c{"GET", u"/execution_failed/"_s + pathSegment(aggregateId) + u"/state/tracing"_s, {}, {}, false, kJson, {}, true};
    c.query.addQueryItem(u"headVersion"_s, QString::number(range.headVersion));
    if (range.tailVersion)
        c.query.addQueryItem(u"tailVersion"_s, QString::number(*range.tailVersion));
    if (range.limit)
        c.query.addQueryItem(u"limit"_s, QString::number(*range.limit));
    return send(c).then([](const Reply &r) {
        QList<StateEvent> out;
        for (const auto &d : parseDocuments(r.body))
            out.append(parseJson<StateEvent>(d.json, u"state event"_s));
        return out;
    });
}

// ---- event streams --------------------------------------------------------------------------

QFuture<QList<Document>> RemoteEngine::loadEventStreams(const QString &aggregateId, int headVersion, int tailVersion)
{
    if (tailVersion < headVersion) {
        return QtFuture::makeExceptionalFuture<QList<Document>>(
            EngineError(ErrorCode::IllegalArgument, u"tailVersion must be greater than or equal to headVersion."_s));
    }
    // The server takes at most 1000 versions a call: load in ranges of 1000.
    const int chunk = capabilities().maxListLimit > 0 ? capabilities().maxListLimit : std::max(1, tailVersion - headVersion + 1);
    auto promise = std::make_shared<QPromise<QList<Document>>>();
    promise->start();
    auto acc = std::make_shared<QList<Document>>();
    auto step = std::make_shared<std::function<void(qint64)>>();
    QPointer<RemoteEngine> self(this);
    *step = [=](qint64 head) {
        if (!self)
            return;
        const qint64 tail = std::min<qint64>(tailVersion, head + chunk - 1);
        Call c{"GET", u"/execution_failed/"_s + pathSegment(aggregateId) + u"/event/"_s + QString::number(head) + u'/' + QString::number(tail),
               {}, {}, false, kJson, {}, true};
        self->send(c)
            .then(self.data(),
                  [=](const Reply &r) {
                      const QList<Document> docs = parseDocuments(r.body);
                      *acc += docs;
                      if (tail >= tailVersion || docs.size() < tail - head + 1) {
                          promise->addResult(*acc);
                          promise->finish();
                          return;
                      }
                      (*step)(tail + 1);
                  })
            .onFailed([=](const EngineError &e) {
                promise->setException(e);
                promise->finish();
            });
    };
    (*step)(headVersion);
    return promise->future();
}

QFuture<QList<Document>> RemoteEngine::listEventStreams(const ListQuery &query)
{
    return listPaged(u"/execution_failed/event/list"_s, query, false, SnapshotView::Document);
}

QFuture<PagedList<Document>> RemoteEngine::pagedEventStreams(const PagedQuery &query)
{
    const auto body = queryBody(query);
    if (!body)
        return QtFuture::makeExceptionalFuture<PagedList<Document>>(EngineError::from(body.error()));
    Call c{"POST", u"/execution_failed/event/paged"_s, {}, *body, true, kJson, {}, true};
    return send(c).then([](const Reply &r) { return parsePaged(r.body); });
}

QFuture<qint64> RemoteEngine::countEventStreams(const Condition &condition)
{
    const auto body = countBody(condition);
    if (!body)
        return QtFuture::makeExceptionalFuture<qint64>(EngineError::from(body.error()));
    Call c{"POST", u"/execution_failed/event/count"_s, {}, *body, true, kJson, {}, true};
    return send(c).then([](const Reply &r) { return parseInteger(r.body); });
}

QFuture<int> RemoteEngine::compensate(const QString &aggregateId, int version, const CompensationTarget &target)
{
    Call c{"PUT", u"/execution_failed/"_s + pathSegment(aggregateId) + u'/' + QString::number(version) + u"/compensate"_s,
           {}, target.toJsonBytes(), true, kJson, {}, false};
    return send(c).then([](const Reply &r) { return int(parseInteger(r.body)); });
}

QFuture<BatchResult> RemoteEngine::resendStateEvents(const QString &afterId, int limit)
{
    Call c{"POST", u"/execution_failed/state/"_s + pathSegment(afterId) + u'/' + QString::number(limit), {}, QByteArray(""), false, kJson, {}, false};
    return send(c).then([](const Reply &r) { return parseJson<BatchResult>(r.body, u"BatchResult"_s); });
}

// ---- global ---------------------------------------------------------------------------------

namespace {

std::vector<AggregationRow> parseRows(const QByteArray &body)
{
    auto rows = aggregationRowsFromJsonBytes(body);
    if (!rows)
        throw EngineError(u"BadResponse"_s, u"The server's aggregation answer is not a JSON array of rows."_s, 502);
    return *rows;
}

CursorPage<Document> parseCursorPage(const QByteArray &body)
{
    const auto list = sliceMember(body, "list");
    const auto next = sliceMember(body, "nextCursor");
    if (!list)
        throw EngineError(u"BadResponse"_s, u"The server's cursor page has no list."_s, 502);
    CursorPage<Document> out;
    const QList<Document> docs = parseDocuments(*list);
    out.list.assign(docs.begin(), docs.end());
    if (next && next->trimmed() != "null") {
        const auto v = parseJsonBytes("[" + *next + "]");
        if (!v || !v->toArray().first().isString())
            throw EngineError(u"BadResponse"_s, u"The server's next cursor is not a string."_s, 502);
        out.nextCursor = v->toArray().first().toString();
    }
    return out;
}

} // namespace

QFuture<std::vector<AggregationRow>> RemoteEngine::aggregateSnapshots(const AggregationQuery &query)
{
    Call c{"POST", u"/execution_failed/snapshot/aggregation"_s, {}, query.toJsonBytes(), true, kJson, {}, true};
    return send(c).then([](const Reply &r) { return parseRows(r.body); });
}

QFuture<std::vector<AggregationRow>> RemoteEngine::aggregateEventStreams(const AggregationQuery &query)
{
    Call c{"POST", u"/execution_failed/event/aggregation"_s, {}, query.toJsonBytes(), true, kJson, {}, true};
    return send(c).then([](const Reply &r) { return parseRows(r.body); });
}

QFuture<CursorPage<Document>> RemoteEngine::cursorSnapshots(const CursorQuery &query, SnapshotView view)
{
    Call c{"POST", view == SnapshotView::State ? u"/execution_failed/snapshot/cursor/state"_s : u"/execution_failed/snapshot/cursor"_s,
           {}, query.toJsonBytes(), true, kJson, {}, true};
    return send(c).then([](const Reply &r) { return parseCursorPage(r.body); });
}

QFuture<CursorPage<Document>> RemoteEngine::cursorEventStreams(const CursorQuery &query)
{
    Call c{"POST", u"/execution_failed/event/cursor"_s, {}, query.toJsonBytes(), true, kJson, {}, true};
    return send(c).then([](const Reply &r) { return parseCursorPage(r.body); });
}

QFuture<QueryModelDescriptor> RemoteEngine::describeQueryModel(QueryModel model)
{
    Call c{"GET", model == QueryModel::Snapshot ? u"/execution_failed/snapshot/schema"_s : u"/execution_failed/event/schema"_s,
           {}, {}, false, kJson, {}, true};
    return send(c).then([](const Reply &r) {
        QueryModelDescriptor d;
        d.json = r.body;
        const auto v = parseJsonBytes(r.body);
        d.version = v ? v->toObject().value("version"_L1).toString() : QString();
        if (d.version.isEmpty())
            throw EngineError(u"BadResponse"_s, u"The server's query-model descriptor has no version."_s, 502);
        return d;
    });
}

QFuture<WowMetadata> RemoteEngine::metadata()
{
    Call c{"GET", u"/wow/metadata"_s, {}, {}, false, kJson, {}, true};
    return send(c).then([](const Reply &r) { return parseJson<WowMetadata>(r.body, u"metadata"_s); });
}

QFuture<QString> RemoteEngine::generateGlobalId()
{
    Call c{"GET", u"/wow/id/global"_s, {}, {}, false, "text/plain", {}, false};
    return send(c).then([](const Reply &r) { return QString::fromUtf8(r.body.trimmed()); });
}

QFuture<BiScriptResponse> RemoteEngine::generateBiScript(const BiScriptRequest &request)
{
    Call c{"POST", u"/wow/bi/script"_s, {}, request.toJsonBytes(), true, kJson, {}, true};
    return send(c).then([](const Reply &r) { return parseJson<BiScriptResponse>(r.body, u"BI script"_s); });
}

RemoteEngineOptions remoteOptions(const ConnectionProfile &p, const QString &secret)
{
    RemoteEngineOptions o;
    o.baseUrl = p.url;
    o.pathPrefix = p.pathPrefix;
    if (p.auth == ConnectionProfile::Auth::Bearer)
        o.bearerToken = secret;
    if (p.auth == ConnectionProfile::Auth::Header) {
        o.authHeaderName = p.authHeaderName;
        o.authHeaderValue = secret.toUtf8();
    }
    o.extraHeaders = p.extraHeaders;
    o.caFile = p.caFile;
    o.timeoutMs = p.timeoutMs;
    o.defaultWaitStage = p.waitStage;
    return o;
}

} // namespace wci
