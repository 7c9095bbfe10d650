#pragma once

#include "wire_types.h"

#include <QException>

#include <algorithm>
#include <optional>

namespace wci {

// A failed engine call: Wow's errorCode / errorMsg / bindingErrors, the HTTP status Wow would
// answer with, and for command failures the full CommandResult (Wow's error body there).
// Thrown into QFutures (it is a QException), caught with QFuture::onFailed.
class EngineError : public QException {
public:
    EngineError() = default;
    EngineError(QString code, QString msg, int status = 0, QList<BindingError> binding = {});
    static EngineError from(const DomainError &e);
    static EngineError fromCommandResult(const CommandResult &r);

    // Whether the request reached the engine: a remote server that refused the connection (or
    // could not be found, or failed the TLS handshake) got nothing; one that did not answer, or
    // closed the connection, may or may not have acted on it. Errors the engine answered with
    // are Answered.
    enum class Reach { Answered, NotReached, NoAnswer };

    QString errorCode;
    QString errorMsg;
    Reach reach = Reach::Answered;
    bool isConnectionError() const { return reach != Reach::Answered; }
    QList<BindingError> bindingErrors;
    int httpStatus = 400;
    std::optional<CommandResult> commandResult;
    std::optional<BatchResult> batchResult; // batch operations: what was done before the failure

    // A cursor token the server no longer takes (it restarted, or rotated its key): 400
    // "Invalid cursor." with the binding code INVALID_CURSOR.
    bool isInvalidCursor() const
    {
        return std::any_of(bindingErrors.begin(), bindingErrors.end(),
                           [](const BindingError &b) { return b.code == BindingCode::InvalidCursor; })
            || errorMsg == QStringLiteral("Invalid cursor.");
    }
    ErrorInfo toErrorInfo() const { return {errorCode, errorMsg, bindingErrors}; }
    QString toString() const { return errorCode + QStringLiteral(": ") + errorMsg; }

    void raise() const override { throw *this; }
    EngineError *clone() const override { return new EngineError(*this); }
    const char *what() const noexcept override;

private:
    mutable QByteArray m_what;
};

} // namespace wci
