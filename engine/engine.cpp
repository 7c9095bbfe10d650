#include "engine.h"

#include <QStringList>

namespace wci {

Document Document::read(const JsonReader &r)
{
    JsonWriter w;
    w.value(r.object());
    return Document{w.take()};
}

QString EngineCapabilities::summary() const
{
    if (wowVersion.isEmpty() && !filterBodies)
        return QStringLiteral("Wow 8.10 · compatibility mode");
    if (wowVersion.isEmpty())
        return QString();
    QStringList out{QStringLiteral("Wow ") + wowVersion.split(u'.').mid(0, 2).join(u'.')};
    if (!filterBodies)
        out.append(QStringLiteral("compatibility mode"));
    if (aggregation)
        out.append(QStringLiteral("aggregation"));
    if (cursorPaging)
        out.append(QStringLiteral("cursor"));
    if (serverClock)
        out.append(QStringLiteral("server clock"));
    return out.join(QStringLiteral(" · "));
}

} // namespace wci
