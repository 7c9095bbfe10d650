#include "failure_list_model.h"
#include "delivered.h"

#include "csv.h"
#include "failure_text.h"
#include "field_paths.h"
#include "theme.h"

#include <QBrush>
#include <QGuiApplication>
#include <QPalette>

namespace wci {

using namespace Qt::StringLiterals;

FailureListModel::FailureListModel(Engine *engine, QObject *parent)
    : QAbstractTableModel(parent), m_engine(engine), m_now(engine ? engine->now() : 0)
{
}

int FailureListModel::pageSize() const
{
    const int max = m_engine ? m_engine->capabilities().maxPageSize : 0;
    return max > 0 ? std::min(m_pageSize, max) : m_pageSize;
}

void FailureListModel::setCondition(const Condition &condition)
{
    m_condition = condition;
    refresh();
}

void FailureListModel::setLoadingState()
{
    const bool loading = isLoading();
    if (loading != m_wasLoading) {
        m_wasLoading = loading;
        emit loadingChanged(loading);
    }
}

template <typename Docs>
QList<Snapshot> FailureListModel::decode(const Docs &docs)
{
    QList<Snapshot> rows;
    rows.reserve(qsizetype(docs.size()));
    for (const auto &d : docs) {
        if (auto s = d.template as<Snapshot>())
            rows.append(std::move(*s));
    }
    return rows;
}

void FailureListModel::refresh()
{
    if (!m_engine)
        return;
    const auto reply = m_reply.begin();
    m_countPending = true;
    m_pending.clear();
    setLoadingState();
    PagedQuery q;
    q.condition = m_condition;
    q.sort = m_sort;
    q.pagination = {1, pageSize()};
    delivered(this, m_engine->pagedSnapshots(q, SnapshotView::Document))
        .then(this, reply([this](const PagedList<Document> &page) {
                  beginResetModel();
                  m_total = page.total;
                  m_pages.clear();
                  m_pages.setPageSize(pageSize());
                  m_pages.insert(0, decode(page.list));
                  endResetModel();
                  m_countPending = false;
                  m_hasResult = true;
                  m_lastError.clear();
                  m_lastEngineError = {};
                  m_stale = false;
                  setLoadingState();
                  emit refreshed();
              }))
        .onFailed(this, reply([this](const EngineError &e) {
            m_countPending = false;
            m_lastError = e.errorMsg.isEmpty() ? e.errorCode : e.errorMsg;
            m_lastEngineError = e;
            setLoadingState();
            emit failed(m_lastError);
        }));
}

void FailureListModel::requestPage(int page) const
{
    if (!m_engine || m_countPending || m_pages.contains(page) || m_pending.contains(page))
        return;
    auto *self = const_cast<FailureListModel *>(this);
    m_pending.insert(page);
    const auto reply = m_reply.current();
    const int size = pageSize();
    const qint64 first = qint64(page) * size;
    const qint64 count = std::min<qint64>(m_total - first, size);
    self->setLoadingState();

    const auto onFailed = reply([self, page](const EngineError &e) { self->pageFailed(page, e); });
    const int listCap = m_engine->capabilities().maxListLimit;
    const auto cursorAllowed = [listCap](qint64 limit) { return listCap <= 0 || limit <= listCap; };

    if (sortedByIdOnly() && count > 0) {
        const Sort &order = m_sort.front();
        const bool desc = order.direction == SortDirection::Desc;
        const SortDirection reversed = desc ? SortDirection::Asc : SortDirection::Desc;
        // Keyset forward: the rows after the previous page's last id.
        const QList<Snapshot> *before = m_pages.peek(page - 1);
        if (before && before->size() == size && cursorAllowed(count)) {
            ListQuery q;
            q.condition = Condition::and_({m_condition, Condition::leaf(u"aggregateId"_s, desc ? Operator::Lt : Operator::Gt,
                                                                        before->last().aggregateId)});
            q.sort = m_sort;
            q.limit = int(count);
            delivered(self, m_engine->listSnapshots(q, SnapshotView::Document))
                .then(self, reply([self, page](const QList<Document> &docs) {
                    self->pageArrived(page, decode(docs), docs.size(), std::nullopt, std::nullopt);
                }))
                .onFailed(self, onFailed);
            return;
        }
        // Keyset backward: the rows before the next page's first id, read in reverse.
        const QList<Snapshot> *after = m_pages.peek(page + 1);
        if (after && !after->isEmpty() && cursorAllowed(count)) {
            ListQuery q;
            q.condition = Condition::and_({m_condition, Condition::leaf(u"aggregateId"_s, desc ? Operator::Gt : Operator::Lt,
                                                                        after->first().aggregateId)});
            q.sort = {Sort{u"aggregateId"_s, reversed}};
            q.limit = int(count);
            delivered(self, m_engine->listSnapshots(q, SnapshotView::Document))
                .then(self, reply([self, page](const QList<Document> &docs) {
                    QList<Snapshot> rows = decode(docs);
                    std::reverse(rows.begin(), rows.end());
                    self->pageArrived(page, std::move(rows), docs.size(), std::nullopt, std::nullopt);
                }))
                .onFailed(self, onFailed);
            return;
        }
        // Near the end: read from the end in reverse (no deep OFFSET for the last rows).
        const qint64 fromEnd = m_total - (first + count); // rows after this page
        const qint64 limit = fromEnd + count;
        if (first > limit && limit <= 2000 && cursorAllowed(limit)) {
            ListQuery q;
            q.condition = m_condition;
            q.sort = {Sort{u"aggregateId"_s, reversed}};
            q.limit = int(limit);
            delivered(self, m_engine->listSnapshots(q, SnapshotView::Document))
                .then(self, reply([self, page, count](const QList<Document> &docs) {
                    // The last `limit` rows in reverse: this page is the first `count` of them, turned around.
                    const QList<Document> mine = docs.mid(docs.size() > count ? docs.size() - count : 0);
                    QList<Snapshot> rows = decode(mine);
                    std::reverse(rows.begin(), rows.end());
                    self->pageArrived(page, std::move(rows), mine.size(), std::nullopt, std::nullopt);
                }))
                .onFailed(self, onFailed);
            return;
        }
    }

    PagedQuery q;
    q.condition = m_condition;
    q.sort = m_sort;
    q.pagination = {page + 1, size};
    const qint64 expected = m_total;
    delivered(self, m_engine->pagedSnapshots(q, SnapshotView::Document))
        .then(self, reply([self, page, expected](const PagedList<Document> &result) {
            self->pageArrived(page, decode(result.list), qsizetype(result.list.size()), expected, result.total);
        }))
        .onFailed(self, onFailed);
}

void FailureListModel::pageArrived(int page, QList<Snapshot> rows, qsizetype received, std::optional<qint64> expectedTotal,
                                   std::optional<qint64> total)
{
    m_pending.remove(page);
    const int size = pageSize();
    const int first = page * size;
    const int expectedRows = int(std::min<qint64>(m_total - first, size));
    const bool complete = received == expectedRows;
    m_pages.insert(page, std::move(rows));
    const int last = std::min(rowCount(), first + size) - 1;
    if (last >= first) {
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
        emit pageLoaded(first, last);
    }
    setLoadingState();
    // The set changed under us (rows added or removed since the total was read): start over.
    if ((total && expectedTotal && *total != *expectedTotal) || !complete)
        refresh();
}

void FailureListModel::pageFailed(int page, const EngineError &e)
{
    m_pending.remove(page);
    m_lastError = e.errorMsg.isEmpty() ? e.errorCode : e.errorMsg;
    m_lastEngineError = e;
    setLoadingState();
    emit failed(m_lastError);
}

int FailureListModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    qint64 n = std::min<qint64>(m_total, std::numeric_limits<int>::max());
    const int window = m_engine ? m_engine->capabilities().maxPagingWindow : 0;
    if (window > 0)
        n = std::min<qint64>(n, window);
    return int(n);
}

int FailureListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const Snapshot *FailureListModel::rowPtr(int row) const
{
    return row < rowCount() ? m_pages.row(row) : nullptr;
}

std::optional<ExecutionFailedState> FailureListModel::stateAt(int row) const
{
    const Snapshot *s = rowPtr(row);
    return s ? std::optional(s->state) : std::nullopt;
}

std::optional<Snapshot> FailureListModel::snapshotAt(int row) const
{
    const Snapshot *s = rowPtr(row);
    return s ? std::optional(*s) : std::nullopt;
}

int FailureListModel::rowOf(const QString &executionId) const
{
    return m_pages.find([&](const Snapshot &s) { return s.aggregateId == executionId; }).value_or(-1);
}

void FailureListModel::setStale(bool stale)
{
    if (stale == m_stale)
        return;
    m_stale = stale;
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::ForegroundRole});
}

void FailureListModel::setUtc(bool utc)
{
    if (utc == m_utc)
        return;
    m_utc = utc;
    if (rowCount() > 0)
        emit dataChanged(index(0, FirstFailed), index(rowCount() - 1, Timeout), {Qt::DisplayRole, Qt::ToolTipRole});
    emit headerDataChanged(Qt::Horizontal, FirstFailed, Timeout);
}

void FailureListModel::setNow(qint64 now)
{
    m_now = now;
    if (rowCount() > 0) {
        emit dataChanged(index(0, Status), index(rowCount() - 1, Status), {Qt::DisplayRole, Qt::ForegroundRole});
        emit dataChanged(index(0, NextRetry), index(rowCount() - 1, NextRetry), {Qt::DisplayRole, Qt::ToolTipRole});
    }
}

