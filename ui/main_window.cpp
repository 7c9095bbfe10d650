#include "main_window.h"
#include "delivered.h"
#include "overview_view.h"

#include "action_controller.h"
#include "connection_switcher.h"
#include "elided_label.h"
#include "failure_list_page.h"
#include "failure_locator.h"
#include "language.h"
#include "metrics.h"
#include "launch_link.h"
#include "saved_view_store.h"
#include "audit_view.h"
#include "groups_view.h"
#include "export_dialog.h"
#include "import_dialog.h"
#include "storage_dialog.h"
#include "charts_view.h"
#include "category_counts_model.h"
#include "connection_dialog.h"
#include "details_pane.h"
#include "failure_list_model.h"
#include "filter_bar.h"
#include "theme.h"
#include "icons.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDockWidget>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QDir>
#include <QUrl>
#include <QFileInfo>
#include <QProgressDialog>
#include <QFutureWatcher>
#include <QTimeZone>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QProgressBar>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <tuple>

namespace wci {

using namespace Qt::StringLiterals;

MainWindow::MainWindow(QSettings *settings, SecretStore *secrets, AuditLog *audit, QWidget *parent)
    : QMainWindow(parent), m_settings(std::make_unique<AppSettings>(settings)),
      m_profiles(std::make_unique<ProfileStore>(settings, secrets)), m_views(std::make_unique<SavedViewStore>(settings)),
      m_audit(audit)
{
    setObjectName(u"mainWindow"_s);
    m_utc = m_settings->utc();
    m_actions = new ActionController(this, m_settings.get(), audit);
    m_actions->setObjectName(u"actionController"_s);
    connect(m_actions, &ActionController::dataChanged, this, &MainWindow::refresh);
    buildActions();
    buildCentral();
    buildToolBar();
    buildMenus();

    m_clockTimer = new QTimer(this);
    m_clockTimer->setInterval(1000); // the live countdowns
    connect(m_clockTimer, &QTimer::timeout, this, [this] {
        if (!engine())
            return;
        const qint64 now = engine()->now();
        m_list->setNow(now);
        m_details->tick(now);
        m_actions->updateAvailability(); // reasons such as "next retry in 3m 10s" count down
        if (m_offline)
            updateOfflineBanner();
    });
    m_clockTimer->start();
    m_reconnectTimer = new QTimer(this);
    m_reconnectTimer->setSingleShot(true);
    connect(m_reconnectTimer, &QTimer::timeout, this, &MainWindow::tryReconnect);
    m_autoRefresh = new QTimer(this);
    connect(m_autoRefresh, &QTimer::timeout, this, &MainWindow::refresh);

    if (!restoreGeometry(m_settings->windowGeometry())) {
        // First start: most of the screen, not more than the layout needs.
        const QRect screenRect = screen() ? screen()->availableGeometry() : QRect(0, 0, 1366, 768);
        resize(std::min(int(screenRect.width() * 0.9), 1600), std::min(int(screenRect.height() * 0.9), 1000));
    }
    restoreState(m_settings->windowState());
    setAutoRefreshSeconds(m_settings->autoRefreshSeconds());
    setUtc(m_utc);
    refreshSavedViews();
    updateTitle();
    // Until a connection opens (or while an older file is upgraded, or after it failed), no
    // action is offered: nothing is there to act on.
    m_actions->updateAvailability();
}

MainWindow::~MainWindow()
{
    if (m_upgradeCancel)
        m_upgradeCancel->store(true); // the upgrade rolls back; the file stays as it was
    // Models, dialogs and the details pane hold the engine; drop them before it.
    delete m_storageDialog;
    m_details->setEngine(nullptr);
    m_page->setModel(nullptr);
    m_categoryView->setModel(nullptr);
    delete m_list;
    delete m_counts;
    m_list = nullptr;
    m_counts = nullptr;
}

void MainWindow::buildActions()
{
    auto make = [this](const QString &text, const QKeySequence &key, auto slot) {
        auto *a = new QAction(text, this);
        if (!key.isEmpty())
            a->setShortcut(key);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    m_openAction = make(tr("&Open database…"), QKeySequence(u"Ctrl+Alt+O"_s), [this] { m_connections->openDatabaseDialog(false, false); });
    m_openByIdAction = make(tr("Open failure by &id…"), QKeySequence(u"Ctrl+O"_s), [this] {
        bool ok = false;
        const QString id = QInputDialog::getText(this, tr("Open failure by id"),
                                                 tr("Execution id, failed event id or source aggregate id:"),
                                                 QLineEdit::Normal, QString(), &ok);
        if (ok && !id.trimmed().isEmpty())
            openById(id.trimmed());
    });
    m_openByIdAction->setObjectName(u"openByIdAction"_s);
    m_openReadOnlyAction = make(tr("Open database &read-only…"), QKeySequence(u"Ctrl+Alt+R"_s),
                                [this] { m_connections->openDatabaseDialog(false, true); });
    m_newAction = make(tr("&New database…"), QKeySequence::New, [this] { m_connections->openDatabaseDialog(true, false); });
    m_connectAction = make(tr("&Connect to server…"), QKeySequence(u"Ctrl+Shift+O"_s), [this] { m_connections->connectDialog(); });
    m_quitAction = make(tr("&Quit"), QKeySequence::Quit, [this] { close(); });
    m_copyAction = make(tr("&Copy execution ids"), QKeySequence::Copy, [this] { copySelectedIds(); });
    m_copyCsvAction = make(tr("Copy rows as C&SV"), QKeySequence(u"Ctrl+Shift+C"_s), [this] { copySelectedRowsAsCsv(); });
    m_copyLinkAction = make(tr("Copy &link to failure"), QKeySequence(u"Ctrl+Shift+L"_s), [this] { copyLinkToFailure(); });
    m_copyLinkAction->setObjectName(u"copyLinkAction"_s);
    m_findAction = make(tr("&Find…"), QKeySequence::Find, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    m_clearSearchAction = make(tr("C&lear search"), QKeySequence(Qt::Key_Escape), [this] {
        if (!m_search->text().isEmpty())
            m_search->clear();
    });
    m_refreshAction = make(tr("&Refresh"), QKeySequence::Refresh, [this] { refresh(); });
    if (m_refreshAction->shortcut() != QKeySequence(Qt::Key_F5))
        m_refreshAction->setShortcuts({QKeySequence(Qt::Key_F5), m_refreshAction->shortcut()});
    m_utcAction = new QAction(tr("Times in &UTC"), this);
    m_utcAction->setObjectName(u"utcAction"_s);
    m_utcAction->setCheckable(true);
    m_utcAction->setShortcut(QKeySequence(u"Ctrl+U"_s));
    connect(m_utcAction, &QAction::toggled, this, &MainWindow::setUtc);
    m_detailsAction = make(tr("Show &details"), QKeySequence(Qt::Key_Return), [this] {
        m_details->tabs()->setCurrentIndex(DetailsPane::OverviewTab);
        m_details->tabs()->setFocus();
    });
    m_detailsAction->setShortcutContext(Qt::WidgetShortcut);
    m_saveViewAction = make(tr("&Save current view…"), QKeySequence(u"Ctrl+S"_s), [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save view"), tr("Name of the view:"), QLineEdit::Normal,
                                                   QString(), &ok);
        if (ok && !name.trimmed().isEmpty())
            saveView(name.trimmed());
    });
    m_deleteViewAction = make(tr("&Delete saved view"), QKeySequence(), [this] {
        const QString name = m_viewsBox->currentIndex() > 0 ? m_viewsBox->currentText() : QString();
        if (name.isEmpty())
            return;
        m_views->remove(name);
        refreshSavedViews();
        statusBar()->showMessage(tr("Deleted view \"%1\"").arg(name), 4000);
    });
    m_shortcutsAction = make(tr("&Keyboard shortcuts"), QKeySequence(Qt::Key_F1), [this] { showShortcuts(); });
    m_readOnlyAction = new QAction(tr("&Read-only mode"), this);
    m_readOnlyAction->setObjectName(u"readOnlyMode"_s);
    m_readOnlyAction->setCheckable(true);
    m_readOnlyAction->setChecked(m_settings->readOnlyMode());
    m_readOnlyAction->setStatusTip(tr("Disable every action, whatever the connection allows"));
    connect(m_readOnlyAction, &QAction::toggled, this, [this](bool on) {
        m_actions->setReadOnlyMode(on);
        updateTitle();
    });
    m_operatorAction = make(tr("Set &operator name…"), QKeySequence(), [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Operator name"),
                                                   tr("Name recorded with every action (empty: the OS user):"),
                                                   QLineEdit::Normal, m_actions->operatorName(), &ok);
        if (ok)
            m_actions->setOperatorName(name);
    });
    m_requireReasonAction = new QAction(tr("Require a &reason for bulk runs"), this);
    m_requireReasonAction->setObjectName(u"requireBulkReason"_s);
    m_requireReasonAction->setCheckable(true);
    m_requireReasonAction->setChecked(m_settings->requireBulkReason());
    m_requireReasonAction->setStatusTip(tr("A team setting: every bulk run asks for a reason before it runs"));
    connect(m_requireReasonAction, &QAction::toggled, this, [this](bool on) { m_settings->setRequireBulkReason(on); });
    m_groupsAction = make(tr("Failure &groups…"), QKeySequence(u"Ctrl+G"_s), [this] { showGroups(); });
    m_exportAction = make(tr("&Export…"), QKeySequence(u"Ctrl+E"_s), [this] { showExport(); });
    m_chartsAction = make(tr("C&harts…"), QKeySequence(u"Ctrl+H"_s), [this] { showCharts(); });
    m_importAction = make(tr("&Import event streams…"), QKeySequence(u"Ctrl+I"_s), [this] {
        const QStringList files = QFileDialog::getOpenFileNames(this, tr("Import event streams"), QString(),
                                                                tr("Event streams (*.ndjson *.json *.jsonl);;All files (*)"));
        if (!files.isEmpty())
            importFiles(files);
    });
    m_storageAction = make(tr("Database &properties…"), QKeySequence(), [this] { showStorage(); });
    m_storageAction->setObjectName(u"storageAction"_s);
    m_auditAction = make(tr("&Audit log…"), QKeySequence(u"Ctrl+L"_s), [this] {
        auto *v = new AuditView(m_audit, this);
        v->setAttribute(Qt::WA_DeleteOnClose);
        v->show();
    });
    m_freeText = new QAction(tr("Full text"), this);
    m_freeText->setObjectName(u"freeTextAction"_s);
    m_freeText->setCheckable(true);
    m_freeText->setShortcut(QKeySequence(u"Ctrl+Shift+F"_s));
    connect(m_freeText, &QAction::toggled, this, [this] {
        if (!m_search->text().trimmed().isEmpty())
            applyFilter();
    });

    // View › Theme: the desktop's, or Fusion light or dark whatever the desktop has.
    m_themeGroup = new QActionGroup(this);
    const ThemeMode savedTheme = m_settings->theme();
    for (const auto &[mode, text, name] : {std::tuple{ThemeMode::System, tr("&System"), "themeSystem"},
                                           std::tuple{ThemeMode::Light, tr("&Light"), "themeLight"},
                                           std::tuple{ThemeMode::Dark, tr("&Dark"), "themeDark"}}) {
        auto *a = new QAction(text, m_themeGroup);
        a->setObjectName(QString::fromLatin1(name));
        a->setCheckable(true);
        a->setChecked(mode == savedTheme);
        connect(a, &QAction::triggered, this, [this, mode] {
            m_settings->setTheme(mode);
            applyTheme(mode);
        });
    }

    m_autoRefreshGroup = new QActionGroup(this);
    for (int seconds : {0, 10, 30, 60}) {
        auto *a = new QAction(seconds == 0 ? tr("Off") : seconds < 60 ? tr("Every %1 s").arg(seconds) : tr("Every minute"),
                              m_autoRefreshGroup);
        a->setCheckable(true);
        a->setData(seconds);
        connect(a, &QAction::triggered, this, [this, seconds] { setAutoRefreshSeconds(seconds); });
    }
    int n = 1;
    for (auto c : allFailureCategories) {
        auto *a = new QAction(categoryName(c), this);
        a->setShortcut(QKeySequence(u"Alt+%1"_s.arg(n++)));
        connect(a, &QAction::triggered, this, [this, c] {
            setCategory(c);
            showList();
        });
        m_categoryActions.append(a);
    }
    m_overviewAction = new QAction(tr("&Overview"), this);
    m_overviewAction->setShortcut(QKeySequence(u"Alt+0"_s));
    connect(m_overviewAction, &QAction::triggered, this, &MainWindow::showOverview);

    // The desktop icon theme's icons, else ours (icons.h).
    m_openAction->setIcon(actionIcon(ActionIcon::OpenDatabase));
    m_newAction->setIcon(actionIcon(ActionIcon::NewDatabase));
    m_connectAction->setIcon(actionIcon(ActionIcon::Connect));
    m_exportAction->setIcon(actionIcon(ActionIcon::Export));
    m_importAction->setIcon(actionIcon(ActionIcon::Import));
    m_quitAction->setIcon(actionIcon(ActionIcon::Quit));
    m_copyAction->setIcon(actionIcon(ActionIcon::Copy));
    m_copyLinkAction->setIcon(actionIcon(ActionIcon::CopyLink));
    m_findAction->setIcon(actionIcon(ActionIcon::Find));
    m_openByIdAction->setIcon(actionIcon(ActionIcon::OpenById));
    m_freeText->setIcon(actionIcon(ActionIcon::FullText));
    m_clearSearchAction->setIcon(actionIcon(ActionIcon::ClearSearch));
    m_refreshAction->setIcon(actionIcon(ActionIcon::Refresh));
    m_utcAction->setIcon(actionIcon(ActionIcon::Utc));
    m_groupsAction->setIcon(actionIcon(ActionIcon::Groups));
    m_chartsAction->setIcon(actionIcon(ActionIcon::Charts));
    m_auditAction->setIcon(actionIcon(ActionIcon::Audit));
    m_saveViewAction->setIcon(actionIcon(ActionIcon::SaveView));
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    file->addAction(m_openReadOnlyAction);
    file->addAction(m_newAction);
    file->addAction(m_connectAction);
    file->addSeparator();
    file->addAction(m_exportAction);
    file->addAction(m_importAction);
    file->addAction(m_storageAction);
    file->addSeparator();
    file->addAction(m_quitAction);
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_copyAction);
    edit->addAction(m_copyCsvAction);
    edit->addAction(m_copyLinkAction);
    edit->addSeparator();
    edit->addAction(m_findAction);
    edit->addAction(m_openByIdAction);
    edit->addAction(m_freeText);
    edit->addAction(m_clearSearchAction);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_refreshAction);
    QMenu *auto_ = view->addMenu(tr("&Auto-refresh"));
    auto_->addActions(m_autoRefreshGroup->actions());
    view->addAction(m_utcAction);
    view->addAction(m_detailsAction);
    view->addAction(m_groupsAction);
    view->addAction(m_chartsAction);
    view->addSeparator();
    QMenu *cats = view->addMenu(tr("&Category"));
    cats->addAction(m_overviewAction);
    cats->addSeparator();
    cats->addActions(m_categoryActions);
    view->addSeparator();
    QMenu *themeMenu = view->addMenu(tr("&Theme"));
    themeMenu->setObjectName(u"themeMenu"_s);
    themeMenu->addActions(m_themeGroup->actions());
    view->addMenu(languageMenu());
    QMenu *actionsMenu = menuBar()->addMenu(tr("&Actions"));
    actionsMenu->setToolTipsVisible(true);
    for (const auto &info : allActions()) {
        if (info.kind == ActionKind::RegenerateAll)
            actionsMenu->addMenu(m_actions->filterMenu()), actionsMenu->addSeparator();
        if (info.kind == ActionKind::Metadata)
            actionsMenu->addSeparator();
        actionsMenu->addAction(m_actions->action(info.kind));
    }
    actionsMenu->addSeparator();
    actionsMenu->addAction(m_readOnlyAction);
    actionsMenu->addAction(m_operatorAction);
    actionsMenu->addAction(m_requireReasonAction);
    actionsMenu->addAction(m_auditAction);
    QMenu *views = menuBar()->addMenu(tr("Sa&ved views"));
    views->addAction(m_saveViewAction);
    views->addAction(m_deleteViewAction);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_shortcutsAction);
    help->addAction(tr("&About"), this, [this] {
        QMessageBox::about(this, tr("About Wow Compensation Inspector"),
                           tr("<b>Wow Compensation Inspector</b> %1<br>Browse, understand and act on the failed "
                              "executions recorded by Wow's compensation service.")
                               .arg(QCoreApplication::applicationVersion()));
    });
    // Shortcuts work even where the menu bar is hidden (and in tests).
    addActions({m_openAction, m_openByIdAction, m_openReadOnlyAction, m_newAction, m_connectAction, m_quitAction, m_copyCsvAction, m_copyLinkAction,
                m_findAction, m_freeText, m_clearSearchAction, m_refreshAction, m_utcAction, m_saveViewAction,
                m_shortcutsAction, m_auditAction, m_groupsAction, m_exportAction, m_importAction, m_chartsAction});
    addActions(m_categoryActions);
    addAction(m_overviewAction);
    for (const auto &info : allActions())
        addAction(m_actions->action(info.kind));
}

