#include "importer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QJsonDocument>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <deque>
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

// A chunk of documents decoded on a worker thread: the streams, prepared by the engine
// (StreamImporter::prepareImport), and per document, in file order, its line and either its
// stream's index or why it is not one. Of a block of NDJSON, lines are counted from the
// block's first (1), and `lines` says how many the block holds.
struct DecodedChunk {
    struct Item {
        qint64 line = 0;
        qsizetype stream = -1;
        QString error;
    };
    std::vector<ImportStream> streams;
    std::vector<Item> items;
    qint64 lines = 0;
    QByteArray block; // the NDJSON block, emptied, for the reader to read the next one into
};

constexpr size_t kChunk = 2000; // documents of a JSON array decoded per task
constexpr qint64 kBlock = 2 << 20; // bytes of NDJSON decoded per task
// The first block holds enough documents to train a new file's dictionary from
// (StreamImporter::prepareImport), and no more, as nothing is written before it is decoded.
constexpr qint64 kFirstBlock = 3 << 20;
// Tasks decoding at once, each on a thread of the pool, while this thread writes.
constexpr size_t kTasksAhead = 2;

// What a task decodes: documents with their lines (of a JSON array), or a block of whole
// NDJSON lines.
struct RawChunk {
    std::vector<std::pair<QByteArray, qint64>> documents;
    QByteArray block;
};

// Cuts a block of NDJSON into its documents (blank lines skipped), lines counted from 1.
void splitLines(RawChunk &chunk, DecodedChunk &out)
{
    QByteArray data = std::exchange(chunk.block, {});
    const auto giveBack = qScopeGuard([&] {
        data.resize(0); // keeps its memory
        out.block = std::move(data);
    });
    const char *text = data.constData();
    const qsizetype size = data.size();
    qint64 line = 1;
    for (qsizetype from = 0; from < size; ++line) {
        const char *nl = static_cast<const char *>(std::memchr(text + from, '\n', size_t(size - from)));
        const qsizetype end = nl ? qsizetype(nl - text) : size;
        const QByteArrayView document = QByteArrayView(text + from, end - from).trimmed();
        if (!document.isEmpty())
            chunk.documents.emplace_back(document.toByteArray(), line);
        from = end + 1;
    }
    out.lines = line - 1;
}

