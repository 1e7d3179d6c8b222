#!/usr/bin/env python3
"""What holds the memory at a run's heap peak, by sagasu function.

heaptrack records every allocation of a run; this sums the bytes alive at
its peak by the innermost sagasu:: function on each allocation's stack (the
code that asked for them, not std::string or the allocator), so the
per-file records of an index run, the accumulators and a commit's batch
show as separate lines.

    heaptrack -o /tmp/h build/sagasu index --db /tmp/db --threads 2 --quiet ARCHIVE
    heaptrack_print -f /tmp/h.zst --flamegraph-cost-type peak -F /tmp/h.stacks
    bench/heap_peak.py /tmp/h.stacks [--top 25] [--match RunWriter]

With --match, only the stacks through a function whose name holds the text
are summed, by the frame heaptrack lists just before it: what it called, as
heaptrack lists the calls inlined into a function before the function.
"""
import argparse
import collections
import sys


def innermost(frames, skip):
    for f in reversed(frames):
        if "sagasu::" in f and not any(s in f for s in skip):
            return f
    return "(no sagasu frame)"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("stacks", help="heaptrack_print -F output (--flamegraph-cost-type peak)")
    ap.add_argument("--top", type=int, default=25, help="lines to print (default 25)")
    ap.add_argument("--match", help="only stacks through this function, by what it called")
    ap.add_argument("--width", type=int, default=110, help="characters of each function name")
    args = ap.parse_args()

    # Frames that only pass the request on: the caller is the one to blame.
    skip = ("allocat", "StringArena")
    total = 0
    by = collections.Counter()
    with open(args.stacks, encoding="utf-8", errors="replace") as f:
        for line in f:
            stack, _, cost = line.rstrip("\n").rpartition(" ")
            if not cost.isdigit():
                continue
            cost = int(cost)
            total += cost
            frames = stack.split(";")
            if args.match:
                hits = [i for i, fr in enumerate(frames) if args.match in fr]
                if not hits:
                    continue
                i = hits[-1]
                key = frames[i][:60] + "  via  " + (frames[i - 1][:70] if i > 0 else "")
            else:
                key = innermost(frames, skip)
            by[key] += cost
    mib = 1 << 20
    print(f"{total / mib:9.1f} MiB alive at the peak")
    for key, cost in by.most_common(args.top):
        print(f"{cost / mib:9.1f}  {key[:args.width]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
