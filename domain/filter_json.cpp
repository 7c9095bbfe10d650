#include "filter_json.h"

#include "condition_evaluator.h"

#include <functional>

#include <QJsonDocument>

namespace wci {

using namespace Qt::StringLiterals;

namespace {

DomainError bad(const QString &message)
{
    return DomainError::illegalArgument(message);
}

bool isScalar(const QJsonValue &v)
{
    return v.isString() || v.isDouble() || v.isBool() || v.isNull();
}

bool isFieldOnly(Operator op)
{
    switch (op) {
    case Operator::Null:
    case Operator::NotNull:
    case Operator::Exists:
    case Operator::NotExists:
    case Operator::IsEmpty:
    case Operator::IsEmptyString:
    case Operator::IsNotEmptyString:
        return true;
    default:
        return false;
    }
}

class Reader {
public:
    std::optional<DomainError> error;

    Condition node(const QJsonValue &json, bool nested)
    {
        if (!json.isObject()) {
            fail(u"Filter expression must be a JSON object."_s);
            return {};
        }
        const QJsonObject o = json.toObject();
        const bool hasOp = o.contains("op"_L1);
        if (hasOp && o.contains("operator"_L1)) {
            fail(u"op and operator cannot be used together."_s);
            return {};
        }
        if (!hasOp) {
            if (nested) {
                fail(u"Filter expression properties must use op."_s);
                return {};
            }
            auto legacy = Condition::fromJson(o);
            if (!legacy) {
                error = legacy.error();
                return {};
            }
            return *legacy;
        }
        const QJsonValue opValue = o.value("op"_L1);
        const auto op = opValue.isString() ? parseFilterOperator(opValue.toString()) : std::nullopt;
        if (!op) {
            const QString shown = opValue.isString() ? opValue.toString()
                                                     : QString::fromUtf8(QJsonDocument(QJsonArray{opValue}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
            fail(u"Unknown filter operator ["_s + shown + u"]."_s);
            return {};
        }
        Condition c;
        c.op = *op;
        const QString name = filterOperatorName(c.op);
        if (Condition::usesField(c.op)) {
            const QJsonValue f = o.value("field"_L1);
            if (!f.isString() || f.toString().isEmpty()) {
                fail(name + u" requires a field."_s);
                return {};
            }
            c.field = f.toString();
        }
        payload(o, c, name);
        return c;
    }

private:
    void fail(const QString &message)
    {
        if (!error)
            error = bad(message);
    }

    // A node's `values`: a non-empty array whose every element `check` accepts (it says what is
    // wrong with one, or nothing).
    void values(const QJsonObject &o, Condition &c, const QString &name, const std::function<QString(const QJsonValue &)> &check)
    {
        const QJsonValue list = o.value("values"_L1);
        c.value = list;
        if (!list.isArray() || list.toArray().isEmpty()) {
            fail(name + u" values cannot be empty."_s);
            return;
        }
        for (const auto &v : list.toArray()) {
            if (const QString problem = check(v); !problem.isEmpty()) {
                fail(problem);
                return;
            }
        }
    }

    void payload(const QJsonObject &o, Condition &c, const QString &name)
    {
        if (Condition::isDateOperator(c.op) || Condition::isNowOperator(c.op))
            relativeTime(o, c, name);
        if (isFieldOnly(c.op))
            return;
        switch (c.op) {
        case Operator::All:
        case Operator::MatchNone:
            return;
        case Operator::And:
        case Operator::Or:
        case Operator::Nor: {
            const QJsonArray operands = o.value("operands"_L1).toArray();
            if (operands.isEmpty()) {
                fail(name + u" operands cannot be empty."_s);
                return;
            }
            for (const auto &operand : operands) {
                c.children.push_back(node(operand, true));
                if (error)
                    return;
            }
            return;
        }
        case Operator::ElemMatch: {
            const QJsonValue predicate = o.value("predicate"_L1);
            if (!predicate.isObject()) {
                fail(name + u" requires a predicate."_s);
                return;
            }
            c.children.push_back(node(predicate, true));
            return;
        }
        case Operator::Id:
        case Operator::AggregateId:
        case Operator::TenantId:
        case Operator::OwnerId:
        case Operator::SpaceId:
            c.value = o.value("value"_L1);
            if (!c.value.isString())
                fail(name + u" value must be a string."_s);
            return;
        case Operator::Ids:
        case Operator::AggregateIds:
            values(o, c, name, [&](const QJsonValue &v) { return v.isString() ? QString() : name + u" values must be strings."_s; });
            return;
        case Operator::Eq:
        case Operator::Ne:
            if (!o.contains("value"_L1)) {
                fail(name + u" requires a value."_s);
                return;
            }
            c.value = o.value("value"_L1);
            if (!isScalar(c.value))
                fail(name + u" value must be a JSON scalar in filter payloads."_s);
            return;
        case Operator::Gt:
        case Operator::Gte:
        case Operator::Lt:
        case Operator::Lte:
            c.value = comparable(o, "value"_L1);
            return;
        case Operator::Between:
            c.value = QJsonArray{comparable(o, "lowerBound"_L1), comparable(o, "upperBound"_L1)};
            return;
        case Operator::Contains:
        case Operator::StartsWith:
        case Operator::EndsWith: {
            c.value = o.value("value"_L1);
            if (!c.value.isString()) {
                fail(name + u" value must be a string."_s);
                return;
            }
            const QJsonValue sc = o.value("stringComparison"_L1);
            if (sc.isUndefined() || sc.isNull() || sc.toString() == u"CASE_SENSITIVE"_s)
                return;
            if (sc.toString() == u"CASE_INSENSITIVE"_s)
                c.options.insert(u"ignoreCase"_s, true);
            else
                fail(u"Unknown stringComparison ["_s + sc.toString() + u"]."_s);
            return;
        }
        case Operator::In:
        case Operator::NotIn:
        case Operator::AllIn:
            values(o, c, name, [&](const QJsonValue &v) -> QString {
                if (!isScalar(v))
                    return u"Filter value must be a JSON scalar."_s;
                return v.isNull() ? name + u" values cannot contain null."_s : QString();
            });
            return;
        case Operator::Deleted: {
            const QJsonValue state = o.value("state"_L1);
            if (!state.isString() || !parseDeletionState(state.toString()))
                fail(name + u" state must be ACTIVE, DELETED or ALL."_s);
            c.value = state.toString();
            return;
        }
        case Operator::Match: {
            const QJsonValue query = o.value("query"_L1);
            if (!query.isString() || query.toString().trimmed().isEmpty()) {
                fail(name + u" query cannot be blank."_s);
                return;
            }
            c.value = query;
            const QJsonValue fields = o.value("fields"_L1);
            if (fields.isArray() && !fields.toArray().isEmpty())
                c.options.insert(u"fields"_s, fields);
            const QJsonValue mode = o.value("mode"_L1);
            if (!mode.isUndefined() && !mode.isNull()) {
                if (mode.toString() != u"TERMS"_s && mode.toString() != u"PHRASE"_s)
                    fail(name + u" mode must be TERMS or PHRASE."_s);
                else if (mode.toString() == u"PHRASE"_s)
                    c.options.insert(u"mode"_s, mode);
            }
            return;
        }
        default:
            return; // the relative-time operators, read above
        }
    }

    QJsonValue comparable(const QJsonObject &o, QLatin1StringView key)
    {
        const QJsonValue v = o.value(key);
        if (v.isNull() || v.isUndefined())
            fail(u"Comparison filter value cannot be null."_s);
        else if (!isScalar(v))
            fail(u"Filter value must be a JSON scalar."_s);
        return v;
    }

    void relativeTime(const QJsonObject &o, Condition &c, const QString &name)
    {
        const QJsonValue zone = o.value("zoneId"_L1);
        if (!zone.isUndefined() && !zone.isNull()) {
            if (!zone.isString() || zone.toString().trimmed().isEmpty())
                return fail(u"zoneId cannot be blank."_s);
            if (!resolveZoneId(zone.toString()))
                return fail(u"Unknown time zone ["_s + zone.toString() + u"]."_s);
            c.options.insert(u"zoneId"_s, zone);
        }
        const QJsonValue pattern = o.value("datePattern"_L1);
        if (!pattern.isUndefined() && !pattern.isNull()) {
            if (!pattern.isString() || pattern.toString().trimmed().isEmpty())
                return fail(u"datePattern cannot be blank."_s);
            c.options.insert(u"datePattern"_s, pattern);
        }
        const QJsonValue unit = o.value("timeUnit"_L1);
        if (!unit.isUndefined() && !unit.isNull()) {
            if (!unit.isString() || !millisInTimeUnit(0, unit.toString()))
                return fail(u"Unknown timeUnit ["_s + unit.toString() + u"]."_s);
            if (unit.toString() != u"MILLISECONDS"_s)
                c.options.insert(u"timeUnit"_s, unit);
        }
        switch (c.op) {
        case Operator::BeforeToday: {
            const QJsonValue time = o.value("time"_L1);
            const QString t = time.toString();
            const bool valid = time.isString()
                && (QTime::fromString(t, u"HH:mm"_s).isValid() || QTime::fromString(t, u"HH:mm:ss"_s).isValid()
                    || QTime::fromString(t, u"HH:mm:ss.zzz"_s).isValid());
            if (!valid)
                return fail(u"BEFORE_TODAY time must be a time such as 18:00 or 18:00:30."_s);
            c.value = time;
            return;
        }
        case Operator::RecentDays:
        case Operator::EarlierDays: {
            const QJsonValue days = o.value("days"_L1);
            if (!days.isDouble() || days.toInteger(0) != days.toInteger(1) || days.toInteger() < 1)
                return fail(name + u" days must be greater than zero."_s);
            c.value = days.toInteger();
            return;
        }
        case Operator::BeforeNow:
        case Operator::AfterNow: {
            const QJsonValue offset = o.value("offset"_L1);
            if (offset.isUndefined() || offset.isNull())
                return; // PT0S
            if (!offset.isString() || !parseIsoDurationMs(offset.toString()))
                return fail(name + u" offset must be an ISO-8601 duration such as PT0S or -PT30M."_s);
            c.value = offset;
            return;
        }
        default:
            return;
        }
    }
};

QJsonObject withOp(const QString &op)
{
    return QJsonObject{{u"op"_s, op}};
}

QJsonObject leaf(const QString &op, const QString &field)
{
    QJsonObject o = withOp(op);
    o.insert(u"field"_s, field);
    return o;
}

Result<QJsonObject> write(const Condition &c)
{
    const QString name = filterOperatorName(c.op);
    QJsonObject o = withOp(name);
    if (Condition::usesField(c.op))
        o.insert(u"field"_s, c.field);
    auto list = [&](const std::vector<Condition> &children, const QString &key) -> std::optional<DomainError> {
        QJsonArray out;
        for (const auto &child : children) {
            auto j = write(child);
            if (!j)
                return j.error();
            out.append(*j);
        }
        if (key == u"predicate"_s)
            o.insert(key, out.isEmpty() ? QJsonValue() : out.first());
        else
            o.insert(key, out);
        return std::nullopt;
    };
    auto copyOption = [&](const QString &key) {
        if (c.options.contains(key))
            o.insert(key, c.options.value(key));
    };
    if (Condition::isDateOperator(c.op) || Condition::isNowOperator(c.op)) {
        copyOption(u"zoneId"_s);
        copyOption(u"datePattern"_s);
        copyOption(u"timeUnit"_s);
    }
    switch (c.op) {
    case Operator::Raw:
        return bad(u"RAW is not a Wow 9.x filter operator."_s);
    case Operator::True:
    case Operator::False: {
        QJsonObject eq = leaf(u"EQ"_s, c.field);
        eq.insert(u"value"_s, c.op == Operator::True);
        return eq;
    }
    case Operator::Exists:
        if (c.value.isBool() && !c.value.toBool())
            return leaf(u"NOT_EXISTS"_s, c.field);
        return o;
    case Operator::And:
    case Operator::Or:
    case Operator::Nor:
        if (auto e = list(c.children, u"operands"_s))
            return *e;
        return o;
    case Operator::ElemMatch:
        if (auto e = list(c.children, u"predicate"_s))
            return *e;
        return o;
    case Operator::Deleted:
        o.insert(u"state"_s, enumName(deletionStateOf(c.value).value_or(DeletionState::Active)));
        return o;
    case Operator::Ids:
    case Operator::AggregateIds:
        o.insert(u"values"_s, c.value);
        return o;
    case Operator::In:
    case Operator::NotIn:
    case Operator::AllIn: {
        const QJsonArray values = c.value.toArray();
        if (values.isEmpty()) // IN [] and ALL_IN [] match nothing, NOT_IN [] everything
            return withOp(c.op == Operator::NotIn ? u"MATCH_ALL"_s : u"MATCH_NONE"_s);
        QJsonArray nonNull;
        for (const auto &v : values) {
            if (!v.isNull())
                nonNull.append(v);
        }
        if (nonNull.size() == values.size() || c.op == Operator::AllIn) {
            o.insert(u"values"_s, c.op == Operator::AllIn ? values : nonNull);
            return o;
        }
        // 9.x refuses null among the values: IN [x, null] is IN [x] or IS_NULL.
        const bool in = c.op == Operator::In;
        QJsonArray parts{leaf(in ? u"IS_NULL"_s : u"IS_NOT_NULL"_s, c.field)};
        if (!nonNull.isEmpty()) {
            o.insert(u"values"_s, nonNull);
            parts.prepend(o);
        }
        if (parts.size() == 1)
            return parts.first().toObject();
        QJsonObject logical = withOp(in ? u"OR"_s : u"AND"_s);
        logical.insert(u"operands"_s, parts);
        return logical;
    }
    case Operator::Between: {
        const QJsonArray bounds = c.value.toArray();
        o.insert(u"lowerBound"_s, bounds.at(0));
        o.insert(u"upperBound"_s, bounds.at(1));
        return o;
    }
    case Operator::Contains:
    case Operator::StartsWith:
    case Operator::EndsWith:
        o.insert(u"value"_s, c.value);
        if (c.ignoreCase())
            o.insert(u"stringComparison"_s, u"CASE_INSENSITIVE"_s);
        return o;
    case Operator::Match:
        o.insert(u"query"_s, c.value);
        copyOption(u"fields"_s);
        copyOption(u"mode"_s);
        return o;
    case Operator::BeforeToday: {
        QString time = c.value.toString();
        if (c.value.isDouble())
            time = QTime(0, 0).addSecs(static_cast<int>(c.value.toDouble())).toString(u"HH:mm:ss"_s);
        o.insert(u"time"_s, time);
        return o;
    }
    case Operator::RecentDays:
    case Operator::EarlierDays:
        o.insert(u"days"_s, c.value);
        return o;
    case Operator::BeforeNow:
    case Operator::AfterNow:
        o.insert(u"offset"_s, c.value.toString().isEmpty() ? u"PT0S"_s : c.value.toString());
        return o;
    case Operator::All:
    case Operator::MatchNone:
        return o;
    default:
        break;
    }
    if (!isFieldOnly(c.op) && !Condition::isDateOperator(c.op))
        o.insert(u"value"_s, c.value); // EQ ... LTE, ID, AGGREGATE_ID, TENANT_ID, OWNER_ID, SPACE_ID
    return o;
}

} // namespace

Result<Condition> filterFromJson(const QJsonValue &json)
{
    Reader reader;
    Condition c = reader.node(json, false);
    if (reader.error)
        return *reader.error;
    if (auto e = c.validate())
        return *e;
    return c;
}

Result<Condition> filterFromJsonBytes(const QByteArray &bytes)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &err);
    if (err.error != QJsonParseError::NoError)
        return DomainError::badRequest(u"Malformed filter JSON: "_s + err.errorString() + u'.');
    return filterFromJson(doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()));
}

