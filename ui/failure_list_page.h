#pragma once

// The list side of the window: the filter bar, notes about the search, the chip of a failure
// group, the problem banner (with Retry) and the failure table over a FailureListModel. The
// selection helpers here are what every action acts on: exactly the rows selected in the table.

#include "engine.h"

#include <QWidget>

class QFrame;
class QLabel;
class QPushButton;
class QTableView;

namespace wci {

class FailureListModel;
class FilterBar;

class FailureListPage : public QWidget {
    Q_OBJECT
public:
    explicit FailureListPage(QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    FilterBar *filterBar() const { return m_filterBar; }
    // The model of the open connection (owned by the window); sorting goes to it.
    void setModel(FailureListModel *model);
    FailureListModel *model() const { return m_model; }

    // Rows selected in the table, in row order, and their snapshots (loaded rows only).
    QList<int> selectedRows() const;
    QList<Snapshot> selectedSnapshots() const;

    void showProblem(const QString &text);
    void hideProblem();
    QString problem() const; // "" while the banner is hidden
    // Takes the banner out of this page, for the window to show above every page.
    QFrame *takeBanner();
    void showGroup(const QString &label);
    void hideGroup();
    void setNotes(const QStringList &notes);

signals:
    void retryRequested();      // the banner's Retry
    void clearGroupRequested(); // the group chip's button

private:
    FailureListModel *m_model = nullptr;
    FilterBar *m_filterBar;
    QLabel *m_notes;
    QFrame *m_groupChip;
    QLabel *m_groupChipText;
    QFrame *m_banner;
    QLabel *m_bannerText;
    QPushButton *m_bannerRetry;
    QTableView *m_table;
};

} // namespace wci
