#include "aggregation.h"

#include "filter_json.h"
#include "json_writer.h"

#include <QJsonDocument>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace wci {

using namespace Qt::StringLiterals;

namespace {

const char *const kGroupTypes[] = {"TERMS", "HISTOGRAM", "DATE_HISTOGRAM"};
const char *const kDateUnits[] = {"SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "QUARTER", "YEAR"};
const char *const kMetricTypes[] = {"COUNT", "NUMERIC", "DISTINCT_COUNT"};
const char *const kFunctions[] = {"SUM", "AVG", "MIN", "MAX"};

template <std::size_t N>
int indexOf(const char *const (&names)[N], const QString &s)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (s == QLatin1StringView(names[i]))
            return int(i);
    }
    return -1;
}

template <std::size_t N>
QString joined(const char *const (&names)[N])
{
    QStringList out;
    for (const char *n : names)
        out.append(QLatin1StringView(n));
    return out.join(u", "_s);
}

// Wow's query admission errors: the AST's checks (INVALID_REQUEST), the JSON's shape
// (UNKNOWN_PROPERTY, UNKNOWN_TYPE, UNKNOWN_VALUE, INVALID_VALUE), what the storage lacks
// (STORAGE_UNSUPPORTED, as a QuerySchemaValidation).
DomainError invalidRequest(const QString &msg, const QString &name = u"body"_s)
{
    return DomainError::coded(BindingCode::InvalidRequest, name, msg);
}

DomainError invalidValue(const QString &path)
{
    return DomainError::coded(BindingCode::InvalidValue, path, u"Invalid or missing value at [%1]."_s.arg(path));
}

DomainError unknownProperty(const QString &property, const QString &path)
{
    return DomainError::coded(BindingCode::UnknownProperty, path.isEmpty() ? property : path + u'.' + property,
                              u"Unknown property [%1] at [%2]."_s.arg(property, path.isEmpty() ? u"body"_s : path));
}

DomainError unsupported(const QString &feature)
{
    return DomainError::coded(BindingCode::StorageUnsupported, QString(),
                              u"Storage does not support %1."_s.arg(feature), ErrorCode::QuerySchemaValidation);
}

std::optional<DomainError> onlyKnown(const QJsonObject &o, const QStringList &known, const QString &path)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key()))
            return unknownProperty(it.key(), path);
    }
    return std::nullopt;
}

// A required non-blank string property.
Result<QString> requiredString(const QJsonObject &o, const QString &key, const QString &path)
{
    const QJsonValue v = o.value(key);
    if (!v.isString() || v.toString().trimmed().isEmpty())
        return invalidValue(path + u'.' + key);
    return v.toString();
}

template <std::size_t N>
Result<int> requiredEnum(const QJsonObject &o, const QString &key, const QString &path, const char *const (&names)[N])
{
    const QJsonValue v = o.value(key);
    const QString where = path + u'.' + key;
    if (!v.isString())
        return invalidValue(where);
    const int i = indexOf(names, v.toString());
    if (i < 0)
        return DomainError::coded(BindingCode::UnknownValue, where,
                                  u"Unknown value [%1] at [%2]; expected one of %3."_s.arg(v.toString(), where, joined(names)));
    return i;
}

Result<Condition> readFilter(const QJsonValue &v, const QString &path)
{
    if (!v.isObject() || !v.toObject().contains("op"_L1))
        return invalidValue(path);
    auto f = filterFromJson(v);
    if (!f) {
        DomainError e = f.error();
        if (e.bindingErrors.isEmpty())
            e.bindingErrors.append({path, e.message, BindingCode::InvalidRequest});
        return e;
    }
    return *f;
}

