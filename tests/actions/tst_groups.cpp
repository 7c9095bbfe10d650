// Failure groups: every group's count equals the engine's count for the group's condition
// (each grouping, over everything and over a category, through the built-in engine and through
// serve + the remote engine with its 1 000-row list limit); the stack-trace signature; and the
// drill-down from the Groups view into the list.

#include "action_test_support.h"
#include "failure_groups_model.h"
#include "failure_list_model.h"
#include "groups_view.h"
#include "bulk_dialog.h"
#include "action_controller.h"
#include "main_window.h"
#include "remote/remote_engine.h"
#include "stack_trace.h"
#include "wow_api_server.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QSignalSpy>
#include <QTest>

#include "window_parts.h"
#include "test_printers.h"
#include "test_wait.h"

using namespace wci;
using namespace wci::testing;
using namespace Qt::StringLiterals;

class TestGroups : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::unique_ptr<SeededDatabase> seeded;
    QString path;

    static void checkGroups(Engine &engine, const Condition &base, GroupBy by, Engine &truth)
    {
        FailureGroupsModel model(&engine);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.compute(base, by);
        QVERIFY(waitFor([&] { return !model.isComputing(); }));
        QVERIFY(model.rowCount() > 1);
        qint64 sum = 0;
        QSet<QString> members;
        for (const auto &g : model.groups()) {
            if (base.op == Operator::Deleted) {
                // No condition narrows deleted failures through Wow's API: the group carries its ids.
                QCOMPARE(qint64(g.ids.size()), g.count);
                for (const auto &id : g.ids) {
                    QVERIFY(!members.contains(id));
                    members.insert(id);
                }
            } else {
                const Condition c = base.op == Operator::All ? g.condition : Condition::and_({base, g.condition});
                const qint64 n = await(truth.countSnapshots(c));
                QVERIFY2(n == g.count, qPrintable(u"%1: %2 vs engine %3"_s.arg(g.label).arg(g.count).arg(n)));
            }
            sum += g.count;
            qint64 byStatus = 0;
            for (auto v : g.statuses)
                byStatus += v;
            QCOMPARE(byStatus, g.count);
            QVERIFY(g.firstSeen > 0 && g.lastSeen >= g.firstSeen);
        }
        QCOMPARE(sum, await(truth.countSnapshots(base)));
        QCOMPARE(model.scanned(), sum);
        // Largest first.
        for (int i = 1; i < model.groups().size(); ++i)
            QVERIFY(model.groups()[i - 1].count >= model.groups()[i].count);
    }

