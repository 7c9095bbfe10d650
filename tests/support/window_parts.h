#pragma once

// The main window's parts, found as a person's eye finds them: by object name. Tests and the
// UI benchmark use these instead of accessors on MainWindow.

#include "action_controller.h"
#include "category_counts_model.h"
#include "details_pane.h"
#include "failure_list_model.h"
#include "filter_bar.h"

#include <QAction>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QTableView>

namespace wci::testing {

template <typename T>
T *part(const QObject *window, const char *name)
{
    T *found = window->findChild<T *>(QString::fromLatin1(name));
    Q_ASSERT_X(found, "part", name);
    return found;
}

inline QTableView *failureTable(const QObject *w) { return part<QTableView>(w, "failureTable"); }
inline FailureListModel *failureList(const QObject *w) { return qobject_cast<FailureListModel *>(failureTable(w)->model()); }
inline QListView *categoryList(const QObject *w) { return part<QListView>(w, "categories"); }
inline CategoryCountsModel *categoryCounts(const QObject *w) { return qobject_cast<CategoryCountsModel *>(categoryList(w)->model()); }
inline QLineEdit *searchBox(const QObject *w) { return part<QLineEdit>(w, "search"); }
inline FilterBar *filterBar(const QObject *w) { return part<FilterBar>(w, "filterBar"); }
inline DetailsPane *detailsPane(const QObject *w) { return part<DetailsPane>(w, "detailsPane"); }
inline QFrame *errorBanner(const QObject *w) { return part<QFrame>(w, "errorBanner"); }
inline QPushButton *bannerRetry(const QObject *w) { return part<QPushButton>(w, "errorBannerRetry"); }
inline QLabel *engineLabel(const QObject *w) { return part<QLabel>(w, "engineLabel"); }
inline QLabel *rowsLabel(const QObject *w) { return part<QLabel>(w, "rowsLabel"); }
inline QAction *utcAction(const QObject *w) { return part<QAction>(w, "utcAction"); }
inline QAction *freeTextAction(const QObject *w) { return part<QAction>(w, "freeTextAction"); }
inline QAction *readOnlyAction(const QObject *w) { return part<QAction>(w, "readOnlyMode"); }

} // namespace wci::testing
