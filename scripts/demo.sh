#!/usr/bin/env bash
# The demo: sets up, builds and installs synthdata into a local PostgreSQL 15 cluster of its own,
# creates the shop schema (examples/shop.sql), fills it and prints counts, sample rows and timings.
set -euo pipefail
source "$(dirname "$0")/common.sh"
"$REPO/scripts/setup.sh"
install_extension --release
cluster_start
say "creating database synthdata_demo"
"$PG_BIN/dropdb" --if-exists synthdata_demo
"$PG_BIN/createdb" synthdata_demo
psql_q -d synthdata_demo -f "$REPO/examples/shop.sql"
say "filling it"
"$PG_BIN/psql" -X -v ON_ERROR_STOP=1 -d synthdata_demo -f "$REPO/examples/demo.sql"
say "done: connect with  psql -h $PGHOST -p $PGPORT -U $PGUSER synthdata_demo"
