#pragma once

// Demo databases and built-in engines for the tests, all on the fixed clock (test_clock.h):
// one seeding call, one way to open an engine, one way to hand it to the window.

#include "builtin/builtin_engine.h"
#include "builtin/demo_seeder.h"
#include "engine_factory.h"
#include "test_clock.h"

#include <QFile>
#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace wci::testing {

// Seeds `count` demo failures into `path` (created or added to), deterministic for `seed`.
inline Result<SeedReport> seedDatabase(const QString &path, int count, quint32 seed, qint64 now = kNow)
{
    SeedOptions so;
    so.count = count;
    so.seed = seed;
    so.now = now;
    return seedDemoDatabase(path, so);
}

// The built-in engine on `path` with the fixed clock (or `clock`).
inline std::unique_ptr<BuiltinEngine> openBuiltin(const QString &path, std::function<qint64()> clock = [] { return kNow; })
{
    BuiltinEngineOptions o;
    o.path = path;
    o.clock = std::move(clock);
    return std::move(BuiltinEngine::open(o)).value();
}

// The window's connection to a built-in database, on the fixed clock.
inline EngineConnection builtinConnection(const QString &path, bool readOnly = false)
{
    BuiltinOpenOptions o;
    o.readOnly = readOnly;
    o.create = false;
    o.clock = [] { return kNow; };
    return std::move(openBuiltinConnection(path, o)).value();
}

// Seeds `count` failures once into dir/seed.db; copy() gives a fresh file with that data.
class SeededDatabase {
public:
    SeededDatabase(const QTemporaryDir &dir, int count, quint32 seed = 5) : m_dir(dir)
    {
        m_seed = dir.filePath(QStringLiteral("seed.db"));
        m_ok = seedDatabase(m_seed, count, seed).ok();
    }
    bool ok() const { return m_ok; }
    QString path() const { return m_seed; }
    QString copy()
    {
        const QString path = m_dir.filePath(QStringLiteral("copy%1.db").arg(++m_copies));
        QFile::copy(m_seed, path);
        return path;
    }
    static std::unique_ptr<BuiltinEngine> open(const QString &path, std::function<qint64()> clock = [] { return kNow; })
    {
        return openBuiltin(path, std::move(clock));
    }

private:
    const QTemporaryDir &m_dir;
    QString m_seed;
    bool m_ok = false;
    int m_copies = 0;
};

} // namespace wci::testing
