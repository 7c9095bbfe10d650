#pragma once

// The local audit trail: every operator action (who, when, on which engine, which failures,
// which command, why, and what came of it) appended to a SQLite file in the app's data
// directory; listed, filtered and exported by the Audit view.

#include "engine.h"

#include <QAbstractTableModel>
#include <memory>

namespace wci::sqlite {
class Connection;
}

namespace wci {

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
    QString outcome;         // succeeded / failed / skipped / cancelled
    QString errorCode;
    QString message;         // the engine's words, or the skip reason
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
    ~AuditLog();
    static Result<std::unique_ptr<AuditLog>> open(const QString &path);
    QString path() const { return m_path; }

    // Appends in one transaction; fills in ids.
    std::optional<DomainError> append(QList<AuditEntry> &entries);
    std::optional<DomainError> append(AuditEntry &entry);
    QList<AuditEntry> list(const AuditFilter &filter = {}) const; // newest first
    qint64 count() const;

    static QString toCsv(const QList<AuditEntry> &entries);

private:
    AuditLog() = default;
    QString m_path;
    std::unique_ptr<sqlite::Connection> m_db;
};

// The operator name actions carry: the configured name, else the OS user.
QString defaultOperatorName();

class AuditModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Operator, Engine, Target, Action, Reason, Outcome, Message, RequestId, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;
    void setEntries(QList<AuditEntry> entries);
    const QList<AuditEntry> &entries() const { return m_entries; }
    void setUtc(bool utc);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<AuditEntry> m_entries;
    bool m_utc = false;
};

} // namespace wci
