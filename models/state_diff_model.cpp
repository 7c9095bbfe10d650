#include "state_diff_model.h"

#include <QCoreApplication>
#include "json_text.h"
#include "theme.h"

#include <QBrush>
#include <QFont>
#include <QHash>
#include <QSet>

#include <algorithm>

namespace wci {

using namespace Qt::StringLiterals;

void StateDiffModel::setStates(const QJsonObject &current, const std::optional<QJsonObject> &previous)
{
    m_all.clear();
    QHash<QString, QString> before;
    QStringList beforeOrder;
    if (previous) {
        for (const auto &[k, v] : flattenJson(*previous)) {
            before.insert(k, v);
            beforeOrder.append(k);
        }
    }
    QSet<QString> seen;
    for (const auto &[k, v] : flattenJson(current)) {
        Row r;
        r.path = k;
        r.value = v;
        const auto it = before.constFind(k);
        r.previous = it == before.constEnd() ? QString() : *it;
        r.changed = previous && (it == before.constEnd() || *it != v);
        seen.insert(k);
        m_all.append(r);
    }
    for (const auto &k : beforeOrder) {
        if (!seen.contains(k))
            m_all.append(Row{k, QString(), before.value(k), true});
    }
    rebuild();
}

void StateDiffModel::setUtc(bool utc)
{
    m_utc = utc;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, Value), index(rowCount() - 1, Previous));
}

void StateDiffModel::setOnlyChanges(bool only)
{
    m_onlyChanges = only;
    rebuild();
}

void StateDiffModel::rebuild()
{
    beginResetModel();
    m_rows.clear();
    for (const auto &r : m_all) {
        if (!m_onlyChanges || r.changed)
            m_rows.append(r);
    }
    endResetModel();
}

int StateDiffModel::changedCount() const
{
    return int(std::count_if(m_all.begin(), m_all.end(), [](const Row &r) { return r.changed; }));
}

QString StateDiffModel::valueOf(const QString &path) const
{
    for (const auto &r : m_all) {
        if (r.path == path)
            return r.value;
    }
    return {};
}

int StateDiffModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StateDiffModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StateDiffModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case ChangedRole:
        return r.changed;
    case Qt::FontRole:
        if (r.changed) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::BackgroundRole:
        return r.changed ? QVariant(QBrush(theme::color(theme::Tone::ChangedRowBackground))) : QVariant();
    case Qt::ToolTipRole:
    case Qt::DisplayRole:
        switch (index.column()) {
        case Field: return r.path;
        case Value: return r.value.isNull() ? QCoreApplication::translate("wci::StateDiffModel", "(removed)") : readableValue(r.path, r.value, m_utc);
        case Previous:
            return r.changed ? (r.previous.isNull() ? QCoreApplication::translate("wci::StateDiffModel", "(absent)") : readableValue(r.path, r.previous, m_utc)) : QString();
        }
        return {};
    default:
        return {};
    }
}

QVariant StateDiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const names[] = {
        QT_TRANSLATE_NOOP("wci::StateDiffModel", "Field"),
        QT_TRANSLATE_NOOP("wci::StateDiffModel", "Value"),
        QT_TRANSLATE_NOOP("wci::StateDiffModel", "Before"),
    };
    return QCoreApplication::translate("wci::StateDiffModel", names[section]);
}

} // namespace wci
