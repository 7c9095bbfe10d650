#include "wire_types.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace wci {

using namespace Qt::StringLiterals;

namespace {

void writeStringList(JsonWriter &w, const QStringList &items)
{
    w.beginArray();
    for (const auto &s : items)
        w.value(s);
    w.endArray();
}

void writeStringMap(JsonWriter &w, const QMap<QString, QString> &map)
{
    w.beginObject();
    for (auto it = map.begin(); it != map.end(); ++it)
        w.key(it.key()).value(it.value());
    w.endObject();
}

void writeTags(JsonWriter &w, const QMap<QString, QStringList> &tags)
{
    w.beginObject();
    for (auto it = tags.begin(); it != tags.end(); ++it) {
        w.key(it.key());
        writeStringList(w, it.value());
    }
    w.endObject();
}

void writeOptionalString(JsonWriter &w, const std::optional<QString> &s)
{
    if (s)
        w.value(*s);
    else
        w.null();
}

// The bindingErrors field, written only when there are any.
void writeBindingErrorsField(JsonWriter &w, const QList<BindingError> &errors)
{
    if (errors.isEmpty())
        return;
    w.key("bindingErrors"_L1);
    writeBindingErrors(w, errors);
}

// The helpers below cover runs of fields that Wow writes in the same order in every type that
// uses them; the fields around them differ in order from type to type.

// aggregateId, tenantId, ownerId, spaceId (v8+, only when set): Snapshot, StateEvent, DomainEventStream.
template <typename T>
void readOwnership(const JsonReader &r, T &s)
{
    s.aggregateId = r.string("aggregateId"_L1);
    s.tenantId = r.string("tenantId"_L1, Presence::Optional, kDefaultTenantId);
    s.ownerId = r.string("ownerId"_L1, Presence::Optional);
    s.spaceId = r.optionalString("spaceId"_L1);
}

template <typename T>
void writeOwnership(JsonWriter &w, const T &s)
{
    w.field("aggregateId"_L1, s.aggregateId).field("tenantId"_L1, s.tenantId).field("ownerId"_L1, s.ownerId);
    if (s.spaceId)
        w.field("spaceId"_L1, *s.spaceId);
}

// id through version: the stream header StateEvent and DomainEventStream share.
template <typename T>
void readStreamHeader(const JsonReader &r, T &s)
{
    s.id = r.string("id"_L1);
    s.contextName = r.string("contextName"_L1);
    s.aggregateName = r.string("aggregateName"_L1);
    s.header = r.stringMap("header"_L1);
    readOwnership(r, s);
    s.commandId = r.string("commandId"_L1);
    s.requestId = r.string("requestId"_L1, Presence::Optional, s.commandId);
    s.version = r.int32("version"_L1);
}

template <typename T>
void writeStreamHeader(JsonWriter &w, const T &s)
{
    w.field("id"_L1, s.id).field("contextName"_L1, s.contextName).field("aggregateName"_L1, s.aggregateName);
    w.key("header"_L1);
    writeStringMap(w, s.header);
    writeOwnership(w, s);
    w.field("commandId"_L1, s.commandId).field("requestId"_L1, s.requestId).field("version"_L1, s.version);
}

// tags (v8.3+, only when set) then deleted: Snapshot and StateEvent.
template <typename T>
void readTagsAndDeleted(const JsonReader &r, T &s)
{
    if (r.has("tags"_L1))
        s.tags = r.stringListMap("tags"_L1);
    s.deleted = r.boolean("deleted"_L1, Presence::Optional);
}

template <typename T>
void writeTagsAndDeleted(JsonWriter &w, const T &s)
{
    if (s.tags) {
        w.key("tags"_L1);
        writeTags(w, *s.tags);
    }
    w.field("deleted"_L1, s.deleted);
}

} // namespace

void writeBindingErrors(JsonWriter &w, const QList<BindingError> &errors)
{
    w.beginArray();
    for (const auto &e : errors) {
        w.beginObject();
        w.field("name"_L1, e.name).field("msg"_L1, e.msg);
        if (!e.code.isEmpty())
            w.field("code"_L1, e.code);
        w.endObject();
    }
    w.endArray();
}

