#!/usr/bin/env bash
# Profiling production usually means profiling a read replica: the functions that only read
# (synth_profile, synth_profile_schema, synth_detect_pii, synth_sensitive_columns,
# synth_k_anonymity, synth_l_diversity, synth_compare, synth_leak_check) must work on a hot
# standby, which refuses to assign transaction ids. Clones the scratch cluster with
# pg_basebackup into a streaming standby on its own port, runs each there, and stops it.
# Needs the extension installed and the cluster started (scripts/test.sh does both).
set -euo pipefail
source "$(dirname "$0")/../../scripts/common.sh"
fail() { echo "FAILED: $*"; exit 1; }
db=synthdata_standby
standby=$PGDATA_DIR/standby
sport=$((PGPORT + 100))
stop_standby() { as_pg "$PG_BIN/pg_ctl" -D "$standby" -m immediate stop >/dev/null 2>&1 || true; }
trap stop_standby EXIT

"$PG_BIN/dropdb" --if-exists "$db" 2>/dev/null
"$PG_BIN/createdb" "$db"
psql_q -d "$db" -c "CREATE EXTENSION synthdata" \
  -c "CREATE TABLE people (id int PRIMARY KEY, first_name text, email text, city text, age int)" \
  -c "INSERT INTO people SELECT i, (ARRAY['Anna','Paul','Marie'])[1 + i % 3], 'p' || i || '@corp.test',
                                (ARRAY['Lyon','Nice'])[1 + i % 2], 20 + i % 50 FROM generate_series(1, 500) i" \
  -c "CREATE TABLE people_copy AS SELECT * FROM people" -c "ANALYZE"

say "a streaming standby of the scratch cluster on port $sport"
stop_standby
rm -rf "$standby"
as_pg "$PG_BIN/pg_basebackup" -h "$PGSOCK" -p "$PGPORT" -U "$PG_OS_USER" -D "$standby" -R -X stream -c fast
as_pg "$PG_BIN/pg_ctl" -D "$standby" -w -l "$PGDATA_DIR/standby.log" \
  -o "-p $sport -k $PGSOCK -c listen_addresses='' -c hot_standby=on" start >/dev/null
sq() { "$PG_BIN/psql" -X -v ON_ERROR_STOP=1 -q -At -p "$sport" -d "$db" "$@"; }
[ "$(sq -c "SELECT pg_is_in_recovery()")" = t ] || fail "the clone is not a standby"

say "the reading functions on the standby"
sq -c "SELECT synth_profile('people', sample_rows => 200)->'table'->>'name'" | grep -qx people || fail "synth_profile"
sq -c "SELECT jsonb_array_length(synth_profile_schema('public')->'tables')" | grep -qx 2 || fail "synth_profile_schema"
sq -c "SELECT count(*) FROM synth_detect_pii('public')" | grep -qvx 0 || fail "synth_detect_pii"
sq -c "SELECT string_agg(column_name, ',' ORDER BY column_name) FROM synth_sensitive_columns('people')" \
  | grep -q email || fail "synth_sensitive_columns"
sq -c "SELECT synth_k_anonymity('people', ARRAY['city']), synth_l_diversity('people', ARRAY['city'], 'age')" \
  | grep -qx "250|25" || fail "synth_k_anonymity / synth_l_diversity"
sq -c "SELECT (synth_compare('people', 'people_copy')->>'overall')::float8 > 0.99" | grep -qx t || fail "synth_compare"
sq -c "SELECT synth_leak_check('people', 'people_copy')->>'rows_equal_to_a_real_row'" | grep -qx 500 || fail "synth_leak_check"
# Writing is refused as on any standby, with PostgreSQL's own error.
if sq -c "SELECT synth_fill('people', 1)" 2>/dev/null; then fail "synth_fill wrote on a standby"; fi
echo "all eight reading functions work on a hot standby"
"$PG_BIN/dropdb" "$db"
