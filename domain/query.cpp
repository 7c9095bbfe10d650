#include "query.h"

#include "filter_json.h"
#include "json_writer.h"

#include <cmath>

#include <limits>

namespace wci {

using namespace Qt::StringLiterals;

Condition Condition::leaf(QString field, Operator op, QJsonValue value)
{
    Condition c;
    c.field = std::move(field);
    c.op = op;
    c.value = std::move(value);
    return c;
}

Condition Condition::logical(Operator op, std::vector<Condition> children)
{
    Condition c;
    c.op = op;
    c.children = std::move(children);
    return c;
}

Condition Condition::id(QString id)
{
    Condition c;
    c.op = Operator::Id;
    c.value = id;
    return c;
}

Condition Condition::deleted(DeletionState state)
{
    Condition c;
    c.op = Operator::Deleted;
    c.value = enumName(state);
    return c;
}

int Condition::nodeCount() const
{
    int n = 1;
    for (const auto &c : children)
        n += c.nodeCount();
    return n;
}

bool Condition::usesField(Operator op)
{
    switch (op) {
    case Operator::And:
    case Operator::Or:
    case Operator::Nor:
    case Operator::Id:
    case Operator::Ids:
    case Operator::AggregateId:
    case Operator::AggregateIds:
    case Operator::TenantId:
    case Operator::OwnerId:
    case Operator::SpaceId:
    case Operator::Deleted:
    case Operator::All:
    case Operator::MatchNone:
    case Operator::Raw:
        return false;
    case Operator::Match:
        return false; // full text: the backend decides which fields
    default:
        return true;
    }
}

// The one list of the date operators; the evaluator and the SQL compiler both ask here.
bool Condition::isDateOperator(Operator op)
{
    switch (op) {
    case Operator::Today:
    case Operator::Tomorrow:
    case Operator::ThisWeek:
    case Operator::NextWeek:
    case Operator::LastWeek:
    case Operator::ThisMonth:
    case Operator::LastMonth:
    case Operator::RecentDays:
    case Operator::EarlierDays:
    case Operator::BeforeToday:
    case Operator::Yesterday:
    case Operator::NextMonth:
    case Operator::LastYear:
    case Operator::ThisYear:
    case Operator::NextYear:
        return true;
    default:
        return false;
    }
}

Condition rewriteQueryCondition(const Condition &condition, bool snapshotQuery)
{
    Condition tenant;
    tenant.op = Operator::TenantId;
    tenant.value = kDefaultTenantId;
    Condition c = condition.op == Operator::All ? tenant : Condition::and_({condition, tenant});
    if (!snapshotQuery)
        return c;
    const bool namesDeleted = c.op == Operator::Deleted
        || (c.op == Operator::And && std::any_of(c.children.begin(), c.children.end(),
                                                  [](const Condition &x) { return x.op == Operator::Deleted; }));
    if (namesDeleted)
        return c;
    return Condition::and_({Condition::deleted(DeletionState::Active), c});
}

std::optional<DeletionState> deletionStateOf(const QJsonValue &value)
{
    if (value.isBool())
        return value.toBool() ? DeletionState::Deleted : DeletionState::Active;
    if (value.isString())
        return parseDeletionState(value.toString().toUpper());
    return std::nullopt;
}

static bool isStringArray(const QJsonValue &v)
{
    if (!v.isArray())
        return false;
    for (const auto &item : v.toArray()) {
        if (!item.isString())
            return false;
    }
    return true;
}

static bool isScalar(const QJsonValue &v)
{
    return v.isString() || v.isDouble() || v.isBool() || v.isNull();
}

std::optional<DomainError> Condition::validate() const
{
    const QString opName = enumName(op);
    auto fail = [&](const QString &msg) { return DomainError::illegalArgument(opName + u" operator "_s + msg); };
    if (usesField(op) && field.isEmpty())
        return fail(u"requires a field."_s);
    const QJsonValue zone = options.value(QLatin1String("zoneId"));
    if (!zone.isUndefined() && !zone.isNull()) {
        if (!zone.isString())
            return fail(u"option zoneId must be a string."_s);
        if (!zone.toString().isEmpty() && !resolveZoneId(zone.toString()))
            return DomainError::illegalArgument(u"Unknown zoneId: "_s + zone.toString() + u'.');
    }
    const QJsonValue unit = options.value(QLatin1String("timeUnit"));
    if (!unit.isUndefined() && !unit.isNull() && !(unit.isString() && millisInTimeUnit(0, unit.toString())))
        return fail(u"option timeUnit must be NANOSECONDS, MICROSECONDS, MILLISECONDS, SECONDS, MINUTES, HOURS or DAYS."_s);
    switch (op) {
    case Operator::And:
    case Operator::Or:
    case Operator::Nor:
        if (children.empty())
            return DomainError::illegalArgument(opName + u" operator children cannot be empty."_s);
        for (const auto &c : children) {
            if (auto e = c.validate())
                return e;
        }
        return std::nullopt;
    case Operator::ElemMatch:
        if (children.size() != 1)
            return fail(u"must have exactly one child condition."_s);
        return children.front().validate();
    case Operator::Id:
    case Operator::AggregateId:
    case Operator::TenantId:
    case Operator::OwnerId:
    case Operator::SpaceId:
        if (!value.isString())
            return fail(u"value must be a string."_s);
        return std::nullopt;
    case Operator::Ids:
    case Operator::AggregateIds:
        if (!isStringArray(value))
            return fail(u"value must be an array of strings."_s);
        return std::nullopt;
    case Operator::In:
    case Operator::NotIn:
    case Operator::AllIn:
        if (!value.isArray())
            return fail(u"value must be an array."_s);
        return std::nullopt;
    case Operator::Between: {
        const QJsonArray a = value.toArray();
        if (!value.isArray() || a.size() != 2 || !isScalar(a.at(0)) || !isScalar(a.at(1)))
            return DomainError::illegalArgument(u"BETWEEN operator value must be a array with 2 elements."_s);
        return std::nullopt;
    }
    case Operator::Eq:
    case Operator::Ne:
    case Operator::Gt:
    case Operator::Lt:
    case Operator::Gte:
    case Operator::Lte:
        if (!isScalar(value))
            return fail(u"value must be a string, number, boolean or null."_s);
        return std::nullopt;
    case Operator::Contains:
    case Operator::StartsWith:
    case Operator::EndsWith:
    case Operator::Match:
        if (!value.isString())
            return fail(u"value must be a string."_s);
        return std::nullopt;
    case Operator::Exists:
        if (!value.isBool() && !(value.isString() && value.toString().isEmpty()))
            return fail(u"value must be a boolean."_s);
        return std::nullopt;
    case Operator::Deleted:
        if (!deletionStateOf(value))
            return fail(u"value must be ACTIVE, DELETED, ALL or a boolean."_s);
        return std::nullopt;
    case Operator::RecentDays:
    case Operator::EarlierDays: {
        const qint64 a = value.toInteger(0), b = value.toInteger(1);
        if (!value.isDouble() || a != b || a < 0 || a > 100000)
            return fail(u"value must be a whole number of days."_s);
        return std::nullopt;
    }
    case Operator::BeforeToday: {
        if (value.isDouble()) {
            const double s = value.toDouble();
            if (s < 0 || s >= 86400)
                return fail(u"value must be a second of the day (0..86399)."_s);
            return std::nullopt;
        }
        static const QStringList formats = {u"HH:mm"_s, u"HH:mm:ss"_s, u"HH:mm:ss.zzz"_s};
        if (value.isString()) {
            for (const auto &f : formats) {
                if (QTime::fromString(value.toString(), f).isValid())
                    return std::nullopt;
            }
        }
        return fail(u"value must be a second of the day or a time \"HH:mm[:ss]\"."_s);
    }
    case Operator::BeforeNow:
    case Operator::AfterNow:
        if (!value.isString() || (!value.toString().isEmpty() && !parseIsoDurationMs(value.toString())))
            return DomainError::illegalArgument(opName + u" offset must be an ISO-8601 duration such as PT0S or -PT30M."_s);
        return std::nullopt;
    case Operator::Raw:
        return DomainError::illegalArgument(u"RAW conditions are not supported."_s);
    default:
        break;
    }
    return std::nullopt;
}

std::optional<QTimeZone> resolveZoneId(const QString &zoneId)
{
    if (zoneId == u"Z"_s || zoneId == u"UTC"_s || zoneId == u"GMT"_s || zoneId == u"UT"_s)
        return QTimeZone::utc();
    static const QRegularExpression offset(uR"(^(?:GMT|UTC|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$)"_s);
    const auto m = offset.match(zoneId);
    if (m.hasMatch()) {
        const int h = m.captured(2).toInt(), min = m.captured(3).toInt(), sec = m.captured(4).toInt();
        if (h > 18 || min > 59 || sec > 59)
            return std::nullopt;
        const int seconds = (h * 3600 + min * 60 + sec) * (m.captured(1) == u"-"_s ? -1 : 1);
        if (std::abs(seconds) > 18 * 3600)
            return std::nullopt;
        return QTimeZone(seconds);
    }
    const QByteArray id = zoneId.toUtf8();
    if (QTimeZone::isTimeZoneIdAvailable(id))
        return QTimeZone(id);
    // Region ids the system database has but does not list (Etc/GMT-8, ...). Ids without a
    // '/' are refused: QTimeZone would read them as POSIX TZ rules, which Java does not.
    if (id.contains('/')) {
        const QTimeZone zone(id);
        if (zone.isValid())
            return zone;
    }
    return std::nullopt;
}

std::optional<qint64> parseIsoDurationMs(const QString &text)
{
    static const QRegularExpression re(
        uR"(^([-+]?)P(?:([-+]?\d+)D)?(T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+)(?:[.,](\d{0,9}))?S)?)?$)"_s,
        QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    // At least one section, and a 'T' only with a time section after it (as Java requires).
    const bool hasTime = m.capturedLength(4) || m.capturedLength(5) || m.capturedLength(6);
    if (!m.capturedLength(2) && !hasTime)
        return std::nullopt;
    if (m.capturedLength(3) && !hasTime)
        return std::nullopt;
    bool ok = true;
    auto part = [&](int i, qint64 factor) -> qint64 {
        if (!m.capturedLength(i))
            return 0;
        bool good = false;
        const qint64 n = m.captured(i).toLongLong(&good);
        if (!good || n > std::numeric_limits<qint64>::max() / factor || n < std::numeric_limits<qint64>::min() / factor)
            ok = false;
        return good ? n * factor : 0;
    };
    qint64 ms = part(2, 86400000) + part(4, 3600000) + part(5, 60000) + part(6, 1000);
    if (m.capturedLength(7)) {
        const qint64 fraction = QString(m.captured(7) + u"000"_s).left(3).toLongLong();
        ms += m.captured(6).startsWith(u'-') ? -fraction : fraction;
    }
    if (!ok)
        return std::nullopt;
    return m.captured(1) == u"-"_s ? -ms : ms;
}

std::optional<qint64> millisInTimeUnit(qint64 ms, const QString &unit)
{
    if (unit == u"MILLISECONDS"_s)
        return ms;
    if (unit == u"SECONDS"_s)
        return ms / 1000;
    if (unit == u"MINUTES"_s)
        return ms / 60000;
    if (unit == u"HOURS"_s)
        return ms / 3600000;
    if (unit == u"DAYS"_s)
        return ms / 86400000;
    if (unit == u"MICROSECONDS"_s)
        return ms * 1000;
    if (unit == u"NANOSECONDS"_s)
        return ms * 1000000;
    return std::nullopt;
}

Condition Condition::read(const JsonReader &r)
{
    Condition c;
    c.field = r.string("field"_L1, Presence::Optional);
    c.op = r.enumeration("operator"_L1, Presence::Optional, Operator::All, &parseOperator, operatorNames());
    if (r.object().contains("value"_L1))
        c.value = r.raw("value"_L1);
    c.children = r.list<Condition>("children"_L1);
    c.options = r.jsonObject("options"_L1);
    return c;
}

void Condition::write(JsonWriter &w) const
{
    w.beginObject();
    if (!field.isEmpty())
        w.field("field"_L1, field);
    w.field("operator"_L1, enumName(op));
    if (!(value.isString() && value.toString().isEmpty()))
        w.field("value"_L1, value);
    if (!children.empty())
        w.array("children"_L1, children);
    if (!options.isEmpty())
        w.field("options"_L1, options);
    w.endObject();
}

Sort Sort::read(const JsonReader &r)
{
    return {r.string("field"_L1),
            r.enumeration("direction"_L1, Presence::Optional, SortDirection::Asc, &parseSortDirection,
                          sortDirectionNames())};
}

void Sort::write(JsonWriter &w) const
{
    w.beginObject();
    w.field("field"_L1, field).field("direction"_L1, enumName(direction));
    w.endObject();
}

Projection Projection::read(const JsonReader &r)
{
    return {r.stringList("include"_L1), r.stringList("exclude"_L1)};
}

void Projection::write(JsonWriter &w) const
{
    w.beginObject();
    auto list = [&](QLatin1StringView name, const QStringList &items) {
        if (items.isEmpty())
            return;
        w.key(name).beginArray();
        for (const auto &s : items)
            w.value(s);
        w.endArray();
    };
    list("include"_L1, include);
    list("exclude"_L1, exclude);
    w.endObject();
}

Pagination Pagination::read(const JsonReader &r)
{
    return {r.int32("index"_L1, Presence::Optional, 1), r.int32("size"_L1, Presence::Optional, 10)};
}

void Pagination::write(JsonWriter &w) const
{
    w.beginObject();
    w.field("index"_L1, index).field("size"_L1, size);
    w.endObject();
}

namespace {
template <typename Q>
void readCommon(const JsonReader &r, Q &q)
{
    q.condition = r.nested<Condition>("condition"_L1, Presence::Required);
    q.projection = r.nested<Projection>("projection"_L1, Presence::Optional);
    q.sort = r.list<Sort>("sort"_L1);
}

template <typename Q>
void writeCommon(JsonWriter &w, const Q &q)
{
    w.object("condition"_L1, q.condition);
    if (!q.projection.isEmpty())
        w.object("projection"_L1, q.projection);
    w.array("sort"_L1, q.sort);
}
} // namespace

ListQuery ListQuery::read(const JsonReader &r)
{
    ListQuery q;
    readCommon(r, q);
    q.limit = r.int32("limit"_L1, Presence::Optional, 0);
    return q;
}

void ListQuery::write(JsonWriter &w) const
{
    w.beginObject();
    writeCommon(w, *this);
    w.field("limit"_L1, limit);
    w.endObject();
}

PagedQuery PagedQuery::read(const JsonReader &r)
{
    PagedQuery q;
    readCommon(r, q);
    q.pagination = r.nested<Pagination>("pagination"_L1, Presence::Optional);
    return q;
}

void PagedQuery::write(JsonWriter &w) const
{
    w.beginObject();
    writeCommon(w, *this);
    w.object("pagination"_L1, pagination);
    w.endObject();
}

SingleQuery SingleQuery::read(const JsonReader &r)
{
    SingleQuery q;
    readCommon(r, q);
    return q;
}

void SingleQuery::write(JsonWriter &w) const
{
    w.beginObject();
    writeCommon(w, *this);
    w.endObject();
}

} // namespace wci

// ---- CursorQuery -------------------------------------------------------------------------

namespace wci {

Result<CursorQuery> CursorQuery::fromJson(const QJsonValue &json)
{
    using namespace Qt::StringLiterals;
    if (!json.isObject())
        return DomainError::coded(u"BODY_NOT_OBJECT"_s, u"body"_s, u"Request body must be a JSON object."_s);
    QJsonObject o = json.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!QStringList{u"filter"_s, u"projection"_s, u"sort"_s, u"size"_s, u"cursor"_s}.contains(it.key()))
            return DomainError::coded(BindingCode::UnknownProperty, it.key(),
                                      u"Unknown property [%1] at [body]."_s.arg(it.key()));
    }
    const QJsonValue filter = o.value("filter"_L1);
    if (!filter.isObject() || !filter.toObject().contains("op"_L1))
        return DomainError::coded(BindingCode::InvalidValue, u"filter"_s, u"Invalid or missing value at [filter]."_s);
    auto f = filterFromJson(filter);
    if (!f)
        return f.error();
    CursorQuery q;
    q.condition = *f;
    const QJsonValue size = o.value("size"_L1);
    if (!size.isUndefined() && !size.isNull()) {
        if (!size.isDouble() || size.toDouble() != std::floor(size.toDouble()))
            return DomainError::coded(BindingCode::InvalidValue, u"size"_s, u"Invalid or missing value at [size]."_s);
        if (size.toDouble() < 1 || size.toDouble() > 2147483646.0)
            return DomainError::coded(BindingCode::InvalidRequest, u"body"_s, u"size must be between 1 and 2147483646."_s);
        q.size = int(size.toDouble());
    }
    const QJsonValue cursor = o.value("cursor"_L1);
    if (!cursor.isUndefined() && !cursor.isNull()) {
        if (!cursor.isString())
            return DomainError::coded(BindingCode::InvalidValue, u"cursor"_s, u"Invalid or missing value at [cursor]."_s);
        q.cursor = cursor.toString();
    }
    // Projection and sort through the shared readers.
    o.remove("filter"_L1);
    o.remove("size"_L1);
    o.remove("cursor"_L1);
    o.insert("condition"_L1, QJsonObject{{u"operator"_s, u"ALL"_s}});
    auto rest = decodeJson<SingleQuery>(o, u"CursorQuery"_s);
    if (!rest)
        return rest.error();
    q.projection = rest->projection;
    q.sort = rest->sort;
    if (q.sort.size() > 32)
        return DomainError::coded(BindingCode::InvalidRequest, u"body"_s, u"sort must contain at most 32 fields."_s);
    return q;
}

QByteArray CursorQuery::toJsonBytes() const
{
    using namespace Qt::StringLiterals;
    JsonWriter w;
    w.beginObject();
    w.key("filter"_L1);
    w.value(filterToJson(condition).value());
    if (!projection.isEmpty())
        w.object("projection"_L1, projection);
    if (!sort.empty())
        w.array("sort"_L1, sort);
    w.field("size"_L1, size);
    if (!cursor.isEmpty())
        w.field("cursor"_L1, cursor);
    w.endObject();
    return w.take();
}

} // namespace wci
