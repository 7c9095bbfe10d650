#pragma once

// Wow's compensation scheduler (SnapshotFindNextRetry) over any Engine: every period it lists
// the NextRetry category (sorted by version, at most `batchSize`) and sends
// PrepareCompensation for each hit. Off until start() is called.

#include "engine.h"

#include <QPointer>
#include <QTimer>

namespace wci {

class CompensationScheduler : public QObject {
    Q_OBJECT
public:
    explicit CompensationScheduler(Engine *engine, QObject *parent = nullptr);

    void setPeriod(int ms) { m_timer.setInterval(ms); }
    int period() const { return m_timer.interval(); }
    void setBatchSize(int n) { m_batchSize = n; }
    // "now" of the next-retry query; default: the engine's clock.
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }
    int batchSize() const { return m_batchSize; }
    bool isRunning() const { return m_timer.isActive(); }

    void start();
    void stop();
    // One round now; the future finishes when every prepare of the round has answered.
    QFuture<void> runOnce();

signals:
    // After each round: aggregates prepared and the ones the engine refused (with the reason).
    void roundFinished(int prepared, int refused, const QStringList &errors);

private:
    QPointer<Engine> m_engine;
    QTimer m_timer;
    int m_batchSize = 100;
    std::function<qint64()> m_clock;
    bool m_busy = false;
};

} // namespace wci
