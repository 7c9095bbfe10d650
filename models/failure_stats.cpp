#include "failure_stats.h"

#include "field_paths.h"

namespace wci {

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kHour = 3600000, kDay = 86400000;
constexpr int kMaxBuckets = 900; // rows of one histogram, within Wow's aggregation limit of 1 000

Metric countOf(const QString &alias, std::optional<Condition> filter = {})
{
    Metric m;
    m.alias = alias;
    m.filter = std::move(filter);
    return m;
}

Metric numeric(NumericFunction f, const QString &field, const QString &alias)
{
    Metric m;
    m.type = MetricType::Numeric;
    m.function = f;
    m.field = field;
    m.alias = alias;
    return m;
}

Grouping group(GroupByType type, const QString &field, const QString &alias, double interval = 0)
{
    Grouping g;
    g.type = type;
    g.field = field;
    g.alias = alias;
    g.interval = interval;
    return g;
}

Condition within(const Condition &base, std::vector<Condition> more)
{
    if (base.op != Operator::All)
        more.insert(more.begin(), base);
    return more.size() == 1 ? more.front() : Condition::and_(std::move(more));
}

AggregationQuery top(const Condition &filter, std::vector<Grouping> keys)
{
    AggregationQuery q;
    q.filter = filter;
    q.groupBy = std::move(keys);
    q.metrics = {countOf(u"n"_s)};
    q.sort = {Sort{u"n"_s, SortDirection::Desc}};
    q.limit = 10;
    return q;
}

qint64 integer(const QJsonValue &v)
{
    return qint64(v.toDouble());
}

} // namespace

int FailureStatsResult::bucketOf(qint64 t) const
{
    if (bucketStarts.isEmpty() || t < from || t > to)
        return -1;
    return int(std::min<qint64>((t - from) / bucketMs, bucketStarts.size() - 1));
}

FailureStats::FailureStats(Engine *engine, QObject *parent) : QObject(parent), m_runner(new AggregationRunner(engine, this))
{
    connect(m_runner, &AggregationRunner::progress, this, [this](qint64 n) { emit progress(m_read + n); });
    connect(m_runner, &AggregationRunner::failed, this, [this](const QString &message) {
        m_computing = false;
        emit failed(message);
    });
    connect(m_runner, &AggregationRunner::finished, this, [this] {
        if (m_round == 1)
            extentKnown();
        else
            bucketsKnown();
    });
}

void FailureStats::compute(const Condition &base, qint64 now, std::optional<qint64> from, std::optional<qint64> to)
{
    m_base = base;
    m_from = from;
    m_to = to;
    m_result = {};
    m_result.now = now;
    m_computing = true;
    m_read = 0;
    m_scannedRead = -1;
    m_round = 1;
    // First the extent of the data (for the time axis) and the total.
    AggregationQuery q;
    q.filter = base;
    q.metrics = {countOf(u"total"_s), numeric(NumericFunction::Min, u"firstEventTime"_s, u"lo"_s),
                 numeric(NumericFunction::Max, u"firstEventTime"_s, u"hiFirst"_s),
                 numeric(NumericFunction::Max, field::executeAt, u"hiExecute"_s)};
    AggregationJob job;
    job.scope = base;
    job.queries = {q};
    m_runner->run({job});
}

