#include "importer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QJsonDocument>
#include <QtConcurrent/QtConcurrentRun>

namespace wci {

using namespace Qt::StringLiterals;

namespace {

// Top-level elements of a JSON array with the line each starts on; `truncated` when the array
// does not close (the complete elements before are still returned).
struct ArrayElement {
    QByteArray bytes;
    qint64 line;
};

std::vector<ArrayElement> splitArray(const QByteArray &data, bool &truncated, qint64 &badLine)
{
    std::vector<ArrayElement> out;
    truncated = false;
    qint64 line = 1;
    qsizetype i = 0;
    const qsizetype n = data.size();
    auto skipSpace = [&] {
        while (i < n && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t')) {
            if (data[i] == '\n')
                ++line;
            ++i;
        }
    };
    skipSpace();
    if (i >= n || data[i] != '[') {
        truncated = true;
        badLine = line;
        return out;
    }
    ++i;
    while (true) {
        skipSpace();
        if (i >= n) {
            truncated = true;
            badLine = line;
            return out;
        }
        if (data[i] == ']')
            return out;
        if (data[i] == ',') {
            ++i;
            continue;
        }
        const qsizetype start = i;
        const qint64 startLine = line;
        int depth = 0;
        bool inString = false;
        for (; i < n; ++i) {
            const char c = data[i];
            if (c == '\n')
                ++line;
            if (inString) {
                if (c == '\\')
                    ++i;
                else if (c == '"')
                    inString = false;
                continue;
            }
            if (c == '"')
                inString = true;
            else if (c == '{' || c == '[')
                ++depth;
            else if (c == '}' || c == ']') {
                if (depth == 0)
                    break; // the array's own closing bracket after a scalar
                if (--depth == 0) {
                    ++i;
                    break;
                }
            } else if (c == ',' && depth == 0)
                break;
        }
        if (depth != 0 || inString || i > n) {
            truncated = true;
            badLine = startLine;
            return out;
        }
        out.push_back({data.mid(start, i - start).trimmed(), startLine});
    }
}

} // namespace

void Importer::flush(std::vector<ImportStream> &batch, QHash<QString, qint64> &lines, const QString &file, ImportReport &r)
{
    if (batch.empty())
        return;
    try {
        for (const auto &o : m_engine->importStreams(batch)) {
            r.imported += o.imported;
            r.duplicates += o.duplicates;
            if (o.imported > 0)
                ++r.aggregates;
            if (!o.error.isEmpty())
                r.problems.append({file, lines.value(o.aggregateId), o.aggregateId,
                                   o.error + u" Nothing of this aggregate was imported from this batch."_s});
        }
    } catch (const EngineError &e) {
        r.problems.append({file, 0, {}, u"%1: %2"_s.arg(e.errorCode, e.errorMsg)});
    }
    batch.clear();
    lines.clear();
}

namespace {

// A chunk of documents read from a file, decoded on a worker thread: the streams, prepared by
// the engine (StreamImporter::prepareImport), and per document, in file order, its line and
// either its stream's index or why it is not one.
struct DecodedChunk {
    struct Item {
        qint64 line = 0;
        qsizetype stream = -1;
        QString error;
    };
    std::vector<ImportStream> streams;
    std::vector<Item> items;
};

constexpr size_t kChunk = 2000; // documents decoded per task

DecodedChunk decodeChunk(StreamImporter *engine, std::vector<std::pair<QByteArray, qint64>> chunk)
{
    DecodedChunk out;
    out.items.reserve(chunk.size());
    out.streams.reserve(chunk.size());
    for (auto &[bytes, line] : chunk) {
        auto s = DomainEventStream::fromJsonBytes(bytes);
        if (!s) {
            out.items.push_back({line, -1, s.error().message});
            continue;
        }
        out.items.push_back({line, qsizetype(out.streams.size()), {}});
        ImportStream &stream = out.streams.emplace_back();
        stream.stream = std::move(s).value();
        stream.raw = std::move(bytes);
    }
    engine->prepareImport(out.streams);
    return out;
}

} // namespace

ImportReport Importer::importFiles(const QStringList &files, const std::function<void(qint64)> &progress,
                                   const std::function<bool()> &cancelled)
{
    ImportReport r;
    constexpr size_t kBatch = 2000;
    bool bulk = false;
    try {
        bulk = m_bulk && m_engine->beginBulkImport();
    } catch (const EngineError &) {
        // the store keeps its indexes and the import writes them entry by entry
    }
    // The indexes are built when the import ends, however it ends.
    const auto finishBulk = [&] {
        if (!bulk)
            return;
        QElapsedTimer t;
        t.start();
        try {
            m_engine->endBulkImport();
        } catch (const EngineError &e) {
            r.problems.append({{}, 0, {}, u"The indexes were not built (the next open builds them): %1"_s.arg(e.errorMsg)});
        }
        r.indexMs = t.elapsed();
    };
    auto finishOnThrow = qScopeGuard([&] {
        try {
            finishBulk();
        } catch (...) {
        }
    });
    for (const QString &file : files) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly)) {
            r.problems.append({file, 0, {}, u"Cannot open: %1"_s.arg(f.errorString())});
            continue;
        }
        std::vector<ImportStream> batch;
        QHash<QString, qint64> lines; // aggregate → line of its first stream in the batch
        QString lastAggregate;
        auto take = [&](DecodedChunk &chunk, const DecodedChunk::Item &d) {
            ++r.documents;
            if (d.stream < 0) {
                r.problems.append({file, d.line, {}, u"Not an event stream: %1"_s.arg(d.error)});
                return;
            }
            ImportStream &s = chunk.streams[size_t(d.stream)];
            // Flush between aggregates, so an aggregate's streams in a run stay in one batch.
            if (batch.size() >= kBatch && s.stream.aggregateId != lastAggregate)
                flush(batch, lines, file, r);
            lastAggregate = s.stream.aggregateId;
            if (!lines.contains(lastAggregate))
                lines.insert(lastAggregate, d.line);
            batch.push_back(std::move(s));
            if (progress && r.documents % 1000 == 0)
                progress(r.documents);
        };
        // Documents are decoded a chunk at a time on a worker thread while the engine writes
        // the previous chunk's streams on this one; they are taken in file order.
        QFuture<DecodedChunk> decoding;
        std::vector<std::pair<QByteArray, qint64>> chunk;
        const auto stopped = [&] {
            if (!r.cancelled && cancelled && cancelled())
                r.cancelled = true;
            return r.cancelled;
        };
        const auto takeDecoded = [&] {
            if (!decoding.isValid())
                return;
            DecodedChunk done = decoding.takeResult();
            decoding = {};
            for (const auto &d : done.items) {
                if (stopped())
                    return;
                take(done, d);
            }
        };
        const auto submit = [&] {
            if (chunk.empty())
                return;
            QFuture<DecodedChunk> next = QtConcurrent::run(decodeChunk, m_engine, std::move(chunk));
            chunk = {};
            takeDecoded(); // the previous chunk, written while this one is decoded
            decoding = std::move(next);
        };
        const auto read = [&](QByteArray bytes, qint64 line) {
            chunk.emplace_back(std::move(bytes), line);
            if (chunk.size() >= kChunk)
                submit();
        };
        // JSON array or NDJSON, by the first non-blank character.
        char first = 0;
        while (!f.atEnd()) {
            char c = 0;
            if (!f.peek(&c, 1))
                break;
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                f.getChar(&c);
                continue;
            }
            first = c;
            break;
        }
        f.seek(0);
        if (first == '[') {
            bool truncated = false;
            qint64 badLine = 0;
            auto elements = splitArray(f.readAll(), truncated, badLine);
            for (size_t i = 0; i < elements.size(); ++i) {
                if (stopped())
                    break;
                read(std::move(elements[i].bytes), elements[i].line);
            }
            if (!r.cancelled) {
                submit();
                takeDecoded();
            }
            if (truncated)
                r.problems.append({file, badLine, {}, u"The JSON array is truncated or malformed here; the documents before it were read."_s});
        } else {
            qint64 line = 0;
            while (!f.atEnd()) {
                if (stopped())
                    break;
                QByteArray l = f.readLine().trimmed();
                ++line;
                if (l.isEmpty())
                    continue;
                read(std::move(l), line);
            }
            if (!r.cancelled) {
                submit();
                takeDecoded();
            }
        }
        if (decoding.isValid()) { // cancelled: documents read but not taken are not written
            decoding.waitForFinished();
            decoding = {};
        }
        flush(batch, lines, file, r);
        if (r.cancelled)
            break;
    }
    if (progress)
        progress(r.documents);
    finishOnThrow.dismiss();
    finishBulk();
    return r;
}

} // namespace wci
