#include "category_counts_model.h"
#include "delivered.h"

#include <QGuiApplication>
#include <QPalette>

namespace wci {

using namespace Qt::StringLiterals;

CategoryCountsModel::CategoryCountsModel(Engine *engine, QObject *parent) : QAbstractListModel(parent), m_engine(engine) {}

void CategoryCountsModel::refresh(qint64 now)
{
    if (!m_engine)
        return;
    if (now == 0)
        now = m_engine->now();
    const auto reply = m_reply.begin();
    const CategoryClock clock = categoryClock(m_engine->capabilities());
    if (!m_engine->capabilities().aggregation) {
        countEach(now, clock);
        return;
    }
    // One aggregation query: a COUNT per category, each with the category's filter. A server
    // that refuses the query (a filter its aggregation does not take) gets one count each.
    m_outstanding = 1;
    const AggregationQuery q = categoryCountsQuery(now, clock);
    delivered(this, m_engine->aggregateSnapshots(q))
        .then(this, reply([this](const std::vector<AggregationRow> &rows) {
                  const auto counts = categoryCountsFromRows(rows);
                  if (!counts) {
                      fail(EngineError(ErrorCode::IllegalState, tr("The server answered the category counts in an unexpected form.")));
                      return;
                  }
                  for (size_t i = 0; i < allFailureCategories.size(); ++i)
                      setCount(i, (*counts)[i]);
                  m_outstanding = 0;
                  emit refreshed();
              }))
        .onFailed(this, reply([this, now, clock](const EngineError &e) {
            if (e.httpStatus == 400 || e.httpStatus == 404 || e.httpStatus == 422) {
                countEach(now, clock);
                return;
            }
            fail(e);
        }));
}

void CategoryCountsModel::countEach(qint64 now, CategoryClock clock)
{
    const auto reply = m_reply.current();
    m_outstanding = int(allFailureCategories.size());
    for (size_t i = 0; i < allFailureCategories.size(); ++i) {
        delivered(this, m_engine->countSnapshots(categoryCondition(allFailureCategories[i], now, clock)))
            .then(this, reply([this, i](qint64 n) {
                      setCount(i, n);
                      if (--m_outstanding == 0)
                          emit refreshed();
                  }))
            .onFailed(this, reply([this](const EngineError &e) { fail(e); }));
    }
}

void CategoryCountsModel::setCount(size_t i, qint64 n)
{
    if (m_stale) {
        m_stale = false;
        emit dataChanged(index(0), index(rowCount() - 1), {Qt::ForegroundRole});
    }
    m_counts[i] = n;
    m_known[i] = true;
    emit dataChanged(index(int(i)), index(int(i)));
}

void CategoryCountsModel::fail(const EngineError &e)
{
    m_lastEngineError = e;
    if (--m_outstanding <= 0) {
        m_outstanding = 0;
        emit refreshed();
    }
    emit failed(e.errorMsg);
}

qint64 CategoryCountsModel::count(FailureCategory c) const
{
    for (size_t i = 0; i < allFailureCategories.size(); ++i) {
        if (allFailureCategories[i] == c)
            return m_known[i] ? m_counts[i] : -1;
    }
    return -1;
}

int CategoryCountsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(allFailureCategories.size());
}

QVariant CategoryCountsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() < 0 || index.row() >= rowCount())
        return {};
    const size_t i = size_t(index.row());
    const FailureCategory c = allFailureCategories[i];
    switch (role) {
    case Qt::DisplayRole:
        return m_known[i] ? tr("%1 (%L2)", "category and its count").arg(categoryName(c)).arg(m_counts[i]) : categoryName(c);
    case CategoryRole:
        return int(c);
    case CountRole:
        return m_known[i] ? QVariant(m_counts[i]) : QVariant();
    case Qt::ForegroundRole:
        return m_stale ? QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text) : QVariant();
    default:
        return {};
    }
}

void CategoryCountsModel::setStale(bool stale)
{
    if (stale == m_stale)
        return;
    m_stale = stale;
    emit dataChanged(index(0), index(rowCount() - 1), {Qt::ForegroundRole});
}

} // namespace wci
