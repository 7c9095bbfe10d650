#pragma once

// A small HTTP/1.1 server on QTcpServer with Node's http-parser (Debian libhttp-parser).
// Written instead of using QtHttpServer 6.4 because that version buffers every request body
// whole before a handler sees it; here a body over the limit is answered with 413 as soon as
// its headers arrive (or as soon as a chunked body passes the limit) and the connection is
// closed without reading the rest. Slow or half-open clients are dropped after an idle
// timeout and never block others: everything is event driven on one thread.

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>

#include <functional>
#include <memory>

class QTcpServer;
class QTcpSocket;

namespace wci::http {

using Headers = QList<QPair<QByteArray, QByteArray>>;

struct Request {
    QByteArray method;
    QByteArray target; // as sent: path?query
    QByteArray path;   // percent-decoded path
    QByteArray query;  // raw query string
    Headers headers;   // names in lower case
    QByteArray body;
    QHostAddress peer;
    // Value of a header (case-insensitive name), or a null QByteArray.
    QByteArray header(QByteArrayView lowerName) const;
    bool hasHeader(QByteArrayView lowerName) const { return !header(lowerName).isNull(); }
    QByteArray queryValue(QByteArrayView name, bool *present = nullptr) const;
};

class Connection;

// Answers one request, now or later (after an engine call). It is owned by the connection:
// keep it in a QPointer across asynchronous work, since it disappears with the client.
// Either respond() once, or beginStream() / writeChunk() / endStream().
class Responder : public QObject {
    Q_OBJECT
public:
    bool isOpen() const { return !m_connection.isNull() && !m_done; }
    void respond(int status, const Headers &headers, const QByteArray &body);
    void beginStream(int status, const Headers &headers);
    void writeChunk(const QByteArray &data);
    void endStream();

private:
    friend class Connection;
    explicit Responder(Connection *c);
    QPointer<Connection> m_connection;
    bool m_streaming = false;
    bool m_done = false;
};

struct ServerConfig {
    qint64 maxBodyBytes = 8 * 1024 * 1024;
    int maxHeaderBytes = 64 * 1024;
    int idleTimeoutMs = 30000; // no complete request for this long: the connection is dropped
    int maxConnections = 512;
    // The server's clock for the Date header (epoch ms); empty: the system clock.
    std::function<qint64()> clock;
};

using Handler = std::function<void(const Request &, Responder *)>;

class Server : public QObject {
    Q_OBJECT
public:
    explicit Server(ServerConfig config = {}, QObject *parent = nullptr);
    ~Server() override;

    bool listen(const QHostAddress &address, quint16 port);
    quint16 port() const;
    QHostAddress address() const;
    QString errorString() const;
    void close();
    // Drops every open connection at once (as a crashed server or a cut network would).
    void abortConnections();
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    const ServerConfig &config() const { return m_config; }
    int connectionCount() const;

    static QByteArray reasonPhrase(int status);

private:
    friend class Connection;
    ServerConfig m_config;
    Handler m_handler;
    QTcpServer *m_tcp = nullptr;
    int m_connections = 0;
};

} // namespace wci::http
