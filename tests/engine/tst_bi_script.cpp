// BI sync script (POST /wow/bi/script): the ClickHouse script Wow's wow-bi generator writes for
// execution_failed (DEPLOY / RESET, CLUSTER / STANDALONE), its diagnostics, Wow's option
// validation and the request/response codecs.

#include "builtin/bi_script_generator.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include "test_printers.h"

using namespace wci;
using namespace Qt::StringLiterals;

namespace {

const QString kAggregate = u"compensation.execution_failed"_s;
const QString kPrefix = u"compensation_execution_failed"_s;

BiScriptRequest reset()
{
    BiScriptRequest r;
    r.operation = BiScriptOperationMode::Reset;
    r.replayFromEarliestConfirmed = true;
    return r;
}

BiScriptRequest standalone(BiScriptRequest r = {})
{
    r.topology = BiScriptTopologyRequest{BiScriptTopologyMode::Standalone, std::nullopt};
    return r;
}

QString sha16(const QString &value)
{
    return QString::fromLatin1(QCryptographicHash::hash(value.toUtf8(), QCryptographicHash::Sha256).left(16).toHex());
}

// All "-- name --" marker lines in order (sections are bracketed by a pair of markers).
QStringList markers(const QString &script)
{
    QStringList out;
    for (const QString &line : script.split(u'\n')) {
        if (line.startsWith(u"-- "_s) && line.endsWith(u" --"_s))
            out.append(line.mid(3, line.size() - 6));
    }
    return out;
}

// The text between the pair of markers of one section.
QString section(const QString &script, const QString &name)
{
    const QString marker = u"-- "_s + name + u" --\n"_s;
    const qsizetype begin = script.indexOf(marker);
    if (begin < 0)
        return {};
    const qsizetype end = script.indexOf(marker, begin + marker.size());
    return end < 0 ? QString() : script.mid(begin + marker.size(), end - begin - marker.size());
}

// The statements of a section (Wow separates them by one blank line).
QStringList statementsOf(const QString &sectionText)
{
    QStringList out = sectionText.trimmed().split(u"\n\n"_s, Qt::SkipEmptyParts);
    return out;
}

QList<QJsonObject> metadataComments(const QString &script)
{
    static const QRegularExpression re(u"'wow-bi:(\\{[^']*\\})'"_s);
    QList<QJsonObject> out;
    for (auto it = re.globalMatch(script); it.hasNext();)
        out.append(QJsonDocument::fromJson(it.next().captured(1).toUtf8()).object());
    return out;
}

// VALUES rows of a registry INSERT.
QStringList registryRows(const QString &insert)
{
    static const QRegularExpression re(u"^ *\\(('[0-9a-f]{32}'.*)\\)[,;]$"_s, QRegularExpression::MultilineOption);
    QStringList out;
    for (auto it = re.globalMatch(insert); it.hasNext();)
        out.append(it.next().captured(1));
    return out;
}

QStringList ddlFirstLines(const QString &script)
{
    QStringList out;
    for (const QString &line : script.split(u'\n')) {
        if (line.startsWith(u"CREATE "_s) || line.startsWith(u"DROP "_s))
            out.append(line);
    }
    return out;
}

} // namespace

class TestBiScript : public QObject {
    Q_OBJECT

private slots:
    void deployDefaultsCreatesTheWholeGraph();
    void deployExpandsEveryStateField();
    void deployRegistersOwnershipAndAnchors();
    void deployDiagnostics();
    void standaloneHasNoClusterClauses();
    void clusterAddsOnClusterEverywhere();
    void clusterPartialOverrideKeepsDefaults();
    void optionOverridesAreRenderedAndEscaped();
    void resetDiffersAndIsDestructive();
    void resetStandalone();
    void maxExpansionDepthLimitsNesting();
    void unsupportedTypeStrategyFail();
    void validation_data();
    void validation();
    void boundaryLengthsAreAccepted();
    void requestJsonRoundTrip();
    void requestJsonStrictReading_data();
    void requestJsonStrictReading();
    void responseJsonRoundTrip();
};

