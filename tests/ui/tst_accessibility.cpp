// Accessibility basics of the main window: the list, sidebar, search, filter controls and
// detail tabs carry accessible names; each is reached with the keyboard alone; widths follow
// the font rather than fixed pixels.

#include "details_pane.h"
#include "failure_list_model.h"
#include "filter_bar.h"
#include "main_window.h"

#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QListView>
#include <QSettings>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "test_fixtures.h"
#include "window_parts.h"

using namespace wci;
using namespace wci::testing;
using namespace Qt::StringLiterals;

class TestAccessibility : public QObject {
    Q_OBJECT

    QTemporaryDir dir;
    QString db;

    std::unique_ptr<MainWindow> openWindow(QSettings *settings, MemorySecretStore *secrets)
    {
        auto w = std::make_unique<MainWindow>(settings, secrets);
        w->resize(1366, 768);
        w->setConnection(builtinConnection(db));
        w->showList(); // the list page (the overview's parts are checked on their own)
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get()))
            return nullptr;
        QApplication::setActiveWindow(w.get());
        const bool settled = QTest::qWaitFor([&] { return failureList(w.get())->hasResult() && !failureList(w.get())->isLoading(); }, 10000);
        return settled ? std::move(w) : nullptr;
    }

    // The widgets Tab reaches from `start`, once round the focus chain.
    static QSet<QWidget *> tabChain(QWidget *start)
    {
        QSet<QWidget *> seen;
        start->setFocus(Qt::OtherFocusReason);
        QWidget *at = start;
        for (int i = 0; i < 200; ++i) {
            QTest::keyClick(at, Qt::Key_Tab);
            QWidget *next = QApplication::focusWidget();
            if (!next || seen.contains(next))
                break;
            seen.insert(next);
            at = next;
        }
        return seen;
    }

private slots:
    void initTestCase()
    {
        db = dir.filePath(u"a11y.db"_s);
        QVERIFY(seedDatabase(db, 120, 9).ok());
    }

    void keyPartsHaveAccessibleNames()
    {
        QSettings settings(dir.filePath(u"names.ini"_s), QSettings::IniFormat);
        MemorySecretStore secrets;
        auto w = openWindow(&settings, &secrets);
        QVERIFY(w);
        QVERIFY(!categoryList(w.get())->accessibleName().isEmpty());
        QVERIFY(!failureTable(w.get())->accessibleName().isEmpty());
        QVERIFY(!searchBox(w.get())->accessibleName().isEmpty());
        QVERIFY(!filterBar(w.get())->accessibleName().isEmpty());
        const auto edits = filterBar(w.get())->findChildren<QLineEdit *>();
        const auto boxes = filterBar(w.get())->findChildren<QComboBox *>();
        QVERIFY(edits.size() >= 4 && boxes.size() >= 2);
        for (QWidget *c : edits) {
            if (!c->objectName().startsWith(u"qt_"_s)) // a date edit's own line edit: the date edit has the name
                QVERIFY2(!c->accessibleName().isEmpty(), qPrintable(c->objectName()));
        }
        for (QWidget *c : boxes)
            QVERIFY2(!c->accessibleName().isEmpty(), qPrintable(c->objectName()));
        auto *tabs = w->findChild<QTabWidget *>(u"detailsTabs"_s);
        QVERIFY(tabs);
        QVERIFY(!tabs->accessibleName().isEmpty());
        for (int i = 0; i < tabs->count(); ++i)
            QCOMPARE(tabs->widget(i)->accessibleName(), tabs->tabText(i).remove(u'&'));
    }

    void everyPartIsReachedByKeyboard()
    {
        QSettings settings(dir.filePath(u"keys.ini"_s), QSettings::IniFormat);
        MemorySecretStore secrets;
        auto w = openWindow(&settings, &secrets);
        QVERIFY(w);
        failureTable(w.get())->selectRow(0); // the detail tabs are enabled with a failure shown
        auto *tabs = w->findChild<QTabWidget *>(u"detailsTabs"_s);
        QTRY_VERIFY_WITH_TIMEOUT(tabs->isEnabled(), 10000);
        const QSet<QWidget *> reached = tabChain(searchBox(w.get()));
        QVERIFY(reached.contains(categoryList(w.get())));
        QVERIFY(reached.contains(failureTable(w.get())));
        QVERIFY(reached.contains(tabs->tabBar()));
        for (QWidget *c : filterBar(w.get())->findChildren<QLineEdit *>())
            QVERIFY2(!c->isVisibleTo(w.get()) || reached.contains(c), qPrintable(c->objectName()));
        for (QWidget *c : filterBar(w.get())->findChildren<QComboBox *>())
            QVERIFY2(reached.contains(c), qPrintable(c->objectName()));
        // Ctrl+F comes back to the search from anywhere.
        failureTable(w.get())->setFocus();
        QTest::keyClick(w.get(), Qt::Key_F, Qt::ControlModifier);
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(searchBox(w.get())));
    }

    void widthsFollowTheFont()
    {
        QSettings settings(dir.filePath(u"font.ini"_s), QSettings::IniFormat);
        MemorySecretStore secrets;
        const QFont original = QApplication::font();
        auto normal = openWindow(&settings, &secrets);
        QVERIFY(normal);
        const int message = failureTable(normal.get())->columnWidth(FailureListModel::ErrorMessage);
        const int sidebar = categoryList(normal.get())->minimumWidth();
        normal.reset();
        QFont big = original;
        big.setPointSizeF(original.pointSizeF() * 1.6);
        QApplication::setFont(big);
        auto large = openWindow(&settings, &secrets);
        QApplication::setFont(original);
        QVERIFY(large);
        QVERIFY2(failureTable(large.get())->columnWidth(FailureListModel::ErrorMessage) > message * 1.3,
                 qPrintable(QString::number(message)));
        QVERIFY(categoryList(large.get())->minimumWidth() > sidebar * 1.3);
    }
};

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
