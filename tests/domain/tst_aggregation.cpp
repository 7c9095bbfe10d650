// Wow 9.x's AggregationQuery and CursorQuery in the domain: the JSON codecs with Wow's error
// shapes, the refusal of what we do not implement, date buckets in zones with DST, and the
// in-memory aggregation's semantics (missing keys, the summary row, dense fill, sort and limit).
// Wow's own documentation examples (golden/wow9) are read as golden files.

#include "aggregation.h"
#include "filter_json.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace wci;
using namespace Qt::StringLiterals;

namespace {

QJsonObject goldenFile(const QString &name)
{
    QFile f(QStringLiteral(WCI_GOLDEN_DIR) + u"/wow9/"_s + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing golden file %s", qPrintable(name));
    return QJsonDocument::fromJson(f.readAll()).object();
}

QJsonObject snapshot(const QString &id, const QString &status, const QJsonValue &errorCode, int retries, qint64 executeAt)
{
    QJsonObject error{{u"errorMsg"_s, u"boom"_s}};
    if (!errorCode.isUndefined())
        error.insert(u"errorCode"_s, errorCode);
    return QJsonObject{
        {u"aggregateId"_s, id},
        {u"state"_s, QJsonObject{{u"status"_s, status},
                                 {u"executeAt"_s, executeAt},
                                 {u"error"_s, error},
                                 {u"retryState"_s, QJsonObject{{u"retries"_s, retries}}}}},
    };
}

AggregationQuery parse(const char *json)
{
    auto q = AggregationQuery::fromJsonBytes(QByteArray(json));
    if (!q)
        qFatal("%s: %s", json, qPrintable(q.error().message));
    return *q;
}

std::vector<AggregationRow> run(const char *json, const std::vector<QJsonObject> &docs)
{
    auto rows = aggregateDocuments(parse(json), docs, DocumentKind::Snapshot, EvaluationContext{0, QTimeZone::utc()});
    if (!rows)
        qFatal("%s", qPrintable(rows.error().message));
    return *rows;
}

QByteArray json(const std::vector<AggregationRow> &rows)
{
    return aggregationRowsJson(rows);
}

} // namespace

class TestAggregation : public QObject {
    Q_OBJECT

private slots:
    void refusesWithWowsErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("errorCode");
        QTest::addColumn<QString>("bindingCode");
        QTest::addColumn<QString>("message");
        const QString ia = ErrorCode::IllegalArgument, qs = ErrorCode::QuerySchemaValidation;
        QTest::newRow("no metrics") << QByteArray(R"({"groupBy":[]})") << ia << u"INVALID_VALUE"_s
                                    << u"Invalid or missing value at [metrics]."_s;
        QTest::newRow("empty metrics") << QByteArray(R"({"metrics":[]})") << ia << u"INVALID_REQUEST"_s
                                       << u"metrics must not be empty."_s;
        QTest::newRow("limit 0") << QByteArray(R"({"metrics":[{"type":"COUNT","alias":"n"}],"limit":0})") << ia
                                 << u"INVALID_REQUEST"_s << u"limit must be between 1 and 10000."_s;
        QTest::newRow("sort without groups") << QByteArray(R"({"metrics":[{"type":"COUNT","alias":"n"}],"sort":[{"field":"n"}]})")
                                             << ia << u"INVALID_REQUEST"_s << u"sort requires at least one groupBy."_s;
        QTest::newRow("sort unknown alias")
            << QByteArray(R"({"groupBy":[{"type":"TERMS","field":"state.status","alias":"s"}],"metrics":[{"type":"COUNT","alias":"n"}],"sort":[{"field":"x"}]})")
            << ia << u"INVALID_REQUEST"_s << u"sort fields must reference aggregation aliases."_s;
        QTest::newRow("duplicate alias")
            << QByteArray(R"({"groupBy":[{"type":"TERMS","field":"state.status","alias":"n"}],"metrics":[{"type":"COUNT","alias":"n"}]})")
            << ia << u"INVALID_REQUEST"_s << u"aggregation aliases must be unique."_s;
        QTest::newRow("dotted alias") << QByteArray(R"({"metrics":[{"type":"COUNT","alias":"a.b"}]})") << ia
                                      << u"INVALID_REQUEST"_s << u"aggregation alias must contain one segment."_s;
        QTest::newRow("dense with two groups")
            << QByteArray(R"({"groupBy":[{"type":"DATE_HISTOGRAM","field":"state.executeAt","alias":"d","unit":"DAY","dense":true},{"type":"TERMS","field":"state.status","alias":"s"}],"metrics":[{"type":"COUNT","alias":"n"}]})")
            << ia << u"INVALID_REQUEST"_s << u"dense requires DATE_HISTOGRAM to be the only groupBy."_s;
        QTest::newRow("bad unit")
            << QByteArray(R"({"groupBy":[{"type":"DATE_HISTOGRAM","field":"state.executeAt","alias":"d","unit":"FORTNIGHT"}],"metrics":[{"type":"COUNT","alias":"n"}]})")
            << ia << u"UNKNOWN_VALUE"_s
            << u"Unknown value [FORTNIGHT] at [groupBy[0].unit]; expected one of SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR."_s;
        QTest::newRow("unknown group type")
            << QByteArray(R"({"groupBy":[{"type":"RANGE","field":"state.executeAt","alias":"d"}],"metrics":[{"type":"COUNT","alias":"n"}]})")
            << ia << u"UNKNOWN_TYPE"_s << u"Unknown type [RANGE] at [groupBy[0]]."_s;
        QTest::newRow("unknown property")
            << QByteArray(R"({"groupBy":[{"type":"TERMS","field":"state.status","alias":"s","size":5}],"metrics":[{"type":"COUNT","alias":"n"}]})")
            << ia << u"UNKNOWN_PROPERTY"_s << u"Unknown property [size] at [groupBy[0]]."_s;
        QTest::newRow("histogram interval")
            << QByteArray(R"({"groupBy":[{"type":"HISTOGRAM","field":"state.retryState.retries","alias":"r","interval":0}],"metrics":[{"type":"COUNT","alias":"n"}]})")
            << ia << u"INVALID_REQUEST"_s << u"histogram interval must be finite and greater than 0."_s;
        QTest::newRow("blank missing key")
            << QByteArray(R"({"groupBy":[{"type":"TERMS","field":"state.status","alias":"s","missingKey":" "}],"metrics":[{"type":"COUNT","alias":"n"}]})")
            << ia << u"INVALID_REQUEST"_s << u"terms missingKey must not be blank."_s;
        QTest::newRow("legacy condition as filter") << QByteArray(R"({"filter":{"operator":"ALL"},"metrics":[{"type":"COUNT","alias":"n"}]})")
                                                    << ia << u"INVALID_VALUE"_s << u"Invalid or missing value at [filter]."_s;
        // What Wow has and this product's storage does not: refused, naming it.
        QTest::newRow("percentile")
            << QByteArray(R"({"metrics":[{"type":"PERCENTILE","expression":{"type":"FIELD","field":"version"},"percentile":95,"alias":"p"}]})")
            << qs << u"STORAGE_UNSUPPORTED"_s << u"Storage does not support PERCENTILE."_s;
        QTest::newRow("derived") << QByteArray(R"({"metrics":[{"type":"DERIVED","alias":"d","expression":{"type":"CONSTANT","value":1}}]})")
                                 << qs << u"STORAGE_UNSUPPORTED"_s << u"Storage does not support DERIVED."_s;
        QTest::newRow("having")
            << QByteArray(R"({"groupBy":[{"type":"TERMS","field":"state.status","alias":"s"}],"metrics":[{"type":"COUNT","alias":"n"}],"having":{"type":"CONDITION","metric":"n","operator":"GT","value":1}})")
            << qs << u"STORAGE_UNSUPPORTED"_s << u"Storage does not support HAVING."_s;
        QTest::newRow("elements") << QByteArray(R"({"elements":[{"path":"state.error.bindingErrors"}],"metrics":[{"type":"COUNT","alias":"n"}]})")
                                  << qs << u"STORAGE_UNSUPPORTED"_s << u"Storage does not support elements."_s;
        QTest::newRow("stddev")
            << QByteArray(R"({"metrics":[{"type":"NUMERIC","function":"STDDEV","expression":{"type":"FIELD","field":"version"},"alias":"s"}]})")
            << qs << u"STORAGE_UNSUPPORTED"_s << u"Storage does not support STDDEV."_s;
        QTest::newRow("arithmetic")
            << QByteArray(R"({"metrics":[{"type":"NUMERIC","function":"SUM","expression":{"type":"BINARY","operator":"ADD","left":{"field":"version"},"right":{"type":"CONSTANT","value":1}},"alias":"s"}]})")
            << qs << u"STORAGE_UNSUPPORTED"_s << u"Storage does not support aggregation expressions of type BINARY."_s;
        QTest::newRow("date part")
            << QByteArray(R"({"groupBy":[{"type":"DATE_PART","field":"state.executeAt","alias":"h","part":"HOUR_OF_DAY"}],"metrics":[{"type":"COUNT","alias":"n"}]})")
            << qs << u"STORAGE_UNSUPPORTED"_s << u"Storage does not support DATE_PART groups."_s;
    }

