#pragma once

// The audit trail as a table for the Audit view, its CSV form, and the operator name actions
// carry by default. The entries come from an AuditLog (engine/audit_log.h).

#include "audit_log.h"

#include <QAbstractTableModel>

namespace wci {

// The entries as CSV (header line first), times in UTC.
QString auditCsv(const QList<AuditEntry> &entries);
QString auditOutcomeText(const QString &outcome); // an AuditOutcome word in the UI language

// The operator name actions carry: the configured name, else the OS user.
QString defaultOperatorName();

class AuditModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Operator, Engine, Target, Action, Change, Reason, Outcome, Message, RequestId, ColumnCount };
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
