#include "action_controller.h"
#include "delivered.h"

#include "audit_model.h"
#include "batch_operation_dialog.h"
#include "bulk_dialog.h"
#include "bulk_run.h"
#include "command_dialog.h"
#include "compensate_dialog.h"
#include "failure_list_model.h"
#include "icons.h"
#include "info_dialog.h"
#include "main_window.h"
#include "theme.h"

#include <QAction>
#include <QDateTime>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

#include <optional>

namespace wci {

using namespace Qt::StringLiterals;

namespace {
// The actions with an icon of their own (in the menus; the details bar shows text).
std::optional<ActionIcon> iconOf(ActionKind kind)
{
    switch (kind) {
    case ActionKind::Prepare: return ActionIcon::Retry;
    case ActionKind::ForcePrepare: return ActionIcon::ForceRetry;
    case ActionKind::Delete: return ActionIcon::Delete;
    case ActionKind::Recover: return ActionIcon::Recover;
    case ActionKind::MarkSucceeded: return ActionIcon::MarkSucceeded;
    case ActionKind::MarkFailed: return ActionIcon::MarkFailed;
    default: return std::nullopt;
    }
}
} // namespace

ActionController::ActionController(MainWindow *window, AppSettings *settings, AuditLog *audit)
    : QObject(window), m_window(window), m_settings(settings), m_audit(audit)
{
    for (const auto &info : allActions()) {
        auto *a = new QAction(info.title, this);
        a->setObjectName(u"action_"_s + QString::number(int(info.kind)));
        a->setStatusTip(info.summary);
        a->setToolTip(info.summary);
        const ActionKind kind = info.kind;
        connect(a, &QAction::triggered, this, [this, kind] { trigger(kind); });
        if (const auto icon = iconOf(kind))
            a->setIcon(actionIcon(*icon));
        m_actions.insert(int(kind), a);
    }
    action(ActionKind::Prepare)->setShortcut(QKeySequence(u"Ctrl+R"_s));
    action(ActionKind::ForcePrepare)->setShortcut(QKeySequence(u"Ctrl+Shift+R"_s));
    action(ActionKind::Delete)->setShortcut(QKeySequence(QKeySequence::Delete));
    for (auto k : {ActionKind::Prepare, ActionKind::ForcePrepare, ActionKind::Delete})
        action(k)->setShortcutContext(Qt::WindowShortcut);

    m_filterMenu = new QMenu(tr("On everything matching the filter"));
    m_filterMenu->setToolTipsVisible(true);
    m_filterMenu->setIcon(actionIcon(ActionIcon::Filter));
    for (const auto &info : allActions()) {
        if (!info.perFailure || !info.bulk)
            continue;
        const ActionKind kind = info.kind;
        auto *a = m_filterMenu->addAction(tr("%1…", "a menu item that opens a dialog").arg(QString(info.title).remove(u"…"_s)));
        a->setObjectName(u"filterAction_"_s + QString::number(int(kind)));
        if (const auto icon = iconOf(kind))
            a->setIcon(actionIcon(*icon));
        connect(a, &QAction::triggered, this, [this, kind] { triggerOnFilter(kind); });
    }

    m_bar = new QWidget;
    m_bar->setObjectName(u"actionsBar"_s);
    // The everyday actions as buttons, the rest in "More" (a row of eleven buttons does not fit
    // a laptop's screen).
    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    for (auto k : {ActionKind::Prepare, ActionKind::ForcePrepare, ActionKind::ApplyRetrySpec, ActionKind::MarkRecoverable}) {
        auto *b = new QToolButton(m_bar);
        b->setDefaultAction(action(k));
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        buttons->addWidget(b);
    }
    auto *more = new QToolButton(m_bar);
    more->setObjectName(u"moreActions"_s);
    more->setText(tr("More"));
    more->setPopupMode(QToolButton::InstantPopup);
    more->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *moreMenu = new QMenu(more);
    moreMenu->setToolTipsVisible(true);
    for (auto k : {ActionKind::ChangeFunction, ActionKind::MarkSucceeded, ActionKind::MarkFailed, ActionKind::Compensate,
                   ActionKind::RegenerateSnapshot, ActionKind::Delete, ActionKind::Recover})
        moreMenu->addAction(action(k));
    more->setMenu(moreMenu);
    buttons->addWidget(more);
    buttons->addStretch(1);
    m_reasons = new QLabel(m_bar);
    m_reasons->setObjectName(u"actionReasons"_s);
    m_reasons->setWordWrap(true);
    theme::setTone(m_reasons, theme::Tone::Note);
    auto *layout = new QVBoxLayout(m_bar);
    layout->setContentsMargins(0, 0, 0, 4);
    layout->addLayout(buttons);
    layout->addWidget(m_reasons);
    m_readOnlyMode = m_settings->readOnlyMode();
}

void ActionController::setOffline(const QString &reason)
{
    if (reason == m_offline)
        return;
    m_offline = reason;
    updateAvailability();
}

bool ActionController::ensureOperatorName()
{
    if (!m_settings->operatorName().isEmpty() || m_settings->operatorAsked())
        return true;
    bool ok = false;
    const QString name = QInputDialog::getText(m_window, tr("Who is acting?"),
                                               tr("Your name is recorded with every action, in the audit trail and on "
                                                  "each command (asked once; Actions › Set operator name changes it):"),
                                               QLineEdit::Normal, defaultOperatorName(), &ok);
    if (!ok)
        return false;
    setOperatorName(name.trimmed().isEmpty() ? defaultOperatorName() : name.trimmed());
    m_settings->setOperatorAsked(true);
    return true;
}

bool ActionController::isReadOnly() const
{
    return m_readOnlyMode || !m_window || !m_window->engine() || m_window->connection().readOnly
        || m_window->engine()->capabilities().readOnly;
}

void ActionController::setReadOnlyMode(bool on)
{
    m_readOnlyMode = on;
    m_settings->setReadOnlyMode(on);
    updateAvailability();
}

QString ActionController::operatorName() const
{
    const QString configured = m_settings->operatorName();
    return configured.isEmpty() ? defaultOperatorName() : configured;
}

void ActionController::setOperatorName(const QString &name)
{
    m_settings->setOperatorName(name);
}

AuditEntry ActionController::auditBase() const
{
    AuditEntry e;
    e.operatorName = operatorName();
    if (m_window && m_window->engine()) {
        e.engine = engineKindName(m_window->connection().kind);
        e.location = m_window->connection().location;
    }
    return e;
}

void ActionController::updateAvailability()
{
    if (!m_window)
        return;
    const QList<Snapshot> selected = m_window->selectedSnapshots();
    const bool readOnly = isReadOnly();
    const qint64 now = m_window->engine() ? m_window->engine()->now() : 0;
    QStringList reasons, unavailable;
    for (const auto &info : allActions()) {
        QAction *a = action(info.kind);
        Availability av;
        if (!m_window->engine()) {
            av = {false, tr("Not connected.")};
        } else if (isOffline()) {
            av = {false, m_offline};
        } else if (!info.perFailure) {
            av = globalAvailability(info.kind, readOnly);
        } else if (selected.isEmpty()) {
            av = {false, tr("Select a failure first.")};
        } else if (selected.size() == 1) {
            av = availability(info.kind, selected.first(), now, readOnly);
        } else if (!info.bulk) {
            av = {false, tr("Works on one failure at a time.")};
        } else if (readOnly && info.writes) {
            av = {false, tr("Read-only connection.")};
        } else {
            av = {true, {}}; // each one is checked in the bulk pre-check
        }
        a->setEnabled(av.enabled);
        a->setToolTip(av.enabled ? info.summary : QString(QString(info.title).remove(u"…"_s) + u": "_s + av.reason));
        a->setStatusTip(a->toolTip());
        if (!av.enabled && info.perFailure && selected.size() == 1) {
            reasons.append(u"<b>%1</b>: %2"_s.arg(QString(info.title).remove(u"…"_s).toHtmlEscaped(), av.reason.toHtmlEscaped()));
            unavailable.append(QString(info.title).remove(u"…"_s));
        }
    }
    for (auto *a : m_filterMenu->actions())
        a->setEnabled(!readOnly && m_window->engine() && !isOffline());
    m_reasons->setToolTip({});
    if (isOffline())
        m_reasons->setText(m_offline);
    else if (readOnly)
        m_reasons->setText(tr("Read-only: actions are disabled for this connection."));
    else if (selected.size() > 1)
        m_reasons->setText(tr("%n failures selected: actions run on each, after a check that lists what will be skipped.",
                              nullptr, int(selected.size())));
    else if (reasons.isEmpty())
        m_reasons->clear();
    else {
        // The first reason in words, the others by name (each one's reason in the tooltip and on
        // its button), so the line stays short and reads as sentences.
        QString text = tr("Not available now — %1").arg(reasons.first());
        if (reasons.size() > 1)
            text += u" "_s + tr("Also not now: %1.").arg(unavailable.mid(1).join(u", "_s).toHtmlEscaped());
        m_reasons->setText(text);
        m_reasons->setToolTip(reasons.join(u"<br>"_s));
    }
}

void ActionController::show(QWidget *dialog)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    emit dialogOpened(dialog);
    dialog->show();
}

