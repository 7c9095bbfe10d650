#include "query_guard.h"

#include <deque>

namespace wci {

using namespace Qt::StringLiterals;

static DomainError rejection(const QueryGuardConfig &g, const QString &code, const QString &name, const QString &msg)
{
    return g.codes ? DomainError::coded(code, name, msg) : DomainError::illegalArgument(msg);
}

std::optional<DomainError> guardCursorSize(const QueryGuardConfig &g, int size)
{
    if (!g.enabled)
        return std::nullopt;
    if (size < 1 || (g.maxPageSize != 0 && size > g.maxPageSize))
        return rejection(g, BindingCode::SizeOutOfRange, u"size"_s,
                         u"HTTP cursor size[%1] must be between 1 and %2."_s.arg(size).arg(g.maxPageSize));
    return std::nullopt;
}

std::optional<DomainError> guardAggregationLimit(const QueryGuardConfig &g, int limit)
{
    if (!g.enabled)
        return std::nullopt;
    if (limit < 1 || (g.maxListSize != 0 && limit > g.maxListSize))
        return rejection(g, BindingCode::SizeOutOfRange, u"limit"_s,
                         u"HTTP aggregation query limit[%1] must be between 1 and %2."_s.arg(limit).arg(g.maxListSize));
    return std::nullopt;
}

std::optional<DomainError> guardListLimit(const QueryGuardConfig &g, int limit)
{
    if (!g.enabled)
        return std::nullopt;
    const int minimum = g.maxListSize == 0 ? 0 : 1;
    if (limit < minimum || (g.maxListSize != 0 && limit > g.maxListSize))
        return rejection(g, BindingCode::SizeOutOfRange, u"limit"_s,
                         u"HTTP list query limit[%1] must be between %2 and %3."_s.arg(limit).arg(minimum).arg(g.maxListSize));
    return std::nullopt;
}

std::optional<DomainError> guardPagination(const QueryGuardConfig &g, const Pagination &p)
{
    if (!g.enabled)
        return std::nullopt;
    if (p.index < 1)
        return rejection(g, BindingCode::SizeOutOfRange, u"pagination.index"_s,
                         u"HTTP page index[%1] must be greater than or equal to 1."_s.arg(p.index));
    if (p.size < 1 || (g.maxPageSize != 0 && p.size > g.maxPageSize))
        return rejection(g, BindingCode::SizeOutOfRange, u"pagination.size"_s,
                         u"HTTP page size[%1] must be between 1 and %2."_s.arg(p.size).arg(g.maxPageSize));
    const qint64 window = qint64(p.index) * p.size;
    if (g.maxPageWindow != 0 && window > g.maxPageWindow)
        return rejection(g, BindingCode::SizeOutOfRange, u"pagination"_s,
                         u"HTTP page window[%1] must not exceed %2."_s.arg(window).arg(g.maxPageWindow));
    const qint64 offset = (qint64(p.index) - 1) * p.size;
    if (offset > std::numeric_limits<int>::max())
        return rejection(g, BindingCode::SizeOutOfRange, u"pagination"_s,
                         u"HTTP page offset[%1] must not exceed %2."_s.arg(offset).arg(std::numeric_limits<int>::max()));
    return std::nullopt;
}

static bool isMatchAll(const Condition &c)
{
    switch (c.op) {
    case Operator::All: return true;
    case Operator::Deleted: return deletionStateOf(c.value) == DeletionState::All;
    case Operator::NotIn: return c.value.isArray() && c.value.toArray().isEmpty();
    case Operator::And: return std::all_of(c.children.begin(), c.children.end(), isMatchAll);
    case Operator::Or: return std::any_of(c.children.begin(), c.children.end(), isMatchAll);
    default: return false;
    }
}

static bool isExpensive(const Condition &c)
{
    switch (c.op) {
    case Operator::Ne:
    case Operator::NotIn:
    case Operator::Nor:
    case Operator::Null:
    case Operator::NotNull:
    case Operator::Contains:
    case Operator::EndsWith:
        return true;
    case Operator::Exists:
        return c.value.isBool() && !c.value.toBool();
    case Operator::StartsWith:
        return !c.value.isString() || c.value.toString().isEmpty() || c.ignoreCase();
    default:
        return false;
    }
}

std::optional<DomainError> guardCondition(const QueryGuardConfig &g, const Condition &condition, GuardedQuery type)
{
    if (!g.enabled)
        return std::nullopt;
    std::deque<const Condition *> pending{&condition};
    int nodes = 0;
    while (!pending.empty()) {
        const Condition *c = pending.back();
        pending.pop_back();
        ++nodes;
        if (g.maxConditionNodes != 0 && nodes > g.maxConditionNodes)
            return rejection(g, BindingCode::FilterTooLarge, u"filter"_s,
                             (g.codes ? u"HTTP query filter nodes[%1] must not exceed %2."_s
                                      : u"HTTP query condition nodes[%1] must not exceed %2."_s)
                                 .arg(nodes)
                                 .arg(g.maxConditionNodes));
        if (c->op == Operator::ElemMatch && c->children.size() != 1)
            return DomainError::illegalArgument(u"HTTP ELEM_MATCH condition must contain exactly one child."_s);
        if (!g.allowRaw && c->op == Operator::Raw)
            return DomainError::illegalArgument(u"HTTP query operator[RAW] is not allowed."_s);
        if (!g.allowExpensiveOperators && isExpensive(*c))
            return rejection(g, BindingCode::ExpensiveOperatorDisabled, u"filter"_s,
                             u"HTTP query operator[%1] is disabled because expensive operators are not allowed."_s.arg(enumName(c->op)));
        const bool collection = c->op == Operator::In || c->op == Operator::NotIn || c->op == Operator::AllIn
            || c->op == Operator::Ids || c->op == Operator::AggregateIds;
        if (collection && c->value.isArray() && g.maxConditionValues != 0 && c->value.toArray().size() > g.maxConditionValues)
            return rejection(g, BindingCode::FilterTooLarge, u"filter"_s,
                             (g.codes ? u"HTTP query filter values[%1] must not exceed %2."_s
                                      : u"HTTP query condition values[%1] must not exceed %2."_s)
                                 .arg(c->value.toArray().size())
                                 .arg(g.maxConditionValues));
        for (const auto &child : c->children)
            pending.push_back(&child);
    }
    const bool counting = type == GuardedQuery::Paged || type == GuardedQuery::Count;
    if (!g.allowExpensiveOperators && counting && isMatchAll(condition))
        return rejection(g, u"COUNT_REQUIRES_FILTER"_s, u"filter"_s, u"HTTP counting query must not match all documents."_s);
    return std::nullopt;
}

} // namespace wci