QList<BindingError> readBindingErrors(const JsonReader &r, QLatin1StringView key)
{
    struct Item {
        BindingError e;
        static Item read(const JsonReader &r)
        {
            return {{r.string("name"_L1), r.string("msg"_L1, Presence::Optional), r.string("code"_L1, Presence::Optional)}};
        }
    };
    QList<BindingError> out;
    for (const auto &item : r.list<Item>(key))
        out.append(item.e);
    return out;
}

RecoverableType readRecoverable(const JsonReader &r, Presence p)
{
    return r.enumeration("recoverable"_L1, p, RecoverableType::Unknown, &parseRecoverableType, recoverableTypeNames());
}

// The codecs below repeat one shape: each lists its own type's fields in Wow's serializer order.

// ---- AggregateId -------------------------------------------------------------------

AggregateId AggregateId::read(const JsonReader &r)
{
    return {r.string("contextName"_L1), r.string("aggregateName"_L1), r.string("aggregateId"_L1),
            r.string("tenantId"_L1)};
}

void AggregateId::write(JsonWriter &w) const
{
    w.beginObject();
    w.field("contextName"_L1, contextName)
        .field("aggregateName"_L1, aggregateName)
        .field("aggregateId"_L1, aggregateId)
        .field("tenantId"_L1, tenantId);
    w.endObject();
}

// ---- FunctionInfo ------------------------------------------------------------------

FunctionInfo FunctionInfo::read(const JsonReader &r)
{
    FunctionInfo f;
    f.functionKind = r.enumeration("functionKind"_L1, Presence::Required, FunctionKind::Event, &parseFunctionKind,
                                   functionKindNames());
    f.contextName = r.string("contextName"_L1);
    f.processorName = r.string("processorName"_L1);
    f.name = r.string("name"_L1);
    return f;
}

void FunctionInfo::write(JsonWriter &w) const
{
    w.beginObject();
    w.field("functionKind"_L1, enumName(functionKind))
        .field("contextName"_L1, contextName)
        .field("processorName"_L1, processorName)
        .field("name"_L1, name);
    w.endObject();
}

QString FunctionInfo::toKotlinString() const
{
    return u"FunctionInfoData(functionKind="_s + enumName(functionKind) + u", contextName="_s + contextName
        + u", processorName="_s + processorName + u", name="_s + name + u')';
}

// ---- EventId -----------------------------------------------------------------------

EventId EventId::read(const JsonReader &r)
{
    return {r.string("id"_L1), r.nested<AggregateId>("aggregateId"_L1), r.int32("version"_L1)};
}

void EventId::write(JsonWriter &w) const
{
    w.beginObject();
    w.field("id"_L1, id).object("aggregateId"_L1, aggregateId).field("version"_L1, version);
    w.endObject();
}

// ---- ErrorDetails ------------------------------------------------------------------

ErrorDetails ErrorDetails::read(const JsonReader &r)
{
    ErrorDetails e;
    e.errorCode = r.string("errorCode"_L1);
    e.errorMsg = r.string("errorMsg"_L1, Presence::Optional);
    e.stackTrace = r.string("stackTrace"_L1, Presence::Optional);
    e.bindingErrors = readBindingErrors(r, "bindingErrors"_L1);
    return e;
}

void ErrorDetails::write(JsonWriter &w) const
{
    w.beginObject();
    w.field("errorCode"_L1, errorCode).field("errorMsg"_L1, errorMsg).field("stackTrace"_L1, stackTrace);
    writeBindingErrorsField(w, bindingErrors);
    w.field("succeeded"_L1, succeeded());
    w.endObject();
}

// ---- RetrySpec / RetryState --------------------------------------------------------

RetrySpec RetrySpec::read(const JsonReader &r)
{
    return {r.int32("maxRetries"_L1), r.int32("minBackoff"_L1), r.int32("executionTimeout"_L1)};
}

