#pragma once

// The list's filters as one value: the search box and the filter bar, turned into a Condition
// that is combined with the category's. Saved views store it as JSON.

#include "categories.h"
#include "engine.h"

namespace wci {

struct FailureFilter {
    QString search;        // the search box
    bool freeText = false; // search the error message and stack trace (engines with full-text search)
    std::optional<ExecutionFailedStatus> status;
    std::optional<RecoverableType> recoverable;
    QString contextName;
    QString processorName;
    QString functionName;
    QString errorCode;
    std::optional<qint64> firstFailedFrom; // epoch ms, inclusive
    std::optional<qint64> firstFailedTo;   // epoch ms, inclusive
    std::optional<Condition> group;        // a failure group's members (drill-down)
    QString groupLabel;

    bool isEmpty() const;
    QJsonObject toJson() const;
    static FailureFilter fromJson(const QJsonObject &o);
    friend bool operator==(const FailureFilter &, const FailureFilter &) = default;
};

// The condition of the search box alone: the text equals an execution id, failed event id,
// source aggregate id, processor, function or error code; or, with freeText, the text search
// (MATCH) over the whole document. Empty text → all.
Condition searchCondition(const QString &text, bool freeText);

// Whether the search and filters can narrow this category. Not for Deleted: Wow hides deleted
// aggregates unless the query's top level is a DELETED condition (docs/wire-protocol.md §7.3), which an
// AND with filters is not, so "deleted and X" cannot be asked through Wow's API.
bool filtersApply(FailureCategory category);

// category AND search AND every set filter (the category alone where filtersApply() is false).
Condition failureCondition(FailureCategory category, const FailureFilter &filter, qint64 now,
                           CategoryClock clock = CategoryClock::Local);

// A saved view: a name, the category and the filter.
struct SavedView {
    QString name;
    FailureCategory category = FailureCategory::All;
    FailureFilter filter;
};

} // namespace wci
