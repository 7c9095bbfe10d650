// The inspector window driven as a user would (offscreen): categories, search, details tabs,
// time travel, keyboard, saved views and a failing engine; all checked against the engine.

#include "action_controller.h"
#include "builtin/builtin_engine.h"
#include "category_counts_model.h"
#include "connection_dialog.h"
#include "builtin/demo_seeder.h"
#include "builtin/sqlite_db.h"
#include "details_pane.h"
#include "event_stream_model.h"
#include "export_dialog.h"
#include "failure_list_model.h"
#include "failure_text.h"
#include "filter_bar.h"
#include "import_dialog.h"
#include "json_text.h"
#include "launch_link.h"
#include "main_window.h"
#include "icons.h"
#include "stack_trace_view.h"
#include "storage_dialog.h"
#include "state_diff_model.h"
#include "theme.h"
#include "timeline_model.h"
#include "wow_api_server.h"

#include <QAction>
#include <QAbstractScrollArea>
#include <QAbstractButton>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QFrame>
#include <QImage>
#include <QColor>
#include <QIcon>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QPalette>
#include <QPixmap>
#include <QBrush>
#include <QGuiApplication>
#include <QStatusBar>
#include <QHeaderView>
#include <QTableWidget>
#include <QSplitter>
#include <QDir>
#include <QSignalSpy>
#include <QSlider>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QWidgetAction>
#include <QScopeGuard>

