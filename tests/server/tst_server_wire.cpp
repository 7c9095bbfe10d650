// Wire tests of `serve`: raw HTTP over 127.0.0.1 against WowApiServer over a built-in engine,
// checking status, headers and JSON of every endpoint (success and error), with the example
// bodies of docs/wire-protocol.md and tests/domain/golden/.

#include "builtin/builtin_engine.h"
#include "raw_http.h"
#include "wow_api_server.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include "test_clock.h"
#include "test_printers.h"

using namespace wci;
using namespace wci::testing;
using namespace wci::test;
using namespace Qt::StringLiterals;

namespace {


QByteArray golden(const QString &name)
{
    QFile f(QStringLiteral(WCI_GOLDEN_DIR) + u'/' + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing golden file %s", qPrintable(name));
    return f.readAll();
}

using H = QList<QPair<QByteArray, QByteArray>>;

} // namespace

class TestServerWire : public QObject {
    Q_OBJECT

    QTemporaryDir dir;
    std::unique_ptr<BuiltinEngine> engine;
    std::unique_ptr<WowApiServer> server;
    std::unique_ptr<RawHttp> http;
    std::atomic<qint64> now{kNow};

    QByteArray create(const QByteArray &id)
    {
        const RawResponse r = http->request("POST", "/execution_failed/create_execution_failed",
                                            golden(u"create_execution_failed.json"_s), {{"Command-Aggregate-Id", id}});
        if (r.status != 200)
            qFatal("create failed: %d %s", r.status, r.body.constData());
        return id;
    }

    static void verifyError(const RawResponse &r, int status, const QString &code, const QString &msgPart = {})
    {
        QCOMPARE(r.status, status);
        QCOMPARE(r.header("Wow-Error-Code"), code.toUtf8());
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        const QJsonObject o = r.json();
        QCOMPARE(o.value("errorCode"_L1).toString(), code);
        QCOMPARE(o.value("succeeded"_L1).toBool(true), false);
        QVERIFY2(o.value("errorMsg"_L1).toString().contains(msgPart), qPrintable(o.value("errorMsg"_L1).toString()));
    }

private slots:
    void initTestCase()
    {
        BuiltinEngineOptions o;
        o.path = dir.filePath(u"wire.db"_s);
        o.clock = [this] { return now.load(); };
        engine = std::move(BuiltinEngine::open(o)).value();
        WowApiServerConfig c;
        c.webRoot = dir.filePath(u"web"_s);
        QDir().mkpath(c.webRoot);
        QFile index(c.webRoot + u"/index.html"_s);
        QVERIFY(index.open(QIODevice::WriteOnly));
        index.write("<html>dashboard</html>");
        index.close();
        QFile js(c.webRoot + u"/app.js"_s);
        QVERIFY(js.open(QIODevice::WriteOnly));
        js.write("console.log(1)");
        js.close();
        server = std::make_unique<WowApiServer>(engine.get(), c);
        QVERIFY(server->listen(QHostAddress::LocalHost, 0));
        http = std::make_unique<RawHttp>(server->port());
    }

    void cleanupTestCase()
    {
        server.reset();
        engine.reset();
    }

