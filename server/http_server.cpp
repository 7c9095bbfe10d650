#include "http_server.h"
#include <QTimeZone>
#include <QLocale>
#include <QDateTime>

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <http_parser.h>

namespace wci::http {

QByteArray Request::header(QByteArrayView lowerName) const
{
    for (const auto &h : headers) {
        if (h.first == lowerName)
            return h.second;
    }
    return QByteArray();
}

QByteArray Request::queryValue(QByteArrayView name, bool *present) const
{
    if (present)
        *present = false;
    for (const QByteArray &pair : query.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        const QByteArray key = QByteArray::fromPercentEncoding(eq < 0 ? pair : pair.left(eq));
        if (key == name) {
            if (present)
                *present = true;
            QByteArray v = eq < 0 ? QByteArray("") : pair.mid(eq + 1);
            v.replace('+', ' ');
            return QByteArray::fromPercentEncoding(v);
        }
    }
    return QByteArray();
}

QByteArray Server::reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

// One TCP connection: parses requests one at a time, hands each to the handler, writes the
// answer, then parses the next (pipelined requests wait in the buffer).
class Connection : public QObject {
public:
    Connection(Server *server, QTcpSocket *socket)
        : QObject(server), m_server(server), m_socket(socket)
    {
        socket->setParent(this);
        http_parser_init(&m_parser, HTTP_REQUEST);
        m_parser.data = this;
        http_parser_settings_init(&m_settings);
        m_settings.on_message_begin = [](http_parser *p) { return self(p)->onMessageBegin(); };
        m_settings.on_url = [](http_parser *p, const char *at, size_t n) { return self(p)->onUrl(at, n); };
        m_settings.on_header_field = [](http_parser *p, const char *at, size_t n) { return self(p)->onField(at, n); };
        m_settings.on_header_value = [](http_parser *p, const char *at, size_t n) { return self(p)->onValue(at, n); };
        m_settings.on_headers_complete = [](http_parser *p) { return self(p)->onHeadersComplete(); };
        m_settings.on_body = [](http_parser *p, const char *at, size_t n) { return self(p)->onBody(at, n); };
        m_settings.on_message_complete = [](http_parser *p) { return self(p)->onMessageComplete(); };
        m_idle.setSingleShot(true);
        m_idle.setInterval(server->config().idleTimeoutMs);
        connect(&m_idle, &QTimer::timeout, this, [this] { abort(); });
        connect(socket, &QTcpSocket::readyRead, this, &Connection::readSome);
        connect(socket, &QTcpSocket::disconnected, this, [this] { deleteLater(); });
        connect(socket, &QTcpSocket::errorOccurred, this, [this] {
            if (m_socket->state() != QAbstractSocket::ConnectedState)
                deleteLater();
        });
        connect(socket, &QTcpSocket::bytesWritten, this, [this] {
            if (m_closeWhenWritten && m_socket->bytesToWrite() == 0)
                m_socket->disconnectFromHost();
        });
        m_idle.start();
        ++m_server->m_connections;
    }

    ~Connection() override { --m_server->m_connections; }

