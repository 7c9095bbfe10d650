#include "connection_switcher.h"

#include "connection_dialog.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>

namespace wci {

using namespace Qt::StringLiterals;

ConnectionSwitcher::ConnectionSwitcher(AppSettings *settings, ProfileStore *profiles, QWidget *parent)
    : QComboBox(parent), m_settings(settings), m_profiles(profiles)
{
    setObjectName(u"connectionSwitcher"_s);
    setToolTip(tr("Switch between built-in databases and remote servers"));
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(28);
    connect(this, &QComboBox::activated, this, &ConnectionSwitcher::chosen);
}

void ConnectionSwitcher::chosen(int index)
{
    const QString data = itemData(index).toString();
    if (data.startsWith(u"db:"_s))
        emit databaseChosen(data.mid(3), false, false);
    else if (data.startsWith(u"profile:"_s))
        emit profileChosen(data.mid(8));
    else if (data == u"open"_s)
        openDatabaseDialog(false, false);
    else if (data == u"connect"_s)
        connectDialog();
    // The list again, with what is connected now (a failed choice keeps the old one selected).
    EngineConnection now;
    now.kind = m_kind;
    now.location = m_location;
    now.profileName = m_profileName;
    showConnection(now);
}

void ConnectionSwitcher::showConnection(const EngineConnection &current)
{
    m_kind = current.kind;
    m_location = current.location;
    m_profileName = current.profileName;
    m_connected = !current.location.isEmpty();
    clear();
    int selected = -1;
    for (const auto &path : m_settings->recentDatabases()) {
        addItem(tr("Built-in: %1").arg(QFileInfo(path).fileName()), QString(u"db:"_s + path));
        setItemData(count() - 1, QDir::toNativeSeparators(path), Qt::ToolTipRole);
        if (m_kind == EngineKind::Builtin && path == m_location)
            selected = count() - 1;
    }
    for (const auto &p : m_profiles->profiles()) {
        addItem(tr("Remote: %1").arg(p.name), QString(u"profile:"_s + p.name));
        setItemData(count() - 1, p.url.toString(), Qt::ToolTipRole);
        if (m_kind == EngineKind::Remote && p.name == m_profileName)
            selected = count() - 1;
    }
    if (selected < 0 && m_connected) {
        insertItem(0, m_kind == EngineKind::Remote ? tr("Remote: %1").arg(m_location) : tr("Built-in: %1").arg(m_location),
                   QString());
        selected = 0;
    }
    insertSeparator(count());
    addItem(tr("Open database…"), u"open"_s);
    addItem(tr("Connect to server…"), u"connect"_s);
    setCurrentIndex(std::max(0, selected));
}

void ConnectionSwitcher::openDatabaseDialog(bool create, bool readOnly)
{
    const QString filter = tr("Inspector databases (*.db *.sqlite);;All files (*)");
    const QString path = create ? QFileDialog::getSaveFileName(window(), tr("New database"), QString(), filter)
                                : QFileDialog::getOpenFileName(window(), readOnly ? tr("Open database read-only") : tr("Open database"),
                                                               QString(), filter);
    if (path.isEmpty())
        return;
    if (create && QFileInfo::exists(path)) {
        emit problem(tr("%1 already exists; use Open database to open it.").arg(QDir::toNativeSeparators(path)));
        return;
    }
    emit databaseChosen(path, readOnly, create);
}

void ConnectionSwitcher::connectDialog()
{
    ConnectionDialog dialog(window());
    if (dialog.exec() != QDialog::Accepted)
        return;
    ConnectionProfile p = dialog.profile();
    if (dialog.saveAsProfile()) {
        if (const auto err = m_profiles->save(p, dialog.secret())) {
            emit problem(tr("Could not save the profile: %1").arg(err->message));
            return;
        }
    } else {
        p.name.clear();
    }
    emit remoteChosen(p, dialog.secret());
}

} // namespace wci