void FailureStats::extentKnown()
{
    FailureStatsResult &r = m_result;
    if (m_runner->scanned())
        m_read += m_runner->documentsRead();
    const auto &rows = m_runner->rows(0, 0);
    const AggregationRow row = rows.empty() ? AggregationRow{} : rows.front();
    r.total = integer(row.value(u"total"_s));
    const bool empty = r.total == 0;
    const qint64 lo = integer(row.value(u"lo"_s));
    const qint64 hi = std::max(integer(row.value(u"hiFirst"_s)), integer(row.value(u"hiExecute"_s)));
    r.from = m_from.value_or(empty ? r.now - kDay : lo);
    r.to = m_to.value_or(empty ? r.now : hi);
    if (r.to <= r.from)
        r.to = r.from + kHour;
    r.bucketMs = r.to - r.from <= 3 * kDay ? kHour : kDay;
    while ((r.to - r.from) / r.bucketMs + 1 > kMaxBuckets)
        r.bucketMs += kDay; // a long range: whole days a bucket
    r.from -= r.from % r.bucketMs; // whole hours / days (UTC)
    const int buckets = int((r.to - r.from) / r.bucketMs) + 1;
    for (int i = 0; i < buckets; ++i)
        r.bucketStarts.append(r.from + i * r.bucketMs);
    for (const auto s : allExecutionFailedStatuses)
        r.createdByStatus[s] = QList<qint64>(buckets, 0);
    r.succeeded = QList<qint64>(buckets, 0);
    r.failedAgain = QList<qint64>(buckets, 0);
    r.upcoming = QList<qint64>(24, 0);

    // Then every chart of that extent, in one round.
    const auto inAxis = [&](const QString &field) {
        return std::vector<Condition>{Condition::leaf(field, Operator::Gte, QJsonValue(double(r.from))),
                                      Condition::leaf(field, Operator::Lte, QJsonValue(double(r.to)))};
    };
    AggregationQuery created;
    created.filter = within(m_base, inAxis(u"firstEventTime"_s));
    created.groupBy = {group(GroupByType::Histogram, u"firstEventTime"_s, u"bucket"_s, double(r.bucketMs))};
    for (const auto s : allExecutionFailedStatuses)
        created.metrics.push_back(countOf(enumName(s), Condition::eq(field::status, enumName(s))));
    created.limit = kMaxBuckets + 1;

    AggregationQuery outcomes;
    outcomes.filter = within(m_base, inAxis(field::executeAt));
    outcomes.groupBy = {group(GroupByType::Histogram, field::executeAt, u"bucket"_s, double(r.bucketMs))};
    outcomes.metrics = {countOf(u"succeeded"_s, Condition::eq(field::status, u"SUCCEEDED"_s)),
                        countOf(u"failedAgain"_s, Condition::and_({Condition::eq(field::status, u"FAILED"_s),
                                                                   Condition::leaf(field::retries, Operator::Gt, 0)}))};
    outcomes.limit = kMaxBuckets + 1;

    AggregationQuery retries;
    retries.filter = m_base;
    retries.groupBy = {group(GroupByType::Terms, field::retries, u"retries"_s)};
    retries.metrics = {countOf(u"n"_s)};
    retries.limit = 1000;

    // What the scheduler will pick up: failed, below the limit, not unrecoverable, due within
    // the 24 clock hours from this one.
    const qint64 hour = r.now - r.now % kHour;
    AggregationQuery upcoming;
    upcoming.filter = within(m_base, {Condition::eq(field::status, u"FAILED"_s), Condition::eq(field::isBelowRetryThreshold, true),
                                      Condition::in(field::recoverable, QJsonArray{u"RECOVERABLE"_s, u"UNKNOWN"_s}),
                                      Condition::leaf(field::nextRetryAt, Operator::Lt, QJsonValue(double(hour + 24 * kHour)))});
    upcoming.groupBy = {group(GroupByType::Histogram, field::nextRetryAt, u"hour"_s, double(kHour))};
    upcoming.metrics = {countOf(u"n"_s)};
    upcoming.limit = 1000;

    AggregationJob job;
    job.scope = m_base;
    job.queries = {created,
                   outcomes,
                   top(m_base, {group(GroupByType::Terms, field::errorCode, u"key"_s)}),
                   top(m_base, {group(GroupByType::Terms, field::functionProcessorName, u"key"_s)}),
                   top(m_base, {group(GroupByType::Terms, field::functionProcessorName, u"key"_s),
                                group(GroupByType::Terms, field::functionName, u"name"_s)}),
                   retries,
                   upcoming};
    m_round = 2;
    m_runner->run({job});
}

void FailureStats::bucketsKnown()
{
    FailureStatsResult &r = m_result;
    if (m_runner->scanned()) {
        m_read += m_runner->documentsRead();
        m_scannedRead = m_read;
    }
    const auto bucket = [&](const AggregationRow &row, const QString &key) -> int {
        const qint64 start = integer(row.value(key));
        const qint64 i = (start - r.from) / r.bucketMs;
        return start < r.from || i >= r.bucketStarts.size() ? -1 : int(i);
    };
    for (const auto &row : m_runner->rows(0, 0)) {
        if (const int b = bucket(row, u"bucket"_s); b >= 0) {
            for (const auto s : allExecutionFailedStatuses)
                r.createdByStatus[s][b] = integer(row.value(enumName(s)));
        }
    }
    for (const auto &row : m_runner->rows(0, 1)) {
        if (const int b = bucket(row, u"bucket"_s); b >= 0) {
            r.succeeded[b] = integer(row.value(u"succeeded"_s));
            r.failedAgain[b] = integer(row.value(u"failedAgain"_s));
        }
    }
    const auto tops = [&](size_t query, bool function) {
        QList<QPair<QString, qint64>> out;
        for (const auto &row : m_runner->rows(0, query)) {
            QString key = row.value(u"key"_s).toString();
            if (function)
                key += u'.' + row.value(u"name"_s).toString();
            out.append({key, integer(row.value(u"n"_s))});
        }
        return out;
    };
    r.topErrorCodes = tops(2, false);
    r.topProcessors = tops(3, false);
    r.topFunctions = tops(4, true);
    for (const auto &row : m_runner->rows(0, 5))
        r.retries[int(integer(row.value(u"retries"_s)))] += integer(row.value(u"n"_s));
    const qint64 hour = r.now - r.now % kHour;
    for (const auto &row : m_runner->rows(0, 6)) {
        const qint64 i = std::max<qint64>(0, (integer(row.value(u"hour"_s)) - hour) / kHour);
        if (i < r.upcoming.size())
            r.upcoming[int(i)] += integer(row.value(u"n"_s));
    }
    m_computing = false;
    emit finished();
}

} // namespace wci
