#include "import_dialog.h"
#include "delivered.h"

#include "metrics.h"

#include <QApplication>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace wci {

using namespace Qt::StringLiterals;

ImportDialog::ImportDialog(StreamImporter *engine, const QStringList &files, QWidget *parent) : QDialog(parent)
{
    setObjectName(u"importDialog"_s);
    setWindowTitle(tr("Import event streams"));
    m_status = new QLabel(tr("Importing %n file(s)…", nullptr, int(files.size())), this);
    m_status->setWordWrap(true);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);
    m_problems = new QPlainTextEdit(this);
    m_problems->setReadOnly(true);
    m_problems->setPlaceholderText(tr("Problems (bad documents, versions that skip) are listed here with their line."));
    m_cancel = new QPushButton(tr("Cancel"), this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_progress);
    layout->addWidget(m_problems, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_cancel);
    layout->addLayout(buttons);
    resize(dialogSize(this, 100, 24));
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (!m_done)
            *m_cancelFlag = true;
        else
            accept();
    });
    // The importer's core is synchronous: it runs on a worker thread (the engine serialises
    // writers), reporting progress back to this dialog.
    QPointer<ImportDialog> self(this);
    auto flag = m_cancelFlag;
    m_future = QtConcurrent::run([engine, files, flag, self] {
        Importer importer(engine);
        return importer.importFiles(
            files,
            [self](qint64 n) {
                QMetaObject::invokeMethod(qApp, [self, n] {
                    if (self)
                        self->m_status->setText(tr("%L1 documents read…").arg(n));
                });
            },
            [flag] { return flag->load(); });
    });
    delivered(this, m_future).then(this, [this](const ImportReport &r) {
        m_report = r;
        m_done = true;
        m_progress->hide();
        m_cancel->setText(tr("Close"));
        m_status->setText(tr("%1%L2 documents read: %L3 streams imported into %L4 aggregates, %L5 duplicates skipped, %L6 problem(s).")
                              .arg(r.cancelled ? tr("Cancelled. ") : QString())
                              .arg(r.documents)
                              .arg(r.imported)
                              .arg(r.aggregates)
                              .arg(r.duplicates)
                              .arg(r.problems.size()));
        QStringList lines;
        for (const auto &p : r.problems)
            lines.append(u"%1%2: %3%4"_s.arg(QFileInfo(p.file).fileName(), p.line > 0 ? u":"_s + QString::number(p.line) : QString(),
                                             p.aggregateId.isEmpty() ? QString() : p.aggregateId + u": "_s, p.message));
        m_problems->setPlainText(lines.join(u'\n'));
        emit done();
    });
}

ImportDialog::~ImportDialog()
{
    *m_cancelFlag = true;
    m_future.waitForFinished();
}

} // namespace wci
