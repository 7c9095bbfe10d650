#pragma once

// Connection profiles for remote engines, kept with QSettings. Secrets (a bearer token or
// the value of a custom auth header) go to the system keyring through QtKeychain when one is
// available, otherwise they live only for the running process; they are written to the
// settings file in plain text only when the profile explicitly asks for it.

#include "commands.h"

#include <QUrl>

#include <QFuture>
#include <QHash>
#include <QSettings>

namespace wci {

struct ConnectionProfile {
    enum class Auth { None, Bearer, Header };
    QString name;
    QUrl url;
    QString pathPrefix;
    Auth auth = Auth::None;
    QByteArray authHeaderName; // for Auth::Header
    QList<QPair<QByteArray, QByteArray>> extraHeaders;
    QString caFile;
    int timeoutMs = 30000;
    CommandStage waitStage = CommandStage::Snapshot;
    bool readOnly = false;
    bool storeSecretInPlainText = false; // the user's explicit choice
    friend bool operator==(const ConnectionProfile &, const ConnectionProfile &) = default;
};

// Where secrets are kept.
class SecretStore {
public:
    virtual ~SecretStore() = default;
    virtual QFuture<QString> read(const QString &key) = 0; // empty when none
    virtual QFuture<void> write(const QString &key, const QString &secret) = 0;
    virtual QFuture<void> remove(const QString &key) = 0;
    virtual bool persistent() const = 0; // survives the process
};

// Only for the running process.
class MemorySecretStore : public SecretStore {
public:
    QFuture<QString> read(const QString &key) override;
    QFuture<void> write(const QString &key, const QString &secret) override;
    QFuture<void> remove(const QString &key) override;
    bool persistent() const override { return false; }

private:
    QHash<QString, QString> m_secrets;
};

// The system keyring through QtKeychain; when the keyring cannot be reached (no secret
// service, headless machine), it keeps the secret in memory instead and says so.
class KeychainSecretStore : public SecretStore {
public:
    explicit KeychainSecretStore(QString service = QStringLiteral("wow-inspector"));
    QFuture<QString> read(const QString &key) override;
    QFuture<void> write(const QString &key, const QString &secret) override;
    QFuture<void> remove(const QString &key) override;
    bool persistent() const override { return m_keyringWorks; }

private:
    QString m_service;
    bool m_keyringWorks = true;
    MemorySecretStore m_fallback;
};

class ProfileStore {
public:
    ProfileStore(QSettings *settings, SecretStore *secrets);

    QList<ConnectionProfile> profiles() const;
    std::optional<ConnectionProfile> profile(const QString &name) const;
    // IllegalArgument for an empty name or a URL that is not http(s).
    std::optional<DomainError> save(const ConnectionProfile &profile, const QString &secret);
    void remove(const QString &name);
    QFuture<QString> secret(const QString &name) const;
    bool secretsPersist() const { return m_secrets->persistent(); }

private:
    QSettings *m_settings;
    SecretStore *m_secrets;
};

} // namespace wci
