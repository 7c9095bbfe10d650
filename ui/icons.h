#pragma once

#include <QIcon>
#include <QString>

#include <array>

namespace wci {

// The icons of the window's actions. Each is the desktop icon theme's icon of a freedesktop
// name (or one most themes have) when the theme has one, else ours: PNGs of 16, 24, 32 and 48 px built into the program
// (resources/icons/actions/, drawn as SVG and rendered by its render.sh).
enum class ActionIcon {
    Refresh,
    Retry,
    ForceRetry,
    Delete,
    Recover,
    MarkSucceeded,
    MarkFailed,
    Export,
    Import,
    OpenDatabase,
    NewDatabase,
    Connect,
    Find,
    FullText,
    OpenById,
    ClearSearch,
    Copy,
    CopyLink,
    Utc,
    SaveView,
    Filter,
    Charts,
    Groups,
    Audit,
    Quit,
};

inline constexpr std::array allActionIcons = {
    ActionIcon::Refresh, ActionIcon::Retry, ActionIcon::ForceRetry, ActionIcon::Delete, ActionIcon::Recover,
    ActionIcon::MarkSucceeded, ActionIcon::MarkFailed, ActionIcon::Export, ActionIcon::Import, ActionIcon::OpenDatabase,
    ActionIcon::NewDatabase, ActionIcon::Connect, ActionIcon::Find, ActionIcon::FullText, ActionIcon::OpenById,
    ActionIcon::ClearSearch, ActionIcon::Copy, ActionIcon::CopyLink, ActionIcon::Utc, ActionIcon::SaveView,
    ActionIcon::Filter, ActionIcon::Charts, ActionIcon::Groups, ActionIcon::Audit, ActionIcon::Quit,
};

// The sizes of our PNGs.
inline constexpr std::array actionIconSizes = {16, 24, 32, 48};

// The theme's icon (freedesktop name) or ours.
QIcon actionIcon(ActionIcon icon);
// Ours alone.
QIcon builtinActionIcon(ActionIcon icon);
// The icon name tried in the desktop theme first; empty where no common name fits (ours then).
QString actionIconThemeName(ActionIcon icon);
// Our PNG of one size, ":/icons/actions/16x16/refresh.png".
QString actionIconResource(ActionIcon icon, int size);

} // namespace wci
