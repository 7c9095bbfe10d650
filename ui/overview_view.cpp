#include "overview_view.h"

#include "metrics.h"

#include "action_controller.h"
#include "failure_text.h"
#include "main_window.h"
#include "plot_style.h"

#include <QComboBox>
#include <QDateTime>
#include <QElapsedTimer>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>

namespace wci {

using namespace Qt::StringLiterals;

namespace {

QString cardName(OverviewCard c)
{
    switch (c) {
    case OverviewCard::ActionableNow: return OverviewView::tr("Actionable now");
    case OverviewCard::TimedOut: return OverviewView::tr("Timed out");
    case OverviewCard::Unrecoverable: return OverviewView::tr("Unrecoverable");
    case OverviewCard::ActiveTotal: return OverviewView::tr("Active");
    case OverviewCard::InRange: return OverviewView::tr("In range");
    case OverviewCard::NewerThanRange: return OverviewView::tr("After the range");
    case OverviewCard::OlderThanRange: return OverviewView::tr("Before the range");
    }
    return {};
}

QString cardHelp(OverviewCard c)
{
    switch (c) {
    case OverviewCard::ActionableNow: return OverviewView::tr("Due for retry now, with the last attempt inside the range.");
    case OverviewCard::TimedOut: return OverviewView::tr("PREPARED past their timeout, with the last attempt inside the range.");
    case OverviewCard::Unrecoverable: return OverviewView::tr("Active and marked unrecoverable, with the last attempt inside the range.");
    case OverviewCard::ActiveTotal: return OverviewView::tr("Every FAILED or PREPARED failure, at any time.");
    case OverviewCard::InRange: return OverviewView::tr("Active failures whose last attempt is inside the range.");
    case OverviewCard::NewerThanRange: return OverviewView::tr("Active failures whose last attempt is after the range.");
    case OverviewCard::OlderThanRange: return OverviewView::tr("Active failures whose last attempt is before the range.");
    }
    return {};
}

QString seriesName(TrendSeries s)
{
    switch (s) {
    case TrendSeries::Created: return OverviewView::tr("new failures");
    case TrendSeries::Prepared: return OverviewView::tr("prepared");
    case TrendSeries::RetriedFailed: return OverviewView::tr("retried and failed");
    case TrendSeries::Succeeded: return OverviewView::tr("succeeded");
    }
    return {};
}

theme::Tone seriesTone(TrendSeries s)
{
    switch (s) {
    case TrendSeries::Created: return theme::Tone::ChartFailed;
    case TrendSeries::Prepared: return theme::Tone::ChartPrepared;
    case TrendSeries::RetriedFailed: return theme::Tone::ChartErrorCodes;
    case TrendSeries::Succeeded: return theme::Tone::ChartSucceeded;
    }
    return theme::Tone::ChartGrid;
}

const char *const kRetryLabels[] = {"0", "1–2", "3–5", "6+"};
constexpr RecoverableType kRecoverability[] = {RecoverableType::Recoverable, RecoverableType::Unknown,
                                               RecoverableType::Unrecoverable};
constexpr char kSeriesProperty[] = "wciSeries";

// The smallest of 1, 2, 5, 10, 20, 50, … that is at least `x` (x > 0).
double roundStepOfAtLeast(double x)
{
    double step = std::pow(10.0, std::floor(std::log10(std::max(x, 1e-9))));
    for (double f : {1.0, 2.0, 5.0, 10.0}) {
        if (step * f >= x)
            return step * f;
    }
    return step * 10;
}

} // namespace

OverviewView::OverviewView(MainWindow *window) : QWidget(window), m_window(window)
{
    setObjectName(u"overview"_s);
    m_days = new QComboBox(this);
    m_days->setObjectName(u"overviewDays"_s);
    m_days->addItem(tr("Today"), 1);
    m_days->addItem(tr("Last 7 days"), 7);
    m_days->addItem(tr("Last 30 days"), 30);
    m_days->addItem(tr("Last 90 days"), 90);
    m_days->setCurrentIndex(2); // Wow's overview shows 30 days
    m_zone = new QComboBox(this);
    m_zone->setObjectName(u"overviewZone"_s);
    const QByteArray local = QTimeZone::systemTimeZoneId();
    m_zone->addItem(tr("Local time (%1)").arg(QString::fromUtf8(local)), local);
    m_zone->addItem(u"UTC"_s, QByteArray("UTC"));
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds()) {
        if (id != local && id != "UTC")
            m_zone->addItem(QString::fromUtf8(id), id);
    }
    m_zone->setMaxVisibleItems(20);
    m_status = new QLabel(this);
    m_status->setObjectName(u"overviewStatus"_s);
    m_status->setWordWrap(true);
    auto *refresh = new QPushButton(tr("Refresh"), this);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Range"), this));
    top->addWidget(m_days);
    top->addWidget(new QLabel(tr("Time zone"), this));
    top->addWidget(m_zone);
    top->addWidget(m_status, 1);
    top->addWidget(refresh);

