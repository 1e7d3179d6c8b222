#!/usr/bin/env bash
# Runs one fuzz target (or all of them) for longer than the test suite does.
#
#   scripts/fuzz.sh TARGET [SECONDS] [libFuzzer flags...]
#   scripts/fuzz.sh all [SECONDS]
#
# TARGET is front_matter, markdown, json_lines, normalizer, query_parser,
# http_params or capi_json (tests/fuzz/<TARGET>_fuzz.cc); SECONDS defaults to
# 60 (per target). Builds with clang, libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer into build-fuzz/ (FUZZ_BUILD_DIR), compiling only
# the libraries the target needs. New inputs that reach new code are kept in
# build-fuzz/tests/fuzz/corpus/TARGET/ (copy the useful ones to
# tests/fuzz/corpus/TARGET/); a crash or a failed invariant is saved as
# build-fuzz/tests/fuzz/TARGET-crash-<sha1> and can be replayed with
#   build-fuzz/tests/fuzz/fuzz_TARGET FILE
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET|all [SECONDS] [libFuzzer flags...]}
seconds=${2:-60}
shift $(( $# >= 2 ? 2 : 1 ))
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
JOBS=${JOBS:-$(nproc)}
all=(front_matter markdown json_lines normalizer query_parser http_params capi_json)
if [ "$target" = all ]; then targets=("${all[@]}"); else targets=("$target"); fi
for t in "${targets[@]}"; do
  [ -f "tests/fuzz/${t}_fuzz.cc" ] || { echo "fuzz: no target '$t' (one of: ${all[*]})" >&2; exit 2; }
done

if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
  CC=${FUZZ_CC:-clang} CXX=${FUZZ_CXX:-clang++} cmake -S . -B "$BUILD_DIR" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSAGASU_FUZZ=ON -DSAGASU_SANITIZE=ON \
    -DSAGASU_BUILD_TESTS=OFF -DSAGASU_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$BUILD_DIR" -j"$JOBS" --target "${targets[@]/#/fuzz_}"

status=0
for t in "${targets[@]}"; do
  dir="$BUILD_DIR/tests/fuzz"
  mapfile -t seeds <"$dir/$t.seeds"
  mkdir -p "$dir/corpus/$t"
  echo "fuzz: $t for ${seconds}s"
  "$dir/fuzz_$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$dir/$t-" "$@" "$dir/corpus/$t" "${seeds[@]}" || status=$?
done
exit $status
