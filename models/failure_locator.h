#pragma once

// Finds a failure by an id a person has at hand — its execution id, the id of the event that
// failed, or the id of the aggregate that event belongs to — in any category, deleted ones
// included, and says which category shows it (the first of the sidebar's order that holds it).

#include "categories.h"
#include "engine.h"
#include "reply_guard.h"

#include <QObject>
#include <QPointer>

namespace wci {

struct LocatedFailure {
    QString id;              // what was asked for
    Snapshot snapshot;       // the newest failure it names (a deleted one from its tracing)
    FailureCategory category = FailureCategory::All;
    int matches = 1;         // failures the id names (an event or aggregate id may name several)
};

// Whether `text` can be an id: one token of letters, digits and - _ : . (no spaces).
bool looksLikeId(const QString &text);
// The snapshot condition that matches `id` as an execution, failed-event or source-aggregate id.
Condition idCondition(const QString &id);
// The first category (sidebar order, All before Deleted) whose condition holds for `snapshot`.
FailureCategory categoryOf(const Snapshot &snapshot, qint64 now);

class FailureLocator : public QObject {
    Q_OBJECT
public:
    explicit FailureLocator(Engine *engine, QObject *parent = nullptr) : QObject(parent), m_engine(engine) {}
    // Looks `id` up; ends in found() or notFound() or failed(). A new call drops the previous.
    void locate(const QString &id);

signals:
    void found(const LocatedFailure &failure);
    void notFound(const QString &id);
    void failed(const QString &id, const QString &message);

private:
    QPointer<Engine> m_engine;
    ReplyGuard m_reply;
};

} // namespace wci
