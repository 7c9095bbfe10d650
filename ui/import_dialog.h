#pragma once

// File › Import in the window: the same importer as the command line, on a worker thread into
// the open built-in database, with progress, Cancel between batches and the report.

#include "importer.h"

#include <QDialog>
#include <QFuture>

#include <atomic>
#include <memory>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace wci {

class ImportDialog : public QDialog {
    Q_OBJECT
public:
    ImportDialog(StreamImporter *engine, const QStringList &files, QWidget *parent = nullptr);
    ~ImportDialog() override;
    bool isDone() const { return m_done; }
    ImportReport report() const { return m_report; }
    QPlainTextEdit *problems() const { return m_problems; }

signals:
    void done();

private:
    QLabel *m_status;
    QProgressBar *m_progress;
    QPlainTextEdit *m_problems;
    QPushButton *m_cancel;
    std::shared_ptr<std::atomic_bool> m_cancelFlag = std::make_shared<std::atomic_bool>(false);
    ImportReport m_report;
    bool m_done = false;
    QFuture<ImportReport> m_future;
};

} // namespace wci
