#include "domain_error.h"

#include <QHash>

namespace wci {

int httpStatusForErrorCode(const QString &errorCode)
{
    static const QHash<QString, int> mapping = {
        {ErrorCode::Ok, 200},
        {ErrorCode::NotFound, 404},
        {ErrorCode::BadRequest, 400},
        {ErrorCode::IllegalArgument, 400},
        {ErrorCode::IllegalState, 400},
        {ErrorCode::RequestTimeout, 408},
        {ErrorCode::TooManyRequests, 429},
        {ErrorCode::DuplicateRequestId, 400},
        {ErrorCode::CommandValidation, 400},
        {ErrorCode::EventVersionConflict, 409},
        {ErrorCode::DuplicateAggregateId, 400},
        {ErrorCode::CommandExpectVersionConflict, 409},
        {ErrorCode::SourcingVersionConflict, 409},
        {ErrorCode::IllegalAccessDeletedAggregate, 410},
        {ErrorCode::IllegalAccessOwnerAggregate, 403},
        {ErrorCode::InternalServerError, 500},
        {ErrorCode::Unauthorized, 401},
        {ErrorCode::PayloadTooLarge, 413},
        {ErrorCode::UnsupportedMediaType, 415},
        {ErrorCode::NotAcceptable, 406},
        {ErrorCode::QuerySchemaValidation, 400},
        {ErrorCode::QuerySchemaConflict, 500},
        {ErrorCode::QuerySchemaUnavailable, 503},
        {ErrorCode::IllegalAccessQueryScope, 403},
        {QStringLiteral("BiDeploymentInspectionInconsistent"), 502},
        {QStringLiteral("BiDeploymentInspectionUnavailable"), 503},
        {QStringLiteral("BiDeploymentInspectionTimeout"), 504},
    };
    return mapping.value(errorCode, 400);
}

} // namespace wci
