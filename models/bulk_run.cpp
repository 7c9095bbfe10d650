#include "bulk_run.h"
#include "delivered.h"

#include <QCoreApplication>
#include "audit_model.h"
#include "csv.h"
#include "global_id.h"

#include <QDateTime>

namespace wci {

using namespace Qt::StringLiterals;

QString bulkStateText(BulkItem::State s)
{
    switch (s) {
    case BulkItem::State::Pending: return QCoreApplication::translate("wci::BulkRun", "pending");
    case BulkItem::State::Running: return QCoreApplication::translate("wci::BulkRun", "running");
    default: return auditOutcomeText(bulkStateName(s)); // the audit log's outcome words
    }
}

QString bulkStateName(BulkItem::State s)
{
    switch (s) {
    case BulkItem::State::Pending: return u"pending"_s;
    case BulkItem::State::Skipped: return AuditOutcome::Skipped;
    case BulkItem::State::Running: return u"running"_s;
    case BulkItem::State::Succeeded: return AuditOutcome::Succeeded;
    case BulkItem::State::Failed: return AuditOutcome::Failed;
    case BulkItem::State::Cancelled: return AuditOutcome::Cancelled;
    }
    return {};
}

BulkRun::BulkRun(Engine *engine, BulkSpec spec, QStringList ids, QObject *parent)
    : QObject(parent), m_engine(engine), m_spec(std::move(spec))
{
    ids.removeDuplicates();
    for (const auto &id : ids) {
        m_index.insert(id, int(m_items.size()));
        m_items.append(BulkItem{id, BulkItem::State::Pending, {}, {}, {}});
    }
    m_spec.maxInFlight = std::max(1, m_spec.maxInFlight);
}

void BulkRun::setAudit(AuditLog *log, const AuditEntry &base)
{
    m_audit = log;
    m_auditBase = base;
}

CommandBody BulkRun::bodyFor(const Snapshot &s) const
{
    if (m_spec.body)
        return m_spec.body(s);
    switch (m_spec.action) {
    case ActionKind::Prepare: return PrepareCompensation{};
    case ActionKind::ForcePrepare: return ForcePrepareCompensation{};
    case ActionKind::Delete: return DeleteAggregate{};
    case ActionKind::Recover: return RecoverAggregate{};
    default: return PrepareCompensation{};
    }
}

void BulkRun::precheck()
{
    m_prechecked = false;
    precheckChunk(0);
}

void BulkRun::precheckChunk(int first)
{
    if (!m_engine)
        return;
    constexpr int kChunk = 200;
    if (first >= m_items.size()) {
        precheckMissing();
        return;
    }
    QJsonArray ids;
    for (int i = first; i < std::min<int>(first + kChunk, int(m_items.size())); ++i)
        ids.append(m_items.at(i).id);
    ListQuery q;
    q.condition = Condition::in(u"aggregateId"_s, ids); // live ones; deleted ones are looked up after
    q.limit = kChunk;
    delivered(this, m_engine->listSnapshots(q, SnapshotView::Document))
        .then(this,
              [this, first](const QList<Document> &docs) {
                  for (const auto &d : docs) {
                      if (auto snap = d.as<Snapshot>())
                          judge(std::move(*snap));
                  }
                  emit precheckProgress(std::min<int>(first + kChunk, int(m_items.size())), int(m_items.size()));
                  precheckChunk(first + kChunk);
              })
        .onFailed(this, [this](const EngineError &e) { emit failed(e.errorMsg.isEmpty() ? e.errorCode : e.errorMsg); });
}

void BulkRun::judge(Snapshot snap)
{
    if (!m_index.contains(snap.aggregateId))
        return;
    const qint64 now = m_spec.clock ? m_spec.clock() : (m_engine ? m_engine->now() : 0);
    BulkItem &item = m_items[m_index.value(snap.aggregateId)];
    Availability a;
    if (actionInfo(m_spec.action).command)
        a = checkCommand(snap, bodyFor(snap), now);
    else
        a = availability(m_spec.action, snap, now, false);
    if (!a.enabled) {
        item.state = BulkItem::State::Skipped;
        item.message = a.reason;
    }
    m_snapshots.insert(snap.aggregateId, std::move(snap));
}

void BulkRun::precheckMissing()
{
    // Wow's snapshot queries never return a deleted aggregate together with other conditions,
    // so the ones not found yet are read from their last tracing entry, one at a time.
    QString missing;
    for (const auto &item : std::as_const(m_items)) {
        if (item.state == BulkItem::State::Pending && !m_snapshots.contains(item.id) && !m_notFound.contains(item.id)) {
            missing = item.id;
            break;
        }
    }
    if (missing.isEmpty()) {
        for (auto &item : m_items) {
            if (item.state == BulkItem::State::Pending && !m_snapshots.contains(item.id)) {
                item.state = BulkItem::State::Skipped;
                item.message = QCoreApplication::translate("wci::BulkRun", "Not found.");
            }
        }
        m_prechecked = true;
        emit precheckProgress(int(m_items.size()), int(m_items.size()));
        emit prechecked();
        return;
    }
    TracingRange last;
    last.limit = 1;
    delivered(this, m_engine->tracing(missing, last))
        .then(this,
              [this, missing](const QList<StateEvent> &events) {
                  if (events.isEmpty())
                      m_notFound.insert(missing);
                  else
                      judge(snapshotFromStateEvent(events.last()));
                  precheckMissing();
              })
        .onFailed(this, [this, missing](const EngineError &e) {
            if (e.errorCode == ErrorCode::NotFound) {
                m_notFound.insert(missing);
                precheckMissing();
                return;
            }
            emit failed(e.errorMsg.isEmpty() ? e.errorCode : e.errorMsg);
        });
}

int BulkRun::count(BulkItem::State s) const
{
    return int(std::count_if(m_items.begin(), m_items.end(), [s](const BulkItem &i) { return i.state == s; }));
}

int BulkRun::toRun() const
{
    return count(BulkItem::State::Pending);
}

int BulkRun::skipped() const
{
    return count(BulkItem::State::Skipped);
}

QMap<QString, int> BulkRun::skipReasons() const
{
    QMap<QString, int> out;
    for (const auto &i : m_items) {
        if (i.state == BulkItem::State::Skipped)
            ++out[i.message];
    }
    return out;
}

QStringList BulkRun::idsIn(BulkItem::State s) const
{
    QStringList out;
    for (const auto &i : m_items) {
        if (i.state == s)
            out.append(i.id);
    }
    return out;
}

void BulkRun::start()
{
    if (m_running || !m_prechecked)
        return;
    m_running = true;
    m_done = 0;
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i).state == BulkItem::State::Skipped) {
            ++m_done;
            audit(i);
        }
    }
    emit progress(m_done, int(m_items.size()));
    pump();
}