void TestBiScript::deployDefaultsCreatesTheWholeGraph()
{
    const auto r = generateBiScript(BiScriptRequest{});
    QVERIFY2(r.ok(), qPrintable(r ? QString() : r.error().message));
    const QString &s = r->script;
    QVERIFY(!r->destructive);
    QVERIFY(s.endsWith(u"-- deployment-anchor --\n"_s));

    const QStringList expectedMarkers = [] {
        const QStringList sections = {
            u"global"_s, u"ownership-registry"_s, u"ownership-registry-intent"_s, u"lifecycle"_s,
            kAggregate + u".commandStorage"_s, kAggregate + u".stateStorage"_s, kAggregate + u".stateLast"_s,
            kAggregate + u".expansion"_s, kAggregate + u".commandPublic"_s, kAggregate + u".statePublic"_s,
            kAggregate + u".commandIngress"_s, kAggregate + u".stateIngress"_s,
            u"ownership-registry-confirmation"_s, u"deployment-anchor"_s};
        QStringList out;
        for (const QString &name : sections)
            out << name << name;
        return out;
    }();
    QCOMPARE(markers(s), expectedMarkers);

    // Databases (server defaults bi_db / bi_db_consumer, CLUSTER '{cluster}').
    QCOMPARE(statementsOf(section(s, u"global"_s)),
             QStringList({u"CREATE DATABASE IF NOT EXISTS \"bi_db\" ON CLUSTER '{cluster}';"_s,
                          u"CREATE DATABASE IF NOT EXISTS \"bi_db_consumer\" ON CLUSTER '{cluster}';"_s}));

    // Replicated local stores behind Distributed facades.
    const QString commandStorage = section(s, kAggregate + u".commandStorage"_s);
    QVERIFY(commandStorage.startsWith(
        u"CREATE TABLE \"bi_db\".\"compensation_execution_failed_command_store_local\" ON CLUSTER '{cluster}'\n(\n"
        "    \"id\" String,\n"_s));
    QVERIFY(commandStorage.contains(
        u"    \"create_time\" DateTime64(3, 'Asia/Shanghai')\n"
        ") ENGINE = ReplicatedReplacingMergeTree('/clickhouse/{installation}/{cluster}/tables/{shard}/{database}/{table}', "
        "'{replica}')\n  PARTITION BY toYYYYMM(\"create_time\")\n  ORDER BY \"id\"\n"_s));
    QVERIFY(commandStorage.contains(
        u"CREATE TABLE \"bi_db\".\"compensation_execution_failed_command_store\" ON CLUSTER '{cluster}'\n"
        "AS \"bi_db\".\"compensation_execution_failed_command_store_local\"\n"
        "ENGINE = Distributed('{cluster}', \"bi_db\",\n"
        "                     'compensation_execution_failed_command_store_local', sipHash64(\"aggregate_id\"))\n"_s));
    const QString stateStorage = section(s, kAggregate + u".stateStorage"_s);
    QVERIFY(stateStorage.contains(u"    \"state\" String,\n    \"body\" Array(String),\n"_s));
    QVERIFY(stateStorage.contains(
        u"'{replica}', \"version\")\n      PARTITION BY toYYYYMM(\"create_time\")\n"
        "      ORDER BY (\"tenant_id\", \"aggregate_id\", \"version\")\n"_s));
    QVERIFY(stateStorage.contains(u"'compensation_execution_failed_state_store_local', sipHash64(\"tenant_id\", \"aggregate_id\"))"_s));

    // Latest state: store fed by a materialized view from the state store, read through FINAL.
    const QString stateLast = section(s, kAggregate + u".stateLast"_s);
    QVERIFY(stateLast.contains(u"      PARTITION BY toYYYYMM(\"first_event_time\")\n      ORDER BY (\"tenant_id\", \"aggregate_id\")\n"_s));
    QVERIFY(stateLast.contains(
        u"CREATE MATERIALIZED VIEW \"bi_db_consumer\".\"compensation_execution_failed_state_last_consumer\" ON CLUSTER '{cluster}'\n"
        "TO \"bi_db\".\"compensation_execution_failed_state_last_store\"\nAS (\nSELECT *\n"
        "FROM \"bi_db\".\"compensation_execution_failed_state_store\"\n) COMMENT 'wow-bi:"_s));
    QVERIFY(stateLast.contains(
        u"CREATE VIEW \"bi_db\".\"compensation_execution_failed_state_last\" ON CLUSTER '{cluster}'\n"
        "AS (SELECT * FROM \"bi_db\".\"compensation_execution_failed_state_last_store\" FINAL)\nCOMMENT 'wow-bi:"_s));

    // Public views and the per-event view.
    QVERIFY(section(s, kAggregate + u".commandPublic"_s).startsWith(
        u"CREATE VIEW \"bi_db\".\"compensation_execution_failed_command\" ON CLUSTER '{cluster}'\n"
        "AS (SELECT * FROM \"bi_db\".\"compensation_execution_failed_command_store\" FINAL)\n"_s));
    const QString statePublic = section(s, kAggregate + u".statePublic"_s);
    QVERIFY(statePublic.contains(u"CREATE VIEW \"bi_db\".\"compensation_execution_failed_state_event\" ON CLUSTER '{cluster}'\nAS (\n"
                                 "WITH arrayJoin(arrayZip(arrayEnumerate(\"body\"),\n"_s));
    QVERIFY(statePublic.contains(u"JSONExtract(\"events\".2, 'name', 'String') AS \"event_name\""_s));
    QVERIFY(statePublic.contains(u"FROM \"bi_db\".\"compensation_execution_failed_state\"\n) COMMENT"_s));

    // Kafka ingress: one Kafka-engine queue and one materialized view per stream.
    const QString deployedIdentity = metadataComments(s).first().value(u"configurationFingerprint"_s).toString();
    const QString commandIngress = section(s, kAggregate + u".commandIngress"_s);
    QVERIFY(commandIngress.startsWith(
        u"CREATE TABLE \"bi_db_consumer\".\"compensation_execution_failed_command_queue\" ON CLUSTER '{cluster}'\n"
        "(\"data\" String)\nENGINE = Kafka('localhost:9093', 'wow.compensation.execution_failed.command',\n"
        "               'wow-bi."_s
        + deployedIdentity + u".compensation_execution_failed_command_consumer', 'JSONAsString')\n"_s));
    QVERIFY(commandIngress.contains(
        u"CREATE MATERIALIZED VIEW \"bi_db_consumer\".\"compensation_execution_failed_command_consumer\" ON CLUSTER '{cluster}'\n"
        "TO \"bi_db\".\"compensation_execution_failed_command_store\"\nAS (\n"
        "SELECT JSONExtractString(\"data\", 'id') AS \"id\",\n"_s));
    QVERIFY(commandIngress.contains(u"FROM \"bi_db_consumer\".\"compensation_execution_failed_command_queue\"\n) COMMENT"_s));
    const QString stateIngress = section(s, kAggregate + u".stateIngress"_s);
    QVERIFY(stateIngress.contains(u") ENGINE = Kafka('localhost:9093', 'wow.compensation.execution_failed.state',\n"_s));
    QVERIFY(stateIngress.contains(
        u"CREATE MATERIALIZED VIEW \"bi_db_consumer\".\"compensation_execution_failed_state_consumer\" ON CLUSTER '{cluster}'\n"
        "TO \"bi_db\".\"compensation_execution_failed_state_store\"\n"_s));
    QVERIFY(stateIngress.contains(
        u"toDateTime64(JSONExtractInt(\"data\", 'firstEventTime') / 1000.0, 3, 'Asia/Shanghai') AS \"first_event_time\""_s));

    // Offline DEPLOY (no deployment inspector): create-only, nothing dropped or replaced.
    QVERIFY(!s.contains(u"DROP "_s));
    QVERIFY(!s.contains(u"CREATE OR REPLACE"_s));
    QVERIFY(!s.contains(u"CREATE MATERIALIZED VIEW IF NOT EXISTS"_s));

    // Deterministic for the same options.
    const auto again = generateBiScript(BiScriptRequest{});
    QVERIFY(again.ok());
    QCOMPARE(again->script, s);
}

