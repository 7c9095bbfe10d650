// The SQL the built-in engine runs for a Condition gives exactly the in-memory evaluator's
// answer: a property test over random conditions on seeded demo data, plus checks that the
// dashboard categories compile to indexed columns only and that values are parameters.

#include "builtin/builtin_engine.h"
#include "aggregation.h"
#include "filter_json.h"
#include "categories.h"
#include "builtin/condition_compiler.h"
#include "builtin/demo_seeder.h"
#include "engine_harness.h"

#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include "test_clock.h"
#include "test_printers.h"

#include <random>

using namespace wci;
using namespace wci::testing;
using namespace wci::test;
using namespace Qt::StringLiterals;

namespace {



void collectValues(const QJsonValue &v, const QStringList &parts, int i, QList<QJsonValue> &out)
{
    if (i == parts.size()) {
        if (v.isArray()) {
            for (const auto &x : v.toArray())
                out.append(x);
        } else {
            out.append(v);
        }
        return;
    }
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        const auto it = o.constFind(parts.at(i));
        if (it != o.constEnd())
            collectValues(*it, parts, i + 1, out);
    } else if (v.isArray()) {
        for (const auto &x : v.toArray())
            collectValues(x, parts, i, out);
    }
}

class Generator {
public:
    Generator(quint32 seed, const QList<QJsonObject> &docs, QStringList fields, QStringList timeFields,
              QStringList textFields, QString arrayField, QStringList arrayChildFields, QStringList ids)
        : m_rng(seed), m_docs(docs), m_fields(std::move(fields)), m_timeFields(std::move(timeFields)),
          m_textFields(std::move(textFields)), m_arrayField(std::move(arrayField)),
          m_arrayChildFields(std::move(arrayChildFields)), m_ids(std::move(ids))
    {
    }

    Condition condition(int depth = 0)
    {
        const int r = below(100);
        if (depth < 3 && r < 25) {
            static const Operator logical[] = {Operator::And, Operator::Or, Operator::Nor};
            std::vector<Condition> children;
            const int n = 1 + below(3);
            for (int i = 0; i < n; ++i)
                children.push_back(condition(depth + 1));
            return Condition::logical(logical[below(3)], std::move(children));
        }
        return leaf();
    }

private:
    int below(int n) { return int(std::uniform_int_distribution<int>(0, n - 1)(m_rng)); }
    template <typename T>
    const T &pick(const QList<T> &list) { return list.at(below(int(list.size()))); }

    QJsonValue sampleValue(const QString &field)
    {
        if (below(10) < 7 && !m_docs.isEmpty()) {
            QList<QJsonValue> values;
            collectValues(QJsonValue(pick(m_docs)), field.split(u'.'), 0, values);
            if (!values.isEmpty()) {
                const QJsonValue v = pick(values);
                if (!v.isObject() && !v.isArray())
                    return v;
            }
        }
        switch (below(7)) {
        case 0: return QJsonValue(qint64(kNow - below(3) * 86400000LL));
        case 1: return QJsonValue(below(12));
        case 2: return QJsonValue(below(2) == 0);
        case 3: return QJsonValue(QJsonValue::Null);
        case 4: return QJsonValue(u"FAILED"_s);
        case 5: return QJsonValue(1.5);
        default: return QJsonValue(u"zz-%1"_s.arg(below(100)));
        }
    }

    QString substringOf(const QString &field)
    {
        const QJsonValue v = sampleValue(field);
        QString s = v.isString() ? v.toString() : u"Service"_s;
        if (s.size() > 3 && below(2)) {
            const int start = below(int(s.size()) - 2);
            s = s.mid(start, 1 + below(int(s.size()) - start));
        }
        if (below(5) == 0)
            s = s.toUpper();
        return s;
    }

    QJsonObject dateOptions()
    {
        static const QStringList zones = {u"UTC"_s, u"Asia/Shanghai"_s, u"America/New_York"_s, u"+05:30"_s};
        QJsonObject o;
        if (below(3))
            o.insert("zoneId"_L1, pick(zones));
        if (below(8) == 0)
            o.insert("datePattern"_L1, u"yyyy-MM-dd"_s);
        return o;
    }

