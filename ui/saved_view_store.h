#pragma once

// Saved views (a category with its search, filters and group) kept in the settings' "views"
// group, one JSON value per name. The JSON also holds the combined condition, so a saved view
// says exactly what it asks the engine.

#include "failure_filter.h"

class QSettings;

namespace wci {

class SavedViewStore {
public:
    explicit SavedViewStore(QSettings *settings) : m_settings(settings) {}
    QList<SavedView> views() const; // by name
    void save(const SavedView &view);
    void remove(const QString &name);

private:
    QSettings *m_settings;
};

} // namespace wci