// A metric's or group's input: {"type":"FIELD","field":…} (a missing type is FIELD).
Result<QString> readExpression(const QJsonValue &v, const QString &path)
{
    if (!v.isObject())
        return invalidValue(path);
    const QJsonObject o = v.toObject();
    const QString type = o.value("type"_L1).toString(u"FIELD"_s);
    if (type != u"FIELD"_s) {
        if (type == u"CONSTANT"_s || type == u"BINARY"_s || type == u"DATE_DIFF"_s)
            return unsupported(u"aggregation expressions of type %1"_s.arg(type));
        return DomainError::coded(BindingCode::UnknownType, path, u"Unknown type [%1] at [%2]."_s.arg(type, path));
    }
    if (auto e = onlyKnown(o, {u"type"_s, u"field"_s}, path))
        return *e;
    return requiredString(o, u"field"_s, path);
}

Result<Grouping> readGroup(const QJsonValue &v, const QString &path)
{
    if (!v.isObject())
        return invalidValue(path);
    const QJsonObject o = v.toObject();
    const QString type = o.value("type"_L1).toString();
    if (type == u"DATE_PART"_s)
        return unsupported(u"DATE_PART groups"_s);
    const int t = indexOf(kGroupTypes, type);
    if (t < 0)
        return DomainError::coded(BindingCode::UnknownType, path, u"Unknown type [%1] at [%2]."_s.arg(type, path));
    Grouping g;
    g.type = GroupByType(t);
    if (o.contains("expression"_L1))
        return unsupported(u"expression groups"_s);
    QStringList known = {u"type"_s, u"field"_s, u"alias"_s};
    if (g.type == GroupByType::Terms)
        known << u"missingKey"_s;
    else if (g.type == GroupByType::Histogram)
        known << u"interval"_s;
    else
        known << u"unit"_s << u"timeZone"_s << u"dense"_s;
    if (auto e = onlyKnown(o, known, path))
        return *e;
    auto field = requiredString(o, u"field"_s, path);
    if (!field)
        return field.error();
    g.field = *field;
    auto alias = requiredString(o, u"alias"_s, path);
    if (!alias)
        return alias.error();
    g.alias = *alias;
    switch (g.type) {
    case GroupByType::Terms:
        if (o.contains("missingKey"_L1) && !o.value("missingKey"_L1).isNull()) {
            const QJsonValue mk = o.value("missingKey"_L1);
            if (!mk.isString() || mk.toString().trimmed().isEmpty())
                return invalidRequest(u"terms missingKey must not be blank."_s, path + u".missingKey"_s);
            g.missingKey = mk;
        }
        break;
    case GroupByType::Histogram: {
        const QJsonValue iv = o.value("interval"_L1);
        if (!iv.isDouble() || !std::isfinite(iv.toDouble()) || iv.toDouble() <= 0)
            return invalidRequest(u"histogram interval must be finite and greater than 0."_s, path + u".interval"_s);
        g.interval = iv.toDouble();
        break;
    }
    case GroupByType::DateHistogram: {
        auto unit = requiredEnum(o, u"unit"_s, path, kDateUnits);
        if (!unit)
            return unit.error();
        g.unit = DateUnit(*unit);
        const QJsonValue tz = o.value("timeZone"_L1);
        if (!tz.isUndefined() && !tz.isNull()) {
            if (!tz.isString() || !resolveZoneId(tz.toString()))
                return invalidRequest(u"Invalid time zone [%1]."_s.arg(tz.isString() ? tz.toString() : u"?"_s),
                                      path + u".timeZone"_s);
            g.timeZone = tz.toString();
        }
        const QJsonValue dense = o.value("dense"_L1);
        if (!dense.isUndefined() && !dense.isNull() && !dense.isBool())
            return invalidValue(path + u".dense"_s);
        g.dense = dense.toBool(false);
        break;
    }
    }
    return g;
}

