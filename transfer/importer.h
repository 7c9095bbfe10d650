#pragma once

// Import of evidence: JSON arrays or NDJSON of event streams (from an export of this tool or of
// a Wow server) into an engine that stores foreign streams (the built-in one, through
// StreamImporter), reporting bad documents with their line and skipping duplicates.

#include "engine.h"

namespace wci {

struct ImportProblem {
    QString file;
    qint64 line = 0;      // 1-based; 0 when it concerns a whole aggregate
    QString aggregateId;
    QString message;
};

struct ImportReport {
    qint64 documents = 0;   // stream documents read
    qint64 imported = 0;    // streams written
    qint64 duplicates = 0;  // streams already stored
    qint64 aggregates = 0;  // aggregates with something written
    QList<ImportProblem> problems;
    bool cancelled = false;
    qint64 indexMs = -1;    // a bulk import: the time the store took to build its indexes at the end
};

class Importer {
public:
    explicit Importer(StreamImporter *engine) : m_engine(engine) {}
    // Reads each file (JSON array or NDJSON, decided by the first non-blank character); calls
    // `progress(documents)` now and then; stops when `cancelled()` says so (asked before each
    // document), writing the documents taken until then. Documents are decoded on a worker
    // thread a chunk at a time while the previous chunk is written.
    ImportReport importFiles(const QStringList &files, const std::function<void(qint64)> &progress = {},
                             const std::function<bool()> &cancelled = {});
    // A command-line import, which nothing reads while it runs: an empty store builds its
    // indexes once at the end (StreamImporter::beginBulkImport).
    void setBulk(bool bulk) { m_bulk = bulk; }

private:
    bool m_bulk = false;
    // Writes the batch and moves its streams to `spent` (freed on the decoding thread, which
    // allocated them).
    void flush(std::vector<ImportStream> &batch, QHash<QString, qint64> &lines, const QString &file, ImportReport &r,
               std::vector<ImportStream> &spent);
    StreamImporter *m_engine;
};

} // namespace wci
