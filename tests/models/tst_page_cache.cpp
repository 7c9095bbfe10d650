// The failure list's page cache and the stale-reply guard, on their own.

#include "page_cache.h"
#include "reply_guard.h"

#include <QFutureInterface>
#include <QPromise>
#include <QTest>

#include "test_wait.h"

using namespace wci;

class TestPageCache : public QObject {
    Q_OBJECT

    static QList<int> rows(int page, int size, int count)
    {
        QList<int> out;
        for (int i = 0; i < count; ++i)
            out.append(page * size + i);
        return out;
    }

private slots:
    void rowsAreFoundByRowNumber()
    {
        PageCache<int> c(10, 4);
        c.insert(0, rows(0, 10, 10));
        c.insert(3, rows(3, 10, 4)); // a short last page
        QCOMPARE(*c.row(0), 0);
        QCOMPARE(*c.row(9), 9);
        QCOMPARE(*c.row(33), 33);
        QVERIFY(!c.row(34));  // past the short page
        QVERIFY(!c.row(15));  // page 1 is not cached
        QVERIFY(!c.row(-1));
        QCOMPARE(c.find([](int v) { return v == 31; }), std::optional<int>(31));
        QCOMPARE(c.find([](int v) { return v == 12; }), std::nullopt);
    }

    void leastRecentlyUsedPageGoesFirst()
    {
        PageCache<int> c(10, 3);
        c.insert(0, rows(0, 10, 10));
        c.insert(1, rows(1, 10, 10));
        c.insert(2, rows(2, 10, 10));
        QVERIFY(c.row(5)); // page 0 is used again: page 1 is now the oldest
        c.insert(3, rows(3, 10, 10));
        QCOMPARE(c.size(), 3);
        QVERIFY(c.contains(0));
        QVERIFY(!c.contains(1));
        QVERIFY(c.contains(2));
        QVERIFY(c.contains(3));
        // peek() is not a use: page 2 stays the oldest.
        QVERIFY(c.peek(2));
        QVERIFY(c.row(35));
        QVERIFY(c.row(5));
        c.insert(4, rows(4, 10, 10));
        QVERIFY(!c.contains(2));
        // A smaller capacity evicts at once, oldest first.
        c.setCapacity(1);
        QCOMPARE(c.size(), 1);
        QVERIFY(c.contains(4));
    }

    void changingThePageSizeDropsEveryPage()
    {
        PageCache<int> c(10, 4);
        c.insert(0, rows(0, 10, 10));
        c.setPageSize(10);
        QCOMPARE(c.size(), 1);
        c.setPageSize(20);
        QCOMPARE(c.size(), 0);
        QVERIFY(!c.row(0));
    }

    void staleRepliesAreDropped()
    {
        ReplyGuard guard;
        QList<int> seen;
        QPromise<int> first, second;
        const auto a = guard.begin();
        first.future().then(this, a([&seen](int v) { seen.append(v); }));
        const auto b = guard.begin(); // a newer request: `a` is stale
        QVERIFY(!a.isCurrent());
        QVERIFY(b.isCurrent());
        QVERIFY(guard.current().isCurrent());
        second.future().then(this, b([&seen](int v) { seen.append(v); }));
        first.start();
        second.start();
        first.addResult(1);
        first.finish();
        second.addResult(2);
        second.finish();
        QVERIFY(wci::testing::waitFor([&] { return !seen.isEmpty(); }, 5000)); // `first`'s answer came before
        QCOMPARE(seen, QList<int>{2});

        // cancel() makes the running request stale too, failures included.
        QPromise<int> third;
        const auto c = guard.begin();
        bool failed = false;
        third.future()
            .then(this, c([&seen](int v) { seen.append(v); }))
            .onFailed(this, c([&failed](const std::exception &) { failed = true; }));
        guard.cancel();
        QVERIFY(!c.isCurrent());
        third.start();
        third.setException(std::make_exception_ptr(std::runtime_error("late")));
        third.finish();
        QTest::qWait(20);
        QCOMPARE(seen, QList<int>{2});
        QVERIFY(!failed);
    }
};

QTEST_GUILESS_MAIN(TestPageCache)
#include "tst_page_cache.moc"
