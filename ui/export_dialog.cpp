#include "export_dialog.h"

#include "metrics.h"

#include "failure_list_model.h"
#include "main_window.h"
#include "theme.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace wci {

using namespace Qt::StringLiterals;

ExportDialog::ExportDialog(MainWindow *window, AuditLog *audit) : QDialog(window), m_window(window), m_audit(audit)
{
    setObjectName(u"exportDialog"_s);
    setWindowTitle(tr("Export"));
    m_what = new QComboBox(this);
    m_what->addItem(tr("Event streams (as stored, byte for byte)"), int(ExportSpec::What::Streams));
    m_what->addItem(tr("Snapshots"), int(ExportSpec::What::Snapshots));
    m_what->addItem(tr("States"), int(ExportSpec::What::States));
    m_what->addItem(tr("The failure list (CSV)"), int(ExportSpec::What::List));
    m_what->addItem(tr("Evidence bundles (state, snapshot, streams, timeline, audit)"), int(ExportSpec::What::Bundle));
    m_format = new QComboBox(this);
    m_format->addItem(u"NDJSON"_s, int(ExportSpec::Format::Ndjson));
    m_format->addItem(u"JSON"_s, int(ExportSpec::Format::Json));
    m_format->addItem(u"CSV"_s, int(ExportSpec::Format::Csv));
    const int selected = int(window->selectedSnapshots().size());
    m_selection = new QRadioButton(tr("The %n selected failure(s)", nullptr, selected), this);
    m_filter = new QRadioButton(tr("Everything matching the current category and filter (%L1)").arg(window->listTotal()), this);
    m_bundle = new QRadioButton(tr("The selected failure's evidence bundle"), this);
    m_selection->setEnabled(selected > 0);
    m_bundle->setEnabled(selected == 1);
    (selected == 1 ? m_bundle : m_filter)->setChecked(true);
    if (selected == 1)
        m_what->setCurrentIndex(m_what->findData(int(ExportSpec::What::Bundle)));
    m_path = new QLineEdit(this);
    m_path->setPlaceholderText(tr("Output file"));
    auto *browse = new QToolButton(this);
    browse->setText(tr("…"));
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_hint = new QLabel(this);
    theme::setTone(m_hint, theme::Tone::Danger);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);
    m_progress->hide();
    m_start = new QPushButton(tr("Export"), this);
    m_cancel = new QPushButton(tr("Close"), this);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    auto *form = new QFormLayout;
    form->addRow(tr("What"), m_what);
    form->addRow(tr("Format"), m_format);
    form->addRow(tr("Which"), m_selection);
    form->addRow(QString(), m_filter);
    form->addRow(QString(), m_bundle);
    form->addRow(tr("To"), pathRow);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hint);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addLayout(buttons);
    resize(std::max(textWidth(this, 88), sizeHint().width()), sizeHint().height());
    for (auto *c : {m_what, m_format})
        connect(c, &QComboBox::currentIndexChanged, this, &ExportDialog::updateWidgets);
    for (auto *r : {m_selection, m_filter, m_bundle})
        connect(r, &QRadioButton::toggled, this, &ExportDialog::updateWidgets);
    connect(m_path, &QLineEdit::textChanged, this, &ExportDialog::updateWidgets);
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString p = QFileDialog::getSaveFileName(this, tr("Export to"), m_path->text());
        if (!p.isEmpty())
            m_path->setText(p);
    });
    connect(m_start, &QPushButton::clicked, this, &ExportDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_exporter && !m_exporter->isFinished())
            m_exporter->cancel();
        else
            reject();
    });
    updateWidgets();
}

void ExportDialog::setOutput(const QString &path)
{
    m_path->setText(path);
}

void ExportDialog::setScope(Scope scope)
{
    (scope == Scope::Selection ? m_selection : scope == Scope::Filter ? m_filter : m_bundle)->setChecked(true);
}

void ExportDialog::setWhat(ExportSpec::What what, ExportSpec::Format format)
{
    m_what->setCurrentIndex(m_what->findData(int(what)));
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

void ExportDialog::updateWidgets()
{
    if (m_bundle->isChecked() && m_what->currentData().toInt() != int(ExportSpec::What::Bundle))
        m_what->setCurrentIndex(m_what->findData(int(ExportSpec::What::Bundle)));
    const auto what = ExportSpec::What(m_what->currentData().toInt());
    const auto format = ExportSpec::Format(m_format->currentData().toInt());
    QString problem;
    if ((what == ExportSpec::What::List) != (format == ExportSpec::Format::Csv))
        problem = tr("CSV is for the failure list; the other exports are JSON or NDJSON.");
    else if (m_path->text().trimmed().isEmpty())
        problem = tr("Choose the output file.");
    m_hint->setText(problem);
    m_start->setEnabled(problem.isEmpty() && !m_exporter);
}

void ExportDialog::start()
{
    if (!m_window || !m_window->engine() || !m_hint->text().isEmpty() || m_exporter)
        return;
    ExportSpec spec;
    spec.what = ExportSpec::What(m_what->currentData().toInt());
    spec.format = ExportSpec::Format(m_format->currentData().toInt());
    if (m_filter->isChecked()) {
        spec.condition = m_window->listCondition();
    } else {
        for (const auto &s : m_window->selectedSnapshots())
            spec.ids.append(s.aggregateId);
        if (m_bundle->isChecked())
            spec.ids = spec.ids.mid(0, 1);
    }
    m_file = std::make_unique<QSaveFile>(m_path->text().trimmed());
    if (!m_file->open(QIODevice::WriteOnly)) {
        m_hint->setText(tr("Cannot write %1: %2").arg(m_path->text(), m_file->errorString()));
        return;
    }
    m_exporter = new Exporter(m_window->engine(), spec, m_file.get(), m_audit, this);
    m_progress->show();
    m_cancel->setText(tr("Cancel"));
    m_start->setEnabled(false);
    connect(m_exporter, &Exporter::progress, this, [this](qint64 items, qint64 bytes) {
        m_status->setText(tr("%L1 documents, %2 MB").arg(items).arg(bytes / 1048576.0, 0, 'f', 1));
    });
    connect(m_exporter, &Exporter::finished, this, [this] {
        m_progress->hide();
        m_cancel->setText(tr("Close"));
        m_done = true;
        if (m_exporter->succeeded() && m_file->commit()) {
            m_ok = true;
            m_status->setText(tr("Exported %Ln document(s) (%1 MB) to %2.", nullptr, int(m_exporter->items()))
                                  .arg(m_exporter->bytes() / 1048576.0, 0, 'f', 1)
                                  .arg(m_path->text()));
        } else {
            m_file->cancelWriting();
            theme::setTone(m_status, theme::Tone::Danger);
            m_status->setText(tr("Not exported (nothing was written): %1")
                                  .arg(m_exporter->error().isEmpty() ? m_file->errorString() : m_exporter->error()));
        }
        emit done();
    });
    m_exporter->start();
}

} // namespace wci
