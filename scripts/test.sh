#!/usr/bin/env bash
# README command 2: set up, build and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j"${JOBS:-$(nproc)}"
# The fuzz targets once more, under libFuzzer with AddressSanitizer and
# UndefinedBehaviorSanitizer (a clang build of the libraries they need, in
# build-fuzz/): 3 seconds each. SAGASU_SKIP_FUZZ=1 leaves this out.
if [ "${SAGASU_SKIP_FUZZ:-0}" != 1 ]; then
  scripts/fuzz.sh all "${SAGASU_FUZZ_SECONDS:-3}"
fi
