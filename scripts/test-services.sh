#!/usr/bin/env bash
# What the test suite needs besides Python packages, on Debian: PostgreSQL and Chromium from
# Debian packages, and a throw-away PostgreSQL cluster on 127.0.0.1:${PGPORT}.
#   scripts/test-services.sh start   install if missing, start the cluster, create the database
#   scripts/test-services.sh stop    stop the cluster
# PostgreSQL refuses to run as root, so as root the cluster runs as the postgres user.
set -euo pipefail
PGPORT=${PGPORT:-55432}
PGDATA_DIR=${PGDATA_DIR:-${TMPDIR:-/tmp}/reglament-pg-$PGPORT}  # outside the clone: the postgres user must reach it
DBNAMES=${DBNAMES:-reglament_test reglament_bench}

as_db_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_missing() { bash "$(dirname "$0")/system-deps.sh" --test; }

pgbin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1; }

start() {
  install_missing
  local bin; bin=$(pgbin)
  if [ ! -s "$PGDATA_DIR/PG_VERSION" ]; then
    mkdir -p "$PGDATA_DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDATA_DIR"
    as_db_user "$bin/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --no-locale >/dev/null
  fi
  if ! as_db_user "$bin/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
    # fsync off: a test cluster trades durability for speed; production settings are in README
    as_db_user "$bin/pg_ctl" -D "$PGDATA_DIR" -w -l "$PGDATA_DIR/server.log" start \
      -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
  fi
  for db in $DBNAMES; do
    as_db_user "$bin/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
      || as_db_user "$bin/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$db"
  done
  echo "PostgreSQL for tests on 127.0.0.1:$PGPORT ($DBNAMES)"
}

stop() {
  local bin; bin=$(pgbin)
  as_db_user "$bin/pg_ctl" -D "$PGDATA_DIR" -m fast stop >/dev/null 2>&1 || true
}

"${1:-start}"
