#include "enums.h"

namespace wci {

static const char *const kFunctionKindNames[] = {"COMMAND", "SOURCING", "EVENT", "STATE_EVENT", "ERROR"};
QString enumName(FunctionKind v) { return QLatin1String(kFunctionKindNames[static_cast<int>(v)]); }
std::optional<FunctionKind> parseFunctionKind(QStringView s)
{
    for (int i = 0; i < 5; ++i) {
        if (s == QLatin1String(kFunctionKindNames[i]))
            return static_cast<FunctionKind>(i);
    }
    return std::nullopt;
}
const QStringList &functionKindNames()
{
    static const QStringList names = [] {
        QStringList out;
        for (const char *n : kFunctionKindNames)
            out.append(QLatin1String(n));
        return out;
    }();
    return names;
}

static const char *const kRecoverableTypeNames[] = {"RECOVERABLE", "UNRECOVERABLE", "UNKNOWN"};
QString enumName(RecoverableType v) { return QLatin1String(kRecoverableTypeNames[static_cast<int>(v)]); }
std::optional<RecoverableType> parseRecoverableType(QStringView s)
{
    for (int i = 0; i < 3; ++i) {
        if (s == QLatin1String(kRecoverableTypeNames[i]))
            return static_cast<RecoverableType>(i);
    }
    return std::nullopt;
}
const QStringList &recoverableTypeNames()
{
    static const QStringList names = [] {
        QStringList out;
        for (const char *n : kRecoverableTypeNames)
            out.append(QLatin1String(n));
        return out;
    }();
    return names;
}

static const char *const kExecutionFailedStatusNames[] = {"FAILED", "PREPARED", "SUCCEEDED"};
QString enumName(ExecutionFailedStatus v) { return QLatin1String(kExecutionFailedStatusNames[static_cast<int>(v)]); }
std::optional<ExecutionFailedStatus> parseExecutionFailedStatus(QStringView s)
{
    for (int i = 0; i < 3; ++i) {
        if (s == QLatin1String(kExecutionFailedStatusNames[i]))
            return static_cast<ExecutionFailedStatus>(i);
    }
    return std::nullopt;
}
const QStringList &executionFailedStatusNames()
{
    static const QStringList names = [] {
        QStringList out;
        for (const char *n : kExecutionFailedStatusNames)
            out.append(QLatin1String(n));
        return out;
    }();
    return names;
}

static const char *const kCommandStageNames[] = {"SENT", "PROCESSED", "SNAPSHOT", "PROJECTED", "EVENT_HANDLED", "SAGA_HANDLED"};
QString enumName(CommandStage v) { return QLatin1String(kCommandStageNames[static_cast<int>(v)]); }
std::optional<CommandStage> parseCommandStage(QStringView s)
{
    for (int i = 0; i < 6; ++i) {
        if (s == QLatin1String(kCommandStageNames[i]))
            return static_cast<CommandStage>(i);
    }
    return std::nullopt;
}
const QStringList &commandStageNames()
{
    static const QStringList names = [] {
        QStringList out;
        for (const char *n : kCommandStageNames)
            out.append(QLatin1String(n));
        return out;
    }();
    return names;
}

static const char *const kOperatorNames[] = {"AND", "OR", "NOR", "ID", "IDS", "AGGREGATE_ID", "AGGREGATE_IDS", "TENANT_ID", "OWNER_ID", "SPACE_ID", "DELETED", "ALL", "EQ", "NE", "GT", "LT", "GTE", "LTE", "CONTAINS", "IN", "NOT_IN", "BETWEEN", "ALL_IN", "STARTS_WITH", "ENDS_WITH", "ELEM_MATCH", "NULL", "NOT_NULL", "TRUE", "FALSE", "EXISTS", "TODAY", "BEFORE_TODAY", "TOMORROW", "THIS_WEEK", "NEXT_WEEK", "LAST_WEEK", "THIS_MONTH", "LAST_MONTH", "RECENT_DAYS", "EARLIER_DAYS", "MATCH", "RAW"};
QString enumName(Operator v) { return QLatin1String(kOperatorNames[static_cast<int>(v)]); }
std::optional<Operator> parseOperator(QStringView s)
{
    for (int i = 0; i < 43; ++i) {
        if (s == QLatin1String(kOperatorNames[i]))
            return static_cast<Operator>(i);
    }
    return std::nullopt;
}
const QStringList &operatorNames()
{
    static const QStringList names = [] {
        QStringList out;
        for (const char *n : kOperatorNames)
            out.append(QLatin1String(n));
        return out;
    }();
    return names;
}

static const char *const kDeletionStateNames[] = {"ACTIVE", "DELETED", "ALL"};
QString enumName(DeletionState v) { return QLatin1String(kDeletionStateNames[static_cast<int>(v)]); }
std::optional<DeletionState> parseDeletionState(QStringView s)
{
    for (int i = 0; i < 3; ++i) {
        if (s == QLatin1String(kDeletionStateNames[i]))
            return static_cast<DeletionState>(i);
    }
    return std::nullopt;
}
const QStringList &deletionStateNames()
{
    static const QStringList names = [] {
        QStringList out;
        for (const char *n : kDeletionStateNames)
            out.append(QLatin1String(n));
        return out;
    }();
    return names;
}

static const char *const kSortDirectionNames[] = {"ASC", "DESC"};
QString enumName(SortDirection v) { return QLatin1String(kSortDirectionNames[static_cast<int>(v)]); }
std::optional<SortDirection> parseSortDirection(QStringView s)
{
    for (int i = 0; i < 2; ++i) {
        if (s == QLatin1String(kSortDirectionNames[i]))
            return static_cast<SortDirection>(i);
    }
    return std::nullopt;
}
const QStringList &sortDirectionNames()
{
    static const QStringList names = [] {
        QStringList out;
        for (const char *n : kSortDirectionNames)
            out.append(QLatin1String(n));
        return out;
    }();
    return names;
}

} // namespace wci
