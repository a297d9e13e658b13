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
pgrx_tests 18 data-pg18

say "PostgreSQL 18: SQL regression suite"
install_extension --release
cluster_start
"$REPO/tests/pg_regress/run.sh"
