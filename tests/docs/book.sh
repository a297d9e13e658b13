#!/usr/bin/env bash
# Builds the manual (docs/, an mdBook) into docs/book/ and checks its links: every relative link
# and #anchor of the built HTML and of README.md points at a file or id that exists
# (tests/docs/links.py). Fails naming each broken link. Needs mdbook (scripts/setup.sh installs it).
set -euo pipefail
source "$(dirname "$0")/../../scripts/common.sh"
if ! log=$(mdbook build "$REPO/docs" 2>&1); then
  printf '%s\n' "$log" >&2
  echo "mdbook build docs failed" >&2
  exit 1
fi
python3 "$REPO/tests/docs/links.py" "$REPO/docs/book" "$REPO"
