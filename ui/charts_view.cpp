#include "charts_view.h"

#include "metrics.h"

#include "action_controller.h"

#include "failure_filter.h"
#include "failure_list_model.h"
#include "failure_text.h"
#include "main_window.h"
#include "plot_style.h"
#include "theme.h"

#include <QAction>
#include <QFileDialog>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPalette>
#include <QPen>
#include <QPushButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace wci {

using namespace Qt::StringLiterals;

namespace {
const char *const kTitles[] = {"Failures created (by current status)", "Last attempt outcome", "Top error codes",
                               "Top processors", "Top functions", "Retries so far", "Scheduler load, next 24 h"};
using plot::applyPalette;
using plot::bars;
} // namespace

ChartsView::ChartsView(MainWindow *window) : QDialog(window), m_window(window)
{
    // An action or bulk run changes what the groups count: compute them again (a group of 296
    // retried failures must not still say 296).
    connect(window->actions(), &ActionController::dataChanged, this, &ChartsView::recompute);
    setObjectName(u"chartsView"_s);
    setWindowTitle(tr("Charts"));
    m_stats = new FailureStats(window->engine(), this);
    m_status = new QLabel(this);
    auto *refresh = new QPushButton(tr("Recompute"), this);
    auto *grid = new QGridLayout;
    for (int c = 0; c < ChartCount; ++c) {
        auto *p = new QCustomPlot(this);
        p->setObjectName(u"chart%1"_s.arg(c));
        p->setMinimumSize(textWidth(p, 60), textHeight(p, 13));
        plot::addTitle(p, tr(kTitles[c]));
        p->setMouseTracking(true);
        p->setContextMenuPolicy(Qt::ActionsContextMenu);
        const Chart chart = Chart(c);
        auto *savePng = new QAction(tr("Save as PNG…"), p);
        auto *savePdf = new QAction(tr("Save as PDF…"), p);
        connect(savePng, &QAction::triggered, this, [this, chart] {
            const QString path = QFileDialog::getSaveFileName(this, tr("Save chart"), u"chart.png"_s, tr("PNG (*.png)"));
            if (!path.isEmpty())
                save(chart, path);
        });
        connect(savePdf, &QAction::triggered, this, [this, chart] {
            const QString path = QFileDialog::getSaveFileName(this, tr("Save chart"), u"chart.pdf"_s, tr("PDF (*.pdf)"));
            if (!path.isEmpty())
                save(chart, path);
        });
        p->addAction(savePng);
        p->addAction(savePdf);
        connect(p, &QCustomPlot::plottableClick, this, [this, chart](QCPAbstractPlottable *, int index, QMouseEvent *) {
            activate(chart, index);
        });
        connect(p, &QCustomPlot::mouseMove, this, [this, chart, p](QMouseEvent *e) {
            for (int i = 0; i < p->plottableCount(); ++i) {
                QVariant details;
                const double d = p->plottable(i)->selectTest(e->position(), false, &details);
                if (d >= 0 && d < p->selectionTolerance()) {
                    const auto sel = details.value<QCPDataSelection>();
                    if (!sel.isEmpty()) {
                        QToolTip::showText(e->globalPosition().toPoint(), barText(chart, sel.dataRange().begin()), p);
                        return;
                    }
                }
            }
            QToolTip::hideText();
        });
        m_plots[c] = p;
        grid->addWidget(p, c / 2, c % 2);
    }
    auto *top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(refresh);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(grid, 1);
    resize(dialogSize(this, 170, 56));
    connect(refresh, &QPushButton::clicked, this, &ChartsView::recompute);
    connect(m_stats, &FailureStats::progress, this, [this](qint64 n) {
        m_status->setText(tr("This server does not aggregate: reading failures… %L1").arg(n));
    });
    connect(m_stats, &FailureStats::failed, this, [this](const QString &m) { m_status->setText(tr("Could not read the failures: %1").arg(m)); });
    connect(m_stats, &FailureStats::finished, this, &ChartsView::draw);
    // Light or dark, now and after every theme switch.
    theme::follow(this, [this] {
        for (auto *p : m_plots) {
            applyPalette(p);
            p->replot();
        }
    });
    recompute();
}

void ChartsView::recompute()
{
    if (!m_window || !m_window->engine())
        return;
    m_ready = false;
    const FailureFilter f = m_window->filter();
    m_status->setText(tr("Computing…"));
    // The time axis follows the filter's first-failed range when one is set.
    m_stats->compute(m_window->listCondition(), m_window->engine()->now(), f.firstFailedFrom, f.firstFailedTo);
}

