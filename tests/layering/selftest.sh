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
rm "$tmp/indexer/w.cc"
# The front-ends sit on include/sagasu/ only; in api/ only sagasu.cc reaches the engine.
mkdir -p "$tmp/cli" "$tmp/server" "$tmp/api"
printf '#include "sagasu/sagasu.h"\n#include "server/server.h"\n' >"$tmp/cli/main.cc"
printf '#include "sagasu/json.h"\n#include <httplib.h>\n' >"$tmp/server/server.cc"
printf '#include "query/searcher.h"\n' >"$tmp/api/sagasu.cc"
printf '#include "sagasu/sagasu.h"\n#include <nlohmann/json.hpp>\n' >"$tmp/api/sagasu_c.cc"
"$check" "$tmp" >/dev/null || { echo "a clean front-end tree was refused"; exit 1; }
for bad in 'cli/x.cc|#include "query/searcher.h"' 'server/x.cc|#include "common/status.h"' \
           'api/sagasu_c.cc|#include "indexer/sources/source.h"' 'api/json.cc|#include "common/document.h"'; do
  file=${bad%%|*}
  printf '%s\n' "${bad#*|}" >>"$tmp/$file"
  if "$check" "$tmp" >"$tmp/out"; then echo "$file: '${bad#*|}' was not caught"; exit 1; fi
  grep -q "$file" "$tmp/out" || { echo "the message does not name $file"; exit 1; }
  printf '#include "sagasu/sagasu.h"\n' >"$tmp/$file"
done
echo "selftest ok"
