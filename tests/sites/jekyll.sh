#!/bin/sh
# The sagasu Jekyll plugin on a real site: builds tests/sites/jekyll with
# Debian's `jekyll build`, the plugin loaded from bindings/ruby/lib through
# RUBYLIB and `plugins: [jekyll-sagasu]` (offline, no bundler), and checks
# the index with the Ruby binding (tests/sites/jekyll_site_test.rb).
# Exits 77 (ctest SKIP_RETURN_CODE) only when ruby or jekyll is absent.
#
# Usage: jekyll.sh LIBSAGASU_SO SOURCE_DIR SAGASU_EXE
set -eu
lib=$1
src=$2
command -v ruby >/dev/null 2>&1 || { echo "ruby not found: skipped"; exit 77; }
command -v jekyll >/dev/null 2>&1 || { echo "jekyll not found: skipped"; exit 77; }

export SAGASU_LIBRARY="$lib"
export SAGASU_SOURCE_DIR="$src"
export SAGASU_EXE="$3"
export RUBYLIB="$src/bindings/ruby/lib${RUBYLIB:+:$RUBYLIB}"
exec ruby "$src/tests/sites/jekyll_site_test.rb" -v