Result<Metric> readMetric(const QJsonValue &v, const QString &path)
{
    if (!v.isObject())
        return invalidValue(path);
    const QJsonObject o = v.toObject();
    const QString type = o.value("type"_L1).toString();
    for (const char *u : {"PERCENTILE", "ANY", "FIRST", "LAST", "DERIVED"}) {
        if (type == QLatin1StringView(u))
            return unsupported(type == u"FIRST"_s || type == u"LAST"_s ? u"FIRST and LAST"_s : type);
    }
    const int t = indexOf(kMetricTypes, type);
    if (t < 0)
        return DomainError::coded(BindingCode::UnknownType, path, u"Unknown type [%1] at [%2]."_s.arg(type, path));
    Metric m;
    m.type = MetricType(t);
    QStringList known = {u"type"_s, u"alias"_s, u"filter"_s};
    if (m.type == MetricType::Numeric)
        known << u"function"_s << u"expression"_s;
    if (m.type == MetricType::DistinctCount)
        known << u"expression"_s;
    if (auto e = onlyKnown(o, known, path))
        return *e;
    auto alias = requiredString(o, u"alias"_s, path);
    if (!alias)
        return alias.error();
    m.alias = *alias;
    if (m.type == MetricType::Numeric) {
        const QString fn = o.value("function"_L1).toString();
        if (fn == u"STDDEV"_s || fn == u"VARIANCE"_s)
            return unsupported(fn);
        auto f = requiredEnum(o, u"function"_s, path, kFunctions);
        if (!f)
            return f.error();
        m.function = NumericFunction(*f);
    }
    if (m.type != MetricType::Count) {
        auto field = readExpression(o.value("expression"_L1), path + u".expression"_s);
        if (!field)
            return field.error();
        m.field = *field;
    }
    const QJsonValue filter = o.value("filter"_L1);
    if (!filter.isUndefined() && !filter.isNull()) {
        auto f = readFilter(filter, path + u".filter"_s);
        if (!f)
            return f.error();
        if (f->op != Operator::All)
            m.filter = *f;
    }
    return m;
}

// Total order of row values: null, booleans, numbers, strings (UTF-8 bytes), then the rest.
int rank(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined: return 0;
    case QJsonValue::Bool: return 1;
    case QJsonValue::Double: return 2;
    case QJsonValue::String: return 3;
    default: return 4;
    }
}

