#!/usr/bin/env bash
# Side by side with the peers, in one run: Xapian and SQLite FTS5
# (../shared/peers/run.sh: builds DIR's corpus and query sets, indexes and
# queries them) and then sagasu (bench/peer_queries) on the same files,
# back to back; prints sagasu/Xapian and sagasu/FTS5 ratios per query set.
#
# usage: bench/peers.sh DIR [PASSES] [PEER_QUERIES...]
#   DIR           work folder (corpus, query files, indexes, reports)
#   PASSES        timed passes per query set, for every engine (default 3)
#   PEER_QUERIES  peer_queries programs to run in turn, e.g. a build of main
#                 and one of a branch for a before/after in the same run
#                 (default: build/bench/peer_queries)
# Environment: SAGASU_SHARED_DIR (default: ../shared beside the source tree),
# THREADS (sagasu's indexing threads, default 2).
# Writes DIR/peers.json (peers), DIR/sagasu-N.json and
# DIR/run-sagasu-N-valid.tsv (the Nth PEER_QUERIES), DIR/ratios.json.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: bench/peers.sh DIR [PASSES] [PEER_QUERIES...]}
passes=${2:-3}
shift $(($# >= 2 ? 2 : 1))
bins=("$@")
[ ${#bins[@]} -gt 0 ] || bins=("$src/build/bench/peer_queries")
shared=${SAGASU_SHARED_DIR:-$src/../shared}
for b in "${bins[@]}"; do
  [ -x "$b" ] || { echo "peers.sh: $b is not a program (build the peer_queries target)" >&2; exit 2; }
done
[ -x "$shared/peers/run.sh" ] || { echo "peers.sh: no $shared/peers/run.sh (set SAGASU_SHARED_DIR)" >&2; exit 2; }

echo "== peers (Xapian, FTS5): $shared/peers/run.sh $dir $passes"
"$shared/peers/run.sh" "$dir" "$passes"
labels=()
for i in "${!bins[@]}"; do
  echo "== sagasu [$i]: ${bins[$i]}"
  "${bins[$i]}" "$dir" --passes "$passes" --threads "${THREADS:-2}" --db "$dir/sagasu-db-$i" \
    --json "$dir/sagasu-$i.json" --run "$dir/run-sagasu-$i-valid.tsv"
  echo "sagasu [$i] relevance (score.py): $(/usr/bin/python3 "$shared/peers/score.py" "$dir/queries-valid.tsv" "$dir/run-sagasu-$i-valid.tsv")"
  labels+=("${bins[$i]}")
done

/usr/bin/python3 - "$dir" "${labels[@]}" <<'EOF'
import json, os, sys
d = sys.argv[1]
labels = sys.argv[2:]
peers = json.load(open(os.path.join(d, 'peers.json')))
runs = [json.load(open(os.path.join(d, f'sagasu-{i}.json'))) for i in range(len(labels))]
sets = ['kw-and', 'kw-and-tag', 'q-or-10', 'q-or-100']
out = {'documents': peers['documents'], 'sagasu': {}}
print()
for i, label in enumerate(labels):
    print(f'sagasu [{i}] = {label}')
print()
print('| set | engine | p50 ms | p95 ms | p99 ms | sagasu/Xapian p50 | sagasu/Xapian p99 | sagasu/FTS5 p50 | sagasu/FTS5 p99 |')
print('|---|---|---:|---:|---:|---:|---:|---:|---:|')
for s in sets:
    x, f = peers['xapian'][s], peers['fts5'][s]
    print(f"| {s} | Xapian | {x['p50']:.3f} | {x['p95']:.3f} | {x['p99']:.3f} | | | | |")
    print(f"| {s} | FTS5 | {f['p50']:.3f} | {f['p95']:.3f} | {f['p99']:.3f} | | | | |")
    for i, r in enumerate(runs):
        if s not in r:
            continue
        v = r[s]
        ratios = {'xapian_p50': v['p50'] / x['p50'], 'xapian_p99': v['p99'] / x['p99'],
                  'fts5_p50': v['p50'] / f['p50'], 'fts5_p99': v['p99'] / f['p99']}
        out['sagasu'].setdefault(str(i), {'program': labels[i]})[s] = ratios
        print(f"| {s} | sagasu [{i}] | {v['p50']:.3f} | {v['p95']:.3f} | {v['p99']:.3f} | "
              f"{ratios['xapian_p50']:.2f} | {ratios['xapian_p99']:.2f} | {ratios['fts5_p50']:.2f} | {ratios['fts5_p99']:.2f} |")
print()
print('| engine | build s | index MiB |')
print('|---|---:|---:|')
for e in ('xapian', 'fts5'):
    print(f"| {e} | {peers[e]['build_s']:.2f} | {peers[e]['bytes'] / 2**20:.1f} |")
for i, r in enumerate(runs):
    b = f"{r['build_s']:.2f}" if 'build_s' in r else '-'
    print(f"| sagasu [{i}] ({r['threads']} threads) | {b} | {r['bytes'] / 2**20:.1f} |")
json.dump(out, open(os.path.join(d, 'ratios.json'), 'w'), indent=1)
EOF
