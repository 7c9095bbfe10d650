// Table-driven tests of the execution_failed decider: every rule, message and boundary of
// docs/wire-protocol.md §5 (Wow's ExecutionFailed, ExecutionFailedState, NextRetryAtCalculator,
// SimpleCommandAggregate).

#include "decider.h"

#include <QTest>

#include "test_clock.h"
#include "test_printers.h"

#include <limits>

using namespace wci;
using namespace wci::testing;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMax = std::numeric_limits<qint64>::max();
const QString kId = u"0V3pK1q90001001"_s;

CreateExecutionFailed createBody(std::optional<RetrySpec> spec = std::nullopt, qint64 executeAt = kNow)
{
    CreateExecutionFailed c;
    c.eventId = {u"0V3pJzzz0001001"_s, {u"example-service"_s, u"order"_s, u"0V3pJzzy0001001"_s, u"(0)"_s}, 1};
    c.function = {FunctionKind::Event, u"example-service"_s, u"OrderSaga"_s, u"onOrderCreated"_s};
    c.error = {u"IllegalState"_s, u"Inventory service unavailable"_s, u"java.lang.IllegalStateException"_s, {}};
    c.executeAt = executeAt;
    c.retrySpec = spec;
    return c;
}

Command cmd(CommandBody body, const QString &commandId = u"cmd-1"_s)
{
    return Command{kId, commandId, std::move(body)};
}

// Applies a command the way an engine does: decide, then evolve and bump the version.
Result<ExecutionFailedAggregate> apply(ExecutionFailedAggregate agg, const CommandBody &body, qint64 now,
                                       std::optional<int> expected = std::nullopt)
{
    const auto events = decide(agg, cmd(body), now, expected);
    if (!events)
        return events.error();
    for (const auto &e : *events)
        agg = evolve(agg, e);
    ++agg.version;
    return agg;
}

ExecutionFailedAggregate created(std::optional<RetrySpec> spec = RetrySpec{3, 10, 60})
{
    ExecutionFailedAggregate agg;
    agg.aggregateId = kId;
    auto r = apply(agg, createBody(spec), kNow);
    if (!r)
        qFatal("create failed: %s", qPrintable(r.error().message));
    return r.value();
}

ExecutionFailedAggregate withState(ExecutionFailedStatus status, int retries, int maxRetries, qint64 timeoutAt,
                                   RecoverableType recoverable = RecoverableType::Unknown)
{
    ExecutionFailedAggregate agg = created(RetrySpec{maxRetries, 10, 60});
    agg.state.status = status;
    agg.state.retryState.retries = retries;
    agg.state.retryState.timeoutAt = timeoutAt;
    agg.state.recoverable = recoverable;
    return agg;
}

} // namespace

class TestDecider : public QObject {
    Q_OBJECT

private slots:
    void nextRetryAtMaths_data();
    void nextRetryAtMaths();
    void nextRetryStateTimeout();
    void createDefaultsAndMaths();
    void createValidation_data();
    void createValidation();
    void createOnExistingAggregate();
    void retryPredicates_data();
    void retryPredicates();
    void prepareAndForcePrepare_data();
    void prepareAndForcePrepare();
    void prepareComputesNextWindow();
    void forcePrepareTimeoutBoundary();
    void prepareOverflowBeyondLimit();
    void successAndFailure_data();
    void successAndFailure();
    void applyRetrySpec_data();
    void applyRetrySpec();
    void changeFunction();
    void markRecoverable();
    void deleteAndRecover();
    void notInitialized_data();
    void notInitialized();
    void expectedVersion();
    void evolveReplaysHistory();
};

