#pragma once

// Compiles a Condition into a parameterised SQLite WHERE expression over the built-in
// engine's tables. Leaves on indexed columns whose value type matches the column become
// plain SQL; everything else becomes a call of the registered function
// wci_match(doc, condition_json, kind, now, zone), which runs the in-memory evaluator on the
// stored document. Both are exact, so results equal the evaluator's on every condition.
// Field names are checked against the known fields of the document kind.

#include "condition_evaluator.h"
#include "sqlite_db.h"

#include <QSet>

#include <vector>

namespace wci {

enum class ColumnType { Text, Integer, Bool };

struct FieldColumn {
    QString column;
    ColumnType type;
};

// The fields a document kind has, and which of them live in indexed columns.
class FieldCatalog {
public:
    static const FieldCatalog &snapshots();
    static const FieldCatalog &eventStreams();

    bool isKnown(const QString &field) const;
    const FieldColumn *column(const QString &field) const;
    // SQL expression to sort by `field` (a column, or json_extract on the document).
    QString sortExpression(const QString &field, const QString &docExpr) const;
    QStringList knownFields() const { return m_exact; }

private:
    FieldCatalog(QStringList exact, QStringList prefixes, QHash<QString, FieldColumn> columns);
    QStringList m_exact;
    QStringList m_prefixes;
    QHash<QString, FieldColumn> m_columns;
};

struct CompiledCondition {
    QString sql;                        // boolean expression, never NULL
    std::vector<sqlite::Value> params;  // bound in order
    int residualCount = 0;              // wci_match calls (0 = index-only)
    QSet<QString> columns;              // table columns the SQL reads (without alias)
};

struct CompileOptions {
    DocumentKind kind = DocumentKind::Snapshot;
    QString docExpr;      // SQL expression yielding the stored document
    EvaluationContext ctx; // now and default zone for date operators
    bool noIndex = false;  // write every column as +column (forces a scan in key order)
    // Every stored event stream has exactly one event, so its name column answers ELEMENT_MATCH
    // on the body by name without reading documents.
    bool singleEventStreams = false;
};

// IllegalArgument for malformed conditions and unknown fields (naming the field).
Result<CompiledCondition> compileCondition(const Condition &condition, const CompileOptions &options);

// The condition as it reads for documents whose state.status is `status`: leaves on
// state.status (EQ, NE, IN, NOT_IN) become constants and AND / OR / NOR are simplified.
// Used to split a count by status, so the parts that only need bucket counts read them.
Condition foldStatus(const Condition &condition, const QString &status);
bool isMatchNothing(const Condition &c);

// The event names of ELEMENT_MATCH on an event stream's body by name (EQ or IN of strings,
// case-sensitive), or nullopt for any other condition.
std::optional<QStringList> eventNamesMatched(const Condition &c);

// Checks every field a condition, sort or projection names.
std::optional<DomainError> checkFields(const Condition &condition, const FieldCatalog &catalog);
std::optional<DomainError> checkSortFields(const std::vector<Sort> &sort, const FieldCatalog &catalog);

// Registers wci_match on a connection.
void registerMatchFunction(sqlite::Connection &connection);

} // namespace wci
