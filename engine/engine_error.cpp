#include "engine_error.h"

namespace wci {

EngineError::EngineError(QString code, QString msg, int status, QList<BindingError> binding)
    : errorCode(std::move(code)), errorMsg(std::move(msg)), bindingErrors(std::move(binding)),
      httpStatus(status ? status : httpStatusForErrorCode(errorCode))
{
}

EngineError EngineError::from(const DomainError &e)
{
    return EngineError(e.code, e.message, 0, e.bindingErrors);
}

EngineError EngineError::fromCommandResult(const CommandResult &r)
{
    EngineError e(r.errorCode, r.errorMsg, 0, r.bindingErrors);
    e.commandResult = r;
    return e;
}

const char *EngineError::what() const noexcept
{
    m_what = toString().toUtf8();
    return m_what.constData();
}

} // namespace wci