int compareValues(const QJsonValue &a, const QJsonValue &b)
{
    const int ra = rank(a), rb = rank(b);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    switch (ra) {
    case 1: return int(a.toBool()) - int(b.toBool());
    case 2: {
        const qint64 a0 = a.toInteger(0), a1 = a.toInteger(1), b0 = b.toInteger(0), b1 = b.toInteger(1);
        if (a0 == a1 && b0 == b1)
            return a0 < b0 ? -1 : (a0 > b0 ? 1 : 0);
        const double x = a.toDouble(), y = b.toDouble();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    case 3: {
        const int c = a.toString().toUtf8().compare(b.toString().toUtf8());
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case 4: {
        const QByteArray x = QJsonDocument(QJsonArray{a}).toJson(QJsonDocument::Compact);
        const QByteArray y = QJsonDocument(QJsonArray{b}).toJson(QJsonDocument::Compact);
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    default: return 0;
    }
}

QByteArray keyBytes(const std::vector<QJsonValue> &keys)
{
    JsonWriter w;
    w.beginArray();
    for (const auto &k : keys)
        w.value(k);
    w.endArray();
    return w.take();
}

// A numeric contribution: a number, never a boolean, array or string.
std::optional<double> numberOf(const QJsonValue &v)
{
    if (v.isDouble())
        return v.toDouble();
    return std::nullopt;
}

QTimeZone zoneOf(const Grouping &g)
{
    if (g.timeZone.isEmpty())
        return QTimeZone::utc();
    return resolveZoneId(g.timeZone).value_or(QTimeZone::utc());
}

} // namespace

// ---- JSON --------------------------------------------------------------------------------

Result<AggregationQuery> AggregationQuery::fromJsonBytes(const QByteArray &bytes)
{
    auto v = parseJsonBytes(bytes);
    if (!v)
        return v.error();
    return fromJson(*v);
}

Result<AggregationQuery> AggregationQuery::fromJson(const QJsonValue &json)
{
    if (!json.isObject())
        return DomainError::coded(u"BODY_NOT_OBJECT"_s, u"body"_s, u"Request body must be a JSON object."_s);
    const QJsonObject o = json.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString k = it.key();
        if (k == u"having"_s && !it->isNull())
            return unsupported(u"HAVING"_s);
        if (k == u"elements"_s && !it->isNull() && !(it->isArray() && it->toArray().isEmpty()))
            return unsupported(u"elements"_s);
        if (!QStringList{u"filter"_s, u"groupBy"_s, u"metrics"_s, u"sort"_s, u"limit"_s, u"having"_s, u"elements"_s}.contains(k))
            return unknownProperty(k, QString());
    }
    AggregationQuery q;
    if (o.contains("filter"_L1) && !o.value("filter"_L1).isNull()) {
        auto f = readFilter(o.value("filter"_L1), u"filter"_s);
        if (!f)
            return f.error();
        q.filter = *f;
    }
    const QJsonValue groups = o.value("groupBy"_L1);
    if (!groups.isUndefined() && !groups.isNull()) {
        if (!groups.isArray())
            return invalidValue(u"groupBy"_s);
        const QJsonArray a = groups.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            auto g = readGroup(a.at(i), u"groupBy[%1]"_s.arg(i));
            if (!g)
                return g.error();
            q.groupBy.push_back(*g);
        }
    }
    const QJsonValue metrics = o.value("metrics"_L1);
    if (!metrics.isArray())
        return invalidValue(u"metrics"_s);
    const QJsonArray ma = metrics.toArray();
    for (qsizetype i = 0; i < ma.size(); ++i) {
        auto m = readMetric(ma.at(i), u"metrics[%1]"_s.arg(i));
        if (!m)
            return m.error();
        q.metrics.push_back(*m);
    }
    const QJsonValue sort = o.value("sort"_L1);
    if (!sort.isUndefined() && !sort.isNull()) {
        if (!sort.isArray())
            return invalidValue(u"sort"_s);
        const QJsonArray sa = sort.toArray();
        for (qsizetype i = 0; i < sa.size(); ++i) {
            const QString path = u"sort[%1]"_s.arg(i);
            if (!sa.at(i).isObject())
                return invalidValue(path);
            const QJsonObject so = sa.at(i).toObject();
            if (auto e = onlyKnown(so, {u"field"_s, u"direction"_s}, path))
                return *e;
            auto field = requiredString(so, u"field"_s, path);
            if (!field)
                return field.error();
            Sort s;
            s.field = *field;
            const QJsonValue dir = so.value("direction"_L1);
            if (dir == QJsonValue(u"DESC"_s))
                s.direction = SortDirection::Desc;
            else if (!dir.isUndefined() && !dir.isNull() && dir != QJsonValue(u"ASC"_s))
                return DomainError::coded(BindingCode::UnknownValue, path + u".direction"_s,
                                          u"Unknown value [%1] at [%2.direction]; expected one of ASC, DESC."_s
                                              .arg(dir.toVariant().toString(), path));
            q.sort.push_back(s);
        }
    }
    const QJsonValue limit = o.value("limit"_L1);
    if (!limit.isUndefined() && !limit.isNull()) {
        if (!limit.isDouble() || limit.toDouble() != std::floor(limit.toDouble()))
            return invalidValue(u"limit"_s);
        const double l = limit.toDouble();
        if (l < 1 || l > 10000)
            return invalidRequest(u"limit must be between 1 and 10000."_s);
        q.limit = int(l);
    }
    if (auto e = q.validate())
        return *e;
    return q;
}

