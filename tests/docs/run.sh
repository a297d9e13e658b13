#!/usr/bin/env bash
# The manual's reference names every SQL function of the installed extension (as `name(` in
# docs/src/reference.md) and every synthdata.* setting (in the "## Settings" table of
# docs/src/settings.md).
# Needs the extension installed and the cluster started (scripts/test.sh does both).
set -euo pipefail
source "$(dirname "$0")/../../scripts/common.sh"
db=synthdata_docs
psql_q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE template0"
psql_q -d "$db" -c "CREATE EXTENSION synthdata"

reference_page=docs/src/reference.md
settings_page=docs/src/settings.md
reference=$(cat "$REPO/$reference_page")
settings=$(awk '/^## Settings/ { on = 1; next } /^##? / { on = 0 } on' "$REPO/$settings_page")
[ -n "$reference" ] || { echo "$reference_page is empty" >&2; exit 1; }
[ -n "$settings" ] || { echo "$settings_page has no '## Settings' section" >&2; exit 1; }

missing=0
functions=$(psql_q -At -d "$db" -c "
  SELECT DISTINCT p.proname FROM pg_catalog.pg_proc p
    JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
    JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'synthdata'
   ORDER BY 1")
for f in $functions; do
  # A here-string, not a pipe: with pipefail, grep -q leaving early fails printf (SIGPIPE).
  if ! grep -qF "\`$f(" <<<"$reference"; then
    echo "$reference_page: the reference does not document $f (expected \`$f(…\` on the page)" >&2
    missing=1
  fi
done

# The settings exist once the library is loaded; SUPERUSER_ONLY ones too, for the superuser.
settings_defined=$(psql_q -At -d "$db" -c "LOAD 'synthdata'" -c "
  SELECT name FROM pg_catalog.pg_settings WHERE name LIKE 'synthdata.%'
  UNION SELECT 'synthdata.secret' WHERE current_setting('synthdata.secret', true) IS NOT NULL
  ORDER BY 1")
for s in $settings_defined; do
  if ! grep -qF "\`$s\`" <<<"$settings"; then
    echo "$settings_page: the Settings table does not list $s" >&2
    missing=1
  fi
done
[ "$missing" = 0 ] || exit 1
say "the manual's reference documents all $(wc -w <<<"$functions") functions and $(wc -w <<<"$settings_defined") settings"