    Condition leaf()
    {
        const int r = below(100);
        Condition c;
        if (r < 8) {
            static const Operator idOps[] = {Operator::Id, Operator::AggregateId};
            c.op = idOps[below(2)];
            c.value = below(4) ? pick(m_ids) : u"nope"_s;
            return c;
        }
        if (r < 12) {
            c.op = below(2) ? Operator::Ids : Operator::AggregateIds;
            QJsonArray a;
            for (int i = below(4); i > 0; --i)
                a.append(pick(m_ids));
            c.value = a;
            return c;
        }
        if (r < 16) {
            static const Operator ops[] = {Operator::TenantId, Operator::OwnerId, Operator::SpaceId};
            c.op = ops[below(3)];
            c.value = below(3) ? (c.op == Operator::TenantId ? u"(0)"_s : QString()) : u"x"_s;
            return c;
        }
        if (r < 20) {
            c.op = Operator::Deleted;
            static const QJsonValue states[] = {u"ACTIVE"_s, u"DELETED"_s, u"ALL"_s, true, false};
            c.value = states[below(5)];
            return c;
        }
        if (r < 22) {
            if (below(3))
                return Condition::all();
            c.op = Operator::MatchNone;
            return c;
        }
        if (r < 26 && !m_arrayField.isEmpty()) {
            c.op = Operator::ElemMatch;
            c.field = m_arrayField;
            Condition child = Condition::eq(pick(m_arrayChildFields), sampleValue(m_arrayField + u'.' + pick(m_arrayChildFields)));
            if (below(2))
                child.op = Operator::Ne;
            c.children.push_back(child);
            return c;
        }
        if (r < 36) {
            static const Operator ops[] = {Operator::Today,     Operator::Tomorrow,   Operator::ThisWeek,
                                           Operator::NextWeek,  Operator::LastWeek,   Operator::ThisMonth,
                                           Operator::LastMonth, Operator::RecentDays, Operator::EarlierDays,
                                           Operator::BeforeToday, Operator::Yesterday, Operator::NextMonth,
                                           Operator::LastYear,  Operator::ThisYear,   Operator::NextYear,
                                           Operator::BeforeNow, Operator::AfterNow};
            c.op = ops[below(17)];
            c.field = pick(m_timeFields);
            c.options = dateOptions();
            if (below(6) == 0) {
                static const QStringList units = {u"SECONDS"_s, u"MINUTES"_s, u"MILLISECONDS"_s, u"MICROSECONDS"_s};
                c.options.insert("timeUnit"_L1, pick(units));
            }
            if (Condition::isNowOperator(c.op)) {
                static const QStringList offsets = {u""_s, u"PT0S"_s, u"-PT30M"_s, u"PT1H"_s, u"-P1D"_s, u"-PT2M0.5S"_s};
                c.value = pick(offsets);
            } else if (c.op == Operator::RecentDays || c.op == Operator::EarlierDays)
                c.value = 1 + below(20);
            else if (c.op == Operator::BeforeToday)
                c.value = below(2) ? QJsonValue(u"%1:30"_s.arg(below(24), 2, 10, QChar(u'0'))) : QJsonValue(below(86400));
            return c;
        }
        if (r < 46) {
            static const Operator ops[] = {Operator::Contains, Operator::StartsWith, Operator::EndsWith};
            c.op = ops[below(3)];
            c.field = pick(m_textFields);
            c.value = substringOf(c.field);
            if (below(3) == 0)
                c.options.insert("ignoreCase"_L1, true);
            return c;
        }
        if (r < 49) {
            c.op = Operator::Match;
            static const QStringList words = {u"unavailable"_s, u"timeout"_s, u"\"Connection refused\""_s,
                                              u"-Duplicate Amount"_s, u"nothing-like-this"_s};
            c.value = pick(words);
            return c;
        }
        c.field = pick(m_fields);
        static const Operator ops[] = {Operator::Eq,     Operator::Ne,    Operator::Gt,      Operator::Lt,
                                       Operator::Gte,    Operator::Lte,   Operator::In,      Operator::NotIn,
                                       Operator::AllIn,  Operator::Between, Operator::Null,  Operator::NotNull,
                                       Operator::True,   Operator::False, Operator::Exists, Operator::NotExists,
                                       Operator::IsEmpty, Operator::IsEmptyString, Operator::IsNotEmptyString};
        c.op = ops[below(19)];
        switch (c.op) {
        case Operator::In:
        case Operator::NotIn:
        case Operator::AllIn: {
            QJsonArray a;
            for (int i = below(4); i > 0; --i)
                a.append(sampleValue(c.field));
            c.value = a;
            break;
        }
        case Operator::Between: {
            QJsonValue a = sampleValue(c.field), b = sampleValue(c.field);
            c.value = QJsonArray{a, b};
            break;
        }
        case Operator::Exists:
            c.value = below(2) == 0;
            break;
        case Operator::Null:
        case Operator::NotNull:
        case Operator::True:
        case Operator::False:
        case Operator::NotExists:
        case Operator::IsEmpty:
        case Operator::IsEmptyString:
        case Operator::IsNotEmptyString:
            break;
        default:
            c.value = sampleValue(c.field);
        }
        return c;
    }

