"""Real-news proxy by halves: events with both actors coded, and one-sided events, per half.

The articles are split by the first byte of sha1(article id): even = the tuning half (read while
choosing rules), odd = the scoring half (only run). Input: the JSON lines of ``tools/realnews.py``::

    python tools/realnews_halves.py OUT.jsonl [ONE_SIDED_TUNE.json]

The optional second argument receives the tuning half's one-sided events (sentence, trigger, the party
found) for reading by hand; the scoring half's are never written out.
"""

from __future__ import annotations

import hashlib
import json
import sys
from typing import Any


def half(article_id: str) -> str:
    return "tune" if hashlib.sha1(article_id.encode("utf-8")).digest()[0] % 2 == 0 else "score"


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    counts = {"tune": [0, 0, 0], "score": [0, 0, 0]}
    dump: list[dict[str, Any]] = []
    try:
        lines = open(argv[0], encoding="utf-8").read().splitlines()
    except OSError as exc:
        print(f"realnews_halves: {argv[0]}: {exc.strerror}", file=sys.stderr)
        return 2
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            h = half(d["id"])
            actors = {a["id"]: a for a in d.get("actors", [])}
            events = d.get("events", [])
        except (json.JSONDecodeError, KeyError, TypeError):
            print(f"realnews_halves: {argv[0]}, line {n}: not a reportage document", file=sys.stderr)
            return 2
        for e in events:
            s, t = actors.get(e.get("source")), actors.get(e.get("target"))
            counts[h][0] += 1
            counts[h][1] += bool(s and s.get("code") and t and t.get("code"))
            counts[h][2] += not (s and t)
            if h == "tune" and not (s and t):
                dump.append({"id": d["id"], "event": e["id"], "cameo": e["cameo"], "trigger": e["trigger"]["text"],
                             "source": s and s["name"], "target": t and t["name"],
                             "sentence": e["sentence"]["text"].strip()})
    for h, (total, both, one) in counts.items():
        if total:
            print(f"{h}: events {total}, both actors coded {both} = {both / total:.3f}, "
                  f"one-sided {one} = {one / total:.3f}")
    if len(argv) > 1:
        with open(argv[1], "w", encoding="utf-8") as fh:
            json.dump(dump, fh, indent=1, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
