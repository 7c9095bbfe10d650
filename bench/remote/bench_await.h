#pragma once

// The remote benchmarks wait for an engine's future by running this thread's event loop (the
// network replies arrive through it).

#include <QCoreApplication>
#include <QEventLoop>
#include <QFuture>

namespace wci::bench {

template <typename T>
T await(QFuture<T> f)
{
    while (!f.isFinished())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return f.result();
}

} // namespace wci::bench
