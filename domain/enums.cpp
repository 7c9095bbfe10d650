#include "enums.h"

namespace wci {

WCI_DEFINE_ENUM_NAMES(FunctionKind, parseFunctionKind, functionKindNames,
                      "COMMAND", "SOURCING", "EVENT", "STATE_EVENT", "ERROR")

WCI_DEFINE_ENUM_NAMES(RecoverableType, parseRecoverableType, recoverableTypeNames,
                      "RECOVERABLE", "UNRECOVERABLE", "UNKNOWN")

WCI_DEFINE_ENUM_NAMES(ExecutionFailedStatus, parseExecutionFailedStatus, executionFailedStatusNames,
                      "FAILED", "PREPARED", "SUCCEEDED")

WCI_DEFINE_ENUM_NAMES(CommandStage, parseCommandStage, commandStageNames,
                      "SENT", "PROCESSED", "SNAPSHOT", "PROJECTED", "EVENT_HANDLED", "SAGA_HANDLED")

WCI_DEFINE_ENUM_NAMES(Operator, parseOperator, operatorNames,
                      "AND", "OR", "NOR", "ID", "IDS", "AGGREGATE_ID", "AGGREGATE_IDS", "TENANT_ID", "OWNER_ID",
                      "SPACE_ID", "DELETED", "ALL", "EQ", "NE", "GT", "LT", "GTE", "LTE", "CONTAINS", "IN", "NOT_IN",
                      "BETWEEN", "ALL_IN", "STARTS_WITH", "ENDS_WITH", "ELEM_MATCH", "NULL", "NOT_NULL", "TRUE",
                      "FALSE", "EXISTS", "TODAY", "BEFORE_TODAY", "TOMORROW", "THIS_WEEK", "NEXT_WEEK", "LAST_WEEK",
                      "THIS_MONTH", "LAST_MONTH", "RECENT_DAYS", "EARLIER_DAYS", "MATCH", "RAW", "NOT_EXISTS", "IS_EMPTY",
                      "IS_EMPTY_STRING", "IS_NOT_EMPTY_STRING", "YESTERDAY", "NEXT_MONTH", "LAST_YEAR", "THIS_YEAR",
                      "NEXT_YEAR", "BEFORE_NOW", "AFTER_NOW", "MATCH_NONE")

QString filterOperatorName(Operator op)
{
    switch (op) {
    case Operator::Deleted: return QStringLiteral("DELETION");
    case Operator::AllIn: return QStringLiteral("CONTAINS_ALL");
    case Operator::Null: return QStringLiteral("IS_NULL");
    case Operator::NotNull: return QStringLiteral("IS_NOT_NULL");
    case Operator::ElemMatch: return QStringLiteral("ELEMENT_MATCH");
    case Operator::Match: return QStringLiteral("SEARCH");
    case Operator::All: return QStringLiteral("MATCH_ALL");
    case Operator::Raw:
    case Operator::True:
    case Operator::False:
        return {};
    default:
        return enumName(op);
    }
}

std::optional<Operator> parseFilterOperator(QStringView name)
{
    for (const Operator op : allOperators) {
        const QString n = filterOperatorName(op);
        if (!n.isEmpty() && name == n)
            return op;
    }
    return std::nullopt;
}

WCI_DEFINE_ENUM_NAMES(DeletionState, parseDeletionState, deletionStateNames, "ACTIVE", "DELETED", "ALL")

WCI_DEFINE_ENUM_NAMES(SortDirection, parseSortDirection, sortDirectionNames, "ASC", "DESC")

// Each names table names as many values as its all<Name>s array holds.
static_assert(std::size(kFunctionKindNames) == allFunctionKinds.size()
              && std::size(kRecoverableTypeNames) == allRecoverableTypes.size()
              && std::size(kExecutionFailedStatusNames) == allExecutionFailedStatuses.size()
              && std::size(kCommandStageNames) == allCommandStages.size()
              && std::size(kOperatorNames) == allOperators.size()
              && std::size(kDeletionStateNames) == allDeletionStates.size()
              && std::size(kSortDirectionNames) == allSortDirections.size());

} // namespace wci
