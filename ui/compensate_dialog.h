#pragma once

// Event compensation: pick a version of a failure's event streams and a target function, and
// re-deliver that version to it; the engine answers with how many deliveries it made.

#include "audit_log.h"
#include "engine.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QLabel;
class QLineEdit;
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

} // namespace wci
