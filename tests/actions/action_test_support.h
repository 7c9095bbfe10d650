#pragma once

// Shared by the action tests: a seeded database copied per test, opened with a fixed clock.

#include "builtin_engine.h"
#include "demo_seeder.h"
#include "history_models.h"
#include "test_wait.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>

namespace wci::testing {

inline constexpr qint64 kNow = 1767225600000;

inline void awaitVoid(QFuture<void> f)
{
    while (!f.isFinished())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    f.waitForFinished();
}

// Seeds `count` failures once into dir/seed.db; copy() gives a fresh file with that data.
class SeededDatabase {
public:
    SeededDatabase(const QTemporaryDir &dir, int count, quint32 seed = 5) : m_dir(dir)
    {
        m_seed = dir.filePath(QStringLiteral("seed.db"));
        SeedOptions so;
        so.count = count;
        so.seed = seed;
        so.now = kNow;
        m_ok = seedDemoDatabase(m_seed, so).ok();
    }
    bool ok() const { return m_ok; }
    QString copy()
    {
        const QString path = m_dir.filePath(QStringLiteral("copy%1.db").arg(++m_copies));
        QFile::copy(m_seed, path);
        return path;
    }
    static std::unique_ptr<BuiltinEngine> open(const QString &path, std::function<qint64()> clock = [] { return kNow; })
    {
        BuiltinEngineOptions o;
        o.path = path;
        o.clock = std::move(clock);
        return std::move(BuiltinEngine::open(o)).value();
    }

private:
    const QTemporaryDir &m_dir;
    QString m_seed;
    bool m_ok = false;
    int m_copies = 0;
};

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
