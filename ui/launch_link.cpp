#include "launch_link.h"

#include <QUrlQuery>

namespace wci {

using namespace Qt::StringLiterals;

QStringList argumentsForLink(const QUrl &link, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return QStringList{};
    };
    if (link.scheme() != QLatin1StringView(kLinkScheme))
        return fail(u"not a %1:// link"_s.arg(QLatin1StringView(kLinkScheme)));
    // wow-inspector://open/ID: "open" is the host, the id the path.
    const QString id = link.path(QUrl::FullyDecoded).section(u'/', 1, 1).trimmed();
    if (link.host() != u"open"_s || id.isEmpty())
        return fail(u"the link should look like %1://open/<id>?db=<file>"_s.arg(QLatin1StringView(kLinkScheme)));
    const QUrlQuery query(link);
    QStringList args{u"open"_s, id};
    const QString db = query.queryItemValue(u"db"_s, QUrl::FullyDecoded);
    const QString connect = query.queryItemValue(u"connect"_s, QUrl::FullyDecoded);
    if (!db.isEmpty() && !connect.isEmpty())
        return fail(u"the link names both a database and a connection"_s);
    if (!db.isEmpty())
        args << u"--db"_s << db;
    if (!connect.isEmpty())
        args << u"--connect"_s << connect;
    const QString readOnly = query.queryItemValue(u"read-only"_s);
    if (readOnly == u"1"_s || readOnly == u"true"_s)
        args << u"--read-only"_s;
    return args;
}

QUrl linkForFailure(const QString &id, const QString &database, const QString &connection)
{
    QUrl url;
    url.setScheme(QLatin1StringView(kLinkScheme));
    url.setHost(u"open"_s);
    url.setPath(u"/"_s + id);
    QUrlQuery query;
    if (!database.isEmpty())
        query.addQueryItem(u"db"_s, QString::fromUtf8(QUrl::toPercentEncoding(database)));
    else if (!connection.isEmpty())
        query.addQueryItem(u"connect"_s, QString::fromUtf8(QUrl::toPercentEncoding(connection)));
    url.setQuery(query);
    return url;
}

} // namespace wci
