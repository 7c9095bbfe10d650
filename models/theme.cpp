#include "theme.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <cmath>

namespace wci::theme {

using namespace Qt::StringLiterals;

namespace {

struct Pair {
    QRgb light;
    QRgb dark;
};

// Light values are checked against the light palette below (base #ffffff, window #efefef),
// dark ones against the dark palette (base #1f1f1f, window #2d2d2d); the theme test asserts the
// contrasts the header promises.
Pair pairOf(Tone tone)
{
    switch (tone) {
    case Tone::Danger: return {0xb71c1c, 0xff8a80};
    case Tone::Success: return {0x27702b, 0x81c784};
    case Tone::Info: return {0x1565c0, 0x64b5f6};
    case Tone::Note: return {0x5d4037, 0xc8ad9c};
    case Tone::Muted: return {0x616161, 0xababab};
    case Tone::Faint: return {0x6b6b6b, 0x979797};
    case Tone::BadgeText: return {0xffffff, 0xffffff};
    case Tone::BadgeNeutral: return {0x616161, 0x5c5c5c};
    case Tone::BadgeSuccess: return {0x27702b, 0x27702b};
    case Tone::BadgeDanger: return {0xc62828, 0xc62828};
    case Tone::BadgeInfo: return {0x1565c0, 0x1565c0};
    case Tone::BannerBackground: return {0xfdecea, 0x3b1e1e};
    case Tone::BannerBorder: return {0xf5c2c0, 0x7a3535};
    case Tone::BannerText: return {0x8a1c1c, 0xffb4a9};
    case Tone::ChipBackground: return {0xe3f2fd, 0x1b3147};
    case Tone::ChipBorder: return {0x90caf9, 0x3f6e9e};
    case Tone::ChangedRowBackground: return {0xfff3cd, 0x4d4017};
    case Tone::SearchMatchBackground: return {0xffeb3b, 0x4f4300};
    case Tone::AppFrame: return {0x0d47a1, 0x9ecbff};
    case Tone::AppFrameBackground: return {0xe3f2fd, 0x1b3147};
    case Tone::ChartGrid: return {0xd0d0d0, 0x474747};
    case Tone::ChartSucceeded: return {0x43a047, 0x66bb6a};
    case Tone::ChartPrepared: return {0x1e88e5, 0x42a5f5};
    case Tone::ChartFailed: return {0xe53935, 0xef5350};
    case Tone::ChartErrorCodes: return {0xef6c00, 0xffa726};
    case Tone::ChartProcessors: return {0x5e35b1, 0x9575cd};
    case Tone::ChartFunctions: return {0x00897b, 0x26a69a};
    case Tone::ChartRetries: return {0x6d4c41, 0xa1887f};
    }
    return {0x000000, 0xffffff};
}

// One palette group's colours, in QPalette::ColorRole order of use below.
struct Group {
    QRgb window, windowText, base, alternateBase, toolTipBase, toolTipText, placeholderText, text, button,
        buttonText, brightText, light, midlight, mid, dark, shadow, highlight, highlightedText, link, linkVisited;
};

void setGroup(QPalette &p, QPalette::ColorGroup g, const Group &c)
{
    p.setColor(g, QPalette::Window, QColor(c.window));
    p.setColor(g, QPalette::WindowText, QColor(c.windowText));
    p.setColor(g, QPalette::Base, QColor(c.base));
    p.setColor(g, QPalette::AlternateBase, QColor(c.alternateBase));
    p.setColor(g, QPalette::ToolTipBase, QColor(c.toolTipBase));
    p.setColor(g, QPalette::ToolTipText, QColor(c.toolTipText));
    p.setColor(g, QPalette::PlaceholderText, QColor(c.placeholderText));
    p.setColor(g, QPalette::Text, QColor(c.text));
    p.setColor(g, QPalette::Button, QColor(c.button));
    p.setColor(g, QPalette::ButtonText, QColor(c.buttonText));
    p.setColor(g, QPalette::BrightText, QColor(c.brightText));
    p.setColor(g, QPalette::Light, QColor(c.light));
    p.setColor(g, QPalette::Midlight, QColor(c.midlight));
    p.setColor(g, QPalette::Mid, QColor(c.mid));
    p.setColor(g, QPalette::Dark, QColor(c.dark));
    p.setColor(g, QPalette::Shadow, QColor(c.shadow));
    p.setColor(g, QPalette::Highlight, QColor(c.highlight));
    p.setColor(g, QPalette::HighlightedText, QColor(c.highlightedText));
    p.setColor(g, QPalette::Link, QColor(c.link));
    p.setColor(g, QPalette::LinkVisited, QColor(c.linkVisited));
}

// Close to Fusion's own light palette, with readable placeholder, highlight and link colours.
constexpr Group kLightActive{0xefefef, 0x1b1b1b, 0xffffff, 0xf5f5f5, 0xffffdc, 0x1b1b1b, 0x6e6e6e,
                             0x1b1b1b, 0xefefef, 0x1b1b1b, 0xffffff, 0xffffff, 0xcacaca, 0xb8b8b8,
                             0x9f9f9f, 0x767676, 0x2a78b0, 0xffffff, 0x0b57d0, 0x7b1fa2};
constexpr Group kLightDisabled{0xefefef, 0x9a9a9a, 0xefefef, 0xf5f5f5, 0xffffdc, 0x1b1b1b, 0xb0b0b0,
                               0x9a9a9a, 0xefefef, 0x9a9a9a, 0xffffff, 0xffffff, 0xcacaca, 0xb8b8b8,
                               0xbebebe, 0xb1b1b1, 0x919191, 0xffffff, 0x7f9fd8, 0xa77fbd};
constexpr Group kDarkActive{0x2d2d2d, 0xe8e8e8, 0x1f1f1f, 0x262626, 0x3a3a3a, 0xe8e8e8, 0x8f8f8f,
                            0xe8e8e8, 0x363636, 0xe8e8e8, 0xff7070, 0x4a4a4a, 0x3e3e3e, 0x262626,
                            0x1a1a1a, 0x0d0d0d, 0x2f6fb3, 0xffffff, 0x8ab4f8, 0xc58af9};
constexpr Group kDarkDisabled{0x2d2d2d, 0x6f6f6f, 0x262626, 0x262626, 0x3a3a3a, 0xe8e8e8, 0x5a5a5a,
                              0x6f6f6f, 0x2d2d2d, 0x6f6f6f, 0x9a5050, 0x3e3e3e, 0x363636, 0x262626,
                              0x1a1a1a, 0x0d0d0d, 0x4a4a4a, 0x9a9a9a, 0x5a7090, 0x7a6090};

double channel(double c)
{
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor &c)
{
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

} // namespace

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Active, QPalette::Window).lightness() < 128;
}

bool isDark()
{
    // Models are also used without a GUI application (tests, the command line): no palette, light.
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return false;
    return isDark(QGuiApplication::palette());
}

Scheme currentScheme()
{
    return isDark() ? Scheme::Dark : Scheme::Light;
}

QColor color(Tone tone, Scheme scheme)
{
    const Pair p = pairOf(tone);
    return QColor(scheme == Scheme::Dark ? p.dark : p.light);
}

QColor color(Tone tone)
{
    return color(tone, currentScheme());
}

QString colorName(Tone tone)
{
    return color(tone).name(QColor::HexRgb);
}

QString span(Tone tone, const QString &html)
{
    return u"<span style='color:%1'>%2</span>"_s.arg(colorName(tone), html);
}

QPalette palette(Scheme scheme)
{
    QPalette p;
    const bool dark = scheme == Scheme::Dark;
    setGroup(p, QPalette::Active, dark ? kDarkActive : kLightActive);
    setGroup(p, QPalette::Inactive, dark ? kDarkActive : kLightActive);
    setGroup(p, QPalette::Disabled, dark ? kDarkDisabled : kLightDisabled);
    return p;
}

double contrastRatio(const QColor &a, const QColor &b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace wci::theme
