#!/usr/bin/env bash
# The include check must fail on a tree that breaks a rule, and pass on one
# that keeps them.
set -euo pipefail
check=$(dirname "$0")/check_includes.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/query" "$tmp/indexer" "$tmp/storage"
printf '#include "storage/snapshot.h"\n' >"$tmp/query/plan.cc"
printf '#include <rocksdb/db.h>\n' >"$tmp/storage/db.cc"
"$check" "$tmp" >/dev/null || { echo "a clean tree was refused"; exit 1; }
printf '#include "indexer/index_writer.h"\n' >"$tmp/query/bad.cc"
if "$check" "$tmp" >"$tmp/out"; then echo "query/ including indexer/ was not caught"; exit 1; fi
grep -q "query/bad.cc" "$tmp/out" || { echo "the message does not name the file"; exit 1; }
rm "$tmp/query/bad.cc"
printf '  #include <rocksdb/db.h>\n' >"$tmp/indexer/w.cc"
if "$check" "$tmp" >/dev/null; then echo "indexer/ including RocksDB was not caught"; exit 1; fi
echo "selftest ok"
