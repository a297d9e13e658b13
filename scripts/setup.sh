#!/usr/bin/env bash
# Installs what building and testing synthdata needs on Debian 12; safe to run again (seconds).
#   PostgreSQL 15 server and headers, clang, sudo, cargo-pgrx 0.18.0, and `cargo pgrx init`.
set -euo pipefail
source "$(dirname "$0")/common.sh"

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo

need=()
for pkg in postgresql-15 postgresql-server-dev-15 clang libclang-dev sudo; do
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

PGRX_HOME=${PGRX_HOME:-$HOME/.pgrx}
if ! grep -qs '^pg15 *=' "$PGRX_HOME/config.toml"; then
  say "registering PostgreSQL 15 with pgrx"
  cargo pgrx init --pg15 "$PG_CONFIG" >/dev/null
fi
say "setup complete"