void MainWindow::buildToolBar()
{
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(u"mainToolBar"_s);
    bar->setMovable(false);
    // Words beside the icons: "Times in UTC" and "Full text" are toggles a glyph alone would not explain.
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_connections = new ConnectionSwitcher(m_settings.get(), m_profiles.get(), bar);
    connect(m_connections, &ConnectionSwitcher::databaseChosen, this,
            [this](const QString &path, bool readOnly, bool create) { openDatabase(path, readOnly, create); });
    connect(m_connections, &ConnectionSwitcher::profileChosen, this, [this](const QString &name) { connectTo(name); });
    connect(m_connections, &ConnectionSwitcher::remoteChosen, this, &MainWindow::connectRemote);
    connect(m_connections, &ConnectionSwitcher::problem, this, &MainWindow::showBanner);
    bar->addWidget(m_connections);
    bar->addSeparator();
    bar->addAction(m_refreshAction);
    m_autoRefreshBox = new QComboBox(bar);
    m_autoRefreshBox->setObjectName(u"autoRefresh"_s);
    m_autoRefreshBox->setToolTip(tr("Auto-refresh"));
    for (auto *a : m_autoRefreshGroup->actions())
        m_autoRefreshBox->addItem(a->data().toInt() == 0 ? tr("Auto-refresh off") : a->text(), a->data());
    connect(m_autoRefreshBox, &QComboBox::activated, this,
            [this](int i) { setAutoRefreshSeconds(m_autoRefreshBox->itemData(i).toInt()); });
    bar->addWidget(m_autoRefreshBox);
    bar->addAction(m_utcAction);
    bar->addSeparator();
    m_search = new QLineEdit(bar);
    m_search->setObjectName(u"search"_s);
    m_search->setAccessibleName(tr("Search"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(m_search->fontMetrics().horizontalAdvance(u'M') * 16);
    m_search->setPlaceholderText(tr("Search execution id, event id, aggregate id, processor, function or error code (Ctrl+F)"));
    m_searchTimer = new QTimer(this);
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(300);
    connect(m_search, &QLineEdit::textChanged, m_searchTimer, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchTimer->stop();
        applyFilter();
    });
    connect(m_searchTimer, &QTimer::timeout, this, &MainWindow::applyFilter);
    bar->addWidget(m_search);
    bar->addAction(m_freeText);
    bar->addSeparator();
    m_viewsBox = new QComboBox(bar);
    m_viewsBox->setObjectName(u"savedViews"_s);
    m_viewsBox->setToolTip(tr("Saved views: a category with its search and filters"));
    connect(m_viewsBox, &QComboBox::activated, this, [this](int i) {
        if (i <= 0)
            return;
        const QString name = m_viewsBox->itemText(i);
        for (const auto &v : savedViews()) {
            if (v.name == name)
                applySavedView(v);
        }
    });
    bar->addWidget(m_viewsBox);
    bar->addAction(m_saveViewAction);
}

void MainWindow::buildCentral()
{
    m_categoryView = new QListView;
    m_categoryView->setObjectName(u"categories"_s);
    m_categoryView->setAccessibleName(tr("Categories"));
    m_categoryView->setAccessibleDescription(tr("Failure categories with their counts; choosing one lists its failures."));
    m_categoryView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_categoryView->setSelectionMode(QAbstractItemView::SingleSelection);
    int categoryWidth = 0; // the longest name with a six-digit count, in the language shown
    for (auto c : allFailureCategories)
        categoryWidth = std::max(categoryWidth, m_categoryView->fontMetrics().horizontalAdvance(categoryName(c) + u" (000000)"_s));
    m_categoryView->setMinimumWidth(categoryWidth + textWidth(m_categoryView, 3));
    m_categoryView->setSpacing(2);

    m_page = new FailureListPage;
    m_table = m_page->table();
    m_filterBar = m_page->filterBar();
    connect(m_filterBar, &FilterBar::changed, this, &MainWindow::applyFilter);
    connect(m_page, &FailureListPage::retryRequested, this, &MainWindow::refresh);
    connect(m_page, &FailureListPage::clearGroupRequested, this, &MainWindow::clearGroupFilter);
    m_table->addAction(m_detailsAction);
    m_table->addAction(m_copyAction);
    m_table->addAction(m_copyCsvAction);
    m_table->addAction(m_copyLinkAction);
    auto *separator = new QAction(this);
    separator->setSeparator(true);
    m_table->addAction(separator);
    for (auto k : {ActionKind::Prepare, ActionKind::ForcePrepare, ActionKind::ApplyRetrySpec, ActionKind::ChangeFunction,
                   ActionKind::MarkRecoverable, ActionKind::MarkSucceeded, ActionKind::MarkFailed, ActionKind::Compensate,
                   ActionKind::RegenerateSnapshot, ActionKind::Delete, ActionKind::Recover})
        m_table->addAction(m_actions->action(k));
    m_copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_table, &QTableView::activated, m_detailsAction, &QAction::trigger);

    m_selectionTimer = new QTimer(this);
    m_selectionTimer->setSingleShot(true);
    m_selectionTimer->setInterval(60); // arrowing through the list loads only the row it rests on
    connect(m_selectionTimer, &QTimer::timeout, this, &MainWindow::onCurrentRowChanged);

    m_details = new DetailsPane;
    m_details->setObjectName(u"detailsPane"_s);
    m_details->setActionsBar(m_actions->detailsBar());
    connect(m_details, &DetailsPane::loaded, this, [this] { m_actions->updateAvailability(); });

    auto *right = new QSplitter(Qt::Vertical);
    right->setObjectName(u"listDetailsSplitter"_s);
    right->addWidget(m_page);
    right->addWidget(m_details);
    right->setStretchFactor(0, 2);
    right->setStretchFactor(1, 1);
    right->setSizes({620, 380}); // the list gets the room: ≥ 15 rows at 1366×768
    right->setChildrenCollapsible(false);
    m_overview = new OverviewView(this);
    m_pages = new QStackedWidget;
    m_pages->setObjectName(u"pages"_s);
    m_pages->addWidget(m_overview);
    m_pages->addWidget(right);
    m_pages->setCurrentWidget(right);

    m_overviewButton = new QPushButton(tr("Overview"));
    m_overviewButton->setObjectName(u"overviewButton"_s);
    m_overviewButton->setCheckable(true);
    m_overviewButton->setToolTip(tr("Summary, pressure clusters, recoverability, retries and the daily trend (Alt+0)"));
    connect(m_overviewButton, &QPushButton::clicked, this, [this] { showOverview(); });
    // Choosing a category (by click, keys or Alt+n) shows its list.
    connect(m_categoryView, &QListView::clicked, this, [this] { showList(); });
    connect(m_categoryView, &QListView::activated, this, [this] { showList(); });
    auto *sidebar = new QWidget;
    sidebar->setObjectName(u"sidebar"_s);
    auto *sideLayout = new QVBoxLayout(sidebar);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_overviewButton);
    sideLayout->addWidget(m_categoryView, 1);

    // The problem banner (with Retry) is over whichever page is shown.
    auto *pagesBox = new QWidget;
    auto *pagesLayout = new QVBoxLayout(pagesBox);
    pagesLayout->setContentsMargins(0, 0, 0, 0);
    pagesLayout->addWidget(m_page->takeBanner());
    pagesLayout->addWidget(m_pages, 1);

    auto *main = new QSplitter(Qt::Horizontal);
    main->setObjectName(u"mainSplitter"_s);
    main->addWidget(sidebar);
    main->addWidget(pagesBox);
    main->setStretchFactor(0, 0);
    main->setStretchFactor(1, 1);
    main->setSizes({190, 1200});
    main->setChildrenCollapsible(false);
    for (QSplitter *sp : {main, right}) {
        sp->setHandleWidth(std::max(6, fontMetrics().height() / 3)); // visible and easy to grab
        sp->restoreState(m_settings->splitterState(sp->objectName()));
    }
    m_splitters = {main, right};
    setCentralWidget(main);

    // Status-bar texts elide (a long path or message must not widen the window).
    m_engineLabel = new ElidedLabel;
    m_engineLabel->setObjectName(u"engineLabel"_s);
    m_rowsLabel = new ElidedLabel(nullptr, Qt::ElideRight);
    m_rowsLabel->setObjectName(u"rowsLabel"_s);
    m_loadingLabel = new QLabel;
    m_zoneLabel = new QLabel;
    statusBar()->addPermanentWidget(m_loadingLabel);
    statusBar()->addPermanentWidget(m_rowsLabel);
    statusBar()->addPermanentWidget(m_zoneLabel);
    statusBar()->addPermanentWidget(m_engineLabel);
}

