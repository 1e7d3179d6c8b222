#!/usr/bin/env bash
# Read replicas behind nginx, as README "Serving more traffic: read replicas"
# describes them: a writer index, `sagasu snapshot` into releases/N, a copy
# per replica, a `current` symlink each replica's `sagasu serve --db` follows,
# and nginx with deploy/nginx/sagasu.conf (ports, paths and name rewritten)
# in front. Checks answers through nginx, gzip and ETag/304 passing through,
# the cache, that both replicas serve, that killing one loses no request,
# and that swapping a new snapshot in is served without a restart.
# Usage: nginx_replicas.sh SAGASU_EXE SOURCE_DIR. Exit 77 (skip) without nginx.
set -euo pipefail
sagasu=${1:?usage: nginx_replicas.sh SAGASU_EXE SOURCE_DIR}
src=${2:?usage: nginx_replicas.sh SAGASU_EXE SOURCE_DIR}
nginx=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$nginx" ]; then
  echo "SKIP: nginx is not installed (scripts/setup.sh installs it)"
  exit 77
fi

tmp=$(mktemp -d)
pids=()
cleanup() {
  if [ -f "$tmp/nginx/nginx.pid" ]; then kill "$(cat "$tmp/nginx/nginx.pid")" 2>/dev/null || true; fi
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  for f in "$tmp"/replica*.log "$tmp/nginx/error.log"; do
    [ -f "$f" ] && { echo "--- $f"; tail -20 "$f"; }
  done
  exit 1
}

# Three free loopback ports.
read -r port_a port_b port_n < <(python3 - <<'PY'
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
PY
)

# ---- the writer's index and the first snapshot
cat > "$tmp/posts.jsonl" <<'JSONL'
{"id": "hokkaido", "title": "梅雨のない北海道へ逃げてみた", "body": "今年は梅雨がないと言われる北海道へ五日間だけ避難しました。", "tags": ["旅行", "北海道"]}
{"id": "kyoto", "title": "京都の紅葉と寺", "body": "十一月の京都は紅葉の名所がどこも混み合っていた。", "tags": ["旅行"]}
JSONL
# Enough travel notes that an answer on 旅行 is over sagasu's 1 KiB compression floor.
for i in $(seq 8); do
  echo "{\"id\": \"note$i\", \"title\": \"旅行メモ $i\", \"body\": \"第${i}回の旅行では駅弁を食べ比べ、宿の朝食も記録した。\", \"tags\": [\"旅行\"]}"
done >>"$tmp/posts.jsonl"
"$sagasu" index --quiet --db "$tmp/writer.db" "$tmp/posts.jsonl" >/dev/null || fail "index"
"$sagasu" snapshot --db "$tmp/writer.db" "$tmp/releases/1" >/dev/null 2>&1 && fail "snapshot into a missing releases/ succeeded"
mkdir -p "$tmp/releases"
"$sagasu" snapshot --db "$tmp/writer.db" "$tmp/releases/1" || fail "snapshot 1"
"$sagasu" check --db "$tmp/releases/1" >/dev/null || fail "snapshot 1 does not pass check"

# Each replica gets its copy (rsync -a on real machines) and a current link.
for r in a b; do
  mkdir -p "$tmp/replica-$r/releases"
  cp -a "$tmp/releases/1" "$tmp/replica-$r/releases/1"
  ln -s releases/1 "$tmp/replica-$r/current"
done
"$sagasu" serve --db "$tmp/replica-a/current" --port "$port_a" --reload-interval 0.2 >"$tmp/replica-a.log" 2>&1 &
pid_a=$!
pids+=("$pid_a")
"$sagasu" serve --db "$tmp/replica-b/current" --port "$port_b" --reload-interval 0.2 >"$tmp/replica-b.log" 2>&1 &
pid_b=$!
pids+=("$pid_b")
for port in "$port_a" "$port_b"; do
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -sf "http://127.0.0.1:$port/health" >/dev/null || fail "replica on port $port did not start"
done

# ---- nginx with the shipped configuration, as this user, under $tmp
mkdir -p "$tmp/nginx/cache" "$tmp/nginx/temp"
sed -e "s|server 127.0.0.1:8081 |server 127.0.0.1:$port_a |" \
    -e "s|server 127.0.0.1:8082 |server 127.0.0.1:$port_b |" \
    -e "s|/var/cache/nginx/sagasu|$tmp/nginx/cache|" \
    -e "s|listen 80;|listen 127.0.0.1:$port_n;|" \
    -e "s|server_name search.example.com;|server_name localhost;|" \
    "$src/deploy/nginx/sagasu.conf" >"$tmp/nginx/sagasu.conf"
for edit in "127.0.0.1:$port_a" "127.0.0.1:$port_b" "$tmp/nginx/cache" "listen 127.0.0.1:$port_n"; do
  grep -q "$edit" "$tmp/nginx/sagasu.conf" || fail "deploy/nginx/sagasu.conf no longer has the line this test rewrites to $edit"
