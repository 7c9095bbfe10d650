// JSON codecs of every wire type against the examples of docs/wire-protocol.md §3 (golden/), plus
// malformed input that must fail with an error naming the field.

#include "categories.h"
#include "commands.h"
#include "events.h"
#include "query.h"
#include "wire_types.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include "test_printers.h"

using namespace wci;
using namespace Qt::StringLiterals;

namespace {

QByteArray golden(const QString &name)
{
    QFile f(QStringLiteral(WCI_GOLDEN_DIR) + u'/' + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing golden file %s", qPrintable(name));
    return f.readAll();
}

QJsonObject goldenObject(const QString &name)
{
    QJsonParseError err{};
    const auto doc = QJsonDocument::fromJson(golden(name), &err);
    if (err.error != QJsonParseError::NoError)
        qFatal("bad golden file %s: %s", qPrintable(name), qPrintable(err.errorString()));
    return doc.object();
}

// Keys of a compact JSON object in the order they were written (top level only).
QStringList topLevelKeys(const QByteArray &json)
{
    QStringList keys;
    int depth = 0;
    bool inString = false, escaped = false, expectKey = false;
    int keyStart = -1;
    for (int i = 0; i < json.size(); ++i) {
        const char c = json.at(i);
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
                if (keyStart >= 0) {
                    keys.append(QString::fromUtf8(json.mid(keyStart, i - keyStart)));
                    keyStart = -1;
                }
            }
            continue;
        }
        if (c == '"') {
            inString = true;
            if (depth == 1 && expectKey)
                keyStart = i + 1;
            expectKey = false;
        } else if (c == '{' || c == '[') {
            ++depth;
            expectKey = (c == '{' && depth == 1);
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == ',' && depth == 1) {
            expectKey = true;
        }
    }
    return keys;
}


// A JSON text written from a Qt value, with one member or element replaced by `token` (written
// as it is: any JSON text, or nothing to leave the member out) and, when `duplicate`, the
// original member kept before it as a key given twice. Paths are member keys and indexes.
QByteArray writeWith(const QJsonValue &v, const QStringList &path, const QByteArray &token, bool duplicate,
                     qsizetype depth = 0)
{
    const auto plain = [](const QJsonValue &x) {
        if (x.isObject())
            return QJsonDocument(x.toObject()).toJson(QJsonDocument::Compact);
        if (x.isArray())
            return QJsonDocument(x.toArray()).toJson(QJsonDocument::Compact);
        // a scalar: written inside a one-element array, then cut out
        const QByteArray a = QJsonDocument(QJsonArray{x}).toJson(QJsonDocument::Compact);
        return a.mid(1, a.size() - 2);
    };
    const bool onPath = depth < path.size();
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        QByteArray out = "{";
        bool first = true;
        const auto member = [&](const QString &key, const QByteArray &text) {
            if (!first)
                out += ',';
            first = false;
            out += plain(QJsonValue(key)) + ':' + text;
        };
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!onPath || it.key() != path[depth]) {
                member(it.key(), plain(it.value()));
            } else if (depth + 1 < path.size()) {
                member(it.key(), writeWith(it.value(), path, token, duplicate, depth + 1));
            } else {
                if (duplicate)
                    member(it.key(), plain(it.value()));
                if (!token.isEmpty())
                    member(it.key(), token);
            }
        }
        return out + '}';
    }
    if (v.isArray()) {
        const QJsonArray a = v.toArray();
        QByteArray out = "[";
        for (qsizetype i = 0; i < a.size(); ++i) {
            QByteArray text = plain(a.at(i));
            if (onPath && path[depth] == QString::number(i))
                text = depth + 1 < path.size() ? writeWith(a.at(i), path, token, duplicate, depth + 1) : token;
            if (text.isEmpty())
                continue;
            if (out.size() > 1)
                out += ',';
            out += text;
        }
        return out + ']';
    }
    return plain(v);
}

// Every member and element path of a value.
void pathsOf(const QJsonValue &v, QStringList prefix, QList<QStringList> &out)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            out.append(prefix + QStringList{it.key()});
            pathsOf(it.value(), prefix + QStringList{it.key()}, out);
        }
    } else if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            out.append(prefix + QStringList{QString::number(i)});
            pathsOf(a.at(i), prefix + QStringList{QString::number(i)}, out);
        }
    }
}

// How a type decodes `bytes`: through decodeJsonBytes (the faster parser first), or through
// Qt's parser only (as decodeJsonBytes did before it had the faster one). A decoded value is
// rendered as the JSON it writes, parsed (so event bodies compare by content: the faster
// parser keeps their members' order, Qt's sorts them); an error as its message and fields.
template <typename T>
QString decodedAs(const QByteArray &bytes, bool fast)
{
    Result<T> r = fast ? decodeJsonBytes<T>(bytes, u"T"_s) : [&]() -> Result<T> {
        auto v = parseJsonBytes(bytes);
        if (!v)
            return v.error();
        return decodeJson<T>(*v, u"T"_s);
    }();
    if (!r) {
        QString out = u"error "_s + r.error().message;
        for (const BindingError &b : r.error().bindingErrors)
            out += u" | "_s + b.name + u": "_s + b.msg;
        return out;
    }
    const QByteArray written = r->toJsonBytes();
    const QJsonDocument doc = QJsonDocument::fromJson(written);
    return QString::fromUtf8(doc.isArray() ? QJsonDocument(doc.array()).toJson() : QJsonDocument(doc.object()).toJson());
}

template <typename T>
T decodeOrFail(const QJsonObject &o)
{
    auto r = T::fromJson(o);
    if (!r)
        qFatal("decode failed: %s", qPrintable(r.error().message));
    return r.value();
}

} // namespace

class TestJsonCodecs : public QObject {
    Q_OBJECT

private slots:
    void goldenRoundTrip_data();
    void goldenRoundTrip();
    void createCommandGolden();
    void singleQueryGolden();
    void fieldOrder();
    void computedFields();
    void bindingErrorsOmittedWhenEmpty();
    void unknownFieldsIgnored();
    void optionalFieldsOfOlderServers();
    void int64Precision();
    void stringEscaping();
    void malformed_data();
    void malformed();
    void malformedJsonSyntax();
    void fastParserReadsAsQtDoes_data();
    void fastParserReadsAsQtDoes();
    void fastReaderFindsFieldsInAnyOrder();
    void commandBodies_data();
    void commandBodies();
    void commandRoutes();
    void eventsRoundTrip();
    void unknownEvent();
    void shortStringsReadAsWritten();
    void categoryConditionsMatchDashboard_data();
    void categoryConditionsMatchDashboard();
    void enumsRoundTrip();
    void httpStatusMapping();
    void pagedList();
    void metadataOfCompensationService();
    void serverSideRewriting();
};