    auto *cards = new QHBoxLayout;
    for (auto c : allOverviewCards) {
        auto *b = new QToolButton(this);
        b->setObjectName(u"card%1"_s.arg(int(c)));
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setAutoRaise(false);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
        b->setMinimumHeight(textHeight(b, 2.6));
        b->setToolTip(cardHelp(c) + u"\n"_s + tr("Click to list them."));
        b->setAccessibleName(cardName(c));
        b->setText(cardName(c));
        connect(b, &QToolButton::clicked, this, [this, c] { showFailures(m_model->cardCondition(c), cardName(c)); });
        m_cards[size_t(c)] = b;
        cards->addWidget(b);
    }

    m_clusters = new QTableWidget(0, 7, this);
    m_clusters->setObjectName(u"overviewClusters"_s);
    m_clusters->setHorizontalHeaderLabels({tr("Error code"), tr("Function"), tr("Failures"), tr("Failed"), tr("Prepared"),
                                           tr("Oldest attempt"), tr("Next retry")});
    m_clusters->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_clusters->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_clusters->setSelectionMode(QAbstractItemView::SingleSelection);
    m_clusters->verticalHeader()->hide();
    m_clusters->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_clusters->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_clusters->setWordWrap(false);
    m_clusters->setToolTip(tr("The five clusters with the most active failures in the range; click one to list them."));
    m_clusters->setMinimumHeight(textHeight(m_clusters, 7.5));
    connect(m_clusters, &QTableWidget::cellClicked, this, [this](int row, int) {
        const auto &list = m_model->result().clusters;
        if (row >= 0 && row < list.size())
            showFailures(m_model->clusterCondition(row), tr("cluster %1 in %2.%3")
                                                             .arg(list[row].errorCode, list[row].processorName, list[row].functionName));
    });
    auto *clusterBox = new QVBoxLayout;
    auto *clusterTitle = new QLabel(tr("Top pressure clusters"), this);
    QFont bold = clusterTitle->font();
    bold.setBold(true);
    clusterTitle->setFont(bold);
    clusterBox->addWidget(clusterTitle);
    clusterBox->addWidget(m_clusters, 1);

