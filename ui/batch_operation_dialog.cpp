#include "batch_operation_dialog.h"
#include "delivered.h"

#include <QDateTime>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace wci {

using namespace Qt::StringLiterals;

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
             AuditOutcome::Cancelled, ErrorCode::Ok);
        return;
    }
    const int limit = m_batchSize->value();
    auto future = m_op == Operation::RegenerateSnapshots ? m_engine->batchRegenerateSnapshots(m_afterId, limit)
                                                          : m_engine->resendStateEvents(m_afterId, limit);
    delivered(this, future)
        .then(this,
              [this, limit](const BatchResult &r) {
                  m_processed += r.size;
                  ++m_batches;
                  if (!r.succeeded()) {
                      stop(tr("Stopped: %1 — %2 (after %3 aggregates).").arg(r.errorCode, r.errorMsg).arg(m_processed),
                           AuditOutcome::Failed, r.errorCode);
                      return;
                  }
                  if (!r.afterId.isEmpty())
                      m_afterId = r.afterId;
                  m_status->setText(tr("%1 aggregates in %2 batches; last id %3").arg(m_processed).arg(m_batches).arg(m_afterId));
                  if (r.size < limit) {
                      stop(tr("Done: %1 aggregates in %2 batches.").arg(m_processed).arg(m_batches), AuditOutcome::Succeeded,
                           ErrorCode::Ok);
                      return;
                  }
                  next();
              })
        .onFailed(this, [this](const EngineError &e) {
            stop(tr("Stopped: %1 — %2 (after %3 aggregates).").arg(e.errorCode, e.errorMsg).arg(m_processed),
                 AuditOutcome::Failed, e.errorCode);
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

} // namespace wci
