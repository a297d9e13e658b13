#!/usr/bin/env bash
# Benchmark: what avoiding the source rows' signatures costs (privacy::novelty). Profiles chinook
# (../shared/datasets) with its defaults, then fills an empty copy's `customer` and `employee`
# (scale SCALE: 59 × SCALE customers) from that profile and from the same profile without its
# `new_rows` filters, alternately, REPEAT times each, and prints medians and their ratio.
#   SYNTH_PGPORT=… ./scripts/bench-new-rows.sh      # extension installed, cluster of common.sh
#   SCALE=2000 REPEAT=5 ./scripts/bench-new-rows.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
SHARED=${SYNTH_SHARED:-$REPO/../shared}
SCALE=${SCALE:-1000}
REPEAT=${REPEAT:-3}
cluster_start
"$PG_BIN/dropdb" --if-exists bench_chinook 2>/dev/null; "$PG_BIN/dropdb" --if-exists chinook 2>/dev/null
psql_q -d postgres -f "$SHARED/datasets/chinook/Chinook_PostgreSql.sql" >/dev/null 2>&1
psql_q -d postgres -c "ALTER DATABASE chinook RENAME TO bench_chinook"
psql_q -d bench_chinook -c "CREATE EXTENSION synthdata" -c "ANALYZE" >/dev/null
"$PG_BIN/dropdb" --if-exists bench_chinook_copy 2>/dev/null
"$PG_BIN/createdb" bench_chinook_copy
"$PG_BIN/pg_dump" --schema-only -t customer -t employee bench_chinook | psql_q -d bench_chinook_copy >/dev/null 2>&1
psql_q -d bench_chinook_copy -c "CREATE EXTENSION synthdata" >/dev/null
# The profile of the two tables, with and without their filters, kept in the copy.
profile=$(psql_q -d bench_chinook -At -c "
  SELECT jsonb_set(p, '{tables}', (SELECT jsonb_agg(t) FROM jsonb_array_elements(p->'tables') t
                                    WHERE t->'table'->>'name' IN ('customer', 'employee')))
    FROM synth_profile_schema() p")
psql_q -d bench_chinook_copy -c "CREATE TABLE bench_profile (filtered bool, p jsonb)" >/dev/null
printf '%s' "$profile" | psql_q -d bench_chinook_copy -c "\\copy bench_profile (p) FROM STDIN" >/dev/null
psql_q -d bench_chinook_copy -c "UPDATE bench_profile SET filtered = true" \
  -c "INSERT INTO bench_profile SELECT false, jsonb_set(p, '{tables}', (SELECT jsonb_agg(t - 'new_rows') FROM jsonb_array_elements(p->'tables') t)) FROM bench_profile" >/dev/null
filters=$(psql_q -d bench_chinook_copy -At -c "SELECT string_agg(t->'table'->>'name', ', ') FROM bench_profile, jsonb_array_elements(p->'tables') t WHERE filtered AND t ? 'new_rows'")
echo "tables with a new_rows filter: ${filters:-none}"

time_ms() {
  psql_q -d bench_chinook_copy -c "TRUNCATE customer, employee" >/dev/null
  "$PG_BIN/psql" -X -q -d bench_chinook_copy -At -v ON_ERROR_STOP=1 -c '\timing on' -c "SET client_min_messages = warning" \
    -c "SELECT count(*) FROM synth_fill_schema(scale => $SCALE, seed => 1, profile => (SELECT p FROM bench_profile WHERE filtered = $1))" \
    | grep '^Time:' | tail -1 | awk '{print $2}' | cut -d. -f1
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
with="" without=""
for r in $(seq "$REPEAT"); do
  with+="$(time_ms true) "
  without+="$(time_ms false) "
done
w=$(echo "$with" | median); wo=$(echo "$without" | median)
rows=$(psql_q -d bench_chinook_copy -At -c "SELECT (SELECT count(*) FROM customer) + (SELECT count(*) FROM employee)")
echo "rows: $rows (customer + employee, scale $SCALE), repeats: $REPEAT (median ms)"
echo "  with new_rows filters      ${w} ms   runs: $with"
echo "  without (same profile)     ${wo} ms   runs: $without"
awk -v a="$w" -v b="$wo" 'BEGIN { printf "ratio with / without = %.2f\n", a / b }'