void TestBiScript::deployExpandsEveryStateField()
{
    const auto r = generateBiScript(BiScriptRequest{});
    QVERIFY(r.ok());
    const QStringList views = statementsOf(section(r->script, kAggregate + u".expansion"_s));
    QCOMPARE(views.size(), 2);
    const QString &root = views.at(0);
    QVERIFY(root.startsWith(u"CREATE VIEW \"bi_db\".\"compensation_execution_failed_state_last_root\" ON CLUSTER '{cluster}' AS (\n"
                            "WITH\n"
                            "JSONExtractRaw(\"__source\".\"state\", 'error') AS \"error\",\n"
                            "JSONExtractRaw(\"__source\".\"state\", 'eventId') AS \"event_id\",\n"
                            "JSONExtractRaw(\"__source\".\"state\", 'function') AS \"function\",\n"
                            "JSONExtractRaw(\"__source\".\"state\", 'retrySpec') AS \"retry_spec\",\n"
                            "JSONExtractRaw(\"__source\".\"state\", 'retryState') AS \"retry_state\"\n"
                            "SELECT\n"_s));
    // Every ExecutionFailedState field (docs/wire-protocol.md §3.2), sorted by target column name.
    const QStringList stateColumns = {
        u"JSONExtractArrayRaw(\"error\", 'bindingErrors') AS \"error__binding_errors\""_s,
        u"JSONExtract(\"error\", 'errorCode', 'String') AS \"error__error_code\""_s,
        u"JSONExtract(\"error\", 'errorMsg', 'String') AS \"error__error_msg\""_s,
        u"JSONExtract(\"error\", 'stackTrace', 'String') AS \"error__stack_trace\""_s,
        u"JSONExtract(\"error\", 'succeeded', 'Bool') AS \"error__succeeded\""_s,
        u"JSONExtractRaw(\"event_id\", 'aggregateId') AS \"event_id__aggregate_id\""_s,
        u"JSONExtract(\"event_id\", 'id', 'String') AS \"event_id__id\""_s,
        u"JSONExtract(\"event_id\", 'version', 'Int32') AS \"event_id__version\""_s,
        u"JSONExtract(\"__source\".\"state\", 'executeAt', 'Int64') AS \"execute_at\""_s,
        u"JSONExtract(\"function\", 'contextName', 'String') AS \"function__context_name\""_s,
        u"JSONExtract(\"function\", 'functionKind', 'String') AS \"function__function_kind\""_s,
        u"JSONExtract(\"function\", 'name', 'String') AS \"function__name\""_s,
        u"JSONExtract(\"function\", 'processorName', 'String') AS \"function__processor_name\""_s,
        u"JSONExtract(\"__source\".\"state\", 'id', 'String') AS \"id\""_s,
        u"JSONExtract(\"__source\".\"state\", 'isBelowRetryThreshold', 'Bool') AS \"is_below_retry_threshold\""_s,
        u"JSONExtract(\"__source\".\"state\", 'isRetryable', 'Bool') AS \"is_retryable\""_s,
        u"JSONExtract(\"__source\".\"state\", 'recoverable', 'String') AS \"recoverable\""_s,
        u"JSONExtract(\"retry_spec\", 'executionTimeout', 'Int32') AS \"retry_spec__execution_timeout\""_s,
        u"JSONExtract(\"retry_spec\", 'maxRetries', 'Int32') AS \"retry_spec__max_retries\""_s,
        u"JSONExtract(\"retry_spec\", 'minBackoff', 'Int32') AS \"retry_spec__min_backoff\""_s,
        u"JSONExtract(\"retry_state\", 'nextRetryAt', 'Int64') AS \"retry_state__next_retry_at\""_s,
        u"JSONExtract(\"retry_state\", 'retries', 'Int32') AS \"retry_state__retries\""_s,
        u"JSONExtract(\"retry_state\", 'retryAt', 'Int64') AS \"retry_state__retry_at\""_s,
        u"JSONExtract(\"retry_state\", 'timeoutAt', 'Int64') AS \"retry_state__timeout_at\""_s,
        u"JSONExtract(\"__source\".\"state\", 'status', 'String') AS \"status\""_s,
        u"\"__source\".\"state\" AS \"__state\""_s,
        u"'' AS \"__path\""_s,
        u"\"__source\".\"id\" AS \"__id\""_s,
    };
    QVERIFY2(root.contains(stateColumns.join(u",\n"_s)), qPrintable(root));
    QVERIFY(root.contains(u"\"__source\".\"deleted\" AS \"__deleted\"\n"
                          "FROM \"bi_db\".\"compensation_execution_failed_state_last\" AS \"__source\"\n) COMMENT 'wow-bi:"_s));

    // The binding errors list becomes one row per element, with the root columns inherited.
    const QString &items = views.at(1);
    QVERIFY(items.startsWith(
        u"CREATE VIEW \"bi_db\".\"compensation_execution_failed_state_last_root_error__binding_errors\" ON CLUSTER '{cluster}' AS (\n"
        "WITH\n"
        "arrayJoin(arrayZip(arrayEnumerate(JSONExtractArrayRaw(\"error\", 'bindingErrors')),\n"
        "                   JSONExtractArrayRaw(\"error\", 'bindingErrors'))) AS \"__cursor__error__binding_errors\",\n"
        "tupleElement(\"__cursor__error__binding_errors\", 2) AS \"error__binding_errors\",\n"
        "JSONExtractRaw(\"__source\".\"state\", 'error') AS \"error\",\n"_s));
    QVERIFY(items.contains(u"SELECT\n"
                           "JSONExtract(\"error__binding_errors\", 'msg', 'String') AS \"error__binding_errors__msg\",\n"
                           "JSONExtract(\"error__binding_errors\", 'name', 'String') AS \"error__binding_errors__name\",\n"
                           "JSONExtract(\"error\", 'errorCode', 'String') AS \"error__error_code\",\n"_s));
    QVERIFY(!items.contains(u"JSONExtractArrayRaw(\"error\", 'bindingErrors') AS"_s)); // not inherited
    QVERIFY(items.contains(u"JSONExtract(\"__source\".\"state\", 'status', 'String') AS \"status\",\n"_s));
    QVERIFY(items.contains(
        u"toUInt64(tupleElement(\"__cursor__error__binding_errors\", 1) - 1) AS \"__index\",\n"
        "concat('/error', '/bindingErrors/', toString(tupleElement(\"__cursor__error__binding_errors\", 1) - 1)) AS \"__path\",\n"_s));
}

