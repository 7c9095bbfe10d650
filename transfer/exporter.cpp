#include "exporter.h"
#include "delivered.h"

#include "csv.h"
#include "failure_text.h"
#include "timeline_model.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

namespace wci {

using namespace Qt::StringLiterals;

std::optional<ExportSpec::What> ExportSpec::parseWhat(QStringView s)
{
    if (s == u"streams") return What::Streams;
    if (s == u"snapshots") return What::Snapshots;
    if (s == u"states") return What::States;
    if (s == u"list") return What::List;
    if (s == u"bundle") return What::Bundle;
    return std::nullopt;
}

std::optional<ExportSpec::Format> ExportSpec::parseFormat(QStringView s)
{
    if (s == u"json") return Format::Json;
    if (s == u"ndjson") return Format::Ndjson;
    if (s == u"csv") return Format::Csv;
    return std::nullopt;
}

static Condition andWith(const Condition &base, Condition more)
{
    return base.op == Operator::All ? more : Condition::and_({base, std::move(more)});
}

// The id a page goes on from: snapshots carry aggregateId, states their id.
static QString lastIdOf(const QList<Document> &docs)
{
    if (docs.isEmpty())
        return {};
    const QJsonObject o = docs.last().object();
    return o.contains("aggregateId"_L1) ? o.value("aggregateId"_L1).toString() : o.value("id"_L1).toString();
}

Exporter::Exporter(Engine *engine, ExportSpec spec, QIODevice *out, AuditLog *audit, QObject *parent)
    : QObject(parent), m_engine(engine), m_spec(std::move(spec)), m_out(out), m_audit(audit)
{
}

bool Exporter::idsOnlyExport() const
{
    return m_spec.what == ExportSpec::What::Streams || m_spec.what == ExportSpec::What::Bundle;
}

SnapshotView Exporter::snapshotView() const
{
    return m_spec.what == ExportSpec::What::States ? SnapshotView::State : SnapshotView::Document;
}

int Exporter::limit() const
{
    if (m_spec.pageSize > 0)
        return m_spec.pageSize;
    const int cap = m_engine ? m_engine->capabilities().maxListLimit : 0;
    return cap > 0 ? cap : 5000;
}

void Exporter::cancel()
{
    m_cancelled = true;
}

void Exporter::fail(const QString &message)
{
    if (m_finished)
        return;
    m_error = message;
    m_finished = true;
    emit finished();
}

void Exporter::done()
{
    if (m_finished)
        return;
    if (m_spec.format == ExportSpec::Format::Json)
        write(QByteArray()); // closes the array
    if (!flush())
        return;
    m_finished = true;
    emit finished();
}

void Exporter::write(const QByteArray &doc)
{
    // Collected and handed on in blocks (flush), not a system call per document.
    if (m_finished)
        return; // failed: nothing more goes out
    if (m_buffer.capacity() < kFlushBytes)
        m_buffer.reserve(kFlushBytes + (64 << 10));
    const qsizetype before = m_buffer.size();
    if (m_spec.format == ExportSpec::Format::Json) {
        if (doc.isNull()) {
            m_buffer.append(m_first ? "[]\n" : "]\n");
        } else {
            m_buffer.append(m_first ? '[' : ',').append(doc);
            m_first = false;
        }
    } else if (m_spec.format == ExportSpec::Format::Ndjson) {
        m_buffer.append(doc).append('\n');
    } else {
        m_buffer.append(doc); // CSV rows come with their line ends
    }
    m_bytes += m_buffer.size() - before;
    if (m_buffer.size() >= kFlushBytes)
        flush();
}

bool Exporter::flush()
{
    if (m_finished)
        return false;
    if (m_buffer.isEmpty())
        return true;
    const bool ok = m_out->write(m_buffer) == m_buffer.size();
    m_buffer.resize(0); // keeps its memory for the next
    if (!ok) {
        fail(u"Cannot write the output: %1"_s.arg(m_out->errorString()));
        m_cancelled = true;
    }
    return ok;
}

void Exporter::reportProgress()
{
    if (flush())
        emit progress(m_items, m_bytes);
}

template <typename T>
void Exporter::attempt(std::function<QFuture<T>()> call, std::function<void(const T &)> ok, int tries)
{
    if (m_cancelled || !m_engine) {
        fail(m_error.isEmpty() ? u"Cancelled."_s : m_error);
        return;
    }
    delivered(this, call())
        .then(this, [this, ok](const T &value) {
            // Always later, from the event loop: a future that is already finished runs its
            // continuation at once, which would write the next page before the current one.
            QMetaObject::invokeMethod(
                this,
                [this, ok, value] {
                    if (m_cancelled) {
                        fail(m_error.isEmpty() ? u"Cancelled."_s : m_error);
                        return;
                    }
                    ok(value);
                },
                Qt::QueuedConnection);
        })
        .onFailed(this, [this, call, ok, tries](const EngineError &e) {
            static const QStringList permanent = {ErrorCode::IllegalArgument, ErrorCode::BadRequest, u"Unauthorized"_s,
                                                  u"Forbidden"_s, u"ResponseTooLarge"_s};
            if (!m_cancelled && tries + 1 < m_spec.maxAttempts && !permanent.contains(e.errorCode)) {
                // Resume where it stopped: the same page, a little later.
                ++m_retries;
                QTimer::singleShot(250 << tries, this, [this, call, ok, tries] { attempt<T>(call, ok, tries + 1); });
                return;
            }
            fail(u"%1: %2"_s.arg(e.errorCode, e.errorMsg));
        });
}

void Exporter::start()
{
    if (!m_engine) {
        fail(u"No engine."_s);
        return;
    }
    if (m_spec.format == ExportSpec::Format::Csv && m_spec.what != ExportSpec::What::List) {
        fail(u"CSV is for the failure list (--what list)."_s);
        return;
    }
    if (m_spec.what == ExportSpec::What::List && m_spec.format != ExportSpec::Format::Csv) {
        fail(u"The failure list is exported as CSV (--format csv)."_s);
        return;
    }
    if (m_spec.format == ExportSpec::Format::Csv)
        writeCsvHeader();
    if (m_spec.what == ExportSpec::What::Streams && m_spec.everything) {
        // Every stream, deleted aggregates' too: event-stream queries have no deleted guard.
        streamPage(Condition::all(), {}, {}, 0, [this] { done(); });
        return;
    }
    m_byCursor = m_spec.ids.isEmpty() && m_engine->capabilities().cursorPaging;
    nextFailures({}, 0);
}

void Exporter::nextFailures(const QString &after, int idIndex)
{
    const int n = limit();
    const bool idsOnly = idsOnlyExport();
    if (!m_spec.ids.isEmpty()) {
        const QStringList batch = m_spec.ids.mid(idIndex, n);
        if (batch.isEmpty()) {
            done();
            return;
        }
        const bool more = idIndex + n < m_spec.ids.size();
        if (idsOnly) {
            QList<Document> docs;
            for (const auto &id : batch)
                docs.append(Document{u"{\"aggregateId\":\"%1\"}"_s.arg(id).toUtf8()});
            onFailures(docs, {}, more, idIndex + n);
            return;
        }
        QJsonArray arr;
        for (const auto &id : batch)
            arr.append(id);
        ListQuery q;
        q.condition = Condition::in(u"aggregateId"_s, arr);
        q.sort = {Sort{u"aggregateId"_s, SortDirection::Asc}};
        q.limit = n;
        const SnapshotView view = snapshotView();
        attempt<QList<Document>>([this, q, view] { return m_engine->listSnapshots(q, view); },
                                 [this, more, idIndex, n](const QList<Document> &docs) { onFailures(docs, {}, more, idIndex + n); });
        return;
    }
    if (m_byCursor) {
        cursorFailures(after);
        return;
    }
    // Deleted failures only show for a query that is nothing but DELETED: one list, no cursor.
    const bool deletedRoot = m_spec.condition.op == Operator::Deleted;
    ListQuery q;
    q.condition = after.isEmpty() || deletedRoot ? m_spec.condition
                                                 : andWith(m_spec.condition, Condition::leaf(u"aggregateId"_s, Operator::Gt, after));
    q.sort = {Sort{u"aggregateId"_s, SortDirection::Asc}};
    // One list, as long as the server's list limit (a list without a limit is one longer than
    // any, which the remote engine would have to page).
    const int listLimit = m_engine ? m_engine->capabilities().maxListLimit : 0;
    q.limit = deletedRoot ? listLimit : n;
    if (idsOnly)
        q.projection.include = {u"aggregateId"_s};
    const SnapshotView view = snapshotView();
    attempt<QList<Document>>([this, q, view] { return m_engine->listSnapshots(q, view); },
                             [this, n, deletedRoot, listLimit](const QList<Document> &docs) {
                                 if (deletedRoot && listLimit > 0 && docs.size() >= listLimit) {
                                     fail(u"The server lists at most %1 deleted failures at once and cannot page them "
                                          "(Wow before 9.0); narrow the condition to export the rest."_s.arg(listLimit));
                                     return;
                                 }
                                 onFailures(docs, lastIdOf(docs), !deletedRoot && docs.size() == n, 0);
                             });
}

void Exporter::cursorFailures(const QString &after)
{
    const bool idsOnly = idsOnlyExport();
    CursorQuery q;
    q.condition = m_spec.condition;
    q.sort = {Sort{u"aggregateId"_s, SortDirection::Asc}};
    const int cap = m_engine ? m_engine->capabilities().maxPageSize : 0;
    q.size = cap > 0 ? std::min(limit(), cap) : limit();
    q.cursor = m_nextCursor;
    if (idsOnly)
        q.projection.include = {u"aggregateId"_s};
    const SnapshotView view = snapshotView();
    using Page = std::optional<CursorPage<Document>>;
    attempt<Page>(
        [this, q, view] {
            // A refused token is not a failure of the export: nothing, and the export goes on by id.
            return m_engine->cursorSnapshots(q, view)
                .then([](const CursorPage<Document> &p) { return Page(p); })
                .onFailed([](const EngineError &e) -> Page {
                    if (e.isInvalidCursor())
                        return std::nullopt;
                    throw e;
                });
        },
        [this, after](const Page &page) {
            if (!page) {
                m_nextCursor.clear();
                if (m_spec.condition.op == Operator::Deleted && !after.isEmpty()) {
                    fail(u"The server no longer takes the cursor (it restarted or changed its key), and deleted failures "
                         "cannot be read on from an id; export them again."_s);
                    return;
                }
                // After the last id written, a list page at a time, in the same order.
                m_byCursor = false;
                nextFailures(after, 0);
                return;
            }
            m_nextCursor = page->nextCursor;
            const QList<Document> docs(page->list.begin(), page->list.end());
            const QString last = docs.isEmpty() ? after : lastIdOf(docs);
            onFailures(docs, last, !page->nextCursor.isEmpty(), 0);
        });
}

void Exporter::onFailures(const QList<Document> &docs, const QString &last, bool more, int idIndex)
{
    const auto next = [this, last, more, idIndex] {
        if (!more || m_cancelled) {
            if (m_cancelled)
                fail(m_error.isEmpty() ? u"Cancelled."_s : m_error);
            else
                done();
            return;
        }
        nextFailures(last, idIndex);
    };
    switch (m_spec.what) {
    case ExportSpec::What::Snapshots:
    case ExportSpec::What::States:
        for (const auto &d : docs) {
            write(d.json);
            ++m_items;
        }
        reportProgress();
        next();
        return;
    case ExportSpec::What::List:
        for (const auto &d : docs) {
            if (auto s = d.as<Snapshot>())
                writeCsvRow(*s);
            ++m_items;
        }
        reportProgress();
        next();
        return;
    case ExportSpec::What::Streams:
    case ExportSpec::What::Bundle: {
        QStringList ids;
        QJsonArray arr;
        for (const auto &d : docs) {
            const QString id = d.object().value("aggregateId"_L1).toString();
            ids.append(id);
            arr.append(id);
        }
        if (ids.isEmpty()) {
            next();
            return;
        }
        if (m_spec.what == ExportSpec::What::Bundle) {
            bundle(ids, 0, next);
            return;
        }
        // Streams of this batch of aggregates, in groups the stream cursor can page through.
        streamPage(Condition::in(u"aggregateId"_s, arr), {}, {}, 0, next);
        return;
    }
    }
}

void Exporter::streamPage(const Condition &sc, const QString &after, const QString &within, int withinVersion, Step then)
{
    const int n = limit();
    ListQuery q;
    q.limit = n;
    if (!within.isEmpty()) {
        q.condition = andWith(sc, Condition::and_({Condition::eq(u"aggregateId"_s, within),
                                                   Condition::leaf(u"version"_s, Operator::Gt, withinVersion)}));
        q.sort = {Sort{u"version"_s, SortDirection::Asc}};
    } else {
        q.condition = after.isEmpty() ? sc : andWith(sc, Condition::leaf(u"aggregateId"_s, Operator::Gt, after));
        q.sort = {Sort{u"aggregateId"_s, SortDirection::Asc}, Sort{u"version"_s, SortDirection::Asc}};
    }
    attempt<QList<Document>>([this, q] { return m_engine->listEventStreams(q); },
                             [this, sc, after, within, n, then](const QList<Document> &docs) {
                                 // Ask for the next page first, so the engine reads it while this
                                 // one is written (the continuation runs after this one returns).
                                 const bool full = docs.size() == n;
                                 if (full) {
                                     const QJsonObject last = docs.last().object();
                                     streamPage(sc, after, last.value("aggregateId"_L1).toString(),
                                                last.value("version"_L1).toInt(), then);
                                 } else if (!within.isEmpty()) {
                                     streamPage(sc, within, {}, 0, then); // the rest, after that aggregate
                                 }
                                 for (const auto &d : docs) {
                                     write(d.json);
                                     ++m_items;
                                 }
                                 reportProgress();
                                 if (!full && within.isEmpty())
                                     then();
                             });
}

void Exporter::bundle(const QStringList &ids, int index, Step then)
{
    if (index >= ids.size()) {
        then();
        return;
    }
    const QString id = ids.at(index);
    attempt<QList<StateEvent>>([this, id] { return m_engine->tracing(id, TracingRange{}); },
                               [this, ids, index, then, id](const QList<StateEvent> &trace) {
        attempt<QList<Document>>([this, id] { return m_engine->loadEventStreams(id, 1, std::numeric_limits<int>::max()); },
                                 [this, ids, index, then, id, trace](const QList<Document> &streams) {
            const auto finish = [this, ids, index, then, id, trace, streams](const QByteArray &snapshotJson) {
                QByteArray b("{\"executionId\":");
                b += QJsonDocument(QJsonArray{id}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
                b += ",\"exportedAt\":" + QByteArray::number(QDateTime::currentMSecsSinceEpoch());
                b += ",\"state\":" + (trace.isEmpty() ? QByteArray("null") : trace.last().state.toJsonBytes());
                b += ",\"snapshot\":" + (snapshotJson.isEmpty() ? QByteArray("null") : snapshotJson);
                b += ",\"eventStreams\":[";
                for (int i = 0; i < streams.size(); ++i)
                    b += (i ? "," : "") + streams[i].json;
                b += "],\"timeline\":";
                QJsonArray timeline;
                for (const auto &t : buildTimeline(trace, true)) {
                    timeline.append(QJsonObject{{"version"_L1, t.version},
                                                {"time"_L1, double(t.time)},
                                                {"what"_L1, t.what},
                                                {"sincePreviousMs"_L1, double(t.sincePrevious)},
                                                {"who"_L1, t.who},
                                                {"changes"_L1, QJsonArray::fromStringList(t.changes)}});
                }
                b += QJsonDocument(timeline).toJson(QJsonDocument::Compact);
                b += ",\"audit\":";
                QJsonArray audit;
                if (m_audit) {
                    AuditFilter f;
                    f.text = id;
                    for (const auto &e : m_audit->list(f)) {
                        if (e.target != id)
                            continue;
                        audit.append(QJsonObject{{"time"_L1, double(e.time)}, {"operator"_L1, e.operatorName},
                                                 {"engine"_L1, e.engine},     {"location"_L1, e.location},
                                                 {"action"_L1, e.action},     {"command"_L1, e.command},
                                                 {"reason"_L1, e.reason},     {"requestId"_L1, e.requestId},
                                                 {"outcome"_L1, e.outcome},   {"errorCode"_L1, e.errorCode},
                                                 {"message"_L1, e.message}});
                    }
                }
                b += QJsonDocument(audit).toJson(QJsonDocument::Compact);
                b += '}';
                write(b);
                ++m_items;
                reportProgress();
                bundle(ids, index + 1, then);
            };
            // Wow serves no snapshot of a deleted aggregate: then the one rebuilt from tracing.
            delivered(this, m_engine->getSnapshot(id))
                .then(this, [finish](const Document &d) { finish(d.json); })
                .onFailed(this, [finish, trace](const EngineError &) {
                    finish(trace.isEmpty() ? QByteArray() : snapshotFromStateEvent(trace.last()).toJsonBytes());
                });
        });
    });
}

void Exporter::writeCsvHeader()
{
    QByteArray h = "status,executionId,context,processor,function,errorCode,errorMessage,retries,maxRetries,recoverable,"
                   "firstFailed,lastExecuted,nextRetry,timeout,deleted";
    if (m_spec.stackTrace)
        h += ",stackTrace";
    write(h + "\r\n");
}

void Exporter::writeCsvRow(const Snapshot &s)
{
    const ExecutionFailedState &st = s.state;
    const auto iso = [](qint64 ms) { return ms ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs) : QString(); };
    QStringList f{enumName(st.status),
                  s.aggregateId,
                  st.function.contextName,
                  st.function.processorName,
                  st.function.name,
                  st.error.errorCode,
                  st.error.errorMsg,
                  QString::number(st.retryState.retries),
                  QString::number(st.retrySpec.maxRetries),
                  enumName(st.recoverable),
                  iso(s.firstEventTime),
                  iso(st.executeAt),
                  iso(st.retryState.nextRetryAt),
                  iso(st.retryState.timeoutAt),
                  s.deleted ? u"true"_s : u"false"_s};
    if (m_spec.stackTrace)
        f.append(st.error.stackTrace);
    write(csvRow(f).toUtf8());
}

} // namespace wci