static QVariant statusColor(StatusBadge badge)
{
    switch (badge) {
    case StatusBadge::Succeeded: return QBrush(theme::color(theme::Tone::Success));
    case StatusBadge::Failed:
    case StatusBadge::TimedOut: return QBrush(theme::color(theme::Tone::Danger));
    case StatusBadge::Executing: return QBrush(theme::color(theme::Tone::Info));
    case StatusBadge::Deleted: break;
    }
    return QBrush(theme::color(theme::Tone::Muted));
}

QVariant FailureListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const Snapshot *snap = rowPtr(index.row());
    if (!snap) {
        requestPage(index.row() / pageSize());
        if (role == LoadedRole)
            return false;
        return role == Qt::DisplayRole && index.column() == ExecutionId ? QVariant(u"…"_s) : QVariant();
    }
    const ExecutionFailedState &s = snap->state;
    switch (role) {
    case LoadedRole:
        return true;
    case DeletedRole:
        return snap->deleted;
    case StateRole:
        return QVariant::fromValue(s);
    case IdRole:
        return snap->aggregateId;
    case RawValueRole:
        switch (index.column()) {
        case Status: return enumName(s.status);
        case ExecutionId: return snap->aggregateId;
        case Context: return s.function.contextName;
        case Processor: return s.function.processorName;
        case Function: return s.function.name;
        case ErrorCode: return s.error.errorCode;
        case ErrorMessage: return s.error.errorMsg;
        case Retries: return s.retryState.retries;
        case Recoverable: return enumName(s.recoverable);
        case FirstFailed: return snap->firstEventTime;
        case ExecuteAt: return s.executeAt;
        case NextRetry: return s.retryState.nextRetryAt;
        case Timeout: return s.retryState.timeoutAt;
        }
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case Status: return statusBadge(s, snap->deleted, m_now);
        case ExecutionId: return snap->aggregateId;
        case Context: return s.function.contextName;
        case Processor: return s.function.processorName;
        case Function: return s.function.name;
        case ErrorCode: return s.error.errorCode;
        case ErrorMessage: return s.error.errorMsg.section(u'\n', 0, 0).left(300);
        case Retries: return u"%1 / %2"_s.arg(s.retryState.retries).arg(s.retrySpec.maxRetries);
        case Recoverable: return enumName(s.recoverable);
        case FirstFailed: return formatDateTime(snap->firstEventTime, m_utc);
        case ExecuteAt: return formatDateTime(s.executeAt, m_utc);
        case NextRetry:
            if (snap->deleted || s.status == ExecutionFailedStatus::Succeeded || !s.isBelowRetryThreshold()
                || s.recoverable == RecoverableType::Unrecoverable)
                return u"—"_s;
            return s.retryState.nextRetryAt <= m_now ? tr("due") : formatRelative(s.retryState.nextRetryAt, m_now);
        case Timeout: return formatDateTime(s.retryState.timeoutAt, m_utc);
        }
        return {};
    case Qt::ForegroundRole:
        if (m_stale)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        if (index.column() == Status)
            return statusColor(statusBadgeOf(s, snap->deleted, m_now));
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case ErrorMessage: return s.error.errorMsg.left(2000);
        case NextRetry: return formatDateTime(s.retryState.nextRetryAt, m_utc);
        case Status: return describeNextStep(s, snap->deleted, m_now);
        default: return {};
        }
    default:
        return {};
    }
}

