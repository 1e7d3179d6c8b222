#!/usr/bin/env bash
# deploy/Containerfile cannot be built here (no container engine), so check
# what can be: the runtime stage installs the Debian package of every shared
# library the built `sagasu` links, and every package either stage names
# exists in this machine's Debian (apt-cache). hadolint lints it when present.
# Usage: containerfile_check.sh SAGASU_EXE SOURCE_DIR. Exit 77 (skip) without dpkg/apt-cache.
set -euo pipefail
sagasu=${1:?usage: containerfile_check.sh SAGASU_EXE SOURCE_DIR}
src=${2:?usage: containerfile_check.sh SAGASU_EXE SOURCE_DIR}
file="$src/deploy/Containerfile"
if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-cache >/dev/null 2>&1; then
  echo "SKIP: not a Debian system"
  exit 77
fi
bad=0
# The package names after each `apt-get install ... \` up to the end of that RUN.
packages() {  # stage number (1 build, 2 run)
  awk -v want="$1" '
    /^FROM / { stage++ }
    stage == want && /apt-get install/ { on = 1; next }
    on { line = $0; sub(/\\$/, "", line); if (line ~ /&&/) { on = 0; next } print line }
  ' "$file" | tr ' ' '\n' | grep -E '^[a-z0-9][a-z0-9.+-]+$' || true
}
runtime=$(packages 2)
[ -n "$runtime" ] || { echo "FAIL: found no runtime packages in $file"; exit 1; }
# shellcheck disable=SC2046,SC2086  # one name per word
known=$(apt-cache show --no-all-versions $(packages 1) $runtime 2>/dev/null | sed -n 's/^Package: //p')
for p in $(packages 1) $runtime; do
  grep -qx "$p" <<<"$known" || { echo "FAIL: $file names $p, which Debian does not have"; bad=1; }
done
# Libraries of the base image itself.
base="libc6 libstdc++6 libgcc-s1"
# A direct dependency the binary takes no symbol from is left out: the
# release build links with --as-needed and drops it, but a sanitizer's link
# (SAGASU_SANITIZE) turns that off and keeps it (RocksDB's libgflags).
unused=$(ldd -u "$sagasu" 2>/dev/null | awk '$1 ~ /^\// { print $1 }' || true)
for lib in $(ldd "$sagasu" | awk '$3 ~ /^\// { print $3 }'); do
  grep -qxF "$lib" <<<"$unused" && continue
  real=$(realpath "$lib")
  # dpkg knows a file by the path its package ships (/lib or /usr/lib: usrmerge).
  pkg=$(dpkg -S "$lib" "$real" "${real#/usr}" "/usr$real" 2>/dev/null | head -1 | cut -d: -f1) || true
  [ -n "$pkg" ] || { echo "FAIL: no Debian package holds $real"; bad=1; continue; }
  # A sanitized test build (SAGASU_SANITIZE) links the sanitizers' runtimes,
  # which a release image does not ship.
  case $pkg in libasan[0-9]* | libubsan[0-9]*) continue ;; esac
  if ! grep -qx "$pkg" <<<"$runtime" && ! grep -qw "$pkg" <<<"$base"; then
    echo "FAIL: sagasu links $lib from $pkg, which the runtime stage of $file does not install"
    bad=1
  fi
done
if command -v hadolint >/dev/null 2>&1; then
  hadolint "$file" || bad=1
fi
[ "$bad" -eq 0 ] && echo "OK: $file installs every library sagasu links; all its packages exist"
exit "$bad"