void MainWindow::setConnection(EngineConnection connection)
{
    delete m_storageDialog; // its file is closing (a running Compact stops; what it did stays)
    m_details->setEngine(nullptr);
    FailureListModel *oldList = m_list;
    CategoryCountsModel *oldCounts = m_counts;
    EngineConnection old = std::move(m_connection);
    m_connection = std::move(connection);
    Engine *e = m_connection.engine.get();

    delete m_locator;
    m_locator = new FailureLocator(e, this);
    connect(m_locator, &FailureLocator::found, this, &MainWindow::showLocated);
    connect(m_locator, &FailureLocator::notFound, this, [this](const QString &id) {
        showStatus(tr("No failure has the id %1 — not as execution id, failed event id or source aggregate id, in any "
                      "category.")
                       .arg(id));
    });
    connect(m_locator, &FailureLocator::failed, this, [this](const QString &id, const QString &message) {
        showBanner(tr("Could not look up %1: %2").arg(id, message));
    });
    m_list = new FailureListModel(e, this);
    m_list->setUtc(m_utc);
    m_counts = new CategoryCountsModel(e, this);
    m_page->setModel(m_list);
    m_categoryView->setModel(m_counts);
    delete oldList;
    delete oldCounts;
    old.engine.reset(); // after everything that used it

    connect(m_list, &FailureListModel::refreshed, this, [this] {
        m_lastGoodRead = QDateTime::currentDateTime();
        if (m_offline)
            goOnline();
        hideBanner();
        updateRowsLabel();
        if (m_startAtTop) { // a new category or filter: its list from the first row
            m_startAtTop = false;
            m_table->scrollToTop();
        }
        reconcileSelection();
        searchElsewhereIfEmpty();
        QStringList contexts, processors, functions, codes;
        for (int r = 0; r < std::min(m_list->rowCount(), m_list->pageSize()); ++r) {
            if (const auto s = m_list->stateAt(r)) {
                contexts.append(s->function.contextName);
                processors.append(s->function.processorName);
                functions.append(s->function.name);
                codes.append(s->error.errorCode);
            }
        }
        m_filterBar->addSeenValues(contexts, processors, functions, codes);
    });
    connect(m_list, &FailureListModel::pageLoaded, this, [this] { restoreSelection(); });
    connect(m_list, &FailureListModel::failed, this, [this](const QString &message) {
        if (m_list->lastEngineError().isConnectionError())
            goOffline(m_list->lastEngineError());
        else
            showBanner(tr("The failure list could not be read from %1: %2").arg(m_connection.location, message));
    });
    connect(m_list, &FailureListModel::pageLoaded, this, [this] { m_lastGoodRead = QDateTime::currentDateTime(); });
    connect(m_list, &FailureListModel::loadingChanged, this,
            [this](bool loading) { m_loadingLabel->setText(loading ? tr("Loading…") : QString()); });
    connect(m_counts, &CategoryCountsModel::failed, this, [this](const QString &message) {
        if (m_counts->lastEngineError().isConnectionError())
            goOffline(m_counts->lastEngineError());
        else
            showBanner(tr("The category counts could not be read from %1: %2").arg(m_connection.location, message));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] { m_selectionTimer->start(); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] { m_actions->updateAvailability(); });
    connect(m_list, &FailureListModel::pageLoaded, this, [this] { m_actions->updateAvailability(); });
    connect(m_list, &FailureListModel::refreshed, this, [this] { m_actions->updateAvailability(); });
    connect(m_categoryView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!current.isValid())
                    return;
                setCategory(m_counts->categoryAt(current.row()));
                if (m_categoryView->hasFocus())
                    showList(); // arrowing through the categories
            });

    const auto caps = e ? e->capabilities() : EngineCapabilities{};
    m_freeText->setEnabled(caps.fullTextSearch);
    if (!caps.fullTextSearch) {
        m_freeText->setChecked(false);
        m_freeText->setToolTip(tr("This engine cannot search free text; the search box matches ids, processor, "
                                  "function and error code exactly."));
    } else {
        m_freeText->setToolTip(tr("Search the error message and stack trace (and every other text) instead of exact "
                                  "fields; scans every failure"));
    }
    updateNotes();

    m_selectedId.clear();
    m_inViewReply.cancel();
    m_offline = false;
    m_reconnectReply.cancel();
    m_reconnectTimer->stop();
    m_actions->setOffline({});
    m_details->setEngine(e);
    m_overview->setEngine(e);
    m_details->setNotice({});
    m_details->setUtc(m_utc);
    hideBanner();
    updateTitle();
    m_actions->updateAvailability();
    if (m_connection.kind == EngineKind::Builtin && e)
        m_settings->rememberDatabase(m_connection.location);
    m_connections->showConnection(m_connection);
    if (e) {
        m_categoryView->setCurrentIndex(m_counts->index(int(std::find(allFailureCategories.begin(),
                                                                      allFailureCategories.end(), m_category)
                                                            - allFailureCategories.begin())));
        refresh();
        showOverview(); // a connection opens on its overview
    }
    emit connectionChanged();
}

