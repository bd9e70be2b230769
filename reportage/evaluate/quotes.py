"""`reportage eval quotes`: score speech and writing on any quote-annotated JSONL, by the common quote-tracker rule.

Each line is ``{"id", "text", "quotes": [{"start", "end", "speaker": {"start", "end"} | null}]}``
(``published`` and ``outlet`` are used when present). The rule, as quote trackers score
themselves: each gold quote, in text order, takes the remaining prediction that covers the largest
share of its (non-whitespace) characters, above the threshold (0.3 and, separately, 0.8);
predictions left over are false positives. A matched speaker is right when the predicted source
span overlaps the gold speaker span, or when both are absent.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportage.cues import QUOTE_ACTS
from reportage.inputs import InputError

NAME = "quotes"
HELP = "score speech and writing against quote-annotated JSONL (id, text, quotes with speaker spans)"
THRESHOLDS = (0.3, 0.8)

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class QuoteItem:
    """A quote as scored: its content segments and its speaker span (None when there is none)."""

    content: Spans
    speaker: tuple[int, int] | None = None


@dataclass(slots=True)
class QuoteDoc:
    id: str
    text: str
    quotes: list[QuoteItem]
    published: str | None = None
    outlet: str | None = None


def _span(d: Any, where: str) -> tuple[int, int]:
    if not isinstance(d, dict) or not isinstance(d.get("start"), int) or not isinstance(d.get("end"), int):
        raise InputError(f"{where}: expected {{\"start\": int, \"end\": int}}, got {d!r}")
    if not 0 <= d["start"] < d["end"]:
        raise InputError(f"{where}: empty or negative span {d['start']}-{d['end']}")
    return d["start"], d["end"]


def load_quotes(path: str | Path) -> list[QuoteDoc]:
    """The annotated articles of one JSONL file; a bad line is named with its number and reason."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: cannot read ({exc})") from None
    docs = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{p}:{n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not isinstance(row.get("quotes"), list):
            raise InputError(f"{where}: expected an object with \"text\" (string) and \"quotes\" (list)")
        quotes = []
        for i, q in enumerate(row["quotes"]):
            start, end = _span(q, f"{where} quote {i}")
            if end > len(row["text"]):
                raise InputError(f"{where} quote {i}: ends at {end}, past the text's {len(row['text'])} characters")
            sp = q.get("speaker")
            quotes.append(QuoteItem(((start, end),), _span(sp, f"{where} quote {i} speaker") if sp else None))
        docs.append(QuoteDoc(str(row.get("id", n)), row["text"], quotes, row.get("published"), row.get("outlet")))
    if not docs:
        raise InputError(f"{p}: no annotated articles")
    return docs


def predicted_quotes(attributions: Iterable[Any]) -> list[QuoteItem]:
    out = []
    for a in attributions:
        content = tuple(sorted((s.start, s.end) for s in a.content if s.end > s.start))
        if content:
            out.append(QuoteItem(content, (a.source.start, a.source.end) if a.source is not None else None))
    return out


def _chars(text: str, spans: Spans) -> set[int]:
    return {i for s, e in spans for i in range(s, min(e, len(text))) if not text[i].isspace()}


def score_document(text: str, gold: Sequence[QuoteItem], pred: Sequence[QuoteItem]) -> dict[float, dict[str, int]]:
    """Per threshold: matched, speaker_right (among matched), gold and predicted counts."""
    gold_chars = [_chars(text, g.content) for g in gold]
    pred_chars = [_chars(text, p.content) for p in pred]
    order = sorted(range(len(gold)), key=lambda i: gold[i].content)
    out = {}
    for t in THRESHOLDS:
        free = set(range(len(pred)))
        matched = right = 0
        for gi in order:
            g = gold_chars[gi]
            if not g:
                continue
            best, best_cov = None, -1.0
            for pj in sorted(free):
                cov = len(g & pred_chars[pj]) / len(g)
                if cov >= t and cov > best_cov:
                    best, best_cov = pj, cov
            if best is None:
                continue
            free.discard(best)
            matched += 1
            gs, ps = gold[gi].speaker, pred[best].speaker
            if (gs is None and ps is None) or (gs and ps and gs[0] < ps[1] and ps[0] < gs[1]):
                right += 1
        out[t] = {"matched": matched, "speaker_right": right, "gold": len(gold), "predicted": len(pred)}
    return out


def _prf(matched: int, predicted: int, gold: int) -> dict[str, float]:
    p = matched / predicted if predicted else 0.0
    r = matched / gold if gold else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def evaluate(path: str | Path, acts: frozenset[str] | None = QUOTE_ACTS, nlp: Any | None = None,
             limit: int | None = None) -> dict[str, Any]:
    """Score the given acts (default speech and writing; None: every attribution) against one JSONL file."""
    from reportage.attribution import reported_acts
    from reportage.pipeline import analyze_many

    docs = load_quotes(path)[:limit]
    items = ((d.text, {"doc_id": d.id, "published": d.published, "outlet": d.outlet,
                       "stages": ("actors", "attributions")}) for d in docs)
    totals = {t: {"matched": 0, "speaker_right": 0, "gold": 0, "predicted": 0} for t in THRESHOLDS}
    with reported_acts(acts):
        for d, document in zip(docs, analyze_many(items, nlp=nlp), strict=True):
            for t, s in score_document(d.text, d.quotes, predicted_quotes(document.attributions)).items():
                for k, v in s.items():
                    totals[t][k] += v
    summary: dict[str, Any] = {"data": str(path), "articles": len(docs),
                               "acts": "all" if acts is None else ",".join(sorted(acts))}
    for t, s in totals.items():
        summary[f"match@{t}"] = dict(_prf(s["matched"], s["predicted"], s["gold"]), **s,
                                     speaker=round(s["speaker_right"] / s["matched"], 4) if s["matched"] else 0.0)
    return summary


def format_summary(s: dict[str, Any]) -> str:
    lines = [f"quotes {s['data']} — {s['articles']} articles, acts: {s['acts']}"]
    for t in THRESHOLDS:
        b = s[f"match@{t}"]
        lines.append(f"match@{t}:  P {b['p']:.3f}  R {b['r']:.3f}  F1 {b['f1']:.3f}   speaker {b['speaker']:.3f} "
                     f"({b['matched']} matched of {b['gold']} gold, {b['predicted']} predicted)")
    return "\n".join(lines)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, metavar="FILE", help="quote-annotated JSONL")
    p.add_argument("--acts", default="speech,writing", metavar="ACTS",
                   help="acts to report and score (default speech,writing; 'all' for every attribution)")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N articles")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")


def run(args: argparse.Namespace) -> int:
    from reportage.evaluate.polnear import checked_options

    acts = checked_options(args)
    summary = evaluate(args.data, acts=acts, limit=args.limit)
    print(json.dumps(summary, indent=2) if args.json else format_summary(summary))
    return 0