void TestBiScript::deployRegistersOwnershipAndAnchors()
{
    const auto r = generateBiScript(BiScriptRequest{});
    QVERIFY(r.ok());
    const QString &s = r->script;

    // Wow's BiDeploymentDescriptor: deployment id from namespace / database / consumer database.
    const QString deploymentId = sha16(u"compensation-service\u0000bi_db\u0000bi_db_consumer"_s);
    const QString configuration = sha16(QStringList{u"bi_db"_s, u"bi_db_consumer"_s, u"CLUSTER"_s, u"{cluster}"_s,
                                                    u"{installation}"_s, u"Asia/Shanghai"_s, u"localhost:9093"_s,
                                                    u"wow."_s, u"compensation-service"_s, u"BROKER"_s,
                                                    u"/clickhouse/wow-bi"_s}
                                            .join(QChar(u'\0')));
    const QList<QJsonObject> comments = metadataComments(s);
    QCOMPARE(comments.size(), 18); // the 17 owned objects once each, then the anchor
    QSet<QString> kinds;
    for (const QJsonObject &c : comments) {
        QCOMPARE(c.value(u"protocolVersion"_s).toInt(), 3);
        QCOMPARE(c.value(u"layoutVersion"_s).toInt(), 7);
        QCOMPARE(c.value(u"phase"_s).toString(), u"STABLE"_s);
        QCOMPARE(c.value(u"deploymentId"_s).toString(), deploymentId);
        QCOMPARE(c.value(u"configurationFingerprint"_s).toString(), configuration);
        QCOMPARE(c.value(u"consumerIdentity"_s).toString(), configuration); // deterministic identity on DEPLOY
        const QString kind = c.value(u"kind"_s).toString();
        kinds.insert(kind);
        QCOMPARE(c.value(u"aggregate"_s).toString(), kind == u"ANCHOR"_s ? QString() : kAggregate);
    }
    QCOMPARE(kinds, QSet<QString>({u"STORE"_s, u"VIEW"_s, u"QUEUE"_s, u"CONSUMER"_s, u"ANCHOR"_s}));

    const QString registry = u"__wow_bi_registry_"_s + deploymentId;
    QVERIFY(section(s, u"ownership-registry"_s)
                .startsWith(u"CREATE TABLE IF NOT EXISTS \"bi_db_consumer\".\""_s + registry + u"\" ON CLUSTER '{cluster}'\n"_s));
    QVERIFY(section(s, u"ownership-registry"_s)
                .contains(u") ENGINE = ReplicatedReplacingMergeTree('/clickhouse/{installation}/{cluster}/control/wow-bi/"_s
                          + deploymentId + u"', '{shard}-{replica}', \"revision\")\n"_s));

    // 17 owned objects: PENDING_CREATE at revisions 1..17, then ACTIVE at 18..34.
    const QStringList intent = registryRows(section(s, u"ownership-registry-intent"_s));
    const QStringList confirmed = registryRows(section(s, u"ownership-registry-confirmation"_s));
    QCOMPARE(intent.size(), 18);
    QCOMPARE(confirmed.size(), 18);
    QVERIFY(intent.first().contains(u"'HEAD', '', '', 'ANCHOR', NULL, NULL, "_s));
    QVERIFY(intent.first().contains(u", 17, 'ACTIVE', "_s));
    QVERIFY(confirmed.first().contains(u", 34, 'ACTIVE', "_s));
    QVERIFY(intent.at(1).startsWith(u"'"_s + deploymentId
                                    + u"', 'OBJECT', 'bi_db', 'compensation_execution_failed_command', 'VIEW', '"_s
                                    + kAggregate + u"', '"_s + configuration + u"', '"_s));
    QVERIFY(intent.at(1).contains(u"', 1, 'PENDING_CREATE', '"_s));
    QVERIFY(intent.last().contains(u"'bi_db_consumer', 'compensation_execution_failed_state_queue', 'QUEUE'"_s));
    QVERIFY(intent.last().contains(u"', 17, 'PENDING_CREATE', '"_s));
    QVERIFY(confirmed.at(1).contains(u"', 18, 'ACTIVE', '"_s));
    // Definition fingerprints are stable between intent and confirmation.
    QCOMPARE(intent.at(1).section(u", "_s, 7, 7), confirmed.at(1).section(u", "_s, 7, 7));
    // Wow's fingerprint of the command view: its key, kind, owner, engine and expected query.
    QCOMPARE(intent.at(1).section(u", "_s, 7, 7),
             u"'"_s
                 + sha16(QStringList{u"bi_db"_s, u"compensation_execution_failed_command"_s, u"VIEW"_s, kAggregate,
                                     u"View"_s,
                                     u"SELECT * FROM \"bi_db\".\"compensation_execution_failed_command_store\" FINAL"_s,
                                     QString(), QString()}
                             .join(QChar(u'\0')))
                 + u"'"_s);

    const QString anchor = section(s, u"deployment-anchor"_s);
    QVERIFY(anchor.startsWith(u"CREATE VIEW \"bi_db_consumer\".\"__wow_bi_deployment\" ON CLUSTER '{cluster}' "
                              "AS (SELECT 1 AS \"alive\" WHERE 0) COMMENT 'wow-bi:"_s));
    QCOMPARE(comments.last().value(u"kind"_s).toString(), u"ANCHOR"_s);
    QCOMPARE(comments.last().value(u"registryRevision"_s).toInt(), 34);
}

