#pragma once

// Links that open the inspector on a failure, e.g. from a ticket or a chat message:
//   wow-inspector://open/<id>?db=<database file>          (or ?connect=<URL or profile name>)
//   wow-inspector://open/<id>?connect=<...>&read-only=1
// The id is an execution id, a failed event id or a source aggregate id (Open by id).

#include <QStringList>
#include <QUrl>

namespace wci {

inline constexpr auto kLinkScheme = "wow-inspector";

// The command-line arguments the link stands for: {"open", id, ["--db" FILE | "--connect" X],
// ["--read-only"]}; empty with `error` set when the link is not one of ours or is incomplete.
QStringList argumentsForLink(const QUrl &link, QString *error);
// The link that opens `id` on a database file or a connection (URL or profile name).
QUrl linkForFailure(const QString &id, const QString &database, const QString &connection = {});

} // namespace wci
