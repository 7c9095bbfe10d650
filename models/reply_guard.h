#pragma once

// Drops late answers. A view or model that asks the engine again (a new filter, another
// failure, a refresh) must ignore what its earlier requests answer afterwards. One ReplyGuard
// per kind of request: begin() starts a request and makes every earlier one stale; the token
// it returns wraps the continuations, which then do nothing once stale:
//
//     const auto reply = m_countReply.begin();
//     delivered(this, engine->countSnapshots(c))
//         .then(this, reply([this](qint64 n) { ... }))
//         .onFailed(this, reply([this](const EngineError &e) { ... }));
//
// The context object given to then()/onFailed() drops them when it is destroyed; the guard
// drops them when a newer request started or cancel() was called.

#include <QtGlobal>

#include <memory>
#include <type_traits>
#include <utility>

namespace wci {

namespace detail {
// The parameter list of a (non-generic) lambda or function object.
template <typename... A>
struct TypeList {};
template <typename F>
struct CallArgs : CallArgs<decltype(&std::decay_t<F>::operator())> {};
template <typename C, typename R, typename... A>
struct CallArgs<R (C::*)(A...) const> {
    using type = TypeList<A...>;
    using result = R;
};
template <typename C, typename R, typename... A>
struct CallArgs<R (C::*)(A...)> : CallArgs<R (C::*)(A...) const> {};
} // namespace detail

class ReplyGuard {
public:
    class Token {
    public:
        bool isCurrent() const { return m_counter && *m_counter == m_generation; }

        // `f` with the same parameters, run only while this token is current. Qt's then() and
        // onFailed() read the parameter type, so `f` must not be a generic lambda.
        template <typename F>
        auto operator()(F f) const
        {
            static_assert(std::is_void_v<typename detail::CallArgs<F>::result>,
                          "a guarded continuation returns nothing: it may not run");
            return wrap(std::move(f), typename detail::CallArgs<F>::type{});
        }

    private:
        friend class ReplyGuard;
        Token(std::shared_ptr<const quint64> counter, quint64 generation)
            : m_counter(std::move(counter)), m_generation(generation)
        {
        }
        template <typename F, typename... A>
        auto wrap(F f, detail::TypeList<A...>) const
        {
            return [counter = m_counter, generation = m_generation, f = std::move(f)](A... args) mutable {
                if (*counter == generation)
                    f(std::forward<A>(args)...);
            };
        }
        std::shared_ptr<const quint64> m_counter;
        quint64 m_generation = 0;
    };

    // A new request: every token handed out before is stale from now on.
    Token begin() { return Token(m_counter, ++*m_counter); }
    // The running request's token (one more part of it, e.g. the next page of the same query).
    Token current() const { return Token(m_counter, *m_counter); }
    // Makes every token stale without starting a request.
    void cancel() { ++*m_counter; }

private:
    std::shared_ptr<quint64> m_counter = std::make_shared<quint64>(0);
};

} // namespace wci
