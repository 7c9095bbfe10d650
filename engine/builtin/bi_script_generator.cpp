#include "bi_script_generator.h"

// A re-implementation of Wow's wow-bi script generator (v8.10.10: BiScriptGenerator,
// BiPreparationPlanner, StateExpansionPlanner, the ClickHouse*Renderer classes, the ownership
// registry) for the one aggregate this product serves, plus the option mapping and validation
// of the webflux handler (BiScriptRequestMapper) and the defaults of BiScriptProperties.
//
// What Wow derives at run time from Jackson/Kotlin reflection (which state properties exist,
// their JSON shapes and nullability) is written down here as a static type model of
// ExecutionFailedState (see executionFailedModel()); the planner and renderers below apply
// Wow's rules to that model, so the SQL text, object names, fingerprints and diagnostics are
// what Wow computes for it.
//
// Assumptions where the output depends on the server's runtime configuration:
// * Options are BiScriptOptions' defaults as BiScriptProperties passes them on without
//   wow.bi.script.* settings and without wow.kafka.* (bi_db / bi_db_consumer, CLUSTER
//   '{cluster}' / '{installation}', Asia/Shanghai, localhost:9093, topic prefix "wow.",
//   maxExpansionDepth 5, RAW_JSON, BROKER offsets). A compensation server with wow.kafka
//   configured would use those bootstrap servers / topic prefix instead.
// * consumerGroupNamespace: Wow refuses to generate Kafka consumers without it ("must be
//   configured before generating BI Kafka consumers"), and its default is null, so a server
//   that answers at all has it configured. We assume "compensation-service" (the
//   spring.application.name); it only enters the deployment id and the fingerprints.
// * DEPLOY is rendered as with the default NO_OP deployment inspector (offline: inspection
//   unavailable, create-only DDL, a fresh ownership registry, INSPECTION_UNAVAILABLE).
// * RESET needs an available inspection in Wow (NO_OP refuses it). We render it against the
//   deployment that a DEPLOY with the same options created: every desired object observed
//   with this deployment's metadata and its ownership registry present. The new consumer
//   identity (Kafka consumer groups) is random per call, as BiConsumerIdentity.random() is.
//   A ClickHouse inspector would also reject database/consumerDatabase/topology overrides;
//   like NO_OP we allow them.

#include <QCryptographicHash>
#include <QUuid>

#include <algorithm>
#include <tuple>

namespace wci {

using namespace Qt::StringLiterals;


namespace {

// ---- text primitives (ClickHouseSqlSyntax, Kotlin's Char predicates) ----

bool isIsoControl(char16_t c) { return c <= 0x1F || (c >= 0x7F && c <= 0x9F); }

// Kotlin's Char.isWhitespace() on the JVM: Character.isWhitespace || Character.isSpaceChar.
bool isKotlinWhitespace(QChar c)
{
    const char16_t u = c.unicode();
    if ((u >= 0x09 && u <= 0x0D) || (u >= 0x1C && u <= 0x1F))
        return true;
    switch (c.category()) {
    case QChar::Separator_Space:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    default:
        return false;
    }
}

bool isBlank(const QString &s) { return std::all_of(s.cbegin(), s.cend(), isKotlinWhitespace); }

QString escapeSql(const QString &value, char16_t quote)
{
    QString out;
    out.reserve(value.size() + 2);
    for (const QChar ch : value) {
        if (ch == u'\\') {
            out += u"\\\\"_s;
        } else if (ch.unicode() == quote) {
            if (quote == u'\'')
                out += u"''"_s;
            else
                out += QChar(u'\\') + ch;
        } else if (isIsoControl(ch.unicode())) {
            for (const char byte : QString(ch).toUtf8())
                out += u"\\x"_s + QString::number(static_cast<uchar>(byte), 16).toUpper().rightJustified(2, u'0');
        } else {
            out += ch;
        }
    }
    return out;
}

QString ident(const QString &v) { return u'"' + escapeSql(v, u'"') + u'"'; }
QString lit(const QString &v) { return u'\'' + escapeSql(v, u'\'') + u'\''; }
QString qualified(const QString &database, const QString &name) { return ident(database) + u'.' + ident(name); }

// sha256, first 16 bytes as lower-case hex (BiFingerprint / descriptor / registry digests).
QString digest(const QString &value)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(value.toUtf8(), QCryptographicHash::Sha256).left(16).toHex());
}

// NamingConverter.PASCAL_TO_SNAKE: split before each upper-case ASCII letter, lower-case, join with '_'.
QString pascalToSnake(const QString &name)
{
    QStringList words;
    QString word;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name.at(i);
        if (i > 0 && c >= u'A' && c <= u'Z') {
            words.append(word);
            word.clear();
        }
        word += c;
    }
    words.append(word);
    for (QString &w : words)
        w = w.toLower();
    return words.join(u'_');
}

// StateExpansionNames.toObjectNameSegment
QString objectNameSegment(const QString &value)
{
    const bool plain = std::all_of(value.cbegin(), value.cend(),
                                   [](QChar c) { return c.isLetterOrNumber() || c == u'_' || c == u'-'; });
    return plain ? value : u"field_"_s + digest(value);
}

QString encodePointerSegment(QString value)
{
    return value.replace(u"~"_s, u"~0"_s).replace(u"/"_s, u"~1"_s);
}

// ---- options (BiScriptOptions as the server resolves them) ----

const QString kAssumedConsumerGroupNamespace = u"compensation-service"_s;

struct Options {
    QString database = u"bi_db"_s;
    QString consumerDatabase = u"bi_db_consumer"_s;
    bool cluster = true;
    QString clusterName = u"{cluster}"_s;
    QString clusterInstallation = u"{installation}"_s;
    QString timezone = u"Asia/Shanghai"_s;
    QString kafkaBootstrapServers = u"localhost:9093"_s;
    QString topicPrefix = u"wow."_s;
    QString consumerGroupNamespace = kAssumedConsumerGroupNamespace;
    QString kafkaOffsetStorage = u"BROKER"_s; // KEEPER is not reachable through the request
    QString kafkaKeeperPathPrefix = u"/clickhouse/wow-bi"_s;
    int maxExpansionDepth = BiScriptLimits::MaxExpansionDepth;
    bool rawJsonFallback = true; // UnsupportedTypeStrategy.RAW_JSON
};

std::optional<DomainError> requireValidValue(const QString &value, const QString &name, int maxLength)
{
    if (isBlank(value))
        return DomainError::illegalArgument(name + u" must not be blank"_s);
    if (std::any_of(value.cbegin(), value.cend(), [](QChar c) { return isIsoControl(c.unicode()); }))
        return DomainError::illegalArgument(name + u" must not contain control characters"_s);
    if (value.size() > maxLength) {
        return DomainError::illegalArgument(name + u" length "_s + QString::number(value.size())
                                            + u" must be less than or equal to "_s + QString::number(maxLength));
    }
    return std::nullopt;
}

