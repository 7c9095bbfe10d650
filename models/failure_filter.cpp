#include "failure_filter.h"

#include "field_paths.h"

namespace wci {

using namespace Qt::StringLiterals;

bool FailureFilter::isEmpty() const
{
    return search.trimmed().isEmpty() && !status && !recoverable && contextName.isEmpty() && processorName.isEmpty()
        && functionName.isEmpty() && errorCode.isEmpty() && !firstFailedFrom && !firstFailedTo && !group;
}

QJsonObject FailureFilter::toJson() const
{
    QJsonObject o;
    if (!search.isEmpty())
        o.insert("search"_L1, search);
    if (freeText)
        o.insert("freeText"_L1, true);
    if (status)
        o.insert("status"_L1, enumName(*status));
    if (recoverable)
        o.insert("recoverable"_L1, enumName(*recoverable));
    if (!contextName.isEmpty())
        o.insert("contextName"_L1, contextName);
    if (!processorName.isEmpty())
        o.insert("processorName"_L1, processorName);
    if (!functionName.isEmpty())
        o.insert("functionName"_L1, functionName);
    if (!errorCode.isEmpty())
        o.insert("errorCode"_L1, errorCode);
    if (firstFailedFrom)
        o.insert("firstFailedFrom"_L1, double(*firstFailedFrom));
    if (firstFailedTo)
        o.insert("firstFailedTo"_L1, double(*firstFailedTo));
    if (group) {
        o.insert("group"_L1, group->toJson());
        o.insert("groupLabel"_L1, groupLabel);
    }
    return o;
}

FailureFilter FailureFilter::fromJson(const QJsonObject &o)
{
    FailureFilter f;
    f.search = o.value("search"_L1).toString();
    f.freeText = o.value("freeText"_L1).toBool();
    if (o.contains("status"_L1))
        f.status = parseExecutionFailedStatus(o.value("status"_L1).toString());
    if (o.contains("recoverable"_L1))
        f.recoverable = parseRecoverableType(o.value("recoverable"_L1).toString());
    f.contextName = o.value("contextName"_L1).toString();
    f.processorName = o.value("processorName"_L1).toString();
    f.functionName = o.value("functionName"_L1).toString();
    f.errorCode = o.value("errorCode"_L1).toString();
    if (o.value("firstFailedFrom"_L1).isDouble())
        f.firstFailedFrom = qint64(o.value("firstFailedFrom"_L1).toDouble());
    if (o.value("firstFailedTo"_L1).isDouble())
        f.firstFailedTo = qint64(o.value("firstFailedTo"_L1).toDouble());
    if (o.value("group"_L1).isObject()) {
        if (auto c = Condition::fromJson(o.value("group"_L1)))
            f.group = *c;
        f.groupLabel = o.value("groupLabel"_L1).toString();
    }
    return f;
}

Condition searchCondition(const QString &rawText, bool freeText)
{
    const QString text = rawText.trimmed();
    if (text.isEmpty())
        return Condition::all();
    if (freeText)
        return Condition::leaf(QString(), Operator::Match, text);
    return Condition::or_({
        Condition::eq(u"aggregateId"_s, text),
        Condition::eq(field::eventId, text),
        Condition::eq(field::eventAggregateId, text),
        Condition::eq(field::functionProcessorName, text),
        Condition::eq(field::functionName, text),
        Condition::eq(field::errorCode, text),
    });
}

bool filtersApply(FailureCategory category)
{
    return category != FailureCategory::Deleted;
}

Condition failureCondition(FailureCategory category, const FailureFilter &f, qint64 now, CategoryClock clock)
{
    if (!filtersApply(category))
        return categoryCondition(category, now, clock);
    std::vector<Condition> parts;
    const Condition cat = categoryCondition(category, now, clock);
    if (cat.op != Operator::All)
        parts.push_back(cat);
    if (!f.search.trimmed().isEmpty())
        parts.push_back(searchCondition(f.search, f.freeText));
    if (f.status)
        parts.push_back(Condition::eq(field::status, enumName(*f.status)));
    if (f.recoverable)
        parts.push_back(Condition::eq(field::recoverable, enumName(*f.recoverable)));
    if (!f.contextName.isEmpty())
        parts.push_back(Condition::eq(field::functionContextName, f.contextName));
    if (!f.processorName.isEmpty())
        parts.push_back(Condition::eq(field::functionProcessorName, f.processorName));
    if (!f.functionName.isEmpty())
        parts.push_back(Condition::eq(field::functionName, f.functionName));
    if (!f.errorCode.isEmpty())
        parts.push_back(Condition::eq(field::errorCode, f.errorCode));
    if (f.firstFailedFrom)
        parts.push_back(Condition::leaf(u"firstEventTime"_s, Operator::Gte, QJsonValue(double(*f.firstFailedFrom))));
    if (f.firstFailedTo)
        parts.push_back(Condition::leaf(u"firstEventTime"_s, Operator::Lte, QJsonValue(double(*f.firstFailedTo))));
    if (f.group)
        parts.push_back(*f.group);
    if (parts.empty())
        return Condition::all();
    if (parts.size() == 1)
        return parts.front();
    return Condition::and_(std::move(parts));
}

} // namespace wci