void RetrySpec::write(JsonWriter &w) const
{
    w.beginObject();
    w.field("maxRetries"_L1, maxRetries)
        .field("minBackoff"_L1, minBackoff)
        .field("executionTimeout"_L1, executionTimeout);
    w.endObject();
}

RetryState RetryState::read(const JsonReader &r)
{
    return {r.int32("retries"_L1), r.int64("retryAt"_L1), r.int64("timeoutAt"_L1), r.int64("nextRetryAt"_L1)};
}

void RetryState::write(JsonWriter &w) const
{
    w.beginObject();
    w.field("retries"_L1, retries)
        .field("retryAt"_L1, retryAt)
        .field("timeoutAt"_L1, timeoutAt)
        .field("nextRetryAt"_L1, nextRetryAt);
    w.endObject();
}

// ---- ExecutionFailedState ----------------------------------------------------------

bool ExecutionFailedState::canForceRetry(qint64 now) const
{
    switch (status) {
    case ExecutionFailedStatus::Succeeded:
        return false;
    case ExecutionFailedStatus::Failed:
        return true;
    case ExecutionFailedStatus::Prepared:
        return isTimedOut(now);
    }
    return false;
}

ExecutionFailedState ExecutionFailedState::read(const JsonReader &r)
{
    ExecutionFailedState s;
    s.id = r.string("id"_L1);
    readFailure(r, s);
    s.retrySpec = r.nested<RetrySpec>("retrySpec"_L1);
    s.retryState = r.nested<RetryState>("retryState"_L1);
    s.status = r.enumeration("status"_L1, Presence::Required, ExecutionFailedStatus::Failed,
                             &parseExecutionFailedStatus, executionFailedStatusNames());
    s.recoverable = readRecoverable(r, Presence::Optional);
    return s;
}

void ExecutionFailedState::write(JsonWriter &w) const
{
    w.beginObject();
    w.field("id"_L1, id);
    writeFailure(w, *this);
    w.object("retrySpec"_L1, retrySpec)
        .object("retryState"_L1, retryState)
        .field("status"_L1, enumName(status))
        .field("recoverable"_L1, enumName(recoverable))
        .field("isBelowRetryThreshold"_L1, isBelowRetryThreshold())
        .field("isRetryable"_L1, isRetryable());
    w.endObject();
}

// ---- ErrorInfo ---------------------------------------------------------------------

ErrorInfo ErrorInfo::read(const JsonReader &r)
{
    return {r.string("errorCode"_L1), r.string("errorMsg"_L1, Presence::Optional),
            readBindingErrors(r, "bindingErrors"_L1)};
}

void ErrorInfo::write(JsonWriter &w) const
{
    w.beginObject();
    w.field("errorCode"_L1, errorCode).field("errorMsg"_L1, errorMsg);
    writeBindingErrorsField(w, bindingErrors);
    w.field("succeeded"_L1, succeeded());
    w.endObject();
}

// ---- CommandResult -----------------------------------------------------------------

CommandResult CommandResult::read(const JsonReader &r)
{
    CommandResult c;
    c.id = r.string("id"_L1);
    c.waitCommandId = r.optionalString("waitCommandId"_L1);
    c.stage = r.enumeration("stage"_L1, Presence::Required, CommandStage::Processed, &parseCommandStage,
                            commandStageNames());
    c.contextName = r.string("contextName"_L1);
    c.aggregateName = r.string("aggregateName"_L1);
    c.tenantId = r.string("tenantId"_L1, Presence::Optional, kDefaultTenantId);
    c.aggregateId = r.string("aggregateId"_L1);
    c.aggregateVersion = r.optionalInt32("aggregateVersion"_L1);
    c.commandId = r.string("commandId"_L1);
    c.requestId = r.string("requestId"_L1, Presence::Optional, c.commandId);
    c.function = r.nested<FunctionInfo>("function"_L1);
    c.errorCode = r.string("errorCode"_L1, Presence::Optional, ErrorCode::Ok);
    c.errorMsg = r.string("errorMsg"_L1, Presence::Optional);
    c.bindingErrors = readBindingErrors(r, "bindingErrors"_L1);
    c.result = r.jsonObject("result"_L1);
    c.signalTime = r.int64("signalTime"_L1, Presence::Optional);
    return c;
}

