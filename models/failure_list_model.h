#pragma once

// The failure list as a lazy, paged table over any Engine (ARCHITECTURE §6): the row count
// comes from the engine's total, rows are fetched a page at a time when a view asks for them,
// and replies of an earlier query (a new filter, sort or refresh) are dropped by a generation
// number. Sorting and filtering happen in the engine query. Raw values are exposed through
// roles from Qt::UserRole; display text is formatting only.

#include "engine.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>
#include <QSet>

namespace wci {

class FailureListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Status, ExecutionId, Function, ErrorCode, ErrorMessage, Retries, Recoverable, ExecuteAt, NextRetry, Timeout, ColumnCount };
    enum Role {
        StateRole = Qt::UserRole + 1, // the whole ExecutionFailedState (QVariant of the struct)
        IdRole,                       // execution id
        RawValueRole,                 // the column's raw value (enum name, epoch ms, number)
        LoadedRole,                   // false while the row's page is on its way
    };

    explicit FailureListModel(Engine *engine, QObject *parent = nullptr);

    void setCondition(const Condition &condition); // refreshes
    const Condition &condition() const { return m_condition; }
    void setPageSize(int size) { m_pageSize = size; }
    int pageSize() const { return m_pageSize; }
    // Re-reads the total and drops cached pages; the current rows stay until replaced.
    void refresh();
    bool isLoading() const { return m_countPending || !m_pending.isEmpty(); }
    QString lastError() const { return m_lastError; }
    // The row of an execution id among the loaded pages, or -1.
    int rowOf(const QString &executionId) const;
    std::optional<ExecutionFailedState> stateAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // The engine field a column sorts by ("" when it cannot be sorted).
    static QString sortField(int column);

signals:
    void loadingChanged(bool loading);
    void failed(const QString &message); // a count or page could not be read
    void refreshed();                    // the total of the current query arrived

private:
    void requestPage(int page) const;
    void setLoadingState();

    QPointer<Engine> m_engine;
    Condition m_condition;
    std::vector<Sort> m_sort{Sort{QStringLiteral("aggregateId"), SortDirection::Desc}};
    int m_pageSize = 50;
    qint64 m_total = 0;
    quint64 m_generation = 0;
    bool m_countPending = false;
    bool m_wasLoading = false;
    QString m_lastError;
    mutable QHash<int, QList<ExecutionFailedState>> m_pages;
    mutable QSet<int> m_pending;
};

} // namespace wci

Q_DECLARE_METATYPE(wci::ExecutionFailedState)