bool MainWindow::openDatabase(const QString &path, bool readOnly, bool create)
{
    if (isUpgrading()) {
        showStatus(tr("A database is being upgraded: wait for it to open, or cancel the upgrade."));
        return false;
    }
    if (readOnly || !builtinDatabaseNeedsUpgrade(path))
        return openDatabaseNow(path, readOnly, create);
    // An older format: upgraded off the window's thread (seconds for 10^6 failures).
    auto cancel = std::make_shared<std::atomic_bool>(false);
    m_upgradeCancel = cancel;
    auto *dialog = new QProgressDialog(this);
    dialog->setObjectName(u"upgradeProgress"_s);
    dialog->setWindowTitle(tr("Upgrading the database"));
    dialog->setLabelText(tr("Upgrading %1 to this version's database format…\nCancel leaves the file as it was.")
                             .arg(QDir::toNativeSeparators(path)));
    // Busy until the pass over the failures reports a percentage. The bar is set directly:
    // QProgressDialog::setValue would process events in the middle.
    auto *bar = new QProgressBar(dialog);
    bar->setObjectName(u"upgradeProgressBar"_s);
    dialog->setBar(bar);
    dialog->setRange(0, 0);
    dialog->setMinimumDuration(0);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setAutoClose(false);
    dialog->setAutoReset(false);
    connect(dialog, &QProgressDialog::canceled, dialog, [cancel, dialog] {
        cancel->store(true);
        dialog->setLabelText(tr("Cancelling…"));
    });
    dialog->show();
    showStatus(tr("Upgrading %1…").arg(QDir::toNativeSeparators(path)));
    QPointer<QProgressDialog> guard(dialog);
    const QFuture<void> upgrade = upgradeBuiltinDatabase(path, [cancel] { return cancel->load(); });
    auto *progress = new QFutureWatcher<void>(dialog); // goes with the dialog
    connect(progress, &QFutureWatcherBase::progressValueChanged, bar, [bar, cancel](int permille) {
        if (permille <= 0 || cancel->load()) // 0: the future's start, replayed by setFuture
            return;
        bar->setRange(0, 1000);
        bar->setValue(permille);
    });
    progress->setFuture(upgrade);
    delivered(this, upgrade)
        .then(this, [this, guard, path, create] {
            m_upgradeCancel.reset();
            if (guard)
                guard->deleteLater();
            openDatabaseNow(path, false, create);
        })
        .onFailed(this, [this, guard, path, cancel](const EngineError &e) {
            m_upgradeCancel.reset();
            if (guard)
                guard->deleteLater();
            if (cancel->load()) // the message says what happened, and to which file
                showBanner(e.errorMsg);
            else
                showBanner(tr("Could not open %1: %2").arg(QDir::toNativeSeparators(path), e.errorMsg));
        });
    return true;
}