void TestJsonCodecs::goldenRoundTrip_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("type");
    QTest::newRow("CommandResult ok") << u"command_result_ok.json"_s << u"CommandResult"_s;
    QTest::newRow("CommandResult IllegalState") << u"command_result_illegal_state.json"_s << u"CommandResult"_s;
    QTest::newRow("ErrorInfo NotFound") << u"error_info_not_found.json"_s << u"ErrorInfo"_s;
    QTest::newRow("ErrorInfo malformed body") << u"error_info_malformed_body.json"_s << u"ErrorInfo"_s;
    QTest::newRow("ExecutionFailedState") << u"execution_failed_state.json"_s << u"ExecutionFailedState"_s;
    QTest::newRow("Snapshot") << u"snapshot.json"_s << u"Snapshot"_s;
    QTest::newRow("DomainEventStream") << u"domain_event_stream.json"_s << u"DomainEventStream"_s;
    QTest::newRow("BatchResult") << u"batch_result.json"_s << u"BatchResult"_s;
    QTest::newRow("CompensationTarget") << u"compensation_target.json"_s << u"CompensationTarget"_s;
    QTest::newRow("WowMetadata") << u"metadata.json"_s << u"WowMetadata"_s;
    QTest::newRow("PagedQuery succeeded") << u"paged_query_succeeded.json"_s << u"PagedQuery"_s;
    QTest::newRow("PagedQuery history") << u"paged_query_history.json"_s << u"PagedQuery"_s;
    QTest::newRow("SimpleWaitSignal") << u"wait_signal.json"_s << u"SimpleWaitSignal"_s;
}

void TestJsonCodecs::goldenRoundTrip()
{
    QFETCH(QString, file);
    QFETCH(QString, type);
    const QJsonObject in = goldenObject(file);
    QJsonObject out;
    if (type == u"CommandResult"_s)
        out = decodeOrFail<CommandResult>(in).toJson();
    else if (type == u"ErrorInfo"_s)
        out = decodeOrFail<ErrorInfo>(in).toJson();
    else if (type == u"ExecutionFailedState"_s)
        out = decodeOrFail<ExecutionFailedState>(in).toJson();
    else if (type == u"Snapshot"_s)
        out = decodeOrFail<Snapshot>(in).toJson();
    else if (type == u"DomainEventStream"_s)
        out = decodeOrFail<DomainEventStream>(in).toJson();
    else if (type == u"BatchResult"_s)
        out = decodeOrFail<BatchResult>(in).toJson();
    else if (type == u"CompensationTarget"_s)
        out = decodeOrFail<CompensationTarget>(in).toJson();
    else if (type == u"WowMetadata"_s)
        out = decodeOrFail<WowMetadata>(in).toJson();
    else if (type == u"PagedQuery"_s)
        out = decodeOrFail<PagedQuery>(in).toJson();
    else if (type == u"SimpleWaitSignal"_s)
        out = decodeOrFail<SimpleWaitSignal>(in).toJson();
    else
        QFAIL("unknown type");
    QCOMPARE(QJsonDocument(out).toJson(QJsonDocument::Compact), QJsonDocument(in).toJson(QJsonDocument::Compact));
}

void TestJsonCodecs::createCommandGolden()
{
    const auto r = decodeCommandBody(CommandType::CreateExecutionFailed, goldenObject(u"create_execution_failed.json"_s));
    QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
    const auto &c = std::get<CreateExecutionFailed>(*r);
    QCOMPARE(c.eventId.aggregateId.aggregateName, u"order"_s);
    QCOMPARE(c.function.functionKind, FunctionKind::Event);
    QCOMPARE(c.executeAt, 1767225600000LL);
    QVERIFY(c.retrySpec.has_value());
    QCOMPARE(c.retrySpec->minBackoff, 180);
    QCOMPARE(c.error.stackTrace, u"java.lang.IllegalStateException: Inventory service unavailable\n\tat ..."_s);
    // Written back, the empty bindingErrors disappear and the computed `succeeded` appears.
    QJsonObject expected = goldenObject(u"create_execution_failed.json"_s);
    QJsonObject error = expected.value("error"_L1).toObject();
    error.remove("bindingErrors"_L1);
    error.insert("succeeded"_L1, false);
    expected.insert("error"_L1, error);
    QCOMPARE(parseObject(encodeCommandBody(*r)), expected);
}

void TestJsonCodecs::singleQueryGolden()
{
    const auto q = SingleQuery::fromJson(goldenObject(u"single_query_state.json"_s));
    QVERIFY(q.ok());
    QCOMPARE(q->condition.op, Operator::Id);
    QCOMPARE(q->condition.value.toString(), u"0V3pK1q90001001"_s);
    QVERIFY(q->sort.empty());
    const auto again = SingleQuery::fromJson(q->toJson());
    QVERIFY(again.ok());
    QCOMPARE(*again, *q);
}

void TestJsonCodecs::fieldOrder()
{
    const Snapshot snapshot = decodeOrFail<Snapshot>(goldenObject(u"snapshot.json"_s));
    QCOMPARE(topLevelKeys(snapshot.toJsonBytes()),
             (QStringList{u"contextName"_s, u"aggregateName"_s, u"aggregateId"_s, u"tenantId"_s, u"ownerId"_s,
                          u"spaceId"_s, u"version"_s, u"eventId"_s, u"firstOperator"_s, u"operator"_s,
                          u"firstEventTime"_s, u"eventTime"_s, u"state"_s, u"snapshotTime"_s, u"tags"_s,
                          u"deleted"_s}));
    const auto stream = decodeOrFail<DomainEventStream>(goldenObject(u"domain_event_stream.json"_s));
    QCOMPARE(topLevelKeys(stream.toJsonBytes()),
             (QStringList{u"id"_s, u"contextName"_s, u"aggregateName"_s, u"header"_s, u"aggregateId"_s,
                          u"tenantId"_s, u"ownerId"_s, u"spaceId"_s, u"commandId"_s, u"requestId"_s, u"version"_s,
                          u"body"_s, u"createTime"_s, u"size"_s}));
    StateEvent se;
    se.id = u"s1"_s;
    se.spaceId = QString();
    se.tags = QMap<QString, QStringList>{};
    se.body.push_back(stream.body.front());
    QCOMPARE(topLevelKeys(se.toJsonBytes()),
             (QStringList{u"id"_s, u"contextName"_s, u"aggregateName"_s, u"header"_s, u"aggregateId"_s,
                          u"tenantId"_s, u"ownerId"_s, u"spaceId"_s, u"commandId"_s, u"requestId"_s, u"version"_s,
                          u"firstOperator"_s, u"firstEventTime"_s, u"state"_s, u"tags"_s, u"deleted"_s, u"body"_s,
                          u"createTime"_s}));
    QCOMPARE(topLevelKeys(AggregateId{u"c"_s, u"a"_s, u"i"_s, u"t"_s}.toJsonBytes()),
             (QStringList{u"contextName"_s, u"aggregateName"_s, u"aggregateId"_s, u"tenantId"_s}));
    QCOMPARE(topLevelKeys(stream.body.front().toJsonBytes()),
             (QStringList{u"id"_s, u"name"_s, u"revision"_s, u"bodyType"_s, u"body"_s}));
}

