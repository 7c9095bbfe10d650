// The theme: Light and Dark give Fusion with a complete palette whatever the desktop has, and
// System gives the start back; every tone is readable on its palette; labels, style sheets,
// models and the stack trace take the new colours when the theme switches; View › Theme is
// kept in the settings and applied when chosen.

#include "app_settings.h"
#include "audit_model.h"
#include "main_window.h"
#include "stack_trace_view.h"
#include "state_diff_model.h"
#include "theme.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QFrame>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStyle>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

#include "test_fixtures.h"
#include "test_printers.h"

using namespace wci;
using namespace wci::testing;
using namespace Qt::StringLiterals;
using theme::Scheme;
using theme::Tone;

namespace {
const QList<Tone> kTextTones = {Tone::Danger, Tone::Success, Tone::Info, Tone::Note, Tone::Muted, Tone::Faint};
const QList<Tone> kChartTones = {Tone::ChartSucceeded, Tone::ChartPrepared,  Tone::ChartFailed, Tone::ChartErrorCodes,
                                 Tone::ChartProcessors, Tone::ChartFunctions, Tone::ChartRetries};

QColor windowText(const QWidget &w)
{
    return w.palette().color(QPalette::Active, QPalette::WindowText);
}

QColor appColor(QPalette::ColorRole role)
{
    return QApplication::palette().color(QPalette::Active, role);
}

// Widgets take a new application palette from a posted event, as they do in the event loop.
void switchTheme(ThemeMode mode)
{
    applyTheme(mode);
    QCoreApplication::processEvents();
}

// The foreground of the highlighter's format at the start of a block.
QColor blockForeground(const QTextBlock &block)
{
    for (const QTextLayout::FormatRange &r : block.layout()->formats()) {
        if (r.start == 0)
            return r.format.foreground().color();
    }
    return {};
}
} // namespace

class TestTheme : public QObject {
    Q_OBJECT

    QTemporaryDir dir;
    QString startStyle;
    QPalette startPalette;

private slots:
    void initTestCase()
    {
        startStyle = QApplication::style()->name();
        startPalette = QApplication::palette();
        QVERIFY(!theme::isDark()); // the offscreen desktop is light
    }

    void cleanup() { applyTheme(ThemeMode::System); }

    void darkGivesADarkPaletteAndSystemTheStart()
    {
        applyTheme(ThemeMode::Dark);
        QCOMPARE(currentThemeMode(), ThemeMode::Dark);
        QCOMPARE(QApplication::style()->name().toLower(), u"fusion"_s);
        QVERIFY(appColor(QPalette::Window).lightness() < 128);
        QVERIFY(appColor(QPalette::WindowText).lightness() > 128);
        QVERIFY(theme::isDark());
        const QColor danger = theme::color(Tone::Danger);
        QCOMPARE(danger, theme::color(Tone::Danger, Scheme::Dark));
        QVERIFY(danger != theme::color(Tone::Danger, Scheme::Light));
        QVERIFY2(theme::contrastRatio(danger, appColor(QPalette::Base)) >= 4.5,
                 qPrintable(QString::number(theme::contrastRatio(danger, appColor(QPalette::Base)))));
        QVERIFY(theme::contrastRatio(danger, appColor(QPalette::Window)) >= 4.5);

        applyTheme(ThemeMode::Light);
        QVERIFY(!theme::isDark());
        QCOMPARE(theme::color(Tone::Danger), theme::color(Tone::Danger, Scheme::Light));
        QCOMPARE(appColor(QPalette::Window), theme::palette(Scheme::Light).color(QPalette::Window));

        applyTheme(ThemeMode::Dark);
        applyTheme(ThemeMode::System);
        QCOMPARE(QApplication::style()->name(), startStyle);
        for (auto role : {QPalette::Window, QPalette::WindowText, QPalette::Base, QPalette::Text, QPalette::Highlight})
            QCOMPARE(appColor(role), startPalette.color(QPalette::Active, role));
    }