void TestBiScript::deployDiagnostics()
{
    const auto r = generateBiScript(BiScriptRequest{});
    QVERIFY(r.ok());
    const std::vector<BiScriptDiagnostic> expected = {
        {u"CLUSTER_INTERNAL_REPLICATION_REQUIRED"_s, u"*"_s, u"topology.cluster"_s, u"ClickHouseTopology.Cluster"_s,
         u"EXTERNAL_CONFIGURATION_REQUIRED"_s,
         u"Configure internal_replication=true for every shard before applying clustered BI DDL."_s},
        {u"INSPECTION_UNAVAILABLE"_s, u"*"_s, u"lifecycle.inspection"_s, u"BiDeploymentInspector"_s,
         u"RECONCILIATION_SKIPPED"_s,
         u"BI deployment inspection is unavailable; generated current desired state without stale-object "
         "reconciliation."_s},
        {u"RAW_JSON_FALLBACK"_s, u"compensation-service.execution_failed"_s, u"eventId.aggregateId"_s,
         u"me.ahoo.wow.api.modeling.AggregateId"_s, u"RAW_JSON"_s,
         u"Unsupported property [eventId.aggregateId] with type [me.ahoo.wow.api.modeling.AggregateId] is projected "
         "as scoped JSON; the authoritative lexical value remains in __state."_s},
    };
    QCOMPARE(r->diagnostics.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        QCOMPARE(r->diagnostics[i].toJson(), expected[i].toJson());
}

void TestBiScript::standaloneHasNoClusterClauses()
{
    const auto r = generateBiScript(standalone());
    QVERIFY(r.ok());
    const QString &s = r->script;
    QVERIFY(!s.contains(u"ON CLUSTER"_s));
    QVERIFY(!s.contains(u"_local"_s));
    QVERIFY(!s.contains(u"Distributed("_s));
    QVERIFY(!s.contains(u"Replicated"_s));
    QVERIFY(s.contains(u"CREATE DATABASE IF NOT EXISTS \"bi_db\";\n"_s));
    QVERIFY(s.contains(u"CREATE TABLE \"bi_db\".\"compensation_execution_failed_command_store\"\n(\n"_s));
    QVERIFY(s.contains(u") ENGINE = ReplacingMergeTree\n  PARTITION BY toYYYYMM(\"create_time\")\n"_s));
    QVERIFY(s.contains(u") ENGINE = ReplacingMergeTree(\"version\")\n      PARTITION BY toYYYYMM(\"first_event_time\")\n"_s));
    QVERIFY(s.contains(u") ENGINE = ReplacingMergeTree(\"revision\")\n"_s));
    QVERIFY(s.contains(u"CREATE TABLE \"bi_db_consumer\".\"compensation_execution_failed_state_queue\"\n(\n"_s));
    // Three stores instead of six: 14 owned objects.
    QCOMPARE(registryRows(section(s, u"ownership-registry-intent"_s)).size(), 15);
    QCOMPARE(metadataComments(s).last().value(u"registryRevision"_s).toInt(), 28);
    QCOMPARE(r->diagnostics.size(), std::size_t(2));
    QCOMPARE(r->diagnostics[0].code, u"INSPECTION_UNAVAILABLE"_s);
    QCOMPARE(r->diagnostics[1].code, u"RAW_JSON_FALLBACK"_s);

    // Same deployment id as the clustered variant, different configuration/topology fingerprints.
    const auto cluster = generateBiScript(BiScriptRequest{});
    QVERIFY(cluster.ok());
    const QJsonObject a = metadataComments(s).first();
    const QJsonObject b = metadataComments(cluster->script).first();
    QCOMPARE(a.value(u"deploymentId"_s), b.value(u"deploymentId"_s));
    QVERIFY(a.value(u"configurationFingerprint"_s) != b.value(u"configurationFingerprint"_s));
    QVERIFY(a.value(u"topologyFingerprint"_s) != b.value(u"topologyFingerprint"_s));
}

void TestBiScript::clusterAddsOnClusterEverywhere()
{
    BiScriptRequest q;
    q.topology = BiScriptTopologyRequest{BiScriptTopologyMode::Cluster, BiScriptClusterRequest{u"prod"_s, u"ch1"_s}};
    for (const BiScriptRequest &request : {q, [&] {
             BiScriptRequest rq = reset();
             rq.topology = q.topology;
             return rq;
         }()}) {
        const auto r = generateBiScript(request);
        QVERIFY(r.ok());
        const QString &s = r->script;
        const QStringList ddl = ddlFirstLines(s);
        QVERIFY(ddl.size() > 20);
        for (const QString &line : ddl)
            QVERIFY2(line.contains(u" ON CLUSTER 'prod'"_s), qPrintable(line));
        QVERIFY(!s.contains(u"{cluster}"_s));
        QVERIFY(!s.contains(u"{installation}"_s));
        QVERIFY(s.contains(u"ReplicatedReplacingMergeTree('/clickhouse/ch1/prod/tables/{shard}/{database}/{table}', '{replica}', \"version\")"_s));
        QVERIFY(s.contains(u"ENGINE = Distributed('prod', \"bi_db\",\n"_s));
        QCOMPARE(r->diagnostics.front().code, u"CLUSTER_INTERNAL_REPLICATION_REQUIRED"_s);
    }
    const auto deploy = generateBiScript(q);
    QVERIFY(deploy->script.contains(u"'/clickhouse/ch1/prod/control/wow-bi/"_s));
}

void TestBiScript::clusterPartialOverrideKeepsDefaults()
{
    BiScriptRequest q;
    q.topology = BiScriptTopologyRequest{BiScriptTopologyMode::Cluster, BiScriptClusterRequest{u"prod"_s, std::nullopt}};
    const auto r = generateBiScript(q);
    QVERIFY(r.ok());
    QVERIFY(r->script.contains(u"'/clickhouse/{installation}/prod/tables/{shard}/{database}/{table}'"_s));

    BiScriptRequest explicitDefault;
    explicitDefault.topology = BiScriptTopologyRequest{BiScriptTopologyMode::Cluster, std::nullopt};
    const auto d = generateBiScript(explicitDefault);
    QVERIFY(d.ok());
    QCOMPARE(d->script, generateBiScript(BiScriptRequest{})->script);
}

void TestBiScript::optionOverridesAreRenderedAndEscaped()
{
    BiScriptRequest q = standalone();
    q.database = u"analytics"_s;
    q.consumerDatabase = u"analytics_in"_s;
    q.timezone = u"UTC"_s;
    q.kafkaBootstrapServers = u"k1:9092,k2:9092"_s;
    q.topicPrefix = u"prod.wow."_s;
    const auto r = generateBiScript(q);
    QVERIFY(r.ok());
    const QString &s = r->script;
    QVERIFY(!s.contains(u"\"bi_db\""_s));
    QVERIFY(!s.contains(u"Asia/Shanghai"_s));
    QVERIFY(s.contains(u"CREATE DATABASE IF NOT EXISTS \"analytics\";"_s));
    QVERIFY(s.contains(u"CREATE DATABASE IF NOT EXISTS \"analytics_in\";"_s));
    QVERIFY(s.contains(u"CREATE TABLE \"analytics_in\".\"compensation_execution_failed_command_queue\"\n"_s));
    QVERIFY(s.contains(u"TO \"analytics\".\"compensation_execution_failed_command_store\"\n"_s));
    QVERIFY(s.contains(u"\"create_time\" DateTime64(3, 'UTC')"_s));
    QVERIFY(s.contains(u"ENGINE = Kafka('k1:9092,k2:9092', 'prod.wow.compensation.execution_failed.command',"_s));
    QVERIFY(s.contains(u"'prod.wow.compensation.execution_failed.state',"_s));
    QVERIFY(s.contains(u"\"__wow_bi_registry_"_s + sha16(u"compensation-service\u0000analytics\u0000analytics_in"_s)));

    // ClickHouse quoting: '' inside literals, \" inside identifiers.
    BiScriptRequest quoted = standalone();
    quoted.topicPrefix = u"it's."_s;
    quoted.database = u"a\"b"_s;
    const auto e = generateBiScript(quoted);
    QVERIFY(e.ok());
    QVERIFY(e->script.contains(u"'it''s.compensation.execution_failed.command'"_s));
    QVERIFY(e->script.contains(u"CREATE DATABASE IF NOT EXISTS \"a\\\"b\";"_s));
}

void TestBiScript::resetDiffersAndIsDestructive()
{
    const auto deploy = generateBiScript(BiScriptRequest{});
    const auto r = generateBiScript(reset());
    QVERIFY2(r.ok(), qPrintable(r ? QString() : r.error().message));
    QVERIFY(deploy.ok());
    const QString &s = r->script;
    QVERIFY(r->destructive);
    QVERIFY(s != deploy->script);

    const QStringList expectedMarkers = [] {
        QStringList out{u"global"_s, u"global"_s, u"lifecycle"_s};
        for (const QString &name : {u"deployment-reset-intent"_s, u"reset-observed-catalog"_s, u"reset-ownership-registry"_s})
            out << name << name;
        out << u"lifecycle"_s;
        const QStringList sections = {
            kAggregate + u".commandStorage"_s, kAggregate + u".stateStorage"_s, kAggregate + u".stateLast"_s,
            kAggregate + u".expansion"_s,      kAggregate + u".commandPublic"_s, kAggregate + u".statePublic"_s,
            u"deployment-anchor"_s,            kAggregate + u".commandIngress"_s, kAggregate + u".stateIngress"_s};
        for (const QString &name : sections)
            out << name << name;
        return out;
    }();
    QCOMPARE(markers(s), expectedMarkers);
    QVERIFY(!s.contains(u"INSERT INTO"_s));

    // The anchor records the RESETTING intent before anything is dropped.
    QVERIFY(section(s, u"deployment-reset-intent"_s)
                .startsWith(u"CREATE OR REPLACE VIEW \"bi_db_consumer\".\"__wow_bi_deployment\" ON CLUSTER '{cluster}' AS "_s));
    QVERIFY(section(s, u"deployment-reset-intent"_s).contains(u"\"phase\":\"RESETTING\""_s));

    // Every object of the deployed graph is dropped: computed objects and queues first, then stores.
    const QStringList drops = statementsOf(section(s, u"reset-observed-catalog"_s));
    QCOMPARE(drops.size(), 17);
    QCOMPARE(drops.first(), u"DROP VIEW IF EXISTS \"bi_db\".\"compensation_execution_failed_state_last_root_error__binding_errors\" ON CLUSTER '{cluster}' SYNC;"_s);
    QCOMPARE(drops.last(), u"DROP TABLE IF EXISTS \"bi_db\".\"compensation_execution_failed_state_store_local\" ON CLUSTER '{cluster}' SYNC;"_s);
    QVERIFY(drops.contains(u"DROP TABLE IF EXISTS \"bi_db_consumer\".\"compensation_execution_failed_command_queue\" ON CLUSTER '{cluster}' SYNC;"_s));
    QVERIFY(drops.contains(u"DROP VIEW IF EXISTS \"bi_db_consumer\".\"compensation_execution_failed_state_consumer\" ON CLUSTER '{cluster}' SYNC;"_s));
    QVERIFY(drops.contains(u"DROP TABLE IF EXISTS \"bi_db\".\"compensation_execution_failed_command_store\" ON CLUSTER '{cluster}' SYNC;"_s));
    const auto firstStoreDrop = std::find_if(drops.begin(), drops.end(), [](const QString &d) { return d.contains(u"_store"_s); });
    QVERIFY(std::all_of(firstStoreDrop, drops.end(), [](const QString &d) { return d.startsWith(u"DROP TABLE"_s); }));
    QVERIFY(!s.contains(u"DROP VIEW IF EXISTS \"bi_db_consumer\".\"__wow_bi_deployment\""_s));
    const QString deploymentId = sha16(u"compensation-service\u0000bi_db\u0000bi_db_consumer"_s);
    QCOMPARE(section(s, u"reset-ownership-registry"_s),
             u"DROP TABLE IF EXISTS \"bi_db_consumer\".\"__wow_bi_registry_"_s + deploymentId
                 + u"\" ON CLUSTER '{cluster}';\n"_s);

    // Re-created idempotently; consumers are dropped and re-created; queues are new.
    QVERIFY(s.contains(u"CREATE TABLE IF NOT EXISTS \"bi_db\".\"compensation_execution_failed_command_store_local\" ON CLUSTER '{cluster}'\n"_s));
    QVERIFY(s.contains(u"CREATE TABLE IF NOT EXISTS \"bi_db\".\"compensation_execution_failed_command_store\" ON CLUSTER '{cluster}'\nAS "_s));
    QVERIFY(s.contains(u"CREATE OR REPLACE VIEW \"bi_db\".\"compensation_execution_failed_state_last_root\" ON CLUSTER '{cluster}' AS (\n"_s));
    QVERIFY(section(s, kAggregate + u".commandIngress"_s)
                .startsWith(u"DROP VIEW IF EXISTS \"bi_db_consumer\".\"compensation_execution_failed_command_consumer\" ON CLUSTER '{cluster}' SYNC;\n\n"
                            "CREATE TABLE \"bi_db_consumer\".\"compensation_execution_failed_command_queue\" ON CLUSTER '{cluster}'\n"_s));
    QVERIFY(s.contains(u"CREATE MATERIALIZED VIEW IF NOT EXISTS \"bi_db_consumer\".\"compensation_execution_failed_state_consumer\""_s));
    QVERIFY(!s.contains(u"CREATE VIEW "_s));

    // Ordering: intent < drops < durable graph < stable anchor < Kafka ingress.
    const qsizetype intent = s.indexOf(u"\"phase\":\"RESETTING\""_s);
    const qsizetype firstDrop = s.indexOf(u"DROP "_s);
    const qsizetype durable = s.indexOf(u"CREATE TABLE IF NOT EXISTS"_s);
    const qsizetype stable = s.indexOf(u"-- deployment-anchor --"_s);
    const qsizetype queue = s.indexOf(u"CREATE TABLE \"bi_db_consumer\".\"compensation_execution_failed_command_queue\""_s);
    QVERIFY(intent >= 0 && intent < firstDrop);
    QVERIFY(firstDrop < durable);
    QVERIFY(durable < stable);
    QVERIFY(stable < queue);
    QVERIFY(!section(s, u"deployment-anchor"_s).contains(u"registryRevision"_s));

    // A fresh consumer identity: new Kafka consumer groups that replay from earliest.
    const QList<QJsonObject> comments = metadataComments(s);
    const QString identity = comments.first().value(u"consumerIdentity"_s).toString();
    QVERIFY(QRegularExpression(u"^[0-9a-f]{32}$"_s).match(identity).hasMatch());
    for (const QJsonObject &c : comments)
        QCOMPARE(c.value(u"consumerIdentity"_s).toString(), identity);
    const QString deployedIdentity = metadataComments(deploy->script).first().value(u"consumerIdentity"_s).toString();
    QVERIFY(identity != deployedIdentity);
    QVERIFY(s.contains(u"'wow-bi."_s + identity + u".compensation_execution_failed_state_consumer'"_s));
    QVERIFY(!s.contains(u"wow-bi."_s + deployedIdentity));
    const auto again = generateBiScript(reset());
    QVERIFY(again.ok());
    QVERIFY(metadataComments(again->script).first().value(u"consumerIdentity"_s).toString() != identity);

    // An authoritative inspection was used: no INSPECTION_UNAVAILABLE.
    QCOMPARE(r->diagnostics.size(), std::size_t(2));
    QCOMPARE(r->diagnostics[0].code, u"CLUSTER_INTERNAL_REPLICATION_REQUIRED"_s);
    QCOMPARE(r->diagnostics[1].code, u"RAW_JSON_FALLBACK"_s);
}

void TestBiScript::resetStandalone()
{
    const auto r = generateBiScript(standalone(reset()));
    QVERIFY(r.ok());
    QVERIFY(r->destructive);
    QVERIFY(!r->script.contains(u"ON CLUSTER"_s));
    const QStringList drops = statementsOf(section(r->script, u"reset-observed-catalog"_s));
    QCOMPARE(drops.size(), 14);
    QCOMPARE(drops.last(), u"DROP TABLE IF EXISTS \"bi_db\".\"compensation_execution_failed_state_store\" SYNC;"_s);
    QCOMPARE(r->diagnostics.size(), std::size_t(1));
}

void TestBiScript::maxExpansionDepthLimitsNesting()
{
    BiScriptRequest q;
    q.maxExpansionDepth = 1;
    const auto r = generateBiScript(q);
    QVERIFY(r.ok());
    const QStringList views = statementsOf(section(r->script, kAggregate + u".expansion"_s));
    QCOMPARE(views.size(), 1);
    QVERIFY(views.first().contains(u"JSONExtractRaw(\"error\", 'bindingErrors') AS \"error__binding_errors\",\n"_s));
    QVERIFY(views.first().contains(u"JSONExtractRaw(\"event_id\", 'aggregateId') AS \"event_id__aggregate_id\",\n"_s));
    QVERIFY(views.first().contains(u"JSONExtract(\"retry_state\", 'retries', 'Int32') AS \"retry_state__retries\""_s));
    QVERIFY(!r->script.contains(u"_root_error__binding_errors"_s));
    QCOMPARE(r->diagnostics.size(), std::size_t(4));
    const BiScriptDiagnostic &list = r->diagnostics[2];
    QCOMPARE(list.code, u"MAX_DEPTH_REACHED"_s);
    QCOMPARE(list.path, u"error.bindingErrors"_s);
    QCOMPARE(list.sourceType, u"java.util.List<me.ahoo.wow.api.exception.BindingError>"_s);
    QCOMPARE(list.decision, u"MAX_DEPTH_RAW_JSON"_s);
    QCOMPARE(list.message,
             u"Max expansion depth reached at [error.bindingErrors] with type "
             "[java.util.List<me.ahoo.wow.api.exception.BindingError>]; the value is projected as scoped JSON and "
             "remains authoritative in __state."_s);
    QCOMPARE(r->diagnostics[3].code, u"MAX_DEPTH_REACHED"_s);
    QCOMPARE(r->diagnostics[3].path, u"eventId.aggregateId"_s);

    q.maxExpansionDepth = 2;
    const auto two = generateBiScript(q);
    QVERIFY(two.ok());
    QCOMPARE(statementsOf(section(two->script, kAggregate + u".expansion"_s)).size(), 2);
    QCOMPARE(two->diagnostics.back().code, u"RAW_JSON_FALLBACK"_s);

    q.maxExpansionDepth = BiScriptLimits::MaxExpansionDepth;
    const auto max = generateBiScript(q);
    QVERIFY(max.ok());
    QCOMPARE(max->script, generateBiScript(BiScriptRequest{})->script);
}

void TestBiScript::unsupportedTypeStrategyFail()
{
    BiScriptRequest q;
    q.unsupportedTypeStrategy = BiScriptUnsupportedTypeStrategy::Fail;
    const auto r = generateBiScript(q);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::IllegalArgument);
    QCOMPARE(r.error().message,
             u"Unsupported property [eventId.aggregateId] for aggregate [compensation-service.execution_failed] with "
             "type [me.ahoo.wow.api.modeling.AggregateId]."_s);

    // Depth fallbacks do not depend on the strategy.
    q.maxExpansionDepth = 1;
    QVERIFY(generateBiScript(q).ok());

    BiScriptRequest raw;
    raw.unsupportedTypeStrategy = BiScriptUnsupportedTypeStrategy::RawJson;
    QCOMPARE(generateBiScript(raw)->script, generateBiScript(BiScriptRequest{})->script);
}

