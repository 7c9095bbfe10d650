#pragma once

// The details pane's time travel: a state as fields (path, value), with the value at the
// previous version next to it and the changed rows marked; optionally only the changed rows.

#include <QAbstractTableModel>
#include <QJsonObject>

#include <optional>

namespace wci {

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
