// The audit log: entries survive reopening, filters narrow them, CSV export quotes properly,
// and the Audit view's model runs under QAbstractItemModelTester.

#include "audit_model.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QTest>

using namespace wci;
using namespace Qt::StringLiterals;

class TestAudit : public QObject {
    Q_OBJECT
    QTemporaryDir dir;

    static AuditEntry entry(int i, const QString &outcome)
    {
        AuditEntry e;
        e.time = 1767225600000 + i * 1000;
        e.operatorName = u"alice"_s;
        e.engine = u"built-in"_s;
        e.location = u"demo.db"_s;
        e.target = u"id%1"_s.arg(i);
        e.action = i % 2 ? u"Retry"_s : u"Delete"_s;
        e.command = i % 2 ? u"PrepareCompensation"_s : u"DeleteAggregate"_s;
        e.body = u"{}"_s;
        e.reason = i == 3 ? u"ticket 42, \"urgent\""_s : QString();
        e.requestId = u"r%1"_s.arg(i);
        e.outcome = outcome;
        e.errorCode = outcome == u"failed" ? u"IllegalState"_s : u"Ok"_s;
        e.message = outcome == u"failed" ? u"ExecutionFailed can not retry."_s : QString();
        return e;
    }

private slots:
    void appendListFilterReopen()
    {
        const QString path = dir.filePath(u"sub/audit.db"_s);
        {
            auto log = std::move(AuditLog::open(path)).value();
            QList<AuditEntry> batch;
            for (int i = 0; i < 10; ++i)
                batch.append(entry(i, i % 3 == 0 ? u"failed"_s : u"succeeded"_s));
            QVERIFY(!log->append(batch));
            QVERIFY(batch.last().id > batch.first().id);
            QCOMPARE(log->count(), qint64(10));
        }
        auto log = std::move(AuditLog::open(path)).value(); // persisted
        const auto all = log->list();
        QCOMPARE(all.size(), 10);
        QCOMPARE(all.first().target, u"id9"_s); // newest first
        AuditEntry expected = entry(9, u"failed"_s);
        expected.id = all.first().id;
        QCOMPARE(all.first(), expected);
        AuditFilter f;
        f.outcome = u"failed"_s;
        QCOMPARE(log->list(f).size(), 4);
        f = {};
        f.text = u"TICKET 42"_s;
        QCOMPARE(log->list(f).size(), 1);
        f = {};
        f.from = 1767225600000 + 5000;
        f.to = 1767225600000 + 7000;
        QCOMPARE(log->list(f).size(), 3);

        const QString csv = auditCsv(log->list());
        const QStringList lines = csv.split(u"\r\n"_s, Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 11);
        QVERIFY(csv.contains(u"\"ticket 42, \"\"urgent\"\"\""_s));
        QVERIFY(lines[1].startsWith(u"2026-01-01 00:00:09Z,alice,built-in,demo.db,id9"_s));
    }

    void modelUnderTester()
    {
        auto log = std::move(AuditLog::open(dir.filePath(u"m.db"_s))).value();
        for (int i = 0; i < 5; ++i) {
            AuditEntry e = entry(i, u"succeeded"_s);
            QVERIFY(!log->append(e));
        }
        AuditModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEntries(log->list());
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.data(model.index(0, AuditModel::Target)).toString(), u"id4"_s);
        model.setUtc(true);
        QCOMPARE(model.data(model.index(0, AuditModel::Time)).toString(), u"2026-01-01 00:00:04"_s);
        model.setEntries({});
        QCOMPARE(model.rowCount(), 0);
    }

    void unwritablePathIsAClearError()
    {
        const auto r = AuditLog::open(u"/proc/no/such/dir/audit.db"_s);
        QVERIFY(!r);
        QVERIFY(r.error().message.contains(u"audit log"_s));
    }
};

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
