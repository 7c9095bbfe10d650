-- POST /execution_failed/snapshot/paged/state with the dashboard's "To retry" category.
wrk.method = "POST"
wrk.path = "/execution_failed/snapshot/paged/state"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
local now = os.getenv("WCI_NOW") or "1767225600000"
wrk.body = '{"condition":{"operator":"AND","children":[' ..
  '{"field":"state.recoverable","operator":"IN","value":["RECOVERABLE","UNKNOWN"]},' ..
  '{"field":"state.isRetryable","operator":"EQ","value":true},' ..
  '{"operator":"OR","children":[{"field":"state.status","operator":"EQ","value":"FAILED"},' ..
  '{"operator":"AND","children":[{"field":"state.status","operator":"EQ","value":"PREPARED"},' ..
  '{"field":"state.retryState.timeoutAt","operator":"LTE","value":' .. now .. '}]}]}]},' ..
  '"sort":[{"field":"aggregateId","direction":"DESC"}],"pagination":{"index":1,"size":10}}'
