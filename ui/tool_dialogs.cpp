#include "tool_dialogs.h"

#include "failure_text.h"
#include "history_models.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace wci {

using namespace Qt::StringLiterals;

// ---------------------------------------------------------------------------------------------

CompensateDialog::CompensateDialog(Engine *engine, const Snapshot &snapshot, QWidget *parent)
    : QDialog(parent), m_engine(engine), m_snapshot(snapshot)
{
    setObjectName(u"compensateDialog"_s);
    setWindowTitle(tr("Compensate event"));
    auto *scope = new QLabel(tr("<b>Re-deliver</b> one event stream version of failure <tt>%1</tt> to a function. "
                                "The engine answers with how many deliveries it made.")
                                 .arg(snapshot.aggregateId.toHtmlEscaped()),
                             this);
    scope->setWordWrap(true);
    m_version = new QSpinBox(this);
    m_version->setObjectName(u"version"_s);
    m_version->setRange(1, std::max(1, snapshot.version));
    m_version->setValue(std::max(1, snapshot.version));
    m_events = new QLabel(this);
    m_kind = new QComboBox(this);
    for (auto k : allFunctionKinds)
        m_kind->addItem(enumName(k));
    const FunctionInfo &f = snapshot.state.function;
    m_kind->setCurrentText(enumName(f.functionKind));
    m_context = new QLineEdit(f.contextName, this);
    m_processor = new QLineEdit(f.processorName, this);
    m_processor->setObjectName(u"processor"_s);
    m_name = new QLineEdit(f.name, this);
    m_reason = new QLineEdit(this);
    m_reason->setPlaceholderText(tr("optional: why (kept in the audit log)"));
    m_hint = new QLabel(this);
    m_hint->setStyleSheet(u"QLabel { color: #b71c1c; }"_s);
    m_result = new QLabel(this);
    m_result->setObjectName(u"result"_s);
    m_result->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("Version"), m_version);
    form->addRow(tr("Events"), m_events);
    form->addRow(tr("Target kind"), m_kind);
    form->addRow(tr("Target context"), m_context);
    form->addRow(tr("Target processor"), m_processor);
    form->addRow(tr("Target function"), m_name);
    form->addRow(tr("Reason"), m_reason);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_run = buttons->addButton(tr("Compensate"), QDialogButtonBox::AcceptRole);
    m_run->setObjectName(u"run"_s);
    connect(m_run, &QPushButton::clicked, this, &CompensateDialog::run);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scope);
    layout->addLayout(form);
    layout->addWidget(m_hint);
    layout->addWidget(m_result);
    layout->addWidget(buttons);
    for (auto *e : {m_context, m_processor, m_name})
        connect(e, &QLineEdit::textChanged, this, &CompensateDialog::updateWidgets);
    connect(m_version, &QSpinBox::valueChanged, this, &CompensateDialog::updateWidgets);
    if (m_engine) {
        m_engine->loadEventStreams(snapshot.aggregateId, 1, std::numeric_limits<int>::max())
            .then(this, [this](const QList<Document> &docs) {
                for (const auto &d : docs) {
                    if (auto s = d.as<DomainEventStream>())
                        m_streams.append(*s);
                }
                updateWidgets();
            });
    }
    updateWidgets();
}

void CompensateDialog::updateWidgets()
{
    QStringList names;
    for (const auto &s : std::as_const(m_streams)) {
        if (s.version == m_version->value()) {
            for (const auto &e : s.body)
                names.append(e.name);
        }
    }
    m_events->setText(names.isEmpty() ? tr("(loading…)") : names.join(u", "_s));
    QString problem;
    if (m_context->text().trimmed().isEmpty() || m_processor->text().trimmed().isEmpty() || m_name->text().trimmed().isEmpty())
        problem = tr("Context, processor and function of the target are all needed.");
    if (m_snapshot.deleted)
        problem = tr("Deleted — recover it first.");
    m_hint->setText(problem);
    m_run->setEnabled(problem.isEmpty() && !m_delivered);
}

