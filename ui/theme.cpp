#include "theme.h"

#include <QApplication>
#include <QEvent>
#include <QPalette>
#include <QPointer>
#include <QStyle>
#include <QVariant>
#include <QWidget>

namespace wci {

using namespace Qt::StringLiterals;

namespace {

constexpr char kToneProperty[] = "wciTone";
constexpr char kToneFollows[] = "wciToneFollows";
constexpr char kSheetProperty[] = "wciToneSheet";
constexpr char kSheetTonesProperty[] = "wciToneSheetTones";
constexpr char kSheetFollows[] = "wciToneSheetFollows";

// Tells every follower when the application palette changed. It watches the application
// object, which receives QEvent::ApplicationPaletteChange once the new palette is in place
// (before the widgets do, so followers read colours from the application palette).
class PaletteWatcher : public QObject {
    Q_OBJECT
public:
    explicit PaletteWatcher(QObject *app) : QObject(app) { app->installEventFilter(this); }

signals:
    void changed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == parent() && event->type() == QEvent::ApplicationPaletteChange)
            emit changed();
        return false;
    }
};

PaletteWatcher *watcher()
{
    static QPointer<PaletteWatcher> w;
    if (!w && QCoreApplication::instance())
        w = new PaletteWatcher(QCoreApplication::instance());
    return w;
}

struct StartState {
    bool captured = false;
    QString style;
    QPalette palette;
    bool paletteSet = false;
};

StartState &startState()
{
    static StartState s;
    return s;
}

ThemeMode g_mode = ThemeMode::System;

void applyTone(QWidget *w)
{
    const QVariant v = w->property(kToneProperty);
    if (!v.isValid())
        return;
    const QColor c = theme::color(theme::Tone(v.toInt()));
    QPalette p = w->palette();
    for (auto group : {QPalette::Active, QPalette::Inactive}) {
        p.setColor(group, QPalette::WindowText, c);
        p.setColor(group, QPalette::Text, c);
    }
    w->setPalette(p);
}

void applySheet(QWidget *w)
{
    const QVariant v = w->property(kSheetProperty);
    if (!v.isValid())
        return;
    QString sheet = v.toString();
    for (const QVariant &t : w->property(kSheetTonesProperty).toList())
        sheet = sheet.arg(theme::colorName(theme::Tone(t.toInt())));
    if (w->styleSheet() != sheet)
        w->setStyleSheet(sheet);
}

} // namespace

QString themeModeKey(ThemeMode mode)
{
    switch (mode) {
    case ThemeMode::Light: return u"light"_s;
    case ThemeMode::Dark: return u"dark"_s;
    case ThemeMode::System: break;
    }
    return u"system"_s;
}

ThemeMode themeModeFromKey(const QString &key)
{
    if (key == u"light"_s)
        return ThemeMode::Light;
    if (key == u"dark"_s)
        return ThemeMode::Dark;
    return ThemeMode::System;
}

void applyTheme(ThemeMode mode)
{
    StartState &start = startState();
    if (!start.captured) {
        start.captured = true;
        start.style = QApplication::style()->name();
        start.paletteSet = QCoreApplication::testAttribute(Qt::AA_SetPalette);
        start.palette = QApplication::palette();
    }
    watcher(); // followers see this change and every later one
    g_mode = mode;
    if (mode == ThemeMode::System) {
        // A style made without the style factory has no name to come back to: it stays.
        if (!start.style.isEmpty() && QApplication::style()->name().compare(start.style, Qt::CaseInsensitive) != 0)
            QApplication::setStyle(start.style);
        // A default palette follows the desktop (and the style) again.
        QApplication::setPalette(start.paletteSet ? start.palette : QPalette());
        return;
    }
    if (QApplication::style()->name().compare(u"fusion"_s, Qt::CaseInsensitive) != 0)
        QApplication::setStyle(u"Fusion"_s);
    QApplication::setPalette(theme::palette(mode == ThemeMode::Dark ? theme::Scheme::Dark : theme::Scheme::Light));
}

ThemeMode currentThemeMode()
{
    return g_mode;
}

namespace theme {

void setTone(QWidget *widget, Tone tone)
{
    widget->setProperty(kToneProperty, int(tone));
    applyTone(widget);
    if (!widget->property(kToneFollows).toBool()) {
        widget->setProperty(kToneFollows, true);
        if (auto *w = watcher())
            QObject::connect(w, &PaletteWatcher::changed, widget, [widget] { applyTone(widget); });
    }
}

void clearTone(QWidget *widget)
{
    if (!widget->property(kToneProperty).isValid())
        return;
    widget->setProperty(kToneProperty, QVariant());
    widget->setPalette(QPalette()); // no role set: the natural palette again
}

void setToneStyleSheet(QWidget *widget, const QString &sheet, const QList<Tone> &tones)
{
    QVariantList t;
    for (Tone tone : tones)
        t.append(int(tone));
    widget->setProperty(kSheetProperty, sheet);
    widget->setProperty(kSheetTonesProperty, t);
    applySheet(widget);
    if (!widget->property(kSheetFollows).toBool()) {
        widget->setProperty(kSheetFollows, true);
        if (auto *w = watcher())
            QObject::connect(w, &PaletteWatcher::changed, widget, [widget] { applySheet(widget); });
    }
}

void follow(QObject *context, std::function<void()> apply)
{
    apply();
    if (auto *w = watcher())
        QObject::connect(w, &PaletteWatcher::changed, context, std::move(apply));
}

} // namespace theme
} // namespace wci

#include "theme.moc"
