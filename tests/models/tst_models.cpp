// The list and category models over a built-in engine on a temporary database, each under
// QAbstractItemModelTester.

#include "builtin/builtin_engine.h"
#include "category_counts_model.h"
#include "builtin/demo_seeder.h"
#include "failure_filter.h"
#include "failure_list_model.h"
#include "event_stream_model.h"
#include "failure_text.h"
#include "json_text.h"
#include "snapshot_scan.h"
#include "state_diff_model.h"
#include "timeline_model.h"
#include "condition_evaluator.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "forwarding_engine.h"
#include "test_fixtures.h"
#include "test_printers.h"
#include "test_wait.h"

using namespace wci;
using namespace wci::testing;
using namespace Qt::StringLiterals;

namespace {

// The built-in engine behind a server whose aggregation route refuses the query with a given
// HTTP status (a gateway without the route: 404; a filter its aggregation does not take: 400
// or 422; a failing server: 500); everything else is the built-in engine's answer. Counts the
// calls the category counts make.
class RefusingAggregation : public testing::ForwardingEngine {
public:
    RefusingAggregation(Engine *inner, int status) : ForwardingEngine(inner), m_status(status) {}
    int aggregations = 0;
    int counts = 0;

    QFuture<qint64> countSnapshots(const Condition &c) override
    {
        ++counts;
        return m_inner->countSnapshots(c);
    }
    QFuture<std::vector<AggregationRow>> aggregateSnapshots(const AggregationQuery &) override
    {
        ++aggregations;
        return QtFuture::makeExceptionalFuture<std::vector<AggregationRow>>(
            EngineError(ErrorCode::IllegalArgument, u"refused with %1"_s.arg(m_status), m_status));
    }

private:
    int m_status;
};

} // namespace

class TestModels : public QObject {
    Q_OBJECT

    QTemporaryDir dir;
    std::unique_ptr<BuiltinEngine> engine;

    // Reads every row of the model, page by page, as a view scrolling to the end would.
    static QStringList allIds(FailureListModel &m)
    {
        QStringList ids;
        for (int row = 0; row < m.rowCount(); ++row) {
            const QModelIndex i = m.index(row, FailureListModel::ExecutionId);
            waitFor([&] { return m.data(i, FailureListModel::LoadedRole).toBool(); }, 10000);
            ids.append(m.data(i, FailureListModel::IdRole).toString());
        }
        return ids;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(seedDatabase(dir.filePath(u"m.db"_s), 260, 12).ok());
        engine = openBuiltin(dir.filePath(u"m.db"_s));
    }

    void failureListPagesLazily()
    {
        FailureListModel model(engine.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(40);
        QSignalSpy refreshed(&model, &FailureListModel::refreshed);
        model.setCondition(Condition::all());
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() > 0, 10000); // may have come synchronously
        refreshed.clear();
        const qint64 total = await(engine->countSnapshots(Condition::all()));
        QCOMPARE(model.rowCount(), int(total));
        QCOMPARE(model.columnCount(), int(FailureListModel::ColumnCount));
        // Only the first page is loaded until a view asks for more.
        QVERIFY(model.data(model.index(0, 0), FailureListModel::LoadedRole).toBool());
        QVERIFY(!model.stateAt(45).has_value());
        // The whole list, fetched page by page, is the engine's list in aggregate-id DESC order.
        ListQuery q;
        q.sort = {Sort{u"aggregateId"_s, SortDirection::Desc}};
        QStringList expected;
        for (const auto &d : await(engine->listSnapshots(q, SnapshotView::State)))
            expected.append(d.object().value("id"_L1).toString());
        QCOMPARE(allIds(model), expected);
        // Display text is formatting of the raw values.
        const auto s = *model.stateAt(0);
        QCOMPARE(model.data(model.index(0, FailureListModel::Retries)).toString(),
                 u"%1 / %2"_s.arg(s.retryState.retries).arg(s.retrySpec.maxRetries));
        QCOMPARE(model.data(model.index(0, FailureListModel::NextRetry), FailureListModel::RawValueRole).toLongLong(),
                 s.retryState.nextRetryAt);
        QCOMPARE(model.rowOf(s.id), 0);
    }

