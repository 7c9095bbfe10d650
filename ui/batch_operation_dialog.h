#pragma once

// A batch operation over every aggregate, batch by batch in aggregate-id order with progress
// and Cancel: regenerate all snapshots, or resend the state events.

#include "audit_log.h"
#include "engine.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace wci {

class BatchOperationDialog : public QDialog {
    Q_OBJECT
public:
    enum class Operation { RegenerateSnapshots, ResendStateEvents };
    BatchOperationDialog(Engine *engine, Operation op, QWidget *parent = nullptr);
    void setAudit(AuditLog *log, const AuditEntry &base) { m_audit = log, m_auditBase = base; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *cancelButton() const { return m_cancel; }
    qint64 processed() const { return m_processed; }
    bool isDone() const { return m_done; }
    QLabel *statusLabel() const { return m_status; }
signals:
    void finished();

private:
    void next();
    void stop(const QString &text, const QString &outcome, const QString &code);
    QPointer<Engine> m_engine;
    Operation m_op;
    AuditLog *m_audit = nullptr;
    AuditEntry m_auditBase;
    QString m_afterId;
    qint64 m_processed = 0;
    int m_batches = 0;
    bool m_cancelled = false;
    bool m_done = false;
    QSpinBox *m_batchSize;
    QLabel *m_status;
    QProgressBar *m_busy;
    QPushButton *m_start;
    QPushButton *m_cancel;
};

} // namespace wci
