#include "command_dialog.h"
#include "delivered.h"

#include "metrics.h"

#include "audit_model.h"
#include "failure_text.h"
#include "global_id.h"
#include "theme.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace wci {

using namespace Qt::StringLiterals;

CommandDialog::CommandDialog(ActionKind kind, Engine *engine, CommandTarget target, qint64 now, QWidget *parent)
    : QDialog(parent), m_kind(kind), m_engine(engine), m_target(std::move(target)), m_now(now),
      m_operator(defaultOperatorName())
{
    setObjectName(u"commandDialog"_s);
    setWindowTitle(QString(actionInfo(kind).title).remove(u"…"_s));
    build();
    updateWidgets();
}

static QComboBox *editableCombo(QWidget *parent, const QString &value)
{
    auto *c = new QComboBox(parent);
    c->setEditable(true);
    c->setInsertPolicy(QComboBox::NoInsert);
    c->setMinimumContentsLength(28);
    c->addItem(value);
    c->setCurrentText(value);
    return c;
}

void CommandDialog::build()
{
    const Snapshot *first = m_target.snapshots.isEmpty() ? nullptr : &m_target.snapshots.first();
    const ExecutionFailedState s = first ? first->state : ExecutionFailedState{};
    const ActionInfo &info = actionInfo(m_kind);

    m_scope = new QLabel(this);
    m_scope->setObjectName(u"scope"_s);
    m_scope->setWordWrap(true);
    QString scope;
    if (isBulk()) {
        scope = tr("<b>%1</b> on %2.").arg(QString(info.title).remove(u"…"_s).toHtmlEscaped(), m_target.scopeText.toHtmlEscaped());
        scope += tr(" Each failure is checked first; those the rules do not allow are skipped and listed.");
    } else if (first) {
        scope = tr("<b>%1</b> on failure <tt>%2</tt> (%3.%4, %5, version %6).")
                    .arg(QString(info.title).remove(u"…"_s).toHtmlEscaped(), first->aggregateId.toHtmlEscaped(),
                         s.function.processorName.toHtmlEscaped(), s.function.name.toHtmlEscaped(),
                         statusBadge(s, first->deleted, m_now))
                    .arg(first->version);
    }
    theme::follow(m_scope, [this, scope, summary = info.summary.toHtmlEscaped()] {
        m_scope->setText(scope + u"<br>"_s + theme::span(theme::Tone::Muted, summary));
    });

    auto *form = new QFormLayout;
    switch (m_kind) {
    case ActionKind::ApplyRetrySpec: {
        auto spin = [this](int value, const QString &suffix, const QString &name) {
            auto *b = new QSpinBox(this);
            b->setObjectName(name);
            b->setRange(0, 100000000);
            b->setValue(value);
            b->setSuffix(suffix);
            connect(b, &QSpinBox::valueChanged, this, &CommandDialog::updateWidgets);
            return b;
        };
        m_maxRetries = spin(s.retrySpec.maxRetries, QString(), u"maxRetries"_s);
        m_minBackoff = spin(s.retrySpec.minBackoff, tr(" s"), u"minBackoff"_s);
        m_timeout = spin(s.retrySpec.executionTimeout, tr(" s"), u"executionTimeout"_s);
        form->addRow(tr("Max retries"), m_maxRetries);
        form->addRow(tr("Min backoff"), m_minBackoff);
        form->addRow(tr("Attempt timeout"), m_timeout);
        m_schedule = new QTableWidget(0, 3, this);
        m_schedule->setTabKeyNavigation(false);
        m_schedule->setObjectName(u"schedulePreview"_s);
        m_schedule->setHorizontalHeaderLabels({tr("Retry"), tr("Due at"), tr("From now")});
        m_schedule->verticalHeader()->hide();
        m_schedule->horizontalHeader()->setStretchLastSection(true);
        m_schedule->setEditTriggers(QAbstractItemView::NoEditTriggers);
        m_schedule->setMinimumHeight(200);
        // "From now" counts down while the form is open (the due times are those of a command
        // sent when the form opened).
        m_nowAtOpen = m_now;
        m_openedFor.start();
        auto *tick = new QTimer(this);
        tick->setInterval(1000);
        connect(tick, &QTimer::timeout, this, &CommandDialog::updateSchedule);
        tick->start();
        form->addRow(isBulk() ? tr("Next retries of %1").arg(first ? first->aggregateId : QString()) : tr("Next retries"),
                     m_schedule);
        break;
    }
    case ActionKind::ChangeFunction:
        m_functionKind = new QComboBox(this);
        for (auto k : allFunctionKinds)
            m_functionKind->addItem(enumName(k));
        m_functionKind->setCurrentText(enumName(s.function.functionKind));
        m_context = editableCombo(this, s.function.contextName);
        m_processor = editableCombo(this, s.function.processorName);
        m_processor->setObjectName(u"processor"_s);
        m_functionName = editableCombo(this, s.function.name);
        m_functionName->setObjectName(u"functionName"_s);
        for (auto *c : {m_context, m_processor, m_functionName})
            connect(c, &QComboBox::currentTextChanged, this, &CommandDialog::updateWidgets);
        connect(m_functionKind, &QComboBox::currentTextChanged, this, &CommandDialog::updateWidgets);
        form->addRow(tr("Kind"), m_functionKind);
        form->addRow(tr("Context"), m_context);
        form->addRow(tr("Processor"), m_processor);
        form->addRow(tr("Function"), m_functionName);
        break;
    case ActionKind::MarkRecoverable:
        m_recoverable = new QComboBox(this);
        m_recoverable->setObjectName(u"recoverable"_s);
        for (auto r : {RecoverableType::Recoverable, RecoverableType::Unrecoverable, RecoverableType::Unknown})
            m_recoverable->addItem(enumName(r));
        m_recoverable->setCurrentText(enumName(s.recoverable == RecoverableType::Recoverable ? RecoverableType::Unrecoverable
                                                                                              : RecoverableType::Recoverable));
        connect(m_recoverable, &QComboBox::currentTextChanged, this, &CommandDialog::updateWidgets);
        form->addRow(tr("Mark as"), m_recoverable);
        break;
    case ActionKind::MarkSucceeded:
    case ActionKind::MarkFailed:
        m_executeAt = new QDateTimeEdit(QDateTime::fromMSecsSinceEpoch(m_now), this);
        m_executeAt->setDisplayFormat(u"yyyy-MM-dd HH:mm:ss"_s);
        m_executeAt->setCalendarPopup(true);
        form->addRow(tr("Executed at"), m_executeAt);
        if (m_kind == ActionKind::MarkFailed) {
            m_errorCode = new QLineEdit(s.error.errorCode, this);
            m_errorCode->setObjectName(u"errorCode"_s);
            m_errorMsg = new QLineEdit(s.error.errorMsg.section(u'\n', 0, 0), this);
            m_stackTrace = new QPlainTextEdit(this);
            m_stackTrace->setPlaceholderText(tr("optional"));
            m_stackTrace->setMaximumHeight(120);
            m_recoverable = new QComboBox(this);
            for (auto r : {RecoverableType::Unknown, RecoverableType::Recoverable, RecoverableType::Unrecoverable})
                m_recoverable->addItem(enumName(r));
            m_recoverable->setCurrentText(enumName(s.recoverable));
            connect(m_errorCode, &QLineEdit::textChanged, this, &CommandDialog::updateWidgets);
            connect(m_errorMsg, &QLineEdit::textChanged, this, &CommandDialog::updateWidgets);
            form->addRow(tr("Error code"), m_errorCode);
            form->addRow(tr("Error message"), m_errorMsg);
            form->addRow(tr("Stack trace"), m_stackTrace);
            form->addRow(tr("Recoverable"), m_recoverable);
        }
        break;
    default:
        break;
    }

    m_reason = new QLineEdit(this);
    m_reason->setObjectName(u"reason"_s);
    m_reason->setPlaceholderText(tr("optional: why (kept in the audit log and the event stream's header)"));
    form->addRow(tr("Reason"), m_reason);

    m_hint = new QLabel(this);
    m_hint->setObjectName(u"hint"_s);
    m_hint->setWordWrap(true);
    theme::setTone(m_hint, theme::Tone::Danger);
    m_resultView = new QPlainTextEdit(this);
    m_resultView->setObjectName(u"result"_s);
    m_resultView->setReadOnly(true);
    m_resultView->setMaximumHeight(140);
    m_resultView->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_run = m_buttons->addButton(isBulk() ? tr("Check and run…") : tr("Run"), QDialogButtonBox::AcceptRole);
    m_run->setObjectName(u"run"_s);
    m_run->setDefault(true);
    connect(m_run, &QPushButton::clicked, this, &CommandDialog::run);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_scope);
    layout->addLayout(form);
    layout->addWidget(m_hint);
    layout->addWidget(m_resultView);
    layout->addWidget(m_buttons);
    resize(std::max(textWidth(this, 80), sizeHint().width()), sizeHint().height());
}

