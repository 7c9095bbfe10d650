// The compensation scheduler prepares exactly the NextRetry aggregates, in batches.

#include "builtin/builtin_engine.h"
#include "categories.h"
#include "compensation_scheduler.h"
#include "engine_harness.h"

#include <QSignalSpy>
#include <QTest>

#include "test_clock.h"
#include "test_printers.h"

using namespace wci;
using namespace wci::testing;
using namespace wci::test;
using namespace Qt::StringLiterals;

namespace {

CreateExecutionFailed createBody(RetrySpec spec)
{
    CreateExecutionFailed c;
    c.eventId = {u"ev"_s, {u"order-service"_s, u"order"_s, u"o1"_s, u"(0)"_s}, 1};
    c.function = {FunctionKind::Event, u"order-service"_s, u"OrderSaga"_s, u"onOrderCreated"_s};
    c.error = {u"IllegalState"_s, u"boom"_s, u"trace"_s, {}};
    c.executeAt = kNow;
    c.retrySpec = spec;
    return c;
}
} // namespace

class TestScheduler : public QObject {
    Q_OBJECT

private slots:
    void preparesDueFailuresOnly()
    {
        auto harness = makeHarness();
        std::atomic<qint64> now{kNow};
        Engine *engine = harness->create([&] { return now.load(); });
        auto create = [&](const QString &id, RetrySpec spec) {
            CommandOptions o;
            o.aggregateId = id;
            QVERIFY(std::holds_alternative<CommandResult>(outcome(engine->execute(Command{{}, {}, createBody(spec)}, o))));
        };
        create(u"due-1"_s, {3, 10, 60});       // next retry at T0+10s
        create(u"due-2"_s, {3, 10, 60});
        create(u"later"_s, {3, 3600, 60});     // next retry at T0+1h
        create(u"exhausted"_s, {0, 10, 60});   // no retries allowed
        create(u"unrecoverable"_s, {3, 10, 60});
        QVERIFY(std::holds_alternative<CommandResult>(
            outcome(engine->execute(Command{u"unrecoverable"_s, {}, MarkRecoverable{RecoverableType::Unrecoverable}}, {}))));

        CompensationScheduler scheduler(engine);
        scheduler.setClock([&] { return now.load(); }); // the test's clock, also behind a remote engine
        scheduler.setBatchSize(1);
        QSignalSpy rounds(&scheduler, &CompensationScheduler::roundFinished);
        now = kNow + 60000;
        QVERIFY(testing::waitForFinished(scheduler.runOnce()));
        QCOMPARE(rounds.count(), 1);
        QCOMPARE(rounds.at(0).at(0).toInt(), 1); // batch of one
        QVERIFY(testing::waitForFinished(scheduler.runOnce()));
        QCOMPARE(rounds.at(1).at(0).toInt(), 1);
        QVERIFY(testing::waitForFinished(scheduler.runOnce()));
        QCOMPARE(rounds.at(2).at(0).toInt(), 0); // nothing else is due
        for (const auto &id : {u"due-1"_s, u"due-2"_s}) {
            const auto s = std::get<ExecutionFailedState>(outcome(engine->loadState(id)));
            QCOMPARE(s.status, ExecutionFailedStatus::Prepared);
            QCOMPARE(s.retryState.retries, 1);
        }
        for (const auto &id : {u"later"_s, u"exhausted"_s, u"unrecoverable"_s})
            QCOMPARE(std::get<ExecutionFailedState>(outcome(engine->loadState(id))).status, ExecutionFailedStatus::Failed);
        const auto stream = std::get<QList<Document>>(outcome(engine->loadEventStreams(u"due-1"_s, 2, 2)));
        // A Wow 9.2.3+ server takes the operator from its own sign-in, never from a client header.
        QCOMPARE(stream.first().as<DomainEventStream>()->header.value(u"command_operator"_s),
                 harness->reservedHeadersRefused() ? QString() : u"compensation-scheduler"_s);

        // Started, it runs by itself on its period.
        now = kNow + 3600000 + 1000; // "later" is due; due-1/2 timed out and due again
        scheduler.setBatchSize(100);
        scheduler.setPeriod(50);
        scheduler.start();
        QTRY_VERIFY_WITH_TIMEOUT(rounds.count() >= 4, 5000);
        scheduler.stop();
        QCOMPARE(std::get<ExecutionFailedState>(outcome(engine->loadState(u"later"_s))).status, ExecutionFailedStatus::Prepared);
        QCOMPARE(std::get<qint64>(outcome(engine->countSnapshots(categoryCondition(FailureCategory::NextRetry, now)))), 0);
        harness->destroy();
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
