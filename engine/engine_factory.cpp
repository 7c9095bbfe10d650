#include "engine_factory.h"

#include "builtin/builtin_engine.h"
#include "builtin/demo_seeder.h"
#include "remote/remote_engine.h"

#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

namespace wci {

using namespace Qt::StringLiterals;

QString engineKindName(EngineKind kind)
{
    return kind == EngineKind::Remote ? u"remote"_s : u"built-in"_s;
}

Result<EngineConnection> openBuiltinConnection(const QString &path, const BuiltinOpenOptions &options)
{
    BuiltinEngineOptions o;
    o.path = path;
    o.readOnly = options.readOnly;
    o.create = options.create;
    if (options.clock)
        o.clock = options.clock;
    auto engine = BuiltinEngine::open(o);
    if (!engine)
        return engine.error();
    EngineConnection c;
    c.engine = std::move(engine).value();
    c.kind = EngineKind::Builtin;
    c.location = QFileInfo(path).absoluteFilePath();
    c.readOnly = options.readOnly;
    return c;
}

bool builtinDatabaseNeedsUpgrade(const QString &path)
{
    const auto format = BuiltinEngine::fileFormat(path);
    return format && *format > 0 && *format < BuiltinEngine::currentFormat();
}

QFuture<void> upgradeBuiltinDatabase(const QString &path, std::function<bool()> cancelled)
{
    return QtConcurrent::run([path, cancelled = std::move(cancelled)](QPromise<void> &promise) {
        promise.setProgressRange(0, 1000);
        BuiltinEngineOptions o;
        o.path = path;
        o.create = false;
        o.cancelled = cancelled;
        o.upgradeProgress = [&promise](int permille) { promise.setProgressValue(permille); };
        const auto engine = BuiltinEngine::open(o);
        if (!engine)
            throw EngineError::from(engine.error());
    });
}

EngineConnection openRemoteConnection(const ConnectionProfile &profile, const QString &secret, bool nowOnLocalClock)
{
    EngineConnection c;
    RemoteEngineOptions options = remoteOptions(profile, secret);
    options.nowOperatorsOnLocalClock = nowOnLocalClock;
    c.engine = std::make_unique<RemoteEngine>(options);
    c.kind = EngineKind::Remote;
    c.location = profile.url.toString();
    c.profileName = profile.name;
    c.readOnly = profile.readOnly;
    return c;
}

std::optional<ConnectionProfile> profileForUrl(const QString &text)
{
    const QUrl url = QUrl::fromUserInput(text);
    if (!url.isValid() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s) || url.host().isEmpty())
        return std::nullopt;
    ConnectionProfile p;
    p.url = url;
    return p;
}

QFuture<void> createDemoDatabase(const QString &path, int count, int batch, std::function<bool(int, int)> progress)
{
    return QtConcurrent::run([path, count, batch, progress = std::move(progress)] {
        SeedOptions o;
        o.count = count;
        o.batchSize = std::max(1, batch);
        o.progress = progress;
        const auto r = seedDemoDatabase(path, o);
        if (!r)
            throw EngineError::from(r.error());
    });
}

} // namespace wci
