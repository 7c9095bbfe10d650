#pragma once

// Attaching a continuation to a future that another thread is finishing is unsafe on Qt 6.4:
// QFutureInterface::reportFinished() marks the future finished and only then runs its
// continuation, while then() runs a continuation at once when it sees the future finished and
// still stores it. When then() falls between those two steps, its continuation runs twice; the
// second run reads a moved-from QPromise and crashes (SIGSEGV in
// QFutureInterfaceBase::reportStarted). Qt 6.5 added a flag that prevents the second run.
//
// The built-in engine finishes its futures on its thread pool, so every caller that attaches
// continuations to an engine future does it through delivered(): the same result, exception
// or cancellation, on a future that is finished on `context`'s thread, by a QFutureWatcher
// (which is race-free), so then(context, ...) attached on that thread is safe:
//
//     delivered(this, engine->countSnapshots(c)).then(this, ...).onFailed(this, ...);
//
// When `context` is destroyed first, the delivered future is cancelled.

#include <QFuture>
#include <QFutureInterface>
#include <QFutureWatcher>
#include <QObject>

#include <exception>
#include <memory>
#include <type_traits>

namespace wci {

namespace detail {
// Finishes the delivered future; cancels it when dropped unfinished (its watcher was destroyed
// with the context before the source future finished).
template <typename T>
struct Delivery {
    QFutureInterface<T> out;
    Delivery() { out.reportStarted(); }
    Delivery(const Delivery &) = delete;
    Delivery &operator=(const Delivery &) = delete;
    ~Delivery()
    {
        if (!out.isFinished()) {
            out.reportCanceled();
            out.reportFinished();
        }
    }
    void settle(QFuture<T> &from)
    {
        try {
            if constexpr (std::is_void_v<T>) {
                from.waitForFinished(); // rethrows the source's exception
            } else if (from.resultCount() > 0) {
                out.reportResult(from.result()); // rethrows the source's exception
            } else {
                from.waitForFinished();
            }
            if (from.isCanceled())
                out.reportCanceled();
        } catch (...) {
            out.reportException(std::current_exception());
        }
        out.reportFinished();
    }
};
} // namespace detail

template <typename T>
QFuture<T> delivered(QObject *context, QFuture<T> future)
{
    auto delivery = std::make_shared<detail::Delivery<T>>();
    QFuture<T> out = delivery->out.future();
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher, [watcher, delivery, future]() mutable {
        watcher->deleteLater();
        delivery->settle(future);
    });
    watcher->setFuture(future);
    return out;
}

} // namespace wci
