#pragma once

// The numbers behind the charts page, for the failures of a base condition: failures created
// per hour or day stacked by current status, last-attempt outcomes over time, the top error
// codes, processors and functions, a retry-count histogram and the scheduler's load over the
// next 24 hours. Computed by reading the failures in id order, a page of at most 1 000 at a
// time, with only the fields needed.

#include "snapshot_scan.h"

#include <QPointer>

namespace wci {

struct FailureStatsResult {
    qint64 total = 0;
    qint64 from = 0, to = 0;   // the time axis (epoch ms)
    qint64 bucketMs = 3600000; // an hour or a day
    QList<qint64> bucketStarts;
    // Per bucket, by current status (every ExecutionFailedStatus), by first failure time.
    QMap<ExecutionFailedStatus, QList<qint64>> createdByStatus;
    // Per bucket, by the time of the last attempt: succeeded vs failed again (retries > 0).
    QList<qint64> succeeded, failedAgain;
    QList<QPair<QString, qint64>> topErrorCodes, topProcessors, topFunctions; // largest first, at most 10
    QMap<int, qint64> retries; // retry count → failures
    // The next 24 hours from `now`, per hour; the first also holds the ones already due.
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

signals:
    void finished();
    void failed(const QString &message);
    void progress(qint64 scanned);

private:
    struct Row {
        qint64 firstFailed, executeAt, nextRetryAt;
        int retries, maxRetries;
        std::optional<ExecutionFailedStatus> status; // none: a name this version does not know
        std::optional<RecoverableType> recoverable;
    };
    void add(const QJsonObject &doc);
    void finish();

    SnapshotScan *m_scan;
    std::optional<qint64> m_from, m_to;
    bool m_computing = false;
    QList<Row> m_rows;
    QHash<QString, qint64> m_codes, m_processors, m_functions;
    FailureStatsResult m_result;
};

} // namespace wci
