#!/usr/bin/env bash
# Upgrade check. For every released version (a frozen install script in sql/archive/):
#   CREATE EXTENSION synthdata VERSION '<released>'; ALTER EXTENSION synthdata UPDATE;
# then the upgraded database must hold exactly what a fresh CREATE EXTENSION synthdata holds
# (tests/upgrade/catalog.sql: every extension member, function attributes, C symbols, columns,
# constraints, grants, comments), and the SQL regression suite (tests/pg_regress) must pass on the
# database upgraded from the latest release. A change missing from the upgrade script fails here
# with a diff.
# Needs the extension installed by install_extension (which also installs sql/archive/*.sql) and
# the scratch cluster started; scripts/test.sh does both. UPGRADE_REGRESS=0 skips the suite.
set -euo pipefail
source "$(dirname "$0")/../../scripts/common.sh"
here="$REPO/tests/upgrade"
out="$REPO/target/upgrade"
rm -rf "$out" && mkdir -p "$out"
fail() { printf 'upgrade check: %s\n' "$*" >&2; exit 1; }
q() { psql_q -At "$@"; }

current=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$REPO/Cargo.toml" | head -n 1)
extdir="$("$PG_CONFIG" --sharedir)/extension"
default=$(q -d postgres -c "SELECT default_version FROM pg_catalog.pg_available_extensions WHERE name = 'synthdata'")
[ "$default" = "$current" ] ||
  fail "PostgreSQL $PG_MAJOR offers synthdata '${default:-none}' by default, Cargo.toml says '$current': install this tree first (install_extension)"

# The scripts PostgreSQL would run must be this tree's: another tree's install overwrites them.
for f in $(extension_sql_files); do
  cmp -s "$f" "$extdir/$(basename "$f")" ||
    fail "$extdir/$(basename "$f") differs from ${f#"$REPO"/} (or is missing): install this tree first (install_extension)"
done
for f in "$REPO"/sql/synthdata--*--*.sql; do
  [ -e "$f" ] || continue
  grep -q '^\\echo Use "ALTER EXTENSION synthdata UPDATE TO' "$f" ||
    fail "${f#"$REPO"/} lacks the guard line (\\echo Use \"ALTER EXTENSION synthdata UPDATE TO '…'\" to load this file. \\quit)"
done

released=$(cd "$REPO/sql/archive" && ls synthdata--*.sql 2>/dev/null | sed 's/^synthdata--\(.*\)\.sql$/\1/' | sort -V)
if [ -z "$released" ]; then
  say "upgrade check: no released version in sql/archive, nothing to upgrade from"
  exit 0
fi

new_db() {
  q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1 TEMPLATE template0"
}

say "upgrade check: fresh install of $current"
new_db synthdata_upgrade_fresh
q -d synthdata_upgrade_fresh -c "CREATE EXTENSION synthdata"
q -d synthdata_upgrade_fresh -f "$here/catalog.sql" >"$out/fresh.txt"

failed=0
latest_db=
for v in $released; do
  db="synthdata_upgrade_from_${v//[^0-9a-zA-Z]/_}"
  say "upgrade check: $v -> $current"
  new_db "$db"
  q -d "$db" -c "CREATE EXTENSION synthdata VERSION '$v'" -c "ALTER EXTENSION synthdata UPDATE"
  got=$(q -d "$db" -c "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'synthdata'")
  [ "$got" = "$current" ] || fail "ALTER EXTENSION synthdata UPDATE from $v left version $got, not $current"
  q -d "$db" -f "$here/catalog.sql" >"$out/from-$v.txt"
  if ! diff -U1 --label "fresh install of $current" --label "upgraded from $v" \
         "$out/fresh.txt" "$out/from-$v.txt" >"$out/from-$v.diff"; then
    cat "$out/from-$v.diff"
    printf '\nupgrade check: %s upgraded to %s differs from a fresh %s install (lines above: - fresh, + upgraded);\n' "$v" "$current" "$current" >&2
    printf 'put the missing changes into sql/synthdata--*--%s.sql\n' "$current" >&2
    failed=1
  fi
  latest_db=$db
done
[ "$failed" = 0 ] || exit 1
say "upgrade check: every release upgrades to the same objects as a fresh install ($(wc -l <"$out/fresh.txt") facts)"

[ "${UPGRADE_REGRESS:-1}" = 1 ] || exit 0

# The regression suite on the database upgraded from the latest release: the same files with the
# CREATE EXTENSION of 00_setup turned into a comment (the extension is already there, upgraded).
say "upgrade check: SQL regression suite on $latest_db"
regress_in="$out/regress-input"
mkdir -p "$regress_in"
cp -r "$REPO/tests/pg_regress/sql" "$REPO/tests/pg_regress/expected" "$regress_in/"
for f in "$regress_in/sql/00_setup.sql" "$regress_in/expected/00_setup.out"; do
  [ "$(grep -cx 'CREATE EXTENSION synthdata;' "$f")" = 1 ] ||
    fail "expected one line 'CREATE EXTENSION synthdata;' in ${f#"$regress_in"/} to skip"
  sed -i 's/^CREATE EXTENSION synthdata;$/-- CREATE EXTENSION synthdata; (done by tests\/upgrade\/run.sh: created at an old version, updated)/' "$f"
done
regress="$("$PG_CONFIG" --pkglibdir)/pgxs/src/test/regress/pg_regress"
tests=$(cd "$regress_in/sql" && ls *.sql | sed 's/\.sql$//' | sort)
# shellcheck disable=SC2086
if ! "$regress" --use-existing --inputdir="$regress_in" --outputdir="$out/regress" --bindir="$PG_BIN" \
      --host="$PGHOST" --port="$PGPORT" --user="$PGUSER" --dbname="$latest_db" $tests; then
  head -200 "$out/regress/regression.diffs" 2>/dev/null
  exit 1
fi
