#pragma once

// The remote benchmarks wait for an engine's future by running this thread's event loop (the
// network replies arrive through it).

#include <QCoreApplication>
#include <QEventLoop>
#include <QFuture>
#include <QTimer>

namespace wci::bench {

template <typename T>
T await(QFuture<T> f)
{
    // Sleeps in the event loop between events (a spinning wait would take a core from the
    // server); the timer wakes it to check again.
    QTimer tick;
    tick.start(2);
    while (!f.isFinished())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    return f.result();
}

} // namespace wci::bench