void ActionController::trigger(ActionKind kind)
{
    if (!m_window || !m_window->engine() || isOffline())
        return;
    Engine *engine = m_window->engine();
    const ActionInfo &info = actionInfo(kind);
    if (info.writes && isReadOnly())
        return;
    if (info.writes && !ensureOperatorName())
        return;
    QWidget *parent = m_window;
    switch (kind) {
    case ActionKind::Metadata:
        show(new InfoDialog(engine, InfoDialog::Kind::Metadata, parent));
        return;
    case ActionKind::GlobalId:
        show(new InfoDialog(engine, InfoDialog::Kind::GlobalId, parent));
        return;
    case ActionKind::BiScript:
        show(new InfoDialog(engine, InfoDialog::Kind::BiScript, parent));
        return;
    case ActionKind::RegenerateAll:
    case ActionKind::ResendStateEvents: {
        auto *d = new BatchOperationDialog(engine,
                                           kind == ActionKind::RegenerateAll ? BatchOperationDialog::Operation::RegenerateSnapshots
                                                                             : BatchOperationDialog::Operation::ResendStateEvents,
                                           parent);
        d->setAudit(m_audit, auditBase());
        connect(d, &BatchOperationDialog::finished, this, &ActionController::dataChanged);
        show(d);
        return;
    }
    default:
        break;
    }
    const QList<Snapshot> selected = m_window->selectedSnapshots();
    if (selected.isEmpty())
        return;
    if (kind == ActionKind::Compensate) {
        auto *d = new CompensateDialog(engine, selected.first(), parent);
        AuditEntry base = auditBase();
        d->setAudit(m_audit, base);
        connect(d, &CompensateDialog::executed, this, &ActionController::dataChanged);
        show(d);
        return;
    }
    if (selected.size() > 1) {
        QStringList ids;
        for (const auto &s : selected)
            ids.append(s.aggregateId);
        runBulk(kind, ids, selected.first(), tr("the %n selected failures", nullptr, int(ids.size())));
        return;
    }
    if (kind == ActionKind::RegenerateSnapshot) {
        // One snapshot: no form, but the same report as a bulk run of one.
        runBulk(kind, {selected.first().aggregateId}, selected.first(), tr("failure %1").arg(selected.first().aggregateId));
        return;
    }
    CommandTarget target{selected, 1, {}};
    auto *d = new CommandDialog(kind, engine, target, engine->now(), parent);
    d->setKnownFunctions(m_window->knownFunctions());
    d->setAudit(m_audit, auditBase());
    d->setOperatorName(operatorName());
    connect(d, &CommandDialog::executed, this, &ActionController::dataChanged);
    show(d);
}

