#pragma once

// The form of one command (retry, force retry, apply retry spec, change function, mark
// recoverable, mark succeeded / failed, delete, recover) for one failure or many. It states the
// scope, takes an optional reason, keeps Run disabled with the reason shown until the command
// is valid for the failure (the decider's rules), runs a single command itself and shows the
// CommandResult or the engine's error; for many failures it hands the body to a bulk run.

#include "action_rules.h"
#include "audit_log.h"
#include "engine.h"

#include <QDialog>
#include <QElapsedTimer>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace wci {

struct CommandTarget {
    // One failure: its snapshot. Many: the first one's snapshot as the form's template and the count.
    QList<Snapshot> snapshots;
    int count = 0;
    QString scopeText; // "the 25 selected failures", "everything matching the filter (1 234)"
};

class CommandDialog : public QDialog {
    Q_OBJECT
public:
    CommandDialog(ActionKind kind, Engine *engine, CommandTarget target, qint64 now, QWidget *parent = nullptr);

    // Values offered in the change-function form (functions seen in the data).
    void setKnownFunctions(const QList<FunctionInfo> &functions);
    void setAudit(AuditLog *log, const AuditEntry &base);
    void setOperatorName(const QString &name) { m_operator = name; }

    bool isBulk() const { return m_target.count > 1; }
    // The command body the form describes for this failure (bulk: applied to each).
    CommandBody body(const Snapshot &snapshot) const;
    QString reason() const;
    // Why Run is disabled, or empty.
    QString problem() const;
    std::optional<CommandResult> result() const { return m_result; }
    QString resultText() const;

    // For tests.
    QPushButton *runButton() const { return m_run; }
    QLabel *hintLabel() const { return m_hint; }
    QSpinBox *maxRetriesBox() const { return m_maxRetries; }
    QSpinBox *minBackoffBox() const { return m_minBackoff; }
    QSpinBox *timeoutBox() const { return m_timeout; }
    QTableWidget *schedulePreview() const { return m_schedule; }
    QComboBox *recoverableBox() const { return m_recoverable; }
    QComboBox *processorBox() const { return m_processor; }
    QComboBox *functionNameBox() const { return m_functionName; }
    QLineEdit *errorCodeEdit() const { return m_errorCode; }
    QLineEdit *reasonEdit() const { return m_reason; }

signals:
    void executed(const CommandResult &result); // a single command was accepted
    void bulkRequested();                       // many: the caller starts the bulk run

private:
    void build();
    void updateWidgets();
    void updateSchedule();
    void run();

    ActionKind m_kind;
    QPointer<Engine> m_engine;
    CommandTarget m_target;
    qint64 m_now;
    qint64 m_nowAtOpen = 0;
    QElapsedTimer m_openedFor; // "now" moves on while the form is open (the retry preview)
    QString m_operator;
    AuditLog *m_audit = nullptr;
    AuditEntry m_auditBase;
    std::optional<CommandResult> m_result;
    bool m_running = false;

    QLabel *m_scope = nullptr;
    QLabel *m_hint = nullptr;
    QLineEdit *m_reason = nullptr;
    QPushButton *m_run = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPlainTextEdit *m_resultView = nullptr;
    // Retry spec.
    QSpinBox *m_maxRetries = nullptr;
    QSpinBox *m_minBackoff = nullptr;
    QSpinBox *m_timeout = nullptr;
    QTableWidget *m_schedule = nullptr;
    // Function.
    QComboBox *m_functionKind = nullptr;
    QComboBox *m_context = nullptr;
    QComboBox *m_processor = nullptr;
    QComboBox *m_functionName = nullptr;
    // Recoverable.
    QComboBox *m_recoverable = nullptr;
    // Success / failed.
    QDateTimeEdit *m_executeAt = nullptr;
    QLineEdit *m_errorCode = nullptr;
    QLineEdit *m_errorMsg = nullptr;
    QPlainTextEdit *m_stackTrace = nullptr;
};

} // namespace wci
