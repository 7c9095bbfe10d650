#pragma once

// The categories sidebar's data: each dashboard category (plus All and Deleted) with its count
// from the engine, refreshed together: one aggregation query (a COUNT with each category's
// filter) where the engine aggregates, else one count query per category.

#include "categories.h"
#include "engine.h"
#include "reply_guard.h"

#include <QAbstractListModel>
#include <QPointer>

namespace wci {

class CategoryCountsModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { CategoryRole = Qt::UserRole + 1, CountRole, ConditionRole };

    explicit CategoryCountsModel(Engine *engine, QObject *parent = nullptr);

    // Counts every category with "now" = `now` (the engine's clock when 0).
    void refresh(qint64 now = 0);
    qint64 count(FailureCategory c) const;
    FailureCategory categoryAt(int row) const { return allFailureCategories[size_t(row)]; }
    EngineError lastEngineError() const { return m_lastEngineError; }
    // Counts read before the engine stopped answering: shown greyed until the next good read.
    void setStale(bool stale);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

signals:
    void refreshed();
    void failed(const QString &message);

private:
    void countEach(qint64 now, CategoryClock clock); // one count query per category
    void setCount(size_t i, qint64 n);
    void fail(const EngineError &e);

    QPointer<Engine> m_engine;
    std::array<qint64, allFailureCategories.size()> m_counts{};
    std::array<bool, allFailureCategories.size()> m_known{};
    ReplyGuard m_reply;
    int m_outstanding = 0;
    EngineError m_lastEngineError;
    bool m_stale = false;
};

} // namespace wci
