#pragma once

// RFC 4180 CSV: a field quoted when it holds a comma, quote or line break; rows end in CRLF.

#include <QStringList>

namespace wci {

QString csvField(const QString &value);
// One row, the fields quoted as needed, with its CRLF.
QString csvRow(const QStringList &fields);

} // namespace wci
