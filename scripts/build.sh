#!/usr/bin/env bash
# Configures and builds sagasu into build/ (Release with debug info).
# Extra arguments go to the CMake configure step, e.g. -DSAGASU_SANITIZE=ON.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$BUILD_DIR" -j"$JOBS"
