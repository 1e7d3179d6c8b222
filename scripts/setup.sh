#!/usr/bin/env bash
# Installs every Debian package that sagasu's build, tests and benches need.
# Idempotent: packages already present are left alone. Run as root (or with sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libmecab-dev mecab mecab-utils mecab-ipadic-utf8
  libicu-dev librocksdb-dev libzstd-dev liblz4-dev libsnappy-dev libbz2-dev zlib1g-dev
  libcli11-dev libbenchmark-dev libgtest-dev libgmock-dev
  libyaml-dev libtomlplusplus-dev libcmark-dev nlohmann-json3-dev libcpp-httplib-dev libroaring-dev libxxhash-dev
  libbrotli-dev
  # tcmalloc, the programs' allocator (CMake's SAGASU_TCMALLOC)
  libgoogle-perftools-dev
  hyperfine
  # the fuzz targets' libFuzzer build (scripts/fuzz.sh)
  clang
  # the site generators whose output the site tests compare with (tests/api/site_test.cc)
  jekyll hugo
  # the search page's browser test (web/test; a Japanese font for its screenshot) and the
  # server load test (bench/README.md)
  chromium wrk fonts-ipafont-gothic
  # the Python (ctypes, a venv for `pip install`) and Ruby (Fiddle, minitest, `gem`)
  # bindings' tests (bindings/, tests/bindings/)
  python3 python3-venv python3-setuptools python3-wheel ruby
  # nginx in front of read replicas (deploy/nginx/, tests/deploy/); systemd-analyze
  # checks the service unit (deploy/sagasu.service)
  nginx systemd
)
# Node.js runs the browser test. Debian's nodejs/npm only when there is no
# node at all: a NodeSource nodejs already bundles npm and conflicts with
# Debian's npm package.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
