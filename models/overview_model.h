#pragma once

// The numbers of the overview page, as Wow 9.x's analytics overview computes them, over a date
// range [from, to) in a time zone: summary counts of the active failures (FAILED or PREPARED),
// the top-5 pressure clusters (error code with the function) split by FAILED / PREPARED with
// the oldest attempt and the next retry, the recoverability split, the retry distribution
// (0, 1–2, 3–5, 6+), and per day the event streams that created, prepared, failed again and
// succeeded. Eight aggregation queries (AggregationRunner: on the engine when it aggregates,
// otherwise by reading the failures and their event streams). Every number has the snapshot
// condition of the failures it counts, for the list to show them.

#include "aggregation_runner.h"

#include <QTimeZone>

namespace wci {

struct OverviewRange {
    qint64 from = 0, to = 0; // epoch ms, [from, to)
    QTimeZone zone = QTimeZone::utc();
    // The last `days` whole days in `zone` up to and including the day of `now`.
    static OverviewRange lastDays(int days, qint64 now, const QTimeZone &zone);
};

enum class OverviewCard { ActionableNow, TimedOut, Unrecoverable, ActiveTotal, InRange, NewerThanRange, OlderThanRange };
inline constexpr std::array<OverviewCard, 7> allOverviewCards = {
    OverviewCard::ActionableNow, OverviewCard::TimedOut,       OverviewCard::Unrecoverable, OverviewCard::ActiveTotal,
    OverviewCard::InRange,       OverviewCard::NewerThanRange, OverviewCard::OlderThanRange,
};
enum class TrendSeries { Created, Prepared, RetriedFailed, Succeeded };
inline constexpr std::array<TrendSeries, 4> allTrendSeries = {TrendSeries::Created, TrendSeries::Prepared,
                                                              TrendSeries::RetriedFailed, TrendSeries::Succeeded};
QString trendEventName(TrendSeries s); // the event the series counts ("execution_failed_created", ...)

struct OverviewCluster {
    QString errorCode, contextName, processorName, functionName, functionKind;
    qint64 count = 0, failed = 0, prepared = 0;
    std::optional<qint64> oldestExecuteAt, nextRetryAt;
};

struct OverviewResult {
    std::array<qint64, allOverviewCards.size()> cards{};
    QList<OverviewCluster> clusters; // largest first, at most 5
    qint64 recoverable = 0, unknown = 0, unrecoverable = 0;
    std::array<qint64, 4> retries{}; // 0, 1–2, 3–5, 6+
    QList<qint64> days;              // the start of each day of the range, in its zone
    std::array<QList<qint64>, allTrendSeries.size()> trend; // per series, per day
    qint64 card(OverviewCard c) const { return cards[size_t(c)]; }
    qint64 trendTotal(TrendSeries s) const;
    // New failures minus succeeded ones, added up day by day.
    QList<qint64> netBacklog() const;
    // Succeeded / (succeeded + failed again) over the range; nullopt when neither happened.
    std::optional<double> retrySuccessRate() const;
};

class OverviewModel : public QObject {
    Q_OBJECT
public:
    explicit OverviewModel(Engine *engine, QObject *parent = nullptr);

    void refresh(const OverviewRange &range, AggregationRunner::Mode mode = AggregationRunner::Mode::Automatic);
    void cancel() { m_runner->cancel(); }
    bool isComputing() const { return m_runner->isRunning(); }
    bool hasResult() const { return m_hasResult; }
    const OverviewResult &result() const { return m_result; }
    const OverviewRange &range() const { return m_range; }
    // How the numbers were computed: by the engine's aggregation, or by reading documents.
    bool scanned() const { return m_runner->scanned(); }
    qint64 documentsRead() const { return m_runner->documentsRead(); }

    // The failures behind each number, as snapshot conditions (on the clock the counts used).
    Condition cardCondition(OverviewCard card) const;
    Condition clusterCondition(int index) const;
    Condition recoverabilityCondition(RecoverableType type) const;
    Condition retryCondition(int bucket) const;
    // Failures whose current state puts them on day `day` for the series: first failed that
    // day (Created), last attempt that day (Prepared), and FAILED after a retry or SUCCEEDED
    // with the last attempt that day.
    Condition trendCondition(TrendSeries series, int day) const;

signals:
    void progress(qint64 documentsRead);
    void finished();
    void failed(const QString &message);

private:
    // The queries of a refresh (the first job on snapshots, the second on event streams).
    std::vector<AggregationJob> jobs(const OverviewRange &range) const;
    void collect();
    Condition window(Condition inner, const OverviewRange &range) const;
    Condition cardFilter(OverviewCard card, const OverviewRange &range) const;

    QPointer<Engine> m_engine;
    AggregationRunner *m_runner;
    OverviewRange m_range, m_pending;
    CategoryClock m_clock = CategoryClock::Local;
    qint64 m_now = 0;
    OverviewResult m_result;
    bool m_hasResult = false;
};

} // namespace wci
