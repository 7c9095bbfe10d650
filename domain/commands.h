#pragma once

// The ten commands of execution_failed (eight compensation commands plus Wow's built-in
// delete and recover) as one variant, with their wire bodies and route metadata.

#include "wire_types.h"

#include <variant>

namespace wci {

struct CreateExecutionFailed {
    EventId eventId;
    FunctionInfo function;
    ErrorDetails error;
    qint64 executeAt = 0;
    std::optional<RetrySpec> retrySpec; // null → the service default
    RecoverableType recoverable = RecoverableType::Unknown;
    WCI_WIRE_TYPE(CreateExecutionFailed)
};

struct PrepareCompensation {
    WCI_WIRE_TYPE(PrepareCompensation)
};

struct ForcePrepareCompensation {
    WCI_WIRE_TYPE(ForcePrepareCompensation)
};

struct ApplyExecutionSuccess {
    qint64 executeAt = 0;
    WCI_WIRE_TYPE(ApplyExecutionSuccess)
};

struct ApplyExecutionFailed {
    ErrorDetails error;
    qint64 executeAt = 0;
    RecoverableType recoverable = RecoverableType::Unknown;
    WCI_WIRE_TYPE(ApplyExecutionFailed)
};

struct ApplyRetrySpec {
    int maxRetries = 0;
    int minBackoff = 0;
    int executionTimeout = 0;
    RetrySpec spec() const { return {maxRetries, minBackoff, executionTimeout}; }
    WCI_WIRE_TYPE(ApplyRetrySpec)
};

// Wire body is the flat FunctionInfo fields.
struct ChangeFunction {
    FunctionInfo function;
    WCI_WIRE_TYPE(ChangeFunction)
};

struct MarkRecoverable {
    RecoverableType recoverable = RecoverableType::Unknown;
    WCI_WIRE_TYPE(MarkRecoverable)
};

struct DeleteAggregate {
    WCI_WIRE_TYPE(DeleteAggregate)
};

struct RecoverAggregate {
    WCI_WIRE_TYPE(RecoverAggregate)
};

using CommandBody = std::variant<CreateExecutionFailed, PrepareCompensation, ForcePrepareCompensation,
                                 ApplyExecutionSuccess, ApplyExecutionFailed, ApplyRetrySpec, ChangeFunction,
                                 MarkRecoverable, DeleteAggregate, RecoverAggregate>;

// Same order as CommandBody's alternatives.
enum class CommandType {
    CreateExecutionFailed,
    PrepareCompensation,
    ForcePrepareCompensation,
    ApplyExecutionSuccess,
    ApplyExecutionFailed,
    ApplyRetrySpec,
    ChangeFunction,
    MarkRecoverable,
    DeleteAggregate,
    RecoverAggregate,
};
inline constexpr int kCommandTypeCount = 10;

struct CommandInfo {
    CommandType type;
    QString typeName;     // FQCN, the Command-Type header of /wow/command/send
    QString method;       // HTTP method of the aggregate route
    QString routeSuffix;  // "" for DELETE /execution_failed/{id}; create has no {id}
    QString handlerName;  // name of the PROCESSED function
    bool pathId;          // route carries {id}
    bool emptyBodyAllowed;
};

const CommandInfo &commandInfo(CommandType type);
const CommandInfo &commandInfo(const CommandBody &body);
std::optional<CommandType> commandTypeByName(QStringView fqcn);
CommandType commandTypeOf(const CommandBody &body);

// Route path of a command, without prefix: /execution_failed/{id}/prepare_compensation ...
QString commandPath(CommandType type, const QString &aggregateId);

// Decodes the body of a command of a given type (the JSON object of its route).
Result<CommandBody> decodeCommandBody(CommandType type, const QJsonValue &body);
QByteArray encodeCommandBody(const CommandBody &body);

struct Command {
    QString aggregateId;
    QString commandId;
    CommandBody body;
    CommandType type() const { return commandTypeOf(body); }
};

// Wow 9.2.3: stream header keys only the framework sets (compared without case); a
// Command-Header-<key> naming one is refused with 400.
bool isReservedCommandHeaderKey(const QString &key);

} // namespace wci
