#include "commands.h"

namespace wci {

using namespace Qt::StringLiterals;

CreateExecutionFailed CreateExecutionFailed::read(const JsonReader &r)
{
    CreateExecutionFailed c;
    readFailure(r, c);
    c.retrySpec = r.optionalNested<RetrySpec>("retrySpec"_L1);
    c.recoverable = readRecoverable(r, Presence::Optional);
    return c;
}

void CreateExecutionFailed::write(JsonWriter &w) const
{
    w.beginObject();
    writeFailure(w, *this);
    w.key("retrySpec"_L1);
    if (retrySpec)
        retrySpec->write(w);
    else
        w.null();
    w.field("recoverable"_L1, enumName(recoverable));
    w.endObject();
}

WCI_EMPTY_WIRE_TYPE_CODECS(PrepareCompensation)
WCI_EMPTY_WIRE_TYPE_CODECS(ForcePrepareCompensation)
WCI_EMPTY_WIRE_TYPE_CODECS(DeleteAggregate)
WCI_EMPTY_WIRE_TYPE_CODECS(RecoverAggregate)

ApplyExecutionSuccess ApplyExecutionSuccess::read(const JsonReader &r)
{
    return {r.int64("executeAt"_L1)};
}

void ApplyExecutionSuccess::write(JsonWriter &w) const
{
    w.beginObject().field("executeAt"_L1, executeAt).endObject();
}

ApplyExecutionFailed ApplyExecutionFailed::read(const JsonReader &r)
{
    ApplyExecutionFailed c;
    c.error = r.nested<ErrorDetails>("error"_L1);
    c.executeAt = r.int64("executeAt"_L1);
    c.recoverable = readRecoverable(r, Presence::Optional);
    return c;
}

void ApplyExecutionFailed::write(JsonWriter &w) const
{
    w.beginObject();
    w.object("error"_L1, error).field("executeAt"_L1, executeAt).field("recoverable"_L1, enumName(recoverable));
    w.endObject();
}

ApplyRetrySpec ApplyRetrySpec::read(const JsonReader &r)
{
    const RetrySpec s = RetrySpec::read(r);
    return {s.maxRetries, s.minBackoff, s.executionTimeout};
}

void ApplyRetrySpec::write(JsonWriter &w) const
{
    spec().write(w);
}

ChangeFunction ChangeFunction::read(const JsonReader &r)
{
    return {FunctionInfo::read(r)};
}

void ChangeFunction::write(JsonWriter &w) const
{
    function.write(w);
}

MarkRecoverable MarkRecoverable::read(const JsonReader &r)
{
    return {readRecoverable(r, Presence::Required)};
}

void MarkRecoverable::write(JsonWriter &w) const
{
    w.beginObject().field("recoverable"_L1, enumName(recoverable)).endObject();
}

static const std::array<CommandInfo, kCommandTypeCount> &commandTable()
{
    static const QString api = u"me.ahoo.wow.compensation.api."_s;
    static const std::array<CommandInfo, kCommandTypeCount> table = {{
        {CommandType::CreateExecutionFailed, api + u"CreateExecutionFailed"_s, u"POST"_s,
         u"create_execution_failed"_s, u"onCreate"_s, false, false},
        {CommandType::PrepareCompensation, api + u"PrepareCompensation"_s, u"PUT"_s, u"prepare_compensation"_s,
         u"onPrepare"_s, true, true},
        {CommandType::ForcePrepareCompensation, api + u"ForcePrepareCompensation"_s, u"PUT"_s,
         u"force_prepare_compensation"_s, u"onForcePrepare"_s, true, true},
        {CommandType::ApplyExecutionSuccess, api + u"ApplyExecutionSuccess"_s, u"PUT"_s,
         u"apply_execution_success"_s, u"onSucceed"_s, true, true},
        {CommandType::ApplyExecutionFailed, api + u"ApplyExecutionFailed"_s, u"PUT"_s, u"apply_execution_failed"_s,
         u"onFailed"_s, true, true},
        {CommandType::ApplyRetrySpec, api + u"ApplyRetrySpec"_s, u"PUT"_s, u"apply_retry_spec"_s,
         u"onApplyRetrySpec"_s, true, true},
        {CommandType::ChangeFunction, api + u"ChangeFunction"_s, u"PUT"_s, u"change_function"_s,
         u"onChangeFunctionKind"_s, true, true},
        {CommandType::MarkRecoverable, api + u"MarkRecoverable"_s, u"PUT"_s, u"mark_recoverable"_s,
         u"onMarkRecoverable"_s, true, true},
        {CommandType::DeleteAggregate, u"me.ahoo.wow.api.command.DefaultDeleteAggregate"_s, u"DELETE"_s, QString(),
         u"ExecutionFailed.DefaultDeleteAggregate"_s, true, false},
        {CommandType::RecoverAggregate, u"me.ahoo.wow.api.command.DefaultRecoverAggregate"_s, u"PUT"_s,
         u"recover"_s, u"ExecutionFailed.DefaultRecoverAggregate"_s, true, false},
    }};
    return table;
}

const CommandInfo &commandInfo(CommandType type)
{
    return commandTable()[static_cast<size_t>(type)];
}

CommandType commandTypeOf(const CommandBody &body)
{
    return static_cast<CommandType>(body.index());
}

const CommandInfo &commandInfo(const CommandBody &body)
{
    return commandInfo(commandTypeOf(body));
}

std::optional<CommandType> commandTypeByName(QStringView fqcn)
{
    for (const auto &info : commandTable()) {
        if (info.typeName == fqcn)
            return info.type;
    }
    return std::nullopt;
}

QString commandPath(CommandType type, const QString &aggregateId)
{
    const CommandInfo &info = commandInfo(type);
    QString path = u"/"_s + kExecutionFailedAggregate;
    if (info.pathId)
        path += u'/' + aggregateId;
    if (!info.routeSuffix.isEmpty())
        path += u'/' + info.routeSuffix;
    return path;
}

template <typename T>
static Result<CommandBody> decodeAs(const QJsonValue &body)
{
    auto r = decodeJson<T>(body, commandInfo(static_cast<CommandType>(CommandBody(T{}).index())).typeName.section(u'.', -1));
    if (!r)
        return r.error();
    return CommandBody(std::move(r).value());
}

Result<CommandBody> decodeCommandBody(CommandType type, const QJsonValue &body)
{
    switch (type) {
    case CommandType::CreateExecutionFailed: return decodeAs<CreateExecutionFailed>(body);
    case CommandType::PrepareCompensation: return decodeAs<PrepareCompensation>(body);
    case CommandType::ForcePrepareCompensation: return decodeAs<ForcePrepareCompensation>(body);
    case CommandType::ApplyExecutionSuccess: return decodeAs<ApplyExecutionSuccess>(body);
    case CommandType::ApplyExecutionFailed: return decodeAs<ApplyExecutionFailed>(body);
    case CommandType::ApplyRetrySpec: return decodeAs<ApplyRetrySpec>(body);
    case CommandType::ChangeFunction: return decodeAs<ChangeFunction>(body);
    case CommandType::MarkRecoverable: return decodeAs<MarkRecoverable>(body);
    case CommandType::DeleteAggregate: return decodeAs<DeleteAggregate>(body);
    case CommandType::RecoverAggregate: return decodeAs<RecoverAggregate>(body);
    }
    return DomainError::illegalArgument(u"Unknown command type."_s);
}

QByteArray encodeCommandBody(const CommandBody &body)
{
    return std::visit([](const auto &c) { return c.toJsonBytes(); }, body);
}

bool isReservedCommandHeaderKey(const QString &key)
{
    static const QStringList exact = {
        u"command_operator"_s, u"local_first"_s, u"trace_id"_s, u"upstream_id"_s, u"upstream_name"_s, u"user_agent"_s,
        u"remote_ip"_s, u"traceparent"_s, u"tracestate"_s, u"baggage"_s, u"app_id"_s, u"device_id"_s,
    };
    const QString k = key.toLower();
    return exact.contains(k) || k.startsWith(u"command_wait_"_s) || k.startsWith(u"compensate."_s);
}

} // namespace wci
