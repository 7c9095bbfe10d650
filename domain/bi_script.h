#pragma once

// "Generate BI Sync Script" (docs/wire-protocol.md §10.3): the request/response wire types of
// POST /wow/bi/script. The built-in engine's generator (engine/builtin/bi_script_generator.h)
// writes the ClickHouse script Wow's wow-bi module would write for the single aggregate
// compensation-service / execution_failed.
//
// The script has Wow's layout: "-- section --" markers around groups of statements; a global
// section (databases), the ownership registry (DEPLOY), lifecycle (RESET: resetting anchor,
// drops), per aggregate the command / state / state_last stores, the state expansion views,
// the public views, the Kafka ingress (Kafka-engine queues and materialized-view consumers)
// and the deployment anchor. Every object carries Wow's "wow-bi:" metadata comment.

#include "domain_error.h"
#include "json_reader.h"
#include "json_writer.h"
#include "wire_types.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>
#include <vector>

namespace wci {

// Response header with the number of diagnostics (BiScriptHeaders.DIAGNOSTIC_COUNT).
inline const QString kBiDiagnosticCountHeader = QStringLiteral("Wow-BI-Diagnostic-Count");

// Upper bounds of the request overrides (BiScriptOptions / ClickHouseTopology.Cluster).
namespace BiScriptLimits {
inline constexpr int Database = 128;
inline constexpr int ConsumerDatabase = 128;
inline constexpr int Timezone = 64;
inline constexpr int KafkaBootstrapServers = 4096;
inline constexpr int TopicPrefix = 128;
inline constexpr int ClusterValue = 128; // topology.cluster.name and .installation
// The server's configured maximum (BiScriptOptions.maxExpansionDepth default).
inline constexpr int MaxExpansionDepth = 5;
} // namespace BiScriptLimits

enum class BiScriptOperationMode {
    Deploy,
    Reset,
};
WCI_DECLARE_ENUM_NAMES(BiScriptOperationMode, parseBiScriptOperationMode, biScriptOperationModeNames)

enum class BiScriptTopologyMode {
    Cluster,
    Standalone,
};
WCI_DECLARE_ENUM_NAMES(BiScriptTopologyMode, parseBiScriptTopologyMode, biScriptTopologyModeNames)

enum class BiScriptUnsupportedTypeStrategy {
    Fail,
    RawJson,
};
WCI_DECLARE_ENUM_NAMES(BiScriptUnsupportedTypeStrategy, parseBiScriptUnsupportedTypeStrategy,
                       biScriptUnsupportedTypeStrategyNames)

struct BiScriptClusterRequest {
    std::optional<QString> name;
    std::optional<QString> installation;
    WCI_WIRE_TYPE(BiScriptClusterRequest)
};

struct BiScriptTopologyRequest {
    BiScriptTopologyMode mode = BiScriptTopologyMode::Cluster; // mandatory on the wire
    std::optional<BiScriptClusterRequest> cluster;
    WCI_WIRE_TYPE(BiScriptTopologyRequest)
};

// Every field optional; absent fields are not written and take the server's defaults.
// Enum names are read case-insensitively (the compensation server enables
// accept-case-insensitive-enums for this body) and written upper case.
struct BiScriptRequest {
    std::optional<BiScriptOperationMode> operation; // absent = DEPLOY
    std::optional<QString> database;
    std::optional<QString> consumerDatabase;
    std::optional<BiScriptTopologyRequest> topology;
    std::optional<QString> timezone;
    std::optional<QString> kafkaBootstrapServers;
    std::optional<QString> topicPrefix;
    std::optional<int> maxExpansionDepth;
    std::optional<BiScriptUnsupportedTypeStrategy> unsupportedTypeStrategy;
    std::optional<bool> replayFromEarliestConfirmed; // RESET only, required there
    BiScriptOperationMode effectiveOperation() const { return operation.value_or(BiScriptOperationMode::Deploy); }
    WCI_WIRE_TYPE(BiScriptRequest)
};

// Codes / decisions are Wow's enum names (BiScriptDiagnosticCode, BiScriptMappingDecision),
// kept as strings so that codes of newer servers still decode.
struct BiScriptDiagnostic {
    QString code;
    QString aggregate;
    QString path;
    QString sourceType;
    QString decision;
    QString message;
    WCI_WIRE_TYPE(BiScriptDiagnostic)
};

struct BiScriptResponse {
    QString script;
    bool destructive = false;
    std::vector<BiScriptDiagnostic> diagnostics;
    WCI_WIRE_TYPE(BiScriptResponse)
};

} // namespace wci