void TestJsonCodecs::computedFields()
{
    ExecutionFailedState s = decodeOrFail<ExecutionFailedState>(goldenObject(u"execution_failed_state.json"_s));
    s.retryState.retries = 10;
    QJsonObject o = s.toJson();
    QCOMPARE(o.value("isBelowRetryThreshold"_L1), QJsonValue(false));
    QCOMPARE(o.value("isRetryable"_L1), QJsonValue(false));
    s.retryState.retries = 9;
    s.status = ExecutionFailedStatus::Succeeded;
    o = s.toJson();
    QCOMPARE(o.value("isBelowRetryThreshold"_L1), QJsonValue(true));
    QCOMPARE(o.value("isRetryable"_L1), QJsonValue(false));
    // Computed fields on input are ignored: they are recomputed from the real ones.
    QJsonObject lying = goldenObject(u"execution_failed_state.json"_s);
    lying.insert("isRetryable"_L1, false);
    QCOMPARE(decodeOrFail<ExecutionFailedState>(lying).toJson().value("isRetryable"_L1), QJsonValue(true));

    QCOMPARE(ErrorInfo{}.toJson().value("succeeded"_L1), QJsonValue(true));
    QCOMPARE((ErrorInfo{u"NotFound"_s, u"x"_s, {}}).toJson().value("succeeded"_L1), QJsonValue(false));
    QCOMPARE((BatchResult{u"a"_s, 1, u"BatchTaskError"_s, u"m"_s}).toJson().value("succeeded"_L1), QJsonValue(false));
    QCOMPARE((ErrorDetails{u"Ok"_s, {}, {}, {}}).toJson().value("succeeded"_L1), QJsonValue(true));
}

void TestJsonCodecs::bindingErrorsOmittedWhenEmpty()
{
    ErrorInfo e{ErrorCode::IllegalArgument, u"bad"_s, {}};
    QVERIFY(!e.toJson().contains("bindingErrors"_L1));
    e.bindingErrors = {{u"body"_s, u"broken"_s}};
    QCOMPARE(e.toJson().value("bindingErrors"_L1).toArray().size(), 1);
    CommandResult c;
    c.id = c.commandId = c.requestId = u"x"_s;
    QVERIFY(!c.toJson().contains("bindingErrors"_L1));
    c.bindingErrors = {{u"maxRetries"_s, u"must be >= 0"_s}};
    QCOMPARE(c.toJson().value("bindingErrors"_L1).toArray().first().toObject().value("name"_L1).toString(),
             u"maxRetries"_s);
}

void TestJsonCodecs::unknownFieldsIgnored()
{
    QJsonObject o = goldenObject(u"command_result_ok.json"_s);
    o.insert("somethingNew"_L1, QJsonArray{1, 2});
    o.insert("nested"_L1, QJsonObject{{"x"_L1, 1}});
    const auto r = CommandResult::fromJson(o);
    QVERIFY(r.ok());
    QVERIFY(!r->toJson().contains("somethingNew"_L1));
}

void TestJsonCodecs::optionalFieldsOfOlderServers()
{
    QJsonObject snap = goldenObject(u"snapshot.json"_s);
    snap.remove("spaceId"_L1);
    snap.remove("tags"_L1);
    const auto s = Snapshot::fromJson(snap);
    QVERIFY(s.ok());
    QVERIFY(!s->spaceId.has_value());
    QVERIFY(!s->tags.has_value());
    QCOMPARE(s->toJson(), snap);

    QJsonObject cr = goldenObject(u"command_result_ok.json"_s);
    cr.remove("waitCommandId"_L1);
    cr.insert("aggregateVersion"_L1, QJsonValue::Null);
    const auto c = CommandResult::fromJson(cr);
    QVERIFY(c.ok());
    QVERIFY(!c->waitCommandId.has_value());
    QVERIFY(!c->aggregateVersion.has_value());
    const QJsonObject back = c->toJson();
    QVERIFY(back.contains("aggregateVersion"_L1)); // null is written, as Jackson does
    QVERIFY(back.value("aggregateVersion"_L1).isNull());
    QVERIFY(!back.contains("waitCommandId"_L1));

    QJsonObject stream = goldenObject(u"domain_event_stream.json"_s);
    stream.remove("spaceId"_L1);
    stream.remove("size"_L1);
    const auto ds = DomainEventStream::fromJson(stream);
    QVERIFY(ds.ok());
    QCOMPARE(ds->toJson(), stream);
}

void TestJsonCodecs::int64Precision()
{
    for (qint64 v : {9007199254740993LL, std::numeric_limits<qint64>::max(), std::numeric_limits<qint64>::min(), 0LL}) {
        const QByteArray json = "{\"executeAt\":" + QByteArray::number(v) + "}";
        const auto r = ApplyExecutionSuccess::fromJsonBytes(json);
        QVERIFY2(r.ok(), json.constData());
        QCOMPARE(r->executeAt, v);
        QCOMPARE(r->toJsonBytes(), json);
    }
    // Beyond int64 or fractional: rejected, never rounded.
    for (const char *bad : {"{\"executeAt\":9223372036854775808}", "{\"executeAt\":1.5}", "{\"executeAt\":1e300}"}) {
        const auto r = ApplyExecutionSuccess::fromJsonBytes(bad);
        QVERIFY2(!r.ok(), bad);
        QVERIFY(r.error().message.contains(u"executeAt"_s));
    }
}

