#!/usr/bin/env bash
# The corpus of real application schemas (../shared/corpus, see its INDEX.md): each is loaded into
# a database of its own, empty, and every PostgreSQL schema of it that holds tables is filled with
# one call, synth_fill_schema(schema, rows => 200), parents' schemas first. Then, per corpus
# schema: the tables that can hold rows and hold some, foreign keys that point nowhere (an
# anti-join per foreign key), unique or foreign-key columns equal to their constant DEFAULT in
# every row, and timestamp pairs out of order (created/updated, start/end, from/to, opened/closed).
# Prints a scoreboard; fails when a table stays empty (beyond what tests/corpus/known.txt allows a
# schema, with its reason), a key dangles, a key collapses onto its default or a pair is out of
# order. A schema whose fill stops on a trigger (one that needs what only the running application
# sets) is filled again with synthdata.triggers = off, and the scoreboard says so. Needs the
# extension installed and the cluster started (scripts/test.sh does both). SYNTH_CORPUS_ONLY="a b"
# limits it to some entries; SYNTH_SHARED points at ../shared elsewhere.
set -euo pipefail
source "$(dirname "$0")/../../scripts/common.sh"
shared=${SYNTH_SHARED:-$REPO/../shared}
corpus=$shared/corpus
here="$REPO/tests/corpus"
if [ ! -x "$corpus/load" ]; then
  echo "no corpus in $corpus (set SYNTH_SHARED): skipped" >&2
  exit 0
fi
entries=${SYNTH_CORPUS_ONLY:-$(awk -F'|' '$2 == "schema" {print $1}' "$corpus/_tools/manifest.txt")}
rows=${SYNTH_CORPUS_ROWS:-200}

failed=0
board=$(mktemp)
printf '%-18s %8s %9s %6s %8s %8s %8s %8s\n' schema filled fillable dangle defaulted unordered triggers seconds >"$board"
for name in $entries; do
  db=synthdata_corpus_$name
  psql_q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE template0"
  "$corpus/load" "$name" "$db" >/dev/null 2>&1 || true
  psql_q -d "$db" -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS synthdata SCHEMA public" >/dev/null
  psql_q -d "$db" -f "$here/checks.sql" >/dev/null
  psql_q -d "$db" -c "SELECT corpus_check.remember_seeded()" >/dev/null
  # One call per schema, schemas whose tables others reference first. The application's own
  # search_path: its schemas in that order, then public (functions its triggers and CHECKs call
  # are written without their schema, as they are run by the application).
  mapfile -t schemas < <(psql_q -At -d "$db" -c "SELECT s FROM corpus_check.schema_order() s")
  path=$(psql_q -At -d "$db" -c "SELECT string_agg(quote_ident(s), ', ') || ', public' FROM corpus_check.schema_order() s")
  psql_q -d "$db" -c "ALTER DATABASE $db SET search_path = $path"
  start=$(date +%s%N)
  errors=""
  triggers=on
  for s in "${schemas[@]}"; do
    literal=${s//\'/\'\'}
    fill="SELECT count(*) FROM synth_fill_schema('$literal', rows => $rows, seed => 1)"
    if ! out=$(psql_q -At -d "$db" -c "SET synthdata.progress_interval = 0" -c "$fill" 2>&1 >/dev/null); then
      # Triggers that need what only the running application sets (a JWT claim, a role, a job
      # queue's schema): the same call with the tables' user triggers paused, as a user would.
      if out2=$(psql_q -At -d "$db" -c "SET synthdata.progress_interval = 0" -c "SET synthdata.triggers = off" \
                  -c "$fill" 2>&1 >/dev/null); then
        triggers=off
        errors+="  $s: filled with synthdata.triggers = off; on: $(grep -m1 ERROR <<<"$out")"$'\n'
      else
        errors+="  $s: $(grep -m1 ERROR <<<"$out2")"$'\n'
      fi
    fi
  done
  elapsed=$(( ($(date +%s%N) - start) / 100000000 ))
  seconds="$((elapsed / 10)).$((elapsed % 10))"
  read -r filled fillable dangle defaulted unordered < <(psql_q -At -F ' ' -d "$db" -c "SELECT * FROM corpus_check.summary()")
  printf '%-18s %8s %9s %6s %8s %8s %8s %8s\n' "$name" "$filled" "$fillable" "$dangle" "$defaulted" "$unordered" "$triggers" "$seconds" >>"$board"
  # A schema known not to fill whole (tests/corpus/known.txt, with the reason) must fill at
  # least as many tables as it says; any other must fill every one.
  floor=$(awk -v n="$name" '$1 == n {print $2}' "$here/known.txt")
  short=0
  if [ -n "$floor" ]; then
    [ "$filled" -ge "$floor" ] || short=1
    [ "$filled" = "$fillable" ] && echo "corpus $name: now filled whole; take it out of tests/corpus/known.txt" >&2
  else
    [ "$filled" = "$fillable" ] || short=1
  fi
  if [ -n "$errors" ]; then
    echo "corpus $name:" >&2
    printf '%s' "$errors" >&2
  fi
  if [ "$short" = 1 ] || [ "$dangle" != 0 ] || [ "$defaulted" != 0 ] || [ "$unordered" != 0 ]; then
    failed=1
    echo "corpus $name fails:" >&2
    psql_q -At -d "$db" -c "SELECT '  ' || p FROM corpus_check.problems() p LIMIT 20" >&2 || true
  fi
  psql_q -d postgres -c "DROP DATABASE $db"
done
say "corpus scoreboard (synth_fill_schema(schema, rows => $rows) on empty databases)"
cat "$board"
rm -f "$board"
[ "$failed" = 0 ]
