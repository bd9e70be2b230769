"""`reportage eval plover`: score the event coder on PLOVER gold-standard records.

Figures are given on the whole file and on its two halves (``halves.py``, by a hash of the record
id): tune on one half, report the other. A record counts as found when the coder emits, for its sentence, a non-negated event of the gold
PLOVER type whose source (and target, where the gold gives one) has the gold actor's country code.
Old PLOVER 0.5 names in the gold (DEMAND, DISAPPROVE, INVESTIGATE, FIGHT) are mapped to the current
ones the coder emits. Event-type precision and recall are counted per record (types predicted for a
sentence vs its gold type), and the confusion table pairs the gold type with the coder's main type.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from reportage.evaluate.halves import by_half
from reportage.events.codebook import OLD_PLOVER
from reportage.inputs import InputError

NAME = "plover"
HELP = "event coding against PLOVER gold records (event type with source and target country)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, help="PLOVER gold JSON (e.g. ../shared/data/plover/plover_gsr_dev.json)")
    p.add_argument("--show", type=int, default=0, metavar="N", help="print N records the coder missed")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")


def load_records(path: str | Path) -> list[dict[str, Any]]:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: no such file (expected the PLOVER gold JSON)")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a PLOVER JSON file ({exc.__class__.__name__})") from None
    if not isinstance(data, list):
        raise InputError(f"{path}: expected a JSON list of PLOVER records")
    return [r for r in data if isinstance(r, dict) and r.get("event") != "DOCUMENT" and r.get("text")]


def gold_type(record: dict[str, Any]) -> str:
    ev = str(record.get("event", "")).upper()
    return OLD_PLOVER.get(ev, ev)


# non-ISO country codes found in the gold records, read as the ISO 3166 codes the actor base uses
GOLD_CODE_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}


def gold_codes(field: Any) -> set[str]:
    """Country parts of the gold actors; empty means the gold gives none (anything matches)."""
    if not isinstance(field, list):
        return set()
    codes = {str(a.get("code", ""))[:3].upper() for a in field if isinstance(a, dict) and a.get("code")}
    return {GOLD_CODE_ALIASES.get(c, c) for c in codes}


def actor_codes(actor: Any) -> set[str]:
    """Everything a coded actor can be matched on: its country and the first part of its code."""
    if actor is None:
        return set()
    out = set()
    if actor.country:
        out.add(actor.country.upper()[:3])
    if actor.code:
        out.add(actor.code.upper()[:3])
    return out


def score(records: list[dict[str, Any]], documents: list[Any]) -> dict[str, Any]:
    found = 0
    type_found = 0
    tp: Counter[str] = Counter()
    pred_n: Counter[str] = Counter()
    gold_n: Counter[str] = Counter()
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[dict[str, Any]] = []
    for rec, doc in zip(records, documents, strict=True):
        gt = gold_type(rec)
        gold_n[gt] += 1
        actors = {a.id: a for a in doc.actors}
        events = [e for e in doc.events if not e.negated and e.plover]
        types = {e.plover for e in events}
        for t in types:
            pred_n[t] += 1
            if t == gt:
                tp[t] += 1
        if gt in types:
            type_found += 1
        gs, gtg = gold_codes(rec.get("source")), gold_codes(rec.get("target"))
        ok = False
        for e in events:
            if e.plover != gt:
                continue
            src = actor_codes(actors.get(e.source))
            tgt = actor_codes(actors.get(e.target))
            if gs and not (gs & src):
                continue
            if gtg and not (gtg & tgt):
                continue
            ok = True
            break
        found += ok
        main = gt if gt in types else (events[0].plover if events else "NONE")
        confusion[gt][main] += 1
        if not ok:
            misses.append({"id": rec.get("id"), "gold": gt, "source": sorted(gs), "target": sorted(gtg),
                           "text": rec.get("text"),
                           "predicted": [(e.cameo, e.plover, sorted(actor_codes(actors.get(e.source))),
                                          sorted(actor_codes(actors.get(e.target))), e.trigger.text) for e in events]})
    n = len(records)
    by_type = {}
    for t in sorted(set(gold_n) | set(pred_n)):
        p = tp[t] / pred_n[t] if pred_n[t] else 0.0
        r = tp[t] / gold_n[t] if gold_n[t] else 0.0
        by_type[t] = {"gold": gold_n[t], "predicted": pred_n[t], "precision": round(p, 3), "recall": round(r, 3)}
    all_tp, all_pred = sum(tp.values()), sum(pred_n.values())
    return {
        "records": n,
        "found_with_actors": found,
        "accuracy": round(found / n, 3) if n else 0.0,
        "type_found": round(type_found / n, 3) if n else 0.0,
        "precision": round(all_tp / all_pred, 3) if all_pred else 0.0,
        "recall": round(all_tp / n, 3) if n else 0.0,
        "by_type": by_type,
        "confusion": {g: dict(c) for g, c in sorted(confusion.items())},
        "misses": misses,
    }


def evaluate(path: str | Path) -> dict[str, Any]:
    from reportage.pipeline import analyze_many

    records = load_records(path)
    items = [(r["text"], {"doc_id": str(r.get("id")), "published": r.get("date") or None}) for r in records]
    documents = list(analyze_many(items))
    res = score(records, documents)
    halves = by_half(records, lambda r: r.get("id"))
    res["halves"] = {}
    for name in ("tune", "score"):
        part = score([records[i] for i in halves[name]], [documents[i] for i in halves[name]])
        res["halves"][name] = {k: part[k] for k in ("records", "found_with_actors", "accuracy", "type_found")}
    return res


def run(args: argparse.Namespace) -> int:
    res = evaluate(args.data)
    if args.json:
        out = dict(res)
        out.pop("misses")
        json.dump(out, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"PLOVER records: {res['records']}")
    print(f"event type with source and target country: {res['found_with_actors']}/{res['records']} "
          f"= {res['accuracy']:.1%}")
    print(f"event type found (actors ignored): {res['type_found']:.1%}")
    for name, h in res.get("halves", {}).items():
        print(f"  {name} half ({h['records']} records): type with actors {h['accuracy']:.1%}, "
              f"type found {h['type_found']:.1%}")
    print(f"event-type precision {res['precision']:.3f}  recall {res['recall']:.3f} (per record)")
    print(f"\n{'type':<11}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}")
    for t, row in res["by_type"].items():
        print(f"{t:<11}{row['gold']:>6}{row['predicted']:>6}{row['precision']:>7.2f}{row['recall']:>7.2f}")
    cols = sorted({c for row in res["confusion"].values() for c in row})
    print("\nconfusion (rows gold, columns the coder's main type; NONE = no event)")
    print(" " * 11 + "".join(f"{c[:6]:>7}" for c in cols))
    for g, row in res["confusion"].items():
        print(f"{g:<11}" + "".join(f"{row.get(c, 0) or '.':>7}" for c in cols))
    for m in res["misses"][: args.show]:
        print(f"\nMISS {m['id']} gold {m['gold']} {m['source']}->{m['target']}: {m['text']}")
        for p in m["predicted"]:
            print(f"   got {p}")
    return 0
