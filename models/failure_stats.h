#pragma once

// The numbers behind the charts page, for the failures of a base condition: failures created
// per hour or day stacked by current status, last-attempt outcomes over time, the top error
// codes, processors and functions, a retry-count histogram and the scheduler's load over the
// next 24 hours (by clock hour). Two rounds of aggregation queries (AggregationRunner: on the
// engine when it aggregates, otherwise by reading the failures, only the fields needed): the
// extent and total, then the buckets of that extent and the tops.

#include "aggregation_runner.h"

#include <QPointer>

namespace wci {

struct FailureStatsResult {
    qint64 total = 0;
    qint64 from = 0, to = 0;   // the time axis (epoch ms)
    qint64 bucketMs = 3600000; // an hour, a day, or whole days when the range is long
    QList<qint64> bucketStarts;
    // Per bucket, by current status (every ExecutionFailedStatus), by first failure time.
    QMap<ExecutionFailedStatus, QList<qint64>> createdByStatus;
    // Per bucket, by the time of the last attempt: succeeded vs failed again (retries > 0).
    QList<qint64> succeeded, failedAgain;
    QList<QPair<QString, qint64>> topErrorCodes, topProcessors, topFunctions; // largest first, at most 10
    QMap<int, qint64> retries; // retry count → failures
    // The 24 clock hours from the one holding `now` (UTC hours); the first also holds the ones
    // already due.
    qint64 now = 0;
    QList<qint64> upcoming;

    int bucketOf(qint64 t) const;
};

class FailureStats : public QObject {
    Q_OBJECT
public:
    explicit FailureStats(Engine *engine, QObject *parent = nullptr);
    // `from`/`to`: the time range to show (the filter's); nullopt: the data's own.
    void compute(const Condition &base, qint64 now, std::optional<qint64> from = {}, std::optional<qint64> to = {});
    bool isComputing() const { return m_computing; }
    const FailureStatsResult &result() const { return m_result; }

    // How the last result was computed: by the engine's aggregation, or by reading documents.
    bool scanned() const { return m_scannedRead >= 0; }
    qint64 documentsRead() const { return std::max<qint64>(0, m_scannedRead); }

signals:
    void finished();
    void failed(const QString &message);
    void progress(qint64 scanned);

private:
    void extentKnown();
    void bucketsKnown();

    AggregationRunner *m_runner;
    Condition m_base;
    std::optional<qint64> m_from, m_to;
    bool m_computing = false;
    int m_round = 0;
    qint64 m_read = 0, m_scannedRead = -1;
    FailureStatsResult m_result;
};

} // namespace wci