    std::mt19937 m_rng;
    QList<QJsonObject> m_docs;
    QStringList m_fields, m_timeFields, m_textFields;
    QString m_arrayField;
    QStringList m_arrayChildFields;
    QStringList m_ids;
};

} // namespace

// Rows equal in keys, order and values; doubles within a relative 1e-9 (SQL sums in another order).
bool sameRows(const std::vector<AggregationRow> &a, const std::vector<AggregationRow> &b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].values.size() != b[i].values.size())
            return false;
        for (std::size_t j = 0; j < a[i].values.size(); ++j) {
            const auto &[ka, va] = a[i].values[j];
            const auto &[kb, vb] = b[i].values[j];
            if (ka != kb || va.type() != vb.type())
                return false;
            if (va.isDouble()) {
                const double x = va.toDouble(), y = vb.toDouble();
                if (std::abs(x - y) > 1e-9 * std::max(1.0, std::max(std::abs(x), std::abs(y))))
                    return false;
            } else if (va != vb) {
                return false;
            }
        }
    }
    return true;
}

// One case of an aggregation property test: the engine's rows for `q` and the in-memory
// aggregation's of the same documents. Returns the expected rows; `why` says what went wrong
// (the reference or the engine refused, or the rows differ), empty when they agree.
std::vector<AggregationRow> aggregatedBothWays(Engine &engine, const AggregationQuery &q, const std::vector<QJsonObject> &docs,
                                               DocumentKind kind, const EvaluationContext &ctx, QString &why)
{
    const bool snapshots = kind == DocumentKind::Snapshot;
    AggregationQuery reference = q;
    reference.filter = rewriteQueryCondition(q.filter, snapshots);
    const auto expected = aggregateDocuments(reference, docs, kind, ctx);
    if (!expected.ok()) {
        why = u"the in-memory aggregation refused "_s + QString::fromUtf8(q.toJsonBytes());
        return {};
    }
    auto o = outcome(snapshots ? engine.aggregateSnapshots(q) : engine.aggregateEventStreams(q));
    if (auto *e = std::get_if<EngineError>(&o)) {
        why = u"engine refused "_s + QString::fromUtf8(q.toJsonBytes()) + u": "_s + e->toString();
        return {};
    }
    const auto &actual = std::get<std::vector<AggregationRow>>(o);
    if (!sameRows(actual, *expected)) {
        why = QString::fromUtf8(q.toJsonBytes() + "\nengine:   " + aggregationRowsJson(actual) + "\nexpected: "
                                + aggregationRowsJson(*expected));
    }
    return *expected;
}

class TestConditionCompiler : public QObject {
    Q_OBJECT

    QTemporaryDir dir;
    std::unique_ptr<BuiltinEngine> engine;
    QList<QJsonObject> snapshots;
    QList<QJsonObject> streams;
    QStringList ids;

    // Random filters over the snapshots for the aggregation property tests.
    Generator aggregationFilters(quint32 seed, const QStringList &fields) const
    {
        return Generator(seed, snapshots, fields,
                         {u"state.executeAt"_s, u"state.retryState.nextRetryAt"_s, u"state.retryState.timeoutAt"_s},
                         {u"state.error.errorMsg"_s, u"state.error.errorCode"_s, u"state.status"_s},
                         u"state.error.bindingErrors"_s, {u"name"_s, u"msg"_s}, ids);
    }

private slots:
    void initTestCase()
    {
        const QString path = dir.filePath(u"property.db"_s);
        SeedOptions so;
        so.count = 400;
        so.seed = 7;
        so.now = kNow;
        const auto seeded = seedDemoDatabase(path, so);
        QVERIFY2(seeded.ok(), seeded.ok() ? "" : qPrintable(seeded.error().message));
        BuiltinEngineOptions o;
        o.path = path;
        o.clock = [] { return kNow; };
        o.zone = QTimeZone("Europe/Berlin");
        auto opened = BuiltinEngine::open(o);
        QVERIFY(opened.ok());
        engine = std::move(opened).value();
        ListQuery all;
        all.condition = Condition::deleted(DeletionState::All);
        for (const auto &d : ok(engine->listSnapshots(all, SnapshotView::Document))) {
            snapshots.append(d.object());
            ids.append(snapshots.last().value("aggregateId"_L1).toString());
        }
        QCOMPARE(snapshots.size(), 400);
        ListQuery allStreams;
        allStreams.condition = Condition::all();
        for (const auto &d : ok(engine->listEventStreams(allStreams)))
            streams.append(d.object());
        QVERIFY(streams.size() > 800);
    }