// BiScriptRequest.toBiScriptOptions(base) followed by the BiScriptOptions /
// ClickHouseTopology.Cluster init checks, in Kotlin's evaluation order.
Result<Options> resolveOptions(const BiScriptRequest &request)
{
    Options o;
    if (request.maxExpansionDepth && *request.maxExpansionDepth > o.maxExpansionDepth) {
        return DomainError::illegalArgument(u"maxExpansionDepth must be less than or equal to the configured maximum of "_s
                                            + QString::number(o.maxExpansionDepth));
    }
    if (request.topology) {
        const auto &topology = *request.topology;
        if (topology.mode == BiScriptTopologyMode::Standalone) {
            if (topology.cluster)
                return DomainError::illegalArgument(u"topology.cluster must not be configured in STANDALONE mode"_s);
            o.cluster = false;
        } else {
            // The server's base topology is the default Cluster, so missing parts fall back to it.
            if (topology.cluster && topology.cluster->name)
                o.clusterName = *topology.cluster->name;
            if (topology.cluster && topology.cluster->installation)
                o.clusterInstallation = *topology.cluster->installation;
            if (auto e = requireValidValue(o.clusterName, u"name"_s, BiScriptLimits::ClusterValue))
                return *e;
            if (auto e = requireValidValue(o.clusterInstallation, u"installation"_s, BiScriptLimits::ClusterValue))
                return *e;
        }
    }
    o.database = request.database.value_or(o.database);
    o.consumerDatabase = request.consumerDatabase.value_or(o.consumerDatabase);
    o.timezone = request.timezone.value_or(o.timezone);
    o.kafkaBootstrapServers = request.kafkaBootstrapServers.value_or(o.kafkaBootstrapServers);
    o.topicPrefix = request.topicPrefix.value_or(o.topicPrefix);
    o.maxExpansionDepth = request.maxExpansionDepth.value_or(o.maxExpansionDepth);
    if (request.unsupportedTypeStrategy)
        o.rawJsonFallback = *request.unsupportedTypeStrategy == BiScriptUnsupportedTypeStrategy::RawJson;

    const struct {
        const QString &value;
        QString name;
        int max;
    } checks[] = {
        {o.database, u"database"_s, BiScriptLimits::Database},
        {o.consumerDatabase, u"consumerDatabase"_s, BiScriptLimits::ConsumerDatabase},
        {o.timezone, u"timezone"_s, BiScriptLimits::Timezone},
        {o.kafkaBootstrapServers, u"kafkaBootstrapServers"_s, BiScriptLimits::KafkaBootstrapServers},
        {o.topicPrefix, u"topicPrefix"_s, BiScriptLimits::TopicPrefix},
        {o.consumerGroupNamespace, u"consumerGroupNamespace"_s, 128},
        {o.kafkaKeeperPathPrefix, u"kafkaKeeperPathPrefix"_s, 512},
    };
    for (const auto &check : checks) {
        if (auto e = requireValidValue(check.value, check.name, check.max))
            return *e;
    }
    if (o.maxExpansionDepth < 1)
        return DomainError::illegalArgument(u"maxExpansionDepth must be greater than or equal to 1"_s);
    return o;
}

// BiScriptRequest.toBiScriptOperation() and BiScriptOperation.Reset's init check.
std::optional<DomainError> validateOperation(const BiScriptRequest &request)
{
    if (request.effectiveOperation() == BiScriptOperationMode::Deploy) {
        if (request.replayFromEarliestConfirmed)
            return DomainError::illegalArgument(u"replayFromEarliestConfirmed is only valid for RESET"_s);
        return std::nullopt;
    }
    if (!request.replayFromEarliestConfirmed)
        return DomainError::illegalArgument(u"replayFromEarliestConfirmed is required for RESET"_s);
    if (!*request.replayFromEarliestConfirmed) {
        return DomainError::illegalArgument(u"Reset requires replayFromEarliestConfirmed=true because a new Kafka "
                                            "consumer group must start from earliest"_s);
    }
    return std::nullopt;
}

// BiDeploymentDescriptor.from(options)
struct Descriptor {
    QString deploymentId;
    QString configurationFingerprint;
    QString topologyFingerprint;
};

Descriptor describe(const Options &o)
{
    const QChar nul(u'\0');
    const QString mode = o.cluster ? u"CLUSTER"_s : u"STANDALONE"_s;
    const QString name = o.cluster ? o.clusterName : QString();
    const QString installation = o.cluster ? o.clusterInstallation : QString();
    return {
        digest(QStringList{o.consumerGroupNamespace, o.database, o.consumerDatabase}.join(nul)),
        digest(QStringList{o.database, o.consumerDatabase, mode, name, installation, o.timezone,
                           o.kafkaBootstrapServers, o.topicPrefix, o.consumerGroupNamespace, o.kafkaOffsetStorage,
                           o.kafkaKeeperPathPrefix}
                   .join(nul)),
        digest(QStringList{o.database, o.consumerDatabase, mode, name, installation}.join(nul)),
    };
}

// ---- the aggregate's state as Jackson exposes it ----

struct TypeModel {
    enum class Shape {
        Direct,     // scalar, enum, or collection/map of scalars: one JSONExtract with sqlType
        Object,     // expandable bean: its properties become columns
        ObjectList, // collection of expandable beans: a child view per element
        Opaque,     // custom serializer / abstract / polymorphic: kept as raw JSON
    };
    Shape shape = Shape::Direct;
    QString sqlType;
    QString canonical; // JavaType.toCanonical(), as shown in diagnostics
    std::vector<std::pair<QString, const TypeModel *>> properties;
    const TypeModel *element = nullptr;
};

struct AggregateModel {
    QString contextName;
    QString contextAlias;
    QString aggregateName;
    const TypeModel *state = nullptr;
};

// ExecutionFailedState as Wow's JacksonWireShapeInspector / JsonPropertyTypeResolver see it
// (docs/wire-protocol.md §3.2). All properties are non-null Kotlin types, so Wow adds no Nullable()
// types and no "__raw__" companion columns. AggregateId has Wow's custom serializer and is
// therefore opaque (RAW_JSON_FALLBACK); Version's initialized/isInitialVersion are
// @JsonIgnore'd; the computed getters isBelowRetryThreshold, isRetryable and
// ErrorInfo.succeeded are serialized and thus expanded. The models repeat only the table's shape:
// one per Wow class.
const AggregateModel &executionFailedModel()
{
    using S = TypeModel::Shape;
    static const TypeModel string{S::Direct, u"String"_s, u"java.lang.String"_s, {}, nullptr};
    static const TypeModel int32{S::Direct, u"Int32"_s, u"int"_s, {}, nullptr};
    static const TypeModel int64{S::Direct, u"Int64"_s, u"long"_s, {}, nullptr};
    static const TypeModel boolean{S::Direct, u"Bool"_s, u"boolean"_s, {}, nullptr};
    static const TypeModel functionKind{S::Direct, u"String"_s, u"me.ahoo.wow.api.messaging.function.FunctionKind"_s,
                                        {}, nullptr};
    static const TypeModel status{S::Direct, u"String"_s, u"me.ahoo.wow.compensation.api.ExecutionFailedStatus"_s, {},
                                  nullptr};
    static const TypeModel recoverable{S::Direct, u"String"_s, u"me.ahoo.wow.api.exception.RecoverableType"_s, {},
                                       nullptr};
    static const TypeModel aggregateId{S::Opaque, {}, u"me.ahoo.wow.api.modeling.AggregateId"_s, {}, nullptr};
    static const TypeModel eventId{
        S::Object, {}, u"me.ahoo.wow.compensation.api.EventId"_s,
        {{u"aggregateId"_s, &aggregateId}, {u"id"_s, &string}, {u"version"_s, &int32}}, nullptr};
    static const TypeModel function{S::Object,
                                    {},
                                    u"me.ahoo.wow.api.messaging.function.FunctionInfoData"_s,
                                    {{u"contextName"_s, &string},
                                     {u"functionKind"_s, &functionKind},
                                     {u"name"_s, &string},
                                     {u"processorName"_s, &string}},
                                    nullptr};
    static const TypeModel bindingError{S::Object, {}, u"me.ahoo.wow.api.exception.BindingError"_s,
                                        {{u"msg"_s, &string}, {u"name"_s, &string}}, nullptr};
    static const TypeModel bindingErrors{
        S::ObjectList, {}, u"java.util.List<me.ahoo.wow.api.exception.BindingError>"_s, {}, &bindingError};
    static const TypeModel error{S::Object,
                                 {},
                                 u"me.ahoo.wow.compensation.api.ErrorDetails"_s,
                                 {{u"bindingErrors"_s, &bindingErrors},
                                  {u"errorCode"_s, &string},
                                  {u"errorMsg"_s, &string},
                                  {u"stackTrace"_s, &string},
                                  {u"succeeded"_s, &boolean}},
                                 nullptr};
    static const TypeModel retrySpec{
        S::Object, {}, u"me.ahoo.wow.compensation.api.RetrySpec"_s,
        {{u"executionTimeout"_s, &int32}, {u"maxRetries"_s, &int32}, {u"minBackoff"_s, &int32}}, nullptr};
    static const TypeModel retryState{S::Object,
                                      {},
                                      u"me.ahoo.wow.compensation.api.RetryState"_s,
                                      {{u"nextRetryAt"_s, &int64},
                                       {u"retries"_s, &int32},
                                       {u"retryAt"_s, &int64},
                                       {u"timeoutAt"_s, &int64}},
                                      nullptr};
    static const TypeModel state{S::Object,
                                 {},
                                 u"me.ahoo.wow.compensation.domain.ExecutionFailedState"_s,
                                 {{u"error"_s, &error},
                                  {u"eventId"_s, &eventId},
                                  {u"executeAt"_s, &int64},
                                  {u"function"_s, &function},
                                  {u"id"_s, &string},
                                  {u"isBelowRetryThreshold"_s, &boolean},
                                  {u"isRetryable"_s, &boolean},
                                  {u"recoverable"_s, &recoverable},
                                  {u"retrySpec"_s, &retrySpec},
                                  {u"retryState"_s, &retryState},
                                  {u"status"_s, &status}},
                                 nullptr};
    static const AggregateModel model{kCompensationContext, kCompensationAlias, kExecutionFailedAggregate, &state};
    return model;
}

