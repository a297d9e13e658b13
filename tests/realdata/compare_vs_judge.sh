#!/usr/bin/env bash
# synth_compare against the judge (../shared/judge/run, SDMetrics 0.32.0) on real data. Loads pagila
# and chinook (from ../shared/datasets) into ${CMP_PREFIX}pagila and ${CMP_PREFIX}chinook, copies
# every table into schema synth and perturbs the copies (perturb.sql), then scores with both, every
# pair of columns scored (--pair-threshold 0) unless said otherwise:
#   - every table alone, its synthetic copy against it (15 pagila tables, 11 chinook tables);
#   - the sets chinook customer,invoice,invoice_line and pagila customer,rental,payment, their
#     synthetic copies against them, also with pair_threshold 0.3 (only pairs whose real
#     correlation or association is above 0.3 count), and the real tables against themselves.
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
compare() { # dataset tables synth|real [pair threshold]
  local db=$prefix$1 tables=$2 side=$3 threshold=${4:-0} args=() real synthetic
  [ "$side" = synth ] && args=(--synth-schema synth)
  local t0 t1 t2 out ours
  t0=$(date +%s.%N)
  out=$("$judge" --real-dsn "$dsn dbname=$db" "${args[@]}" --tables "$tables" --pair-threshold "$threshold")
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
  if [ "$threshold" != 0 ]; then tag="$tag>$threshold"; fi
  echo "$1 $tables $tag | ours: $ours | judge: $judged" >> "$log"
  if ! awk -v ours="$ours" -v judged="$judged" -v tol="$tolerance" -v name="$1 $tables" -v tag="$tag" \
        -v t0="$t0" -v t1="$t1" -v t2="$t2" '
    BEGIN {
      ts = t1 - t0; os = t2 - t1
      n = split(ours, a, " "); split(judged, b, " "); bad = 0; line = ""
      for (k = 1; k <= n; k++) {
        if (a[k] == "NaN" && b[k] == "NaN") { line = line sprintf(" %8s", "-"); continue }
        if (a[k] == "NaN" || b[k] == "NaN") { line = line sprintf(" %8s", "MISSING"); bad = 1; continue }
        d = a[k] - b[k]; if (d < 0) d = -d
        line = line sprintf(" %8.6f", d); if (d > tol) bad = 1
      }
      printf "%-8s %-31s %-13s %8.4f%s %7.2f %7.2f%s\n", substr(name, 1, index(name, " ") - 1), substr(name, index(name, " ") + 1), tag, b[1], line, os, ts, (bad ? "  FAIL" : "")
      exit bad
    }'; then
    failed=1
  fi
}

printf "%-8s %-31s %-13s %8s %8s %8s %8s %8s %8s %7s %7s\n" dataset tables vs judge d_overall d_shapes d_pairs d_card d_inter ours_s judge_s
for t in $(psql_q -d "${prefix}pagila" -At -c "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND NOT relispartition ORDER BY 1"); do
  compare pagila "$t" synth
done
for t in $(psql_q -d "${prefix}chinook" -At -c "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND NOT relispartition ORDER BY 1"); do
  compare chinook "$t" synth
done
for run in "synth 0" "synth 0.3" "real 0"; do
  set -- $run
  compare chinook customer,invoice,invoice_line "$1" "$2"
  compare pagila customer,rental,payment "$1" "$2"
done
echo "(d_* = |synth_compare - judge| per property, '-' where neither has a score; ours_s/judge_s = seconds; raw scores in $log)"
if [ "$failed" != 0 ]; then
  echo "FAILED: synth_compare and the judge differ by more than $tolerance"
  exit 1
fi
echo "synth_compare agrees with the judge within $tolerance on every property"