bool MainWindow::openDatabaseNow(const QString &path, bool readOnly, bool create)
{
    BuiltinOpenOptions options;
    options.readOnly = readOnly;
    options.create = create;
    auto c = openBuiltinConnection(path, options);
    if (!c) {
        showBanner(tr("Could not open %1: %2").arg(QDir::toNativeSeparators(path), c.error().message));
        return false;
    }
    setConnection(std::move(c).value());
    m_settings->setLastDatabase(m_connection.location);
    return true;
}

void MainWindow::createDemoDatabase(const QString &path, int count)
{
    m_creatingDemo = true;
    if (!m_demoProgress) {
        m_demoProgress = new QProgressBar(this);
        m_demoProgress->setObjectName(u"demoProgress"_s);
        m_demoProgress->setMaximumWidth(fontMetrics().horizontalAdvance(u'M') * 12);
        statusBar()->addWidget(m_demoProgress);
    }
    m_demoProgress->setRange(0, count);
    m_demoProgress->setValue(0);
    m_demoProgress->show();
    m_page->setNotes({tr("Creating the demo database (%L1 failures) at %2…").arg(count).arg(QDir::toNativeSeparators(path))});
    QPointer<MainWindow> self(this);
    auto opened = std::make_shared<bool>(false);
    auto creation = wci::createDemoDatabase(path, count, 1000, [self, path, opened](int done, int total) {
        // On the seeding thread: report to the window's thread.
        QMetaObject::invokeMethod(
            self,
            [self, path, opened, done, total] {
                if (!self)
                    return;
                self->m_demoProgress->setValue(done);
                self->m_page->setNotes({tr("Creating the demo database: %L1 of %L2 failures…").arg(done).arg(total)});
                if (!*opened) { // the first failures are there: show them now
                    *opened = true;
                    self->openDatabase(path);
                }
            },
            Qt::QueuedConnection);
        return !self.isNull();
    });
    delivered(this, std::move(creation))
        .then(this, [this, path, opened] {
            m_creatingDemo = false;
            m_demoProgress->hide();
            if (!*opened)
                openDatabase(path);
            updateNotes();
            refresh();
            showStatus(tr("The demo database is ready: %1").arg(QDir::toNativeSeparators(path)));
        })
        .onFailed(this, [this, path](const EngineError &e) {
            m_creatingDemo = false;
            m_demoProgress->hide();
            updateNotes();
            showBanner(tr("Could not create the demo database at %1: %2").arg(QDir::toNativeSeparators(path), e.errorMsg));
        });
}

void MainWindow::chooseDatabase()
{
    m_connections->openDatabaseDialog(false, false);
}

void MainWindow::connectTo(const QString &urlOrProfile, bool readOnly)
{
    if (const auto p = m_profiles->profile(urlOrProfile)) {
        const ConnectionProfile profile = *p;
        delivered(this, m_profiles->secret(profile.name)).then(this, [this, profile](const QString &secret) { connectRemote(profile, secret); });
        return;
    }
    auto p = profileForUrl(urlOrProfile);
    if (!p) {
        showBanner(tr("\"%1\" is neither a saved connection profile nor an http(s) URL.").arg(urlOrProfile));
        return;
    }
    p->readOnly = readOnly;
    connectRemote(*p, {});
}

void MainWindow::connectRemote(const ConnectionProfile &profile, const QString &secret)
{
    EngineConnection c = openRemoteConnection(profile, secret);
    QPointer<Engine> remote = c.engine.get();
    setConnection(std::move(c));
    if (!profile.name.isEmpty())
        m_settings->setLastProfile(profile.name);
    // Learn the server's limits; refresh if they are looser than the defaults assumed.
    const auto before = remote->capabilities();
    delivered(this, remote->probe()).then(this, [this, remote, before](const EngineCapabilities &caps) {
        if (!remote || engine() != remote.data())
            return;
        updateTitle(); // the status bar says what the server speaks
        // The overview waited for this: aggregation or the scan, and which clock.
        if (isOverviewShown())
            m_overview->recompute();
        else
            m_overview->markStale();
        if (caps.maxPageSize != before.maxPageSize || caps.maxPagingWindow != before.maxPagingWindow
            || caps.clockOffsetMs != before.clockOffsetMs || categoryClock(caps) != categoryClock(before))
            refresh(); // the categories' conditions follow the server's clock from here on
    });
}

void MainWindow::refresh()
{
    if (!engine())
        return;
    if (m_offline) { // F5 or Retry while the server is away: try it now
        tryReconnect();
        return;
    }
    const qint64 now = engine()->now();
    m_list->setNow(now);
    m_counts->refresh(now);
    m_list->setCondition(failureCondition(m_category, filter(), now, categoryClock(engine()->capabilities())));
    m_details->reload();
    // The overview refreshes with the list (when it is hidden, once it is shown again).
    if (isOverviewShown())
        m_overview->recompute();
    else
        m_overview->markStale();
}

void MainWindow::showOverview()
{
    m_pages->setCurrentWidget(m_overview);
    m_overviewButton->setChecked(true);
    m_categoryView->selectionModel()->clearSelection(); // no category is shown (the current one stays)
    updateTitle();
    if (engine() && (m_overview->isStale() || !m_overview->model()->hasResult()))
        m_overview->recompute();
}

void MainWindow::showList()
{
    const bool wasOverview = isOverviewShown();
    m_pages->setCurrentIndex(1);
    m_overviewButton->setChecked(false);
    if (m_categoryView->currentIndex().isValid())
        m_categoryView->selectionModel()->select(m_categoryView->currentIndex(), QItemSelectionModel::ClearAndSelect);
    if (wasOverview)
        updateTitle();
}

bool MainWindow::isOverviewShown() const
{
    return m_pages->currentWidget() == m_overview;
}

