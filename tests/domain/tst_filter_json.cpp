// Wow 9.x FilterExpression JSON (docs/wire-protocol.md §8.5) ⇄ Condition: golden filters read and
// written back unchanged, 9.x and 8.10 forms of one tree evaluating alike, the rewrites of 8.10-only
// shapes, every error of a bad 9.x shape, and the refusal of 9.x-only operators for Wow 8.10.

#include "categories.h"
#include "condition_evaluator.h"
#include "filter_json.h"
#include "query.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace wci;
using namespace Qt::StringLiterals;

namespace {

QJsonObject J(const char *json)
{
    QJsonParseError err{};
    const auto doc = QJsonDocument::fromJson(QByteArray(json), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        qFatal("bad JSON object in test: %s (%s)", json, qPrintable(err.errorString()));
    return doc.object();
}

QJsonObject goldenObject(const QString &name)
{
    QFile f(QStringLiteral(WCI_GOLDEN_DIR) + u'/' + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing golden file %s", qPrintable(name));
    QJsonParseError err{};
    const auto doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (err.error != QJsonParseError::NoError)
        qFatal("bad golden file %s: %s", qPrintable(name), qPrintable(err.errorString()));
    return doc.object();
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Condition F(const QJsonObject &json)
{
    const auto c = filterFromJson(json);
    if (!c)
        qFatal("bad filter in test: %s (%s)", compact(json).constData(), qPrintable(c.error().message));
    return *c;
}

// A snapshot document to evaluate on.
QJsonObject snapshotDoc(qint64 now)
{
    return QJsonObject{
        {u"aggregateId"_s, u"S1"_s}, {u"tenantId"_s, u"(0)"_s}, {u"ownerId"_s, u""_s}, {u"spaceId"_s, u""_s},
        {u"version"_s, 3}, {u"eventTime"_s, now}, {u"deleted"_s, false},
        {u"tags"_s, QJsonObject{{u"team"_s, QJsonArray{u"core"_s, u"billing"_s}}}},
        {u"state"_s, J(R"json({"status":"FAILED","recoverable":"UNKNOWN","isRetryable":true,"note":null,
            "error":{"errorCode":"IllegalState","errorMsg":"Inventory service unavailable","stackTrace":"",
                     "bindingErrors":[{"name":"amount","msg":"must be positive"}]},
            "retryState":{"retries":2},"labels":[]})json")},
    };
}

} // namespace

class TestFilterJson : public QObject {
    Q_OBJECT

private slots:
    void goldenRoundTrip_data();
    void goldenRoundTrip();
    void everyShapeMatchesTheSnapshot();
    void operatorNames();
    void renamedOperatorsShareOneValue_data();
    void renamedOperatorsShareOneValue();
    void legacyShapesRewritten_data();
    void legacyShapesRewritten();
    void legacyRoot();
    void fromBytes();
    void badShapes_data();
    void badShapes();
    void legacyDialect_data();
    void legacyDialect();
    void ninePointTwoCategories();
    void serverClockCategoriesAreTheDashboards();
    void nowOperatorsOnTheLocalClock();
};

void TestFilterJson::goldenRoundTrip_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("To retry (9.2 dashboard)") << u"filter_ToRetry.json"_s;
    QTest::newRow("Executing (9.2 dashboard)") << u"filter_Executing.json"_s;
    QTest::newRow("every operator") << u"filter_every_shape.json"_s;
}

void TestFilterJson::goldenRoundTrip()
{
    QFETCH(QString, file);
    const QJsonObject in = goldenObject(file);
    const Condition c = F(in);
    const auto out = filterToJson(c);
    QVERIFY(out.ok());
    QCOMPARE(compact(*out), compact(in));
    // The same tree through the legacy codec (which carries every operator) and back.
    const auto again = Condition::fromJson(c.toJson());
    QVERIFY(again.ok());
    QVERIFY(*again == c);
}

void TestFilterJson::everyShapeMatchesTheSnapshot()
{
    // Each conjunct of filter_every_shape.json on its own: the plain ones and the time ones about
    // the present (today, this month, now - 30 min, ...) hold for this document at this moment;
    // those about other days (yesterday, next year, ...) do not.
    const qint64 now = QDateTime(QDate(2026, 3, 1), QTime(12, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    QJsonObject doc = snapshotDoc(now);
    QJsonObject state = doc.value(u"state"_s).toObject();
    QJsonObject retry = state.value(u"retryState"_s).toObject();
    retry.insert(u"timeoutAt"_s, now - 1800001); // BEFORE_NOW -PT30M
    retry.insert(u"nextRetryAt"_s, now / 1000 + 1);  // AFTER_NOW in seconds
    state.insert(u"retryState"_s, retry);
    doc.insert(u"state"_s, state);
    const Condition all = F(goldenObject(u"filter_every_shape.json"_s));
    const ConditionEvaluator evaluator(EvaluationContext{now, QTimeZone::utc()});
    int matched = 0;
    for (const auto &c : all.children) {
        const auto r = evaluator.matches(c, doc, DocumentKind::Snapshot);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        const bool expected = !Condition::isDateOperator(c.op) || c.op == Operator::Today || c.op == Operator::ThisWeek
            || c.op == Operator::ThisMonth || c.op == Operator::RecentDays || c.op == Operator::ThisYear;
        if (c.op == Operator::ThisWeek) // timeUnit SECONDS: eventTime is in milliseconds
            continue;
        if (c.op == Operator::BeforeToday) // 12:00 is before 18:00 today
            QVERIFY2(r.value(), "BEFORE_TODAY");
        else
            QVERIFY2(r.value() == expected, qPrintable(enumName(c.op)));
        ++matched;
    }
    QCOMPARE(matched, int(all.children.size()) - 1);
}

void TestFilterJson::operatorNames()
{
    QStringList names;
    for (const Operator op : allOperators) {
        const QString name = filterOperatorName(op);
        if (name.isEmpty())
            continue;
        names.append(name);
        QCOMPARE(parseFilterOperator(name), std::optional<Operator>(op));
    }
    // Wow 9.x's FilterOperator, less EXPRESSION; RAW, TRUE and FALSE have no 9.x name.
    QStringList wow = {
        u"MATCH_ALL"_s, u"MATCH_NONE"_s, u"ID"_s, u"IDS"_s, u"AGGREGATE_ID"_s, u"AGGREGATE_IDS"_s, u"TENANT_ID"_s,
        u"OWNER_ID"_s, u"SPACE_ID"_s, u"AND"_s, u"OR"_s, u"NOR"_s, u"EQ"_s, u"NE"_s, u"GT"_s, u"GTE"_s, u"LT"_s,
        u"LTE"_s, u"CONTAINS"_s, u"STARTS_WITH"_s, u"ENDS_WITH"_s, u"IN"_s, u"NOT_IN"_s, u"BETWEEN"_s,
        u"CONTAINS_ALL"_s, u"IS_EMPTY"_s, u"IS_EMPTY_STRING"_s, u"IS_NOT_EMPTY_STRING"_s, u"IS_NULL"_s,
        u"IS_NOT_NULL"_s, u"EXISTS"_s, u"NOT_EXISTS"_s, u"DELETION"_s, u"ELEMENT_MATCH"_s, u"SEARCH"_s, u"TODAY"_s,
        u"BEFORE_TODAY"_s, u"TOMORROW"_s, u"THIS_WEEK"_s, u"NEXT_WEEK"_s, u"LAST_WEEK"_s, u"THIS_MONTH"_s,
        u"LAST_MONTH"_s, u"RECENT_DAYS"_s, u"EARLIER_DAYS"_s, u"YESTERDAY"_s, u"NEXT_MONTH"_s, u"LAST_YEAR"_s,
        u"THIS_YEAR"_s, u"NEXT_YEAR"_s, u"BEFORE_NOW"_s, u"AFTER_NOW"_s,
    };
    names.sort();
    wow.sort();
    QCOMPARE(names, wow);
    QCOMPARE(filterOperatorName(Operator::Raw), QString());
    QVERIFY(!parseFilterOperator(u"RAW"));
    QVERIFY(!parseFilterOperator(u"DELETED"));
    QVERIFY(!parseFilterOperator(u"ALL"));
    QVERIFY(!parseFilterOperator(u"before_now"));
}

void TestFilterJson::renamedOperatorsShareOneValue_data()
{
    QTest::addColumn<QJsonObject>("filter");
    QTest::addColumn<QJsonObject>("legacy");
    QTest::newRow("DELETION / DELETED") << J(R"({"op":"DELETION","state":"DELETED"})") << J(R"({"operator":"DELETED","value":"DELETED"})");
    QTest::newRow("CONTAINS_ALL / ALL_IN") << J(R"({"op":"CONTAINS_ALL","field":"a","values":[1,2]})") << J(R"({"field":"a","operator":"ALL_IN","value":[1,2]})");
    QTest::newRow("IS_NULL / NULL") << J(R"({"op":"IS_NULL","field":"a"})") << J(R"({"field":"a","operator":"NULL"})");
    QTest::newRow("IS_NOT_NULL / NOT_NULL") << J(R"({"op":"IS_NOT_NULL","field":"a"})") << J(R"({"field":"a","operator":"NOT_NULL"})");
    QTest::newRow("ELEMENT_MATCH / ELEM_MATCH") << J(R"({"op":"ELEMENT_MATCH","field":"a","predicate":{"op":"EQ","field":"b","value":1}})")
                                                << J(R"({"field":"a","operator":"ELEM_MATCH","children":[{"field":"b","operator":"EQ","value":1}]})");
    QTest::newRow("SEARCH / MATCH") << J(R"({"op":"SEARCH","query":"inventory"})") << J(R"({"operator":"MATCH","value":"inventory"})");
    QTest::newRow("MATCH_ALL / ALL") << J(R"({"op":"MATCH_ALL"})") << J(R"({"operator":"ALL"})");
    QTest::newRow("stringComparison / ignoreCase") << J(R"({"op":"STARTS_WITH","field":"a","value":"x","stringComparison":"CASE_INSENSITIVE"})")
                                                   << J(R"({"field":"a","operator":"STARTS_WITH","value":"x","options":{"ignoreCase":true}})");
    QTest::newRow("BETWEEN bounds / value pair") << J(R"({"op":"BETWEEN","field":"a","lowerBound":1,"upperBound":2})")
                                                 << J(R"({"field":"a","operator":"BETWEEN","value":[1,2]})");
    QTest::newRow("RECENT_DAYS days / value") << J(R"({"op":"RECENT_DAYS","field":"t","days":3,"zoneId":"Asia/Shanghai"})")
                                              << J(R"({"field":"t","operator":"RECENT_DAYS","value":3,"options":{"zoneId":"Asia/Shanghai"}})");
    QTest::newRow("BEFORE_TODAY time / value") << J(R"({"op":"BEFORE_TODAY","field":"t","time":"08:00"})")
                                               << J(R"({"field":"t","operator":"BEFORE_TODAY","value":"08:00"})");
}

void TestFilterJson::renamedOperatorsShareOneValue()
{
    QFETCH(QJsonObject, filter);
    QFETCH(QJsonObject, legacy);
    const Condition fromFilter = F(filter);
    const auto fromLegacy = Condition::fromJson(legacy);
    QVERIFY(fromLegacy.ok());
    QVERIFY2(fromFilter == *fromLegacy, compact(fromFilter.toJson()).constData());
    QCOMPARE(compact(*filterToJson(*fromLegacy)), compact(filter));
    QCOMPARE(compact(*legacyConditionJson(fromFilter)), compact(legacy));
}

void TestFilterJson::legacyShapesRewritten_data()
{
    QTest::addColumn<QJsonObject>("legacy");
    QTest::addColumn<QJsonObject>("filter");
    QTest::newRow("TRUE") << J(R"({"field":"a","operator":"TRUE"})") << J(R"({"op":"EQ","field":"a","value":true})");
    QTest::newRow("FALSE") << J(R"({"field":"a","operator":"FALSE"})") << J(R"({"op":"EQ","field":"a","value":false})");
    QTest::newRow("EXISTS false") << J(R"({"field":"a","operator":"EXISTS","value":false})") << J(R"({"op":"NOT_EXISTS","field":"a"})");
    QTest::newRow("EXISTS true") << J(R"({"field":"a","operator":"EXISTS","value":true})") << J(R"({"op":"EXISTS","field":"a"})");
    QTest::newRow("IN []") << J(R"({"field":"a","operator":"IN","value":[]})") << J(R"({"op":"MATCH_NONE"})");
    QTest::newRow("ALL_IN []") << J(R"({"field":"a","operator":"ALL_IN","value":[]})") << J(R"({"op":"MATCH_NONE"})");
    QTest::newRow("NOT_IN []") << J(R"({"field":"a","operator":"NOT_IN","value":[]})") << J(R"({"op":"MATCH_ALL"})");
    QTest::newRow("IN with null") << J(R"({"field":"a","operator":"IN","value":["x",null]})")
                                  << J(R"({"op":"OR","operands":[{"op":"IN","field":"a","values":["x"]},{"op":"IS_NULL","field":"a"}]})");
    QTest::newRow("IN [null]") << J(R"({"field":"a","operator":"IN","value":[null]})") << J(R"({"op":"IS_NULL","field":"a"})");
    QTest::newRow("NOT_IN with null") << J(R"({"field":"a","operator":"NOT_IN","value":[null,1]})")
                                      << J(R"({"op":"AND","operands":[{"op":"NOT_IN","field":"a","values":[1]},{"op":"IS_NOT_NULL","field":"a"}]})");
    QTest::newRow("DELETED true") << J(R"({"operator":"DELETED","value":true})") << J(R"({"op":"DELETION","state":"DELETED"})");
    QTest::newRow("BEFORE_TODAY seconds") << J(R"({"field":"t","operator":"BEFORE_TODAY","value":30600})")
                                          << J(R"({"op":"BEFORE_TODAY","field":"t","time":"08:30:00"})");
    QTest::newRow("nested") << J(R"({"operator":"NOR","children":[{"field":"a","operator":"TRUE"}]})")
                            << J(R"({"op":"NOR","operands":[{"op":"EQ","field":"a","value":true}]})");
}

void TestFilterJson::legacyShapesRewritten()
{
    QFETCH(QJsonObject, legacy);
    QFETCH(QJsonObject, filter);
    const auto c = Condition::fromJson(legacy);
    QVERIFY(c.ok());
    const auto out = filterToJson(*c);
    QVERIFY2(out.ok(), qPrintable(out.ok() ? QString() : out.error().message));
    QCOMPARE(compact(*out), compact(filter));
    // The rewrite means the same on every document tried.
    const Condition back = F(*out);
    const ConditionEvaluator evaluator(EvaluationContext{0, QTimeZone::utc()});
    const QList<QJsonObject> docs = {J(R"({})"), J(R"({"a":null})"), J(R"({"a":"x"})"), J(R"({"a":1})"), J(R"({"a":true})"),
                                     J(R"({"a":false})"), J(R"({"a":["x",1]})"), J(R"({"deleted":true})"),
                                     J(R"({"deleted":false})"), J(R"({"t":30599999})"), J(R"({"t":30600000})")};
    for (const auto &doc : docs) {
        const auto a = evaluator.matches(*c, doc, DocumentKind::Snapshot);
        const auto b = evaluator.matches(back, doc, DocumentKind::Snapshot);
        QVERIFY(a.ok() && b.ok());
        QVERIFY2(*a == *b, compact(doc).constData());
    }
}

void TestFilterJson::legacyRoot()
{
    // A root without "op" is a legacy condition; neither key matches everything (a count body).
    QVERIFY(F(J(R"({"field":"a","operator":"EQ","value":1})")) == Condition::eq(u"a"_s, 1));
    QVERIFY(F(J(R"({})")) == Condition::all());
    // A legacy root may even hold the 9.x-only operators under their names.
    QCOMPARE(F(J(R"({"field":"t","operator":"BEFORE_NOW"})")).op, Operator::BeforeNow);
}

void TestFilterJson::badShapes_data()
{
    QTest::addColumn<QJsonObject>("filter");
    QTest::addColumn<QString>("message");
    auto row = [](const char *tag, const char *json, const QString &message) { QTest::newRow(tag) << J(json) << message; };
    row("op and operator", R"({"op":"EQ","operator":"EQ","field":"a","value":1})", u"op and operator cannot be used together."_s);
    row("op and operator nested", R"({"op":"AND","operands":[{"op":"EQ","operator":"EQ","field":"a","value":1}]})", u"op and operator cannot be used together."_s);
    row("nested legacy operand", R"({"op":"AND","operands":[{"field":"a","operator":"EQ","value":1}]})", u"Filter expression properties must use op."_s);
    row("nested legacy predicate", R"({"op":"ELEMENT_MATCH","field":"a","predicate":{"field":"b","operator":"EQ","value":1}})", u"Filter expression properties must use op."_s);
    row("nested empty object", R"({"op":"OR","operands":[{}]})", u"Filter expression properties must use op."_s);
    row("operand not an object", R"({"op":"OR","operands":[1]})", u"Filter expression must be a JSON object."_s);
    row("empty AND", R"({"op":"AND","operands":[]})", u"AND operands cannot be empty."_s);
    row("empty OR", R"({"op":"OR","operands":[]})", u"OR operands cannot be empty."_s);
    row("NOR without operands", R"({"op":"NOR"})", u"NOR operands cannot be empty."_s);
    row("RAW", R"({"op":"RAW","value":"{}"})", u"Unknown filter operator [RAW]."_s);
    row("8.10 name under op", R"({"op":"DELETED","state":"ACTIVE"})", u"Unknown filter operator [DELETED]."_s);
    row("lower case op", R"({"op":"eq","field":"a","value":1})", u"Unknown filter operator [eq]."_s);
    row("numeric op", R"({"op":1})", u"Unknown filter operator [1]."_s);
    row("EQ without field", R"({"op":"EQ","value":1})", u"EQ requires a field."_s);
    row("EQ without value", R"({"op":"EQ","field":"a"})", u"EQ requires a value."_s);
    row("EQ array value", R"({"op":"EQ","field":"a","value":[1]})", u"EQ value must be a JSON scalar in filter payloads."_s);
    row("NE object value", R"({"op":"NE","field":"a","value":{"b":1}})", u"NE value must be a JSON scalar in filter payloads."_s);
    row("GT null", R"({"op":"GT","field":"a","value":null})", u"Comparison filter value cannot be null."_s);
    row("LTE array", R"({"op":"LTE","field":"a","value":[1]})", u"Filter value must be a JSON scalar."_s);
    row("BETWEEN without upper", R"({"op":"BETWEEN","field":"a","lowerBound":1})", u"Comparison filter value cannot be null."_s);
    row("IN empty", R"({"op":"IN","field":"a","values":[]})", u"IN values cannot be empty."_s);
    row("IN with value", R"({"op":"IN","field":"a","value":[1]})", u"IN values cannot be empty."_s);
    row("NOT_IN null", R"({"op":"NOT_IN","field":"a","values":[1,null]})", u"NOT_IN values cannot contain null."_s);
    row("CONTAINS_ALL object", R"({"op":"CONTAINS_ALL","field":"a","values":[{}]})", u"Filter value must be a JSON scalar."_s);
    row("IDS empty", R"({"op":"IDS","values":[]})", u"IDS values cannot be empty."_s);
    row("ID number", R"({"op":"ID","value":1})", u"ID value must be a string."_s);
    row("CONTAINS number", R"({"op":"CONTAINS","field":"a","value":1})", u"CONTAINS value must be a string."_s);
    row("bad stringComparison", R"({"op":"ENDS_WITH","field":"a","value":"x","stringComparison":"IGNORE"})", u"Unknown stringComparison [IGNORE]."_s);
    row("DELETION without state", R"({"op":"DELETION"})", u"DELETION state must be ACTIVE, DELETED or ALL."_s);
    row("DELETION boolean", R"({"op":"DELETION","state":true})", u"DELETION state must be ACTIVE, DELETED or ALL."_s);
    row("ELEMENT_MATCH without predicate", R"({"op":"ELEMENT_MATCH","field":"a"})", u"ELEMENT_MATCH requires a predicate."_s);
    row("SEARCH blank", R"({"op":"SEARCH","query":" "})", u"SEARCH query cannot be blank."_s);
    row("SEARCH bad mode", R"({"op":"SEARCH","query":"x","mode":"FUZZY"})", u"SEARCH mode must be TERMS or PHRASE."_s);
    row("BEFORE_NOW bad offset", R"({"op":"BEFORE_NOW","field":"t","offset":"30m"})", u"BEFORE_NOW offset must be an ISO-8601 duration such as PT0S or -PT30M."_s);
    row("AFTER_NOW numeric offset", R"({"op":"AFTER_NOW","field":"t","offset":1800})", u"AFTER_NOW offset must be an ISO-8601 duration such as PT0S or -PT30M."_s);
    row("BEFORE_NOW without field", R"({"op":"BEFORE_NOW"})", u"BEFORE_NOW requires a field."_s);
    row("blank zoneId", R"({"op":"YESTERDAY","field":"t","zoneId":" "})", u"zoneId cannot be blank."_s);
    row("unknown zoneId", R"({"op":"THIS_YEAR","field":"t","zoneId":"Mars/Base"})", u"Unknown time zone [Mars/Base]."_s);
    row("blank datePattern", R"({"op":"NEXT_YEAR","field":"t","datePattern":""})", u"datePattern cannot be blank."_s);
    row("bad timeUnit", R"({"op":"LAST_YEAR","field":"t","timeUnit":"WEEKS"})", u"Unknown timeUnit [WEEKS]."_s);
    row("BEFORE_TODAY bad time", R"({"op":"BEFORE_TODAY","field":"t","time":"6pm"})", u"BEFORE_TODAY time must be a time such as 18:00 or 18:00:30."_s);
    row("RECENT_DAYS zero", R"({"op":"RECENT_DAYS","field":"t","days":0})", u"RECENT_DAYS days must be greater than zero."_s);
    row("EARLIER_DAYS missing", R"({"op":"EARLIER_DAYS","field":"t"})", u"EARLIER_DAYS days must be greater than zero."_s);
    row("error deep inside", R"({"op":"AND","operands":[{"op":"MATCH_ALL"},{"op":"NOR","operands":[{"op":"IN","field":"a","values":[]}]}]})", u"IN values cannot be empty."_s);
}

void TestFilterJson::fromBytes()
{
    const auto ok = filterFromJsonBytes(R"({"op":"BEFORE_NOW","field":"t","offset":"-PT30M"})");
    QVERIFY(ok.ok());
    QCOMPARE(ok->op, Operator::BeforeNow);
    QCOMPARE(ok->value, QJsonValue(u"-PT30M"_s));
    const auto malformed = filterFromJsonBytes(R"({"op":)");
    QVERIFY(!malformed.ok());
    QCOMPARE(malformed.error().code, ErrorCode::BadRequest);
    const auto array = filterFromJsonBytes(R"([{"op":"MATCH_ALL"}])");
    QVERIFY(!array.ok());
    QCOMPARE(array.error().message, u"Filter expression must be a JSON object."_s);
}

void TestFilterJson::badShapes()
{
    QFETCH(QJsonObject, filter);
    QFETCH(QString, message);
    const auto c = filterFromJson(filter);
    QVERIFY2(!c.ok(), compact(filter).constData());
    QCOMPARE(c.error().code, ErrorCode::IllegalArgument);
    QCOMPARE(c.error().message, message);
}

void TestFilterJson::legacyDialect_data()
{
    QTest::addColumn<Condition>("condition");
    QTest::addColumn<QString>("error"); // empty: the 8.10 form exists
    for (const Operator op : allOperators) {
        Condition c;
        c.op = op;
        if (Condition::usesField(op))
            c.field = u"t"_s;
        const QByteArray tag = enumName(op).toUtf8();
        QTest::newRow(tag.constData()) << c << (isLegacyOperator(op) ? QString() : enumName(op) + u" is a Wow 9.x operator; a Wow 8.10 server does not know it."_s);
    }
    QTest::newRow("nested BEFORE_NOW")
        << Condition::and_({Condition::eq(u"s"_s, 1), Condition::nor_({Condition::leaf(u"t"_s, Operator::BeforeNow)})})
        << u"BEFORE_NOW is a Wow 9.x operator; a Wow 8.10 server does not know it."_s;
    Condition seconds = Condition::leaf(u"t"_s, Operator::Today);
    seconds.options.insert(u"timeUnit"_s, u"SECONDS"_s);
    QTest::newRow("timeUnit SECONDS") << seconds << u"TODAY with timeUnit SECONDS needs Wow 9.x; Wow 8.10 reads milliseconds only."_s;
    Condition phrase = Condition::leaf(QString(), Operator::Match, u"x"_s);
    phrase.options.insert(u"mode"_s, u"PHRASE"_s);
    QTest::newRow("SEARCH PHRASE") << phrase << u"MATCH with fields or mode needs Wow 9.x's SEARCH."_s;
}

void TestFilterJson::legacyDialect()
{
    QFETCH(Condition, condition);
    QFETCH(QString, error);
    const auto json = legacyConditionJson(condition);
    if (error.isEmpty()) {
        QVERIFY(json.ok());
        QCOMPARE(*json, condition.toJson());
        // Every 8.10 operator keeps its old name.
        QCOMPARE(json->value(u"operator"_s).toString(), enumName(condition.op));
    } else {
        QVERIFY(!json.ok());
        QCOMPARE(json.error().code, ErrorCode::IllegalArgument);
        QCOMPARE(json.error().message, error);
    }
}

void TestFilterJson::ninePointTwoCategories()
{
    // The 9.2 dashboard's "Executing" on the server clock: timeoutAt exactly now is still executing
    // (BEFORE_NOW is strict); the 8.10 category (timeoutAt > now) differs there only.
    const qint64 now = 1767225600000;
    const Condition nine = F(goldenObject(u"filter_Executing.json"_s));
    const Condition eight = categoryCondition(FailureCategory::Executing, now);
    const ConditionEvaluator evaluator(EvaluationContext{now, QTimeZone::utc()});
    for (const qint64 timeoutAt : {now - 1, now, now + 1}) {
        QJsonObject doc = snapshotDoc(now);
        doc.insert(u"state"_s, QJsonObject{{u"status"_s, u"PREPARED"_s},
                                             {u"retryState"_s, QJsonObject{{u"timeoutAt"_s, timeoutAt}}}});
        const auto a = evaluator.matches(nine, doc, DocumentKind::Snapshot);
        const auto b = evaluator.matches(eight, doc, DocumentKind::Snapshot);
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(*a, timeoutAt >= now);
        QCOMPARE(*b, timeoutAt > now);
    }
}

void TestFilterJson::serverClockCategoriesAreTheDashboards()
{
    // The window's categories on the server's clock are the 9.2 dashboard's filters, node for node.
    QCOMPARE(*filterToJson(categoryCondition(FailureCategory::ToRetry, 0, CategoryClock::Server)),
             goldenObject(u"filter_ToRetry.json"_s));
    QCOMPARE(*filterToJson(categoryCondition(FailureCategory::Executing, 0, CategoryClock::Server)),
             goldenObject(u"filter_Executing.json"_s));
    // Due for retry: To retry and NOR[nextRetryAt AFTER_NOW]; no literal time in any of them.
    const QJsonObject due = *filterToJson(categoryCondition(FailureCategory::NextRetry, 42, CategoryClock::Server));
    const QJsonArray operands = due.value("operands"_L1).toArray();
    QCOMPARE(operands.size(), 4);
    QCOMPARE(operands.last().toObject(),
             (QJsonObject{{u"op"_s, u"NOR"_s},
                          {u"operands"_s, QJsonArray{QJsonObject{{u"op"_s, u"AFTER_NOW"_s},
                                                                 {u"field"_s, u"state.retryState.nextRetryAt"_s},
                                                                 {u"offset"_s, u"PT0S"_s}}}}}));
    QVERIFY(!QJsonDocument(due).toJson().contains("42"));
    // The rest do not depend on the clock: the same either way.
    for (auto c : {FailureCategory::NonRetryable, FailureCategory::Succeeded, FailureCategory::Unrecoverable,
                   FailureCategory::Active, FailureCategory::All, FailureCategory::Deleted})
        QCOMPARE(categoryCondition(c, 42, CategoryClock::Server), categoryCondition(c, 42));
    QCOMPARE(*filterToJson(categoryCondition(FailureCategory::Active, 0)),
             (QJsonObject{{u"op"_s, u"IN"_s}, {u"field"_s, u"state.status"_s}, {u"values"_s, QJsonArray{u"FAILED"_s, u"PREPARED"_s}}}));
}

void TestFilterJson::nowOperatorsOnTheLocalClock()
{
    const qint64 now = 1767225600000; // 2026-01-01T00:00:00Z
    // Executing on the server's clock, for an 8.10 server: LT now inside the NOR, nothing 9.x left.
    const auto executing = nowOperatorsAt(categoryCondition(FailureCategory::Executing, 0, CategoryClock::Server), now);
    QVERIFY(executing.ok());
    QVERIFY(!legacyDialectError(*executing));
    const Condition &late = executing->children.at(1).children.at(0);
    QCOMPARE(late.op, Operator::Lt);
    QCOMPARE(late.field, u"state.retryState.timeoutAt"_s);
    QCOMPARE(late.value.toDouble(), double(now));
    // It selects what the server would have: timeoutAt == now is still executing (strict).
    const ConditionEvaluator evaluator(EvaluationContext{now, QTimeZone::utc()});
    for (const qint64 timeoutAt : {now - 1, now, now + 1}) {
        QJsonObject doc = snapshotDoc(now);
        doc.insert(u"state"_s, QJsonObject{{u"status"_s, u"PREPARED"_s}, {u"retryState"_s, QJsonObject{{u"timeoutAt"_s, timeoutAt}}}});
        QCOMPARE(*evaluator.matches(*executing, doc, DocumentKind::Snapshot),
                 *evaluator.matches(categoryCondition(FailureCategory::Executing, 0, CategoryClock::Server), doc, DocumentKind::Snapshot));
    }
    // The offset, the field's time unit and a date pattern in a zone.
    const auto seconds = nowOperatorsAt(F(J(R"({"op":"BEFORE_NOW","field":"t","offset":"-PT30M","timeUnit":"SECONDS"})")), now);
    QCOMPARE(seconds->op, Operator::Lt);
    QCOMPARE(seconds->value.toDouble(), double((now - 1800000) / 1000));
    QVERIFY(seconds->options.isEmpty());
    const auto day = nowOperatorsAt(
        F(J(R"({"op":"AFTER_NOW","field":"d","offset":"PT1H","datePattern":"yyyy-MM-dd HH","zoneId":"Asia/Shanghai"})")), now);
    QCOMPARE(day->op, Operator::Gt);
    QCOMPARE(day->value.toString(), u"2026-01-01 09"_s);
    // Errors, and nothing else touched.
    Condition soon = Condition::leaf(u"t"_s, Operator::BeforeNow, u"soon"_s); // the parser refuses it; a tree may hold it
    QVERIFY(!nowOperatorsAt(soon, now).ok());
    const Condition plain = Condition::eq(u"state.status"_s, u"FAILED"_s);
    QCOMPARE(*nowOperatorsAt(plain, now), plain);
}

QTEST_GUILESS_MAIN(TestFilterJson)
#include "tst_filter_json.moc"