    void snapshotQueriesEqualEvaluator()
    {
        const FieldCatalog &cat = FieldCatalog::snapshots();
        QStringList fields = cat.knownFields();
        fields.append(u"tags.team"_s);
        const quint32 seed = 20261126;
        Generator gen(seed, snapshots, fields,
                      {u"state.executeAt"_s, u"state.retryState.nextRetryAt"_s, u"state.retryState.timeoutAt"_s,
                       u"firstEventTime"_s, u"eventTime"_s, u"state.eventId.version"_s},
                      {u"state.error.errorMsg"_s, u"state.error.errorCode"_s, u"state.function.processorName"_s,
                       u"aggregateId"_s, u"state.error.stackTrace"_s, u"state.status"_s},
                      u"state.error.bindingErrors"_s, {u"name"_s, u"msg"_s}, ids);
        const EvaluationContext ctx{kNow, QTimeZone("Europe/Berlin")};
        const ConditionEvaluator evaluator(ctx);
        int nonEmpty = 0, residualFree = 0;
        for (int i = 0; i < 1500; ++i) {
            const Condition c = gen.condition();
            const QByteArray json = c.toJsonBytes();
            const Condition effective = rewriteQueryCondition(c, true);
            QStringList expected;
            for (const auto &doc : snapshots) {
                const auto m = evaluator.matches(effective, doc, DocumentKind::Snapshot);
                if (!m.ok())
                    QFAIL(qPrintable(u"evaluator refused "_s + QString::fromUtf8(json) + u": "_s + m.error().message));
                if (*m)
                    expected.append(doc.value("aggregateId"_L1).toString());
            }
            std::sort(expected.begin(), expected.end());
            ListQuery q;
            q.condition = c;
            q.sort = {Sort{u"aggregateId"_s, SortDirection::Asc}};
            auto o = outcome(engine->listSnapshots(q, SnapshotView::Document));
            if (auto *e = std::get_if<EngineError>(&o))
                QFAIL(qPrintable(u"engine refused "_s + QString::fromUtf8(json) + u": "_s + e->toString()));
            QStringList actual;
            for (const auto &d : std::get<QList<Document>>(o))
                actual.append(d.object().value("aggregateId"_L1).toString());
            if (actual != expected) {
                qWarning("seed %u, case %d: %s", seed, i, json.constData());
                QCOMPARE(actual, expected);
            }
            QCOMPARE(ok(engine->countSnapshots(c)), qint64(expected.size()));
            if (i % 3 == 0) {
                // A page in aggregate-id order (the key-order scan with its fallback).
                PagedQuery pq;
                pq.condition = c;
                pq.sort = {Sort{u"aggregateId"_s, SortDirection::Desc}};
                pq.pagination = {2, 7};
                const auto page = ok(engine->pagedSnapshots(pq, SnapshotView::State));
                QStringList desc = expected;
                std::reverse(desc.begin(), desc.end());
                QStringList got;
                for (const auto &d : page.list)
                    got.append(d.object().value("id"_L1).toString());
                QCOMPARE(page.total, qint64(expected.size()));
                QCOMPARE(got, desc.mid(7, 7));
            }
            nonEmpty += expected.isEmpty() ? 0 : 1;
            CompileOptions co{DocumentKind::Snapshot, u"d"_s, ctx};
            const auto compiled = compileCondition(effective, co);
            if (!compiled.ok())
                QFAIL(qPrintable(QString::fromUtf8(json) + u": "_s + compiled.error().message));
            residualFree += compiled->residualCount == 0 ? 1 : 0;
        }
        // The generator must exercise both outcomes and both SQL paths.
        QVERIFY2(nonEmpty > 300, qPrintable(QString::number(nonEmpty)));
        QVERIFY2(residualFree > 200 && residualFree < 1400, qPrintable(QString::number(residualFree)));
    }

