#include "connection_profiles.h"

#include <QPromise>
#include <qt6keychain/keychain.h>

namespace wci {

using namespace Qt::StringLiterals;

QFuture<QString> MemorySecretStore::read(const QString &key)
{
    return QtFuture::makeReadyFuture(m_secrets.value(key));
}

QFuture<void> MemorySecretStore::write(const QString &key, const QString &secret)
{
    m_secrets.insert(key, secret);
    return QtFuture::makeReadyFuture();
}

QFuture<void> MemorySecretStore::remove(const QString &key)
{
    m_secrets.remove(key);
    return QtFuture::makeReadyFuture();
}

KeychainSecretStore::KeychainSecretStore(QString service) : m_service(std::move(service)) {}

QFuture<QString> KeychainSecretStore::read(const QString &key)
{
    if (!m_keyringWorks)
        return m_fallback.read(key);
    auto promise = std::make_shared<QPromise<QString>>();
    promise->start();
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setAutoDelete(true);
    job->setKey(key);
    QObject::connect(job, &QKeychain::Job::finished, [this, promise, key](QKeychain::Job *j) {
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(j);
        if (read->error() == QKeychain::NoError) {
            promise->addResult(read->textData());
            promise->finish();
            return;
        }
        if (read->error() != QKeychain::EntryNotFound)
            m_keyringWorks = false;
        m_fallback.read(key).then([promise](const QString &s) {
            promise->addResult(s);
            promise->finish();
        });
    });
    job->start();
    return promise->future();
}

QFuture<void> KeychainSecretStore::write(const QString &key, const QString &secret)
{
    m_fallback.write(key, secret); // the process has it either way
    if (!m_keyringWorks)
        return QtFuture::makeReadyFuture();
    auto promise = std::make_shared<QPromise<void>>();
    promise->start();
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setTextData(secret);
    QObject::connect(job, &QKeychain::Job::finished, [this, promise](QKeychain::Job *j) {
        if (j->error() != QKeychain::NoError)
            m_keyringWorks = false; // kept in memory only
        promise->finish();
    });
    job->start();
    return promise->future();
}

QFuture<void> KeychainSecretStore::remove(const QString &key)
{
    m_fallback.remove(key);
    if (!m_keyringWorks)
        return QtFuture::makeReadyFuture();
    auto promise = std::make_shared<QPromise<void>>();
    promise->start();
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setKey(key);
    QObject::connect(job, &QKeychain::Job::finished, [promise](QKeychain::Job *) { promise->finish(); });
    job->start();
    return promise->future();
}

ProfileStore::ProfileStore(QSettings *settings, SecretStore *secrets) : m_settings(settings), m_secrets(secrets) {}

static QString group(const QString &name)
{
    return u"connections/"_s + QString::fromUtf8(name.toUtf8().toBase64(QByteArray::Base64UrlEncoding));
}

QList<ConnectionProfile> ProfileStore::profiles() const
{
    QList<ConnectionProfile> out;
    m_settings->beginGroup(u"connections"_s);
    const QStringList groups = m_settings->childGroups();
    m_settings->endGroup();
    for (const auto &g : groups) {
        const QString name = QString::fromUtf8(QByteArray::fromBase64(g.toUtf8(), QByteArray::Base64UrlEncoding));
        if (auto p = profile(name))
            out.append(*p);
    }
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
    return out;
}

std::optional<ConnectionProfile> ProfileStore::profile(const QString &name) const
{
    m_settings->beginGroup(group(name));
    const bool exists = m_settings->contains(u"url"_s);
    ConnectionProfile p;
    if (exists) {
        p.name = name;
        p.url = QUrl(m_settings->value(u"url"_s).toString());
        p.pathPrefix = m_settings->value(u"pathPrefix"_s).toString();
        p.auth = static_cast<ConnectionProfile::Auth>(m_settings->value(u"auth"_s, 0).toInt());
        p.authHeaderName = m_settings->value(u"authHeaderName"_s).toByteArray();
        const QStringList headers = m_settings->value(u"extraHeaders"_s).toStringList();
        for (const auto &h : headers) {
            const qsizetype colon = h.indexOf(u':');
            if (colon > 0)
                p.extraHeaders.append({h.left(colon).toUtf8(), h.mid(colon + 1).toUtf8()});
        }
        p.caFile = m_settings->value(u"caFile"_s).toString();
        p.timeoutMs = m_settings->value(u"timeoutMs"_s, 30000).toInt();
        p.waitStage = parseCommandStage(m_settings->value(u"waitStage"_s, u"SNAPSHOT"_s).toString()).value_or(CommandStage::Snapshot);
        p.readOnly = m_settings->value(u"readOnly"_s, false).toBool();
        p.storeSecretInPlainText = m_settings->value(u"storeSecretInPlainText"_s, false).toBool();
    }
    m_settings->endGroup();
    return exists ? std::optional<ConnectionProfile>(p) : std::nullopt;
}

std::optional<DomainError> ProfileStore::save(const ConnectionProfile &p, const QString &secret)
{
    if (p.name.trimmed().isEmpty())
        return DomainError::illegalArgument(u"A connection needs a name."_s);
    if (!p.url.isValid() || (p.url.scheme() != u"http"_s && p.url.scheme() != u"https"_s) || p.url.host().isEmpty())
        return DomainError::illegalArgument(u"The URL must be http:// or https:// with a host, e.g. https://wow.example.com."_s);
    if (p.auth == ConnectionProfile::Auth::Header && p.authHeaderName.trimmed().isEmpty())
        return DomainError::illegalArgument(u"Name the header that carries the credentials."_s);
    m_settings->beginGroup(group(p.name));
    m_settings->setValue(u"url"_s, p.url.toString());
    m_settings->setValue(u"pathPrefix"_s, p.pathPrefix);
    m_settings->setValue(u"auth"_s, int(p.auth));
    m_settings->setValue(u"authHeaderName"_s, p.authHeaderName);
    QStringList headers;
    for (const auto &[n, v] : p.extraHeaders)
        headers.append(QString::fromUtf8(n) + u':' + QString::fromUtf8(v));
    m_settings->setValue(u"extraHeaders"_s, headers);
    m_settings->setValue(u"caFile"_s, p.caFile);
    m_settings->setValue(u"timeoutMs"_s, p.timeoutMs);
    m_settings->setValue(u"waitStage"_s, enumName(p.waitStage));
    m_settings->setValue(u"readOnly"_s, p.readOnly);
    m_settings->setValue(u"storeSecretInPlainText"_s, p.storeSecretInPlainText);
    if (p.storeSecretInPlainText)
        m_settings->setValue(u"secret"_s, secret);
    else
        m_settings->remove(u"secret"_s);
    m_settings->endGroup();
    m_settings->sync();
    if (!p.storeSecretInPlainText)
        m_secrets->write(group(p.name), secret);
    return std::nullopt;
}

void ProfileStore::remove(const QString &name)
{
    m_settings->remove(group(name));
    m_settings->sync();
    m_secrets->remove(group(name));
}

QFuture<QString> ProfileStore::secret(const QString &name) const
{
    const auto p = profile(name);
    if (!p)
        return QtFuture::makeReadyFuture(QString());
    if (p->storeSecretInPlainText)
        return QtFuture::makeReadyFuture(m_settings->value(group(name) + u"/secret"_s).toString());
    return m_secrets->read(group(name));
}

} // namespace wci