// ---- naming (BiTableNaming, NamedAggregate helpers) ----

QString tablePrefix(const AggregateModel &m)
{
    QString context = m.contextAlias;
    if (context.endsWith(u"-service"_s))
        context.chop(8);
    context.replace(u'.', u'_').replace(u'-', u'_');
    return context + u'_' + m.aggregateName;
}

QString tableName(const AggregateModel &m, const QString &suffix) { return tablePrefix(m) + u'_' + suffix; }

// toStringWithAlias(): the owner written into metadata comments and the registry.
QString aggregateLabel(const AggregateModel &m) { return m.contextAlias + u'.' + m.aggregateName; }

// "contextName.aggregateName": the aggregate named in expansion diagnostics.
QString diagnosticAggregate(const AggregateModel &m) { return m.contextName + u'.' + m.aggregateName; }

// ---- state expansion planning (StateExpansionPlanner and its collectors) ----

struct ColumnRef {
    bool input = false; // a column of the source table ("__source"."x") vs. an alias ("x")
    QString name;
};

QString renderRef(const ColumnRef &r) { return r.input ? ident(u"__source"_s) + u'.' + ident(r.name) : ident(r.name); }

enum class Extraction { Reference, JsonValue, JsonRaw, JsonArray };
enum class Placement { With, Select };

struct ColumnPlan {
    QString target;
    QString sqlType;
    Extraction extraction = Extraction::Reference;
    ColumnRef source;
    QString property;
    Placement placement = Placement::Select;
    bool inherited = true;
};

struct PointerSegment {
    bool isIndex = false;
    QString encoded; // property
    ColumnRef cursor; // index
};

struct CursorPlan {
    ColumnRef source;
    QString property;
    ColumnRef cursor;
    ColumnRef element;
};

struct RecoveryPlan {
    std::vector<CursorPlan> cursors;
    std::vector<PointerSegment> pointer;
    std::optional<ColumnRef> currentIndex;
};

struct ViewPlan {
    QString target;
    QString source;
    std::vector<ColumnPlan> columns;
    RecoveryPlan recovery;
};

struct PlanningNode {
    QString path;
    std::vector<PointerSegment> pointer;
    ColumnRef source;
    QString target;
    const TypeModel *type = nullptr;
    int depth = 0;
};

struct CollectionRequest {
    QString tableSuffix;
    CursorPlan cursor;
    std::vector<PointerSegment> pointer;
    PlanningNode element;
};

struct ViewDraft {
    QString anchorTarget;
    std::vector<ColumnPlan> columns;
    std::vector<CollectionRequest> collections;
};

struct ExpansionPlan {
    std::vector<ViewPlan> views;
    std::vector<BiScriptDiagnostic> diagnostics;
};

class ExpansionPlanner {
public:
    ExpansionPlanner(const Options &options, const AggregateModel &model)
        : m_options(options), m_aggregate(diagnosticAggregate(model)), m_model(model)
    {
    }

    Result<ExpansionPlan> plan()
    {
        const QString source = tableName(m_model, u"state_last"_s);
        const PlanningNode root{QString(), {}, {true, u"state"_s}, u"state"_s, m_model.state, 0};
        buildView(root, source, source + u"_root"_s, {}, {});
        if (m_error)
            return *m_error;
        std::stable_sort(m_plan.diagnostics.begin(), m_plan.diagnostics.end(), [](const auto &a, const auto &b) {
            return a.path != b.path ? a.path < b.path : a.code < b.code;
        });
        return m_plan;
    }

private:
    void buildView(const PlanningNode &node, const QString &sourceTable, const QString &targetTable,
                   std::vector<ColumnPlan> inherited, RecoveryPlan recovery)
    {
        ViewDraft draft{node.target, std::move(inherited), {}};
        collectProperties(node, draft);
        if (m_error)
            return;
        std::stable_sort(draft.columns.begin(), draft.columns.end(),
                         [](const ColumnPlan &a, const ColumnPlan &b) { return a.target < b.target; });
        m_plan.views.push_back({targetTable, sourceTable, draft.columns, recovery});

        std::vector<ColumnPlan> finalInherited;
        std::copy_if(draft.columns.begin(), draft.columns.end(), std::back_inserter(finalInherited),
                     [](const ColumnPlan &c) { return c.inherited; });
        for (const CollectionRequest &collection : draft.collections) {
            RecoveryPlan child;
            child.cursors = recovery.cursors;
            child.cursors.push_back(collection.cursor);
            child.pointer = collection.pointer;
            child.currentIndex = collection.cursor.cursor;
            buildView(collection.element, sourceTable, targetTable + u'_' + objectNameSegment(collection.tableSuffix),
                      finalInherited, std::move(child));
            if (m_error)
                return;
        }
    }

    void collectProperties(const PlanningNode &parent, ViewDraft &draft)
    {
        auto properties = parent.type->properties;
        std::stable_sort(properties.begin(), properties.end(),
                         [](const auto &a, const auto &b) { return a.first < b.first; });
        for (const auto &[name, type] : properties) {
            collectProperty(parent, name, type, draft);
            if (m_error)
                return;
        }
    }

    void collectProperty(const PlanningNode &parent, const QString &name, const TypeModel *type, ViewDraft &draft)
    {
        const QString path = parent.path.isEmpty() ? name : parent.path + u'.' + name;
        const QString snake = pascalToSnake(name);
        const QString target = parent.depth == 0 ? snake : parent.target + u"__"_s + snake;
        using S = TypeModel::Shape;

        if (parent.depth + 1 > m_options.maxExpansionDepth && type->shape != S::Direct) {
            // StateExpansionFallbackCollector.collectDepth (independent of the strategy).
            draft.columns.push_back({target, u"String"_s, Extraction::JsonRaw, parent.source, name, Placement::Select});
            addDiagnostic(u"MAX_DEPTH_REACHED"_s, path, type->canonical, u"MAX_DEPTH_RAW_JSON"_s,
                          u"Max expansion depth reached at ["_s + path + u"] with type ["_s + type->canonical
                              + u"]; the value is projected as scoped JSON and remains authoritative in __state."_s);
            return;
        }
        switch (type->shape) {
        case S::Direct:
            draft.columns.push_back({target, type->sqlType, Extraction::JsonValue, parent.source, name, Placement::Select});
            return;
        case S::Opaque:
            collectRaw(parent, name, path, target, type, draft);
            return;
        case S::ObjectList:
            if (type->element->shape == S::Opaque) {
                collectRaw(parent, name, path, target, type, draft);
                return;
            }
            collectObjectList(parent, name, path, target, type, draft);
            return;
        case S::Object: {
            draft.columns.push_back({target, u"String"_s, Extraction::JsonRaw, parent.source, name, Placement::With});
            std::vector<PointerSegment> pointer = parent.pointer;
            pointer.push_back({false, encodePointerSegment(name), {}});
            const PlanningNode child{path, std::move(pointer), {false, target}, target, type, parent.depth + 1};
            collectProperties(child, draft);
            return;
        }
        }
    }

