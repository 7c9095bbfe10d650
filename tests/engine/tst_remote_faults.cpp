// The remote engine against a misbehaving local server: stalls, dropped connections, 5xx,
// 401, HTML, truncated JSON, a huge body, nothing listening. Every case ends in the right
// EngineError within its timeout; reads are retried a bounded number of times, commands never.

#include "engine_harness.h"
#include "remote/remote_engine.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QTest>

#include "test_printers.h"

using namespace wci;
using namespace wci::test;
using namespace Qt::StringLiterals;

namespace {

// Answers every request the same scripted way and counts them.
class FaultyServer : public QObject {
public:
    enum class Mode { Stall, DropMidBody, Status500Json, Status502Html, Status401, Html200, TruncatedJson, Huge };

    explicit FaultyServer(Mode mode) : m_mode(mode)
    {
        QObject::connect(&m_tcp, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_tcp.nextPendingConnection()) {
                s->setParent(this);
                auto buffer = std::make_shared<QByteArray>();
                QObject::connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] {
                    buffer->append(s->readAll());
                    const qsizetype end = buffer->indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    const QByteArray head = buffer->left(end);
                    qsizetype length = 0;
                    for (const QByteArray &line : head.split('\n')) {
                        if (line.toLower().startsWith("content-length:"))
                            length = line.mid(15).trimmed().toLongLong();
                    }
                    if (buffer->size() < end + 4 + length)
                        return;
                    requests.append(head.split('\n').first().trimmed());
                    buffer->clear();
                    answer(s);
                });
            }
        });
        m_tcp.listen(QHostAddress::LocalHost, 0);
    }

    quint16 port() const { return m_tcp.serverPort(); }
    QList<QByteArray> requests;

private:
    static void send(QTcpSocket *s, const QByteArray &status, const QByteArray &type, const QByteArray &body)
    {
        s->write("HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " + QByteArray::number(body.size())
                 + "\r\nConnection: close\r\n\r\n" + body);
        s->disconnectFromHost();
    }

    void answer(QTcpSocket *s)
    {
        switch (m_mode) {
        case Mode::Stall:
            return; // never answers
        case Mode::DropMidBody:
            s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"id\":\"x\",");
            s->flush();
            s->abort();
            return;
        case Mode::Status500Json:
            return send(s, "500 Internal Server Error", "application/json",
                        "{\"errorCode\":\"InternalServerError\",\"errorMsg\":\"Unexpected server error\",\"succeeded\":false}");
        case Mode::Status502Html:
            return send(s, "502 Bad Gateway", "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>");
        case Mode::Status401:
            return send(s, "401 Unauthorized", "text/plain", QByteArray());
        case Mode::Html200:
            return send(s, "200 OK", "text/html", "<html>login page</html>");
        case Mode::TruncatedJson:
            return send(s, "200 OK", "application/json", "{\"id\":\"x\",\"eventId\":{\"id\":");
        case Mode::Huge: {
            s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n[");
            auto *timer = new QTimer(s);
            QObject::connect(timer, &QTimer::timeout, s, [s] {
                if (s->state() == QAbstractSocket::ConnectedState && s->bytesToWrite() < 4 * 1024 * 1024)
                    s->write(QByteArray(256 * 1024, ' '));
            });
            timer->start(1);
            return;
        }
        }
    }

    Mode m_mode;
    QTcpServer m_tcp;
};

RemoteEngineOptions optionsFor(quint16 port)
{
    RemoteEngineOptions o;
    o.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
    o.timeoutMs = 800;
    o.readRetries = 1;
    o.retryBackoffMs = 50;
    o.maxResponseBytes = 1024 * 1024;
    return o;
}

struct Timed {
    EngineError error;
    qint64 ms;
};

template <typename T>
Timed failure(QFuture<T> f)
{
    QElapsedTimer t;
    t.start();
    auto o = outcome(std::move(f));
    if (!std::holds_alternative<EngineError>(o))
        qFatal("the call succeeded against a faulty server");
    return {std::get<EngineError>(o), t.elapsed()};
}

} // namespace

