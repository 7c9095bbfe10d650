#pragma once

// File › Export in the window: the same exporter as the command line (the selection, the
// current filter or one failure's evidence bundle) into a QSaveFile, with progress, Cancel and
// a report.

#include "audit_log.h"
#include "exporter.h"

#include <QDialog>
#include <QPointer>
#include <QSaveFile>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
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

} // namespace wci