std::optional<DomainError> AggregationQuery::validate() const
{
    if (metrics.empty())
        return invalidRequest(u"metrics must not be empty."_s);
    if (int(metrics.size()) > kMaxMetrics)
        return invalidRequest(u"metrics must contain at most 64 entries."_s);
    if (int(groupBy.size()) > kMaxGroupBy)
        return invalidRequest(u"groupBy must contain at most 32 dimensions."_s);
    if (sort.size() > 32)
        return invalidRequest(u"sort must contain at most 32 fields."_s);
    if (limit < 1 || limit > 10000)
        return invalidRequest(u"limit must be between 1 and 10000."_s);
    const QStringList all = aliases();
    QSet<QString> seen;
    for (const auto &a : all) {
        if (a.contains(u'.'))
            return invalidRequest(u"aggregation alias must contain one segment."_s);
        if (a.startsWith(u"__wow"_s))
            return invalidRequest(u"aggregation alias must not use the reserved __wow prefix."_s);
        if (seen.contains(a))
            return invalidRequest(u"aggregation aliases must be unique."_s);
        seen.insert(a);
    }
    if (!sort.empty() && groupBy.empty())
        return invalidRequest(u"sort requires at least one groupBy."_s);
    QSet<QString> sorted;
    for (const auto &s : sort) {
        if (sorted.contains(s.field))
            return invalidRequest(u"sort fields must be unique."_s);
        sorted.insert(s.field);
        if (!seen.contains(s.field))
            return invalidRequest(u"sort fields must reference aggregation aliases."_s);
    }
    for (const auto &g : groupBy) {
        if (g.dense && (g.type != GroupByType::DateHistogram || groupBy.size() != 1))
            return invalidRequest(u"dense requires DATE_HISTOGRAM to be the only groupBy."_s);
    }
    return std::nullopt;
}

QStringList AggregationQuery::aliases() const
{
    QStringList out;
    for (const auto &g : groupBy)
        out.append(g.key());
    for (const auto &m : metrics)
        out.append(m.alias);
    return out;
}

QJsonObject AggregationQuery::toJson() const
{
    return parseObject(toJsonBytes());
}

QByteArray AggregationQuery::toJsonBytes() const
{
    QJsonObject o;
    if (filter.op != Operator::All)
        o.insert(u"filter"_s, filterToJson(filter).value());
    QJsonArray groups;
    for (const auto &g : groupBy) {
        QJsonObject go{{u"type"_s, QLatin1StringView(kGroupTypes[int(g.type)])}, {u"field"_s, g.field}, {u"alias"_s, g.key()}};
        if (g.type == GroupByType::Terms && g.missingKey.isString())
            go.insert(u"missingKey"_s, g.missingKey);
        if (g.type == GroupByType::Histogram)
            go.insert(u"interval"_s, g.interval);
        if (g.type == GroupByType::DateHistogram) {
            go.insert(u"unit"_s, QLatin1StringView(kDateUnits[int(g.unit)]));
            go.insert(u"timeZone"_s, g.timeZone.isEmpty() ? u"UTC"_s : g.timeZone);
            if (g.dense)
                go.insert(u"dense"_s, true);
        }
        groups.append(go);
    }
    if (!groups.isEmpty())
        o.insert(u"groupBy"_s, groups);
    QJsonArray metricArray;
    for (const auto &m : metrics) {
        QJsonObject mo{{u"type"_s, QLatin1StringView(kMetricTypes[int(m.type)])}};
        if (m.type == MetricType::Numeric)
            mo.insert(u"function"_s, QLatin1StringView(kFunctions[int(m.function)]));
        if (m.type != MetricType::Count)
            mo.insert(u"expression"_s, QJsonObject{{u"type"_s, u"FIELD"_s}, {u"field"_s, m.field}});
        mo.insert(u"alias"_s, m.alias);
        if (m.filter)
            mo.insert(u"filter"_s, filterToJson(*m.filter).value());
        metricArray.append(mo);
    }
    o.insert(u"metrics"_s, metricArray);
    QJsonArray sortArray;
    for (const auto &s : sort)
        sortArray.append(QJsonObject{{u"field"_s, s.field}, {u"direction"_s, s.direction == SortDirection::Desc ? u"DESC"_s : u"ASC"_s}});
    if (!sortArray.isEmpty())
        o.insert(u"sort"_s, sortArray);
    o.insert(u"limit"_s, limit);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonValue AggregationRow::value(const QString &alias) const
{
    for (const auto &[k, v] : values) {
        if (k == alias)
            return v;
    }
    return QJsonValue(QJsonValue::Undefined);
}

AggregationRow AggregationRow::read(const JsonReader &r)
{
    AggregationRow row;
    const QJsonObject &o = r.object();
    for (auto it = o.begin(); it != o.end(); ++it)
        row.values.emplace_back(it.key(), it.value());
    return row;
}

void AggregationRow::write(JsonWriter &w) const
{
    w.beginObject();
    for (const auto &[k, v] : values) {
        w.key(k);
        w.value(v);
    }
    w.endObject();
}

QByteArray AggregationRow::toJsonBytes() const
{
    JsonWriter w;
    write(w);
    return w.take();
}

QByteArray aggregationRowsJson(const std::vector<AggregationRow> &rows)
{
    JsonWriter w;
    w.beginArray();
    for (const auto &r : rows)
        r.write(w);
    w.endArray();
    return w.take();
}

Result<std::vector<AggregationRow>> aggregationRowsFromJsonBytes(const QByteArray &bytes)
{
    auto v = parseJsonBytes(bytes);
    if (!v)
        return v.error();
    if (!v->isArray())
        return DomainError::illegalArgument(u"An aggregation answer must be a JSON array of rows."_s);
    std::vector<AggregationRow> rows;
    for (const auto &item : v->toArray()) {
        if (!item.isObject())
            return DomainError::illegalArgument(u"An aggregation row must be a JSON object."_s);
        JsonReadContext ctx;
        rows.push_back(AggregationRow::read(JsonReader(item, ctx, QString())));
    }
    return rows;
}

// ---- buckets -----------------------------------------------------------------------------

qint64 dateBucketStart(qint64 ms, DateUnit unit, const QTimeZone &zone)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, zone);
    QDate d = t.date();
    QTime time = t.time();
    switch (unit) {
    case DateUnit::Second: return ms - (((ms % 1000) + 1000) % 1000);
    case DateUnit::Minute: time = QTime(time.hour(), time.minute()); break;
    case DateUnit::Hour: time = QTime(time.hour(), 0); break;
    case DateUnit::Day: time = QTime(0, 0); break;
    case DateUnit::Week:
        d = d.addDays(1 - d.dayOfWeek());
        time = QTime(0, 0);
        break;
    case DateUnit::Month:
        d = QDate(d.year(), d.month(), 1);
        time = QTime(0, 0);
        break;
    case DateUnit::Quarter:
        d = QDate(d.year(), (d.month() - 1) / 3 * 3 + 1, 1);
        time = QTime(0, 0);
        break;
    case DateUnit::Year:
        d = QDate(d.year(), 1, 1);
        time = QTime(0, 0);
        break;
    }
    const qint64 start = QDateTime(d, time, zone).toMSecsSinceEpoch();
    // A wall-clock start that a DST change skipped or doubled can land after `ms`; the bucket
    // then starts at the instant itself rounded down to the minute, as close as the zone allows.
    return start <= ms ? start : ms - (((ms % 60000) + 60000) % 60000);
}

