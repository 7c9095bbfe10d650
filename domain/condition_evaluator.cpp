#include "condition_evaluator.h"

#include <QRegularExpression>

namespace wci {

using namespace Qt::StringLiterals;

namespace {

// Values a dotted path reaches, Mongo style: arrays on the way fan out; an array at the end
// contributes itself and each element.
struct Resolved {
    QList<QJsonValue> values;
    QList<QJsonValue> ends; // the values at the end of the path, without an end array's elements
    bool exists = false;
};

void collect(const QJsonValue &node, const QStringList &parts, int index, Resolved &out)
{
    if (index == parts.size()) {
        out.exists = true;
        out.values.append(node);
        out.ends.append(node);
        if (node.isArray()) {
            for (const auto &item : node.toArray())
                out.values.append(item);
        }
        return;
    }
    if (node.isObject()) {
        const QJsonObject o = node.toObject();
        const auto it = o.constFind(parts.at(index));
        if (it != o.constEnd())
            collect(it.value(), parts, index + 1, out);
    } else if (node.isArray()) {
        const QJsonArray arr = node.toArray();
        bool isIndex = false;
        const int i = parts.at(index).toInt(&isIndex);
        if (isIndex && i >= 0 && i < arr.size())
            collect(arr.at(i), parts, index + 1, out);
        for (const auto &item : arr) {
            if (item.isObject())
                collect(item, parts, index, out);
        }
    }
}

Resolved resolve(const QJsonObject &doc, const QString &field)
{
    Resolved out;
    collect(QJsonValue(doc), field.split(u'.'), 0, out);
    return out;
}

enum class Bracket { Null, Number, String, Object, Array, Bool, Other };

Bracket bracketOf(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return Bracket::Null;
    case QJsonValue::Double: return Bracket::Number;
    case QJsonValue::String: return Bracket::String;
    case QJsonValue::Object: return Bracket::Object;
    case QJsonValue::Array: return Bracket::Array;
    case QJsonValue::Bool: return Bracket::Bool;
    default: return Bracket::Other;
    }
}

// Three-way compare within one type bracket; nullopt across brackets (Mongo never matches).
std::optional<int> compare(const QJsonValue &a, const QJsonValue &b)
{
    if (bracketOf(a) != bracketOf(b))
        return std::nullopt;
    switch (bracketOf(a)) {
    case Bracket::Null:
        return 0;
    case Bracket::Number: {
        const qint64 ai0 = a.toInteger(0), ai1 = a.toInteger(1);
        const qint64 bi0 = b.toInteger(0), bi1 = b.toInteger(1);
        if (ai0 == ai1 && bi0 == bi1) // both exact integers: compare without double rounding
            return ai0 < bi0 ? -1 : (ai0 > bi0 ? 1 : 0);
        const double x = a.toDouble(), y = b.toDouble();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    case Bracket::String: {
        // Byte order of UTF-8, as Mongo and SQLite's BINARY collation compare strings.
        const int c = a.toString().toUtf8().compare(b.toString().toUtf8());
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case Bracket::Bool:
        return int(a.toBool()) - int(b.toBool());
    case Bracket::Object:
    case Bracket::Array:
        if (a == b)
            return 0;
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

bool equals(const QJsonValue &a, const QJsonValue &b)
{
    const auto c = compare(a, b);
    return c && *c == 0;
}

bool anyEquals(const Resolved &r, const QJsonValue &v)
{
    if (v.isNull() && !r.exists)
        return true; // {field: null} matches a missing field
    for (const auto &x : r.values) {
        if (equals(x, v))
            return true;
    }
    return false;
}

bool anyCompare(const Resolved &r, const QJsonValue &v, bool (*accept)(int))
{
    for (const auto &x : r.values) {
        if (x.isArray())
            continue; // elements were added separately
        const auto c = compare(x, v);
        if (c && accept(*c))
            return true;
    }
    return false;
}

bool anyIn(const Resolved &r, const QJsonArray &values)
{
    for (const auto &v : values) {
        if (anyEquals(r, v))
            return true;
    }
    return false;
}

bool anyString(const Resolved &r, const std::function<bool(const QString &)> &pred)
{
    for (const auto &x : r.values) {
        if (x.isString() && pred(x.toString()))
            return true;
    }
    return false;
}

void allStrings(const QJsonValue &v, QStringList &out)
{
    if (v.isString()) {
        out.append(v.toString());
    } else if (v.isArray()) {
        for (const auto &item : v.toArray())
            allStrings(item, out);
    } else if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            allStrings(it.value(), out);
    }
}

// Full text: terms OR'ed, "quoted phrases" all required, -term excludes; case-insensitive. Wow
// 9.x's SEARCH may name the fields to look in (options.fields) and ask for the whole query as one
// phrase (options.mode PHRASE).
bool textMatch(const QJsonObject &doc, const QString &query, const QJsonObject &options = {})
{
    QStringList texts;
    const QJsonArray fields = options.value("fields"_L1).toArray();
    if (fields.isEmpty()) {
        allStrings(QJsonValue(doc), texts);
    } else {
        for (const auto &f : fields) {
            for (const auto &v : resolve(doc, f.toString()).values)
                allStrings(v, texts);
        }
    }
    if (options.value("mode"_L1).toString() == u"PHRASE"_s) {
        const QString phrase = query.simplified();
        for (const auto &t : texts) {
            if (t.contains(phrase, Qt::CaseInsensitive))
                return true;
        }
        return false;
    }
    auto found = [&](const QString &needle) {
        for (const auto &t : texts) {
            if (t.contains(needle, Qt::CaseInsensitive))
                return true;
        }
        return false;
    };
    static const QRegularExpression tokenRe(uR"re("([^"]*)"|(\S+))re"_s);
    QStringList terms, phrases, negated;
    for (auto it = tokenRe.globalMatch(query); it.hasNext();) {
        const auto m = it.next();
        if (m.capturedLength(1) > 0)
            phrases.append(m.captured(1));
        else if (m.captured(2).startsWith(u'-') && m.capturedLength(2) > 1)
            negated.append(m.captured(2).mid(1));
        else if (m.capturedLength(2) > 0)
            terms.append(m.captured(2));
    }
    for (const auto &n : negated) {
        if (found(n))
            return false;
    }
    for (const auto &p : phrases) {
        if (!found(p))
            return false;
    }
    if (terms.isEmpty())
        return !phrases.isEmpty();
    for (const auto &t : terms) {
        if (found(t))
            return true;
    }
    return false;
}

QString idField(DocumentKind kind)
{
    return kind == DocumentKind::Snapshot ? u"aggregateId"_s : u"id"_s;
}

QString aggregateIdField(DocumentKind kind)
{
    return kind == DocumentKind::State ? u"id"_s : u"aggregateId"_s;
}

QString mapField(const QString &field, DocumentKind kind)
{
    if (field == u"_id"_s)
        return idField(kind);
    return field;
}

QDateTime at(const QDate &date, const QTime &time, const QTimeZone &zone)
{
    return QDateTime(date, time, zone);
}

const QTime kEndOfDay(23, 59, 59, 999);

} // namespace

QString qtDatePattern(const QString &javaPattern)
{
    QString p = javaPattern;
    p.replace(u"SSS"_s, u"zzz"_s);
    p.replace(u"uuuu"_s, u"yyyy"_s);
    return p;
}

namespace {

Result<QTimeZone> zoneOf(const Condition &c, const EvaluationContext &ctx)
{
    const QString zoneId = c.zoneId();
    if (zoneId.isEmpty())
        return ctx.defaultZone;
    const auto resolved = resolveZoneId(zoneId);
    if (!resolved)
        return DomainError::illegalArgument(u"Unknown zoneId: "_s + zoneId + u'.');
    return *resolved;
}

} // namespace

Result<TimeBounds> timeBounds(const Condition &c, const EvaluationContext &ctx)
{
    const auto resolvedZone = zoneOf(c, ctx);
    if (!resolvedZone)
        return resolvedZone.error();
    const QTimeZone zone = *resolvedZone;
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(ctx.now, zone);
    const QDate today = now.date();
    TimeBounds b;
    auto range = [&](QDate from, QDate to) {
        b.fromTime = at(from, QTime(0, 0), zone);
        b.toTime = at(to, kEndOfDay, zone);
    };
    auto weekOf = [](QDate d) { return d.addDays(-(d.dayOfWeek() - 1)); };
    switch (c.op) {
    case Operator::Today: range(today, today); break;
    case Operator::Yesterday: range(today.addDays(-1), today.addDays(-1)); break;
    case Operator::Tomorrow: range(today.addDays(1), today.addDays(1)); break;
    case Operator::ThisWeek: range(weekOf(today), weekOf(today).addDays(6)); break;
    case Operator::NextWeek: range(weekOf(today.addDays(7)), weekOf(today.addDays(7)).addDays(6)); break;
    case Operator::LastWeek: range(weekOf(today.addDays(-7)), weekOf(today.addDays(-7)).addDays(6)); break;
    case Operator::ThisMonth: range(QDate(today.year(), today.month(), 1), QDate(today.year(), today.month(), today.daysInMonth())); break;
    case Operator::LastMonth: {
        const QDate first = QDate(today.year(), today.month(), 1).addMonths(-1);
        range(first, QDate(first.year(), first.month(), first.daysInMonth()));
        break;
    }
    case Operator::NextMonth: {
        const QDate first = QDate(today.year(), today.month(), 1).addMonths(1);
        range(first, QDate(first.year(), first.month(), first.daysInMonth()));
        break;
    }
    case Operator::LastYear: range(QDate(today.year() - 1, 1, 1), QDate(today.year() - 1, 12, 31)); break;
    case Operator::ThisYear: range(QDate(today.year(), 1, 1), QDate(today.year(), 12, 31)); break;
    case Operator::NextYear: range(QDate(today.year() + 1, 1, 1), QDate(today.year() + 1, 12, 31)); break;
    case Operator::RecentDays:
        range(today.addDays(-(c.value.toInteger() - 1)), today);
        break;
    case Operator::EarlierDays:
        b.toTime = at(today.addDays(-(c.value.toInteger() - 1)), QTime(0, 0), zone);
        b.upperExclusive = true;
        break;
    case Operator::BeforeToday: {
        QTime t;
        if (c.value.isDouble()) {
            t = QTime(0, 0).addSecs(static_cast<int>(c.value.toDouble()));
        } else {
            for (const auto &f : {u"HH:mm:ss.zzz"_s, u"HH:mm:ss"_s, u"HH:mm"_s}) {
                t = QTime::fromString(c.value.toString(), f);
                if (t.isValid())
                    break;
            }
        }
        b.toTime = at(today, t, zone);
        b.upperExclusive = true;
        break;
    }
    default:
        return DomainError::illegalArgument(enumName(c.op) + u" is not a date operator."_s);
    }
    if (b.fromTime.isValid())
        b.from = b.fromTime.toMSecsSinceEpoch();
    b.to = b.toTime.toMSecsSinceEpoch();
    return b;
}

namespace {

bool dateMatches(const Condition &c, const Resolved &r, const EvaluationContext &ctx, std::optional<DomainError> &err)
{
    const auto bounds = timeBounds(c, ctx);
    if (!bounds) {
        err = bounds.error();
        return false;
    }
    const QString pattern = c.datePattern();
    QJsonValue lo, hi;
    if (pattern.isEmpty()) {
        // Numeric fields in the condition's time unit (milliseconds unless `timeUnit` says otherwise).
        const QString unit = c.timeUnit();
        if (bounds->from)
            lo = QJsonValue(*millisInTimeUnit(*bounds->from, unit));
        hi = QJsonValue(*millisInTimeUnit(bounds->to, unit));
    } else {
        const QString qtPattern = qtDatePattern(pattern);
        if (bounds->fromTime.isValid())
            lo = bounds->fromTime.toString(qtPattern);
        hi = bounds->toTime.toString(qtPattern);
    }
    if (bounds->upperExclusive)
        return anyCompare(r, hi, [](int x) { return x < 0; });
    return anyCompare(r, lo, [](int x) { return x >= 0; }) && anyCompare(r, hi, [](int x) { return x <= 0; });
}

// BEFORE_NOW / AFTER_NOW: strictly before / after now + offset, `now` being the context's (one
// instant for the whole evaluation).
bool nowMatches(const Condition &c, const Resolved &r, const EvaluationContext &ctx, std::optional<DomainError> &err)
{
    const QString offsetText = c.value.toString();
    const qint64 bound = ctx.now + (offsetText.isEmpty() ? 0 : parseIsoDurationMs(offsetText).value_or(0));
    QJsonValue v;
    const QString pattern = c.datePattern();
    if (pattern.isEmpty()) {
        v = QJsonValue(*millisInTimeUnit(bound, c.timeUnit()));
    } else {
        const auto zone = zoneOf(c, ctx);
        if (!zone) {
            err = zone.error();
            return false;
        }
        v = QDateTime::fromMSecsSinceEpoch(bound, *zone).toString(qtDatePattern(pattern));
    }
    if (c.op == Operator::BeforeNow)
        return anyCompare(r, v, [](int x) { return x < 0; });
    return anyCompare(r, v, [](int x) { return x > 0; });
}

// Mongo's {$size: 0}: an array at the end of the path is empty (its elements are not looked into).
bool anyEmptyArray(const Resolved &r)
{
    for (const auto &x : r.ends) {
        if (x.isArray() && x.toArray().isEmpty())
            return true;
    }
    return false;
}

} // namespace

Result<bool> ConditionEvaluator::matches(const Condition &condition, const QJsonObject &document,
                                         DocumentKind kind) const
{
    if (auto e = condition.validate())
        return *e;
    std::optional<DomainError> err;
    const bool m = eval(condition, document, kind, err);
    if (err)
        return *err;
    return m;
}

bool ConditionEvaluator::eval(const Condition &c, const QJsonObject &doc, DocumentKind kind,
                              std::optional<DomainError> &err) const
{
    const bool isState = kind == DocumentKind::State;
    auto field = [&]() { return resolve(doc, mapField(c.field, kind)); };
    // Which operators are date operators is said once, by Condition::isDateOperator.
    if (Condition::isDateOperator(c.op))
        return dateMatches(c, field(), m_ctx, err);
    if (Condition::isNowOperator(c.op))
        return nowMatches(c, field(), m_ctx, err);
    switch (c.op) {
    case Operator::And:
        for (const auto &child : c.children) {
            if (!eval(child, doc, kind, err))
                return false;
        }
        return true;
    case Operator::Or:
        for (const auto &child : c.children) {
            if (eval(child, doc, kind, err))
                return true;
        }
        return false;
    case Operator::Nor:
        for (const auto &child : c.children) {
            if (eval(child, doc, kind, err))
                return false;
        }
        return true;
    case Operator::All:
        return true;
    case Operator::MatchNone:
        return false;
    case Operator::Id:
        return anyEquals(resolve(doc, idField(kind)), c.value);
    case Operator::Ids:
        return anyIn(resolve(doc, idField(kind)), c.value.toArray());
    case Operator::AggregateId:
        return anyEquals(resolve(doc, aggregateIdField(kind)), c.value);
    case Operator::AggregateIds:
        return anyIn(resolve(doc, aggregateIdField(kind)), c.value.toArray());
    case Operator::TenantId:
        return isState ? c.value.toString() == kDefaultTenantId : anyEquals(resolve(doc, u"tenantId"_s), c.value);
    case Operator::OwnerId:
        return isState ? c.value.toString().isEmpty() : anyEquals(resolve(doc, u"ownerId"_s), c.value);
    case Operator::SpaceId:
        return isState ? c.value.toString().isEmpty() : anyEquals(resolve(doc, u"spaceId"_s), c.value);
    case Operator::Deleted: {
        const DeletionState state = *deletionStateOf(c.value);
        if (state == DeletionState::All)
            return true;
        const bool wantDeleted = state == DeletionState::Deleted;
        if (isState)
            return !wantDeleted;
        return anyEquals(resolve(doc, u"deleted"_s), QJsonValue(wantDeleted));
    }
    case Operator::Eq:
        return anyEquals(field(), c.value);
    case Operator::Ne:
        return !anyEquals(field(), c.value);
    case Operator::Gt:
        return anyCompare(field(), c.value, [](int x) { return x > 0; });
    case Operator::Lt:
        return anyCompare(field(), c.value, [](int x) { return x < 0; });
    case Operator::Gte:
        return anyCompare(field(), c.value, [](int x) { return x >= 0; });
    case Operator::Lte:
        return anyCompare(field(), c.value, [](int x) { return x <= 0; });
    case Operator::Between: {
        const Resolved r = field();
        const QJsonArray a = c.value.toArray();
        return anyCompare(r, a.at(0), [](int x) { return x >= 0; }) && anyCompare(r, a.at(1), [](int x) { return x <= 0; });
    }
    case Operator::In:
        return anyIn(field(), c.value.toArray());
    case Operator::NotIn:
        return !anyIn(field(), c.value.toArray());
    case Operator::AllIn: {
        const QJsonArray values = c.value.toArray();
        if (values.isEmpty())
            return false; // Mongo's $all with no values matches nothing
        const Resolved r = field();
        for (const auto &v : values) {
            if (!anyEquals(r, v))
                return false;
        }
        return true;
    }
    case Operator::Contains: {
        const QString v = c.value.toString();
        const auto cs = c.ignoreCase() ? Qt::CaseInsensitive : Qt::CaseSensitive;
        return anyString(field(), [&](const QString &s) { return s.contains(v, cs); });
    }
    case Operator::StartsWith: {
        const QString v = c.value.toString();
        const auto cs = c.ignoreCase() ? Qt::CaseInsensitive : Qt::CaseSensitive;
        return anyString(field(), [&](const QString &s) { return s.startsWith(v, cs); });
    }
    case Operator::EndsWith: {
        const QString v = c.value.toString();
        const auto cs = c.ignoreCase() ? Qt::CaseInsensitive : Qt::CaseSensitive;
        return anyString(field(), [&](const QString &s) { return s.endsWith(v, cs); });
    }
    case Operator::ElemMatch: {
        const Resolved r = field();
        for (const auto &v : r.values) {
            if (!v.isArray())
                continue;
            for (const auto &item : v.toArray()) {
                if (item.isObject() && eval(c.children.front(), item.toObject(), kind, err))
                    return true;
            }
        }
        return false;
    }
    case Operator::Null:
        return anyEquals(field(), QJsonValue::Null);
    case Operator::NotNull:
        return !anyEquals(field(), QJsonValue::Null);
    case Operator::True:
        return anyEquals(field(), QJsonValue(true));
    case Operator::False:
        return anyEquals(field(), QJsonValue(false));
    case Operator::Exists: {
        const bool want = c.value.isBool() ? c.value.toBool() : true;
        return field().exists == want;
    }
    case Operator::NotExists:
        return !field().exists;
    case Operator::IsEmpty:
        return anyEmptyArray(field()); // Mongo's {$size: 0}: an empty array, nothing else
    case Operator::IsEmptyString:
        return anyEquals(field(), QJsonValue(QString())); // Wow: EQ ""
    case Operator::IsNotEmptyString: {
        // Wow: IS_NOT_NULL and NE "" (a missing or null field does not match)
        const Resolved r = field();
        return !anyEquals(r, QJsonValue::Null) && !anyEquals(r, QJsonValue(QString()));
    }
    case Operator::Match:
        return textMatch(doc, c.value.toString(), c.options);
    case Operator::Raw:
        err = DomainError::illegalArgument(u"RAW conditions are not supported."_s);
        return false;
    default:
        return false; // the date operators, evaluated above
    }
}

} // namespace wci
