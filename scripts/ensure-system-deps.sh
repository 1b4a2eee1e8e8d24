#!/usr/bin/env bash
# Installs the Debian packages the tests need (Chromium for the browser tests) when they are
# missing. Needs root on Debian; elsewhere it says what is missing and leaves the decision
# to the test run (which fails under CI=true).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} from Debian's packages..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]} (install them as root with apt-get)." >&2
fi
