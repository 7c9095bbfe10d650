#include "audit_log.h"

#include "sqlite_db.h"

#include <QDir>
#include <QFileInfo>

namespace wci {

using namespace Qt::StringLiterals;

namespace {

// The audit log in its own SQLite file (one table, indexed by time and target).
class SqliteAuditLog final : public AuditLog {
public:
    QString path() const override { return m_path; }
    using AuditLog::append;
    std::optional<DomainError> append(QList<AuditEntry> &entries) override;
    QList<AuditEntry> list(const AuditFilter &filter) const override;
    qint64 count() const override;

    QString m_path;
    std::unique_ptr<sqlite::Connection> m_db;
};

} // namespace

Result<std::unique_ptr<AuditLog>> AuditLog::open(const QString &path)
{
    auto log = std::make_unique<SqliteAuditLog>();
    log->m_path = path;
    try {
        QDir().mkpath(QFileInfo(path).absolutePath());
        log->m_db = std::make_unique<sqlite::Connection>(path, true);
        log->m_db->exec(R"(CREATE TABLE IF NOT EXISTS audit(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time INTEGER NOT NULL,
  operator TEXT NOT NULL,
  engine TEXT NOT NULL,
  location TEXT NOT NULL,
  target TEXT NOT NULL,
  action TEXT NOT NULL,
  command TEXT NOT NULL,
  body TEXT NOT NULL,
  reason TEXT NOT NULL,
  request_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  error_code TEXT NOT NULL,
  message TEXT NOT NULL,
  change TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS audit_time ON audit(time);
CREATE INDEX IF NOT EXISTS audit_target ON audit(target);)");
        // Files written before the change column: add it (old rows say nothing changed).
        bool hasChange = false;
        auto columns = log->m_db->prepareUncached(u"PRAGMA table_info(audit)"_s);
        while (columns->step())
            hasChange = hasChange || columns->text(1) == u"change"_s;
        if (!hasChange)
            log->m_db->exec("ALTER TABLE audit ADD COLUMN change TEXT NOT NULL DEFAULT ''");
    } catch (const sqlite::SqliteError &e) {
        return DomainError{ErrorCode::IllegalArgument, u"Cannot open the audit log %1: %2"_s.arg(path, e.message), {}};
    }
    return std::unique_ptr<AuditLog>(std::move(log));
}

std::optional<DomainError> SqliteAuditLog::append(QList<AuditEntry> &entries)
{
    try {
        sqlite::Transaction tx(*m_db);
        auto &st = m_db->prepare(u"INSERT INTO audit(time, operator, engine, location, target, action, command, body, "
                                 "reason, request_id, outcome, error_code, message, change) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"_s);
        for (auto &e : entries) {
            st.reset()
                .bind(1, e.time)
                .bind(2, e.operatorName)
                .bind(3, e.engine)
                .bind(4, e.location)
                .bind(5, e.target)
                .bind(6, e.action)
                .bind(7, e.command)
                .bind(8, e.body)
                .bind(9, e.reason)
                .bind(10, e.requestId)
                .bind(11, e.outcome)
                .bind(12, e.errorCode)
                .bind(13, e.message)
                .bind(14, e.change)
                .run();
            e.id = m_db->lastInsertRowId();
        }
        tx.commit();
    } catch (const sqlite::SqliteError &e) {
        return DomainError{ErrorCode::InternalServerError, u"Cannot write the audit log: %1"_s.arg(e.message), {}};
    }
    return std::nullopt;
}

QList<AuditEntry> SqliteAuditLog::list(const AuditFilter &f) const
{
    QString sql = u"SELECT id, time, operator, engine, location, target, action, command, body, reason, request_id, "
                  "outcome, error_code, message, change FROM audit WHERE 1"_s;
    std::vector<sqlite::Value> params;
    if (!f.text.trimmed().isEmpty()) {
        sql += u" AND (instr(lower(target), lower(?1)) OR instr(lower(action), lower(?1)) OR instr(lower(operator), lower(?1)) "
               "OR instr(lower(reason), lower(?1)) OR instr(lower(message), lower(?1)) OR instr(lower(location), lower(?1)) OR instr(lower(change), lower(?1)))"_s;
        params.push_back(f.text.trimmed());
    }
    auto bindIndex = [&] { return QString::number(params.size() + 1); };
    if (!f.outcome.isEmpty()) {
        sql += u" AND outcome = ?"_s + bindIndex();
        params.push_back(f.outcome);
    }
    if (f.from) {
        sql += u" AND time >= ?"_s + bindIndex();
        params.push_back(*f.from);
    }
    if (f.to) {
        sql += u" AND time <= ?"_s + bindIndex();
        params.push_back(*f.to);
    }
    sql += u" ORDER BY id DESC LIMIT ?"_s + bindIndex();
    params.push_back(qint64(f.limit));
    QList<AuditEntry> out;
    auto st = m_db->prepareUncached(sql);
    st->bindAll(params);
    while (st->step()) {
        AuditEntry e;
        e.id = st->int64(0);
        e.time = st->int64(1);
        e.operatorName = st->text(2);
        e.engine = st->text(3);
        e.location = st->text(4);
        e.target = st->text(5);
        e.action = st->text(6);
        e.command = st->text(7);
        e.body = st->text(8);
        e.reason = st->text(9);
        e.requestId = st->text(10);
        e.outcome = st->text(11);
        e.errorCode = st->text(12);
        e.message = st->text(13);
        e.change = st->text(14);
        out.append(std::move(e));
    }
    return out;
}

qint64 SqliteAuditLog::count() const
{
    auto &st = m_db->prepare(u"SELECT COUNT(*) FROM audit"_s);
    st.step();
    return st.int64(0);
}

} // namespace wci