#include "window_parts.h"
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
    FailureListModel *list() const { return failureList(window.get()); }

    bool listSettled() const { return list()->hasResult() && !list()->isLoading(); }

    // With WCI_SCREENSHOT_DIR set, saves the window as docs/ shows it (1366×768).
    void screenshot(const QString &name)
    {
        const QString out = qEnvironmentVariable("WCI_SCREENSHOT_DIR");
        if (out.isEmpty())
            return;
        QDir().mkpath(out);
        QCoreApplication::processEvents();
        QVERIFY(window->grab().save(QDir(out).filePath(name)));
    }

    void clickCategory(FailureCategory c)
    {
        QListView *v = categoryList(window.get());
        const QModelIndex i = v->model()->index(rowOfCategory(c), 0);
        QTest::mouseClick(v->viewport(), Qt::LeftButton, {}, v->visualRect(i).center());
    }

    void clickRow(int row, Qt::KeyboardModifiers mods = {})
    {
        QTableView *t = failureTable(window.get());
        t->scrollTo(list()->index(row, 1));
        QTest::mouseClick(t->viewport(), Qt::LeftButton, mods, t->visualRect(list()->index(row, 1)).center());
    }

    // Selects a row and waits for the details pane to have loaded everything.
    Snapshot selectAndWait(int row)
    {
        clickRow(row);
        const QString id = list()->data(list()->index(row, 0), FailureListModel::IdRole).toString();
        DetailsPane *d = detailsPane(window.get());
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
        QVERIFY(window->isOverviewShown()); // a connection opens on its overview
        window->showList();                 // these tests work on the list
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QApplication::setActiveWindow(window.get());
        QTRY_VERIFY_WITH_TIMEOUT(listSettled(), 10000);
    }

    void cleanup() { window.reset(); }

    void titleAndStatusShowTheEngine()
    {
        QVERIFY(window->windowTitle().contains(QDir::toNativeSeparators(dbPath)));
        QVERIFY(engineLabel(window.get())->toolTip().contains(QDir::toNativeSeparators(dbPath)));
        QVERIFY(!window->windowTitle().contains(u"read-only"_s));
        QVERIFY(window->openDatabase(dbPath, true));
        QVERIFY(window->windowTitle().contains(u"(read-only)"_s));
        QVERIFY(engineLabel(window.get())->toolTip().contains(u"(read-only)"_s));
        QVERIFY(!window->openDatabase(dir.filePath(u"missing/nothing.db"_s)));
        QVERIFY(window->problem().contains(u"nothing.db"_s));
        QVERIFY(window->windowTitle().contains(u"(read-only)"_s)); // still on the previous engine
    }

    void eachCategoryShowsTheEnginesCount()
    {
        QTRY_VERIFY_WITH_TIMEOUT(categoryCounts(window.get())->count(FailureCategory::All) >= 0, 10000);
        for (auto c : allFailureCategories) {
            clickCategory(c);
            QCOMPARE(window->category(), c);
            QTRY_VERIFY_WITH_TIMEOUT(list()->condition() == categoryCondition(c, kNow) && listSettled(), 10000);
            const qint64 n = await(engine()->countSnapshots(categoryCondition(c, kNow)));
            QCOMPARE(qint64(list()->rowCount()), n);
            QTRY_COMPARE_WITH_TIMEOUT(categoryCounts(window.get())->count(c), n, 10000);
            QVERIFY(rowsLabel(window.get())->toolTip().contains(QString::number(n)));
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
        QTRY_VERIFY(searchBox(window.get())->hasFocus());
        QTest::keyClicks(searchBox(window.get()), id);
        QTest::keyClick(searchBox(window.get()), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->rowCount() == 1, 10000);
        QCOMPARE(list()->data(list()->index(0, 0), FailureListModel::IdRole).toString(), id);

        // The failed event's id finds it too; so does an error code (as many as the engine counts).
        const Snapshot s = *await(engine()->getSnapshot(id)).as<Snapshot>();
        searchBox(window.get())->setText(s.state.eventId.id);
        QTest::keyClick(searchBox(window.get()), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->rowOf(id) >= 0, 10000);
        searchBox(window.get())->setText(s.state.error.errorCode);
        QTest::keyClick(searchBox(window.get()), Qt::Key_Return);
        const qint64 byCode = await(engine()->countSnapshots(Condition::eq(u"state.error.errorCode"_s, s.state.error.errorCode)));
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->rowCount() == byCode, 10000);

        QTest::keyClick(searchBox(window.get()), Qt::Key_Escape);
        QCOMPARE(searchBox(window.get())->text(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->rowCount() == all, 10000);
    }

    void filterBarNarrowsTheList()
    {
        clickCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(list()->condition() == Condition::all() && listSettled(), 10000);
        const QString processor = list()->stateAt(0)->function.processorName;
        QTest::keyClicks(filterBar(window.get())->processorEdit(), processor);
        QTest::keyClick(filterBar(window.get())->processorEdit(), Qt::Key_Return);
        filterBar(window.get())->statusBox()->setCurrentIndex(1); // FAILED
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
        filterBar(window.get())->errorCodeEdit()->setText(u"NotFound"_s);
        QTest::keyClick(filterBar(window.get())->errorCodeEdit(), Qt::Key_Return);
        window->saveView(u"succeeded not found"_s);
        window->setCategory(FailureCategory::All);
        filterBar(window.get())->clearFilters();
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
        DetailsPane *d = detailsPane(window.get());

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
        DetailsPane *d = detailsPane(window.get());
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
        QVERIFY2(snap.deleted, qPrintable(detailsPane(window.get())->message()));
        QCOMPARE(detailsPane(window.get())->message(), QString());
        QCOMPARE(detailsPane(window.get())->findChild<QLabel *>(u"detailsBadge"_s)->text(), u"DELETED"_s);
        QVERIFY(detailsPane(window.get())->valueLabel(u"nextStep"_s)->text().startsWith(u"Deleted"_s));
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
            for (const auto &i : failureTable(window.get())->selectionModel()->selectedRows())
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
        QTRY_VERIFY_WITH_TIMEOUT(detailsPane(window.get())->notice().contains(u"not in this view"_s), 10000);
        QVERIFY(detailsPane(window.get())->notice().contains(s.aggregateId));
        QCOMPARE(detailsPane(window.get())->executionId(), QString());
        QVERIFY(window->selectedSnapshots().isEmpty());
        QVERIFY(!retry->isEnabled());
        checkInvariant();
        QTest::keyClick(window.get(), Qt::Key_R, Qt::ControlModifier);
        QCOMPARE(dialogs, 0);
        // Selecting a row of the new list clears the notice and acts on that row.
        if (list()->rowCount() > 0) {
            const Snapshot other = selectAndWait(0);
            QCOMPARE(detailsPane(window.get())->notice(), QString());
            QCOMPARE(window->selectedSnapshots().size(), 1);
            QCOMPARE(window->selectedSnapshots().first().aggregateId, other.aggregateId);
        }

        // 2. A search that matches nothing.
        s = pickRetryable();
        searchBox(window.get())->setFocus();
        QTest::keyClicks(searchBox(window.get()), u"no-such-failure"_s);
        QTest::keyClick(searchBox(window.get()), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->rowCount() == 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(detailsPane(window.get())->notice().contains(u"not in this view"_s), 10000);
        QVERIFY(!retry->isEnabled());
        checkInvariant();
        QTest::keyClick(window.get(), Qt::Key_R, Qt::ControlModifier);
        QCOMPARE(dialogs, 0);
        QTest::keyClick(searchBox(window.get()), Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->rowCount() > 0, 10000);

        // 3. All holds it: either it is selected there again, or the pane says it is in the view
        // but not selected, and nothing acts on it until it is.
        s = pickRetryable();
        clickCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == Condition::all(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(window->selectedSnapshots().size() == 1
                                     || detailsPane(window.get())->notice().contains(u"is in this view"_s),
                                 10000);
        QVERIFY(!detailsPane(window.get())->notice().contains(u"not in this view"_s));
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

    // Switching category (or the filter) shows the new list from its first row; a refresh keeps
    // the place.
    void switchingCategoryStartsAtTheTop()
    {
        window->setCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == Condition::all(), 10000);
        QTableView *t = failureTable(window.get());
        t->scrollToBottom();
        QTRY_VERIFY_WITH_TIMEOUT(t->verticalScrollBar()->value() > 0, 10000);
        QTest::keyClick(window.get(), Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled(), 10000);
        QVERIFY(t->verticalScrollBar()->value() > 0); // F5 keeps the place
        clickCategory(FailureCategory::ToRetry);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == categoryCondition(FailureCategory::ToRetry, kNow), 10000);
        QVERIFY(list()->rowCount() > 40); // long enough to have been scrolled
        QTRY_COMPARE_WITH_TIMEOUT(t->verticalScrollBar()->value(), 0, 10000);
        // The same for a new filter.
        t->scrollToBottom();
        QTRY_VERIFY_WITH_TIMEOUT(t->verticalScrollBar()->value() > 0, 10000);
        filterBar(window.get())->statusBox()->setCurrentIndex(1); // FAILED
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() != categoryCondition(FailureCategory::ToRetry, kNow), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(t->verticalScrollBar()->value(), 0, 10000);
    }

    // A 1366×768 laptop: the window's minimum size leaves room for the desktop, and at 1024×700
    // (and 1366×768) no button, field or status text is cut off at the right or bottom edge,
    // even with a long database path.
    void windowFitsALaptopScreen()
    {
        const QString longDir = dir.filePath(QString(u"a-rather-long-folder-name-for-a-database"_s).repeated(3));
        QVERIFY(QDir().mkpath(longDir));
        const QString longPath = longDir + u"/failures-from-production-export.db"_s;
        QVERIFY(QFile::copy(dbPath, longPath));
        window->setConnection(builtinConnection(longPath));
        QTRY_VERIFY_WITH_TIMEOUT(listSettled(), 10000);
        selectAndWait(0);
        const QSize min = window->minimumSizeHint().expandedTo(window->minimumSize());
        QVERIFY2(min.width() <= 1000 && min.height() <= 600,
                 qPrintable(u"minimum %1×%2"_s.arg(min.width()).arg(min.height())));
        for (const QSize size : {QSize(1024, 700), QSize(1366, 768)}) {
            window->resize(size);
            QTRY_COMPARE_WITH_TIMEOUT(window->size(), size, 5000);
            QCoreApplication::processEvents();
            const QRect inside = window->rect();
            for (QWidget *w : window->findChildren<QWidget *>()) {
                if (!w->isVisible() || !(qobject_cast<QAbstractButton *>(w) || qobject_cast<QLineEdit *>(w)
                                         || qobject_cast<QComboBox *>(w) || qobject_cast<QLabel *>(w)))
                    continue;
                if (w->window() != window.get() || w->width() <= 0)
                    continue;
                // Inside a scroll area a widget may scroll out of sight; that is not cut off.
                bool scrolled = false;
                for (QWidget *p = w->parentWidget(); p && p != window.get(); p = p->parentWidget())
                    scrolled = scrolled || qobject_cast<QAbstractScrollArea *>(p);
                if (scrolled)
                    continue;
                const QRect r(w->mapTo(window.get(), QPoint(0, 0)), w->size());
                QVERIFY2(inside.contains(r), qPrintable(u"%1 (%2) at %3,%4 %5×%6 is outside %7×%8"_s
                                                            .arg(w->objectName(), QString::fromLatin1(w->metaObject()->className()))
                                                            .arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height())
                                                            .arg(size.width()).arg(size.height())));
            }
        }
    }

    // The default layout gives the list and the stack trace the room: ≥ 15 list rows at
    // 1366×768 (less a title bar), the Error tab without an empty binding-errors table and with
    // most of the pane for the stack trace; visible splitter handles; the layout is remembered.
    void listAndStackTraceGetTheRoom()
    {
        window->resize(1366, 740);
        QTRY_COMPARE_WITH_TIMEOUT(window->size(), QSize(1366, 740), 5000);
        const Snapshot s = selectAndWait(0);
        QTableView *t = failureTable(window.get());
        const int rows = t->viewport()->height() / t->verticalHeader()->defaultSectionSize();
        QVERIFY2(rows >= 15, qPrintable(u"%1 rows"_s.arg(rows)));
        window->resize(1366, 768);
        QTRY_COMPARE_WITH_TIMEOUT(window->size(), QSize(1366, 768), 5000);
        screenshot(u"screenshot-main.png"_s);

        DetailsPane *d = detailsPane(window.get());
        d->tabs()->setCurrentIndex(DetailsPane::ErrorTab);
        QCoreApplication::processEvents();
        auto *binding = d->findChild<QTableWidget *>(u"bindingErrors"_s);
        QCOMPARE(binding->isVisible(), !s.state.error.bindingErrors.empty());
        screenshot(u"screenshot-error-tab.png"_s);
        if (!qEnvironmentVariableIsEmpty("WCI_SCREENSHOT_DIR")) { // the same in the dark theme
            applyTheme(ThemeMode::Dark);
            QCoreApplication::processEvents();
            screenshot(u"screenshot-dark.png"_s);
            applyTheme(ThemeMode::System);
            QCoreApplication::processEvents();
        }
        window->resize(1600, 1000);
        QTRY_COMPARE_WITH_TIMEOUT(window->size(), QSize(1600, 1000), 5000);
        QCoreApplication::processEvents();
        auto *stack = d->stackTraceView()->findChild<QPlainTextEdit *>();
        QVERIFY(stack);
        const int lines = stack->viewport()->height() / stack->fontMetrics().lineSpacing();
        QVERIFY2(lines >= 10, qPrintable(u"%1 stack-trace lines"_s.arg(lines)));

        // Handles one can see and grab; the layout comes back in a new window.
        auto *split = window->findChild<QSplitter *>(u"listDetailsSplitter"_s);
        QVERIFY(split->handleWidth() >= 5);
        split->setSizes({300, 600});
        QCoreApplication::processEvents();
        const QList<int> sizes = split->sizes();
        window->close();
        window = std::make_unique<MainWindow>(settings.get(), &secrets);
        window->resize(1600, 1000);
        window->setConnection(connection());
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        // It opens on the overview; the list, once chosen, has the layout it was left with.
        QVERIFY(window->isOverviewShown());
        window->showList();
        QTRY_COMPARE_WITH_TIMEOUT(window->findChild<QSplitter *>(u"listDetailsSplitter"_s)->sizes(), sizes, 5000);
    }

    // Ctrl+F in To retry for an id that is in Unrecoverable used to say "0 failure(s)": an id
    // typed in the search box (or given to Open by id) is found in any category, the window
    // switches there and selects it; execution, failed-event and source-aggregate ids all work,
    // deleted failures too, and an unknown id says so.
    void searchForAnIdInAnotherCategoryFindsIt()
    {
        const auto firstOf = [&](FailureCategory c) {
            ListQuery q;
            q.condition = categoryCondition(c, kNow);
            q.limit = 1;
            const auto docs = await(engine()->listSnapshots(q, SnapshotView::Document));
            return docs.isEmpty() ? Snapshot{} : *docs.first().as<Snapshot>();
        };
        const Snapshot unrecoverable = firstOf(FailureCategory::Unrecoverable);
        QVERIFY(!unrecoverable.aggregateId.isEmpty());
        const auto expectOpened = [&](const Snapshot &s, FailureCategory where) {
            QTRY_VERIFY_WITH_TIMEOUT(window->category() == where && listSettled(), 10000);
            QTRY_COMPARE_WITH_TIMEOUT(window->selectedSnapshots().size(), 1, 10000);
            QCOMPARE(window->selectedSnapshots().first().aggregateId, s.aggregateId);
            QTRY_COMPARE_WITH_TIMEOUT(detailsPane(window.get())->executionId(), s.aggregateId, 10000);
        };

        // The search box, from To retry.
        window->setCategory(FailureCategory::ToRetry);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && window->category() == FailureCategory::ToRetry, 10000);
        QTest::keyClick(window.get(), Qt::Key_F, Qt::ControlModifier);
        QTest::keyClicks(searchBox(window.get()), unrecoverable.aggregateId);
        QTest::keyClick(searchBox(window.get()), Qt::Key_Return);
        expectOpened(unrecoverable, FailureCategory::Unrecoverable);

        // Open by id with the failed event's id, from Succeeded.
        const Snapshot succeeded = firstOf(FailureCategory::Succeeded);
        window->setCategory(FailureCategory::Unrecoverable);
        window->openById(succeeded.state.eventId.id);
        expectOpened(succeeded, FailureCategory::Succeeded);

        // A deleted failure by its execution id.
        ListQuery dq;
        dq.condition = Condition::deleted(DeletionState::Deleted);
        dq.limit = 1;
        const auto deleted = await(engine()->listSnapshots(dq, SnapshotView::Document));
        QVERIFY(!deleted.isEmpty());
        const QString deletedId = deleted.first().as<Snapshot>()->aggregateId;
        window->openById(deletedId);
        QTRY_VERIFY_WITH_TIMEOUT(window->category() == FailureCategory::Deleted, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(detailsPane(window.get())->executionId(), deletedId, 10000);

        // An id nothing has.
        window->openById(u"0NoSuchFailure0"_s);
        QTRY_VERIFY_WITH_TIMEOUT(window->statusBar()->currentMessage().contains(u"No failure has the id 0NoSuchFailure0"_s), 10000);
        QCOMPARE(window->category(), FailureCategory::Deleted); // nothing moved
    }

    // Links name a failure and where it is; they turn into the `open` command's arguments.
    void linksOpenAFailure()
    {
        const QString path = u"/data/some dir/prod export.db"_s;
        const QUrl link = linkForFailure(u"0V5hJujnzzzz000"_s, path);
        QCOMPARE(link.scheme(), u"wow-inspector"_s);
        QString why;
        QCOMPARE(argumentsForLink(link, &why), (QStringList{u"open"_s, u"0V5hJujnzzzz000"_s, u"--db"_s, path}));
        QCOMPARE(argumentsForLink(QUrl(u"wow-inspector://open/abc?connect=http%3A%2F%2F127.0.0.1%3A8080&read-only=1"_s), &why),
                 (QStringList{u"open"_s, u"abc"_s, u"--connect"_s, u"http://127.0.0.1:8080"_s, u"--read-only"_s}));
        QCOMPARE(argumentsForLink(QUrl(u"wow-inspector://open/abc"_s), &why), (QStringList{u"open"_s, u"abc"_s}));
        QVERIFY(argumentsForLink(QUrl(u"https://open/abc"_s), &why).isEmpty());
        QVERIFY(!why.isEmpty());
        QVERIFY(argumentsForLink(QUrl(u"wow-inspector://open/"_s), &why).isEmpty());
        QVERIFY(argumentsForLink(QUrl(u"wow-inspector://open/a?db=x&connect=y"_s), &why).isEmpty());

        // Edit › Copy link to failure: the link that opens the selected failure on this database.
        const Snapshot s = selectAndWait(0);
        window->findChild<QAction *>(u"copyLinkAction"_s)->trigger();
        const QStringList args = argumentsForLink(QUrl(QApplication::clipboard()->text()), &why);
        QCOMPARE(args, (QStringList{u"open"_s, s.aggregateId, u"--db"_s, QFileInfo(dbPath).absoluteFilePath()}));
    }

    // Two actions on one shortcut trigger neither (Qt calls it ambiguous): Force retry and
    // Open read-only both had Ctrl+Shift+R.
    void everyShortcutIsUnique()
    {
        QHash<QString, QString> seen;
        for (QAction *a : window->findChildren<QAction *>()) {
            for (const QKeySequence &k : a->shortcuts()) {
                const QString key = k.toString(QKeySequence::PortableText);
                if (key.isEmpty())
                    continue;
                QVERIFY2(!seen.contains(key) || seen.value(key) == a->text(),
                         qPrintable(u"%1: \"%2\" and \"%3\""_s.arg(key, seen.value(key), a->text())));
                seen.insert(key, a->text());
            }
        }
        QVERIFY(seen.contains(u"Ctrl+O"_s));
        QVERIFY(seen.contains(u"Ctrl+Shift+R"_s));
    }

    // The application icon is built into the program in every hicolor size.
    void applicationIconIsBuiltIn()
    {
        for (int size : {16, 22, 24, 32, 48, 64, 128, 256}) {
            const QString path = u":/icons/hicolor/%1x%1/apps/io.github.wowinspector.WowInspector.png"_s.arg(size);
            const QImage image(path);
            QVERIFY2(!image.isNull(), qPrintable(path));
            QCOMPARE(image.size(), QSize(size, size));
        }
    }

    // Our action icons are built into the program in every size, and are what an action gets
    // when the icon theme has no icon of that name.
    void actionIconsAreBuiltIn()
    {
        const QString theme = QIcon::themeName();
        const auto restoreTheme = qScopeGuard([&] { QIcon::setThemeName(theme); });
        QIcon::setThemeName(u"wci-no-such-icon-theme"_s);
        for (ActionIcon icon : allActionIcons) {
            for (int size : actionIconSizes) {
                const QString path = actionIconResource(icon, size);
                const QImage image(path);
                QVERIFY2(!image.isNull(), qPrintable(path));
                QCOMPARE(image.size(), QSize(size, size));
            }
            QVERIFY2(!actionIcon(icon).pixmap(16).isNull(), qPrintable(actionIconResource(icon, 16)));
        }
    }

    // A desktop icon theme that has the freedesktop name wins over ours.
    void actionIconsPreferTheIconTheme()
    {
        QTemporaryDir themes;
        QVERIFY(QDir().mkpath(themes.filePath(u"wci-test/16x16/actions"_s)));
        QFile index(themes.filePath(u"wci-test/index.theme"_s));
        QVERIFY(index.open(QIODevice::WriteOnly));
        index.write("[Icon Theme]\nName=wci-test\nDirectories=16x16/actions\n\n[16x16/actions]\nSize=16\nType=Fixed\n");
        index.close();
        QImage magenta(16, 16, QImage::Format_ARGB32);
        magenta.fill(Qt::magenta);
        QVERIFY(magenta.save(themes.filePath(u"wci-test/16x16/actions/view-refresh.png"_s)));

        const QString theme = QIcon::themeName();
        const QStringList paths = QIcon::themeSearchPaths();
        const auto restoreTheme = qScopeGuard([&] {
            QIcon::setThemeSearchPaths(paths);
            QIcon::setThemeName(theme);
        });
        QIcon::setThemeSearchPaths({themes.path()});
        QIcon::setThemeName(u"wci-test"_s);
        QCOMPARE(actionIconThemeName(ActionIcon::Refresh), u"view-refresh"_s);
        QCOMPARE(actionIcon(ActionIcon::Refresh).pixmap(16).toImage().pixelColor(8, 8), QColor(Qt::magenta));
        // Not in the theme: ours.
        QCOMPARE(actionIcon(ActionIcon::Delete).pixmap(16).toImage().convertToFormat(QImage::Format_ARGB32),
                 QPixmap(actionIconResource(ActionIcon::Delete, 16)).toImage().convertToFormat(QImage::Format_ARGB32));
    }

    // Every action on the toolbar has an icon even without an icon theme.
    void toolBarActionsHaveIconsWithoutATheme()
    {
        const QString theme = QIcon::themeName();
        const auto restoreTheme = qScopeGuard([&] { QIcon::setThemeName(theme); });
        QIcon::setThemeName(u"wci-no-such-icon-theme"_s);
        window = std::make_unique<MainWindow>(settings.get(), &secrets);
        auto *bar = window->findChild<QToolBar *>(u"mainToolBar"_s);
        QVERIFY(bar);
        int actions = 0;
        for (QAction *a : bar->actions()) {
            if (a->isSeparator() || qobject_cast<QWidgetAction *>(a))
                continue; // the connection switcher, the search box, the combo boxes
            QVERIFY2(!a->icon().isNull(), qPrintable(a->text()));
            QVERIFY2(!a->icon().pixmap(16).isNull(), qPrintable(a->text()));
            ++actions;
        }
        QCOMPARE(actions, 4); // refresh, UTC, full text, save view
    }

    void selectionSurvivesRefresh()
    {
        window->setCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == Condition::all(), 10000);
        const Snapshot snap = selectAndWait(5);
        QVERIFY(!snap.aggregateId.isEmpty());
        QCOMPARE(window->selectedFailure(), snap.aggregateId);
        QTest::keyClick(failureTable(window.get()), Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(failureTable(window.get())->currentIndex().row(), 5, 10000);
        QCOMPARE(detailsPane(window.get())->executionId(), snap.aggregateId);
        // Arrow keys move the selection, and the details follow.
        QTest::keyClick(failureTable(window.get()), Qt::Key_Down);
        const QString next = list()->data(list()->index(6, 0), FailureListModel::IdRole).toString();
        QTRY_COMPARE_WITH_TIMEOUT(detailsPane(window.get())->executionId(), next, 10000);
        // Enter opens the details (the Overview tab, focused).
        detailsPane(window.get())->tabs()->setCurrentIndex(DetailsPane::SnapshotTab);
        failureTable(window.get())->setFocus();
        QTest::keyClick(failureTable(window.get()), Qt::Key_Return);
        QCOMPARE(detailsPane(window.get())->tabs()->currentIndex(), int(DetailsPane::OverviewTab));
    }

    void copyIdsAndCsv()
    {
        window->setCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == Condition::all(), 10000);
        clickRow(1);
        clickRow(3, Qt::ShiftModifier);
        failureTable(window.get())->setFocus();
        QTest::keyClick(failureTable(window.get()), Qt::Key_C, Qt::ControlModifier);
        QStringList expected;
        for (int r = 1; r <= 3; ++r)
            expected.append(list()->data(list()->index(r, 0), FailureListModel::IdRole).toString());
        QCOMPARE(QApplication::clipboard()->text(), expected.join(u'\n'));
        QTest::keyClick(failureTable(window.get()), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        const QStringList lines = QApplication::clipboard()->text().split(u"\r\n"_s, Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines[2].contains(expected[1]));
    }

    void utcToggleChangesEveryTime()
    {
        window->setCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == Condition::all(), 10000);
        const qint64 first = list()->data(list()->index(0, FailureListModel::FirstFailed), FailureListModel::RawValueRole).toLongLong();
        utcAction(window.get())->setChecked(true);
        QCOMPARE(list()->data(list()->index(0, FailureListModel::FirstFailed)).toString(), formatDateTime(first, true));
        QVERIFY(settings->value(u"view/utc"_s).toBool());
        utcAction(window.get())->setChecked(false);
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
        window->connectTo(url); // on the overview page: the banner is over it too
        QVERIFY(window->windowTitle().contains(url));
        QTRY_VERIFY_WITH_TIMEOUT(errorBanner(window.get())->isVisible(), 10000);
        QVERIFY(window->problem().contains(url));
        QCOMPARE(window->connection().kind, EngineKind::Remote);
        // Still responsive: typing works and Retry asks again (and fails again, in place).
        QTest::keyClicks(searchBox(window.get()), u"abc"_s);
        QCOMPARE(searchBox(window.get())->text(), u"abc"_s);
        searchBox(window.get())->clear();
        QTest::mouseClick(bannerRetry(window.get()), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!list()->isLoading(), 10000);
        QVERIFY(errorBanner(window.get())->isVisible());
        QVERIFY(!freeTextAction(window.get())->isEnabled()); // the remote engine has no full-text search
        // Back to a working engine: the banner goes away.
        window->setConnection(connection());
        QTRY_VERIFY_WITH_TIMEOUT(listSettled(), 10000);
        QVERIFY(!errorBanner(window.get())->isVisible());
        QVERIFY(list()->rowCount() > 0);
        // A bad URL is refused in place.
        window->connectTo(u"not a url"_s);
        window->showList();
        QVERIFY(window->problem().contains(u"not a url"_s));
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
        window->showList();
        QVERIFY(window->windowTitle().contains(url));
        QVERIFY(window->windowTitle().contains(u"(read-only)"_s));
        // Once probed, the status bar says what the server speaks, and that its clock (fixed at
        // the start of 2026 here) is behind this computer's and corrected for.
        QVERIFY(!engineLabel(window.get())->toolTip().contains(u"Wow"_s)); // not yet probed
        QTRY_VERIFY_WITH_TIMEOUT(engineLabel(window.get())->toolTip().contains(u"Wow 8.10 · compatibility mode"_s), 10000);
        QVERIFY2(engineLabel(window.get())->toolTip().contains(u"behind (corrected)"_s),
                 qPrintable(engineLabel(window.get())->toolTip()));
        for (auto c : {FailureCategory::All, FailureCategory::Succeeded, FailureCategory::Deleted}) {
            clickCategory(c);
            QTRY_VERIFY_WITH_TIMEOUT(list()->condition() == categoryCondition(c, 0) && listSettled(), 10000);
            const qint64 n = await(served->countSnapshots(categoryCondition(c, 0)));
            QCOMPARE(list()->totalCount(), n);
            QCOMPARE(qint64(list()->rowCount()), std::min<qint64>(n, 10000));
            QTRY_COMPARE_WITH_TIMEOUT(categoryCounts(window.get())->count(c), n, 10000);
        }
        clickCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(list()->condition() == Condition::all() && listSettled(), 10000);
        // Pages beyond the first come through the server too (its page size is at most 100).
        const int lastRow = list()->rowCount() - 1;
        failureTable(window.get())->scrollToBottom();
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

    // With the server gone the window used to keep old data as if fresh and every action on,
    // and an action failed with "The engine refused it: ConnectionRefused". Now: the data is
    // marked stale with the time of the last good read, actions are off, the window reconnects
    // by itself (with backoff) and refreshes, and a connection error is worded as one.
    void serverGoneIsShownHonestly()
    {
        auto served = openBuiltin(dbPath);
        auto server = std::make_unique<WowApiServer>(served.get(), WowApiServerConfig{});
        QVERIFY(server->listen(QHostAddress::LocalHost, 0));
        const quint16 port = server->port();
        window->setReconnectDelays(300, 1200);
        window->connectTo(u"http://127.0.0.1:%1"_s.arg(port));
        window->showList();
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->rowCount() > 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(categoryCounts(window.get())->count(FailureCategory::ToRetry) > 0, 10000);
        const Snapshot s = selectAndWait(0);
        QAction *retry = window->actions()->action(ActionKind::Prepare);
        QTRY_VERIFY_WITH_TIMEOUT(retry->isEnabled(), 10000);

        // The server goes away.
        server->close();
        server->abortConnections();
        server.reset();
        QTest::keyClick(window.get(), Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(window->isOffline(), 15000);
        QVERIFY(window->problem().contains(u"Connection lost"_s));
        QVERIFY(window->problem().contains(u"read at"_s));
        QVERIFY(list()->isStale());
        QVERIFY(list()->rowCount() > 0); // the old rows stay, greyed
        QCOMPARE(list()->data(list()->index(0, FailureListModel::Context), Qt::ForegroundRole).value<QBrush>().color(),
                 QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text).color());
        QVERIFY(!retry->isEnabled());
        QVERIFY(retry->toolTip().contains(u"does not answer"_s));
        int dialogs = 0;
        connect(window->actions(), &ActionController::dialogOpened, this, [&dialogs](QWidget *d) {
            ++dialogs;
            d->close();
        });
        window->actions()->trigger(ActionKind::Prepare);
        QCOMPARE(dialogs, 0);
        // Another failure's details cannot load: said once, by the notice, not as an error too.
        DetailsPane *d = detailsPane(window.get());
        QVERIFY(list()->rowCount() > 1);
        clickRow(1);
        QTRY_VERIFY_WITH_TIMEOUT(d->message().contains(u"is loaded when the server answers again"_s), 10000);
        QVERIFY(d->notice().contains(u"Not connected"_s));
        QVERIFY(!d->findChild<QPushButton *>(u"detailsRetry"_s)->isVisible());
        // Reconnect attempts keep failing while nothing listens (the banner counts down).
        QTRY_VERIFY_WITH_TIMEOUT(window->problem().contains(u"Trying again in"_s), 5000);
        window->resize(1366, 768);
        QTRY_COMPARE_WITH_TIMEOUT(window->size(), QSize(1366, 768), 5000);
        screenshot(u"screenshot-server-down.png"_s);

        // A connection error is worded as one.
        EngineError refused(u"ConnectionRefused"_s, u"Nothing accepted the connection at 127.0.0.1:1: is the server running?"_s, 503);
        refused.reach = EngineError::Reach::NotReached;
        QVERIFY(describeEngineError(refused).startsWith(u"Could not reach the server"_s));
        QVERIFY(describeEngineError(refused).contains(u"nothing changed"_s));
        QVERIFY(!describeEngineError(refused).contains(u"refused it"_s));

        // The server is back on the same port: the window notices by itself.
        server = std::make_unique<WowApiServer>(served.get(), WowApiServerConfig{});
        QVERIFY(server->listen(QHostAddress::LocalHost, port));
        QTRY_VERIFY_WITH_TIMEOUT(!window->isOffline(), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && !list()->isStale(), 10000);
        QCOMPARE(window->problem(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(!window->selectedSnapshots().isEmpty() || retry->toolTip().contains(u"Select"_s), 10000);
        selectAndWait(0);
        QTRY_VERIFY_WITH_TIMEOUT(retry->isEnabled(), 10000);
        Q_UNUSED(s);
        window->setConnection(EngineConnection{}); // drop the remote engine before the server goes
    }

    // First start used to show nothing for seconds while the demo database was created: the
    // window now shows progress at once and the first failures before the rest are written.
    void firstStartShowsTheListWhileTheDemoIsCreated()
    {
        window->setConnection(EngineConnection{});
        const QString demo = dir.filePath(u"first-start/demo.db"_s);
        // Eight times the first start's 5 000: a fast machine writes 5 000 failures before the
        // list's first page can be read, so the rest must take long enough to be seen happening.
        constexpr int kFailures = 40000;
        window->createDemoDatabase(demo, kFailures);
        QVERIFY(window->isCreatingDemo());
        auto *progress = window->findChild<QProgressBar *>(u"demoProgress"_s);
        QVERIFY(progress && progress->isVisible());
        bool listedWhileCreating = false;
        QVERIFY(waitFor([&] {
            if (window->engine() && list() && list()->rowCount() > 0 && window->isCreatingDemo())
                listedWhileCreating = true;
            return !window->isCreatingDemo();
        }, 60000));
        QVERIFY2(listedWhileCreating, "the list stayed empty until the demo database was complete");
        QVERIFY(!progress->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(listSettled(), 10000);
        QCOMPARE(await(engine()->countSnapshots(Condition::deleted(DeletionState::All))), kFailures);
        QTRY_COMPARE_WITH_TIMEOUT(categoryCounts(window.get())->count(FailureCategory::All),
                                  await(engine()->countSnapshots(Condition::all())), 10000);
        window->setConnection(EngineConnection{});
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
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && categoryCounts(window.get())->count(FailureCategory::All) > 0, 10000);
        window->setCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == Condition::all(), 10000);
        QCOMPARE(qint64(list()->rowCount()), qint64(await(engine()->countSnapshots(Condition::all()))));
        QVERIFY(list()->rowCount() > 0);
        importDialog->close();
    }

    // File › Database properties on a file whose documents are stored plain: it names the file
    // and says so, and Compact compresses them all, shrinks the file and changes nothing the
    // window shows.
    // A file of the previous database format is upgraded off the window's thread, under a
    // progress dialog that shows how far it is and can cancel it, and opens when the upgrade ends.
    void olderFormatIsUpgradedWithProgress()
    {
        const QString path = dir.filePath(u"format5.db"_s);
        QVERIFY(seedDatabase(path, 300, 6).ok());
        {
            sqlite::Connection c(path, false);
            c.exec("DELETE FROM snapshot_time_count WHERE col >= 2; UPDATE meta SET value = '5' WHERE key = 'schema_version'");
        }
        // A window that has had no connection yet (a start on an older file) offers no action
        // while the file is upgraded.
        window = std::make_unique<MainWindow>(settings.get(), &secrets);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY(!window->actions()->action(ActionKind::Prepare)->isEnabled());
        QVERIFY(window->openDatabase(path, false, false));
        QVERIFY(window->isUpgrading());
        QVERIFY(!window->actions()->action(ActionKind::Prepare)->isEnabled());
        auto *dialog = window->findChild<QProgressDialog *>(u"upgradeProgress"_s);
        QVERIFY(dialog && dialog->isVisible());
        QVERIFY(dialog->labelText().contains(QDir::toNativeSeparators(path)));
        QVERIFY(!window->engine()); // nothing opened before the upgrade ends
        QVERIFY(!window->openDatabase(path, false, false)); // one upgrade at a time
        // The bar turns from busy to a percentage and reaches the end before the dialog goes.
        auto *bar = dialog->findChild<QProgressBar *>(u"upgradeProgressBar"_s);
        QVERIFY(bar);
        int furthest = -1, maximum = 0;
        const auto seen = connect(bar, &QProgressBar::valueChanged, this, [&furthest, &maximum, bar](int v) {
            furthest = std::max(furthest, v);
            maximum = bar->maximum();
        });
        QTRY_VERIFY_WITH_TIMEOUT(!window->isUpgrading(), 30000);
        disconnect(seen);
        QCOMPARE(maximum, 1000);
        QCOMPARE(furthest, 1000);
        QTRY_VERIFY_WITH_TIMEOUT(!window->findChild<QProgressDialog *>(u"upgradeProgress"_s), 5000);
        QCOMPARE(BuiltinEngine::fileFormat(path), std::optional<int>(BuiltinEngine::currentFormat()));
        QCOMPARE(window->connection().location, QFileInfo(path).absoluteFilePath());
        QVERIFY(window->engine());
        QCOMPARE(await(engine()->countSnapshots(Condition::deleted(DeletionState::All))), 300);
        window->setCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == Condition::all() && list()->rowCount() > 0, 10000);
        window->setConnection(EngineConnection{});
    }

    void databasePropertiesCompactTheFile()
    {
        const QString path = dir.filePath(u"plain.db"_s);
        SeedOptions so;
        so.count = 500;
        so.seed = 4;
        so.now = kNow;
        so.compressDocuments = false;
        QVERIFY(seedDemoDatabase(path, so).ok());
        QVERIFY(window->openDatabase(path, false, false));
        window->setCategory(FailureCategory::All);
        QTRY_VERIFY_WITH_TIMEOUT(listSettled() && list()->condition() == Condition::all(), 10000);
        const int rows = list()->rowCount();
        QVERIFY(rows > 0);
        StorageDialog *d = window->showStorage();
        QVERIFY(d);
        QSignalSpy loaded(d, &StorageDialog::loaded);
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() == 1, 10000);
        const StorageInfo before = d->info();
        QCOMPARE(before.failures, 500);
        QCOMPARE(before.plainDocuments, before.failures + before.eventStreams);
        QCOMPARE(d->field(u"failures"_s), QLocale().toString(500));
        QCOMPARE(d->field(u"file"_s), QDir::toNativeSeparators(path));
        QVERIFY2(d->field(u"plain"_s).contains(QLocale().toString(before.plainDocuments)), qPrintable(d->field(u"plain"_s)));
        QVERIFY(d->field(u"dictionary"_s).startsWith(u"none"_s));
        auto *compact = d->findChild<QPushButton *>(u"storageCompact"_s);
        QVERIFY(compact && compact->isEnabled());
        QSignalSpy compacted(d, &StorageDialog::compacted);
        compact->click();
        QVERIFY(d->isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(compacted.count() == 1, 60000);
        const auto r = compacted.first().first().value<CompactResult>();
        QCOMPARE(r.recompressed, before.plainDocuments);
        QVERIFY(r.vacuumed);
        QVERIFY2(r.bytesAfter < r.bytesBefore / 2, qPrintable(u"%1 → %2"_s.arg(r.bytesBefore).arg(r.bytesAfter)));
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() == 2, 10000);
        QCOMPARE(d->info().plainDocuments, 0);
        QCOMPARE(d->info().documentBytes, before.documentBytes);
        QCOMPARE(d->field(u"plain"_s), u"none"_s);
        QVERIFY(d->info().compressionRatio() > 4);
        QVERIFY(d->findChild<QLabel *>(u"storageStatus"_s)->text().contains(u"Compacted"_s));
        d->close();
        window->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(listSettled(), 10000);
        QCOMPARE(list()->rowCount(), rows);
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
