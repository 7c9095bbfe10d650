#pragma once

// The failure landscape as charts (QCustomPlot, kept out of this header): failures created per
// hour or day stacked by status, last-attempt outcomes over time, the top error codes,
// processors and functions, the retry-count histogram and the scheduler's load over the next
// 24 hours, for the current category and filter. Hover shows a bar's value; clicking a bar
// filters the list (a time bucket, an error code, a processor, a function); every chart can
// be saved as PNG or PDF.

#include "failure_stats.h"

#include <QDialog>
#include <QPointer>

class QCustomPlot;
class QLabel;

namespace wci {

class MainWindow;

class ChartsView : public QDialog {
    Q_OBJECT
public:
    enum Chart { Created, Outcomes, ErrorCodes, Processors, Functions, Retries, Upcoming, ChartCount };

    explicit ChartsView(MainWindow *window);
    void recompute();
    bool isReady() const { return !m_stats->isComputing() && m_ready; }
    const FailureStatsResult &result() const { return m_stats->result(); }
    QCustomPlot *plot(Chart chart) const { return m_plots[chart]; }
    // What hovering shows over bar `index` of a chart, and what a click does (filters the list).
    QString barText(Chart chart, int index) const;
    void activate(Chart chart, int index);
    // PNG or PDF, by the file's extension.
    bool save(Chart chart, const QString &path);

signals:
    void ready();

private:
    void draw();
    QPointer<MainWindow> m_window;
    FailureStats *m_stats;
    QCustomPlot *m_plots[ChartCount] = {};
    QLabel *m_status;
    bool m_ready = false;
};

} // namespace wci
