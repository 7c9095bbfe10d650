#pragma once

// The ClickHouse BI sync script Wow's wow-bi generator writes for execution_failed, for the
// built-in engine's POST /wow/bi/script (the wire types are in domain/bi_script.h).

#include "bi_script.h"

namespace wci {

// The script with the server defaults of BiScriptProperties overridden by the request;
// validation failures are IllegalArgument with Wow's messages. DEPLOY is rendered as by a
// server with the default NO_OP deployment inspector; RESET as against the deployment a
// previous DEPLOY with the same options created (see bi_script_generator.cpp for these and the
// other assumptions).
Result<BiScriptResponse> generateBiScript(const BiScriptRequest &request);

} // namespace wci