    void collectObjectList(const PlanningNode &parent, const QString &name, const QString &path, const QString &target,
                           const TypeModel *type, ViewDraft &draft)
    {
        const ColumnRef cursor{false, u"__cursor__"_s + target};
        const ColumnRef element{false, target};
        std::vector<PointerSegment> pointer = parent.pointer;
        pointer.push_back({false, encodePointerSegment(name), {}});
        pointer.push_back({true, {}, cursor});
        // The raw array stays in this view only (not inherited by child views).
        draft.columns.push_back(
            {target, u"Array(String)"_s, Extraction::JsonArray, parent.source, name, Placement::Select, false});
        const QString suffix = draft.anchorTarget == u"state"_s
            ? target
            : (target.startsWith(draft.anchorTarget + u"__"_s) ? target.mid(draft.anchorTarget.size() + 2) : target);
        draft.collections.push_back({suffix,
                                     {parent.source, name, cursor, element},
                                     pointer,
                                     {path, pointer, element, target, type->element, parent.depth + 1}});
    }

    void collectRaw(const PlanningNode &parent, const QString &name, const QString &path, const QString &target,
                    const TypeModel *type, ViewDraft &draft)
    {
        if (!m_options.rawJsonFallback) {
            m_error = DomainError::illegalArgument(u"Unsupported property ["_s + path + u"] for aggregate ["_s
                                                   + m_aggregate + u"] with type ["_s + type->canonical + u"]."_s);
            return;
        }
        draft.columns.push_back({target, u"String"_s, Extraction::JsonRaw, parent.source, name, Placement::Select});
        addDiagnostic(u"RAW_JSON_FALLBACK"_s, path, type->canonical, u"RAW_JSON"_s,
                      u"Unsupported property ["_s + path + u"] with type ["_s + type->canonical
                          + u"] is projected as scoped JSON; the authoritative lexical value remains in __state."_s);
    }

    void addDiagnostic(const QString &code, const QString &path, const QString &sourceType, const QString &decision,
                       const QString &message)
    {
        m_plan.diagnostics.push_back({code, m_aggregate, path, sourceType, decision, message});
    }

    const Options &m_options;
    const QString m_aggregate;
    const AggregateModel &m_model;
    ExpansionPlan m_plan;
    std::optional<DomainError> m_error;
};

// ---- catalog objects ----

enum class ObjectKind { Anchor, Store, View, Queue, Consumer };

QString kindName(ObjectKind k)
{
    switch (k) {
    case ObjectKind::Anchor:
        return u"ANCHOR"_s;
    case ObjectKind::Store:
        return u"STORE"_s;
    case ObjectKind::View:
        return u"VIEW"_s;
    case ObjectKind::Queue:
        return u"QUEUE"_s;
    case ObjectKind::Consumer:
        return u"CONSUMER"_s;
    }
    return {};
}

struct DesiredObject {
    QString database;
    QString name;
    ObjectKind kind = ObjectKind::View;
    QString engine;
    QString selectSql; // expected query of views and consumers
    QString targetDatabase;
    QString targetName;
};

struct RegistryEntry {
    QString database;
    QString name;
    ObjectKind kind = ObjectKind::View;
    QString aggregate;
    QString consumerIdentity;
    QString definitionFingerprint;
    qint64 revision = 0;
    QString status;
};

struct Section {
    QString name;
    QStringList statements;
};

const char *const kMetadataColumns[] = {"id",      "aggregate_id",   "tenant_id",        "owner_id",
                                        "space_id", "command_id",    "request_id",       "version",
                                        "first_operator", "first_event_time", "create_time", "tags",
                                        "deleted"};

// The focused renderers of wow-bi (lifecycle, command, state event, state last, expansion,
// ownership registry) sharing one render context.
class ScriptRenderer {
public:
    ScriptRenderer(const Options &o, const AggregateModel &m, Descriptor d, QString consumerIdentity, bool reconcile)
        : m_o(o), m_m(m), m_d(std::move(d)), m_identity(std::move(consumerIdentity)), m_reconcile(reconcile),
          m_aggregate(aggregateLabel(m))
    {
    }

    // -- context
    QString scope() const { return m_o.cluster ? u" ON CLUSTER "_s + lit(m_o.clusterName) : QString(); }
    QString tableCreate() const { return m_reconcile ? u"CREATE TABLE IF NOT EXISTS"_s : u"CREATE TABLE"_s; }
    QString viewCreate() const { return m_reconcile ? u"CREATE OR REPLACE VIEW"_s : u"CREATE VIEW"_s; }
    QString materializedViewCreate() const
    {
        return m_reconcile ? u"CREATE MATERIALIZED VIEW IF NOT EXISTS"_s : u"CREATE MATERIALIZED VIEW"_s;
    }
    QString physical(const QString &logical) const { return m_o.cluster ? logical + u"_local"_s : logical; }
    QString name(const QString &suffix) const { return tableName(m_m, suffix); }
    QString topic(const QString &suffix) const
    {
        return m_o.topicPrefix + m_m.contextAlias + u'.' + m_m.aggregateName + u'.' + suffix;
    }
    QString consumerGroup(const QString &consumer) const { return u"wow-bi."_s + m_identity + u'.' + consumer; }
    QString tz() const { return lit(m_o.timezone); }
    QString epochMillis(const QString &property) const
    {
        return u"toDateTime64(JSONExtractInt(\"data\", "_s + lit(property) + u") / 1000.0, 3, "_s + tz() + u')';
    }

    QString metadataComment(ObjectKind kind, bool resetting = false, std::optional<qint64> registryRevision = {}) const
    {
        JsonWriter w;
        w.beginObject();
        w.field("protocolVersion"_L1, 3).field("layoutVersion"_L1, 7);
        w.field("phase"_L1, resetting ? u"RESETTING"_s : u"STABLE"_s);
        w.field("deploymentId"_L1, m_d.deploymentId)
            .field("configurationFingerprint"_L1, m_d.configurationFingerprint)
            .field("topologyFingerprint"_L1, m_d.topologyFingerprint);
        if (kind != ObjectKind::Anchor)
            w.field("aggregate"_L1, m_aggregate);
        w.field("kind"_L1, kindName(kind)).field("consumerIdentity"_L1, m_identity);
        if (kind == ObjectKind::Anchor && registryRevision)
            w.field("registryRevision"_L1, *registryRevision);
        w.endObject();
        return lit(u"wow-bi:"_s + QString::fromUtf8(w.bytes()));
    }

    // -- topology DDL
    QString engine(bool versioned) const
    {
        const QString version = versioned ? u", \"version\""_s : QString();
        if (m_o.cluster) {
            return u"ENGINE = ReplicatedReplacingMergeTree("_s
                + lit(u"/clickhouse/"_s + m_o.clusterInstallation + u'/' + m_o.clusterName
                      + u"/tables/{shard}/{database}/{table}"_s)
                + u", "_s + lit(u"{replica}"_s) + version + u')';
        }
        return versioned ? u"ENGINE = ReplacingMergeTree(\"version\")"_s : u"ENGINE = ReplacingMergeTree"_s;
    }