    const char *const titles[] = {QT_TR_NOOP("Recoverability"), QT_TR_NOOP("Retries so far"), QT_TR_NOOP("Daily trend")};
    for (int c = 0; c < ChartCount; ++c) {
        auto *p = new QCustomPlot(this);
        p->setObjectName(u"overviewChart%1"_s.arg(c));
        p->setMinimumSize(textWidth(p, 30), textHeight(p, c == Trend ? 12 : 9));
        plot::addTitle(p, tr(titles[c]));
        p->setMouseTracking(true);
        const Chart chart = Chart(c);
        connect(p, &QCustomPlot::plottableClick, this, [this, chart](QCPAbstractPlottable *pl, int index, QMouseEvent *) {
            activate(chart, index, pl->property(kSeriesProperty).toInt());
        });
        connect(p, &QCustomPlot::mouseMove, this, [p](QMouseEvent *e) {
            for (int i = 0; i < p->plottableCount(); ++i) {
                QVariant details;
                const double d = p->plottable(i)->selectTest(e->position(), false, &details);
                if (d >= 0 && d < p->selectionTolerance()) {
                    const auto sel = details.value<QCPDataSelection>();
                    if (!sel.isEmpty()) {
                        auto *pl = p->plottable(i);
                        const int at = sel.dataRange().begin();
                        const double value = pl->interface1D() ? pl->interface1D()->dataMainValue(at) : 0;
                        QToolTip::showText(e->globalPosition().toPoint(),
                                           tr("%1: %L2 — click to list them").arg(pl->name()).arg(qint64(value)), p);
                        return;
                    }
                }
            }
            QToolTip::hideText();
        });
        m_plots[c] = p;
    }
    m_rate = new QLabel(this);
    m_rate->setObjectName(u"overviewRate"_s);

    auto *middle = new QHBoxLayout;
    middle->addLayout(clusterBox, 3);
    middle->addWidget(m_plots[Recoverability], 1);
    middle->addWidget(m_plots[Retries], 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(cards);
    layout->addLayout(middle, 2);
    layout->addWidget(m_plots[Trend], 3);
    layout->addWidget(m_rate);

    connect(refresh, &QPushButton::clicked, this, &OverviewView::recompute);
    connect(m_days, &QComboBox::currentIndexChanged, this, &OverviewView::recompute);
    connect(m_zone, &QComboBox::currentIndexChanged, this, &OverviewView::recompute);
    theme::follow(this, [this] {
        for (auto *p : m_plots) {
            plot::applyPalette(p);
            p->replot();
        }
    });
    setEngine(window->engine());
}

void OverviewView::setEngine(Engine *engine)
{
    delete m_model;
    m_model = new OverviewModel(engine, this);
    connect(m_model, &OverviewModel::progress, this, [this](qint64 n) {
        m_status->setText(tr("This server does not aggregate: reading failures and their events… %L1").arg(n));
    });
    connect(m_model, &OverviewModel::failed, this, [this](const QString &m) {
        m_status->setText(tr("Could not compute the overview: %1").arg(m));
    });
    connect(m_model, &OverviewModel::finished, this, &OverviewView::draw);
    m_stale = true;
    for (auto *b : m_cards)
        b->setEnabled(false);
    if (isVisible())
        recompute();
}

OverviewRange OverviewView::range() const
{
    const QTimeZone zone(m_zone->currentData().toByteArray());
    const qint64 now = m_window && m_window->engine() ? m_window->engine()->now() : QDateTime::currentMSecsSinceEpoch();
    return OverviewRange::lastDays(m_days->currentData().toInt(), now, zone.isValid() ? zone : QTimeZone::utc());
}

void OverviewView::setRangeDays(int days)
{
    const int i = m_days->findData(days);
    if (i >= 0)
        m_days->setCurrentIndex(i);
}

void OverviewView::recompute()
{
    if (!m_window || !m_window->engine())
        return;
    if (!m_window->engine()->capabilities().probed) {
        // A remote server not yet asked what it speaks: whether it aggregates decides how.
        m_status->setText(tr("Asking the server what it offers…"));
        m_stale = true;
        return;
    }
    m_stale = false;
    m_started = QDateTime::currentMSecsSinceEpoch();
    m_status->setText(tr("Computing…"));
    m_model->refresh(range());
}

void OverviewView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        recompute();
}

QString OverviewView::statusText() const
{
    return m_status->text();
}

