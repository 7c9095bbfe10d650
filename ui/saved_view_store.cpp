#include "saved_view_store.h"

#include <QJsonDocument>
#include <QSettings>

namespace wci {

using namespace Qt::StringLiterals;

static const QString kGroup = u"views"_s;

QList<SavedView> SavedViewStore::views() const
{
    QList<SavedView> views;
    m_settings->beginGroup(kGroup);
    for (const auto &name : m_settings->childKeys()) {
        const QJsonObject o = QJsonDocument::fromJson(m_settings->value(name).toByteArray()).object();
        SavedView v;
        v.name = name;
        v.category = categoryByRoute(o.value("category"_L1).toString()).value_or(FailureCategory::All);
        v.filter = FailureFilter::fromJson(o.value("filter"_L1).toObject());
        views.append(v);
    }
    m_settings->endGroup();
    return views;
}

void SavedViewStore::save(const SavedView &view)
{
    QJsonObject o;
    o.insert("category"_L1, categoryRoute(view.category));
    o.insert("filter"_L1, view.filter.toJson());
    o.insert("condition"_L1, failureCondition(view.category, view.filter, 0).toJson());
    m_settings->beginGroup(kGroup);
    m_settings->setValue(view.name, QJsonDocument(o).toJson(QJsonDocument::Compact));
    m_settings->endGroup();
}

void SavedViewStore::remove(const QString &name)
{
    m_settings->beginGroup(kGroup);
    m_settings->remove(name);
    m_settings->endGroup();
}

} // namespace wci