void TestJsonCodecs::stringEscaping()
{
    ErrorDetails e;
    e.errorCode = u"IllegalState"_s;
    e.errorMsg = u"Quote \" backslash \\ tab \t ctl \x01 Grüße 中文 😀"_s;
    e.stackTrace = u"java.lang.IllegalStateException: boom\n\tat com.acme.Foo.bar(Foo.java:42)\r\n"_s;
    const QByteArray bytes = e.toJsonBytes();
    QVERIFY(bytes.contains("\\n\\tat com.acme"));
    QVERIFY(bytes.contains("\\u0001"));
    QVERIFY(bytes.contains("\\\""));
    QVERIFY(bytes.contains("Grüße 中文 😀")); // UTF-8 kept as is, like Jackson
    QVERIFY(!bytes.contains("\\/"));
    const auto back = ErrorDetails::fromJsonBytes(bytes);
    QVERIFY(back.ok());
    QCOMPARE(*back, e);
    // Long text is converted in pieces: a character outside the BMP (two UTF-16 units) cut
    // between two pieces, and escapes at their edges, come out whole.
    for (qsizetype at : {qsizetype(510), qsizetype(511), qsizetype(512), qsizetype(1023)}) {
        ErrorDetails big;
        big.stackTrace = QString(at, u'a') + u"😀\n\"中"_s + QString(700, u'b') + u"\t😀"_s;
        const QByteArray json = big.toJsonBytes();
        QVERIFY(json.contains(QByteArray(QByteArray(at, 'a') + "😀\\n\\\"中")));
        const auto again = ErrorDetails::fromJsonBytes(json);
        QVERIFY(again.ok());
        QCOMPARE(again->stackTrace, big.stackTrace);
    }
    // Every byte, at every place of runs shorter and longer than the 16 bytes looked at at
    // once, of short text (written in one pass) and long text (counted first), is escaped as
    // one character at a time would be: as UTF-8 bytes, and as text (each byte a Latin-1
    // character: ASCII written as it is, the rest converted).
    const auto oneByOne = [](QByteArrayView in) {
        QByteArray out;
        for (const char ch : in) {
            const auto c = static_cast<unsigned char>(ch);
            const char *simple = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '\r' ? "\\r"
                                 : c == '\t' ? "\\t" : c == '\b' ? "\\b" : c == '\f' ? "\\f" : nullptr;
            if (simple)
                out.append(simple);
            else if (c < 0x20)
                out.append("\\u00").append(QByteArray::number(c, 16).rightJustified(2, '0'));
            else
                out.append(ch);
        }
        return out;
    };
    for (int length : {1, 15, 16, 17, 31, 33, 48, 129, 530}) {
        for (int at = 0; at < length; at += length > 48 && at < length - 20 ? 7 : 1) {
            for (int c = 0; c < 256; ++c) {
                QByteArray in(length, 'x');
                in[at] = char(c);
                in[length - 1 - at] = at % 2 ? '\n' : in[length - 1 - at]; // a second escape, here and there
                JsonWriter bytes;
                bytes.beginArray().value(u"before"_s).value(QLatin1StringView(in)).endArray();
                const QByteArray expected = "[\"before\",\"" + oneByOne(in) + "\"]";
                if (bytes.bytes() != expected)
                    QFAIL(qPrintable(u"byte %1 at %2 of %3: %4"_s.arg(c).arg(at).arg(length).arg(QString::fromLatin1(bytes.bytes().toByteArray().toHex()))));
                const QString latin1 = QString::fromLatin1(in);
                JsonWriter text;
                text.beginArray().value(u"before"_s).value(latin1).endArray();
                if (text.take() != "[\"before\",\"" + oneByOne(latin1.toUtf8()) + "\"]")
                    QFAIL(qPrintable(u"character %1 at %2 of %3"_s.arg(c).arg(at).arg(length)));
            }
        }
    }
}

void TestJsonCodecs::malformed_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("reason");

    const QJsonObject state = goldenObject(u"execution_failed_state.json"_s);
    auto with = [&](const QString &path, const QJsonValue &v) {
        // Replace (or remove, for Undefined) a field at a dotted path of the state example.
        std::function<QJsonObject(QJsonObject, QStringList)> set = [&](QJsonObject o, QStringList parts) {
            const QString head = parts.takeFirst();
            if (parts.isEmpty()) {
                if (v.isUndefined())
                    o.remove(head);
                else
                    o.insert(head, v);
            } else {
                o.insert(head, set(o.value(head).toObject(), parts));
            }
            return o;
        };
        return QJsonDocument(set(state, path.split(u'.'))).toJson(QJsonDocument::Compact);
    };
    QTest::newRow("wrong type int") << u"ExecutionFailedState"_s << with(u"retrySpec.maxRetries"_s, u"ten"_s)
                                    << u"retrySpec.maxRetries"_s << u"32-bit integer"_s;
    QTest::newRow("unknown status") << u"ExecutionFailedState"_s << with(u"status"_s, u"BROKEN"_s) << u"status"_s
                                    << u"unknown value \"BROKEN\""_s;
    QTest::newRow("lower-case enum") << u"ExecutionFailedState"_s << with(u"function.functionKind"_s, u"event"_s)
                                     << u"function.functionKind"_s << u"unknown value"_s;
    QTest::newRow("missing eventId") << u"ExecutionFailedState"_s << with(u"eventId"_s, QJsonValue::Undefined)
                                     << u"eventId"_s << u"is required"_s;
    QTest::newRow("null required") << u"ExecutionFailedState"_s << with(u"id"_s, QJsonValue::Null) << u"id"_s
                                   << u"is required"_s;
    QTest::newRow("missing nested") << u"ExecutionFailedState"_s
                                    << with(u"eventId.aggregateId.tenantId"_s, QJsonValue::Undefined)
                                    << u"eventId.aggregateId.tenantId"_s << u"is required"_s;
    QTest::newRow("fractional int64") << u"ExecutionFailedState"_s << with(u"executeAt"_s, 1.5) << u"executeAt"_s
                                      << u"64-bit integer"_s;
    QTest::newRow("int32 overflow") << u"ExecutionFailedState"_s << with(u"eventId.version"_s, 3000000000.0)
                                    << u"eventId.version"_s << u"32-bit integer"_s;
    QTest::newRow("object expected") << u"ExecutionFailedState"_s << with(u"retryState"_s, 5) << u"retryState"_s
                                     << u"must be an object"_s;
    QTest::newRow("top-level array") << u"ExecutionFailedState"_s << QByteArray("[1,2]") << u"$"_s
                                     << u"JSON object"_s;
    QTest::newRow("unknown operator") << u"Condition"_s << QByteArray(R"({"field":"a","operator":"LIKE"})")
                                      << u"operator"_s << u"unknown value \"LIKE\""_s;
    QTest::newRow("bad child operator")
        << u"Condition"_s
        << QByteArray(R"({"operator":"AND","children":[{"operator":"ALL"},{"operator":"eq"}]})")
        << u"children[1].operator"_s << u"unknown value"_s;
    QTest::newRow("children not array") << u"Condition"_s << QByteArray(R"({"operator":"AND","children":{}})")
                                        << u"children"_s << u"must be an array"_s;
    QTest::newRow("paged without condition") << u"PagedQuery"_s << QByteArray(R"({"pagination":{"index":1}})")
                                             << u"condition"_s << u"is required"_s;
    QTest::newRow("bad sort direction")
        << u"PagedQuery"_s << QByteArray(R"({"condition":{},"sort":[{"field":"a","direction":"UP"}]})")
        << u"sort[0].direction"_s << u"unknown value"_s;
    QTest::newRow("page size string") << u"PagedQuery"_s
                                      << QByteArray(R"({"condition":{},"pagination":{"size":"10"}})")
                                      << u"pagination.size"_s << u"32-bit integer"_s;
    QTest::newRow("empty stream body") << u"DomainEventStream"_s
                                       << QByteArray(R"({"id":"s","contextName":"c","aggregateName":"a","aggregateId":"x","commandId":"c1","version":1,"body":[],"createTime":1})")
                                       << u"body"_s << u"at least one event"_s;
    QTest::newRow("header value not string")
        << u"DomainEventStream"_s
        << QByteArray(R"({"id":"s","contextName":"c","aggregateName":"a","header":{"k":1},"aggregateId":"x","commandId":"c1","version":1,"body":[{"id":"e","name":"n","bodyType":"t","body":{}}],"createTime":1})")
        << u"header.k"_s << u"must be a string"_s;
    QTest::newRow("mark recoverable bad enum") << u"MarkRecoverable"_s << QByteArray(R"({"recoverable":"MAYBE"})")
                                               << u"recoverable"_s << u"RECOVERABLE, UNRECOVERABLE, UNKNOWN"_s;
    QTest::newRow("retry spec missing") << u"ApplyRetrySpec"_s << QByteArray(R"({"maxRetries":1,"minBackoff":2})")
                                        << u"executionTimeout"_s << u"is required"_s;
    QTest::newRow("compensation target no function") << u"CompensationTarget"_s << QByteArray(R"({"id":"x"})")
                                                     << u"function"_s << u"is required"_s;
}

