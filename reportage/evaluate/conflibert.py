"""`reportage eval conflibert`: score the event coder on the ConfliBERT CAMEO real-news sentences.

Each sentence of ``../shared/data/conflibert-cameo/dev.jsonl`` carries one of five CAMEO classes
(0 statement or appeal 01-02, 1 verbal cooperation 03-05, 2 material cooperation 06-08, 3 verbal
conflict 09-13 and 16, 4 material conflict 14-15 and 17-20) and, for some, source / target /
reciprocal spans. Figures, over the whole file and its two halves (``halves.py``):

* class found: a non-negated event of the gold class;
* main class right: the first non-negated event's class, over sentences with events;
* source / target agreement: over sentences whose gold gives that span, an event of the gold class
  whose source (target) actor has a mention overlapping it (a reciprocal span counts for both).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from reportage.document import Span
from reportage.evaluate.halves import report, score_by_half
from reportage.evaluate.plv import load_jsonl

NAME = "conflibert"
HELP = "event coding against the ConfliBERT CAMEO sentences (class found, main class, actor spans)"

# CAMEO root (two digits) -> the set's five classes
_CLASS = {**{r: 0 for r in ("01", "02")}, **{r: 1 for r in ("03", "04", "05")},
          **{r: 2 for r in ("06", "07", "08")}, **{r: 3 for r in ("09", "10", "11", "12", "13", "16")},
          **{r: 4 for r in ("14", "15", "17", "18", "19", "20")}}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, help="ConfliBERT JSONL (e.g. ../shared/data/conflibert-cameo/dev.jsonl)")
    p.add_argument("--show", type=int, default=0, metavar="N", help="print N sentences the coder got wrong")
    p.add_argument("--half", choices=["all", "tune", "score"], default="all",
                   help="which half the --show examples come from (default all)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")


def cameo_class(code: str) -> int | None:
    return _CLASS.get((code or "")[:2])


def _spans(rec: dict[str, Any], field: str) -> list[Span]:
    out = []
    for s in (rec.get(field) or []) + (rec.get("reciprocal") or []):
        if isinstance(s, dict) and "start" in s and "end" in s:
            out.append(Span(int(s["start"]), int(s["end"]), str(s.get("text", ""))))
    return out


def judge(rec: dict[str, Any], doc: Any) -> dict[str, Any]:
    gold = int(rec["class"])
    actors = {a.id: a for a in doc.actors}
    events = [e for e in doc.events if not e.negated and cameo_class(e.cameo) is not None]
    in_class = [e for e in events if cameo_class(e.cameo) == gold]

    def agree(field: str, role: str) -> bool | None:
        spans = _spans(rec, field) if rec.get("has_spans") and rec.get(field) else []
        if not spans:
            return None
        return any((a := actors.get(getattr(e, role))) is not None and
                   any(m.overlaps(s) for m in a.mentions for s in spans) for e in in_class)

    return {
        "found": bool(in_class),
        "has_events": bool(events),
        "main": bool(events) and cameo_class(events[0].cameo) == gold,
        "source": agree("source", "source"),
        "target": agree("target", "target"),
        "got": [(e.cameo, e.plover, actors[e.source].name if e.source in actors else None,
                 actors[e.target].name if e.target in actors else None, e.trigger.text) for e in events],
    }


def figures(judged: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(judged)
    with_ev = [j for j in judged if j["has_events"]]
    src = [j["source"] for j in judged if j["source"] is not None]
    tgt = [j["target"] for j in judged if j["target"] is not None]
    return {
        "sentences": n,
        "class_found": round(sum(j["found"] for j in judged) / n, 3) if n else 0.0,
        "main_class_right": round(sum(j["main"] for j in with_ev) / len(with_ev), 3) if with_ev else 0.0,
        "source_agrees": round(sum(src) / len(src), 3) if src else 0.0,
        "target_agrees": round(sum(tgt) / len(tgt), 3) if tgt else 0.0,
        "with_events": len(with_ev),
    }


def evaluate(path: str | Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    records = load_jsonl(path, ("id", "text", "class"))
    judged, res = score_by_half(records, judge, figures)
    return records, judged, res


def run(args: argparse.Namespace) -> int:
    records, judged, res = evaluate(args.data)
    return report(args, "ConfliBERT CAMEO sentences (halves by id hash: tune on one, report the other)",
                  [("class_found", "class found"), ("main_class_right", "main class right"),
                   ("source_agrees", "source span agrees"), ("target_agrees", "target span agrees")],
                  records, judged, res, counts=("sentences", "with_events"),
                  missed=lambda j, r: not (j["main"] or (not j["has_events"] and int(r["class"]) == 0)),
                  heading=lambda r: f"{r['id']} class {r['class']}: {r['text']}")
