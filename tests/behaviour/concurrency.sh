#!/usr/bin/env bash
# Fills side by side, interrupted and failing, against a running server:
#   - 4 connections × 5 rounds of synth_fill('customers', 20000) without a seed on a table whose
#     email is UNIQUE: every call succeeds and every key stays unique; schema fills and cascades
#     side by side likewise; a reader is not blocked by a fill;
#   - fills and schema fills cancelled at random moments (pg_cancel_backend after a random delay,
#     many times): nothing is left behind and the backend lives;
#   - errors PostgreSQL raises inside a fill (a trigger's RAISE EXCEPTION, a unique violation)
#     reach the client without a Rust backtrace although the server runs with RUST_BACKTRACE=1.
# Needs the extension installed and the cluster started (scripts/test.sh does both).
set -euo pipefail
source "$(dirname "$0")/../../scripts/common.sh"
db=synthdata_concurrency
fail() { echo "FAILED: $*"; exit 1; }
"$PG_BIN/dropdb" --if-exists "$db" 2>/dev/null
"$PG_BIN/createdb" "$db"
q() { psql_q -d "$db" -At "$@"; }
q -c "CREATE EXTENSION synthdata" \
  -c "CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text UNIQUE, name text NOT NULL)" \
  -c "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        customer_id bigint NOT NULL REFERENCES customers, placed_at timestamptz NOT NULL, total numeric(10,2) NOT NULL)" \
  -c "CREATE SCHEMA shop" \
  -c "CREATE TABLE shop.accounts (id int PRIMARY KEY, login text NOT NULL UNIQUE)" \
  -c "CREATE TABLE shop.posts (id int PRIMARY KEY, account_id int NOT NULL REFERENCES shop.accounts, title text NOT NULL UNIQUE)"

say "4 connections × 5 rounds of synth_fill('customers', 20000), no seed"
failed=0
for round in 1 2 3 4 5; do
  pids=()
  for c in 1 2 3 4; do
    "$PG_BIN/psql" -X -q -d "$db" -v ON_ERROR_STOP=1 -c "SET synthdata.progress_interval = 0" \
      -c "SELECT synth_fill('customers', 20000)" > "$PGDATA_DIR/conc-$round-$c.out" 2>&1 &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    if ! wait "${pids[$i]}"; then
      failed=$((failed + 1))
      echo "round $round, connection $((i + 1)): $(grep ERROR "$PGDATA_DIR/conc-$round-$((i + 1)).out" | head -1)"
    fi
  done
done
read -r rows emails distinct <<<"$(q -F ' ' -c "SELECT count(*), count(email), count(DISTINCT email) FROM customers")"
echo "20 calls, $failed failed; customers: $rows rows, $emails emails (the others NULL), $distinct distinct"
[ "$failed" = 0 ] || fail "$failed of 20 concurrent fills failed"
[ "$rows" = 400000 ] || fail "customers holds $rows rows, not 400000"
[ "$emails" = "$distinct" ] || fail "$((emails - distinct)) emails repeat"

say "schema fills and cascades side by side"
pids=()
for c in 1 2; do
  "$PG_BIN/psql" -X -q -d "$db" -v ON_ERROR_STOP=1 -c "SET synthdata.progress_interval = 0" \
    -c "SELECT count(*) FROM synth_fill_schema('shop', rows => 500)" > "$PGDATA_DIR/schema-$c.out" 2>&1 &
  pids+=($!)
  "$PG_BIN/psql" -X -q -d "$db" -v ON_ERROR_STOP=1 -c "SET synthdata.progress_interval = 0" \
    -c "SELECT synth_fill('orders', 5000, cascade => true)" > "$PGDATA_DIR/cascade-$c.out" 2>&1 &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fail "$(cat "$PGDATA_DIR"/schema-*.out "$PGDATA_DIR"/cascade-*.out | grep ERROR | head -3)"; done
read -r accounts posts orders <<<"$(q -F ' ' -c "SELECT (SELECT count(*) FROM shop.accounts), (SELECT count(*) FROM shop.posts), (SELECT count(*) FROM orders)")"
# The second schema fill, having waited for the first, finds the schema filled: rows => fills
# empty tables only, so it adds none.
echo "two schema fills: $accounts accounts, $posts posts; two cascades: $orders orders"
[ "$orders" = 10000 ] || fail "orders holds $orders rows"
[ "$accounts" = 500 ] || fail "accounts holds $accounts rows, not 500"
[ "$accounts" -gt 0 ] && [ "$posts" -gt 0 ] || fail "the schema fills wrote nothing"

