#!/usr/bin/env bash
# `make run`: build, migrate, seed the demo into var/minsheng.sqlite (once), print the demo accounts, serve on :8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p var
if [ -z "${MINSHENG_DATA_KEY:-}" ] && [ -z "${MINSHENG_DATA_KEY_FILE:-}" ]; then
  if [ ! -f var/data.key ]; then
    head -c 32 /dev/urandom | base64 > var/data.key
    chmod 600 var/data.key
    echo "created a new data-encryption key in var/data.key (keep it: without it the data cannot be read)"
  fi
  export MINSHENG_DATA_KEY_FILE="$PWD/var/data.key"
fi
if [ -z "${MINSHENG_INFORMANT_KEY:-}" ] && [ -z "${MINSHENG_INFORMANT_KEY_FILE:-}" ]; then
  if [ ! -f var/informant.key ]; then
    head -c 32 /dev/urandom | base64 > var/informant.key
    chmod 600 var/informant.key
    echo "created a new informant-protection key in var/informant.key (keep it apart from var/data.key in production)"
  fi
  export MINSHENG_INFORMANT_KEY_FILE="$PWD/var/informant.key"
fi
# Plain HTTP on 127.0.0.1 in development; set MINSHENG_COOKIE_SECURE=true behind TLS.
export MINSHENG_COOKIE_SECURE=${MINSHENG_COOKIE_SECURE:-false}
swift build --product minsheng
bin=$(swift build --show-bin-path)/minsheng
"$bin" migrate
"$bin" seed --if-empty --residents "${MINSHENG_DEMO_RESIDENTS:-2000}"
"$bin" serve "$@"
