#include "demo_seeder.h"

#include "builtin_engine.h"
#include "global_id.h"

#include <QDateTime>
#include <QScopeGuard>
#include <QtConcurrent/QtConcurrentRun>

#include <random>

namespace wci {

using namespace Qt::StringLiterals;

namespace {

struct FunctionSpec {
    const char *context;
    const char *processor;
    const char *function;
    FunctionKind kind;
    const char *sourceAggregate;
    const char *package;
};

const FunctionSpec kFunctions[] = {
    {"order-service", "OrderSaga", "onOrderCreated", FunctionKind::Event, "order", "com.acme.order.saga"},
    {"order-service", "OrderSaga", "onPaymentCompleted", FunctionKind::Event, "payment", "com.acme.order.saga"},
    {"order-service", "OrderProjector", "onOrderState", FunctionKind::StateEvent, "order", "com.acme.order.projection"},
    {"payment-service", "PaymentSaga", "onOrderConfirmed", FunctionKind::Event, "order", "com.acme.payment.saga"},
    {"payment-service", "RefundHandler", "onOrderCancelled", FunctionKind::Event, "order", "com.acme.payment.refund"},
    {"inventory-service", "StockReservationSaga", "onOrderCreated", FunctionKind::Event, "order", "com.acme.inventory.saga"},
    {"inventory-service", "StockProjector", "onStockState", FunctionKind::StateEvent, "stock", "com.acme.inventory.projection"},
    {"shipping-service", "ShipmentSaga", "onOrderPaid", FunctionKind::Event, "order", "com.acme.shipping.saga"},
    {"shipping-service", "CarrierWebhookHandler", "onShipmentDispatched", FunctionKind::Event, "shipment", "com.acme.shipping.carrier"},
    {"notification-service", "EmailNotifier", "onOrderShipped", FunctionKind::Event, "shipment", "com.acme.notify.email"},
    {"notification-service", "SmsNotifier", "onPaymentFailed", FunctionKind::Event, "payment", "com.acme.notify.sms"},
    {"loyalty-service", "PointsProjector", "onCustomerState", FunctionKind::StateEvent, "customer", "com.acme.loyalty.points"},
    {"search-service", "OrderIndexer", "onOrderState", FunctionKind::StateEvent, "order", "com.acme.search.index"},
};

struct ErrorSpec {
    const char *code;
    const char *exception;
    const char *message;
    const char *causeException; // nullptr: no cause
    const char *causeMessage;
    RecoverableType recoverable;
};

const ErrorSpec kErrors[] = {
    {"IllegalState", "java.lang.IllegalStateException", "Inventory service unavailable", "java.net.ConnectException",
     "Connection refused: inventory-service/10.0.3.17:8080", RecoverableType::Recoverable},
    {"RequestTimeout", "java.util.concurrent.TimeoutException", "Did not observe any item or terminal signal within 5000ms",
     "io.netty.handler.timeout.ReadTimeoutException", "Read timed out after 5000 ms", RecoverableType::Recoverable},
    {"NotFound", "me.ahoo.wow.exception.NotFoundResourceException", "Customer 0U9xK2 not found", nullptr, nullptr,
     RecoverableType::Unknown},
    {"IllegalArgument", "java.lang.IllegalArgumentException", "Amount must be greater than 0, but was -12.50", nullptr,
     nullptr, RecoverableType::Unrecoverable},
    {"EventVersionConflict", "me.ahoo.wow.eventsourcing.EventVersionConflictException",
     "Event version conflict: expected 7 but was 8", nullptr, nullptr, RecoverableType::Recoverable},
    {"DuplicateAggregateId", "me.ahoo.wow.exception.DuplicateAggregateIdException",
     "Aggregate id 0U9xQ1 already exists", nullptr, nullptr, RecoverableType::Unrecoverable},
    {"TooManyRequests", "org.springframework.web.reactive.function.client.WebClientResponseException$TooManyRequests",
     "429 Too Many Requests from POST https://carrier.example/api/shipments", nullptr, nullptr, RecoverableType::Recoverable},
    {"DataIntegrityViolation", "org.springframework.dao.DataIntegrityViolationException",
     "Duplicate entry 'ORD-2291' for key 'uk_order_no'", "java.sql.SQLIntegrityConstraintViolationException",
     "Duplicate entry 'ORD-2291' for key 'uk_order_no'", RecoverableType::Unknown},
    {"OptimisticLockingFailure", "org.springframework.dao.OptimisticLockingFailureException",
     "Row was updated or deleted by another transaction", nullptr, nullptr, RecoverableType::Recoverable},
    {"SerializationError", "com.fasterxml.jackson.databind.exc.MismatchedInputException",
     "Cannot deserialize value of type `java.math.BigDecimal` from String \"N/A\"", nullptr, nullptr,
     RecoverableType::Unrecoverable},
    {"NullPointer", "java.lang.NullPointerException", "Cannot invoke \"String.length()\" because \"sku\" is null", nullptr,
     nullptr, RecoverableType::Unknown},
    {"ServiceUnavailable", "org.springframework.web.reactive.function.client.WebClientResponseException$ServiceUnavailable",
     "503 Service Unavailable from GET http://payment-gateway/api/charges", "java.io.IOException",
     "Connection reset by peer", RecoverableType::Recoverable},
};

class Rng {
public:
    explicit Rng(quint64 seed) : m_engine(seed) {}
    int below(int n) { return int(std::uniform_int_distribution<int>(0, n - 1)(m_engine)); }
    qint64 between(qint64 lo, qint64 hi) { return std::uniform_int_distribution<qint64>(lo, hi)(m_engine); }
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(m_engine) < p; }
    QString token(int n)
    {
        static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        QString s;
        for (int i = 0; i < n; ++i)
            s.append(QLatin1Char(alphabet[below(62)]));
        return s;
    }

private:
    std::mt19937_64 m_engine;
};

QString className(const FunctionSpec &f)
{
    return QLatin1String(f.package) + u'.' + QLatin1String(f.processor);
}

QString stackTrace(const ErrorSpec &e, const FunctionSpec &f, Rng &rng)
{
    const QString cls = className(f);
    const QString file = QLatin1String(f.processor) + u".kt"_s;
    QString t = QLatin1String(e.exception) + u": "_s + QLatin1String(e.message) + u'\n';
    t += u"\tat "_s + cls + u'.' + QLatin1String(f.function) + u'(' + file + u':' + QString::number(40 + rng.below(200)) + u")\n"_s;
    t += u"\tat "_s + QLatin1String(f.package) + u".support.Retryable.invoke(Retryable.kt:"_s
        + QString::number(20 + rng.below(40)) + u")\n"_s;
    const char *frames[] = {
        "me.ahoo.wow.messaging.function.MethodFunction.invoke(MethodFunction.kt:61)",
        "me.ahoo.wow.event.DomainEventFunction.invoke(DomainEventFunction.kt:48)",
        "me.ahoo.wow.messaging.handler.FilterChain.filter(FilterChain.kt:33)",
        "me.ahoo.wow.compensation.core.CompensationFilter.filter(CompensationFilter.kt:52)",
        "reactor.core.publisher.MonoFlatMap$FlatMapMain.onNext(MonoFlatMap.java:132)",
        "reactor.core.publisher.FluxMapFuseable$MapFuseableSubscriber.onNext(FluxMapFuseable.java:129)",
        "reactor.core.scheduler.WorkerTask.call(WorkerTask.java:84)",
        "java.base/java.util.concurrent.FutureTask.run(FutureTask.java:317)",
        "java.base/java.lang.Thread.run(Thread.java:1583)",
    };
    for (const char *frame : frames)
        t += u"\tat "_s + QLatin1String(frame) + u'\n';
    if (e.causeException) {
        t += u"Caused by: "_s + QLatin1String(e.causeException) + u": "_s + QLatin1String(e.causeMessage) + u'\n';
        t += u"\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)\n"_s;
        t += u"\tat io.netty.channel.socket.nio.NioSocketChannel.doFinishConnect(NioSocketChannel.java:337)\n"_s;
        t += u"\t... %1 more\n"_s.arg(7 + rng.below(9));
    }
    return t;
}

ErrorDetails errorFor(const ErrorSpec &e, const FunctionSpec &f, Rng &rng)
{
    ErrorDetails d{QLatin1String(e.code), QLatin1String(e.message), stackTrace(e, f, rng), {}};
    if (QLatin1String(e.code) == "IllegalArgument"_L1 && rng.chance(0.5))
        d.bindingErrors = {{u"amount"_s, u"must be greater than 0"_s}, {u"currency"_s, u"must not be blank"_s}};
    return d;
}

FunctionInfo functionOf(const FunctionSpec &f)
{
    return {f.kind, QLatin1String(f.context), QLatin1String(f.processor), QLatin1String(f.function)};
}

using BatchCommand = BuiltinEngine::BatchCommand;

// Builds the commands of one aggregate's history, in time order.
void history(std::vector<BatchCommand> &out, const QString &id, qint64 created, qint64 now, Rng &rng, bool adversarial)
{
    const FunctionSpec &f = kFunctions[rng.below(int(std::size(kFunctions)))];
    const ErrorSpec &firstError = kErrors[rng.below(int(std::size(kErrors)))];
    RetrySpec spec = RetrySpec::defaults();
    const int specKind = rng.below(10);
    if (specKind == 0)
        spec = {3, 60, 30};
    else if (specKind == 1)
        spec = {5, 0, 60};
    else if (specKind == 2)
        spec = {1, 300, 120};

    CreateExecutionFailed create;
    create.eventId.id = rng.token(15);
    create.eventId.aggregateId = {QLatin1String(f.context), QLatin1String(f.sourceAggregate), rng.token(15), kDefaultTenantId};
    create.eventId.version = 1 + rng.below(12);
    create.function = functionOf(f);
    create.error = errorFor(firstError, f, rng);
    create.executeAt = created - rng.between(5, 400);
    if (specKind <= 2)
        create.retrySpec = spec;
    create.recoverable = rng.chance(0.7) ? RecoverableType::Unknown : firstError.recoverable;

    auto add = [&](CommandBody body, qint64 at, const QString &op = {}, const QString &reason = {}) {
        BatchCommand c;
        c.command = Command{id, QString(), std::move(body)};
        c.options.operatorName = op;
        c.options.reason = reason;
        c.at = at;
        out.push_back(std::move(c));
    };
    {
        BatchCommand c;
        c.command = Command{QString(), QString(), create};
        c.options.aggregateId = id;
        c.options.headers = {{u"remote_ip"_s, u"10.0.%1.%2"_s.arg(rng.below(8)).arg(2 + rng.below(250))},
                             {u"user_agent"_s, u"Wow-Compensation/8.10"_s}};
        c.at = created;
        out.push_back(std::move(c));
    }

    static const QStringList operators = {u"alice"_s, u"bob"_s, u"carol"_s, u"ops-bot"_s};
    int scenario = rng.below(100);
    qint64 t = created;
    int retries = 0;
    auto backoff = [&](int r) { return spec.minBackoff == 0 ? 0 : qint64(spec.minBackoff) * (qint64(1) << std::min(r, 20)) * 1000; };
    // Scheduler-like retry cycles: wait for the backoff, prepare, then fail or succeed.
    auto cycle = [&](bool succeed) -> bool {
        const qint64 at = t + backoff(retries) + rng.between(1000, 60000);
        if (at >= now - 5000)
            return false;
        add(PrepareCompensation{}, at);
        ++retries;
        const qint64 done = at + rng.between(50, std::max<qint64>(100, std::min<qint64>(spec.executionTimeout * 1000 - 10, 20000)));
        if (done >= now)
            return false;
        if (succeed) {
            add(ApplyExecutionSuccess{done}, done);
        } else {
            const ErrorSpec &e = rng.chance(0.7) ? firstError : kErrors[rng.below(int(std::size(kErrors)))];
            add(ApplyExecutionFailed{errorFor(e, f, rng), done, rng.chance(0.8) ? create.recoverable : e.recoverable}, done);
        }
        t = done;
        return true;
    };

    if (adversarial) {
        if (scenario < 90) {
            // Prepared with its timeout ending within a minute of now, either side.
            const qint64 at = now - spec.executionTimeout * 1000 + rng.between(0, 120000) - 60000;
            if (at > t)
                add(PrepareCompensation{}, at);
            return;
        }
        scenario = rng.below(100); // the other tenth as the demo has them
    }
    if (scenario < 30) {
        // Failed once, waiting for its first retry (some due already).
    } else if (scenario < 50) {
        const int n = 1 + rng.below(std::max(1, spec.maxRetries - 1));
        for (int i = 0; i < n && i < spec.maxRetries - 1; ++i) {
            if (!cycle(false))
                break;
        }
    } else if (scenario < 66) {
        const int n = rng.below(std::max(1, std::min(spec.maxRetries, 4)));
        bool ok = true;
        for (int i = 0; i < n && ok; ++i)
            ok = cycle(false);
        if (ok)
            cycle(true);
    } else if (scenario < 74) {
        // Exhausted: every retry failed.
        for (int i = 0; i < spec.maxRetries; ++i) {
            if (!cycle(false))
                break;
        }
        if (rng.chance(0.3))
            add(ApplyRetrySpec{spec.maxRetries + 5, spec.minBackoff, spec.executionTimeout}, t + 1000,
                operators[rng.below(operators.size())], u"downstream fixed, give it more retries"_s);
    } else if (scenario < 79) {
        // Executing right now: prepared a moment ago, no answer yet.
        const qint64 at = now - rng.between(1000, std::max<qint64>(2000, spec.executionTimeout * 1000 - 1000));
        if (at > t)
            add(PrepareCompensation{}, at);
    } else if (scenario < 83) {
        // Prepared, but the handler never answered: timed out.
        const qint64 at = std::min(now - spec.executionTimeout * 1000 - rng.between(1000, 3600000), t + backoff(0) + 5000);
        if (at > t)
            add(PrepareCompensation{}, at);
    } else if (scenario < 89) {
        add(MarkRecoverable{RecoverableType::Unrecoverable}, t + rng.between(60000, 3600000),
            operators[rng.below(operators.size())], u"poison message: payload can never be processed"_s);
        if (rng.chance(0.3))
            cycle(false);
    } else if (scenario < 94) {
        const qint64 at = t + rng.between(60000, 7200000);
        if (at < now) {
            const FunctionSpec &other = kFunctions[rng.below(int(std::size(kFunctions)))];
            if (QLatin1String(other.processor) != QLatin1String(f.processor))
                add(ChangeFunction{functionOf(other)}, at, operators[rng.below(operators.size())], u"handler moved"_s);
            add(MarkRecoverable{RecoverableType::Recoverable}, at + 1000, operators[rng.below(operators.size())]);
            t = at + 1000;
            cycle(rng.chance(0.5));
        }
    } else {
        const qint64 at = t + rng.between(60000, 86400000);
        if (at < now) {
            add(DeleteAggregate{}, at, operators[rng.below(operators.size())], u"duplicate of an earlier failure"_s);
            if (rng.chance(0.25) && at + 60000 < now)
                add(RecoverAggregate{}, at + 60000, operators[rng.below(operators.size())], u"deleted by mistake"_s);
        }
    }
}

// Histories of consecutive aggregates, decided and encoded ahead of the writer.
struct SeedChunk {
    std::vector<BuiltinEngine::ImportStream> streams;
    int aggregates = 0;
    int commands = 0;
    int refused = 0;
};

} // namespace

