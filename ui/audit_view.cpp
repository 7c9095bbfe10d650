#include "audit_view.h"

#include "metrics.h"

#include "audit_model.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace wci {

using namespace Qt::StringLiterals;

AuditView::AuditView(AuditLog *log, QWidget *parent) : QDialog(parent), m_log(log)
{
    setObjectName(u"auditView"_s);
    setWindowTitle(tr("Audit log — %1").arg(log ? log->path() : tr("none")));
    m_model = new AuditModel(this);
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter: execution id, action, operator, reason, result"));
    m_filter->setClearButtonEnabled(true);
    m_outcome = new QComboBox(this);
    m_outcome->addItem(tr("Any outcome"), QString());
    for (const auto &o : {AuditOutcome::Succeeded, AuditOutcome::Failed, AuditOutcome::Skipped, AuditOutcome::Cancelled})
        m_outcome->addItem(auditOutcomeText(o), o);
    auto *refresh = new QPushButton(tr("Refresh"), this);
    auto *exportButton = new QPushButton(tr("Export CSV…"), this);
    m_table = new QTableView(this);
    m_table->setTabKeyNavigation(false);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_outcome);
    bar->addWidget(refresh);
    bar->addWidget(exportButton);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    connect(m_filter, &QLineEdit::textChanged, this, &AuditView::reload);
    connect(m_outcome, &QComboBox::currentIndexChanged, this, &AuditView::reload);
    connect(refresh, &QPushButton::clicked, this, &AuditView::reload);
    connect(exportButton, &QPushButton::clicked, this, &AuditView::exportCsv);
    resize(dialogSize(this, 160, 32));
    reload();
}

void AuditView::reload()
{
    if (!m_log)
        return;
    AuditFilter f;
    f.text = m_filter->text();
    f.outcome = m_outcome->currentData().toString();
    m_model->setEntries(m_log->list(f));
    m_table->resizeColumnsToContents();
}

void AuditView::exportCsv()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export audit log"), u"audit.csv"_s, tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return;
    f.write(auditCsv(m_model->entries()).toUtf8());
}

} // namespace wci