void CompensateDialog::run()
{
    if (!m_engine)
        return;
    CompensationTarget target;
    target.function.functionKind = parseFunctionKind(m_kind->currentText()).value_or(FunctionKind::Event);
    target.function.contextName = m_context->text().trimmed();
    target.function.processorName = m_processor->text().trimmed();
    target.function.name = m_name->text().trimmed();
    const int version = m_version->value();
    m_run->setEnabled(false);
    m_result->setText(tr("Compensating…"));
    AuditEntry e = m_auditBase;
    e.target = m_snapshot.aggregateId;
    e.action = u"Compensate event"_s;
    e.command = u"compensate"_s;
    e.body = QString::fromUtf8(target.toJsonBytes());
    e.reason = m_reason->text().trimmed();
    auto record = [this, e](const QString &outcome, const QString &code, const QString &message) mutable {
        if (!m_audit)
            return;
        e.time = QDateTime::currentMSecsSinceEpoch();
        e.outcome = outcome;
        e.errorCode = code;
        e.message = message;
        m_audit->append(e);
    };
    m_engine->compensate(m_snapshot.aggregateId, version, target)
        .then(this,
              [this, record, version](int count) mutable {
                  m_delivered = count;
                  m_result->setStyleSheet({});
                  m_result->setText(tr("Version %1 delivered to %n function(s).", nullptr, count).arg(version));
                  record(u"succeeded"_s, ErrorCode::Ok, m_result->text());
                  emit executed(count);
              })
        .onFailed(this, [this, record](const EngineError &err) mutable {
            m_result->setStyleSheet(u"QLabel { color: #b71c1c; }"_s);
            m_result->setText(tr("The engine refused it: %1 — %2").arg(err.errorCode, err.errorMsg));
            record(u"failed"_s, err.errorCode, err.errorMsg);
            m_run->setEnabled(true);
        });
}

// ---------------------------------------------------------------------------------------------

BatchOperationDialog::BatchOperationDialog(Engine *engine, Operation op, QWidget *parent)
    : QDialog(parent), m_engine(engine), m_op(op)
{
    setObjectName(u"batchDialog"_s);
    const bool regen = op == Operation::RegenerateSnapshots;
    setWindowTitle(regen ? tr("Regenerate all snapshots") : tr("Resend state events"));
    auto *scope = new QLabel(regen ? tr("<b>Rebuilds every snapshot</b> from its event streams, in batches in aggregate-id "
                                        "order. Safe to repeat; Cancel stops after the running batch.")
                                   : tr("<b>Publishes every aggregate's state event again</b>, in batches in aggregate-id "
                                        "order, so projections and subscribers can catch up. Cancel stops after the running "
                                        "batch."),
                             this);
    scope->setWordWrap(true);
    m_batchSize = new QSpinBox(this);
    m_batchSize->setRange(1, 1000);
    m_batchSize->setValue(100);
    m_status = new QLabel(this);
    m_status->setObjectName(u"status"_s);
    m_status->setWordWrap(true);
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0);
    m_busy->hide();
    m_start = new QPushButton(tr("Start"), this);
    m_start->setObjectName(u"start"_s);
    m_cancel = new QPushButton(tr("Close"), this);
    m_cancel->setObjectName(u"cancel"_s);
    auto *form = new QFormLayout;
    form->addRow(tr("Batch size"), m_batchSize);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scope);
    layout->addLayout(form);
    layout->addWidget(m_busy);
    layout->addWidget(m_status);
    layout->addLayout(buttons);
    connect(m_start, &QPushButton::clicked, this, [this] {
        m_start->setEnabled(false);
        m_batchSize->setEnabled(false);
        m_cancel->setText(tr("Cancel"));
        m_busy->show();
        next();
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_busy->isVisible() && !m_done)
            m_cancelled = true;
        else
            reject();
    });
}

void BatchOperationDialog::next()
{
    if (!m_engine)
        return;
    if (m_cancelled) {
        stop(tr("Cancelled after %1 aggregates in %2 batches (last id %3).").arg(m_processed).arg(m_batches).arg(m_afterId),
             u"cancelled"_s, ErrorCode::Ok);
        return;
    }
    const int limit = m_batchSize->value();
    auto future = m_op == Operation::RegenerateSnapshots ? m_engine->batchRegenerateSnapshots(m_afterId, limit)
                                                          : m_engine->resendStateEvents(m_afterId, limit);
    future
        .then(this,
              [this, limit](const BatchResult &r) {
                  m_processed += r.size;
                  ++m_batches;
                  if (!r.succeeded()) {
                      stop(tr("Stopped: %1 — %2 (after %3 aggregates).").arg(r.errorCode, r.errorMsg).arg(m_processed),
                           u"failed"_s, r.errorCode);
                      return;
                  }
                  if (!r.afterId.isEmpty())
                      m_afterId = r.afterId;
                  m_status->setText(tr("%1 aggregates in %2 batches; last id %3").arg(m_processed).arg(m_batches).arg(m_afterId));
                  if (r.size < limit) {
                      stop(tr("Done: %1 aggregates in %2 batches.").arg(m_processed).arg(m_batches), u"succeeded"_s, ErrorCode::Ok);
                      return;
                  }
                  next();
              })
        .onFailed(this, [this](const EngineError &e) {
            stop(tr("Stopped: %1 — %2 (after %3 aggregates).").arg(e.errorCode, e.errorMsg).arg(m_processed), u"failed"_s,
                 e.errorCode);
        });
}

