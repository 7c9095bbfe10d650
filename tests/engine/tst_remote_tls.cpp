// TLS: a server with a certificate from a private CA is refused until that CA is given to the
// profile (certificate errors are never ignored), then answers. Certificates are made with the
// openssl command for each run, for 127.0.0.1.

#include "engine_harness.h"
#include "remote/remote_engine.h"

#include <QFile>
#include <QProcess>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

#include "test_printers.h"

using namespace wci;
using namespace wci::test;
using namespace Qt::StringLiterals;

namespace {

bool openssl(const QString &dir, const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(u"openssl"_s, args);
    return p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

} // namespace

class TestRemoteTls : public QObject {
    Q_OBJECT

    QTemporaryDir dir;

private slots:
    void initTestCase()
    {
        const QString d = dir.path();
        QFile ext(dir.filePath(u"ext.cnf"_s));
        QVERIFY(ext.open(QIODevice::WriteOnly));
        ext.write("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n");
        ext.close();
        QVERIFY(openssl(d, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, u"ca.key"_s, u"-out"_s,
                            u"ca.pem"_s, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=Test CA"_s}));
        QVERIFY(openssl(d, {u"req"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, u"server.key"_s, u"-out"_s,
                            u"server.csr"_s, u"-subj"_s, u"/CN=127.0.0.1"_s}));
        QVERIFY(openssl(d, {u"x509"_s, u"-req"_s, u"-in"_s, u"server.csr"_s, u"-CA"_s, u"ca.pem"_s, u"-CAkey"_s, u"ca.key"_s,
                            u"-CAcreateserial"_s, u"-out"_s, u"server.pem"_s, u"-days"_s, u"2"_s, u"-extfile"_s, u"ext.cnf"_s}));
    }

    void privateCaIsRequiredAndEnough()
    {
        if (!QSslSocket::supportsSsl())
            QFAIL("this Qt has no TLS backend");
        QFile certFile(dir.filePath(u"server.pem"_s)), keyFile(dir.filePath(u"server.key"_s));
        QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(QSslCertificate(certFile.readAll()));
        tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa));
        QSslServer server;
        server.setSslConfiguration(tls);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QObject::connect(&server, &QTcpServer::pendingConnectionAvailable, &server, [&server] {
            while (QTcpSocket *s = server.nextPendingConnection()) {
                QObject::connect(s, &QTcpSocket::readyRead, s, [s] {
                    if (!s->readAll().contains("\r\n\r\n"))
                        return;
                    const QByteArray body = "{\"contexts\":{}}";
                    s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                             + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
                    s->disconnectFromHost();
                });
            }
        });
        RemoteEngineOptions o;
        o.baseUrl = QUrl(u"https://127.0.0.1:%1"_s.arg(server.serverPort()));
        o.timeoutMs = 5000;
        o.readRetries = 0;
        {
            RemoteEngine untrusted(o);
            const EngineError e = err(untrusted.metadata());
            QCOMPARE(e.errorCode, u"TlsError"_s);
        }
        o.caFile = dir.filePath(u"ca.pem"_s);
        RemoteEngine trusted(o);
        QVERIFY(ok(trusted.metadata()).contexts.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRemoteTls)
#include "tst_remote_tls.moc"
