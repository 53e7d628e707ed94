#!/usr/bin/env bash
# Installs what Minsheng needs on a fresh Debian 12 machine with Swift, skipping what is already there.
# Usage: scripts/setup.sh [--test]   (--test adds PostgreSQL, Chromium and its driver, CJK fonts and selenium)
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=${1:-}
need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
# dlib (with its BLAS, JPEG and PNG libraries) for face matching; python3-pip downloads the face models;
# libqrencode and libzbar make and read the certificate QR codes; zlib compresses status lists.
for pkg in libsqlite3-dev libdlib-dev libopenblas-dev libjpeg-dev libpng-dev python3-pip libqrencode-dev libzbar-dev zlib1g-dev; do have "$pkg" || need+=("$pkg"); done
if [ "$want_test" = "--test" ]; then
  # libdlib-data: the optional 68-point model (non-commercial upstream), only for the blink tests.
  for pkg in postgresql postgresql-contrib chromium chromium-driver fonts-noto-cjk python3-venv libdlib-data; do have "$pkg" || need+=("$pkg"); done
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ "$want_test" = "--test" ]; then
  # The browser tests drive Chromium with selenium from PyPI, in the repository's own virtualenv; the e-mail tests
  # hand their messages to a real SMTP server, aiosmtpd, from the same virtualenv; schemathesis fuzzes the API.
  if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "import selenium, PIL, aiosmtpd, schemathesis" 2>/dev/null; then
    python3 -m venv .venv
    .venv/bin/pip install -q "selenium==4.*" "pillow==12.*" "aiosmtpd==1.4.*" "schemathesis==4.*"
  fi
fi
# dlib's CC0 face models into var/models (checked by SHA-256), when missing.
scripts/fetch-models.sh
