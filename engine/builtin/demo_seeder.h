#pragma once

// Realistic demo failures for the built-in engine: several bounded contexts, processors and
// functions, a dozen error codes with Java-like stack traces ("Caused by:" chains), and
// histories through prepare, failed retries, successes, retry-spec and function changes,
// recoverable marks, deletes and recovers, so every dashboard category is populated.
// Deterministic for a given seed and `now`. Histories are decided and encoded on a worker
// thread while the previous ones are written.

#include "domain_error.h"

#include <QString>

#include <functional>

namespace wci {

struct SeedOptions {
    int count = 1000;
    quint64 seed = 1;
    qint64 now = 0; // epoch ms the histories lead up to; 0 = current time
    int batchSize = 2000; // documents (event streams, snapshots) written a transaction, whole histories
    bool compressDocuments = true; // off: plain documents, as format 3 stored them (tests)
    // Demo: every category populated as a live system would. Adversarial (benchmarks): nine in
    // ten failures PREPARED with their execution timeout straddling `now` (timed out or still
    // executing, in no id order), so most ids are outside every other category.
    enum class Shape { Demo, Adversarial } shape = Shape::Demo;
    // Called after each batch with aggregates done; return false to stop.
    std::function<bool(int done, int total)> progress;
};

struct SeedReport {
    int aggregates = 0;
    int commands = 0;
    int rejected = 0; // commands the domain refused (kept: they make realistic data too), and the
                      // streams of failures the file already had (seeded before with the same seed)
    qint64 now = 0;
};

Result<SeedReport> seedDemoDatabase(const QString &path, const SeedOptions &options);

} // namespace wci
