#include "event_stream_model.h"

#include <QCoreApplication>
#include "failure_text.h"
#include "json_text.h"

namespace wci {

using namespace Qt::StringLiterals;

void EventStreamModel::setStreams(const QList<Document> &streams)
{
    beginResetModel();
    m_rows.clear();
    for (const auto &d : streams) {
        Row r;
        r.json = d.json;
        if (auto s = d.as<DomainEventStream>())
            r.stream = std::move(*s);
        else
            r.stream.version = d.object().value("version"_L1).toInt();
        m_rows.append(std::move(r));
    }
    endResetModel();
}

void EventStreamModel::setUtc(bool utc)
{
    m_utc = utc;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, Time), index(rowCount() - 1, Time));
}

int EventStreamModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventStreamModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

static QString headerText(const QMap<QString, QString> &header)
{
    QStringList parts;
    for (auto it = header.begin(); it != header.end(); ++it)
        parts.append(it.key() + u'=' + it.value());
    return parts.join(u", "_s);
}

QVariant EventStreamModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &r = m_rows.at(index.row());
    const DomainEventStream &s = r.stream;
    if (role == JsonRole)
        return prettyJson(r.json);
    if (role == RawValueRole) {
        switch (index.column()) {
        case Version: return s.version;
        case Time: return s.createTime;
        default: break;
        }
    }
    if (role != Qt::DisplayRole && role != RawValueRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Version: return s.version;
    case Time: return formatDateTime(s.createTime, m_utc);
    case Events: {
        QStringList names;
        for (const auto &e : s.body)
            names.append(e.name);
        return names.join(u", "_s);
    }
    case CommandId: return s.commandId;
    case RequestId: return s.requestId;
    case Operator: return s.header.value(u"command_operator"_s);
    case Header: return headerText(s.header);
    }
    return {};
}

QVariant EventStreamModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const names[] = {
        QT_TRANSLATE_NOOP("wci::EventStreamModel", "Version"),
        QT_TRANSLATE_NOOP("wci::EventStreamModel", "Time"),
        QT_TRANSLATE_NOOP("wci::EventStreamModel", "Events"),
        QT_TRANSLATE_NOOP("wci::EventStreamModel", "Command id"),
        QT_TRANSLATE_NOOP("wci::EventStreamModel", "Request id"),
        QT_TRANSLATE_NOOP("wci::EventStreamModel", "Operator"),
        QT_TRANSLATE_NOOP("wci::EventStreamModel", "Header"),
    };
    return QCoreApplication::translate("wci::EventStreamModel", names[section]);
}

} // namespace wci