void TestDecider::nextRetryAtMaths_data()
{
    QTest::addColumn<int>("minBackoff");
    QTest::addColumn<int>("retries");
    QTest::addColumn<qint64>("retryAt");
    QTest::addColumn<qint64>("expected");
    QTest::addColumn<QString>("errorCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("first window") << 180 << 0 << kNow << kNow + 180000 << QString() << QString();
    QTest::newRow("doubles per retry") << 180 << 3 << kNow << kNow + 180LL * 8 * 1000 << QString() << QString();
    QTest::newRow("zero backoff keeps retryAt") << 0 << 62 << kNow << kNow << QString() << QString();
    QTest::newRow("zero backoff even at 1000 retries") << 0 << 1000 << kNow << kNow << QString() << QString();
    QTest::newRow("largest shift that fits") << 1 << 40 << qint64(0) << (qint64(1) << 40) * 1000 << QString() << QString();
    QTest::newRow("retries 63 is out of range")
        << 1 << 63 << qint64(0) << qint64(0) << ErrorCode::BadRequest
        << u"Retry backoff exceeds the supported millisecond range."_s;
    QTest::newRow("seconds overflow") << std::numeric_limits<int>::max() << 62 << qint64(0) << qint64(0)
                                      << ErrorCode::BadRequest << u"long overflow"_s;
    QTest::newRow("millis overflow") << 1 << 60 << qint64(0) << qint64(0) << ErrorCode::BadRequest
                                     << u"long overflow"_s;
    QTest::newRow("add overflow") << 1 << 0 << kMax - 999 << qint64(0) << ErrorCode::BadRequest << u"long overflow"_s;
    QTest::newRow("add just fits") << 1 << 0 << kMax - 1000 << kMax << QString() << QString();
    QTest::newRow("negative backoff") << -1 << 0 << kNow << qint64(0) << ErrorCode::IllegalArgument
                                      << u"minBackoff must be greater than or equal to 0."_s;
    QTest::newRow("negative retries") << 1 << -1 << kNow << qint64(0) << ErrorCode::IllegalArgument
                                      << u"retries must be greater than or equal to 0."_s;
}

void TestDecider::nextRetryAtMaths()
{
    QFETCH(int, minBackoff);
    QFETCH(int, retries);
    QFETCH(qint64, retryAt);
    QFETCH(qint64, expected);
    QFETCH(QString, errorCode);
    QFETCH(QString, message);
    const auto r = nextRetryAt(minBackoff, retries, retryAt);
    if (errorCode.isEmpty()) {
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        QCOMPARE(*r, expected);
    } else {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, errorCode);
        QCOMPARE(r.error().message, message);
    }
}

void TestDecider::nextRetryStateTimeout()
{
    const auto s = nextRetryState(RetrySpec{10, 180, 120}, 2, kNow);
    QVERIFY(s.ok());
    QCOMPARE(s->retries, 2);
    QCOMPARE(s->retryAt, kNow);
    QCOMPARE(s->timeoutAt, kNow + 120000);
    QCOMPARE(s->nextRetryAt, kNow + 180LL * 4 * 1000);
    const auto neg = nextRetryState(RetrySpec{10, 180, -1}, 0, kNow);
    QVERIFY(!neg.ok());
    QCOMPARE(neg.error().message, u"executionTimeout must be greater than or equal to 0."_s);
    const auto late = nextRetryState(RetrySpec{10, 0, std::numeric_limits<int>::max()}, 0, kMax - 1000);
    QVERIFY(!late.ok());
    QCOMPARE(late.error().code, ErrorCode::BadRequest);
}

void TestDecider::createDefaultsAndMaths()
{
    ExecutionFailedAggregate agg;
    agg.aggregateId = kId;
    const auto events = decide(agg, cmd(createBody()), kNow + 5);
    QVERIFY(events.ok());
    QCOMPARE(events->size(), size_t(1));
    const auto &e = std::get<ExecutionFailedCreated>(events->front());
    QCOMPARE(e.retrySpec, (RetrySpec{10, 180, 120})); // the service default
    QCOMPARE(e.retryState, (RetryState{0, kNow, kNow + 120000, kNow + 180000})); // from executeAt, not now
    const auto after = evolve(agg, e);
    QCOMPARE(after.state.status, ExecutionFailedStatus::Failed);
    QCOMPARE(after.state.id, kId);
    QCOMPARE(after.state.recoverable, RecoverableType::Unknown);
    QCOMPARE(after.version, 0); // evolve never bumps the version; the stream does

    const auto explicitSpec = decide(agg, cmd(createBody(RetrySpec{2, 0, 5})), kNow);
    QVERIFY(explicitSpec.ok());
    QCOMPARE(std::get<ExecutionFailedCreated>(explicitSpec->front()).retryState, (RetryState{0, kNow, kNow + 5000, kNow}));
}

