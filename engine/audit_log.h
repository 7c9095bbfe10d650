#pragma once

// The local audit trail: every operator action (who, when, on which engine, which failures,
// which command, why, and what came of it), appended to a store in the app's data directory
// and listed, filtered and exported by the Audit view. The store is SQLite
// (engine/builtin/sqlite_audit_log.cpp); nothing above engine/ knows that.

#include "domain_error.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace wci {

// What came of an action, as the log stores it in AuditEntry::outcome.
namespace AuditOutcome {
inline const QString Succeeded = QStringLiteral("succeeded");
inline const QString Failed = QStringLiteral("failed");
inline const QString Skipped = QStringLiteral("skipped");
inline const QString Cancelled = QStringLiteral("cancelled");
} // namespace AuditOutcome

struct AuditEntry {
    qint64 id = 0;
    qint64 time = 0;         // epoch ms
    QString operatorName;
    QString engine;          // "built-in" / "remote"
    QString location;        // the file or URL
    QString target;          // execution id ("" for global actions)
    QString action;          // "Retry", "Apply retry spec", ...
    QString command;         // command type or operation name
    QString body;            // the command body as JSON (empty when none)
    QString reason;
    QString requestId;
    QString outcome;         // one of AuditOutcome's words
    QString errorCode;
    QString message;         // the engine's words, or the skip reason
    QString change;          // what it changes, old → new ("maxRetries 10 → 15"); "" when nothing to say
    friend bool operator==(const AuditEntry &, const AuditEntry &) = default;
};

struct AuditFilter {
    QString text;            // matches target, action, operator, reason, message
    QString outcome;         // "" = any
    std::optional<qint64> from, to;
    int limit = 10000;
};

class AuditLog {
public:
    virtual ~AuditLog() = default;
    // Opens (creating it and its folder when missing) the audit log file at `path`.
    static Result<std::unique_ptr<AuditLog>> open(const QString &path);

    virtual QString path() const = 0;
    // Appends in one transaction; fills in ids.
    virtual std::optional<DomainError> append(QList<AuditEntry> &entries) = 0;
    std::optional<DomainError> append(AuditEntry &entry)
    {
        QList<AuditEntry> one{entry};
        auto e = append(one);
        entry = one.front();
        return e;
    }
    virtual QList<AuditEntry> list(const AuditFilter &filter = {}) const = 0; // newest first
    virtual qint64 count() const = 0;
};

} // namespace wci