    // The Distributed facade over the *_local table of a clustered store (with its comment).
    void addDistributedFacade(QStringList &out, const QString &store, const QString &shardingKey,
                              const QString &comment) const
    {
        if (!m_o.cluster)
            return;
        out.append((m_reconcile ? u"CREATE TABLE IF NOT EXISTS "_s : u"CREATE TABLE "_s) + qualified(m_o.database, store)
                   + scope() + u"\nAS "_s + qualified(m_o.database, physical(store)) + u"\nENGINE = Distributed("_s
                   + lit(m_o.clusterName) + u", "_s + ident(m_o.database) + u",\n                     "_s
                   + lit(physical(store)) + u", "_s + shardingKey + u")\nCOMMENT "_s + comment + u';');
    }

    // A store table (columns, engine and keys in definition, up to its COMMENT) with its facade.
    QStringList storeTable(const QString &store, const QString &definition, const QString &shardingKey) const
    {
        const QString comment = metadataComment(ObjectKind::Store);
        QStringList out;
        out.append(tableCreate() + u' ' + qualified(m_o.database, physical(store)) + scope() + definition + comment
                   + u';');
        addDistributedFacade(out, store, shardingKey, comment);
        return out;
    }

    // state and state_last share the columns and the versioned engine; only their keys differ.
    QStringList stateStoreTable(const QString &store, const QString &partitionColumn, const QString &orderBy) const
    {
        return storeTable(store,
                          u'\n' + stateColumns() + u' ' + engine(true) + u"\n      PARTITION BY toYYYYMM("_s
                              + partitionColumn + u")\n      ORDER BY "_s + orderBy + u"\n      COMMENT "_s,
                          u"sipHash64(\"tenant_id\", \"aggregate_id\")"_s);
    }

    // A Kafka queue and the consumer that moves it into <kind>_store. Wow's command and state
    // renderers lay out the queue's columns and arguments differently, hence the two spellings.
    QStringList ingress(const QString &kind, const QString &columnsAndEngine, const QString &groupSeparator,
                        const QString &select) const
    {
        const QString consumer = name(kind + u"_consumer"_s);
        QStringList out;
        if (m_reconcile)
            out.append(dropView(m_o.consumerDatabase, consumer));
        out.append(u"CREATE TABLE "_s + qualified(m_o.consumerDatabase, name(kind + u"_queue"_s)) + scope()
                   + columnsAndEngine + lit(m_o.kafkaBootstrapServers) + u", "_s + lit(topic(kind)) + groupSeparator
                   + lit(consumerGroup(consumer)) + u", 'JSONAsString')\nCOMMENT "_s
                   + metadataComment(ObjectKind::Queue) + u';');
        out.append(materializedView(consumer, name(kind + u"_store"_s), select));
        return out;
    }

    QString dropView(const QString &database, const QString &object) const
    {
        return u"DROP VIEW IF EXISTS "_s + qualified(database, object) + scope() + u" SYNC;"_s;
    }
    QString dropTable(const QString &database, const QString &object) const
    {
        return u"DROP TABLE IF EXISTS "_s + qualified(database, object) + scope() + u" SYNC;"_s;
    }

    // -- lifecycle
    QStringList globalStatements() const
    {
        return {u"CREATE DATABASE IF NOT EXISTS "_s + ident(m_o.database) + scope() + u';',
                u"CREATE DATABASE IF NOT EXISTS "_s + ident(m_o.consumerDatabase) + scope() + u';'};
    }

    QString anchor(bool resetting, std::optional<qint64> registryRevision = {}) const
    {
        return viewCreate() + u' ' + qualified(m_o.consumerDatabase, u"__wow_bi_deployment"_s) + scope()
            + u" AS (SELECT 1 AS \"alive\" WHERE 0) COMMENT "_s
            + metadataComment(ObjectKind::Anchor, resetting, registryRevision) + u';';
    }

    QString dropOwned(const DesiredObject &object) const
    {
        switch (object.kind) {
        case ObjectKind::Store:
        case ObjectKind::Queue:
            return dropTable(object.database, object.name);
        default:
            return dropView(object.database, object.name);
        }
    }

    // -- command stream (ClickHouseCommandRenderer)
    QString commandConsumerSelect() const
    {
        const QString indent = u"\n       "_s;
        return u"SELECT JSONExtractString(\"data\", 'id') AS \"id\","_s + indent
            + u"JSONExtractString(\"data\", 'contextName') AS \"context_name\","_s + indent
            + u"JSONExtractString(\"data\", 'aggregateName') AS \"aggregate_name\","_s + indent
            + u"JSONExtractString(\"data\", 'name') AS \"name\","_s + indent
            + u"JSONExtract(\"data\", 'header', 'Map(String, String)') AS \"header\","_s + indent
            + u"JSONExtractString(\"data\", 'aggregateId') AS \"aggregate_id\","_s + indent
            + u"JSONExtractString(\"data\", 'tenantId') AS \"tenant_id\","_s + indent
            + u"JSONExtractString(\"data\", 'ownerId') AS \"owner_id\","_s + indent
            + u"JSONExtractString(\"data\", 'spaceId') AS \"space_id\","_s + indent
            + u"JSONExtractString(\"data\", 'requestId') AS \"request_id\","_s + indent
            + u"JSONExtract(\"data\", 'aggregateVersion', 'Nullable(UInt32)') AS \"aggregate_version\","_s + indent
            + u"JSONExtractBool(\"data\", 'isCreate') AS \"is_create\","_s + indent
            + u"JSONExtractBool(\"data\", 'isVoid') AS \"is_void\","_s + indent
            + u"JSONExtractBool(\"data\", 'allowCreate') AS \"allow_create\","_s + indent
            + u"JSONExtractString(\"data\", 'bodyType') AS \"body_type\","_s + indent + lexicalRaw(u"body"_s)
            + u" AS \"body\","_s + indent + epochMillis(u"createTime"_s) + u" AS \"create_time\"\nFROM "_s
            + qualified(m_o.consumerDatabase, name(u"command_queue"_s));
    }

    QString storeSelect(const QString &store) const
    {
        return u"SELECT * FROM "_s + qualified(m_o.database, store) + u" FINAL"_s;
    }

    QStringList commandStorage() const
    {
        return storeTable(name(u"command_store"_s),
                          u"\n(\n"
                           "    \"id\" String,\n"
                           "    \"context_name\" String,\n"
                           "    \"aggregate_name\" String,\n"
                           "    \"name\" String,\n"
                           "    \"header\" Map(String, String),\n"
                           "    \"aggregate_id\" String,\n"
                           "    \"tenant_id\" String,\n"
                           "    \"owner_id\" String,\n"
                           "    \"space_id\" String,\n"
                           "    \"request_id\" String,\n"
                           "    \"aggregate_version\" Nullable(UInt32),\n"
                           "    \"is_create\" Bool,\n"
                           "    \"is_void\" Bool,\n"
                           "    \"allow_create\" Bool,\n"
                           "    \"body_type\" String,\n"
                           "    \"body\" String,\n"
                           "    \"create_time\" DateTime64(3, "_s
                              + tz() + u")\n) "_s + engine(false)
                              + u"\n  PARTITION BY toYYYYMM(\"create_time\")\n  ORDER BY \"id\"\n  COMMENT "_s,
                          u"sipHash64(\"aggregate_id\")"_s);
    }

    QStringList commandIngress() const
    {
        return ingress(u"command"_s, u"\n(\"data\" String)\nENGINE = Kafka("_s, u",\n               "_s,
                       commandConsumerSelect());
    }

    QStringList commandPublic() const
    {
        return {publicView(name(u"command"_s), name(u"command_store"_s))};
    }