private slots:
    void initTestCase()
    {
        seeded = std::make_unique<SeededDatabase>(dir, 2500, 31);
        QVERIFY(seeded->ok());
        path = seeded->copy();
    }

    void groupCountsEqualTheEnginesCounts_data()
    {
        QTest::addColumn<int>("by");
        for (auto g : {GroupBy::ErrorCode, GroupBy::Exception, GroupBy::Function, GroupBy::Processor, GroupBy::SourceAggregate})
            QTest::newRow(qPrintable(groupByName(g))) << int(g);
    }

    void groupCountsEqualTheEnginesCounts()
    {
        QFETCH(int, by);
        auto engine = SeededDatabase::open(path);
        checkGroups(*engine, Condition::all(), GroupBy(by), *engine);
        checkGroups(*engine, categoryCondition(FailureCategory::ToRetry, kNow), GroupBy(by), *engine);
        checkGroups(*engine, categoryCondition(FailureCategory::Deleted, kNow), GroupBy(by), *engine);
    }

    void throughServeAndTheRemoteEngine()
    {
        auto engine = SeededDatabase::open(path);
        WowApiServer server(engine.get(), WowApiServerConfig{});
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        RemoteEngineOptions o;
        o.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(server.port()));
        o.timeoutMs = 20000;
        RemoteEngine remote(o);
        // 2 500 failures: the groups need three pages under the server's list limit.
        checkGroups(remote, Condition::all(), GroupBy::ErrorCode, *engine);
        checkGroups(remote, Condition::all(), GroupBy::Exception, *engine);
    }

    void stackSignatures()
    {
        const QString trace = u"java.lang.IllegalStateException: outer\n"
                              "\tat reactor.core.publisher.Mono.block(Mono.java:1)\n"
                              "\tat com.acme.order.OrderSaga.onOrderCreated(OrderSaga.kt:79)\n"
                              "Caused by: java.net.SocketTimeoutException: Read timed out\n"
                              "\tat java.base/java.net.Socket.read(Socket.java:1)\n"
                              "\tat app//com.acme.inventory.InventoryClient.reserve(InventoryClient.kt:33)\n"
                              "\t... 12 more\n"_s;
        const StackSignature sig = stackSignature(trace);
        QCOMPARE(sig.exception, u"java.net.SocketTimeoutException"_s);
        QCOMPARE(sig.topFrame, u"com.acme.inventory.InventoryClient.reserve(InventoryClient.kt:33)"_s);
        const StackSignature noCause = stackSignature(u"java.lang.IllegalStateException: x\n\tat com.acme.A.b(A.kt:1)\n"_s);
        QCOMPARE(noCause.exception, u"java.lang.IllegalStateException"_s);
        QCOMPARE(noCause.topFrame, u"com.acme.A.b(A.kt:1)"_s);
        QCOMPARE(stackSignature(QString()).exception, QString());
    }

    void drillDownFromTheGroupsView()
    {
        QSettings settings(dir.filePath(u"g.ini"_s), QSettings::IniFormat);
        settings.clear();
        MemorySecretStore secrets;
        MainWindow window(&settings, &secrets);
        window.setConnection(builtinConnection(path));
        window.setCategory(FailureCategory::All);
        window.show();
        QVERIFY(waitFor([&] { return failureList(&window)->hasResult() && !failureList(&window)->isLoading(); }));
        GroupsView view(&window);
        view.groupByBox()->setCurrentIndex(view.groupByBox()->findData(int(GroupBy::Function)));
        QVERIFY(waitFor([&] { return !view.model()->isComputing() && view.model()->rowCount() > 0; }));
        view.table()->selectRow(1);
        const FailureGroup g = *view.selectedGroup();
        QTest::mouseClick(view.findChild<QPushButton *>(u"showInList"_s), Qt::LeftButton);
        QVERIFY(window.groupFilter().has_value());
        QVERIFY(waitFor([&] { return !failureList(&window)->isLoading() && failureList(&window)->totalCount() == g.count; }));
        for (int r = 0; r < std::min(20, failureList(&window)->rowCount()); ++r)
            QCOMPARE(failureList(&window)->stateAt(r)->function.name, g.label.section(u'.', -1));
        // The group stays with a saved view, and clearing it shows everything again.
        window.saveView(u"one function"_s);
        QVERIFY(window.savedViews().front().filter.group.has_value());
        window.clearGroupFilter();
        QVERIFY(waitFor([&] {
            return !failureList(&window)->isLoading() && failureList(&window)->totalCount() == await(window.engine()->countSnapshots(Condition::all()));
        }));
    }

    // The groups window used to keep showing a group of 296 after all 296 were retried: it now
    // computes again after any action or bulk run.
    void groupsAreFreshAfterAnAction()
    {
        QSettings settings(dir.filePath(u"g2.ini"_s), QSettings::IniFormat);
        settings.clear();
        AppSettings(&settings).setOperatorName(u"tester"_s);
        MemorySecretStore secrets;
        const QString copy = seeded->copy();
        MainWindow window(&settings, &secrets);
        window.setConnection(builtinConnection(copy));
        window.setCategory(FailureCategory::ToRetry);
        window.show();
        QVERIFY(waitFor([&] { return failureList(&window)->hasResult() && !failureList(&window)->isLoading(); }));
        GroupsView view(&window);
        view.groupByBox()->setCurrentIndex(view.groupByBox()->findData(int(GroupBy::ErrorCode)));
        QVERIFY(waitFor([&] { return !view.model()->isComputing() && view.model()->rowCount() > 0; }));
        const qint64 before = view.model()->scanned();
        QVERIFY(before > 0);
        // Retry every failure of the first group through the window's bulk run.
        view.table()->selectRow(0);
        const FailureGroup g = *view.selectedGroup();
        QPointer<QWidget> dialog;
        connect(window.actions(), &ActionController::dialogOpened, this, [&dialog](QWidget *d) { dialog = d; });
        window.actions()->triggerOnCondition(ActionKind::Prepare, g.condition, u"the group"_s);
        QVERIFY(waitFor([&] { return dialog != nullptr; }, 10000));
        auto *bulk = qobject_cast<BulkDialog *>(dialog.data());
        QVERIFY(bulk);
        QVERIFY(waitFor([&] { return bulk->runButton()->isEnabled(); }, 10000));
        QSignalSpy finished(bulk, &BulkDialog::runFinished);
        QTest::mouseClick(bulk->runButton(), Qt::LeftButton);
        QVERIFY(waitFor([&] { return finished.count() > 0; }, 30000));
        // The groups follow: the retried ones left To retry, and the groups count what is left.
        const qint64 left = await(window.engine()->countSnapshots(view.model()->baseCondition()));
        QVERIFY(left < before);
        QVERIFY(waitFor([&] { return !view.model()->isComputing() && view.model()->scanned() == left; }, 30000));
        bulk->close();
    }
};

QTEST_MAIN(TestGroups)
#include "tst_groups.moc"
