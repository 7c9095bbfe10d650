#include "stack_trace.h"

#include <QRegularExpression>

namespace wci {

using namespace Qt::StringLiterals;

namespace {
const QStringList &frameworkPackages()
{
    static const QStringList p = {
        u"java."_s,  u"javax."_s, u"jdk."_s, u"sun."_s, u"com.sun."_s, u"kotlin."_s, u"kotlinx."_s,
        u"reactor."_s, u"io.netty."_s, u"io.micrometer."_s, u"org.springframework."_s, u"org.apache."_s,
        u"com.fasterxml."_s, u"me.ahoo.wow."_s, u"org.junit."_s, u"com.mongodb."_s, u"org.mongodb."_s,
        u"io.r2dbc."_s, u"io.grpc."_s, u"feign."_s, u"reactivefeign."_s, u"org.hibernate."_s, u"org.reactivestreams."_s,
        u"io.opentelemetry."_s, u"org.slf4j."_s, u"ch.qos."_s, u"io.lettuce."_s, u"org.elasticsearch."_s,
    };
    return p;
}

QString frameText(const QString &trimmedLine)
{
    QString frame = trimmedLine.mid(3);
    // "app//com.acme.Foo.bar(Foo.kt:12)" and "java.base/java.lang.Thread.run(...)": drop the module.
    const qsizetype paren = frame.indexOf(u'(');
    const qsizetype slash = frame.lastIndexOf(u'/', paren < 0 ? -1 : paren);
    if (slash >= 0)
        frame = frame.mid(slash + 1);
    return frame;
}
} // namespace

StackLineKind classifyStackLine(const QString &line, const QStringList &appPackages)
{
    const QString t = line.trimmed();
    if (t.startsWith(u"Caused by:"_s) || t.startsWith(u"Suppressed:"_s))
        return StackLineKind::CausedBy;
    if (t.startsWith(u"at "_s)) {
        const QString frame = frameText(t);
        if (!appPackages.isEmpty()) {
            for (const auto &p : appPackages) {
                if (frame.startsWith(p))
                    return StackLineKind::AppFrame;
            }
            return StackLineKind::FrameworkFrame;
        }
        for (const auto &p : frameworkPackages()) {
            if (frame.startsWith(p))
                return StackLineKind::FrameworkFrame;
        }
        return StackLineKind::AppFrame;
    }
    if (t.startsWith(u"..."_s) && t.endsWith(u"more"_s))
        return StackLineKind::More;
    static const QRegularExpression exceptionLine(uR"(^[\w$.]+(Exception|Error|Throwable)\b)"_s);
    if (exceptionLine.match(t).hasMatch())
        return StackLineKind::Exception;
    return StackLineKind::Other;
}

StackSignature stackSignature(const QString &stackTrace, const QStringList &appPackages)
{
    StackSignature sig;
    const QStringList lines = stackTrace.split(u'\n');
    // The innermost cause is the last "Caused by:" section; without one, the first line.
    qsizetype start = -1;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const auto kind = classifyStackLine(lines[i], appPackages);
        if (kind == StackLineKind::CausedBy || (start < 0 && kind == StackLineKind::Exception))
            start = i;
    }
    if (start < 0) {
        sig.exception = lines.value(0).trimmed().section(u':', 0, 0);
        return sig;
    }
    QString head = lines[start].trimmed();
    if (head.startsWith(u"Caused by:"_s))
        head = head.mid(10).trimmed();
    sig.exception = head.section(u':', 0, 0).trimmed();
    // The first application frame of that section, else of the whole trace.
    for (qsizetype i = start + 1; i < lines.size(); ++i) {
        const auto kind = classifyStackLine(lines[i], appPackages);
        if (kind == StackLineKind::CausedBy)
            break;
        if (kind == StackLineKind::AppFrame) {
            sig.topFrame = frameText(lines[i].trimmed());
            return sig;
        }
    }
    for (const auto &l : lines) {
        if (classifyStackLine(l, appPackages) == StackLineKind::AppFrame) {
            sig.topFrame = frameText(l.trimmed());
            break;
        }
    }
    return sig;
}

} // namespace wci
