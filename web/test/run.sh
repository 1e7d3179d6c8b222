#!/usr/bin/env bash
# Browser test of the search page: web/test/run.sh PATH/TO/sagasu
# Uses Debian's chromium and playwright-core from npm (pinned in
# package-lock.json; no browser is ever downloaded). Exits 77 (CTest: skipped)
# when node or chromium is missing.
set -euo pipefail
sagasu=$(realpath "${1:?usage: web/test/run.sh PATH/TO/sagasu}")
chromium=${CHROMIUM:-/usr/bin/chromium}
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "SKIP: node/npm not found (scripts/setup.sh installs them)"
  exit 77
fi
if [ ! -x "$chromium" ]; then
  echo "SKIP: no chromium at $chromium (scripts/setup.sh installs Debian's chromium)"
  exit 77
fi
cd "$(dirname "$0")"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Install the pinned dependencies once (and again when the lock file changes);
# the lock keeps two concurrent runs from installing over each other.
(
  flock 9
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
) 9>"${TMPDIR:-/tmp}/server-web-e2e-npm.lock"
exec node e2e.mjs "$sagasu" "$chromium"
