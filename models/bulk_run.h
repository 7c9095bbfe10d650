#pragma once

// One action on many failures: the set is frozen when the engineer confirms, a pre-check (the
// decider on each failure's current snapshot) says what will run and what will be skipped and
// why, then commands go out with a bounded number in flight, each failure at most once per
// run, with Cancel. The per-item report (succeeded / skipped / failed with the engine's error /
// cancelled) is the result; "retry the failed ones" starts a new run on those ids. Every item
// gets one audit entry when its outcome is final.

#include "action_rules.h"
#include "audit_log.h"
#include "engine.h"

#include <QPointer>

namespace wci {

struct BulkItem {
    enum class State { Pending, Skipped, Running, Succeeded, Failed, Cancelled };
    QString id;
    State state = State::Pending;
    QString errorCode;
    QString message;   // skip reason, the engine's error, or the result summary
    QString requestId; // set when sent
};

QString bulkStateName(BulkItem::State s); // the audit log's word (reports, CSV)
QString bulkStateText(BulkItem::State s); // the same in the UI language

struct BulkSpec {
    ActionKind action = ActionKind::Prepare;
    // The command body for one failure (commands only); nothing → the action's plain body.
    std::function<CommandBody(const Snapshot &)> body;
    QString reason;
    QString operatorName;
    CommandOptions options;   // wait stage and the like; request ids are set per item
    int maxInFlight = 8;
    std::function<qint64()> clock; // "now" for the pre-check (default: the engine's)
};

class BulkRun : public QObject {
    Q_OBJECT
public:
    BulkRun(Engine *engine, BulkSpec spec, QStringList ids, QObject *parent = nullptr);

    // Where each final outcome is recorded (optional); `base` gives engine, location, action.
    void setAudit(AuditLog *log, const AuditEntry &base);

    void precheck();                // async; prechecked() when done
    bool isPrechecked() const { return m_prechecked; }
    int toRun() const;
    int skipped() const;
    QMap<QString, int> skipReasons() const; // reason → count

    void setReason(const QString &reason) { m_spec.reason = reason; } // before start()
    void start();                   // after precheck; finished() when every item is final
    void cancel();                  // not-yet-sent items become Cancelled; sent ones finish
    bool isRunning() const { return m_running; }
    bool isCancelled() const { return m_cancelled; }

    const QList<BulkItem> &items() const { return m_items; }
    int count(BulkItem::State s) const;
    QStringList idsIn(BulkItem::State s) const;
    int sent() const { return m_sent; }
    QString reportCsv() const;

signals:
    void precheckProgress(int done, int total);
    void prechecked();
    void progress(int done, int total);
    void itemFinished(int index);
    void finished();
    void failed(const QString &message); // the pre-check could not read the failures

private:
    void precheckChunk(int first);
    void precheckMissing();
    void judge(Snapshot snapshot);
    void pump();
    void finish(int index, BulkItem::State state, const QString &code, const QString &message);
    void audit(int index);
    CommandBody bodyFor(const Snapshot &s) const;

    QPointer<Engine> m_engine;
    BulkSpec m_spec;
    QList<BulkItem> m_items;
    QHash<QString, int> m_index;
    QHash<QString, Snapshot> m_snapshots; // pre-check result, used to build bodies
    QSet<QString> m_notFound;
    AuditLog *m_audit = nullptr;
    AuditEntry m_auditBase;
    int m_next = 0;
    int m_inFlight = 0;
    int m_done = 0;
    int m_sent = 0;
    bool m_prechecked = false;
    bool m_running = false;
    bool m_cancelled = false;
    bool m_finished = false;
};

} // namespace wci
