"""Print the place mentions of a slice of a JSONL article file with their resolutions, for a hand check.

    python -m reportage.places.sample ../shared/data/realnews/articles.jsonl --from 50 --to 80 [--json]

Each line: article id, the mention, its label (GPE/LOC/FAC, actor, name), the chosen entry (full name,
feature, country, coordinates) and the rule. docs/places.md reports the judged sample.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from reportage.inputs import InputError


def mentions_of(path: Path, start: int, stop: int) -> list[dict[str, Any]]:
    """Analyse articles [start, stop) of a JSONL file and list every place mention with its resolution."""
    from reportage.nlp import load_nlp
    from reportage.pipeline import analyze

    nlp = load_nlp()
    out: list[dict[str, Any]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    for n, line in enumerate(lines[start:stop], start):
        art = json.loads(line)
        doc = analyze(art["text"], doc_id=art.get("id", str(n)), published=art.get("published"), nlp=nlp)
        by_span = {(m.start, m.end): p for p in doc.places for m in p.mentions}
        for (s, e), p in sorted(by_span.items()):
            out.append({"article": n, "id": doc.id, "mention": art["text"][s:e], "start": s,
                        "context": art["text"][max(0, s - 60):e + 40].replace("\n", " "),
                        "fullname": p.geo.get("fullname"), "feature": p.geo.get("feature"),
                        "country": p.geo.get("country"), "lat": p.geo.get("lat"), "lon": p.geo.get("lon"),
                        "rule": p.geo.get("resolution")})
        located = [ev.place for ev in doc.events if not ev.negated]
        out.append({"article": n, "id": doc.id, "events": len(located),
                    "events_located": sum(1 for pl in located if pl and pl.get("lat") is not None),
                    "events_by_basis": {b: sum(1 for pl in located if pl and pl.get("lat") is not None
                                               and pl.get("basis") == b) for b in ("sentence", "dateline")},
                    "events_by_feature": {f: sum(1 for pl in located if pl and pl.get("feature") == f)
                                          for f in ("city", "admin1", "country", "feature")}})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--from", dest="start", type=int, default=0)
    ap.add_argument("--to", dest="stop", type=int, default=50)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    rows = mentions_of(args.path, args.start, args.stop)
    for r in rows:
        if args.json:
            print(json.dumps(r, ensure_ascii=False))
        elif "mention" in r:
            print(f"{r['article']}\t{r['mention']}\t{r['fullname']}\t{r['feature']}\t{r['country']}\t"
                  f"{r['lat']},{r['lon']}\t{r['rule']}\t| {r['context']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
