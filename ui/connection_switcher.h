#pragma once

// The toolbar's connection switcher: recent built-in databases and saved remote profiles, the
// current connection selected, plus "Open database…" and "Connect to server…". It also runs
// the File menu's open / new / connect dialogs. It only says what the person chose (signals);
// the window opens the engine.

#include "app_settings.h"
#include "engine_factory.h"

#include <QComboBox>

namespace wci {

class ConnectionSwitcher : public QComboBox {
    Q_OBJECT
public:
    ConnectionSwitcher(AppSettings *settings, ProfileStore *profiles, QWidget *parent = nullptr);

    // Lists the recent databases and profiles with `current` selected (or added on top).
    void showConnection(const EngineConnection &current);
    // A file dialog for a database to open (read-only) or create.
    void openDatabaseDialog(bool create, bool readOnly);
    // The connection dialog; saves the profile when asked to.
    void connectDialog();

signals:
    void databaseChosen(const QString &path, bool readOnly, bool create);
    void profileChosen(const QString &name);
    void remoteChosen(const ConnectionProfile &profile, const QString &secret);
    void problem(const QString &text); // for the window's banner

private:
    void chosen(int index);

    AppSettings *m_settings;
    ProfileStore *m_profiles;
    EngineKind m_kind = EngineKind::Builtin;
    QString m_location;
    QString m_profileName;
    bool m_connected = false;
};

} // namespace wci
