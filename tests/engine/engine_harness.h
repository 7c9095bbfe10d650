#pragma once

// What the engine conformance suite needs from an engine under test: a fresh engine on an
// empty store with a clock the test controls. One harness per engine kind.

#include "engine.h"
#include "test_wait.h"

#include <QTemporaryDir>

#include <atomic>
#include <memory>
#include <variant>

namespace wci::test {

class EngineHarness {
public:
    virtual ~EngineHarness() = default;
    virtual QString name() const = 0;
    // A new engine over an empty store; `clock` is read for "now".
    virtual Engine *create(std::function<qint64()> clock) = 0;
    // Drops the engine and its store.
    virtual void destroy() = 0;
    // Whether the engine speaks Wow 9.x's reads (aggregation, cursor paging); a remote engine
    // behind a server answering as Wow 8.10 does not (those routes are 404 there).
    virtual bool wow9Reads() const { return true; }
    // Whether the server refuses reserved Command-Header-* keys (Wow 9.2.3 and later): the
    // operator and trace id are then not recorded from the client.
    virtual bool reservedHeadersRefused() const { return false; }
};

std::unique_ptr<EngineHarness> makeHarness();

// The result or the EngineError of a finished future.
template <typename T>
std::variant<T, EngineError> outcome(QFuture<T> f)
{
    if (!testing::waitForFinished(f, 20000))
        return EngineError(u"TestTimeout"_qs, u"the engine did not answer in time"_qs);
    try {
        return f.result();
    } catch (const EngineError &e) {
        return e;
    } catch (const std::exception &e) {
        return EngineError(u"UnexpectedException"_qs, QString::fromUtf8(e.what()));
    }
}

inline std::optional<EngineError> outcomeVoid(QFuture<void> f)
{
    if (!testing::waitForFinished(f, 20000))
        return EngineError(u"TestTimeout"_qs, u"the engine did not answer in time"_qs);
    try {
        f.waitForFinished();
        return std::nullopt;
    } catch (const EngineError &e) {
        return e;
    }
}

// The value of a future that must succeed (a failure ends the test binary with the error).
template <typename T>
T ok(QFuture<T> f)
{
    auto o = outcome(std::move(f));
    if (auto *e = std::get_if<EngineError>(&o))
        qFatal("engine call failed: %s", qPrintable(e->toString()));
    return std::get<T>(std::move(o));
}

// The error of a future that must fail.
template <typename T>
EngineError err(QFuture<T> f)
{
    auto o = outcome(std::move(f));
    if (auto *e = std::get_if<EngineError>(&o))
        return *e;
    qFatal("engine call succeeded where it should have failed");
}

} // namespace wci::test
