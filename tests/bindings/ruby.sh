#!/bin/sh
# Tests of the Ruby binding (bindings/ruby) against a built libsagasu.so:
#   1. the minitest suite from the checkout, with SAGASU_LIBRARY set;
#   2. `gem build sagasu.gemspec` + `gem install` into a private GEM_HOME,
#      then the same suite against the installed gem;
#   3. (when jekyll is installed) the installed gem's Jekyll plugin loads and
#      carries its include and web/search.js, web/search.css.
# Exits 77 (ctest SKIP_RETURN_CODE) only when ruby is absent.
#
# Usage: ruby.sh LIBSAGASU_SO SOURCE_DIR
set -eu
lib=$1
src=$2
command -v ruby >/dev/null 2>&1 || { echo "ruby not found: skipped"; exit 77; }

export SAGASU_LIBRARY="$lib"
export SAGASU_DEMO_POSTS="$src/examples/demo/_posts"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sagasu-ruby-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "== minitest from the checkout"
ruby -I"$src/bindings/ruby/lib" "$src/bindings/ruby/test/test_sagasu.rb" -v

echo "== gem build + gem install"
# A copy with the checkout's layout: gem build takes web/search.js and
# web/search.css into the gem for the Jekyll plugin.
mkdir -p "$tmp/checkout/bindings"
cp -r "$src/bindings/ruby" "$tmp/checkout/bindings/ruby"
rm -rf "$tmp/checkout/bindings/ruby/web"
cp -r "$src/web" "$tmp/checkout/web"
(cd "$tmp/checkout/bindings/ruby" && gem build sagasu.gemspec --output "$tmp/sagasu.gem" >"$tmp/build.log" 2>&1) \
  || { cat "$tmp/build.log"; exit 1; }
GEM_HOME="$tmp/gems" gem install --local --no-document "$tmp/sagasu.gem" >"$tmp/install.log" 2>&1 \
  || { cat "$tmp/install.log"; exit 1; }
cp "$src/bindings/ruby/test/test_sagasu.rb" "$tmp/test_sagasu.rb"
(cd "$tmp" && GEM_HOME="$tmp/gems" ruby -e '
  require "sagasu"
  path = $LOADED_FEATURES.grep(%r{/sagasu\.rb\z}).first
  abort "sagasu loaded from #{path}, not the installed gem" unless path.start_with?(ENV["GEM_HOME"])
  load "test_sagasu.rb"')

ruby -e 'require "jekyll"' >/dev/null 2>&1 || { echo "jekyll not installed: plugin check skipped"; exit 0; }
echo "== the installed gem carries the Jekyll plugin, its include and the page's assets"
GEM_HOME="$tmp/gems" ruby -e '
  require "jekyll-sagasu"
  root = Sagasu::Jekyll::GEM_ROOT
  abort "jekyll-sagasu loaded from #{root}, not the installed gem" unless root.start_with?(ENV["GEM_HOME"])
  abort "no include in #{Sagasu::Jekyll::INCLUDES_DIR}" unless File.file?(File.join(Sagasu::Jekyll::INCLUDES_DIR, "sagasu-search.html"))
  %w[search.js search.css].each do |f|
    installed = File.join(root, "web", f)
    abort "#{installed} missing" unless File.file?(installed)
    abort "#{installed} differs from web/#{f}" unless File.binread(installed) == File.binread(File.join(ARGV[0], "web", f))
  end
  puts "ok: #{root}"' "$src"
