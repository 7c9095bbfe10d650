#pragma once

// Reading Java/Kotlin stack traces: what a line is (exception, Caused by, the application's own
// frame, a framework frame), and a failure's signature for grouping (the root exception class
// and the application's top frame).

#include <QStringList>

namespace wci {

enum class StackLineKind { Exception, CausedBy, AppFrame, FrameworkFrame, More, Other };

// Frames whose class starts with one of `appPackages` are the application's; when empty, every
// frame outside well-known framework packages (JDK, Kotlin, Reactor, Spring, Netty, Wow, ...) is.
StackLineKind classifyStackLine(const QString &line, const QStringList &appPackages = {});

struct StackSignature {
    QString exception; // the innermost cause's class ("java.lang.IllegalStateException"), or the first line's
    QString topFrame;  // the first application frame under it ("com.acme.OrderSaga.onOrderCreated(OrderSaga.kt:79)")
    QString key() const { return exception + u" @ " + topFrame; }
};
StackSignature stackSignature(const QString &stackTrace, const QStringList &appPackages = {});

} // namespace wci