void CommandResult::write(JsonWriter &w) const
{
    w.beginObject();
    w.field("id"_L1, id);
    if (waitCommandId)
        w.field("waitCommandId"_L1, *waitCommandId);
    w.field("stage"_L1, enumName(stage))
        .field("contextName"_L1, contextName)
        .field("aggregateName"_L1, aggregateName)
        .field("tenantId"_L1, tenantId)
        .field("aggregateId"_L1, aggregateId)
        .field("aggregateVersion"_L1, aggregateVersion)
        .field("requestId"_L1, requestId)
        .field("commandId"_L1, commandId)
        .object("function"_L1, function)
        .field("errorCode"_L1, errorCode)
        .field("errorMsg"_L1, errorMsg);
    writeBindingErrorsField(w, bindingErrors);
    w.field("result"_L1, result).field("signalTime"_L1, signalTime).field("succeeded"_L1, succeeded());
    w.endObject();
}

// ---- DomainEvent / DomainEventStream -----------------------------------------------

static DomainEvent readEventHeader(const JsonReader &r)
{
    DomainEvent e;
    e.id = r.string("id"_L1);
    e.name = r.string("name"_L1);
    e.revision = r.string("revision"_L1, Presence::Optional, QStringLiteral("0.0.1"));
    e.bodyType = r.string("bodyType"_L1);
    return e;
}

DomainEvent DomainEvent::read(const JsonReader &r)
{
    DomainEvent e = readEventHeader(r);
    e.body = r.compactObject("body"_L1, Presence::Required);
    return e;
}

void DomainEvent::write(JsonWriter &w) const
{
    w.beginObject();
    w.field("id"_L1, id).field("name"_L1, name).field("revision"_L1, revision).field("bodyType"_L1, bodyType);
    w.key("body"_L1).raw(body.isEmpty() ? QByteArrayLiteral("{}") : body);
    w.endObject();
}

using EventBodyReader = std::function<void(const DomainEvent &, const JsonReader &)>;

// The events of the required `body` array, at least one. With `typedBody`, each event's body is
// handed to it as a reader instead of being kept as text.
static std::vector<DomainEvent> readEventBodies(const JsonReader &r, const EventBodyReader *typedBody = nullptr)
{
    std::vector<DomainEvent> body;
    if (!typedBody) {
        body = r.list<DomainEvent>("body"_L1, Presence::Required);
    } else {
        r.elements("body"_L1, Presence::Required, [&](const JsonReader &er) {
            if (!er.isObject()) {
                er.fail(er.path(), QStringLiteral("must be an object"));
                return;
            }
            DomainEvent &e = body.emplace_back(readEventHeader(er));
            e.body = QByteArray();
            const JsonReader b = er.child("body"_L1, Presence::Required);
            if (!b.isObject()) {
                er.fail(er.fieldPath("body"_L1), QStringLiteral("must be an object"));
                return;
            }
            (*typedBody)(e, b);
        });
    }
    if (body.empty() && r.has("body"_L1))
        r.fail(r.fieldPath("body"_L1), QStringLiteral("must contain at least one event"));
    return body;
}

static void writeEventBodies(JsonWriter &w, const std::vector<DomainEvent> &body)
{
    w.array("body"_L1, body);
}

static DomainEventStream readStream(const JsonReader &r, const EventBodyReader *typedBody)
{
    DomainEventStream s;
    readStreamHeader(r, s);
    s.body = readEventBodies(r, typedBody);
    s.createTime = r.int64("createTime"_L1);
    s.size = r.optionalInt32("size"_L1);
    return s;
}

DomainEventStream DomainEventStream::read(const JsonReader &r)
{
    return readStream(r, nullptr);
}