void TestDecider::createValidation_data()
{
    QTest::addColumn<RetrySpec>("spec");
    QTest::addColumn<QString>("errorCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("negative maxRetries") << RetrySpec{-1, -1, -1} << ErrorCode::IllegalArgument
                                         << u"maxRetries must be greater than or equal to 0."_s;
    QTest::newRow("negative executionTimeout before minBackoff") << RetrySpec{1, -1, -1} << ErrorCode::IllegalArgument
                                                                 << u"executionTimeout must be greater than or equal to 0."_s;
    QTest::newRow("negative minBackoff") << RetrySpec{1, -5, 0} << ErrorCode::IllegalArgument
                                         << u"minBackoff must be greater than or equal to 0."_s;
    QTest::newRow("maxRetries 63 overflows") << RetrySpec{63, 1, 0} << ErrorCode::BadRequest
                                             << u"Retry backoff exceeds the supported millisecond range."_s;
    QTest::newRow("large backoff overflows") << RetrySpec{50, 100000, 0} << ErrorCode::BadRequest
                                             << u"long overflow"_s;
    QTest::newRow("maxRetries 63 fine without backoff") << RetrySpec{63, 0, 0} << QString() << QString();
    QTest::newRow("zero everything") << RetrySpec{0, 0, 0} << QString() << QString();
}

void TestDecider::createValidation()
{
    QFETCH(RetrySpec, spec);
    QFETCH(QString, errorCode);
    QFETCH(QString, message);
    ExecutionFailedAggregate agg;
    agg.aggregateId = kId;
    const auto r = decide(agg, cmd(createBody(spec)), kNow);
    QCOMPARE(r.ok(), errorCode.isEmpty());
    if (!r.ok()) {
        QCOMPARE(r.error().code, errorCode);
        QCOMPARE(r.error().message, message);
    }
    QCOMPARE(validateRetrySpec(spec).has_value(), !errorCode.isEmpty());
}

void TestDecider::createOnExistingAggregate()
{
    const auto agg = created();
    const auto r = decide(agg, cmd(createBody()), kNow);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::CommandExpectVersionConflict);
    QCOMPARE(r.error().message,
             u"The expected version[0] of the command is inconsistent with the actual version[1]."_s);
    QCOMPARE(httpStatusForErrorCode(r.error().code), 409);
}

void TestDecider::retryPredicates_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("retries");
    QTest::addColumn<int>("maxRetries");
    QTest::addColumn<qint64>("timeoutAt");
    QTest::addColumn<qint64>("nextRetryAt");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<bool>("canForceRetry");
    QTest::addColumn<bool>("canRetry");
    QTest::addColumn<bool>("canNextRetry");
    const int F = int(ExecutionFailedStatus::Failed), P = int(ExecutionFailedStatus::Prepared),
              S = int(ExecutionFailedStatus::Succeeded);
    QTest::newRow("failed, below, due") << F << 1 << 3 << kNow << kNow << kNow << true << true << true;
    QTest::newRow("failed, below, not due") << F << 1 << 3 << kNow << kNow + 1 << kNow << true << true << false;
    QTest::newRow("failed, at limit") << F << 3 << 3 << kNow << kNow << kNow << true << false << false;
    QTest::newRow("failed, over limit") << F << 4 << 3 << kNow << kNow << kNow << true << false << false;
    QTest::newRow("prepared, before timeout") << P << 1 << 3 << kNow + 1 << kNow << kNow << false << false << false;
    QTest::newRow("prepared, at timeout") << P << 1 << 3 << kNow << kNow << kNow << false << false << false;
    QTest::newRow("prepared, after timeout") << P << 1 << 3 << kNow - 1 << kNow << kNow << true << true << true;
    QTest::newRow("succeeded") << S << 0 << 3 << 0LL << 0LL << kNow << false << false << false;
}