void OverviewView::draw()
{
    const OverviewResult &r = m_model->result();
    const OverviewRange &range = m_model->range();
    const auto when = [&](std::optional<qint64> ms) {
        return ms ? QDateTime::fromMSecsSinceEpoch(*ms, range.zone).toString(u"MM-dd HH:mm"_s) : tr("—", "no value");
    };
    for (auto c : allOverviewCards) {
        QToolButton *b = m_cards[size_t(c)];
        b->setText(u"%L1\n%2"_s.arg(r.card(c)).arg(cardName(c)));
        b->setEnabled(true);
    }
    m_clusters->setRowCount(int(r.clusters.size()));
    for (int i = 0; i < r.clusters.size(); ++i) {
        const OverviewCluster &c = r.clusters[i];
        const QStringList cells{c.errorCode,
                                u"%1 / %2.%3"_s.arg(c.contextName, c.processorName, c.functionName),
                                QLocale().toString(c.count),
                                QLocale().toString(c.failed),
                                QLocale().toString(c.prepared),
                                when(c.oldestExecuteAt),
                                when(c.nextRetryAt)};
        for (int col = 0; col < cells.size(); ++col) {
            auto *item = new QTableWidgetItem(cells[col]);
            if (col >= 2 && col <= 4)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            QString tip = cells[col];
            if (col == 1)
                tip += u" ("_s + c.functionKind + u')';
            else if (col == 5 || col == 6)
                tip = QDateTime::fromMSecsSinceEpoch(col == 5 ? c.oldestExecuteAt.value_or(0) : c.nextRetryAt.value_or(0), range.zone)
                          .toString(u"yyyy-MM-dd HH:mm:ss t"_s);
            item->setToolTip(tip);
            m_clusters->setItem(i, col, item);
        }
    }
    for (auto *p : m_plots)
        p->clearPlottables();
    {
        QCustomPlot *p = m_plots[Recoverability];
        auto *b = plot::bars(p, tr("failures"), theme::Tone::ChartRetries, true);
        QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
        const qint64 values[] = {r.recoverable, r.unknown, r.unrecoverable};
        QVector<double> k, v;
        double m = 1;
        for (int i = 0; i < 3; ++i) {
            k.append(i);
            v.append(double(values[i]));
            ticker->addTick(i, enumName(kRecoverability[i]));
            m = std::max(m, v.last());
        }
        b->setWidth(0.7);
        b->setData(k, v);
        p->yAxis->setTicker(ticker);
        p->yAxis->setRange(-0.7, 2.7);
        // A narrow axis (the labels of the bars take most of the chart's width): 0 and one
        // round step, at least half the range, so that two labels never overlap ("0 5001000
        // 1500" at 1366x768 with three ticks); the range reaches the step.
        const double step = roundStepOfAtLeast(m * 1.15 / 2);
        p->xAxis->setRange(0, std::max(m * 1.15, step * 1.05));
        QSharedPointer<QCPAxisTickerFixed> fixed(new QCPAxisTickerFixed);
        fixed->setTickStep(step);
        fixed->setScaleStrategy(QCPAxisTickerFixed::ssNone);
        p->xAxis->setTicker(fixed);
    }
    {
        QCustomPlot *p = m_plots[Retries];
        auto *b = plot::bars(p, tr("failures"), theme::Tone::ChartRetries);
        QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
        QVector<double> k, v;
        double m = 1;
        for (int i = 0; i < 4; ++i) {
            k.append(i);
            v.append(double(r.retries[size_t(i)]));
            ticker->addTick(i, QString::fromUtf8(kRetryLabels[i]));
            m = std::max(m, v.last());
        }
        b->setWidth(0.7);
        b->setData(k, v);
        p->xAxis->setTicker(ticker);
        p->xAxis->setRange(-0.7, 3.7);
        p->xAxis->setLabel(tr("retries"));
        p->yAxis->setRange(0, m * 1.15);
    }
    {
        QCustomPlot *p = m_plots[Trend];
        QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
        const int n = int(r.days.size());
        const int step = std::max(1, n / 10);
        QVector<double> k;
        for (int i = 0; i < n; ++i) {
            k.append(i);
            if (i % step == 0)
                ticker->addTick(i, QDateTime::fromMSecsSinceEpoch(r.days[i], range.zone).toString(u"MM-dd"_s));
        }
        double lo = 0, hi = 1;
        for (size_t s = 0; s < allTrendSeries.size(); ++s) {
            auto *g = p->addGraph();
            g->setName(seriesName(allTrendSeries[s]));
            g->setProperty("wciTone", int(seriesTone(allTrendSeries[s])));
            g->setProperty(kSeriesProperty, int(s));
            g->setPen(QPen(theme::color(seriesTone(allTrendSeries[s])), 2));
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
            QVector<double> v;
            for (qint64 x : r.trend[s]) {
                v.append(double(x));
                hi = std::max(hi, v.last());
            }
            g->setData(k, v, true);
        }
        auto *net = p->addGraph();
        net->setName(tr("net backlog (new − succeeded, running)"));
        net->setProperty("wciTone", int(theme::Tone::ChartProcessors));
        net->setProperty(kSeriesProperty, -1);
        net->setPen(QPen(theme::color(theme::Tone::ChartProcessors), 2, Qt::DashLine));
        QVector<double> v;
        for (qint64 x : r.netBacklog()) {
            v.append(double(x));
            hi = std::max(hi, v.last());
            lo = std::min(lo, v.last());
        }
        net->setData(k, v, true);
        p->xAxis->setTicker(ticker);
        p->xAxis->setRange(-0.5, std::max(0.5, n - 0.5));
        p->yAxis->setRange(lo * 1.1, hi * 1.1);
        p->legend->setVisible(true);
    }
    for (auto *p : m_plots) {
        plot::applyPalette(p);
        p->replot();
    }
    const auto rate = r.retrySuccessRate();
    m_rate->setText(tr("In the range: %L1 new, %L2 prepared, %L3 retried and failed, %L4 succeeded — retry success rate %5.")
                        .arg(r.trendTotal(TrendSeries::Created))
                        .arg(r.trendTotal(TrendSeries::Prepared))
                        .arg(r.trendTotal(TrendSeries::RetriedFailed))
                        .arg(r.trendTotal(TrendSeries::Succeeded))
                        .arg(rate ? QLocale().toString(*rate * 100, 'f', 1) + u" %"_s : tr("—", "no value")));
    const qint64 ms = QDateTime::currentMSecsSinceEpoch() - m_started;
    const bool serverClock = m_window && m_window->engine()
                             && categoryClock(m_window->engine()->capabilities()) == CategoryClock::Server;
    const QString clock = serverClock ? tr("on the server's clock") : tr("on this computer's clock");
    m_status->setText(m_model->scanned()
                          ? tr("Computed by reading %L1 failures and event streams (this server does not aggregate) in %2, %3.")
                                .arg(m_model->documentsRead())
                                .arg(formatDuration(ms), clock)
                          : tr("Aggregated by the engine in %1, %2.").arg(formatDuration(ms), clock));
    emit ready();
}

void OverviewView::activate(Chart chart, int index, int series)
{
    const OverviewResult &r = m_model->result();
    switch (chart) {
    case Recoverability:
        if (index >= 0 && index < 3)
            showFailures(m_model->recoverabilityCondition(kRecoverability[index]),
                         tr("%1 in the range").arg(enumName(kRecoverability[index])));
        return;
    case Retries:
        if (index >= 0 && index < 4)
            showFailures(m_model->retryCondition(index), tr("%1 retries, in the range").arg(QString::fromUtf8(kRetryLabels[index])));
        return;
    case Trend: {
        if (index < 0 || index >= r.days.size())
            return;
        const TrendSeries s = series >= 0 && series < int(allTrendSeries.size()) ? allTrendSeries[size_t(series)]
                                                                                  : TrendSeries::Created;
        const QString day = QDateTime::fromMSecsSinceEpoch(r.days[index], m_model->range().zone).toString(u"yyyy-MM-dd"_s);
        showFailures(m_model->trendCondition(s, index), tr("%1 on %2").arg(seriesName(s), day));
        return;
    }
    default: return;
    }
}

void OverviewView::showFailures(const Condition &condition, const QString &label)
{
    if (m_window)
        m_window->showFailures(condition, label);
}

} // namespace wci
