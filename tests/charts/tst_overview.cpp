// The overview page: every number equals the engine's count of the failures (or event streams)
// it stands for; the same numbers come from the built-in engine, from its scan fallback, from a
// remote engine on serve as current Wow (aggregation on the server) and on serve as Wow 8.10
// (no aggregation: the fallback reads the failures and says so); a click on a card, a cluster
// or a bar lists exactly the failures it counts; the page is the first one a connection opens.

#include "builtin/builtin_engine.h"
#include "category_counts_model.h"
#include "failure_list_model.h"
#include "field_paths.h"
#include "main_window.h"
#include "overview_model.h"
#include "overview_view.h"
#include "remote/remote_engine.h"
#include "wow_api_server.h"

#include <QAbstractItemModelTester>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <qcustomplot.h>

#include "window_parts.h"
#include "test_fixtures.h"
#include "test_printers.h"
#include "test_wait.h"

using namespace wci;
using namespace wci::testing;
using namespace Qt::StringLiterals;

namespace {

// The 30 days up to the fixed clock's day, in a zone whose midnight is not the clock's.
OverviewRange testRange()
{
    return OverviewRange::lastDays(30, kNow, QTimeZone("Asia/Shanghai"));
}

OverviewResult compute(Engine *engine, AggregationRunner::Mode mode, bool *scanned = nullptr, qint64 *read = nullptr)
{
    OverviewModel model(engine);
    QString error;
    QObject::connect(&model, &OverviewModel::failed, [&](const QString &m) { error = m; });
    model.refresh(testRange(), mode);
    if (!waitFor([&] { return !model.isComputing(); }, 60000) || !error.isEmpty() || !model.hasResult())
        qFatal("overview not computed: %s", qPrintable(error));
    if (scanned)
        *scanned = model.scanned();
    if (read)
        *read = model.documentsRead();
    return model.result();
}

void compareResults(const OverviewResult &a, const OverviewResult &b)
{
    for (auto c : allOverviewCards)
        QCOMPARE(a.card(c), b.card(c));
    QCOMPARE(a.clusters.size(), b.clusters.size());
    for (qsizetype i = 0; i < a.clusters.size(); ++i) {
        QCOMPARE(a.clusters[i].errorCode, b.clusters[i].errorCode);
        QCOMPARE(a.clusters[i].functionName, b.clusters[i].functionName);
        QCOMPARE(a.clusters[i].count, b.clusters[i].count);
        QCOMPARE(a.clusters[i].failed, b.clusters[i].failed);
        QCOMPARE(a.clusters[i].oldestExecuteAt, b.clusters[i].oldestExecuteAt);
        QCOMPARE(a.clusters[i].nextRetryAt, b.clusters[i].nextRetryAt);
    }
    QCOMPARE(a.recoverable, b.recoverable);
    QCOMPARE(a.unknown, b.unknown);
    QCOMPARE(a.unrecoverable, b.unrecoverable);
    QCOMPARE(a.retries, b.retries);
    QCOMPARE(a.days, b.days);
    for (size_t s = 0; s < allTrendSeries.size(); ++s)
        QCOMPARE(a.trend[s], b.trend[s]);
}

struct Served {
    std::unique_ptr<BuiltinEngine> backend;
    std::unique_ptr<WowApiServer> server;
    std::unique_ptr<RemoteEngine> remote;
};

Served serve(const QString &db, WowGeneration generation, bool nowOnLocalClock = false)
{
    Served s;
    s.backend = openBuiltin(db);
    WowApiServerConfig c;
    c.generation = generation;
    c.guard.allowExpensiveOperators = true;
    s.server = std::make_unique<WowApiServer>(s.backend.get(), c);
    if (!s.server->listen(QHostAddress::LocalHost, 0))
        qFatal("cannot listen on 127.0.0.1");
    RemoteEngineOptions r;
    r.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(s.server->port()));
    r.timeoutMs = 20000;
    r.nowOperatorsOnLocalClock = nowOnLocalClock;
    s.remote = std::make_unique<RemoteEngine>(r);
    await(s.remote->probe());
    return s;
}

} // namespace

class TestOverview : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString db;