QVariant FailureListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole) || section < 0
        || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const names[] = {
        QT_TRANSLATE_NOOP("wci::FailureListModel", "Status"),
        QT_TRANSLATE_NOOP("wci::FailureListModel", "Execution id"),
        QT_TRANSLATE_NOOP("wci::FailureListModel", "Context"),
        QT_TRANSLATE_NOOP("wci::FailureListModel", "Processor"),
        QT_TRANSLATE_NOOP("wci::FailureListModel", "Function"),
        QT_TRANSLATE_NOOP("wci::FailureListModel", "Error code"),
        QT_TRANSLATE_NOOP("wci::FailureListModel", "Error message"),
        QT_TRANSLATE_NOOP("wci::FailureListModel", "Retries"),
        QT_TRANSLATE_NOOP("wci::FailureListModel", "Recoverable"),
        QT_TRANSLATE_NOOP("wci::FailureListModel", "First failed"),
        QT_TRANSLATE_NOOP("wci::FailureListModel", "Last executed"),
        QT_TRANSLATE_NOOP("wci::FailureListModel", "Next retry"),
        QT_TRANSLATE_NOOP("wci::FailureListModel", "Timeout"),
    };
    static_assert(std::size(names) == ColumnCount);
    const QString name = QCoreApplication::translate("wci::FailureListModel", names[section]);
    if (role == Qt::ToolTipRole) {
        if (section >= FirstFailed && section != NextRetry)
            return m_utc ? tr("%1 (UTC)").arg(name) : tr("%1 (local time)").arg(name);
        if (section == NextRetry)
            return tr("Time until the next retry is due");
        return name;
    }
    return name;
}

QString FailureListModel::sortField(int column)
{
    switch (column) {
    case Status: return field::status;
    case ExecutionId: return u"aggregateId"_s;
    case Context: return field::functionContextName;
    case Processor: return field::functionProcessorName;
    case Function: return field::functionName;
    case ErrorCode: return field::errorCode;
    case ErrorMessage: return field::errorMsg;
    case Retries: return field::retries;
    case Recoverable: return field::recoverable;
    case FirstFailed: return u"firstEventTime"_s;
    case ExecuteAt: return field::executeAt;
    case NextRetry: return field::nextRetryAt;
    case Timeout: return field::timeoutAt;
    default: return {};
    }
}

void FailureListModel::sort(int column, Qt::SortOrder order)
{
    const QString field = sortField(column);
    if (field.isEmpty())
        return;
    const SortDirection dir = order == Qt::AscendingOrder ? SortDirection::Asc : SortDirection::Desc;
    m_sort = {Sort{field, dir}};
    if (field != u"aggregateId")
        m_sort.push_back(Sort{u"aggregateId"_s, dir}); // a total order, so pages never overlap
    refresh();
}

QString FailureListModel::toCsv(const QList<int> &rows) const
{
    QStringList lines;
    QStringList header;
    for (int c = 0; c < ColumnCount; ++c)
        header.append(csvField(headerData(c, Qt::Horizontal).toString()));
    lines.append(header.join(u','));
    for (int row : rows) {
        if (!rowPtr(row))
            continue;
        QStringList fields;
        for (int c = 0; c < ColumnCount; ++c) {
            // Full values, not the display's shortened ones.
            QVariant v = (c == ErrorMessage || c == Status || c == ExecutionId || c == Context || c == Processor
                          || c == Function || c == ErrorCode || c == Recoverable)
                ? data(index(row, c), RawValueRole)
                : data(index(row, c), Qt::DisplayRole);
            if (c == NextRetry || c == FirstFailed || c == ExecuteAt || c == Timeout)
                v = formatDateTime(data(index(row, c), RawValueRole).toLongLong(), m_utc);
            fields.append(csvField(v.toString()));
        }
        lines.append(fields.join(u','));
    }
    return lines.join(u"\r\n"_s) + u"\r\n"_s;
}

} // namespace wci
