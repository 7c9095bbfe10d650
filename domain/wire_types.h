#pragma once

// Wow's wire types for the execution_failed aggregate (docs/wire-protocol.md §3), as plain values
// with codecs in Wow's exact JSON format. Field order on output follows Wow's serializers.

#include "domain_error.h"
#include "enums.h"
#include "json_reader.h"
#include "json_writer.h"

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace wci {

// Declares the codec members every wire type has.
#define WCI_WIRE_TYPE(T)                                                                                              \
    static T read(const JsonReader &r);                                                                               \
    void write(JsonWriter &w) const;                                                                                  \
    static Result<T> fromJson(const QJsonValue &v) { return decodeJson<T>(v, QStringLiteral(#T)); }                   \
    static Result<T> fromJsonBytes(const QByteArray &b) { return decodeJsonBytes<T>(b, QStringLiteral(#T)); }         \
    QByteArray toJsonBytes() const { return wci::toJsonBytes(*this); }                                                \
    QJsonObject toJson() const { return parseObject(toJsonBytes()); }                                                 \
    friend bool operator==(const T &, const T &) = default;

// Defines the codecs of a wire type without fields (its body is "{}").
#define WCI_EMPTY_WIRE_TYPE_CODECS(T)                                                                                 \
    T T::read(const JsonReader &) { return {}; }                                                                      \
    void T::write(JsonWriter &w) const { w.beginObject().endObject(); }

inline const QString kDefaultTenantId = QStringLiteral("(0)");
inline const QString kCompensationContext = QStringLiteral("compensation-service");
inline const QString kCompensationAlias = QStringLiteral("compensation");
inline const QString kExecutionFailedAggregate = QStringLiteral("execution_failed");

void writeBindingErrors(JsonWriter &w, const QList<BindingError> &errors);
QList<BindingError> readBindingErrors(const JsonReader &r, QLatin1StringView key);
// The "recoverable" field of the execution_failed bodies (UNKNOWN when absent).
RecoverableType readRecoverable(const JsonReader &r, Presence p);

struct AggregateId {
    QString contextName;
    QString aggregateName;
    QString aggregateId;
    QString tenantId = kDefaultTenantId;
    WCI_WIRE_TYPE(AggregateId)
};

struct FunctionInfo {
    FunctionKind functionKind = FunctionKind::Event;
    QString contextName;
    QString processorName;
    QString name;
    // Kotlin's data-class rendering, used in Wow's "already changed to ..." message.
    QString toKotlinString() const;
    bool isSameFunction(const FunctionInfo &o) const
    {
        return functionKind == o.functionKind && contextName == o.contextName && processorName == o.processorName
            && name == o.name;
    }
    WCI_WIRE_TYPE(FunctionInfo)
};

struct EventId {
    QString id;
    AggregateId aggregateId;
    int version = 0;
    WCI_WIRE_TYPE(EventId)
};

struct ErrorDetails {
    QString errorCode;
    QString errorMsg;
    QString stackTrace;
    QList<BindingError> bindingErrors;
    bool succeeded() const { return errorCode == ErrorCode::Ok; }
    WCI_WIRE_TYPE(ErrorDetails)
};

struct RetrySpec {
    int maxRetries = 10;
    int minBackoff = 180;      // seconds
    int executionTimeout = 120; // seconds
    static RetrySpec defaults() { return {}; }
    WCI_WIRE_TYPE(RetrySpec)
};

struct RetryState {
    int retries = 0;
    qint64 retryAt = 0;
    qint64 timeoutAt = 0;
    qint64 nextRetryAt = 0;
    WCI_WIRE_TYPE(RetryState)
};

// eventId, function, error, executeAt: the failure ExecutionFailedState, CreateExecutionFailed and
// ExecutionFailedCreated carry, written in this order by all three.
template <typename T>
void readFailure(const JsonReader &r, T &out)
{
    using namespace Qt::StringLiterals;
    out.eventId = r.nested<EventId>("eventId"_L1);
    out.function = r.nested<FunctionInfo>("function"_L1);
    out.error = r.nested<ErrorDetails>("error"_L1);
    out.executeAt = r.int64("executeAt"_L1);
}

template <typename T>
void writeFailure(JsonWriter &w, const T &in)
{
    using namespace Qt::StringLiterals;
    w.object("eventId"_L1, in.eventId)
        .object("function"_L1, in.function)
        .object("error"_L1, in.error)
        .field("executeAt"_L1, in.executeAt);
}

struct ExecutionFailedState {
    QString id;
    EventId eventId;
    FunctionInfo function;
    ErrorDetails error;
    qint64 executeAt = 0;
    RetrySpec retrySpec;
    RetryState retryState;
    ExecutionFailedStatus status = ExecutionFailedStatus::Failed;
    RecoverableType recoverable = RecoverableType::Unknown;

    bool isBelowRetryThreshold() const { return retryState.retries < retrySpec.maxRetries; }
    bool isRetryable() const { return status != ExecutionFailedStatus::Succeeded && isBelowRetryThreshold(); }
    bool isTimedOut(qint64 now) const { return now > retryState.timeoutAt; }
    bool canForceRetry(qint64 now) const;
    bool canRetry(qint64 now) const { return canForceRetry(now) && isBelowRetryThreshold(); }
    bool canNextRetry(qint64 now) const { return canRetry(now) && now >= retryState.nextRetryAt; }
    WCI_WIRE_TYPE(ExecutionFailedState)
};

struct ErrorInfo {
    QString errorCode = ErrorCode::Ok;
    QString errorMsg;
    QList<BindingError> bindingErrors;
    bool succeeded() const { return errorCode == ErrorCode::Ok; }
    static ErrorInfo from(const DomainError &e) { return {e.code, e.message, e.bindingErrors}; }
    WCI_WIRE_TYPE(ErrorInfo)
};

struct CommandResult {
    QString id;
    std::optional<QString> waitCommandId; // absent on Wow 6.0.x
    CommandStage stage = CommandStage::Processed;
    QString contextName = kCompensationContext;
    QString aggregateName = kExecutionFailedAggregate;
    QString tenantId = kDefaultTenantId;
    QString aggregateId;
    std::optional<int> aggregateVersion;
    QString requestId;
    QString commandId;
    FunctionInfo function;
    QString errorCode = ErrorCode::Ok;
    QString errorMsg;
    QList<BindingError> bindingErrors;
    QJsonObject result;
    qint64 signalTime = 0;
    bool succeeded() const { return errorCode == ErrorCode::Ok; }
    WCI_WIRE_TYPE(CommandResult)
};

// One event inside a stream; the body is kept as its encoded JSON so that stored bytes
// round-trip unchanged (use bodyObject() to read it).
struct DomainEvent {
    QString id;
    QString name;
    QString revision = QStringLiteral("0.0.1");
    QString bodyType;
    QByteArray body = QByteArrayLiteral("{}");
    QJsonObject bodyObject() const { return parseObject(body); }
    WCI_WIRE_TYPE(DomainEvent)
};

struct DomainEventStream {
    QString id;
    QString contextName = kCompensationContext;
    QString aggregateName = kExecutionFailedAggregate;
    QMap<QString, QString> header;
    QString aggregateId;
    QString tenantId = kDefaultTenantId;
    QString ownerId;
    std::optional<QString> spaceId; // v8+
    QString commandId;
    QString requestId;
    int version = 0;
    std::vector<DomainEvent> body;
    qint64 createTime = 0;
    std::optional<int> size; // only in query results of the Mongo backend
    WCI_WIRE_TYPE(DomainEventStream)
};
// DomainEventStream::read, but each event's body is handed to `body` as a reader (with the
// event's other fields read) instead of kept as text: the events' `body` stays empty.
DomainEventStream readEventStream(const JsonReader &r, const std::function<void(const DomainEvent &, const JsonReader &)> &body);

struct Snapshot {
    QString contextName = kCompensationContext;
    QString aggregateName = kExecutionFailedAggregate;
    QString aggregateId;
    QString tenantId = kDefaultTenantId;
    QString ownerId;
    std::optional<QString> spaceId; // v8+
    int version = 0;
    QString eventId;
    QString firstOperator;
    QString operatorName; // wire name "operator"
    qint64 firstEventTime = 0;
    qint64 eventTime = 0;
    ExecutionFailedState state;
    qint64 snapshotTime = 0;
    std::optional<QMap<QString, QStringList>> tags; // v8.3+
    bool deleted = false;
    WCI_WIRE_TYPE(Snapshot)
};

// id through version are DomainEventStream's header fields, in the same order; Wow's StateEvent
// declares them flat, as here.
struct StateEvent {
    QString id;
    QString contextName = kCompensationContext;
    QString aggregateName = kExecutionFailedAggregate;
    QMap<QString, QString> header;
    QString aggregateId;
    QString tenantId = kDefaultTenantId;
    QString ownerId;
    std::optional<QString> spaceId;
    QString commandId;
    QString requestId;
    int version = 0;
    QString firstOperator;
    qint64 firstEventTime = 0;
    ExecutionFailedState state;
    std::optional<QMap<QString, QStringList>> tags;
    bool deleted = false;
    std::vector<DomainEvent> body;
    qint64 createTime = 0;
    WCI_WIRE_TYPE(StateEvent)
};

// The snapshot a state event stands for (the state after its version). Wow serves no snapshot
// of a deleted aggregate, so callers rebuild it from the aggregate's last tracing entry.
Snapshot snapshotFromStateEvent(const StateEvent &event);

struct BatchResult {
    QString afterId;
    int size = 0;
    QString errorCode = ErrorCode::Ok;
    QString errorMsg;
    bool succeeded() const { return errorCode == ErrorCode::Ok; }
    WCI_WIRE_TYPE(BatchResult)
};

struct CompensationTarget {
    std::optional<QString> id;
    FunctionInfo function;
    WCI_WIRE_TYPE(CompensationTarget)
};

struct AggregateMetadata {
    QStringList scopes;
    std::optional<QString> type;
    std::optional<QString> tenantId;
    std::optional<QString> id;
    QStringList commands;
    QStringList events;
    WCI_WIRE_TYPE(AggregateMetadata)
};

struct BoundedContextMetadata {
    std::optional<QString> alias;
    QString description;
    QStringList scopes;
    QMap<QString, AggregateMetadata> aggregates;
    WCI_WIRE_TYPE(BoundedContextMetadata)
};

struct WowMetadata {
    QMap<QString, BoundedContextMetadata> contexts;
    // What the compensation server reports for itself (docs/wire-protocol.md §10.1).
    static WowMetadata compensationService();
    WCI_WIRE_TYPE(WowMetadata)
};

// Body of POST /wow/command/wait (docs/wire-protocol.md §4.6).
struct SimpleWaitSignal {
    QString id;
    QString waitCommandId;
    QString commandId;
    AggregateId aggregateId;
    CommandStage stage = CommandStage::Processed;
    FunctionInfo function;
    std::optional<int> aggregateVersion;
    bool isLastProjection = false;
    QString errorCode = ErrorCode::Ok;
    QString errorMsg;
    QList<BindingError> bindingErrors;
    QJsonObject result;
    QStringList commands;
    qint64 signalTime = 0;
    WCI_WIRE_TYPE(SimpleWaitSignal)
};

} // namespace wci
