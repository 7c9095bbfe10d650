#pragma once

// Waiting in tests without blocking the event loop: engine futures and continuations bound to
// objects on this thread keep running while we wait. Every wait has a deadline, so a broken
// engine fails the test instead of hanging it.

#include <QEventLoop>
#include <QFuture>
#include <QFutureWatcher>
#include <QTest>
#include <QTimer>

#include <functional>
#include <stdexcept>
#include <type_traits>

namespace wci::testing {

inline constexpr int kWaitMs = 30000;

// Runs the event loop until the future finishes or the deadline passes; whether it finished.
template <typename T>
bool waitForFinished(const QFuture<T> &f, int ms = kWaitMs)
{
    if (f.isFinished())
        return true;
    QEventLoop loop;
    QFutureWatcher<T> watcher;
    QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    watcher.setFuture(f);
    if (!f.isFinished())
        loop.exec();
    return f.isFinished();
}

// The future's result (rethrows its exception). Throws when the deadline passes first (Qt Test
// reports the exception as the test's failure).
template <typename T>
T await(QFuture<T> f, int ms = kWaitMs)
{
    if (!waitForFinished(f, ms))
        throw std::runtime_error("await: the future did not finish in time");
    if constexpr (std::is_void_v<T>)
        f.waitForFinished(); // rethrows a failure
    else
        return f.result();
}

// Processes events until `done()` or the deadline; returns `done()`.
inline bool waitFor(const std::function<bool()> &done, int ms = kWaitMs)
{
    return QTest::qWaitFor(done, ms);
}

} // namespace wci::testing
