#pragma once

// Wow's REST API for the compensation service's execution_failed aggregate (docs/wire-protocol.md
// §1–§7, §10) over any Engine: routes with Accept matching, the Command-* headers, JSON and
// text/event-stream answers, Wow-Error-Code, CommandResult or ErrorInfo error bodies with
// Wow's status mapping, the HTTP query guard, bearer-token auth and an optional static web
// root (Wow's dashboard) with single-page-app fallback.

#include "engine.h"
#include "http_server.h"
#include "query_guard.h"

#include <QObject>
#include <QPointer>

namespace wci {

// Which Wow the server answers as. V8_10: Wow 8.10.10's API exactly (bodies with `condition`
// only, 8.10's operators, list limit 1..1000). Current: Wow 9.x's superset (docs/wire-protocol.md
// §8.5): query bodies with `filter` or `condition`, count bodies as a bare filter, 9.x operators,
// a missing list limit meaning 100. `serve` answers as Current unless told --wow-version 8.10.
enum class WowGeneration { V8_10, Current };

struct WowApiServerConfig {
    WowGeneration generation = WowGeneration::V8_10;
    http::ServerConfig http;
    QueryGuardConfig guard;
    QString token;          // non-empty: "Authorization: Bearer <token>" required
    QString webRoot;        // non-empty: serve static files from here
    bool alsoUnderContextAlias = true; // routes also answer under /compensation
};

class WowApiServer : public QObject {
    Q_OBJECT
public:
    WowApiServer(Engine *engine, WowApiServerConfig config, QObject *parent = nullptr);
    ~WowApiServer() override;

    bool listen(const QHostAddress &address, quint16 port);
    quint16 port() const;
    QString errorString() const;
    void close();
    // Drops every open connection at once (as a crashed server or a cut network would).
    void abortConnections();
    int connectionCount() const;

    struct Route;

private:
    void handle(const http::Request &request, http::Responder *responder);
    QByteArray openApiDocument() const;
    bool serveStatic(const http::Request &request, http::Responder *responder);

    QPointer<Engine> m_engine;
    WowApiServerConfig m_config;
    http::Server m_http;
    std::vector<std::unique_ptr<Route>> m_routes;
};

} // namespace wci
