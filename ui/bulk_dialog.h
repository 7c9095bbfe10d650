#pragma once

// A bulk run from confirmation to report: the pre-check's counts (what will run, what will be
// skipped and why), Run, progress with Cancel, then the per-item report that can be copied or
// exported, with "Retry the failed ones".

#include "bulk_run.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace wci {

class BulkDialog : public QDialog {
    Q_OBJECT
public:
    // Takes ownership of the run; starts its pre-check.
    BulkDialog(BulkRun *run, const QString &title, QWidget *parent = nullptr);

    BulkRun *run() const { return m_run; }
    QPushButton *runButton() const { return m_start; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *retryFailedButton() const { return m_retryFailed; }
    QTableWidget *report() const { return m_report; }
    QLabel *summary() const { return m_summary; }
    QLineEdit *reasonEdit() const { return m_reason; }
    // The reason recorded with every item (prefilled from a form); required: Run stays off
    // until one is given.
    void setReason(const QString &reason);
    void setReasonRequired(bool required);

signals:
    void retryFailedRequested(const QStringList &ids);
    void runFinished();

private:
    void showPrecheck();
    void updateRunButton();
    void showReport();
    void copyReport();
    void exportReport();
    void colourOutcomes(); // the outcome column: failed and succeeded items in their tones

    QPointer<BulkRun> m_run;
    QLabel *m_summary;
    QProgressBar *m_progress;
    QTableWidget *m_report;
    QPushButton *m_start;
    QLineEdit *m_reason;
    QLabel *m_reasonHint;
    bool m_reasonRequired = false;
    QPushButton *m_cancel;
    QPushButton *m_retryFailed;
    QPushButton *m_copy;
    QPushButton *m_export;
    QPushButton *m_close;
};

} // namespace wci