    void eventStreamQueriesEqualEvaluator()
    {
        QStringList fields = FieldCatalog::eventStreams().knownFields();
        fields.append({u"header.remote_ip"_s, u"header.command_operator"_s, u"body.body.executeAt"_s,
                       u"body.body.recoverable"_s, u"body.body.retryState.retries"_s});
        Generator gen(99, streams, fields, {u"createTime"_s, u"body.body.executeAt"_s},
                      {u"body.name"_s, u"header.reason"_s, u"commandId"_s, u"body.body.error.errorMsg"_s},
                      u"body"_s, {u"name"_s, u"revision"_s}, ids);
        const EvaluationContext ctx{kNow, QTimeZone("Europe/Berlin")};
        const ConditionEvaluator evaluator(ctx);
        for (int i = 0; i < 300; ++i) {
            const Condition c = gen.condition();
            const Condition effective = rewriteQueryCondition(c, false);
            qint64 expected = 0;
            for (const auto &doc : streams) {
                const auto m = evaluator.matches(effective, doc, DocumentKind::EventStream);
                QVERIFY(m.ok());
                expected += *m ? 1 : 0;
            }
            auto o = outcome(engine->countEventStreams(c));
            if (auto *e = std::get_if<EngineError>(&o))
                QFAIL(qPrintable(u"engine refused "_s + QString::fromUtf8(c.toJsonBytes()) + u": "_s + e->toString()));
            if (std::get<qint64>(o) != expected)
                qWarning("case %d: %s", i, c.toJsonBytes().constData());
            QCOMPARE(std::get<qint64>(o), expected);
        }
    }

    // Aggregation compiled to SQL equals the in-memory aggregation of the same documents, over
    // random filters, groupings (columns and document fields, histograms, date buckets in
    // several zones, missing keys, dense), metrics with their own filters, sorts and limits.
    void snapshotAggregationsEqualInMemory()
    {
        QStringList fields = FieldCatalog::snapshots().knownFields();
        fields.append(u"tags.team"_s);
        const quint32 seed = 20261201;
        Generator gen = aggregationFilters(seed, fields);
        const QStringList terms = {u"state.status"_s, u"state.recoverable"_s, u"state.isRetryable"_s,
                                   u"state.error.errorCode"_s, u"state.function.name"_s, u"state.function.functionKind"_s,
                                   u"state.retryState.retries"_s, u"tags.team"_s, u"state.error.errorMsg"_s,
                                   u"state.eventId.version"_s, u"state.retrySpec.minBackoff"_s, u"deleted"_s};
        const QStringList numbers = {u"state.executeAt"_s, u"state.retryState.retries"_s, u"state.retryState.nextRetryAt"_s,
                                     u"version"_s, u"state.eventId.version"_s, u"state.retrySpec.maxRetries"_s,
                                     u"state.status"_s, u"state.isRetryable"_s};
        const QStringList times = {u"state.executeAt"_s, u"state.retryState.nextRetryAt"_s, u"firstEventTime"_s,
                                   u"state.retryState.timeoutAt"_s};
        const QStringList zones = {u""_s, u"UTC"_s, u"Asia/Shanghai"_s, u"America/New_York"_s, u"+05:30"_s};
        std::mt19937 rng(seed);
        auto pick = [&](const QStringList &l) { return l.at(int(rng() % l.size())); };
        std::vector<QJsonObject> docs(snapshots.begin(), snapshots.end());
        const EvaluationContext ctx{kNow, QTimeZone("Europe/Berlin")};
        int grouped = 0, nonEmpty = 0;
        for (int i = 0; i < 250; ++i) {
            AggregationQuery q;
            q.filter = rng() % 4 == 0 ? Condition::all() : gen.condition();
            const int groups = int(rng() % 3);
            for (int g = 0; g < groups; ++g) {
                Grouping gb;
                gb.alias = u"g%1"_s.arg(g);
                switch (rng() % 4) {
                case 0:
                case 1:
                    gb.type = GroupByType::Terms;
                    gb.field = pick(terms);
                    if (rng() % 3 == 0)
                        gb.missingKey = u"(none)"_s;
                    break;
                case 2:
                    gb.type = GroupByType::Histogram;
                    gb.field = pick(numbers);
                    gb.interval = std::vector<double>{1, 2, 3.5, 86400000}[rng() % 4];
                    break;
                default:
                    gb.type = GroupByType::DateHistogram;
                    gb.field = pick(times);
                    gb.unit = DateUnit(rng() % 8);
                    gb.timeZone = pick(zones);
                    gb.dense = groups == 1 && rng() % 2 == 0 && int(gb.unit) >= int(DateUnit::Day);
                    break;
                }
                q.groupBy.push_back(gb);
            }
            const int metrics = 1 + int(rng() % 3);
            for (int m = 0; m < metrics; ++m) {
                Metric mt;
                mt.alias = u"m%1"_s.arg(m);
                mt.type = MetricType(rng() % 3);
                mt.function = NumericFunction(rng() % 4);
                mt.field = mt.type == MetricType::DistinctCount ? pick(terms) : pick(numbers);
                if (rng() % 3 == 0)
                    mt.filter = gen.condition();
                q.metrics.push_back(mt);
            }
            if (!q.groupBy.empty() && rng() % 2 == 0) {
                const QStringList aliases = q.aliases();
                q.sort.push_back(Sort{pick(aliases), rng() % 2 ? SortDirection::Desc : SortDirection::Asc});
            }
            q.limit = 1 + int(rng() % 40);
            QVERIFY2(!q.validate(), qPrintable(q.validate() ? q.validate()->message : QString()));
            QString why;
            const auto expected = aggregatedBothWays(*engine, q, docs, DocumentKind::Snapshot, ctx, why);
            QVERIFY2(why.isEmpty(), qPrintable(u"seed %1, case %2: %3"_s.arg(seed).arg(i).arg(why)));
            grouped += q.groupBy.empty() ? 0 : 1;
            nonEmpty += expected.size() > 1 ? 1 : 0;
        }
        QVERIFY2(grouped > 100 && nonEmpty > 60, qPrintable(u"%1 %2"_s.arg(grouped).arg(nonEmpty)));
    }

