"""`reportage eval plv`: score the event coder on real news sentences labelled with PLOVER types.

The set (``../shared/data/plv-events/dev.jsonl``, see its README) gives for each sentence one
PLOVER type (rarely two) and the words of its source and target. Three figures, as the README
defines them, over the whole file and over its two halves (``halves.py``: tune on one, report the
other):

* type found: the gold type is among the sentence's non-negated events;
* main type right: the first non-negated event's type is the gold type, over sentences with events;
* type + source + target: an event of the gold type whose source actor has a mention overlapping the
  gold source words and whose target actor has one overlapping the gold target words.

``YIELD`` (the paper's name) counts CONCEDE or RETREAT as right.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from reportage.document import Span
from reportage.evaluate.halves import report, score_by_half
from reportage.inputs import InputError

NAME = "plv"
HELP = "event coding against the PLV real-news sentences (type found, main type, type + source + target)"

ALIASES = {"YIELD": {"CONCEDE", "RETREAT"}}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, help="PLV JSONL (e.g. ../shared/data/plv-events/dev.jsonl)")
    p.add_argument("--show", type=int, default=0, metavar="N", help="print N sentences the coder got wrong")
    p.add_argument("--half", choices=["all", "tune", "score"], default="all",
                   help="which half the --show examples come from (default all)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")


def load_jsonl(path: str | Path, required: tuple[str, ...]) -> list[dict[str, Any]]:
    """Records of a JSONL gold file; a clear error naming the file and line when it is not one."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: no such file (expected a JSONL gold file)")
    out: list[dict[str, Any]] = []
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            raise InputError(f"{path}, line {n}: not JSON") from None
        if not isinstance(rec, dict) or any(k not in rec for k in required):
            raise InputError(f"{path}, line {n}: a record needs the fields {', '.join(required)}")
        out.append(rec)
    if not out:
        raise InputError(f"{path}: no records")
    return out


def gold_types(rec: dict[str, Any]) -> set[str]:
    out: set[str] = set()
    for lab in rec.get("labels") or []:
        lab = str(lab).upper()
        out |= ALIASES.get(lab, {lab})
    return out


def word_spans(text: str, words: str) -> list[Span]:
    """Every occurrence (case-insensitive) of the gold words in the sentence."""
    words = (words or "").strip()
    if not words:
        return []
    low, w = text.lower(), words.lower()
    spans, i = [], low.find(w)
    while i >= 0:
        spans.append(Span.of(text, i, i + len(w)))
        i = low.find(w, i + 1)
    return spans


def _hits(actor: Any, spans: list[Span]) -> bool:
    return actor is not None and any(m.overlaps(s) for m in actor.mentions for s in spans)


def judge(rec: dict[str, Any], doc: Any) -> dict[str, Any]:
    """The three per-sentence judgements, and what the coder said (for --show)."""
    gold = gold_types(rec)
    actors = {a.id: a for a in doc.actors}
    events = [e for e in doc.events if not e.negated and e.plover]
    src_spans, tgt_spans = word_spans(rec["text"], rec.get("source", "")), word_spans(rec["text"], rec.get("target", ""))
    full = any(e.plover in gold and _hits(actors.get(e.source), src_spans) and _hits(actors.get(e.target), tgt_spans)
               for e in events)
    return {
        "found": any(e.plover in gold for e in events),
        "has_events": bool(events),
        "main": bool(events) and events[0].plover in gold,
        "full": full,
        "got": [(e.cameo, e.plover, actors[e.source].name if e.source in actors else None,
                 actors[e.target].name if e.target in actors else None, e.trigger.text) for e in events],
    }


def figures(judged: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(judged)
    with_ev = [j for j in judged if j["has_events"]]
    return {
        "sentences": n,
        "type_found": round(sum(j["found"] for j in judged) / n, 3) if n else 0.0,
        "main_type_right": round(sum(j["main"] for j in with_ev) / len(with_ev), 3) if with_ev else 0.0,
        "type_source_target": round(sum(j["full"] for j in judged) / n, 3) if n else 0.0,
        "with_events": len(with_ev),
    }


def evaluate(path: str | Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    records = load_jsonl(path, ("id", "text", "labels"))
    judged, res = score_by_half(records, judge, figures)
    return records, judged, res


def run(args: argparse.Namespace) -> int:
    records, judged, res = evaluate(args.data)
    return report(args, "PLV sentences (halves by id hash: tune on one, report the other)",
                  [("type_found", "type found"), ("main_type_right", "main type right"),
                   ("type_source_target", "type + source + target")], records, judged, res,
                  missed=lambda j, r: not j["full"],
                  heading=lambda r: f"{r['id']} {r['labels']} {r.get('source')!r} -> {r.get('target')!r}: {r['text']}")
