#!/usr/bin/env bash
# Benchmark: synth_fill('orders', 1e6) on the demo schema against three baselines measured in the
# same run on the same database: a hand-written INSERT … SELECT over generate_series with random()
# expressions for the same columns, COPY of 1e6 pre-generated rows, and the same COPY with the
# foreign key's triggers off (the write path alone); and generation alone (synth_rows, counted). Each is run REPEAT times
# (TRUNCATE in between); medians and ratios are printed. Also the cost of the fill log: the same
# fill, and 200 small fills in one statement, with synthdata.log on and off.
#   ./scripts/bench.sh            # uses the scratch cluster of scripts/common.sh
#   ROWS=200000 REPEAT=5 ./scripts/bench.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
ROWS=${ROWS:-1000000}
REPEAT=${REPEAT:-3}
if [ -z "${SKIP_INSTALL:-}" ]; then
  "$REPO/scripts/setup.sh"
  install_extension --release
fi
cluster_start
db=synthdata_bench
"$PG_BIN/dropdb" --if-exists "$db"
"$PG_BIN/createdb" "$db"
psql_q -d "$db" -f "$REPO/examples/shop.sql"
psql_q -d "$db" -c "CREATE EXTENSION synthdata" \
  -c "SELECT synth_fill('customers', 10000, seed => 1)" -c "SELECT synth_fill('products', 1000, seed => 1)" >/dev/null
csv="$PGDATA_DIR/orders.csv"
psql_q -d "$db" -c "\\copy (SELECT 1 + (i % 10000), (enum_range(NULL::order_status))[1 + i % 5], now() - (i % 730) * interval '1 day', CASE WHEN i % 10 = 0 THEN NULL ELSE now() END, round((i % 50000) / 100.0, 2) FROM generate_series(1, $ROWS) i) TO '$csv' CSV"
[ "$(id -u)" = 0 ] && chown "$PG_OS_USER" "$csv"

# Milliseconds of one statement, measured by the server (EXPLAIN ANALYZE would change the plan).
time_ms() {
  psql_q -d "$db" -At -c "TRUNCATE orders CASCADE" >/dev/null 2>&1
  psql_q -d "$db" -At -c "CHECKPOINT" >/dev/null
  local out
  out=$("$PG_BIN/psql" -X -q -d "$db" -At -v ON_ERROR_STOP=1 -c '\timing on' -c "$1" 2>&1 | grep '^Time:' | awk '{print $2}')
  echo "${out%%.*}"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A runs
for r in $(seq "$REPEAT"); do
  runs[synth]+="$(time_ms "SELECT synth_fill('orders', $ROWS, seed => $r)") "
  runs[insert]+="$(time_ms "INSERT INTO orders (customer_id, status, placed_at, shipped_at, total)
      SELECT 1 + floor(random() * 10000)::bigint,
             (enum_range(NULL::order_status))[1 + floor(random() * 5)::int],
             now() - random() * interval '730 days',
             CASE WHEN random() < 0.1 THEN NULL ELSE now() END,
             round((random() * 500)::numeric, 2)
        FROM generate_series(1, $ROWS)") "
  runs[copy]+="$(time_ms "COPY orders (customer_id, status, placed_at, shipped_at, total) FROM '$csv' CSV") "
  # The write path alone: the same COPY with the foreign key's triggers off (as superuser).
  runs[copy_nofk]+="$(time_ms "ALTER TABLE orders DISABLE TRIGGER ALL; COPY orders (customer_id, status, placed_at, shipped_at, total) FROM '$csv' CSV; ALTER TABLE orders ENABLE TRIGGER ALL") "
  # Generation alone: the rows synth_fill would insert, counted, not written.
  runs[rows]+="$(time_ms "SELECT count(*) FROM synth_rows(NULL::orders, $ROWS, seed => $r)") "
  runs[nolog]+="$(time_ms "SET synthdata.log = off; SELECT synth_fill('orders', $ROWS, seed => $r)") "
  small="DO \$\$ BEGIN FOR i IN 1..200 LOOP PERFORM synth_fill('orders', 50, seed => i); END LOOP; END \$\$"
  runs[small]+="$(time_ms "$small") "
  runs[small_nolog]+="$(time_ms "SET synthdata.log = off; $small") "
done
synth=$(echo "${runs[synth]}" | tr ' ' '\n' | grep . | median)
insert=$(echo "${runs[insert]}" | tr ' ' '\n' | grep . | median)
copy=$(echo "${runs[copy]}" | tr ' ' '\n' | grep . | median)
nolog=$(echo "${runs[nolog]}" | tr ' ' '\n' | grep . | median)
copy_nofk=$(echo "${runs[copy_nofk]}" | tr ' ' '\n' | grep . | median)
rows=$(echo "${runs[rows]}" | tr ' ' '\n' | grep . | median)
small=$(echo "${runs[small]}" | tr ' ' '\n' | grep . | median)
small_nolog=$(echo "${runs[small_nolog]}" | tr ' ' '\n' | grep . | median)
echo "rows: $ROWS, repeats: $REPEAT (median ms)"
echo "  synth_fill('orders')         ${synth} ms   runs: ${runs[synth]}"
echo "  INSERT … SELECT random()     ${insert} ms   runs: ${runs[insert]}"
echo "  COPY pre-generated rows      ${copy} ms   runs: ${runs[copy]}"
echo "  COPY, foreign-key triggers off ${copy_nofk} ms   runs: ${runs[copy_nofk]}"
echo "  synth_rows, counted (no write) ${rows} ms   runs: ${runs[rows]}"
echo "  synth_fill, synthdata.log off ${nolog} ms   runs: ${runs[nolog]}"
echo "  200 × synth_fill(50 rows)     ${small} ms   runs: ${runs[small]}"
echo "  the same, synthdata.log off   ${small_nolog} ms   runs: ${runs[small_nolog]}"
awk -v s="$synth" -v i="$insert" -v c="$copy" -v f="$copy_nofk" -v r="$rows" -v n="$ROWS" 'BEGIN {
  printf "ratio synth_fill / INSERT … SELECT = %.2f (target <= 0.80)\n", s / i
  printf "ratio synth_fill / COPY            = %.2f\n", s / c
  printf "ratio synth_fill / COPY, triggers off = %.2f\n", s / f
  printf "generation alone: %.0f rows/s\n", n / (r / 1000) }'
awk -v s="$synth" -v n="$nolog" -v a="$small" -v b="$small_nolog" 'BEGIN {
  printf "fill log: one fill %.3f x the fill without it; 200 small fills %.3f x\n", s / n, a / b }'
rm -f "$csv"
