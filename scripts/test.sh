#!/usr/bin/env bash
# README command 2: set up, build and run the whole test suite.
#
# The suite runs on a build with AddressSanitizer and UndefinedBehaviorSanitizer
# (-DSAGASU_SANITIZE=ON, -O1, assertions on) in build-san/, so every test is
# also a memory-safety and undefined-behaviour check, leaks included.
# SAGASU_TEST_SANITIZE=0 runs it on the plain release build in build/ instead
# (what `scripts/build.sh` makes). BUILD_DIR and JOBS override the folder and
# the parallelism.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ "${SAGASU_TEST_SANITIZE:-1}" != 0 ]; then
  export BUILD_DIR=${BUILD_DIR:-build-san}
  scripts/build.sh -DSAGASU_SANITIZE=ON \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1"
else
  export BUILD_DIR=${BUILD_DIR:-build}
  scripts/build.sh
fi
ctest --test-dir "$BUILD_DIR" --output-on-failure -j"${JOBS:-$(nproc)}"
# The fuzz targets once more, under libFuzzer with AddressSanitizer and
# UndefinedBehaviorSanitizer (a clang build of the libraries they need, in
# build-fuzz/): 3 seconds each. SAGASU_SKIP_FUZZ=1 leaves this out.
if [ "${SAGASU_SKIP_FUZZ:-0}" != 1 ]; then
  scripts/fuzz.sh all "${SAGASU_FUZZ_SECONDS:-3}"
fi
