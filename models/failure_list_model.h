#pragma once

// The failure list as a lazy, paged table over any Engine (docs/architecture.md "Models"): the row count
// comes from the engine's total, rows are fetched a page at a time when a view asks for them,
// and replies of an earlier query (a new filter, sort or refresh) are dropped by a generation
// number. Sorting and filtering happen in the engine query. At most `maxCachedPages` pages
// stay in memory (least recently used go first), so scrolling 10^6 rows stays bounded. A page
// next to a cached one is read after that page's last id (a keyset read, as cheap at row 10^6 as
// at row 0) and pages near the end are read from the end in reverse order, so neither scrolling
// nor jumping to the last row pays for a deep OFFSET (when sorted by execution id). Raw
// values are exposed through roles from Qt::UserRole; display text is formatting only.

#include "engine.h"
#include "page_cache.h"
#include "reply_guard.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>
#include <QSet>

namespace wci {

class FailureListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Status, ExecutionId, Context, Processor, Function, ErrorCode, ErrorMessage, Retries, Recoverable,
        FirstFailed, ExecuteAt, NextRetry, Timeout, ColumnCount
    };
    enum Role {
        StateRole = Qt::UserRole + 1, // the whole ExecutionFailedState (QVariant of the struct)
        IdRole,                       // execution id
        RawValueRole,                 // the column's raw value (enum name, epoch ms, number)
        LoadedRole,                   // false while the row's page is on its way
        DeletedRole,                  // the snapshot is marked deleted
    };

    explicit FailureListModel(Engine *engine, QObject *parent = nullptr);

    void setCondition(const Condition &condition); // refreshes
    const Condition &condition() const { return m_condition; }
    void setPageSize(int size)
    {
        m_pageSize = std::max(1, size);
        m_pages.setPageSize(pageSize());
    }
    int pageSize() const;
    void setMaxCachedPages(int pages) { m_pages.setCapacity(std::max(2, pages)); }
    int cachedPages() const { return m_pages.size(); }
    // Re-reads the total and drops cached pages; the current rows stay until replaced.
    void refresh();
    bool isLoading() const { return m_countPending || !m_pending.isEmpty(); }
    bool hasResult() const { return m_hasResult; }
    QString lastError() const { return m_lastError; }
    EngineError lastEngineError() const { return m_lastEngineError; }
    // Rows read before the engine stopped answering: shown greyed until the next good read.
    void setStale(bool stale);
    bool isStale() const { return m_stale; }
    // The engine's total for the condition; rowCount() may be less when the engine only pages
    // through a window of rows (a remote Wow server: 10 000).
    qint64 totalCount() const { return m_total; }
    bool isCapped() const { return rowCount() < m_total; }
    // The row of an execution id among the loaded pages, or -1.
    int rowOf(const QString &executionId) const;
    std::optional<ExecutionFailedState> stateAt(int row) const;
    std::optional<Snapshot> snapshotAt(int row) const;
    std::vector<Sort> sortOrder() const { return m_sort; }

    // Dates in UTC or local time; "now" for the relative next-retry column (a live countdown
    // when called every second).
    void setUtc(bool utc);
    bool isUtc() const { return m_utc; }
    void setNow(qint64 now);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // The engine field a column sorts by ("" when it cannot be sorted).
    static QString sortField(int column);
    // The rows as CSV (header line first), RFC 4180 quoting.
    QString toCsv(const QList<int> &rows) const;

signals:
    void loadingChanged(bool loading);
    void failed(const QString &message); // a count or page could not be read
    void refreshed();                    // the total of the current query arrived
    void pageLoaded(int firstRow, int lastRow);

private:
    void requestPage(int page) const;
    void pageArrived(int page, QList<Snapshot> rows, qsizetype received, std::optional<qint64> expectedTotal,
                     std::optional<qint64> total);
    void pageFailed(int page, const EngineError &e);
    bool sortedByIdOnly() const { return m_sort.size() == 1 && m_sort.front().field == u"aggregateId"; }
    void setLoadingState();
    const Snapshot *rowPtr(int row) const;
    template <typename Docs>
    static QList<Snapshot> decode(const Docs &docs);

    QPointer<Engine> m_engine;
    Condition m_condition;
    std::vector<Sort> m_sort{Sort{QStringLiteral("aggregateId"), SortDirection::Desc}};
    int m_pageSize = 100;
    qint64 m_total = 0;
    ReplyGuard m_reply; // one per query: a refresh makes the pages still on their way stale
    bool m_countPending = false;
    bool m_wasLoading = false;
    bool m_hasResult = false;
    bool m_utc = false;
    qint64 m_now = 0;
    QString m_lastError;
    EngineError m_lastEngineError;
    bool m_stale = false;
    PageCache<Snapshot> m_pages{100, 40};
    mutable QSet<int> m_pending;
};

} // namespace wci

Q_DECLARE_METATYPE(wci::ExecutionFailedState)
