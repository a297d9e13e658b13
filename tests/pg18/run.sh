#!/usr/bin/env bash
# Tiers 2 and 3 against PostgreSQL 18: the in-database tests (cargo pgrx test pg18) and the SQL
# regression suite on a PostgreSQL 18 cluster of its own (port 55418, /tmp/synthdata-pg18-<uid>;
# SYNTH_PG18_PGPORT and SYNTH_PG18_PGDATA choose others). Needs scripts/setup.sh, which fetches
# PostgreSQL 18 into $SYNTH_PG18_HOME and registers it with pgrx; scripts/test.sh runs both.
set -euo pipefail
export PG_MAJOR=18 SYNTH_PGPORT=${SYNTH_PG18_PGPORT:-} SYNTH_PGDATA=${SYNTH_PG18_PGDATA:-}
unset PG_BIN PG_CONFIG
source "$(dirname "$0")/../../scripts/common.sh"
cd "$REPO"
if [ ! -x "$PG_CONFIG" ]; then
  echo "no PostgreSQL 18 in $SYNTH_PG18_HOME: run scripts/setup.sh" >&2
  exit 1
fi

say "PostgreSQL 18: in-database tests"
if [ "$(id -u)" = 0 ]; then
  PGRX_TEST_DATA=${PGRX_TEST_DATA:-/tmp/synthdata-pgrx-test}
  mkdir -p "$PGRX_TEST_DATA" && chown "$PG_OS_USER" "$PGRX_TEST_DATA"
  cargo pgrx test pg18 --runas "$PG_OS_USER" --pgdata "$PGRX_TEST_DATA/data-pg18"
else
  cargo pgrx test pg18
fi

say "PostgreSQL 18: SQL regression suite"
install_extension --release
cluster_start
"$REPO/tests/pg_regress/run.sh"
