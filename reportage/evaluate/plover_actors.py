"""`reportage eval plover-actors`: how often the resolver codes the PLOVER gold actors the same.

For every gold source and target actor of ../shared/data/plover/plover_gsr_dev.json (``actorText``,
``code``, ``sector``) the actor text is found in the sentence and the resolver's actor at that place
is compared: the country part (first three letters of the code, "IGO" for international bodies)
and the sector part (GOV, MIL, ... ; no sector in the gold must be no sector in ours) separately.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from reportage.evaluate.halves import HALVES, half
from reportage.inputs import InputError

NAME = "plover-actors"
HELP = "actor coding against the PLOVER gold records (country and sector parts)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", default="../shared/data/plover/plover_gsr_dev.json",
                   help="PLOVER gold JSON (default: %(default)s)")
    p.add_argument("--errors", action="store_true", help="list the actors coded differently")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")


def gold_actors(record: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for role in ("source", "target"):
        value = record.get(role)
        if isinstance(value, list):
            for a in value:
                if isinstance(a, dict) and a.get("actorText") and a.get("code"):
                    out.append({**a, "slot": role})
    return out


def _find(text: str, actor_text: str) -> tuple[int, int] | None:
    """The gold actor text in the sentence ("Sierra Leonean ... refugees" -> its first part)."""
    wanted = actor_text.split("...")[0].strip() or actor_text
    pattern = r"\s+".join(re.escape(w) for w in wanted.split())  # the gold text may differ in spacing
    m = re.search(pattern, text) or re.search(pattern, text, re.I)
    return (m.start(), m.end()) if m else None


def _actor_starting(table: Any, start: int, end: int) -> Any:
    """The actor whose mention starting where the gold text starts is longest, else any overlapping one."""
    best = None
    for actor in table.actors:
        for m in actor.mentions:
            if m.start == start and m.end <= end and (best is None or m.end > best[0]):
                best = (m.end, actor)  # "Russia troops" rather than "Russia"
    return best[1] if best else table.actor_at(start, end)


def _norm_sector(sector: Any) -> str | None:
    if not sector or not isinstance(sector, str) or not sector[:3].isalpha():
        return None
    return sector[:3].upper()


def score(records: list[dict[str, Any]]) -> dict[str, Any]:
    from reportage.actors.resolve import resolve_actors
    from reportage.nlp import load_nlp, normalise

    nlp = load_nlp()
    usable = [r for r in records if r.get("text") and gold_actors(r)]
    normed = [normalise(r["text"]) for r in usable]
    counts: Counter = Counter()
    errors = []
    # a date every record shares is the file's placeholder (the GSR gives all its manual examples, written
    # from the 1980s to the 2000s, "2000-01-01"), not a publication date: such records are undated
    dates = {r.get("date") for r in usable}
    placeholder = dates.pop() if len(dates) == 1 and len(usable) > 1 else None
    for record, (_norm, omap), doc in zip(usable, normed, nlp.pipe([n for n, _ in normed]), strict=True):
        text = record["text"]
        date = record.get("date")
        table = resolve_actors(doc, text, omap, None if date == placeholder else date)
        for gold in gold_actors(record):
            counts["actors"] += 1
            span = _find(text, gold["actorText"])
            actor = None
            if span:
                actor = _actor_starting(table, *span)
                if actor is None or not actor.code:
                    actor = table.code_phrase(*span) or table.resolve_description(*span) or actor
            code = actor.code if actor else None
            g_country, g_sector = gold["code"][:3].upper(), _norm_sector(gold.get("sector"))
            p_country = code[:3] if code else None
            p_sector = actor.sector if actor else None
            ok_c = p_country == g_country
            ok_s = p_sector == g_sector
            counts["country"] += ok_c
            counts["sector"] += ok_s
            h = half(str(record.get("id")))
            counts[h + "_actors"] += 1
            counts[h + "_country"] += ok_c
            counts[h + "_sector"] += ok_s
            if g_sector:
                counts["with_sector"] += 1
                counts["sector_given"] += ok_s
            if not (ok_c and ok_s):
                errors.append({"id": record.get("id"), "half": h, "actorText": gold["actorText"],
                               "gold": f"{g_country} {g_sector or '-'}",
                               "ours": f"{p_country or '-'} {p_sector or '-'}",
                               "actor": actor.name if actor else None})
    n = counts["actors"] or 1
    return {
        "records": len(usable), "actors": counts["actors"],
        "country": round(counts["country"] / n, 4),
        "sector": round(counts["sector"] / n, 4),
        "sector_where_gold_has_one": round(counts["sector_given"] / (counts["with_sector"] or 1), 4),
        "gold_with_sector": counts["with_sector"],
        "placeholder_date": placeholder,
        # the halves of halves.py (by record id): tune on one, report the other
        "halves": {h: {"actors": counts[h + "_actors"],
                       "country": round(counts[h + "_country"] / (counts[h + "_actors"] or 1), 4),
                       "sector": round(counts[h + "_sector"] / (counts[h + "_actors"] or 1), 4)} for h in HALVES},
        "errors": errors,
    }


def run(args: argparse.Namespace) -> int:
    path = Path(args.data)
    if not path.exists():
        raise InputError(f"{path}: no such file (the PLOVER gold set lives in ../shared/data/plover)")
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a JSON file ({exc})") from None
    if not isinstance(records, list):
        raise InputError(f"{path}: expected a JSON list of PLOVER records")
    result = score(records)
    if args.json:
        out = dict(result)
        if not args.errors:
            out.pop("errors")
        print(json.dumps(out, indent=2))
        return 0
    print(f"PLOVER actors: {result['actors']} gold actors in {result['records']} records")
    if result["placeholder_date"]:
        print(f"  (every record has the date {result['placeholder_date']}: a placeholder, coded as undated)")
    print(f"  country part same: {result['country']:.1%}")
    print(f"  sector part same:  {result['sector']:.1%} (no sector in gold = none in ours)")
    print(f"  sector part same where the gold has a sector ({result['gold_with_sector']}): "
          f"{result['sector_where_gold_has_one']:.1%}")
    for h, fig in result["halves"].items():
        print(f"  {h} half ({fig['actors']} actors): country {fig['country']:.1%}, sector {fig['sector']:.1%}")
    if args.errors:
        for e in result["errors"]:
            print(f"  [{e['half']}] {e['id']}: {e['actorText']!r}: gold {e['gold']}, ours {e['ours']} ({e['actor']})")
    return 0
