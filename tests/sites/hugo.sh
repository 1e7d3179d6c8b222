#!/bin/sh
# The Hugo recipe (examples/hugo/README.md) on a real site: builds
# tests/sites/hugo with Debian's `hugo` and the shipped partial, runs
# `sagasu index` on the site root and searches (tests/sites/hugo_site_test.py).
# Exits 77 (ctest SKIP_RETURN_CODE) only when hugo or python3 is absent.
#
# Usage: hugo.sh SAGASU_EXE SOURCE_DIR
set -eu
command -v hugo >/dev/null 2>&1 || { echo "hugo not found: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
exec python3 "$2/tests/sites/hugo_site_test.py" "$1" "$2"
