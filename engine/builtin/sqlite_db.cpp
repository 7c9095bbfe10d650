#include "sqlite_db.h"

#include <QStringEncoder>

#include <sqlite3.h>

namespace wci::sqlite {

SqliteError::SqliteError(int c, const QString &msg)
    : std::runtime_error(msg.toStdString()), code(c), message(msg)
{
}

bool SqliteError::isBusy() const
{
    return (code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED;
}

bool SqliteError::isConstraint() const
{
    return (code & 0xff) == SQLITE_CONSTRAINT;
}

static void check(sqlite3 *db, int rc)
{
    if (rc != SQLITE_OK)
        throw SqliteError(rc, QString::fromUtf8(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement &Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    return *this;
}

Statement &Statement::bind(int index, qint64 v)
{
    check(m_db, sqlite3_bind_int64(m_stmt, index, v));
    return *this;
}

Statement &Statement::bind(int index, double v)
{
    check(m_db, sqlite3_bind_double(m_stmt, index, v));
    return *this;
}

Statement &Statement::bind(int index, const QString &v)
{
    // Short text (ids, names) is converted into the parameter's own buffer, which SQLite reads
    // in place (no copy of its own, nothing to free); longer text is converted and copied.
    constexpr qsizetype kShort = 256;
    if (v.size() <= kShort && index >= 1) {
        if (size_t(index) > m_text.size())
            m_text.resize(size_t(index));
        QByteArray &utf8 = m_text[size_t(index) - 1];
        if (utf8.size() < kShort * 3)
            utf8.resize(kShort * 3);
        QStringEncoder encoder(QStringEncoder::Utf8);
        const char *end = encoder.appendToBuffer(utf8.data(), v);
        check(m_db, sqlite3_bind_text(m_stmt, index, utf8.constData(), int(end - utf8.constData()), SQLITE_STATIC));
        return *this;
    }
    const QByteArray utf8 = v.toUtf8();
    check(m_db, sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT));
    return *this;
}

Statement &Statement::bind(int index, const QByteArray &v)
{
    check(m_db, sqlite3_bind_text(m_stmt, index, v.constData(), int(v.size()), SQLITE_TRANSIENT));
    return *this;
}

Statement &Statement::bindBlob(int index, const QByteArray &v)
{
    check(m_db, sqlite3_bind_blob64(m_stmt, index, v.constData(), sqlite3_uint64(v.size()), SQLITE_TRANSIENT));
    return *this;
}

Statement &Statement::bindBlobInPlace(int index, QByteArrayView v)
{
    check(m_db, sqlite3_bind_blob64(m_stmt, index, v.data(), sqlite3_uint64(v.size()), SQLITE_STATIC));
    return *this;
}

Statement &Statement::bindNull(int index)
{
    check(m_db, sqlite3_bind_null(m_stmt, index));
    return *this;
}

Statement &Statement::bind(int index, const Value &v)
{
    std::visit(
        [&](const auto &x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>)
                bindNull(index);
            else
                bind(index, x);
        },
        v);
    return *this;
}

Statement &Statement::bindAll(const std::vector<Value> &values, int first)
{
    for (size_t i = 0; i < values.size(); ++i)
        bind(first + int(i), values[i]);
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    const QString msg = QString::fromUtf8(sqlite3_errmsg(m_db));
    sqlite3_reset(m_stmt);
    throw SqliteError(sqlite3_extended_errcode(m_db), msg);
}

void Statement::run()
{
    while (step()) {
    }
}

qint64 Statement::int64(int col) const
{
    return sqlite3_column_int64(m_stmt, col);
}

double Statement::real(int col) const
{
    return sqlite3_column_double(m_stmt, col);
}

QString Statement::text(int col) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, col));
    return p ? QString::fromUtf8(p, sqlite3_column_bytes(m_stmt, col)) : QString();
}

QByteArray Statement::bytes(int col) const
{
    const auto *p = static_cast<const char *>(sqlite3_column_blob(m_stmt, col)); // TEXT or BLOB, no conversion
    return p ? QByteArray(p, sqlite3_column_bytes(m_stmt, col)) : QByteArray();
}

QByteArrayView Statement::textView(int col) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, col));
    return QByteArrayView(p, p ? sqlite3_column_bytes(m_stmt, col) : 0);
}

QByteArrayView Statement::blobView(int col) const
{
    const auto *p = static_cast<const char *>(sqlite3_column_blob(m_stmt, col));
    return QByteArrayView(p, p ? sqlite3_column_bytes(m_stmt, col) : 0);
}

int Statement::type(int col) const
{
    return sqlite3_column_type(m_stmt, col);
}

bool Statement::isNull(int col) const
{
    return sqlite3_column_type(m_stmt, col) == SQLITE_NULL;
}

namespace {
// Before SQLite's first use: no global memory statistics. With them every allocation of every
// connection takes one process-wide mutex, and readers filling their page caches at once (the
// charts' queries, each on its own connection) spend their time waiting for it.
void configureSqliteOnce()
{
    static const bool configured = [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); // refused (harmlessly) if SQLite is already initialised
        return true;
    }();
    (void)configured;
}
} // namespace

Connection::Connection(const QString &path, bool create, bool readOnly) : m_path(path)
{
    configureSqliteOnce();
    int flags = SQLITE_OPEN_NOMUTEX | (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
    if (create && !readOnly)
        flags |= SQLITE_OPEN_CREATE;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const QString msg = QString::fromUtf8(m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc));
        sqlite3_close(m_db);
        m_db = nullptr;
        throw SqliteError(rc, msg);
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, 10000);
}

Connection::~Connection()
{
    m_cache.clear();
    m_generated.clear();
    sqlite3_close_v2(m_db);
}

void Connection::exec(const char *sql)
{
    char *err = nullptr;
    const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        const QString msg = QString::fromUtf8(err ? err : sqlite3_errstr(rc));
        sqlite3_free(err);
        throw SqliteError(rc, msg);
    }
}

void Connection::exec(const QString &sql)
{
    exec(sql.toUtf8().constData());
}

std::unique_ptr<Statement> Connection::prepareUncached(const QString &sql)
{
    sqlite3_stmt *stmt = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    check(m_db, sqlite3_prepare_v2(m_db, utf8.constData(), int(utf8.size()), &stmt, nullptr));
    return std::make_unique<Statement>(m_db, stmt);
}

Statement &Connection::prepare(const QString &sql)
{
    auto it = m_cache.find(sql);
    if (it == m_cache.end()) {
        it = m_cache.insert(sql, std::shared_ptr<Statement>(prepareUncached(sql).release()));
    }
    return it.value()->reset();
}

GeneratedStatement Connection::prepareGenerated(const QString &sql)
{
    Statement *cached = m_generated.take(sql);
    return GeneratedStatement(cached ? cached : prepareUncached(sql).release(), StatementReturn{this, sql});
}

void StatementReturn::operator()(Statement *s) const
{
    s->reset();
    if (!connection->m_generated.contains(sql))
        connection->m_generated.insert(sql, s); // evicts the least recently used text
    else
        delete s;
}

qint64 Connection::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

qint64 Connection::changes() const
{
    return sqlite3_changes64(m_db);
}

Transaction::Transaction(Connection &c, bool immediate) : m_c(c)
{
    m_c.exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction()
{
    if (!m_done) {
        try {
            m_c.exec("ROLLBACK");
        } catch (...) {
        }
    }
}

void Transaction::commit()
{
    m_c.exec("COMMIT");
    m_done = true;
}

} // namespace wci::sqlite
