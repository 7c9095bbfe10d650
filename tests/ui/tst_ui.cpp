// The inspector window driven as a user would (offscreen): categories, search, details tabs,
// time travel, keyboard, saved views and a failing engine; all checked against the engine.

#include "action_controller.h"
#include "builtin/builtin_engine.h"
#include "category_counts_model.h"
#include "connection_dialog.h"
#include "builtin/demo_seeder.h"
#include "details_pane.h"
#include "event_stream_model.h"
#include "export_dialog.h"
#include "failure_list_model.h"
#include "failure_text.h"
#include "filter_bar.h"
#include "import_dialog.h"
#include "json_text.h"
#include "main_window.h"
#include "stack_trace_view.h"
#include "state_diff_model.h"
#include "timeline_model.h"
#include "wow_api_server.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFrame>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include "test_fixtures.h"
#include "test_printers.h"
#include "test_wait.h"

using namespace wci;
using namespace wci::testing;
using namespace Qt::StringLiterals;

namespace {
int rowOfCategory(FailureCategory c)
{
    return int(std::find(allFailureCategories.begin(), allFailureCategories.end(), c) - allFailureCategories.begin());
}
} // namespace

class TestUi : public QObject {
    Q_OBJECT

    QTemporaryDir dir;
    QString dbPath;
    std::unique_ptr<QSettings> settings;
    MemorySecretStore secrets;
    std::unique_ptr<MainWindow> window;

    EngineConnection connection() { return builtinConnection(dbPath); }

    Engine *engine() const { return window->engine(); }
    FailureListModel *list() const { return window->listModel(); }

    bool listSettled() const { return list()->hasResult() && !list()->isLoading(); }

    void clickCategory(FailureCategory c)
    {
        QListView *v = window->categoryView();
        const QModelIndex i = v->model()->index(rowOfCategory(c), 0);
        QTest::mouseClick(v->viewport(), Qt::LeftButton, {}, v->visualRect(i).center());
    }

    void clickRow(int row, Qt::KeyboardModifiers mods = {})
    {
        QTableView *t = window->tableView();
        t->scrollTo(list()->index(row, 1));
        QTest::mouseClick(t->viewport(), Qt::LeftButton, mods, t->visualRect(list()->index(row, 1)).center());
    }

    // Selects a row and waits for the details pane to have loaded everything.
    Snapshot selectAndWait(int row)
    {
        clickRow(row);
        const QString id = list()->data(list()->index(row, 0), FailureListModel::IdRole).toString();
        DetailsPane *d = window->detailsPane();
        waitFor([&] {
            return d->executionId() == id && d->snapshot() && d->streamModel()->rowCount() == d->snapshot()->version
                && d->timelineModel()->rowCount() == d->snapshot()->version && d->shownVersion() == d->snapshot()->version;
        }, 10000);
        return d->snapshot().value_or(Snapshot{});
    }

private slots:
    void initTestCase()
    {
        dbPath = dir.filePath(u"ui.db"_s);
        QVERIFY(seedDatabase(dbPath, 400, 21).ok());
    }

