#pragma once

// The window's theme and the widgets' colours. `applyTheme()` switches the whole application:
// Light and Dark use the Fusion style with the complete palette of models/theme.h, so they look
// the same on a desktop with no theme engine; System goes back to the style and palette the
// application started with. Colours come from `theme::color(Tone)` (models/theme.h), which
// reads the application palette, so anything that asks for them when it paints follows a
// switch. Widgets that keep a colour (a label's text, a style sheet, a chart, a highlighter)
// take a tone or a callback here and are given the new colours after every palette change
// (a switch, or the desktop's own palette changing under System).

#include "../models/theme.h"

#include <QList>
#include <QString>

#include <functional>

class QObject;
class QWidget;

namespace wci {

enum class ThemeMode { System, Light, Dark };

// The settings value of a mode ("system", "light", "dark") and back (System when unknown).
QString themeModeKey(ThemeMode mode);
ThemeMode themeModeFromKey(const QString &key);

// Switches the application's style and palette. The first call remembers the style and
// palette the application has then, which System restores.
void applyTheme(ThemeMode mode);
ThemeMode currentThemeMode();

namespace theme {

// The widget's text (QPalette::WindowText and Text, active and inactive) in `tone`, kept after
// theme switches. clearTone() gives the widget its natural palette back.
void setTone(QWidget *widget, Tone tone);
void clearTone(QWidget *widget);

// A style sheet whose %1, %2, ... are the colours of `tones`, generated again after every
// palette change. A second call replaces the first.
void setToneStyleSheet(QWidget *widget, const QString &sheet, const QList<Tone> &tones);

// Calls `apply` now and after every change of the application palette, as long as `context`
// lives. For colours kept elsewhere: chart pens, highlighter formats, items, rich text.
void follow(QObject *context, std::function<void()> apply);

} // namespace theme
} // namespace wci
