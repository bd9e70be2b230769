"""Analyse ../shared/data/realnews/articles.jsonl, each article with its own date, to JSON lines.

The output feeds ``../shared/tools/realnews-proxies`` (coded people, events with both actors
coded, residue actors, contents over a paragraph break) and a reading by hand::

    python tools/realnews.py [--data ../shared/data/realnews/articles.jsonl] [--limit N] [--half tune|score] [--dyads]
                             [--all-events] [--settings FILE] OUT.jsonl

``--dyads``, ``--all-events`` and ``--settings`` are those of ``reportage analyze`` (docs/settings.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realnews_halves import half  # noqa: E402  (a sibling script, not a package)

from reportage.events.settings import ALL_EVENTS_OPTION, DYADS_OPTION
from reportage.inputs import InputError
from reportage.pipeline import analyze_many
from reportage.settings import add_settings_option, settings_from_args


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[1].parent / "shared/data/realnews/articles.jsonl"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--half", choices=("tune", "score"), default=None,
                    help="only the articles of one half (sha1 of the id, as tools/realnews_halves.py splits them)")
    ap.add_argument("--all-events", **ALL_EVENTS_OPTION)
    ap.add_argument("--dyads", **DYADS_OPTION)
    add_settings_option(ap)
    args = ap.parse_args(argv)
    try:
        settings = settings_from_args(args)
    except InputError as exc:
        print(f"realnews: {exc}", file=sys.stderr)
        return 2
    src = Path(args.data)
    if not src.exists():
        print(f"realnews: {src}: not found (the shared data folder is needed)", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in src.open(encoding="utf-8") if line.strip()]
    if args.half:
        rows = [r for r in rows if half(r["id"]) == args.half]
    if args.limit:
        rows = rows[: args.limit]
    items = ((r["text"], {"doc_id": r["id"], "published": r.get("published"), "outlet": r.get("outlet"),
                          "url": r.get("url"), "title": r.get("title")}) for r in rows)
    with open(args.out, "w", encoding="utf-8") as out:
        for doc in analyze_many(items, settings=settings):
            out.write(json.dumps(doc.to_json(), ensure_ascii=False) + "\n")
    print(f"realnews: {len(rows)} articles -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