    // -- state events (ClickHouseStateEventRenderer)
    QString stateColumns() const
    {
        return u"(\n"
               "    \"id\" String,\n"
               "    \"context_name\" String,\n"
               "    \"aggregate_name\" String,\n"
               "    \"header\" Map(String, String),\n"
               "    \"aggregate_id\" String,\n"
               "    \"tenant_id\" String,\n"
               "    \"owner_id\" String,\n"
               "    \"space_id\" String,\n"
               "    \"command_id\" String,\n"
               "    \"request_id\" String,\n"
               "    \"version\" UInt32,\n"
               "    \"state\" String,\n"
               "    \"body\" Array(String),\n"
               "    \"first_operator\" String,\n"
               "    \"first_event_time\" DateTime64(3, "_s
            + tz() + u"),\n    \"create_time\" DateTime64(3, "_s + tz()
            + u"),\n"
              "    \"tags\" Map(String, Array(String)),\n"
              "    \"deleted\" Bool\n"
              ")"_s;
    }

    QString stateConsumerSelect() const
    {
        const QString indent = u"\n       "_s;
        return u"SELECT JSONExtractString(\"data\", 'id') AS \"id\","_s + indent
            + u"JSONExtractString(\"data\", 'contextName') AS \"context_name\","_s + indent
            + u"JSONExtractString(\"data\", 'aggregateName') AS \"aggregate_name\","_s + indent
            + u"JSONExtract(\"data\", 'header', 'Map(String, String)') AS \"header\","_s + indent
            + u"JSONExtractString(\"data\", 'aggregateId') AS \"aggregate_id\","_s + indent
            + u"JSONExtractString(\"data\", 'tenantId') AS \"tenant_id\","_s + indent
            + u"JSONExtractString(\"data\", 'ownerId') AS \"owner_id\","_s + indent
            + u"JSONExtractString(\"data\", 'spaceId') AS \"space_id\","_s + indent
            + u"JSONExtractString(\"data\", 'commandId') AS \"command_id\","_s + indent
            + u"JSONExtractString(\"data\", 'requestId') AS \"request_id\","_s + indent
            + u"JSONExtractUInt(\"data\", 'version') AS \"version\","_s + indent + lexicalRaw(u"state"_s)
            + u" AS \"state\","_s + indent + u"JSONExtractArrayRaw(\"data\", 'body') AS \"body\","_s + indent
            + u"JSONExtractString(\"data\", 'firstOperator') AS \"first_operator\","_s + indent
            + epochMillis(u"firstEventTime"_s) + u" AS \"first_event_time\","_s + indent
            + epochMillis(u"createTime"_s) + u" AS \"create_time\","_s + indent
            + u"JSONExtract(\"data\", 'tags', 'Map(String, Array(String))') AS \"tags\","_s + indent
            + u"JSONExtractBool(\"data\", 'deleted') AS \"deleted\"\nFROM "_s
            + qualified(m_o.consumerDatabase, name(u"state_queue"_s));
    }

    QString eventViewSelect() const
    {
        const QString indent = u"\n       "_s;
        QString out = u"WITH arrayJoin(arrayZip(arrayEnumerate(\"body\"),\n"
                      "                        \"body\")) AS \"events\"\n"
                      "SELECT \"id\","_s;
        for (const char *column : {"context_name", "aggregate_name", "header", "aggregate_id", "tenant_id", "owner_id",
                                    "space_id", "command_id", "request_id", "version", "state"}) {
            out += indent + ident(QLatin1StringView(column)) + u',';
        }
        out += indent + u"\"events\".1 AS \"event_sequence\","_s + indent
            + u"JSONExtract(\"events\".2, 'id', 'String') AS \"event_id\","_s + indent
            + u"JSONExtract(\"events\".2, 'name', 'String') AS \"event_name\","_s + indent
            + u"JSONExtract(\"events\".2, 'revision', 'String') AS \"event_revision\","_s + indent
            + u"JSONExtract(\"events\".2, 'bodyType', 'String') AS \"event_body_type\","_s + indent
            + u"JSONExtractRaw(\"events\".2, 'body') AS \"event_body\","_s;
        for (const char *column : {"first_operator", "first_event_time", "create_time", "tags"})
            out += indent + ident(QLatin1StringView(column)) + u',';
        out += indent + u"\"deleted\"\nFROM "_s + qualified(m_o.database, name(u"state"_s));
        return out;
    }

    QStringList stateStorage() const
    {
        return stateStoreTable(name(u"state_store"_s), u"\"create_time\""_s,
                               u"(\"tenant_id\", \"aggregate_id\", \"version\")"_s);
    }

    QStringList stateIngress() const
    {
        return ingress(u"state"_s, u"\n(\n    \"data\" String\n) ENGINE = Kafka("_s, u",\n                 "_s,
                       stateConsumerSelect());
    }

    QStringList statePublic() const
    {
        return {publicView(name(u"state"_s), name(u"state_store"_s)),
                viewCreate() + u' ' + qualified(m_o.database, name(u"state_event"_s)) + scope() + u"\nAS (\n"_s
                    + eventViewSelect() + u"\n) COMMENT "_s + metadataComment(ObjectKind::View) + u';'};
    }

    // -- latest state (ClickHouseStateLastRenderer)
    QString stateLastConsumerSelect() const
    {
        return u"SELECT *\nFROM "_s + qualified(m_o.database, name(u"state_store"_s));
    }

    QStringList stateLast() const
    {
        const QString store = name(u"state_last_store"_s);
        const QString consumer = name(u"state_last_consumer"_s);
        QStringList out = stateStoreTable(store, u"\"first_event_time\""_s, u"(\"tenant_id\", \"aggregate_id\")"_s);
        if (m_reconcile)
            out.append(dropView(m_o.consumerDatabase, consumer));
        out.append(materializedView(consumer, store, stateLastConsumerSelect()));
        out.append(publicView(name(u"state_last"_s), store));
        return out;
    }

    // -- state expansion (ClickHouseExpansionRenderer)
    static QString extraction(const ColumnPlan &c)
    {
        switch (c.extraction) {
        case Extraction::Reference:
            return renderRef(c.source);
        case Extraction::JsonValue:
            return u"JSONExtract("_s + renderRef(c.source) + u", "_s + lit(c.property) + u", "_s + lit(c.sqlType) + u')';
        case Extraction::JsonRaw:
            return u"JSONExtractRaw("_s + renderRef(c.source) + u", "_s + lit(c.property) + u')';
        case Extraction::JsonArray:
            return u"JSONExtractArrayRaw("_s + renderRef(c.source) + u", "_s + lit(c.property) + u')';
        }
        return {};
    }

    static QString column(const ColumnPlan &c) { return extraction(c) + u" AS "_s + ident(c.target); }

    static QString zeroBasedIndex(const ColumnRef &cursor)
    {
        return u"tupleElement("_s + renderRef(cursor) + u", 1) - 1"_s;
    }

    static QString pointer(const std::vector<PointerSegment> &segments)
    {
        if (segments.empty())
            return lit(QString());
        QStringList parts;
        for (std::size_t i = 0; i < segments.size(); ++i) {
            const PointerSegment &s = segments[i];
            if (s.isIndex) {
                parts.append(u"toString("_s + zeroBasedIndex(s.cursor) + u')');
            } else {
                const bool beforeIndex = i + 1 < segments.size() && segments[i + 1].isIndex;
                parts.append(lit(u'/' + s.encoded + (beforeIndex ? u"/"_s : QString())));
            }
        }
        return u"concat("_s + parts.join(u", "_s) + u')';
    }

