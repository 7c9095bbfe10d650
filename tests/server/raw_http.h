#pragma once

// A raw HTTP/1.1 client for wire tests: sends exact bytes to 127.0.0.1 and reads one
// response (Content-Length or chunked), spinning the event loop so an in-process server
// can answer. Every call is bounded in time.

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

#include <memory>

namespace wci::test {

struct RawResponse {
    int status = 0; // 0: no (complete) answer
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool closed = false; // the server closed the connection after answering

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return QByteArray();
    }
    bool hasHeader(QByteArrayView name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray jsonArray() const { return QJsonDocument::fromJson(body).array(); }
};

class RawHttp {
public:
    explicit RawHttp(quint16 port) : m_port(port) {}

    // Parses one response out of `buffer`; false while incomplete.
    static bool parse(QByteArray &buffer, RawResponse &r)
    {
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return false;
        const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
        RawResponse out;
        const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
        out.status = statusLine.value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                out.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
        }
        QByteArray rest = buffer.mid(headEnd + 4);
        if (out.header("Transfer-Encoding").toLower() == "chunked") {
            QByteArray body;
            qsizetype pos = 0;
            for (;;) {
                const qsizetype lineEnd = rest.indexOf("\r\n", pos);
                if (lineEnd < 0)
                    return false;
                bool ok = false;
                const qsizetype size = rest.mid(pos, lineEnd - pos).trimmed().toLongLong(&ok, 16);
                if (!ok)
                    return false;
                if (rest.size() < lineEnd + 2 + size + 2)
                    return false;
                if (size == 0) {
                    pos = lineEnd + 4;
                    break;
                }
                body += rest.mid(lineEnd + 2, size);
                pos = lineEnd + 2 + size + 2;
            }
            out.body = body;
            buffer = rest.mid(pos);
        } else {
            const qsizetype length = out.header("Content-Length").toLongLong();
            if (rest.size() < length)
                return false;
            out.body = rest.left(length);
            buffer = rest.mid(length);
        }
        r = out;
        return true;
    }

    // One request on a fresh connection; with `waitForClose`, also notes whether the server
    // closed the connection after answering. The server under test runs on this thread, so the
    // read loop spins the event loop itself (no sleeping between reads: the fuzz test sends
    // thousands of requests); the deadline bounds every wait.
    RawResponse send(const QByteArray &bytes, int timeoutMs = 10000, bool waitForClose = false)
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        QDeadlineTimer deadline(timeoutMs);
        while (socket.state() != QAbstractSocket::ConnectedState && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        socket.write(bytes);
        QByteArray buffer;
        RawResponse r;
        while (!deadline.hasExpired()) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            buffer += socket.readAll();
            if (parse(buffer, r))
                break;
            if (socket.state() == QAbstractSocket::UnconnectedState) {
                buffer += socket.readAll();
                parse(buffer, r);
                break;
            }
        }
        // Did the server close after answering?
        QDeadlineTimer closing(waitForClose ? 500 : 0);
        while (!closing.hasExpired() && socket.state() == QAbstractSocket::ConnectedState)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        r.closed = socket.state() != QAbstractSocket::ConnectedState;
        return r;
    }

    RawResponse request(const QByteArray &method, const QByteArray &path, const QByteArray &body = {},
                        QList<QPair<QByteArray, QByteArray>> headers = {}, bool jsonContentType = true)
    {
        QByteArray req = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        bool hasAccept = false;
        for (const auto &h : headers) {
            req += h.first + ": " + h.second + "\r\n";
            hasAccept = hasAccept || h.first.compare("accept", Qt::CaseInsensitive) == 0;
        }
        if (!body.isEmpty() && jsonContentType)
            req += "Content-Type: application/json\r\n";
        req += "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
        Q_UNUSED(hasAccept);
        return send(req);
    }

private:
    quint16 m_port;
};

} // namespace wci::test
