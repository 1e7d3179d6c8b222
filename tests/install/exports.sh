#!/bin/sh
# Checks what libsagasu.so exports (api/sagasu.map): its SONAME is
# libsagasu.so.MAJOR, every function of the C API is exported, and every
# defined dynamic symbol is either a sagasu_* function declared in
# <sagasu/sagasu_c.h> or a sagasu:: name declared in include/sagasu/ (no
# engine classes, no Impl, no RocksDB/ICU/MeCab/standard library symbols).
#
# With FRONTEND files (object files or archives of the command line and the
# server, which sit on include/sagasu/ alone), also checks that every sagasu::
# function they call and do not define themselves is exported: a public
# function missing from api/sagasu.map fails here, not in an embedder's link.
#
# Usage: exports.sh LIBSAGASU_SO SOURCE_DIR MAJOR [FRONTEND...]
set -eu
lib=$1
src=$2
major=$3
shift 3
fail() { echo "exports test: FAIL: $*" >&2; exit 1; }
command -v nm >/dev/null || fail "nm not found (binutils)"

soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = "libsagasu.so.$major" ] || fail "SONAME is '$soname', expected libsagasu.so.$major"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sagasu-exports-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '{print $3}' | sort -u >"$tmp/mangled"
nm -D --defined-only -C "$lib" | cut -d' ' -f3- | sort -u >"$tmp/demangled"
[ -s "$tmp/mangled" ] || fail "no dynamic symbols in $lib"

# The identifiers the public headers declare (types, functions, namespaces).
cat "$src"/include/sagasu/*.h | tr -c 'A-Za-z0-9_' '\n' | sort -u >"$tmp/public_words"
bad=0
while IFS= read -r sym; do
  case $sym in
    sagasu_*)
      grep -qx "$sym" "$tmp/public_words" || { echo "not in sagasu_c.h: $sym"; bad=1; } ;;
    sagasu::*)
      # The first name after sagasu:: must be a public one, and no nested Impl.
      first=$(printf '%s\n' "$sym" | sed 's/^sagasu::\([A-Za-z0-9_]*\).*/\1/')
      grep -qx "$first" "$tmp/public_words" || { echo "not a public name: $sym"; bad=1; }
      # (Index's constructor takes an Impl; Impl's own members must not show.)
      case ${sym%%(*} in *::Impl*) echo "private implementation exported: $sym"; bad=1 ;; esac ;;
    *)
      echo "foreign symbol exported: $sym"; bad=1 ;;
  esac
done <"$tmp/demangled"
[ "$bad" = 0 ] || fail "libsagasu.so exports more than the public API (api/sagasu.map)"

# Every function of the C API is there.
for fn in $(sed -n 's/^[a-z_0-9 ]*[ *]\(sagasu_[a-z_]*\)(.*/\1/p' "$src/include/sagasu/sagasu_c.h"); do
  grep -qx "$fn" "$tmp/mangled" || { echo "C API function not exported: $fn"; bad=1; }
done
# And the C++ facade's entry points.
for fn in 'sagasu::Index::Open(' 'sagasu::Index::Search(' 'sagasu::Version()' 'sagasu::Status::ToString' \
          'sagasu::HighlightedText::Render' 'sagasu::SearchResponseToJson' 'sagasu::ParseDateFilter'; do
  grep -qF "$fn" "$tmp/demangled" || { echo "C++ API function not exported: $fn"; bad=1; }
done
# What the front-ends call through the public API.
if [ $# -gt 0 ]; then
  for f in "$@"; do [ -f "$f" ] || fail "no such front-end file: $f"; done
  nm -C --undefined-only "$@" 2>/dev/null | sed -n 's/^ *U \(sagasu::.*\)/\1/p' | sort -u >"$tmp/front_used"
  nm -C --defined-only "$@" 2>/dev/null | sed -n 's/^[0-9a-f]* [TWtwVvBbDdRr] \(sagasu::.*\)/\1/p' | sort -u >"$tmp/front_defined"
  [ -s "$tmp/front_used" ] || fail "no sagasu:: calls found in $*"
  comm -23 "$tmp/front_used" "$tmp/front_defined" | comm -23 - "$tmp/demangled" >"$tmp/missing"
  if [ -s "$tmp/missing" ]; then
    sed 's/^/called by the command line or server but not exported: /' "$tmp/missing"
    bad=1
  fi
fi
[ "$bad" = 0 ] || fail "libsagasu.so lacks part of the public API"
echo "exports test: OK ($(wc -l <"$tmp/mangled") symbols, SONAME $soname)"
