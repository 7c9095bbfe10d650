#include "failure_locator.h"
#include "delivered.h"

#include "condition_evaluator.h"
#include "field_paths.h"
#include "wire_types.h"

#include <QRegularExpression>

namespace wci {

using namespace Qt::StringLiterals;

bool looksLikeId(const QString &text)
{
    static const QRegularExpression id(u"^[A-Za-z0-9][A-Za-z0-9_:.\\-]{3,199}$"_s);
    return id.match(text.trimmed()).hasMatch();
}

Condition idCondition(const QString &id)
{
    const QString text = id.trimmed();
    return Condition::or_({Condition::eq(u"aggregateId"_s, text), Condition::eq(field::eventId, text),
                           Condition::eq(field::eventAggregateId, text)});
}

FailureCategory categoryOf(const Snapshot &snapshot, qint64 now)
{
    if (snapshot.deleted)
        return FailureCategory::Deleted;
    const ConditionEvaluator evaluator(EvaluationContext{now});
    const QJsonObject doc = parseObject(snapshot.toJsonBytes());
    for (auto c : allFailureCategories) {
        if (c == FailureCategory::All || c == FailureCategory::Deleted)
            continue;
        const auto holds = evaluator.matches(categoryCondition(c, now), doc, DocumentKind::Snapshot);
        if (holds.ok() && holds.value())
            return c;
    }
    return FailureCategory::All;
}

void FailureLocator::locate(const QString &rawId)
{
    const QString id = rawId.trimmed();
    if (!m_engine || id.isEmpty())
        return;
    const auto reply = m_reply.begin();
    ListQuery q;
    q.condition = idCondition(id);
    q.sort = {Sort{u"aggregateId"_s, SortDirection::Desc}}; // the newest first
    q.limit = 100;
    const qint64 now = m_engine->now();
    delivered(this, m_engine->listSnapshots(q, SnapshotView::Document))
        .then(this, reply([this, reply, id, now](const QList<Document> &docs) {
                  if (!docs.isEmpty()) {
                      LocatedFailure f;
                      f.id = id;
                      f.snapshot = *docs.first().as<Snapshot>();
                      f.category = categoryOf(f.snapshot, now);
                      f.matches = int(docs.size());
                      emit found(f);
                      return;
                  }
                  // Wow's queries hide deleted failures: an execution id may still name one.
                  TracingRange last;
                  last.limit = 1;
                  delivered(this, m_engine->tracing(id, last))
                      .then(this, reply([this, id](const QList<StateEvent> &trace) {
                                if (trace.isEmpty()) {
                                    emit notFound(id);
                                    return;
                                }
                                LocatedFailure f;
                                f.id = id;
                                f.snapshot = snapshotFromStateEvent(trace.last());
                                f.category = FailureCategory::Deleted;
                                if (!f.snapshot.deleted)
                                    f.category = categoryOf(f.snapshot, m_engine ? m_engine->now() : 0);
                                emit found(f);
                            }))
                      .onFailed(this, reply([this, id](const EngineError &e) {
                          if (e.errorCode == ErrorCode::NotFound)
                              emit notFound(id);
                          else
                              emit failed(id, e.errorMsg.isEmpty() ? e.errorCode : e.errorMsg);
                      }));
              }))
        .onFailed(this, reply([this, id](const EngineError &e) { emit failed(id, e.errorMsg.isEmpty() ? e.errorCode : e.errorMsg); }));
}

} // namespace wci