qint64 nextDateBucket(qint64 start, DateUnit unit, const QTimeZone &zone)
{
    switch (unit) {
    case DateUnit::Second: return start + 1000;
    case DateUnit::Minute: return dateBucketStart(start + 60000, unit, zone);
    case DateUnit::Hour: return dateBucketStart(start + 3600000, unit, zone);
    default: break;
    }
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(start, zone);
    QDate d = t.date();
    switch (unit) {
    case DateUnit::Day: d = d.addDays(1); break;
    case DateUnit::Week: d = d.addDays(7); break;
    case DateUnit::Month: d = d.addMonths(1); break;
    case DateUnit::Quarter: d = d.addMonths(3); break;
    default: d = d.addYears(1); break;
    }
    // Midnight of the next period; +1 day's worth of hours covers a bucket whose start DST moved.
    const qint64 next = QDateTime(d, QTime(0, 0), zone).toMSecsSinceEpoch();
    return next > start ? next : start + 86400000;
}

QJsonValue histogramKey(double value, double interval)
{
    const double k = std::floor(value / interval) * interval;
    if (k == std::floor(k) && std::abs(k) < 9.0e15)
        return QJsonValue(qint64(k));
    return QJsonValue(k);
}

QJsonValue valueAtPath(const QJsonObject &document, const QString &path)
{
    QJsonValue v = document;
    for (const auto part : QStringView(path).split(u'.')) {
        if (!v.isObject())
            return QJsonValue(QJsonValue::Undefined);
        const QJsonObject o = v.toObject();
        const auto it = o.constFind(part);
        if (it == o.constEnd())
            return QJsonValue(QJsonValue::Undefined);
        v = it.value();
    }
    return v;
}

