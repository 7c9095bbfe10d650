#include "bulk_dialog.h"

#include "metrics.h"
#include "theme.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace wci {

using namespace Qt::StringLiterals;

BulkDialog::BulkDialog(BulkRun *run, const QString &title, QWidget *parent) : QDialog(parent), m_run(run)
{
    setObjectName(u"bulkDialog"_s);
    setWindowTitle(title);
    run->setParent(this);
    m_summary = new QLabel(tr("Checking %n failure(s)…", nullptr, int(run->items().size())), this);
    m_summary->setObjectName(u"bulkSummary"_s);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, int(run->items().size()));
    m_report = new QTableWidget(0, 4, this);
    m_report->setTabKeyNavigation(false);
    m_report->setObjectName(u"bulkReport"_s);
    m_report->setHorizontalHeaderLabels({tr("Execution id"), tr("Outcome"), tr("Error code"), tr("Message")});
    m_report->verticalHeader()->hide();
    m_report->horizontalHeader()->setStretchLastSection(true);
    m_report->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_report->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_report->hide();
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(u"bulkReason"_s);
    m_reason->setPlaceholderText(tr("Reason (recorded in the audit trail and with each command)"));
    m_reason->setClearButtonEnabled(true);
    m_reasonHint = new QLabel(this);
    m_reasonHint->setObjectName(u"bulkReasonHint"_s);
    m_reasonHint->setWordWrap(true);
    m_reasonHint->hide();
    m_start = new QPushButton(tr("Run"), this);
    m_start->setObjectName(u"bulkRun"_s);
    m_start->setEnabled(false);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(u"bulkCancel"_s);
    m_retryFailed = new QPushButton(tr("Retry the failed ones"), this);
    m_retryFailed->setObjectName(u"bulkRetryFailed"_s);
    m_retryFailed->hide();
    m_copy = new QPushButton(tr("Copy report"), this);
    m_export = new QPushButton(tr("Export CSV…"), this);
    m_close = new QPushButton(tr("Close"), this);
    for (auto *b : {m_copy, m_export, m_close})
        b->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_retryFailed);
    buttons->addWidget(m_copy);
    buttons->addWidget(m_export);
    buttons->addStretch(1);
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_reason);
    layout->addWidget(m_reasonHint);
    layout->addWidget(m_progress);
    layout->addWidget(m_report, 1);
    layout->addLayout(buttons);
    // As tall as the pre-check needs; room for the report once the run starts.
    resize(dialogSize(this, 110, 30).width(), sizeHint().height());

    connect(run, &BulkRun::precheckProgress, m_progress, [this](int done, int) { m_progress->setValue(done); });
    connect(run, &BulkRun::prechecked, this, &BulkDialog::showPrecheck);
    connect(run, &BulkRun::failed, this, [this](const QString &message) {
        theme::setTone(m_summary, theme::Tone::Danger);
        m_summary->setText(tr("The failures could not be checked: %1").arg(message.toHtmlEscaped()));
        m_cancel->setText(tr("Close"));
    });
    connect(run, &BulkRun::progress, m_progress, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
        m_summary->setText(tr("Running: %1 of %2 done (%3 succeeded, %4 failed, %5 skipped).")
                               .arg(done)
                               .arg(total)
                               .arg(m_run->count(BulkItem::State::Succeeded))
                               .arg(m_run->count(BulkItem::State::Failed))
                               .arg(m_run->count(BulkItem::State::Skipped)));
    });
    connect(run, &BulkRun::finished, this, &BulkDialog::showReport);
    connect(m_reason, &QLineEdit::textChanged, this, &BulkDialog::updateRunButton);
    connect(m_start, &QPushButton::clicked, this, [this] {
        m_start->setEnabled(false);
        m_reason->setEnabled(false);
        m_run->setReason(m_reason->text().trimmed());
        m_run->start();
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_run && m_run->isRunning())
            m_run->cancel();
        else if (!m_run || !m_run->isRunning())
            reject();
    });
    connect(m_close, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_copy, &QPushButton::clicked, this, &BulkDialog::copyReport);
    connect(m_export, &QPushButton::clicked, this, &BulkDialog::exportReport);
    connect(m_retryFailed, &QPushButton::clicked, this, [this] {
        emit retryFailedRequested(m_run->idsIn(BulkItem::State::Failed));
        accept();
    });
    // The outcome column's colours, again after a theme switch.
    theme::follow(m_report, [this] { colourOutcomes(); });
    run->precheck();
}