done
user_line=""
# As root, nginx would switch its workers to nobody, who cannot write $tmp.
if [ "$(id -u)" -eq 0 ]; then user_line="user $(id -un) $(id -gn);"; fi
cat >"$tmp/nginx/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 64; }
http {
    log_format upstream '\$upstream_addr \$status \$upstream_cache_status';
    access_log $tmp/nginx/access.log upstream;
    client_body_temp_path $tmp/nginx/temp/body;
    proxy_temp_path $tmp/nginx/temp/proxy;
    fastcgi_temp_path $tmp/nginx/temp/fastcgi;
    uwsgi_temp_path $tmp/nginx/temp/uwsgi;
    scgi_temp_path $tmp/nginx/temp/scgi;
    include $tmp/nginx/sagasu.conf;
}
CONF
"$nginx" -t -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" >"$tmp/nginx/t.log" 2>&1 ||
  { cat "$tmp/nginx/t.log"; fail "nginx -t"; }
"$nginx" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" || fail "nginx did not start"
for _ in $(seq 50); do [ -f "$tmp/nginx/nginx.pid" ] && break; sleep 0.1; done

front="http://127.0.0.1:$port_n"
# search QUERY [curl options...]: the body of GET /search?q=QUERY through nginx.
search() {
  local q=$1
  shift
  curl -s --max-time 10 -G --data-urlencode "q=$q" "$@" "$front/search"
}

# ---- answers through nginx
body=$(search 北海道 --data-urlencode "_=first")
grep -q '"id":"hokkaido"' <<<"$body" || fail "北海道 through nginx: $body"
grep -q '"id":"kyoto"' <<<"$body" && fail "北海道 found kyoto: $body"
body=$(search 紅葉 --data-urlencode "_=first")
grep -q '"id":"kyoto"' <<<"$body" || fail "紅葉 through nginx: $body"

# gzip from sagasu passes through (nginx's own gzip is off).
headers=$(curl -s --max-time 10 -G --data-urlencode "q=旅行" -H 'Accept-Encoding: gzip' -D - -o "$tmp/gz" "$front/search")
grep -qi '^Content-Encoding: gzip' <<<"$headers" || fail "no gzip through nginx: $headers"
gunzip -c "$tmp/gz" | grep -q '"id":"note8"' || fail "the gzip body does not decode to the answer"
plain=$(search 旅行)
grep -q '"id":"note8"' <<<"$plain" || fail "the plain answer on 旅行: $plain"

# The ETag passes through and If-None-Match gets a 304.
headers=$(curl -s --max-time 10 -G --data-urlencode "q=京都" -D - -o /dev/null "$front/search")
etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *\(.*\)\r$/\1/p' <<<"$headers")
[ -n "$etag" ] || fail "no ETag through nginx: $headers"
code=$(curl -s --max-time 10 -G --data-urlencode "q=京都" -H "If-None-Match: $etag" -o /dev/null -w '%{http_code}' "$front/search")
[ "$code" = 304 ] || fail "If-None-Match $etag through nginx gave $code, not 304"
# The answer is cached for its max-age: asked again, nginx answers itself.
headers=$(curl -s --max-time 10 -G --data-urlencode "q=京都" -D - -o /dev/null "$front/search")
grep -Eqi '^X-Cache-Status: (HIT|REVALIDATED)' <<<"$headers" || fail "second ask was not served from the cache: $headers"

# Both replicas serve (round robin over requests nginx does not cache).
for i in $(seq 8); do search 北海道 --data-urlencode "_=spread$i" >/dev/null; done
grep -q "127.0.0.1:$port_a 200" "$tmp/nginx/access.log" || fail "replica a served nothing"
grep -q "127.0.0.1:$port_b 200" "$tmp/nginx/access.log" || fail "replica b served nothing"

# ---- one replica dies: every request is still answered
kill "$pid_a"
wait "$pid_a" 2>/dev/null || true
for i in $(seq 10); do
  body=$(search 北海道 --data-urlencode "_=down$i")
  grep -q '"id":"hokkaido"' <<<"$body" || fail "request $i after replica a died: $body"
done

# ---- a new snapshot swapped in, without a restart
cat > "$tmp/more.jsonl" <<'JSONL'
{"id": "sapporo", "title": "札幌の味噌ラーメン", "body": "札幌の冬は味噌ラーメンで温まる。", "tags": ["グルメ"]}
JSONL
"$sagasu" index --quiet --db "$tmp/writer.db" "$tmp/more.jsonl" >/dev/null || fail "index more"
"$sagasu" snapshot --db "$tmp/writer.db" "$tmp/releases/2" || fail "snapshot 2"
cp -a "$tmp/releases/2" "$tmp/replica-b/releases/2"
ln -s releases/2 "$tmp/replica-b/current.new"
mv -T "$tmp/replica-b/current.new" "$tmp/replica-b/current"  # rename(2): atomic
found=""
for i in $(seq 100); do
  body=$(search 味噌ラーメン --data-urlencode "_=swap$i")
  if grep -q '"id":"sapporo"' <<<"$body"; then found=yes; break; fi
  sleep 0.2
done
[ -n "$found" ] || fail "the swapped-in snapshot is not served: $body"
grep -q "releases/2" "$tmp/replica-b.log" || fail "replica b did not log the swap"
# The old release can go once the swap is seen; the new one keeps answering.
rm -rf "$tmp/replica-b/releases/1"
body=$(search 北海道 --data-urlencode "_=after-rm")
grep -q '"id":"hokkaido"' <<<"$body" || fail "after removing the old release: $body"
health=$(curl -s "http://127.0.0.1:$port_b/health")
grep -q '"documents":11' <<<"$health" || fail "replica b health after the swap: $health"
echo "OK: nginx over 2 replicas: answers, gzip, ETag/304, cache, failover, snapshot swap"
