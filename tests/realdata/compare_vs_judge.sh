#!/usr/bin/env bash
# synth_compare against the judge (../shared/judge/run, SDMetrics 0.32.0) on real data. Loads pagila
# and chinook (from ../shared/datasets) into ${CMP_PREFIX}pagila and ${CMP_PREFIX}chinook, copies
# every table into schema synth and perturbs the copies (perturb.sql), then scores with both, every
# pair of columns scored (--pair-threshold 0) unless said otherwise:
#   - every table alone, its synthetic copy against it (15 pagila tables and the 7 partitions of
#     payment, 11 chinook tables);
#   - the sets chinook customer,invoice,invoice_line, pagila customer,rental,payment, every pagila
#     table and every chinook table but employee (the judge fails on its self-reference), their
#     synthetic copies against them, also with pair_threshold 0.3 (only pairs whose real
#     correlation or association is above 0.3 count), the judge at its default thresholds (0.5
#     for correlations, 0.3 for associations) against pair_threshold 0.3, and the real tables
#     against themselves.
# With --quick (what tests/realdata/run.sh runs): only pagila's payment_p2022_01 alone, every pagila
# table and every chinook table but employee, perturbed, every pair scored: all four properties,
# 48 scored columns, 29 foreign keys.
# Prints |ours - judge| for each property of each comparison and fails if one exceeds 0.02 (or if
# one side has a score the other has not).
# Needs the extension installed and the cluster started (scripts/common.sh says which cluster;
# SYNTH_PGDATA and SYNTH_PGPORT choose another).
set -euo pipefail
source "$(dirname "$0")/../../scripts/common.sh"
here="$REPO/tests/realdata"
SHARED=${SYNTH_SHARED:-$REPO/../shared}
judge="$SHARED/judge/run"
prefix=${CMP_PREFIX:-cmp_}
tolerance=0.02
quick=0
[ "${1:-}" = --quick ] && quick=1
if [ ! -d "$SHARED/datasets/pagila" ] || [ ! -d "$SHARED/datasets/chinook" ] || [ ! -x "$judge" ]; then
  echo "SKIPPED: no datasets or judge in $SHARED (set SYNTH_SHARED)"; exit 0
fi

say "loading pagila and chinook into ${prefix}pagila and ${prefix}chinook, perturbed copies in schema synth"
for db in "${prefix}pagila" "${prefix}chinook"; do
  "$PG_BIN/dropdb" --if-exists "$db" 2>/dev/null
  "$PG_BIN/createdb" "$db"
done
psql_q -d "${prefix}pagila" -f "$SHARED/datasets/pagila/pagila-schema.sql" >/dev/null 2>&1
psql_q -d "${prefix}pagila" -f "$SHARED/datasets/pagila/pagila-data.sql" >/dev/null 2>&1
# The chinook script creates and connects to a database named chinook: load what follows \c.
sed '1,/^\\c chinook;/d' "$SHARED/datasets/chinook/Chinook_PostgreSql.sql" | psql_q -d "${prefix}chinook" >/dev/null 2>&1
for db in "${prefix}pagila" "${prefix}chinook"; do
  psql_q -d "$db" -c "CREATE EXTENSION synthdata" -f "$here/perturb.sql" >/dev/null
done

dsn="host=$PGHOST port=$PGPORT user=$PGUSER"
properties=(overall column_shapes column_pair_trends cardinality intertable_trends)
failed=0
log=$(mktemp)