Result<SeedReport> seedDemoDatabase(const QString &path, const SeedOptions &options)
{
    if (options.count < 0)
        return DomainError::illegalArgument(u"count must not be negative."_s);
    SeedReport report;
    report.now = options.now > 0 ? options.now : QDateTime::currentMSecsSinceEpoch();
    BuiltinEngineOptions o;
    o.path = path;
    o.machineId = 0; // ids depend only on the seed and `now`
    o.compressDocuments = options.compressDocuments;
    o.clock = [now = report.now] { return now; };
    auto opened = BuiltinEngine::open(o);
    if (!opened)
        return opened.error();
    BuiltinEngine &engine = *opened.value();
    // A new file gets its secondary indexes once, after the histories are written (when this
    // fails, the next open builds them).
    const bool bulk = engine.beginBulkImport();
    auto restoreIndexes = qScopeGuard([&] {
        try {
            if (bulk)
                engine.endBulkImport();
        } catch (const EngineError &) {
        }
    });

    Rng rng(options.seed);
    const qint64 span = 14LL * 24 * 3600 * 1000;
    const qint64 start = report.now - span;
    GlobalIdGenerator ids(GlobalIdGenerator::kMachineIdSpace - 1, [] { return qint64(0); });
    const bool adversarial = options.shape == SeedOptions::Shape::Adversarial;
    const size_t streamsPerChunk = size_t(std::max(1, options.batchSize));
    // The next aggregates' histories, up to a chunk's worth of streams, on a worker thread; one
    // chunk at a time, so the random sequence (and the data) does not depend on the threads.
    int next = 0;
    bool first = true;
    const auto produce = [&]() {
        SeedChunk chunk;
        std::vector<BatchCommand> commands;
        // The first chunk holds at least the documents a dictionary is trained from.
        const size_t wanted = first ? std::max(streamsPerChunk, size_t(std::max(1, o.dictionarySamples))) : streamsPerChunk;
        while (next < options.count && chunk.streams.size() + size_t(chunk.aggregates) < wanted) {
            // Creation times rise with the index (with jitter), so newer failures have larger ids.
            const qint64 created = start + (span * next) / std::max(1, options.count) + rng.between(0, 999);
            commands.clear();
            history(commands, ids.next(created), created, report.now, rng, adversarial);
            auto prepared = engine.prepareHistory(commands);
            chunk.commands += int(commands.size());
            chunk.refused += prepared.refused;
            std::move(prepared.streams.begin(), prepared.streams.end(), std::back_inserter(chunk.streams));
            ++chunk.aggregates;
            ++next;
        }
        if (first) { // a new file's dictionary, from the first chunk, while the writer waits anyway
            engine.primeDictionary(chunk.streams);
            first = false;
        }
        return chunk;
    };
    QFuture<SeedChunk> ahead = QtConcurrent::run(produce);
    auto waitForWorker = qScopeGuard([&] {
        if (ahead.isValid())
            ahead.waitForFinished();
    });
    SeedChunk written; // freed by the worker, which has the shorter share of the work
    while (true) {
        SeedChunk chunk = ahead.takeResult();
        if (chunk.aggregates == 0)
            break;
        // The next chunk, decided while this one is written.
        ahead = QtConcurrent::run([&produce, spent = std::move(written)]() mutable {
            spent = {};
            return produce();
        });
        // Streams not written belong to aggregates the file already had (seeded before).
        int notWritten = int(chunk.streams.size());
        try {
            for (const auto &outcome : engine.importStreams(chunk.streams))
                notWritten -= outcome.imported;
        } catch (const EngineError &e) {
            return DomainError{e.errorCode, e.errorMsg, {}};
        }
        report.commands += chunk.commands;
        report.rejected += chunk.refused + notWritten;
        report.aggregates += chunk.aggregates;
        written = std::move(chunk);
        if (options.progress && !options.progress(report.aggregates, options.count))
            return report;
    }
    return report;
}

} // namespace wci