DomainEventStream readEventStream(const JsonReader &r, const EventBodyReader &body)
{
    return readStream(r, &body);
}

void DomainEventStream::write(JsonWriter &w) const
{
    w.beginObject();
    writeStreamHeader(w, *this);
    writeEventBodies(w, body);
    w.field("createTime"_L1, createTime);
    if (size)
        w.field("size"_L1, *size);
    w.endObject();
}

// ---- Snapshot ----------------------------------------------------------------------

Snapshot Snapshot::read(const JsonReader &r)
{
    Snapshot s;
    s.contextName = r.string("contextName"_L1);
    s.aggregateName = r.string("aggregateName"_L1);
    readOwnership(r, s);
    s.version = r.int32("version"_L1);
    s.eventId = r.string("eventId"_L1, Presence::Optional);
    s.firstOperator = r.string("firstOperator"_L1, Presence::Optional);
    s.operatorName = r.string("operator"_L1, Presence::Optional);
    s.firstEventTime = r.int64("firstEventTime"_L1, Presence::Optional);
    s.eventTime = r.int64("eventTime"_L1, Presence::Optional);
    s.state = r.nested<ExecutionFailedState>("state"_L1);
    s.snapshotTime = r.int64("snapshotTime"_L1, Presence::Optional);
    readTagsAndDeleted(r, s);
    return s;
}

void Snapshot::write(JsonWriter &w) const
{
    w.beginObject();
    w.field("contextName"_L1, contextName).field("aggregateName"_L1, aggregateName);
    writeOwnership(w, *this);
    w.field("version"_L1, version)
        .field("eventId"_L1, eventId)
        .field("firstOperator"_L1, firstOperator)
        .field("operator"_L1, operatorName)
        .field("firstEventTime"_L1, firstEventTime)
        .field("eventTime"_L1, eventTime)
        .object("state"_L1, state)
        .field("snapshotTime"_L1, snapshotTime);
    writeTagsAndDeleted(w, *this);
    w.endObject();
}

// ---- StateEvent --------------------------------------------------------------------

StateEvent StateEvent::read(const JsonReader &r)
{
    StateEvent s;
    readStreamHeader(r, s);
    s.firstOperator = r.string("firstOperator"_L1, Presence::Optional);
    s.firstEventTime = r.int64("firstEventTime"_L1, Presence::Optional);
    s.state = r.nested<ExecutionFailedState>("state"_L1);
    readTagsAndDeleted(r, s);
    s.body = readEventBodies(r);
    s.createTime = r.int64("createTime"_L1);
    return s;
}

void StateEvent::write(JsonWriter &w) const
{
    w.beginObject();
    writeStreamHeader(w, *this);
    w.field("firstOperator"_L1, firstOperator)
        .field("firstEventTime"_L1, firstEventTime)
        .object("state"_L1, state);
    writeTagsAndDeleted(w, *this);
    writeEventBodies(w, body);
    w.field("createTime"_L1, createTime);
    w.endObject();
}

Snapshot snapshotFromStateEvent(const StateEvent &e)
{
    Snapshot s;
    s.contextName = e.contextName;
    s.aggregateName = e.aggregateName;
    s.aggregateId = e.aggregateId;
    s.tenantId = e.tenantId;
    s.ownerId = e.ownerId;
    s.spaceId = e.spaceId;
    s.version = e.version;
    s.eventId = e.id;
    s.firstOperator = e.firstOperator;
    s.operatorName = e.header.value(u"command_operator"_s);
    s.firstEventTime = e.firstEventTime;
    s.eventTime = e.createTime;
    s.state = e.state;
    s.snapshotTime = e.createTime;
    s.tags = e.tags;
    s.deleted = e.deleted;
    return s;
}

// ---- BatchResult / CompensationTarget ----------------------------------------------

BatchResult BatchResult::read(const JsonReader &r)
{
    return {r.string("afterId"_L1), r.int32("size"_L1), r.string("errorCode"_L1, Presence::Optional, ErrorCode::Ok),
            r.string("errorMsg"_L1, Presence::Optional)};
}