    void createCommand()
    {
        const RawResponse r = http->request("POST", "/execution_failed/create_execution_failed",
                                            golden(u"create_execution_failed.json"_s), {{"Command-Aggregate-Id", "w-create"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Wow-Error-Code"), QByteArray("Ok"));
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        const auto result = CommandResult::fromJsonBytes(r.body);
        QVERIFY(result.ok());
        QCOMPARE(result->stage, CommandStage::Processed);
        QCOMPARE(result->aggregateId, u"w-create"_s);
        QCOMPARE(result->aggregateVersion, std::optional<int>(1));
        QCOMPARE(result->function.name, u"onCreate"_s);
        QVERIFY(result->succeeded());
        QVERIFY(r.json().contains("waitCommandId"_L1));
        // The same id again: create expects version 0.
        const RawResponse again = http->request("POST", "/execution_failed/create_execution_failed",
                                                golden(u"create_execution_failed.json"_s), {{"Command-Aggregate-Id", "w-create"}});
        verifyError(again, 409, u"CommandExpectVersionConflict"_s);
        QCOMPARE(again.json().value("stage"_L1).toString(), u"PROCESSED"_s); // a CommandResult body
        // Create rejects an empty body.
        verifyError(http->request("POST", "/execution_failed/create_execution_failed"), 400, u"IllegalArgument"_s,
                    u"Command can not be empty."_s);
    }

    void commandLifecycle()
    {
        const QByteArray id = create("w-life");
        const QByteArray base = "/execution_failed/" + id;
        // Success before prepare: the example business failure of docs/wire-protocol.md §4.4.
        RawResponse r = http->request("PUT", base + "/apply_execution_success", "{\"executeAt\":1767225901234}");
        verifyError(r, 400, u"IllegalState"_s, u"ExecutionFailed is not prepared."_s);
        QCOMPARE(r.json().value("function"_L1).toObject().value("name"_L1).toString(), u"onSucceed"_s);
        QCOMPARE(r.json().value("aggregateVersion"_L1).toInt(), 1);

        r = http->request("PUT", base + "/prepare_compensation"); // empty body = {}
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("function"_L1).toObject().value("name"_L1).toString(), u"onPrepare"_s);
        r = http->request("PUT", base + "/apply_execution_failed",
                          "{\"error\":{\"errorCode\":\"Timeout\",\"errorMsg\":\"again\",\"stackTrace\":\"t\"},\"executeAt\":1767225900000}");
        QCOMPARE(r.status, 200);
        verifyError(http->request("PUT", base + "/apply_retry_spec", "{\"maxRetries\":-1,\"minBackoff\":1,\"executionTimeout\":1}"),
                    400, u"IllegalArgument"_s, u"maxRetries must be greater than or equal to 0."_s);
        QCOMPARE(http->request("PUT", base + "/apply_retry_spec", "{\"maxRetries\":5,\"minBackoff\":1,\"executionTimeout\":0}").status, 200);
        verifyError(http->request("PUT", base + "/change_function",
                                  "{\"functionKind\":\"EVENT\",\"processorName\":\"OrderSaga\",\"contextName\":\"example-service\",\"name\":\"onOrderCreated\"}"),
                    400, u"IllegalArgument"_s, u"FunctionInfoData(functionKind=EVENT"_s);
        QCOMPARE(http->request("PUT", base + "/change_function",
                               "{\"functionKind\":\"STATE_EVENT\",\"processorName\":\"P\",\"contextName\":\"C\",\"name\":\"N\"}").status, 200);
        QCOMPARE(http->request("PUT", base + "/mark_recoverable", "{\"recoverable\":\"RECOVERABLE\"}").status, 200);
        verifyError(http->request("PUT", base + "/mark_recoverable", "{\"recoverable\":\"MAYBE\"}"), 400, u"IllegalArgument"_s, u"recoverable"_s);
        now = kNow + 1000;
        QCOMPARE(http->request("PUT", base + "/force_prepare_compensation", "{}").status, 200);
        verifyError(http->request("DELETE", base), 400, u"IllegalArgument"_s, u"Command can not be empty."_s);
        QCOMPARE(http->request("DELETE", base, "{}").status, 200);
        verifyError(http->request("DELETE", base, "{}"), 410, u"IllegalAccessDeletedAggregate"_s);
        verifyError(http->request("GET", base + "/state"), 404, u"NotFound"_s, u"Not found resource!"_s);
        QCOMPARE(http->request("PUT", base + "/recover", "{}").status, 200);
        verifyError(http->request("PUT", base + "/recover", "{}"), 400, u"IllegalState"_s, u"is not deleted."_s);
        const auto state = ExecutionFailedState::fromJsonBytes(http->request("GET", base + "/state").body);
        QVERIFY(state.ok());
        QCOMPARE(state->status, ExecutionFailedStatus::Prepared);
        QCOMPARE(state->function.processorName, u"P"_s);
    }

    void commandHeaders()
    {
        const QByteArray id = create("w-headers");
        const QByteArray path = "/execution_failed/" + id + "/mark_recoverable";
        RawResponse r = http->request("PUT", path, "{\"recoverable\":\"RECOVERABLE\"}",
                                      {{"Command-Wait-Stage", "snapshot"}, {"Command-Request-Id", "rq-1"},
                                       {"Command-Header-trace_id", "t-9"}, {"User-Agent", "wire-test"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("stage"_L1).toString(), u"SNAPSHOT"_s);
        QCOMPARE(r.json().value("requestId"_L1).toString(), u"rq-1"_s);
        verifyError(http->request("PUT", path, "{\"recoverable\":\"UNRECOVERABLE\"}", {{"Command-Request-Id", "rq-1"}}),
                    400, u"DuplicateRequestId"_s, u"Duplicate request ID[rq-1]."_s);
        verifyError(http->request("PUT", path, "{\"recoverable\":\"UNRECOVERABLE\"}", {{"Command-Aggregate-Version", "7"}}),
                    409, u"CommandExpectVersionConflict"_s);
        verifyError(http->request("PUT", path, "{\"recoverable\":\"UNRECOVERABLE\"}", {{"Command-Wait-Stage", "SOON"}}),
                    400, u"IllegalArgument"_s, u"Command-Wait-Stage"_s);
        verifyError(http->request("PUT", path, "{\"recoverable\":\"UNRECOVERABLE\"}", {{"Command-Wait-Timeout", "0"}}),
                    400, u"IllegalArgument"_s, u"Command-Wait-Timeout"_s);
        r = http->request("GET", "/execution_failed/" + id + "/event/2/2");
        QCOMPARE(r.status, 200);
        const QJsonObject header = QJsonDocument::fromJson(r.body).array().first().toObject().value("header"_L1).toObject();
        QCOMPARE(header.value("trace_id"_L1).toString(), u"t-9"_s);
        QCOMPARE(header.value("user_agent"_L1).toString(), u"wire-test"_s);
        QCOMPARE(header.value("remote_ip"_L1).toString(), u"127.0.0.1"_s);
        // A missing aggregate: NotFound reported by SimpleCommandAggregate.
        r = http->request("PUT", "/execution_failed/nope/prepare_compensation");
        verifyError(r, 404, u"NotFound"_s, u"is not initialized."_s);
        QCOMPARE(r.json().value("function"_L1).toObject().value("processorName"_L1).toString(), u"SimpleCommandAggregate"_s);
    }

    void commandServerSentEvents()
    {
        const QByteArray id = create("w-sse");
        RawResponse r = http->request("PUT", "/execution_failed/" + id + "/mark_recoverable", "{\"recoverable\":\"RECOVERABLE\"}",
                                      {{"Accept", "text/event-stream"}, {"Command-Wait-Stage", "SNAPSHOT"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("text/event-stream"));
        QCOMPARE(r.header("Wow-Error-Code"), QByteArray("Ok"));
        const QList<QByteArray> events = r.body.split('\n');
        QStringList names;
        for (const auto &line : events) {
            if (line.startsWith("event:"))
                names.append(QString::fromUtf8(line.mid(6)));
        }
        QCOMPARE(names, (QStringList{u"SENT"_s, u"PROCESSED"_s, u"SNAPSHOT"_s}));
        QVERIFY(r.body.startsWith("id:"));
        QVERIFY(r.body.contains("\ndata:{\"id\":"));
        // A failed stage is a normal event with the error inside.
        r = http->request("PUT", "/execution_failed/" + id + "/mark_recoverable", "{\"recoverable\":\"RECOVERABLE\"}",
                          {{"Accept", "text/event-stream"}});
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("event:PROCESSED\ndata:"));
        QVERIFY(r.body.contains("\"errorCode\":\"IllegalArgument\""));
        // A stream failure: a final event named after the error code.
        r = http->request("PUT", "/execution_failed/" + id + "/mark_recoverable", "{\"recoverable\":\"UNKNOWN\"}",
                          {{"Accept", "text/event-stream"}, {"Command-Request-Id", "dup"}});
        r = http->request("PUT", "/execution_failed/" + id + "/mark_recoverable", "{\"recoverable\":\"RECOVERABLE\"}",
                          {{"Accept", "text/event-stream"}, {"Command-Request-Id", "dup"}});
        QVERIFY(r.body.contains("event:DuplicateRequestId\n"));
    }

    void commandFacade()
    {
        const QByteArray id = create("w-facade");
        RawResponse r = http->request("POST", "/wow/command/send", "{\"id\":\"" + id + "\",\"recoverable\":\"RECOVERABLE\"}",
                                      {{"Command-Type", "me.ahoo.wow.compensation.api.MarkRecoverable"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("aggregateId"_L1).toString(), QString::fromUtf8(id));
        verifyError(http->request("POST", "/wow/command/send", "{}"), 400, u"IllegalArgument"_s, u"Command-Type can not be empty."_s);
        verifyError(http->request("POST", "/wow/command/send", "{\"id\":\"x\"}", {{"Command-Type", "com.acme.Nope"}}), 400,
                    u"IllegalArgument"_s, u"com.acme.Nope"_s);
        // JSON only: SSE alone does not match the route.
        QCOMPARE(http->request("POST", "/wow/command/send", "{}", {{"Command-Type", "x"}, {"Accept", "text/event-stream"}}).status, 404);
        r = http->request("POST", "/wow/command/send", "{\"id\":\"" + id + "\"}",
                          {{"Command-Type", "me.ahoo.wow.api.command.DefaultDeleteAggregate"}});
        QCOMPARE(r.status, 200);
    }

    void globalEndpoints()
    {
        RawResponse r = http->request("GET", "/wow/metadata");
        QCOMPARE(r.status, 200);
        QVERIFY(!r.hasHeader("Wow-Error-Code"));
        QVERIFY(r.json().value("contexts"_L1).toObject().contains("compensation-service"_L1));
        r = http->request("GET", "/wow/id/global", {}, {{"Accept", "text/plain"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("text/plain"));
        QCOMPARE(r.body.size(), 15);
        QVERIFY(!r.hasHeader("Wow-Error-Code"));
        verifyError(http->request("GET", "/wow/id/global", {}, {{"Accept", "application/json"}}), 404, u"NotFound"_s);
        r = http->request("POST", "/wow/command/wait", golden(u"wait_signal.json"_s));
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.isEmpty());
        QVERIFY(!r.hasHeader("Wow-Error-Code"));
        verifyError(http->request("POST", "/wow/command/wait", "{\"id\":1"), 400, u"IllegalArgument"_s);
    }

    void biScript()
    {
        RawResponse r = http->request("POST", "/wow/bi/script", "{}");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/sql"));
        QVERIFY(r.hasHeader("Wow-BI-Diagnostic-Count"));
        QVERIFY(r.body.contains("CREATE"));
        r = http->request("POST", "/wow/bi/script", "{}", {{"Accept", "application/json"}});
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().contains("script"_L1));
        QCOMPARE(QByteArray::number(r.json().value("diagnostics"_L1).toArray().size()), r.header("Wow-BI-Diagnostic-Count"));
        verifyError(http->request("POST", "/wow/bi/script", "{}", {}, false), 415, u"UnsupportedMediaType"_s);
        verifyError(http->request("POST", "/wow/bi/script", "", {{"Content-Type", "application/json"}}), 400,
                    u"IllegalArgument"_s, u"must not be empty"_s);
        verifyError(http->request("POST", "/wow/bi/script", "{}", {{"Accept", "text/html"}}), 406, u"NotAcceptable"_s);
        verifyError(http->request("POST", "/wow/bi/script", "{\"operation\":\"DEPLOY\",\"replayFromEarliestConfirmed\":true}"),
                    400, u"IllegalArgument"_s);
        QCOMPARE(http->request("GET", "/wow/bi/script").status, 404); // only the current POST route
    }

    void stateAndSnapshots()
    {
        const QByteArray id = create("w-state");
        http->request("PUT", "/execution_failed/" + id + "/mark_recoverable", "{\"recoverable\":\"RECOVERABLE\"}");
        const QByteArray base = "/execution_failed/" + id;
        RawResponse r = http->request("GET", base + "/state");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Wow-Error-Code"), QByteArray("Ok"));
        QCOMPARE(r.json().value("recoverable"_L1).toString(), u"RECOVERABLE"_s);
        QVERIFY(r.json().contains("isRetryable"_L1));
        QCOMPARE(http->request("GET", base + "/state/1").json().value("recoverable"_L1).toString(), u"UNKNOWN"_s);
        verifyError(http->request("GET", base + "/state/9"), 400, u"IllegalState"_s, u"targetVersion:9 != stateAggregate.version:2"_s);
        verifyError(http->request("GET", base + "/state/x"), 400, u"IllegalArgument"_s);
        QCOMPARE(http->request("GET", base + "/state/time/" + QByteArray::number(now.load() + 10)).status, 200);
        verifyError(http->request("GET", base + "/state/time/abc"), 400, u"IllegalArgument"_s);
        r = http->request("GET", base + "/state/tracing?headVersion=2");
        QCOMPARE(r.status, 200);
        QCOMPARE(QJsonDocument::fromJson(r.body).array().size(), 1);
        QCOMPARE(QJsonDocument::fromJson(r.body).array().first().toObject().value("version"_L1).toInt(), 2);
        verifyError(http->request("GET", base + "/state/tracing?headVersion=x"), 400, u"IllegalArgument"_s, u"headVersion must be an integer."_s);
        QCOMPARE(http->request("GET", "/execution_failed/unknown/state/tracing").body, QByteArray("[]"));
        verifyError(http->request("GET", base + "/state", {}, {{"Accept", "text/event-stream"}}), 404, u"NotFound"_s);

        r = http->request("GET", base + "/snapshot");
        QCOMPARE(r.status, 200);
        const auto snap = Snapshot::fromJsonBytes(r.body);
        QVERIFY(snap.ok());
        QCOMPARE(snap->version, 2);
        r = http->request("PUT", base + "/snapshot");
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.isEmpty());
        QVERIFY(!r.hasHeader("Wow-Error-Code"));
        verifyError(http->request("PUT", "/execution_failed/none/snapshot"), 404, u"NotFound"_s);
        r = http->request("PUT", "/execution_failed/snapshot/(0)/2");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("size"_L1).toInt(), 2);
        QCOMPARE(r.json().value("succeeded"_L1).toBool(), true);
        r = http->request("POST", "/execution_failed/state/(0)/3");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("size"_L1).toInt(), 3);
    }

    void snapshotQueries()
    {
        create("w-q1");
        create("w-q2");
        RawResponse r = http->request("POST", "/execution_failed/snapshot/count", "{\"field\":\"state.status\",\"operator\":\"EQ\",\"value\":\"FAILED\"}");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Wow-Error-Code"), QByteArray("Ok"));
        const qint64 failed = r.body.toLongLong();
        QVERIFY(failed >= 2);
        r = http->request("POST", "/execution_failed/snapshot/paged/state", golden(u"paged_query_succeeded.json"_s));
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().contains("total"_L1));
        r = http->request("POST", "/execution_failed/snapshot/paged",
                          "{\"condition\":{\"operator\":\"AGGREGATE_IDS\",\"value\":[\"w-q1\",\"w-q2\"]},\"sort\":[{\"field\":\"aggregateId\",\"direction\":\"DESC\"}],\"pagination\":{\"index\":1,\"size\":1}}");
        QCOMPARE(r.json().value("total"_L1).toInt(), 2);
        QCOMPARE(r.json().value("list"_L1).toArray().first().toObject().value("aggregateId"_L1).toString(), u"w-q2"_s);
        r = http->request("POST", "/execution_failed/snapshot/list",
                          "{\"condition\":{\"operator\":\"ID\",\"value\":\"w-q1\"},\"limit\":10}");
        QCOMPARE(QJsonDocument::fromJson(r.body).array().size(), 1);
        r = http->request("POST", "/execution_failed/snapshot/list/state",
                          "{\"condition\":{\"operator\":\"IDS\",\"value\":[\"w-q1\",\"w-q2\"]},\"limit\":10}",
                          {{"Accept", "text/event-stream"}});
        QCOMPARE(r.header("Content-Type"), QByteArray("text/event-stream"));
        QCOMPARE(r.body.count("data:{\"id\":\"w-q"), 2);
        r = http->request("POST", "/execution_failed/snapshot/single/state", "{\"condition\":{\"operator\":\"ID\",\"value\":\"w-q1\"}}");
        QCOMPARE(r.json().value("id"_L1).toString(), u"w-q1"_s);
        QCOMPARE(http->request("POST", "/execution_failed/snapshot/single", "{\"condition\":{\"operator\":\"ID\",\"value\":\"w-q1\"}}").json().value("version"_L1).toInt(), 1);
        verifyError(http->request("POST", "/execution_failed/snapshot/single", "{\"condition\":{\"operator\":\"ID\",\"value\":\"zz\"}}"),
                    404, u"NotFound"_s);
        // An owner id header narrows the query (the aggregate has no owner).
        QCOMPARE(http->request("POST", "/execution_failed/snapshot/count", "{\"operator\":\"ID\",\"value\":\"w-q1\"}",
                               {{"Command-Owner-Id", "someone"}}).body, QByteArray("0"));
    }

    // Wow 9.x's new routes on a current server: aggregation (JSON and SSE), cursor paging,
    // the query-model descriptor with its ETag; none of them on the 8.10 server.
    void wow9Routes()
    {
        WowApiServerConfig config;
        config.generation = WowGeneration::Current;
        config.guard.maxConditionNodes = 128;
        config.guard.allowExpensiveOperators = true;
        WowApiServer current(engine.get(), config);
        QVERIFY(current.listen(QHostAddress::LocalHost, 0));
        RawHttp wow9(current.port());
        for (int i = 0; i < 5; ++i)
            create(QByteArray("r9-") + QByteArray::number(i));
        const QByteArray agg = R"({"filter":{"op":"ID","value":"r9-1"},"groupBy":[{"type":"TERMS","field":"state.status","alias":"status"}],"metrics":[{"type":"COUNT","alias":"n"}]})";
        for (const char *prefix : {"/execution_failed", "/compensation/execution_failed"}) {
            RawResponse r = wow9.request("POST", QByteArray(prefix) + "/snapshot/aggregation", agg);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.header("Wow-Error-Code"), QByteArray("Ok"));
            QCOMPARE(r.body, QByteArray(R"([{"status":"FAILED","n":1}])"));
        }
        // As SSE: one data event per row, nothing else.
        RawResponse sse = wow9.request("POST", "/execution_failed/snapshot/aggregation",
                                       R"({"filter":{"op":"IDS","values":["r9-1","r9-2"]},"groupBy":[{"type":"TERMS","field":"aggregateId","alias":"id"}],"metrics":[{"type":"COUNT","alias":"n"}]})",
                                       {{"Accept", "text/event-stream"}});
        QCOMPARE(sse.status, 200);
        QCOMPARE(sse.header("Content-Type"), QByteArray("text/event-stream"));
        QCOMPARE(sse.body, QByteArray("data:{\"id\":\"r9-1\",\"n\":1}\n\ndata:{\"id\":\"r9-2\",\"n\":1}\n\n"));
        RawResponse events = wow9.request("POST", "/execution_failed/event/aggregation",
                                          R"({"filter":{"op":"AGGREGATE_ID","value":"r9-3"},"metrics":[{"type":"COUNT","alias":"streams"}]})");
        QCOMPARE(events.body, QByteArray(R"([{"streams":1}])"));
        // Errors: Wow's codes, in a binding error.
        auto coded = [](const RawResponse &r, int status, const QString &errorCode, const QString &code, const QString &msg) {
            QCOMPARE(r.status, status);
            const QJsonObject o = r.json();
            QCOMPARE(o.value("errorCode"_L1).toString(), errorCode);
            QCOMPARE(o.value("errorMsg"_L1).toString(), msg);
            const QJsonObject b = o.value("bindingErrors"_L1).toArray().first().toObject();
            QCOMPARE(b.value("code"_L1).toString(), code);
            QCOMPARE(b.value("msg"_L1).toString(), msg);
        };
        coded(wow9.request("POST", "/execution_failed/snapshot/aggregation", R"({"metrics":[{"type":"COUNT","alias":"n"}],"limit":2000})"),
              400, u"IllegalArgument"_s, u"SIZE_OUT_OF_RANGE"_s, u"HTTP aggregation query limit[2000] must be between 1 and 1000."_s);
        coded(wow9.request("POST", "/execution_failed/snapshot/aggregation", R"({"metrics":[{"type":"PERCENTILE","alias":"p","expression":{"field":"version"},"percentile":50}]})"),
              400, u"QuerySchemaValidation"_s, u"STORAGE_UNSUPPORTED"_s, u"Storage does not support PERCENTILE."_s);
        coded(wow9.request("POST", "/execution_failed/snapshot/aggregation", R"({"groupBy":[{"type":"TERMS","field":"state.nope","alias":"x"}],"metrics":[{"type":"COUNT","alias":"n"}]})"),
              400, u"QuerySchemaValidation"_s, u"UNKNOWN_FIELD"_s, u"Unknown logical field [state.nope]."_s);
        coded(wow9.request("POST", "/execution_failed/snapshot/list", R"({"filter":{"op":"MATCH_ALL"},"limit":5000})"),
              400, u"IllegalArgument"_s, u"SIZE_OUT_OF_RANGE"_s, u"HTTP list query limit[5000] must be between 1 and 1000."_s);
        verifyError(wow9.request("POST", "/execution_failed/snapshot/aggregation", ""), 400, u"IllegalArgument"_s);

        // Cursor paging: pages of 2 over 5 ids, the last page with a null cursor.
        QByteArray body = R"({"filter":{"op":"AGGREGATE_IDS","values":["r9-0","r9-1","r9-2","r9-3","r9-4"]},"size":2})";
        QStringList walked;
        int pages = 0;
        while (true) {
            RawResponse r = wow9.request("POST", "/execution_failed/snapshot/cursor/state", body);
            QCOMPARE(r.status, 200);
            const QJsonObject page = r.json();
            QVERIFY(page.contains("nextCursor"_L1));
            for (const auto &v : page.value("list"_L1).toArray())
                walked.append(v.toObject().value("id"_L1).toString());
            ++pages;
            if (page.value("nextCursor"_L1).isNull())
                break;
            QJsonObject next = QJsonDocument::fromJson(body).object();
            next.insert(u"cursor"_s, page.value("nextCursor"_L1));
            body = QJsonDocument(next).toJson(QJsonDocument::Compact);
            QVERIFY(pages < 5);
        }
        QCOMPARE(walked, (QStringList{u"r9-0"_s, u"r9-1"_s, u"r9-2"_s, u"r9-3"_s, u"r9-4"_s}));
        QCOMPARE(pages, 3);
        RawResponse bad = wow9.request("POST", "/execution_failed/snapshot/cursor", R"({"filter":{"op":"MATCH_ALL"},"cursor":"abc.def"})");
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.body, QByteArray(R"({"errorCode":"IllegalArgument","errorMsg":"Invalid cursor.","bindingErrors":[{"name":"cursor","msg":"Invalid cursor.","code":"INVALID_CURSOR"}],"succeeded":false})"));
        coded(wow9.request("POST", "/execution_failed/event/cursor", R"({"filter":{"op":"MATCH_ALL"},"size":101})"), 400,
              u"IllegalArgument"_s, u"SIZE_OUT_OF_RANGE"_s, u"HTTP cursor size[101] must be between 1 and 100."_s);
        coded(wow9.request("POST", "/execution_failed/snapshot/cursor", R"({"condition":{"operator":"ALL"}})"), 400,
              u"IllegalArgument"_s, u"UNKNOWN_PROPERTY"_s, u"Unknown property [condition] at [body]."_s);
        QCOMPARE(wow9.request("POST", "/execution_failed/event/cursor", R"({"filter":{"op":"AGGREGATE_ID","value":"r9-4"}})").json()
                     .value("list"_L1).toArray().size(), 1);

        // The query-model descriptor: a strong ETag of its version; If-None-Match → 304.
        RawResponse schema = wow9.request("GET", "/execution_failed/snapshot/schema");
        QCOMPARE(schema.status, 200);
        const QJsonObject descriptor = schema.json();
        QCOMPARE(descriptor.value("model"_L1).toString(), u"SNAPSHOT"_s);
        const QString version = descriptor.value("version"_L1).toString();
        QVERIFY(version.startsWith(u"sha256:"_s) && version.size() == 71);
        QCOMPARE(schema.header("ETag"), '"' + version.toLatin1() + '"');
        QCOMPARE(descriptor.value("limits"_L1).toObject().value("maxFilterNodes"_L1).toInt(), 128);
        QCOMPARE(descriptor.value("record"_L1).toObject().value("paging"_L1).toArray().last().toString(), u"CURSOR"_s);
        bool executeAtHasBeforeNow = false;
        for (const auto &f : descriptor.value("fields"_L1).toArray()) {
            if (f.toObject().value("path"_L1) == u"state.executeAt"_s)
                executeAtHasBeforeNow = f.toObject().value("filter"_L1).toObject().value("operators"_L1).toArray().contains(u"BEFORE_NOW"_s);
        }
        QVERIFY(executeAtHasBeforeNow);
        RawResponse same = wow9.request("GET", "/execution_failed/snapshot/schema", {}, {{"If-None-Match", "\"other\", " + schema.header("ETag")}});
        QCOMPARE(same.status, 304);
        QVERIFY(same.body.isEmpty());
        QCOMPARE(same.header("ETag"), schema.header("ETag"));
        QCOMPARE(wow9.request("GET", "/execution_failed/snapshot/schema", {}, {{"If-None-Match", "W/" + schema.header("ETag")}}).status, 200);
        QCOMPARE(wow9.request("POST", "/execution_failed/snapshot/schema/refresh", {}, {{"If-None-Match", "*"}}).status, 304);
        RawResponse eventSchema = wow9.request("GET", "/execution_failed/event/schema");
        QCOMPARE(eventSchema.json().value("model"_L1).toString(), u"EVENT_STREAM"_s);
        QVERIFY(eventSchema.header("ETag") != schema.header("ETag"));

        // 9.2.3's hardening: reserved header keys and blank path variables.
        verifyError(wow9.request("PUT", "/execution_failed/r9-0/mark_recoverable", R"({"recoverable":"RECOVERABLE"})",
                                 {{"Command-Header-command_operator", "mallory"}}),
                    400, u"IllegalArgument"_s, u"Command header [command_operator] is reserved by the framework"_s);
        QCOMPARE(wow9.request("PUT", "/execution_failed/r9-0/mark_recoverable", R"({"recoverable":"RECOVERABLE"})",
                              {{"Command-Header-ticket", "OPS-1"}}).status, 200);
        verifyError(wow9.request("GET", "/execution_failed/%20/state"), 400, u"IllegalArgument"_s,
                    u"Path variable [id] must not be blank."_s);

        // The 8.10 server: none of the new routes; guard errors without codes; blank ids 404.
        for (const char *path : {"/execution_failed/snapshot/aggregation", "/execution_failed/snapshot/cursor",
                                 "/execution_failed/event/aggregation"})
            QCOMPARE(http->request("POST", path, agg).status, 404);
        QCOMPARE(http->request("GET", "/execution_failed/snapshot/schema").status, 404);
        RawResponse old = http->request("POST", "/execution_failed/snapshot/list", R"({"condition":{"operator":"ALL"},"limit":5000})");
        QCOMPARE(old.status, 400);
        QVERIFY(!old.json().contains("bindingErrors"_L1));
        QCOMPARE(http->request("PUT", "/execution_failed/r9-1/mark_recoverable", R"({"recoverable":"RECOVERABLE"})",
                               {{"Command-Header-command_operator", "ops"}}).status, 200);
    }

    // As Wow 9.x (WowGeneration::Current, serve's default): query bodies take `filter` or
    // `condition`, never both or neither; count bodies are a bare filter; 9.x operators work.
    // The 8.10 server (the fixture's) refuses what 8.10 does not know.
    void wow9QueryBodies()
    {
        WowApiServerConfig config;
        config.generation = WowGeneration::Current;
        WowApiServer current(engine.get(), config);
        QVERIFY(current.listen(QHostAddress::LocalHost, 0));
        RawHttp wow9(current.port());
        create("w9-a");
        create("w9-b");
        RawResponse r = wow9.request("POST", "/execution_failed/snapshot/list", "{\"filter\":{\"op\":\"ID\",\"value\":\"w9-a\"},\"limit\":10}");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.jsonArray().size(), 1);
        r = wow9.request("POST", "/execution_failed/snapshot/list",
                         "{\"filter\":{\"op\":\"AGGREGATE_IDS\",\"values\":[\"w9-a\",\"w9-b\"]}}"); // no limit: 100
        QCOMPARE(r.status, 200);
        QCOMPARE(r.jsonArray().size(), 2);
        r = wow9.request("POST", "/execution_failed/snapshot/paged",
                         "{\"condition\":{\"operator\":\"ID\",\"value\":\"w9-b\"},\"pagination\":{\"index\":1,\"size\":5}}");
        QCOMPARE(r.json().value("total"_L1).toInt(), 1);
        verifyError(wow9.request("POST", "/execution_failed/snapshot/list", "{\"filter\":{\"op\":\"MATCH_ALL\"},\"condition\":{},\"limit\":1}"),
                    400, u"IllegalArgument"_s, u"filter and condition cannot be used together."_s);
        verifyError(wow9.request("POST", "/execution_failed/snapshot/list", "{\"limit\":1}"), 400, u"IllegalArgument"_s,
                    u"Exactly one of filter or condition is required."_s);
        verifyError(wow9.request("POST", "/execution_failed/snapshot/single", "{\"filter\":null}"), 400, u"IllegalArgument"_s,
                    u"filter cannot be null."_s);
        verifyError(wow9.request("POST", "/execution_failed/snapshot/list", "{\"filter\":{\"op\":\"AND\",\"operands\":[]}}"),
                    400, u"IllegalArgument"_s, u"operands cannot be empty"_s);
        QCOMPARE(wow9.request("POST", "/execution_failed/snapshot/count", "{\"op\":\"AGGREGATE_ID\",\"value\":\"w9-a\"}").body,
                 QByteArray("1"));
        QCOMPARE(wow9.request("POST", "/execution_failed/snapshot/count", "{\"operator\":\"ID\",\"value\":\"w9-b\"}").body,
                 QByteArray("1"));
        const QByteArray all = wow9.request("POST", "/execution_failed/snapshot/count", "{}").body;
        QCOMPARE(all, http->request("POST", "/execution_failed/snapshot/count", "{\"operator\":\"ALL\"}").body);
        // BEFORE_NOW / AFTER_NOW on the server's clock: the new failures' next retry is due
        // 180 s after they were created (minBackoff), so before now + 5 min, after now + 1 min.
        const auto relative = [&](const char *op, const char *offset) {
            const QByteArray body = "{\"filter\":{\"op\":\"AND\",\"operands\":[{\"op\":\"AGGREGATE_IDS\",\"values\":[\"w9-a\",\"w9-b\"]},"
                                    "{\"op\":\"" + QByteArray(op) + "\",\"field\":\"state.retryState.nextRetryAt\",\"offset\":\""
                + QByteArray(offset) + "\"}]},\"limit\":10}";
            return wow9.request("POST", "/execution_failed/snapshot/list", body).jsonArray().size();
        };
        QCOMPARE(relative("BEFORE_NOW", "PT5M"), 2);
        QCOMPARE(relative("BEFORE_NOW", "PT1M"), 0);
        QCOMPARE(relative("AFTER_NOW", "PT1M"), 2);
        QCOMPARE(relative("AFTER_NOW", "-PT1M"), 2);
        // The OpenAPI document tells the generation: its version, its paths, `filter` in bodies.
        for (auto *client : {&wow9, http.get()}) {
            const RawResponse docs = client->request("GET", "/v3/api-docs");
            QCOMPARE(docs.status, 200);
            const QJsonObject doc = docs.json();
            const bool nine = client == &wow9;
            QCOMPARE(doc.value("info"_L1).toObject().value("version"_L1).toString(), nine ? u"9.3.0"_s : u"8.10.10"_s);
            const QJsonObject paths = doc.value("paths"_L1).toObject();
            QVERIFY(paths.value("/execution_failed/snapshot/paged"_L1).toObject().contains("post"_L1));
            QVERIFY(paths.value("/execution_failed/{id}/state"_L1).toObject().contains("get"_L1));
            QCOMPARE(paths.contains("/execution_failed/snapshot/cursor"_L1), nine);
            QCOMPARE(paths.contains("/execution_failed/snapshot/aggregation"_L1), nine);
            const QJsonObject paged = doc.value("components"_L1).toObject().value("schemas"_L1).toObject().value("PagedQuery"_L1).toObject();
            QCOMPARE(paged.value("properties"_L1).toObject().contains("filter"_L1), nine);
        }
        // The 8.10 server: no filter bodies, no 9.x operators.
        verifyError(http->request("POST", "/execution_failed/snapshot/list", "{\"filter\":{\"op\":\"MATCH_ALL\"},\"limit\":1}"),
                    400, u"IllegalArgument"_s, u"condition"_s);
        verifyError(http->request("POST", "/execution_failed/snapshot/count",
                                  "{\"field\":\"state.retryState.nextRetryAt\",\"operator\":\"BEFORE_NOW\",\"value\":0}"),
                    400, u"IllegalArgument"_s, u"BEFORE_NOW"_s);
    }