void CommandDialog::setKnownFunctions(const QList<FunctionInfo> &functions)
{
    if (!m_processor)
        return;
    for (const auto &f : functions) {
        if (m_context->findText(f.contextName) < 0)
            m_context->addItem(f.contextName);
        if (m_processor->findText(f.processorName) < 0)
            m_processor->addItem(f.processorName);
        if (m_functionName->findText(f.name) < 0)
            m_functionName->addItem(f.name);
    }
}

void CommandDialog::setAudit(AuditLog *log, const AuditEntry &base)
{
    m_audit = log;
    m_auditBase = base;
}

CommandBody CommandDialog::body(const Snapshot &snapshot) const
{
    switch (m_kind) {
    case ActionKind::Prepare: return PrepareCompensation{};
    case ActionKind::ForcePrepare: return ForcePrepareCompensation{};
    case ActionKind::ApplyRetrySpec: return ApplyRetrySpec{m_maxRetries->value(), m_minBackoff->value(), m_timeout->value()};
    case ActionKind::ChangeFunction: {
        FunctionInfo f = snapshot.state.function;
        f.functionKind = parseFunctionKind(m_functionKind->currentText()).value_or(f.functionKind);
        f.contextName = m_context->currentText().trimmed();
        f.processorName = m_processor->currentText().trimmed();
        f.name = m_functionName->currentText().trimmed();
        return ChangeFunction{f};
    }
    case ActionKind::MarkRecoverable:
        return MarkRecoverable{parseRecoverableType(m_recoverable->currentText()).value_or(RecoverableType::Unknown)};
    case ActionKind::MarkSucceeded: return ApplyExecutionSuccess{m_executeAt->dateTime().toMSecsSinceEpoch()};
    case ActionKind::MarkFailed: {
        ApplyExecutionFailed c;
        c.error.errorCode = m_errorCode->text().trimmed();
        c.error.errorMsg = m_errorMsg->text();
        c.error.stackTrace = m_stackTrace->toPlainText();
        c.executeAt = m_executeAt->dateTime().toMSecsSinceEpoch();
        c.recoverable = parseRecoverableType(m_recoverable->currentText()).value_or(RecoverableType::Unknown);
        return c;
    }
    case ActionKind::Delete: return DeleteAggregate{};
    case ActionKind::Recover: return RecoverAggregate{};
    default: return PrepareCompensation{};
    }
}

