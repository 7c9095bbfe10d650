#pragma once

// Wow enums, written and read as their upper-case NAME strings (docs/wire-protocol.md §3.3).
// Keep each enum, its all<Name>s array and its names table in the same order.

#include <QString>
#include <QStringList>
#include <QStringView>

#include <array>
#include <optional>

namespace wci {

enum class FunctionKind {
    Command,
    Sourcing,
    Event,
    StateEvent,
    Error,
};
inline constexpr std::array<FunctionKind, 5> allFunctionKinds = {
    FunctionKind::Command, FunctionKind::Sourcing, FunctionKind::Event, FunctionKind::StateEvent, FunctionKind::Error,
};
QString enumName(FunctionKind v);
std::optional<FunctionKind> parseFunctionKind(QStringView s);
const QStringList &functionKindNames();

enum class RecoverableType {
    Recoverable,
    Unrecoverable,
    Unknown,
};
inline constexpr std::array<RecoverableType, 3> allRecoverableTypes = {
    RecoverableType::Recoverable, RecoverableType::Unrecoverable, RecoverableType::Unknown,
};
QString enumName(RecoverableType v);
std::optional<RecoverableType> parseRecoverableType(QStringView s);
const QStringList &recoverableTypeNames();

enum class ExecutionFailedStatus {
    Failed,
    Prepared,
    Succeeded,
};
inline constexpr std::array<ExecutionFailedStatus, 3> allExecutionFailedStatuses = {
    ExecutionFailedStatus::Failed, ExecutionFailedStatus::Prepared, ExecutionFailedStatus::Succeeded,
};
QString enumName(ExecutionFailedStatus v);
std::optional<ExecutionFailedStatus> parseExecutionFailedStatus(QStringView s);
const QStringList &executionFailedStatusNames();

enum class CommandStage {
    Sent,
    Processed,
    Snapshot,
    Projected,
    EventHandled,
    SagaHandled,
};
inline constexpr std::array<CommandStage, 6> allCommandStages = {
    CommandStage::Sent, CommandStage::Processed, CommandStage::Snapshot, CommandStage::Projected, CommandStage::EventHandled, CommandStage::SagaHandled,
};
QString enumName(CommandStage v);
std::optional<CommandStage> parseCommandStage(QStringView s);
const QStringList &commandStageNames();

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
};
inline constexpr std::array<Operator, 43> allOperators = {
    Operator::And, Operator::Or, Operator::Nor, Operator::Id, Operator::Ids, Operator::AggregateId, Operator::AggregateIds, Operator::TenantId, Operator::OwnerId, Operator::SpaceId, Operator::Deleted, Operator::All, Operator::Eq, Operator::Ne, Operator::Gt, Operator::Lt, Operator::Gte, Operator::Lte, Operator::Contains, Operator::In, Operator::NotIn, Operator::Between, Operator::AllIn, Operator::StartsWith, Operator::EndsWith, Operator::ElemMatch, Operator::Null, Operator::NotNull, Operator::True, Operator::False, Operator::Exists, Operator::Today, Operator::BeforeToday, Operator::Tomorrow, Operator::ThisWeek, Operator::NextWeek, Operator::LastWeek, Operator::ThisMonth, Operator::LastMonth, Operator::RecentDays, Operator::EarlierDays, Operator::Match, Operator::Raw,
};
QString enumName(Operator v);
std::optional<Operator> parseOperator(QStringView s);
const QStringList &operatorNames();

enum class DeletionState {
    Active,
    Deleted,
    All,
};
inline constexpr std::array<DeletionState, 3> allDeletionStates = {
    DeletionState::Active, DeletionState::Deleted, DeletionState::All,
};
QString enumName(DeletionState v);
std::optional<DeletionState> parseDeletionState(QStringView s);
const QStringList &deletionStateNames();

enum class SortDirection {
    Asc,
    Desc,
};
inline constexpr std::array<SortDirection, 2> allSortDirections = {
    SortDirection::Asc, SortDirection::Desc,
};
QString enumName(SortDirection v);
std::optional<SortDirection> parseSortDirection(QStringView s);
const QStringList &sortDirectionNames();

} // namespace wci