    void categoryConditionAndSorting()
    {
        FailureListModel model(engine.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy refreshed(&model, &FailureListModel::refreshed);
        for (auto cat : allFailureCategories) {
            model.setCondition(categoryCondition(cat, kNow));
            QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() > 0, 10000); // may have come synchronously
            refreshed.clear();
            QCOMPARE(model.rowCount(), int(await(engine->countSnapshots(categoryCondition(cat, kNow)))));
        }
        model.setCondition(categoryCondition(FailureCategory::All, kNow));
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() > 0, 10000); // may have come synchronously
        refreshed.clear();
        model.sort(FailureListModel::Retries, Qt::DescendingOrder);
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() > 0, 10000); // may have come synchronously
        refreshed.clear();
        const QStringList ids = allIds(model);
        int previous = std::numeric_limits<int>::max();
        for (int row = 0; row < model.rowCount(); ++row) {
            const int retries = model.data(model.index(row, FailureListModel::Retries), FailureListModel::RawValueRole).toInt();
            QVERIFY(retries <= previous);
            previous = retries;
        }
        QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), ids.size()); // pages never overlap
    }

    void staleRepliesAreDropped()
    {
        FailureListModel model(engine.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy refreshed(&model, &FailureListModel::refreshed);
        // Three queries in a row: only the last one's answer may land.
        model.setCondition(categoryCondition(FailureCategory::All, kNow));
        model.setCondition(categoryCondition(FailureCategory::Succeeded, kNow));
        model.setCondition(categoryCondition(FailureCategory::Deleted, kNow));
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() > 0, 10000); // may have come synchronously
        refreshed.clear();
        QTest::qWait(200); // an earlier query answering late must not replace the rows
        QCOMPARE(model.rowCount(), int(await(engine->countSnapshots(categoryCondition(FailureCategory::Deleted, kNow)))));
    }

    void failingEngineReportsAndKeepsRows()
    {
        FailureListModel model(engine.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy refreshed(&model, &FailureListModel::refreshed);
        QSignalSpy failed(&model, &FailureListModel::failed);
        model.setCondition(Condition::all());
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() > 0, 10000); // may have come synchronously
        refreshed.clear();
        const int rows = model.rowCount();
        model.setCondition(Condition::eq(u"state.noSuchField"_s, 1));
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() > 0, 10000);
        QVERIFY(failed.first().first().toString().contains(u"state.noSuchField"_s));
        QCOMPARE(model.rowCount(), rows);
        QVERIFY(model.lastError().contains(u"noSuchField"_s));
        QVERIFY(!model.isLoading());
    }

    void categoryCounts()
    {
        CategoryCountsModel model(engine.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy refreshed(&model, &CategoryCountsModel::refreshed);
        QCOMPARE(model.rowCount(), int(allFailureCategories.size()));
        QCOMPARE(model.count(FailureCategory::All), -1);
        model.refresh(kNow);
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() > 0, 10000); // may have come synchronously
        refreshed.clear();
        for (int row = 0; row < model.rowCount(); ++row) {
            const FailureCategory c = model.categoryAt(row);
            const qint64 n = await(engine->countSnapshots(categoryCondition(c, kNow)));
            QCOMPARE(model.count(c), n);
            QCOMPARE(model.data(model.index(row), CategoryCountsModel::CountRole).toLongLong(), n);
            QVERIFY(model.data(model.index(row)).toString().endsWith(u"(%1)"_s.arg(n)));
        }
    }

    // A scan reads through the engine's cursor, and after a token the engine no longer takes it
    // goes on by id from the last row it read: every failure once, in id order.
    void snapshotScanGoesOnByIdAfterARefusedToken()
    {
        QVERIFY(engine->capabilities().cursorPaging);
        testing::RefusingOneCursorToken refusing(engine.get());
        SnapshotScan scan(&refusing);
        QStringList read;
        bool finished = false;
        QString error;
        scan.start(
            Condition::all(), {u"state.status"_s},
            [&](const QList<Document> &docs) {
                for (const auto &d : docs)
                    read.append(d.object().value("aggregateId"_L1).toString());
            },
            [&] { finished = true; }, [&](const QString &e) { error = e; }, 40);
        QTRY_VERIFY_WITH_TIMEOUT(finished || !error.isEmpty(), 10000);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        ListQuery all;
        all.sort = {Sort{u"aggregateId"_s, SortDirection::Asc}};
        all.projection.include = {u"aggregateId"_s};
        QStringList expected;
        for (const auto &d : await(engine->listSnapshots(all, SnapshotView::Document)))
            expected.append(d.object().value("aggregateId"_L1).toString());
        QVERIFY(expected.size() > 100);
        QCOMPARE(read, expected);
        QCOMPARE(refusing.refusedTokens, 1);
        QCOMPARE(refusing.cursorPages, 2); // the first page, then the refused token
        QVERIFY(refusing.listPages >= (expected.size() - 40) / 40);
    }

    // A server that refuses the one aggregation query (no such route, or a filter it does not
    // take) gets one count per category, and the sidebar shows the same counts; any other
    // refusal is an error the sidebar reports, not a reason to send nine more requests.
    void categoryCountsFallBackWhenTheAggregationIsRefused_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("fallsBack");
        QTest::newRow("400") << 400 << true;
        QTest::newRow("404") << 404 << true;
        QTest::newRow("422") << 422 << true;
        QTest::newRow("500") << 500 << false;
        QTest::newRow("401") << 401 << false;
    }

    void categoryCountsFallBackWhenTheAggregationIsRefused()
    {
        QFETCH(int, status);
        QFETCH(bool, fallsBack);
        QVERIFY(engine->capabilities().aggregation);
        RefusingAggregation refusing(engine.get(), status);
        CategoryCountsModel model(&refusing);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy refreshed(&model, &CategoryCountsModel::refreshed);
        QSignalSpy failed(&model, &CategoryCountsModel::failed);
        model.refresh(kNow);
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() > 0, 10000);
        QCOMPARE(refusing.aggregations, 1);
        if (!fallsBack) {
            QCOMPARE(refusing.counts, 0);
            QCOMPARE(failed.count(), 1);
            QCOMPARE(failed.first().first().toString(), u"refused with %1"_s.arg(status));
            for (auto c : allFailureCategories)
                QCOMPARE(model.count(c), -1);
            return;
        }
        QCOMPARE(refusing.counts, int(allFailureCategories.size()));
        QCOMPARE(failed.count(), 0);
        for (auto c : allFailureCategories) {
            const qint64 n = await(engine->countSnapshots(categoryCondition(c, kNow)));
            QCOMPARE(model.count(c), n);
        }
        QVERIFY(model.count(FailureCategory::All) > 0); // not vacuous
    }

    void listEvictsPagesAndStaysCorrect()
    {
        // A cache of 3 pages while reading 260 rows in pages of 20: memory stays bounded and
        // evicted pages come back from the engine when a view asks for them again.
        FailureListModel model(engine.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(20);
        model.setMaxCachedPages(3);
        QSignalSpy refreshed(&model, &FailureListModel::refreshed);
        model.setCondition(Condition::all());
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() > 0, 10000);
        refreshed.clear();
        const QStringList first = allIds(model);
        QVERIFY(model.cachedPages() <= 3);
        QCOMPARE(first.size(), model.rowCount());
        QVERIFY(!model.stateAt(100).has_value()); // evicted by now
        QCOMPARE(allIds(model), first);         // and read again the same
        QVERIFY(model.cachedPages() <= 3);

        // The same list read from the end backwards (the last pages from the end in reverse,
        // then each page before a cached one by keyset) and from a cold jump into the middle.
        ListQuery q;
        q.sort = {Sort{u"aggregateId"_s, SortDirection::Desc}};
        QStringList expected;
        for (const auto &d : await(engine->listSnapshots(q, SnapshotView::State)))
            expected.append(d.object().value("id"_L1).toString());
        QCOMPARE(first, expected);
        model.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() > 0, 10000);
        refreshed.clear();
        for (int row : {model.rowCount() - 1, 130, 129, 0}) {
            const QModelIndex i = model.index(row, FailureListModel::ExecutionId);
            QTRY_VERIFY_WITH_TIMEOUT(model.data(i, FailureListModel::LoadedRole).toBool(), 10000);
            QCOMPARE(model.data(i, FailureListModel::IdRole).toString(), expected[row]);
        }
        QStringList backwards;
        for (int row = model.rowCount() - 1; row >= 0; --row) {
            const QModelIndex i = model.index(row, FailureListModel::ExecutionId);
            QTRY_VERIFY_WITH_TIMEOUT(model.data(i, FailureListModel::LoadedRole).toBool(), 10000);
            backwards.prepend(model.data(i, FailureListModel::IdRole).toString());
        }
        QCOMPARE(backwards, expected);
        // Ascending: the same keyset reads the other way round.
        model.sort(FailureListModel::ExecutionId, Qt::AscendingOrder);
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() > 0, 10000);
        refreshed.clear();
        QStringList ascending = expected;
        std::reverse(ascending.begin(), ascending.end());
        QCOMPARE(allIds(model), ascending);
    }

    void listColumnsAndCsv()
    {
        FailureListModel model(engine.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy refreshed(&model, &FailureListModel::refreshed);
        model.setNow(kNow);
        model.setCondition(categoryCondition(FailureCategory::NextRetry, kNow));
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() > 0, 10000);
        refreshed.clear();
        QVERIFY(model.rowCount() > 0);
        const auto snap = *model.snapshotAt(0);
        const Document doc = await(engine->getSnapshot(snap.aggregateId));
        QCOMPARE(snap, *doc.as<Snapshot>());
        QCOMPARE(model.data(model.index(0, FailureListModel::FirstFailed), FailureListModel::RawValueRole).toLongLong(),
                 snap.firstEventTime);
        model.setUtc(true);
        QCOMPARE(model.data(model.index(0, FailureListModel::FirstFailed)).toString(), formatDateTime(snap.firstEventTime, true));
        QVERIFY(model.headerData(FailureListModel::FirstFailed, Qt::Horizontal, Qt::ToolTipRole).toString().contains(u"UTC"_s));
        // Next retry: due rows say so; the countdown follows setNow().
        QCOMPARE(model.data(model.index(0, FailureListModel::NextRetry)).toString(), u"due"_s);
        model.setNow(snap.state.retryState.nextRetryAt - 65000);
        QCOMPARE(model.data(model.index(0, FailureListModel::NextRetry)).toString(), u"in 1m 5s"_s);
        // CSV: a header and one line per row, full values, quoted where needed.
        const QString csv = model.toCsv({0, 1});
        const QStringList lines = csv.split(u"\r\n"_s, Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[0].startsWith(u"Status,Execution id,Context,Processor,Function,Error code,Error message"_s));
        QVERIFY(lines[1].contains(snap.aggregateId));
        if (snap.state.error.errorMsg.contains(u',') || snap.state.error.errorMsg.contains(u'"'))
            QVERIFY(lines[1].contains(u'"'));
    }

    void textHelpers()
    {
        QCOMPARE(formatDuration(850), u"850 ms"_s);
        QCOMPARE(formatDuration(65000), u"1m 5s"_s);
        QCOMPARE(formatDuration(3 * 3600000 + 12 * 60000), u"3h 12m"_s);
        QCOMPARE(formatDuration(2 * 86400000LL + 3 * 3600000), u"2d 3h"_s);
        QCOMPARE(formatRelative(kNow + 250000, kNow), u"in 4m 10s"_s);
        QCOMPARE(formatRelative(kNow - 180000, kNow), u"3m ago"_s);
        QCOMPARE(formatRelative(kNow, kNow), u"now"_s);
        QCOMPARE(formatDateTime(0, true), u"—"_s);
        QCOMPARE(formatDateTime(kNow, true), u"2026-01-01 00:00:00"_s);

        ExecutionFailedState s;
        s.retrySpec = {10, 180, 120};
        s.retryState = {2, kNow - 300000, kNow - 180000, kNow + 250000};
        QCOMPARE(describeNextStep(s, false, kNow), u"Next retry in 4m 10s (retry 3 of 10)."_s);
        QVERIFY(describeNextStep(s, false, kNow + 260000).startsWith(u"Due"_s));
        s.retryState.retries = 10;
        QCOMPARE(describeNextStep(s, false, kNow), u"Retry limit reached: 10 / 10 — use Force retry or raise the limit."_s);
        s.status = ExecutionFailedStatus::Prepared;
        s.retryState.timeoutAt = kNow + 60000;
        QVERIFY(describeNextStep(s, false, kNow).startsWith(u"Executing: attempt 10"_s));
        // One vocabulary: Wow's status, and what it means now.
        QCOMPARE(statusBadge(s, false, kNow), u"PREPARED"_s);
        QCOMPARE(statusBadge(s, false, kNow + 120000), u"PREPARED · TIMED OUT"_s);
        QCOMPARE(statusBadgeOf(s, false, kNow), StatusBadge::Executing);
        QCOMPARE(statusBadgeOf(s, false, kNow + 120000), StatusBadge::TimedOut);
        QVERIFY(describeNextStep(s, false, kNow + 120000).startsWith(u"Attempt 10 timed out 1m ago. Retry limit reached"_s));
        s.recoverable = RecoverableType::Unrecoverable;
        QVERIFY(describeNextStep(s, false, kNow + 120000).startsWith(u"Marked unrecoverable"_s));
        QVERIFY(describeNextStep(s, true, kNow).startsWith(u"Deleted"_s));
        QCOMPARE(statusBadge(s, true, kNow), u"DELETED"_s);
        s.status = ExecutionFailedStatus::Succeeded;
        QVERIFY(describeNextStep(s, false, kNow).startsWith(u"Succeeded"_s));
        QCOMPARE(statusBadge(s, false, kNow), u"SUCCEEDED"_s);
        s.status = ExecutionFailedStatus::Failed;
        QCOMPARE(statusBadge(s, false, kNow), u"FAILED"_s);
        QCOMPARE(statusBadgeOf(s, true, kNow), StatusBadge::Deleted);
    }

    void filterConditions()
    {
        // Each filter narrows the engine's answer exactly as its condition alone does.
        FailureFilter f;
        QVERIFY(f.isEmpty());
        QCOMPARE(failureCondition(FailureCategory::All, f, kNow).op, Operator::All);
        ListQuery q;
        q.limit = 1;
        q.condition = categoryCondition(FailureCategory::ToRetry, kNow);
        const auto some = *await(engine->listSnapshots(q, SnapshotView::Document)).front().as<Snapshot>();
        f.errorCode = some.state.error.errorCode;
        f.processorName = some.state.function.processorName;
        const qint64 both = await(engine->countSnapshots(failureCondition(FailureCategory::ToRetry, f, kNow)));
        const qint64 expected = await(engine->countSnapshots(Condition::and_(
            {categoryCondition(FailureCategory::ToRetry, kNow), Condition::eq(u"state.error.errorCode"_s, f.errorCode),
             Condition::eq(u"state.function.processorName"_s, f.processorName)})));
        QCOMPARE(both, expected);
        QVERIFY(both >= 1);
        // The search box finds an execution id, a failed event id and a source aggregate id.
        for (const QString &text : {some.aggregateId, some.state.eventId.id, some.state.eventId.aggregateId.aggregateId}) {
            FailureFilter s;
            s.search = u"  "_s + text + u" "_s;
            const auto docs = await(engine->listSnapshots(ListQuery{failureCondition(FailureCategory::All, s, kNow), {}, {}, 100},
                                                          SnapshotView::Document));
            QStringList ids;
            for (const auto &d : docs)
                ids.append(d.as<Snapshot>()->aggregateId);
            QVERIFY2(ids.contains(some.aggregateId), qPrintable(text));
        }
        // Free text searches the message and stack trace.
        const QString word = some.state.error.stackTrace.section(u'\n', 1, 1).trimmed().section(u' ', 1, 1).section(u'(', 0, 0);
        QVERIFY(!word.isEmpty());
        const Condition text = searchCondition(word, true);
        QCOMPARE(text.op, Operator::Match);
        QVERIFY(await(engine->countSnapshots(text)) >= 1);
        // Time range on the first failure.
        FailureFilter range;
        range.firstFailedFrom = some.firstEventTime;
        range.firstFailedTo = some.firstEventTime;
        QVERIFY(await(engine->countSnapshots(failureCondition(FailureCategory::All, range, kNow))) >= 1);
        // Saved views keep the filter as JSON.
        FailureFilter all = f;
        all.search = u"abc"_s;
        all.freeText = true;
        all.status = ExecutionFailedStatus::Prepared;
        all.recoverable = RecoverableType::Unknown;
        all.contextName = u"ctx"_s;
        all.functionName = u"fn"_s;
        all.firstFailedFrom = 5;
        all.firstFailedTo = 6;
        QCOMPARE(FailureFilter::fromJson(all.toJson()), all);
    }

    void historyModels()
    {
        ListQuery q;
        q.limit = 50;
        q.condition = Condition::leaf(u"version"_s, Operator::Gte, 5);
        const auto docs = await(engine->listSnapshots(q, SnapshotView::Document));
        QVERIFY(!docs.empty());
        const Snapshot snap = *docs.front().as<Snapshot>();
        const QString id = snap.aggregateId;

        EventStreamModel streams;
        QAbstractItemModelTester t1(&streams, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QList<Document> raw = await(engine->loadEventStreams(id, 1, std::numeric_limits<int>::max()));
        streams.setStreams(raw);
        QCOMPARE(streams.rowCount(), snap.version);
        for (int r = 0; r < streams.rowCount(); ++r) {
            QCOMPARE(streams.data(streams.index(r, EventStreamModel::Version)).toInt(), r + 1);
            // The JSON shown is the stored document, re-indented, keys in their order.
            const QString pretty = streams.data(streams.index(r, 0), EventStreamModel::JsonRole).toString();
            QCOMPARE(QJsonDocument::fromJson(pretty.toUtf8()).object(), raw[r].object());
            QVERIFY(pretty.indexOf(u"\"id\""_s) < pretty.indexOf(u"\"contextName\""_s));
        }
        streams.setUtc(true);

        TimelineModel timeline;
        QAbstractItemModelTester t2(&timeline, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QList<StateEvent> trace = await(engine->tracing(id, TracingRange{}));
        timeline.setEntries(buildTimeline(trace));
        QCOMPARE(timeline.rowCount(), snap.version);
        const auto &entries = timeline.entries();
        QVERIFY(entries.front().what.startsWith(u"Created"_s));
        QCOMPARE(entries.front().sincePrevious, -1);
        for (int i = 1; i < entries.size(); ++i) {
            QCOMPARE(entries[i].sincePrevious, trace[i].createTime - trace[i - 1].createTime);
            QVERIFY2(!entries[i].changes.isEmpty() || trace[i].state == trace[i - 1].state, qPrintable(entries[i].what));
            for (const auto &e : trace[i].body) {
                if (e.name == u"compensation_prepared")
                    QVERIFY(entries[i].what.contains(u"attempt %1"_s.arg(trace[i].state.retryState.retries)));
            }
        }

        StateDiffModel diff;
        QAbstractItemModelTester t3(&diff, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto v2 = await(engine->loadStateAtVersion(id, 2));
        const auto v1 = await(engine->loadStateAtVersion(id, 1));
        diff.setStates(v2.toJson(), v1.toJson());
        const auto fields = flattenJson(v2.toJson());
        QCOMPARE(diff.rowCount(), int(fields.size()));
        int changed = 0;
        const auto before = flattenJson(v1.toJson());
        for (int i = 0; i < fields.size(); ++i) {
            QCOMPARE(diff.data(diff.index(i, StateDiffModel::Field)).toString(), fields[i].first);
            QCOMPARE(diff.data(diff.index(i, StateDiffModel::Value)).toString(), readableValue(fields[i].first, fields[i].second));
            const bool differs = before[i].second != fields[i].second;
            QCOMPARE(diff.data(diff.index(i, 0), StateDiffModel::ChangedRole).toBool(), differs);
            changed += differs;
        }
        QCOMPARE(diff.changedCount(), changed);
        diff.setOnlyChanges(true);
        QCOMPARE(diff.rowCount(), changed);
        diff.setStates(v1.toJson(), std::nullopt);
        QCOMPARE(diff.changedCount(), 0);
        QCOMPARE(diff.valueOf(u"retryState.retries"_s), QString::number(v1.retryState.retries));
        // Epoch-millisecond fields read as dates too.
        QCOMPARE(readableValue(u"retryState.nextRetryAt"_s, QString::number(kNow), true),
                 u"2026-01-01 00:00:00 (%1)"_s.arg(kNow));
        QCOMPARE(readableValue(u"retryState.retries"_s, u"3"_s, true), u"3"_s);
        QCOMPARE(readableValue(u"eventId.version"_s, QString::number(kNow), true), QString::number(kNow));
    }

    void prettyJsonKeepsOrderAndEscapes()
    {
        const QByteArray raw = "{\"b\":1,\"a\":{\"x\":\"q\\\"{,}\",\"e\":[],\"o\":{}},\"c\":[1,2]}";
        const QString pretty = prettyJson(raw);
        QCOMPARE(QJsonDocument::fromJson(pretty.toUtf8()).object(), QJsonDocument::fromJson(raw).object());
        QVERIFY(pretty.indexOf(u"\"b\""_s) < pretty.indexOf(u"\"a\""_s));
        QVERIFY(pretty.contains(u"\"e\": []"_s));
        QVERIFY(pretty.contains(u"\"o\": {}"_s));
        QVERIFY(pretty.contains(u"\"q\\\"{,}\""_s));
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "tst_models.moc"
