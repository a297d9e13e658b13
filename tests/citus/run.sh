#!/usr/bin/env bash
# Fills of Citus tables (tier 9). Starts a coordinator and two workers on this machine
# (tests/citus/cluster.sh), creates a co-located schema distributed by customer (customers →
# orders → order_items) with a reference table (products), and checks:
#   - synth_fill_schema writes through Citus: row counts read through the coordinator, zero bytes
#     in any coordinator shell, every foreign key valid, rows on every shard of every distributed
#     table, and the same rows (sorted digests) as a fill of the same schema on a single server
#     with the same seed;
#   - synth_fill of a reference table alone, and a rolled-back fill, which leaves nothing;
#   - synth_anonymize and synth_shuffle refuse a distributed table (0A000), and so does a schema
#     fill whose self-reference needs a second, linking pass;
#   - a long fill cancelled on the coordinator stops on the workers and leaves nothing;
#   - the time of 1e7 rows (SYNTH_CITUS_ROWS) of orders on Citus and on the single server, in
#     this run, printed as a ratio (a figure, not a pass/fail check: these machines are noisy).
# Citus itself must be installed into PostgreSQL 15: when it is not, the tier says why and is
# skipped. Needs synthdata installed and the scratch cluster started (scripts/test.sh does both).
set -euo pipefail
source "$(dirname "$0")/../../scripts/common.sh"
source "$(dirname "$0")/cluster.sh"
here="$REPO/tests/citus"
fail() { echo "FAILED: $*"; exit 1; }
# Fails unless the Citus database and single-server database SINGLE hold the same rows (sorted
# digests per table), every table some.
same_rows() { # SINGLE
  local on_citus on_single
  on_citus=$(citus_psql 0 -d "$db" -At -F ' ' -f "$here/digest.sql")
  on_single=$(psql_q -d "$1" -At -F ' ' -f "$here/digest.sql")
  echo "$on_citus"
  [ "$on_citus" = "$on_single" ] || fail "Citus and the single server ($1) hold different rows: $on_single"
  echo "$on_citus" | awk '$2 == 0 { exit 1 }' || fail "a table got no rows"
}

reason=$(citus_missing)
if [ -n "$reason" ]; then
  say "Citus tier skipped: $reason"
  exit 0
fi

db=synthdata_citus
single=synthdata_citus_single
rows=${SYNTH_CITUS_ROWS:-1e7}
trap citus_stop EXIT
say "starting a Citus coordinator and two workers (ports ${CITUS_PORTS[*]})"
citus_start "$db" 2> >(grep -v '^NOTICE' >&2)
citus_psql 0 -d "$db" -At -c "SELECT 'Citus ' || extversion FROM pg_extension WHERE extname = 'citus'"
citus_psql 0 -d "$db" -f "$here/schema.sql" -f "$here/distribute.sql" -f "$here/foreign_keys.sql" >/dev/null
"$PG_BIN/dropdb" --if-exists "$single"
"$PG_BIN/createdb" "$single"
psql_q -d "$single" -c "CREATE EXTENSION synthdata" -f "$here/schema.sql" -f "$here/foreign_keys.sql"

say "synth_fill_schema on Citus and on a single server, same seed"
fill="SELECT table_name, rows FROM synth_fill_schema('public', rows => 2000, seed => 7)"
citus_psql 0 -d "$db" -c "$fill" 2>&1 | grep -v '^NOTICE'
psql_q -d "$single" -c "$fill" 2>&1 | grep -v '^NOTICE' >/dev/null
same_rows "$single"

say "from a profile with statistics (floats through JSON to the workers): the same rows again"
psql_q -d "$single" -c "ANALYZE" -At -c "SELECT synth_profile_schema('public')" > "$CITUS_DIR/profile.json"
grep -q '"histogram_bounds": *\[' "$CITUS_DIR/profile.json" || grep -q '"histogram_bounds":\[' "$CITUS_DIR/profile.json" ||
  fail "the profile carries no histograms"
