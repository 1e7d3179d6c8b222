#!/bin/sh
# Install test: installs the build tree BUILD into a temporary prefix, then
# builds and runs the embedding examples against the installed files only:
#   examples/embed    (C++, find_package(sagasu): sagasu::sagasu, then sagasu::shared)
#   examples/embed_c  (C, pkg-config: libsagasu.so, then libsagasu.a with --static)
# runs the Python and Ruby bindings' suites on the installed libsagasu.so.0,
# and checks the installed `sagasu` binary finds its user dictionary when
# the prefix differs from the one configured at build time; the man page
# and the shell completions are installed beside it.
#
# Usage: run.sh BUILD_DIR SOURCE_DIR [GENERATOR [CXX [CC]]]
set -eu
build=$1
src=$2
generator=${3:-Ninja}
cxx=${4:-c++}
cc=${5:-cc}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sagasu-install-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
fail() { echo "install test: FAIL: $*" >&2; exit 1; }

echo "== install into $prefix"
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "cmake --install"; }
for f in include/sagasu/sagasu.h include/sagasu/status.h include/sagasu/sagasu_c.h lib/libsagasu.a \
         lib/libsagasu.so.0 lib/libsagasu.so \
         lib/cmake/sagasu/sagasuConfig.cmake lib/cmake/sagasu/sagasuConfigVersion.cmake \
         lib/cmake/sagasu/sagasuTargets.cmake lib/pkgconfig/sagasu.pc share/sagasu/sagasu-user.dic bin/sagasu \
         share/man/man1/sagasu.1 share/bash-completion/completions/sagasu share/zsh/site-functions/_sagasu; do
  [ -f "$prefix/$f" ] || fail "not installed: $f"