void ChartsView::draw()
{
    const FailureStatsResult &r = m_stats->result();
    const bool utc = m_window && m_window->isUtc();
    for (auto *p : m_plots)
        p->clearPlottables();
    const double width = r.bucketMs / 1000.0 * 0.8;
    auto timeAxis = [&](QCustomPlot *p) {
        QSharedPointer<QCPAxisTickerDateTime> t(new QCPAxisTickerDateTime);
        t->setDateTimeFormat(r.bucketMs >= 86400000 ? u"MM-dd"_s : u"MM-dd\nHH:mm"_s);
        t->setDateTimeSpec(utc ? Qt::UTC : Qt::LocalTime);
        p->xAxis->setTicker(t);
        p->xAxis->setRange(r.from / 1000.0 - r.bucketMs / 1000.0, r.to / 1000.0 + r.bucketMs / 1000.0);
    };
    QVector<double> keys;
    for (qint64 s : r.bucketStarts)
        keys.append((s + r.bucketMs / 2) / 1000.0);
    double maxY = 1;
    {
        QCustomPlot *p = m_plots[Created];
        QCPBars *below = nullptr;
        const QList<QPair<ExecutionFailedStatus, theme::Tone>> series = {
            {ExecutionFailedStatus::Succeeded, theme::Tone::ChartSucceeded},
            {ExecutionFailedStatus::Prepared, theme::Tone::ChartPrepared},
            {ExecutionFailedStatus::Failed, theme::Tone::ChartFailed}};
        QVector<double> stack(keys.size(), 0);
        for (const auto &[status, tone] : series) {
            auto *b = bars(p, enumName(status), tone);
            QVector<double> v;
            for (int i = 0; i < keys.size(); ++i) {
                v.append(double(r.createdByStatus.value(status).value(i)));
                stack[i] += v.last();
            }
            b->setWidth(width);
            b->setData(keys, v);
            if (below)
                b->moveAbove(below);
            below = b;
        }
        for (double s : stack)
            maxY = std::max(maxY, s);
        timeAxis(p);
        p->yAxis->setRange(0, maxY * 1.1);
        p->legend->setVisible(true);
    }
    {
        QCustomPlot *p = m_plots[Outcomes];
        auto *ok = bars(p, tr("succeeded"), theme::Tone::ChartSucceeded);
        auto *bad = bars(p, tr("failed again"), theme::Tone::ChartFailed);
        QVector<double> a, b;
        double m = 1;
        for (int i = 0; i < keys.size(); ++i) {
            a.append(double(r.succeeded.value(i)));
            b.append(double(r.failedAgain.value(i)));
            m = std::max(m, a.last() + b.last());
        }
        ok->setWidth(width);
        bad->setWidth(width);
        ok->setData(keys, a);
        bad->setData(keys, b);
        bad->moveAbove(ok);
        timeAxis(p);
        p->yAxis->setRange(0, m * 1.1);
        p->legend->setVisible(true);
    }
    const auto topChart = [](QCustomPlot *p, const QList<QPair<QString, qint64>> &items, theme::Tone tone) {
        auto *b = bars(p, QString(), tone, true);
        QVector<double> k, v;
        QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
        double m = 1;
        for (int i = 0; i < items.size(); ++i) {
            const double key = items.size() - i; // largest on top
            k.append(key);
            v.append(double(items[i].second));
            ticker->addTick(key, items[i].first.isEmpty() ? u"(none)"_s : items[i].first);
            m = std::max(m, v.last());
        }
        // QCPBars sorts by key; the data index of the largest (key n) is then n-1.
        b->setWidth(0.7);
        b->setData(k, v);
        p->yAxis->setTicker(ticker);
        p->yAxis->setRange(0.3, items.size() + 0.7);
        p->xAxis->setRange(0, m * 1.1);
    };
    topChart(m_plots[ErrorCodes], r.topErrorCodes, theme::Tone::ChartErrorCodes);
    topChart(m_plots[Processors], r.topProcessors, theme::Tone::ChartProcessors);
    topChart(m_plots[Functions], r.topFunctions, theme::Tone::ChartFunctions);
    {
        QCustomPlot *p = m_plots[Retries];
        auto *b = bars(p, tr("failures"), theme::Tone::ChartRetries);
        QVector<double> k, v;
        double m = 1;
        for (auto it = r.retries.begin(); it != r.retries.end(); ++it) {
            k.append(it.key());
            v.append(double(it.value()));
            m = std::max(m, v.last());
        }
        b->setWidth(0.8);
        b->setData(k, v);
        p->xAxis->setRange(-0.7, (k.isEmpty() ? 1 : k.last()) + 0.7);
        p->yAxis->setRange(0, m * 1.1);
        p->xAxis->setLabel(tr("retries"));
        QSharedPointer<QCPAxisTickerFixed> whole(new QCPAxisTickerFixed);
        whole->setTickStep(1.0);
        whole->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        p->xAxis->setTicker(whole);
    }
    {
        QCustomPlot *p = m_plots[Upcoming];
        auto *b = bars(p, tr("retries due"), theme::Tone::ChartPrepared);
        QVector<double> k, v;
        double m = 1;
        for (int h = 0; h < r.upcoming.size(); ++h) {
            k.append(h + 0.5);
            v.append(double(r.upcoming[h]));
            m = std::max(m, v.last());
        }
        b->setWidth(0.8);
        b->setData(k, v);
        p->xAxis->setRange(0, 24);
        p->yAxis->setRange(0, m * 1.1);
        p->xAxis->setLabel(tr("clock hours from this one (the first also holds the ones already due)"));
    }
    for (auto *p : m_plots)
        p->replot();
    const QString how = m_stats->scanned() ? tr("computed by reading %L1 failures").arg(m_stats->documentsRead())
                                           : tr("aggregated by the engine");
    m_status->setText(tr("%L1 failures of %2 (%3) — hover for values, click a bar to filter the list, right-click to save.")
                          .arg(r.total)
                          .arg(m_window ? categoryName(m_window->category()) : QString(), how));
    m_ready = true;
    emit ready();
}

