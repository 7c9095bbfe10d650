// How the built-in engine stores documents: compressed with a dictionary trained from the
// file's own documents (doc_codec.h), the SQL functions that read them back, the file's size
// and compression (File › Database properties) and compaction.

#include "builtin_engine_impl.h"

#include <QFileInfo>
#include <QPromise>

namespace wci {

namespace {

DocCodec &codecOf(sqlite3_context *ctx)
{
    return *static_cast<DocCodec *>(sqlite3_user_data(ctx));
}

QByteArrayView blobOf(sqlite3_value *v)
{
    return QByteArrayView(static_cast<const char *>(sqlite3_value_blob(v)), sqlite3_value_bytes(v));
}

// Makes sure the codec holds the dictionary a frame was made with: one trained by another
// engine or process on the same file after this one loaded the file's dictionaries is read
// from the file (through the connection the frame was read on).
void ensureDictionary(sqlite3 *db, DocCodec &codec, QByteArrayView frame)
{
    const unsigned id = DocCodec::dictionaryOf(frame);
    if (id == 0 || codec.hasDictionary(id))
        return;
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT data FROM doc_dictionary WHERE id = ?", -1, &st, nullptr) != SQLITE_OK)
        return; // decompression then says which dictionary is missing
    sqlite3_bind_int64(st, 1, sqlite3_int64(id));
    if (sqlite3_step(st) == SQLITE_ROW) {
        try {
            codec.addDictionary(QByteArray(static_cast<const char *>(sqlite3_column_blob(st, 0)), sqlite3_column_bytes(st, 0)));
        } catch (const DocCodecError &) {
            // not a dictionary: decompression reports the frame as unreadable
        }
    }
    sqlite3_finalize(st);
}

// wci_doc(stored): the document as text.
void docFunction(sqlite3_context *ctx, int, sqlite3_value **argv)
{
    switch (sqlite3_value_type(argv[0])) {
    case SQLITE_NULL:
        sqlite3_result_null(ctx);
        return;
    case SQLITE_BLOB: {
        const QByteArrayView frame = blobOf(argv[0]);
        const qint64 size = DocCodec::contentSize(frame);
        if (size < 0) {
            sqlite3_result_error(ctx, "a stored document is neither JSON text nor a compressed frame", -1);
            return;
        }
        char *out = static_cast<char *>(sqlite3_malloc64(sqlite3_uint64(std::max<qint64>(size, 1))));
        if (!out) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        try {
            ensureDictionary(sqlite3_context_db_handle(ctx), codecOf(ctx), frame);
            codecOf(ctx).decompress(frame, out, size);
        } catch (const DocCodecError &e) {
            sqlite3_free(out);
            sqlite3_result_error(ctx, e.what(), -1);
            return;
        }
        sqlite3_result_text64(ctx, out, sqlite3_uint64(size), sqlite3_free, SQLITE_UTF8);
        return;
    }
    default:
        sqlite3_result_value(ctx, argv[0]);
    }
}

// wci_doc_size(stored): the document's size in bytes, from the frame header.
void docSizeFunction(sqlite3_context *ctx, int, sqlite3_value **argv)
{
    const int type = sqlite3_value_type(argv[0]);
    if (type == SQLITE_NULL)
        sqlite3_result_null(ctx);
    else if (type == SQLITE_BLOB)
        sqlite3_result_int64(ctx, DocCodec::contentSize(blobOf(argv[0])));
    else
        sqlite3_result_int64(ctx, sqlite3_value_bytes(argv[0]));
}

// wci_doc_stored(stored): the bytes the stored form takes.
void docStoredFunction(sqlite3_context *ctx, int, sqlite3_value **argv)
{
    sqlite3_result_int64(ctx, sqlite3_value_bytes(argv[0]));
}

// wci_doc_dict(stored): the dictionary a frame was made with (0: none, or plain text).
void docDictFunction(sqlite3_context *ctx, int, sqlite3_value **argv)
{
    sqlite3_result_int64(ctx, sqlite3_value_type(argv[0]) == SQLITE_BLOB ? DocCodec::dictionaryOf(blobOf(argv[0])) : 0);
}

qint64 fileBytes(const QString &path)
{
    return QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size();
}

} // namespace

void registerDocumentFunctions(Connection &c, const DocCodec &codec)
{
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    void *user = const_cast<DocCodec *>(&codec);
    sqlite3_create_function_v2(c.handle(), "wci_doc", 1, flags, user, docFunction, nullptr, nullptr, nullptr);
    sqlite3_create_function_v2(c.handle(), "wci_doc_size", 1, flags, user, docSizeFunction, nullptr, nullptr, nullptr);
    sqlite3_create_function_v2(c.handle(), "wci_doc_stored", 1, flags, user, docStoredFunction, nullptr, nullptr, nullptr);
    sqlite3_create_function_v2(c.handle(), "wci_doc_dict", 1, flags, user, docDictFunction, nullptr, nullptr, nullptr);
}

QByteArray BuiltinEngine::Impl::storedDocument(Connection &c, const Statement &st, int col)
{
    const QByteArrayView stored = st.blobView(col);
    ensureDictionary(c.handle(), codec, stored);
    return codec.decode(stored);
}

void BuiltinEngine::Impl::bindDocument(Statement &st, int index, const QByteArray &doc)
{
    if (options.compressDocuments && codec.current())
        st.bindBlob(index, codec.compress(doc));
    else
        st.bind(index, doc);
}

void BuiltinEngine::Impl::keepSample(bool snapshot, qint64 seq, const QString &aggregateId, const QByteArray &doc)
{
    if (!options.compressDocuments || codec.current() || trainingFailed)
        return;
    // Once there are enough samples, later documents are only noted, to be compressed too.
    const bool wanted = !trainingDue();
    samples.push_back({snapshot, seq, aggregateId, wanted ? doc : QByteArray()});
    sampleBytes += wanted ? doc.size() : 0;
    if (wanted)
        ++sampleDocs;
}

bool BuiltinEngine::Impl::enoughSamples(qsizetype docs, qsizetype bytes) const
{
    return docs >= options.dictionarySamples || bytes >= kTrainingBytes;
}

bool BuiltinEngine::Impl::trainingDue() const
{
    return enoughSamples(sampleDocs, sampleBytes);
}

void BuiltinEngine::Impl::loadDictionaries()
{
    Statement &st = writer->prepare(u"SELECT data FROM doc_dictionary ORDER BY id"_s);
    while (st.step())
        codec.addDictionary(st.bytes(0));
    st.reset();
    Statement &cur = writer->prepare(u"SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'doc_dictionary'"_s);
    const unsigned id = cur.step() ? unsigned(cur.int64(0)) : 0;
    cur.reset();
    if (id && codec.hasDictionary(id))
        codec.setCurrent(id);
}

QByteArray BuiltinEngine::Impl::dictionaryFrom(const std::vector<QByteArray> &docs)
{
    qsizetype total = 0;
    for (const auto &d : docs)
        total += d.size();
    // About a tenth of the samples' size, as zstd advises, within 4 KB … 112 KB.
    const int capacity = int(std::clamp<qsizetype>(total / 10, 4096, DocCodec::kDictionaryCapacity));
    return DocCodec::train(docs, capacity);
}

void BuiltinEngine::Impl::storeDictionary(unsigned id, const QByteArray &dictionary, qint64 samples)
{
    Statement &ins = writer->prepare(u"INSERT INTO doc_dictionary(id, trained_at, samples, data) VALUES (?, ?, ?, ?) "
                                     "ON CONFLICT(id) DO NOTHING"_s);
    ins.bind(1, qint64(id)).bind(2, clock()).bind(3, samples).bindBlob(4, dictionary).run();
    writer->exec(u"INSERT INTO meta(key, value) VALUES ('doc_dictionary', '%1') "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value"_s.arg(id));
}

unsigned BuiltinEngine::Impl::trainDictionary(const std::vector<QByteArray> &docs)
{
    const QByteArray dict = dictionaryFrom(docs);
    if (dict.isEmpty())
        return 0;
    const unsigned id = codec.addDictionary(dict);
    storeDictionary(id, dict, qint64(docs.size()));
    return id;
}

bool BuiltinEngine::Impl::primeDictionary(std::vector<BuiltinEngine::ImportStream> &streams)
{
    if (!options.compressDocuments || options.readOnly || dictionaryAhead())
        return false;
    std::vector<QByteArray> docs;
    qsizetype bytes = 0;
    for (const auto &s : streams) {
        if (!s.raw.isEmpty())
            docs.push_back(s.raw);
        if (s.snapshot)
            docs.push_back(s.snapshot->snapshot.toJsonBytes());
    }
    for (const auto &d : docs)
        bytes += d.size();
    if (!enoughSamples(qsizetype(docs.size()), bytes))
        return false; // as many as the writer trains from, or the file stays plain as it would
    try {
        const QByteArray dict = dictionaryFrom(docs);
        if (dict.isEmpty())
            return false;
        const unsigned id = codec.addDictionary(dict);
        // Compressed here, so the writer stores the frames as they are.
        size_t doc = 0;
        for (auto &s : streams) {
            if (!s.raw.isEmpty()) {
                s.stored = codec.compressWith(docs[doc++], id);
                s.storedWith = id;
            }
            if (s.snapshot) {
                auto prepared = std::make_shared<PreparedSnapshot>(*s.snapshot);
                prepared->stored = codec.compressWith(docs[doc++], id);
                prepared->storedWith = id;
                s.snapshot = std::move(prepared);
            }
        }
        QMutexLocker lock(&primedMutex);
        if (primedId)
            return false;
        primedId = id;
        primedDictionary = dict;
        primedSamples = qint64(docs.size());
        return true;
    } catch (const DocCodecError &) {
        return false; // the documents stay plain and the writer trains from them
    }
}

unsigned BuiltinEngine::Impl::dictionaryAhead() const
{
    if (const unsigned id = codec.current())
        return id;
    QMutexLocker lock(&primedMutex);
    return primedId;
}

bool BuiltinEngine::Impl::recode(Connection &c, bool snapshot, const sqlite::Value &key, unsigned current)
{
    Statement &get = c.prepare(snapshot ? u"SELECT doc FROM snapshot_doc WHERE aggregate_id = ?"_s
                                        : u"SELECT doc FROM event_stream WHERE seq = ?"_s);
    get.bind(1, key);
    if (!get.step()) {
        get.reset();
        return false;
    }
    const QByteArray stored = get.bytes(0);
    get.reset();
    if (DocCodec::dictionaryOf(stored) == current && DocCodec::isFrame(stored))
        return false;
    ensureDictionary(c.handle(), codec, stored);
    const QByteArray frame = codec.compress(codec.decode(stored));
    Statement &put = c.prepare(snapshot ? u"UPDATE snapshot_doc SET doc = ? WHERE aggregate_id = ?"_s
                                        : u"UPDATE event_stream SET doc = ? WHERE seq = ?"_s);
    put.bindBlob(1, frame).bind(2, key).run();
    return true;
}

void BuiltinEngine::Impl::recodeSamples(const std::vector<Sample> &taken, unsigned current)
{
    for (const auto &s : taken)
        recode(*writer, s.snapshot, s.snapshot ? sqlite::Value(s.aggregateId) : sqlite::Value(s.seq), current);
}

BuiltinEngine::Impl::WriteLock::WriteLock(Impl &impl) : m_impl(impl), m_lock(impl.writeMutex)
{
    m_impl.adoptFileDictionary();
    m_impl.trainIfDue();
}

void BuiltinEngine::Impl::adoptFileDictionary() noexcept
{
    if (!options.compressDocuments || options.readOnly || codec.current())
        return;
    try {
        Statement &cur = writer->prepare(u"SELECT 1 FROM meta WHERE key = 'doc_dictionary'"_s);
        const bool trained = cur.step();
        cur.reset();
        if (trained)
            loadDictionaries();
    } catch (...) {
        return; // documents stay plain until the next write looks again
    }
    if (!codec.current()) {
        unsigned id = 0;
        QByteArray dictionary;
        qint64 count = 0;
        {
            QMutexLocker lock(&primedMutex);
            id = primedId;
            dictionary = primedDictionary;
            count = primedSamples;
        }
        if (id) {
            try {
                Transaction txn(*writer);
                storeDictionary(id, dictionary, count);
                txn.commit();
                codec.setCurrent(id);
            } catch (...) {
                return; // as above; documents prepared with it are compressed again by the writer
            }
        }
    }
    if (const unsigned id = codec.current()) {
        // What this engine wrote plain meanwhile (kept as training samples) is compressed now.
        std::vector<Sample> taken;
        taken.swap(samples);
        sampleBytes = 0;
        sampleDocs = 0;
        try {
            Transaction txn(*writer);
            recodeSamples(taken, id);
            txn.commit();
        } catch (...) {
            // they stay plain and readable; Compact compresses them
        }
    }
}

BuiltinEngine::Impl::WriteLock::~WriteLock()
{
    if (m_lock.owns_lock())
        m_impl.trainIfDue();
}

void BuiltinEngine::Impl::WriteLock::unlock()
{
    m_impl.trainIfDue();
    m_lock.unlock();
}

void BuiltinEngine::Impl::trainIfDue() noexcept
{
    if (!options.compressDocuments || options.readOnly || codec.current() || trainingFailed || !trainingDue())
        return;
    std::vector<Sample> taken;
    taken.swap(samples);
    sampleBytes = 0;
    sampleDocs = 0;
    try {
        Transaction txn(*writer);
        loadDictionaries(); // another process sharing the file may have trained one
        unsigned id = codec.current();
        if (!id) {
            std::vector<QByteArray> docs;
            docs.reserve(taken.size());
            for (const auto &s : taken)
                if (!s.doc.isEmpty())
                    docs.push_back(s.doc);
            id = trainDictionary(docs);
        }
        if (!id) {
            trainingFailed = true; // documents stay plain; Compact tries again with more of them
            return;
        }
        codec.setCurrent(id); // recode compresses with the current dictionary; undone on failure
        recodeSamples(taken, id);
        txn.commit();
    } catch (...) {
        // Training is an optimisation: on failure the documents stay plain and readable.
        codec.setCurrent(0);
        trainingFailed = true;
    }
}

std::vector<QByteArray> BuiltinEngine::Impl::sampleStoredDocuments(Connection &c)
{
    std::vector<QByteArray> out;
    qsizetype bytes = 0;
    const auto take = [&](const QString &maxSql, const QString &sampleSql, int wanted) {
        Statement &mx = c.prepare(maxSql);
        const qint64 top = mx.step() ? mx.int64(0) : 0;
        mx.reset();
        Statement &st = c.prepare(sampleSql);
        st.bind(1, std::max<qint64>(1, top / std::max(1, wanted))).bind(2, wanted);
        while (st.step() && bytes < kTrainingBytes) {
            out.push_back(st.bytes(0));
            bytes += out.back().size();
        }
        st.reset();
    };
    const int wanted = options.dictionarySamples;
    take(u"SELECT COALESCE(MAX(seq), 0) FROM event_stream"_s,
         u"SELECT wci_doc(doc) FROM event_stream WHERE seq % ? = 0 LIMIT ?"_s, wanted * 3 / 4);
    take(u"SELECT COALESCE(MAX(rowid), 0) FROM snapshot_doc"_s,
         u"SELECT wci_doc(doc) FROM snapshot_doc WHERE rowid % ? = 0 LIMIT ?"_s, wanted - wanted * 3 / 4);
    return out;
}

StorageInfo BuiltinEngine::Impl::storageInfo()
{
    auto lease = reader();
    Connection &c = *lease;
    StorageInfo info;
    info.path = options.path;
    info.fileBytes = fileBytes(options.path);
    Transaction txn(c, false); // one snapshot of the file for every figure
    Statement &fmt = c.prepare(u"SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'"_s);
    info.format = fmt.step() ? int(fmt.int64(0)) : 0;
    fmt.reset();
    Statement &pages = c.prepare(u"SELECT (SELECT freelist_count FROM pragma_freelist_count()) * "
                                 "(SELECT page_size FROM pragma_page_size())"_s);
    pages.step();
    info.freeBytes = pages.int64(0);
    pages.reset();
    Statement &dicts = c.prepare(u"SELECT COUNT(*), COALESCE(SUM(length(data)), 0) FROM doc_dictionary"_s);
    dicts.step();
    info.dictionaries = int(dicts.int64(0));
    info.dictionaryBytes = dicts.int64(1);
    dicts.reset();
    // The file's current dictionary (another engine on the file may have trained it).
    Statement &cur = c.prepare(u"SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'doc_dictionary'"_s);
    const qint64 current = cur.step() ? cur.int64(0) : 0;
    cur.reset();
    for (const bool snapshots : {false, true}) {
        Statement &st = c.prepare(
            snapshots ? u"SELECT COUNT(*), COALESCE(SUM(wci_doc_size(doc)), 0), COALESCE(SUM(wci_doc_stored(doc)), 0), "
                        "COALESCE(SUM(typeof(doc) != 'blob' OR wci_doc_dict(doc) != ?), 0) FROM snapshot_doc"_s
                      : u"SELECT COUNT(*), COALESCE(SUM(wci_doc_size(doc)), 0), COALESCE(SUM(wci_doc_stored(doc)), 0), "
                        "COALESCE(SUM(typeof(doc) != 'blob' OR wci_doc_dict(doc) != ?), 0) FROM event_stream"_s);
        st.bind(1, current);
        st.step();
        (snapshots ? info.failures : info.eventStreams) = st.int64(0);
        info.documentBytes += st.int64(1);
        info.storedBytes += st.int64(2);
        info.plainDocuments += st.int64(3);
        st.reset();
    }
    txn.commit();
    return info;
}

CompactResult BuiltinEngine::Impl::compact(QPromise<CompactResult> &promise)
{
    if (options.readOnly)
        throw EngineError(ErrorCode::IllegalState, u"The database is open read-only."_s);
    CompactResult r;
    r.bytesBefore = fileBytes(options.path);
    const auto finish = [&] {
        r.bytesAfter = fileBytes(options.path);
        return r;
    };
    promise.setProgressRange(0, 1000);
    promise.setProgressValue(0);
    // A dictionary first, when the file has none (a file of format 3, or too few documents so far).
    if (options.compressDocuments && !codec.current()) {
        auto lock = lockWrites();
        Transaction txn(*writer);
        const unsigned id = trainDictionary(sampleStoredDocuments(*writer));
        txn.commit();
        if (id) {
            codec.setCurrent(id);
            trainingFailed = false;
            samples.clear();
            sampleBytes = 0;
            sampleDocs = 0;
        }
    }
    const unsigned current = codec.current();
    qint64 total = 0;
    {
        auto lease = reader();
        Statement &st = (*lease).prepare(u"SELECT (SELECT COUNT(*) FROM event_stream) + (SELECT COUNT(*) FROM snapshot_doc)"_s);
        st.step();
        total = std::max<qint64>(1, st.int64(0));
        st.reset();
    }
    qint64 done = 0;
    constexpr int kBatch = 500;
    // Then every document not stored with that dictionary, a batch per transaction, so the
    // window's own commands go between them and Cancel keeps what was done.
    if (current) {
        for (const bool snapshots : {false, true}) {
            sqlite::Value after = snapshots ? sqlite::Value(QString()) : sqlite::Value(qint64(-1));
            for (;;) {
                if (promise.isCanceled())
                    return finish();
                auto lock = lockWrites();
                Transaction txn(*writer);
                auto keys = writer->prepareUncached(
                    snapshots ? u"SELECT aggregate_id FROM snapshot_doc WHERE aggregate_id > ? ORDER BY aggregate_id LIMIT ?"_s
                              : u"SELECT seq FROM event_stream WHERE seq > ? ORDER BY seq LIMIT ?"_s);
                keys->bind(1, after).bind(2, kBatch);
                std::vector<sqlite::Value> batch;
                while (keys->step())
                    batch.push_back(snapshots ? sqlite::Value(keys->text(0)) : sqlite::Value(keys->int64(0)));
                keys.reset();
                for (const auto &k : batch)
                    r.recompressed += recode(*writer, snapshots, k, current) ? 1 : 0;
                txn.commit();
                lock.unlock();
                done += qint64(batch.size());
                promise.setProgressValue(int(std::min<qint64>(900, done * 900 / total)));
                if (int(batch.size()) < kBatch)
                    break;
                after = batch.back();
            }
        }
    }
    if (promise.isCanceled())
        return finish();
    // Then the file rewritten without its free pages; Cancel interrupts it (nothing changes).
    {
        std::unique_lock<QMutex> lock(writeMutex);
        writer->exec("PRAGMA temp_store=FILE");
        try {
            Interruption cancel(*writer, [&promise] { return promise.isCanceled(); });
            writer->exec("VACUUM");
            r.vacuumed = true;
        } catch (const SqliteError &e) {
            writer->exec("PRAGMA temp_store=MEMORY");
            if (!Interruption::interrupted(e))
                throw;
            return finish();
        }
        writer->exec("PRAGMA temp_store=MEMORY");
        writer->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    promise.setProgressValue(1000);
    return finish();
}

} // namespace wci
