#pragma once

// The details pane's event-stream table: one row per stream (version, time, events, command,
// request, operator, header), with the stream's JSON re-indented for the view below it.

#include "engine.h"

#include <QAbstractTableModel>

namespace wci {

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

} // namespace wci
