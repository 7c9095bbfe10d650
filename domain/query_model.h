#pragma once

// Wow 9.2's query-model descriptor (GET …/snapshot/schema, …/event/schema; docs/wire-protocol.md
// §8.8): the fields of a model with their types and the operators, sorts and aggregations each
// admits, the paging modes, the limits of the entry, and a content version (the ETag).

#include <QByteArray>
#include <QString>

#include <optional>

namespace wci {

enum class QueryModel { Snapshot, EventStream };

// The limits of the entry the descriptor describes; nullopt = unlimited (null on the wire).
struct QueryModelLimits {
    std::optional<int> maxListSize;
    std::optional<int> defaultListSize;
    std::optional<int> maxPageSize;
    std::optional<qint64> maxPageWindow;
    std::optional<int> maxFilterNodes;
    std::optional<int> maxFilterValues;
    bool allowExpensiveOperators = true;
};

struct QueryModelDescriptor {
    QByteArray json;  // the descriptor, with its version
    QString version;  // "sha256:<hex>" of the canonical descriptor without it
};

// What this product's engines offer (COUNT, NUMERIC SUM/AVG/MIN/MAX, DISTINCT_COUNT; TERMS,
// HISTOGRAM, DATE_HISTOGRAM with dense; list, paged and cursor paging), for `model`.
QueryModelDescriptor describeQueryModel(QueryModel model, const QueryModelLimits &limits, const QString &timeZone);

} // namespace wci