void BatchResult::write(JsonWriter &w) const
{
    w.beginObject();
    w.field("afterId"_L1, afterId)
        .field("size"_L1, size)
        .field("errorCode"_L1, errorCode)
        .field("errorMsg"_L1, errorMsg)
        .field("succeeded"_L1, succeeded());
    w.endObject();
}

CompensationTarget CompensationTarget::read(const JsonReader &r)
{
    return {r.optionalString("id"_L1), r.nested<FunctionInfo>("function"_L1)};
}

void CompensationTarget::write(JsonWriter &w) const
{
    w.beginObject();
    w.object("function"_L1, function);
    if (id)
        w.field("id"_L1, *id);
    w.endObject();
}

// ---- Metadata ----------------------------------------------------------------------

AggregateMetadata AggregateMetadata::read(const JsonReader &r)
{
    return {r.stringList("scopes"_L1),   r.optionalString("type"_L1),     r.optionalString("tenantId"_L1),
            r.optionalString("id"_L1),   r.stringList("commands"_L1),     r.stringList("events"_L1)};
}

void AggregateMetadata::write(JsonWriter &w) const
{
    w.beginObject();
    w.key("scopes"_L1);
    writeStringList(w, scopes);
    w.key("type"_L1);
    writeOptionalString(w, type);
    w.key("tenantId"_L1);
    writeOptionalString(w, tenantId);
    w.key("id"_L1);
    writeOptionalString(w, id);
    w.key("commands"_L1);
    writeStringList(w, commands);
    w.key("events"_L1);
    writeStringList(w, events);
    w.endObject();
}

BoundedContextMetadata BoundedContextMetadata::read(const JsonReader &r)
{
    BoundedContextMetadata m;
    m.alias = r.optionalString("alias"_L1);
    m.description = r.string("description"_L1, Presence::Optional);
    m.scopes = r.stringList("scopes"_L1);
    const JsonReader aggregates = r.child("aggregates"_L1, Presence::Optional);
    for (auto it = aggregates.object().begin(); it != aggregates.object().end(); ++it) {
        const JsonReader a = aggregates.child(QLatin1StringView(it.key().toLatin1()), Presence::Required);
        if (a.isObject())
            m.aggregates.insert(it.key(), AggregateMetadata::read(a));
    }
    return m;
}

void BoundedContextMetadata::write(JsonWriter &w) const
{
    w.beginObject();
    w.key("alias"_L1);
    writeOptionalString(w, alias);
    w.field("description"_L1, description);
    w.key("scopes"_L1);
    writeStringList(w, scopes);
    w.key("aggregates"_L1).beginObject();
    for (auto it = aggregates.begin(); it != aggregates.end(); ++it) {
        w.key(it.key());
        it.value().write(w);
    }
    w.endObject();
    w.endObject();
}

WowMetadata WowMetadata::read(const JsonReader &r)
{
    WowMetadata m;
    const JsonReader contexts = r.child("contexts"_L1, Presence::Required);
    for (auto it = contexts.object().begin(); it != contexts.object().end(); ++it) {
        const QByteArray key = it.key().toLatin1();
        const JsonReader c = contexts.child(QLatin1StringView(key), Presence::Required);
        if (c.isObject())
            m.contexts.insert(it.key(), BoundedContextMetadata::read(c));
    }
    return m;
}

void WowMetadata::write(JsonWriter &w) const
{
    w.beginObject();
    w.key("contexts"_L1).beginObject();
    for (auto it = contexts.begin(); it != contexts.end(); ++it) {
        w.key(it.key());
        it.value().write(w);
    }
    w.endObject();
    w.endObject();
}

