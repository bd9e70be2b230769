"""Pick a sample of events from a realnews run (``tools/realnews.py`` output) for judging by hand.

The sample is reproducible and stays out of what was read while tuning: only articles whose
``sha1(id)`` first byte has the given parity (1: the half not read while choosing rules), events
ordered by ``sha1("<article id>:<trigger start>:<cameo>")``, at most ``--per-outlet`` per outlet,
the first ``--n``. Prints one block per event (id, outlet, code, actors, trigger, modality,
confidence and sentence) to judge as correct / partly right / spurious::

    python tools/realnews_sample.py OUT.jsonl [--skip 120] [--n 100] [--per-outlet 9] [--parity 1]
                                    [--exclude tools/realnews_read.txt]

``--exclude`` leaves out articles listed in a file (one id per line, ``#`` comments): those whose
events were judged in an earlier sample, so a new sample is read fresh.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run", help="JSON lines written by tools/realnews.py")
    ap.add_argument("--skip", type=int, default=0, help="leave out the first N articles (read in an earlier sample)")
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--per-outlet", type=int, default=9)
    ap.add_argument("--parity", type=int, choices=[0, 1], default=1)
    ap.add_argument("--exclude", help="file of article ids read in earlier samples (one per line)")
    args = ap.parse_args(argv)
    excluded: set[str] = set()
    if args.exclude:
        try:
            lines = Path(args.exclude).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            print(f"realnews_sample: {args.exclude}: {exc.strerror}", file=sys.stderr)
            return 2
        excluded = {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}
    path = Path(args.run)
    if not path.is_file():
        print(f"realnews_sample: {path}: not found (run tools/realnews.py first)", file=sys.stderr)
        return 2
    rows = []
    for k, line in enumerate(path.open(encoding="utf-8")):
        if k < args.skip or not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError:
            print(f"realnews_sample: {path}, line {k + 1}: not JSON", file=sys.stderr)
            return 2
        did = str(doc.get("id") or doc.get("doc_id"))
        if hashlib.sha1(did.encode()).digest()[0] & 1 != args.parity or did in excluded:
            continue
        actors = {a["id"]: a for a in doc.get("actors", [])}
        for e in doc.get("events", []):
            key = hashlib.sha1(f"{did}:{e['trigger']['start']}:{e['cameo']}".encode()).hexdigest()
            rows.append((key, did, doc.get("outlet"), e, actors))
    rows.sort(key=lambda r: r[0])
    per: collections.Counter[str] = collections.Counter()
    picked = []
    for r in rows:
        if per[r[2]] < args.per_outlet:
            per[r[2]] += 1
            picked.append(r)
        if len(picked) >= args.n:
            break
    for k, (_, did, outlet, e, actors) in enumerate(picked, 1):
        s, t = actors.get(e["source"]) or {}, actors.get(e["target"]) or {}
        print(f"#{k} {did}:{e['id']} [{outlet}] {e['cameo']} {e['plover']} {s.get('name')}({s.get('code')}) -> "
              f"{t.get('name')}({t.get('code')}) '{e['trigger']['text']}' m={e.get('modality')} neg={e['negated']} "
              f"c={e['confidence']}")
        print("     | " + e["sentence"]["text"][:420].replace("\n", " "))
    print(f"outlets: {dict(per)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