    void queryGuard()
    {
        verifyError(http->request("POST", "/execution_failed/snapshot/list", "{\"condition\":{}}"), 400, u"IllegalArgument"_s,
                    u"HTTP list query limit[0] must be between 1 and 1000."_s);
        verifyError(http->request("POST", "/execution_failed/snapshot/paged", "{\"condition\":{},\"pagination\":{\"index\":1,\"size\":101}}"),
                    400, u"IllegalArgument"_s, u"HTTP page size[101] must be between 1 and 100."_s);
        verifyError(http->request("POST", "/execution_failed/snapshot/paged", "{\"condition\":{},\"pagination\":{\"index\":101,\"size\":100}}"),
                    400, u"IllegalArgument"_s, u"HTTP page window[10100] must not exceed 10000."_s);
        verifyError(http->request("POST", "/execution_failed/snapshot/count", "{\"field\":\"state.status\",\"operator\":\"NE\",\"value\":\"FAILED\"}"),
                    400, u"IllegalArgument"_s, u"HTTP query operator[NE] is disabled because expensive operators are not allowed."_s);
        verifyError(http->request("POST", "/execution_failed/snapshot/count", "{\"operator\":\"RAW\",\"value\":\"x\"}"),
                    400, u"IllegalArgument"_s, u"HTTP query operator[RAW] is not allowed."_s);
        verifyError(http->request("GET", "/execution_failed/x/event/1/2147483646"), 400, u"IllegalArgument"_s,
                    u"HTTP list query limit[2147483646] must be between 1 and 1000."_s);
        QCOMPARE(http->request("GET", "/execution_failed/x/event/1/1000").status, 200);
        verifyError(http->request("POST", "/execution_failed/snapshot/count", "{\"field\":\"state.nope\",\"operator\":\"EQ\",\"value\":1}"),
                    400, u"IllegalArgument"_s, u"state.nope"_s);
        // Wow 9.x's operators are not part of the 8.10 condition this server reads.
        verifyError(http->request("POST", "/execution_failed/snapshot/count",
                                  "{\"operator\":\"NOR\",\"children\":[{\"field\":\"state.retryState.timeoutAt\",\"operator\":\"BEFORE_NOW\"}]}"),
                    400, u"IllegalArgument"_s, u"BEFORE_NOW is a Wow 9.x operator; a Wow 8.10 server does not know it."_s);
        verifyError(http->request("POST", "/execution_failed/snapshot/list", "{\"condition\":{\"operator\":\"MATCH_NONE\"},\"limit\":10}"),
                    400, u"IllegalArgument"_s, u"MATCH_NONE is a Wow 9.x operator; a Wow 8.10 server does not know it."_s);
    }

