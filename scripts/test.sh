#!/usr/bin/env bash
# `make test`: every Swift test on SQLite and on a real PostgreSQL, then the API fuzzed by schemathesis against a real
# server, then the browser journeys in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
if [ -z "${DATABASE_URL_TEST:-}" ]; then
  DATABASE_URL_TEST=$(scripts/pg-throwaway.sh start /tmp/minsheng-pg-test 55432)
  export DATABASE_URL_TEST
fi
# A PostgreSQL suite that cannot connect fails; nothing is skipped silently.
export MINSHENG_REQUIRE_POSTGRES=1
# Build once, with the same environment as the test run, so that `swift test` does not rebuild.
swift build --build-tests
swift test --skip-build
# No 5xx and no answer outside the OpenAPI document, as a citizen at L3, an officer and a verifier (a few minutes).
.venv/bin/python tests-fuzz/run.py "$(swift build --show-bin-path)/minsheng"
.venv/bin/python tests-browser/run.py "$(swift build --show-bin-path)/minsheng"