void BulkDialog::colourOutcomes()
{
    if (!m_run)
        return;
    const auto &items = m_run->items();
    for (int i = 0; i < m_report->rowCount() && i < items.size(); ++i) {
        QTableWidgetItem *outcome = m_report->item(i, 1);
        if (!outcome)
            continue;
        if (items[i].state == BulkItem::State::Failed)
            outcome->setForeground(theme::color(theme::Tone::Danger));
        else if (items[i].state == BulkItem::State::Succeeded)
            outcome->setForeground(theme::color(theme::Tone::Success));
    }
}

void BulkDialog::showPrecheck()
{
    const auto reasons = m_run->skipReasons();
    QString list;
    for (auto it = reasons.begin(); it != reasons.end(); ++it)
        list += u"<li>%1</li>"_s.arg(tr("%L1 × %2", "how many are skipped, and why").arg(it.value()).arg(it.key().toHtmlEscaped()));
    const QString frozen = tr("The set is frozen: failures that appear later are not included.");
    const QString text = reasons.isEmpty()
        ? tr("<b>%L1 of %L2</b> will run. %3").arg(m_run->toRun()).arg(m_run->items().size()).arg(frozen)
        : tr("<b>%L1 of %L2</b> will run; %n will be skipped:<ul>%3</ul>%4", nullptr, m_run->skipped())
              .arg(m_run->toRun())
              .arg(m_run->items().size())
              .arg(list, frozen);
    m_summary->setText(text);
    m_start->setText(tr("Run on %n failure(s)", nullptr, m_run->toRun()));
    m_progress->setValue(0);
    updateRunButton();
}

void BulkDialog::setReason(const QString &reason)
{
    m_reason->setText(reason);
}

void BulkDialog::setReasonRequired(bool required)
{
    m_reasonRequired = required;
    updateRunButton();
}

void BulkDialog::updateRunButton()
{
    const bool missing = m_reasonRequired && m_reason->text().trimmed().isEmpty();
    m_reasonHint->setText(missing ? tr("Your team asks for a reason with every bulk run (Actions › Require a reason "
                                       "for bulk runs).")
                                  : QString());
    m_reasonHint->setVisible(missing);
    if (m_run && m_run->isPrechecked() && !m_run->isRunning() && m_reason->isEnabled())
        m_start->setEnabled(m_run->toRun() > 0 && !missing);
}

void BulkDialog::showReport()
{
    const auto &items = m_run->items();
    m_report->setRowCount(int(items.size()));
    for (int i = 0; i < items.size(); ++i) {
        const BulkItem &it = items[i];
        m_report->setItem(i, 0, new QTableWidgetItem(it.id));
        m_report->setItem(i, 1, new QTableWidgetItem(bulkStateText(it.state)));
        m_report->setItem(i, 2, new QTableWidgetItem(it.errorCode));
        m_report->setItem(i, 3, new QTableWidgetItem(it.message));
    }
    colourOutcomes();
    m_report->resizeColumnsToContents();
    m_report->show();
    resize(width(), std::max(height(), dialogSize(this, 110, 30).height()));
    m_summary->setText(tr("%1: %2 succeeded, %3 failed, %4 skipped, %5 cancelled (of %6). Each failure was sent at most once.")
                           .arg(m_run->isCancelled() ? tr("Cancelled") : tr("Done"))
                           .arg(m_run->count(BulkItem::State::Succeeded))
                           .arg(m_run->count(BulkItem::State::Failed))
                           .arg(m_run->count(BulkItem::State::Skipped))
                           .arg(m_run->count(BulkItem::State::Cancelled))
                           .arg(items.size()));
    m_start->hide();
    m_cancel->hide();
    m_close->show();
    m_copy->show();
    m_export->show();
    m_retryFailed->setVisible(m_run->count(BulkItem::State::Failed) > 0);
    emit runFinished();
}

void BulkDialog::copyReport()
{
    QApplication::clipboard()->setText(m_run->reportCsv());
}

void BulkDialog::exportReport()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export report"), u"bulk-report.csv"_s, tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(m_run->reportCsv().toUtf8()) < 0)
        m_summary->setText(tr("Could not write %1: %2").arg(path, f.errorString()));
}

} // namespace wci
