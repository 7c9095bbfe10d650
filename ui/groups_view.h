#pragma once

// Failure groups: the failures of the current category and filter grouped by error code,
// exception and top application frame, function, processor or source aggregate type, each
// with its count, first and last seen and statuses. A group drills down into the list, and
// bulk actions apply to a group.

#include "failure_groups_model.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QToolButton;

namespace wci {

class MainWindow;

class GroupsView : public QDialog {
    Q_OBJECT
public:
    explicit GroupsView(MainWindow *window);

    void recompute();
    FailureGroupsModel *model() const { return m_model; }
    QComboBox *groupByBox() const { return m_by; }
    QTableView *table() const { return m_table; }
    // Drill into the selected group (the list gets its filter).
    void showSelectedInList();
    std::optional<FailureGroup> selectedGroup() const;

private:
    QPointer<MainWindow> m_window;
    FailureGroupsModel *m_model;
    QComboBox *m_by;
    QLabel *m_scope;
    QLabel *m_status;
    QTableView *m_table;
    QPushButton *m_show;
    QToolButton *m_act;
};

} // namespace wci
