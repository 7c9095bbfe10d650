#pragma once

// The details pane's history: the attempt timeline built from the engine's tracing (the state
// after every version) — what happened, when, how long after the previous step, who, and which
// state fields it changed.

#include "wire_types.h"

#include <QAbstractTableModel>

namespace wci {

// One entry per version: when, what happened, how long after the previous step, who, and the
// state fields it changed.
struct TimelineEntry {
    int version = 0;
    qint64 time = 0;
    QString what;      // "Prepared (attempt 3)"
    qint64 sincePrevious = -1; // ms, -1 for the first
    QString who;       // the stream's command_operator, or "" (system / scheduler)
    QStringList changes; // "retryState.retries: 2 → 3"
};

QList<TimelineEntry> buildTimeline(const QList<StateEvent> &tracing, bool utc = false);

class TimelineModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Version, Time, What, After, Who, Changes, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;
    void setEntries(const QList<TimelineEntry> &entries);
    void setUtc(bool utc);
    const QList<TimelineEntry> &entries() const { return m_entries; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<TimelineEntry> m_entries;
    bool m_utc = false;
};

} // namespace wci