    QString expansionSelect(const ViewPlan &view) const
    {
        QStringList with;
        for (const CursorPlan &cursor : view.recovery.cursors) {
            const QString elements = u"JSONExtractArrayRaw("_s + renderRef(cursor.source) + u", "_s
                + lit(cursor.property) + u')';
            with.append(u"arrayJoin(arrayZip(arrayEnumerate("_s + elements + u"),\n                   "_s + elements
                        + u")) AS "_s + renderRef(cursor.cursor));
            with.append(u"tupleElement("_s + renderRef(cursor.cursor) + u", 2) AS "_s + renderRef(cursor.element));
        }
        QStringList select;
        for (const ColumnPlan &c : view.columns)
            (c.placement == Placement::With ? with : select).append(column(c));
        select.append(renderRef({true, u"state"_s}) + u" AS \"__state\""_s);
        if (view.recovery.currentIndex)
            select.append(u"toUInt64("_s + zeroBasedIndex(*view.recovery.currentIndex) + u") AS \"__index\""_s);
        select.append(pointer(view.recovery.pointer) + u" AS \"__path\""_s);
        for (const char *name : kMetadataColumns) {
            const QString n = QLatin1StringView(name);
            select.append(renderRef({true, n}) + u" AS "_s + ident(u"__"_s + n));
        }
        QString out;
        if (!with.isEmpty())
            out += u"WITH\n"_s + with.join(u",\n"_s) + u'\n';
        out += u"SELECT\n"_s + select.join(u",\n"_s) + u"\nFROM "_s + qualified(m_o.database, view.source)
            + u" AS \"__source\""_s;
        return out;
    }

    QStringList expansion(const ExpansionPlan &plan) const
    {
        QStringList out;
        for (const ViewPlan &view : plan.views) {
            out.append(viewCreate() + u' ' + qualified(m_o.database, view.target) + scope() + u" AS (\n"_s
                       + expansionSelect(view) + u"\n) COMMENT "_s + metadataComment(ObjectKind::View) + u';');
        }
        return out;
    }

    // -- ownership registry (ClickHouseOwnershipRegistryRenderer)
    QString registryName() const { return u"__wow_bi_registry_"_s + m_d.deploymentId; }

    QString registryCreate() const
    {
        const QString engineSql = m_o.cluster
            ? u"ENGINE = ReplicatedReplacingMergeTree("_s
                + lit(u"/clickhouse/"_s + m_o.clusterInstallation + u'/' + m_o.clusterName + u"/control/wow-bi/"_s
                      + m_d.deploymentId)
                + u", '{shard}-{replica}', \"revision\")"_s
            : u"ENGINE = ReplacingMergeTree(\"revision\")"_s;
        return u"CREATE TABLE IF NOT EXISTS "_s + qualified(m_o.consumerDatabase, registryName()) + scope()
            + u"\n(\n"
              "    \"deployment_id\" FixedString(32),\n"
              "    \"row_kind\" LowCardinality(String),\n"
              "    \"object_database\" String,\n"
              "    \"object_name\" String,\n"
              "    \"kind\" LowCardinality(String),\n"
              "    \"aggregate\" Nullable(String),\n"
              "    \"consumer_identity\" Nullable(FixedString(32)),\n"
              "    \"definition_fingerprint\" FixedString(32),\n"
              "    \"revision\" UInt64,\n"
              "    \"status\" LowCardinality(String),\n"
              "    \"row_fingerprint\" FixedString(32),\n"
              "    \"recorded_at\" DateTime64(3, 'UTC') DEFAULT now64(3)\n"
              ") "_s
            + engineSql
            + u"\n  ORDER BY (\"deployment_id\", \"row_kind\",\n"
              "            \"object_database\",\n"
              "            \"object_name\")\n"
              "  COMMENT "_s
            + lit(u"wow-bi-registry:"_s + m_d.deploymentId) + u';';
    }

    // A full registry revision as one INSERT. Wow renders it with trimIndent() around a
    // multi-line interpolation, so the template lines keep their 12-space indent.
    QString registrySnapshot(const std::vector<RegistryEntry> &entries, qint64 revision) const
    {
        QStringList snapshotParts;
        QStringList rows;
        for (const RegistryEntry &e : entries) {
            const QString revisionText = QString::number(e.revision);
            snapshotParts.append(QStringList{e.database, e.name, kindName(e.kind), e.aggregate, e.consumerIdentity,
                                             e.definitionFingerprint, revisionText, e.status}
                                     .join(QChar(u'\x01')));
            const QString rowFingerprint = digest(QStringList{e.database, e.name, kindName(e.kind), e.aggregate,
                                                              e.consumerIdentity, e.definitionFingerprint,
                                                              revisionText, e.status}
                                                      .join(QChar(u'\0')));
            rows.append(u'(' + QStringList{lit(m_d.deploymentId), lit(u"OBJECT"_s), lit(e.database), lit(e.name),
                                           lit(kindName(e.kind)), lit(e.aggregate), lit(e.consumerIdentity),
                                           lit(e.definitionFingerprint), revisionText, lit(e.status),
                                           lit(rowFingerprint)}
                                   .join(u", "_s)
                        + u')');
        }
        const QString snapshot = digest(snapshotParts.join(QChar(u'\0')));
        rows.prepend(u'(' + QStringList{lit(m_d.deploymentId), lit(u"HEAD"_s), lit(QString()), lit(QString()),
                                        lit(u"ANCHOR"_s), u"NULL"_s, u"NULL"_s, lit(snapshot),
                                        QString::number(revision), lit(u"ACTIVE"_s), lit(snapshot)}
                                .join(u", "_s)
                     + u')');
        return u"            INSERT INTO "_s + qualified(m_o.consumerDatabase, registryName())
            + u"\n            (\"deployment_id\", \"row_kind\",\n"
              "             \"object_database\", \"object_name\", \"kind\",\n"
              "             \"aggregate\", \"consumer_identity\",\n"
              "             \"definition_fingerprint\", \"revision\", \"status\",\n"
              "             \"row_fingerprint\")\n"
              "            VALUES\n"
              "            "_s
            + rows.join(u",\n"_s) + u';';
    }

    QString registryDrop() const
    {
        return u"DROP TABLE IF EXISTS "_s + qualified(m_o.consumerDatabase, registryName()) + scope() + u';';
    }

    // -- desired catalog (BiPreparationPlanner.desiredObjects)
    std::vector<DesiredObject> desiredObjects(const ExpansionPlan &plan) const
    {
        const QString &db = m_o.database;
        const QString &cdb = m_o.consumerDatabase;
        std::vector<DesiredObject> out;
        for (const QString &table : {name(u"command"_s), name(u"state"_s), name(u"state_last"_s)}) {
            const QString store = table + u"_store"_s;
            out.push_back({db, store, ObjectKind::Store,
                           m_o.cluster ? u"Distributed"_s : u"ReplacingMergeTree"_s, {}, {}, {}});
            if (m_o.cluster)
                out.push_back({db, store + u"_local"_s, ObjectKind::Store, u"ReplicatedReplacingMergeTree"_s, {}, {}, {}});
        }
        const auto view = [&](const QString &object, const QString &select) {
            out.push_back({db, object, ObjectKind::View, u"View"_s, select, {}, {}});
        };
        view(name(u"command"_s), storeSelect(name(u"command_store"_s)));
        view(name(u"state"_s), storeSelect(name(u"state_store"_s)));
        view(name(u"state_event"_s), eventViewSelect());
        view(name(u"state_last"_s), storeSelect(name(u"state_last_store"_s)));
        for (const ViewPlan &expansionView : plan.views)
            view(expansionView.target, expansionSelect(expansionView));
        out.push_back({cdb, name(u"command_queue"_s), ObjectKind::Queue, u"Kafka"_s, {}, {}, {}});
        out.push_back({cdb, name(u"command_consumer"_s), ObjectKind::Consumer, u"MaterializedView"_s,
                       commandConsumerSelect(), db, name(u"command_store"_s)});
        out.push_back({cdb, name(u"state_queue"_s), ObjectKind::Queue, u"Kafka"_s, {}, {}, {}});
        out.push_back({cdb, name(u"state_consumer"_s), ObjectKind::Consumer, u"MaterializedView"_s,
                       stateConsumerSelect(), db, name(u"state_store"_s)});
        out.push_back({cdb, name(u"state_last_consumer"_s), ObjectKind::Consumer, u"MaterializedView"_s,
                       stateLastConsumerSelect(), db, name(u"state_last_store"_s)});
        return out; // the deployment anchor is desired too but never registered nor dropped
    }

