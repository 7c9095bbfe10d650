#include "app_settings.h"

#include <QSettings>

namespace wci {

using namespace Qt::StringLiterals;

namespace key {
const QString utc = u"view/utc"_s;
const QString autoRefresh = u"view/autoRefresh"_s;
const QString language = u"view/language"_s;
const QString geometry = u"window/geometry"_s;
const QString state = u"window/state"_s;
const QString splitters = u"window/splitters/"_s;
const QString theme = u"view/theme"_s;
const QString readOnlyMode = u"actions/readOnlyMode"_s;
const QString operatorName = u"actions/operatorName"_s;
const QString operatorAsked = u"actions/operatorAsked"_s;
const QString requireBulkReason = u"actions/requireBulkReason"_s;
const QString lastConnection = u"connection/last"_s;
const QString recentDatabases = u"connection/recentDatabases"_s;
} // namespace key

bool AppSettings::utc() const { return m_settings->value(key::utc, false).toBool(); }
void AppSettings::setUtc(bool on) { m_settings->setValue(key::utc, on); }
int AppSettings::autoRefreshSeconds() const { return m_settings->value(key::autoRefresh, 0).toInt(); }
void AppSettings::setAutoRefreshSeconds(int seconds) { m_settings->setValue(key::autoRefresh, seconds); }
QString AppSettings::language() const { return m_settings->value(key::language).toString(); }
void AppSettings::setLanguage(const QString &code) { m_settings->setValue(key::language, code); }
QByteArray AppSettings::windowGeometry() const { return m_settings->value(key::geometry).toByteArray(); }
QByteArray AppSettings::windowState() const { return m_settings->value(key::state).toByteArray(); }

void AppSettings::setWindowGeometry(const QByteArray &geometry, const QByteArray &state)
{
    m_settings->setValue(key::geometry, geometry);
    m_settings->setValue(key::state, state);
}

QByteArray AppSettings::splitterState(const QString &name) const { return m_settings->value(key::splitters + name).toByteArray(); }
void AppSettings::setSplitterState(const QString &name, const QByteArray &state) { m_settings->setValue(key::splitters + name, state); }
ThemeMode AppSettings::theme() const { return themeModeFromKey(m_settings->value(key::theme).toString()); }
void AppSettings::setTheme(ThemeMode mode) { m_settings->setValue(key::theme, themeModeKey(mode)); }

bool AppSettings::readOnlyMode() const { return m_settings->value(key::readOnlyMode, false).toBool(); }
void AppSettings::setReadOnlyMode(bool on) { m_settings->setValue(key::readOnlyMode, on); }
QString AppSettings::operatorName() const { return m_settings->value(key::operatorName).toString().trimmed(); }
void AppSettings::setOperatorName(const QString &name) { m_settings->setValue(key::operatorName, name.trimmed()); }

bool AppSettings::operatorAsked() const { return m_settings->value(key::operatorAsked, false).toBool(); }
void AppSettings::setOperatorAsked(bool asked) { m_settings->setValue(key::operatorAsked, asked); }
bool AppSettings::requireBulkReason() const { return m_settings->value(key::requireBulkReason, false).toBool(); }
void AppSettings::setRequireBulkReason(bool on) { m_settings->setValue(key::requireBulkReason, on); }

QString AppSettings::lastConnection() const { return m_settings->value(key::lastConnection).toString(); }
void AppSettings::setLastDatabase(const QString &path) { m_settings->setValue(key::lastConnection, QString(u"db:"_s + path)); }
void AppSettings::setLastProfile(const QString &name) { m_settings->setValue(key::lastConnection, QString(u"profile:"_s + name)); }
QStringList AppSettings::recentDatabases() const { return m_settings->value(key::recentDatabases).toStringList(); }

void AppSettings::rememberDatabase(const QString &path)
{
    QStringList recent = recentDatabases();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecentDatabases)
        recent.removeLast();
    m_settings->setValue(key::recentDatabases, recent);
}

} // namespace wci
