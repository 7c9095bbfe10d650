#pragma once

// Reads every snapshot matching a condition in aggregate-id order, a page at a time, with a
// projection of the fields the caller needs: through the engine's cursor where it has one (Wow
// ≥ 9.0, the built-in engine), else with a cursor on the id (`aggregateId > last`, within a Wow
// server's 1 000-row list limit), which also goes on after a cursor token the server no longer
// takes. Without the server's cursor, Wow only shows deleted aggregates to a query that is
// nothing but DELETED, so such a condition is read in one list (a server then answers at most
// its list limit). A new start() or cancel() drops the answers of the previous scan.

#include "engine.h"
#include "reply_guard.h"

#include <QPointer>

namespace wci {

class SnapshotScan : public QObject {
    Q_OBJECT
public:
    using PageHandler = std::function<void(const QList<Document> &)>;
    explicit SnapshotScan(Engine *engine, QObject *parent = nullptr) : QObject(parent), m_engine(engine) {}

    void start(const Condition &base, const QStringList &projection, PageHandler onPage, std::function<void()> onDone,
               std::function<void(const QString &)> onError, int pageSize = 1000);
    void cancel() { m_reply.cancel(); m_running = false; }
    bool isRunning() const { return m_running; }

private:
    void next(const QString &after);
    void nextByCursor(const QString &cursor, const QString &after);
    QStringList projectionWithId() const;

    QPointer<Engine> m_engine;
    Condition m_base;
    QStringList m_projection;
    PageHandler m_onPage;
    std::function<void()> m_onDone;
    std::function<void(const QString &)> m_onError;
    int m_pageSize = 1000;
    ReplyGuard m_reply;
    bool m_running = false;
};

} // namespace wci
