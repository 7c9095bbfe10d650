#pragma once

// The actions that are not a plain command form: event compensation (pick a version and a
// target function), batch operations over every aggregate with progress (regenerate all
// snapshots, resend state events), and the read-only tools (metadata, a global id, the BI
// sync script).

#include "audit_log.h"
#include "engine.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace wci {

class CompensateDialog : public QDialog {
    Q_OBJECT
public:
    CompensateDialog(Engine *engine, const Snapshot &snapshot, QWidget *parent = nullptr);
    void setAudit(AuditLog *log, const AuditEntry &base) { m_audit = log, m_auditBase = base; }
    QSpinBox *versionBox() const { return m_version; }
    QPushButton *runButton() const { return m_run; }
    QLabel *resultLabel() const { return m_result; }
    std::optional<int> delivered() const { return m_delivered; }
signals:
    void executed(int count);

private:
    void updateWidgets();
    void run();
    QPointer<Engine> m_engine;
    Snapshot m_snapshot;
    QList<DomainEventStream> m_streams;
    AuditLog *m_audit = nullptr;
    AuditEntry m_auditBase;
    std::optional<int> m_delivered;
    QSpinBox *m_version;
    QLabel *m_events;
    QComboBox *m_kind;
    QLineEdit *m_context, *m_processor, *m_name;
    QLineEdit *m_reason;
    QLabel *m_hint;
    QLabel *m_result;
    QPushButton *m_run;
};

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

class InfoDialog : public QDialog {
    Q_OBJECT
public:
    enum class Kind { Metadata, GlobalId, BiScript };
    InfoDialog(Engine *engine, Kind kind, QWidget *parent = nullptr);
    QPlainTextEdit *text() const { return m_text; }
    QLabel *statusLabel() const { return m_status; }
signals:
    void loaded();

private:
    void load();
    QPointer<Engine> m_engine;
    Kind m_kind;
    QComboBox *m_operation = nullptr;
    QLineEdit *m_database = nullptr;
    QPlainTextEdit *m_text;
    QLabel *m_status;
};

} // namespace wci