void TestBiScript::validation_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    const QByteArray a129(129, 'a');
    QTest::newRow("database too long") << (R"({"database":")" + a129 + R"("})")
                                       << u"database length 129 must be less than or equal to 128"_s;
    QTest::newRow("database blank") << QByteArray(R"({"database":"  "})") << u"database must not be blank"_s;
    QTest::newRow("database empty") << QByteArray(R"({"database":""})") << u"database must not be blank"_s;
    QTest::newRow("consumerDatabase too long") << (R"({"consumerDatabase":")" + a129 + R"("})")
                                               << u"consumerDatabase length 129 must be less than or equal to 128"_s;
    QTest::newRow("timezone too long") << (R"({"timezone":")" + QByteArray(65, 'z') + R"("})")
                                       << u"timezone length 65 must be less than or equal to 64"_s;
    QTest::newRow("timezone control char") << QByteArray(R"({"timezone":"UTC\u0001"})")
                                           << u"timezone must not contain control characters"_s;
    QTest::newRow("topicPrefix too long") << (R"({"topicPrefix":")" + a129 + R"("})")
                                          << u"topicPrefix length 129 must be less than or equal to 128"_s;
    QTest::newRow("kafkaBootstrapServers too long")
        << (R"({"kafkaBootstrapServers":")" + QByteArray(4097, 'k') + R"("})")
        << u"kafkaBootstrapServers length 4097 must be less than or equal to 4096"_s;
    QTest::newRow("cluster name too long")
        << (R"({"topology":{"mode":"CLUSTER","cluster":{"name":")" + a129 + R"("}}})")
        << u"name length 129 must be less than or equal to 128"_s;
    QTest::newRow("cluster installation too long")
        << (R"({"topology":{"mode":"CLUSTER","cluster":{"installation":")" + a129 + R"("}}})")
        << u"installation length 129 must be less than or equal to 128"_s;
    QTest::newRow("cluster name blank") << QByteArray(R"({"topology":{"mode":"CLUSTER","cluster":{"name":" "}}})")
                                        << u"name must not be blank"_s;
    QTest::newRow("cluster with STANDALONE")
        << QByteArray(R"({"topology":{"mode":"STANDALONE","cluster":{"name":"c"}}})")
        << u"topology.cluster must not be configured in STANDALONE mode"_s;
    QTest::newRow("empty cluster with STANDALONE") << QByteArray(R"({"topology":{"mode":"STANDALONE","cluster":{}}})")
                                                   << u"topology.cluster must not be configured in STANDALONE mode"_s;
    QTest::newRow("maxExpansionDepth above server max")
        << QByteArray(R"({"maxExpansionDepth":6})")
        << u"maxExpansionDepth must be less than or equal to the configured maximum of 5"_s;
    QTest::newRow("maxExpansionDepth zero") << QByteArray(R"({"maxExpansionDepth":0})")
                                            << u"maxExpansionDepth must be greater than or equal to 1"_s;
    QTest::newRow("replay with DEPLOY") << QByteArray(R"({"replayFromEarliestConfirmed":true})")
                                        << u"replayFromEarliestConfirmed is only valid for RESET"_s;
    QTest::newRow("replay false with explicit DEPLOY")
        << QByteArray(R"({"operation":"DEPLOY","replayFromEarliestConfirmed":false})")
        << u"replayFromEarliestConfirmed is only valid for RESET"_s;
    QTest::newRow("RESET without replay") << QByteArray(R"({"operation":"RESET"})")
                                          << u"replayFromEarliestConfirmed is required for RESET"_s;
    QTest::newRow("RESET with replay false")
        << QByteArray(R"({"operation":"RESET","replayFromEarliestConfirmed":false})")
        << u"Reset requires replayFromEarliestConfirmed=true because a new Kafka consumer group must start from "
           "earliest"_s;
    // Wow's order: the depth ceiling, then the topology, then the options, then the operation.
    QTest::newRow("depth checked before options")
        << (R"({"maxExpansionDepth":9,"database":")" + a129 + R"("})")
        << u"maxExpansionDepth must be less than or equal to the configured maximum of 5"_s;
    QTest::newRow("topology checked before options")
        << (R"({"database":")" + a129 + R"(","topology":{"mode":"STANDALONE","cluster":{}}})")
        << u"topology.cluster must not be configured in STANDALONE mode"_s;
    QTest::newRow("options checked before operation")
        << QByteArray(R"({"operation":"RESET","timezone":" "})") << u"timezone must not be blank"_s;
}

