#include "events.h"

namespace wci {

using namespace Qt::StringLiterals;

ExecutionFailedCreated ExecutionFailedCreated::read(const JsonReader &r)
{
    ExecutionFailedCreated e;
    readFailure(r, e);
    e.retryState = r.nested<RetryState>("retryState"_L1);
    e.retrySpec = r.nested<RetrySpec>("retrySpec"_L1);
    e.recoverable = readRecoverable(r, Presence::Optional);
    return e;
}

void ExecutionFailedCreated::write(JsonWriter &w) const
{
    w.beginObject();
    writeFailure(w, *this);
    w.object("retryState"_L1, retryState)
        .object("retrySpec"_L1, retrySpec)
        .field("recoverable"_L1, enumName(recoverable));
    w.endObject();
}

CompensationPrepared CompensationPrepared::read(const JsonReader &r)
{
    return {r.nested<EventId>("eventId"_L1), r.nested<FunctionInfo>("function"_L1),
            r.nested<RetryState>("retryState"_L1)};
}

void CompensationPrepared::write(JsonWriter &w) const
{
    w.beginObject();
    w.object("eventId"_L1, eventId).object("function"_L1, function).object("retryState"_L1, retryState);
    w.endObject();
}

ExecutionSuccessApplied ExecutionSuccessApplied::read(const JsonReader &r)
{
    return {r.int64("executeAt"_L1)};
}

void ExecutionSuccessApplied::write(JsonWriter &w) const
{
    w.beginObject().field("executeAt"_L1, executeAt).endObject();
}

ExecutionFailedApplied ExecutionFailedApplied::read(const JsonReader &r)
{
    return {r.nested<ErrorDetails>("error"_L1), r.int64("executeAt"_L1), readRecoverable(r, Presence::Optional)};
}

void ExecutionFailedApplied::write(JsonWriter &w) const
{
    w.beginObject();
    w.object("error"_L1, error).field("executeAt"_L1, executeAt).field("recoverable"_L1, enumName(recoverable));
    w.endObject();
}

// The same three fields as RetrySpec, in the same order.
RetrySpecApplied RetrySpecApplied::read(const JsonReader &r)
{
    const RetrySpec s = RetrySpec::read(r);
    return {s.maxRetries, s.minBackoff, s.executionTimeout};
}

void RetrySpecApplied::write(JsonWriter &w) const
{
    RetrySpec{maxRetries, minBackoff, executionTimeout}.write(w);
}

RecoverableMarked RecoverableMarked::read(const JsonReader &r)
{
    return {readRecoverable(r, Presence::Required)};
}

void RecoverableMarked::write(JsonWriter &w) const
{
    w.beginObject().field("recoverable"_L1, enumName(recoverable)).endObject();
}

FunctionChanged FunctionChanged::read(const JsonReader &r)
{
    return {FunctionInfo::read(r)};
}

void FunctionChanged::write(JsonWriter &w) const
{
    // Wow's FunctionChanged declares name, processorName, contextName, functionKind.
    w.beginObject();
    w.field("name"_L1, function.name)
        .field("processorName"_L1, function.processorName)
        .field("contextName"_L1, function.contextName)
        .field("functionKind"_L1, enumName(function.functionKind));
    w.endObject();
}

WCI_EMPTY_WIRE_TYPE_CODECS(AggregateDeleted)
WCI_EMPTY_WIRE_TYPE_CODECS(AggregateRecovered)

static const std::array<EventInfo, std::variant_size_v<Event>> &eventTable()
{
    static const QString api = u"me.ahoo.wow.compensation.api."_s;
    static const std::array<EventInfo, std::variant_size_v<Event>> table = {{
        {u"execution_failed_created"_s, api + u"ExecutionFailedCreated"_s},
        {u"compensation_prepared"_s, api + u"CompensationPrepared"_s},
        {u"execution_success_applied"_s, api + u"ExecutionSuccessApplied"_s},
        {u"execution_failed_applied"_s, api + u"ExecutionFailedApplied"_s},
        {u"retry_spec_applied"_s, api + u"RetrySpecApplied"_s},
        {u"recoverable_marked"_s, api + u"RecoverableMarked"_s},
        {u"function_changed"_s, api + u"FunctionChanged"_s},
        {u"default_aggregate_deleted"_s, u"me.ahoo.wow.api.event.DefaultAggregateDeleted"_s},
        {u"default_aggregate_recovered"_s, u"me.ahoo.wow.api.event.DefaultAggregateRecovered"_s},
    }};
    return table;
}

const EventInfo &eventInfo(const Event &event)
{
    return eventTable()[event.index()];
}

QByteArray encodeEventBody(const Event &event)
{
    return std::visit([](const auto &e) { return e.toJsonBytes(); }, event);
}

DomainEvent toDomainEvent(const Event &event, QString id)
{
    const EventInfo &info = eventInfo(event);
    DomainEvent d;
    d.id = std::move(id);
    d.name = info.name;
    d.bodyType = info.bodyType;
    d.body = encodeEventBody(event);
    return d;
}

// Calls `f` with the type of the event at `index` of eventTable() (as a null pointer to it).
template <size_t I = 0, typename F>
static auto withEventType(size_t index, F f)
{
    using T = std::variant_alternative_t<I, Event>;
    if constexpr (I + 1 < std::variant_size_v<Event>) {
        if (I != index)
            return withEventType<I + 1>(index, f);
    }
    return f(static_cast<const T *>(nullptr));
}

// The index in eventTable() of the event's type (by name, falling back to bodyType), or -1.
static int eventIndex(const DomainEvent &event)
{
    const auto &table = eventTable();
    for (size_t i = 0; i < table.size(); ++i) {
        if (table[i].name == event.name || table[i].bodyType == event.bodyType)
            return int(i);
    }
    return -1;
}

std::optional<TypedEventStream> decodeTypedEventStream(const QByteArray &bytes)
{
    JsonReadContext ctx;
    std::optional<TypedEventStream> out;
    const bool parsed = readFast(bytes, ctx, [&](const JsonReader &r) {
        if (!r.isObject())
            return;
        TypedEventStream t;
        t.stream = readEventStream(r, [&](const DomainEvent &e, const JsonReader &body) {
            const int index = eventIndex(e);
            if (index < 0)
                return; // not typed: fewer events than entries
            t.events.push_back(withEventType(size_t(index), [&](const auto *type) {
                return Event(std::decay_t<decltype(*type)>::read(body));
            }));
        });
        out = std::move(t);
    });
    if (!parsed || !out || !ctx.errors.isEmpty() || out->events.size() != out->stream.body.size())
        return std::nullopt;
    return out;
}

Result<Event> fromDomainEvent(const DomainEvent &event)
{
    const int index = eventIndex(event);
    if (index < 0)
        return DomainError::illegalArgument(u"Unknown event \""_s + event.name + u"\" (bodyType "_s + event.bodyType
                                            + u")."_s);
    return withEventType(size_t(index), [&](const auto *type) -> Result<Event> {
        auto r = decodeJsonBytes<std::decay_t<decltype(*type)>>(event.body, eventTable()[size_t(index)].name);
        if (!r)
            return r.error();
        return Event(std::move(r).value());
    });
}

} // namespace wci