std::optional<DomainError> finishRows(const AggregationQuery &query, std::vector<AggregationRow> &rows)
{
    // Dense: the missing buckets between the first and the last one, with COUNTs 0 and the
    // other metrics null (the only groupBy is the DATE_HISTOGRAM, validate() ensures).
    if (query.groupBy.size() == 1 && query.groupBy.front().dense && rows.size() > 1) {
        const Grouping &g = query.groupBy.front();
        const QTimeZone zone = zoneOf(g);
        QSet<qint64> have;
        qint64 lo = std::numeric_limits<qint64>::max(), hi = std::numeric_limits<qint64>::min();
        for (const auto &r : rows) {
            const qint64 k = r.values.front().second.toInteger();
            have.insert(k);
            lo = std::min(lo, k);
            hi = std::max(hi, k);
        }
        for (qint64 k = nextDateBucket(lo, g.unit, zone); k < hi; k = nextDateBucket(k, g.unit, zone)) {
            if (have.contains(k))
                continue;
            if (rows.size() >= std::size_t(kMaxResidualGroups))
                return DomainError::coded(u"RESIDUAL_GROUPS_EXCEEDED"_s, u"body"_s,
                                          u"HTTP aggregation processes more than [%1] groups, dense fill included, to "
                                          "compute HAVING or a metric sort in the query service; narrow the filter or "
                                          "the period."_s.arg(kMaxResidualGroups));
            AggregationRow fill;
            fill.values.emplace_back(g.key(), QJsonValue(k));
            for (const auto &m : query.metrics)
                fill.values.emplace_back(m.alias, m.type == MetricType::Numeric ? QJsonValue(QJsonValue::Null) : QJsonValue(qint64(0)));
            rows.push_back(std::move(fill));
        }
    }
    // The effective sort: the query's, then every group key not in it, ascending.
    std::vector<std::pair<int, bool>> order; // value index, descending
    const QStringList aliases = query.aliases();
    QSet<QString> named;
    for (const auto &s : query.sort) {
        order.emplace_back(int(aliases.indexOf(s.field)), s.direction == SortDirection::Desc);
        named.insert(s.field);
    }
    for (int i = 0; i < int(query.groupBy.size()); ++i) {
        if (!named.contains(query.groupBy[i].key()))
            order.emplace_back(i, false);
    }
    std::stable_sort(rows.begin(), rows.end(), [&](const AggregationRow &a, const AggregationRow &b) {
        for (const auto &[i, desc] : order) {
            const int c = compareValues(a.values[i].second, b.values[i].second);
            if (c != 0)
                return desc ? c > 0 : c < 0;
        }
        return false;
    });
    if (!query.groupBy.empty() && int(rows.size()) > query.limit)
        rows.resize(query.limit);
    return std::nullopt;
}

// ---- in memory ---------------------------------------------------------------------------

QJsonValue MetricAccumulator::value(const Metric &metric) const
{
    if (metric.type == MetricType::Count)
        return QJsonValue(count);
    if (n == 0)
        return QJsonValue(QJsonValue::Null);
    switch (metric.function) {
    case NumericFunction::Sum: return sum;
    case NumericFunction::Avg: return sum / double(n);
    case NumericFunction::Min: return min;
    case NumericFunction::Max: return max;
    }
    return QJsonValue(QJsonValue::Null);
}

struct Aggregator::Bucket {
    std::vector<QJsonValue> keys;
    struct State : MetricAccumulator {
        QSet<QByteArray> distinct;
    };
    std::vector<State> metrics;
};

Aggregator::Aggregator(AggregationQuery query, DocumentKind kind, EvaluationContext ctx)
    : m_query(std::move(query)), m_kind(kind), m_eval(ctx)
{
    for (const auto &g : m_query.groupBy)
        m_zones.push_back(zoneOf(g));
}

Aggregator::~Aggregator() = default;

