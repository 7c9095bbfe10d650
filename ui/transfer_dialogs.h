#pragma once

// File › Export and File › Import in the window: the same exporter and importer as the
// command line, with progress, Cancel and a report.

#include "exporter.h"
#include "importer.h"

#include <QDialog>
#include <QPointer>
#include <QSaveFile>
#include <atomic>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;

namespace wci {

class MainWindow;

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExportDialog(MainWindow *window, AuditLog *audit);
    // For tests: set the output path and scope, then start().
    void setOutput(const QString &path);
    enum class Scope { Selection, Filter, Bundle };
    void setScope(Scope scope);
    void setWhat(ExportSpec::What what, ExportSpec::Format format);
    void start();
    bool isDone() const { return m_done; }
    bool succeeded() const { return m_ok; }
    QLabel *statusLabel() const { return m_status; }

signals:
    void done();

private:
    void updateWidgets();
    QPointer<MainWindow> m_window;
    AuditLog *m_audit;
    QComboBox *m_what;
    QComboBox *m_format;
    QRadioButton *m_selection;
    QRadioButton *m_filter;
    QRadioButton *m_bundle;
    QLineEdit *m_path;
    QLabel *m_status;
    QLabel *m_hint;
    QProgressBar *m_progress;
    QPushButton *m_start;
    QPushButton *m_cancel;
    std::unique_ptr<QSaveFile> m_file;
    QPointer<Exporter> m_exporter;
    bool m_done = false;
    bool m_ok = false;
};

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
