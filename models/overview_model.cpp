#include "overview_model.h"

#include "field_paths.h"

namespace wci {

using namespace Qt::StringLiterals;

namespace {

Condition elementMatch(const QString &field, Condition predicate)
{
    Condition c = Condition::leaf(field, Operator::ElemMatch);
    c.children.push_back(std::move(predicate));
    return c;
}

Condition none()
{
    Condition c;
    c.op = Operator::MatchNone;
    return c;
}

Condition activeCondition()
{
    return Condition::in(field::status, QJsonArray{u"FAILED"_s, u"PREPARED"_s});
}

Metric count(const QString &alias, std::optional<Condition> filter = {})
{
    Metric m;
    m.type = MetricType::Count;
    m.alias = alias;
    m.filter = std::move(filter);
    return m;
}

Metric minimum(const QString &field, const QString &alias)
{
    Metric m;
    m.type = MetricType::Numeric;
    m.function = NumericFunction::Min;
    m.field = field;
    m.alias = alias;
    return m;
}

Grouping terms(const QString &field, const QString &alias)
{
    Grouping g;
    g.type = GroupByType::Terms;
    g.field = field;
    g.alias = alias;
    return g;
}

Condition retryBucket(int bucket)
{
    switch (bucket) {
    case 0: return Condition::eq(field::retries, 0);
    case 1: return Condition::leaf(field::retries, Operator::Between, QJsonArray{1, 2});
    case 2: return Condition::leaf(field::retries, Operator::Between, QJsonArray{3, 5});
    default: return Condition::leaf(field::retries, Operator::Gte, 6);
    }
}

const char *const kCardAliases[] = {"actionableNow", "timedOut", "unrecoverable", "activeTotal",
                                    "selectedInRange", "newerThanRange", "olderThanRange"};
const char *const kRetryAliases[] = {"zero", "oneToTwo", "threeToFive", "sixPlus"};

qint64 integer(const QJsonValue &v)
{
    return qint64(v.toDouble());
}

std::optional<qint64> optionalInteger(const QJsonValue &v)
{
    return v.isDouble() ? std::optional<qint64>(qint64(v.toDouble())) : std::nullopt;
}

} // namespace

OverviewRange OverviewRange::lastDays(int days, qint64 now, const QTimeZone &zone)
{
    OverviewRange r;
    r.zone = zone;
    const qint64 today = dateBucketStart(now, DateUnit::Day, zone);
    r.to = nextDateBucket(today, DateUnit::Day, zone);
    r.from = today;
    for (int i = 1; i < days; ++i)
        r.from = dateBucketStart(r.from - 1, DateUnit::Day, zone);
    return r;
}

QString trendEventName(TrendSeries s)
{
    switch (s) {
    case TrendSeries::Created: return u"execution_failed_created"_s;
    case TrendSeries::Prepared: return u"compensation_prepared"_s;
    case TrendSeries::RetriedFailed: return u"execution_failed_applied"_s;
    case TrendSeries::Succeeded: return u"execution_success_applied"_s;
    }
    return {};
}

qint64 OverviewResult::trendTotal(TrendSeries s) const
{
    qint64 n = 0;
    for (qint64 v : trend[size_t(s)])
        n += v;
    return n;
}

QList<qint64> OverviewResult::netBacklog() const
{
    QList<qint64> out;
    qint64 running = 0;
    const auto &created = trend[size_t(TrendSeries::Created)];
    const auto &succeeded = trend[size_t(TrendSeries::Succeeded)];
    for (qsizetype i = 0; i < days.size(); ++i) {
        running += created.value(i) - succeeded.value(i);
        out.append(running);
    }
    return out;
}

std::optional<double> OverviewResult::retrySuccessRate() const
{
    const qint64 ok = trendTotal(TrendSeries::Succeeded), again = trendTotal(TrendSeries::RetriedFailed);
    if (ok + again == 0)
        return std::nullopt;
    return double(ok) / double(ok + again);
}

OverviewModel::OverviewModel(Engine *engine, QObject *parent)
    : QObject(parent), m_engine(engine), m_runner(new AggregationRunner(engine, this))
{
    connect(m_runner, &AggregationRunner::progress, this, &OverviewModel::progress);
    connect(m_runner, &AggregationRunner::failed, this, &OverviewModel::failed);
    connect(m_runner, &AggregationRunner::finished, this, &OverviewModel::collect);
}

Condition OverviewModel::window(Condition inner, const OverviewRange &range) const
{
    return Condition::and_({Condition::leaf(field::executeAt, Operator::Gte, QJsonValue(double(range.from))),
                            Condition::leaf(field::executeAt, Operator::Lt, QJsonValue(double(range.to))),
                            std::move(inner)});
}

Condition OverviewModel::cardFilter(OverviewCard card, const OverviewRange &range) const
{
    switch (card) {
    case OverviewCard::ActionableNow: return window(categoryCondition(FailureCategory::NextRetry, m_now, m_clock), range);
    case OverviewCard::TimedOut: {
        const Condition late = m_clock == CategoryClock::Server
                                   ? Condition::leaf(field::timeoutAt, Operator::BeforeNow, u"PT0S"_s)
                                   : Condition::leaf(field::timeoutAt, Operator::Lt, QJsonValue(double(m_now)));
        return window(Condition::and_({Condition::eq(field::status, u"PREPARED"_s), late}), range);
    }
    case OverviewCard::Unrecoverable: return window(Condition::eq(field::recoverable, u"UNRECOVERABLE"_s), range);
    case OverviewCard::ActiveTotal: return activeCondition();
    case OverviewCard::InRange: return window(activeCondition(), range);
    case OverviewCard::NewerThanRange: return Condition::leaf(field::executeAt, Operator::Gte, QJsonValue(double(range.to)));
    case OverviewCard::OlderThanRange: return Condition::leaf(field::executeAt, Operator::Lt, QJsonValue(double(range.from)));
    }
    return Condition::all();
}

std::vector<AggregationJob> OverviewModel::jobs(const OverviewRange &range) const
{
    AggregationJob snapshots;
    snapshots.kind = DocumentKind::Snapshot;
    snapshots.scope = activeCondition();

    AggregationQuery summary;
    summary.filter = activeCondition();
    for (auto c : allOverviewCards) {
        const Condition f = cardFilter(c, range);
        summary.metrics.push_back(count(QString::fromLatin1(kCardAliases[size_t(c)]),
                                        c == OverviewCard::ActiveTotal ? std::nullopt : std::optional<Condition>(f)));
    }
    snapshots.queries.push_back(summary);

    AggregationQuery clusters;
    clusters.filter = window(activeCondition(), range);
    clusters.groupBy = {terms(field::errorCode, u"errorCode"_s), terms(field::functionContextName, u"contextName"_s),
                        terms(field::functionProcessorName, u"processorName"_s), terms(field::functionName, u"functionName"_s),
                        terms(field::functionKind, u"functionKind"_s)};
    clusters.metrics = {count(u"currentCount"_s), count(u"failed"_s, Condition::eq(field::status, u"FAILED"_s)),
                        minimum(field::executeAt, u"oldestExecuteAt"_s), minimum(field::nextRetryAt, u"nextRetryAt"_s)};
    clusters.sort = {Sort{u"currentCount"_s, SortDirection::Desc}};
    clusters.limit = 5;
    snapshots.queries.push_back(clusters);

    AggregationQuery recoverability;
    recoverability.filter = window(activeCondition(), range);
    recoverability.groupBy = {terms(field::recoverable, u"recoverable"_s)};
    recoverability.metrics = {count(u"count"_s)};
    snapshots.queries.push_back(recoverability);

    AggregationQuery retries;
    retries.filter = window(activeCondition(), range);
    for (int b = 0; b < 4; ++b)
        retries.metrics.push_back(count(QString::fromLatin1(kRetryAliases[b]), retryBucket(b)));
    snapshots.queries.push_back(retries);

    // The daily trend: event streams by their time, one query per event name (the shape Wow's
    // dashboard sends); the fallback reads the streams of all four names once.
    AggregationJob events;
    events.kind = DocumentKind::EventStream;
    const auto created = [&](Condition name) {
        return Condition::and_({Condition::leaf(u"createTime"_s, Operator::Gte, QJsonValue(double(range.from))),
                                Condition::leaf(u"createTime"_s, Operator::Lt, QJsonValue(double(range.to))),
                                elementMatch(u"body"_s, std::move(name))});
    };
    QJsonArray names;
    for (auto s : allTrendSeries)
        names.append(trendEventName(s));
    events.scope = created(Condition::in(u"name"_s, names));
    int days = 0;
    for (qint64 d = range.from; d < range.to; d = nextDateBucket(d, DateUnit::Day, range.zone))
        ++days;
    for (auto s : allTrendSeries) {
        AggregationQuery q;
        q.filter = created(Condition::eq(u"name"_s, trendEventName(s)));
        Grouping g;
        g.type = GroupByType::DateHistogram;
        g.field = u"createTime"_s;
        g.alias = u"bucket"_s;
        g.unit = DateUnit::Day;
        g.timeZone = QString::fromUtf8(range.zone.id());
        g.dense = true;
        q.groupBy = {g};
        q.metrics = {count(u"streamCount"_s)};
        q.limit = std::clamp(days, 1, 1000);
        events.queries.push_back(q);
    }
    return {snapshots, events};
}

void OverviewModel::refresh(const OverviewRange &range, AggregationRunner::Mode mode)
{
    if (!m_engine)
        return;
    m_pending = range;
    m_now = m_engine->now();
    m_clock = categoryClock(m_engine->capabilities());
    m_runner->run(jobs(range), mode);
}

void OverviewModel::collect()
{
    OverviewResult r;
    const OverviewRange &range = m_pending;
    if (const auto &rows = m_runner->rows(0, 0); !rows.empty()) {
        for (auto c : allOverviewCards)
            r.cards[size_t(c)] = integer(rows.front().value(QString::fromLatin1(kCardAliases[size_t(c)])));
    }
    for (const auto &row : m_runner->rows(0, 1)) {
        OverviewCluster c;
        c.errorCode = row.value(u"errorCode"_s).toString();
        c.contextName = row.value(u"contextName"_s).toString();
        c.processorName = row.value(u"processorName"_s).toString();
        c.functionName = row.value(u"functionName"_s).toString();
        c.functionKind = row.value(u"functionKind"_s).toString();
        c.count = integer(row.value(u"currentCount"_s));
        c.failed = integer(row.value(u"failed"_s));
        c.prepared = c.count - c.failed; // the active ones are FAILED or PREPARED
        c.oldestExecuteAt = optionalInteger(row.value(u"oldestExecuteAt"_s));
        c.nextRetryAt = optionalInteger(row.value(u"nextRetryAt"_s));
        r.clusters.append(c);
    }
    for (const auto &row : m_runner->rows(0, 2)) {
        const qint64 n = integer(row.value(u"count"_s));
        const auto type = parseRecoverableType(row.value(u"recoverable"_s).toString());
        if (type == RecoverableType::Recoverable)
            r.recoverable += n;
        else if (type == RecoverableType::Unrecoverable)
            r.unrecoverable += n;
        else
            r.unknown += n; // UNKNOWN, and a value this version does not know
    }
    if (const auto &rows = m_runner->rows(0, 3); !rows.empty()) {
        for (int b = 0; b < 4; ++b)
            r.retries[size_t(b)] = integer(rows.front().value(QString::fromLatin1(kRetryAliases[b])));
    }
    for (qint64 d = range.from; d < range.to; d = nextDateBucket(d, DateUnit::Day, range.zone))
        r.days.append(d);
    for (size_t s = 0; s < allTrendSeries.size(); ++s) {
        r.trend[s] = QList<qint64>(r.days.size(), 0);
        for (const auto &row : m_runner->rows(1, s)) {
            const qsizetype i = r.days.indexOf(integer(row.value(u"bucket"_s)));
            if (i >= 0)
                r.trend[s][i] = integer(row.value(u"streamCount"_s));
        }
    }
    m_range = range;
    m_result = std::move(r);
    m_hasResult = true;
    emit finished();
}

Condition OverviewModel::cardCondition(OverviewCard card) const
{
    if (card == OverviewCard::ActiveTotal)
        return activeCondition();
    return Condition::and_({activeCondition(), cardFilter(card, m_range)});
}

Condition OverviewModel::clusterCondition(int index) const
{
    if (index < 0 || index >= m_result.clusters.size())
        return none();
    const OverviewCluster &c = m_result.clusters.at(index);
    return Condition::and_({window(activeCondition(), m_range), Condition::eq(field::errorCode, c.errorCode),
                            Condition::eq(field::functionContextName, c.contextName),
                            Condition::eq(field::functionProcessorName, c.processorName),
                            Condition::eq(field::functionName, c.functionName),
                            Condition::eq(field::functionKind, c.functionKind)});
}

Condition OverviewModel::recoverabilityCondition(RecoverableType type) const
{
    return window(Condition::and_({activeCondition(), Condition::eq(field::recoverable, enumName(type))}), m_range);
}

Condition OverviewModel::retryCondition(int bucket) const
{
    return window(Condition::and_({activeCondition(), retryBucket(std::clamp(bucket, 0, 3))}), m_range);
}

Condition OverviewModel::trendCondition(TrendSeries series, int day) const
{
    if (day < 0 || day >= m_result.days.size())
        return none();
    const qint64 start = m_result.days.at(day);
    const qint64 end = nextDateBucket(start, DateUnit::Day, m_range.zone);
    const auto on = [&](const QString &field) {
        return std::vector<Condition>{Condition::leaf(field, Operator::Gte, QJsonValue(double(start))),
                                      Condition::leaf(field, Operator::Lt, QJsonValue(double(end)))};
    };
    std::vector<Condition> parts;
    switch (series) {
    case TrendSeries::Created: parts = on(u"firstEventTime"_s); break;
    case TrendSeries::Prepared: parts = on(field::executeAt); break;
    case TrendSeries::RetriedFailed:
        parts = on(field::executeAt);
        parts.push_back(Condition::eq(field::status, u"FAILED"_s));
        parts.push_back(Condition::leaf(field::retries, Operator::Gt, 0));
        break;
    case TrendSeries::Succeeded:
        parts = on(field::executeAt);
        parts.push_back(Condition::eq(field::status, u"SUCCEEDED"_s));
        break;
    }
    return Condition::and_(std::move(parts));
}

} // namespace wci
