#!/usr/bin/env python3
"""Writes the livedoor news corpus as JSON Lines for `sagasu index`.

    bench/ldcc_to_jsonl.py [LDCC_DIR] > ldcc.jsonl

LDCC_DIR defaults to ../shared/corpus/ldcc beside the checkout. Each article
file is: URL, date, title, body lines. One record per article: id (file
name), title, body, url, date, tags = [category folder], categories =
[category folder].
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
ldcc = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared" / "corpus" / "ldcc"
if not ldcc.is_dir():
    sys.exit(f"ldcc_to_jsonl: no corpus at {ldcc}")
out = sys.stdout
n = 0
for cat in sorted(p for p in ldcc.iterdir() if p.is_dir()):
    for f in sorted(cat.glob("*.txt")):
        if f.name in ("LICENSE.txt", "README.txt", "CHANGES.txt"):
            continue
        lines = f.read_text(encoding="utf-8").splitlines()
        if len(lines) < 3:
            continue
        url, date, title = (s.strip() for s in lines[:3])
        record = {"id": f.stem, "title": title, "body": "\n".join(lines[3:]).strip(), "url": url,
                  "date": date, "tags": [cat.name], "categories": [cat.name]}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
print(f"ldcc_to_jsonl: {n} articles from {ldcc}", file=sys.stderr)