void TestJsonCodecs::malformed()
{
    QFETCH(QString, type);
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, reason);
    std::optional<DomainError> error;
    auto check = [&](const auto &r) {
        if (!r.ok())
            error = r.error();
    };
    if (type == u"ExecutionFailedState"_s)
        check(ExecutionFailedState::fromJsonBytes(json));
    else if (type == u"Condition"_s)
        check(Condition::fromJsonBytes(json));
    else if (type == u"PagedQuery"_s)
        check(PagedQuery::fromJsonBytes(json));
    else if (type == u"DomainEventStream"_s)
        check(DomainEventStream::fromJsonBytes(json));
    else if (type == u"MarkRecoverable"_s)
        check(MarkRecoverable::fromJsonBytes(json));
    else if (type == u"ApplyRetrySpec"_s)
        check(ApplyRetrySpec::fromJsonBytes(json));
    else if (type == u"CompensationTarget"_s)
        check(CompensationTarget::fromJsonBytes(json));
    else
        QFAIL("unknown type");
    QVERIFY2(error.has_value(), "malformed input was accepted");
    QCOMPARE(error->code, ErrorCode::IllegalArgument);
    QVERIFY2(error->message.contains(type), qPrintable(error->message));
    QVERIFY2(std::any_of(error->bindingErrors.begin(), error->bindingErrors.end(),
                         [&](const BindingError &b) { return b.name == field && b.msg.contains(reason); }),
             qPrintable(error->message));
    if (field != u"$"_s)
        QVERIFY2(error->message.contains(u'\'' + field + u'\''), qPrintable(error->message));
}

void TestJsonCodecs::malformedJsonSyntax()
{
    for (const QByteArray &bad : {QByteArray("{\"a\":"), QByteArray("{'a':1}"), QByteArray("\xff\xfe"), QByteArray()}) {
        const auto r = PagedQuery::fromJsonBytes(bad);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::IllegalArgument);
        QCOMPARE(r.error().bindingErrors.value(0).name, u"body"_s);
    }
}

// The faster reader finds fields read in any order, missing ones, a key given twice (its last
// occurrence) and fields of objects of many keys as Qt's object does.
void TestJsonCodecs::fastReaderFindsFieldsInAnyOrder()
{
    QByteArray many = "{";
    for (int i = 0; i < 70; ++i)
        many += (i ? ",\"k" : "\"k") + QByteArray::number(i) + "\":" + QByteArray::number(i);
    many += ",\"k3\":333}"; // given twice, far apart
    const QList<QByteArray> documents = {
        R"({"a":1,"b":"x","c":{"d":2,"e":[1]},"e":true})", R"({"a":1,"b":2,"a":3,"c":4})", many,
        R"({"b":"y","a":5})"};
    const QList<QStringList> orders = {
        {u"a"_s, u"b"_s, u"c"_s, u"e"_s}, {u"e"_s, u"c"_s, u"b"_s, u"a"_s}, {u"c"_s, u"z"_s, u"a"_s, u"c"_s, u"b"_s, u"a"_s},
        {u"k69"_s, u"k0"_s, u"k3"_s, u"k68"_s, u"k3"_s, u"nothing"_s, u"k1"_s}, {u"a"_s, u"a"_s, u"b"_s, u"b"_s}};
    for (const QByteArray &doc : documents) {
        const QJsonObject qt = QJsonDocument::fromJson(doc).object();
        QVERIFY(!qt.isEmpty());
        for (const QStringList &order : orders) {
            JsonReadContext ctx;
            QStringList read, expected;
            QVERIFY(readFast(doc, ctx, [&](const JsonReader &r) {
                for (const QString &key : order) {
                    const QByteArray latin1 = key.toLatin1();
                    const QLatin1StringView name(latin1);
                    read << (r.has(name) ? QString::fromUtf8(QJsonDocument(QJsonArray{r.raw(name)}).toJson(QJsonDocument::Compact))
                                         : u"-"_s);
                    expected << (qt.contains(key) ? QString::fromUtf8(QJsonDocument(QJsonArray{qt.value(key)}).toJson(QJsonDocument::Compact))
                                                  : u"-"_s);
                }
            }));
            QCOMPARE(read, expected);
        }
    }
}

void TestJsonCodecs::fastParserReadsAsQtDoes_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("type");
    QTest::newRow("DomainEventStream") << u"domain_event_stream.json"_s << u"DomainEventStream"_s;
    QTest::newRow("Snapshot") << u"snapshot.json"_s << u"Snapshot"_s;
    QTest::newRow("ExecutionFailedState") << u"execution_failed_state.json"_s << u"ExecutionFailedState"_s;
    QTest::newRow("CommandResult") << u"command_result_illegal_state.json"_s << u"CommandResult"_s;
    QTest::newRow("PagedQuery") << u"paged_query_succeeded.json"_s << u"PagedQuery"_s;
    QTest::newRow("Condition") << u"category_ToRetry.json"_s << u"Condition"_s;
    QTest::newRow("CreateExecutionFailed") << u"create_execution_failed.json"_s << u"CreateExecutionFailed"_s;
    QTest::newRow("WowMetadata") << u"metadata.json"_s << u"WowMetadata"_s;
    QTest::newRow("CompensationPrepared") << u"domain_event_stream.json"_s << u"CompensationPrepared"_s;
}