void MainWindow::showFailures(const Condition &condition, const QString &label)
{
    m_group = condition;
    m_groupLabel = label;
    m_page->showGroup(label);
    if (m_category != FailureCategory::All)
        setCategory(FailureCategory::All); // applies the filter with the group
    else
        applyFilter();
    showList();
}

void MainWindow::updateNotes()
{
    QStringList notes;
    const auto caps = engine() ? engine()->capabilities() : EngineCapabilities{};
    if (engine() && !caps.fullTextSearch)
        notes.append(tr("%1 has no full-text search, so the search box matches execution id, event id, aggregate id, "
                        "processor, function or error code exactly.")
                         .arg(m_connection.kind == EngineKind::Remote ? tr("The remote server") : tr("This engine")));
    if (!filtersApply(m_category) && !filter().isEmpty())
        notes.append(tr("Search and filters do not apply to Deleted: Wow's query API only shows deleted failures for a "
                        "query that is nothing but the deleted condition."));
    m_page->setNotes(notes);
}

void MainWindow::applyFilter()
{
    updateNotes();
    if (!engine())
        return;
    const qint64 now = engine()->now();
    m_list->setNow(now);
    m_startAtTop = true;
    m_list->setCondition(failureCondition(m_category, filter(), now, categoryClock(engine()->capabilities())));
    updateTitle();
}

FailureFilter MainWindow::filter() const
{
    FailureFilter f;
    f.group = m_group;
    f.groupLabel = m_groupLabel;
    f.search = m_search->text();
    f.freeText = m_freeText->isChecked() && m_freeText->isEnabled();
    return m_filterBar->apply(f);
}

void MainWindow::setCategory(FailureCategory category)
{
    const bool changed = category != m_category;
    m_category = category;
    updateNotes();
    if (m_counts) {
        const int row = int(std::find(allFailureCategories.begin(), allFailureCategories.end(), category)
                            - allFailureCategories.begin());
        if (m_categoryView->currentIndex().row() != row)
            m_categoryView->setCurrentIndex(m_counts->index(row));
    }
    if (changed && engine()) {
        const qint64 now = engine()->now();
        m_counts->refresh(now);
        m_list->setNow(now);
        m_startAtTop = true;
        m_list->setCondition(failureCondition(m_category, filter(), now, categoryClock(engine()->capabilities())));
        updateTitle();
    }
}

void MainWindow::updateTitle()
{
    QString where = tr("not connected");
    if (engine()) {
        if (m_connection.kind == EngineKind::Remote) {
            const QString url = QUrl(m_connection.location).toString(QUrl::RemoveUserInfo);
            where = m_connection.profileName.isEmpty() ? tr("remote: %1").arg(url)
                                                       : tr("%1 — remote: %2").arg(m_connection.profileName, url);
        } else {
            where = tr("built-in: %1").arg(QDir::toNativeSeparators(m_connection.location));
        }
        if (m_connection.readOnly || (m_readOnlyAction && m_readOnlyAction->isChecked()))
            where = tr("%1 (read-only)", "the engine, opened read-only").arg(where);
    }
    const QString page = m_pages && isOverviewShown() ? tr("Overview") : categoryName(m_category);
    setWindowTitle(tr("%1 — %2 — Wow Compensation Inspector").arg(page, where));
    // What the server speaks, once probed: "Wow 9.3 · aggregation · cursor · server clock".
    QString label = where;
    if (engine() && m_connection.kind == EngineKind::Remote && engine()->capabilities().probed) {
        const QString summary = serverSummary(engine()->capabilities());
        if (!summary.isEmpty())
            label = where + u" · "_s + summary;
    }
    m_engineLabel->setFullText(label);
}

void MainWindow::updateRowsLabel()
{
    const qint64 total = m_list->totalCount();
    if (m_list->isCapped()) {
        m_rowsLabel->setFullText(tr("Showing the first %L1 of %L2 failures — the server pages through at most %L1; narrow "
                                "the filter")
                                 .arg(m_list->rowCount())
                                 .arg(total));
    } else {
        m_rowsLabel->setFullText(tr("%L1 failure(s)").arg(total));
    }
}

void MainWindow::setReconnectDelays(int firstMs, int maxMs)
{
    m_reconnectFirstMs = std::max(1, firstMs);
    m_reconnectMaxMs = std::max(m_reconnectFirstMs, maxMs);
}

void MainWindow::goOffline(const EngineError &error)
{
    if (!m_offline) {
        m_offline = true;
        m_offlineSince = QDateTime::currentDateTime();
        m_reconnectDelayMs = m_reconnectFirstMs;
        showStatus(tr("Connection lost: %1 does not answer.").arg(m_connection.location));
    }
    m_offlineReason = error.errorMsg.isEmpty() ? error.errorCode : error.errorMsg;
    m_list->setStale(true);
    m_counts->setStale(true);
    const QString since = m_offlineSince.toString(u"HH:mm:ss"_s);
    m_actions->setOffline(tr("The server does not answer (since %1): actions come back when it does.").arg(since));
    if (!m_details->executionId().isEmpty())
        m_details->setNotice(tr("Not connected: these details were read before %1.").arg(since));
    if (!m_reconnectTimer->isActive() && !m_reconnecting)
        m_reconnectTimer->start(m_reconnectDelayMs);
    updateOfflineBanner();
}

void MainWindow::updateOfflineBanner()
{
    const QString lastRead = m_lastGoodRead.isValid() ? m_lastGoodRead.toString(u"HH:mm:ss"_s) : tr("never");
    const QString next = m_reconnecting ? tr("Trying to reconnect…")
                                        : tr("Trying again in %n s.", nullptr,
                                             int(std::max<qint64>(1, (m_reconnectTimer->remainingTime() + 999) / 1000)));
    // The banner only: it is rewritten every second, and the status bar keeps its own messages.
    m_page->showProblem(tr("Connection lost: %1 is not answering since %2 (%3). The list and counts shown were read at %4 "
                           "(greyed); actions are off. %5")
                   .arg(m_connection.location, m_offlineSince.toString(u"HH:mm:ss"_s), m_offlineReason, lastRead, next));
}

void MainWindow::tryReconnect()
{
    if (!engine() || !m_offline)
        return;
    m_reconnectTimer->stop();
    m_reconnecting = true;
    updateOfflineBanner();
    const auto reply = m_reconnectReply.begin();
    delivered(this, engine()->countSnapshots(Condition::all()))
        .then(this, reply([this](qint64) {
                  m_reconnecting = false;
                  goOnline();
              }))
        .onFailed(this, reply([this](const EngineError &e) {
            m_reconnecting = false;
            if (!e.isConnectionError()) { // it answered: the connection is back
                goOnline();
                return;
            }
            m_offlineReason = e.errorMsg.isEmpty() ? e.errorCode : e.errorMsg;
            m_reconnectDelayMs = std::min(m_reconnectDelayMs * 2, m_reconnectMaxMs);
            m_reconnectTimer->start(m_reconnectDelayMs);
            updateOfflineBanner();
        }));
}

void MainWindow::goOnline()
{
    if (!m_offline)
        return;
    m_offline = false;
    m_reconnectTimer->stop();
    m_actions->setOffline({});
    m_details->setNotice({});
    hideBanner();
    showStatus(tr("Connected again to %1 (it did not answer from %2 to %3).")
                   .arg(m_connection.location, m_offlineSince.toString(u"HH:mm:ss"_s),
                        QDateTime::currentDateTime().toString(u"HH:mm:ss"_s)));
    refresh();
}

void MainWindow::showBanner(const QString &text)
{
    m_page->showProblem(text);
    statusBar()->showMessage(text, 8000);
}

void MainWindow::hideBanner()
{
    m_page->hideProblem();
}

QString MainWindow::problem() const
{
    return m_page->problem();
}

Condition MainWindow::listCondition() const
{
    return m_list ? m_list->condition() : Condition::all();
}

qint64 MainWindow::listTotal() const
{
    return m_list ? m_list->totalCount() : 0;
}

