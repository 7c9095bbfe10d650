#pragma once

// Waiting in tests without blocking the event loop: engine futures and continuations bound to
// objects on this thread keep running while we wait.

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFuture>

#include <functional>

namespace wci::testing {

// The future's result (rethrows its exception), processing events meanwhile.
template <typename T>
T await(QFuture<T> f)
{
    while (!f.isFinished())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return f.result();
}

// Processes events until `done()` or the deadline; returns `done()`.
inline bool waitFor(const std::function<bool()> &done, int ms = 30000)
{
    QDeadlineTimer deadline(ms);
    while (!done() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return done();
}

} // namespace wci::testing