// decodeJsonBytes reads a document with the faster parser and falls back to Qt's for anything
// it cannot read without error. Whatever the document (each member left out, null, of every
// other type, given twice, numbers written every way, escapes, pretty-printed), the result
// must be the one Qt's parser alone gives: the same value, or the same error.
void TestJsonCodecs::fastParserReadsAsQtDoes()
{
    QFETCH(QString, file);
    QFETCH(QString, type);
    QJsonValue doc = goldenObject(file);
    if (type == u"CompensationPrepared"_s) // an event body, as replay decodes it
        doc = doc.toObject().value("body"_L1).toArray().at(0).toObject().value("body"_L1);
    std::function<QString(const QByteArray &, bool)> decode;
    if (type == u"DomainEventStream"_s)
        decode = &decodedAs<DomainEventStream>;
    else if (type == u"Snapshot"_s)
        decode = &decodedAs<Snapshot>;
    else if (type == u"ExecutionFailedState"_s)
        decode = &decodedAs<ExecutionFailedState>;
    else if (type == u"CommandResult"_s)
        decode = &decodedAs<CommandResult>;
    else if (type == u"PagedQuery"_s)
        decode = &decodedAs<PagedQuery>;
    else if (type == u"Condition"_s)
        decode = &decodedAs<Condition>;
    else if (type == u"CreateExecutionFailed"_s)
        decode = &decodedAs<CreateExecutionFailed>;
    else if (type == u"WowMetadata"_s)
        decode = &decodedAs<WowMetadata>;
    else if (type == u"CompensationPrepared"_s)
        decode = &decodedAs<CompensationPrepared>;
    QVERIFY(decode);

    const QList<QByteArray> tokens = {
        "", "null", "true", "false", "0", "-0", "7", "-7", "7.0", "7.5", "1e3", "1E-2", "2147483648", "-2147483649",
        "9007199254740993", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "18446744073709551616", "1e400", "\"\"", "\"x\"", "\"\\u00e9\\/\\ud83d\\ude00\\n\"", "\"\\ud800\"",
        "\"EVENT\"", "\"(0)\"", "{}", "[]", "[\"a\",1]", "{\"a\":\"b\"}", "{\"a\":[\"b\"]}",
        "\"\xff\"", "{\"a\":1,\"a\":2}"};
    QList<QStringList> paths;
    pathsOf(doc, {}, paths);
    QVERIFY(paths.size() >= 8);
    int documents = 0, decoded = 0, refused = 0, fastDecoded = 0;
    const auto check = [&](const QByteArray &bytes) {
        const QString fast = decode(bytes, true);
        const QString qt = decode(bytes, false);
        QCOMPARE(fast, qt);
        ++documents;
        (qt.startsWith(u"error "_s) ? refused : decoded) += 1;
        JsonReadContext ctx;
        if (readFast(bytes, ctx, [](const JsonReader &) {}))
            ++fastDecoded;
    };
    const QByteArray plain = writeWith(doc, {}, {}, false);
    check(plain);
    check(QJsonDocument(doc.toObject()).toJson(QJsonDocument::Indented));
    for (const QStringList &path : std::as_const(paths)) {
        for (const QByteArray &token : tokens) {
            check(writeWith(doc, path, token, false));
            if (QTest::currentTestFailed()) {
                qWarning() << "at" << path << token;
                return;
            }
        }
        check(writeWith(doc, path, "\"again\"", true));
        check(writeWith(doc, path, "null", true));
        check(writeWith(doc, path, "{}", true));
        if (QTest::currentTestFailed()) {
            qWarning() << "given twice at" << path;
            return;
        }
    }
    // The comparison means something only when both ways decode and refuse documents, and the
    // faster parser reads most of them.
    QVERIFY2(decoded > 10 && refused > 10, qPrintable(u"%1 decoded, %2 refused"_s.arg(decoded).arg(refused)));
    QVERIFY2(fastDecoded > documents / 2, qPrintable(u"%1 of %2"_s.arg(fastDecoded).arg(documents)));
}

void TestJsonCodecs::commandBodies_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QByteArray>("json");
    const QByteArray create = golden(u"create_execution_failed.json"_s);
    QTest::newRow("create") << int(CommandType::CreateExecutionFailed) << create;
    QTest::newRow("create, null retrySpec")
        << int(CommandType::CreateExecutionFailed)
        << QJsonDocument([&] {
               auto o = goldenObject(u"create_execution_failed.json"_s);
               o.insert("retrySpec"_L1, QJsonValue::Null);
               return o;
           }()).toJson();
    QTest::newRow("prepare") << int(CommandType::PrepareCompensation) << QByteArray("{}");
    QTest::newRow("force prepare") << int(CommandType::ForcePrepareCompensation) << QByteArray("{}");
    QTest::newRow("success") << int(CommandType::ApplyExecutionSuccess) << QByteArray(R"({"executeAt":1767225900000})");
    QTest::newRow("failed") << int(CommandType::ApplyExecutionFailed)
                            << QByteArray(R"({"error":{"errorCode":"E","errorMsg":"m","stackTrace":"s"},"executeAt":5,"recoverable":"UNRECOVERABLE"})");
    QTest::newRow("retry spec") << int(CommandType::ApplyRetrySpec)
                                << QByteArray(R"({"maxRetries":3,"minBackoff":0,"executionTimeout":30})");
    QTest::newRow("change function")
        << int(CommandType::ChangeFunction)
        << QByteArray(R"({"functionKind":"STATE_EVENT","processorName":"P","contextName":"C","name":"N"})");
    QTest::newRow("mark recoverable") << int(CommandType::MarkRecoverable) << QByteArray(R"({"recoverable":"RECOVERABLE"})");
    QTest::newRow("delete") << int(CommandType::DeleteAggregate) << QByteArray("{}");
    QTest::newRow("recover") << int(CommandType::RecoverAggregate) << QByteArray("{}");
}

void TestJsonCodecs::commandBodies()
{
    QFETCH(int, type);
    QFETCH(QByteArray, json);
    const auto t = static_cast<CommandType>(type);
    const auto r = decodeCommandBody(t, parseObject(json));
    QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
    QVERIFY(commandTypeOf(*r) == t);
    const auto again = decodeCommandBody(t, parseObject(encodeCommandBody(*r)));
    QVERIFY(again.ok());
    QVERIFY(*again == *r);
}

void TestJsonCodecs::commandRoutes()
{
    QCOMPARE(commandPath(CommandType::CreateExecutionFailed, u"x"_s), u"/execution_failed/create_execution_failed"_s);
    QCOMPARE(commandPath(CommandType::PrepareCompensation, u"x"_s), u"/execution_failed/x/prepare_compensation"_s);
    QCOMPARE(commandPath(CommandType::DeleteAggregate, u"x"_s), u"/execution_failed/x"_s);
    QCOMPARE(commandPath(CommandType::RecoverAggregate, u"x"_s), u"/execution_failed/x/recover"_s);
    QCOMPARE(commandInfo(CommandType::DeleteAggregate).method, u"DELETE"_s);
    QCOMPARE(commandInfo(CommandType::CreateExecutionFailed).method, u"POST"_s);
    QVERIFY(commandTypeByName(u"me.ahoo.wow.compensation.api.MarkRecoverable") == CommandType::MarkRecoverable);
    QVERIFY(commandTypeByName(u"me.ahoo.wow.api.command.DefaultRecoverAggregate") == CommandType::RecoverAggregate);
    QVERIFY(!commandTypeByName(u"me.ahoo.wow.compensation.api.Nope"));
    for (int i = 0; i < kCommandTypeCount; ++i)
        QCOMPARE(int(commandInfo(static_cast<CommandType>(i)).type), i);
}