void MainWindow::selectFailure(const QString &executionId)
{
    m_selectedId = executionId;
    showList();
    m_details->showFailure(executionId);
    if (m_list && m_list->hasResult())
        reconcileSelection();
}

void MainWindow::restoreSelection()
{
    if (m_selectedId.isEmpty() || !m_list)
        return;
    const int row = m_list->rowOf(m_selectedId);
    if (row < 0)
        return;
    m_inViewReply.cancel();
    m_details->setNotice({});
    const QModelIndex index = m_list->index(row, FailureListModel::ExecutionId);
    if (m_table->currentIndex().row() == row && m_table->selectionModel()->isRowSelected(row))
        return;
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void MainWindow::openById(const QString &id)
{
    if (!engine() || id.trimmed().isEmpty())
        return;
    m_locatedSearch = id.trimmed();
    m_locator->locate(id);
}

void MainWindow::openByIdWhenConnected(const QString &id)
{
    if (engine()) {
        openById(id);
        return;
    }
    auto *once = new QObject(this);
    connect(this, &MainWindow::connectionChanged, once, [this, once, id] {
        if (!engine())
            return;
        delete once;
        openById(id);
    });
}

void MainWindow::searchElsewhereIfEmpty()
{
    // An id typed into the search box that the current category does not hold is looked up in
    // every category (once per text).
    const QString text = m_search->text().trimmed();
    if (m_list->rowCount() != 0 || !looksLikeId(text) || text == m_locatedSearch || m_freeText->isChecked())
        return;
    if (!filtersApply(m_category))
        return; // Deleted shows every deleted failure whatever the search
    openById(text);
}

void MainWindow::showLocated(const LocatedFailure &f)
{
    // Show it where it is: its category, the filters cleared, the id as the search (so the list
    // holds it on its first page), and select it.
    showList();
    m_group.reset();
    m_groupLabel.clear();
    m_page->hideGroup();
    m_filterBar->setFilter({});
    m_search->blockSignals(true);
    m_search->setText(f.id);
    m_search->blockSignals(false);
    m_searchTimer->stop();
    // The new selection replaces the old one: a row change still waiting to be shown must not
    // bring the old failure back.
    m_selectionTimer->stop();
    if (m_table->selectionModel())
        m_table->selectionModel()->clear();
    m_selectedId = f.snapshot.aggregateId;
    m_details->setNotice({});
    m_details->showFailure(f.snapshot.aggregateId);
    if (f.category != m_category)
        setCategory(f.category);
    else
        applyFilter();
    const QString where = categoryName(f.category);
    showStatus(f.matches > 1 ? tr("%1 names %2 failures; showing the newest, %3, in %4.").arg(f.id).arg(f.matches).arg(f.snapshot.aggregateId, where)
                             : tr("Opened %1 in %2.").arg(f.snapshot.aggregateId, where));
}

void MainWindow::reconcileSelection()
{
    if (m_selectedId.isEmpty() || !m_list || !engine())
        return;
    if (m_list->rowOf(m_selectedId) >= 0) {
        restoreSelection();
        return;
    }
    // Not among the loaded rows: nothing is selected in the list, so every action is off until
    // the engine says whether the failure is in this view at all.
    const auto reply = m_inViewReply.begin();
    const QString id = m_selectedId;
    const QString view = categoryName(m_category);
    delivered(this, engine()->countSnapshots(Condition::and_({m_list->condition(), Condition::id(id)})))
        .then(this, reply([this, id, view](qint64 count) {
                  if (id != m_selectedId)
                      return; // another failure was chosen meanwhile
                  if (count > 0) {
                      m_details->setNotice(tr("%1 is in this view but not among the loaded rows. Select it in the "
                                              "list to act on it.")
                                               .arg(id));
                      return;
                  }
                  m_selectedId.clear();
                  m_details->clear();
                  m_details->setNotice(tr("%1 is not in this view (%2 with the current search and filters). "
                                          "Select a failure in the list.")
                                           .arg(id, view));
              }))
        .onFailed(this, reply([this, id](const EngineError &) {
            if (id == m_selectedId)
                m_details->setNotice(tr("%1 is not selected in the list; select it there to act on it.").arg(id));
        }));
}

void MainWindow::onCurrentRowChanged()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid())
        return; // a reset: keep showing the failure that was selected
    const QString id = m_list->data(m_list->index(current.row(), 0), FailureListModel::IdRole).toString();
    if (id.isEmpty())
        return; // its page is on its way
    m_selectedId = id;
    m_inViewReply.cancel();
    m_details->setNotice({});
    m_details->showFailure(id);
}

QList<Snapshot> MainWindow::selectedSnapshots() const
{
    return m_page->selectedSnapshots();
}

QList<FunctionInfo> MainWindow::knownFunctions() const
{
    QList<FunctionInfo> out;
    QSet<QString> seen;
    if (!m_list)
        return out;
    for (int r = 0; r < std::min(m_list->rowCount(), 2000); ++r) {
        const auto s = m_list->stateAt(r);
        if (!s)
            continue;
        const QString key = s->function.toKotlinString();
        if (!seen.contains(key)) {
            seen.insert(key);
            out.append(s->function);
        }
    }
    return out;
}

void MainWindow::showStatus(const QString &text)
{
    statusBar()->showMessage(text, 6000);
}

void MainWindow::copySelectedIds()
{
    if (!m_list)
        return;
    // Ctrl+C inside a text field copies its text, not the rows.
    if (auto *w = QApplication::focusWidget(); w && w != m_table && !m_table->isAncestorOf(w)) {
        if (auto *le = qobject_cast<QLineEdit *>(w)) {
            le->copy();
            return;
        }
    }
    QStringList ids;
    for (int r : m_page->selectedRows()) {
        const QString id = m_list->data(m_list->index(r, 0), FailureListModel::IdRole).toString();
        if (!id.isEmpty())
            ids.append(id);
    }
    if (ids.isEmpty())
        return;
    QApplication::clipboard()->setText(ids.join(u'\n'));
    statusBar()->showMessage(tr("Copied %n execution id(s)", nullptr, int(ids.size())), 3000);
}

void MainWindow::copyLinkToFailure()
{
    const QList<Snapshot> selected = selectedSnapshots();
    if (selected.size() != 1 || !engine())
        return;
    const QString where = m_connection.kind == EngineKind::Builtin ? m_connection.location : QString();
    const QString server = m_connection.kind == EngineKind::Remote
        ? (m_connection.profileName.isEmpty() ? m_connection.location : m_connection.profileName)
        : QString();
    const QString link = linkForFailure(selected.first().aggregateId, where, server).toString();
    QApplication::clipboard()->setText(link);
    statusBar()->showMessage(tr("Copied %1").arg(link), 4000);
}

void MainWindow::copySelectedRowsAsCsv()
{
    if (!m_list)
        return;
    const QList<int> rows = m_page->selectedRows();
    if (rows.isEmpty())
        return;
    QApplication::clipboard()->setText(m_list->toCsv(rows));
    statusBar()->showMessage(tr("Copied %n row(s) as CSV", nullptr, int(rows.size())), 3000);
}

void MainWindow::setAutoRefreshSeconds(int seconds)
{
    if (seconds > 0)
        m_autoRefresh->start(seconds * 1000);
    else
        m_autoRefresh->stop();
    for (auto *a : m_autoRefreshGroup->actions())
        a->setChecked(a->data().toInt() == seconds);
    m_autoRefreshBox->setCurrentIndex(std::max(0, m_autoRefreshBox->findData(seconds)));
    m_settings->setAutoRefreshSeconds(seconds);
}

void MainWindow::setUtc(bool utc)
{
    m_utc = utc;
    if (m_utcAction->isChecked() != utc)
        m_utcAction->setChecked(utc);
    if (m_list)
        m_list->setUtc(utc);
    m_details->setUtc(utc);
    m_filterBar->setUtc(utc);
    m_zoneLabel->setText(utc ? tr("Times in UTC") : tr("Times in local time (%1)").arg(QString::fromUtf8(QTimeZone::systemTimeZoneId())));
    m_settings->setUtc(utc);
}