done
# Public headers must not reach outside include/sagasu/ and the standard library.
if grep -h '^#include' "$prefix"/include/sagasu/*.h | grep -v -e '<[a-z_]*\(\.h\)\?>' -e '"sagasu/'; then
  fail "public header includes a non-public header"
fi

echo "== examples/embed (CMake package)"
cmake -S "$src/examples/embed" -B "$tmp/embed" -G "$generator" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$prefix" >"$tmp/embed.log" 2>&1 \
  || { cat "$tmp/embed.log"; fail "configure examples/embed"; }
cmake --build "$tmp/embed" >>"$tmp/embed.log" 2>&1 || { cat "$tmp/embed.log"; fail "build examples/embed"; }
# The example takes the dictionary path from the package (SAGASU_INSTALLED_USER_DIC).
grep -q "SAGASU_INSTALLED_USER_DIC=.*$prefix/share/sagasu/sagasu-user.dic" "$tmp/embed/build.ninja" 2>/dev/null \
  || [ "$generator" != Ninja ] || fail "sagasu::sagasu does not define SAGASU_INSTALLED_USER_DIC"
env -u SAGASU_USER_DIC "$tmp/embed/embed" >"$tmp/embed.out" 2>&1 || { cat "$tmp/embed.out"; fail "run examples/embed"; }
cat "$tmp/embed.out"
grep -q '^sagasu [0-9.]*: 2 result' "$tmp/embed.out" || fail "embed: expected 2 results"
sed -n 2p "$tmp/embed.out" | grep -q '^2024-06-18-tsuyu ' || fail "embed: expected 2024-06-18-tsuyu first"
grep -q '<mark>北海道</mark>' "$tmp/embed.out" || fail "embed: no <mark> highlight"
grep -q '\[梅雨\]' "$tmp/embed.out" || fail "embed: title not highlighted"

echo "== examples/embed (CMake package, sagasu::shared)"
cmake -S "$src/examples/embed" -B "$tmp/embed_so" -G "$generator" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$prefix" -DSAGASU_EMBED_SHARED=ON >"$tmp/embed_so.log" 2>&1 \
  || { cat "$tmp/embed_so.log"; fail "configure examples/embed (shared)"; }
cmake --build "$tmp/embed_so" >>"$tmp/embed_so.log" 2>&1 || { cat "$tmp/embed_so.log"; fail "build examples/embed (shared)"; }
# Linked against the installed SONAME (CMake's build RPATH points at $prefix/lib).
readelf -d "$tmp/embed_so/embed" | grep -q 'NEEDED.*\[libsagasu\.so\.0\]' || fail "embed (shared): not linked with libsagasu.so.0"
env -u SAGASU_USER_DIC "$tmp/embed_so/embed" >"$tmp/embed_so.out" 2>&1 || { cat "$tmp/embed_so.out"; fail "run examples/embed (shared)"; }
cmp -s "$tmp/embed.out" "$tmp/embed_so.out" || { diff "$tmp/embed.out" "$tmp/embed_so.out"; fail "embed: shared and static outputs differ"; }

echo "== examples/embed_c (pkg-config)"
if command -v pkg-config >/dev/null; then
  export PKG_CONFIG_PATH="$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
  # shellcheck disable=SC2046
  dic=$(pkg-config --variable=user_dic sagasu)
  [ -f "$dic" ] || fail "pkg-config user_dic: $dic"
  # Shared: what `pkg-config --libs sagasu` gives. The program finds
  # libsagasu.so.0 through LD_LIBRARY_PATH, as after `ldconfig` in a system prefix.
  "$cc" -o "$tmp/embed_c" "$src/examples/embed_c/main.c" -DSAGASU_INSTALLED_USER_DIC="\"$dic\"" \
    $(pkg-config --cflags --libs sagasu) \
    >"$tmp/embed_c.log" 2>&1 || { cat "$tmp/embed_c.log"; fail "build examples/embed_c"; }
  readelf -d "$tmp/embed_c" | grep -q 'NEEDED.*\[libsagasu\.so\.0\]' || fail "embed_c: not linked with libsagasu.so.0"
  # Static: libsagasu.a and the private dependencies of `pkg-config --static`
  # (the recipe in sagasu.pc).
  "$cc" -o "$tmp/embed_c_static" "$src/examples/embed_c/main.c" -DSAGASU_INSTALLED_USER_DIC="\"$dic\"" \
    $(pkg-config --cflags sagasu) -Wl,--as-needed $(pkg-config --libs-only-L sagasu) \
    -Wl,-Bstatic -lsagasu -Wl,-Bdynamic $(pkg-config --static --libs sagasu) \
    >"$tmp/embed_c_static.log" 2>&1 || { cat "$tmp/embed_c_static.log"; fail "build examples/embed_c (static)"; }
  if readelf -d "$tmp/embed_c_static" | grep -q 'NEEDED.*libsagasu'; then fail "embed_c (static): linked with libsagasu.so"; fi
  for variant in embed_c embed_c_static; do
    rm -rf "$tmp/$variant.db"
    env -u SAGASU_USER_DIC LD_LIBRARY_PATH="$prefix/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
      "$tmp/$variant" "$tmp/$variant.db" >"$tmp/$variant.out" 2>&1 \
      || { cat "$tmp/$variant.out"; fail "run examples/$variant"; }
    grep -q '"id":"tsuyu"' "$tmp/$variant.out" || { cat "$tmp/$variant.out"; fail "$variant: expected hit tsuyu"; }
    grep -q '<mark>北海道</mark>' "$tmp/$variant.out" || fail "$variant: no <mark> highlight"
  done
else
  echo "pkg-config not found; skipped"
fi

echo "== bindings on the installed libsagasu.so.0"
# Found by its SONAME on the loader's path (no SAGASU_LIBRARY), as after
# ldconfig; each suite runs from the checkout (tests/bindings/ also installs
# the packages).
if [ -x /usr/bin/python3 ] || command -v python3 >/dev/null 2>&1; then
  py=/usr/bin/python3; [ -x "$py" ] || py=python3
  (cd "$src/bindings/python" && env -u SAGASU_LIBRARY -u SAGASU_USER_DIC LD_LIBRARY_PATH="$prefix/lib" \
    SAGASU_DEMO_POSTS="$src/examples/demo/_posts" "$py" -c '
import sys, unittest, sagasu
assert sagasu.library_path().endswith("libsagasu.so.0"), sagasu.library_path()
suite = unittest.defaultTestLoader.discover("tests")
sys.exit(0 if unittest.TextTestRunner().run(suite).wasSuccessful() else 1)') >"$tmp/python.log" 2>&1 \
    || { cat "$tmp/python.log"; fail "Python binding on the installed library"; }
  # The library takes the user dictionary from its own prefix: a copy of
  # lib/ beside a broken share/sagasu/sagasu-user.dic must fail naming it.
  mkdir -p "$tmp/moved/lib" "$tmp/moved/share/sagasu"
  cp -P "$prefix"/lib/libsagasu.so* "$tmp/moved/lib/"
  echo broken >"$tmp/moved/share/sagasu/sagasu-user.dic"
  (cd "$src/bindings/python" && env -u SAGASU_USER_DIC SAGASU_LIBRARY="$tmp/moved/lib/libsagasu.so.0" "$py" -c '
import sys, sagasu
try:
    sagasu.Index.open(sys.argv[1], writable=True)
except sagasu.SagasuError as e:
    print(e)' "$tmp/moved.db") >"$tmp/moved.log" 2>&1
  grep -q "$tmp/moved/share/sagasu/sagasu-user.dic" "$tmp/moved.log" \
    || { cat "$tmp/moved.log"; fail "libsagasu.so did not look for the dictionary in its own prefix"; }
else
  echo "python3 not found; skipped"
fi
if command -v ruby >/dev/null 2>&1; then
  env -u SAGASU_LIBRARY -u SAGASU_USER_DIC LD_LIBRARY_PATH="$prefix/lib" SAGASU_DEMO_POSTS="$src/examples/demo/_posts" \
    ruby -I"$src/bindings/ruby/lib" "$src/bindings/ruby/test/test_sagasu.rb" >"$tmp/ruby.log" 2>&1 \
    || { cat "$tmp/ruby.log"; fail "Ruby binding on the installed library"; }
else
  echo "ruby not found; skipped"
fi

echo "== installed sagasu binary"
# It looks for the dictionary next to itself (../share/sagasu) when the
# prefix differs from the configured one.
printf '{"id":"a","title":"梅雨のない北海道","body":"北海道には梅雨がない"}\n' >"$tmp/posts.jsonl"
env -u SAGASU_USER_DIC "$prefix/bin/sagasu" index --db "$tmp/cli.db" --quiet "$tmp/posts.jsonl" >"$tmp/cli.log" 2>&1 \
  || { cat "$tmp/cli.log"; fail "installed sagasu index"; }
env -u SAGASU_USER_DIC "$prefix/bin/sagasu" search --db "$tmp/cli.db" --json 北海道 >"$tmp/cli.out" 2>&1 \
  || { cat "$tmp/cli.out"; fail "installed sagasu search"; }
grep -q '"id": *"a"' "$tmp/cli.out" || { cat "$tmp/cli.out"; fail "installed sagasu: expected hit"; }
"$prefix/bin/sagasu" stats --db "$tmp/cli.db" >"$tmp/stats.out" 2>&1 || { cat "$tmp/stats.out"; fail "installed sagasu stats"; }
grep -q "user dictionary $prefix/share/sagasu/sagasu-user.dic" "$tmp/stats.out" \
  || { cat "$tmp/stats.out"; fail "installed sagasu did not use the installed user dictionary"; }

echo "install test: OK"