void TestJsonCodecs::eventsRoundTrip()
{
    const auto state = decodeOrFail<ExecutionFailedState>(goldenObject(u"execution_failed_state.json"_s));
    const std::vector<std::pair<Event, QString>> events = {
        {ExecutionFailedCreated{state.eventId, state.function, state.error, 1, state.retryState, state.retrySpec,
                                RecoverableType::Recoverable},
         u"execution_failed_created"_s},
        {CompensationPrepared{state.eventId, state.function, state.retryState}, u"compensation_prepared"_s},
        {ExecutionSuccessApplied{42}, u"execution_success_applied"_s},
        {ExecutionFailedApplied{state.error, 43, RecoverableType::Unrecoverable}, u"execution_failed_applied"_s},
        {RetrySpecApplied{1, 2, 3}, u"retry_spec_applied"_s},
        {RecoverableMarked{RecoverableType::Recoverable}, u"recoverable_marked"_s},
        {FunctionChanged{state.function}, u"function_changed"_s},
        {AggregateDeleted{}, u"default_aggregate_deleted"_s},
        {AggregateRecovered{}, u"default_aggregate_recovered"_s},
    };
    QCOMPARE(events.size(), std::variant_size_v<Event>);
    for (const auto &[event, name] : events) {
        const DomainEvent d = toDomainEvent(event, u"e1"_s);
        QCOMPARE(d.name, name);
        QCOMPARE(std::visit([](const auto &e) { return eventName<std::decay_t<decltype(e)>>(); }, event), name);
        QCOMPARE(d.revision, u"0.0.1"_s);
        QVERIFY(d.bodyType.startsWith(u"me.ahoo.wow."_s));
        const auto back = fromDomainEvent(d);
        QVERIFY2(back.ok(), qPrintable(name));
        QVERIFY(*back == event);
        // Through the stream entry's JSON too.
        const auto decoded = DomainEvent::fromJsonBytes(d.toJsonBytes());
        QVERIFY(decoded.ok());
        QVERIFY(*fromDomainEvent(*decoded) == event);
    }
    // A stream of all of them decoded with its events typed from the same parse: the same
    // stream, but for the events' body text, and the same events.
    DomainEventStream stream;
    stream.id = u"s1"_s;
    stream.aggregateId = u"a1"_s;
    stream.version = 3;
    stream.createTime = 7;
    stream.header = {{u"remote_ip"_s, u"10.0.0.1"_s}};
    for (const auto &[event, name] : events)
        stream.body.push_back(toDomainEvent(event, name + u"-id"_s));
    const auto typed = decodeTypedEventStream(stream.toJsonBytes());
    QVERIFY(typed);
    QCOMPARE(typed->events.size(), events.size());
    for (size_t i = 0; i < events.size(); ++i) {
        QVERIFY(typed->events[i] == events[i].first);
        QVERIFY(typed->stream.body[i].body.isEmpty());
        stream.body[i].body = QByteArray();
    }
    QVERIFY(typed->stream == stream);
    QCOMPARE(toDomainEvent(AggregateDeleted{}, u"x"_s).body, QByteArray("{}"));
    const QJsonObject fc = parseObject(toDomainEvent(FunctionChanged{state.function}, u"x"_s).body);
    QCOMPARE(fc.value("processorName"_L1).toString(), u"OrderSaga"_s);
    QCOMPARE(fc.value("functionKind"_L1).toString(), u"EVENT"_s);
}

void TestJsonCodecs::unknownEvent()
{
    DomainEvent d;
    d.id = u"e"_s;
    d.name = u"order_created"_s;
    d.bodyType = u"com.acme.OrderCreated"_s;
    const auto r = fromDomainEvent(d);
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(u"order_created"_s));
    // Known name, wrong body.
    d.name = u"retry_spec_applied"_s;
    d.body = R"({"maxRetries":"x"})";
    const auto bad = fromDomainEvent(d);
    QVERIFY(!bad.ok());
    QVERIFY(bad.error().message.contains(u"maxRetries"_s));

    // A stream with such an event is not decoded typed (the ordinary decoding and the replay
    // say what is wrong); one with a known, sound event is.
    const auto streamOf = [](const QByteArray &event) -> QByteArray {
        return QByteArray(R"j({"id":"s","contextName":"compensation-service","aggregateName":"execution_failed",)j"
                          R"j("header":{},"aggregateId":"a","tenantId":"(0)","commandId":"c","requestId":"r","version":1,)j"
                          R"j("body":[)j") + event + R"j(],"createTime":1})j";
    };
    const QByteArray sound = R"j({"id":"e","name":"retry_spec_applied","revision":"0.0.1","bodyType":"x","body":{"maxRetries":1,"minBackoff":2,"executionTimeout":3}})j";
    QVERIFY(decodeTypedEventStream(streamOf(sound)));
    QVERIFY(DomainEventStream::fromJsonBytes(streamOf(sound)).ok());
    for (const QByteArray &event :
         {QByteArray(R"j({"id":"e","name":"retry_spec_applied","revision":"0.0.1","bodyType":"x","body":{"maxRetries":"x"}})j"),
          QByteArray(R"j({"id":"e","name":"order_created","revision":"0.0.1","bodyType":"com.acme.OrderCreated","body":{}})j"),
          QByteArray(R"j({"id":"e","name":"retry_spec_applied","revision":"0.0.1","bodyType":"x","body":[]})j")}) {
        QVERIFY2(!decodeTypedEventStream(streamOf(event)), event.constData());
    }
    QVERIFY(!decodeTypedEventStream(streamOf({})));
    QVERIFY(!decodeTypedEventStream("{\"id\": broken"));
}

// The faster parser's reader shares short strings it read lately: whatever their lengths
// (around the longest it shares), characters (multi-byte UTF-8) and repeats, and whichever
// strings meet in its table, every string reads as written, an empty one as empty.
void TestJsonCodecs::shortStringsReadAsWritten()
{
    const QStringList pieces = {u"a"_s, u"é"_s, u"中"_s, u"😀"_s, u"remote_ip"_s, u"(0)"_s, u"\"q\""_s, u"\\"_s};
    QMap<QString, QString> header;
    quint32 x = 12345;
    const auto next = [&] { return x = x * 1103515245u + 12345u; };
    for (int i = 0; i < 6000; ++i) {
        QString v;
        const int target = int(next() >> 8) % 100; // 0 … 99 bytes or more
        while (v.toUtf8().size() < target)
            v += pieces[qsizetype((next() >> 8) % pieces.size())];
        if (i % 3 == 0 && !header.isEmpty())
            v = header.last(); // repeats
        header.insert(u"k%1"_s.arg(i), v);
    }
    for (int len : {86, 87, 88, 89, 90}) {
        header.insert(u"exact%1"_s.arg(len), QString(len, u'x'));
        header.insert(u"exact-again%1"_s.arg(len), QString(len, u'x'));
    }
    DomainEventStream s;
    s.id = u"s"_s;
    s.aggregateId = u"a"_s;
    s.version = 1;
    s.header = header;
    s.ownerId = QString();
    s.spaceId = QString(u""_s);
    s.body.push_back(toDomainEvent(AggregateDeleted{}, u"e"_s));
    const QByteArray json = s.toJsonBytes();
    for (int round = 0; round < 2; ++round) { // the second time, every string was read lately
        const auto back = DomainEventStream::fromJsonBytes(json);
        QVERIFY(back.ok());
        QCOMPARE(back->header, header);
        QCOMPARE(back->ownerId, QString());
        QVERIFY(back->spaceId && back->spaceId->isEmpty());
        QCOMPARE(back->id, u"s"_s);
        QCOMPARE(back->aggregateId, u"a"_s);
    }
}