private slots:
    void initTestCase()
    {
        db = dir.filePath(u"o.db"_s);
        QVERIFY(seedDatabase(db, 1500, 11).ok());
    }

    // Each number against a count of its own condition, on the engine.
    void everyNumberIsTheEnginesCount()
    {
        auto engine = openBuiltin(db);
        OverviewModel model(engine.get());
        model.refresh(testRange());
        QVERIFY(waitFor([&] { return !model.isComputing(); }));
        QVERIFY(model.hasResult());
        QVERIFY(!model.scanned());
        const OverviewResult &r = model.result();
        for (auto c : allOverviewCards)
            QCOMPARE(r.card(c), await(engine->countSnapshots(model.cardCondition(c))));
        // The demo data has failures of every kind in the range: the checks below are not vacuous.
        QVERIFY(r.card(OverviewCard::InRange) > 100);
        QVERIFY(r.card(OverviewCard::ActionableNow) > 0);
        QVERIFY(r.card(OverviewCard::OlderThanRange) + r.card(OverviewCard::InRange) + r.card(OverviewCard::NewerThanRange)
                == r.card(OverviewCard::ActiveTotal));
        QCOMPARE(r.clusters.size(), 5);
        qint64 previous = std::numeric_limits<qint64>::max();
        for (int i = 0; i < r.clusters.size(); ++i) {
            const Condition c = model.clusterCondition(i);
            QCOMPARE(r.clusters[i].count, await(engine->countSnapshots(c)));
            QCOMPARE(r.clusters[i].failed, await(engine->countSnapshots(Condition::and_({c, Condition::eq(field::status, u"FAILED"_s)}))));
            QVERIFY(r.clusters[i].count <= previous); // largest first
            previous = r.clusters[i].count;
            // The oldest attempt is that of the cluster's first failure by execution time.
            ListQuery q;
            q.condition = c;
            q.sort = {Sort{field::executeAt, SortDirection::Asc}};
            q.limit = 1;
            const auto first = await(engine->listSnapshots(q, SnapshotView::Document));
            QCOMPARE(*r.clusters[i].oldestExecuteAt, qint64(first.front().object()["state"_L1]["executeAt"_L1].toDouble()));
        }
        QCOMPARE(r.recoverable, await(engine->countSnapshots(model.recoverabilityCondition(RecoverableType::Recoverable))));
        QCOMPARE(r.unknown, await(engine->countSnapshots(model.recoverabilityCondition(RecoverableType::Unknown))));
        QCOMPARE(r.unrecoverable, await(engine->countSnapshots(model.recoverabilityCondition(RecoverableType::Unrecoverable))));
        QCOMPARE(r.recoverable + r.unknown + r.unrecoverable, r.card(OverviewCard::InRange));
        qint64 retries = 0;
        for (int b = 0; b < 4; ++b) {
            QCOMPARE(r.retries[size_t(b)], await(engine->countSnapshots(model.retryCondition(b))));
            retries += r.retries[size_t(b)];
        }
        QCOMPARE(retries, r.card(OverviewCard::InRange));
        // The trend: event streams of each name per day of the zone.
        QCOMPARE(r.days.size(), 30);
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(r.days.first(), QTimeZone("Asia/Shanghai")).time(), QTime(0, 0));
        for (auto s : allTrendSeries) {
            qint64 total = 0;
            for (int d = 0; d < r.days.size(); ++d) {
                const qint64 end = d + 1 < r.days.size() ? r.days[d + 1] : testRange().to;
                Condition name = Condition::leaf(u"body"_s, Operator::ElemMatch);
                name.children.push_back(Condition::eq(u"name"_s, trendEventName(s)));
                const Condition day = Condition::and_({Condition::leaf(u"createTime"_s, Operator::Gte, QJsonValue(double(r.days[d]))),
                                                       Condition::leaf(u"createTime"_s, Operator::Lt, QJsonValue(double(end))), name});
                QCOMPARE(r.trend[size_t(s)][d], await(engine->countEventStreams(day)));
                total += r.trend[size_t(s)][d];
            }
            QCOMPARE(r.trendTotal(s), total);
            QVERIFY2(total > 0, qPrintable(trendEventName(s)));
        }
        const auto net = r.netBacklog();
        QCOMPARE(net.last(), r.trendTotal(TrendSeries::Created) - r.trendTotal(TrendSeries::Succeeded));
        const double rate = double(r.trendTotal(TrendSeries::Succeeded))
                            / double(r.trendTotal(TrendSeries::Succeeded) + r.trendTotal(TrendSeries::RetriedFailed));
        QCOMPARE(*r.retrySuccessRate(), rate);
    }

    // One set of numbers whichever way they are computed.
    void sameNumbersOnEveryEngine()
    {
        auto engine = openBuiltin(db);
        const OverviewResult reference = compute(engine.get(), AggregationRunner::Mode::Automatic);
        bool scanned = false;
        qint64 read = 0;
        compareResults(compute(engine.get(), AggregationRunner::Mode::Scan, &scanned, &read), reference);
        QVERIFY(scanned);
        QVERIFY(read >= reference.card(OverviewCard::ActiveTotal));

        Served current = serve(db, WowGeneration::Current);
        QVERIFY(current.remote->capabilities().aggregation);
        current.remote->resetTraffic();
        compareResults(compute(current.remote.get(), AggregationRunner::Mode::Automatic, &scanned, &read), reference);
        QVERIFY(!scanned);
        QCOMPARE(read, 0);
        const auto aggregated = current.remote->traffic();
        QCOMPARE(aggregated.requests, 8); // one aggregation query per number set

        Served legacy = serve(db, WowGeneration::V8_10);
        QVERIFY(!legacy.remote->capabilities().aggregation);
        legacy.remote->resetTraffic();
        compareResults(compute(legacy.remote.get(), AggregationRunner::Mode::Automatic, &scanned, &read), reference);
        QVERIFY(scanned);
        QVERIFY(read >= reference.card(OverviewCard::ActiveTotal));
        const auto scannedTraffic = legacy.remote->traffic();
        QVERIFY(scannedTraffic.requests > aggregated.requests);
        QVERIFY2(scannedTraffic.bytesReceived > 20 * aggregated.bytesReceived,
                 qPrintable(u"%1 vs %2"_s.arg(scannedTraffic.bytesReceived).arg(aggregated.bytesReceived)));
    }

    // The categories go by the server's clock on current Wow (BEFORE_NOW / AFTER_NOW, which the
    // server evaluates at its "now", here the start of 2026 while this computer is years later),
    // and by this computer's clock corrected by the measured offset on Wow 8.10.
    void categoriesOnTheServersClock()
    {
        auto backend = openBuiltin(db);
        Served current = serve(db, WowGeneration::Current);
        QCOMPARE(categoryClock(current.remote->capabilities()), CategoryClock::Server);
        Served legacy = serve(db, WowGeneration::V8_10);
        QCOMPARE(categoryClock(legacy.remote->capabilities()), CategoryClock::Local);
        QVERIFY(std::abs(legacy.remote->now() - kNow) < 2000); // corrected from the Date header
        QCOMPARE(categoryClock(backend->capabilities()), CategoryClock::Local); // the built-in engine: its own clock
        // The server's forms name no time: the server's clock decides.
        const Condition executing = categoryCondition(FailureCategory::Executing, 0, CategoryClock::Server);
        QVERIFY(!executing.toJsonBytes().contains(QByteArray::number(kNow)));
        QVERIFY(executing.toJsonBytes().contains("BEFORE_NOW"));
        for (Served *s : {&current, &legacy}) {
            CategoryCountsModel counts(s->remote.get());
            QAbstractItemModelTester tester(&counts);
            QSignalSpy refreshed(&counts, &CategoryCountsModel::refreshed);
            s->remote->resetTraffic();
            counts.refresh();
            QVERIFY(waitFor([&] { return refreshed.count() > 0; }));
            for (auto c : allFailureCategories)
                QVERIFY(counts.count(c) >= 0);
            // Current Wow: one aggregation query (a COUNT per category); 8.10: a count each.
            QCOMPARE(s->remote->traffic().requests, s == &current ? 1 : qint64(allFailureCategories.size()));
            for (auto c : allFailureCategories) {
                const qint64 expected = await(backend->countSnapshots(categoryCondition(c, kNow)));
                QVERIFY2(counts.count(c) == expected,
                         qPrintable(u"%1: %2 counted, %3 at the server's now"_s.arg(categoryName(c)).arg(counts.count(c)).arg(expected)));
            }
            // Not vacuous: at this computer's uncorrected clock every PREPARED one is timed out.
            QVERIFY(counts.count(FailureCategory::Executing) > 0);
            QCOMPARE(await(backend->countSnapshots(categoryCondition(FailureCategory::Executing, QDateTime::currentMSecsSinceEpoch()))), 0);
            QCOMPARE(counts.count(FailureCategory::Active),
                     await(backend->countSnapshots(Condition::in(field::status, QJsonArray{u"FAILED"_s, u"PREPARED"_s}))));
        }
    }

    // A 9.x-only operator for Wow 8.10: refused with a clear error, unless the caller accepted
    // this computer's (corrected) clock; then it goes out as LT / GT and counts what the server
    // would have.
    void nowOperatorsForWow810()
    {
        auto backend = openBuiltin(db);
        const Condition executing = categoryCondition(FailureCategory::Executing, 0, CategoryClock::Server);
        Served refusing = serve(db, WowGeneration::V8_10);
        try {
            await(refusing.remote->countSnapshots(executing));
            QFAIL("an 8.10 server was sent BEFORE_NOW");
        } catch (const EngineError &e) {
            QVERIFY2(e.errorMsg.contains(u"BEFORE_NOW is a Wow 9.x operator"_s), qPrintable(e.errorMsg));
        }
        Served local = serve(db, WowGeneration::V8_10, true);
        const qint64 n = await(local.remote->countSnapshots(executing));
        QVERIFY(n > 0);
        QCOMPARE(n, await(backend->countSnapshots(executing))); // the backend's BEFORE_NOW at its own now
        PagedQuery q;
        q.condition = executing;
        q.pagination = {1, 20};
        QCOMPARE(await(local.remote->pagedSnapshots(q, SnapshotView::State)).total, n);
    }

    // The window opens on the overview; a card, a cluster and a bar list what they count.
    void clicksListTheFailures()
    {
        QSettings settings(dir.filePath(u"o.ini"_s), QSettings::IniFormat);
        settings.clear();
        MemorySecretStore secrets;
        MainWindow window(&settings, &secrets);
        window.resize(1366, 768);
        window.show();
        window.setConnection(builtinConnection(db));
        QVERIFY(window.isOverviewShown());
        OverviewView *view = window.overview();
        QVERIFY(waitFor([&] { return view->model()->hasResult() && !view->model()->isComputing(); }));
        QVERIFY2(view->statusText().contains(u"Aggregated by the engine"_s), qPrintable(view->statusText()));
        const OverviewResult r = view->model()->result();
        auto listShows = [&](qint64 expected) {
            return waitFor([&] {
                return !window.isOverviewShown() && failureList(&window)->hasResult() && !failureList(&window)->isLoading()
                       && failureList(&window)->totalCount() == expected;
            });
        };
        // A card: its number on the button, and a click lists exactly those.
        QToolButton *card = view->card(OverviewCard::ActionableNow);
        QVERIFY(card->text().startsWith(QLocale().toString(r.card(OverviewCard::ActionableNow))));
        QTest::mouseClick(card, Qt::LeftButton);
        QCOMPARE(window.category(), FailureCategory::All);
        QVERIFY(window.groupFilter().has_value());
        QCOMPARE(*window.groupFilter(), view->model()->cardCondition(OverviewCard::ActionableNow));
        QVERIFY(listShows(r.card(OverviewCard::ActionableNow)));
        // Back to the overview (Alt+0) and a cluster.
        window.showOverview();
        QVERIFY(window.isOverviewShown());
        QTableWidget *clusters = view->clusters();
        QCOMPARE(clusters->rowCount(), 5);
        QCOMPARE(clusters->item(0, 0)->text(), r.clusters[0].errorCode);
        QTest::mouseClick(clusters->viewport(), Qt::LeftButton, {}, clusters->visualItemRect(clusters->item(1, 2)).center());
        QVERIFY(listShows(r.clusters[1].count));
        // The narrow Recoverability chart's axis: labels that do not run into each other.
        window.showOverview();
        {
            QCustomPlot *plot = view->plot(OverviewView::Recoverability);
            plot->replot();
            QCPAxis *axis = plot->xAxis;
            const QVector<double> ticks = axis->tickVector();
            const QVector<QString> labels = axis->tickVectorLabels();
            QVERIFY(ticks.size() >= 2);
            const QFontMetrics metrics(axis->tickLabelFont());
            for (qsizetype i = 1; i < ticks.size(); ++i) {
                const double gap = axis->coordToPixel(ticks[i]) - axis->coordToPixel(ticks[i - 1]);
                const double room = (metrics.horizontalAdvance(labels[i - 1]) + metrics.horizontalAdvance(labels[i])) / 2.0;
                QVERIFY2(gap > room + 4, qPrintable(u"%1 and %2: %3 px apart, %4 px wide"_s.arg(labels[i - 1], labels[i])
                                                        .arg(gap)
                                                        .arg(room)));
            }
        }
        // A bar of the retry distribution and a point of the trend.
        auto *retries = qobject_cast<QCPBars *>(view->plot(OverviewView::Retries)->plottable(0));
        QVERIFY(retries);
        QCOMPARE(retries->data()->at(2)->value, double(r.retries[2]));
        view->activate(OverviewView::Retries, 2);
        QVERIFY(listShows(r.retries[2]));
        window.showOverview();
        QCOMPARE(view->plot(OverviewView::Trend)->graphCount(), 5); // four series and the net backlog
        view->activate(OverviewView::Trend, 29, int(TrendSeries::Created));
        QCOMPARE(*window.groupFilter(), view->model()->trendCondition(TrendSeries::Created, 29));
        auto engine = openBuiltin(db);
        QVERIFY(listShows(await(engine->countSnapshots(view->model()->trendCondition(TrendSeries::Created, 29)))));
        // Choosing a category shows its list; the chip clears the overview's narrowing.
        window.clearGroupFilter();
        QVERIFY(!window.groupFilter());
        const QString shots = qEnvironmentVariable("WCI_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            window.showOverview();
            QVERIFY(waitFor([&] { return !view->model()->isComputing(); }));
            QVERIFY(window.grab().save(QDir(shots).filePath(u"overview.png"_s)));
        }
        window.setConnection(EngineConnection{});
    }
};

QTEST_MAIN(TestOverview)
#include "tst_overview.moc"
