#!/usr/bin/env bash
# `make run`: build, migrate, seed the demo into var/minsheng.sqlite (once), print the demo accounts, serve on :8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p var
# Each key comes from the environment, or from a file under var/ made on first start: ensure_key VARIABLE FILE WHAT.
ensure_key() {
  local name=$1 file=$2 what=$3 file_var="$1_FILE"
  if [ -z "${!name:-}" ] && [ -z "${!file_var:-}" ]; then
    if [ ! -f "$file" ]; then
      head -c 32 /dev/urandom | base64 > "$file"
      chmod 600 "$file"
      echo "created $what in $file"
    fi
    export "$file_var=$PWD/$file"
  fi
}
ensure_key MINSHENG_DATA_KEY var/data.key "a new data-encryption key (keep it: without it the data cannot be read)"
ensure_key MINSHENG_INFORMANT_KEY var/informant.key "a new informant-protection key (keep it apart from var/data.key in production)"
ensure_key MINSHENG_AUDIT_KEY var/audit.key "a new audit-chain key (keep it, apart from var/data.key in production: without it the audit chain cannot be verified)"
# Plain HTTP on 127.0.0.1 in development; set MINSHENG_COOKIE_SECURE=true behind TLS.
export MINSHENG_COOKIE_SECURE=${MINSHENG_COOKIE_SECURE:-false}
swift build --product minsheng
bin=$(swift build --show-bin-path)/minsheng
"$bin" migrate
"$bin" seed --if-empty --residents "${MINSHENG_DEMO_RESIDENTS:-2000}"
"$bin" serve "$@"
