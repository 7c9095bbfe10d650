// The charts page: its numbers equal the engine's counts for the same conditions, its bars are
// those numbers, a click on a bar filters the list, a chart saves as PNG and PDF, and the charts
// follow a light or dark theme.

#include "builtin/builtin_engine.h"
#include "charts_view.h"
#include "builtin/demo_seeder.h"
#include "failure_filter.h"
#include "failure_list_model.h"
#include "failure_stats.h"
#include "main_window.h"
#include "theme.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

#include "window_parts.h"
#include "test_fixtures.h"
#include "test_printers.h"
#include "test_wait.h"

using namespace wci;
using namespace wci::testing;
using namespace Qt::StringLiterals;

class TestCharts : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString db;

    std::unique_ptr<BuiltinEngine> open() { return openBuiltin(db); }

private slots:
    void initTestCase()
    {
        db = dir.filePath(u"c.db"_s);
        QVERIFY(seedDatabase(db, 1500, 8).ok());
    }

    void numbersAreTheEnginesCounts_data()
    {
        QTest::addColumn<int>("category");
        for (auto c : {FailureCategory::All, FailureCategory::ToRetry, FailureCategory::Succeeded})
            QTest::newRow(qPrintable(categoryName(c))) << int(c);
    }

    void numbersAreTheEnginesCounts()
    {
        auto engine = open();
        QFETCH(int, category);
        const Condition base = categoryCondition(FailureCategory(category), kNow);
        FailureStats stats(engine.get());
        stats.compute(base, kNow);
        QVERIFY(waitFor([&] { return !stats.isComputing(); }));
        const FailureStatsResult &r = stats.result();
        const qint64 total = await(engine->countSnapshots(base));
        QCOMPARE(r.total, total);
        // Created per bucket, stacked by status: each status's sum is the engine's count.
        for (const QString &status : {u"FAILED"_s, u"PREPARED"_s, u"SUCCEEDED"_s}) {
            qint64 sum = 0;
            for (qint64 v : r.createdByStatus.value(*parseExecutionFailedStatus(status)))
                sum += v;
            const Condition c = base.op == Operator::All ? Condition::eq(u"state.status"_s, status)
                                                         : Condition::and_({base, Condition::eq(u"state.status"_s, status)});
            QCOMPARE(sum, await(engine->countSnapshots(c)));
        }
        // One bucket against the engine: first failures in that hour or day.
        int busiest = 0;
        for (int i = 0; i < r.bucketStarts.size(); ++i) {
            if (r.createdByStatus[ExecutionFailedStatus::Failed][i] > r.createdByStatus[ExecutionFailedStatus::Failed][busiest])
                busiest = i;
        }
        FailureFilter range;
        range.firstFailedFrom = r.bucketStarts[busiest];
        range.firstFailedTo = r.bucketStarts[busiest] + r.bucketMs - 1;
        qint64 inBucket = 0;
        for (const auto &list : r.createdByStatus)
            inBucket += list[busiest];
        QCOMPARE(inBucket, await(engine->countSnapshots(failureCondition(FailureCategory(category), range, kNow))));
        // Top error codes, processors.
        for (const auto &[code, n] : r.topErrorCodes) {
            FailureFilter f;
            f.errorCode = code;
            QCOMPARE(n, await(engine->countSnapshots(failureCondition(FailureCategory(category), f, kNow))));
        }
        for (const auto &[proc, n] : r.topProcessors) {
            FailureFilter f;
            f.processorName = proc;
            QCOMPARE(n, await(engine->countSnapshots(failureCondition(FailureCategory(category), f, kNow))));
        }
        // Retry histogram.
        qint64 sum = 0;
        for (auto it = r.retries.begin(); it != r.retries.end(); ++it) {
            const Condition c = Condition::eq(u"state.retryState.retries"_s, it.key());
            QCOMPARE(it.value(), await(engine->countSnapshots(base.op == Operator::All ? c : Condition::and_({base, c}))));
            sum += it.value();
        }
        QCOMPARE(sum, total);
        // The scheduler's next 24 hours.
        qint64 upcoming = 0;
        for (qint64 v : r.upcoming)
            upcoming += v;
        const Condition due = Condition::and_({Condition::eq(u"state.status"_s, u"FAILED"_s),
                                               Condition::eq(u"state.isBelowRetryThreshold"_s, true),
                                               Condition::in(u"state.recoverable"_s, QJsonArray{u"RECOVERABLE"_s, u"UNKNOWN"_s}),
                                               Condition::leaf(u"state.retryState.nextRetryAt"_s, Operator::Lt,
                                                               QJsonValue(double(kNow + 24 * 3600000LL)))});
        QCOMPARE(upcoming, await(engine->countSnapshots(base.op == Operator::All ? due : Condition::and_({base, due}))));
    }

    void chartsShowFilterAndSave()
    {
        QSettings settings(dir.filePath(u"c.ini"_s), QSettings::IniFormat);
        settings.clear();
        MemorySecretStore secrets;
        MainWindow window(&settings, &secrets);
        window.setConnection(builtinConnection(db));
        window.setCategory(FailureCategory::All);
        window.show();
        QVERIFY(waitFor([&] { return failureList(&window)->hasResult() && !failureList(&window)->isLoading(); }));
        ChartsView view(&window);
        view.show();
        QVERIFY(waitFor([&] { return view.isReady(); }));
        const FailureStatsResult &r = view.result();
        // The bars are the numbers.
        QCustomPlot *codes = view.plot(ChartsView::ErrorCodes);
        auto *bars = qobject_cast<QCPBars *>(codes->plottable(0));
        QVERIFY(bars);
        QCOMPARE(bars->dataCount(), int(r.topErrorCodes.size()));
        QCOMPARE(bars->data()->at(bars->dataCount() - 1)->value, double(r.topErrorCodes.first().second)); // largest on top
        QCOMPARE(view.plot(ChartsView::Created)->plottableCount(), 3);
        QVERIFY(view.barText(ChartsView::ErrorCodes, bars->dataCount() - 1).startsWith(r.topErrorCodes.first().first));
        // A click on the largest error code filters the list to it.
        view.activate(ChartsView::ErrorCodes, bars->dataCount() - 1);
        QCOMPARE(window.filter().errorCode, r.topErrorCodes.first().first);
        QVERIFY(waitFor([&] { return !failureList(&window)->isLoading() && failureList(&window)->totalCount() == r.topErrorCodes.first().second; }));
        // A time bucket sets the first-failed range.
        view.activate(ChartsView::Created, 0);
        QCOMPARE(*window.filter().firstFailedFrom, r.bucketStarts.first());
        // Saved as PNG and PDF.
        const QString png = dir.filePath(u"codes.png"_s), pdf = dir.filePath(u"codes.pdf"_s);
        QVERIFY(view.save(ChartsView::ErrorCodes, png));
        QVERIFY(view.save(ChartsView::Upcoming, pdf));
        QVERIFY(QFileInfo(png).size() > 1000);
        QVERIFY(QFileInfo(pdf).size() > 1000);
        const QString shots = qEnvironmentVariable("WCI_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            window.setFilter(FailureFilter{});
            view.recompute();
            QVERIFY(waitFor([&] { return view.isReady(); }));
            QVERIFY(view.grab().save(QDir(shots).filePath(u"charts.png"_s)));
        }
    }

    // QCustomPlot draws black on white by itself: in the dark theme the background, axes, tick
    // labels, legend and bars follow the palette, and again when the theme switches back.
    void chartsFollowTheTheme()
    {
        QSettings settings(dir.filePath(u"t.ini"_s), QSettings::IniFormat);
        settings.clear();
        MemorySecretStore secrets;
        MainWindow window(&settings, &secrets);
        window.setConnection(builtinConnection(db));
        window.setCategory(FailureCategory::All);
        ChartsView view(&window);
        QVERIFY(waitFor([&] { return view.isReady(); }));
        QCustomPlot *created = view.plot(ChartsView::Created);
        QCustomPlot *codes = view.plot(ChartsView::ErrorCodes);
        const auto check = [&](theme::Scheme scheme) {
            const QPalette pal = theme::palette(scheme);
            const QColor text = pal.color(QPalette::WindowText), base = pal.color(QPalette::Base);
            QCOMPARE(created->xAxis->tickLabelColor(), text);
            QCOMPARE(created->yAxis->basePen().color(), text);
            QCOMPARE(created->legend->textColor(), text);
            QCOMPARE(created->legend->brush().color(), base);
            QCOMPARE(codes->yAxis->tickLabelColor(), text);
            QCOMPARE(codes->plottable(0)->brush().color(), theme::color(theme::Tone::ChartErrorCodes, scheme));
            QCOMPARE(created->plottable(0)->brush().color(), theme::color(theme::Tone::ChartSucceeded, scheme));
            const QImage image = created->toPixmap(400, 200).toImage();
            QCOMPARE(image.pixelColor(1, 1), base); // the plot's background
        };
        applyTheme(ThemeMode::Light);
        check(theme::Scheme::Light);
        applyTheme(ThemeMode::Dark);
        check(theme::Scheme::Dark);
        // A chart drawn while dark is dark too.
        view.recompute();
        QVERIFY(waitFor([&] { return view.isReady(); }));
        check(theme::Scheme::Dark);
        applyTheme(ThemeMode::Light);
        check(theme::Scheme::Light);
        applyTheme(ThemeMode::System);
    }
};

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
