#!/usr/bin/env python3
"""Alternate peer_queries builds on one index: medians of p50/p99 per set.

usage: bench/alternate.py DIR INDEX ROUNDS SETS PEER_QUERIES...
  DIR           the folder bench/peers.sh (../shared/peers/run.sh) filled
  INDEX         an index a peer_queries run built there (its --db)
  ROUNDS        rounds; each runs every build once, in the order given
  SETS          comma-separated query sets (kw-and,kw-and-tag,q-or-10,q-or-100)
  PEER_QUERIES  the builds to compare, e.g. main's and a branch's

Each run is `peer_queries DIR --db INDEX --reuse --passes 3 --only SETS`;
builds that query one index in turn see the same documents and the same
page cache, so their ratio is steadier than that of two peers.sh slots.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    folder, index, rounds, sets, builds = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split(','), sys.argv[5:]
    results = {b: {s: [] for s in sets} for b in builds}
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, 'report.json')
        for _ in range(rounds):
            for b in builds:
                subprocess.run([b, folder, '--db', index, '--reuse', '--passes', '3', '--json', report,
                                '--run', os.path.join(tmp, 'run.tsv'), '--only', *sets],
                               check=True, capture_output=True)
                data = json.load(open(report))
                for s in sets:
                    results[b][s].append((data[s]['p50'], data[s]['p99']))
    for b in builds:
        cells = []
        for s in sets:
            p50 = statistics.median(x[0] for x in results[b][s])
            p99 = statistics.median(x[1] for x in results[b][s])
            cells.append(f'{s} {p50:.3f}/{p99:.3f}')
        print(b, ' '.join(cells))


if __name__ == '__main__':
    main()
