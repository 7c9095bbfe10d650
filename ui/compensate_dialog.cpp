#include "compensate_dialog.h"
#include "delivered.h"

#include "failure_text.h"
#include "theme.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace wci {

using namespace Qt::StringLiterals;

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
    theme::setTone(m_hint, theme::Tone::Danger);
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
        wci::delivered(this, m_engine->loadEventStreams(snapshot.aggregateId, 1, std::numeric_limits<int>::max()))
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
    wci::delivered(this, m_engine->compensate(m_snapshot.aggregateId, version, target))
        .then(this,
              [this, record, version](int count) mutable {
                  m_delivered = count;
                  theme::clearTone(m_result);
                  m_result->setText(tr("Version %1 delivered to %n function(s).", nullptr, count).arg(version));
                  record(AuditOutcome::Succeeded, ErrorCode::Ok, m_result->text());
                  emit executed(count);
              })
        .onFailed(this, [this, record](const EngineError &err) mutable {
            theme::setTone(m_result, theme::Tone::Danger);
            m_result->setText(describeEngineError(err));
            record(AuditOutcome::Failed, err.errorCode, err.errorMsg);
            m_run->setEnabled(true);
        });
}

} // namespace wci