    // One row of counts and least / greatest values of columns (the charts' extent), which the
    // engine answers metric by metric, equals the in-memory aggregation: over random filters,
    // counts with and without their own filters, and filters that match nothing (null extremes).
    void extremesAndCountsEqualInMemory()
    {
        const QStringList fields = FieldCatalog::snapshots().knownFields();
        const quint32 seed = 20261202;
        Generator gen = aggregationFilters(seed, fields);
        const QStringList columns = {u"firstEventTime"_s, u"state.executeAt"_s, u"state.retryState.nextRetryAt"_s,
                                     u"state.retryState.timeoutAt"_s, u"state.retryState.retries"_s, u"version"_s};
        std::mt19937 rng(seed);
        std::vector<QJsonObject> docs(snapshots.begin(), snapshots.end());
        const EvaluationContext ctx{kNow, QTimeZone("Europe/Berlin")};
        int empty = 0, found = 0;
        for (int i = 0; i < 200; ++i) {
            AggregationQuery q;
            q.filter = i % 5 == 0 ? Condition::all() : gen.condition();
            const int metrics = 1 + int(rng() % 4);
            for (int m = 0; m < metrics; ++m) {
                Metric mt;
                mt.alias = u"m%1"_s.arg(m);
                if (rng() % 3 == 0) {
                    mt.type = MetricType::Count;
                    if (rng() % 2 == 0)
                        mt.filter = gen.condition();
                } else {
                    mt.type = MetricType::Numeric;
                    mt.function = rng() % 2 ? NumericFunction::Min : NumericFunction::Max;
                    mt.field = columns.at(int(rng() % columns.size()));
                }
                q.metrics.push_back(mt);
            }
            QString why;
            const auto expected = aggregatedBothWays(*engine, q, docs, DocumentKind::Snapshot, ctx, why);
            QVERIFY2(why.isEmpty(), qPrintable(u"seed %1, case %2: %3"_s.arg(seed).arg(i).arg(why)));
            for (const auto &[alias, value] : expected.front().values) {
                if (alias.startsWith(u'm') && q.metrics[size_t(alias.mid(1).toInt())].type == MetricType::Numeric)
                    (value.isNull() ? empty : found) += 1;
            }
        }
        // Both outcomes of a MIN / MAX must occur: values, and null over no rows.
        QVERIFY2(empty > 20 && found > 100, qPrintable(u"%1 %2"_s.arg(empty).arg(found)));
    }

