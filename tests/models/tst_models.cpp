// The list and category models over a built-in engine on a temporary database, each under
// QAbstractItemModelTester.

#include "builtin_engine.h"
#include "category_counts_model.h"
#include "demo_seeder.h"
#include "failure_list_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "test_printers.h"

using namespace wci;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kNow = 1767225600000;

template <typename T>
T await(QFuture<T> f)
{
    while (!f.isFinished())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return f.result();
}
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
            QDeadlineTimer deadline(10000);
            while (!m.data(i, FailureListModel::LoadedRole).toBool() && !deadline.hasExpired())
                QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            ids.append(m.data(i, FailureListModel::IdRole).toString());
        }
        return ids;
    }

private slots:
    void initTestCase()
    {
        SeedOptions so;
        so.count = 260;
        so.seed = 12;
        so.now = kNow;
        QVERIFY(seedDemoDatabase(dir.filePath(u"m.db"_s), so).ok());
        BuiltinEngineOptions o;
        o.path = dir.filePath(u"m.db"_s);
        o.clock = [] { return kNow; };
        engine = std::move(BuiltinEngine::open(o)).value();
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
};

QTEST_GUILESS_MAIN(TestModels)
#include "tst_models.moc"