say "a reader is not blocked by a fill"
"$PG_BIN/psql" -X -q -d "$db" -c "SET synthdata.progress_interval = 0" \
  -c "SELECT synth_fill('customers', 2e6)" > "$PGDATA_DIR/long.out" 2>&1 &
long=$!
sleep 1
t0=$(date +%s%N)
q -c "SET lock_timeout = '2s'" -c "SELECT count(*) FROM customers" >/dev/null || fail "a SELECT waited for the fill"
echo "SELECT during a fill answered in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
q -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE '%synth_fill(''customers'', 2e6)%' AND pid <> pg_backend_pid()" >/dev/null
wait "$long" || true

say "fills and schema fills cancelled at random moments"
before=$(q -c "SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM shop.accounts) + (SELECT count(*) FROM shop.posts)")
logged=$(q -c "SELECT count(*) FROM synthdata.fill_log")
cancelled=0
for i in $(seq 1 24); do
  case $((i % 3)) in
    0) sql="SELECT synth_fill('customers', 3e5)" ;;
    1) sql="SELECT synth_fill('orders', 2e5, cascade => true)" ;;
    2) sql="SELECT count(*) FROM synth_fill_schema('shop', table_rows => '{\"accounts\": 100000, \"posts\": 100000}')" ;;
  esac
  PGAPPNAME=cancel_$i "$PG_BIN/psql" -X -q -d "$db" -c "SET synthdata.progress_interval = 0" -c "$sql" \
    > "$PGDATA_DIR/cancel.out" 2>&1 &
  job=$!
  sleep "0.$(( RANDOM % 10 ))$(( RANDOM % 10 ))"
  q -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'cancel_$i'" >/dev/null
  wait "$job" || true
  grep -q "canceling statement due to user request" "$PGDATA_DIR/cancel.out" && cancelled=$((cancelled + 1))
  if grep -qE "server closed|terminated abnormally|PANIC" "$PGDATA_DIR/cancel.out"; then fail "$(cat "$PGDATA_DIR/cancel.out")"; fi
  # A call that finished before the cancel committed its rows: count them in.
  if ! grep -q "canceling statement" "$PGDATA_DIR/cancel.out"; then
    before=$(q -c "SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM shop.accounts) + (SELECT count(*) FROM shop.posts)")
    logged=$(q -c "SELECT count(*) FROM synthdata.fill_log")
  fi
  after=$(q -c "SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM shop.accounts) + (SELECT count(*) FROM shop.posts)")
  [ "$after" = "$before" ] || fail "cancelled call $i ($sql) left $((after - before)) rows behind"
  [ "$(q -c "SELECT count(*) FROM synthdata.fill_log")" = "$logged" ] || fail "cancelled call $i left a fill log entry"
done
q -c "SELECT 1" >/dev/null || fail "the server does not answer after the cancellations"
echo "24 calls cancelled after random delays (0–1 s): $cancelled stopped by the cancel, none left rows or log entries; the server answers"
[ "$cancelled" -ge 12 ] || fail "only $cancelled of 24 calls were still running when cancelled"

say "errors inside a fill carry no Rust backtrace (server started with RUST_BACKTRACE=1)"
cluster_restart_with RUST_BACKTRACE=1 RUST_LIB_BACKTRACE=1
q -c "CREATE TABLE guarded (id int PRIMARY KEY, note text)" \
  -c "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN
        RAISE EXCEPTION 'guarded rows are refused' USING DETAIL = 'the trigger says no', HINT = 'ask the trigger'; END \$\$" \
  -c "CREATE TRIGGER guarded_refuse BEFORE INSERT ON guarded FOR EACH ROW EXECUTE FUNCTION refuse()" \
  -c "CREATE TABLE dup (k int, CONSTRAINT dup_k UNIQUE (k))" \
  -c "CREATE FUNCTION dup_twice() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN NEW.k := 1; RETURN NEW; END \$\$" \
  -c "CREATE TRIGGER dup_twice BEFORE INSERT ON dup FOR EACH ROW EXECUTE FUNCTION dup_twice()"
for sql in "SELECT synth_fill('guarded', 10)" "SELECT synth_fill('dup', 10)"; do
  out=$("$PG_BIN/psql" -X -d "$db" -c "$sql" 2>&1 || true)
  echo "$out" | sed 's/^/    /'
  echo "$out" | grep -q "^ERROR:" || fail "$sql did not fail"
  if echo "$out" | grep -qiE "backtrace|rust_begin_unwind|\.rs:[0-9]+|^ +[0-9]+: "; then fail "$sql: a backtrace reached the client"; fi
  [ "$(echo "$out" | wc -l)" -le 4 ] || fail "$sql: $(echo "$out" | wc -l) lines of error"
done
cluster_restart_with
echo "both errors as PostgreSQL raised them, no backtrace"