class TestRemoteFaults : public QObject {
    Q_OBJECT

private slots:
    void faults_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("readCode");
        QTest::addColumn<int>("readRequests");  // a read is retried once
        QTest::addColumn<QString>("commandCode");
        QTest::addColumn<int>("maxMs");
        using M = FaultyServer::Mode;
        QTest::newRow("stall") << int(M::Stall) << ErrorCode::RequestTimeout << 2 << ErrorCode::RequestTimeout << 4000;
        QTest::newRow("drop mid-body") << int(M::DropMidBody) << u"ConnectionClosed"_s << 2 << u"ConnectionClosed"_s << 3000;
        QTest::newRow("500 with Wow's body") << int(M::Status500Json) << ErrorCode::InternalServerError << 1 << ErrorCode::InternalServerError << 2000;
        QTest::newRow("502 HTML") << int(M::Status502Html) << u"ServerError"_s << 2 << u"ServerError"_s << 3000;
        QTest::newRow("401") << int(M::Status401) << u"Unauthorized"_s << 1 << u"Unauthorized"_s << 2000;
        QTest::newRow("HTML 200") << int(M::Html200) << u"BadResponse"_s << 1 << u"BadResponse"_s << 2000;
        QTest::newRow("truncated JSON") << int(M::TruncatedJson) << u"BadResponse"_s << 1 << u"BadResponse"_s << 2000;
        QTest::newRow("100 MB body") << int(M::Huge) << u"ResponseTooLarge"_s << 1 << u"ResponseTooLarge"_s << 5000;
    }

    void faults()
    {
        QFETCH(int, mode);
        QFETCH(QString, readCode);
        QFETCH(int, readRequests);
        QFETCH(QString, commandCode);
        QFETCH(int, maxMs);
        FaultyServer server(static_cast<FaultyServer::Mode>(mode));
        RemoteEngine engine(optionsFor(server.port()));

        Timed read = failure(engine.loadState(u"a1"_s));
        QCOMPARE(read.error.errorCode, readCode);
        QVERIFY2(read.ms < maxMs, qPrintable(QString::number(read.ms)));
        QVERIFY(!read.error.errorMsg.isEmpty());
        QCOMPARE(server.requests.size(), readRequests);

        server.requests.clear();
        Timed command = failure(engine.execute(Command{u"a1"_s, {}, PrepareCompensation{}}, CommandOptions{}));
        QCOMPARE(command.error.errorCode, commandCode);
        QVERIFY2(command.ms < maxMs, qPrintable(QString::number(command.ms)));
        QTest::qWait(150); // would a retry arrive late?
        QCOMPARE(server.requests.size(), 1); // commands are never retried
        QVERIFY(server.requests.first().startsWith("PUT /execution_failed/a1/prepare_compensation"));
    }

    void nothingListening()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        RemoteEngine engine(optionsFor(port));
        const Timed t = failure(engine.metadata());
        QCOMPARE(t.error.errorCode, u"ConnectionRefused"_s);
        QVERIFY(t.error.errorMsg.contains(u"127.0.0.1"_s));
        QVERIFY(t.ms < 2000);
    }

    void requestsCarryTheProfile()
    {
        FaultyServer server(FaultyServer::Mode::Status401);
        RemoteEngineOptions o = optionsFor(server.port());
        o.pathPrefix = u"/compensation"_s;
        RemoteEngine engine(o);
        failure(engine.countSnapshots(Condition::all()));
        QCOMPARE(server.requests.first(), QByteArray("POST /compensation/execution_failed/snapshot/count HTTP/1.1"));
        QVERIFY(RemoteEngine::userAgent().startsWith("wow-inspector/"));
        QCOMPARE(engine.defaultCommandOptions().waitStage, CommandStage::Snapshot);
    }
};

QTEST_GUILESS_MAIN(TestRemoteFaults)
#include "tst_remote_faults.moc"
