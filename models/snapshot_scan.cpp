#include "snapshot_scan.h"
#include "delivered.h"

namespace wci {

using namespace Qt::StringLiterals;

void SnapshotScan::start(const Condition &base, const QStringList &projection, PageHandler onPage,
                         std::function<void()> onDone, std::function<void(const QString &)> onError, int pageSize)
{
    m_reply.begin();
    m_base = base;
    m_projection = projection;
    m_onPage = std::move(onPage);
    m_onDone = std::move(onDone);
    m_onError = std::move(onError);
    m_pageSize = pageSize;
    m_running = true;
    next({});
}

void SnapshotScan::next(const QString &after)
{
    if (!m_engine)
        return;
    const bool deletedRoot = m_base.op == Operator::Deleted;
    ListQuery q;
    if (after.isEmpty() || deletedRoot)
        q.condition = m_base;
    else if (m_base.op == Operator::All)
        q.condition = Condition::leaf(u"aggregateId"_s, Operator::Gt, after);
    else
        q.condition = Condition::and_({m_base, Condition::leaf(u"aggregateId"_s, Operator::Gt, after)});
    q.sort = {Sort{u"aggregateId"_s, SortDirection::Asc}};
    q.limit = deletedRoot ? 0 : m_pageSize;
    q.projection.include = m_projection;
    if (!q.projection.include.isEmpty() && !q.projection.include.contains(u"aggregateId"_s))
        q.projection.include.prepend(u"aggregateId"_s); // the cursor
    const auto reply = m_reply.current();
    delivered(this, m_engine->listSnapshots(q, SnapshotView::Document))
        .then(this, reply([this, reply, deletedRoot](const QList<Document> &docs) {
                  m_onPage(docs);
                  if (!reply.isCurrent())
                      return; // the handler cancelled or restarted
                  const QString last = docs.isEmpty() ? QString() : docs.last().object().value("aggregateId"_L1).toString();
                  if (deletedRoot || docs.size() < m_pageSize || last.isEmpty()) {
                      m_running = false;
                      m_onDone();
                      return;
                  }
                  next(last);
              }))
        .onFailed(this, reply([this](const EngineError &e) {
            m_running = false;
            m_onError(e.errorMsg.isEmpty() ? e.errorCode : e.errorMsg);
        }));
}

} // namespace wci