void TestDecider::retryPredicates()
{
    QFETCH(int, status);
    QFETCH(int, retries);
    QFETCH(int, maxRetries);
    QFETCH(qint64, timeoutAt);
    QFETCH(qint64, nextRetryAt);
    QFETCH(qint64, now);
    QFETCH(bool, canForceRetry);
    QFETCH(bool, canRetry);
    QFETCH(bool, canNextRetry);
    ExecutionFailedState s;
    s.status = static_cast<ExecutionFailedStatus>(status);
    s.retryState = {retries, 0, timeoutAt, nextRetryAt};
    s.retrySpec.maxRetries = maxRetries;
    QCOMPARE(s.canForceRetry(now), canForceRetry);
    QCOMPARE(s.canRetry(now), canRetry);
    QCOMPARE(s.canNextRetry(now), canNextRetry);
}

void TestDecider::prepareAndForcePrepare_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("retries");
    QTest::addColumn<qint64>("timeoutAt");
    QTest::addColumn<bool>("force");
    QTest::addColumn<QString>("message"); // empty = allowed
    const int F = int(ExecutionFailedStatus::Failed), P = int(ExecutionFailedStatus::Prepared),
              S = int(ExecutionFailedStatus::Succeeded);
    const qint64 now = kNow + 1000000;
    const QString cannotRetry = u"ExecutionFailed can not retry."_s;
    const QString cannotForce = u"ExecutionFailed can not force retry."_s;
    QTest::newRow("prepare failed below limit") << F << 2 << now << false << QString();
    QTest::newRow("prepare failed at limit") << F << 3 << now << false << cannotRetry;
    QTest::newRow("prepare prepared running") << P << 1 << now + 1 << false << cannotRetry;
    QTest::newRow("prepare prepared timed out") << P << 1 << now - 1 << false << QString();
    QTest::newRow("prepare succeeded") << S << 1 << now << false << cannotRetry;
    QTest::newRow("force failed at limit") << F << 3 << now << true << QString();
    QTest::newRow("force failed over limit") << F << 9 << now << true << QString();
    QTest::newRow("force prepared running") << P << 9 << now + 1 << true << cannotForce;
    QTest::newRow("force prepared timed out at limit") << P << 3 << now - 1 << true << QString();
    QTest::newRow("force succeeded") << S << 0 << now << true << cannotForce;
}

void TestDecider::prepareAndForcePrepare()
{
    QFETCH(int, status);
    QFETCH(int, retries);
    QFETCH(qint64, timeoutAt);
    QFETCH(bool, force);
    QFETCH(QString, message);
    const qint64 now = kNow + 1000000;
    const auto agg = withState(static_cast<ExecutionFailedStatus>(status), retries, 3, timeoutAt);
    const CommandBody body = force ? CommandBody(ForcePrepareCompensation{}) : CommandBody(PrepareCompensation{});
    const auto r = apply(agg, body, now);
    if (message.isEmpty()) {
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        QCOMPARE(r->state.status, ExecutionFailedStatus::Prepared);
        QCOMPARE(r->state.retryState.retries, retries + 1);
        QCOMPARE(r->version, agg.version + 1);
    } else {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::IllegalState);
        QCOMPARE(r.error().message, message);
    }
}

void TestDecider::prepareComputesNextWindow()
{
    const auto agg = created(RetrySpec{10, 180, 120}); // retries 0
    const qint64 now = kNow + 777;
    const auto events = decide(agg, cmd(PrepareCompensation{}), now);
    QVERIFY(events.ok());
    const auto &e = std::get<CompensationPrepared>(events->front());
    QCOMPARE(e.retryState.retries, 1);
    QCOMPARE(e.retryState.retryAt, now);
    QCOMPARE(e.retryState.timeoutAt, now + 120000);
    QCOMPARE(e.retryState.nextRetryAt, now + 180LL * 2 * 1000);
    QCOMPARE(e.eventId, agg.state.eventId);
    QCOMPARE(e.function, agg.state.function);
}

void TestDecider::forcePrepareTimeoutBoundary()
{
    // Prepared at kNow with a 60 s timeout: force prepare is refused up to and including
    // timeoutAt, allowed one millisecond later.
    auto agg = apply(created(RetrySpec{3, 10, 60}), PrepareCompensation{}, kNow);
    QVERIFY(agg.ok());
    const qint64 timeoutAt = agg->state.retryState.timeoutAt;
    QCOMPARE(timeoutAt, kNow + 60000);
    for (qint64 now : {kNow, timeoutAt - 1, timeoutAt}) {
        const auto r = apply(*agg, ForcePrepareCompensation{}, now);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().message, u"ExecutionFailed can not force retry."_s);
    }
    const auto ok = apply(*agg, ForcePrepareCompensation{}, timeoutAt + 1);
    QVERIFY(ok.ok());
    QCOMPARE(ok->state.retryState.retries, 2);
}

