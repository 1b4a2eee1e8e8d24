#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 and lets the tests connect as
# `postgres` without a password from this machine: starts the cluster if it is installed but
# stopped, installs it from Debian's packages if it is absent.
set -euo pipefail
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
can_connect() { psql -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" != 0 ]; then echo "PostgreSQL needs setting up and this is not root: $*" >&2; exit 1; fi; }

if ! command -v pg_isready >/dev/null || ! ready; then
  if ! ls -d /etc/postgresql/*/main >/dev/null 2>&1; then
    as_root "install the postgresql package"
    echo "Installing PostgreSQL from Debian's packages..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  version=$(ls /etc/postgresql | sort -n | tail -1)
  as_root "start the cluster"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start || true
  for _ in $(seq 1 30); do ready && break; sleep 1; done
fi
ready || { echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }

if ! can_connect; then
  # Debian asks for a password over TCP; the tests connect as postgres from this machine only.
  as_root "allow the postgres role over 127.0.0.1 without a password"
  for conf in /etc/postgresql/*/main/pg_hba.conf; do
    grep -q "custodia-tests" "$conf" || sed -i '1i host all postgres 127.0.0.1/32 trust # custodia-tests' "$conf"
  done
  for version in $(ls /etc/postgresql); do pg_ctlcluster "$version" main reload 2>/dev/null || true; done
  sleep 1
fi
can_connect || { echo "Cannot connect to PostgreSQL as postgres on 127.0.0.1:5432" >&2; exit 1; }
