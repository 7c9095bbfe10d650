#pragma once

// Parts of one query run at once: the first on the calling thread, each other one on a thread of
// Qt's global pool when one is free at that moment, else on the calling thread after the first
// (not queued behind the pool's other work). Returns the parts' results in order; when parts
// throw, rethrows the first one's exception, as it is, once every part has ended (parts may use
// the caller's locals).

#include <QThreadPool>

#include <cstddef>
#include <exception>
#include <functional>
#include <future>
#include <vector>

namespace wci {

template <typename T>
std::vector<T> runAtOnce(std::size_t count, const std::function<T(std::size_t)> &part)
{
    std::vector<T> results(count);
    std::vector<std::exception_ptr> errors(count);
    const auto run = [&](std::size_t i) {
        try {
            results[i] = part(i);
        } catch (...) {
            errors[i] = std::current_exception();
        }
    };
    std::vector<std::promise<void>> done(count);
    std::vector<std::future<void>> started;
    std::vector<std::size_t> here;
    for (std::size_t i = 0; i < count; ++i) {
        const bool elsewhere = i > 0 && QThreadPool::globalInstance()->tryStart([&run, &done, i] {
            run(i);
            done[i].set_value();
        });
        if (elsewhere)
            started.push_back(done[i].get_future());
        else
            here.push_back(i);
    }
    for (std::size_t i : here)
        run(i);
    for (auto &f : started)
        f.wait();
    for (const auto &e : errors) {
        if (e)
            std::rethrow_exception(e);
    }
    return results;
}

} // namespace wci
