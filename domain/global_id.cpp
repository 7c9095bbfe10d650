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

QString GlobalIdGenerator::encodeBase62(qint64 value, int width)
{
    QString out(width, u'0');
    for (int i = width - 1; i >= 0 && value > 0; --i) {
        out[i] = QLatin1Char(kAlphabet[value % 62]);
        value /= 62;
    }
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
    return encodeBase62(now, 8) + encodeBase62(m_machineId, 4) + encodeBase62(m_sequence, 3);
}

GlobalIdGenerator &GlobalIdGenerator::instance()
{
    static GlobalIdGenerator generator;
    return generator;
}

} // namespace wci
