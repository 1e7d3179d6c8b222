#!/usr/bin/env bash
# deploy/sagasu.service: `systemd-analyze verify` accepts it without a
# warning (its binary pointed at this build), and its ExecStart command line
# serves a snapshot it cannot write, as an unprivileged user (what
# DynamicUser= and ReadOnlyPaths= give it).
# Usage: systemd_verify.sh SAGASU_EXE SOURCE_DIR. Exit 77 (skip) without systemd-analyze.
set -euo pipefail
sagasu=$(realpath "${1:?usage: systemd_verify.sh SAGASU_EXE SOURCE_DIR}")
src=${2:?usage: systemd_verify.sh SAGASU_EXE SOURCE_DIR}
if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "SKIP: systemd-analyze is not installed"
  exit 77
fi
tmp=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  chmod -R u+w "$tmp" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  [ -f "$tmp/serve.log" ] && tail -20 "$tmp/serve.log"
  exit 1
}

unit="$src/deploy/sagasu.service"
grep -q '^ExecStart=/usr/local/bin/sagasu serve ' "$unit" || fail "ExecStart no longer runs /usr/local/bin/sagasu serve"
sed "s|/usr/local/bin/sagasu|$sagasu|" "$unit" >"$tmp/sagasu.service"
out=$(systemd-analyze verify "$tmp/sagasu.service" 2>&1) || fail "systemd-analyze verify: $out"
# verify exits 0 on unknown keys and bad values; it says so, though.
[ -z "$out" ] || fail "systemd-analyze verify warns: $out"

# The ExecStart line, with this build, a temporary index and a free port.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf '{"id":"hokkaido","title":"梅雨のない北海道","body":"北海道には梅雨がないと言われる。"}\n' >"$tmp/posts.jsonl"
"$sagasu" index --quiet --db "$tmp/writer.db" "$tmp/posts.jsonl" 2>/dev/null || fail "index"
mkdir -p "$tmp/srv/releases"
"$sagasu" snapshot --db "$tmp/writer.db" "$tmp/srv/releases/1" >/dev/null || fail "snapshot"
ln -s releases/1 "$tmp/srv/current"
chmod -R a-w "$tmp/srv"
chmod a+rx "$tmp"
cmd=$(sed -n 's/^ExecStart=//p' "$unit" | sed -e "s|/usr/local/bin/sagasu|$sagasu|" -e "s|/srv/sagasu/current|$tmp/srv/current|" \
  -e "s|--port 8081|--port $port|")
run=()
if [ "$(id -u)" -eq 0 ]; then
  command -v setpriv >/dev/null || fail "setpriv (util-linux) is missing"
  # The unprivileged user reads the user dictionary where an install puts
  # it, world-readable; the build's copy may sit in a checkout only root
  # can enter (a mktemp -d clone).
  dic="$(dirname "$sagasu")/dicts/sagasu-user.dic"
  [ -f "$dic" ] || fail "no user dictionary beside the build: $dic"
  install -m 0444 "$dic" "$tmp/sagasu-user.dic"
  run=(env SAGASU_USER_DIC="$tmp/sagasu-user.dic" setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
# shellcheck disable=SC2086  # the unit's command line, split as systemd splits it
"${run[@]}" $cmd >"$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.1
done
body=$(curl -s -G --data-urlencode "q=北海道" "http://127.0.0.1:$port/search") || fail "the unit's command line does not answer"
grep -q '"id":"hokkaido"' <<<"$body" || fail "search through the unit's command line: $body"
[ -z "$(find "$tmp/srv" -newer "$tmp/posts.jsonl" -name 'LOG*')" ] || fail "the server wrote into the read-only index"
echo "OK: sagasu.service verifies and its command line serves a read-only snapshot unprivileged"