void TestBiScript::validation()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    const auto request = BiScriptRequest::fromJsonBytes(json);
    QVERIFY2(request.ok(), qPrintable(request ? QString() : request.error().message));
    const auto r = generateBiScript(*request);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::IllegalArgument);
    QCOMPARE(httpStatusForErrorCode(r.error().code), 400);
    QCOMPARE(r.error().message, message);
}

void TestBiScript::boundaryLengthsAreAccepted()
{
    BiScriptRequest q = standalone();
    q.database = QString(BiScriptLimits::Database, u'd');
    q.consumerDatabase = QString(BiScriptLimits::ConsumerDatabase, u'c');
    q.timezone = QString(BiScriptLimits::Timezone, u't');
    q.topicPrefix = QString(BiScriptLimits::TopicPrefix, u'p');
    q.kafkaBootstrapServers = QString(BiScriptLimits::KafkaBootstrapServers, u'k');
    QVERIFY(generateBiScript(q).ok());

    BiScriptRequest c;
    c.topology = BiScriptTopologyRequest{
        BiScriptTopologyMode::Cluster,
        BiScriptClusterRequest{QString(BiScriptLimits::ClusterValue, u'n'), QString(BiScriptLimits::ClusterValue, u'i')}};
    QVERIFY(generateBiScript(c).ok());
}

