#!/usr/bin/env bash
# Installs the Debian packages the tests need (Chromium for the browser tests, age for the test
# that recovers a backup with the standard age command and no Custodia code) and the demo needs
# (Pango and the DejaVu fonts for WeasyPrint's PDF exports) when they are missing. Needs root on
# Debian; elsewhere it says what is missing and leaves the decision to the test run (which fails
# under CI=true).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v age >/dev/null || missing+=(age)
# WeasyPrint (the PDF exports) draws text with Pango; DejaVu covers Latin, Cyrillic and Arabic.
compgen -G '/usr/lib/*/libpango-1.0.so.0' >/dev/null || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} from Debian's packages..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]} (install them as root with apt-get)." >&2
fi