QList<SavedView> MainWindow::savedViews() const
{
    return m_views->views();
}

void MainWindow::saveView(const QString &name)
{
    m_views->save(SavedView{name, m_category, filter()});
    refreshSavedViews();
    m_viewsBox->setCurrentIndex(m_viewsBox->findText(name));
    statusBar()->showMessage(tr("Saved view \"%1\"").arg(name), 4000);
}

void MainWindow::setGroupFilter(const Condition &condition, const QString &label)
{
    m_group = condition;
    m_groupLabel = label;
    m_page->showGroup(label);
    applyFilter();
}

void MainWindow::clearGroupFilter()
{
    m_group.reset();
    m_groupLabel.clear();
    m_page->hideGroup();
    applyFilter();
}

void MainWindow::showGroups()
{
    if (!engine())
        return;
    auto *v = new GroupsView(this);
    v->setAttribute(Qt::WA_DeleteOnClose);
    connect(this, &MainWindow::connectionChanged, v, &QWidget::close);
    v->show();
}

void MainWindow::showCharts()
{
    if (!engine())
        return;
    // Docked beside the list it filters (a separate window covered it); it can be floated.
    if (m_chartsDock) {
        m_chartsDock->show();
        m_chartsDock->raise();
        return;
    }
    auto *v = new ChartsView(this);
    v->setWindowFlags(Qt::Widget);
    m_chartsDock = new QDockWidget(tr("Charts"), this);
    m_chartsDock->setObjectName(u"chartsDock"_s);
    m_chartsDock->setAttribute(Qt::WA_DeleteOnClose);
    auto *scroll = new QScrollArea; // the charts scroll: a dock must not make the window outgrow a laptop
    scroll->setWidgetResizable(true);
    scroll->setWidget(v);
    m_chartsDock->setWidget(scroll);
    addDockWidget(Qt::RightDockWidgetArea, m_chartsDock);
    resizeDocks({m_chartsDock}, {width() * 2 / 5}, Qt::Horizontal);
    connect(this, &MainWindow::connectionChanged, m_chartsDock, &QWidget::close); // they were of that engine
    v->show();
}

void MainWindow::setFilter(const FailureFilter &filter)
{
    m_search->blockSignals(true);
    m_search->setText(filter.search);
    m_search->blockSignals(false);
    m_filterBar->setFilter(filter);
    applyFilter();
}

void MainWindow::showExport()
{
    if (!engine())
        return;
    auto *d = new ExportDialog(this, m_audit);
    d->setAttribute(Qt::WA_DeleteOnClose);
    d->show();
}

StorageDialog *MainWindow::showStorage()
{
    LocalStorage *storage = m_connection.storage();
    if (!storage) {
        showBanner(tr("Database properties are those of a built-in database file; this connection is to a server."));
        return nullptr;
    }
    if (m_storageDialog) {
        m_storageDialog->raise();
        m_storageDialog->activateWindow();
        return m_storageDialog;
    }
    auto *d = new StorageDialog(storage, m_connection.readOnly || engine()->capabilities().readOnly, this);
    d->setAttribute(Qt::WA_DeleteOnClose);
    m_storageDialog = d;
    d->show();
    return d;
}

QDialog *MainWindow::importFiles(const QStringList &files)
{
    StreamImporter *importer = m_connection.importer();
    if (!importer || m_connection.readOnly || engine()->capabilities().readOnly) {
        showBanner(tr("Import goes into a built-in database opened for writing; open or create one first (File › New "
                      "database)."));
        return nullptr;
    }
    auto *d = new ImportDialog(importer, files, this);
    d->setAttribute(Qt::WA_DeleteOnClose);
    connect(d, &ImportDialog::done, this, &MainWindow::refresh);
    d->show();
    return d;
}

void MainWindow::applySavedView(const SavedView &view)
{
    m_group = view.filter.group;
    m_groupLabel = view.filter.groupLabel;
    if (m_group)
        m_page->showGroup(m_groupLabel);
    else
        m_page->hideGroup();
    m_search->blockSignals(true);
    m_search->setText(view.filter.search);
    m_search->blockSignals(false);
    m_freeText->blockSignals(true);
    m_freeText->setChecked(view.filter.freeText && m_freeText->isEnabled());
    m_freeText->blockSignals(false);
    m_filterBar->setFilter(view.filter);
    if (view.category != m_category)
        setCategory(view.category);
    else
        applyFilter();
}

void MainWindow::refreshSavedViews()
{
    m_viewsBox->clear();
    m_viewsBox->addItem(tr("Saved views…"));
    for (const auto &v : savedViews())
        m_viewsBox->addItem(v.name);
    m_deleteViewAction->setEnabled(m_viewsBox->count() > 1);
}

void MainWindow::showShortcuts()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Keyboard shortcuts"));
    auto *table = new QTableWidget(&dialog);
    table->setTabKeyNavigation(false);
    table->setColumnCount(2);
    table->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut")});
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    QList<QAction *> all = {m_openAction, m_openByIdAction, m_openReadOnlyAction, m_newAction, m_connectAction, m_quitAction,
                            m_copyAction, m_copyCsvAction, m_copyLinkAction, m_findAction, m_freeText, m_clearSearchAction,
                            m_refreshAction, m_utcAction, m_detailsAction, m_saveViewAction, m_shortcutsAction,
                            m_auditAction, m_groupsAction, m_exportAction, m_importAction, m_chartsAction};
    for (auto k : {ActionKind::Prepare, ActionKind::ForcePrepare, ActionKind::Delete})
        all.append(m_actions->action(k));
    all += m_categoryActions;
    for (auto *a : all) {
        const int r = table->rowCount();
        table->insertRow(r);
        table->setItem(r, 0, new QTableWidgetItem(a->text().remove(u'&')));
        table->setItem(r, 1, new QTableWidgetItem(a->shortcut().toString(QKeySequence::NativeText)));
    }
    const int r = table->rowCount();
    table->insertRow(r);
    table->setItem(r, 0, new QTableWidgetItem(tr("Move in the list")));
    table->setItem(r, 1, new QTableWidgetItem(tr("Arrows, Page Up/Down, Home/End")));
    table->resizeColumnsToContents();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(table);
    layout->addWidget(buttons);
    // Wide enough for the longest name and shortcut, whatever the font or language.
    const int width = table->horizontalHeader()->length() + table->verticalScrollBar()->sizeHint().width() + 48;
    dialog.resize(std::max(width, textWidth(&dialog, 60)),
                  std::min(dialogSize(&dialog, 0, 40).height(), table->verticalHeader()->length() + textHeight(&dialog, 7)));
    dialog.exec();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_settings->setWindowGeometry(saveGeometry(), saveState());
    for (QSplitter *sp : std::as_const(m_splitters))
        m_settings->setSplitterState(sp->objectName(), sp->saveState());
    QMainWindow::closeEvent(event);
}

// View › Language: the system's or one with a translation, each named in its own language. The
// choice is kept and takes effect at the next start (menus and models read their words once).
QMenu *MainWindow::languageMenu()
{
    auto *menu = new QMenu(tr("&Language"), this);
    menu->setObjectName(u"languageMenu"_s);
    auto *group = new QActionGroup(menu);
    const QString current = m_settings->language();
    const auto add = [&](const QString &code, const QString &text) {
        QAction *a = menu->addAction(text);
        a->setObjectName(u"language_"_s + (code.isEmpty() ? u"system"_s : code));
        a->setCheckable(true);
        a->setChecked(code == current);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, code] {
            if (code == m_settings->language())
                return;
            m_settings->setLanguage(code);
            QMessageBox::information(this, tr("Language"), tr("The new language is used from the next start of the inspector."));
        });
    };
    add(QString(), tr("System language"));
    menu->addSeparator();
    for (const QString &code : availableLanguages())
        add(code, languageNativeName(code));
    return menu;
}

} // namespace wci
