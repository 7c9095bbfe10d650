#include "doc_codec.h"

#define ZDICT_STATIC_LINKING_ONLY // the fastCover trainer with fixed parameters
#include <zdict.h>
#include <zstd.h>

#include <cstring>

namespace wci {

namespace {

constexpr unsigned char kMagic[4] = {0x28, 0xB5, 0x2F, 0xFD}; // ZSTD_MAGICNUMBER, little-endian

[[noreturn]] void fail(const char *what, size_t code)
{
    throw DocCodecError(std::string(what) + ": " + ZSTD_getErrorName(code));
}

// One context per thread and direction, reused for every document.
struct Contexts {
    ZSTD_CCtx *c = ZSTD_createCCtx();
    ZSTD_DCtx *d = ZSTD_createDCtx();
    ~Contexts()
    {
        ZSTD_freeCCtx(c);
        ZSTD_freeDCtx(d);
    }
};

Contexts &contexts()
{
    thread_local Contexts ctx;
    return ctx;
}

} // namespace

struct DocCodec::Dictionary {
    QByteArray data;
    ZSTD_CDict *cdict = nullptr;
    ZSTD_DDict *ddict = nullptr;
    ~Dictionary()
    {
        ZSTD_freeCDict(cdict);
        ZSTD_freeDDict(ddict);
    }
};

DocCodec::DocCodec() = default;
DocCodec::~DocCodec() = default;

unsigned DocCodec::dictionaryId(const QByteArray &dictionary)
{
    return ZDICT_getDictID(dictionary.constData(), size_t(dictionary.size()));
}

unsigned DocCodec::addDictionary(const QByteArray &dictionary)
{
    const unsigned id = dictionaryId(dictionary);
    if (id == 0)
        throw DocCodecError("not a compression dictionary");
    {
        QReadLocker lock(&m_lock);
        if (m_dictionaries.count(id))
            return id;
    }
    auto d = std::make_shared<Dictionary>();
    d->data = dictionary;
    d->cdict = ZSTD_createCDict(d->data.constData(), size_t(d->data.size()), kLevel);
    d->ddict = ZSTD_createDDict(d->data.constData(), size_t(d->data.size()));
    if (!d->cdict || !d->ddict)
        throw DocCodecError("the compression dictionary cannot be loaded");
    QWriteLocker lock(&m_lock);
    m_dictionaries.emplace(id, std::move(d));
    return id;
}

void DocCodec::setCurrent(unsigned id)
{
    QWriteLocker lock(&m_lock);
    if (id != 0 && !m_dictionaries.count(id))
        throw DocCodecError("unknown compression dictionary");
    m_current = id;
}

unsigned DocCodec::current() const
{
    QReadLocker lock(&m_lock);
    return m_current;
}

bool DocCodec::hasDictionary(unsigned id) const
{
    return find(id) != nullptr;
}

std::shared_ptr<const DocCodec::Dictionary> DocCodec::find(unsigned id) const
{
    QReadLocker lock(&m_lock);
    const auto it = m_dictionaries.find(id);
    return it == m_dictionaries.end() ? nullptr : it->second;
}

QByteArray DocCodec::compress(QByteArrayView doc) const
{
    return compressWith(doc, current());
}

QByteArray DocCodec::compressWith(QByteArrayView doc, unsigned id) const
{
    const std::shared_ptr<const Dictionary> dict = id ? find(id) : nullptr;
    if (!dict)
        throw DocCodecError("no compression dictionary");
    QByteArray out(qsizetype(ZSTD_compressBound(size_t(doc.size()))), Qt::Uninitialized);
    const size_t n = ZSTD_compress_usingCDict(contexts().c, out.data(), size_t(out.size()), doc.data(),
                                              size_t(doc.size()), dict->cdict);
    if (ZSTD_isError(n))
        fail("compression failed", n);
    out.truncate(qsizetype(n));
    return out;
}

bool DocCodec::isFrame(QByteArrayView stored)
{
    return stored.size() >= 4 && std::memcmp(stored.data(), kMagic, 4) == 0;
}

qint64 DocCodec::contentSize(QByteArrayView frame)
{
    if (!isFrame(frame))
        return -1;
    const unsigned long long n = ZSTD_getFrameContentSize(frame.data(), size_t(frame.size()));
    return n == ZSTD_CONTENTSIZE_UNKNOWN || n == ZSTD_CONTENTSIZE_ERROR ? -1 : qint64(n);
}

unsigned DocCodec::dictionaryOf(QByteArrayView frame)
{
    return isFrame(frame) ? ZSTD_getDictID_fromFrame(frame.data(), size_t(frame.size())) : 0;
}

void DocCodec::decompress(QByteArrayView frame, char *out, qsizetype outSize) const
{
    const unsigned id = dictionaryOf(frame);
    size_t n = 0;
    if (id == 0) {
        n = ZSTD_decompressDCtx(contexts().d, out, size_t(outSize), frame.data(), size_t(frame.size()));
    } else {
        const auto dict = find(id);
        if (!dict)
            throw DocCodecError("a stored document needs compression dictionary " + std::to_string(id)
                                + ", which the database does not hold");
        n = ZSTD_decompress_usingDDict(contexts().d, out, size_t(outSize), frame.data(), size_t(frame.size()),
                                       dict->ddict);
    }
    if (ZSTD_isError(n))
        fail("a stored document cannot be decompressed", n);
    if (qsizetype(n) != outSize)
        throw DocCodecError("a stored document is shorter than its frame declares");
}

QByteArray DocCodec::decompress(QByteArrayView frame) const
{
    const qint64 size = contentSize(frame);
    if (size < 0)
        throw DocCodecError("a stored document is not a complete compressed frame");
    QByteArray out(qsizetype(size), Qt::Uninitialized);
    decompress(frame, out.data(), out.size());
    return out;
}

QByteArray DocCodec::decode(QByteArrayView stored) const
{
    return isFrame(stored) ? decompress(stored) : stored.toByteArray();
}

QByteArray DocCodec::train(const std::vector<QByteArray> &samples, int capacity)
{
    QByteArray joined;
    std::vector<size_t> sizes;
    sizes.reserve(samples.size());
    qsizetype total = 0;
    for (const auto &s : samples)
        total += s.size();
    joined.reserve(total);
    for (const auto &s : samples) {
        joined.append(s);
        sizes.push_back(size_t(s.size()));
    }
    QByteArray dict(capacity, Qt::Uninitialized);
    // Fixed fastCover parameters instead of ZDICT_trainFromBuffer's search over segment sizes:
    // on these documents (JSON with long, repetitive stack traces) segments of 1 000 bytes give
    // at least the ratio the search finds, in a fifth of the time (it runs in the first write
    // transaction of every new file, the demo's included). A frequency table of 2^16 entries
    // (f) instead of 2^20 halves the time again (46 to 22 ms on 2 000 documents) and
    // compresses as well.
    ZDICT_fastCover_params_t params{};
    params.k = 1000;
    params.d = 8;
    params.f = 16;
    params.accel = 1;
    params.zParams.compressionLevel = kLevel;
    const size_t n = ZDICT_trainFromBuffer_fastCover(dict.data(), size_t(dict.size()), joined.constData(), sizes.data(),
                                                     unsigned(sizes.size()), params);
    if (ZDICT_isError(n))
        return {};
    dict.truncate(qsizetype(n));
    return dict;
}

} // namespace wci
