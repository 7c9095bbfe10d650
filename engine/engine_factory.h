#pragma once

// Opens an engine from what a person names: a database file (the built-in engine), a server
// URL or a saved connection profile (a remote engine). The window, the command line and the
// tests open engines here, so nothing above engine/ needs to know the engine classes.

#include "connection_profiles.h"
#include "engine.h"

#include <functional>
#include <memory>

namespace wci {

enum class EngineKind { Builtin, Remote };
QString engineKindName(EngineKind kind); // "built-in" / "remote", as the audit log records it

// An engine together with what the window says about it.
struct EngineConnection {
    std::unique_ptr<Engine> engine;
    EngineKind kind = EngineKind::Builtin;
    QString location;    // the file (absolute path) or the URL
    QString profileName; // remote profile, if any
    bool readOnly = false;

    // The engine as an importer of event streams, when it is one (the built-in engine).
    StreamImporter *importer() const { return dynamic_cast<StreamImporter *>(engine.get()); }
    LocalStorage *storage() const { return dynamic_cast<LocalStorage *>(engine.get()); }
};

struct BuiltinOpenOptions {
    bool readOnly = false;
    bool create = true;                // a missing file becomes a new, empty database
    std::function<qint64()> clock;     // default: the system clock (tests fix it)
};

// The built-in engine on a SQLite file; the error says why the file cannot be opened.
Result<EngineConnection> openBuiltinConnection(const QString &path, const BuiltinOpenOptions &options = {});
// Whether opening the file with write access upgrades it from an older database format first
// (which takes seconds for a large file), and that upgrade on a worker thread: the future
// fails with EngineError when it cannot be done or `cancelled` stopped it (the file unchanged),
// and reports its progress, 0…1000, from the pass over the snapshot rows on.
bool builtinDatabaseNeedsUpgrade(const QString &path);
QFuture<void> upgradeBuiltinDatabase(const QString &path, std::function<bool()> cancelled);
// A remote engine for a profile (a bare URL is a profile without a name) and its secret.
// `nowOnLocalClock`: against Wow 8.10, BEFORE_NOW / AFTER_NOW go out as LT / GT of this
// computer's (corrected) clock instead of being refused.
EngineConnection openRemoteConnection(const ConnectionProfile &profile, const QString &secret = {},
                                      bool nowOnLocalClock = false);
// Creates (or adds to) the database at `path` with `count` realistic demo failures, on a worker
// thread, `batch` failures per transaction. `progress(done, total)` is called on that thread
// after each batch (return false to stop); the future fails with EngineError when the file
// cannot be written. The file can be opened after the first batch while the rest is written.
QFuture<void> createDemoDatabase(const QString &path, int count, int batch, std::function<bool(int, int)> progress);

// A profile for an http(s) URL with a host ("localhost:8080" counts, as in a browser's address
// bar); nullopt for anything else.
std::optional<ConnectionProfile> profileForUrl(const QString &text);

} // namespace wci
