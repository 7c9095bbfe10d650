#include "query_model.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <algorithm>

namespace wci {

using namespace Qt::StringLiterals;

namespace {

enum class Type { String, Integer, Boolean, Object };
enum class Kind { Scalar, Object, Array };
enum class Semantic { None, Epoch, DurationSeconds, Reference };

struct FieldSpec {
    const char *path;
    Type type;
    Kind kind = Kind::Scalar;
    Semantic semantic = Semantic::None;
    const char *role = nullptr;
    const char *scope = nullptr; // the element (array of objects) the field lives in
    QStringList enumValues = {};
};

QJsonArray strings(const QStringList &l)
{
    return QJsonArray::fromStringList(l);
}

QStringList operatorsOf(const FieldSpec &f)
{
    const QStringList presence = {u"IS_NULL"_s, u"IS_NOT_NULL"_s, u"EXISTS"_s, u"NOT_EXISTS"_s};
    if (f.kind == Kind::Array)
        return QStringList{u"IS_EMPTY"_s} + presence;
    if (f.kind == Kind::Object)
        return presence;
    switch (f.type) {
    case Type::String:
        return QStringList{u"EQ"_s, u"NE"_s, u"GT"_s, u"GTE"_s, u"LT"_s, u"LTE"_s, u"CONTAINS"_s, u"STARTS_WITH"_s,
                           u"ENDS_WITH"_s, u"IN"_s, u"NOT_IN"_s, u"BETWEEN"_s, u"IS_EMPTY_STRING"_s,
                           u"IS_NOT_EMPTY_STRING"_s}
            + presence;
    case Type::Boolean: return QStringList{u"EQ"_s, u"NE"_s, u"IN"_s, u"NOT_IN"_s} + presence;
    case Type::Integer: {
        QStringList ops = {u"EQ"_s, u"NE"_s, u"GT"_s, u"GTE"_s, u"LT"_s, u"LTE"_s, u"IN"_s, u"NOT_IN"_s, u"BETWEEN"_s};
        ops += presence;
        if (f.semantic == Semantic::Epoch)
            ops += QStringList{u"TODAY"_s, u"BEFORE_TODAY"_s, u"TOMORROW"_s, u"THIS_WEEK"_s, u"NEXT_WEEK"_s,
                               u"LAST_WEEK"_s, u"THIS_MONTH"_s, u"LAST_MONTH"_s, u"RECENT_DAYS"_s, u"EARLIER_DAYS"_s,
                               u"YESTERDAY"_s, u"NEXT_MONTH"_s, u"LAST_YEAR"_s, u"THIS_YEAR"_s, u"NEXT_YEAR"_s,
                               u"BEFORE_NOW"_s, u"AFTER_NOW"_s};
        return ops;
    }
    case Type::Object: return presence;
    }
    return presence;
}

QJsonObject fieldJson(const FieldSpec &f)
{
    static const char *const typeNames[] = {"STRING", "INTEGER", "BOOLEAN", "OBJECT"};
    static const char *const kindNames[] = {"SCALAR", "OBJECT", "ARRAY"};
    QJsonObject o;
    o.insert(u"path"_s, QLatin1StringView(f.path));
    if (f.role)
        o.insert(u"role"_s, QLatin1StringView(f.role));
    o.insert(u"types"_s, QJsonArray{QLatin1StringView(typeNames[int(f.type)])});
    o.insert(u"kind"_s, QLatin1StringView(kindNames[int(f.kind)]));
    o.insert(u"nullable"_s, false);
    switch (f.semantic) {
    case Semantic::Epoch: o.insert(u"semantic"_s, QJsonObject{{u"type"_s, u"TEMPORAL_EPOCH"_s}, {u"timeUnit"_s, u"MILLISECONDS"_s}}); break;
    case Semantic::DurationSeconds: o.insert(u"semantic"_s, QJsonObject{{u"type"_s, u"DURATION"_s}, {u"timeUnit"_s, u"SECONDS"_s}}); break;
    case Semantic::Reference:
        o.insert(u"semantic"_s, QJsonObject{{u"type"_s, u"REFERENCE"_s},
                                            {u"contextNameField"_s, u"contextName"_s},
                                            {u"aggregateNameField"_s, u"aggregateName"_s}});
        break;
    case Semantic::None: break;
    }
    if (!f.enumValues.isEmpty()) {
        QJsonArray values;
        for (const auto &v : f.enumValues)
            values.append(QJsonObject{{u"value"_s, v}});
        o.insert(u"enum"_s, values);
    }
    const bool scalar = f.kind == Kind::Scalar;
    o.insert(u"project"_s, true);
    o.insert(u"filter"_s, QJsonObject{{u"operators"_s, strings(operatorsOf(f))}});
    o.insert(u"sort"_s, QJsonObject{{u"paged"_s, scalar}, {u"cursor"_s, scalar && !f.scope}});
    if (scalar && !f.scope) {
        QStringList groups = {u"TERMS"_s};
        if (f.type == Type::Integer)
            groups << u"HISTOGRAM"_s;
        if (f.semantic == Semantic::Epoch)
            groups << u"DATE_HISTOGRAM"_s;
        o.insert(u"aggregate"_s,
                 QJsonObject{{u"groups"_s, strings(groups)},
                             {u"missingKey"_s, f.type == Type::String},
                             {u"functions"_s, f.type == Type::Integer ? strings({u"SUM"_s, u"AVG"_s, u"MIN"_s, u"MAX"_s}) : QJsonArray()},
                             {u"distinctCount"_s, true},
                             {u"percentile"_s, false},
                             {u"any"_s, false},
                             {u"firstLast"_s, false},
                             {u"expressionInput"_s, false},
                             {u"inMetricFilter"_s, true}});
    }
    if (f.scope)
        o.insert(u"scope"_s, QLatin1StringView(f.scope));
    o.insert(u"aliases"_s, QJsonArray());
    return o;
}

std::vector<FieldSpec> snapshotFields()
{
    const auto S = Type::String, I = Type::Integer, B = Type::Boolean, O = Type::Object;
    const auto E = Semantic::Epoch;
    const char *const errors = "state.error.bindingErrors";
    return {
        {"aggregateId", S, Kind::Scalar, Semantic::None, "AGGREGATE_ID"},
        {"aggregateName", S},
        {"contextName", S},
        {"deleted", B, Kind::Scalar, Semantic::None, "DELETED"},
        {"eventId", S},
        {"eventTime", I, Kind::Scalar, E, "EVENT_TIME"},
        {"firstEventTime", I, Kind::Scalar, E, "FIRST_EVENT_TIME"},
        {"firstOperator", S},
        {"operator", S},
        {"ownerId", S, Kind::Scalar, Semantic::None, "OWNER_ID"},
        {"snapshotTime", I, Kind::Scalar, E},
        {"spaceId", S, Kind::Scalar, Semantic::None, "SPACE_ID"},
        {"state", O, Kind::Object},
        {"state.error", O, Kind::Object},
        {"state.error.bindingErrors", O, Kind::Array},
        {"state.error.bindingErrors.msg", S, Kind::Scalar, Semantic::None, nullptr, errors},
        {"state.error.bindingErrors.name", S, Kind::Scalar, Semantic::None, nullptr, errors},
        {"state.error.errorCode", S},
        {"state.error.errorMsg", S},
        {"state.error.stackTrace", S},
        {"state.error.succeeded", B},
        {"state.eventId", O, Kind::Object},
        {"state.eventId.aggregateId", O, Kind::Object},
        {"state.eventId.aggregateId.aggregateId", S, Kind::Scalar, Semantic::Reference},
        {"state.eventId.aggregateId.aggregateName", S},
        {"state.eventId.aggregateId.contextName", S},
        {"state.eventId.aggregateId.tenantId", S},
        {"state.eventId.id", S},
        {"state.eventId.version", I},
        {"state.executeAt", I, Kind::Scalar, E},
        {"state.function", O, Kind::Object},
        {"state.function.contextName", S},
        {"state.function.functionKind", S, Kind::Scalar, Semantic::None, nullptr, nullptr,
         {u"COMMAND"_s, u"SOURCING"_s, u"EVENT"_s, u"STATE_EVENT"_s, u"ERROR"_s}},
        {"state.function.name", S},
        {"state.function.processorName", S},
        {"state.id", S},
        {"state.isBelowRetryThreshold", B},
        {"state.isRetryable", B},
        {"state.recoverable", S, Kind::Scalar, Semantic::None, nullptr, nullptr,
         {u"RECOVERABLE"_s, u"UNRECOVERABLE"_s, u"UNKNOWN"_s}},
        {"state.retrySpec", O, Kind::Object},
        {"state.retrySpec.executionTimeout", I, Kind::Scalar, Semantic::DurationSeconds},
        {"state.retrySpec.maxRetries", I},
        {"state.retrySpec.minBackoff", I, Kind::Scalar, Semantic::DurationSeconds},
        {"state.retryState", O, Kind::Object},
        {"state.retryState.nextRetryAt", I, Kind::Scalar, E},
        {"state.retryState.retries", I},
        {"state.retryState.retryAt", I, Kind::Scalar, E},
        {"state.retryState.timeoutAt", I, Kind::Scalar, E},
        {"state.status", S, Kind::Scalar, Semantic::None, nullptr, nullptr, {u"FAILED"_s, u"PREPARED"_s, u"SUCCEEDED"_s}},
        {"tags", O, Kind::Object},
        {"tenantId", S, Kind::Scalar, Semantic::None, "TENANT_ID"},
        {"version", I},
    };
}

std::vector<FieldSpec> eventStreamFields()
{
    const auto S = Type::String, I = Type::Integer, O = Type::Object;
    const char *const body = "body";
    return {
        {"aggregateId", S, Kind::Scalar, Semantic::None, "AGGREGATE_ID"},
        {"aggregateName", S},
        {"body", O, Kind::Array},
        {"body.body", O, Kind::Object, Semantic::None, nullptr, body},
        {"body.bodyType", S, Kind::Scalar, Semantic::None, nullptr, body},
        {"body.id", S, Kind::Scalar, Semantic::None, nullptr, body},
        {"body.name", S, Kind::Scalar, Semantic::None, nullptr, body},
        {"body.revision", S, Kind::Scalar, Semantic::None, nullptr, body},
        {"commandId", S},
        {"contextName", S},
        {"createTime", I, Kind::Scalar, Semantic::Epoch},
        {"header", O, Kind::Object},
        {"id", S, Kind::Scalar, Semantic::None, "ID"},
        {"ownerId", S, Kind::Scalar, Semantic::None, "OWNER_ID"},
        {"requestId", S},
        {"spaceId", S, Kind::Scalar, Semantic::None, "SPACE_ID"},
        {"tenantId", S, Kind::Scalar, Semantic::None, "TENANT_ID"},
        {"version", I},
    };
}

QJsonValue optional(const std::optional<int> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

} // namespace

QueryModelDescriptor describeQueryModel(QueryModel model, const QueryModelLimits &limits, const QString &timeZone)
{
    const bool snapshots = model == QueryModel::Snapshot;
    QJsonObject record{{u"identity"_s, snapshots ? u"aggregateId"_s : u"id"_s},
                       {u"paging"_s, QJsonArray{u"LIST"_s, u"PAGED"_s, u"CURSOR"_s}}};
    if (snapshots)
        record.insert(u"defaultScope"_s, u"ACTIVE"_s);
    QStringList root = {u"ID"_s, u"IDS"_s, u"AGGREGATE_ID"_s, u"AGGREGATE_IDS"_s, u"TENANT_ID"_s, u"OWNER_ID"_s, u"SPACE_ID"_s};
    if (snapshots)
        root << u"DELETION"_s;
    record.insert(u"rootOperators"_s, strings(root));

    const int maxLimit = limits.maxListSize ? std::min(*limits.maxListSize, 10000) : 10000;
    QJsonObject limitsJson{
        {u"maxListSize"_s, optional(limits.maxListSize)},
        {u"defaultListSize"_s, optional(limits.defaultListSize)},
        {u"maxPageSize"_s, optional(limits.maxPageSize)},
        {u"maxPageWindow"_s, limits.maxPageWindow ? QJsonValue(*limits.maxPageWindow) : QJsonValue(QJsonValue::Null)},
        {u"maxFilterNodes"_s, optional(limits.maxFilterNodes)},
        {u"maxFilterValues"_s, optional(limits.maxFilterValues)},
        {u"maxSortFields"_s, 32},
        {u"aggregation"_s, QJsonObject{{u"maxGroups"_s, 32}, {u"maxMetrics"_s, 64}, {u"maxElements"_s, 0},
                                       {u"maxLimit"_s, maxLimit}, {u"maxExpressionDepth"_s, 0},
                                       {u"maxExpressionNodes"_s, 0}}},
    };
    QJsonObject analysis{
        {u"metrics"_s, QJsonArray{u"COUNT"_s, u"NUMERIC"_s, u"DISTINCT_COUNT"_s}},
        {u"approximate"_s, QJsonArray()},
        {u"expressions"_s, false},
        {u"having"_s, QJsonObject{{u"metrics"_s, QJsonArray()}}},
        {u"sort"_s, QJsonObject{{u"groups"_s, true}, {u"metrics"_s, true}}},
        {u"dense"_s, true},
        {u"dateUnits"_s, QJsonArray{u"YEAR"_s, u"QUARTER"_s, u"MONTH"_s, u"WEEK"_s, u"DAY"_s, u"HOUR"_s, u"MINUTE"_s, u"SECOND"_s}},
        {u"dateParts"_s, QJsonArray()},
        {u"dateDiffUnits"_s, QJsonArray()},
    };
    QJsonArray fields;
    for (const auto &f : snapshots ? snapshotFields() : eventStreamFields())
        fields.append(fieldJson(f));
    QJsonArray elements{QJsonObject{{u"path"_s, snapshots ? u"state.error.bindingErrors"_s : u"body"_s},
                                    {u"filter"_s, true},
                                    {u"aggregate"_s, false}}};
    QJsonArray dynamic;
    if (snapshots) {
        dynamic.append(QJsonObject{
            {u"pattern"_s, u"tags.{key}"_s},
            {u"types"_s, QJsonArray{u"STRING"_s}},
            {u"kind"_s, u"ARRAY"_s},
            {u"filter"_s, QJsonObject{{u"operators"_s, strings({u"EQ"_s, u"NE"_s, u"GT"_s, u"GTE"_s, u"LT"_s, u"LTE"_s,
                                                                u"CONTAINS"_s, u"STARTS_WITH"_s, u"ENDS_WITH"_s, u"IN"_s,
                                                                u"NOT_IN"_s, u"BETWEEN"_s, u"CONTAINS_ALL"_s, u"IS_EMPTY"_s,
                                                                u"IS_NULL"_s, u"IS_NOT_NULL"_s, u"EXISTS"_s,
                                                                u"NOT_EXISTS"_s})}}},
        });
    }
    QJsonArray constraints{QJsonObject{{u"type"_s, u"CURSOR_UNIQUE_SORT"_s}, {u"appended"_s, snapshots ? u"aggregateId"_s : u"id"_s}}};
    if (!limits.allowExpensiveOperators)
        constraints.append(QJsonObject{{u"type"_s, u"COUNT_REQUIRES_FILTER"_s}});

    // Wow writes the members in this order; the version hashes the canonical form without it.
    const QString model_ = snapshots ? u"SNAPSHOT"_s : u"EVENT_STREAM"_s;
    QJsonObject unversioned{{u"model"_s, model_}, {u"version"_s, u""_s}, {u"timeZone"_s, timeZone},
                            {u"record"_s, record}, {u"limits"_s, limitsJson}, {u"analysis"_s, analysis},
                            {u"fields"_s, fields}, {u"elements"_s, elements}, {u"dynamic"_s, dynamic},
                            {u"constraints"_s, constraints}};
    // Canonical JSON (members sorted by name, no whitespace) is what QJsonObject writes compact:
    // its keys are kept in UTF-16 order, as Wow's String.compareTo sorts them.
    const QByteArray canon = QJsonDocument(unversioned).toJson(QJsonDocument::Compact);
    QueryModelDescriptor d;
    d.version = u"sha256:"_s + QString::fromLatin1(QCryptographicHash::hash(canon, QCryptographicHash::Sha256).toHex());
    // Written in Wow's member order (QJsonObject would sort them).
    auto member = [](const char *key, const QJsonValue &v) {
        QByteArray out = QByteArray("\"") + key + "\":";
        out += QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
        return out;
    };
    d.json = '{' + member("model", model_) + ',' + member("version", d.version) + ',' + member("timeZone", timeZone) + ','
        + member("record", record) + ',' + member("limits", limitsJson) + ',' + member("analysis", analysis) + ','
        + member("fields", fields) + ',' + member("elements", elements) + ',' + member("dynamic", dynamic) + ','
        + member("constraints", constraints) + '}';
    return d;
}

} // namespace wci