QString CommandDialog::reason() const
{
    return m_reason->text().trimmed();
}

QString CommandDialog::problem() const
{
    if (m_target.snapshots.isEmpty())
        return tr("No failure selected.");
    const Snapshot &first = m_target.snapshots.first();
    const CommandBody b = body(first);
    // Field checks that do not depend on the failure.
    if (m_kind == ActionKind::ApplyRetrySpec) {
        if (auto e = validateRetrySpec(std::get<ApplyRetrySpec>(b).spec()))
            return e->message;
    }
    if (m_kind == ActionKind::ChangeFunction) {
        const auto &f = std::get<ChangeFunction>(b).function;
        if (f.contextName.isEmpty() || f.processorName.isEmpty() || f.name.isEmpty())
            return tr("Context, processor and function are all needed.");
    }
    if (m_kind == ActionKind::MarkFailed && std::get<ApplyExecutionFailed>(b).error.errorCode.isEmpty())
        return tr("Enter the error code.");
    if (isBulk())
        return {}; // each failure is checked in the bulk pre-check
    const Availability a = checkCommand(first, b, m_now);
    return a.enabled ? QString() : a.reason;
}

void CommandDialog::updateWidgets()
{
    const QString p = problem();
    m_hint->setText(p);
    m_run->setEnabled(p.isEmpty() && !m_running && !m_result);
    updateSchedule();
}