void BatchOperationDialog::stop(const QString &text, const QString &outcome, const QString &code)
{
    m_done = true;
    m_busy->hide();
    m_status->setText(text);
    m_cancel->setText(tr("Close"));
    if (m_audit) {
        AuditEntry e = m_auditBase;
        e.time = QDateTime::currentMSecsSinceEpoch();
        e.action = windowTitle();
        e.command = m_op == Operation::RegenerateSnapshots ? u"batchRegenerateSnapshots"_s : u"resendStateEvents"_s;
        e.outcome = outcome;
        e.errorCode = code;
        e.message = text;
        m_audit->append(e);
    }
    emit finished();
}

// ---------------------------------------------------------------------------------------------

InfoDialog::InfoDialog(Engine *engine, Kind kind, QWidget *parent) : QDialog(parent), m_engine(engine), m_kind(kind)
{
    setObjectName(u"infoDialog"_s);
    setWindowTitle(kind == Kind::Metadata ? tr("Metadata") : kind == Kind::GlobalId ? tr("Global id") : tr("BI sync script"));
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(u"text"_s);
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    if (kind == Kind::BiScript) {
        auto *form = new QFormLayout;
        m_operation = new QComboBox(this);
        m_operation->addItems({u"DEPLOY"_s, u"RESET"_s});
        m_database = new QLineEdit(this);
        m_database->setPlaceholderText(tr("server default"));
        form->addRow(tr("Operation"), m_operation);
        form->addRow(tr("Database"), m_database);
        layout->addLayout(form);
    }
    layout->addWidget(m_text, 1);
    layout->addWidget(m_status);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *again = buttons->addButton(kind == Kind::GlobalId ? tr("Generate another") : tr("Reload"), QDialogButtonBox::ActionRole);
    auto *copy = buttons->addButton(tr("Copy"), QDialogButtonBox::ActionRole);
    auto *save = buttons->addButton(tr("Save…"), QDialogButtonBox::ActionRole);
    connect(again, &QPushButton::clicked, this, &InfoDialog::load);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_text->toPlainText()); });
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save"), m_kind == Kind::BiScript ? u"execution_failed.sql"_s
                                                                                                     : u"metadata.json"_s);
        if (path.isEmpty())
            return;
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(m_text->toPlainText().toUtf8()) < 0)
            m_status->setText(tr("Could not write %1: %2").arg(path, f.errorString()));
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(kind == Kind::GlobalId ? QSize(420, 160) : QSize(820, 620));
    load();
}

void InfoDialog::load()
{
    if (!m_engine)
        return;
    m_status->setText(tr("Loading…"));
    auto fail = [this](const EngineError &e) {
        m_status->setStyleSheet(u"QLabel { color: #b71c1c; }"_s);
        m_status->setText(tr("The engine refused it: %1 — %2").arg(e.errorCode, e.errorMsg));
        emit loaded();
    };
    switch (m_kind) {
    case Kind::Metadata:
        m_engine->metadata()
            .then(this,
                  [this](const WowMetadata &m) {
                      m_text->setPlainText(prettyJson(m.toJsonBytes()));
                      m_status->clear();
                      emit loaded();
                  })
            .onFailed(this, fail);
        break;
    case Kind::GlobalId:
        m_engine->generateGlobalId()
            .then(this,
                  [this](const QString &id) {
                      m_text->setPlainText(id);
                      m_status->setText(tr("15 base-62 characters, time-ordered."));
                      emit loaded();
                  })
            .onFailed(this, fail);
        break;
    case Kind::BiScript: {
        BiScriptRequest r;
        r.operation = parseBiScriptOperationMode(m_operation->currentText());
        if (r.operation == BiScriptOperationMode::Reset)
            r.replayFromEarliestConfirmed = true;
        if (!m_database->text().trimmed().isEmpty())
            r.database = m_database->text().trimmed();
        m_engine->generateBiScript(r)
            .then(this,
                  [this](const BiScriptResponse &s) {
                      m_text->setPlainText(s.script);
                      QStringList notes;
                      if (s.destructive)
                          notes.append(tr("Destructive: it drops and recreates objects."));
                      for (const auto &d : s.diagnostics)
                          notes.append(QString::fromUtf8(d.toJsonBytes()));
                      m_status->setStyleSheet({});
                      m_status->setText(notes.join(u'\n'));
                      emit loaded();
                  })
            .onFailed(this, fail);
        break;
    }
    }
}

} // namespace wci
