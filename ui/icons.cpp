#include "icons.h"

namespace wci {

using namespace Qt::StringLiterals;

namespace {

struct IconNames {
    const char *theme; // freedesktop name, or "" for ours alone
    const char *file;  // resources/icons/actions/<file>.svg and its PNGs
};

IconNames names(ActionIcon icon)
{
    switch (icon) {
    case ActionIcon::Refresh: return {"view-refresh", "refresh"};
    case ActionIcon::Retry: return {"", "retry"};
    case ActionIcon::ForceRetry: return {"", "force-retry"};
    case ActionIcon::Delete: return {"edit-delete", "delete"};
    case ActionIcon::Recover: return {"", "recover"};
    case ActionIcon::MarkSucceeded: return {"", "mark-succeeded"};
    case ActionIcon::MarkFailed: return {"", "mark-failed"};
    case ActionIcon::Export: return {"document-export", "export"};
    case ActionIcon::Import: return {"document-import", "import"};
    case ActionIcon::OpenDatabase: return {"document-open", "open-database"};
    case ActionIcon::NewDatabase: return {"document-new", "new-database"};
    case ActionIcon::Connect: return {"network-server", "connect"};
    case ActionIcon::Find: return {"edit-find", "find"};
    case ActionIcon::FullText: return {"", "full-text"};
    case ActionIcon::OpenById: return {"go-jump", "open-by-id"};
    case ActionIcon::ClearSearch: return {"edit-clear", "clear-search"};
    case ActionIcon::Copy: return {"edit-copy", "copy"};
    case ActionIcon::CopyLink: return {"insert-link", "copy-link"};
    case ActionIcon::Utc: return {"", "utc"};
    case ActionIcon::SaveView: return {"bookmark-new", "save-view"};
    case ActionIcon::Filter: return {"view-filter", "filter"};
    case ActionIcon::Charts: return {"", "charts"};
    case ActionIcon::Groups: return {"", "groups"};
    case ActionIcon::Audit: return {"", "audit"};
    case ActionIcon::Quit: return {"application-exit", "quit"};
    }
    return {"", ""};
}

} // namespace

QString actionIconThemeName(ActionIcon icon)
{
    return QString::fromLatin1(names(icon).theme);
}

QString actionIconResource(ActionIcon icon, int size)
{
    return u":/icons/actions/%1x%1/%2.png"_s.arg(size).arg(QLatin1StringView(names(icon).file));
}

QIcon builtinActionIcon(ActionIcon icon)
{
    QIcon ours;
    for (int size : actionIconSizes)
        ours.addFile(actionIconResource(icon, size), QSize(size, size));
    return ours;
}

QIcon actionIcon(ActionIcon icon)
{
    const QString theme = actionIconThemeName(icon);
    return theme.isEmpty() ? builtinActionIcon(icon) : QIcon::fromTheme(theme, builtinActionIcon(icon));
}

} // namespace wci
