#pragma once

// The operator actions of the window: one QAction per action (Actions menu, the list's context
// menu, the details pane's buttons), enabled from the selected failure's state with the reason
// shown when not, the dialogs they open, bulk runs on a selection or on everything matching the
// filter, the audit trail, and read-only mode.

#include "action_rules.h"
#include "app_settings.h"
#include "audit_log.h"
#include "bulk_run.h"

#include <QObject>
#include <QPointer>

class QAction;
class QLabel;
class QMenu;
class QWidget;

namespace wci {

class MainWindow;

class ActionController : public QObject {
    Q_OBJECT
public:
    ActionController(MainWindow *window, AppSettings *settings, AuditLog *audit);

    QAction *action(ActionKind kind) const { return m_actions.value(int(kind)); }
    QMenu *filterMenu() const { return m_filterMenu; } // "On everything matching the filter"
    QWidget *detailsBar() const { return m_bar; }       // buttons + reasons for the details pane
    QLabel *reasonsLabel() const { return m_reasons; }
    AuditLog *audit() const { return m_audit; }

    bool isReadOnly() const;
    void setReadOnlyMode(bool on); // the View toggle (a read-only connection stays read-only)
    // The engine does not answer: every action is off, with `reason`, until this is called with
    // an empty reason (the connection is back).
    void setOffline(const QString &reason);
    bool isOffline() const { return !m_offline.isEmpty(); }
    QString operatorName() const;
    void setOperatorName(const QString &name);
    AuditEntry auditBase() const;
    // Before the first action that writes: asks once for the name to record (prefilled from the
    // OS account) and keeps it. False when the person cancels (the action does not run).
    bool ensureOperatorName();

    // Re-reads the selection and enables the actions.
    void updateAvailability();
    // Opens what the action needs for the current selection.
    void trigger(ActionKind kind);
    // Bulk on the given ids (already frozen); `templateSnapshot` prefills the form.
    void runBulk(ActionKind kind, const QStringList &ids, const Snapshot &templateSnapshot, const QString &scopeText);
    // Bulk on everything matching the list's current condition.
    void triggerOnFilter(ActionKind kind);
    // Bulk on everything matching `condition` (frozen when listed); `what` names it in the scope.
    void triggerOnCondition(ActionKind kind, const Condition &condition, const QString &what);

signals:
    void dataChanged(); // an action changed something: the window refreshes
    void dialogOpened(QWidget *dialog); // for tests: every dialog this controller opens

private:
    void startBulk(BulkSpec spec, const QStringList &ids, const QString &title);
    void show(QWidget *dialog);

    QPointer<MainWindow> m_window;
    AppSettings *m_settings;
    AuditLog *m_audit;
    QHash<int, QAction *> m_actions;
    QMenu *m_filterMenu = nullptr;
    QWidget *m_bar = nullptr;
    QLabel *m_reasons = nullptr;
    bool m_readOnlyMode = false;
    QString m_offline;
};

} // namespace wci