void TestJsonCodecs::categoryConditionsMatchDashboard_data()
{
    QTest::addColumn<int>("category");
    QTest::addColumn<QString>("file");
    QTest::newRow("ToRetry") << int(FailureCategory::ToRetry) << u"category_ToRetry.json"_s;
    QTest::newRow("Executing") << int(FailureCategory::Executing) << u"category_Executing.json"_s;
    QTest::newRow("NextRetry") << int(FailureCategory::NextRetry) << u"category_NextRetry.json"_s;
    QTest::newRow("NonRetryable") << int(FailureCategory::NonRetryable) << u"category_NonRetryable.json"_s;
    QTest::newRow("Succeeded") << int(FailureCategory::Succeeded) << u"category_Succeeded.json"_s;
    QTest::newRow("Unrecoverable") << int(FailureCategory::Unrecoverable) << u"category_Unrecoverable.json"_s;
}

void TestJsonCodecs::categoryConditionsMatchDashboard()
{
    QFETCH(int, category);
    QFETCH(QString, file);
    const qint64 now = 1767225600000;
    const Condition c = categoryCondition(static_cast<FailureCategory>(category), now);
    QCOMPARE(c.toJson(), goldenObject(file));
    const auto parsed = Condition::fromJson(goldenObject(file));
    QVERIFY(parsed.ok());
    QVERIFY(*parsed == c);
}

void TestJsonCodecs::enumsRoundTrip()
{
    QCOMPARE(allOperators.size(), size_t(55));
    for (auto op : allOperators) {
        QCOMPARE(parseOperator(enumName(op)), op);
        QCOMPARE(enumName(op), enumName(op).toUpper());
    }
    for (auto v : allFunctionKinds)
        QCOMPARE(parseFunctionKind(enumName(v)), v);
    for (auto v : allCommandStages)
        QCOMPARE(parseCommandStage(enumName(v)), v);
    QCOMPARE(enumName(FunctionKind::StateEvent), u"STATE_EVENT"_s);
    QCOMPARE(enumName(CommandStage::SagaHandled), u"SAGA_HANDLED"_s);
    QCOMPARE(enumName(Operator::NotNull), u"NOT_NULL"_s);
    QCOMPARE(enumName(Operator::BeforeToday), u"BEFORE_TODAY"_s);
    QVERIFY(!parseOperator(u"eq"));
    QVERIFY(!parseRecoverableType(u""));
}

void TestJsonCodecs::httpStatusMapping()
{
    QCOMPARE(httpStatusForErrorCode(ErrorCode::Ok), 200);
    QCOMPARE(httpStatusForErrorCode(ErrorCode::NotFound), 404);
    QCOMPARE(httpStatusForErrorCode(ErrorCode::CommandExpectVersionConflict), 409);
    QCOMPARE(httpStatusForErrorCode(ErrorCode::IllegalAccessDeletedAggregate), 410);
    QCOMPARE(httpStatusForErrorCode(ErrorCode::IllegalAccessOwnerAggregate), 403);
    QCOMPARE(httpStatusForErrorCode(ErrorCode::RequestTimeout), 408);
    QCOMPARE(httpStatusForErrorCode(ErrorCode::InternalServerError), 500);
    QCOMPARE(httpStatusForErrorCode(ErrorCode::BatchTaskError), 400);
    QCOMPARE(httpStatusForErrorCode(u"SomethingNobodyMapped"_s), 400);
}

void TestJsonCodecs::pagedList()
{
    PagedList<ExecutionFailedState> page;
    page.total = 12345678901LL;
    page.list.push_back(decodeOrFail<ExecutionFailedState>(goldenObject(u"execution_failed_state.json"_s)));
    const QByteArray bytes = page.toJsonBytes();
    QVERIFY(bytes.startsWith("{\"total\":12345678901,\"list\":[{"));
    const auto back = PagedList<ExecutionFailedState>::fromJson(parseObject(bytes));
    QVERIFY(back.ok());
    QCOMPARE(*back, page);
    const auto bad = PagedList<ExecutionFailedState>::fromJson(QJsonObject{{"total"_L1, 1}});
    QVERIFY(!bad.ok());
    QVERIFY(bad.error().message.contains(u"list"_s));
}

void TestJsonCodecs::metadataOfCompensationService()
{
    const WowMetadata m = WowMetadata::compensationService();
    const auto &ef = m.contexts.value(u"compensation-service"_s).aggregates.value(u"execution_failed"_s);
    QCOMPARE(ef.commands.size(), 10);
    QCOMPARE(ef.events.size(), 9);
    QCOMPARE(ef.tenantId, std::optional<QString>(u"(0)"_s));
    QCOMPARE(m.contexts.value(u"compensation-service"_s).alias, std::optional<QString>(u"compensation"_s));
    const auto back = WowMetadata::fromJson(m.toJson());
    QVERIFY(back.ok());
    QCOMPARE(*back, m);
    for (int i = 0; i < kCommandTypeCount; ++i)
        QVERIFY(ef.commands.contains(commandInfo(static_cast<CommandType>(i)).typeName));
}

void TestJsonCodecs::serverSideRewriting()
{
    const QJsonObject tenant{{"operator"_L1, u"TENANT_ID"_s}, {"value"_L1, u"(0)"_s}};
    const QJsonObject active{{"operator"_L1, u"DELETED"_s}, {"value"_L1, u"ACTIVE"_s}};
    // ALL is replaced by the tenant; snapshot queries also get deleted=false.
    QCOMPARE(rewriteQueryCondition(Condition::all(), false).toJson(), tenant);
    QCOMPARE(rewriteQueryCondition(Condition::all(), true).toJson(),
             (QJsonObject{{"operator"_L1, u"AND"_s}, {"children"_L1, QJsonArray{active, tenant}}}));
    // DELETED at the root stays a direct AND child after the tenant wrapping: no deleted=false.
    const Condition all = rewriteQueryCondition(Condition::deleted(DeletionState::All), true);
    QCOMPARE(all.op, Operator::And);
    QCOMPARE(all.children.size(), size_t(2));
    QCOMPARE(all.children.front().op, Operator::Deleted);
    // Nested one level deeper it is no longer seen (Wow wraps without flattening).
    const Condition nested = rewriteQueryCondition(
        Condition::and_({Condition::deleted(DeletionState::All), Condition::eq(u"state.status"_s, u"FAILED"_s)}), true);
    QCOMPARE(nested.children.front().toJson(), active);
}

QTEST_GUILESS_MAIN(TestJsonCodecs)
#include "tst_json_codecs.moc"
