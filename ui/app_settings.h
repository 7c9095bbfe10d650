#pragma once

// Every setting the inspector keeps (QSettings) with its key and default, in one place: the
// window, the action controller, the connection switcher and the command line read and write
// them only through here. Connection profiles keep their own group (ProfileStore) and saved
// views theirs (SavedViewStore).

#include "theme.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

class QSettings;

namespace wci {

class AppSettings {
public:
    explicit AppSettings(QSettings *settings) : m_settings(settings) {}

    // View.
    bool utc() const;                       // times in UTC (default: local time)
    void setUtc(bool on);
    int autoRefreshSeconds() const;         // 0 = off (default)
    void setAutoRefreshSeconds(int seconds);
    QString language() const;               // "en", "zh_CN"; empty: the system's (default)
    void setLanguage(const QString &code);
    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    void setWindowGeometry(const QByteArray &geometry, const QByteArray &state);
    QByteArray splitterState(const QString &name) const; // empty: the default layout
    void setSplitterState(const QString &name, const QByteArray &state);
    ThemeMode theme() const;                // View › Theme (default: System)
    void setTheme(ThemeMode mode);

    // Actions.
    bool readOnlyMode() const;              // every action off, whatever the connection allows
    void setReadOnlyMode(bool on);
    QString operatorName() const;           // as configured (empty: the OS user is used)
    void setOperatorName(const QString &name);
    bool operatorAsked() const;             // the first action asked for the name already
    void setOperatorAsked(bool asked);
    bool requireBulkReason() const;         // a team setting: bulk runs need a reason (default off)
    void setRequireBulkReason(bool on);

    // Connections: the one to reopen ("db:PATH" or "profile:NAME") and the recent databases,
    // newest first, at most `kMaxRecentDatabases`.
    static constexpr int kMaxRecentDatabases = 8;
    QString lastConnection() const;
    void setLastDatabase(const QString &path);
    void setLastProfile(const QString &name);
    QStringList recentDatabases() const;
    void rememberDatabase(const QString &path);

private:
    QSettings *m_settings;
};

} // namespace wci