    void init()
    {
        settings = std::make_unique<QSettings>(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        settings->clear();
        window = std::make_unique<MainWindow>(settings.get(), &secrets);
        window->resize(1400, 900);
        window->setConnection(connection());
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QApplication::setActiveWindow(window.get());
        QTRY_VERIFY_WITH_TIMEOUT(listSettled(), 10000);
    }

    void cleanup() { window.reset(); }

    void titleAndStatusShowTheEngine()
    {
        QVERIFY(window->windowTitle().contains(QDir::toNativeSeparators(dbPath)));
        QVERIFY(window->engineLabel()->text().contains(QDir::toNativeSeparators(dbPath)));
        QVERIFY(!window->windowTitle().contains(u"read-only"_s));
        QVERIFY(window->openDatabase(dbPath, true));
        QVERIFY(window->windowTitle().contains(u"(read-only)"_s));
        QVERIFY(window->engineLabel()->text().contains(u"(read-only)"_s));
        QVERIFY(!window->openDatabase(dir.filePath(u"missing/nothing.db"_s)));
        QVERIFY(window->bannerText().contains(u"nothing.db"_s));
        QVERIFY(window->windowTitle().contains(u"(read-only)"_s)); // still on the previous engine
    }

    void eachCategoryShowsTheEnginesCount()
    {
        QTRY_VERIFY_WITH_TIMEOUT(window->countsModel()->count(FailureCategory::All) >= 0, 10000);
        for (auto c : allFailureCategories) {
            clickCategory(c);
            QCOMPARE(window->category(), c);
            QTRY_VERIFY_WITH_TIMEOUT(list()->condition() == categoryCondition(c, kNow) && listSettled(), 10000);
            const qint64 n = await(engine()->countSnapshots(categoryCondition(c, kNow)));
            QCOMPARE(qint64(list()->rowCount()), n);
            QTRY_COMPARE_WITH_TIMEOUT(window->countsModel()->count(c), n, 10000);
            QVERIFY(window->rowsLabel()->text().contains(QString::number(n)));
            QVERIFY(window->windowTitle().startsWith(categoryName(c)));
            if (n > 0) {
                // The rows are that category's: the first one matches the engine's first.
                PagedQuery q;
                q.condition = categoryCondition(c, kNow);
                q.sort = {Sort{u"aggregateId"_s, SortDirection::Desc}};
                q.pagination = {1, 1};
                const auto first = await(engine()->pagedSnapshots(q, SnapshotView::Document));
                QCOMPARE(list()->data(list()->index(0, 0), FailureListModel::IdRole).toString(),
                         first.list.front().as<Snapshot>()->aggregateId);
            }
        }
        // Alt+digit picks a category from the keyboard.
        QTest::keyClick(window.get(), Qt::Key_5, Qt::AltModifier);
        QCOMPARE(window->category(), FailureCategory::Succeeded);
    }

    void searchFindsAnIdAndEscapeClears()
    {
        clickCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(list()->condition() == Condition::all() && listSettled(), 10000);
        const int all = list()->rowCount();
        const QString id = list()->data(list()->index(7, 0), FailureListModel::IdRole).toString();
        QVERIFY(!id.isEmpty());
        QTest::keyClick(window.get(), Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(window->searchEdit()->hasFocus());
        QTest::keyClicks(window->searchEdit(), id);
        QTest::keyClick(window->searchEdit(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->rowCount() == 1, 10000);
        QCOMPARE(list()->data(list()->index(0, 0), FailureListModel::IdRole).toString(), id);

        // The failed event's id finds it too; so does an error code (as many as the engine counts).
        const Snapshot s = *await(engine()->getSnapshot(id)).as<Snapshot>();
        window->searchEdit()->setText(s.state.eventId.id);
        QTest::keyClick(window->searchEdit(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->rowOf(id) >= 0, 10000);
        window->searchEdit()->setText(s.state.error.errorCode);
        QTest::keyClick(window->searchEdit(), Qt::Key_Return);
        const qint64 byCode = await(engine()->countSnapshots(Condition::eq(u"state.error.errorCode"_s, s.state.error.errorCode)));
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->rowCount() == byCode, 10000);

        QTest::keyClick(window->searchEdit(), Qt::Key_Escape);
        QCOMPARE(window->searchEdit()->text(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->rowCount() == all, 10000);
    }

    void filterBarNarrowsTheList()
    {
        clickCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(list()->condition() == Condition::all() && listSettled(), 10000);
        const QString processor = list()->stateAt(0)->function.processorName;
        QTest::keyClicks(window->filterBar()->processorEdit(), processor);
        QTest::keyClick(window->filterBar()->processorEdit(), Qt::Key_Return);
        window->filterBar()->statusBox()->setCurrentIndex(1); // FAILED
        const Condition expected = Condition::and_({Condition::eq(u"state.status"_s, u"FAILED"_s),
                                                    Condition::eq(u"state.function.processorName"_s, processor)});
        const qint64 n = await(engine()->countSnapshots(expected));
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->rowCount() == n, 10000);
        for (int r = 0; r < std::min(list()->rowCount(), 20); ++r) {
            QCOMPARE(list()->stateAt(r)->function.processorName, processor);
            QCOMPARE(list()->stateAt(r)->status, ExecutionFailedStatus::Failed);
        }
    }

    void savedViewsRestoreCategoryAndFilters()
    {
        window->setCategory(FailureCategory::Succeeded);
        window->filterBar()->errorCodeEdit()->setText(u"NotFound"_s);
        QTest::keyClick(window->filterBar()->errorCodeEdit(), Qt::Key_Return);
        window->saveView(u"succeeded not found"_s);
        window->setCategory(FailureCategory::All);
        window->filterBar()->clearFilters();
        QCOMPARE(window->filter().errorCode, QString());
        const auto views = window->savedViews();
        QCOMPARE(views.size(), 1);
        QCOMPARE(views.front().name, u"succeeded not found"_s);
        window->applySavedView(views.front());
        QCOMPARE(window->category(), FailureCategory::Succeeded);
        QCOMPARE(window->filter().errorCode, u"NotFound"_s);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled(), 10000);
        QCOMPARE(list()->condition(), failureCondition(FailureCategory::Succeeded, window->filter(), kNow));
        QCOMPARE(qint64(list()->rowCount()),
                 await(engine()->countSnapshots(failureCondition(FailureCategory::Succeeded, window->filter(), kNow))));
    }

    void detailsTabsShowTheEnginesData()
    {
        window->setCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == Condition::all(), 10000);
        // A row with some history.
        int row = -1;
        for (int r = 0; r < list()->rowCount() && row < 0; ++r) {
            if (const auto s = list()->snapshotAt(r); s && s->version >= 4 && !s->state.error.stackTrace.isEmpty())
                row = r;
        }
        QVERIFY(row >= 0);
        const Snapshot shown = selectAndWait(row);
        const QString id = shown.aggregateId;
        const Document doc = await(engine()->getSnapshot(id));
        const Snapshot snap = *doc.as<Snapshot>();
        QCOMPARE(shown, snap);
        DetailsPane *d = window->detailsPane();

        // Overview.
        const ExecutionFailedState &s = snap.state;
        QCOMPARE(d->valueLabel(u"nextStep"_s)->text(), describeNextStep(s, snap.deleted, kNow));
        QCOMPARE(d->valueLabel(u"retries"_s)->text(), u"%1 / %2"_s.arg(s.retryState.retries).arg(s.retrySpec.maxRetries));
        QVERIFY(d->valueLabel(u"function"_s)->text().contains(s.function.processorName + u'.' + s.function.name));
        QVERIFY(d->valueLabel(u"failedEvent"_s)->text().contains(s.eventId.id));
        QVERIFY(d->valueLabel(u"nextRetryAt"_s)->text().contains(formatRelative(s.retryState.nextRetryAt, kNow)));

        // Error: code, message and the stack trace with find.
        d->tabs()->setCurrentIndex(DetailsPane::ErrorTab);
        QCOMPARE(d->valueLabel(u"errorCode"_s)->text(), s.error.errorCode);
        QCOMPARE(d->findChild<QPlainTextEdit *>(u"errorMessage"_s)->toPlainText(), s.error.errorMsg);
        StackTraceView *st = d->stackTraceView();
        QCOMPARE(st->stackTrace(), s.error.stackTrace);
        QTest::keyClicks(st->findEdit(), u"at "_s);
        QCOMPARE(qsizetype(st->matchCount()), s.error.stackTrace.count(u"at "_s, Qt::CaseInsensitive));
        QVERIFY(st->editor()->textCursor().hasSelection());
        if (s.error.stackTrace.contains(u"Caused by:"_s))
            QVERIFY(st->sections().size() >= 2);

        // History: the stream table is the engine's stream; a row shows its JSON.
        d->tabs()->setCurrentIndex(DetailsPane::HistoryTab);
        const QList<Document> streams = await(engine()->loadEventStreams(id, 1, std::numeric_limits<int>::max()));
        QCOMPARE(d->streamModel()->rowCount(), int(streams.size()));
        QCOMPARE(d->timelineModel()->rowCount(), int(streams.size()));
        QTableView *sv = d->streamView();
        const int last = int(streams.size()) - 1;
        QTest::mouseClick(sv->viewport(), Qt::LeftButton, {}, sv->visualRect(d->streamModel()->index(last, 0)).center());
        QCOMPARE(QJsonDocument::fromJson(d->streamJson()->toPlainText().toUtf8()).object(), streams[last].object());

        // Snapshot: the document, as the engine has it.
        d->tabs()->setCurrentIndex(DetailsPane::SnapshotTab);
        QCOMPARE(QJsonDocument::fromJson(d->snapshotJson()->toPlainText().toUtf8()).object(), doc.object());
        QCOMPARE(d->valueLabel(u"snapshot.version"_s)->text(), QString::number(snap.version));
    }

    void timeTravelShowsTheStateAtAVersion()
    {
        window->setCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == Condition::all(), 10000);
        int row = -1;
        for (int r = 0; r < list()->rowCount() && row < 0; ++r) {
            if (const auto s = list()->snapshotAt(r); s && s->version >= 4)
                row = r;
        }
        QVERIFY(row >= 0);
        const Snapshot snap = selectAndWait(row);
        DetailsPane *d = window->detailsPane();
        d->tabs()->setCurrentIndex(DetailsPane::TimeTravelTab);
        QSlider *slider = d->versionSlider();
        QCOMPARE(slider->maximum(), snap.version);
        QCOMPARE(slider->value(), snap.version);

        auto checkVersion = [&](int v) {
            const auto state = await(engine()->loadStateAtVersion(snap.aggregateId, v));
            const auto fields = flattenJson(state.toJson());
            StateDiffModel *m = d->diffModel();
            QCOMPARE(m->rowCount(), int(fields.size()));
            for (int i = 0; i < fields.size(); ++i) {
                QCOMPARE(m->data(m->index(i, StateDiffModel::Field)).toString(), fields[i].first);
                QCOMPARE(m->data(m->index(i, StateDiffModel::Value)).toString(), readableValue(fields[i].first, fields[i].second));
            }
            if (v > 1) {
                const auto before = flattenJson(await(engine()->loadStateAtVersion(snap.aggregateId, v - 1)).toJson());
                int changed = 0;
                for (int i = 0; i < fields.size(); ++i)
                    changed += before[i].second != fields[i].second;
                QCOMPARE(m->changedCount(), changed);
            } else {
                QCOMPARE(m->changedCount(), 0);
            }
        };

        slider->setFocus();
        QTest::keyClick(slider, Qt::Key_Home);
        QTRY_COMPARE_WITH_TIMEOUT(d->shownVersion(), 1, 10000);
        checkVersion(1);
        QTest::keyClick(slider, Qt::Key_Right);
        QTest::keyClick(slider, Qt::Key_Right);
        QTRY_COMPARE_WITH_TIMEOUT(d->shownVersion(), 3, 10000);
        checkVersion(3);
        QVERIFY(d->findChild<QLabel *>(u"timeTravelLabel"_s)->text().startsWith(u"Version 3 of %1"_s.arg(snap.version)));

        // The time picker: the state in effect at the second stream's time is version 2's.
        const QList<Document> streams = await(engine()->loadEventStreams(snap.aggregateId, 1, 10));
        const qint64 t2 = streams[1].object().value("createTime"_L1).toInteger();
        d->timePicker()->setDateTime(QDateTime::fromMSecsSinceEpoch(t2 + 1).toTimeSpec(d->timePicker()->timeSpec()));
        QTest::mouseClick(d->findChild<QPushButton *>(u"stateAtTime"_s), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(d->shownVersion(), 2, 10000);
        QCOMPARE(slider->value(), 2);
        checkVersion(2);
    }

    void deletedFailuresShowTheirDetails()
    {
        clickCategory(FailureCategory::Deleted);
        QTRY_VERIFY_WITH_TIMEOUT(list()->condition() == categoryCondition(FailureCategory::Deleted, kNow) && listSettled(), 10000);
        QVERIFY(list()->rowCount() > 0);
        const Snapshot snap = selectAndWait(0);
        QVERIFY2(snap.deleted, qPrintable(window->detailsPane()->message()));
        QCOMPARE(window->detailsPane()->message(), QString());
        QCOMPARE(window->detailsPane()->findChild<QLabel *>(u"detailsBadge"_s)->text(), u"DELETED"_s);
        QVERIFY(window->detailsPane()->valueLabel(u"nextStep"_s)->text().startsWith(u"Deleted"_s));
    }

    // Safety: after the list changes (another category, a search with no match, All), no action
    // may target a failure the list does not show selected. Ctrl+R used to open "Retry" for the
    // details pane's failure after it had left the list.
    void actionsNeverActOnAFailureTheListNoLongerShows()
    {
        QAction *retry = window->actions()->action(ActionKind::Prepare);
        int dialogs = 0;
        connect(window->actions(), &ActionController::dialogOpened, this, [&dialogs](QWidget *d) {
            ++dialogs;
            d->close();
        });
        auto pickRetryable = [&]() -> Snapshot {
            window->setCategory(FailureCategory::ToRetry);
            [&] { QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == categoryCondition(FailureCategory::ToRetry, kNow), 10000); }();
            const Snapshot s = selectAndWait(0);
            [&] { QTRY_VERIFY_WITH_TIMEOUT(retry->isEnabled(), 10000); }();
            return s;
        };
        // The invariant the window must keep: an enabled per-failure action means the failure is
        // selected in the list, and the list holds it.
        auto checkInvariant = [&] {
            const QList<Snapshot> selected = window->selectedSnapshots();
            QSet<QString> inList;
            for (const auto &i : window->tableView()->selectionModel()->selectedRows())
                inList.insert(list()->data(list()->index(i.row(), 0), FailureListModel::IdRole).toString());
            for (const auto &s : selected)
                QVERIFY2(inList.contains(s.aggregateId), qPrintable(s.aggregateId));
            if (retry->isEnabled())
                QVERIFY(!selected.isEmpty());
        };

        // 1. Another category that does not hold it.
        Snapshot s = pickRetryable();
        QVERIFY(!s.aggregateId.isEmpty());
        clickCategory(FailureCategory::Succeeded);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == categoryCondition(FailureCategory::Succeeded, kNow), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(window->detailsPane()->notice().contains(u"not in this view"_s), 10000);
        QVERIFY(window->detailsPane()->notice().contains(s.aggregateId));
        QCOMPARE(window->detailsPane()->executionId(), QString());
        QVERIFY(window->selectedSnapshots().isEmpty());
        QVERIFY(!retry->isEnabled());
        checkInvariant();
        QTest::keyClick(window.get(), Qt::Key_R, Qt::ControlModifier);
        QCOMPARE(dialogs, 0);
        // Selecting a row of the new list clears the notice and acts on that row.
        if (list()->rowCount() > 0) {
            const Snapshot other = selectAndWait(0);
            QCOMPARE(window->detailsPane()->notice(), QString());
            QCOMPARE(window->selectedSnapshots().size(), 1);
            QCOMPARE(window->selectedSnapshots().first().aggregateId, other.aggregateId);
        }

        // 2. A search that matches nothing.
        s = pickRetryable();
        window->searchEdit()->setFocus();
        QTest::keyClicks(window->searchEdit(), u"no-such-failure"_s);
        QTest::keyClick(window->searchEdit(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->rowCount() == 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(window->detailsPane()->notice().contains(u"not in this view"_s), 10000);
        QVERIFY(!retry->isEnabled());
        checkInvariant();
        QTest::keyClick(window.get(), Qt::Key_R, Qt::ControlModifier);
        QCOMPARE(dialogs, 0);
        QTest::keyClick(window->searchEdit(), Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->rowCount() > 0, 10000);

        // 3. All holds it: either it is selected there again, or the pane says it is in the view
        // but not selected, and nothing acts on it until it is.
        s = pickRetryable();
        clickCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == Condition::all(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(window->selectedSnapshots().size() == 1
                                     || window->detailsPane()->notice().contains(u"is in this view"_s),
                                 10000);
        QVERIFY(!window->detailsPane()->notice().contains(u"not in this view"_s));
        checkInvariant();
        if (window->selectedSnapshots().isEmpty()) {
            QVERIFY(!retry->isEnabled());
        } else {
            QCOMPARE(window->selectedSnapshots().first().aggregateId, s.aggregateId);
        }

        // 4. A multi-selection that is refreshed away is not acted on as a bulk either.
        window->setCategory(FailureCategory::ToRetry);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == categoryCondition(FailureCategory::ToRetry, kNow), 10000);
        clickRow(0);
        clickRow(2, Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(window->selectedSnapshots().size(), 3, 10000);
        clickCategory(FailureCategory::Unrecoverable);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == categoryCondition(FailureCategory::Unrecoverable, kNow), 10000);
        checkInvariant();
        QVERIFY(window->selectedSnapshots().isEmpty()); // To retry and Unrecoverable share no failure
        QVERIFY(!retry->isEnabled());
        QTest::keyClick(window.get(), Qt::Key_R, Qt::ControlModifier);
        QCOMPARE(dialogs, 0);
    }

    void selectionSurvivesRefresh()
    {
        window->setCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == Condition::all(), 10000);
        const Snapshot snap = selectAndWait(5);
        QVERIFY(!snap.aggregateId.isEmpty());
        QCOMPARE(window->selectedFailure(), snap.aggregateId);
        QTest::keyClick(window->tableView(), Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(window->tableView()->currentIndex().row(), 5, 10000);
        QCOMPARE(window->detailsPane()->executionId(), snap.aggregateId);
        // Arrow keys move the selection, and the details follow.
        QTest::keyClick(window->tableView(), Qt::Key_Down);
        const QString next = list()->data(list()->index(6, 0), FailureListModel::IdRole).toString();
        QTRY_COMPARE_WITH_TIMEOUT(window->detailsPane()->executionId(), next, 10000);
        // Enter opens the details (the Overview tab, focused).
        window->detailsPane()->tabs()->setCurrentIndex(DetailsPane::SnapshotTab);
        window->tableView()->setFocus();
        QTest::keyClick(window->tableView(), Qt::Key_Return);
        QCOMPARE(window->detailsPane()->tabs()->currentIndex(), int(DetailsPane::OverviewTab));
    }

    void copyIdsAndCsv()
    {
        window->setCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == Condition::all(), 10000);
        clickRow(1);
        clickRow(3, Qt::ShiftModifier);
        window->tableView()->setFocus();
        QTest::keyClick(window->tableView(), Qt::Key_C, Qt::ControlModifier);
        QStringList expected;
        for (int r = 1; r <= 3; ++r)
            expected.append(list()->data(list()->index(r, 0), FailureListModel::IdRole).toString());
        QCOMPARE(QApplication::clipboard()->text(), expected.join(u'\n'));
        QTest::keyClick(window->tableView(), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        const QStringList lines = QApplication::clipboard()->text().split(u"\r\n"_s, Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines[2].contains(expected[1]));
    }

    void utcToggleChangesEveryTime()
    {
        window->setCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == Condition::all(), 10000);
        const qint64 first = list()->data(list()->index(0, FailureListModel::FirstFailed), FailureListModel::RawValueRole).toLongLong();
        window->utcAction()->setChecked(true);
        QCOMPARE(list()->data(list()->index(0, FailureListModel::FirstFailed)).toString(), formatDateTime(first, true));
        QVERIFY(settings->value(u"view/utc"_s).toBool());
        window->utcAction()->setChecked(false);
        QCOMPARE(list()->data(list()->index(0, FailureListModel::FirstFailed)).toString(), formatDateTime(first, false));
        window->setAutoRefreshSeconds(30);
        QCOMPARE(settings->value(u"view/autoRefresh"_s).toInt(), 30);
        window->setAutoRefreshSeconds(0);
    }

    void failingEngineShowsWhyAndStaysResponsive()
    {
        // A port nothing listens on.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        const QString url = u"http://127.0.0.1:%1"_s.arg(port);
        window->connectTo(url);
        QVERIFY(window->windowTitle().contains(url));
        QTRY_VERIFY_WITH_TIMEOUT(window->errorBanner()->isVisible(), 10000);
        QVERIFY(window->bannerText().contains(url));
        QCOMPARE(window->connection().kind, EngineKind::Remote);
        // Still responsive: typing works and Retry asks again (and fails again, in place).
        QTest::keyClicks(window->searchEdit(), u"abc"_s);
        QCOMPARE(window->searchEdit()->text(), u"abc"_s);
        window->searchEdit()->clear();
        QTest::mouseClick(window->bannerRetry(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!list()->isLoading(), 10000);
        QVERIFY(window->errorBanner()->isVisible());
        QVERIFY(!window->freeTextAction()->isEnabled()); // the remote engine has no full-text search
        // Back to a working engine: the banner goes away.
        window->setConnection(connection());
        QTRY_VERIFY_WITH_TIMEOUT(listSettled(), 10000);
        QVERIFY(!window->errorBanner()->isVisible());
        QVERIFY(list()->rowCount() > 0);
        // A bad URL is refused in place.
        window->connectTo(u"not a url"_s);
        QVERIFY(window->bannerText().contains(u"not a url"_s));
    }


    void remoteEngineThroughServe()
    {
        // The same database served with Wow's REST API on loopback and opened as a remote engine.
        BuiltinEngineOptions o;
        o.path = dbPath;
        o.clock = [] { return kNow; };
        auto served = std::move(BuiltinEngine::open(o)).value();
        WowApiServer server(served.get(), WowApiServerConfig{});
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const QString url = u"http://127.0.0.1:%1"_s.arg(server.port());
        window->connectTo(url, true);
        QVERIFY(window->windowTitle().contains(url));
        QVERIFY(window->windowTitle().contains(u"(read-only)"_s));
        for (auto c : {FailureCategory::All, FailureCategory::Succeeded, FailureCategory::Deleted}) {
            clickCategory(c);
            QTRY_VERIFY_WITH_TIMEOUT(list()->condition() == categoryCondition(c, 0) && listSettled(), 10000);
            const qint64 n = await(served->countSnapshots(categoryCondition(c, 0)));
            QCOMPARE(list()->totalCount(), n);
            QCOMPARE(qint64(list()->rowCount()), std::min<qint64>(n, 10000));
            QTRY_COMPARE_WITH_TIMEOUT(window->countsModel()->count(c), n, 10000);
        }
        clickCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(list()->condition() == Condition::all() && listSettled(), 10000);
        // Pages beyond the first come through the server too (its page size is at most 100).
        const int lastRow = list()->rowCount() - 1;
        window->tableView()->scrollToBottom();
        QTRY_VERIFY_WITH_TIMEOUT(list()->data(list()->index(lastRow, 0), FailureListModel::LoadedRole).toBool(), 10000);
        ListQuery q;
        q.sort = {Sort{u"aggregateId"_s, SortDirection::Asc}};
        q.limit = 1;
        const auto smallest = await(served->listSnapshots(q, SnapshotView::Document));
        QCOMPARE(list()->data(list()->index(lastRow, 0), FailureListModel::IdRole).toString(),
                 smallest.front().as<Snapshot>()->aggregateId);
        const Snapshot snap = selectAndWait(2);
        QCOMPARE(snap, *await(served->getSnapshot(snap.aggregateId)).as<Snapshot>());
        window->setConnection(EngineConnection{}); // drop the remote engine before the server goes
    }

    void exportAndImportFromTheWindow()
    {
        // Export the streams of everything in All, then import them into a new database.
        clickCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(list()->condition() == Condition::all() && listSettled(), 10000);
        qint64 expectedStreams = 0;
        ListQuery q;
        for (const auto &d : await(engine()->listSnapshots(q, SnapshotView::Document)))
            expectedStreams += d.object().value("version"_L1).toInt();
        const QString out = dir.filePath(u"from-window.ndjson"_s);
        ExportDialog exportDialog(window.get(), nullptr);
        exportDialog.setScope(ExportDialog::Scope::Filter);
        exportDialog.setWhat(ExportSpec::What::Streams, ExportSpec::Format::Ndjson);
        exportDialog.setOutput(out);
        exportDialog.start();
        QTRY_VERIFY_WITH_TIMEOUT(exportDialog.isDone(), 20000);
        QVERIFY2(exportDialog.succeeded(), qPrintable(exportDialog.statusLabel()->text()));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(qint64(f.readAll().count('\n')), expectedStreams);
        // A CSV of streams is refused before anything is written.
        ExportDialog wrong(window.get(), nullptr);
        wrong.setWhat(ExportSpec::What::Streams, ExportSpec::Format::Csv);
        wrong.setOutput(dir.filePath(u"never.csv"_s));
        wrong.start();
        QVERIFY(!wrong.isDone());
        QVERIFY(!QFile::exists(dir.filePath(u"never.csv"_s)));

        QVERIFY(window->openDatabase(dir.filePath(u"imported.db"_s), false, true));
        QDialog *d = window->importFiles({out});
        auto *importDialog = qobject_cast<ImportDialog *>(d);
        QVERIFY(importDialog);
        QTRY_VERIFY_WITH_TIMEOUT(importDialog->isDone(), 30000);
        QCOMPARE(importDialog->report().imported, expectedStreams);
        QVERIFY(importDialog->report().problems.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && window->countsModel()->count(FailureCategory::All) > 0, 10000);
        window->setCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == Condition::all(), 10000);
        QCOMPARE(qint64(list()->rowCount()), qint64(await(engine()->countSnapshots(Condition::all()))));
        QVERIFY(list()->rowCount() > 0);
        importDialog->close();
    }

    void connectionDialogValidates()
    {
        ConnectionDialog dialog;
        auto *ok = dialog.buttons()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled());
        QVERIFY(!dialog.problem().isEmpty());
        QTest::keyClicks(dialog.urlEdit(), u"ftp://x"_s);
        QVERIFY(!ok->isEnabled());
        QVERIFY(dialog.findChild<QLabel *>(u"connectionHint"_s)->text().contains(u"http"_s));
        dialog.urlEdit()->setText(u"http://127.0.0.1:8080"_s);
        QVERIFY(!ok->isEnabled()); // saving a profile needs a name
        QTest::keyClicks(dialog.nameEdit(), u"local"_s);
        QVERIFY(ok->isEnabled());
        QCOMPARE(dialog.profile().url, QUrl(u"http://127.0.0.1:8080"_s));
        QCOMPARE(dialog.profile().name, u"local"_s);
        QCOMPARE(dialog.profile().auth, ConnectionProfile::Auth::None);
        // A custom header needs its name and a value; the profile round-trips through the form.
        ConnectionProfile header = dialog.profile();
        header.auth = ConnectionProfile::Auth::Header;
        header.authHeaderName = "X-Api-Key";
        dialog.setProfile(header);
        QVERIFY(!ok->isEnabled()); // no value yet
        QCOMPARE(dialog.profile().auth, ConnectionProfile::Auth::Header);
        QCOMPARE(dialog.profile().authHeaderName, QByteArray("X-Api-Key"));
        header.auth = ConnectionProfile::Auth::Bearer;
        dialog.setProfile(header);
        QCOMPARE(dialog.profile().auth, ConnectionProfile::Auth::Bearer);
    }

