# Shared by the scripts in this folder: paths, the PostgreSQL user, and a scratch cluster.
# Source it; do not run it.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_MAJOR=${PG_MAJOR:-15}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/$PG_MAJOR/bin}
PG_CONFIG=${PG_CONFIG:-$PG_BIN/pg_config}
[ -x "$PG_CONFIG" ] || PG_CONFIG=$(command -v pg_config || true)
# PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` user.
if [ "$(id -u)" = 0 ]; then PG_OS_USER=postgres; else PG_OS_USER=$(id -un); fi
PGPORT=${SYNTH_PGPORT:-55415}
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
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -w -l "$PGDATA_DIR/server.log" \
      -o "-p $PGPORT -k $PGSOCK -c listen_addresses='' -c fsync=off -c shared_buffers=256MB -c max_wal_size=4GB" start >/dev/null
  fi
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

# Builds and installs the extension into the PostgreSQL that $PG_CONFIG describes.
install_extension() {
  local profile_flag=${1:---release} sudo=() extdir
  say "building and installing synthdata into PostgreSQL $PG_MAJOR"
  if [ "$(id -u)" = 0 ]; then
    (cd "$REPO" && cargo pgrx install $profile_flag --pg-config "$PG_CONFIG" >/dev/null)
  else
    (cd "$REPO" && cargo pgrx install $profile_flag --sudo --pg-config "$PG_CONFIG" >/dev/null)
    sudo=(sudo)
  fi
  extdir="$("$PG_CONFIG" --sharedir)/extension"
  # shellcheck disable=SC2046
  "${sudo[@]}" install -m 644 $(extension_sql_files) "$extdir/"
}
