#include "failure_groups_model.h"

#include <QCoreApplication>
#include "failure_text.h"
#include "field_paths.h"
#include "stack_trace.h"

namespace wci {

using namespace Qt::StringLiterals;

QString groupByName(GroupBy g)
{
    switch (g) {
    case GroupBy::ErrorCode: return QCoreApplication::translate("wci::FailureGroupsModel", "Error code");
    case GroupBy::Exception: return QCoreApplication::translate("wci::FailureGroupsModel", "Exception and top application frame");
    case GroupBy::Function: return QCoreApplication::translate("wci::FailureGroupsModel", "Function");
    case GroupBy::Processor: return QCoreApplication::translate("wci::FailureGroupsModel", "Processor");
    case GroupBy::SourceAggregate: return QCoreApplication::translate("wci::FailureGroupsModel", "Source aggregate type");
    }
    return {};
}

FailureGroupsModel::FailureGroupsModel(Engine *engine, QObject *parent)
    : QAbstractTableModel(parent), m_scan(new SnapshotScan(engine, this)), m_runner(new AggregationRunner(engine, this))
{
    connect(m_runner, &AggregationRunner::progress, this, [this](qint64 n) {
        m_read = n;
        emit progress(n);
    });
    connect(m_runner, &AggregationRunner::finished, this, &FailureGroupsModel::collectRows);
    connect(m_runner, &AggregationRunner::failed, this, [this](const QString &message) {
        m_computing = false;
        emit failed(message);
    });
}

namespace {

// The group keys of a grouping by field, as (alias, field path).
QList<QPair<QString, QString>> groupKeys(GroupBy by)
{
    switch (by) {
    case GroupBy::ErrorCode: return {{u"errorCode"_s, field::errorCode}};
    case GroupBy::Function:
        return {{u"contextName"_s, field::functionContextName}, {u"processorName"_s, field::functionProcessorName},
                {u"name"_s, field::functionName}};
    case GroupBy::Processor: return {{u"contextName"_s, field::functionContextName}, {u"processorName"_s, field::functionProcessorName}};
    case GroupBy::SourceAggregate:
        return {{u"contextName"_s, field::eventContextName}, {u"aggregateName"_s, field::eventAggregateName}};
    case GroupBy::Exception: break;
    }
    return {};
}

QString groupLabel(GroupBy by, const QStringList &keys)
{
    switch (by) {
    case GroupBy::ErrorCode: return keys.value(0);
    case GroupBy::Function: return u"%1 / %2.%3"_s.arg(keys.value(0), keys.value(1), keys.value(2));
    default: return u"%1 / %2"_s.arg(keys.value(0), keys.value(1));
    }
}

} // namespace

void FailureGroupsModel::compute(const Condition &base, GroupBy by)
{
    m_base = base;
    m_by = by;
    m_scanned = 0;
    m_building.clear();
    beginResetModel();
    m_groups.clear();
    endResetModel();
    m_computing = true;
    m_read = 0;
    m_aggregated = false;
    if (by != GroupBy::Exception && base.op != Operator::Deleted) {
        // One aggregation: a row per group with its count, first and last time and statuses.
        m_scan->cancel();
        AggregationQuery q;
        q.filter = base;
        for (const auto &[alias, path] : groupKeys(by)) {
            Grouping g;
            g.field = path;
            g.alias = alias;
            q.groupBy.push_back(g);
        }
        Metric n;
        n.alias = u"n"_s;
        Metric first;
        first.type = MetricType::Numeric;
        first.function = NumericFunction::Min;
        first.field = u"firstEventTime"_s;
        first.alias = u"first"_s;
        Metric last = first;
        last.function = NumericFunction::Max;
        last.field = u"eventTime"_s;
        last.alias = u"last"_s;
        q.metrics = {n, first, last};
        for (const auto s : allExecutionFailedStatuses) {
            Metric m;
            m.alias = u"status_"_s + enumName(s);
            m.filter = Condition::eq(field::status, enumName(s));
            q.metrics.push_back(m);
        }
        q.sort = {Sort{u"n"_s, SortDirection::Desc}};
        q.limit = kMaxGroups;
        AggregationJob job;
        job.scope = base;
        job.queries = {q};
        m_runner->run({job});
        return;
    }
    m_runner->cancel();
    QStringList fields{u"firstEventTime"_s, u"eventTime"_s, field::status, field::errorCode, field::function,
                       field::eventAggregate};
    if (by == GroupBy::Exception)
        fields.append(field::stackTrace);
    m_scan->start(
        base, fields,
        [this](const QList<Document> &docs) {
            for (const auto &d : docs)
                add(d.object());
            m_scanned += docs.size();
            m_read = m_scanned;
            emit progress(m_scanned);
        },
        [this] { publish(); },
        [this](const QString &message) {
            m_computing = false;
            emit failed(message);
        });
}

void FailureGroupsModel::collectRows()
{
    m_aggregated = !m_runner->scanned();
    m_read = m_runner->documentsRead();
    const auto keys = groupKeys(m_by);
    for (const auto &row : m_runner->rows(0, 0)) {
        QStringList values;
        std::vector<Condition> parts;
        for (const auto &[alias, path] : keys) {
            // A failure without the field is in the group with the key null (shown empty).
            const QJsonValue key = row.value(alias);
            values.append(key.toString());
            parts.push_back(key.isNull() || key.isUndefined() ? Condition::leaf(path, Operator::Null)
                                                               : Condition::eq(path, key));
        }
        FailureGroup g;
        g.label = groupLabel(m_by, values);
        g.condition = parts.size() == 1 ? parts.front() : Condition::and_(std::move(parts));
        g.count = qint64(row.value(u"n"_s).toDouble());
        g.firstSeen = qint64(row.value(u"first"_s).toDouble());
        g.lastSeen = qint64(row.value(u"last"_s).toDouble());
        for (const auto s : allExecutionFailedStatuses) {
            if (const qint64 k = qint64(row.value(u"status_"_s + enumName(s)).toDouble()); k > 0)
                g.statuses[enumName(s)] = k;
        }
        m_scanned += g.count;
        m_building.insert(values.join(u'\n'), g);
    }
    publish();
}

void FailureGroupsModel::cancel()
{
    m_scan->cancel();
    m_runner->cancel();
    m_computing = false;
}

void FailureGroupsModel::add(const QJsonObject &doc)
{
    const QJsonObject state = doc.value("state"_L1).toObject();
    const QJsonObject fn = state.value("function"_L1).toObject();
    const QJsonObject source = state.value("eventId"_L1).toObject().value("aggregateId"_L1).toObject();
    const QString code = state.value("error"_L1).toObject().value("errorCode"_L1).toString();
    QString key, label;
    Condition condition;
    bool exact = true;
    switch (m_by) {
    case GroupBy::ErrorCode:
        key = label = code;
        condition = Condition::eq(field::errorCode, code);
        break;
    case GroupBy::Function: {
        const QString ctx = fn.value("contextName"_L1).toString(), proc = fn.value("processorName"_L1).toString(),
                      name = fn.value("name"_L1).toString();
        key = ctx + u'\n' + proc + u'\n' + name;
        label = u"%1 / %2.%3"_s.arg(ctx, proc, name);
        condition = Condition::and_({Condition::eq(field::functionContextName, ctx),
                                     Condition::eq(field::functionProcessorName, proc),
                                     Condition::eq(field::functionName, name)});
        break;
    }
    case GroupBy::Processor: {
        const QString ctx = fn.value("contextName"_L1).toString(), proc = fn.value("processorName"_L1).toString();
        key = ctx + u'\n' + proc;
        label = u"%1 / %2"_s.arg(ctx, proc);
        condition = Condition::and_({Condition::eq(field::functionContextName, ctx),
                                     Condition::eq(field::functionProcessorName, proc)});
        break;
    }
    case GroupBy::SourceAggregate: {
        const QString ctx = source.value("contextName"_L1).toString(), agg = source.value("aggregateName"_L1).toString();
        key = ctx + u'\n' + agg;
        label = u"%1 / %2"_s.arg(ctx, agg);
        condition = Condition::and_({Condition::eq(field::eventContextName, ctx),
                                     Condition::eq(field::eventAggregateName, agg)});
        break;
    }
    case GroupBy::Exception: {
        const StackSignature sig = stackSignature(state.value("error"_L1).toObject().value("stackTrace"_L1).toString());
        key = sig.key();
        label = sig.topFrame.isEmpty() ? sig.exception : sig.exception + u"\n  at "_s + sig.topFrame;
        if (label.isEmpty())
            label = QCoreApplication::translate("wci::FailureGroupsModel", "(no stack trace)");
        exact = false;
        break;
    }
    }
    FailureGroup &g = m_building[key];
    if (g.count == 0) {
        g.label = label;
        g.condition = condition;
        g.exact = exact;
        g.firstSeen = std::numeric_limits<qint64>::max();
    }
    ++g.count;
    const qint64 first = qint64(doc.value("firstEventTime"_L1).toDouble());
    const qint64 last = qint64(doc.value("eventTime"_L1).toDouble());
    g.firstSeen = std::min(g.firstSeen, first);
    g.lastSeen = std::max(g.lastSeen, last);
    ++g.statuses[state.value("status"_L1).toString()];
    if (!exact || m_base.op == Operator::Deleted)
        g.ids.append(doc.value("aggregateId"_L1).toString());
}

void FailureGroupsModel::publish()
{
    QList<FailureGroup> groups = m_building.values();
    for (auto &g : groups) {
        if (!g.exact) {
            QJsonArray ids;
            for (const auto &id : std::as_const(g.ids))
                ids.append(id);
            g.condition = Condition::in(u"aggregateId"_s, ids);
        }
    }
    std::sort(groups.begin(), groups.end(), [](const FailureGroup &a, const FailureGroup &b) {
        return a.count != b.count ? a.count > b.count : a.label < b.label;
    });
    m_building.clear();
    beginResetModel();
    m_groups = std::move(groups);
    endResetModel();
    m_computing = false;
    emit finished();
}

void FailureGroupsModel::setUtc(bool utc)
{
    m_utc = utc;
    if (!m_groups.isEmpty())
        emit dataChanged(index(0, FirstSeen), index(rowCount() - 1, LastSeen));
}

int FailureGroupsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_groups.size());
}

int FailureGroupsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FailureGroupsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const FailureGroup &g = m_groups.at(index.row());
    if (role == ConditionRole)
        return QVariant::fromValue(g.condition.toJsonBytes());
    if (role == CountRole)
        return g.count;
    if (role == Qt::TextAlignmentRole && index.column() == Count)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Group: return role == Qt::DisplayRole ? g.label.section(u'\n', 0, 0) + (g.label.contains(u'\n') ? u" " + g.label.section(u'\n', 1).trimmed() : QString()) : g.label;
    case Count: return g.count;
    case FirstSeen: return formatDateTime(g.firstSeen, m_utc);
    case LastSeen: return formatDateTime(g.lastSeen, m_utc);
    case Statuses: {
        QStringList parts;
        for (auto it = g.statuses.begin(); it != g.statuses.end(); ++it)
            parts.append(u"%1 %2"_s.arg(it.key()).arg(it.value()));
        return parts.join(u", "_s);
    }
    }
    return {};
}

QVariant FailureGroupsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const names[] = {
        QT_TRANSLATE_NOOP("wci::FailureGroupsModel", "Group"),
        QT_TRANSLATE_NOOP("wci::FailureGroupsModel", "Failures"),
        QT_TRANSLATE_NOOP("wci::FailureGroupsModel", "First failed"),
        QT_TRANSLATE_NOOP("wci::FailureGroupsModel", "Last event"),
        QT_TRANSLATE_NOOP("wci::FailureGroupsModel", "Statuses"),
    };
    return QCoreApplication::translate("wci::FailureGroupsModel", names[section]);
}

} // namespace wci
