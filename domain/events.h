#pragma once

// Events of execution_failed (docs/wire-protocol.md §5.5) as one variant, with their wire names,
// body types and bodies.

#include "wire_types.h"

#include <variant>

namespace wci {

// Several bodies carry the same fields as the command that raises them; Wow declares them as
// types of their own, and so do we (the codecs share what writes in the same order).

struct ExecutionFailedCreated {
    EventId eventId;
    FunctionInfo function;
    ErrorDetails error;
    qint64 executeAt = 0;
    RetryState retryState;
    RetrySpec retrySpec;
    RecoverableType recoverable = RecoverableType::Unknown;
    WCI_WIRE_TYPE(ExecutionFailedCreated)
};

struct CompensationPrepared {
    EventId eventId;
    FunctionInfo function;
    RetryState retryState;
    WCI_WIRE_TYPE(CompensationPrepared)
};

struct ExecutionSuccessApplied {
    qint64 executeAt = 0;
    WCI_WIRE_TYPE(ExecutionSuccessApplied)
};

struct ExecutionFailedApplied {
    ErrorDetails error;
    qint64 executeAt = 0;
    RecoverableType recoverable = RecoverableType::Unknown;
    WCI_WIRE_TYPE(ExecutionFailedApplied)
};

struct RetrySpecApplied {
    int maxRetries = 0;
    int minBackoff = 0;
    int executionTimeout = 0;
    WCI_WIRE_TYPE(RetrySpecApplied)
};

struct RecoverableMarked {
    RecoverableType recoverable = RecoverableType::Unknown;
    WCI_WIRE_TYPE(RecoverableMarked)
};

struct FunctionChanged {
    FunctionInfo function;
    WCI_WIRE_TYPE(FunctionChanged)
};

struct AggregateDeleted {
    WCI_WIRE_TYPE(AggregateDeleted)
};

struct AggregateRecovered {
    WCI_WIRE_TYPE(AggregateRecovered)
};

using Event = std::variant<ExecutionFailedCreated, CompensationPrepared, ExecutionSuccessApplied,
                           ExecutionFailedApplied, RetrySpecApplied, RecoverableMarked, FunctionChanged,
                           AggregateDeleted, AggregateRecovered>;

struct EventInfo {
    QString name;     // snake_case wire name
    QString bodyType; // FQCN
};

const EventInfo &eventInfo(const Event &event);

// The wire name of one event type: eventName<CompensationPrepared>() is "compensation_prepared".
template <class T>
const QString &eventName()
{
    static const QString &name = eventInfo(Event(std::in_place_type<T>)).name;
    return name;
}
QByteArray encodeEventBody(const Event &event);

// Builds the DomainEvent entry of a stream for this event.
DomainEvent toDomainEvent(const Event &event, QString id);
// Reads a stream entry back into a typed event (by name, falling back to bodyType).
Result<Event> fromDomainEvent(const DomainEvent &event);

// A stream decoded with its events typed from the same parse, for a reader that replays them
// (an import): the events' `body` text is left empty (the document holds it). Nothing when the
// document, a field or an event does not decode at once (DomainEventStream::fromJsonBytes and
// fromDomainEvent then say why).
struct TypedEventStream {
    DomainEventStream stream;
    std::vector<Event> events; // one per entry of stream.body
};
std::optional<TypedEventStream> decodeTypedEventStream(const QByteArray &bytes);

} // namespace wci
