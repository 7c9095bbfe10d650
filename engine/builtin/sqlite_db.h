#pragma once

// A thin RAII layer over the SQLite C API: connections, prepared statements (cached per
// connection), transactions. Errors are thrown as SqliteError and turned into EngineErrors
// at the engine boundary.

#include <QByteArray>
#include <QCache>
#include <QHash>
#include <QString>

#include <memory>
#include <stdexcept>
#include <variant>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace wci::sqlite {

class SqliteError : public std::runtime_error {
public:
    SqliteError(int code, const QString &msg);
    int code;
    QString message;
    bool isBusy() const;
    bool isConstraint() const;
};

using Value = std::variant<std::nullptr_t, qint64, double, QString, QByteArray>;

class Statement {
public:
    Statement(sqlite3 *db, sqlite3_stmt *stmt) : m_db(db), m_stmt(stmt) {}
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    Statement &reset();
    Statement &bind(int index, qint64 v);
    Statement &bind(int index, int v) { return bind(index, static_cast<qint64>(v)); }
    Statement &bind(int index, double v);
    Statement &bind(int index, bool v) { return bind(index, static_cast<qint64>(v ? 1 : 0)); }
    Statement &bind(int index, const QString &v);
    Statement &bind(int index, const QByteArray &v); // as TEXT (UTF-8 JSON)
    Statement &bindBlob(int index, const QByteArray &v);
    // Not copied: the bytes must stay as they are until the statement has run (run(), or
    // step() to its end) or is reset.
    Statement &bindBlobInPlace(int index, QByteArrayView v);
    Statement &bindNull(int index);
    Statement &bind(int index, const Value &v);
    Statement &bindAll(const std::vector<Value> &values, int first = 1);

    bool step(); // true while a row is available
    void run();  // step to completion

    qint64 int64(int col) const;
    double real(int col) const;
    QString text(int col) const;
    QByteArray bytes(int col) const;
    // The column's text without a copy, valid until the next step or reset.
    QByteArrayView textView(int col) const;
    // The column's bytes (a blob's, or a text's) without a copy, valid until the next step or reset.
    QByteArrayView blobView(int col) const;
    bool isNull(int col) const;
    int type(int col) const; // SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB or SQLITE_NULL

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_stmt;
    // Per parameter, the UTF-8 of the short text last bound to it, which SQLite reads in place.
    std::vector<QByteArray> m_text;
};

class Connection;

// Puts a statement of generated SQL back into its connection's cache, reset.
struct StatementReturn {
    Connection *connection;
    QString sql;
    void operator()(Statement *s) const;
};
using GeneratedStatement = std::unique_ptr<Statement, StatementReturn>;

class Connection {
public:
    // Opens (creating when asked) a database file in WAL mode with a busy timeout.
    Connection(const QString &path, bool create, bool readOnly = false);
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    void exec(const char *sql);
    void exec(const QString &sql);
    // A statement cached by its SQL text (use for fixed SQL only); reset and ready to bind.
    // Generated SQL (compiled conditions) goes through prepareGenerated.
    Statement &prepare(const QString &sql);
    std::unique_ptr<Statement> prepareUncached(const QString &sql);
    // A statement of generated SQL (a compiled condition): taken from a cache of the last
    // kGeneratedCached texts, or prepared, and put back reset when released. A text in use
    // is prepared again, so nested uses of one text each get their own statement. The
    // statement must be released before its connection is destroyed (its deleter puts it back).
    GeneratedStatement prepareGenerated(const QString &sql);
    static constexpr int kGeneratedCached = 64;
    qint64 changes() const;
    qint64 lastInsertRowId() const;
    sqlite3 *handle() const { return m_db; }
    const QString &path() const { return m_path; }

private:
    sqlite3 *m_db = nullptr;
    QString m_path;
    QHash<QString, std::shared_ptr<Statement>> m_cache;
    QCache<QString, Statement> m_generated{kGeneratedCached};
    friend struct StatementReturn;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back when not committed.
class Transaction {
public:
    explicit Transaction(Connection &c, bool immediate = true);
    ~Transaction();
    void commit();

private:
    Connection &m_c;
    bool m_done = false;
};

} // namespace wci::sqlite