    void eventStreams()
    {
        const QByteArray id = create("w-ev");
        http->request("PUT", "/execution_failed/" + id + "/prepare_compensation");
        RawResponse r = http->request("GET", "/execution_failed/" + id + "/event/1/10");
        QCOMPARE(r.status, 200);
        QCOMPARE(QJsonDocument::fromJson(r.body).array().size(), 2);
        const auto stream = DomainEventStream::fromJson(QJsonDocument::fromJson(r.body).array().at(1));
        QVERIFY(stream.ok());
        QCOMPARE(stream->body.front().name, u"compensation_prepared"_s);
        r = http->request("GET", "/execution_failed/" + id + "/event/1/10", {}, {{"Accept", "text/event-stream"}});
        QCOMPARE(r.body.count("data:{"), 2);
        r = http->request("POST", "/execution_failed/event/paged", golden(u"paged_query_history.json"_s));
        QCOMPARE(r.status, 200);
        r = http->request("POST", "/execution_failed/event/paged",
                          "{\"condition\":{\"operator\":\"AGGREGATE_ID\",\"value\":\"w-ev\"},\"sort\":[{\"field\":\"version\",\"direction\":\"DESC\"}],\"pagination\":{\"index\":1,\"size\":10}}");
        QCOMPARE(r.json().value("total"_L1).toInt(), 2);
        QCOMPARE(r.json().value("list"_L1).toArray().first().toObject().value("version"_L1).toInt(), 2);
        QCOMPARE(http->request("POST", "/execution_failed/event/count", "{\"operator\":\"AGGREGATE_ID\",\"value\":\"w-ev\"}").body, QByteArray("2"));
        r = http->request("POST", "/execution_failed/event/list", "{\"condition\":{\"operator\":\"AGGREGATE_ID\",\"value\":\"w-ev\"},\"limit\":1}");
        QCOMPARE(QJsonDocument::fromJson(r.body).array().size(), 1);
        // Compensate: the example body of the API reference (COMMAND is refused), then EVENT.
        verifyError(http->request("PUT", "/execution_failed/" + id + "/1/compensate", golden(u"compensation_target.json"_s)),
                    400, u"IllegalArgument"_s, u"Unsupported FunctionKind:COMMAND"_s);
        r = http->request("PUT", "/execution_failed/" + id + "/1/compensate",
                          "{\"function\":{\"functionKind\":\"EVENT\",\"contextName\":\"c\",\"processorName\":\"p\",\"name\":\"n\"}}");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(r.body, QByteArray("1"));
        QCOMPARE(http->request("PUT", "/execution_failed/" + id + "/9/compensate",
                               "{\"function\":{\"functionKind\":\"EVENT\",\"contextName\":\"c\",\"processorName\":\"p\",\"name\":\"n\"}}").body,
                 QByteArray("0"));
    }

