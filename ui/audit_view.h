#pragma once

// The audit trail: every action taken from this machine, newest first, filtered by text,
// outcome and time, exported as CSV.

#include <QDialog>

class QComboBox;
class QLineEdit;
class QTableView;

namespace wci {

class AuditLog;
class AuditModel;

class AuditView : public QDialog {
    Q_OBJECT
public:
    AuditView(AuditLog *log, QWidget *parent = nullptr);
    void reload();
    AuditModel *model() const { return m_model; }
    QLineEdit *filterEdit() const { return m_filter; }
    QComboBox *outcomeBox() const { return m_outcome; }

private:
    void exportCsv();
    AuditLog *m_log;
    AuditModel *m_model;
    QLineEdit *m_filter;
    QComboBox *m_outcome;
    QTableView *m_table;
};

} // namespace wci