void TestDecider::prepareOverflowBeyondLimit()
{
    // Force retries beyond 62 with a backoff: the next window would overflow → BadRequest,
    // state untouched (decide returns no events).
    auto agg = withState(ExecutionFailedStatus::Failed, 62, 3, kNow);
    const auto r = decide(agg, cmd(ForcePrepareCompensation{}), kNow);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::BadRequest);
    QCOMPARE(r.error().message, u"Retry backoff exceeds the supported millisecond range."_s);
}

void TestDecider::successAndFailure_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("success");
    QTest::addColumn<bool>("allowed");
    const int F = int(ExecutionFailedStatus::Failed), P = int(ExecutionFailedStatus::Prepared),
              S = int(ExecutionFailedStatus::Succeeded);
    QTest::newRow("success on prepared") << P << true << true;
    QTest::newRow("success on failed") << F << true << false;
    QTest::newRow("success on succeeded") << S << true << false;
    QTest::newRow("failure on prepared") << P << false << true;
    QTest::newRow("failure on failed") << F << false << false;
    QTest::newRow("failure on succeeded") << S << false << false;
}

void TestDecider::successAndFailure()
{
    QFETCH(int, status);
    QFETCH(bool, success);
    QFETCH(bool, allowed);
    const auto agg = withState(static_cast<ExecutionFailedStatus>(status), 1, 3, kNow);
    const ErrorDetails newError{u"Timeout"_s, u"Read timed out"_s, u"java.net.SocketTimeoutException"_s, {}};
    const CommandBody body = success
        ? CommandBody(ApplyExecutionSuccess{kNow + 50})
        : CommandBody(ApplyExecutionFailed{newError, kNow + 60, RecoverableType::Unrecoverable});
    const auto r = apply(agg, body, kNow + 100);
    QCOMPARE(r.ok(), allowed);
    if (!allowed) {
        QCOMPARE(r.error().code, ErrorCode::IllegalState);
        QCOMPARE(r.error().message, u"ExecutionFailed is not prepared."_s);
        return;
    }
    if (success) {
        QCOMPARE(r->state.status, ExecutionFailedStatus::Succeeded);
        QCOMPARE(r->state.executeAt, kNow + 50);
        QCOMPARE(r->state.error, agg.state.error); // untouched
    } else {
        QCOMPARE(r->state.status, ExecutionFailedStatus::Failed);
        QCOMPARE(r->state.executeAt, kNow + 60);
        QCOMPARE(r->state.error, newError);
        QCOMPARE(r->state.recoverable, RecoverableType::Unrecoverable);
        QCOMPARE(r->state.retryState, agg.state.retryState);
    }
}

void TestDecider::applyRetrySpec_data()
{
    QTest::addColumn<ApplyRetrySpec>("body");
    QTest::addColumn<QString>("errorCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("valid") << ApplyRetrySpec{20, 60, 300} << QString() << QString();
    QTest::newRow("zero") << ApplyRetrySpec{0, 0, 0} << QString() << QString();
    QTest::newRow("negative maxRetries") << ApplyRetrySpec{-1, 60, 300} << ErrorCode::IllegalArgument
                                         << u"maxRetries must be greater than or equal to 0."_s;
    QTest::newRow("negative minBackoff") << ApplyRetrySpec{1, -60, 300} << ErrorCode::IllegalArgument
                                         << u"minBackoff must be greater than or equal to 0."_s;
    QTest::newRow("negative executionTimeout") << ApplyRetrySpec{1, 60, -300} << ErrorCode::IllegalArgument
                                               << u"executionTimeout must be greater than or equal to 0."_s;
    QTest::newRow("overflow") << ApplyRetrySpec{100, 1, 1} << ErrorCode::BadRequest
                              << u"Retry backoff exceeds the supported millisecond range."_s;
}

void TestDecider::applyRetrySpec()
{
    QFETCH(ApplyRetrySpec, body);
    QFETCH(QString, errorCode);
    QFETCH(QString, message);
    const auto agg = created();
    const auto r = apply(agg, body, kNow + 1);
    if (errorCode.isEmpty()) {
        QVERIFY(r.ok());
        QCOMPARE(r->state.retrySpec, body.spec());
        QCOMPARE(r->state.retryState, agg.state.retryState); // not recomputed
        QCOMPARE(r->state.status, agg.state.status);
    } else {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, errorCode);
        QCOMPARE(r.error().message, message);
    }
}

