#!/usr/bin/env bash
# The README's Reference names every SQL function of the installed extension (as `name(` in the
# "## Reference" section) and every synthdata.* setting (in its "### Settings" table).
# Needs the extension installed and the cluster started (scripts/test.sh does both).
set -euo pipefail
source "$(dirname "$0")/../../scripts/common.sh"
db=synthdata_docs
psql_q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE template0"
psql_q -d "$db" -c "CREATE EXTENSION synthdata"

reference=$(awk '/^## Reference/ { on = 1; next } /^## / { on = 0 } on' "$REPO/README.md")
settings=$(awk '/^### Settings/ { on = 1; next } /^### / { on = 0 } on' <<<"$reference")
[ -n "$reference" ] || { echo "README.md has no '## Reference' section" >&2; exit 1; }

missing=0
functions=$(psql_q -At -d "$db" -c "
  SELECT DISTINCT p.proname FROM pg_catalog.pg_proc p
    JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
    JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'synthdata'
   ORDER BY 1")
for f in $functions; do
  # A here-string, not a pipe: with pipefail, grep -q leaving early fails printf (SIGPIPE).
  if ! grep -qF "\`$f(" <<<"$reference"; then
    echo "README.md: the Reference does not document $f (expected \`$f(…\` in the '## Reference' section)" >&2
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
    echo "README.md: the Settings table does not list $s" >&2
    missing=1
  fi
done
[ "$missing" = 0 ] || exit 1
say "README documents all $(wc -w <<<"$functions") functions and $(wc -w <<<"$settings_defined") settings"
