#pragma once

// The Engine over a Wow compensation server's REST API (docs/wire-protocol.md §11): one
// QNetworkAccessManager, explicit Accept per route, bearer or custom-header auth, extra
// headers, TLS with the system CAs plus an optional CA file (certificate errors are never
// ignored), per-request timeouts, bounded retries for idempotent reads only, and paging within
// the server's limits (cursor on aggregateId beyond them).

#include "connection_profiles.h"
#include "engine.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QSet>
#include <QUrl>

namespace wci {

struct RemoteEngineOptions {
    QUrl baseUrl;                 // e.g. http://127.0.0.1:8080
    QString pathPrefix;           // e.g. /compensation behind a gateway; empty on the service itself
    QString bearerToken;          // Authorization: Bearer <token>
    QByteArray authHeaderName;    // or a custom header carrying the credentials
    QByteArray authHeaderValue;
    QList<QPair<QByteArray, QByteArray>> extraHeaders;
    int timeoutMs = 30000;        // per request
    int readRetries = 2;          // idempotent reads only
    int retryBackoffMs = 200;     // doubled on each retry
    qint64 maxResponseBytes = 64 * 1024 * 1024;
    QString caFile;               // extra CA certificates (PEM) trusted besides the system's
    CommandStage defaultWaitStage = CommandStage::Snapshot;
    // Against Wow 8.10 (no BEFORE_NOW / AFTER_NOW): rewrite them as LT / GT of now() (this
    // computer's clock, corrected by the server's Date) instead of refusing the query.
    bool nowOperatorsOnLocalClock = false;
};

class RemoteEngine : public Engine {
    Q_OBJECT
public:
    explicit RemoteEngine(RemoteEngineOptions options, QObject *parent = nullptr);
    ~RemoteEngine() override;

    QString describe() const override;
    EngineCapabilities capabilities() const override;
    qint64 now() const override;
    CommandOptions defaultCommandOptions() const override;
    const RemoteEngineOptions &options() const { return m_options; }
    // Aborts every request in flight; their futures fail with Cancelled.
    void cancelAll();
    // Learns what the server accepts: whether Wow's HTTP query guard is on (v8.10.9+: list
    // limit 1..1000, page size 100, window 10 000, expensive operators refused) and whether
    // the BI script has the current POST route. capabilities() answers from it afterwards.
    QFuture<EngineCapabilities> probe() override;
    static QByteArray userAgent();

    QFuture<CommandResult> execute(const Command &command, const CommandOptions &options) override;

    QFuture<qint64> countSnapshots(const Condition &condition) override;
    QFuture<QList<Document>> listSnapshots(const ListQuery &query, SnapshotView view) override;
    QFuture<PagedList<Document>> pagedSnapshots(const PagedQuery &query, SnapshotView view) override;
    QFuture<Document> singleSnapshot(const SingleQuery &query, SnapshotView view) override;
    QFuture<Document> getSnapshot(const QString &aggregateId) override;
    QFuture<void> regenerateSnapshot(const QString &aggregateId) override;
    QFuture<BatchResult> batchRegenerateSnapshots(const QString &afterId, int limit) override;

    QFuture<ExecutionFailedState> loadState(const QString &aggregateId) override;
    QFuture<ExecutionFailedState> loadStateAtVersion(const QString &aggregateId, int version) override;
    QFuture<ExecutionFailedState> loadStateAtTime(const QString &aggregateId, qint64 createTime) override;
    QFuture<QList<StateEvent>> tracing(const QString &aggregateId, const TracingRange &range) override;

    QFuture<QList<Document>> loadEventStreams(const QString &aggregateId, int headVersion, int tailVersion) override;
    QFuture<QList<Document>> listEventStreams(const ListQuery &query) override;
    QFuture<PagedList<Document>> pagedEventStreams(const PagedQuery &query) override;
    QFuture<qint64> countEventStreams(const Condition &condition) override;
    QFuture<int> compensate(const QString &aggregateId, int version, const CompensationTarget &target) override;
    QFuture<BatchResult> resendStateEvents(const QString &afterId, int limit) override;

    QFuture<std::vector<AggregationRow>> aggregateSnapshots(const AggregationQuery &query) override;
    QFuture<std::vector<AggregationRow>> aggregateEventStreams(const AggregationQuery &query) override;
    QFuture<CursorPage<Document>> cursorSnapshots(const CursorQuery &query, SnapshotView view) override;
    QFuture<CursorPage<Document>> cursorEventStreams(const CursorQuery &query) override;
    QFuture<QueryModelDescriptor> describeQueryModel(QueryModel model) override;

    QFuture<WowMetadata> metadata() override;
    QFuture<QString> generateGlobalId() override;
    QFuture<BiScriptResponse> generateBiScript(const BiScriptRequest &request) override;

    struct Call;
    struct Reply {
        int status = 0;
        QByteArray body;
        QByteArray contentType;
    };
    QFuture<Reply> send(const Call &call);

    // What went over the wire since the engine was made or resetTraffic(): requests answered
    // (each attempt), and the bytes of request and response bodies.
    struct Traffic {
        qint64 requests = 0;
        qint64 bytesSent = 0;
        qint64 bytesReceived = 0;
    };
    Traffic traffic() const { return m_traffic; }
    void resetTraffic() { m_traffic = {}; }

    // Remembers the server's clock from a reply's Date header (see EngineCapabilities).
    void noteServerDate(const QByteArray &date);

private:
    template <typename Q>
    Result<QByteArray> queryBody(const Q &query) const;
    Result<QByteArray> countBody(const Condition &condition) const;
    // A list longer than the list limit through the server's cursor routes (Wow ≥ 9.0): any
    // sort, any condition; restarts from the first page when the server refuses a token.
    QFuture<QList<Document>> listByServerCursor(const ListQuery &query, bool snapshots, SnapshotView view);
    QFuture<QList<Document>> listPaged(const QString &path, const ListQuery &query, bool snapshots, SnapshotView view);

    RemoteEngineOptions m_options;
    bool m_reservedHeadersRefused = false; // the server refuses Command-Header-command_operator (Wow 9.2.3+)
    QNetworkAccessManager *m_nam;
    EngineCapabilities m_caps;
    QSet<QNetworkReply *> m_inFlight; // removed again when they finish
    Traffic m_traffic;
};

// The options a saved connection profile stands for, with its secret.
RemoteEngineOptions remoteOptions(const ConnectionProfile &profile, const QString &secret);

} // namespace wci
