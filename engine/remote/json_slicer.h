#pragma once

// Cuts the elements of a JSON array (or of the array under one key of an object) out of the
// response bytes without re-encoding them, so documents keep the server's exact bytes.

#include <QByteArray>
#include <QList>

#include <optional>

namespace wci {

// Elements of a top-level JSON array, as byte slices; nullopt if `json` is not an array.
std::optional<QList<QByteArray>> sliceArray(QByteArrayView json);
// The raw value of a top-level key of a JSON object; nullopt when absent or not an object.
std::optional<QByteArray> sliceMember(QByteArrayView json, QByteArrayView key);

} // namespace wci
