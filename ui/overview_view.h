#pragma once

// The overview page, the window's first page when a connection opens: what Wow 9.x's analytics
// overview shows, over a chosen range of days and time zone. Summary cards (actionable now,
// timed out, unrecoverable, active; inside / after / before the range), the top-5 pressure
// clusters with their FAILED / PREPARED split, oldest attempt and next retry, the
// recoverability split, the retry distribution and the daily trend of new, prepared,
// failed-again and succeeded failures with the net backlog and the retry success rate
// (QCustomPlot, kept out of this header). Every card, cluster and bar opens the failures it
// counts in the list. It computes on the engine (OverviewModel) and never blocks the window; a
// line says whether the server aggregated or how many documents were read instead.

#include "overview_model.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QCustomPlot;
class QLabel;
class QTableWidget;
class QToolButton;

namespace wci {

class MainWindow;

class OverviewView : public QWidget {
    Q_OBJECT
public:
    enum Chart { Recoverability, Retries, Trend, ChartCount };

    explicit OverviewView(MainWindow *window);
    // Computes again for the window's engine (a new connection: a new model).
    void setEngine(Engine *engine);
    void recompute();
    // Recomputes when shown next (the list refreshed while the page was hidden).
    void markStale() { m_stale = true; }
    bool isStale() const { return m_stale; }
    OverviewModel *model() const { return m_model; }
    OverviewRange range() const;
    void setRangeDays(int days);
    QToolButton *card(OverviewCard card) const { return m_cards[size_t(card)]; }
    QTableWidget *clusters() const { return m_clusters; }
    QCustomPlot *plot(Chart chart) const { return m_plots[chart]; }
    QString statusText() const;
    // What a click on bar/point `index` of a chart does: lists the failures it counts.
    void activate(Chart chart, int index, int series = 0);

signals:
    void ready();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void draw();
    void showFailures(const Condition &condition, const QString &label);

    QPointer<MainWindow> m_window;
    OverviewModel *m_model = nullptr;
    QComboBox *m_days;
    QComboBox *m_zone;
    QLabel *m_status;
    std::array<QToolButton *, allOverviewCards.size()> m_cards{};
    QTableWidget *m_clusters;
    QCustomPlot *m_plots[ChartCount] = {};
    QLabel *m_rate;
    bool m_stale = true;
    qint64 m_started = 0;
};

} // namespace wci