void ActionController::runBulk(ActionKind kind, const QStringList &ids, const Snapshot &templateSnapshot, const QString &scopeText)
{
    if (!m_window || !m_window->engine() || ids.isEmpty() || !ensureOperatorName())
        return;
    Engine *engine = m_window->engine();
    BulkSpec spec;
    spec.action = kind;
    spec.operatorName = operatorName();
    spec.options = engine->defaultCommandOptions();
    const bool form = kind == ActionKind::ApplyRetrySpec || kind == ActionKind::ChangeFunction
        || kind == ActionKind::MarkRecoverable || kind == ActionKind::MarkSucceeded || kind == ActionKind::MarkFailed;
    if (!form) {
        startBulk(spec, ids, QString(actionInfo(kind).title).remove(u"…"_s) + u" — "_s + scopeText);
        return;
    }
    CommandTarget target{{templateSnapshot}, int(ids.size()), scopeText};
    auto *d = new CommandDialog(kind, engine, target, engine->now(), m_window);
    d->setKnownFunctions(m_window->knownFunctions());
    d->setOperatorName(operatorName());
    connect(d, &CommandDialog::bulkRequested, this, [this, d, spec, ids, kind, scopeText]() mutable {
        spec.reason = d->reason();
        // The form's values, the same for each failure.
        const auto formBody = d->body(Snapshot{});
        spec.body = [formBody](const Snapshot &) -> CommandBody { return formBody; };
        startBulk(spec, ids, QString(actionInfo(kind).title).remove(u"…"_s) + u" — "_s + scopeText);
    });
    show(d);
}

