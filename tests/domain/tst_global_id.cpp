// Global ids: shape, order, uniqueness across generators, clock edge cases.

#include "global_id.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QtConcurrent/QtConcurrent>

using namespace wci;
using namespace Qt::StringLiterals;

class TestGlobalId : public QObject {
    Q_OBJECT

private slots:
    void shapeAndUrlSafety();
    void monotonicWithinGenerator();
    void sequenceOverflowBorrowsNextMillisecond();
    void clockGoingBackwards();
    void uniqueAcrossMachineIds();
    void uniqueAcrossThreads();
    void timestampRoundTrip();
};

void TestGlobalId::shapeAndUrlSafety()
{
    GlobalIdGenerator g(12345);
    static const QRegularExpression re(u"^[0-9A-Za-z]{15}$"_s);
    for (int i = 0; i < 1000; ++i) {
        const QString id = g.next();
        QVERIFY2(re.match(id).hasMatch(), qPrintable(id));
        QCOMPARE(QUrl::toPercentEncoding(id), id.toLatin1());
    }
}

void TestGlobalId::monotonicWithinGenerator()
{
    qint64 now = 1767225600000;
    GlobalIdGenerator g(7, [&] { return now; });
    QString last;
    for (int i = 0; i < 5000; ++i) {
        if (i % 100 == 0)
            ++now;
        const QString id = g.next();
        QVERIFY2(id > last, qPrintable(id + u" <= "_s + last));
        last = id;
    }
}

void TestGlobalId::sequenceOverflowBorrowsNextMillisecond()
{
    const qint64 now = 1767225600000;
    GlobalIdGenerator g(1, [&] { return now; });
    QString last;
    for (int i = 0; i < GlobalIdGenerator::kSequenceSpace + 10; ++i) {
        const QString id = g.next();
        QVERIFY(id > last);
        last = id;
    }
    QCOMPARE(GlobalIdGenerator::timestampOf(last), now + 1);
}

void TestGlobalId::clockGoingBackwards()
{
    qint64 now = 1767225600000;
    GlobalIdGenerator g(1, [&] { return now; });
    const QString a = g.next();
    now -= 5000; // NTP step back
    const QString b = g.next();
    QVERIFY(b > a);
    QCOMPARE(GlobalIdGenerator::timestampOf(b), 1767225600000);
}

void TestGlobalId::uniqueAcrossMachineIds()
{
    // Two processes sharing a database hold different machine ids; same clock, same ms.
    const qint64 now = 1767225600000;
    GlobalIdGenerator a(100, [&] { return now; });
    GlobalIdGenerator b(101, [&] { return now; });
    QSet<QString> ids;
    for (int i = 0; i < 10000; ++i) {
        ids.insert(a.next());
        ids.insert(b.next());
    }
    QCOMPARE(ids.size(), 20000);
}

void TestGlobalId::uniqueAcrossThreads()
{
    GlobalIdGenerator g(5);
    QList<int> chunks(8);
    const auto lists = QtConcurrent::blockingMapped(chunks, [&](int) {
        QStringList out;
        for (int i = 0; i < 5000; ++i)
            out.append(g.next());
        return out;
    });
    QSet<QString> all;
    for (const auto &l : lists) {
        for (const auto &id : l)
            all.insert(id);
    }
    QCOMPARE(all.size(), 8 * 5000);
}

void TestGlobalId::timestampRoundTrip()
{
    QCOMPARE(GlobalIdGenerator::encodeBase62(0, 3), u"000"_s);
    QCOMPARE(GlobalIdGenerator::encodeBase62(61, 2), u"0z"_s);
    QCOMPARE(GlobalIdGenerator::encodeBase62(62, 2), u"10"_s);
    GlobalIdGenerator g(0, [] { return qint64(1767225600123); });
    QCOMPARE(GlobalIdGenerator::timestampOf(g.next()), 1767225600123);
    QCOMPARE(GlobalIdGenerator::timestampOf(u"short"_s), -1);
    QCOMPARE(GlobalIdGenerator::timestampOf(u"0V3pK1q9-001001"_s), GlobalIdGenerator::timestampOf(u"0V3pK1q90001001"_s));
}

QTEST_GUILESS_MAIN(TestGlobalId)
#include "tst_global_id.moc"