void TestDecider::changeFunction()
{
    const auto agg = created();
    const auto same = apply(agg, ChangeFunction{agg.state.function}, kNow);
    QVERIFY(!same.ok());
    QCOMPARE(same.error().code, ErrorCode::IllegalArgument);
    QCOMPARE(same.error().message,
             u"ExecutionFailed function is already changed to FunctionInfoData(functionKind=EVENT, "
             "contextName=example-service, processorName=OrderSaga, name=onOrderCreated)."_s);
    FunctionInfo other = agg.state.function;
    other.functionKind = FunctionKind::StateEvent; // differs only in kind: a change
    const auto changed = apply(agg, ChangeFunction{other}, kNow);
    QVERIFY(changed.ok());
    QCOMPARE(changed->state.function, other);
    other.name = u"onOrderPaid"_s;
    QVERIFY(apply(*changed, ChangeFunction{other}, kNow).ok());
}

void TestDecider::markRecoverable()
{
    const auto agg = created();
    const auto same = apply(agg, MarkRecoverable{RecoverableType::Unknown}, kNow);
    QVERIFY(!same.ok());
    QCOMPARE(same.error().code, ErrorCode::IllegalArgument);
    QCOMPARE(same.error().message, u"ExecutionFailed recoverable is already marked to UNKNOWN."_s);
    const auto marked = apply(agg, MarkRecoverable{RecoverableType::Unrecoverable}, kNow);
    QVERIFY(marked.ok());
    QCOMPARE(marked->state.recoverable, RecoverableType::Unrecoverable);
    const auto again = apply(*marked, MarkRecoverable{RecoverableType::Unrecoverable}, kNow);
    QCOMPARE(again.error().message, u"ExecutionFailed recoverable is already marked to UNRECOVERABLE."_s);
}

void TestDecider::deleteAndRecover()
{
    const auto agg = created();
    const auto recoverLive = decide(agg, cmd(RecoverAggregate{}, u"cmd-9"_s), kNow);
    QVERIFY(!recoverLive.ok());
    QCOMPARE(recoverLive.error().code, ErrorCode::IllegalState);
    QCOMPARE(recoverLive.error().message,
             u"Failed to process command[cmd-9]: The current StateAggregate[0V3pK1q90001001] is not deleted."_s);

    const auto deleted = apply(agg, DeleteAggregate{}, kNow);
    QVERIFY(deleted.ok());
    QVERIFY(deleted->deleted);
    QCOMPARE(deleted->version, 2);
    QCOMPARE(deleted->state, agg.state); // deletion keeps the state

    // Every command but recover is refused on a deleted aggregate, with 410.
    const std::vector<CommandBody> refused = {DeleteAggregate{}, PrepareCompensation{}, ForcePrepareCompensation{},
                                              ApplyExecutionSuccess{1}, MarkRecoverable{RecoverableType::Recoverable},
                                              ApplyRetrySpec{1, 1, 1}};
    for (const auto &body : refused) {
        const auto r = decide(*deleted, cmd(body), kNow);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::IllegalAccessDeletedAggregate);
        QCOMPARE(r.error().message, u"Illegal access to a deleted aggregate[0V3pK1q90001001]."_s);
        QCOMPARE(httpStatusForErrorCode(r.error().code), 410);
    }
    const auto recovered = apply(*deleted, RecoverAggregate{}, kNow);
    QVERIFY(recovered.ok());
    QVERIFY(!recovered->deleted);
    QCOMPARE(recovered->version, 3);
    QVERIFY(apply(*recovered, PrepareCompensation{}, kNow).ok());
}

