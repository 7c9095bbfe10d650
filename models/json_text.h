#pragma once

// JSON as text for people: re-indented documents, flattened field paths, and values with their
// dates spelled out. Used by the details pane's history and state views and the tool dialogs.

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace wci {

// Raw JSON re-indented for reading, keys left in the order they came (QJsonDocument would
// sort them).
QString prettyJson(const QByteArray &json);

// A field's value for people: epoch-millisecond fields (…At, …Time) get their date added.
QString readableValue(const QString &path, const QString &value, bool utc = false);

// A JSON object flattened to "path → value text" in document order ("retryState.retries" → "3").
QList<QPair<QString, QString>> flattenJson(const QJsonObject &object);

} // namespace wci