void CommandDialog::updateSchedule()
{
    if (m_schedule && !m_target.snapshots.isEmpty()) {
        const Snapshot &first = m_target.snapshots.first();
        const RetrySpec spec{m_maxRetries->value(), m_minBackoff->value(), m_timeout->value()};
        const auto schedule = retrySchedule(spec, first.state.retryState, m_now);
        m_schedule->setRowCount(int(schedule.size()));
        for (int i = 0; i < schedule.size(); ++i) {
            m_schedule->setItem(i, 0, new QTableWidgetItem(u"%1 / %2"_s.arg(schedule[i].first).arg(spec.maxRetries)));
            m_schedule->setItem(i, 1, new QTableWidgetItem(formatDateTime(schedule[i].second, false)));
            const qint64 now = m_openedFor.isValid() ? m_nowAtOpen + m_openedFor.elapsed() : m_now;
            m_schedule->setItem(i, 2, new QTableWidgetItem(formatRelative(schedule[i].second, now)));
        }
        m_schedule->resizeColumnsToContents();
    }
}

QString CommandDialog::resultText() const
{
    return m_resultView->toPlainText();
}

void CommandDialog::run()
{
    if (!problem().isEmpty() || m_running)
        return;
    if (isBulk()) {
        emit bulkRequested();
        accept();
        return;
    }
    if (!m_engine)
        return;
    const Snapshot snap = m_target.snapshots.first();
    m_running = true;
    updateWidgets();
    const QString requestId = GlobalIdGenerator::instance().next();
    Command c;
    c.aggregateId = snap.aggregateId;
    c.commandId = requestId;
    c.body = body(snap);
    CommandOptions o = m_engine->defaultCommandOptions();
    o.requestId = requestId;
    o.operatorName = m_operator;
    o.reason = reason();
    AuditEntry entry = m_auditBase;
    entry.target = snap.aggregateId;
    entry.action = QString(actionInfo(m_kind).title).remove(u"…"_s);
    entry.command = commandInfo(c.body).typeName.section(u'.', -1);
    entry.body = QString::fromUtf8(encodeCommandBody(c.body));
    entry.change = describeChange(snap.state, c.body);
    entry.reason = reason();
    entry.requestId = requestId;
    entry.operatorName = m_operator;
    m_resultView->show();
    m_resultView->setPlainText(tr("Running…"));
    auto record = [this, entry](const QString &outcome, const QString &code, const QString &message) mutable {
        if (!m_audit)
            return;
        entry.time = QDateTime::currentMSecsSinceEpoch();
        entry.outcome = outcome;
        entry.errorCode = code;
        entry.message = message;
        m_audit->append(entry);
    };
    delivered(this, m_engine->execute(c, o))
        .then(this,
              [this, record](const CommandResult &r) mutable {
                  m_running = false;
                  m_result = r;
                  const bool ok = r.succeeded();
                  if (ok)
                      theme::clearTone(m_resultView);
                  else
                      theme::setTone(m_resultView, theme::Tone::Danger);
                  m_resultView->setPlainText(
                      (ok ? (r.aggregateVersion
                                 ? tr("Done: %1 reached %2, now at version %3.\nRequest id %4, command id %5.")
                                       .arg(r.aggregateId, enumName(r.stage), QString::number(*r.aggregateVersion),
                                            r.requestId, r.commandId)
                                 : tr("Done: %1 reached %2.\nRequest id %3, command id %4.")
                                       .arg(r.aggregateId, enumName(r.stage), r.requestId, r.commandId))
                          : tr("The engine refused it: %1 — %2\nRequest id %3, command id %4.")
                                .arg(r.errorCode, r.errorMsg, r.requestId, r.commandId))
                      + u"\n\n"_s + QString::fromUtf8(r.toJsonBytes()));
                  record(ok ? AuditOutcome::Succeeded : AuditOutcome::Failed, r.errorCode, ok ? QString() : r.errorMsg);
                  m_run->setEnabled(false);
                  m_hint->clear();
                  if (ok)
                      emit executed(r);
              })
        .onFailed(this, [this, record](const EngineError &e) mutable {
            m_running = false;
            m_result = e.commandResult ? e.commandResult : std::optional<CommandResult>(CommandResult{});
            if (!e.commandResult) {
                m_result->errorCode = e.errorCode;
                m_result->errorMsg = e.errorMsg;
            }
            theme::setTone(m_resultView, theme::Tone::Danger);
            m_resultView->setPlainText(describeEngineError(e)
                                       + (e.commandResult ? u"\n\n"_s + QString::fromUtf8(e.commandResult->toJsonBytes()) : QString()));
            record(AuditOutcome::Failed, e.errorCode, e.errorMsg);
            m_run->setEnabled(false);
            m_hint->clear();
        });
}

} // namespace wci
