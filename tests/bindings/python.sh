#!/bin/sh
# Tests of the Python binding (bindings/python) against a built libsagasu.so:
#   1. the unittest suite from the checkout, with SAGASU_LIBRARY set;
#   2. `pip install bindings/python` into a fresh venv (offline: the system's
#      setuptools and wheel), then the same suite against the installed package.
# Exits 77 (ctest SKIP_RETURN_CODE) only when python3 is absent.
#
# Usage: python.sh LIBSAGASU_SO SOURCE_DIR
set -eu
lib=$1
src=$2
# Debian's python3 (with python3-venv, -setuptools, -wheel from scripts/setup.sh)
# before another python3 on PATH; PYTHON overrides.
if [ -z "${PYTHON:-}" ]; then
  if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
python=$PYTHON
command -v "$python" >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }

export SAGASU_LIBRARY="$lib"
export SAGASU_DEMO_POSTS="$src/examples/demo/_posts"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sagasu-python-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "== unittest from the checkout"
(cd "$src/bindings/python" && "$python" -m unittest discover -s tests -v)

echo "== pip install into a venv"
# --system-site-packages and --no-build-isolation: build with the system's
# setuptools and wheel, no download. From a copy: pip builds in the tree.
"$python" -m venv --system-site-packages "$tmp/venv"
cp -r "$src/bindings/python" "$tmp/src"
rm -rf "$tmp/src/build" "$tmp/src"/*.egg-info
"$tmp/venv/bin/python" -m pip install --no-index --no-build-isolation --quiet "$tmp/src"
cp -r "$src/bindings/python/tests" "$tmp/tests"
(cd "$tmp" && "$tmp/venv/bin/python" -c 'import sagasu, sys; assert "site-packages" in sagasu.__file__, sagasu.__file__' \
  && "$tmp/venv/bin/python" -m unittest discover -s tests)