void TestDecider::notInitialized_data()
{
    QTest::addColumn<int>("type");
    for (int t = 1; t < kCommandTypeCount; ++t)
        QTest::newRow(qPrintable(commandInfo(static_cast<CommandType>(t)).typeName.section(u'.', -1))) << t;
}

void TestDecider::notInitialized()
{
    QFETCH(int, type);
    ExecutionFailedAggregate empty;
    empty.aggregateId = kId;
    const std::vector<CommandBody> bodies = {CreateExecutionFailed{}, PrepareCompensation{}, ForcePrepareCompensation{},
                                             ApplyExecutionSuccess{}, ApplyExecutionFailed{}, ApplyRetrySpec{},
                                             ChangeFunction{}, MarkRecoverable{RecoverableType::Recoverable},
                                             DeleteAggregate{}, RecoverAggregate{}};
    const auto r = decide(empty, cmd(bodies.at(type)), kNow);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::NotFound);
    QCOMPARE(r.error().message, u"AggregateId(contextName=compensation-service, aggregateName=execution_failed, "
                                "tenantId=(0), id=0V3pK1q90001001) is not initialized."_s);
}

void TestDecider::expectedVersion()
{
    const auto agg = created(); // version 1
    const auto conflict = decide(agg, cmd(MarkRecoverable{RecoverableType::Recoverable}), kNow, 5);
    QVERIFY(!conflict.ok());
    QCOMPARE(conflict.error().code, ErrorCode::CommandExpectVersionConflict);
    QCOMPARE(conflict.error().message,
             u"The expected version[5] of the command is inconsistent with the actual version[1]."_s);
    QVERIFY(decide(agg, cmd(MarkRecoverable{RecoverableType::Recoverable}), kNow, 1).ok());
    // The version check comes before the deleted check, as in Wow.
    auto deleted = apply(agg, DeleteAggregate{}, kNow);
    QCOMPARE(decide(*deleted, cmd(PrepareCompensation{}), kNow, 1).error().code, ErrorCode::CommandExpectVersionConflict);
    // checkAggregate alone reports framework-level rejections only.
    QVERIFY(!checkAggregate(agg, cmd(PrepareCompensation{}), std::nullopt).has_value());
}

void TestDecider::evolveReplaysHistory()
{
    // created → prepared → failed → retry spec → prepared → succeeded, replayed from events.
    ExecutionFailedAggregate agg;
    agg.aggregateId = kId;
    std::vector<std::vector<Event>> streams;
    auto step = [&](const CommandBody &body, qint64 now) {
        const auto events = decide(agg, cmd(body), now);
        QVERIFY2(events.ok(), events.ok() ? "" : qPrintable(events.error().message));
        for (const auto &e : *events)
            agg = evolve(agg, e);
        ++agg.version;
        streams.push_back(*events);
    };
    step(createBody(RetrySpec{2, 1, 10}), kNow);
    step(PrepareCompensation{}, kNow + 1000);
    step(ApplyExecutionFailed{{u"E2"_s, u"again"_s, u""_s, {}}, kNow + 2000, RecoverableType::Recoverable}, kNow + 2000);
    step(ApplyRetrySpec{5, 1, 10}, kNow + 3000);
    step(PrepareCompensation{}, kNow + 4000);
    step(ApplyExecutionSuccess{kNow + 5000}, kNow + 5000);
    QCOMPARE(agg.version, 6);
    QCOMPARE(agg.state.status, ExecutionFailedStatus::Succeeded);
    QCOMPARE(agg.state.retryState.retries, 2);
    QCOMPARE(agg.state.retrySpec.maxRetries, 5);
    QCOMPARE(agg.state.error.errorCode, u"E2"_s);
    QVERIFY(!agg.state.isRetryable());

    // Replaying the recorded events through their wire form gives the same aggregate.
    ExecutionFailedAggregate replay;
    replay.aggregateId = kId;
    for (const auto &stream : streams) {
        for (const auto &e : stream) {
            const auto back = fromDomainEvent(toDomainEvent(e, u"x"_s));
            QVERIFY(back.ok());
            replay = evolve(replay, *back);
        }
        ++replay.version;
    }
    QCOMPARE(replay, agg);
}

QTEST_GUILESS_MAIN(TestDecider)
#include "tst_decider.moc"
