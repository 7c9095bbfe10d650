#pragma once

// Export of evidence. The exporter reads through any Engine a page at a time (the engine's
// cursor where it has one, Wow ≥ 9.0; else a cursor on the aggregate id within a Wow server's
// list limit, which a refused cursor token also continues with), writes as it goes (memory does not grow with
// the number of streams), retries a page that failed (a dropped connection resumes where it
// stopped) and copies documents byte for byte as the engine stored or the server sent them.

#include "audit_log.h"
#include "engine.h"

#include <QIODevice>
#include <QPointer>

namespace wci {

struct ExportSpec {
    enum class What { Streams, Snapshots, States, List, Bundle };
    enum class Format { Json, Ndjson, Csv };
    What what = What::Streams;
    Format format = Format::Ndjson;
    Condition condition;   // which failures (a snapshot condition: deleted ones only under DELETED)
    // Streams only: every stored stream, deleted aggregates' included (condition and ids unused).
    bool everything = false;
    QStringList ids;       // or these execution ids
    bool stackTrace = false; // List as CSV: include the stack trace column
    int pageSize = 0;      // 0: the engine's list limit, else 5 000
    int maxAttempts = 5;   // per page, with doubling backoff from 250 ms
    static std::optional<What> parseWhat(QStringView s);
    static std::optional<Format> parseFormat(QStringView s);
};

class Exporter : public QObject {
    Q_OBJECT
public:
    // Writes to `out` (open for writing); `audit` adds the audit entries to bundles.
    Exporter(Engine *engine, ExportSpec spec, QIODevice *out, AuditLog *audit = nullptr, QObject *parent = nullptr);
    void start();
    void cancel();
    bool isFinished() const { return m_finished; }
    bool succeeded() const { return m_finished && m_error.isEmpty(); }
    QString error() const { return m_error; }
    qint64 items() const { return m_items; }   // documents (or failures, for bundles) written
    qint64 bytes() const { return m_bytes; }
    int retries() const { return m_retries; }

signals:
    void progress(qint64 items, qint64 bytes);
    void finished();

private:
    using Step = std::function<void()>;
    void fail(const QString &message);
    void done();
    void begin();
    void write(const QByteArray &doc);
    void writeCsvHeader();
    void writeCsvRow(const Snapshot &s);
    // Snapshot pages in id order after `after` (or the id list), calling `each` on every page.
    void nextFailures(const QString &after, int idIndex);
    // The same pages through the engine's cursor (Wow ≥ 9.0, the built-in engine), after `after`.
    void cursorFailures(const QString &after);
    void onFailures(const QList<Document> &docs, const QString &last, bool more, int idIndex);
    // Streams of the aggregates matching a stream condition, cursor on (aggregateId, version).
    void streamPage(const Condition &sc, const QString &after, const QString &within, int withinVersion, Step then);
    void bundle(const QStringList &ids, int index, Step then);
    template <typename T>
    void attempt(std::function<QFuture<T>()> call, std::function<void(const T &)> ok, int tries = 0);
    int limit() const;
    bool idsOnlyExport() const;      // failures read only for their ids (streams, bundles)
    SnapshotView snapshotView() const; // states or whole snapshots
    // Hands what was written to the output (at least every kFlushBytes, and before each progress
    // report); on failure the export fails.
    bool flush();
    void reportProgress();
    static constexpr qsizetype kFlushBytes = 1 << 20;

    QPointer<Engine> m_engine;
    ExportSpec m_spec;
    QIODevice *m_out;
    QByteArray m_buffer; // written, not yet handed to m_out
    AuditLog *m_audit;
    bool m_first = true;
    bool m_cancelled = false;
    bool m_finished = false;
    QString m_error;
    qint64 m_items = 0;
    qint64 m_bytes = 0;
    int m_retries = 0;
    bool m_byCursor = false;  // snapshot pages by the engine's cursor (else by id)
    QString m_nextCursor;     // its token for the next page
};

} // namespace wci
