#!/usr/bin/env bash
# The zero-code fixture of synthdata's image (docker/Dockerfile copies it to
# /docker-entrypoint-initdb.d/zz-synthdata.sh). The image's entrypoint runs it once, on the first
# start of an empty data directory, after every other file of /docker-entrypoint-initdb.d, while
# its temporary server runs. It:
#   1. creates the extension in POSTGRES_DB (CREATE EXTENSION IF NOT EXISTS synthdata);
#   2. runs SYNTHDATA_SCHEMA_SQL, a file of SQL (your DDL, e.g. a pg_dump --schema-only file), if set;
#   3. fills SYNTHDATA_SCHEMA (default public) with one synth_fill_schema call when SYNTHDATA_PROFILE
#      (a profile file, what synth_profile_schema returns), SYNTHDATA_ROWS (rows per table) or
#      SYNTHDATA_SCALE (times the profile's row counts) is set, with SYNTHDATA_SEED (the same seed,
#      the same rows) and SYNTHDATA_LOCALE when set, and prints the rows it wrote per table.
# Any error stops the container's start (the entrypoint exits), with PostgreSQL's message.
set -Eeuo pipefail

run_psql() {
  PGHOST= PGHOSTADDR= psql -X -v ON_ERROR_STOP=1 --no-psqlrc --no-password \
    --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" "$@"
}
need_file() { # VARIABLE: its value must name a readable file
  local path=${!1}
  [ -r "$path" ] || { echo "synthdata: $1=$path is not a file this container can read" >&2; exit 1; }
}

echo "synthdata: CREATE EXTENSION IF NOT EXISTS synthdata in database ${POSTGRES_DB:-$POSTGRES_USER}"
run_psql -q -c 'CREATE EXTENSION IF NOT EXISTS synthdata'

if [ -n "${SYNTHDATA_SCHEMA_SQL:-}" ]; then
  need_file SYNTHDATA_SCHEMA_SQL
  echo "synthdata: running $SYNTHDATA_SCHEMA_SQL"
  run_psql -q -f "$SYNTHDATA_SCHEMA_SQL"
fi

if [ -z "${SYNTHDATA_PROFILE:-}${SYNTHDATA_ROWS:-}${SYNTHDATA_SCALE:-}" ]; then
  echo "synthdata: no SYNTHDATA_PROFILE, SYNTHDATA_ROWS or SYNTHDATA_SCALE: nothing to fill"
  exit 0
fi
[ -z "${SYNTHDATA_PROFILE:-}" ] || need_file SYNTHDATA_PROFILE
export SYNTHDATA_PROFILE=${SYNTHDATA_PROFILE:-}
schema=${SYNTHDATA_SCHEMA:-public}
echo "synthdata: filling schema $schema${SYNTHDATA_PROFILE:+ from $SYNTHDATA_PROFILE}" \
  "(rows ${SYNTHDATA_ROWS:-from the profile}, scale ${SYNTHDATA_SCALE:-1}, seed ${SYNTHDATA_SEED:-none})"
start=$(date +%s%N)
# The profile is read by psql itself (\set with backquotes), not passed on a command line, which
# would limit its size. Empty variables become NULL, i.e. the function's default.
run_psql -v schema="$schema" -v rows="${SYNTHDATA_ROWS:-}" -v scale="${SYNTHDATA_SCALE:-1}" \
  -v seed="${SYNTHDATA_SEED:-}" -v locale="${SYNTHDATA_LOCALE:-}" <<'SQL'
\set profile `[ -z "$SYNTHDATA_PROFILE" ] || cat "$SYNTHDATA_PROFILE"`
SELECT table_name, rows
  FROM synth_fill_schema(:'schema',
                         scale   => :'scale'::float8,
                         seed    => nullif(:'seed', '')::bigint,
                         profile => nullif(:'profile', '')::jsonb,
                         locale  => nullif(:'locale', ''),
                         rows    => nullif(:'rows', '')::float8)
 ORDER BY table_name::text;
SQL
echo "synthdata: filled in $(( ($(date +%s%N) - start) / 1000000 )) ms"
