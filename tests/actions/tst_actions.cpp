// Action availability is the engine's own verdict: for every per-failure command and a spread
// of failures, "enabled" exactly when the engine accepts the command, with a reason otherwise.
// The retry-spec preview is what the engine then does.

#include "action_rules.h"
#include "action_test_support.h"

#include <QTest>

#include "test_printers.h"

using namespace wci;
using namespace wci::testing;
using namespace Qt::StringLiterals;

class TestActions : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::unique_ptr<SeededDatabase> seeded;

private slots:
    void initTestCase()
    {
        seeded = std::make_unique<SeededDatabase>(dir, 240, 17);
        QVERIFY(seeded->ok());
    }

    void availabilityIsTheEnginesVerdict_data()
    {
        QTest::addColumn<int>("kind");
        for (const auto &a : allActions()) {
            if (a.command)
                QTest::newRow(qPrintable(a.title)) << int(a.kind);
        }
    }

    void availabilityIsTheEnginesVerdict()
    {
        QFETCH(int, kind);
        const auto action = ActionKind(kind);
        auto engine = SeededDatabase::open(seeded->copy());
        const QList<Snapshot> all = allSnapshots(*engine);
        QVERIFY(all.size() >= 240);
        int enabled = 0, disabled = 0;
        for (const Snapshot &s : all) {
            const Availability a = availability(action, s, kNow, false);
            QCOMPARE(a.enabled, a.reason.isEmpty());
            Command c;
            c.aggregateId = s.aggregateId;
            c.body = *probeBody(action, s, kNow);
            bool accepted = false;
            QString error;
            try {
                const CommandResult r = await(engine->execute(c, CommandOptions{}));
                accepted = r.succeeded();
                error = r.errorMsg;
            } catch (const EngineError &e) {
                error = e.errorMsg;
            }
            QVERIFY2(a.enabled == accepted, qPrintable(s.aggregateId + u": "_s + a.reason + u" / engine: "_s + error));
            (a.enabled ? enabled : disabled)++;
            // Read-only disables every write, with the reason.
            const Availability ro = availability(action, s, kNow, true);
            QVERIFY(!ro.enabled);
            QCOMPARE(ro.reason, u"Read-only connection."_s);
        }
        QVERIFY(enabled > 0);
        if (action != ActionKind::ApplyRetrySpec && action != ActionKind::Delete)
            QVERIFY(disabled > 0); // the data has cases on both sides
    }

    void reasonsSayWhatToDo()
    {
        Snapshot s;
        s.aggregateId = u"a"_s;
        s.version = 5;
        s.state.retrySpec = {10, 180, 120};
        s.state.retryState = {10, kNow - 600000, kNow - 480000, kNow - 1000};
        QCOMPARE(availability(ActionKind::Prepare, s, kNow, false).reason,
                 u"Retry limit reached: 10 / 10 — use Force retry or raise the limit."_s);
        QVERIFY(availability(ActionKind::ForcePrepare, s, kNow, false).enabled);
        QVERIFY(availability(ActionKind::MarkSucceeded, s, kNow, false).reason.startsWith(u"Only a prepared attempt"_s));
        s.state.status = ExecutionFailedStatus::Prepared;
        s.state.retryState.timeoutAt = kNow + 60000;
        QCOMPARE(availability(ActionKind::ForcePrepare, s, kNow, false).reason, u"An attempt is running — it times out in 1m."_s);
        QVERIFY(availability(ActionKind::MarkSucceeded, s, kNow, false).enabled);
        s.deleted = true;
        QCOMPARE(availability(ActionKind::MarkSucceeded, s, kNow, false).reason, u"Deleted — recover it first."_s);
        QVERIFY(availability(ActionKind::Recover, s, kNow, false).enabled);
        QCOMPARE(availability(ActionKind::Compensate, s, kNow, false).reason, u"Deleted — recover it first."_s);
        QVERIFY(globalAvailability(ActionKind::Metadata, true).enabled); // reading is fine read-only
        QVERIFY(!globalAvailability(ActionKind::ResendStateEvents, true).enabled);
        // A concrete form value the decider refuses.
        s.deleted = false;
        s.state.recoverable = RecoverableType::Unrecoverable;
        QCOMPARE(checkCommand(s, MarkRecoverable{RecoverableType::Unrecoverable}, kNow).reason,
                 u"ExecutionFailed recoverable is already marked to UNRECOVERABLE."_s);
        QVERIFY(!checkCommand(s, ApplyRetrySpec{100, 180, 120}, kNow).enabled); // overflows Wow's maths
    }

    void retryPreviewIsWhatTheEngineDoes()
    {
        qint64 now = kNow;
        auto engine = SeededDatabase::open(seeded->copy(), [&now] { return now; });
        // A failure that can retry: FAILED, below its limit.
        Snapshot target;
        for (const Snapshot &s : allSnapshots(*engine, Condition::eq(u"state.status"_s, u"FAILED"_s))) {
            if (s.state.retryState.retries < 3 && s.state.recoverable != RecoverableType::Unrecoverable) {
                target = s;
                break;
            }
        }
        QVERIFY(!target.aggregateId.isEmpty());
        const RetrySpec spec{target.state.retryState.retries + 4, 60, 30};
        Command apply{target.aggregateId, {}, ApplyRetrySpec{spec.maxRetries, spec.minBackoff, spec.executionTimeout}};
        QVERIFY(await(engine->execute(apply, {})).succeeded());
        const ExecutionFailedState afterSpec = await(engine->loadState(target.aggregateId));
        const auto schedule = retrySchedule(spec, afterSpec.retryState, now);
        QCOMPARE(schedule.size(), 4);
        QCOMPARE(schedule.front().first, target.state.retryState.retries + 1);
        // The scheduler's way: retry when due, fail at once; each next due time is the preview's.
        for (int i = 0; i < schedule.size(); ++i) {
            now = schedule[i].second;
            QVERIFY(await(engine->execute(Command{target.aggregateId, {}, PrepareCompensation{}}, {})).succeeded());
            ApplyExecutionFailed failed;
            failed.error = {u"Boom"_s, u"again"_s, {}, {}};
            failed.executeAt = now;
            QVERIFY(await(engine->execute(Command{target.aggregateId, {}, failed}, {})).succeeded());
            const ExecutionFailedState st = await(engine->loadState(target.aggregateId));
            QCOMPARE(st.retryState.retries, schedule[i].first);
            if (i + 1 < schedule.size())
                QCOMPARE(st.retryState.nextRetryAt, schedule[i + 1].second);
        }
        QVERIFY(retrySchedule(RetrySpec{100, 180, 120}, afterSpec.retryState, now).isEmpty()); // invalid spec
    }
};

QTEST_GUILESS_MAIN(TestActions)
#include "tst_actions.moc"
