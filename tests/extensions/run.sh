#!/usr/bin/env bash
# Types of extensions that are not part of PostgreSQL's contrib: PostGIS geometry and geography,
# and pgvector's vector. Installs PostGIS from Debian's packages when it is missing (PostgreSQL 15
# only: there is no PostGIS package for the PostgreSQL 18 tree the tests use), and runs the
# pgvector checks where pgvector is installed (Debian 12 does not package it: build it from its
# source, https://github.com/pgvector/pgvector, `make && make install` against this PostgreSQL).
# Needs the extension installed and the cluster started (scripts/test.sh does both).
set -euo pipefail
source "$(dirname "$0")/../../scripts/common.sh"
here="$REPO/tests/extensions"

if [ "$PG_MAJOR" = 15 ] && [ ! -e "$("$PG_CONFIG" --sharedir)/extension/postgis.control" ]; then
  say "installing PostGIS (postgresql-15-postgis-3) from Debian's packages"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql-15-postgis-3 >/dev/null
fi

available() { psql_q -At -d postgres -c "SELECT count(*) FROM pg_available_extensions WHERE name = '$1'"; }
db=synthdata_extensions
psql_q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE template0"
psql_q -d "$db" -c "CREATE EXTENSION synthdata"

ran=0
if [ "$(available postgis)" = 1 ]; then
  say "PostGIS: geometry and geography columns of each subtype and SRID"
  psql_q -d "$db" -f "$here/postgis.sql"
  ran=$((ran + 1))
else
  echo "skipped PostGIS: it is not installed for PostgreSQL $PG_MAJOR (Debian packages it for 15 only)"
fi
if [ "$(available vector)" = 1 ]; then
  say "pgvector: vector(n) columns"
  psql_q -d "$db" -f "$here/pgvector.sql"
  ran=$((ran + 1))
else
  echo "skipped pgvector: it is not installed for PostgreSQL $PG_MAJOR (Debian 12 does not package it; build it from https://github.com/pgvector/pgvector with PG_CONFIG=$PG_CONFIG)"
fi
psql_q -d postgres -c "DROP DATABASE $db"
say "extension types: $ran of 2 extensions checked"
