#!/usr/bin/env bash
# Citizen sign-in latency (POST /api/v1/auth/login with the right password) of two builds side by side in one run:
# each serves its own fresh SQLite file with the demo seeded, then wrk sends correct sign-ins over one connection
# (p50 is one bcrypt verify plus the throttle's bookkeeping), then over four. Pass the two binaries to compare
# (for example a copy of the previous build and the current one); with one binary it measures that one alone.
# Usage: scripts/bench-login.sh BIN [BIN2] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
first=${1:?usage: scripts/bench-login.sh BIN [BIN2] [seconds]}
second=${2:-}
seconds=${3:-20}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
lua=$(mktemp --suffix=.lua)
cat >"$lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"phone":"13800138000","password":"Minsheng2017"}'
LUA
run_one() {
  local bin=$1 port=$2 tmp
  tmp=$(mktemp -d)
  head -c 32 /dev/urandom | base64 >"$tmp/data.key"
  head -c 32 /dev/urandom | base64 >"$tmp/informant.key"
  head -c 32 /dev/urandom | base64 >"$tmp/audit.key"
  (
    export MINSHENG_SQLITE_PATH=$tmp/bench.sqlite MINSHENG_DATA_KEY_FILE=$tmp/data.key MINSHENG_INFORMANT_KEY_FILE=$tmp/informant.key \
           MINSHENG_AUDIT_KEY_FILE=$tmp/audit.key MINSHENG_RESOURCES=$PWD/Resources MINSHENG_MATERIALS_DIR=$tmp/materials \
           MINSHENG_LOG_LEVEL=error MINSHENG_PORT=$port
    "$bin" migrate >/dev/null
    "$bin" seed --residents 1000 >/dev/null
    "$bin" serve --port "$port" >"$tmp/server.log" 2>&1 &
    server=$!
    trap 'kill $server 2>/dev/null || true' EXIT
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
    echo "--- $bin"
    for c in 1 4; do
      echo "  wrk -t1 -c$c -d${seconds}s (correct sign-ins)"
      wrk -t1 -c"$c" -d"${seconds}s" --latency -s "$lua" "http://127.0.0.1:$port/api/v1/auth/login" | grep -E "Requests/sec|  50%|  99%|Non-2xx" | sed 's/^/    /'
    done
  )
  rm -rf "$tmp"
}
echo "bcrypt cost: ${MINSHENG_BCRYPT_COST:-12 (the default)}; $(nproc) cores"
run_one "$first" 18191
if [ -n "$second" ]; then run_one "$second" 18192; fi
rm -f "$lua"
