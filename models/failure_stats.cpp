#include "failure_stats.h"

#include "field_paths.h"

namespace wci {

using namespace Qt::StringLiterals;

int FailureStatsResult::bucketOf(qint64 t) const
{
    if (bucketStarts.isEmpty() || t < from || t > to)
        return -1;
    return int(std::min<qint64>((t - from) / bucketMs, bucketStarts.size() - 1));
}

FailureStats::FailureStats(Engine *engine, QObject *parent) : QObject(parent), m_scan(new SnapshotScan(engine, this)) {}

void FailureStats::compute(const Condition &base, qint64 now, std::optional<qint64> from, std::optional<qint64> to)
{
    m_from = from;
    m_to = to;
    m_rows.clear();
    m_codes.clear();
    m_processors.clear();
    m_functions.clear();
    m_result = {};
    m_result.now = now;
    m_computing = true;
    m_scan->start(
        base,
        {u"firstEventTime"_s, field::status, field::recoverable, field::executeAt, field::retryState, field::maxRetries,
         field::errorCode, field::functionProcessorName, field::functionName},
        [this](const QList<Document> &docs) {
            for (const auto &d : docs)
                add(d.object());
            emit progress(m_rows.size());
        },
        [this] { finish(); },
        [this](const QString &message) {
            m_computing = false;
            emit failed(message);
        });
}

void FailureStats::add(const QJsonObject &o)
{
    const QJsonObject s = o.value("state"_L1).toObject();
    const QJsonObject rs = s.value("retryState"_L1).toObject();
    const QJsonObject fn = s.value("function"_L1).toObject();
    m_rows.append(Row{qint64(o.value("firstEventTime"_L1).toDouble()), qint64(s.value("executeAt"_L1).toDouble()),
                      qint64(rs.value("nextRetryAt"_L1).toDouble()), rs.value("retries"_L1).toInt(),
                      s.value("retrySpec"_L1).toObject().value("maxRetries"_L1).toInt(),
                      parseExecutionFailedStatus(s.value("status"_L1).toString()),
                      parseRecoverableType(s.value("recoverable"_L1).toString())});
    ++m_codes[s.value("error"_L1).toObject().value("errorCode"_L1).toString()];
    ++m_processors[fn.value("processorName"_L1).toString()];
    ++m_functions[fn.value("processorName"_L1).toString() + u'.' + fn.value("name"_L1).toString()];
}

static QList<QPair<QString, qint64>> top(const QHash<QString, qint64> &counts)
{
    QList<QPair<QString, qint64>> all;
    for (auto it = counts.begin(); it != counts.end(); ++it)
        all.append({it.key(), it.value()});
    std::sort(all.begin(), all.end(), [](const auto &a, const auto &b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    return all.mid(0, 10);
}

void FailureStats::finish()
{
    FailureStatsResult &r = m_result;
    r.total = m_rows.size();
    qint64 lo = std::numeric_limits<qint64>::max(), hi = 0;
    for (const auto &row : std::as_const(m_rows)) {
        lo = std::min(lo, row.firstFailed);
        hi = std::max(hi, std::max(row.firstFailed, row.executeAt));
    }
    r.from = m_from.value_or(m_rows.isEmpty() ? r.now - 86400000 : lo);
    r.to = m_to.value_or(m_rows.isEmpty() ? r.now : hi);
    if (r.to <= r.from)
        r.to = r.from + 3600000;
    r.bucketMs = r.to - r.from <= 3 * 86400000LL ? 3600000 : 86400000;
    r.from -= r.from % r.bucketMs; // whole hours / days (UTC)
    const int buckets = int((r.to - r.from) / r.bucketMs) + 1;
    for (int i = 0; i < buckets; ++i)
        r.bucketStarts.append(r.from + i * r.bucketMs);
    for (const auto s : allExecutionFailedStatuses)
        r.createdByStatus[s] = QList<qint64>(buckets, 0);
    r.succeeded = QList<qint64>(buckets, 0);
    r.failedAgain = QList<qint64>(buckets, 0);
    r.upcoming = QList<qint64>(24, 0);
    for (const auto &row : std::as_const(m_rows)) {
        if (const int b = r.bucketOf(row.firstFailed); b >= 0 && row.status)
            ++r.createdByStatus[*row.status][b];
        if (const int b = r.bucketOf(row.executeAt); b >= 0) {
            if (row.status == ExecutionFailedStatus::Succeeded)
                ++r.succeeded[b];
            else if (row.status == ExecutionFailedStatus::Failed && row.retries > 0)
                ++r.failedAgain[b];
        }
        ++r.retries[row.retries];
        // What the scheduler will pick up: failed, below the limit, not unrecoverable.
        if (row.status == ExecutionFailedStatus::Failed && row.retries < row.maxRetries
            && row.recoverable != RecoverableType::Unrecoverable
            && row.nextRetryAt < r.now + 24 * 3600000LL)
            ++r.upcoming[int(std::max<qint64>(0, row.nextRetryAt - r.now) / 3600000)];
    }
    r.topErrorCodes = top(m_codes);
    r.topProcessors = top(m_processors);
    r.topFunctions = top(m_functions);
    m_rows.clear();
    m_computing = false;
    emit finished();
}

} // namespace wci
