-- The server's fixed CORS preflight answer: the HTTP layer alone, no engine call.
wrk.method = "OPTIONS"