# Scores one comparison with both and prints a row: dataset, tables, what is compared, the
# judge's overall, |ours - judge| per property, and both run times.
compare() { # dataset tables synth|real [pair threshold, or "default": the judge's own thresholds] [label]
  local db=$prefix$1 tables=$2 side=$3 threshold=${4:-0} args=() real synthetic
  [ "$side" = synth ] && args=(--synth-schema synth)
  if [ "$threshold" = default ]; then
    # The judge's defaults are 0.5 (correlations) and 0.3 (associations); synth_compare takes one.
    threshold=0.3
  else
    args+=(--pair-threshold "$threshold")
  fi
  local t0 t1 t2 out ours
  t0=$(date +%s.%N)
  out=$("$judge" --real-dsn "$dsn dbname=$db" "${args[@]}" --tables "$tables")
  t1=$(date +%s.%N)
  local list=${tables//,/ } qualified_real=() qualified_synth=()
  for t in $list; do
    qualified_real+=("public.$t")
    if [ "$side" = synth ]; then qualified_synth+=("synth.$t"); else qualified_synth+=("public.$t"); fi
  done
  if [ "${#qualified_real[@]}" = 1 ]; then
    real="'${qualified_real[0]}'"; synthetic="'${qualified_synth[0]}'"
  else
    real="'{$(IFS=,; echo "${qualified_real[*]}")}'::regclass[]"
    synthetic="'{$(IFS=,; echo "${qualified_synth[*]}")}'::regclass[]"
  fi
  ours=$(psql_q -d "$db" -At -F' ' -c "SELECT coalesce(r->>'overall', 'NaN'),
        coalesce(r->'properties'->>'column_shapes', 'NaN'), coalesce(r->'properties'->>'column_pair_trends', 'NaN'),
        coalesce(r->'properties'->>'cardinality', 'NaN'), coalesce(r->'properties'->>'intertable_trends', 'NaN')
        FROM (SELECT synth_compare($real, $synthetic, $threshold) r) x")
  t2=$(date +%s.%N)
  local judged
  judged=$(awk '
    /^TIMING/ { sub(/.*"overall": /, ""); sub(/,.*/, ""); o = $0 }
    /^ *Column Shapes / { s = $NF } /^ *Column Pair Trends / { p = $NF }
    /^ *Cardinality / { c = $NF } /^ *Intertable Trends / { i = $NF }
    END { printf "%s %s %s %s %s", (o == "" ? "NaN" : o), (s == "" ? "NaN" : s), (p == "" ? "NaN" : p), (c == "" ? "NaN" : c), (i == "" ? "NaN" : i) }' <<<"$out")
  local tag
  if [ "$side" = synth ]; then tag="perturbed"; else tag="itself"; fi
  if [ "${4:-0}" = default ]; then tag="$tag@default"; elif [ "$threshold" != 0 ]; then tag="$tag>$threshold"; fi
  echo "$1 $tables $tag | ours: $ours | judge: $judged" >> "$log"
  if ! awk -v ours="$ours" -v judged="$judged" -v tol="$tolerance" -v name="$1 ${5:-$tables}" -v tag="$tag" \
        -v t0="$t0" -v t1="$t1" -v t2="$t2" -v largest_file="$log.largest" '
    BEGIN {
      ts = t1 - t0; os = t2 - t1
      n = split(ours, a, " "); split(judged, b, " "); bad = 0; line = ""
      for (k = 1; k <= n; k++) {
        if (a[k] == "NaN" && b[k] == "NaN") { line = line sprintf(" %8s", "-"); continue }
        if (a[k] == "NaN" || b[k] == "NaN") { line = line sprintf(" %8s", "MISSING"); bad = 1; continue }
        d = a[k] - b[k]; if (d < 0) d = -d
        line = line sprintf(" %8.6f", d); if (d > tol) bad = 1
        printf "%.17g\n", d >> largest_file
      }
      printf "%-8s %-31s %-17s %8.4f%s %7.2f %7.2f%s\n", substr(name, 1, index(name, " ") - 1), substr(name, index(name, " ") + 1), tag, b[1], line, os, ts, (bad ? "  FAIL" : "")
      exit bad
    }'; then
    failed=1
  fi
}

printf "%-8s %-31s %-17s %8s %8s %8s %8s %8s %8s %7s %7s\n" dataset tables vs judge d_overall d_shapes d_pairs d_card d_inter ours_s judge_s
tables_of() { # dataset [partitions]: its tables but partitions, or only its partitions
  local which="NOT relispartition"
  [ -n "${2:-}" ] && which="relispartition"
  psql_q -d "$prefix$1" -At -c "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND $which ORDER BY 1"
}
# Every table of each dataset at once (pagila's film and language are linked by two foreign keys,
# payment's are declared on its partitions), but chinook's employee: the judge fails on a table
# that references itself (employee.reports_to).
every_pagila=$(tables_of pagila | paste -sd,)
every_chinook=$(tables_of chinook | grep -vx employee | paste -sd,)
if [ "$quick" = 0 ]; then
  for t in $(tables_of pagila) $(tables_of pagila partitions); do compare pagila "$t" synth; done
  for t in $(tables_of chinook); do compare chinook "$t" synth; done
  runs=("synth 0" "synth 0.3" "synth default" "real 0")
else
  # A partition alone: the judge sees no foreign keys there (they are its parent's).
  compare pagila payment_p2022_01 synth
  runs=("synth 0")
fi
for run in "${runs[@]}"; do
  set -- $run
  if [ "$quick" = 0 ]; then
    compare chinook customer,invoice,invoice_line "$1" "$2"
    compare pagila customer,rental,payment "$1" "$2"
  fi
  compare chinook "$every_chinook" "$1" "$2" "every-table-but-employee"
  compare pagila "$every_pagila" "$1" "$2" "every-table"
done
echo "(d_* = |synth_compare - judge| per property, '-' where neither has a score; the judge prints properties to 6 decimals, overall in full;"
echo " ours_s/judge_s = seconds, each with its client's start-up; raw scores in $log)"
echo "largest difference: $(sort -g "$log.largest" 2>/dev/null | tail -n 1)"
rm -f "$log.largest"
if [ "$failed" != 0 ]; then
  echo "FAILED: synth_compare and the judge differ by more than $tolerance"
  exit 1
fi
echo "synth_compare agrees with the judge within $tolerance on every property"
