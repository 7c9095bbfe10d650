#pragma once

// Shared by the action tests: snapshots read back from the engine, deleted ones included.

#include "engine.h"
#include "test_fixtures.h"
#include "test_wait.h"

namespace wci::testing {

// A snapshot whether deleted or not (Wow serves none for a deleted aggregate: its last
// tracing entry then).
inline Snapshot snapshotOf(Engine &engine, const QString &id)
{
    try {
        return *await(engine.getSnapshot(id)).as<Snapshot>();
    } catch (const EngineError &) {
        TracingRange last;
        last.limit = 1;
        return snapshotFromStateEvent(await(engine.tracing(id, last)).last());
    }
}

inline QList<Snapshot> allSnapshots(Engine &engine, const Condition &condition = Condition::deleted(DeletionState::All))
{
    ListQuery q;
    q.condition = condition;
    q.sort = {Sort{QStringLiteral("aggregateId"), SortDirection::Asc}};
    QList<Snapshot> out;
    for (const auto &d : await(engine.listSnapshots(q, SnapshotView::Document)))
        out.append(*d.as<Snapshot>());
    return out;
}

} // namespace wci::testing
