#include "bi_script.h"

// The wire types of POST /wow/bi/script: enum names and JSON codecs. The generator that writes
// the script lives with the built-in engine (engine/builtin/bi_script_generator.cpp).

#include <algorithm>

namespace wci {

using namespace Qt::StringLiterals;

// ---- enums ---------------------------------------------------------------------------

WCI_DEFINE_ENUM_NAMES(BiScriptOperationMode, parseBiScriptOperationMode, biScriptOperationModeNames,
                      "DEPLOY", "RESET")
WCI_DEFINE_ENUM_NAMES(BiScriptTopologyMode, parseBiScriptTopologyMode, biScriptTopologyModeNames,
                      "CLUSTER", "STANDALONE")
WCI_DEFINE_ENUM_NAMES(BiScriptUnsupportedTypeStrategy, parseBiScriptUnsupportedTypeStrategy,
                      biScriptUnsupportedTypeStrategyNames, "FAIL", "RAW_JSON")

namespace {

// The request body is decoded with accept-case-insensitive-enums on the compensation server.
template <typename E, const auto &names>
std::optional<E> parseCaseInsensitive(QStringView s)
{
    return enum_names::parse<E>(s, names, Qt::CaseInsensitive);
}

} // namespace

// ---- wire codecs ---------------------------------------------------------------------
// (Alike in shape to those of wire_types.cpp only: each lists its own fields in Wow's order.)

namespace {

void writeOptionalString(JsonWriter &w, QLatin1StringView key, const std::optional<QString> &v)
{
    if (v)
        w.field(key, *v);
}

} // namespace

BiScriptClusterRequest BiScriptClusterRequest::read(const JsonReader &r)
{
    return {r.optionalString("name"_L1), r.optionalString("installation"_L1)};
}

void BiScriptClusterRequest::write(JsonWriter &w) const
{
    w.beginObject();
    writeOptionalString(w, "name"_L1, name);
    writeOptionalString(w, "installation"_L1, installation);
    w.endObject();
}

BiScriptTopologyRequest BiScriptTopologyRequest::read(const JsonReader &r)
{
    BiScriptTopologyRequest t;
    t.mode = r.enumeration("mode"_L1, Presence::Required, BiScriptTopologyMode::Cluster,
                           &parseCaseInsensitive<BiScriptTopologyMode, kBiScriptTopologyModeNames>,
                           biScriptTopologyModeNames());
    t.cluster = r.optionalNested<BiScriptClusterRequest>("cluster"_L1);
    return t;
}

void BiScriptTopologyRequest::write(JsonWriter &w) const
{
    w.beginObject();
    w.field("mode"_L1, enumName(mode));
    if (cluster)
        w.object("cluster"_L1, *cluster);
    w.endObject();
}

BiScriptRequest BiScriptRequest::read(const JsonReader &r)
{
    BiScriptRequest q;
    if (r.has("operation"_L1)) {
        q.operation = r.enumeration("operation"_L1, Presence::Required, BiScriptOperationMode::Deploy,
                                    &parseCaseInsensitive<BiScriptOperationMode, kBiScriptOperationModeNames>,
                                    biScriptOperationModeNames());
    }
    q.database = r.optionalString("database"_L1);
    q.consumerDatabase = r.optionalString("consumerDatabase"_L1);
    q.topology = r.optionalNested<BiScriptTopologyRequest>("topology"_L1);
    q.timezone = r.optionalString("timezone"_L1);
    q.kafkaBootstrapServers = r.optionalString("kafkaBootstrapServers"_L1);
    q.topicPrefix = r.optionalString("topicPrefix"_L1);
    q.maxExpansionDepth = r.optionalInt32("maxExpansionDepth"_L1);
    if (r.has("unsupportedTypeStrategy"_L1)) {
        q.unsupportedTypeStrategy =
            r.enumeration("unsupportedTypeStrategy"_L1, Presence::Required, BiScriptUnsupportedTypeStrategy::RawJson,
                          &parseCaseInsensitive<BiScriptUnsupportedTypeStrategy, kBiScriptUnsupportedTypeStrategyNames>,
                          biScriptUnsupportedTypeStrategyNames());
    }
    if (r.has("replayFromEarliestConfirmed"_L1))
        q.replayFromEarliestConfirmed = r.boolean("replayFromEarliestConfirmed"_L1);
    return q;
}

void BiScriptRequest::write(JsonWriter &w) const
{
    w.beginObject();
    if (operation)
        w.field("operation"_L1, enumName(*operation));
    writeOptionalString(w, "database"_L1, database);
    writeOptionalString(w, "consumerDatabase"_L1, consumerDatabase);
    if (topology)
        w.object("topology"_L1, *topology);
    writeOptionalString(w, "timezone"_L1, timezone);
    writeOptionalString(w, "kafkaBootstrapServers"_L1, kafkaBootstrapServers);
    writeOptionalString(w, "topicPrefix"_L1, topicPrefix);
    if (maxExpansionDepth)
        w.field("maxExpansionDepth"_L1, *maxExpansionDepth);
    if (unsupportedTypeStrategy)
        w.field("unsupportedTypeStrategy"_L1, enumName(*unsupportedTypeStrategy));
    if (replayFromEarliestConfirmed)
        w.field("replayFromEarliestConfirmed"_L1, *replayFromEarliestConfirmed);
    w.endObject();
}

BiScriptDiagnostic BiScriptDiagnostic::read(const JsonReader &r)
{
    return {r.string("code"_L1),       r.string("aggregate"_L1), r.string("path"_L1),
            r.string("sourceType"_L1), r.string("decision"_L1),  r.string("message"_L1)};
}

void BiScriptDiagnostic::write(JsonWriter &w) const
{
    w.beginObject();
    w.field("code"_L1, code)
        .field("aggregate"_L1, aggregate)
        .field("path"_L1, path)
        .field("sourceType"_L1, sourceType)
        .field("decision"_L1, decision)
        .field("message"_L1, message);
    w.endObject();
}

BiScriptResponse BiScriptResponse::read(const JsonReader &r)
{
    BiScriptResponse out;
    out.script = r.string("script"_L1);
    out.destructive = r.boolean("destructive"_L1);
    out.diagnostics = r.list<BiScriptDiagnostic>("diagnostics"_L1, Presence::Required);
    return out;
}

void BiScriptResponse::write(JsonWriter &w) const
{
    w.beginObject();
    w.field("script"_L1, script).field("destructive"_L1, destructive).array("diagnostics"_L1, diagnostics);
    w.endObject();
}

} // namespace wci