void BulkRun::cancel()
{
    if (m_finished)
        return;
    m_cancelled = true;
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i).state == BulkItem::State::Pending) {
            finish(i, BulkItem::State::Cancelled, {}, QCoreApplication::translate("wci::BulkRun", "Cancelled before it was sent."));
        }
    }
    pump();
}

void BulkRun::pump()
{
    while (!m_cancelled && m_engine && m_inFlight < m_spec.maxInFlight && m_next < m_items.size()) {
        const int index = m_next++;
        BulkItem &item = m_items[index];
        if (item.state != BulkItem::State::Pending)
            continue;
        item.state = BulkItem::State::Running; // sent once: never Pending again
        item.requestId = GlobalIdGenerator::instance().next();
        ++m_inFlight;
        ++m_sent;
        const Snapshot &snap = m_snapshots[item.id];
        if (m_spec.action == ActionKind::RegenerateSnapshot) {
            delivered(this, m_engine->regenerateSnapshot(item.id))
                .then(this, [this, index] {
                    --m_inFlight;
                    finish(index, BulkItem::State::Succeeded, ErrorCode::Ok, QCoreApplication::translate("wci::BulkRun", "Snapshot regenerated."));
                    pump();
                })
                .onFailed(this, [this, index](const EngineError &e) {
                    --m_inFlight;
                    finish(index, BulkItem::State::Failed, e.errorCode, e.errorMsg);
                    pump();
                });
            continue;
        }
        Command c;
        c.aggregateId = item.id;
        c.commandId = item.requestId;
        c.body = bodyFor(snap);
        CommandOptions o = m_spec.options;
        o.requestId = item.requestId;
        o.operatorName = m_spec.operatorName;
        o.reason = m_spec.reason;
        delivered(this, m_engine->execute(c, o))
            .then(this,
                  [this, index](const CommandResult &r) {
                      --m_inFlight;
                      if (r.succeeded())
                          finish(index, BulkItem::State::Succeeded, r.errorCode,
                                 r.aggregateVersion ? QCoreApplication::translate("wci::BulkRun", "Now at version %1.").arg(*r.aggregateVersion) : QString());
                      else
                          finish(index, BulkItem::State::Failed, r.errorCode, r.errorMsg);
                      pump();
                  })
            .onFailed(this, [this, index](const EngineError &e) {
                --m_inFlight;
                finish(index, BulkItem::State::Failed, e.errorCode, e.errorMsg);
                pump();
            });
    }
    if (m_running && !m_finished && m_inFlight == 0
        && std::none_of(m_items.begin(), m_items.end(), [](const BulkItem &i) {
               return i.state == BulkItem::State::Pending || i.state == BulkItem::State::Running;
           })) {
        m_finished = true;
        m_running = false;
        emit finished();
    }
}

void BulkRun::finish(int index, BulkItem::State state, const QString &code, const QString &message)
{
    BulkItem &item = m_items[index];
    item.state = state;
    item.errorCode = code;
    item.message = message;
    ++m_done;
    audit(index);
    emit itemFinished(index);
    emit progress(m_done, int(m_items.size()));
}

void BulkRun::audit(int index)
{
    if (!m_audit)
        return;
    const BulkItem &item = m_items.at(index);
    AuditEntry e = m_auditBase;
    e.time = QDateTime::currentMSecsSinceEpoch();
    e.target = item.id;
    e.reason = m_spec.reason;
    e.operatorName = m_spec.operatorName;
    e.requestId = item.requestId;
    e.outcome = bulkStateName(item.state);
    e.errorCode = item.errorCode;
    e.message = item.message;
    if (e.action.isEmpty())
        e.action = QString(actionInfo(m_spec.action).title).remove(u"…"_s);
    if (m_snapshots.contains(item.id) && actionInfo(m_spec.action).command) {
        const CommandBody body = bodyFor(m_snapshots.value(item.id));
        e.body = QString::fromUtf8(encodeCommandBody(body));
        e.command = commandInfo(body).typeName.section(u'.', -1);
        e.change = describeChange(m_snapshots.value(item.id).state, body);
    } else if (e.command.isEmpty()) {
        e.command = e.action;
    }
    m_audit->append(e);
}

QString BulkRun::reportCsv() const
{
    QString out = csvRow({u"executionId"_s, u"outcome"_s, u"errorCode"_s, u"message"_s, u"requestId"_s});
    for (const auto &i : m_items)
        out += csvRow({i.id, bulkStateName(i.state), i.errorCode, i.message, i.requestId});
    return out;
}

} // namespace wci
