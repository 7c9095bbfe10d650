#pragma once

#include <QMutex>
#include <QString>

#include <functional>

namespace wci {

// Time-ordered, URL-safe ids in the shape of Wow's CosId ids (15 characters, e.g.
// "0V3pK1q90001001"): 8 base-62 characters of epoch milliseconds, 4 of a machine id and
// 3 of a per-millisecond sequence. The alphabet is in ASCII order (0-9, A-Z, a-z), so
// string order is generation order within one generator and time order across them.
//
// Uniqueness across processes comes from the machine id: processes that share one
// database file must each hold a different one (the built-in engine leases one from the
// database); the default is random, which is enough for a single process.
class GlobalIdGenerator {
public:
    static constexpr int kMachineIdSpace = 62 * 62 * 62 * 62;
    static constexpr int kSequenceSpace = 62 * 62 * 62;

    explicit GlobalIdGenerator(int machineId = randomMachineId(),
                               std::function<qint64()> clock = {});

    QString next();
    // An id for a given time (history replay); still never below the last id issued.
    QString next(qint64 nowMs);
    int machineId() const { return m_machineId; }
    void setMachineId(int machineId);

    static int randomMachineId();
    static QString encodeBase62(qint64 value, int width);
    // Milliseconds encoded in an id's first 8 characters, or -1 for a malformed id.
    static qint64 timestampOf(const QString &id);

    // The process-wide generator.
    static GlobalIdGenerator &instance();

private:
    QMutex m_mutex;
    int m_machineId;
    std::function<qint64()> m_clock;
    qint64 m_lastMs = -1;
    int m_sequence = 0;
};

} // namespace wci