    // Every role in every group, so nothing falls back to the desktop's colours.
    void palettesAreComplete()
    {
        for (Scheme scheme : {Scheme::Light, Scheme::Dark}) {
            const QPalette p = theme::palette(scheme);
            for (auto group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled}) {
                for (int role = 0; role < QPalette::NColorRoles; ++role) {
                    if (role == QPalette::NoRole)
                        continue;
                    QVERIFY2(p.isBrushSet(group, QPalette::ColorRole(role)),
                             qPrintable(u"scheme %1, group %2, role %3"_s.arg(int(scheme)).arg(int(group)).arg(role)));
                }
            }
            QCOMPARE(theme::isDark(p), scheme == Scheme::Dark);
            // Text readable on the base and window, and in tool tips; disabled text dimmer.
            QVERIFY(theme::contrastRatio(p.color(QPalette::Text), p.color(QPalette::Base)) >= 7);
            QVERIFY(theme::contrastRatio(p.color(QPalette::WindowText), p.color(QPalette::Window)) >= 7);
            QVERIFY(theme::contrastRatio(p.color(QPalette::ToolTipText), p.color(QPalette::ToolTipBase)) >= 7);
            QVERIFY(theme::contrastRatio(p.color(QPalette::HighlightedText), p.color(QPalette::Highlight)) >= 4.5);
            QVERIFY(theme::contrastRatio(p.color(QPalette::Link), p.color(QPalette::Base)) >= 4.5);
            QVERIFY(theme::contrastRatio(p.color(QPalette::PlaceholderText), p.color(QPalette::Base)) >= 4.5);
            QVERIFY(theme::contrastRatio(p.color(QPalette::Disabled, QPalette::Text), p.color(QPalette::Base))
                    < theme::contrastRatio(p.color(QPalette::Active, QPalette::Text), p.color(QPalette::Base)));
        }
    }

    // WCAG: text 4.5:1 against what it is drawn on; bars 3:1 against the plot's background.
    void tonesAreReadable()
    {
        const auto check = [](const QColor &fg, const QColor &bg, double minimum, const QString &what) {
            const double ratio = theme::contrastRatio(fg, bg);
            QVERIFY2(ratio >= minimum, qPrintable(u"%1: %2 on %3 is %4:1"_s.arg(what, fg.name(), bg.name()).arg(ratio, 0, 'f', 2)));
        };
        for (Scheme scheme : {Scheme::Light, Scheme::Dark}) {
            const QPalette p = theme::palette(scheme);
            const QColor base = p.color(QPalette::Base), window = p.color(QPalette::Window), text = p.color(QPalette::Text);
            const QString name = scheme == Scheme::Dark ? u"dark"_s : u"light"_s;
            for (Tone tone : kTextTones) {
                check(theme::color(tone, scheme), base, 4.5, u"%1 tone %2 on base"_s.arg(name).arg(int(tone)));
                check(theme::color(tone, scheme), window, 4.5, u"%1 tone %2 on window"_s.arg(name).arg(int(tone)));
                check(theme::color(tone, scheme), p.color(QPalette::AlternateBase), 4.5, u"%1 tone %2 on alternate rows"_s.arg(name).arg(int(tone)));
            }
            for (Tone badge : {Tone::BadgeNeutral, Tone::BadgeSuccess, Tone::BadgeDanger, Tone::BadgeInfo})
                check(theme::color(Tone::BadgeText, scheme), theme::color(badge, scheme), 4.5, name + u" badge"_s);
            check(theme::color(Tone::BannerText, scheme), theme::color(Tone::BannerBackground, scheme), 4.5, name + u" banner"_s);
            check(text, theme::color(Tone::ChipBackground, scheme), 4.5, name + u" chip"_s);
            check(text, theme::color(Tone::ChangedRowBackground, scheme), 4.5, name + u" changed row"_s);
            check(text, theme::color(Tone::SearchMatchBackground, scheme), 4.5, name + u" search match"_s);
            check(theme::color(Tone::AppFrame, scheme), theme::color(Tone::AppFrameBackground, scheme), 4.5, name + u" app frame"_s);
            check(theme::color(Tone::AppFrame, scheme), base, 4.5, name + u" app frame on base"_s);
            for (Tone tone : kChartTones)
                check(theme::color(tone, scheme), base, 3, u"%1 chart tone %2"_s.arg(name).arg(int(tone)));
            // Dark values differ from light ones where the palette's background does.
            QVERIFY(theme::color(Tone::Danger, Scheme::Dark) != theme::color(Tone::Danger, Scheme::Light));
        }
    }

    void labelToneFollowsTheTheme()
    {
        QWidget window;
        auto *label = new QLabel(u"Could not load"_s, &window);
        auto *plain = new QLabel(u"plain"_s, &window);
        theme::setTone(label, Tone::Danger);
        QCOMPARE(windowText(*label), theme::color(Tone::Danger, Scheme::Light));
        switchTheme(ThemeMode::Dark);
        QCOMPARE(windowText(*label), theme::color(Tone::Danger, Scheme::Dark));
        QCOMPARE(label->palette().color(QPalette::Active, QPalette::Text), theme::color(Tone::Danger, Scheme::Dark));
        QVERIFY(theme::contrastRatio(windowText(*label), label->palette().color(QPalette::Window)) >= 4.5);
        // The rest of the label's palette, and a label without a tone, follow the theme.
        QCOMPARE(label->palette().color(QPalette::Window), appColor(QPalette::Window));
        QCOMPARE(windowText(*plain), appColor(QPalette::WindowText));
        // Another tone, then none: the palette's own text colour.
        theme::setTone(label, Tone::Success);
        QCOMPARE(windowText(*label), theme::color(Tone::Success, Scheme::Dark));
        theme::clearTone(label);
        QCOMPARE(windowText(*label), appColor(QPalette::WindowText));
        switchTheme(ThemeMode::Light);
        QCOMPARE(windowText(*label), appColor(QPalette::WindowText));
        // A toned editor too (Text is its foreground).
        QPlainTextEdit edit;
        theme::setTone(&edit, Tone::Danger);
        QCOMPARE(edit.palette().color(QPalette::Active, QPalette::Text), theme::color(Tone::Danger, Scheme::Light));
        switchTheme(ThemeMode::Dark);
        QCOMPARE(edit.palette().color(QPalette::Active, QPalette::Text), theme::color(Tone::Danger, Scheme::Dark));
    }

    void styleSheetAndCallbacksFollowTheTheme()
    {
        QFrame banner;
        theme::setToneStyleSheet(&banner, u"QFrame { background: %1; border: 1px solid %2; }"_s,
                                 {Tone::BannerBackground, Tone::BannerBorder});
        const auto sheet = [](Scheme s) {
            return u"QFrame { background: %1; border: 1px solid %2; }"_s.arg(theme::color(Tone::BannerBackground, s).name(),
                                                                             theme::color(Tone::BannerBorder, s).name());
        };
        QCOMPARE(banner.styleSheet(), sheet(Scheme::Light));
        int calls = 0;
        QColor seen;
        theme::follow(&banner, [&] {
            ++calls;
            seen = theme::color(Tone::ChartFailed);
        });
        QCOMPARE(calls, 1);
        QCOMPARE(seen, theme::color(Tone::ChartFailed, Scheme::Light));
        applyTheme(ThemeMode::Dark);
        QCOMPARE(banner.styleSheet(), sheet(Scheme::Dark));
        QVERIFY(calls >= 2);
        QCOMPARE(seen, theme::color(Tone::ChartFailed, Scheme::Dark));
        QCOMPARE(theme::span(Tone::Muted, u"x"_s), u"<span style='color:%1'>x</span>"_s.arg(theme::color(Tone::Muted, Scheme::Dark).name()));
    }

    // Models answer with the colours of the palette at paint time.
    void modelsPaintInTheThemesColours()
    {
        StateDiffModel diff;
        diff.setStates(QJsonObject{{u"retries"_s, 2}}, QJsonObject{{u"retries"_s, 1}});
        int changed = -1;
        for (int row = 0; row < diff.rowCount(); ++row) {
            if (diff.index(row, 0).data(StateDiffModel::ChangedRole).toBool())
                changed = row;
        }
        QVERIFY(changed >= 0);
        const auto background = [&] { return diff.index(changed, 0).data(Qt::BackgroundRole).value<QBrush>().color(); };
        QCOMPARE(background(), theme::color(Tone::ChangedRowBackground, Scheme::Light));

        AuditModel audit;
        AuditEntry failed;
        failed.outcome = AuditOutcome::Failed;
        audit.setEntries({failed});
        const auto outcome = [&] { return audit.index(0, AuditModel::Outcome).data(Qt::ForegroundRole).value<QBrush>().color(); };
        QCOMPARE(outcome(), theme::color(Tone::Danger, Scheme::Light));

        applyTheme(ThemeMode::Dark);
        QCOMPARE(background(), theme::color(Tone::ChangedRowBackground, Scheme::Dark));
        QVERIFY(theme::contrastRatio(background(), appColor(QPalette::Text)) >= 4.5);
        QCOMPARE(outcome(), theme::color(Tone::Danger, Scheme::Dark));
    }

    void stackTraceIsHighlightedAgain()
    {
        StackTraceView view;
        view.setStackTrace(u"java.lang.IllegalStateException: boom\n\tat java.base/java.lang.Thread.run(Thread.java:833)\n"_s);
        const QTextBlock first = view.editor()->document()->firstBlock();
        QCOMPARE(blockForeground(first), theme::color(Tone::Danger, Scheme::Light));
        QCOMPARE(blockForeground(first.next()), theme::color(Tone::Faint, Scheme::Light));
        applyTheme(ThemeMode::Dark);
        QCOMPARE(blockForeground(view.editor()->document()->firstBlock()), theme::color(Tone::Danger, Scheme::Dark));
        QCOMPARE(blockForeground(view.editor()->document()->firstBlock().next()), theme::color(Tone::Faint, Scheme::Dark));
    }

    void settingRoundTrips()
    {
        const QString file = dir.filePath(u"theme.ini"_s);
        QSettings settings(file, QSettings::IniFormat);
        settings.clear();
        QCOMPARE(AppSettings(&settings).theme(), ThemeMode::System); // the default
        for (ThemeMode mode : {ThemeMode::Dark, ThemeMode::Light, ThemeMode::System}) {
            AppSettings(&settings).setTheme(mode);
            settings.sync();
            QSettings again(file, QSettings::IniFormat);
            QCOMPARE(AppSettings(&again).theme(), mode);
        }
        settings.setValue(u"view/theme"_s, u"sepia"_s); // unknown: the desktop's
        QCOMPARE(AppSettings(&settings).theme(), ThemeMode::System);
    }

    // View › Theme: three exclusive choices, the saved one checked at start; a choice is
    // applied at once and kept.
    void themeMenuIsRestoredAndApplies()
    {
        QSettings settings(dir.filePath(u"window.ini"_s), QSettings::IniFormat);
        settings.clear();
        AppSettings(&settings).setTheme(ThemeMode::Dark);
        MemorySecretStore secrets;
        MainWindow window(&settings, &secrets);
        auto *menu = window.findChild<QMenu *>(u"themeMenu"_s);
        QVERIFY(menu);
        QMenu *view = nullptr;
        for (QAction *a : window.menuBar()->actions()) {
            if (a->menu() && a->menu()->actions().contains(menu->menuAction()))
                view = a->menu();
        }
        QVERIFY(view);
        QCOMPARE(view->title(), u"&View"_s);
        auto *system = window.findChild<QAction *>(u"themeSystem"_s);
        auto *light = window.findChild<QAction *>(u"themeLight"_s);
        auto *dark = window.findChild<QAction *>(u"themeDark"_s);
        QVERIFY(system && light && dark);
        QCOMPARE(menu->actions(), (QList<QAction *>{system, light, dark}));
        QVERIFY(dark->actionGroup() && dark->actionGroup()->isExclusive());
        QVERIFY(dark->isChecked());
        QVERIFY(!light->isChecked() && !system->isChecked());

        light->trigger();
        QVERIFY(light->isChecked() && !dark->isChecked());
        QCOMPARE(AppSettings(&settings).theme(), ThemeMode::Light);
        QCOMPARE(currentThemeMode(), ThemeMode::Light);
        QCOMPARE(appColor(QPalette::Window), theme::palette(Scheme::Light).color(QPalette::Window));
        dark->trigger();
        QCOMPARE(AppSettings(&settings).theme(), ThemeMode::Dark);
        QVERIFY(theme::isDark());
        system->trigger();
        QCOMPARE(AppSettings(&settings).theme(), ThemeMode::System);
        QCOMPARE(QApplication::style()->name(), startStyle);
        QCOMPARE(appColor(QPalette::Window), startPalette.color(QPalette::Active, QPalette::Window));
    }
};

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
