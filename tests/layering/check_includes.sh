#!/usr/bin/env bash
# The layering rules of the source tree (README, "Architecture"), checked on
# every #include. Usage: check_includes.sh SOURCE_ROOT
# Prints each include that crosses a forbidden line and exits 1 if any does.
set -uo pipefail
root=${1:?usage: check_includes.sh SOURCE_ROOT}
cd "$root" || exit 2

# folder | what its files may not include (extended regex on the include line)
rules=(
  "common|#include [<\"](rocksdb/|storage/|indexer/|query/|server/|cli/|api/)"
  "common/text|#include [<\"](unicode/|mecab\.h|common/analyzer/)"
  "storage|#include [<\"](mecab\.h|unicode/|common/analyzer/|indexer/|query/|server/|cli/|api/)"
  "indexer|#include [<\"](rocksdb/|mecab\.h|unicode/|query/|server/|cli/|api/)"
  "query|#include [<\"](rocksdb/|mecab\.h|unicode/|indexer/|server/|cli/|api/)"
  # The front-ends sit on include/sagasu/ (plus their own folder, the server
  # for `sagasu serve`, and CLI11, httplib, nlohmann).
  "server|#include [<\"](rocksdb/|mecab\.h|unicode/|common/|storage/|indexer/|query/|api/|cli/)"
  "cli|#include [<\"](rocksdb/|mecab\.h|unicode/|common/|storage/|indexer/|query/|api/)"
  "api|#include [<\"](rocksdb/|mecab\.h|unicode/)"
  "include/sagasu|#include [<\"](rocksdb/|mecab\.h|unicode/|common/|storage/|indexer/|query/|server/|cli/|api/)"
)

bad=0
for rule in "${rules[@]}"; do
  dir=${rule%%|*}
  pattern=${rule#*|}
  [ -d "$dir" ] || continue
  # common/analyzer is the one place allowed to use MeCab and ICU; the
  # common rule above does not forbid them, the others do.
  hits=$(grep -rnE --include='*.h' --include='*.cc' --include='*.c' "^[[:space:]]*$pattern" "$dir" || true)
  if [ -n "$hits" ]; then
    while IFS= read -r line; do
      echo "forbidden include in $dir/: $line"
    done <<<"$hits"
    bad=1
  fi
done
# In api/, only the C++ facade (api/sagasu.cc) reaches the engine; the C API,
# the JSON codec and the limits table include sagasu/ headers alone (and
# nlohmann's JSON).
hits=$([ -d api ] && grep -rnE --include='*.h' --include='*.cc' --include='*.c' '^[[:space:]]*#include "' api \
         | grep -v '^api/sagasu\.cc:' | grep -vE '#include "sagasu/' || true)
if [ -n "$hits" ]; then
  while IFS= read -r line; do echo "api/ file other than sagasu.cc reaches past include/sagasu/: $line"; done <<<"$hits"
  bad=1
fi
# MeCab and ICU only in common/analyzer/ (and the benches that measure them),
# and ICU's time zones in common/time_zone.cc, behind a header without ICU.
hits=$([ -d common ] && grep -rnE --include='*.h' --include='*.cc' '^[[:space:]]*#include [<"](mecab\.h|unicode/)' common \
         | grep -v '^common/analyzer/' | grep -vE '^common/time_zone\.cc:[0-9]+:[[:space:]]*#include <unicode/' || true)
if [ -n "$hits" ]; then
  while IFS= read -r line; do echo "MeCab/ICU outside common/analyzer/ (and ICU outside common/time_zone.cc): $line"; done <<<"$hits"
  bad=1
fi
[ $bad -eq 0 ] && echo "include rules hold"
exit $bad