    void malformedAndUnknown()
    {
        RawResponse r = http->request("POST", "/execution_failed/snapshot/count", "{\"field\":");
        verifyError(r, 400, u"IllegalArgument"_s);
        QCOMPARE(r.json().value("bindingErrors"_L1).toArray().first().toObject().value("name"_L1).toString(), u"body"_s);
        verifyError(http->request("GET", "/wow/no/such/route"), 404, u"NotFound"_s, u"No static resource /wow/no/such/route."_s);
        verifyError(http->request("GET", "/execution_failed/a/b/c/d/e"), 404, u"NotFound"_s);
        verifyError(http->request("PATCH", "/execution_failed/x/state"), 404, u"NotFound"_s); // wrong method → 404 as Wow
        verifyError(http->request("POST", "/execution_failed/snapshot/count", "[1,2]"), 400, u"IllegalArgument"_s);
        verifyError(http->request("POST", "/execution_failed/snapshot/count", "{}", {{"Content-Type", "text/xml"}}, false), 415,
                    u"UnsupportedMediaType"_s);
        // Under the context alias too.
        QCOMPARE(http->request("GET", "/compensation/wow/metadata").status, 200);
        QCOMPARE(http->request("POST", "/compensation/execution_failed/snapshot/count", "{\"operator\":\"ID\",\"value\":\"w-q1\"}").body,
                 QByteArray("1"));
    }

