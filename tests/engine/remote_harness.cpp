// The conformance suite's remote variants: RemoteEngine → serve (WowApiServer) → BuiltinEngine,
// all on 127.0.0.1 in this process; serve answers as Wow 8.10, or as current Wow when built
// with WCI_REMOTE_CURRENT.

#include "builtin/builtin_engine.h"
#include "engine_harness.h"
#include "remote/remote_engine.h"
#include "wow_api_server.h"

namespace wci::test {

class RemoteHarness : public EngineHarness {
public:
#ifdef WCI_REMOTE_CURRENT
    // serve as current Wow (9.3): filter bodies, aggregation, cursors, 9.2.3's header checks.
    static constexpr WowGeneration kGeneration = WowGeneration::Current;
#else
    static constexpr WowGeneration kGeneration = WowGeneration::V8_10;
#endif
    QString name() const override
    {
        return kGeneration == WowGeneration::Current ? QStringLiteral("remote-current") : QStringLiteral("remote");
    }
    bool wow9Reads() const override { return kGeneration == WowGeneration::Current; }
    bool reservedHeadersRefused() const override { return kGeneration == WowGeneration::Current; }
    Engine *create(std::function<qint64()> clock) override
    {
        destroy();
        m_dir = std::make_unique<QTemporaryDir>();
        BuiltinEngineOptions o;
        o.path = m_dir->filePath(QStringLiteral("remote.db"));
        o.clock = std::move(clock);
        m_backend = std::move(BuiltinEngine::open(o)).value();
        WowApiServerConfig c;
        c.generation = kGeneration;
        // The suite checks engine semantics: Wow's guard keeps its limits (the client must page
        // within them) but allows the operators the suite uses; bodies up to 32 MiB reach the
        // engine's own input limits.
        c.guard.allowExpensiveOperators = true;
        c.http.maxBodyBytes = 32 * 1024 * 1024;
        m_server = std::make_unique<WowApiServer>(m_backend.get(), c);
        if (!m_server->listen(QHostAddress::LocalHost, 0))
            qFatal("cannot listen on 127.0.0.1");
        RemoteEngineOptions r;
        r.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server->port()));
        r.timeoutMs = 15000;
        m_remote = std::make_unique<RemoteEngine>(r);
        return m_remote.get();
    }
    void destroy() override
    {
        m_remote.reset();
        m_server.reset();
        m_backend.reset();
        m_dir.reset();
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<BuiltinEngine> m_backend;
    std::unique_ptr<WowApiServer> m_server;
    std::unique_ptr<RemoteEngine> m_remote;
};

std::unique_ptr<EngineHarness> makeHarness()
{
    return std::make_unique<RemoteHarness>();
}

} // namespace wci::test
