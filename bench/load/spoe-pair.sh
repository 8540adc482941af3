# Sourced by run-load and haproxy-lua-cost (needs ROOT and OUT): the shipped HAProxy pair,
# `sluice spoe` and HAProxy on a configuration shaped as deploy/haproxy/haproxy.cfg.

# start_spoe_agent PORT ADMIN_PORT EVENTS LOG_PREFIX: `sluice spoe` with POLICY (default: the
# default policy) and events to EVENTS; sets SPOE_PID.
start_spoe_agent() {
  env SLUICE_SPOE_LISTEN="127.0.0.1:$1" SLUICE_ADMIN_LISTEN="127.0.0.1:$2" \
      SLUICE_POLICY="${POLICY:-$ROOT/deploy/policies/default.yaml}" SLUICE_EVENTS="$3" \
      "$ROOT/sluice" spoe > "$4.out" 2> "$4.err" &
  SPOE_PID=$!
}

# start_shipped_haproxy CFG PORT APP_PORT AGENT_PORT LOG [VAR=VALUE...]: HAProxy on CFG with one
# thread (a second file's global section), its addresses set through the file's SLUICE_HAPROXY_*
# variables, so the file runs as shipped, neither copied nor edited; VAR=VALUE sets more of them
# (SLUICE_HAPROXY_REQUEST_BODIES=1). Sets HAPROXY_PID.
start_shipped_haproxy() {
  local cfg=$1 port=$2 app=$3 agent=$4 log=$5
  shift 5
  printf 'global\n    nbthread 1\n' > "$OUT/haproxy-one-thread.cfg"
  env SLUICE_HAPROXY_BIND="127.0.0.1:$port" SLUICE_HAPROXY_APP="127.0.0.1:$app" \
      SLUICE_HAPROXY_AGENT="127.0.0.1:$agent" SLUICE_HAPROXY_LUA="$ROOT/deploy/haproxy/sluice.lua" "$@" \
      haproxy -f "$cfg" -f "$OUT/haproxy-one-thread.cfg" -db > "$log" 2>&1 &
  HAPROXY_PID=$!
}
