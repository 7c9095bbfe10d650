#include "aggregation_runner.h"
#include "delivered.h"

#include <QSet>

namespace wci {

using namespace Qt::StringLiterals;

namespace {

constexpr int kPage = 1000; // within every Wow server's list limit

void conditionFields(const Condition &c, DocumentKind kind, QSet<QString> &out)
{
    switch (c.op) {
    case Operator::Id:
    case Operator::Ids:
        out.insert(kind == DocumentKind::Snapshot ? u"aggregateId"_s : u"id"_s);
        break;
    case Operator::AggregateId:
    case Operator::AggregateIds: out.insert(u"aggregateId"_s); break;
    case Operator::TenantId: out.insert(u"tenantId"_s); break;
    case Operator::OwnerId: out.insert(u"ownerId"_s); break;
    case Operator::SpaceId: out.insert(u"spaceId"_s); break;
    case Operator::Deleted: out.insert(u"deleted"_s); break;
    case Operator::ElemMatch: {
        // The children name the element's fields: only those of each element are read.
        QSet<QString> inner;
        for (const auto &child : c.children)
            conditionFields(child, DocumentKind::State, inner);
        if (inner.isEmpty())
            out.insert(c.field);
        for (const auto &f : inner)
            out.insert(c.field + u'.' + f);
        return;
    }
    default:
        if (Condition::usesField(c.op) && !c.field.isEmpty())
            out.insert(c.field);
        break;
    }
    for (const auto &child : c.children)
        conditionFields(child, kind, out);
}

} // namespace

QStringList aggregationFields(const AggregationQuery &query, DocumentKind kind)
{
    QSet<QString> fields;
    conditionFields(query.filter, kind, fields);
    for (const auto &g : query.groupBy)
        fields.insert(g.field);
    for (const auto &m : query.metrics) {
        if (!m.field.isEmpty())
            fields.insert(m.field);
        if (m.filter)
            conditionFields(*m.filter, kind, fields);
    }
    QStringList out(fields.begin(), fields.end());
    out.sort();
    return out;
}

struct AggregationRunner::ScanState {
    size_t job = 0;
    QStringList projection;
    std::vector<std::unique_ptr<Aggregator>> aggregators;
    std::vector<bool> sameAsScope; // the query's filter is the scope's: nothing to evaluate here
    ConditionEvaluator evaluator;
    QString lastId;
    int lastVersion = 0;
};

AggregationRunner::AggregationRunner(Engine *engine, QObject *parent) : QObject(parent), m_engine(engine) {}

AggregationRunner::~AggregationRunner() = default;

void AggregationRunner::run(std::vector<AggregationJob> jobs, Mode mode)
{
    m_reply.begin();
    m_jobs = std::move(jobs);
    m_rows.assign(m_jobs.size(), {});
    for (size_t j = 0; j < m_jobs.size(); ++j)
        m_rows[j].assign(m_jobs[j].queries.size(), {});
    m_scan.reset();
    m_documentsRead = 0;
    m_outstanding = 0;
    m_running = true;
    if (!m_engine) {
        fail(tr("No connection."));
        return;
    }
    m_scanned = mode == Mode::Scan || !m_engine->capabilities().aggregation;
    if (m_scanned)
        scanJob(0);
    else
        aggregateOnEngine();
}

void AggregationRunner::cancel()
{
    m_reply.cancel();
    m_scan.reset();
    m_running = false;
}

const std::vector<AggregationRow> &AggregationRunner::rows(size_t job, size_t query) const
{
    static const std::vector<AggregationRow> none;
    return job < m_rows.size() && query < m_rows[job].size() ? m_rows[job][query] : none;
}

void AggregationRunner::fail(const QString &message)
{
    m_reply.cancel();
    m_scan.reset();
    m_running = false;
    emit failed(message);
}

void AggregationRunner::aggregateOnEngine()
{
    const auto reply = m_reply.current();
    for (size_t j = 0; j < m_jobs.size(); ++j)
        m_outstanding += int(m_jobs[j].queries.size());
    if (m_outstanding == 0) {
        m_running = false;
        emit finished();
        return;
    }
    for (size_t j = 0; j < m_jobs.size(); ++j) {
        for (size_t q = 0; q < m_jobs[j].queries.size(); ++q) {
            const AggregationQuery &query = m_jobs[j].queries[q];
            auto future = m_jobs[j].kind == DocumentKind::EventStream ? m_engine->aggregateEventStreams(query)
                                                                       : m_engine->aggregateSnapshots(query);
            delivered(this, future)
                .then(this, reply([this, j, q](const std::vector<AggregationRow> &rows) {
                          m_rows[j][q] = rows;
                          if (--m_outstanding == 0) {
                              m_running = false;
                              emit finished();
                          }
                      }))
                .onFailed(this, reply([this](const EngineError &e) {
                    fail(e.errorMsg.isEmpty() ? e.errorCode : e.errorMsg);
                }));
        }
    }
}

void AggregationRunner::scanJob(size_t job)
{
    if (job >= m_jobs.size()) {
        m_scan.reset();
        m_running = false;
        emit finished();
        return;
    }
    const AggregationJob &j = m_jobs[job];
    EvaluationContext ctx;
    ctx.now = m_engine->now();
    ctx.defaultZone = QTimeZone::utc();
    m_scan = std::make_unique<ScanState>();
    m_scan->job = job;
    m_scan->evaluator = ConditionEvaluator(ctx);
    QSet<QString> fields;
    for (const auto &q : j.queries) {
        AggregationQuery local = q;
        local.filter = Condition::all(); // evaluated here, per document
        m_scan->aggregators.push_back(std::make_unique<Aggregator>(local, j.kind, ctx));
        m_scan->sameAsScope.push_back(q.filter == j.scope);
        for (const auto &f : aggregationFields(q, j.kind))
            fields.insert(f);
    }
    fields.insert(u"aggregateId"_s); // the cursor
    if (j.kind == DocumentKind::EventStream)
        fields.insert(u"version"_s);
    m_scan->projection = QStringList(fields.begin(), fields.end());
    m_scan->projection.sort();
    scanPage(job);
}

void AggregationRunner::scanPage(size_t job)
{
    if (!m_engine || !m_scan)
        return;
    const AggregationJob &j = m_jobs[job];
    const bool snapshots = j.kind != DocumentKind::EventStream;
    const bool deletedRoot = j.scope.op == Operator::Deleted; // Wow shows deleted ones to such a query only
    ListQuery q;
    q.limit = deletedRoot ? 0 : kPage;
    q.projection.include = m_scan->projection;
    q.condition = j.scope;
    if (snapshots) {
        q.sort = {Sort{u"aggregateId"_s, SortDirection::Asc}};
        if (!m_scan->lastId.isEmpty() && !deletedRoot) {
            const Condition after = Condition::leaf(u"aggregateId"_s, Operator::Gt, m_scan->lastId);
            q.condition = j.scope.op == Operator::All ? after : Condition::and_({j.scope, after});
        }
    } else {
        q.sort = {Sort{u"aggregateId"_s, SortDirection::Asc}, Sort{u"version"_s, SortDirection::Asc}};
        if (!m_scan->lastId.isEmpty()) {
            const Condition seen = Condition::nor_({Condition::and_(
                {Condition::eq(u"aggregateId"_s, m_scan->lastId),
                 Condition::leaf(u"version"_s, Operator::Lte, m_scan->lastVersion)})});
            std::vector<Condition> parts{Condition::leaf(u"aggregateId"_s, Operator::Gte, m_scan->lastId), seen};
            if (j.scope.op != Operator::All)
                parts.push_back(j.scope);
            q.condition = Condition::and_(std::move(parts));
        }
    }
    const auto reply = m_reply.current();
    auto future = snapshots ? m_engine->listSnapshots(q, SnapshotView::Document) : m_engine->listEventStreams(q);
    delivered(this, future)
        .then(this, reply([this, job, deletedRoot](const QList<Document> &docs) {
                  if (!m_scan)
                      return;
                  for (const auto &d : docs) {
                      const QJsonObject o = d.object();
                      for (size_t i = 0; i < m_scan->aggregators.size(); ++i) {
                          if (!m_scan->sameAsScope[i]) {
                              const auto match = m_scan->evaluator.matches(m_jobs[job].queries[i].filter, o, m_jobs[job].kind);
                              if (!match) {
                                  fail(match.error().message);
                                  return;
                              }
                              if (!*match)
                                  continue;
                          }
                          if (const auto added = m_scan->aggregators[i]->add(o); !added) {
                              fail(added.error().message);
                              return;
                          }
                      }
                  }
                  m_documentsRead += docs.size();
                  emit progress(m_documentsRead);
                  if (!docs.isEmpty()) {
                      const QJsonObject last = docs.last().object();
                      m_scan->lastId = last.value("aggregateId"_L1).toString();
                      m_scan->lastVersion = last.value("version"_L1).toInt();
                  }
                  if (deletedRoot || docs.size() < kPage || m_scan->lastId.isEmpty()) {
                      for (size_t i = 0; i < m_scan->aggregators.size(); ++i) {
                          auto rows = m_scan->aggregators[i]->rows();
                          if (!rows) {
                              fail(rows.error().message);
                              return;
                          }
                          m_rows[job][i] = std::move(*rows);
                      }
                      scanJob(job + 1);
                      return;
                  }
                  scanPage(job);
              }))
        .onFailed(this, reply([this](const EngineError &e) { fail(e.errorMsg.isEmpty() ? e.errorCode : e.errorMsg); }));
}

} // namespace wci
