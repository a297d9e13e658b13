#!/usr/bin/env bash
# Runs the SQL regression files in sql/ against the scratch cluster and compares with expected/.
# Needs the extension installed and the cluster started (scripts/test.sh does both). Results go to
# target/pg_regress (SYNTH_REGRESS_OUT elsewhere).
set -euo pipefail
source "$(dirname "$0")/../../scripts/common.sh"
here="$REPO/tests/pg_regress"
out=${SYNTH_REGRESS_OUT:-$REPO/target/pg_regress}
mkdir -p "$out"
regress="$("$PG_CONFIG" --pkglibdir)/pgxs/src/test/regress/pg_regress"
tests=$(cd "$here/sql" && ls *.sql | sed 's/\.sql$//' | sort)
# shellcheck disable=SC2086
if ! "$regress" --inputdir="$here" --outputdir="$out" --bindir="$PG_BIN" \
      --host="$PGHOST" --port="$PGPORT" --user="$PGUSER" --dbname=synthdata_regress $tests; then
  cat "$out/regression.diffs" 2>/dev/null | head -200
  exit 1
fi