    void eventAggregationsEqualInMemory()
    {
        QStringList fields = FieldCatalog::eventStreams().knownFields();
        fields.append({u"header.command_operator"_s, u"body.body.retryState.retries"_s});
        Generator gen(5, streams, fields, {u"createTime"_s}, {u"body.name"_s, u"commandId"_s}, u"body"_s,
                      {u"name"_s, u"revision"_s}, ids);
        std::vector<QJsonObject> docs(streams.begin(), streams.end());
        const EvaluationContext ctx{kNow, QTimeZone("Europe/Berlin")};
        const QStringList names = {u"execution_failed_created"_s, u"compensation_prepared"_s,
                                   u"execution_failed_applied"_s, u"execution_success_applied"_s};
        for (int i = 0; i < 60; ++i) {
            AggregationQuery q;
            // The dashboard's trend: streams whose body holds an event of one name, per day.
            Condition name = Condition::leaf(u"name"_s, Operator::Eq, names.at(i % 4));
            Condition match = Condition::leaf(u"body"_s, Operator::ElemMatch);
            match.children.push_back(name);
            q.filter = i % 3 == 2 ? Condition::and_({match, gen.condition()}) : match;
            Grouping day;
            day.type = GroupByType::DateHistogram;
            day.field = u"createTime"_s;
            day.alias = u"bucket"_s;
            day.unit = i % 2 ? DateUnit::Day : DateUnit::Week;
            day.timeZone = i % 4 ? u"Asia/Shanghai"_s : u"UTC"_s;
            day.dense = i % 5 != 0;
            q.groupBy.push_back(day);
            if (i % 5 == 0) {
                Grouping by;
                by.field = u"header.command_operator"_s;
                by.alias = u"operator"_s;
                by.missingKey = u"-"_s;
                q.groupBy.push_back(by);
            }
            Metric count;
            count.alias = u"streamCount"_s;
            q.metrics.push_back(count);
            Metric versions;
            versions.type = MetricType::Numeric;
            versions.function = NumericFunction::Max;
            versions.field = u"version"_s;
            versions.alias = u"maxVersion"_s;
            q.metrics.push_back(versions);
            q.limit = 1000;
            QString why;
            const auto expected = aggregatedBothWays(*engine, q, docs, DocumentKind::EventStream, ctx, why);
            QVERIFY2(why.isEmpty(), qPrintable(u"case %1: %2"_s.arg(i).arg(why)));
            if (i == 1)
                QVERIFY(expected.size() > 1);
        }
        // The dashboard's trend shape (COUNT only, quarter-hour aligned createTime bounds) is
        // answered from the rollup of streams per name and quarter hour: the same rows.
        const qint64 day = 86400000;
        for (int i = 0; i < 24; ++i) {
            AggregationQuery q;
            const qint64 end = kNow - kNow % (15 * 60000) + (i % 3) * 15 * 60000;
            const qint64 start = end - (3 + i % 11) * day - (i % 2) * 45 * 60000;
            QJsonArray ops{QJsonObject{{u"op"_s, u"GTE"_s}, {u"field"_s, u"createTime"_s}, {u"value"_s, start}},
                           QJsonObject{{u"op"_s, u"LT"_s}, {u"field"_s, u"createTime"_s}, {u"value"_s, end}},
                           QJsonObject{{u"op"_s, u"ELEMENT_MATCH"_s}, {u"field"_s, u"body"_s},
                                       {u"predicate"_s, i % 4 == 3 ? QJsonObject{{u"op"_s, u"IN"_s}, {u"field"_s, u"name"_s}, {u"values"_s, QJsonArray{names.at(0), names.at(2)}}}
                                                                   : QJsonObject{{u"op"_s, u"EQ"_s}, {u"field"_s, u"name"_s}, {u"value"_s, names.at(i % 4)}}}}};
            q.filter = filterFromJson(QJsonObject{{u"op"_s, u"AND"_s}, {u"operands"_s, ops}}).value();
            if (i % 6 != 5) {
                Grouping bucket;
                bucket.type = GroupByType::DateHistogram;
                bucket.field = u"createTime"_s;
                bucket.alias = u"bucket"_s;
                bucket.unit = std::vector<DateUnit>{DateUnit::Day, DateUnit::Hour, DateUnit::Week, DateUnit::Month}[i % 4];
                bucket.timeZone = std::vector<QString>{u"Asia/Shanghai"_s, u"America/New_York"_s, u"+05:30"_s, u"+05:45"_s}[i % 4];
                bucket.dense = i % 2 == 0;
                q.groupBy.push_back(bucket);
            }
            Metric count;
            count.alias = u"streamCount"_s;
            q.metrics.push_back(count);
            q.limit = 1000;
            QString why;
            aggregatedBothWays(*engine, q, docs, DocumentKind::EventStream, ctx, why);
            QVERIFY2(why.isEmpty(), qPrintable(u"rollup case %1: %2"_s.arg(i).arg(why)));
        }
    }

