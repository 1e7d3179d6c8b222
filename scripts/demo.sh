#!/usr/bin/env bash
# README command 1: set up, build, index the bundled demo archive and search it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
db=build/demo.db
rm -rf "$db"
# examples/demo is a Jekyll site: sagasu reads its _config.yml, so each post
# gets the URL Jekyll gives it and the draft and the unpublished post are left out.
build/sagasu index --db "$db" examples/demo
echo
echo '$ sagasu search --db build/demo.db 梅雨のない北海道'
build/sagasu search --db "$db" --limit 3 梅雨のない北海道
echo
echo '$ sagasu search --db build/demo.db --tag AI データセンター'
build/sagasu search --db "$db" --limit 3 --tag AI データセンター
