#pragma once

// Failures grouped by what they have in common: error code, exception class with the
// application's top frame, function, processor, or source aggregate type. Groups by field are
// one aggregation query (AggregationRunner: on the engine when it aggregates, else by reading
// the failures); the exception grouping, which needs each stack trace, and deleted failures,
// whose groups must carry their ids, read the failures matching the base condition
// (SnapshotScan), only the fields grouping needs. Each group has a
// condition that selects exactly its members (for the exception grouping, which no Wow
// operator can express, the member ids at computation time). Deleted failures cannot be
// narrowed by any condition through Wow's API (its deleted guard), so their groups carry the
// member ids and act on those.

#include "aggregation_runner.h"
#include "snapshot_scan.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace wci {

enum class GroupBy { ErrorCode, Exception, Function, Processor, SourceAggregate };
QString groupByName(GroupBy g);

struct FailureGroup {
    QString label;
    qint64 count = 0;
    qint64 firstSeen = 0; // earliest firstEventTime
    qint64 lastSeen = 0;  // latest eventTime (the last change)
    QMap<QString, qint64> statuses;
    Condition condition;  // the members, to AND with the base condition
    bool exact = true;    // false: the condition lists the member ids (a snapshot of the set)
    QStringList ids;      // members (kept for the exception grouping and for deleted failures)
};

class FailureGroupsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Group, Count, FirstSeen, LastSeen, Statuses, ColumnCount };
    enum Role { ConditionRole = Qt::UserRole + 1, CountRole };

    explicit FailureGroupsModel(Engine *engine, QObject *parent = nullptr);

    void compute(const Condition &base, GroupBy by);
    void cancel();
    bool isComputing() const { return m_computing; }
    const QList<FailureGroup> &groups() const { return m_groups; }
    qint64 scanned() const { return m_scanned; } // the failures grouped
    // How: by the engine's aggregation (nothing read here), or by reading documents.
    bool aggregated() const { return m_aggregated; }
    qint64 documentsRead() const { return m_read; }
    // Aggregation answers at most this many groups (Wow's list limit); the rest are not shown.
    static constexpr int kMaxGroups = 1000;
    Condition baseCondition() const { return m_base; }
    GroupBy groupBy() const { return m_by; }
    void setUtc(bool utc);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void progress(qint64 scanned);
    void finished();
    void failed(const QString &message);

private:
    void add(const QJsonObject &doc);
    void publish();
    void collectRows();

    SnapshotScan *m_scan;
    AggregationRunner *m_runner;
    bool m_aggregated = false;
    qint64 m_read = 0;
    Condition m_base;
    GroupBy m_by = GroupBy::ErrorCode;
    bool m_computing = false;
    bool m_utc = false;
    qint64 m_scanned = 0;
    QHash<QString, FailureGroup> m_building;
    QList<FailureGroup> m_groups;
};

} // namespace wci