    void categoriesUseIndexedColumnsOnly()
    {
        for (auto cat : allFailureCategories) {
            CompileOptions co{DocumentKind::Snapshot, u"d"_s, EvaluationContext{kNow, QTimeZone::utc()}};
            const auto compiled = compileCondition(rewriteQueryCondition(categoryCondition(cat, kNow), true), co);
            QVERIFY(compiled.ok());
            QCOMPARE(compiled->residualCount, 0);
            QVERIFY(!compiled->sql.contains(u"wci_match"_s));
        }
    }

    void wow9OperatorsCompileToSql()
    {
        // On indexed columns the Wow 9.x operators need no evaluation on the document.
        CompileOptions co{DocumentKind::Snapshot, u"d"_s, EvaluationContext{kNow, QTimeZone::utc()}};
        Condition seconds = Condition::leaf(u"state.retryState.nextRetryAt"_s, Operator::AfterNow, u"-PT30M"_s);
        seconds.options.insert("timeUnit"_L1, u"SECONDS"_s);
        Condition thisYear = Condition::leaf(u"firstEventTime"_s, Operator::ThisYear);
        thisYear.options.insert("zoneId"_L1, u"Asia/Shanghai"_s);
        const std::vector<Condition> conditions = {
            Condition::and_({Condition::eq(u"state.status"_s, u"PREPARED"_s),
                             Condition::nor_({Condition::leaf(u"state.retryState.timeoutAt"_s, Operator::BeforeNow)})}),
            seconds, thisYear,
            Condition::leaf(u"eventTime"_s, Operator::Yesterday), Condition::leaf(u"eventTime"_s, Operator::NextMonth),
            Condition::leaf(u"eventTime"_s, Operator::LastYear), Condition::leaf(u"eventTime"_s, Operator::NextYear),
            Condition::leaf(u"state.status"_s, Operator::IsEmptyString),
            Condition::leaf(u"state.status"_s, Operator::IsNotEmptyString),
            Condition::leaf(u"state.status"_s, Operator::NotExists), Condition::leaf(u"state.status"_s, Operator::IsEmpty),
            Condition::logical(Operator::MatchNone, {}),
        };
        for (const auto &c : conditions) {
            const auto compiled = compileCondition(c, co);
            QVERIFY2(compiled.ok(), c.toJsonBytes().constData());
            QVERIFY2(compiled->residualCount == 0, c.toJsonBytes().constData());
        }
        // BEFORE_NOW binds now + offset: 30 minutes before kNow.
        const auto before = compileCondition(Condition::leaf(u"eventTime"_s, Operator::BeforeNow, u"-PT30M"_s), co);
        QVERIFY(before.ok());
        QVERIFY(before->sql.contains(u" < "_s));
        QVERIFY(std::find(before->params.begin(), before->params.end(), sqlite::Value(qint64(kNow - 1800000))) != before->params.end());
    }

    void valuesAreParameters()
    {
        const QString evil = u"x' OR '1'='1"_s;
        CompileOptions co{DocumentKind::Snapshot, u"d"_s, EvaluationContext{kNow, QTimeZone::utc()}};
        const auto compiled = compileCondition(Condition::eq(u"state.status"_s, evil), co);
        QVERIFY(compiled.ok());
        QVERIFY(!compiled->sql.contains(evil));
        QVERIFY(std::find(compiled->params.begin(), compiled->params.end(), sqlite::Value(evil)) != compiled->params.end());
        const auto bad = compileCondition(Condition::eq(u"state.status = 1 OR 1"_s, 1), co);
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, ErrorCode::IllegalArgument);
        QVERIFY(bad.error().message.contains(u"state.status = 1 OR 1"_s));
        // Prefixed fields only take plain key paths.
        QVERIFY(!compileCondition(Condition::eq(u"tags.a\"b"_s, 1), co).ok());
        QVERIFY(compileCondition(Condition::eq(u"tags.team"_s, u"x"_s), co).ok());
    }
};

QTEST_GUILESS_MAIN(TestConditionCompiler)
#include "tst_condition_compiler.moc"
