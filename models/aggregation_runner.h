#pragma once

// Runs the aggregation queries behind the overview, the charts and the failure groups. An
// engine with aggregation (the built-in engine, Wow ≥ 8.12) answers each query itself, all of
// them at once. Otherwise the runner reads the documents of each job's scope page by page (only
// the fields the queries name) and computes the same rows with the domain's Aggregator, each
// query's filter evaluated here on the engine's clock; it then says how many documents it read.
// Either way the rows are those Wow's aggregation route would answer. A new run() or cancel()
// drops the answers of the previous one.

#include "aggregation.h"
#include "engine.h"
#include "reply_guard.h"

#include <QObject>
#include <QPointer>

namespace wci {

struct AggregationJob {
    DocumentKind kind = DocumentKind::Snapshot;
    Condition scope; // what the fallback reads; every query's filter selects within it
    std::vector<AggregationQuery> queries; // each with its complete filter
};

// The document fields a query reads: its filter's, its groups', its metrics' and their filters'.
QStringList aggregationFields(const AggregationQuery &query, DocumentKind kind);

class AggregationRunner : public QObject {
    Q_OBJECT
public:
    enum class Mode { Automatic, Scan }; // Scan: never the engine's aggregation (benchmarks, tests)

    explicit AggregationRunner(Engine *engine, QObject *parent = nullptr);
    ~AggregationRunner() override;

    void run(std::vector<AggregationJob> jobs, Mode mode = Mode::Automatic);
    void cancel();
    bool isRunning() const { return m_running; }
    // After finished(): the rows of query `query` of job `job`.
    const std::vector<AggregationRow> &rows(size_t job, size_t query) const;
    // Whether the rows came from reading documents (and how many were read).
    bool scanned() const { return m_scanned; }
    qint64 documentsRead() const { return m_documentsRead; }

signals:
    void progress(qint64 documentsRead);
    void finished();
    void failed(const QString &message);

private:
    struct ScanState;
    void aggregateOnEngine();
    void scanJob(size_t job);
    void scanPage(size_t job);
    void fail(const QString &message);

    QPointer<Engine> m_engine;
    std::vector<AggregationJob> m_jobs;
    std::vector<std::vector<std::vector<AggregationRow>>> m_rows;
    std::unique_ptr<ScanState> m_scan;
    ReplyGuard m_reply;
    bool m_running = false;
    bool m_scanned = false;
    qint64 m_documentsRead = 0;
    int m_outstanding = 0;
};

} // namespace wci
