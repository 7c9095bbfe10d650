#pragma once

// Wow enums, written and read as their upper-case NAME strings (docs/wire-protocol.md §3.3).
// Keep each enum and its names table in the same order; all<Name>s counts its values.
//
// Every wire enum (these and the BI script ones) is named the same way: a table of names in
// declaration order, from which WCI_DEFINE_ENUM_NAMES defines the functions
// WCI_DECLARE_ENUM_NAMES declares.

#include <QString>
#include <QStringList>
#include <QStringView>

#include <array>
#include <cstddef>
#include <optional>

namespace wci {

namespace enum_names {

template <typename E, std::size_t N>
QString name(E v, const char *const (&names)[N])
{
    return QLatin1StringView(names[static_cast<std::size_t>(v)]);
}

template <typename E, std::size_t N>
std::optional<E> parse(QStringView s, const char *const (&names)[N], Qt::CaseSensitivity cs = Qt::CaseSensitive)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (s.compare(QLatin1StringView(names[i]), cs) == 0)
            return static_cast<E>(i);
    }
    return std::nullopt;
}

// All N values of a wire enum, in declaration order (the enums count up from 0).
template <typename E, std::size_t N>
constexpr std::array<E, N> values()
{
    std::array<E, N> out{};
    for (std::size_t i = 0; i < N; ++i)
        out[i] = static_cast<E>(i);
    return out;
}

template <std::size_t N>
QStringList list(const char *const (&names)[N])
{
    QStringList out;
    for (const char *n : names)
        out.append(QLatin1StringView(n));
    return out;
}

} // namespace enum_names

#define WCI_DECLARE_ENUM_NAMES(Enum, parseName, namesName)                                                            \
    QString enumName(Enum v);                                                                                         \
    std::optional<Enum> parseName(QStringView s);                                                                     \
    const QStringList &namesName();

// Defines the table k<Enum>Names (the names, upper case, in declaration order) and the functions
// WCI_DECLARE_ENUM_NAMES declares; parsing is exact, as Wow's default mapper is.
#define WCI_DEFINE_ENUM_NAMES(Enum, parseName, namesName, ...)                                                        \
    static const char *const k##Enum##Names[] = {__VA_ARGS__};                                                        \
    QString enumName(Enum v) { return enum_names::name(v, k##Enum##Names); }                                          \
    std::optional<Enum> parseName(QStringView s) { return enum_names::parse<Enum>(s, k##Enum##Names); }               \
    const QStringList &namesName()                                                                                    \
    {                                                                                                                 \
        static const QStringList names = enum_names::list(k##Enum##Names);                                            \
        return names;                                                                                                 \
    }

// The enums below are alike in shape only: each is a closed set of its own.

enum class FunctionKind {
    Command,
    Sourcing,
    Event,
    StateEvent,
    Error,
};
inline constexpr auto allFunctionKinds = enum_names::values<FunctionKind, 5>();
WCI_DECLARE_ENUM_NAMES(FunctionKind, parseFunctionKind, functionKindNames)

enum class RecoverableType {
    Recoverable,
    Unrecoverable,
    Unknown,
};
inline constexpr auto allRecoverableTypes = enum_names::values<RecoverableType, 3>();
WCI_DECLARE_ENUM_NAMES(RecoverableType, parseRecoverableType, recoverableTypeNames)

enum class ExecutionFailedStatus {
    Failed,
    Prepared,
    Succeeded,
};
inline constexpr auto allExecutionFailedStatuses = enum_names::values<ExecutionFailedStatus, 3>();
WCI_DECLARE_ENUM_NAMES(ExecutionFailedStatus, parseExecutionFailedStatus, executionFailedStatusNames)

enum class CommandStage {
    Sent,
    Processed,
    Snapshot,
    Projected,
    EventHandled,
    SagaHandled,
};
inline constexpr auto allCommandStages = enum_names::values<CommandStage, 6>();
WCI_DECLARE_ENUM_NAMES(CommandStage, parseCommandStage, commandStageNames)

enum class Operator {
    And,
    Or,
    Nor,
    Id,
    Ids,
    AggregateId,
    AggregateIds,
    TenantId,
    OwnerId,
    SpaceId,
    Deleted,
    All,
    Eq,
    Ne,
    Gt,
    Lt,
    Gte,
    Lte,
    Contains,
    In,
    NotIn,
    Between,
    AllIn,
    StartsWith,
    EndsWith,
    ElemMatch,
    Null,
    NotNull,
    True,
    False,
    Exists,
    Today,
    BeforeToday,
    Tomorrow,
    ThisWeek,
    NextWeek,
    LastWeek,
    ThisMonth,
    LastMonth,
    RecentDays,
    EarlierDays,
    Match,
    Raw,
    // Wow 9.x only (8.11 ... 9.2): no 8.10 name.
    NotExists,
    IsEmpty,
    IsEmptyString,
    IsNotEmptyString,
    Yesterday,
    NextMonth,
    LastYear,
    ThisYear,
    NextYear,
    BeforeNow,
    AfterNow,
    MatchNone,
};
inline constexpr auto allOperators = enum_names::values<Operator, 55>();
// The operators up to RAW are Wow 8.10's; the rest exist only in the 9.x filter dialect.
inline constexpr std::size_t kLegacyOperatorCount = 43;
// enumName/parseOperator use the 8.10 names (the legacy `operator` key), then the 9.x-only names.
WCI_DECLARE_ENUM_NAMES(Operator, parseOperator, operatorNames)
constexpr bool isLegacyOperator(Operator op) { return static_cast<std::size_t>(op) < kLegacyOperatorCount; }
// Wow 9.x FilterExpression names (the `op` key): DELETION, CONTAINS_ALL, IS_NULL, IS_NOT_NULL,
// ELEMENT_MATCH, SEARCH and MATCH_ALL for the renamed operators. Empty for RAW, TRUE and FALSE,
// which 9.x has not (TRUE/FALSE are written as EQ true/false).
QString filterOperatorName(Operator op);
std::optional<Operator> parseFilterOperator(QStringView name);

enum class DeletionState {
    Active,
    Deleted,
    All,
};
inline constexpr auto allDeletionStates = enum_names::values<DeletionState, 3>();
WCI_DECLARE_ENUM_NAMES(DeletionState, parseDeletionState, deletionStateNames)

enum class SortDirection {
    Asc,
    Desc,
};
inline constexpr auto allSortDirections = enum_names::values<SortDirection, 2>();
WCI_DECLARE_ENUM_NAMES(SortDirection, parseSortDirection, sortDirectionNames)

} // namespace wci