WowMetadata WowMetadata::compensationService()
{
    const QString api = u"me.ahoo.wow.compensation.api."_s;
    AggregateMetadata ef;
    ef.scopes = {u"me.ahoo.wow.compensation.api"_s};
    ef.type = u"me.ahoo.wow.compensation.domain.ExecutionFailed"_s;
    ef.tenantId = kDefaultTenantId;
    for (const char *c : {"CreateExecutionFailed", "PrepareCompensation", "ForcePrepareCompensation",
                          "ApplyExecutionSuccess", "ApplyExecutionFailed", "ApplyRetrySpec", "ChangeFunction",
                          "MarkRecoverable"})
        ef.commands.append(api + QLatin1String(c));
    ef.commands.append(u"me.ahoo.wow.api.command.DefaultDeleteAggregate"_s);
    ef.commands.append(u"me.ahoo.wow.api.command.DefaultRecoverAggregate"_s);
    for (const char *e : {"ExecutionFailedCreated", "CompensationPrepared", "ExecutionSuccessApplied",
                          "ExecutionFailedApplied", "RetrySpecApplied", "RecoverableMarked", "FunctionChanged"})
        ef.events.append(api + QLatin1String(e));
    ef.events.append(u"me.ahoo.wow.api.event.DefaultAggregateDeleted"_s);
    ef.events.append(u"me.ahoo.wow.api.event.DefaultAggregateRecovered"_s);

    BoundedContextMetadata compensation;
    compensation.alias = kCompensationAlias;
    compensation.scopes = {u"me.ahoo.wow.compensation"_s};
    compensation.aggregates.insert(kExecutionFailedAggregate, ef);

    BoundedContextMetadata wow;
    wow.alias = u"wow"_s;
    wow.scopes = {u"me.ahoo.wow"_s};
    BoundedContextMetadata wowApi;
    wowApi.alias = u"wow.api"_s;
    wowApi.scopes = {u"me.ahoo.wow.api"_s};

    WowMetadata m;
    m.contexts.insert(kCompensationContext, compensation);
    m.contexts.insert(u"wow"_s, wow);
    m.contexts.insert(u"wow.api"_s, wowApi);
    return m;
}

// ---- SimpleWaitSignal --------------------------------------------------------------

SimpleWaitSignal SimpleWaitSignal::read(const JsonReader &r)
{
    SimpleWaitSignal s;
    s.id = r.string("id"_L1);
    s.waitCommandId = r.string("waitCommandId"_L1);
    s.commandId = r.string("commandId"_L1);
    s.aggregateId = r.nested<AggregateId>("aggregateId"_L1);
    s.stage = r.enumeration("stage"_L1, Presence::Required, CommandStage::Processed, &parseCommandStage,
                            commandStageNames());
    s.function = r.nested<FunctionInfo>("function"_L1);
    s.aggregateVersion = r.optionalInt32("aggregateVersion"_L1);
    s.isLastProjection = r.boolean("isLastProjection"_L1, Presence::Optional);
    s.errorCode = r.string("errorCode"_L1, Presence::Optional, ErrorCode::Ok);
    s.errorMsg = r.string("errorMsg"_L1, Presence::Optional);
    s.bindingErrors = readBindingErrors(r, "bindingErrors"_L1);
    s.result = r.jsonObject("result"_L1);
    s.commands = r.stringList("commands"_L1);
    s.signalTime = r.int64("signalTime"_L1, Presence::Optional);
    return s;
}

void SimpleWaitSignal::write(JsonWriter &w) const
{
    w.beginObject();
    w.field("id"_L1, id)
        .field("waitCommandId"_L1, waitCommandId)
        .field("commandId"_L1, commandId)
        .object("aggregateId"_L1, aggregateId)
        .field("stage"_L1, enumName(stage))
        .object("function"_L1, function)
        .field("aggregateVersion"_L1, aggregateVersion)
        .field("isLastProjection"_L1, isLastProjection)
        .field("errorCode"_L1, errorCode)
        .field("errorMsg"_L1, errorMsg);
    writeBindingErrorsField(w, bindingErrors);
    w.field("result"_L1, result);
    w.key("commands"_L1);
    writeStringList(w, commands);
    w.field("signalTime"_L1, signalTime).field("succeeded"_L1, errorCode == ErrorCode::Ok);
    w.endObject();
}

} // namespace wci