// `spent`: streams written before, freed here, on the thread that allocated them, rather than
// on the writing thread, which has the longer share of the work.
DecodedChunk decodeChunk(StreamImporter *engine, RawChunk chunk, std::vector<ImportStream> spent)
{
    spent = {};
    DecodedChunk out;
    if (!chunk.block.isEmpty())
        splitLines(chunk, out);
    out.items.reserve(chunk.documents.size());
    out.streams.reserve(chunk.documents.size());
    for (auto &[bytes, line] : chunk.documents) {
        // A one-line document is stored as it came: its events are typed from the same parse
        // (the engine replays them) and their body text is not kept.
        if (!bytes.contains('\n')) {
            if (auto typed = decodeTypedEventStream(bytes)) {
                out.items.push_back({line, qsizetype(out.streams.size()), {}});
                ImportStream &stream = out.streams.emplace_back();
                stream.stream = std::move(typed->stream);
                stream.events = std::move(typed->events);
                stream.raw = std::move(bytes);
                continue;
            }
        }
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

// Reads NDJSON a block of whole lines at a time (the last line of a file may lack its end).
class BlockReader {
public:
    explicit BlockReader(QIODevice &file) : m_file(file) {}
    bool atEnd() const { return m_atEnd; }
    // A block given back, read into again (its memory is not allocated and touched again).
    void recycle(QByteArray block)
    {
        if (m_spare.size() < kTasksAhead + 1 && block.capacity() > 0)
            m_spare.push_back(std::move(block));
    }
    // The next block of at least `size` bytes' whole lines (more when a line is longer); empty at the end.
    QByteArray next(qint64 size)
    {
        while (!m_atEnd) {
            QByteArray data;
            if (!m_spare.empty()) {
                data = std::move(m_spare.back());
                m_spare.pop_back();
            }
            data.resize(0);
            data.append(m_rest);
            m_rest.resize(0);
            const qsizetype kept = data.size();
            data.resize(kept + size);
            const qint64 got = m_file.read(data.data() + kept, size);
            data.resize(kept + std::max<qint64>(got, 0));
            if (got <= 0) {
                m_atEnd = true;
                return data;
            }
            const qsizetype whole = QByteArrayView(data).lastIndexOf('\n') + 1;
            if (whole == 0) { // no line ends yet: read on
                m_rest = std::move(data);
                continue;
            }
            m_rest.append(QByteArrayView(data).sliced(whole));
            data.truncate(whole);
            return data;
        }
        return {};
    }

private:
    QIODevice &m_file;
    QByteArray m_rest;
    std::vector<QByteArray> m_spare;
    bool m_atEnd = false;
};

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
            if (batch.capacity() == 0)
                batch.reserve(2 * kBatch); // grown once: a stream is moved in, not moved again
            batch.push_back(std::move(s));
            if (progress && r.documents % 1000 == 0)
                progress(r.documents);
        };
        // Documents are decoded a chunk at a time on the pool's threads, kTasksAhead chunks at
        // once, while this thread writes the chunks before them; they are taken in file order.
        // The first chunk is decoded alone: it may train the file's dictionary, which the
        // chunks after it are compressed with.
        std::deque<QFuture<DecodedChunk>> decoding;
        qint64 lineBase = 0; // of NDJSON: lines before the block of the oldest task
        bool firstTaken = false;
        const auto stopped = [&] {
            if (!r.cancelled && cancelled && cancelled())
                r.cancelled = true;
            return r.cancelled;
        };
        const auto start = [&](RawChunk chunk) {
            decoding.push_back(QtConcurrent::run(decodeChunk, m_engine, std::move(chunk), std::exchange(spent, {})));
        };
        const auto room = [&] { return decoding.size() < (firstTaken ? kTasksAhead : 1); };
        // Writes the batch but for the streams of its last aggregate, which the next task may go
        // on with: each task's streams are then written while the next ones are decoded.
        const auto flushAllButLast = [&] {
            size_t cut = batch.size();
            while (cut > 0 && batch[cut - 1].stream.aggregateId == lastAggregate)
                --cut;
            if (cut == 0)
                return;
            std::vector<ImportStream> carried;
            carried.reserve(2 * kBatch);
            std::move(batch.begin() + qsizetype(cut), batch.end(), std::back_inserter(carried));
            batch.resize(cut);
            const qint64 carriedLine = lines.value(lastAggregate);
            flush(batch, lines, file, r, spent);
            batch = std::move(carried);
            if (!batch.empty())
                lines.insert(lastAggregate, carriedLine);
        };
        // Writes the oldest task's documents (each stops when cancelled).
        std::function<void()> fill; // starts tasks while there is room and input
        std::function<void(QByteArray)> recycle; // takes back a task's emptied block
        const auto takeOldest = [&] {
            DecodedChunk done = decoding.front().takeResult();
            decoding.pop_front();
            firstTaken = true;
            if (recycle)
                recycle(std::move(done.block));
            fill(); // the next chunks are decoded while this one is written
            for (auto &d : done.items) {
                if (stopped())
                    break;
                d.line += lineBase;
                take(done, d);
            }
            lineBase += done.lines;
            flushAllButLast();
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
            size_t next = 0;
            fill = [&] {
                while (next < elements.size() && room()) {
                    RawChunk chunk;
                    for (const size_t end = std::min(elements.size(), next + kChunk); next < end; ++next)
                        chunk.documents.emplace_back(std::move(elements[next].bytes), elements[next].line);
                    start(std::move(chunk));
                }
            };
            fill();
            while (!stopped() && !decoding.empty())
                takeOldest();
            if (truncated)
                r.problems.append({file, badLine, {}, u"The JSON array is truncated or malformed here; the documents before it were read."_s});
        } else {
            // This thread reads the blocks (a copy from the system's cache); the tasks cut them
            // into lines and decode them.
            BlockReader reader(f);
            recycle = [&](QByteArray block) { reader.recycle(std::move(block)); };
            bool firstBlock = true;
            fill = [&] {
                while (!reader.atEnd() && room()) {
                    RawChunk chunk;
                    chunk.block = reader.next(std::exchange(firstBlock, false) ? kFirstBlock : kBlock);
                    if (!chunk.block.isEmpty())
                        start(std::move(chunk));
                }
            };
            fill();
            while (!stopped() && !decoding.empty())
                takeOldest();
            recycle = {};
        }
        for (auto &task : decoding) // cancelled: documents read but not taken are not written
            task.waitForFinished();
        decoding.clear();
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
