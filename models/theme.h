#pragma once

// Every colour the inspector draws, as a meaning ("danger", "changed row") with a light and a
// dark value, chosen for contrast against the matching palette (text tones at least 4.5:1
// against the palette's base and window, as WCAG asks of text). `color()` picks the value for
// the current application palette, so a model or widget that asks at paint time follows a
// theme switch. This file and theme.cpp are the only places colours are written down; the
// `no_colour_literals` test keeps it that way. The widget side (the Light / Dark / System
// theme, tones on labels that follow a switch) is ui/theme.h.

#include <QColor>
#include <QPalette>
#include <QString>

namespace wci::theme {

enum class Tone {
    // Text on the palette's window or base colour.
    Danger,   // errors, failed and timed-out failures, refused commands
    Success,  // succeeded failures and commands
    Info,     // an attempt is running
    Note,     // notes that explain (search notes, why an action is off)
    Muted,    // secondary text, deleted failures
    Faint,    // framework frames and "... n more" in a stack trace
    // Status badges: BadgeText on one of the badge backgrounds.
    BadgeText,
    BadgeNeutral,
    BadgeSuccess,
    BadgeDanger,
    BadgeInfo,
    // The problem banner over the list, and the group chip (the palette's text on it).
    BannerBackground,
    BannerBorder,
    BannerText,
    ChipBackground,
    ChipBorder,
    // Item views and the stack trace (the palette's text on the backgrounds).
    ChangedRowBackground,  // a field that changed at this version
    SearchMatchBackground, // a find match in the stack trace
    AppFrame,              // the application's own frames
    AppFrameBackground,
    // Charts: grid lines and one colour per series (bars, not text).
    ChartGrid,
    ChartSucceeded,
    ChartPrepared,
    ChartFailed,
    ChartErrorCodes,
    ChartProcessors,
    ChartFunctions,
    ChartRetries,
};
inline constexpr int kToneCount = int(Tone::ChartRetries) + 1;

enum class Scheme { Light, Dark };

// Whether a palette is dark: its window colour is darker than mid grey.
bool isDark(const QPalette &palette);
// The application palette's scheme (light without a GUI application).
bool isDark();
Scheme currentScheme();

// A tone's value for the current application palette, or for a given scheme.
QColor color(Tone tone);
QColor color(Tone tone, Scheme scheme);
// "#rrggbb" of color(tone), for style sheets and rich text.
QString colorName(Tone tone);
// `html` in a span of the tone's colour (rich text; `html` must be escaped already).
QString span(Tone tone, const QString &html);

// The complete palette of the Light and Dark themes: every role, in the active, inactive and
// disabled groups.
QPalette palette(Scheme scheme);

// WCAG 2 contrast ratio of two colours, 1 (none) to 21 (black on white).
double contrastRatio(const QColor &a, const QColor &b);

} // namespace wci::theme