    void refusesWithWowsErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, errorCode);
        QFETCH(QString, bindingCode);
        QFETCH(QString, message);
        const auto q = AggregationQuery::fromJsonBytes(body);
        QVERIFY(!q.ok());
        QCOMPARE(q.error().code, errorCode);
        QCOMPARE(q.error().message, message);
        QCOMPARE(q.error().bindingErrors.size(), 1);
        QCOMPARE(q.error().bindingErrors.first().code, bindingCode);
        QCOMPARE(q.error().bindingErrors.first().msg, message);
    }

    // Wow's documentation examples: what we implement parses and encodes back to the same
    // query; the rest is refused as unsupported by the storage, never silently ignored.
    void wowDocumentationExamples()
    {
        const QStringList supported = {
            u"filter-09-agg-status-breakdown.json"_s, u"filter-10-agg-filtered-kpis.json"_s,
            u"filter-11-agg-histogram.json"_s, u"filter-12-agg-date-histogram.json"_s, u"filter-15-agg-multi-dim.json"_s,
            u"filter-18-agg-funnel-metric-filter.json"_s, u"filter-23-agg-shared-contract.json"_s,
            u"filter-27-evt-creation-trend.json"_s,
            u"filter-28-evt-tenant-owner.json"_s, u"filter-29-evt-stream-count.json"_s,
            u"filter-33-skill-daily-revenue.json"_s, u"filter-36-comp-pressure.json"_s,
            u"filter-37-comp-retry-distribution.json"_s, u"filter-38-comp-recoverability.json"_s,
            u"filter-39-comp-event-trend.json"_s,
        };
        int aggregations = 0, filters = 0, parsed = 0;
        const QStringList files = QDir(QStringLiteral(WCI_GOLDEN_DIR) + u"/wow9"_s).entryList({u"filter-*.json"_s});
        QVERIFY(files.size() >= 38);
        for (const auto &name : files) {
            const QJsonObject doc = goldenFile(name);
            const QJsonObject request = doc.value("request"_L1).toObject();
            if (request.contains("metrics"_L1)) {
                ++aggregations;
                const auto q = AggregationQuery::fromJson(request);
                if (supported.contains(name)) {
                    QVERIFY2(q.ok(), qPrintable(name + u": "_s + (q.ok() ? QString() : q.error().message)));
                    const auto again = AggregationQuery::fromJsonBytes(q->toJsonBytes());
                    QVERIFY2(again.ok(), qPrintable(name));
                    QCOMPARE(again->toJsonBytes(), q->toJsonBytes());
                    ++parsed;
                } else {
                    QVERIFY2(!q.ok(), qPrintable(name));
                    QCOMPARE(q.error().code, ErrorCode::QuerySchemaValidation);
                    QCOMPARE(q.error().bindingErrors.first().code, u"STORAGE_UNSUPPORTED"_s);
                }
                // The documented rows read and write back unchanged (keys in order).
                const QJsonValue response = doc.value("response"_L1);
                if (response.isArray()) {
                    const QByteArray bytes = QJsonDocument(response.toArray()).toJson(QJsonDocument::Compact);
                    const auto rows = aggregationRowsFromJsonBytes(bytes);
                    QVERIFY2(rows.ok(), qPrintable(name));
                    QCOMPARE(QJsonDocument::fromJson(aggregationRowsJson(*rows)), QJsonDocument::fromJson(bytes));
                }
            } else if (request.contains("op"_L1)) {
                ++filters;
                const auto f = filterFromJson(request);
                if (request.value("op"_L1) == u"SEARCH"_s)
                    continue; // a text search: read by the codec, refused by engines without a text index
                QVERIFY2(f.ok(), qPrintable(name + u": "_s + (f.ok() ? QString() : f.error().message)));
                const auto back = filterToJson(*f);
                QVERIFY2(back.ok(), qPrintable(name));
                QCOMPARE(filterFromJson(*back).value(), *f);
            } else if (request.contains("filter"_L1)) {
                ++filters;
                QVERIFY2(filterFromJson(request.value("filter"_L1)).ok(), qPrintable(name));
            } else if (request.contains("first"_L1)) {
                const auto first = CursorQuery::fromJson(request.value("first"_L1));
                QVERIFY2(first.ok(), qPrintable(first.ok() ? name : first.error().message));
                QCOMPARE(first->size, 100);
                const auto next = CursorQuery::fromJson(request.value("next"_L1));
                QVERIFY(next.ok());
                QVERIFY(!next->cursor.isEmpty());
            } else if (name.contains(u"shape-table"_s)) {
                for (auto it = request.begin(); it != request.end(); ++it) {
                    const QByteArray text = QJsonDocument(QJsonArray{it.value()}).toJson(QJsonDocument::Compact);
                    if (it.key() == u"SEARCH"_s || text.contains("\"...\""))
                        continue; // a text search, or the table's placeholder operands
                    QVERIFY2(filterFromJson(it.value()).ok(), qPrintable(name + u": "_s + it.key()));
                }
            }
        }
        QCOMPARE(parsed, int(supported.size()));
        QVERIFY(aggregations >= 25 && filters >= 8);
    }

    void dateBuckets()
    {
        const QTimeZone shanghai("Asia/Shanghai"), newYork("America/New_York");
        const auto ms = [](const char *iso) { return QDateTime::fromString(QLatin1StringView(iso), Qt::ISODateWithMs).toMSecsSinceEpoch(); };
        QCOMPARE(dateBucketStart(ms("2026-12-01T15:30:00Z"), DateUnit::Day, shanghai), ms("2026-11-30T16:00:00Z"));
        QCOMPARE(dateBucketStart(ms("2026-12-01T15:30:00Z"), DateUnit::Day, QTimeZone::utc()), ms("2026-12-01T00:00:00Z"));
        // 2026-03-08 is 23 hours long in New York; 2026-11-01 is 25.
        const qint64 spring = dateBucketStart(ms("2026-03-08T18:00:00Z"), DateUnit::Day, newYork);
        QCOMPARE(spring, ms("2026-03-08T05:00:00Z"));
        QCOMPARE(nextDateBucket(spring, DateUnit::Day, newYork) - spring, qint64(23) * 3600000);
        const qint64 autumn = dateBucketStart(ms("2026-11-01T12:00:00Z"), DateUnit::Day, newYork);
        QCOMPARE(nextDateBucket(autumn, DateUnit::Day, newYork) - autumn, qint64(25) * 3600000);
        // Weeks start on Monday; months, quarters and years at their first midnight.
        QCOMPARE(dateBucketStart(ms("2026-12-03T10:00:00Z"), DateUnit::Week, QTimeZone::utc()), ms("2026-11-30T00:00:00Z"));
        QCOMPARE(dateBucketStart(ms("2026-12-03T10:00:00Z"), DateUnit::Month, QTimeZone::utc()), ms("2026-12-01T00:00:00Z"));
        QCOMPARE(dateBucketStart(ms("2026-12-03T10:00:00Z"), DateUnit::Quarter, QTimeZone::utc()), ms("2026-10-01T00:00:00Z"));
        QCOMPARE(dateBucketStart(ms("2026-12-03T10:00:00Z"), DateUnit::Year, shanghai), ms("2025-12-31T16:00:00Z"));
        QCOMPARE(dateBucketStart(ms("2026-12-03T10:17:42.5Z"), DateUnit::Minute, newYork), ms("2026-12-03T10:17:00Z"));
        QCOMPARE(dateBucketStart(ms("2026-12-03T10:17:42.5Z"), DateUnit::Second, newYork), ms("2026-12-03T10:17:42Z"));
        // India is 5:30 ahead: its hours start at half past UTC hours.
        QCOMPARE(dateBucketStart(ms("2026-12-03T10:17:00Z"), DateUnit::Hour, *resolveZoneId(u"+05:30"_s)), ms("2026-12-03T09:30:00Z"));
        QCOMPARE(histogramKey(7, 2.5), QJsonValue(5));
        QCOMPARE(histogramKey(-1, 2), QJsonValue(-2));
        QCOMPARE(histogramKey(1.2, 0.5).toDouble(), 1.0);
    }

    void termsDropMissingKeysUnlessTold()
    {
        const std::vector<QJsonObject> docs = {
            snapshot(u"a"_s, u"FAILED"_s, u"E1"_s, 0, 1000), snapshot(u"b"_s, u"FAILED"_s, QJsonValue(), 1, 2000),
            snapshot(u"c"_s, u"PREPARED"_s, u"E1"_s, 2, 3000), snapshot(u"d"_s, u"FAILED"_s, QJsonValue(QJsonValue::Undefined), 7, 4000),
        };
        QCOMPARE(json(run(R"({"groupBy":[{"type":"TERMS","field":"state.error.errorCode","alias":"code"}],"metrics":[{"type":"COUNT","alias":"n"}]})", docs)),
                 QByteArray(R"([{"code":"E1","n":2}])"));
        QCOMPARE(json(run(R"({"groupBy":[{"type":"TERMS","field":"state.error.errorCode","alias":"code","missingKey":"__missing__"}],"metrics":[{"type":"COUNT","alias":"n"}]})", docs)),
                 QByteArray(R"([{"code":"E1","n":2},{"code":"__missing__","n":2}])"));
        // Sort by a metric, ties by the group keys; the limit cuts after sorting.
        QCOMPARE(json(run(R"({"groupBy":[{"type":"TERMS","field":"state.status","alias":"s"}],"metrics":[{"type":"COUNT","alias":"n"},{"type":"NUMERIC","function":"MIN","expression":{"type":"FIELD","field":"state.executeAt"},"alias":"oldest"}],"sort":[{"field":"n","direction":"DESC"}],"limit":1})", docs)),
                 QByteArray(R"([{"s":"FAILED","n":3,"oldest":1000}])"));
        // The dashboard's retry distribution: one row of filtered COUNTs.
        QCOMPARE(json(run(R"({"metrics":[{"type":"COUNT","alias":"zero","filter":{"op":"EQ","field":"state.retryState.retries","value":0}},{"type":"COUNT","alias":"oneToTwo","filter":{"op":"BETWEEN","field":"state.retryState.retries","lowerBound":1,"upperBound":2}},{"type":"COUNT","alias":"sixPlus","filter":{"op":"GTE","field":"state.retryState.retries","value":6}}]})", docs)),
                 QByteArray(R"([{"zero":1,"oneToTwo":2,"sixPlus":1}])"));
        QCOMPARE(json(run(R"({"groupBy":[{"type":"HISTOGRAM","field":"state.retryState.retries","alias":"r","interval":2}],"metrics":[{"type":"COUNT","alias":"n"}]})", docs)),
                 QByteArray(R"([{"r":0,"n":2},{"r":2,"n":1},{"r":6,"n":1}])"));
    }

    void summaryRowOnEmptyInput()
    {
        QCOMPARE(json(run(R"({"metrics":[{"type":"COUNT","alias":"n"},{"type":"NUMERIC","function":"SUM","expression":{"type":"FIELD","field":"state.retryState.retries"},"alias":"sum"},{"type":"DISTINCT_COUNT","expression":{"type":"FIELD","field":"state.status"},"alias":"d"}]})", {})),
                 QByteArray(R"([{"n":0,"sum":null,"d":0}])"));
        QCOMPARE(json(run(R"({"groupBy":[{"type":"TERMS","field":"state.status","alias":"s"}],"metrics":[{"type":"COUNT","alias":"n"}]})", {})),
                 QByteArray("[]"));
    }

    void denseFillsBetweenFirstAndLastBucket()
    {
        const qint64 day = 86400000;
        const std::vector<QJsonObject> docs = {snapshot(u"a"_s, u"FAILED"_s, u"E"_s, 0, 10 * day + 5),
                                               snapshot(u"b"_s, u"FAILED"_s, u"E"_s, 3, 13 * day + 7),
                                               snapshot(u"c"_s, u"FAILED"_s, u"E"_s, 1, 13 * day + 9)};
        const auto rows = run(R"({"groupBy":[{"type":"DATE_HISTOGRAM","field":"state.executeAt","alias":"day","unit":"DAY","timeZone":"UTC","dense":true}],"metrics":[{"type":"COUNT","alias":"n"},{"type":"NUMERIC","function":"MAX","expression":{"type":"FIELD","field":"state.retryState.retries"},"alias":"max"}]})", docs);
        QCOMPARE(json(rows), QByteArray(R"([{"day":864000000,"n":1,"max":0},{"day":950400000,"n":0,"max":null},)"
                                        R"({"day":1036800000,"n":0,"max":null},{"day":1123200000,"n":2,"max":3}])"));
        // A single bucket: nothing to fill.
        QCOMPARE(run(R"({"groupBy":[{"type":"DATE_HISTOGRAM","field":"state.executeAt","alias":"day","unit":"DAY","dense":true}],"metrics":[{"type":"COUNT","alias":"n"}]})",
                     {docs[1], docs[2]}).size(), std::size_t(1));
        // A fill of more than 10 000 buckets is refused, as Wow refuses it.
        const auto huge = aggregateDocuments(
            parse(R"({"groupBy":[{"type":"DATE_HISTOGRAM","field":"state.executeAt","alias":"s","unit":"SECOND","dense":true}],"metrics":[{"type":"COUNT","alias":"n"}]})"),
            {docs[0], docs[1]}, DocumentKind::Snapshot, EvaluationContext{0, QTimeZone::utc()});
        QVERIFY(!huge.ok());
        QCOMPARE(huge.error().bindingErrors.first().code, u"RESIDUAL_GROUPS_EXCEEDED"_s);
    }

    void cursorQueryCodec()
    {
        auto q = CursorQuery::fromJson(QJsonDocument::fromJson(R"({"filter":{"op":"EQ","field":"state.status","value":"FAILED"},"sort":[{"field":"state.executeAt","direction":"DESC"}]})").object());
        QVERIFY(q.ok());
        QCOMPARE(q->size, 10);
        QVERIFY(q->cursor.isEmpty());
        const auto back = CursorQuery::fromJson(QJsonDocument::fromJson(q->toJsonBytes()).object());
        QVERIFY(back.ok());
        QCOMPARE(*back, *q);
        const auto legacy = CursorQuery::fromJson(QJsonDocument::fromJson(R"({"condition":{"operator":"ALL"}})").object());
        QVERIFY(!legacy.ok());
        QCOMPARE(legacy.error().bindingErrors.first().code, u"UNKNOWN_PROPERTY"_s);
        const auto size0 = CursorQuery::fromJson(QJsonDocument::fromJson(R"({"filter":{"op":"MATCH_ALL"},"size":0})").object());
        QVERIFY(!size0.ok());
        QCOMPARE(size0.error().message, u"size must be between 1 and 2147483646."_s);
    }
};

QTEST_GUILESS_MAIN(TestAggregation)
#include "tst_aggregation.moc"
