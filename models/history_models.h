#pragma once

// The details pane's history: the event stream as a table, the attempt timeline built from
// the engine's tracing (the state after every version), and a field-by-field view of a state
// with what changed from the previous version.

#include "engine.h"

#include <QAbstractTableModel>

namespace wci {

// Raw JSON re-indented for reading, keys left in the order they came (QJsonDocument would
// sort them).
QString prettyJson(const QByteArray &json);

// A field's value for people: epoch-millisecond fields (…At, …Time) get their date added.
QString readableValue(const QString &path, const QString &value, bool utc = false);

// A JSON object flattened to "path → value text" in document order ("retryState.retries" → "3").
QList<QPair<QString, QString>> flattenJson(const QJsonObject &object);

class EventStreamModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Version, Time, Events, CommandId, RequestId, Operator, Header, ColumnCount };
    enum Role { JsonRole = Qt::UserRole + 1, RawValueRole };

    using QAbstractTableModel::QAbstractTableModel;
    // Streams as the engine returned them; documents that do not parse are shown by version only.
    void setStreams(const QList<Document> &streams);
    void clear() { setStreams({}); }
    void setUtc(bool utc);
    const DomainEventStream &streamAt(int row) const { return m_rows.at(row).stream; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        DomainEventStream stream;
        QByteArray json;
    };
    QList<Row> m_rows;
    bool m_utc = false;
};

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

// The snapshot a state event stands for (the state after its version). Wow serves no snapshot
// of a deleted aggregate, so the window rebuilds it from the last tracing entry.
Snapshot snapshotFromStateEvent(const StateEvent &event);

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

// A state as fields (path, value), with the value at the previous version next to it and the
// changed rows marked; optionally only the changed rows.
class StateDiffModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Field, Value, Previous, ColumnCount };
    enum Role { ChangedRole = Qt::UserRole + 1 };
    using QAbstractTableModel::QAbstractTableModel;
    // previous empty → nothing is marked changed (the first version).
    void setStates(const QJsonObject &current, const std::optional<QJsonObject> &previous);
    void setOnlyChanges(bool only);
    void setUtc(bool utc);
    int changedCount() const;
    // The value text of a field path, or a null QString when absent.
    QString valueOf(const QString &path) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString path, value, previous;
        bool changed = false;
    };
    void rebuild();
    QList<Row> m_all;
    QList<Row> m_rows;
    bool m_onlyChanges = false;
    bool m_utc = false;
};

} // namespace wci
