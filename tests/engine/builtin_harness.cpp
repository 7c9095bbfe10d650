#include "builtin/builtin_engine.h"
#include "engine_harness.h"

namespace wci::test {

class BuiltinHarness : public EngineHarness {
public:
    QString name() const override { return QStringLiteral("builtin"); }
    Engine *create(std::function<qint64()> clock) override
    {
        destroy();
        m_dir = std::make_unique<QTemporaryDir>();
        BuiltinEngineOptions o;
        o.path = m_dir->filePath(QStringLiteral("conformance.db"));
        o.clock = std::move(clock);
        auto r = BuiltinEngine::open(o);
        if (!r)
            qFatal("cannot open builtin engine: %s", qPrintable(r.error().message));
        m_engine = std::move(r).value();
        return m_engine.get();
    }
    void destroy() override
    {
        m_engine.reset();
        m_dir.reset();
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<BuiltinEngine> m_engine;
};

std::unique_ptr<EngineHarness> makeHarness()
{
    return std::make_unique<BuiltinHarness>();
}

} // namespace wci::test