void ActionController::startBulk(BulkSpec spec, const QStringList &ids, const QString &title)
{
    if (!m_window || !m_window->engine())
        return;
    auto *run = new BulkRun(m_window->engine(), spec, ids);
    AuditEntry base = auditBase();
    base.action = QString(actionInfo(spec.action).title).remove(u"…"_s);
    run->setAudit(m_audit, base);
    auto *d = new BulkDialog(run, title, m_window);
    d->setReason(spec.reason);
    d->setReasonRequired(m_settings->requireBulkReason());
    connect(d, &BulkDialog::runFinished, this, &ActionController::dataChanged);
    connect(d, &BulkDialog::retryFailedRequested, this, [this, spec, title](const QStringList &failed) {
        startBulk(spec, failed, tr("%1 (retry of the failed ones)").arg(title));
    });
    show(d);
}

void ActionController::triggerOnFilter(ActionKind kind)
{
    if (!m_window)
        return;
    triggerOnCondition(kind, m_window->listCondition(), tr("everything matching the filter"));
}

void ActionController::triggerOnCondition(ActionKind kind, const Condition &condition, const QString &what)
{
    if (!m_window || !m_window->engine() || isReadOnly() || isOffline() || !ensureOperatorName())
        return;
    Engine *engine = m_window->engine();
    ListQuery q;
    q.condition = condition;
    q.sort = {Sort{u"aggregateId"_s, SortDirection::Asc}};
    q.projection.include = {u"aggregateId"_s, u"state"_s};
    q.limit = 0; // everything (the remote engine pages through its limit)
    QPointer<ActionController> self(this);
    delivered(this, engine->listSnapshots(q, SnapshotView::Document))
        .then(this,
              [this, kind, what](const QList<Document> &docs) {
                  QStringList ids;
                  std::optional<Snapshot> first;
                  for (const auto &d : docs) {
                      const QJsonObject o = d.object();
                      ids.append(o.value("aggregateId"_L1).toString());
                      if (!first) {
                          Snapshot s;
                          s.aggregateId = ids.last();
                          if (auto st = ExecutionFailedState::fromJson(o.value("state"_L1)))
                              s.state = *st;
                          first = s;
                      }
                  }
                  if (ids.isEmpty() || !first) {
                      m_window->showStatus(tr("Nothing matches the filter."));
                      return;
                  }
                  const QList<Snapshot> selected = m_window->selectedSnapshots();
                  runBulk(kind, ids, selected.isEmpty() ? *first : selected.first(),
                          tr("%1 (%n failures, frozen now)", nullptr, int(ids.size())).arg(what));
              })
        .onFailed(this, [this](const EngineError &e) {
            m_window->showStatus(tr("Could not list the failures to act on: %1").arg(e.errorMsg));
        });
}

} // namespace wci
