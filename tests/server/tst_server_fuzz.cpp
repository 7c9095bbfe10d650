// Throws a few thousand malformed requests at a running server (broken JSON, wrong types,
// huge numbers, deep nesting, invalid UTF-8, wrong methods, truncated bodies, garbage), then
// checks that it still answers and that the database is unchanged.

#include "builtin/builtin_engine.h"
#include "builtin/demo_seeder.h"
#include "raw_http.h"
#include "builtin/sqlite_db.h"
#include "test_fixtures.h"
#include "wow_api_server.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QTest>

#include <random>

using namespace wci;
using namespace wci::test;
using namespace Qt::StringLiterals;

namespace {

QByteArray databaseHash(const QString &path)
{
    sqlite::Connection c(path, false);
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const char *sql : {"SELECT doc FROM event_stream ORDER BY seq", "SELECT doc FROM snapshot_doc ORDER BY aggregate_id",
                            "SELECT seq FROM delivery ORDER BY seq"}) {
        auto &st = c.prepare(QString::fromLatin1(sql));
        while (st.step())
            h.addData(st.bytes(0));
    }
    return h.result().toHex();
}

struct Template {
    QByteArray method;
    QByteArray path;
    QByteArray body;
};

} // namespace

class TestServerFuzz : public QObject {
    Q_OBJECT

private slots:
    void malformedRequestsChangeNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"fuzz.db"_s);
        QVERIFY(testing::seedDatabase(path, 150, 5).ok());
        BuiltinEngineOptions o;
        o.path = path;
        auto engine = std::move(BuiltinEngine::open(o)).value();
        ListQuery lq;
        lq.limit = 1;
        const QList<Document> one = [&] {
            auto f = engine->listSnapshots(lq, SnapshotView::State);
            f.waitForFinished();
            return f.result();
        }();
        const QByteArray realId = one.first().object().value("id"_L1).toString().toUtf8();
        const QByteArray before = databaseHash(path);

        WowApiServerConfig c;
        c.http.maxBodyBytes = 256 * 1024;
        c.http.idleTimeoutMs = 2000;
        WowApiServer server(engine.get(), c);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        RawHttp http(server.port());

        // Command templates whose bodies are always broken by a mutation below, and read-only routes.
        const QList<Template> commands = {
            {"POST", "/execution_failed/create_execution_failed", "{\"eventId\":{\"id\":\"e\",\"aggregateId\":{\"contextName\":\"c\",\"aggregateName\":\"a\",\"aggregateId\":\"x\",\"tenantId\":\"(0)\"},\"version\":1},\"function\":{\"functionKind\":\"EVENT\",\"contextName\":\"c\",\"processorName\":\"p\",\"name\":\"n\"},\"error\":{\"errorCode\":\"E\",\"errorMsg\":\"m\",\"stackTrace\":\"s\"},\"executeAt\":1}"},
            {"PUT", "/execution_failed/" + realId + "/apply_execution_failed", "{\"error\":{\"errorCode\":\"E\",\"errorMsg\":\"m\",\"stackTrace\":\"s\"},\"executeAt\":1,\"recoverable\":\"UNKNOWN\"}"},
            {"PUT", "/execution_failed/" + realId + "/apply_retry_spec", "{\"maxRetries\":3,\"minBackoff\":1,\"executionTimeout\":1}"},
            {"PUT", "/execution_failed/" + realId + "/change_function", "{\"functionKind\":\"EVENT\",\"processorName\":\"p\",\"contextName\":\"c\",\"name\":\"zz\"}"},
            {"PUT", "/execution_failed/" + realId + "/mark_recoverable", "{\"recoverable\":\"RECOVERABLE\"}"},
            {"PUT", "/execution_failed/" + realId + "/1/compensate", "{\"function\":{\"functionKind\":\"EVENT\",\"contextName\":\"c\",\"processorName\":\"p\",\"name\":\"n\"}}"},
            {"POST", "/wow/command/send", "{\"id\":\"" + realId + "\",\"recoverable\":\"UNRECOVERABLE\"}"},
        };
        const QList<Template> queries = {
            {"POST", "/execution_failed/snapshot/paged/state", "{\"condition\":{\"field\":\"state.status\",\"operator\":\"EQ\",\"value\":\"FAILED\"},\"pagination\":{\"index\":1,\"size\":10}}"},
            {"POST", "/execution_failed/snapshot/count", "{\"field\":\"state.status\",\"operator\":\"IN\",\"value\":[\"FAILED\"]}"},
            {"POST", "/execution_failed/snapshot/list", "{\"condition\":{\"operator\":\"ALL\"},\"limit\":5}"},
            {"POST", "/execution_failed/event/paged", "{\"condition\":{\"operator\":\"AGGREGATE_ID\",\"value\":\"" + realId + "\"},\"pagination\":{\"index\":1,\"size\":10}}"},
            {"GET", "/execution_failed/" + realId + "/state/tracing?headVersion=1", {}},
            {"POST", "/wow/bi/script", "{\"database\":\"x\"}"},
        };
        std::mt19937 rng(1234);
        auto below = [&](int n) { return int(std::uniform_int_distribution<int>(0, n - 1)(rng)); };
        // Body mutations that can never leave a valid command.
        std::function<QByteArray(QByteArray)> mutate;
        mutate = [&](QByteArray b) -> QByteArray {
            switch (below(9)) {
            case 0: return b.left(below(std::max(1, int(b.size()) - 1))); // truncated JSON
            case 1: b.insert(below(std::max(1, int(b.size()))), "\",}{]["[below(6)]); return b.replace("{\"", "{\"\"\"");
            case 2: return b.replace(":\"", ":[\"").replace("\",", "\"],"); // strings become arrays
            case 3: return b.replace("1", "1e400"); // number out of range (or string field with "1e400" in it)
            case 4: return b.replace(":1", ":99999999999999999999999").replace(":3", ":-99999999999999999999");
            case 5: return QByteArray(20000, '[') + QByteArray(20000, ']'); // deep nesting
            case 6: return b.replace("EVENT", "\xff\xfe").replace("RECOVERABLE", "\xc3\x28").replace("\"id\"", "\"i\xed\xa0\x80\"") + "\xff";
            case 7: return "{\"" + QByteArray(300000, 'a') + "\":1}"; // over the body limit
            default: return b.replace("\"", "'"); // not JSON
            }
        };
        auto breakBody = [&](const QByteArray &original) -> QByteArray {
            QByteArray m = mutate(original);
            return m == original ? original + "}" : m; // a mutation that changed nothing: trailing garbage
        };
        int answered = 0, refused = 0;
        for (int i = 0; i < 3000; ++i) {
            QByteArray request;
            const int kind = below(10);
            if (kind < 5) {
                const Template &t = commands[below(int(commands.size()))];
                const QByteArray body = breakBody(t.body);
                request = t.method + ' ' + t.path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nCommand-Type: me.ahoo.wow.compensation.api.MarkRecoverable\r\nContent-Length: "
                    + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
            } else if (kind < 7) {
                const Template &t = queries[below(int(queries.size()))];
                QByteArray body = below(2) ? breakBody(t.body) : t.body;
                const QByteArray method = below(3) == 0 ? QByteArray(QList<QByteArray>{"PATCH", "TRACE", "FOO", "DELETE", "put"}[below(5)]) : t.method;
                request = method + ' ' + t.path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
            } else if (kind < 8) {
                // Truncated body: the client goes away before sending all it announced.
                QTcpSocket s;
                s.connectToHost(QHostAddress::LocalHost, server.port());
                QVERIFY(s.waitForConnected(2000));
                s.write("PUT /execution_failed/" + realId + "/mark_recoverable HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"recoverable\":\"RECOV");
                s.waitForBytesWritten(1000);
                s.abort();
                continue;
            } else {
                static const QList<QByteArray> garbage = {
                    "GET /" + QByteArray(100000, 'x') + " HTTP/1.1\r\nHost: x\r\n\r\n",
                    "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
                    "GET /wow/metadata HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                    "GET /wow/metadata HTTP/9.9\r\n\r\n",
                    "POST /execution_failed/snapshot/count HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n",
                    "GET /../../etc/passwd HTTP/1.1\r\n\r\n",
                    "GET /execution_failed/%00/state HTTP/1.1\r\n\r\n",
                    "PUT /execution_failed/" + realId + "/x/compensate HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}",
                    "GET /execution_failed/" + realId + "/event/-5/99999999999999 HTTP/1.1\r\n\r\n",
                    "GET /execution_failed/" + realId + "/state/tracing?headVersion=0&limit=-1 HTTP/1.1\r\n\r\n",
                };
                request = garbage[below(int(garbage.size()))];
            }
            const RawResponse r = http.send(request, 3000);
            if (r.status > 0)
                ++answered;
            if (r.status >= 400)
                ++refused;
            // Nothing of this may succeed as a command.
            if (kind < 5 && r.status == 200)
                QFAIL(qPrintable(u"a malformed command was accepted: "_s + QString::fromUtf8(request.left(300))));
        }
        QVERIFY2(answered > 2000, qPrintable(QString::number(answered)));
        QVERIFY(refused > 1500);
        // Still serving, and nothing changed.
        QCOMPARE(http.request("GET", "/wow/metadata").status, 200);
        QCOMPARE(http.request("GET", "/execution_failed/" + realId + "/state").status, 200);
        QCOMPARE(databaseHash(path), before);
    }
};

QTEST_GUILESS_MAIN(TestServerFuzz)
#include "tst_server_fuzz.moc"
