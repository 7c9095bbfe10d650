#pragma once

// The inspector's main window: it wires the connection switcher (toolbar), the categories
// sidebar with live counts, the failure list page (filters, banner, table) and the details pane
// of the selected failure, and keeps the selection honest: actions act on the rows selected in
// the list only. Widgets talk to models and the Engine only, through continuations bound to a
// context object, so nothing here blocks on SQLite or the network. Tests find the parts by
// object name (failureTable, categories, search, filterBar, detailsPane, errorBanner, ...).

#include "action_rules.h"
#include "categories.h"
#include "engine.h"
#include "connection_profiles.h"
#include "app_settings.h"
#include "engine_factory.h"
#include "failure_filter.h"
#include "reply_guard.h"

#include <QDateTime>
#include <QMainWindow>
#include <QPointer>
#include <memory>
#include <atomic>

class QAction;
class QActionGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QMenu;
class QDockWidget;
class QProgressBar;
class QSettings;
class QSplitter;
class QStackedWidget;
class QPushButton;
class QTableView;
class QTimer;

namespace wci {
class StorageDialog;

class ActionController;
class AuditLog;
class CategoryCountsModel;
class ConnectionSwitcher;
class DetailsPane;
class ElidedLabel;
class FailureListModel;
class FailureListPage;
class FailureLocator;
struct LocatedFailure;
class FilterBar;
class OverviewView;
class ProfileStore;
class SavedViewStore;
class SecretStore;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `settings` keeps recent files, saved views and window state; `secrets` the profiles'
    // tokens; `audit` records every action (none: actions are not recorded).
    MainWindow(QSettings *settings, SecretStore *secrets, AuditLog *audit = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    void setConnection(EngineConnection connection);
    // Opens a built-in database (shows the problem in place when it cannot). A file of an older
    // database format is first upgraded on a worker thread, with a progress dialog that can
    // cancel it (the file then stays as it was); the database opens when the upgrade ends.
    bool openDatabase(const QString &path, bool readOnly = false, bool create = false);
    bool isUpgrading() const { return m_upgradeCancel != nullptr; }
    // First start: creates the demo database at `path` with `count` failures on a worker thread,
    // with progress over the list, and opens it as soon as its first failures are written (the
    // list refreshes when all are).
    void createDemoDatabase(const QString &path, int count);
    bool isCreatingDemo() const { return m_creatingDemo; }
    // File › Open database: the file dialog (the desktop menu's "Open Database…" starts here).
    void chooseDatabase();
    // A URL or the name of a saved profile.
    void connectTo(const QString &urlOrProfile, bool readOnly = false);
    void connectRemote(const ConnectionProfile &profile, const QString &secret);

    Engine *engine() const { return m_connection.engine.get(); }
    const EngineConnection &connection() const { return m_connection; }
    FailureCategory category() const { return m_category; }
    void setCategory(FailureCategory category);
    FailureFilter filter() const;
    void applySavedView(const SavedView &view);
    void saveView(const QString &name);
    QList<SavedView> savedViews() const;
    void selectFailure(const QString &executionId);
    // Finds the failure an id names (execution, failed event or source aggregate id) in any
    // category, switches there and selects it; says so when no failure has the id.
    void openById(const QString &id);
    // The same once a connection is open (a remote profile's secret is read asynchronously).
    void openByIdWhenConnected(const QString &id);
    QString selectedFailure() const { return m_selectedId; }

    // The actions on the selection, the list's condition and the time display (used by the
    // groups, charts and export windows that work from this one).
    ActionController *actions() const { return m_actions; }
    Condition listCondition() const;
    qint64 listTotal() const; // the engine's count for it
    bool isUtc() const { return m_utc; }
    // The problem shown over the list ("" when none).
    QString problem() const;
    // Whether the engine stopped answering (the data shown is stale and actions are off until
    // a reconnect succeeds), and how soon it is tried again: from `firstMs`, doubling, at most
    // `maxMs` (1 s and 30 s unless set).
    bool isOffline() const { return m_offline; }
    void setReconnectDelays(int firstMs, int maxMs);
    // The selected rows' snapshots (loaded rows only), in row order.
    QList<Snapshot> selectedSnapshots() const;
    // Functions seen in the loaded rows (offered by the change-function form).
    QList<FunctionInfo> knownFunctions() const;
    void showStatus(const QString &text);
    // Narrows the list to a failure group (shown as a removable chip above the list).
    void setGroupFilter(const Condition &condition, const QString &label);
    void clearGroupFilter();
    std::optional<Condition> groupFilter() const { return m_group; }
    void showGroups();
    void showExport();
    void showCharts();
    // The overview page (the first page when a connection opens) or the failure list.
    void showOverview();
    void showList();
    bool isOverviewShown() const;
    OverviewView *overview() const { return m_overview; }
    // Lists the failures a number counts (an overview card, cluster or bar): every category,
    // narrowed to `condition` with a removable chip that says `label`.
    void showFailures(const Condition &condition, const QString &label);
    // Replaces the filter bar's fields (and the search box) with `filter`'s and applies it.
    void setFilter(const FailureFilter &filter);
    // Imports into the open built-in database (a dialog with progress, Cancel and the report).
    QDialog *importFiles(const QStringList &files);
    // File › Database properties of the open built-in database (nullptr for a server).
    StorageDialog *showStorage();

public slots:
    void refresh();
    void setAutoRefreshSeconds(int seconds); // 0 = off
    void setUtc(bool utc);
    void copySelectedIds();
    void copySelectedRowsAsCsv();
    // A wow-inspector:// link to the selected failure on this database or server (for a ticket).
    void copyLinkToFailure();
    void showShortcuts();

signals:
    void connectionChanged();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void buildMenus();
    QMenu *languageMenu();
    void buildToolBar();
    void buildCentral();
    void applyFilter();
    void updateTitle();
    void updateRowsLabel();
    void updateNotes();
    void showBanner(const QString &text);
    void hideBanner();
    void restoreSelection();
    // After the list changed: keeps the selected failure selected when it is among the loaded
    // rows; otherwise asks the engine whether it is in the list at all and says so in the
    // details pane (cleared when it is not). Actions follow the list's selection only.
    void reconcileSelection();
    void searchElsewhereIfEmpty();
    void showLocated(const LocatedFailure &failure);
    void goOffline(const EngineError &error);
    void goOnline();
    void tryReconnect();
    void updateOfflineBanner();
    void onCurrentRowChanged();
    void refreshSavedViews();

    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<SavedViewStore> m_views;
    EngineConnection m_connection;
    FailureCategory m_category = FailureCategory::ToRetry;
    QString m_selectedId;
    ReplyGuard m_inViewReply; // "is the selected failure in the list?"
    QList<QSplitter *> m_splitters; // their states are remembered
    bool m_startAtTop = false;
    bool m_creatingDemo = false;
    // While an upgrade runs: set by Cancel, and when the window goes, so that it does not hold
    // the exit.
    std::shared_ptr<std::atomic_bool> m_upgradeCancel;
    bool openDatabaseNow(const QString &path, bool readOnly, bool create);
    QPointer<QDockWidget> m_chartsDock;
    QProgressBar *m_demoProgress = nullptr;
    // Connection health: offline from the first read that did not reach the engine until a
    // reconnect attempt (with backoff) gets an answer.
    bool m_offline = false;
    bool m_reconnecting = false;
    QDateTime m_offlineSince;
    QDateTime m_lastGoodRead;
    QString m_offlineReason;
    QTimer *m_reconnectTimer = nullptr;
    ReplyGuard m_reconnectReply;
    int m_reconnectFirstMs = 1000;
    int m_reconnectMaxMs = 30000;
    int m_reconnectDelayMs = 1000;
    FailureLocator *m_locator = nullptr;
    QString m_locatedSearch; // the last text looked up in every category // the next list shows its first row (a new category or filter)
    bool m_utc = false;

    FailureListModel *m_list = nullptr;
    CategoryCountsModel *m_counts = nullptr;

    ConnectionSwitcher *m_connections = nullptr;
    QComboBox *m_autoRefreshBox = nullptr;
    QComboBox *m_viewsBox = nullptr;
    QLineEdit *m_search = nullptr;
    QAction *m_freeText = nullptr;
    FailureListPage *m_page = nullptr;
    QStackedWidget *m_pages = nullptr; // the overview, or the list with the details pane
    OverviewView *m_overview = nullptr;
    QPushButton *m_overviewButton = nullptr;
    QAction *m_overviewAction = nullptr;
    FilterBar *m_filterBar = nullptr; // the page's
    QListView *m_categoryView = nullptr;
    QTableView *m_table = nullptr;    // the page's
    DetailsPane *m_details = nullptr;
    ElidedLabel *m_engineLabel = nullptr;
    ElidedLabel *m_rowsLabel = nullptr;
    QLabel *m_loadingLabel = nullptr;
    QLabel *m_zoneLabel = nullptr;
    QTimer *m_clockTimer = nullptr;
    QTimer *m_autoRefresh = nullptr;
    QTimer *m_selectionTimer = nullptr;
    QTimer *m_searchTimer = nullptr;

    QAction *m_openAction = nullptr;
    QAction *m_openByIdAction = nullptr;
    QAction *m_openReadOnlyAction = nullptr;
    QAction *m_newAction = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_copyCsvAction = nullptr;
    QAction *m_copyLinkAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_clearSearchAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_utcAction = nullptr;
    QAction *m_detailsAction = nullptr;
    QAction *m_saveViewAction = nullptr;
    QAction *m_deleteViewAction = nullptr;
    QAction *m_shortcutsAction = nullptr;
    QActionGroup *m_autoRefreshGroup = nullptr;
    QActionGroup *m_themeGroup = nullptr;
    QList<QAction *> m_categoryActions;
    QAction *m_readOnlyAction = nullptr;
    QAction *m_operatorAction = nullptr;
    QAction *m_requireReasonAction = nullptr;
    QAction *m_auditAction = nullptr;
    ActionController *m_actions = nullptr;
    AuditLog *m_audit = nullptr;
    std::optional<Condition> m_group;
    QString m_groupLabel;
    QAction *m_groupsAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_chartsAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_storageAction = nullptr;
    QPointer<StorageDialog> m_storageDialog;
};

} // namespace wci
