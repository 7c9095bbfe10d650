#include "failure_list_model.h"

#include <QDateTime>

namespace wci {

using namespace Qt::StringLiterals;

FailureListModel::FailureListModel(Engine *engine, QObject *parent) : QAbstractTableModel(parent), m_engine(engine) {}

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

void FailureListModel::refresh()
{
    if (!m_engine)
        return;
    const quint64 generation = ++m_generation;
    m_countPending = true;
    m_pending.clear();
    setLoadingState();
    PagedQuery q;
    q.condition = m_condition;
    q.sort = m_sort;
    q.pagination = {1, m_pageSize};
    m_engine->pagedSnapshots(q, SnapshotView::State)
        .then(this,
              [this, generation](const PagedList<Document> &page) {
                  if (generation != m_generation)
                      return; // an older query answered late
                  QList<ExecutionFailedState> states;
                  for (const auto &d : page.list) {
                      if (auto s = d.as<ExecutionFailedState>())
                          states.append(*s);
                  }
                  beginResetModel();
                  m_total = page.total;
                  m_pages.clear();
                  m_pages.insert(0, states);
                  endResetModel();
                  m_countPending = false;
                  m_lastError.clear();
                  setLoadingState();
                  emit refreshed();
              })
        .onFailed(this, [this, generation](const EngineError &e) {
            if (generation != m_generation)
                return;
            m_countPending = false;
            m_lastError = e.errorMsg;
            setLoadingState();
            emit failed(e.errorMsg);
        });
}

void FailureListModel::requestPage(int page) const
{
    if (!m_engine || m_pages.contains(page) || m_pending.contains(page))
        return;
    auto *self = const_cast<FailureListModel *>(this);
    m_pending.insert(page);
    const quint64 generation = m_generation;
    PagedQuery q;
    q.condition = m_condition;
    q.sort = m_sort;
    q.pagination = {page + 1, m_pageSize};
    self->setLoadingState();
    m_engine->pagedSnapshots(q, SnapshotView::State)
        .then(self,
              [self, generation, page](const PagedList<Document> &result) {
                  if (generation != self->m_generation)
                      return;
                  self->m_pending.remove(page);
                  QList<ExecutionFailedState> states;
                  for (const auto &d : result.list) {
                      if (auto s = d.as<ExecutionFailedState>())
                          states.append(*s);
                  }
                  self->m_pages.insert(page, states);
                  const int first = page * self->m_pageSize;
                  const int last = std::min<qint64>(self->m_total, first + self->m_pageSize) - 1;
                  if (last >= first)
                      emit self->dataChanged(self->index(first, 0), self->index(last, ColumnCount - 1));
                  self->setLoadingState();
                  if (result.total != self->m_total)
                      self->refresh(); // the set changed under us: start over
              })
        .onFailed(self, [self, generation, page](const EngineError &e) {
            if (generation != self->m_generation)
                return;
            self->m_pending.remove(page);
            self->m_lastError = e.errorMsg;
            self->setLoadingState();
            emit self->failed(e.errorMsg);
        });
}

int FailureListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(std::min<qint64>(m_total, std::numeric_limits<int>::max()));
}

int FailureListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

std::optional<ExecutionFailedState> FailureListModel::stateAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return std::nullopt;
    const auto it = m_pages.constFind(row / m_pageSize);
    if (it == m_pages.constEnd() || row % m_pageSize >= it->size())
        return std::nullopt;
    return it->at(row % m_pageSize);
}

int FailureListModel::rowOf(const QString &executionId) const
{
    for (auto it = m_pages.constBegin(); it != m_pages.constEnd(); ++it) {
        for (int i = 0; i < it->size(); ++i) {
            if (it->at(i).id == executionId)
                return it.key() * m_pageSize + i;
        }
    }
    return -1;
}

static QString dateTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

QVariant FailureListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const auto state = stateAt(index.row());
    if (!state) {
        requestPage(index.row() / m_pageSize);
        if (role == LoadedRole)
            return false;
        return role == Qt::DisplayRole && index.column() == ExecutionId ? QVariant(u"…"_s) : QVariant();
    }
    const ExecutionFailedState &s = *state;
    switch (role) {
    case LoadedRole:
        return true;
    case StateRole:
        return QVariant::fromValue(s);
    case IdRole:
        return s.id;
    case RawValueRole:
        switch (index.column()) {
        case Status: return enumName(s.status);
        case ExecutionId: return s.id;
        case Function: return s.function.processorName;
        case ErrorCode: return s.error.errorCode;
        case ErrorMessage: return s.error.errorMsg;
        case Retries: return s.retryState.retries;
        case Recoverable: return enumName(s.recoverable);
        case ExecuteAt: return s.executeAt;
        case NextRetry: return s.retryState.nextRetryAt;
        case Timeout: return s.retryState.timeoutAt;
        }
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case Status: return enumName(s.status);
        case ExecutionId: return s.id;
        case Function: return QString(s.function.contextName + u" / "_s + s.function.processorName + u'.' + s.function.name);
        case ErrorCode: return s.error.errorCode;
        case ErrorMessage: return s.error.errorMsg.section(u'\n', 0, 0);
        case Retries: return u"%1 / %2"_s.arg(s.retryState.retries).arg(s.retrySpec.maxRetries);
        case Recoverable: return enumName(s.recoverable);
        case ExecuteAt: return dateTime(s.executeAt);
        case NextRetry: return dateTime(s.retryState.nextRetryAt);
        case Timeout: return dateTime(s.retryState.timeoutAt);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ErrorMessage)
            return s.error.errorMsg;
        return {};
    default:
        return {};
    }
}

QVariant FailureListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const names[] = {"Status", "Execution id", "Function", "Error code", "Error message",
                                        "Retries", "Recoverable", "Last executed", "Next retry", "Timeout"};
    return QString::fromLatin1(names[section]);
}

QString FailureListModel::sortField(int column)
{
    switch (column) {
    case Status: return u"state.status"_s;
    case ExecutionId: return u"aggregateId"_s;
    case Function: return u"state.function.processorName"_s;
    case ErrorCode: return u"state.error.errorCode"_s;
    case ErrorMessage: return u"state.error.errorMsg"_s;
    case Retries: return u"state.retryState.retries"_s;
    case Recoverable: return u"state.recoverable"_s;
    case ExecuteAt: return u"state.executeAt"_s;
    case NextRetry: return u"state.retryState.nextRetryAt"_s;
    case Timeout: return u"state.retryState.timeoutAt"_s;
    default: return {};
    }
}

void FailureListModel::sort(int column, Qt::SortOrder order)
{
    const QString field = sortField(column);
    if (field.isEmpty())
        return;
    m_sort = {Sort{field, order == Qt::AscendingOrder ? SortDirection::Asc : SortDirection::Desc}};
    refresh();
}

} // namespace wci
