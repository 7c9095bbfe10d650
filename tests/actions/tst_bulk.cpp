// Bulk runs on a few thousand failures: the pre-check counts what will run and what is skipped
// (checked against the engine's own counts), Cancel midway leaves a correct report, nothing is
// sent twice, the engine's refusals are reported per item, "retry the failed ones" works, and
// the audit log has one entry per item.

#include "action_test_support.h"
#include "audit_log.h"
#include "bulk_run.h"

#include <QSignalSpy>
#include <QTest>

#include "test_printers.h"
#include "test_wait.h"

using namespace wci;
using namespace wci::testing;
using namespace Qt::StringLiterals;

class TestBulk : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::unique_ptr<SeededDatabase> seeded;

private slots:
    void initTestCase()
    {
        seeded = std::make_unique<SeededDatabase>(dir, 3000, 9);
        QVERIFY(seeded->ok());
    }

    void precheckCancelAndNothingTwice()
    {
        auto engine = SeededDatabase::open(seeded->copy());
        auto audit = std::move(AuditLog::open(dir.filePath(u"audit1.db"_s))).value();
        const QList<Snapshot> before = allSnapshots(*engine, Condition::all());
        QVERIFY(before.size() > 2500);
        QStringList ids;
        QHash<QString, int> versionBefore;
        for (const auto &s : before) {
            ids.append(s.aggregateId);
            versionBefore.insert(s.aggregateId, s.version);
        }
        ids.append(u"no-such-failure"_s);

        BulkSpec spec;
        spec.action = ActionKind::Prepare;
        spec.reason = u"incident 7"_s;
        spec.operatorName = u"bob"_s;
        spec.maxInFlight = 4;
        BulkRun run(engine.get(), spec, ids);
        AuditEntry base;
        base.engine = u"built-in"_s;
        base.location = u"copy.db"_s;
        run.setAudit(audit.get(), base);
        QSignalSpy prechecked(&run, &BulkRun::prechecked);
        run.precheck();
        QVERIFY(waitFor([&] { return run.isPrechecked(); }));

        // Prepare runs on what can retry: the To retry category plus the unrecoverable ones that
        // could retry (the category leaves those out; the command does not).
        const Condition failedOrTimedOut = Condition::or_(
            {Condition::eq(u"state.status"_s, u"FAILED"_s),
             Condition::and_({Condition::eq(u"state.status"_s, u"PREPARED"_s),
                              Condition::leaf(u"state.retryState.timeoutAt"_s, Operator::Lt, QJsonValue(double(kNow)))})});
        const qint64 canRetry = await(engine->countSnapshots(
            Condition::and_({Condition::eq(u"state.isBelowRetryThreshold"_s, true), failedOrTimedOut})));
        QCOMPARE(qint64(run.toRun()), canRetry);
        QCOMPARE(run.skipped(), int(ids.size()) - run.toRun());
        const auto reasons = run.skipReasons();
        QCOMPARE(reasons.value(u"Not found."_s), 1);
        QVERIFY(reasons.value(u"Already succeeded — nothing to retry."_s) > 0);

        // Run, cancel after 200 have finished.
        QSignalSpy finished(&run, &BulkRun::finished);
        run.start();
        QVERIFY(waitFor([&] { return run.count(BulkItem::State::Succeeded) + run.count(BulkItem::State::Failed) >= 200; }));
        run.cancel();
        QVERIFY(waitFor([&] { return finished.count() == 1; }));
        QCOMPARE(finished.count(), 1);
        const int succeeded = run.count(BulkItem::State::Succeeded);
        const int failed = run.count(BulkItem::State::Failed);
        const int cancelled = run.count(BulkItem::State::Cancelled);
        QVERIFY(succeeded >= 200);
        QCOMPARE(failed, 0);
        QVERIFY(cancelled > 0);
        QCOMPARE(run.count(BulkItem::State::Pending) + run.count(BulkItem::State::Running), 0);
        QCOMPARE(succeeded + failed + cancelled + run.skipped(), int(ids.size()));
        QCOMPARE(run.sent(), succeeded + failed);

        // Nothing sent twice: every succeeded item is exactly one version further, every other
        // item is where it was.
        for (const auto &s : allSnapshots(*engine, Condition::all())) {
            const BulkItem &item = run.items()[int(ids.indexOf(s.aggregateId))];
            const int expected = versionBefore.value(s.aggregateId) + (item.state == BulkItem::State::Succeeded ? 1 : 0);
            QVERIFY2(s.version == expected, qPrintable(s.aggregateId + u" "_s + bulkStateName(item.state)));
            if (item.state == BulkItem::State::Succeeded)
                QCOMPARE(s.state.status, ExecutionFailedStatus::Prepared);
        }
        // The prepare streams carry the operator and the reason.
        const BulkItem &sentOne = *std::find_if(run.items().begin(), run.items().end(),
                                               [](const BulkItem &i) { return i.state == BulkItem::State::Succeeded; });
        const auto streams = await(engine->loadEventStreams(sentOne.id, 1, 1000));
        const auto last = *streams.last().as<DomainEventStream>();
        QCOMPARE(last.requestId, sentOne.requestId);
        QCOMPARE(last.header.value(u"command_operator"_s), u"bob"_s);
        QCOMPARE(last.header.value(u"reason"_s), u"incident 7"_s);

        // One audit entry per item, with its outcome.
        const auto entries = audit->list(AuditFilter{{}, {}, {}, {}, 100000});
        QCOMPARE(entries.size(), ids.size());
        QSet<QString> targets;
        for (const auto &e : entries) {
            targets.insert(e.target);
            const BulkItem &item = run.items()[int(ids.indexOf(e.target))];
            QCOMPARE(e.outcome, bulkStateName(item.state));
            QCOMPARE(e.operatorName, u"bob"_s);
            QCOMPARE(e.reason, u"incident 7"_s);
            QCOMPARE(e.action, u"Retry"_s);
        }
        QCOMPARE(targets.size(), ids.size());
        // The report lists every item.
        QCOMPARE(run.reportCsv().split(u"\r\n"_s, Qt::SkipEmptyParts).size(), ids.size() + 1);
    }

    void recoverDeletedOnes()
    {
        // Deleted failures are found for the pre-check although Wow's queries hide them.
        auto engine = SeededDatabase::open(seeded->copy());
        QStringList ids;
        for (const auto &s : allSnapshots(*engine, Condition::deleted(DeletionState::Deleted)))
            ids.append(s.aggregateId);
        QVERIFY(ids.size() >= 20);
        const QList<Snapshot> live = allSnapshots(*engine, Condition::all()).mid(0, 3);
        for (const auto &s : live)
            ids.append(s.aggregateId);
        BulkSpec spec;
        spec.action = ActionKind::Recover;
        BulkRun run(engine.get(), spec, ids);
        run.precheck();
        QVERIFY(waitFor([&] { return run.isPrechecked(); }));
        QCOMPARE(run.toRun(), int(ids.size()) - 3);
        QCOMPARE(run.skipReasons().value(u"Not deleted — nothing to recover."_s), 3);
        run.start();
        QVERIFY(waitFor([&] { return !run.isRunning() && run.count(BulkItem::State::Succeeded) == run.sent(); }));
        QCOMPARE(run.count(BulkItem::State::Succeeded), int(ids.size()) - 3);
        QCOMPARE(await(engine->countSnapshots(Condition::deleted(DeletionState::Deleted))), qint64(0));
    }

    void refusalsAreReportedAndRetriedFailedOnesAreCheckedAgain()
    {
        auto engine = SeededDatabase::open(seeded->copy());
        QList<Snapshot> candidates;
        for (const auto &s : allSnapshots(*engine, Condition::eq(u"state.recoverable"_s, u"UNKNOWN"_s)))
            candidates.append(s);
        QVERIFY(candidates.size() >= 60);
        candidates = candidates.mid(0, 60);
        QStringList ids;
        for (const auto &s : candidates)
            ids.append(s.aggregateId);
        BulkSpec spec;
        spec.action = ActionKind::MarkRecoverable;
        spec.body = [](const Snapshot &) -> CommandBody { return MarkRecoverable{RecoverableType::Unrecoverable}; };
        BulkRun run(engine.get(), spec, ids);
        run.precheck();
        QVERIFY(waitFor([&] { return run.isPrechecked(); }));
        QCOMPARE(run.toRun(), 60);
        // Someone else marks ten of them between the check and the run: the engine refuses those.
        for (int i = 0; i < 10; ++i)
            QVERIFY(await(engine->execute(Command{ids[i], {}, MarkRecoverable{RecoverableType::Unrecoverable}}, {})).succeeded());
        run.start();
        QVERIFY(waitFor([&] { return !run.isRunning(); }));
        QCOMPARE(run.count(BulkItem::State::Succeeded), 50);
        QCOMPARE(run.count(BulkItem::State::Failed), 10);
        for (const auto &item : run.items()) {
            if (item.state == BulkItem::State::Failed) {
                QVERIFY(ids.indexOf(item.id) < 10);
                QCOMPARE(item.errorCode, u"IllegalArgument"_s);
                QCOMPARE(item.message, u"ExecutionFailed recoverable is already marked to UNRECOVERABLE."_s);
            }
        }
        // Retry the failed ones: checked again, so all ten are skipped now and nothing is sent.
        BulkRun again(engine.get(), spec, run.idsIn(BulkItem::State::Failed));
        again.precheck();
        QVERIFY(waitFor([&] { return again.isPrechecked(); }));
        QCOMPARE(again.toRun(), 0);
        QCOMPARE(again.skipped(), 10);
        again.start();
        QVERIFY(waitFor([&] { return !again.isRunning(); }));
        QCOMPARE(again.sent(), 0);
    }
};

QTEST_GUILESS_MAIN(TestBulk)
#include "tst_bulk.moc"