"$PG_BIN/dropdb" --if-exists "${single}_2"
"$PG_BIN/createdb" "${single}_2"
psql_q -d "${single}_2" -c "CREATE EXTENSION synthdata" -f "$here/schema.sql" -f "$here/foreign_keys.sql"
from_profile="SELECT count(*) FROM synth_fill_schema('public', seed => 11, scale => 2, profile => pg_read_file('$CITUS_DIR/profile.json')::jsonb)"
[ "$(id -u)" = 0 ] && chown "$PG_OS_USER" "$CITUS_DIR/profile.json"
citus_psql 0 -d "$db" -c "TRUNCATE products, customers CASCADE" -c "$from_profile" 2>&1 | grep -v '^NOTICE' >/dev/null
psql_q -d "${single}_2" -c "$from_profile" 2>&1 | grep -v '^NOTICE' >/dev/null
same_rows "${single}_2"

say "nothing in the coordinator's shells, every foreign key valid, rows on every shard"
shells=$(citus_psql 0 -d "$db" -At -c "SELECT string_agg(c.relname || '=' || pg_relation_size(c.oid), ' ' ORDER BY c.relname)
  FROM pg_class c WHERE c.relname IN ('products', 'customers', 'orders', 'order_items') AND c.relkind = 'r'")
echo "shell sizes: $shells"
echo "$shells" | tr ' ' '\n' | grep -qv '=0$' && fail "rows in a coordinator shell: $shells"
dangling=$(citus_psql 0 -d "$db" -At -c "
  SELECT (SELECT count(*) FROM orders o LEFT JOIN customers c USING (customer_id) WHERE c.customer_id IS NULL)
       + (SELECT count(*) FROM order_items i LEFT JOIN orders o USING (customer_id, order_id) WHERE o.order_id IS NULL)
       + (SELECT count(*) FROM order_items i LEFT JOIN products p USING (product_id) WHERE p.product_id IS NULL)")
[ "$dangling" = 0 ] || fail "$dangling rows reference no parent"
shards=$(citus_psql 0 -d "$db" -At -F ' ' -c "
  SELECT logicalrelid::text, count(*), min(n), max(n) FROM (
    SELECT logicalrelid, result::bigint AS n
      FROM pg_dist_partition p, LATERAL run_command_on_shards(p.logicalrelid, 'SELECT count(*) FROM %s') r
     WHERE p.partmethod = 'h' AND p.logicalrelid::text IN ('customers', 'orders', 'order_items')) s
   GROUP BY 1 ORDER BY 1")
echo "rows per shard (table, shards, fewest, most):"
echo "$shards"
[ "$(echo "$shards" | grep -c .)" = 3 ] || fail "expected shard counts of 3 tables: $shards"
echo "$shards" | awk '$2 != 32 || $3 == 0 { exit 1 }' || fail "a shard got no rows"

say "a reference table alone; a fill rolled back leaves nothing"
citus_psql 0 -d "$db" -c "TRUNCATE products CASCADE" 2>/dev/null
[ "$(citus_psql 0 -d "$db" -At -c "SELECT synth_fill('products', 500, seed => 1)")" = 500 ] || fail "synth_fill('products') did not report 500"
[ "$(citus_psql 0 -d "$db" -At -c "SELECT count(*) FROM products")" = 500 ] || fail "Citus does not see the 500 products"
before=$(citus_psql 0 -d "$db" -At -c "SELECT count(*) FROM customers")
inside=$(citus_psql 0 -d "$db" -At -c "BEGIN" -c "SELECT synth_fill('customers', 1000, seed => 2)" \
  -c "SELECT count(*) FROM customers" -c "ROLLBACK" 2>&1 | tail -1)
[ "$inside" = $((before + 1000)) ] || fail "inside the transaction: $inside rows, not $((before + 1000))"
[ "$(citus_psql 0 -d "$db" -At -c "SELECT count(*) FROM customers")" = "$before" ] || fail "a rolled-back fill left rows"

say "rewrites that Citus cannot run as one refuse"
for call in "synth_anonymize('customers')" "synth_shuffle('customers', 'email')"; do
  err=$(citus_psql 0 -d "$db" -v VERBOSITY=verbose -c "SELECT $call" 2>&1 || true)
  echo "$err" | grep -q "ERROR:  0A000: .*Citus distributed table" || fail "$call: $err"
  echo "$err" | head -1
done

say "a foreign key that needs a linking pass refuses on Citus, leaving nothing"
citus_psql 0 -d "$db" -f "$here/self_reference.sql" >/dev/null
err=$(citus_psql 0 -d "$db" -v VERBOSITY=verbose -c "SELECT * FROM synth_fill_schema('hr', rows => 100, seed => 1)" 2>&1 || true)
echo "$err" | head -1
echo "$err" | grep -q "ERROR:  0A000: cannot fill hr.staff: its foreign key" || fail "hr.staff: $err"
[ "$(citus_psql 0 -d "$db" -At -c "SELECT count(*) FROM hr.staff")" = 0 ] || fail "the refused fill left rows"

say "synthdata.citus_parts belongs to the extension: DROP EXTENSION synthdata drops it"
left=$(citus_psql 0 -d "$db" -At -c "BEGIN" -c "DROP EXTENSION synthdata" \
  -c "SELECT count(*) FROM pg_class WHERE relnamespace = to_regnamespace('synthdata')" -c "ROLLBACK" 2>&1 | tail -1)
[ "$left" = 0 ] || fail "DROP EXTENSION left $left relations in schema synthdata"
plain=$(citus_psql 0 -d "$db" -At -c "SELECT count(*) FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
  WHERE e.extname = 'synthdata' AND d.objid = 'synthdata.citus_parts'::regclass AND d.deptype = 'e'")
[ "$plain" = 1 ] || fail "synthdata.citus_parts is not a member of the extension"

say "a long fill cancelled: the workers stop, nothing is left"
citus_psql 0 -d "$db" -c "TRUNCATE orders CASCADE" >/dev/null 2>&1
PGAPPNAME=synth_cancelled citus_psql 0 -d "$db" -c "SELECT synth_fill('orders', 1e7, seed => 1)" > "$CITUS_DIR/cancelled.out" 2>&1 &
fill_job=$!
sleep 3
# The rows are generated on the workers: each runs synth_rows_part for its shards' parts.
for i in 1 2; do
  busy=$(citus_psql "$i" -d "$db" -At -c "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%synth_rows_part%'")
  echo "${CITUS_NAMES[$i]}: $busy backends running synth_rows_part"
  [ "$busy" -gt 0 ] || fail "${CITUS_NAMES[$i]} generates nothing during a distributed fill"
done
citus_psql 0 -d "$db" -At -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'synth_cancelled'" >/dev/null
started=$(date +%s%N)
wait "$fill_job" || true
echo "statement ended $((($(date +%s%N) - started) / 1000000)) ms after the cancel: $(grep ERROR "$CITUS_DIR/cancelled.out")"
grep -q "canceling statement due to user request" "$CITUS_DIR/cancelled.out" || fail "the fill was not cancelled: $(cat "$CITUS_DIR/cancelled.out")"
[ "$(citus_psql 0 -d "$db" -At -c "SELECT count(*) FROM orders")" = 0 ] || fail "a cancelled fill left rows"
sleep 1
for i in 1 2; do
  left=$(citus_psql "$i" -d "$db" -At -c "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%synth_rows_part%'")
  [ "$left" = 0 ] || fail "${CITUS_NAMES[$i]} still generates after the cancel"
done

say "speed: $rows rows of orders on Citus (2 workers) and on a single server, same machine"
# Parents first on both: 100,000 customers; then the timed fills, one after the other.
for d in "$db" "$single"; do
  q=(psql_q -d "$d")
  [ "$d" = "$db" ] && q=(citus_psql 0 -d "$d")
  "${q[@]}" -c "TRUNCATE customers, products CASCADE" -c "SELECT synth_fill('customers', 1e5, seed => 3)" >/dev/null 2>&1
done
timed() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
single_ms=$(timed psql_q -d "$single" -c "SELECT synth_fill('orders', $rows, seed => 3)")
citus_ms=$(timed citus_psql 0 -d "$db" -c "SELECT synth_fill('orders', $rows, seed => 3)")
n_single=$(psql_q -d "$single" -At -c "SELECT count(*) FROM orders")
n_citus=$(citus_psql 0 -d "$db" -At -c "SELECT count(*) FROM orders")
[ "$n_single" = "$n_citus" ] || fail "orders: $n_single rows on the single server, $n_citus on Citus"
printf 'orders, %s rows: single server %s ms, Citus %s ms (Citus / single = %s)\n' "$n_single" "$single_ms" "$citus_ms" \
  "$(awk -v a="$citus_ms" -v b="$single_ms" 'BEGIN { printf "%.2f", a / b }')"
say "Citus tier passed"
