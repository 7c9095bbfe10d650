// The window in Simplified Chinese: the language picked from --lang, the setting or the system;
// the inspector's and Qt's translations loaded; words from the models (categories, columns,
// actions and their reasons) translated too; dates and numbers in the language's locale.

#include "action_rules.h"
#include "app_settings.h"
#include "categories.h"
#include "failure_list_model.h"
#include "failure_text.h"
#include "language.h"
#include "main_window.h"
#include "overview_view.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QToolButton>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "test_clock.h"
#include "test_fixtures.h"
#include "test_wait.h"
#include "window_parts.h"

using namespace wci;
using namespace wci::testing;
using namespace Qt::StringLiterals;

class TestLanguage : public QObject {
    Q_OBJECT

    QTemporaryDir dir;

private slots:
    void codesAreCanonical()
    {
        bool ok = false;
        QCOMPARE(canonicalLanguage(u"zh-CN"_s, &ok), u"zh_CN"_s);
        QVERIFY(ok);
        QCOMPARE(canonicalLanguage(u"ZH"_s, &ok), u"zh_CN"_s);
        QCOMPARE(canonicalLanguage(u"en_GB"_s, &ok), u"en"_s);
        QCOMPARE(canonicalLanguage(u"system"_s, &ok), QString());
        QVERIFY(ok);
        QCOMPARE(canonicalLanguage(QString(), &ok), QString());
        QVERIFY(ok);
        canonicalLanguage(u"fr"_s, &ok);
        QVERIFY(!ok);
        QCOMPARE(resolveLanguage(u"zh_CN"_s), u"zh_CN"_s);
        QCOMPARE(resolveLanguage(u"en"_s), u"en"_s);
        QVERIFY(availableLanguages().contains(resolveLanguage(QString()))); // the system's, or English
    }

    void settingRoundTrips()
    {
        QSettings settings(dir.filePath(u"lang.ini"_s), QSettings::IniFormat);
        AppSettings s(&settings);
        QCOMPARE(s.language(), QString()); // the system's by default
        s.setLanguage(u"zh_CN"_s);
        QCOMPARE(AppSettings(&settings).language(), u"zh_CN"_s);
    }

    // Everything below runs in Chinese: translators cannot be taken back one by one cleanly,
    // so this is the last test function.
    void chineseEverywhere()
    {
        QVERIFY(installTranslations(qApp, u"zh_CN"_s));
        QCOMPARE(QLocale().name(), u"zh_CN"_s);

        // Models and domain words.
        QCOMPARE(categoryName(FailureCategory::ToRetry), u"待重试"_s);
        QCOMPARE(categoryName(FailureCategory::NonRetryable), u"不可重试"_s);
        QCOMPARE(actionInfo(ActionKind::ForcePrepare).title, u"强制重试"_s);
        FailureListModel list(nullptr);
        QCOMPARE(list.headerData(FailureListModel::ErrorCode, Qt::Horizontal).toString(), u"错误码"_s);
        QCOMPARE(formatRelative(kNow + 5 * 60'000, kNow), u"5分钟后"_s);
        QCOMPARE(formatRelative(kNow - 90'000, kNow), u"1分30秒前"_s);
        Snapshot deleted;
        deleted.deleted = true;
        QCOMPARE(availability(ActionKind::Prepare, deleted, kNow, false).reason, u"已删除——请先恢复。"_s);
        // A date in the locale's own order, with seconds; numbers grouped the locale's way.
        QCOMPARE(formatDateTime(kNow, true), u"2026/1/1 00:00:00"_s);
        QCOMPARE(QLocale().toString(1234567), u"1,234,567"_s);

        // Qt's own buttons.
        QDialogButtonBox box(QDialogButtonBox::Cancel);
        QCOMPARE(box.button(QDialogButtonBox::Cancel)->text(), u"取消"_s);

        // The window.
        // With WCI_SCREENSHOT_DIR set, the window is shot for docs/: its database then sits in a
        // plain path, since the status bar shows it.
        const QString out = qEnvironmentVariable("WCI_SCREENSHOT_DIR");
        const QString db = out.isEmpty() ? dir.filePath(u"zh.db"_s) : QDir::temp().filePath(u"demo.db"_s);
        QFile::remove(db);
        QVERIFY(seedDatabase(db, 200, 5).ok());
        QSettings settings(dir.filePath(u"window.ini"_s), QSettings::IniFormat);
        MemorySecretStore secrets;
        MainWindow window(&settings, &secrets);
        window.resize(1366, 768);
        window.setConnection(builtinConnection(db));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QList<QAction *> menus = window.menuBar()->actions();
        QVERIFY(!menus.isEmpty());
        QCOMPARE(menus.first()->text(), u"文件(&F)"_s);
        QVERIFY(window.findChild<QMenu *>(u"languageMenu"_s));
        QTRY_VERIFY_WITH_TIMEOUT(failureList(&window)->hasResult() && !failureList(&window)->isLoading(), 10000);
        // The connection opens on the overview, then the list of the current category.
        QVERIFY2(window.windowTitle().startsWith(u"概览"_s), qPrintable(window.windowTitle()));
        QCOMPARE(window.overview()->card(OverviewCard::ActiveTotal)->accessibleName(), u"活动"_s);
        window.showList();
        QVERIFY(window.windowTitle().startsWith(categoryName(window.category())));
        QCOMPARE(failureList(&window)->headerData(FailureListModel::Status, Qt::Horizontal).toString(), u"状态"_s);

        if (!out.isEmpty()) {
            QVERIFY(QDir().mkpath(out));
            failureTable(&window)->selectRow(0);
            QTRY_VERIFY_WITH_TIMEOUT(detailsPane(&window)->snapshot().has_value(), 10000);
            QTest::qWait(300);
            QVERIFY(window.grab().save(QDir(out).filePath(u"screenshot-zh_CN.png"_s)));
        }
    }
};

QTEST_MAIN(TestLanguage)
#include "tst_language.moc"