Result<QJsonObject> filterToJson(const Condition &condition)
{
    return write(condition);
}

std::optional<DomainError> legacyDialectError(const Condition &c)
{
    if (!isLegacyOperator(c.op))
        return bad(enumName(c.op) + u" is a Wow 9.x operator; a Wow 8.10 server does not know it."_s);
    const QString unit = c.options.value(QLatin1String("timeUnit")).toString();
    if (!unit.isEmpty() && unit != u"MILLISECONDS"_s)
        return bad(enumName(c.op) + u" with timeUnit "_s + unit + u" needs Wow 9.x; Wow 8.10 reads milliseconds only."_s);
    if (c.op == Operator::Match && (c.options.contains(QLatin1String("fields")) || c.options.contains(QLatin1String("mode"))))
        return bad(u"MATCH with fields or mode needs Wow 9.x's SEARCH."_s);
    for (const auto &child : c.children) {
        if (auto e = legacyDialectError(child))
            return e;
    }
    return std::nullopt;
}

Result<Condition> nowOperatorsAt(const Condition &c, qint64 now)
{
    Condition out = c;
    if (Condition::isNowOperator(c.op)) {
        const QString offsetText = c.value.toString();
        const auto offset = offsetText.isEmpty() ? std::optional<qint64>(0) : parseIsoDurationMs(offsetText);
        if (!offset)
            return DomainError::illegalArgument(enumName(c.op) + u" offset must be an ISO-8601 duration: "_s + offsetText);
        const qint64 bound = now + *offset;
        out.op = c.op == Operator::BeforeNow ? Operator::Lt : Operator::Gt;
        out.options = {};
        if (c.datePattern().isEmpty()) {
            const auto value = millisInTimeUnit(bound, c.timeUnit());
            if (!value)
                return DomainError::illegalArgument(enumName(c.op) + u" has an unknown timeUnit: "_s + c.timeUnit());
            out.value = QJsonValue(double(*value));
        } else {
            const auto zone = c.zoneId().isEmpty() ? std::optional<QTimeZone>(QTimeZone::utc()) : resolveZoneId(c.zoneId());
            if (!zone)
                return DomainError::illegalArgument(u"Unknown zoneId: "_s + c.zoneId() + u'.');
            out.value = QDateTime::fromMSecsSinceEpoch(bound, *zone).toString(qtDatePattern(c.datePattern()));
        }
        return out;
    }
    for (auto &child : out.children) {
        auto rewritten = nowOperatorsAt(child, now);
        if (!rewritten)
            return rewritten.error();
        child = std::move(*rewritten);
    }
    return out;
}

Result<QJsonObject> legacyConditionJson(const Condition &condition)
{
    if (auto e = legacyDialectError(condition))
        return *e;
    return condition.toJson();
}

} // namespace wci
