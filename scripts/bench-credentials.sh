#!/usr/bin/env bash
# Offline token verifications per second on one core beside swift-crypto's raw P-256 verify, in one run (release).
# Usage: scripts/bench-credentials.sh [rounds] [verifications-per-round]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product minsheng-credential-bench --scratch-path .build-credbench >/dev/null
taskset -c 0 .build-credbench/release/minsheng-credential-bench "${1:-7}" "${2:-5000}"
