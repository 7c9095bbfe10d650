#pragma once

// Compression of the built-in engine's stored documents: zstd frames made with a dictionary
// trained from the documents themselves (Java stack traces and JSON keys repeat across
// failures, so a dictionary of about 100 KB takes most of a document away) and kept in the
// database. A frame records the id of its dictionary, so documents compressed with an older
// dictionary stay readable after a new one is trained. Decompression returns the exact bytes
// that were compressed. Thread-safe: dictionaries are added under a lock and never removed.

#include <QByteArray>
#include <QByteArrayView>
#include <QReadWriteLock>

#include <map>
#include <memory>
#include <stdexcept>
#include <vector>

namespace wci {

class DocCodecError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class DocCodec {
public:
    static constexpr int kLevel = 3;
    static constexpr int kDictionaryCapacity = 112 * 1024;

    DocCodec();
    ~DocCodec();
    DocCodec(const DocCodec &) = delete;
    DocCodec &operator=(const DocCodec &) = delete;

    // Adds a dictionary (ZDICT format) and returns its id; DocCodecError when it is not one.
    unsigned addDictionary(const QByteArray &dictionary);
    // The dictionary new documents are compressed with; 0 = none yet (documents stay plain).
    void setCurrent(unsigned id);
    unsigned current() const;
    bool hasDictionary(unsigned id) const;

    // A frame of `doc` with the current dictionary; DocCodecError when there is none.
    QByteArray compress(QByteArrayView doc) const;
    // A frame of `doc` with the dictionary `id` (added, current or not).
    QByteArray compressWith(QByteArrayView doc, unsigned id) const;

    // Whether a stored value is a zstd frame (a plain document starts with '{' or '[').
    static bool isFrame(QByteArrayView stored);
    // The original size a frame declares; -1 when it declares none or is not a frame.
    static qint64 contentSize(QByteArrayView frame);
    // The id of the dictionary a frame was made with (0: none).
    static unsigned dictionaryOf(QByteArrayView frame);
    // Decompresses into `out`, which holds exactly contentSize(frame) bytes.
    void decompress(QByteArrayView frame, char *out, qsizetype outSize) const;
    QByteArray decompress(QByteArrayView frame) const;
    // The stored value as the document: frames decompressed, plain documents as they are.
    QByteArray decode(QByteArrayView stored) const;

    // Trains a dictionary from sample documents; empty when the samples do not make one.
    static QByteArray train(const std::vector<QByteArray> &samples, int capacity = kDictionaryCapacity);
    static unsigned dictionaryId(const QByteArray &dictionary);

private:
    struct Dictionary;
    std::shared_ptr<const Dictionary> find(unsigned id) const;
    mutable QReadWriteLock m_lock;
    std::map<unsigned, std::shared_ptr<const Dictionary>> m_dictionaries;
    unsigned m_current = 0;
};

} // namespace wci
