#!/usr/bin/env bash
# Sets up and runs every test tier:
#   1. formatting and unit tests of the pure engine (cargo fmt --check, cargo test)
#   2. in-database tests of the SQL API         (cargo pgrx test, #[pg_test] in pgrx-tests/)
#   3. SQL regression suite                     (pg_regress, tests/pg_regress/{sql,expected})
#   4. behaviour of long fills                  (tests/behaviour/run.sh: progress, cancel, memory)
#   5. real data: pagila and chinook            (tests/realdata/run.sh; needs ../shared)
#   6. the Debian package in a clean PostgreSQL (tests/package/run.sh: regression suite again)
# Works as root (PostgreSQL then runs as the postgres user) and as an ordinary user.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$REPO"
"$REPO/scripts/setup.sh"

say "1/6 unit tests"
if cargo fmt --version >/dev/null 2>&1; then
  cargo fmt --check
fi
cargo test --lib --quiet

say "2/6 in-database tests"
if [ "$(id -u)" = 0 ]; then
  PGRX_TEST_DATA=${PGRX_TEST_DATA:-/tmp/synthdata-pgrx-test}
  mkdir -p "$PGRX_TEST_DATA" && chown "$PG_OS_USER" "$PGRX_TEST_DATA"
  cargo pgrx test pg15 --runas "$PG_OS_USER" --pgdata "$PGRX_TEST_DATA/data"
else
  cargo pgrx test pg15
fi

say "3/6 SQL regression suite"
install_extension --release
cluster_start
"$REPO/tests/pg_regress/run.sh"

say "4/6 long fills: progress, cancellation, memory"
"$REPO/tests/behaviour/run.sh"

say "5/6 real data"
"$REPO/tests/realdata/run.sh"

say "6/6 Debian package, installed into a clean copy of PostgreSQL"
"$REPO/tests/package/run.sh"

say "all tests passed"