Result<bool> Aggregator::add(const QJsonObject &document)
{
    auto matches = m_eval.matches(m_query.filter, document, m_kind);
    if (!matches)
        return matches.error();
    if (!*matches)
        return false;
    std::vector<QJsonValue> keys;
    keys.reserve(m_query.groupBy.size());
    for (std::size_t i = 0; i < m_query.groupBy.size(); ++i) {
        const Grouping &g = m_query.groupBy[i];
        const QJsonValue v = valueAtPath(document, g.field);
        switch (g.type) {
        case GroupByType::Terms:
            if (v.isUndefined() || v.isNull() || v.isArray() || v.isObject()) {
                if (!g.missingKey.isString())
                    return false; // no key: the document is in no bucket
                keys.push_back(g.missingKey);
            } else {
                keys.push_back(v);
            }
            break;
        case GroupByType::Histogram:
            if (!v.isDouble())
                return false;
            keys.push_back(histogramKey(v.toDouble(), g.interval));
            break;
        case GroupByType::DateHistogram:
            if (!v.isDouble())
                return false;
            keys.push_back(QJsonValue(dateBucketStart(qint64(v.toDouble()), g.unit, m_zones[i])));
            break;
        }
    }
    const QByteArray id = keyBytes(keys);
    auto it = m_index.constFind(id);
    int index;
    if (it == m_index.constEnd()) {
        index = int(m_buckets.size());
        m_index.insert(id, index);
        Bucket b;
        b.keys = std::move(keys);
        b.metrics.resize(m_query.metrics.size());
        m_buckets.push_back(std::move(b));
    } else {
        index = *it;
    }
    Bucket &b = m_buckets[index];
    for (std::size_t i = 0; i < m_query.metrics.size(); ++i) {
        const Metric &m = m_query.metrics[i];
        if (m.filter) {
            auto ok = m_eval.matches(*m.filter, document, m_kind);
            if (!ok)
                return ok.error();
            if (!*ok)
                continue;
        }
        Bucket::State &s = b.metrics[i];
        switch (m.type) {
        case MetricType::Count: ++s.count; break;
        case MetricType::Numeric:
            if (auto x = numberOf(valueAtPath(document, m.field)))
                s.addNumber(*x);
            break;
        case MetricType::DistinctCount: {
            const QJsonValue v = valueAtPath(document, m.field);
            if (!v.isUndefined() && !v.isNull() && !v.isArray() && !v.isObject())
                s.distinct.insert(keyBytes({v}));
            break;
        }
        }
    }
    return true;
}

Result<std::vector<AggregationRow>> Aggregator::rows() const
{
    std::vector<AggregationRow> out;
    auto rowOf = [this](const Bucket *b) {
        AggregationRow row;
        for (std::size_t i = 0; i < m_query.groupBy.size(); ++i)
            row.values.emplace_back(m_query.groupBy[i].key(), b ? b->keys[i] : QJsonValue());
        for (std::size_t i = 0; i < m_query.metrics.size(); ++i) {
            const Metric &m = m_query.metrics[i];
            const Bucket::State s = b ? b->metrics[i] : Bucket::State{};
            row.values.emplace_back(m.alias, m.type == MetricType::DistinctCount ? QJsonValue(qint64(s.distinct.size()))
                                                                                  : s.value(m));
        }
        return row;
    };
    if (m_query.groupBy.empty()) {
        out.push_back(rowOf(m_buckets.empty() ? nullptr : &m_buckets.front()));
        return out;
    }
    for (const auto &b : m_buckets)
        out.push_back(rowOf(&b));
    if (auto e = finishRows(m_query, out))
        return *e;
    return out;
}

Result<std::vector<AggregationRow>> aggregateDocuments(const AggregationQuery &query,
                                                      const std::vector<QJsonObject> &documents, DocumentKind kind,
                                                      const EvaluationContext &ctx)
{
    if (auto e = query.validate())
        return *e;
    Aggregator a(query, kind, ctx);
    for (const auto &d : documents) {
        auto r = a.add(d);
        if (!r)
            return r.error();
    }
    return a.rows();
}

} // namespace wci
