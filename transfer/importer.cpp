#include "importer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QJsonDocument>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cstring>

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

void Importer::flush(std::vector<ImportStream> &batch, QHash<QString, qint64> &lines, const QString &file, ImportReport &r,
                     std::vector<ImportStream> &spent)
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
    if (spent.empty())
        spent = std::move(batch);
    else
        std::move(batch.begin(), batch.end(), std::back_inserter(spent));
    batch.clear();
    lines.clear();
}

namespace {

// A chunk of documents read from a file, decoded on a worker thread: the streams, prepared by
// the engine (StreamImporter::prepareImport), and per document, in file order, its line and
// either its stream's index or why it is not one. Of NDJSON read by the task: the start of the
// line the block ended in, and that line's number.
struct DecodedChunk {
    struct Item {
        qint64 line = 0;
        qsizetype stream = -1;
        QString error;
    };
    std::vector<ImportStream> streams;
    std::vector<Item> items;
    QByteArray rest;
    qint64 nextLine = 1;
    bool atEnd = true;
};

constexpr size_t kChunk = 2000; // documents of a JSON array decoded per task
constexpr qint64 kBlock = 2 << 20; // bytes of NDJSON read and decoded per task
// The first block is larger, so that it holds enough documents to train a new file's
// dictionary from (StreamImporter::prepareImport).
constexpr qint64 kFirstBlock = 8 << 20;

// What a task decodes: documents with their lines (of a JSON array), or the next block of an
// NDJSON file, which the task reads, after `rest` (the start of line `firstLine`).
struct RawChunk {
    std::vector<std::pair<QByteArray, qint64>> documents;
    QIODevice *file = nullptr;
    qint64 block = 0;
    QByteArray rest;
    qint64 firstLine = 1;
};

// Reads the chunk's block of NDJSON and cuts its whole lines into documents.
void readLines(RawChunk &chunk, DecodedChunk &out)
{
    QByteArray data = std::move(chunk.rest);
    const qsizetype kept = data.size();
    data.resize(kept + chunk.block);
    const qint64 got = chunk.file->read(data.data() + kept, chunk.block);
    data.resize(kept + std::max<qint64>(got, 0));
    out.atEnd = got <= 0;
    qsizetype size = data.size();
    if (!out.atEnd) { // the last line goes on in the next block
        size = QByteArrayView(data).lastIndexOf('\n') + 1; // 0 when the block holds no line end
    }
    const char *text = data.constData();
    qint64 line = chunk.firstLine;
    for (qsizetype from = 0; from < size; ++line) {
        const char *nl = static_cast<const char *>(std::memchr(text + from, '\n', size_t(size - from)));
        const qsizetype end = nl ? qsizetype(nl - text) : size;
        const QByteArrayView document = QByteArrayView(text + from, end - from).trimmed();
        if (!document.isEmpty())
            chunk.documents.emplace_back(document.toByteArray(), line);
        from = end + 1;
    }
    out.rest = data.sliced(size);
    out.nextLine = line;
}

// `spent`: streams written before, freed here, on the thread that allocated them, rather than
// on the writing thread, which has the longer share of the work.
DecodedChunk decodeChunk(StreamImporter *engine, RawChunk chunk, std::vector<ImportStream> spent)
{
    spent = {};
    DecodedChunk out;
    if (chunk.file)
        readLines(chunk, out);
    out.items.reserve(chunk.documents.size());
    out.streams.reserve(chunk.documents.size());
    for (auto &[bytes, line] : chunk.documents) {
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
        std::vector<ImportStream> batch, spent;
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
                flush(batch, lines, file, r, spent);
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
        RawChunk chunk;
        const auto stopped = [&] {
            if (!r.cancelled && cancelled && cancelled())
                r.cancelled = true;
            return r.cancelled;
        };
        const auto start = [&] {
            decoding = QtConcurrent::run(decodeChunk, m_engine, std::move(chunk), std::move(spent));
            spent = {};
            chunk = {};
        };
        // Takes a task's documents (each stops when cancelled).
        const auto takeAll = [&](DecodedChunk &done) {
            for (const auto &d : done.items) {
                if (stopped())
                    return;
                take(done, d);
            }
        };
        const auto takeFrom = [&](QFuture<DecodedChunk> task) {
            if (!task.isValid())
                return;
            DecodedChunk done = task.takeResult();
            takeAll(done);
        };
        const auto submit = [&] {
            if (chunk.documents.empty())
                return;
            QFuture<DecodedChunk> previous = std::exchange(decoding, {});
            start();
            takeFrom(std::move(previous)); // the previous chunk, written while this one is decoded
        };
        const auto read = [&](QByteArray bytes, qint64 line) {
            chunk.documents.emplace_back(std::move(bytes), line);
            if (chunk.documents.size() >= kChunk)
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
                takeFrom(std::exchange(decoding, {}));
            }
            if (truncated)
                r.problems.append({file, badLine, {}, u"The JSON array is truncated or malformed here; the documents before it were read."_s});
        } else {
            // The task reads the file too, a block of lines at a time: the next block is read
            // once the previous one's last line is known, while that one's streams are written.
            chunk.file = &f;
            chunk.block = kFirstBlock;
            start();
            while (decoding.isValid()) {
                DecodedChunk done = decoding.takeResult();
                decoding = {};
                if (!done.atEnd && !stopped()) {
                    chunk.file = &f;
                    chunk.block = kBlock;
                    chunk.rest = std::move(done.rest);
                    chunk.firstLine = done.nextLine;
                    start();
                }
                takeAll(done);
            }
        }
        if (decoding.isValid()) { // cancelled: documents read but not taken are not written
            decoding.waitForFinished();
            decoding = {};
        }
        flush(batch, lines, file, r, spent);
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
