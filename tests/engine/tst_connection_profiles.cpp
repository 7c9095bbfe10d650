// Connection profiles: kept with QSettings; secrets never reach the settings file unless the
// profile explicitly asks for plain text.

#include "connection_profiles.h"
#include "remote/remote_engine.h"
#include "engine_harness.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "test_printers.h"

using namespace wci;
using namespace wci::test;
using namespace Qt::StringLiterals;

class TestConnectionProfiles : public QObject {
    Q_OBJECT

    static ConnectionProfile sample()
    {
        ConnectionProfile p;
        p.name = u"prod (EU)"_s;
        p.url = QUrl(u"https://wow.example.com"_s);
        p.pathPrefix = u"/compensation"_s;
        p.auth = ConnectionProfile::Auth::Bearer;
        p.extraHeaders = {{"X-Team", "support"}};
        p.caFile = u"/etc/ssl/company-ca.pem"_s;
        p.timeoutMs = 12000;
        p.waitStage = CommandStage::Processed;
        p.readOnly = true;
        return p;
    }

private slots:
    void roundTripWithoutSecretOnDisk()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        MemorySecretStore secrets;
        {
            QSettings settings(ini, QSettings::IniFormat);
            ProfileStore store(&settings, &secrets);
            QVERIFY(!store.save(sample(), u"tok-123-secret"_s).has_value());
            QCOMPARE(store.profiles().size(), 1);
            QCOMPARE(store.profiles().first(), sample());
            QCOMPARE(ok(store.secret(u"prod (EU)"_s)), u"tok-123-secret"_s);
            QVERIFY(!store.secretsPersist());
            const RemoteEngineOptions o = remoteOptions(*store.profile(u"prod (EU)"_s), u"tok-123-secret"_s);
            QCOMPARE(o.bearerToken, u"tok-123-secret"_s);
            QCOMPARE(o.defaultWaitStage, CommandStage::Processed);
            QCOMPARE(o.pathPrefix, u"/compensation"_s);
        }
        QFile f(ini);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray onDisk = f.readAll();
        QVERIFY(onDisk.contains("wow.example.com"));
        QVERIFY(!onDisk.contains("tok-123-secret"));
        // Another process: the profile is there, the secret is not.
        QSettings settings(ini, QSettings::IniFormat);
        MemorySecretStore fresh;
        ProfileStore store(&settings, &fresh);
        QCOMPARE(store.profiles().size(), 1);
        QCOMPARE(ok(store.secret(u"prod (EU)"_s)), QString());
    }

    void plainTextOnlyWhenAsked()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        MemorySecretStore secrets;
        ConnectionProfile p = sample();
        p.storeSecretInPlainText = true;
        {
            QSettings settings(ini, QSettings::IniFormat);
            ProfileStore store(&settings, &secrets);
            QVERIFY(!store.save(p, u"plain-tok"_s).has_value());
        }
        QSettings settings(ini, QSettings::IniFormat);
        MemorySecretStore fresh;
        ProfileStore store(&settings, &fresh);
        QCOMPARE(ok(store.secret(p.name)), u"plain-tok"_s);
        // Turning it off removes it from the file.
        p.storeSecretInPlainText = false;
        QVERIFY(!store.save(p, u"plain-tok"_s).has_value());
        QFile f(ini);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(!f.readAll().contains("plain-tok"));
        store.remove(p.name);
        QVERIFY(store.profiles().isEmpty());
    }

    void invalidProfilesAreRefused()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
        MemorySecretStore secrets;
        ProfileStore store(&settings, &secrets);
        ConnectionProfile p = sample();
        p.name = u"  "_s;
        QCOMPARE(store.save(p, {})->code, ErrorCode::IllegalArgument);
        p = sample();
        p.url = QUrl(u"ftp://x"_s);
        QVERIFY(store.save(p, {})->message.contains(u"http"_s));
        p = sample();
        p.auth = ConnectionProfile::Auth::Header;
        QVERIFY(store.save(p, {})->message.contains(u"header"_s));
        QVERIFY(store.profiles().isEmpty());
    }

    void keychainFallsBackWithoutAKeyring()
    {
        // On a machine without a secret service the keyring fails; the secret must still serve
        // this process, and the store must say it does not persist.
        KeychainSecretStore store(u"wow-inspector-test"_s);
        QVERIFY(testing::waitForFinished(store.write(u"k"_s, u"v"_s), 20000));
        QCOMPARE(ok(store.read(u"k"_s)), u"v"_s);
        QVERIFY(testing::waitForFinished(store.remove(u"k"_s), 20000));
    }
};

QTEST_GUILESS_MAIN(TestConnectionProfiles)
#include "tst_connection_profiles.moc"