QString ChartsView::barText(Chart chart, int index) const
{
    const FailureStatsResult &r = m_stats->result();
    const bool utc = m_window && m_window->isUtc();
    switch (chart) {
    case Created:
    case Outcomes: {
        if (index < 0 || index >= r.bucketStarts.size())
            return {};
        const QString when = formatDateTime(r.bucketStarts[index], utc);
        if (chart == Created)
            return tr("%1: %2 failed, %3 prepared, %4 succeeded")
                .arg(when)
                .arg(r.createdByStatus.value(ExecutionFailedStatus::Failed).value(index))
                .arg(r.createdByStatus.value(ExecutionFailedStatus::Prepared).value(index))
                .arg(r.createdByStatus.value(ExecutionFailedStatus::Succeeded).value(index));
        return tr("%1: %2 succeeded, %3 failed again").arg(when).arg(r.succeeded.value(index)).arg(r.failedAgain.value(index));
    }
    case ErrorCodes:
    case Processors:
    case Functions: {
        const auto &items = chart == ErrorCodes ? r.topErrorCodes : chart == Processors ? r.topProcessors : r.topFunctions;
        const int i = int(items.size()) - 1 - index; // data are in key order, largest last
        if (i < 0 || i >= items.size())
            return {};
        return u"%1: %2"_s.arg(items[i].first).arg(items[i].second);
    }
    case Retries: {
        if (index < 0 || index >= r.retries.size())
            return {};
        const auto it = std::next(r.retries.begin(), index);
        return tr("%n retries: %L1", nullptr, it.key()).arg(it.value());
    }
    case Upcoming:
        if (index < 0 || index >= r.upcoming.size())
            return {};
        return tr("in %1–%2 h: %3 retries due").arg(index).arg(index + 1).arg(r.upcoming[index]);
    default:
        return {};
    }
}

void ChartsView::activate(Chart chart, int index)
{
    if (!m_window)
        return;
    const FailureStatsResult &r = m_stats->result();
    FailureFilter f = m_window->filter();
    switch (chart) {
    case Created:
        if (index < 0 || index >= r.bucketStarts.size())
            return;
        f.firstFailedFrom = r.bucketStarts[index];
        f.firstFailedTo = r.bucketStarts[index] + r.bucketMs - 1;
        break;
    case ErrorCodes:
    case Processors:
    case Functions: {
        const auto &items = chart == ErrorCodes ? r.topErrorCodes : chart == Processors ? r.topProcessors : r.topFunctions;
        const int i = int(items.size()) - 1 - index;
        if (i < 0 || i >= items.size())
            return;
        if (chart == ErrorCodes)
            f.errorCode = items[i].first;
        else if (chart == Processors)
            f.processorName = items[i].first;
        else {
            f.processorName = items[i].first.section(u'.', 0, 0);
            f.functionName = items[i].first.section(u'.', 1);
        }
        break;
    }
    default:
        m_window->showStatus(tr("This chart has no matching list filter."));
        return;
    }
    m_window->setFilter(f);
}

bool ChartsView::save(Chart chart, const QString &path)
{
    QCustomPlot *p = m_plots[chart];
    return path.endsWith(u".pdf"_s, Qt::CaseInsensitive) ? p->savePdf(path, 900, 500) : p->savePng(path, 900, 500);
}

} // namespace wci