    void staticWebRoot()
    {
        RawResponse r = http->request("GET", "/app.js");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("console.log(1)"));
        r = http->request("GET", "/to-retry"); // a dashboard route: index.html
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("<html>dashboard</html>"));
        QCOMPARE(http->request("GET", "/missing.css").status, 404);
        QCOMPARE(http->request("GET", "/../wire.db").status, 404);
        QCOMPARE(http->request("GET", "/%2e%2e/wire.db").status, 404);
    }

    void bodyLimitAndSlowClients()
    {
        // A huge declared body is refused from its headers alone; the rest is never read.
        RawResponse r = http->send("POST /execution_failed/snapshot/count HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                   "Content-Length: 104857600\r\n\r\n{\"field\":",
                                   5000, true);
        QCOMPARE(r.status, 413);
        QCOMPARE(r.header("Wow-Error-Code"), QByteArray("PayloadTooLarge"));
        QVERIFY(r.closed);
        // A chunked body that grows past the limit.
        QByteArray chunked = "POST /execution_failed/snapshot/count HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (int i = 0; i < 9; ++i)
            chunked += "100000\r\n" + QByteArray(0x100000, ' ') + "\r\n";
        r = http->send(chunked, 10000);
        QCOMPARE(r.status, 413);

        // A client that sends half a request keeps its connection; others are served meanwhile.
        QTcpSocket slow;
        slow.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(slow.waitForConnected(2000));
        slow.write("GET /wow/metadata HTTP/1.1\r\nHost: x\r\n");
        QTest::qWait(50);
        QCOMPARE(http->request("GET", "/wow/metadata").status, 200);
        // Keep-alive: two requests on one connection, answered in order.
        r = http->send("GET /wow/id/global HTTP/1.1\r\nHost: x\r\n\r\nGET /wow/metadata HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body.size(), 15);
        // Garbage is a 400, not a crash.
        r = http->send("THIS IS NOT HTTP\r\n\r\n");
        QCOMPARE(r.status, 400);
        QCOMPARE(http->request("GET", "/wow/metadata").status, 200);
    }

    void bearerToken()
    {
        WowApiServerConfig c;
        c.token = u"s3cret"_s;
        WowApiServer guarded(engine.get(), c);
        QVERIFY(guarded.listen(QHostAddress::LocalHost, 0));
        RawHttp h(guarded.port());
        RawResponse r = h.request("GET", "/wow/metadata");
        verifyError(r, 401, u"Unauthorized"_s);
        QCOMPARE(r.header("WWW-Authenticate"), QByteArray("Bearer"));
        verifyError(h.request("GET", "/wow/metadata", {}, {{"Authorization", "Bearer wrong"}}), 401, u"Unauthorized"_s);
        QCOMPARE(h.request("GET", "/wow/metadata", {}, {{"Authorization", "Bearer s3cret"}}).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestServerWire)
#include "tst_server_wire.moc"
