#include "global_id.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRandomGenerator>

#include <cstring>

namespace wci {

static const char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

GlobalIdGenerator::GlobalIdGenerator(int machineId, std::function<qint64()> clock)
    : m_machineId(machineId % kMachineIdSpace), m_clock(std::move(clock))
{
    if (!m_clock)
        m_clock = [] { return QDateTime::currentMSecsSinceEpoch(); };
}

void GlobalIdGenerator::setMachineId(int machineId)
{
    QMutexLocker lock(&m_mutex);
    m_machineId = ((machineId % kMachineIdSpace) + kMachineIdSpace) % kMachineIdSpace;
}

int GlobalIdGenerator::randomMachineId()
{
    return static_cast<int>(QRandomGenerator::system()->bounded(kMachineIdSpace));
}

// Writes value's last `width` base-62 digits at out, with leading zeros.
static void writeBase62(QChar *out, qint64 value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        out[i] = QLatin1Char(value > 0 ? kAlphabet[value % 62] : '0');
        value /= 62;
    }
}

QString GlobalIdGenerator::encodeBase62(qint64 value, int width)
{
    QString out(width, Qt::Uninitialized);
    writeBase62(out.data(), value, width);
    return out;
}

qint64 GlobalIdGenerator::timestampOf(const QString &id)
{
    if (id.size() != 15)
        return -1;
    qint64 v = 0;
    for (int i = 0; i < 8; ++i) {
        const char c = id.at(i).toLatin1();
        const char *p = c ? std::strchr(kAlphabet, c) : nullptr;
        if (!p)
            return -1;
        v = v * 62 + (p - kAlphabet);
    }
    return v;
}

QString GlobalIdGenerator::next()
{
    return next(m_clock());
}

QString GlobalIdGenerator::next(qint64 now)
{
    QMutexLocker lock(&m_mutex);
    if (now < m_lastMs)
        now = m_lastMs; // clock stepped back: stay on the last millisecond
    if (now == m_lastMs) {
        if (++m_sequence >= kSequenceSpace) {
            ++now; // sequence exhausted: borrow the next millisecond
            m_sequence = 0;
        }
    } else {
        m_sequence = 0;
    }
    m_lastMs = now;
    QString id(15, Qt::Uninitialized); // one string, not one per part
    writeBase62(id.data(), now, 8);
    writeBase62(id.data() + 8, m_machineId, 4);
    writeBase62(id.data() + 12, m_sequence, 3);
    return id;
}

GlobalIdGenerator &GlobalIdGenerator::instance()
{
    static GlobalIdGenerator generator;
    return generator;
}

} // namespace wci
