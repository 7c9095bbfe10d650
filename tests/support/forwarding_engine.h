#pragma once

// An Engine that hands every call to another: tests derive from it to change one or two answers
// (a refused route, a refused cursor token) and count calls.

#include "engine.h"

namespace wci::testing {

class ForwardingEngine : public Engine {
public:
    explicit ForwardingEngine(Engine *inner) : m_inner(inner) {}

    QString describe() const override { return m_inner->describe(); }
    EngineCapabilities capabilities() const override { return m_inner->capabilities(); }
    qint64 now() const override { return m_inner->now(); }
    QFuture<CommandResult> execute(const Command &c, const CommandOptions &o) override { return m_inner->execute(c, o); }
    QFuture<QList<Document>> listSnapshots(const ListQuery &q, SnapshotView v) override { return m_inner->listSnapshots(q, v); }
    QFuture<PagedList<Document>> pagedSnapshots(const PagedQuery &q, SnapshotView v) override { return m_inner->pagedSnapshots(q, v); }
    QFuture<Document> singleSnapshot(const SingleQuery &q, SnapshotView v) override { return m_inner->singleSnapshot(q, v); }
    QFuture<Document> getSnapshot(const QString &id) override { return m_inner->getSnapshot(id); }
    QFuture<void> regenerateSnapshot(const QString &id) override { return m_inner->regenerateSnapshot(id); }
    QFuture<BatchResult> batchRegenerateSnapshots(const QString &a, int l) override { return m_inner->batchRegenerateSnapshots(a, l); }
    QFuture<ExecutionFailedState> loadState(const QString &id) override { return m_inner->loadState(id); }
    QFuture<ExecutionFailedState> loadStateAtVersion(const QString &id, int v) override { return m_inner->loadStateAtVersion(id, v); }
    QFuture<ExecutionFailedState> loadStateAtTime(const QString &id, qint64 t) override { return m_inner->loadStateAtTime(id, t); }
    QFuture<QList<StateEvent>> tracing(const QString &id, const TracingRange &r) override { return m_inner->tracing(id, r); }
    QFuture<QList<Document>> loadEventStreams(const QString &id, int h, int t) override { return m_inner->loadEventStreams(id, h, t); }
    QFuture<QList<Document>> listEventStreams(const ListQuery &q) override { return m_inner->listEventStreams(q); }
    QFuture<PagedList<Document>> pagedEventStreams(const PagedQuery &q) override { return m_inner->pagedEventStreams(q); }
    QFuture<qint64> countEventStreams(const Condition &c) override { return m_inner->countEventStreams(c); }
    QFuture<int> compensate(const QString &id, int v, const CompensationTarget &t) override { return m_inner->compensate(id, v, t); }
    QFuture<BatchResult> resendStateEvents(const QString &a, int l) override { return m_inner->resendStateEvents(a, l); }
    QFuture<std::vector<AggregationRow>> aggregateEventStreams(const AggregationQuery &q) override { return m_inner->aggregateEventStreams(q); }
    QFuture<CursorPage<Document>> cursorSnapshots(const CursorQuery &q, SnapshotView v) override { return m_inner->cursorSnapshots(q, v); }
    QFuture<CursorPage<Document>> cursorEventStreams(const CursorQuery &q) override { return m_inner->cursorEventStreams(q); }
    QFuture<QueryModelDescriptor> describeQueryModel(QueryModel m) override { return m_inner->describeQueryModel(m); }
    QFuture<WowMetadata> metadata() override { return m_inner->metadata(); }
    QFuture<QString> generateGlobalId() override { return m_inner->generateGlobalId(); }
    QFuture<BiScriptResponse> generateBiScript(const BiScriptRequest &r) override { return m_inner->generateBiScript(r); }
    QFuture<qint64> countSnapshots(const Condition &c) override { return m_inner->countSnapshots(c); }
    QFuture<std::vector<AggregationRow>> aggregateSnapshots(const AggregationQuery &q) override { return m_inner->aggregateSnapshots(q); }

protected:
    Engine *m_inner;
};

// The same engine, whose snapshot cursor refuses the first token it is given (as a server that
// restarted or rotated its key does), counting the pages asked of it.
class RefusingOneCursorToken : public ForwardingEngine {
public:
    using ForwardingEngine::ForwardingEngine;
    int cursorPages = 0, refusedTokens = 0, listPages = 0;

    QFuture<CursorPage<Document>> cursorSnapshots(const CursorQuery &q, SnapshotView v) override
    {
        ++cursorPages;
        if (!q.cursor.isEmpty() && refusedTokens == 0) {
            ++refusedTokens;
            return QtFuture::makeExceptionalFuture<CursorPage<Document>>(
                EngineError(ErrorCode::IllegalArgument, QStringLiteral("Invalid cursor."), 400,
                            {BindingError{QStringLiteral("cursor"), QStringLiteral("Invalid cursor."), BindingCode::InvalidCursor}}));
        }
        return m_inner->cursorSnapshots(q, v);
    }
    QFuture<QList<Document>> listSnapshots(const ListQuery &q, SnapshotView v) override
    {
        ++listPages;
        return m_inner->listSnapshots(q, v);
    }
};

} // namespace wci::testing
