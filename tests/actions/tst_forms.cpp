// The command forms in the window, driven offscreen: valid input runs the command and the
// list and details show the new state; invalid input keeps Run disabled with the reason; a
// command the engine rejects shows its error and changes nothing; bulk from a selection;
// read-only mode. With WCI_SCREENSHOT_DIR set it also saves the retry-spec form and a bulk
// report as PNGs.

#include "action_controller.h"
#include "action_test_support.h"
#include "app_settings.h"
#include "audit_model.h"
#include "batch_operation_dialog.h"
#include "bulk_dialog.h"
#include "command_dialog.h"
#include "compensate_dialog.h"
#include "details_pane.h"
#include "failure_list_model.h"
#include "failure_text.h"
#include "info_dialog.h"
#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QTimer>
#include <QInputDialog>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

#include "window_parts.h"
#include "test_printers.h"
#include "test_wait.h"

using namespace wci;
using namespace wci::testing;
using namespace Qt::StringLiterals;

class TestForms : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::unique_ptr<SeededDatabase> seeded;
    std::unique_ptr<QSettings> settings;
    MemorySecretStore secrets;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<MainWindow> window;
    QPointer<QWidget> lastDialog;

    Engine *engine() const { return window->engine(); }
    FailureListModel *list() const { return failureList(window.get()); }
    bool settled() const { return list()->hasResult() && !list()->isLoading(); }

    // Shows All and selects the first row whose snapshot passes `pick`; returns it.
    std::optional<Snapshot> selectWhere(const std::function<bool(const Snapshot &)> &pick,
                                        FailureCategory category = FailureCategory::All)
    {
        window->setCategory(category);
        if (!waitFor([&] { return settled() && list()->condition() == categoryCondition(category, kNow); }))
            return std::nullopt;
        for (int r = 0; r < list()->rowCount(); ++r) {
            const QModelIndex i = list()->index(r, 1);
            if (!waitFor([&] { return list()->data(i, FailureListModel::LoadedRole).toBool(); }))
                return std::nullopt;
            const auto s = list()->snapshotAt(r);
            if (s && pick(*s)) {
                failureTable(window.get())->scrollTo(i);
                failureTable(window.get())->selectRow(r);
                if (!waitFor([&] { return detailsPane(window.get())->snapshot() && detailsPane(window.get())->snapshot()->aggregateId == s->aggregateId; }))
                    return std::nullopt;
                return s;
            }
        }
        return std::nullopt;
    }

    template <typename D>
    D *openDialog(ActionKind kind)
    {
        lastDialog = nullptr;
        window->actions()->action(kind)->trigger();
        waitFor([&] { return lastDialog != nullptr; }, 5000);
        return qobject_cast<D *>(lastDialog.data());
    }

    void screenshot(QWidget *w, const QString &name)
    {
        const QString out = qEnvironmentVariable("WCI_SCREENSHOT_DIR");
        if (out.isEmpty())
            return;
        QDir().mkpath(out);
        QVERIFY(w->grab().save(QDir(out).filePath(name)));
    }

