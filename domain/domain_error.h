#pragma once

#include <QList>
#include <QString>

#include <utility>
#include <variant>

namespace wci {

// Wow's error codes (wow-core ErrorCodes) used by this product.
namespace ErrorCode {
inline const QString Ok = QStringLiteral("Ok");
inline const QString NotFound = QStringLiteral("NotFound");
inline const QString BadRequest = QStringLiteral("BadRequest");
inline const QString IllegalArgument = QStringLiteral("IllegalArgument");
inline const QString IllegalState = QStringLiteral("IllegalState");
inline const QString RequestTimeout = QStringLiteral("RequestTimeout");
inline const QString TooManyRequests = QStringLiteral("TooManyRequests");
inline const QString DuplicateRequestId = QStringLiteral("DuplicateRequestId");
inline const QString CommandValidation = QStringLiteral("CommandValidation");
inline const QString EventVersionConflict = QStringLiteral("EventVersionConflict");
inline const QString DuplicateAggregateId = QStringLiteral("DuplicateAggregateId");
inline const QString CommandExpectVersionConflict = QStringLiteral("CommandExpectVersionConflict");
inline const QString SourcingVersionConflict = QStringLiteral("SourcingVersionConflict");
inline const QString IllegalAccessDeletedAggregate = QStringLiteral("IllegalAccessDeletedAggregate");
inline const QString IllegalAccessOwnerAggregate = QStringLiteral("IllegalAccessOwnerAggregate");
inline const QString IllegalAccessSpaceAggregate = QStringLiteral("IllegalAccessSpaceAggregate");
inline const QString InternalServerError = QStringLiteral("InternalServerError");
inline const QString BatchTaskError = QStringLiteral("BatchTaskError");
inline const QString Unauthorized = QStringLiteral("Unauthorized");
inline const QString PayloadTooLarge = QStringLiteral("PayloadTooLarge");
inline const QString UnsupportedMediaType = QStringLiteral("UnsupportedMediaType");
inline const QString NotAcceptable = QStringLiteral("NotAcceptable");
// Wow 9.x: a query that its model (fields, capabilities, storage) refuses.
inline const QString QuerySchemaValidation = QStringLiteral("QuerySchemaValidation");
inline const QString QuerySchemaConflict = QStringLiteral("QuerySchemaConflict");
inline const QString QuerySchemaUnavailable = QStringLiteral("QuerySchemaUnavailable");
inline const QString IllegalAccessQueryScope = QStringLiteral("IllegalAccessQueryScope");
}

// Wow 9.x's BindingError codes (the machine-readable reason; omitted on the wire when empty).
namespace BindingCode {
inline const QString InvalidRequest = QStringLiteral("INVALID_REQUEST");
inline const QString UnknownProperty = QStringLiteral("UNKNOWN_PROPERTY");
inline const QString UnknownType = QStringLiteral("UNKNOWN_TYPE");
inline const QString UnknownValue = QStringLiteral("UNKNOWN_VALUE");
inline const QString InvalidValue = QStringLiteral("INVALID_VALUE");
inline const QString InvalidCursor = QStringLiteral("INVALID_CURSOR");
inline const QString SizeOutOfRange = QStringLiteral("SIZE_OUT_OF_RANGE");
inline const QString FilterTooLarge = QStringLiteral("FILTER_TOO_LARGE");
inline const QString ExpensiveOperatorDisabled = QStringLiteral("EXPENSIVE_OPERATOR_DISABLED");
inline const QString CursorSortDuplicate = QStringLiteral("CURSOR_SORT_DUPLICATE");
inline const QString CursorSortTooMany = QStringLiteral("CURSOR_SORT_TOO_MANY");
inline const QString UnknownField = QStringLiteral("UNKNOWN_FIELD");
inline const QString StorageUnsupported = QStringLiteral("STORAGE_UNSUPPORTED");
inline const QString MissingKeyRequiresString = QStringLiteral("MISSING_KEY_REQUIRES_STRING");
} // namespace BindingCode // namespace ErrorCode

// HTTP status for an error code, as Wow's ErrorHttpStatusMapping (unknown codes → 400).
int httpStatusForErrorCode(const QString &errorCode);

struct BindingError {
    BindingError() = default;
    BindingError(QString name, QString msg, QString code = {})
        : name(std::move(name)), msg(std::move(msg)), code(std::move(code))
    {
    }
    QString name;
    QString msg;
    QString code; // Wow 9.x; empty = none
    friend bool operator==(const BindingError &, const BindingError &) = default;
};

// An error as a value: what Wow would put in errorCode / errorMsg / bindingErrors.
struct DomainError {
    QString code;
    QString message;
    QList<BindingError> bindingErrors;

    static DomainError illegalArgument(QString msg) { return {ErrorCode::IllegalArgument, std::move(msg), {}}; }
    static DomainError illegalState(QString msg) { return {ErrorCode::IllegalState, std::move(msg), {}}; }
    static DomainError badRequest(QString msg) { return {ErrorCode::BadRequest, std::move(msg), {}}; }
    static DomainError notFound(QString msg) { return {ErrorCode::NotFound, std::move(msg), {}}; }
    // An IllegalArgument with one binding error carrying a Wow 9.x code, as Wow's query
    // admission answers ({"name": name, "msg": msg, "code": code}).
    static DomainError coded(QString code, QString name, QString msg, QString errorCode = ErrorCode::IllegalArgument)
    {
        DomainError e{std::move(errorCode), msg, {}};
        e.bindingErrors.append({std::move(name), std::move(msg), std::move(code)});
        return e;
    }
    friend bool operator==(const DomainError &, const DomainError &) = default;
};

// Either a value or a DomainError. Small on purpose: no exceptions cross layers.
template <typename T>
class Result {
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(DomainError error) : m_data(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }
    const DomainError &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, DomainError> m_data;
};

} // namespace wci