    QString definitionFingerprint(const DesiredObject &o) const
    {
        return digest(QStringList{o.database, o.name, kindName(o.kind), m_aggregate, o.engine, o.selectSql,
                                  o.targetDatabase, o.targetName}
                          .join(QChar(u'\0')));
    }

    const QString &aggregate() const { return m_aggregate; }
    const QString &consumerIdentity() const { return m_identity; }

private:
    QString lexicalRaw(const QString &property) const
    {
        return u"simpleJSONExtractRaw(replaceOne(\"data\", concat('\"header\":', simpleJSONExtractRaw(\"data\", "
               "'header')), '\"header\":{}'), "_s
            + lit(property) + u')';
    }

    QString materializedView(const QString &consumer, const QString &store, const QString &select) const
    {
        return materializedViewCreate() + u' ' + qualified(m_o.consumerDatabase, consumer) + scope() + u"\nTO "_s
            + qualified(m_o.database, store) + u"\nAS (\n"_s + select + u"\n) COMMENT "_s
            + metadataComment(ObjectKind::Consumer) + u';';
    }

    QString publicView(const QString &view, const QString &store) const
    {
        return viewCreate() + u' ' + qualified(m_o.database, view) + scope() + u"\nAS ("_s + storeSelect(store)
            + u")\nCOMMENT "_s + metadataComment(ObjectKind::View) + u';';
    }

    const Options &m_o;
    const AggregateModel &m_m;
    const Descriptor m_d;
    const QString m_identity;
    const bool m_reconcile;
    const QString m_aggregate;
};

void appendSection(QString &out, const Section &section)
{
    out += u"-- "_s + section.name + u" --\n"_s;
    if (!section.statements.isEmpty())
        out += section.statements.join(u"\n\n"_s) + u'\n';
    out += u"-- "_s + section.name + u" --\n"_s;
}

bool lessByKey(const DesiredObject &a, const DesiredObject &b)
{
    return a.database != b.database ? a.database < b.database : a.name < b.name;
}

BiScriptDiagnostic clusterDiagnostic()
{
    return {u"CLUSTER_INTERNAL_REPLICATION_REQUIRED"_s, u"*"_s, u"topology.cluster"_s, u"ClickHouseTopology.Cluster"_s,
            u"EXTERNAL_CONFIGURATION_REQUIRED"_s,
            u"Configure internal_replication=true for every shard before applying clustered BI DDL."_s};
}

BiScriptDiagnostic inspectionUnavailableDiagnostic()
{
    return {u"INSPECTION_UNAVAILABLE"_s, u"*"_s, u"lifecycle.inspection"_s, u"BiDeploymentInspector"_s,
            u"RECONCILIATION_SKIPPED"_s,
            u"BI deployment inspection is unavailable; generated current desired state without stale-object "
            "reconciliation."_s};
}

// BiScriptAssembler.assemble for one aggregate; DEPLOY offline, RESET against the
// deployment a DEPLOY with these options created (see the header comment of this file).
BiScriptResponse assemble(const Options &options, const AggregateModel &model, const ExpansionPlan &plan, bool reset)
{
    const Descriptor descriptor = describe(options);
    // DEPLOY: BiConsumerIdentity.deterministic; RESET: BiConsumerIdentity.random().
    const QString identity = reset ? digest(QUuid::createUuid().toString(QUuid::WithoutBraces))
                                   : descriptor.configurationFingerprint;
    const ScriptRenderer r(options, model, descriptor, identity, /*reconcile=*/reset);
    const QString aggregate = r.aggregate();

    std::vector<DesiredObject> desired = r.desiredObjects(plan);
    std::sort(desired.begin(), desired.end(), lessByKey);

    const Section global{u"global"_s, r.globalStatements()};
    const std::vector<Section> durable = {
        {aggregate + u".commandStorage"_s, r.commandStorage()},
        {aggregate + u".stateStorage"_s, r.stateStorage()},
        {aggregate + u".stateLast"_s, r.stateLast()},
        {aggregate + u".expansion"_s, r.expansion(plan)},
        {aggregate + u".commandPublic"_s, r.commandPublic()},
        {aggregate + u".statePublic"_s, r.statePublic()},
    };
    const std::vector<Section> ingress = {
        {aggregate + u".commandIngress"_s, r.commandIngress()},
        {aggregate + u".stateIngress"_s, r.stateIngress()},
    };

    BiScriptResponse out;
    out.destructive = reset;
    if (options.cluster)
        out.diagnostics.push_back(clusterDiagnostic());

    QString script;
    appendSection(script, global);
    if (!reset) {
        // A fresh ownership registry: every object PENDING_CREATE (intent), then ACTIVE.
        std::vector<RegistryEntry> intent;
        std::vector<RegistryEntry> confirmed;
        qint64 revision = 0;
        for (const DesiredObject &o : desired) {
            intent.push_back({o.database, o.name, o.kind, aggregate, identity, r.definitionFingerprint(o), ++revision,
                              u"PENDING_CREATE"_s});
        }
        const qint64 intentRevision = revision;
        for (RegistryEntry e : intent) {
            e.revision = ++revision;
            e.status = u"ACTIVE"_s;
            confirmed.push_back(e);
        }
        appendSection(script, {u"ownership-registry"_s, {r.registryCreate()}});
        appendSection(script, {u"ownership-registry-intent"_s, {r.registrySnapshot(intent, intentRevision)}});
        script += u"-- lifecycle --\n-- lifecycle --\n"_s;
        for (const Section &s : durable)
            appendSection(script, s);
        for (const Section &s : ingress)
            appendSection(script, s);
        appendSection(script, {u"ownership-registry-confirmation"_s, {r.registrySnapshot(confirmed, revision)}});
        appendSection(script, {u"deployment-anchor"_s, {r.anchor(false, revision)}});
        out.diagnostics.push_back(inspectionUnavailableDiagnostic());
    } else {
        // Every owned object except the anchor is dropped: views, consumers and queues first,
        // then the stores (Distributed facades before their *_local tables), longer names first.
        std::vector<DesiredObject> owned = desired;
        std::sort(owned.begin(), owned.end(), [](const DesiredObject &a, const DesiredObject &b) {
            const auto key = [](const DesiredObject &o) {
                const bool store = o.kind == ObjectKind::Store;
                return std::tuple(store, store && o.name.endsWith(u"_local"_s), -o.name.size());
            };
            if (key(a) != key(b))
                return key(a) < key(b);
            return lessByKey(a, b);
        });
        QStringList drops;
        for (const DesiredObject &o : owned)
            drops.append(r.dropOwned(o));
        script += u"-- lifecycle --\n"_s;
        appendSection(script, {u"deployment-reset-intent"_s, {r.anchor(true)}});
        appendSection(script, {u"reset-observed-catalog"_s, drops});
        appendSection(script, {u"reset-ownership-registry"_s, {r.registryDrop()}});
        script += u"-- lifecycle --\n"_s;
        for (const Section &s : durable)
            appendSection(script, s);
        appendSection(script, {u"deployment-anchor"_s, {r.anchor(false)}});
        for (const Section &s : ingress)
            appendSection(script, s);
    }
    out.script = script;
    out.diagnostics.insert(out.diagnostics.end(), plan.diagnostics.begin(), plan.diagnostics.end());
    return out;
}

Result<BiScriptResponse> generate(const BiScriptRequest &request, const AggregateModel &model)
{
    auto options = resolveOptions(request);
    if (!options)
        return options.error();
    if (auto e = validateOperation(request))
        return *e;
    auto plan = ExpansionPlanner(*options, model).plan();
    if (!plan)
        return plan.error();
    return assemble(*options, model, *plan, request.effectiveOperation() == BiScriptOperationMode::Reset);
}

} // namespace

Result<BiScriptResponse> generateBiScript(const BiScriptRequest &request)
{
    return generate(request, executionFailedModel());
}

} // namespace wci