    void stackTraceClassification()
    {
        using K = StackTraceView::LineKind;
        QCOMPARE(StackTraceView::classify(u"java.lang.IllegalStateException: boom"_s), K::Exception);
        QCOMPARE(StackTraceView::classify(u"Caused by: java.io.IOException: x"_s), K::CausedBy);
        QCOMPARE(StackTraceView::classify(u"\tat com.acme.order.OrderSaga.onOrderCreated(OrderSaga.kt:42)"_s), K::AppFrame);
        QCOMPARE(StackTraceView::classify(u"\tat java.base/java.lang.Thread.run(Thread.java:833)"_s), K::FrameworkFrame);
        QCOMPARE(StackTraceView::classify(u"\tat reactor.core.publisher.Mono.subscribe(Mono.java:4400)"_s), K::FrameworkFrame);
        QCOMPARE(StackTraceView::classify(u"\tat me.ahoo.wow.saga.Foo.bar(Foo.kt:1)"_s), K::FrameworkFrame);
        QCOMPARE(StackTraceView::classify(u"\t... 12 more"_s), K::More);
        QCOMPARE(StackTraceView::classify(u"\tat com.acme.X.y(X.kt:1)"_s, {u"org.other."_s}), K::FrameworkFrame);
        StackTraceView v;
        v.setStackTrace(u"a.B.CException: x\n\tat com.acme.X.y(X.kt:1)\nCaused by: d.E.FError: y\n\tat java.lang.Z.z(Z.java:2)\n"_s);
        const auto sections = v.sections();
        QCOMPARE(sections.size(), 2);
        QCOMPARE(sections[1].first, 2);
    }
};

QTEST_MAIN(TestUi)
#include "tst_ui.moc"
