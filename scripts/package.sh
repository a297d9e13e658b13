#!/usr/bin/env bash
# Builds a Debian package of synthdata for one PostgreSQL major version and prints its path:
#   target/package/postgresql-<major>-synthdata_<version>_<arch>.deb
# laid out like the Debian/PGDG packages of PostgreSQL extensions:
#   usr/lib/postgresql/<major>/lib/synthdata.so
#   usr/share/postgresql/<major>/extension/synthdata.control, synthdata--*.sql
# whatever paths the pg_config used for the build reports (a relocatable tree works too).
#
# Usage: scripts/package.sh [--pg-config PATH] [--features "F1 F2"]
#   --pg-config  the PostgreSQL to build for (env PG_CONFIG; default PostgreSQL 15 from Debian)
#   --features   extra cargo features (env SYNTH_FEATURES); pgrx adds pg<major> by itself and
#                drops the default pg15 when building for another major, so `--features pg18`
#                is accepted but not needed.
# Builds with `cargo pgrx package` (release); writes nothing outside target/.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
pg_config=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
features=${SYNTH_FEATURES:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --pg-config) pg_config=$2; shift 2 ;;
    --pg-config=*) pg_config=${1#*=}; shift ;;
    --features) features=$2; shift 2 ;;
    --features=*) features=${1#*=}; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -x "$pg_config" ] || { echo "package.sh: no pg_config at $pg_config" >&2; exit 1; }

# "PostgreSQL 15.14 (Debian 15.14-0+deb12u1)" -> 15
major=$("$pg_config" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
case "$major" in ''|*[!0-9]*) echo "package.sh: cannot read the major version from $pg_config" >&2; exit 1 ;; esac
pkglibdir=$("$pg_config" --pkglibdir)
sharedir=$("$pg_config" --sharedir)

# The version of the package is the crate's ([package] version in Cargo.toml). A Cargo
# pre-release (0.2.0-rc.1) sorts before its release in Debian only with `~`.
cargo_version=$(sed -n '/^\[package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' "$REPO/Cargo.toml" | head -1)
[ -n "$cargo_version" ] || { echo "package.sh: no version in Cargo.toml" >&2; exit 1; }
deb_version=${cargo_version//-/\~}
arch=$(dpkg --print-architecture)
name=postgresql-$major-synthdata
out_dir="$REPO/target/package"
deb="$out_dir/${name}_${deb_version}_${arch}.deb"

# 1. Build into a staging tree; pgrx places the files under the pg_config's own paths.
stage="$out_dir/stage-pg$major"
rm -rf "$stage"
feature_args=()
[ -z "$features" ] || feature_args=(--features "$features")
echo "==> cargo pgrx package for PostgreSQL $major ($pg_config)" >&2
(cd "$REPO" && cargo pgrx package --pg-config "$pg_config" --out-dir "$stage" "${feature_args[@]}" >&2)

# 2. Lay the files out as Debian does, wherever the build tree keeps them.
root="$out_dir/root-pg$major"
rm -rf "$root"
lib_dst="$root/usr/lib/postgresql/$major/lib"
ext_dst="$root/usr/share/postgresql/$major/extension"
mkdir -p "$lib_dst" "$ext_dst" "$root/DEBIAN"
install -m 0644 "$stage$pkglibdir/synthdata.so" "$lib_dst/"
install -m 0644 "$stage$sharedir/extension/synthdata.control" "$ext_dst/"
shopt -s nullglob
sql_files=("$stage$sharedir"/extension/synthdata--*.sql)
# Hand-written upgrade scripts (sql/synthdata--<from>--<to>.sql) and the frozen install scripts
# of released versions (sql/archive/synthdata--<version>.sql), as install_extension ships them.
upgrades=("$REPO"/sql/synthdata--*--*.sql "$REPO"/sql/archive/synthdata--*.sql)
shopt -u nullglob
[ ${#sql_files[@]} -gt 0 ] || { echo "package.sh: pgrx produced no synthdata--*.sql" >&2; exit 1; }
install -m 0644 "${sql_files[@]}" "$ext_dst/"
# Separately: pgrx already copied the upgrade scripts among its files, and one `install` call
# refuses to write the same destination twice.
if [ ${#upgrades[@]} -gt 0 ]; then install -m 0644 "${upgrades[@]}" "$ext_dst/"; fi
[ -f "$ext_dst/synthdata--$cargo_version.sql" ] ||
  { echo "package.sh: no synthdata--$cargo_version.sql among the built SQL files" >&2; exit 1; }

# 3. Control file. Shared-library dependencies come from dpkg-shlibdeps when it is there.
depends="postgresql-$major"
if command -v dpkg-shlibdeps >/dev/null; then
  shlibs=$(cd "$root" && mkdir -p debian && printf 'Source: synthdata\n\nPackage: %s\nArchitecture: any\n' "$name" > debian/control &&
    dpkg-shlibdeps -O "usr/lib/postgresql/$major/lib/synthdata.so" 2>/dev/null | sed -n 's/^shlibs:Depends=//p'; rm -rf debian)
  [ -z "$shlibs" ] || depends="$depends, $shlibs"
fi
installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<EOF
Package: $name
Version: $deb_version
Architecture: $arch
Maintainer: synthdata developers <synthdata@users.noreply.github.com>
Installed-Size: $installed_size
Depends: $depends
Section: database
Priority: optional
Description: realistic synthetic data for PostgreSQL $major, generated in the database
 synthdata is a PostgreSQL extension (CREATE EXTENSION synthdata) that fills tables
 with rows that follow their statistics and obey every constraint of the schema:
 synth_fill, synth_rows, synth_fill_schema from a profile, masking and
 pseudonymization, quality and privacy checks.
EOF
(cd "$root" && find usr -type f -print0 | sort -z | xargs -0 md5sum > DEBIAN/md5sums)

# 4. One package per major in target/package: the Dockerfile copies it by pattern.
rm -f "$out_dir/${name}"_*.deb
dpkg-deb --build --root-owner-group "$root" "$deb" >&2
rm -rf "$stage" "$root"
echo "$deb"
