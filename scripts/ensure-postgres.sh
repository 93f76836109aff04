#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers at 127.0.0.1:5432 with database `emulation_test`, user `postgres`, trust
# auth: starts the installed cluster if it is down, installs Debian's server if there is none. The test suite
# only uses a database that is empty or carries its marker table, so `emulation_test` is created empty here
# and left alone when it exists (the suite refuses it if something else has filled it).
set -euo pipefail
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
answers() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

if ! command -v pg_isready >/dev/null 2>&1 || ! answers; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "Installing PostgreSQL from Debian's packages..."
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  conf=/etc/postgresql/$version/main
  # Trust auth on loopback, as the test URL carries no password.
  if ! grep -q "emulation-tests" "$conf/pg_hba.conf"; then
    $SUDO sed -i '1i host all all 127.0.0.1/32 trust # emulation-tests\nhost all all ::1/128 trust # emulation-tests' "$conf/pg_hba.conf"
  fi
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || $SUDO pg_ctlcluster "$version" main reload
  for _ in $(seq 1 30); do answers && break; sleep 1; done
fi
answers || { echo "PostgreSQL does not answer at 127.0.0.1:5432" >&2; exit 1; }
if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'emulation_test'" | grep -q 1; then
  psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE emulation_test"
fi
echo "PostgreSQL answers at 127.0.0.1:5432 (database emulation_test)."
