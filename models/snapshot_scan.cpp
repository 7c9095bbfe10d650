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
    if (m_engine && m_engine->capabilities().cursorPaging)
        nextByCursor({}, {});
    else
        next({});
}

QStringList SnapshotScan::projectionWithId() const
{
    // The id is where the next page starts (and where a refused cursor token goes on from).
    QStringList fields = m_projection;
    if (!fields.isEmpty() && !fields.contains(u"aggregateId"_s))
        fields.prepend(u"aggregateId"_s);
    return fields;
}

void SnapshotScan::nextByCursor(const QString &cursor, const QString &after)
{
    if (!m_engine)
        return;
    CursorQuery q;
    q.condition = m_base;
    q.sort = {Sort{u"aggregateId"_s, SortDirection::Asc}};
    const int cap = m_engine->capabilities().maxPageSize;
    q.size = cap > 0 ? std::min(m_pageSize, cap) : m_pageSize;
    q.cursor = cursor;
    q.projection.include = projectionWithId();
    const auto reply = m_reply.current();
    delivered(this, m_engine->cursorSnapshots(q, SnapshotView::Document))
        .then(this, reply([this, reply, after](const CursorPage<Document> &page) {
                  const QList<Document> docs(page.list.begin(), page.list.end());
                  m_onPage(docs);
                  if (!reply.isCurrent())
                      return; // the handler cancelled or restarted
                  if (page.nextCursor.isEmpty()) {
                      m_running = false;
                      m_onDone();
                      return;
                  }
                  nextByCursor(page.nextCursor, docs.isEmpty() ? after : docs.last().object().value("aggregateId"_L1).toString());
              }))
        .onFailed(this, reply([this, cursor, after](const EngineError &e) {
            if (e.isInvalidCursor() && !cursor.isEmpty() && m_base.op != Operator::Deleted) {
                // The server no longer takes the token: on after the last id read, by id.
                next(after);
                return;
            }
            m_running = false;
            m_onError(e.errorMsg.isEmpty() ? e.errorCode : e.errorMsg);
        }));
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
    // Deleted failures in one list, as long as the server's list limit.
    const int listLimit = m_engine->capabilities().maxListLimit;
    q.limit = deletedRoot ? listLimit : m_pageSize;
    q.projection.include = projectionWithId();
    const auto reply = m_reply.current();
    delivered(this, m_engine->listSnapshots(q, SnapshotView::Document))
        .then(this, reply([this, reply, deletedRoot, listLimit](const QList<Document> &docs) {
                  if (deletedRoot && listLimit > 0 && docs.size() >= listLimit) {
                      m_running = false;
                      m_onError(tr("The server lists at most %1 deleted failures at once and cannot page them (Wow before "
                                   "9.0); narrow the condition.")
                                    .arg(listLimit));
                      return;
                  }
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
