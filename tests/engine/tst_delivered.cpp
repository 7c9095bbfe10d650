// delivered(): an engine future handed to the context's thread. Results, EngineErrors and
// cancellation arrive unchanged; a destroyed context cancels; and under load, with pool
// futures finishing while their continuations are attached (where Qt 6.4 can run a
// continuation twice and crash), every continuation runs exactly once.

#include "delivered.h"
#include "engine_error.h"

#include "test_wait.h"

#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <memory>

using namespace wci;
using namespace Qt::StringLiterals;

class TestDelivered : public QObject {
    Q_OBJECT

private slots:
    void resultArrivesOnTheContextThread()
    {
        QObject context;
        QThreadPool pool;
        const QThread *mainThread = QThread::currentThread();
        const QThread *ranOn = nullptr;
        auto f = delivered(&context, QtConcurrent::run(&pool, [] { return 42; }))
                     .then(&context, [&](int v) {
                         ranOn = QThread::currentThread();
                         return v + 1;
                     });
        QCOMPARE(testing::await(f), 43);
        QCOMPARE(ranOn, mainThread);
    }

    void engineErrorArrivesAsItself()
    {
        QObject context;
        QThreadPool pool;
        QString seen;
        auto f = delivered(&context, QtConcurrent::run(&pool, []() -> int {
                     throw EngineError(ErrorCode::NotFound, u"no such failure"_s);
                 }))
                     .then(&context, [](int) { return QString(u"value"_s); })
                     .onFailed(&context, [&](const EngineError &e) {
                         seen = e.errorCode + u": "_s + e.errorMsg;
                         return QString(u"error"_s);
                     });
        QCOMPARE(testing::await(f), u"error"_s);
        QCOMPARE(seen, ErrorCode::NotFound + u": no such failure"_s);
    }

    void voidFuturesAndCancellation()
    {
        QObject context;
        QThreadPool pool;
        std::atomic<int> ran = 0;
        testing::await(delivered(&context, QtConcurrent::run(&pool, [&] { ++ran; })));
        QCOMPARE(ran.load(), 1);

        QFutureInterface<int> source;
        source.reportStarted();
        auto out = delivered(&context, source.future());
        source.reportCanceled();
        source.reportFinished();
        QVERIFY(testing::waitForFinished(out, 5000));
        QVERIFY(out.isCanceled());
    }

    void destroyedContextCancels()
    {
        QFutureInterface<int> source;
        source.reportStarted();
        QFuture<int> out;
        {
            QObject context;
            out = delivered(&context, source.future());
        }
        QVERIFY(out.isFinished());
        QVERIFY(out.isCanceled());
        source.reportResult(1);
        source.reportFinished(); // nobody is left to hear it; nothing crashes
    }

    // Thousands of pool futures, each attached to as it finishes: each continuation runs once.
    void everyContinuationRunsOnceUnderLoad()
    {
        QObject context;
        QThreadPool pool;
        pool.setMaxThreadCount(2);
        constexpr int n = 20000;
        auto runs = std::make_shared<std::vector<int>>(n, 0);
        int done = 0;
        for (int i = 0; i < n; ++i) {
            delivered(&context, QtConcurrent::run(&pool, [i] { return i; }))
                .then(&context, [runs, &done](int v) {
                    ++(*runs)[size_t(v)];
                    ++done;
                })
                .onFailed(&context, [](const std::exception &) {});
            if (i % 64 == 0)
                QCoreApplication::processEvents();
        }
        QVERIFY(testing::waitFor([&] { return done >= n; }, 60000));
        QCoreApplication::processEvents();
        QCOMPARE(done, n);
        QCOMPARE(int(std::count(runs->begin(), runs->end(), 1)), n);
    }
};

QTEST_GUILESS_MAIN(TestDelivered)
#include "tst_delivered.moc"
