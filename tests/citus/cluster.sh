# A Citus cluster on this machine: a coordinator and two workers, three PostgreSQL 15 clusters
# on loopback (ports 55450, 55451, 55452), as the postgres user when root runs it.
# Source it after scripts/common.sh; it needs Citus installed into that PostgreSQL.

CITUS_DIR=${SYNTH_CITUS_DIR:-/tmp/synthdata-citus-$(id -u)}
CITUS_PORTS=(55450 55451 55452)
CITUS_NAMES=(coordinator worker1 worker2)

# Why Citus cannot run here, or nothing when it can.
citus_missing() {
  local lib share
  lib=$("$PG_CONFIG" --pkglibdir) share=$("$PG_CONFIG" --sharedir)
  if [ ! -e "$lib/citus.so" ] || [ ! -e "$share/extension/citus.control" ]; then
    echo "Citus is not installed into PostgreSQL $PG_MAJOR ($lib/citus.so). Debian 12 does not package it and no registry this machine reaches carries it; build it from its source (github.com/citusdata/citus, v13.2.2 for PostgreSQL 15) and run 'make install', then run this tier again."
  fi
}

citus_psql() { # NODE-INDEX psql-arguments...
  local i=$1
  shift
  "$PG_BIN/psql" -X -v ON_ERROR_STOP=1 -q -h 127.0.0.1 -p "${CITUS_PORTS[$i]}" "$@"
}

# Creates (first time) and starts the three clusters, and makes one Citus database, DB, with
# synthdata installed on every node.
citus_start() { # DB
  local db=$1 i dir
  mkdir -p "$CITUS_DIR"
  [ "$(id -u)" = 0 ] && chown "$PG_OS_USER" "$CITUS_DIR"
  for i in 0 1 2; do
    dir=$CITUS_DIR/${CITUS_NAMES[$i]}
    if [ ! -s "$dir/PG_VERSION" ]; then
      as_pg "$PG_BIN/initdb" -D "$dir" -A trust -U "$PG_OS_USER" --locale=C.UTF-8 -E UTF8 >/dev/null
      echo "shared_preload_libraries = 'citus'" | as_pg tee -a "$dir/postgresql.conf" >/dev/null
    fi
    if ! as_pg "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_pg "$PG_BIN/pg_ctl" -D "$dir" -w -l "$CITUS_DIR/${CITUS_NAMES[$i]}.log" \
        -o "-p ${CITUS_PORTS[$i]} -k $CITUS_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=256MB -c max_wal_size=4GB -c max_connections=200" start >/dev/null
    fi
  done
  for i in 0 1 2; do
    citus_psql "$i" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
    citus_psql "$i" -d "$db" -c "CREATE EXTENSION citus"
  done
  citus_psql 0 -d "$db" -c "SELECT citus_set_coordinator_host('127.0.0.1', ${CITUS_PORTS[0]})" \
    -c "SELECT citus_add_node('127.0.0.1', ${CITUS_PORTS[1]})" \
    -c "SELECT citus_add_node('127.0.0.1', ${CITUS_PORTS[2]})" \
    -c "CREATE EXTENSION synthdata" >/dev/null
}

citus_stop() {
  local i
  for i in 0 1 2; do
    as_pg "$PG_BIN/pg_ctl" -D "$CITUS_DIR/${CITUS_NAMES[$i]}" -m fast stop >/dev/null 2>&1 || true
  done
}