void TestBiScript::requestJsonRoundTrip()
{
    BiScriptRequest q;
    q.operation = BiScriptOperationMode::Reset;
    q.database = u"db"_s;
    q.consumerDatabase = u"db_in"_s;
    q.topology = BiScriptTopologyRequest{BiScriptTopologyMode::Cluster, BiScriptClusterRequest{u"c"_s, std::nullopt}};
    q.timezone = u"UTC"_s;
    q.kafkaBootstrapServers = u"k:9092"_s;
    q.topicPrefix = u"p."_s;
    q.maxExpansionDepth = 3;
    q.unsupportedTypeStrategy = BiScriptUnsupportedTypeStrategy::RawJson;
    q.replayFromEarliestConfirmed = true;
    const QByteArray json = q.toJsonBytes();
    QCOMPARE(json,
             QByteArray(R"({"operation":"RESET","database":"db","consumerDatabase":"db_in",)"
                        R"("topology":{"mode":"CLUSTER","cluster":{"name":"c"}},"timezone":"UTC",)"
                        R"("kafkaBootstrapServers":"k:9092","topicPrefix":"p.","maxExpansionDepth":3,)"
                        R"("unsupportedTypeStrategy":"RAW_JSON","replayFromEarliestConfirmed":true})"));
    const auto back = BiScriptRequest::fromJsonBytes(json);
    QVERIFY(back.ok());
    QVERIFY(*back == q);

    // {} = DEPLOY with server defaults; absent fields are not written.
    const auto empty = BiScriptRequest::fromJsonBytes("{}");
    QVERIFY(empty.ok());
    QVERIFY(*empty == BiScriptRequest{});
    QCOMPARE(empty->effectiveOperation(), BiScriptOperationMode::Deploy);
    QCOMPARE(BiScriptRequest{}.toJsonBytes(), QByteArray("{}"));

    // Nulls count as absent; enum names are accepted case-insensitively, written upper case.
    const auto lenient = BiScriptRequest::fromJsonBytes(
        R"({"operation":"reset","topology":{"mode":"standalone","cluster":null},"database":null,)"
        R"("unsupportedTypeStrategy":"raw_json","replayFromEarliestConfirmed":true})");
    QVERIFY2(lenient.ok(), qPrintable(lenient ? QString() : lenient.error().message));
    QCOMPARE(lenient->operation, std::optional(BiScriptOperationMode::Reset));
    QCOMPARE(lenient->topology->mode, BiScriptTopologyMode::Standalone);
    QVERIFY(!lenient->topology->cluster);
    QVERIFY(!lenient->database);
    QCOMPARE(lenient->toJsonBytes(),
             QByteArray(R"({"operation":"RESET","topology":{"mode":"STANDALONE"},"unsupportedTypeStrategy":"RAW_JSON",)"
                        R"("replayFromEarliestConfirmed":true})"));
}

void TestBiScript::requestJsonStrictReading_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::newRow("topology without mode") << QByteArray(R"({"topology":{}})") << u"topology.mode"_s;
    QTest::newRow("unknown topology mode") << QByteArray(R"({"topology":{"mode":"SHARDED"}})") << u"topology.mode"_s;
    QTest::newRow("unknown operation") << QByteArray(R"({"operation":"UPGRADE"})") << u"operation"_s;
    QTest::newRow("depth as string") << QByteArray(R"({"maxExpansionDepth":"3"})") << u"maxExpansionDepth"_s;
    QTest::newRow("fractional depth") << QByteArray(R"({"maxExpansionDepth":2.5})") << u"maxExpansionDepth"_s;
    QTest::newRow("replay as string") << QByteArray(R"({"replayFromEarliestConfirmed":"yes"})")
                                      << u"replayFromEarliestConfirmed"_s;
    QTest::newRow("database as number") << QByteArray(R"({"database":1})") << u"database"_s;
    QTest::newRow("cluster as string") << QByteArray(R"({"topology":{"mode":"CLUSTER","cluster":"c"}})")
                                       << u"topology.cluster"_s;
    QTest::newRow("unknown strategy") << QByteArray(R"({"unsupportedTypeStrategy":"DROP"})")
                                      << u"unsupportedTypeStrategy"_s;
}

void TestBiScript::requestJsonStrictReading()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    const auto r = BiScriptRequest::fromJsonBytes(json);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::IllegalArgument);
    QVERIFY(!r.error().bindingErrors.isEmpty());
    QCOMPARE(r.error().bindingErrors.first().name, field);
    QVERIFY2(r.error().message.contains(u"'"_s + field + u"'"_s), qPrintable(r.error().message));
}

void TestBiScript::responseJsonRoundTrip()
{
    const auto r = generateBiScript(BiScriptRequest{});
    QVERIFY(r.ok());
    const QByteArray json = r->toJsonBytes();
    QVERIFY(json.startsWith(R"({"script":"-- global --\nCREATE DATABASE IF NOT EXISTS \"bi_db\" ON CLUSTER '{cluster}';)"));
    QVERIFY(json.contains(R"("destructive":false,"diagnostics":[{"code":"CLUSTER_INTERNAL_REPLICATION_REQUIRED","aggregate":"*","path":"topology.cluster","sourceType":"ClickHouseTopology.Cluster","decision":"EXTERNAL_CONFIGURATION_REQUIRED","message":)"));
    const QJsonObject o = r->toJson();
    QCOMPARE(o.value(u"script"_s).toString(), r->script);
    QCOMPARE(o.value(u"diagnostics"_s).toArray().size(), 3);
    const auto back = BiScriptResponse::fromJsonBytes(json);
    QVERIFY(back.ok());
    QVERIFY(*back == *r);

    const auto resetResponse = generateBiScript(reset());
    QVERIFY(resetResponse.ok());
    const auto resetBack = BiScriptResponse::fromJsonBytes(resetResponse->toJsonBytes());
    QVERIFY(resetBack.ok());
    QVERIFY(resetBack->destructive);
    QVERIFY(*resetBack == *resetResponse);

    // Strict: the fields are required, diagnostics need all six strings.
    const auto missing = BiScriptResponse::fromJsonBytes(R"({"script":"x","diagnostics":[]})");
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().bindingErrors.first().name, u"destructive"_s);
    const auto badDiagnostic =
        BiScriptResponse::fromJsonBytes(R"({"script":"x","destructive":true,"diagnostics":[{"code":"X"}]})");
    QVERIFY(!badDiagnostic.ok());
    QCOMPARE(badDiagnostic.error().bindingErrors.first().name, u"diagnostics[0].aggregate"_s);
}

QTEST_GUILESS_MAIN(TestBiScript)
#include "tst_bi_script.moc"
