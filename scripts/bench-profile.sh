#!/usr/bin/env bash
# What the default sample costs (issue 16): a table of ROWS orders (default 10^7: a foreign key to
# 100,000 customers, an enum, numeric(12,2), two timestamps, a nullable note), ANALYZEd, profiled
# REPEAT times each, alternating, with the statistics alone (sample_rows => 0) and with the
# default sample (synthdata.sample_rows, 10,000 rows). Prints medians and their ratio.
#   SKIP_INSTALL=1 ROWS=10000000 REPEAT=5 scripts/bench-profile.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
ROWS=${ROWS:-10000000}
REPEAT=${REPEAT:-5}
if [ -z "${SKIP_INSTALL:-}" ]; then
  "$REPO/scripts/setup.sh"
  install_extension --release
fi
cluster_start
db=synthdata_bench_profile
"$PG_BIN/dropdb" --if-exists "$db"
"$PG_BIN/createdb" "$db"
psql_q -d "$db" -c "CREATE EXTENSION synthdata" \
  -c "CREATE TYPE order_status AS ENUM ('placed', 'paid', 'shipped', 'delivered', 'cancelled')" \
  -c "CREATE TABLE customers (customer_id bigint PRIMARY KEY, country text NOT NULL)" \
  -c "CREATE TABLE orders (
        order_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        customer_id bigint NOT NULL REFERENCES customers,
        status      order_status NOT NULL,
        total       numeric(12,2) NOT NULL CHECK (total >= 0),
        placed_at   timestamptz NOT NULL,
        shipped_at  timestamptz,
        note        text,
        CHECK (shipped_at IS NULL OR shipped_at >= placed_at))" \
  -c "INSERT INTO customers SELECT i, (ARRAY['DE', 'FR', 'US', 'GB'])[1 + i % 4] FROM generate_series(1, 100000) i" \
  -c "INSERT INTO orders (customer_id, status, total, placed_at, shipped_at, note)
      SELECT 1 + (hashint4(i) & 65535) + (hashint4(i + 1) & 32767), (enum_range(NULL::order_status))[1 + i % 5],
             (hashint4(i + 2) & 65535) / 100.0, t, CASE WHEN i % 10 < 7 THEN t + (i % 97) * interval '1 hour' END,
             CASE WHEN i % 5 = 0 THEN 'note ' || i END
        FROM generate_series(1, $ROWS) i, LATERAL (SELECT timestamptz '2024-01-01' + (hashint4(i + 3) & 1048575) * interval '30 s' AS t) x" \
  -c "VACUUM ANALYZE" >/dev/null

time_ms() {
  "$PG_BIN/psql" -X -q -d "$db" -At -v ON_ERROR_STOP=1 -c '\timing on' -c "$1" 2>&1 \
    | grep '^Time:' | tail -1 | awk '{print $2}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

stats="" sampled=""
for _ in $(seq "$REPEAT"); do
  stats+="$(time_ms "SELECT length(synth_profile('orders', sample_rows => 0)::text)") "
  sampled+="$(time_ms "SELECT length(synth_profile('orders')::text)") "
done
m_stats=$(echo "$stats" | tr ' ' '\n' | grep . | median)
m_sampled=$(echo "$sampled" | tr ' ' '\n' | grep . | median)
rules=$(psql_q -d "$db" -At -c "SELECT synth_profile('orders')->'dependence'->'rules'")
echo "orders: $ROWS rows; medians of $REPEAT runs (ms): statistics alone $m_stats ($stats), default sample $m_sampled ($sampled)"
echo "learned rules: $rules"
awk -v s="$m_stats" -v d="$m_sampled" 'BEGIN { printf "default sample / statistics alone: %.2f\n", d / s }'