private slots:
    void initTestCase()
    {
        seeded = std::make_unique<SeededDatabase>(dir, 400, 23);
        QVERIFY(seeded->ok());
    }

    void init()
    {
        settings = std::make_unique<QSettings>(dir.filePath(u"forms.ini"_s), QSettings::IniFormat);
        settings->clear();
        AppSettings(settings.get()).setOperatorName(u"tester"_s); // asked once already
        audit = std::move(AuditLog::open(dir.filePath(u"audit-%1.db"_s.arg(QString::fromLatin1(QTest::currentTestFunction()))))).value();
        window = std::make_unique<MainWindow>(settings.get(), &secrets, audit.get());
        window->resize(1400, 900);
        const QString path = seeded->copy();
        window->setConnection(builtinConnection(path));
        connect(window->actions(), &ActionController::dialogOpened, this, [this](QWidget *d) { lastDialog = d; });
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY(waitFor([&] { return settled(); }));
    }

    void cleanup()
    {
        for (auto *w : QApplication::topLevelWidgets()) {
            if (w != window.get() && qobject_cast<QDialog *>(w))
                w->close();
        }
        window.reset();
        audit.reset();
    }

    void retrySpecFormRunsAndShowsTheNewState()
    {
        const auto s = selectWhere([](const Snapshot &x) {
            return !x.deleted && x.state.status == ExecutionFailedStatus::Failed && x.state.retryState.retries < 3;
        });
        QVERIFY(s);
        auto *d = openDialog<CommandDialog>(ActionKind::ApplyRetrySpec);
        QVERIFY(d);
        // Prefilled with the current spec; the preview is the schedule that spec gives.
        QCOMPARE(d->maxRetriesBox()->value(), s->state.retrySpec.maxRetries);
        // Invalid: Wow's maths overflow at 63 retries and more.
        d->maxRetriesBox()->setValue(100);
        QVERIFY(!d->runButton()->isEnabled());
        QVERIFY(!d->hintLabel()->text().isEmpty());
        // Valid.
        d->maxRetriesBox()->setValue(s->state.retryState.retries + 5);
        d->minBackoffBox()->setValue(90);
        d->timeoutBox()->setValue(45);
        QVERIFY(d->runButton()->isEnabled());
        QCOMPARE(d->hintLabel()->text(), QString());
        const auto schedule = retrySchedule(RetrySpec{s->state.retryState.retries + 5, 90, 45}, s->state.retryState, kNow);
        QCOMPARE(d->schedulePreview()->rowCount(), int(schedule.size()));
        QCOMPARE(d->schedulePreview()->item(0, 1)->text(), formatDateTime(schedule[0].second, false));
        QTest::keyClicks(d->reasonEdit(), u"slow downstream"_s);
        screenshot(d, u"retry-spec-form.png"_s);
        QTest::mouseClick(d->runButton(), Qt::LeftButton);
        QVERIFY(waitFor([&] { return d->result().has_value(); }));
        QVERIFY2(d->result()->succeeded(), qPrintable(d->resultText()));
        QVERIFY(d->resultText().contains(u"now at version %1"_s.arg(s->version + 1)));
        // The engine has it, and the window shows it after its refresh.
        const ExecutionFailedState st = await(engine()->loadState(s->aggregateId));
        QCOMPARE(st.retrySpec, (RetrySpec{s->state.retryState.retries + 5, 90, 45}));
        QVERIFY(waitFor([&] {
            return detailsPane(window.get())->snapshot() && detailsPane(window.get())->snapshot()->version == s->version + 1;
        }));
        QVERIFY(detailsPane(window.get())->valueLabel(u"retrySpec"_s)->text().contains(u"backoff from 90 s"_s));
        QVERIFY(waitFor([&] {
            const int row = list()->rowOf(s->aggregateId);
            return row >= 0 && list()->snapshotAt(row)->state.retrySpec.minBackoff == 90;
        }));
        // Audited, with the reason.
        const auto entries = audit->list();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().outcome, u"succeeded"_s);
        QCOMPARE(entries.first().reason, u"slow downstream"_s);
        QCOMPARE(entries.first().command, u"ApplyRetrySpec"_s);
        QCOMPARE(entries.first().target, s->aggregateId);
    }

    // The audit trail used to say "unknown" until someone found Actions › Set operator name, bulk
    // runs had no reason, and a changed retry spec did not say what it was before. Now the first
    // action asks for the name once (prefilled from the OS account), a team can require a
    // reason for bulk runs, and the audit row says old → new.
    void auditRecordsWhoWhyAndWhatChanged()
    {
        AppSettings app(settings.get());
        app.setOperatorName({});
        app.setOperatorAsked(false);
        int prompts = 0;
        QString prefilled;
        QTimer answer;
        answer.setInterval(20);
        connect(&answer, &QTimer::timeout, this, [&] {
            if (auto *input = qobject_cast<QInputDialog *>(QApplication::activeModalWidget())) {
                ++prompts;
                prefilled = input->textValue();
                input->setTextValue(u"Ada Lovelace"_s);
                input->accept();
            }
        });
        answer.start();

        // The first action asks who acts; the answer is kept.
        const auto s = selectWhere([](const Snapshot &x) { return !x.deleted && x.state.recoverable == RecoverableType::Recoverable; });
        QVERIFY(s);
        auto *mark = openDialog<CommandDialog>(ActionKind::MarkRecoverable);
        QVERIFY(mark);
        QCOMPARE(prompts, 1);
        QCOMPARE(prefilled, defaultOperatorName());
        QCOMPARE(app.operatorName(), u"Ada Lovelace"_s);
        mark->recoverableBox()->setCurrentText(u"UNRECOVERABLE"_s);
        QTest::mouseClick(mark->runButton(), Qt::LeftButton);
        QVERIFY(waitFor([&] { return mark->result().has_value(); }));
        QVERIFY2(mark->result()->succeeded(), qPrintable(mark->resultText()));
        mark->close();
        auto entries = audit->list();
        QCOMPARE(entries.first().operatorName, u"Ada Lovelace"_s);
        QCOMPARE(entries.first().change, u"recoverable RECOVERABLE → UNRECOVERABLE"_s);
        QCOMPARE(await(engine()->tracing(s->aggregateId, TracingRange{})).last().header.value(u"command_operator"_s),
                 u"Ada Lovelace"_s);

        // Apply retry spec: old → new values.
        const auto t = selectWhere([](const Snapshot &x) { return !x.deleted && x.state.status == ExecutionFailedStatus::Failed
                                                                   && x.state.recoverable != RecoverableType::Unrecoverable; });
        QVERIFY(t);
        auto *spec = openDialog<CommandDialog>(ActionKind::ApplyRetrySpec);
        QVERIFY(spec);
        QCOMPARE(prompts, 1); // asked once only
        const RetrySpec old = t->state.retrySpec;
        spec->maxRetriesBox()->setValue(t->state.retryState.retries + 7);
        QTest::mouseClick(spec->runButton(), Qt::LeftButton);
        QVERIFY(waitFor([&] { return spec->result().has_value(); }));
        spec->close();
        entries = audit->list();
        QCOMPARE(entries.first().change, u"maxRetries %1 → %2, minBackoff %3 → %3 s, executionTimeout %4 → %4 s"_s
                                             .arg(old.maxRetries).arg(t->state.retryState.retries + 7)
                                             .arg(old.minBackoff).arg(old.executionTimeout));
        QVERIFY(auditCsv(entries).contains(u"maxRetries"_s));

        // A team that requires a reason for bulk runs: Run waits for one, and every item has it.
        app.setRequireBulkReason(true);
        window->setCategory(FailureCategory::ToRetry);
        QVERIFY(waitFor([&] { return settled() && list()->condition() == categoryCondition(FailureCategory::ToRetry, kNow); }));
        for (int r = 0; r < 3; ++r)
            failureTable(window.get())->selectionModel()->select(list()->index(r, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        auto *bulk = openDialog<BulkDialog>(ActionKind::Prepare);
        QVERIFY(bulk);
        QVERIFY(waitFor([&] { return bulk->run()->isPrechecked(); }));
        QVERIFY(bulk->run()->toRun() > 0);
        QVERIFY(!bulk->runButton()->isEnabled());
        QVERIFY(bulk->findChild<QLabel *>(u"bulkReasonHint"_s)->text().contains(u"reason"_s));
        QTest::keyClicks(bulk->reasonEdit(), u"ticket OPS-42"_s);
        QVERIFY(bulk->runButton()->isEnabled());
        const int ran = bulk->run()->toRun();
        QTest::mouseClick(bulk->runButton(), Qt::LeftButton);
        QVERIFY(waitFor([&] { return bulk->report()->isVisible(); }));
        entries = audit->list();
        for (int i = 0; i < ran; ++i) {
            QCOMPARE(entries.at(i).reason, u"ticket OPS-42"_s);
            QCOMPARE(entries.at(i).operatorName, u"Ada Lovelace"_s);
        }
        bulk->close();
    }

    void invalidInputKeepsRunDisabledWithTheReason()
    {
        const auto s = selectWhere([](const Snapshot &x) { return !x.deleted && x.state.recoverable == RecoverableType::Unknown; });
        QVERIFY(s);
        auto *mark = openDialog<CommandDialog>(ActionKind::MarkRecoverable);
        QVERIFY(mark);
        mark->recoverableBox()->setCurrentText(u"UNKNOWN"_s);
        QVERIFY(!mark->runButton()->isEnabled());
        QCOMPARE(mark->hintLabel()->text(), u"ExecutionFailed recoverable is already marked to UNKNOWN."_s);
        mark->recoverableBox()->setCurrentText(u"RECOVERABLE"_s);
        QVERIFY(mark->runButton()->isEnabled());
        mark->close();

        auto *change = openDialog<CommandDialog>(ActionKind::ChangeFunction);
        QVERIFY(change);
        QVERIFY(!change->runButton()->isEnabled()); // prefilled with the current function
        QVERIFY(change->hintLabel()->text().startsWith(u"ExecutionFailed function is already changed to"_s));
        change->processorBox()->setCurrentText(QString());
        QCOMPARE(change->hintLabel()->text(), u"Context, processor and function are all needed."_s);
        change->processorBox()->setCurrentText(u"OtherProcessor"_s);
        QVERIFY(change->runButton()->isEnabled());
        change->close();

        // Disabled actions say why, in the tooltip and in the details pane.
        const auto limit = selectWhere([](const Snapshot &x) {
            return !x.deleted && x.state.status == ExecutionFailedStatus::Failed && !x.state.isBelowRetryThreshold();
        });
        QVERIFY(limit);
        QAction *retry = window->actions()->action(ActionKind::Prepare);
        QVERIFY(!retry->isEnabled());
        QVERIFY(retry->toolTip().contains(u"Retry limit reached: %1 / %2 — use Force retry or raise the limit."_s
                                              .arg(limit->state.retryState.retries)
                                              .arg(limit->state.retrySpec.maxRetries)));
        QVERIFY(window->actions()->reasonsLabel()->text().contains(u"Retry limit reached"_s));
        QVERIFY(window->actions()->action(ActionKind::ForcePrepare)->isEnabled());
        QVERIFY(audit->list().isEmpty()); // nothing ran
    }

    void rejectedCommandShowsTheErrorAndChangesNothing()
    {
        const auto s = selectWhere([](const Snapshot &x) { return !x.deleted && x.state.recoverable == RecoverableType::Unknown; });
        QVERIFY(s);
        auto *d = openDialog<CommandDialog>(ActionKind::MarkRecoverable);
        QVERIFY(d);
        d->recoverableBox()->setCurrentText(u"UNRECOVERABLE"_s);
        QVERIFY(d->runButton()->isEnabled());
        // Someone else gets there first.
        QVERIFY(await(engine()->execute(Command{s->aggregateId, {}, MarkRecoverable{RecoverableType::Unrecoverable}}, {})).succeeded());
        const Snapshot after = *await(engine()->getSnapshot(s->aggregateId)).as<Snapshot>();
        QTest::mouseClick(d->runButton(), Qt::LeftButton);
        QVERIFY(waitFor([&] { return d->result().has_value(); }));
        QVERIFY(!d->result()->succeeded());
        QVERIFY(d->resultText().contains(u"ExecutionFailed recoverable is already marked to UNRECOVERABLE."_s));
        QCOMPARE(*await(engine()->getSnapshot(s->aggregateId)).as<Snapshot>(), after); // unchanged
        const auto entries = audit->list();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().outcome, u"failed"_s);
        QCOMPARE(entries.first().errorCode, u"IllegalArgument"_s);
    }

    void everyCommandFormRuns_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("retry") << int(ActionKind::Prepare);
        QTest::newRow("force retry") << int(ActionKind::ForcePrepare);
        QTest::newRow("mark succeeded") << int(ActionKind::MarkSucceeded);
        QTest::newRow("mark failed") << int(ActionKind::MarkFailed);
        QTest::newRow("delete") << int(ActionKind::Delete);
        QTest::newRow("recover") << int(ActionKind::Recover);
    }

    void everyCommandFormRuns()
    {
        QFETCH(int, kind);
        const auto action = ActionKind(kind);
        const auto s = selectWhere([&](const Snapshot &x) { return availability(action, x, kNow, false).enabled; },
                                   action == ActionKind::Recover ? FailureCategory::Deleted : FailureCategory::All);
        QVERIFY(s);
        auto *d = openDialog<CommandDialog>(action);
        QVERIFY(d);
        QVERIFY(d->findChild<QLabel *>(u"scope"_s)->text().contains(s->aggregateId));
        QVERIFY(d->runButton()->isEnabled());
        if (action == ActionKind::MarkFailed) {
            // The error code is required.
            const QString code = d->errorCodeEdit()->text();
            d->errorCodeEdit()->clear();
            QVERIFY(!d->runButton()->isEnabled());
            QCOMPARE(d->hintLabel()->text(), u"Enter the error code."_s);
            d->errorCodeEdit()->setText(code);
            QVERIFY(d->runButton()->isEnabled());
        }
        QTest::mouseClick(d->runButton(), Qt::LeftButton);
        QVERIFY(waitFor([&] { return d->result().has_value(); }));
        QVERIFY2(d->result()->succeeded(), qPrintable(d->resultText()));
        const Snapshot now = snapshotOf(*engine(), s->aggregateId);
        QCOMPARE(now.version, s->version + 1);
        if (action == ActionKind::Delete)
            QVERIFY(now.deleted);
        if (action == ActionKind::Recover)
            QVERIFY(!now.deleted);
        if (action == ActionKind::Prepare || action == ActionKind::ForcePrepare)
            QCOMPARE(now.state.status, ExecutionFailedStatus::Prepared);
        if (action == ActionKind::MarkSucceeded)
            QCOMPARE(now.state.status, ExecutionFailedStatus::Succeeded);
        if (action == ActionKind::MarkFailed)
            QCOMPARE(now.state.status, ExecutionFailedStatus::Failed);
    }

    void compensateAndTools()
    {
        const auto s = selectWhere([](const Snapshot &x) { return !x.deleted && x.version >= 2; });
        QVERIFY(s);
        auto *c = openDialog<CompensateDialog>(ActionKind::Compensate);
        QVERIFY(c);
        c->versionBox()->setValue(1);
        QVERIFY(waitFor([&] { return c->runButton()->isEnabled(); }));
        QTest::mouseClick(c->runButton(), Qt::LeftButton);
        QVERIFY(waitFor([&] { return c->delivered().has_value(); }));
        QCOMPARE(*c->delivered(), 1);
        QVERIFY(c->resultLabel()->text().contains(u"delivered"_s));
        c->close();

        auto *meta = openDialog<InfoDialog>(ActionKind::Metadata);
        QVERIFY(meta);
        QVERIFY(waitFor([&] { return meta->text()->toPlainText().contains(u"execution_failed"_s); }));
        meta->close();
        auto *id = openDialog<InfoDialog>(ActionKind::GlobalId);
        QVERIFY(id);
        QVERIFY(waitFor([&] { return id->text()->toPlainText().size() == 15; }));
        id->close();
        auto *bi = openDialog<InfoDialog>(ActionKind::BiScript);
        QVERIFY(bi);
        QVERIFY(waitFor([&] { return bi->text()->toPlainText().contains(u"CREATE"_s); }));
        bi->close();

        auto *batch = openDialog<BatchOperationDialog>(ActionKind::RegenerateAll);
        QVERIFY(batch);
        QTest::mouseClick(batch->startButton(), Qt::LeftButton);
        QVERIFY(waitFor([&] { return batch->isDone(); }, 60000));
        QCOMPARE(batch->processed(), await(engine()->countSnapshots(Condition::deleted(DeletionState::All))));
        QVERIFY(batch->statusLabel()->text().startsWith(u"Done"_s));
        const auto entries = audit->list();
        QCOMPARE(entries.size(), 2); // compensate + regenerate all
    }

    void bulkFromASelection()
    {
        window->setCategory(FailureCategory::ToRetry);
        QVERIFY(waitFor([&] { return settled() && list()->condition() == categoryCondition(FailureCategory::ToRetry, kNow); }));
        QVERIFY(list()->rowCount() >= 6);
        QStringList ids;
        failureTable(window.get())->selectRow(0);
        for (int r = 0; r < 6; ++r) {
            failureTable(window.get())->selectionModel()->select(list()->index(r, 0),
                                                          QItemSelectionModel::Select | QItemSelectionModel::Rows);
            ids.append(list()->data(list()->index(r, 0), FailureListModel::IdRole).toString());
        }
        QCOMPARE(window->selectedSnapshots().size(), 6);
        auto *d = openDialog<BulkDialog>(ActionKind::Prepare);
        QVERIFY(d);
        QVERIFY(waitFor([&] { return d->run()->isPrechecked(); }));
        QCOMPARE(d->run()->toRun(), 6);
        QVERIFY(d->runButton()->isEnabled());
        QTest::mouseClick(d->runButton(), Qt::LeftButton);
        QVERIFY(waitFor([&] { return d->report()->isVisible(); }));
        QCOMPARE(d->report()->rowCount(), 6);
        QCOMPARE(d->run()->count(BulkItem::State::Succeeded), 6);
        for (const auto &id : ids)
            QCOMPARE(await(engine()->loadState(id)).status, ExecutionFailedStatus::Prepared);
        QCOMPARE(audit->list().size(), 6);
        // The list refreshed: those failures left To retry.
        QVERIFY(waitFor([&] { return settled() && list()->rowOf(ids.first()) < 0; }));
    }

    void bulkReportWithSkipsAndRefusals()
    {
        window->setCategory(FailureCategory::All);
        QVERIFY(waitFor([&] { return settled() && list()->condition() == Condition::all(); }));
        for (int r = 0; r < 14; ++r)
            failureTable(window.get())->selectionModel()->select(list()->index(r, 0),
                                                          QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QCOMPARE(window->selectedSnapshots().size(), 14);
        auto *d = openDialog<BulkDialog>(ActionKind::Prepare);
        QVERIFY(d);
        QVERIFY(waitFor([&] { return d->run()->isPrechecked(); }));
        const int toRun = d->run()->toRun();
        QVERIFY(toRun >= 2);
        QVERIFY(d->run()->skipped() >= 1);
        QVERIFY(d->summary()->text().contains(u"will be skipped"_s));
        // Someone else retries one of them first: the engine refuses the bulk's command for it.
        const QString taken = d->run()->idsIn(BulkItem::State::Pending).first();
        QVERIFY(await(engine()->execute(Command{taken, {}, PrepareCompensation{}}, {})).succeeded());
        QTest::mouseClick(d->runButton(), Qt::LeftButton);
        QVERIFY(waitFor([&] { return d->report()->isVisible(); }));
        QCOMPARE(d->run()->count(BulkItem::State::Failed), 1);
        QCOMPARE(d->run()->count(BulkItem::State::Succeeded), toRun - 1);
        QCOMPARE(d->report()->rowCount(), 14);
        QVERIFY(d->retryFailedButton()->isVisible());
        screenshot(d, u"bulk-report.png"_s);
        QCOMPARE(audit->list().size(), 14);
        // Retry the failed ones: a new run, checked again (it is running now, so it is skipped).
        lastDialog = nullptr;
        QTest::mouseClick(d->retryFailedButton(), Qt::LeftButton);
        QVERIFY(waitFor([&] { return lastDialog != nullptr; }));
        auto *again = qobject_cast<BulkDialog *>(lastDialog.data());
        QVERIFY(again);
        QVERIFY(waitFor([&] { return again->run()->isPrechecked(); }));
        QCOMPARE(again->run()->items().size(), 1);
        QCOMPARE(again->run()->items().first().id, taken);
        QCOMPARE(again->run()->toRun(), 0);
        QVERIFY(!again->runButton()->isEnabled());
    }

    void readOnlyModeDisablesEveryAction()
    {
        const auto s = selectWhere([](const Snapshot &x) { return !x.deleted && x.state.status == ExecutionFailedStatus::Failed; });
        QVERIFY(s);
        QVERIFY(window->actions()->action(ActionKind::Delete)->isEnabled());
        readOnlyAction(window.get())->setChecked(true);
        QVERIFY(window->windowTitle().contains(u"(read-only)"_s));
        for (const auto &info : allActions()) {
            QAction *a = window->actions()->action(info.kind);
            QCOMPARE(a->isEnabled(), !info.writes);
        }
        QVERIFY(window->actions()->reasonsLabel()->text().startsWith(u"Read-only"_s));
        window->actions()->action(ActionKind::Delete)->trigger(); // a disabled action does nothing
        QVERIFY(!snapshotOf(*engine(), s->aggregateId).deleted);
        readOnlyAction(window.get())->setChecked(false);
        QVERIFY(window->actions()->action(ActionKind::Delete)->isEnabled());
    }
};

QTEST_MAIN(TestForms)
#include "tst_forms.moc"
