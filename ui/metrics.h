#pragma once

// Sizes from the font instead of pixels, so the window and its dialogs grow with a larger font
// and leave room for Chinese. `chars` counts average Latin characters, `lines` text lines.

#include <QFontMetrics>
#include <QGuiApplication>
#include <QScreen>
#include <QSize>
#include <QWidget>

namespace wci {

inline int textWidth(const QWidget *w, qreal chars) { return qRound(chars * w->fontMetrics().averageCharWidth()); }
inline int textHeight(const QWidget *w, qreal lines) { return qRound(lines * w->fontMetrics().lineSpacing()); }

// A dialog's first size: `chars` × `lines` of its font, never more than 90 % of the screen it
// opens on (a laptop's 1366×768 included).
inline QSize dialogSize(const QWidget *w, qreal chars, qreal lines)
{
    QSize size(textWidth(w, chars), textHeight(w, lines));
    const QScreen *screen = w->screen() ? w->screen() : QGuiApplication::primaryScreen();
    if (screen)
        size = size.boundedTo(screen->availableSize() * 0.9);
    return size;
}

} // namespace wci
