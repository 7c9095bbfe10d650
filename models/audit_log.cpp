#include "audit_log.h"

#include "csv.h"
#include "failure_text.h"
#include "sqlite_db.h"

#include <QBrush>
#include <QDir>
#include <QFileInfo>

namespace wci {

using namespace Qt::StringLiterals;

AuditLog::~AuditLog() = default;

Result<std::unique_ptr<AuditLog>> AuditLog::open(const QString &path)
{
    std::unique_ptr<AuditLog> log(new AuditLog);
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
  message TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_time ON audit(time);
CREATE INDEX IF NOT EXISTS audit_target ON audit(target);)");
    } catch (const sqlite::SqliteError &e) {
        return DomainError{ErrorCode::IllegalArgument, u"Cannot open the audit log %1: %2"_s.arg(path, e.message), {}};
    }
    return log;
}

std::optional<DomainError> AuditLog::append(AuditEntry &entry)
{
    QList<AuditEntry> one{entry};
    auto e = append(one);
    entry = one.front();
    return e;
}

std::optional<DomainError> AuditLog::append(QList<AuditEntry> &entries)
{
    try {
        sqlite::Transaction tx(*m_db);
        auto &st = m_db->prepare(u"INSERT INTO audit(time, operator, engine, location, target, action, command, body, "
                                 "reason, request_id, outcome, error_code, message) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)"_s);
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
                .run();
            e.id = m_db->lastInsertRowId();
        }
        tx.commit();
    } catch (const sqlite::SqliteError &e) {
        return DomainError{ErrorCode::InternalServerError, u"Cannot write the audit log: %1"_s.arg(e.message), {}};
    }
    return std::nullopt;
}

QList<AuditEntry> AuditLog::list(const AuditFilter &f) const
{
    QString sql = u"SELECT id, time, operator, engine, location, target, action, command, body, reason, request_id, "
                  "outcome, error_code, message FROM audit WHERE 1"_s;
    std::vector<sqlite::Value> params;
    if (!f.text.trimmed().isEmpty()) {
        sql += u" AND (instr(lower(target), lower(?1)) OR instr(lower(action), lower(?1)) OR instr(lower(operator), lower(?1)) "
               "OR instr(lower(reason), lower(?1)) OR instr(lower(message), lower(?1)) OR instr(lower(location), lower(?1)))"_s;
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
        out.append(std::move(e));
    }
    return out;
}

qint64 AuditLog::count() const
{
    auto &st = m_db->prepare(u"SELECT COUNT(*) FROM audit"_s);
    st.step();
    return st.int64(0);
}

QString AuditLog::toCsv(const QList<AuditEntry> &entries)
{
    QString out = csvRow({u"time"_s, u"operator"_s, u"engine"_s, u"location"_s, u"target"_s, u"action"_s, u"command"_s,
                          u"body"_s, u"reason"_s, u"requestId"_s, u"outcome"_s, u"errorCode"_s, u"message"_s});
    for (const auto &e : entries) {
        out += csvRow({formatDateTime(e.time, true) + u"Z"_s, e.operatorName, e.engine, e.location, e.target, e.action,
                       e.command, e.body, e.reason, e.requestId, e.outcome, e.errorCode, e.message});
    }
    return out;
}

QString defaultOperatorName()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    return user.isEmpty() ? u"unknown"_s : user;
}

void AuditModel::setEntries(QList<AuditEntry> entries)
{
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

void AuditModel::setUtc(bool utc)
{
    m_utc = utc;
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, Time), index(rowCount() - 1, Time));
}

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const AuditEntry &e = m_entries.at(index.row());
    if (role == Qt::ForegroundRole && index.column() == Outcome) {
        if (e.outcome == u"failed")
            return QBrush(QColor(0xc6, 0x28, 0x28));
        if (e.outcome == u"succeeded")
            return QBrush(QColor(0x2e, 0x7d, 0x32));
        return {};
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Time: return formatDateTime(e.time, m_utc);
    case Operator: return e.operatorName;
    case Engine: return QString(e.engine + u": "_s + e.location);
    case Target: return e.target;
    case Action: return e.action;
    case Reason: return e.reason;
    case Outcome: return e.outcome;
    case Message: return e.errorCode.isEmpty() || e.errorCode == ErrorCode::Ok ? e.message : QString(e.errorCode + u": "_s + e.message);
    case RequestId: return e.requestId;
    }
    return {};
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const names[] = {"Time", "Operator", "Engine", "Failure", "Action", "Reason", "Outcome", "Result", "Request id"};
    return QString::fromLatin1(names[section]);
}

} // namespace wci