    // "Date: <IMF-fixdate>\r\n" on the server's clock (RFC 9110 §6.6.1).
    QByteArray dateLine() const
    {
        const auto &clock = m_server->config().clock;
        const qint64 ms = clock ? clock() : QDateTime::currentMSecsSinceEpoch();
        return "Date: "
            + QLocale::c().toString(QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1()
            + "\r\n";
    }

    void write(const QByteArray &bytes)
    {
        if (m_socket->state() == QAbstractSocket::ConnectedState)
            m_socket->write(bytes);
    }

    // The current response is complete: go on with the next request, or close.
    void finished(bool keepAlive)
    {
        m_responder = nullptr;
        if (!keepAlive || !m_keepAlive) {
            closeAfterWrite();
            return;
        }
        m_idle.start();
        if (!m_buffer.isEmpty())
            QTimer::singleShot(0, this, &Connection::parseBuffered);
    }

    bool wantsKeepAlive() const { return m_keepAlive; }

private:
    static Connection *self(http_parser *p) { return static_cast<Connection *>(p->data); }

    void abort()
    {
        m_socket->abort();
        deleteLater();
    }

    void closeAfterWrite()
    {
        m_closeWhenWritten = true;
        m_buffer.clear();
        if (m_socket->bytesToWrite() == 0)
            m_socket->disconnectFromHost();
    }

    void readSome()
    {
        if (m_closeWhenWritten) {
            m_socket->readAll(); // discard: the connection is ending
            return;
        }
        m_buffer.append(m_socket->readAll());
        parseBuffered();
    }

    void parseBuffered()
    {
        while (!m_buffer.isEmpty() && !m_responder && !m_closeWhenWritten) {
            const size_t used = http_parser_execute(&m_parser, &m_settings, m_buffer.constData(), size_t(m_buffer.size()));
            const auto err = HTTP_PARSER_ERRNO(&m_parser);
            if (err == HPE_PAUSED) {
                m_buffer.remove(0, qsizetype(used));
                http_parser_pause(&m_parser, 0);
                dispatch();
                return;
            }
            if (m_rejected)
                return;
            if (err != HPE_OK) {
                reject(400, QByteArray("Malformed HTTP request: ") + http_errno_description(err));
                return;
            }
            m_buffer.remove(0, qsizetype(used));
            if (m_headerBytes > m_server->config().maxHeaderBytes) {
                reject(431, "Request headers are too large.");
                return;
            }
        }
    }

    int onMessageBegin()
    {
        m_request = Request{};
        m_request.peer = m_socket->peerAddress();
        m_url.clear();
        m_field.clear();
        m_lastWasValue = false;
        m_headerBytes = 0;
        return 0;
    }

    int onUrl(const char *at, size_t n)
    {
        m_url.append(at, qsizetype(n));
        m_headerBytes += qint64(n);
        return m_headerBytes > m_server->config().maxHeaderBytes ? 1 : 0;
    }

    int onField(const char *at, size_t n)
    {
        if (m_lastWasValue) {
            m_field.clear();
            m_lastWasValue = false;
        }
        m_field.append(at, qsizetype(n));
        m_headerBytes += qint64(n);
        return m_headerBytes > m_server->config().maxHeaderBytes ? 1 : 0;
    }

    int onValue(const char *at, size_t n)
    {
        if (!m_lastWasValue) {
            m_request.headers.append({m_field.toLower(), QByteArray()});
            m_lastWasValue = true;
        }
        m_request.headers.last().second.append(at, qsizetype(n));
        m_headerBytes += qint64(n);
        return m_headerBytes > m_server->config().maxHeaderBytes || m_request.headers.size() > 200 ? 1 : 0;
    }

    int onHeadersComplete()
    {
        m_request.method = http_method_str(static_cast<http_method>(m_parser.method));
        m_request.target = m_url;
        const qsizetype q = m_url.indexOf('?');
        m_request.path = QByteArray::fromPercentEncoding(q < 0 ? m_url : m_url.left(q));
        m_request.query = q < 0 ? QByteArray() : m_url.mid(q + 1);
        m_keepAlive = http_should_keep_alive(&m_parser) != 0;
        const qint64 limit = m_server->config().maxBodyBytes;
        if ((m_parser.flags & F_CONTENTLENGTH) && qint64(m_parser.content_length) > limit) {
            reject(413, "Request body is larger than " + QByteArray::number(limit) + " bytes.");
            return 2; // stop: the rest of the body is never read
        }
        return 0;
    }

    int onBody(const char *at, size_t n)
    {
        if (m_request.body.size() + qint64(n) > m_server->config().maxBodyBytes) {
            reject(413, "Request body is larger than " + QByteArray::number(m_server->config().maxBodyBytes) + " bytes.");
            return 1;
        }
        m_request.body.append(at, qsizetype(n));
        return 0;
    }

    int onMessageComplete()
    {
        m_idle.stop();
        http_parser_pause(&m_parser, 1); // one request at a time
        return 0;
    }

    void dispatch()
    {
        m_responder = new Responder(this);
        Responder *r = m_responder;
        if (m_server->m_handler)
            m_server->m_handler(m_request, r);
        else
            r->respond(404, {}, QByteArray());
    }

    // Answers a request that cannot be read and closes the connection.
    void reject(int status, const QByteArray &message)
    {
        if (m_rejected)
            return;
        m_rejected = true;
        const QByteArray code = status == 413 ? "PayloadTooLarge" : "IllegalArgument";
        QByteArray body = "{\"errorCode\":\"" + code + "\",\"errorMsg\":\"";
        for (char c : message)
            body.append(c == '"' || c == '\\' ? QByteArray("\\") + c : QByteArray(1, c));
        body += "\",\"succeeded\":false}";
        QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + Server::reasonPhrase(status) + "\r\n";
        head += dateLine();
        head += "Content-Type: application/json\r\nWow-Error-Code: " + code + "\r\nConnection: close\r\n";
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
        write(head + body);
        closeAfterWrite();
    }

    Server *m_server;
    QTcpSocket *m_socket;
    http_parser m_parser{};
    http_parser_settings m_settings{};
    QTimer m_idle;
    QByteArray m_buffer;
    Request m_request;
    QByteArray m_url, m_field;
    bool m_lastWasValue = false;
    qint64 m_headerBytes = 0;
    bool m_keepAlive = true;
    bool m_rejected = false;
    bool m_closeWhenWritten = false;
    QPointer<Responder> m_responder;
};

Responder::Responder(Connection *c) : QObject(c), m_connection(c) {}

static QByteArray statusLine(int status)
{
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + Server::reasonPhrase(status) + "\r\n";
}

void Responder::respond(int status, const Headers &headers, const QByteArray &body)
{
    if (!isOpen() || m_streaming)
        return;
    m_done = true;
    Connection *c = m_connection;
    QByteArray head = statusLine(status) + c->dateLine();
    for (const auto &h : headers)
        head += h.first + ": " + h.second + "\r\n";
    head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    head += c->wantsKeepAlive() ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    c->write(head + body);
    c->finished(true);
    deleteLater();
}

void Responder::beginStream(int status, const Headers &headers)
{
    if (!isOpen() || m_streaming)
        return;
    m_streaming = true;
    QByteArray head = statusLine(status) + m_connection->dateLine();
    for (const auto &h : headers)
        head += h.first + ": " + h.second + "\r\n";
    head += "Transfer-Encoding: chunked\r\nCache-Control: no-cache\r\n";
    head += m_connection->wantsKeepAlive() ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    m_connection->write(head);
}

void Responder::writeChunk(const QByteArray &data)
{
    if (!isOpen() || !m_streaming || data.isEmpty())
        return;
    m_connection->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
}

void Responder::endStream()
{
    if (!isOpen() || !m_streaming)
        return;
    m_done = true;
    m_connection->write("0\r\n\r\n");
    m_connection->finished(true);
    deleteLater();
}

Server::Server(ServerConfig config, QObject *parent) : QObject(parent), m_config(config), m_tcp(new QTcpServer(this))
{
    m_tcp->setMaxPendingConnections(m_config.maxConnections);
    connect(m_tcp, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *s = m_tcp->nextPendingConnection()) {
            if (connectionCount() >= m_config.maxConnections) {
                s->abort();
                s->deleteLater();
                continue;
            }
            new Connection(this, s);
        }
    });
}

Server::~Server() = default;

bool Server::listen(const QHostAddress &address, quint16 port)
{
    return m_tcp->listen(address, port);
}

quint16 Server::port() const
{
    return m_tcp->serverPort();
}

QHostAddress Server::address() const
{
    return m_tcp->serverAddress();
}

QString Server::errorString() const
{
    return m_tcp->errorString();
}

void Server::close()
{
    m_tcp->close();
}

void Server::abortConnections()
{
    for (auto *socket : findChildren<QTcpSocket *>())
        socket->abort();
}

int Server::connectionCount() const
{
    return m_connections;
}

} // namespace wci::http
