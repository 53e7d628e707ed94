#!/usr/bin/env bash
# Online verification requests per second through the API (wrk, single-use references, each a real exchange: lookup,
# claim in one UPDATE, status check, disclosure, photo, log row), beside /healthz (one SELECT 1) on the same server
# in the same run. Release build; PostgreSQL when DATABASE_URL is set, else a fresh SQLite file.
# Usage: scripts/bench-verify.sh [seconds] [connections] [references made beforehand]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}; connections=${2:-32}; references=${3:-400000}
swift build -c release --product minsheng --scratch-path .build-release >/dev/null
bin=.build-release/release/minsheng
tmp=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
export MINSHENG_SQLITE_PATH=$tmp/bench.sqlite MINSHENG_DATA_KEY=$(openssl rand -base64 32) MINSHENG_AUDIT_KEY=$(openssl rand -base64 32) MINSHENG_RESOURCES=$PWD/Resources \
       MINSHENG_MATERIALS_DIR=$tmp/materials MINSHENG_LOG_LEVEL=error MINSHENG_VERIFIER_RATE=1000000 MINSHENG_BCRYPT_COST=4 MINSHENG_TIPS=off
if [ -n "${DATABASE_URL:-}" ]; then psql "$DATABASE_URL" -qc "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" >/dev/null; fi
$bin migrate >/dev/null
$bin seed --residents 1000 >/dev/null
export REFS=$tmp/refs.txt
KEY=$($bin bench presentations --count "$references" --out "$REFS"); export KEY
$bin serve --port 18090 >"$tmp/server.log" 2>&1 & server=$!
for _ in $(seq 50); do curl -sf http://127.0.0.1:18090/healthz >/dev/null && break; sleep 0.2; done
echo "database: ${DATABASE_URL:+postgres}${DATABASE_URL:-sqlite}; wrk -t2 -c$connections -d${seconds}s"
echo "--- reference: GET /healthz (SELECT 1)"
wrk -t2 -c"$connections" -d"${seconds}s" --latency http://127.0.0.1:18090/healthz | grep -E "Requests/sec|50%|99%|Non-2xx"
echo "--- POST /api/v1/verifications (online reference exchange)"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s scripts/wrk-verify.lua http://127.0.0.1:18090/api/v1/verifications | grep -E "Requests/sec|50%|99%|Non-2xx|requests in|status|refusal"
echo "answers: $(psql "${DATABASE_URL:-}" -Atc "SELECT outcome, count(*) FROM verifications GROUP BY outcome" 2>/dev/null || sqlite3 "$MINSHENG_SQLITE_PATH" "SELECT outcome, count(*) FROM verifications GROUP BY outcome" 2>/dev/null || echo n/a)"
