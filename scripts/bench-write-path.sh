#!/usr/bin/env bash
# Benchmark of the write path on an orders table like real ones (issue 20): identity key, foreign
# key to 100,000 customers (indexed), an enum, numeric(12,2) with a CHECK, two timestamps with
# CHECK (shipped_at IS NULL OR shipped_at >= placed_at), a nullable note. In one run, REPEAT
# times each, alternating: synth_rows counted (generation alone), synth_fill, COPY of the same
# rows (a file written from a fill), and that COPY with the foreign key's triggers off (the write
# path alone: heap, two indexes, WAL), and synth_fill with synthdata.parallel = PARALLEL (2)
# against the one-process synth_fill, at PARALLEL_ROWS rows (ROWS unless set). Prints medians and
# ratios. PARALLEL_ROWS=0 leaves the parallel pair out; ROWS=0 measures it alone.
#   SKIP_INSTALL=1 ROWS=1000000 REPEAT=3 scripts/bench-write-path.sh
#   SKIP_INSTALL=1 ROWS=0 PARALLEL_ROWS=10000000 REPEAT=3 scripts/bench-write-path.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
ROWS=${ROWS:-1000000}
REPEAT=${REPEAT:-3}
PARALLEL_ROWS=${PARALLEL_ROWS:-$ROWS}
PARALLEL=${PARALLEL:-2}
if [ -z "${SKIP_INSTALL:-}" ]; then
  "$REPO/scripts/setup.sh"
  install_extension --release
fi
cluster_start
db=synthdata_bench_write
"$PG_BIN/dropdb" --if-exists "$db"
"$PG_BIN/createdb" "$db"
psql_q -d "$db" -c "CREATE EXTENSION synthdata" \
  -c "CREATE TYPE order_status AS ENUM ('placed', 'paid', 'shipped', 'delivered', 'cancelled')" \
  -c "CREATE TABLE customers (customer_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL)" \
  -c "CREATE TABLE orders (
        order_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        customer_id bigint NOT NULL REFERENCES customers,
        status      order_status NOT NULL,
        total       numeric(12,2) NOT NULL CHECK (total >= 0),
        placed_at   timestamptz NOT NULL,
        shipped_at  timestamptz,
        note        text,
        CHECK (shipped_at IS NULL OR shipped_at >= placed_at))" \
  -c "CREATE INDEX ON orders (customer_id)" \
  -c "SELECT synth_fill('customers', 100000, seed => 1)" >/dev/null
cols="customer_id, status, total, placed_at, shipped_at, note"
csv="$PGDATA_DIR/orders-write-path.csv"
if [ "$ROWS" -gt 0 ]; then
  psql_q -d "$db" -c "SET synthdata.progress_interval = 0" -c "SELECT synth_fill('orders', $ROWS, seed => 1)" \
    -c "\\copy orders ($cols) TO '$csv' CSV" >/dev/null
  [ "$(id -u)" = 0 ] && chown "$PG_OS_USER" "$csv"
fi

# Milliseconds of one statement on an empty table, measured by psql's \timing.
time_ms() {
  psql_q -d "$db" -c "TRUNCATE orders" -c "CHECKPOINT" >/dev/null
  local out
  out=$("$PG_BIN/psql" -X -q -d "$db" -At -v ON_ERROR_STOP=1 -c "SET synthdata.progress_interval = 0" \
    -c '\timing on' -c "$1" 2>&1 | grep '^Time:' | tail -1 | awk '{print $2}')
  echo "${out%%.*}"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A runs
for r in $(seq "$REPEAT"); do
  if [ "$ROWS" -gt 0 ]; then
    runs[rows]+="$(time_ms "SELECT count(*) FROM synth_rows(NULL::orders, $ROWS, seed => $r)") "
    runs[fill]+="$(time_ms "SELECT synth_fill('orders', $ROWS, seed => $r)") "
    runs[copy]+="$(time_ms "COPY orders ($cols) FROM '$csv' CSV") "
    runs[nofk]+="$(time_ms "ALTER TABLE orders DISABLE TRIGGER ALL; COPY orders ($cols) FROM '$csv' CSV; ALTER TABLE orders ENABLE TRIGGER ALL") "
  fi
  if [ "$PARALLEL_ROWS" -gt 0 ]; then
    runs[one]+="$(time_ms "SELECT synth_fill('orders', $PARALLEL_ROWS, seed => $r)") "
    runs[par]+="$(time_ms "SET synthdata.parallel = $PARALLEL; SELECT synth_fill('orders', $PARALLEL_ROWS, seed => $r)") "
  fi
done
med() { echo "${runs[$1]:-}" | tr ' ' '\n' | grep . | median; }
echo "repeats: $REPEAT (median ms), $(nproc) cores"
if [ "$ROWS" -gt 0 ]; then
  m_rows=$(med rows) m_fill=$(med fill) m_copy=$(med copy) m_nofk=$(med nofk)
  echo "rows: $ROWS"
  echo "  synth_rows, counted (no write)   ${m_rows} ms   runs: ${runs[rows]}"
  echo "  synth_fill('orders')             ${m_fill} ms   runs: ${runs[fill]}"
  echo "  COPY of the same rows            ${m_copy} ms   runs: ${runs[copy]}"
  echo "  COPY, foreign-key triggers off   ${m_nofk} ms   runs: ${runs[nofk]}"
  awk -v r="$m_rows" -v f="$m_fill" -v c="$m_copy" -v n="$m_nofk" -v rows="$ROWS" 'BEGIN {
    printf "synth_fill / COPY                      = %.2f (issue 20: <= 0.5)\n", f / c
    printf "synth_fill / COPY, triggers off        = %.2f (issue 20: <= 1.1)\n", f / n
    printf "generation alone: %.0f rows/s (issue 20: >= 1.5 million)\n", rows / (r / 1000) }'
fi
if [ "$PARALLEL_ROWS" -gt 0 ]; then
  m_one=$(med one) m_par=$(med par)
  echo "rows: $PARALLEL_ROWS"
  echo "  synth_fill, one process          ${m_one} ms   runs: ${runs[one]}"
  echo "  synth_fill, synthdata.parallel = $PARALLEL  ${m_par} ms   runs: ${runs[par]}"
  awk -v o="$m_one" -v p="$m_par" -v n="$PARALLEL" 'BEGIN {
    printf "one process / parallel = %d             = %.2f times faster (issue 20: >= 1.6 with 2 on 2 cores)\n", n, o / p }'
fi
rm -f "$csv"
