"""`reportage eval polnear`: score attributions against PolNeAR (brat standoff, news articles of 2016).

Three views of the same predictions, because each hides something the others show:

* content overlap: non-whitespace characters of predicted content against gold content (the union
  per document), so long quotes weigh more than short ones and boundaries count character by character;
* attribution match: a predicted attribution matches a gold one when its content covers at least a
  share (0.3, 0.8) of the gold content's non-whitespace characters, paired greedily one to one by
  coverage; matched pairs then say whether the source spans agree;
* cue exact span: the cue (``said``, ``according to``) as an exact character range.

The extractor is ``reportage`` (the full pipeline) or ``quotes`` (the quote-mark-only baseline of
reportage.baseline), so the two are measured by the same code.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from reportage.evaluate.brat import Segments, read_ann
from reportage.inputs import InputError

NAME = "polnear"
HELP = "score attributions against PolNeAR (brat standoff): content overlap, match@0.3/0.8, cues"
THRESHOLDS = (0.3, 0.8)
CONTENT_ROLES = ("Content",)  # Content, Content2 ... all belong to the content
DEFAULT_DATA = "../shared/data/polnear/dev"
_RULE_WORD = re.compile(r"'[^']*'")
T = TypeVar("T")


# --------------------------------------------------------------------------- data

@dataclass(frozen=True, slots=True)
class Item:
    """One attribution reduced to what is scored: segments of source, cue and content (gold or predicted)."""

    content: Segments
    source: Segments | None = None
    cue: Segments | None = None
    info: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(slots=True)
class GoldDoc:
    id: str
    text: str
    ann_path: Path
    items: list[Item]
    skipped: int = 0  # gold attributions without any content span: nothing to cover
    published: str | None = None  # from the corpus's metadata.tsv: roles of people depend on the date


def gold_items(ann_path: str | Path) -> tuple[list[Item], int]:
    """The attributions of one PolNeAR file; those with no content are counted, not scored."""
    ann = read_ann(ann_path)
    items: list[Item] = []
    skipped = 0
    for ev in ann.events:
        if not ev.label.startswith("Attribution"):
            continue
        content: list[tuple[int, int]] = []
        source = cue = None
        for role, tid in ev.args:
            ent = ann.entities.get(tid)
            if ent is None or not ent.segments:
                continue
            base = role.rstrip("0123456789")
            if base == "Content":
                content.extend(ent.segments)
            elif base == "Source" and source is None:
                source = ent.segments
            elif base == "Cue" and cue is None:
                cue = ent.segments
        if ev.label == "Attribution-no-source":
            source = None
        if not content:
            skipped += 1
            continue
        items.append(Item(tuple(sorted(content)), source, cue, {"id": ev.id}))
    return items, skipped


def find_articles(data_dir: str | Path) -> list[tuple[str, Path, Path]]:
    """(stem, text path, .ann path) for each article; several annotators -> the first .ann in sorted order."""
    root = Path(data_dir)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(f"{root}: not a PolNeAR split (expected text/ and attributions/ folders)")
    first: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        first.setdefault(stem, ann)
    out = []
    for stem in sorted(first):
        txt = text_dir / f"{stem}.txt"
        if txt.is_file():
            out.append((stem, txt, first[stem]))
    if not out:
        raise InputError(f"{root}: no articles with both text/<stem>.txt and attributions/<stem>_<annotator>.ann")
    return out


def _read(path: Path, reader: Callable[[Path], T]) -> T:
    """Read one gold file; a bad one is named in a one-line error, not a traceback."""
    try:
        return reader(path)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None


def publication_dates(data_dir: str | Path) -> dict[str, str]:
    """filename -> publication date from PolNeAR's metadata.tsv beside the split folders, if present."""
    path = Path(data_dir).parent / "metadata.tsv"
    if not path.is_file():
        return {}
    lines = _read(path, lambda p: p.read_text(encoding="utf-8")).splitlines()
    header = lines[0].split("\t") if lines else []
    if "filename" not in header or "publication_date" not in header:
        return {}
    fi, di = header.index("filename"), header.index("publication_date")
    rows = (line.split("\t") for line in lines[1:])
    return {r[fi]: r[di] for r in rows if len(r) > max(fi, di) and r[di][:4].isdigit()}


def load_gold(data_dir: str | Path, limit: int | None = None) -> list[GoldDoc]:
    docs = []
    dates = publication_dates(data_dir)
    for stem, txt, ann in find_articles(data_dir)[:limit]:
        items, skipped = _read(ann, gold_items)
        docs.append(GoldDoc(stem, _read(txt, lambda p: p.read_text(encoding="utf-8")), ann, items, skipped,
                            dates.get(stem)))
    return docs


def predicted_items(attributions: Iterable[Any]) -> list[Item]:
    """reportage Attribution objects -> Items (source = the source span in the sentence, not the actor)."""
    out = []
    for a in attributions:
        content = tuple(sorted((s.start, s.end) for s in a.content if s.end > s.start))
        source = ((a.source.start, a.source.end),) if a.source is not None else None
        cue = ((a.cue.start, a.cue.end),) if a.cue is not None else None
        out.append(Item(content, source, cue, {"id": a.id, "kind": a.kind, "rule": a.rule}))
    return out


# --------------------------------------------------------------------------- scoring

def chars(text: str, segments: Iterable[tuple[int, int]] | None) -> set[int]:
    """Indices of the non-whitespace characters under the segments."""
    out: set[int] = set()
    for start, end in segments or ():
        out.update(i for i in range(start, min(end, len(text))) if not text[i].isspace())
    return out


def overlaps(a: Segments | None, b: Segments | None) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a or () for s2, e2 in b or ())


def source_agrees(gold: Item, pred: Item) -> bool:
    """Sources agree when their spans overlap, or when neither names a source."""
    if not gold.source and not pred.source:
        return True
    return overlaps(gold.source, pred.source)


def prf(tp: float, n_pred: float, n_gold: float) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f}


@dataclass(slots=True)
class DocScore:
    """Counts for one document, summed over the corpus (micro averages)."""

    n_gold: int = 0
    n_pred: int = 0
    content_gold: int = 0
    content_pred: int = 0
    content_both: int = 0
    matched: dict[float, list[tuple[int, int, float]]] = field(default_factory=dict)  # (gold i, pred j, cov)
    source_ok: dict[float, int] = field(default_factory=dict)
    cue_gold: int = 0
    cue_pred: int = 0
    cue_both: int = 0
    best_cov_gold: list[float] = field(default_factory=list)
    best_cov_pred: list[float] = field(default_factory=list)
    by_rule: dict[str, list[int]] = field(default_factory=dict)  # rule -> [predicted, matched@0.3, source ok]
    missed_cues: Counter[str] = field(default_factory=Counter)  # gold cue text (lower case) of misses @0.3


def greedy_match(pairs: Sequence[tuple[float, float, int, int]], threshold: float) -> list[tuple[int, int, float]]:
    """One-to-one pairing: highest coverage first (ties: the tighter prediction, then document order)."""
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for cov, _prec, gi, pj in sorted(pairs, key=lambda x: (-x[0], -x[1], x[2], x[3])):
        if cov < threshold or gi in used_g or pj in used_p:
            continue
        used_g.add(gi)
        used_p.add(pj)
        out.append((gi, pj, cov))
    return out


def score_document(text: str, gold: Sequence[Item], pred: Sequence[Item],
                   thresholds: Sequence[float] = THRESHOLDS) -> DocScore:
    """Counts for one article: content characters, greedy matches per threshold, cues, per-rule tallies."""
    s = DocScore(n_gold=len(gold), n_pred=len(pred))
    gold_chars = [chars(text, g.content) for g in gold]
    pred_chars = [chars(text, p.content) for p in pred]
    all_gold = set().union(*gold_chars) if gold_chars else set()
    all_pred = set().union(*pred_chars) if pred_chars else set()
    s.content_gold, s.content_pred, s.content_both = len(all_gold), len(all_pred), len(all_gold & all_pred)

    pairs: list[tuple[float, float, int, int]] = []
    s.best_cov_gold = [0.0] * len(gold)
    s.best_cov_pred = [0.0] * len(pred)
    for gi, gc in enumerate(gold_chars):
        if not gc:
            continue
        for pj, pc in enumerate(pred_chars):
            both = len(gc & pc)
            if not both:
                continue
            cov = both / len(gc)
            s.best_cov_gold[gi] = max(s.best_cov_gold[gi], cov)
            s.best_cov_pred[pj] = max(s.best_cov_pred[pj], cov)
            pairs.append((cov, both / len(pc), gi, pj))
    for t in thresholds:
        m = greedy_match(pairs, t)
        s.matched[t] = m
        s.source_ok[t] = sum(1 for gi, pj, _ in m if source_agrees(gold[gi], pred[pj]))
    matched = {pj: gi for gi, pj, _ in s.matched.get(min(thresholds), [])} if thresholds else {}
    found = set(matched.values())
    s.missed_cues.update(" ".join(text[a:b] for a, b in g.cue).lower() if g.cue else "(no cue)"
                         for gi, g in enumerate(gold) if gi not in found)
    for pj, p in enumerate(pred):
        row = s.by_rule.setdefault(str(p.info.get("rule", "")), [0, 0, 0])
        row[0] += 1
        if pj in matched:
            row[1] += 1
            row[2] += source_agrees(gold[matched[pj]], p)

    gold_cues = {g.cue for g in gold if g.cue}
    pred_cues = {p.cue for p in pred if p.cue}
    s.cue_gold, s.cue_pred, s.cue_both = len(gold_cues), len(pred_cues), len(gold_cues & pred_cues)
    return s


def summarise(scores: Iterable[DocScore], thresholds: Sequence[float] = THRESHOLDS) -> dict[str, Any]:
    """Micro-averaged figures over the corpus."""
    scores = list(scores)
    out: dict[str, Any] = {
        "articles": len(scores),
        "gold_attributions": sum(s.n_gold for s in scores),
        "predicted_attributions": sum(s.n_pred for s in scores),
        "content_overlap": prf(sum(s.content_both for s in scores), sum(s.content_pred for s in scores),
                               sum(s.content_gold for s in scores)),
    }
    for t in thresholds:
        tp = sum(len(s.matched[t]) for s in scores)
        ok = sum(s.source_ok[t] for s in scores)
        block = prf(tp, out["predicted_attributions"], out["gold_attributions"])
        block.update({"matched": tp, "source_agreement": ok / tp if tp else 0.0})
        out[f"match@{t}"] = block
    out["cue_exact"] = prf(sum(s.cue_both for s in scores), sum(s.cue_pred for s in scores),
                           sum(s.cue_gold for s in scores))
    rules: dict[str, list[int]] = {}
    for s in scores:
        for rule, counts in s.by_rule.items():
            rules[rule] = [a + b for a, b in zip(rules.get(rule, [0, 0, 0]), counts, strict=True)]
    missed: Counter[str] = Counter()
    for s in scores:
        missed.update(s.missed_cues)
    out[f"missed_gold_cues@{min(thresholds)}"] = dict(missed.most_common(50))
    out[f"by_rule@{min(thresholds)}"] = {
        rule: {"predicted": n, "matched": m, "precision": m / n if n else 0.0, "source_agreement": ok / m if m else 0.0}
        for rule, (n, m, ok) in sorted(rules.items(), key=lambda kv: -kv[1][0])
    }
    return out


# --------------------------------------------------------------------------- running

def _progress(done: int, total: int, started: float) -> None:
    """One progress line on stderr, rewritten in place on a terminal, every tenth otherwise."""
    tty = sys.stderr.isatty()
    if not tty and done != total and done % max(1, total // 10):
        return
    rate = done / max(time.perf_counter() - started, 1e-9)
    line = f"polnear: {done}/{total} articles ({rate:.1f}/s)"
    sys.stderr.write(("\r" + line) if tty else (line + "\n"))
    if tty and done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def predict(docs: Sequence[GoldDoc], extractor: str = "reportage", nlp: Any | None = None,
            batch_size: int = 32, acts: frozenset[str] | None = None) -> Iterator[list[Item]]:
    """Predicted Items per document, in order; the parse is batched with nlp.pipe either way.

    ``acts``: None scores every attribution found, as PolNeAR annotates beliefs, plans and polls
    too; a set scores only those acts, as ``analyze`` reports them by default."""
    if extractor == "reportage":
        from reportage.attribution import reported_acts
        from reportage.pipeline import analyze_many

        # events are not scored here and attributions do not depend on them: the stage is skipped
        items = ((d.text, {"doc_id": d.id, "published": d.published, "stages": ("actors", "attributions")})
                 for d in docs)
        with reported_acts(acts):
            for document in analyze_many(items, nlp=nlp, batch_size=batch_size):
                yield predicted_items(document.attributions)
    elif extractor == "quotes":
        from reportage.baseline import quote_attributions_many

        for attributions in quote_attributions_many((d.text for d in docs), nlp=nlp, batch_size=batch_size):
            yield predicted_items(attributions)
    else:
        raise InputError(f"unknown extractor {extractor!r} (reportage or quotes)")


def _text_of(text: str, segs: Segments | None) -> str | None:
    if not segs:
        return None
    return " … ".join(text[s:e] for s, e in segs)


def error_record(doc: GoldDoc, pred: Sequence[Item], score: DocScore, threshold: float = 0.3) -> dict[str, Any]:
    """What the extractor missed and invented in one document, with texts, for error analysis."""
    matched = score.matched[threshold]
    mg = {gi for gi, _, _ in matched}
    mp = {pj for _, pj, _ in matched}
    t = doc.text

    def show(item: Item, cov: float) -> dict[str, Any]:
        d = {"content": _text_of(t, item.content), "source": _text_of(t, item.source),
             "cue": _text_of(t, item.cue), "start": item.content[0][0] if item.content else None,
             "best_coverage": round(cov, 3)}
        d.update(item.info)
        return d

    return {
        "id": doc.id,
        "gold": len(doc.items), "predicted": len(pred), "matched": len(matched),
        "missed": [show(g, score.best_cov_gold[i]) for i, g in enumerate(doc.items) if i not in mg],
        "false_positives": [show(p, score.best_cov_pred[j]) for j, p in enumerate(pred) if j not in mp],
        "source_disagreements": [
            {"gold": show(doc.items[gi], cov), "predicted": show(pred[pj], cov)}
            for gi, pj, cov in matched if not source_agrees(doc.items[gi], pred[pj])
        ],
    }


def gold_of_acts(docs: list[GoldDoc], acts: frozenset[str], nlp: Any | None = None) -> int:
    """Keep only the gold attributions whose cue is a cue of one of ``acts`` in the lexicon (lemmatised
    with the parser; "according to" is speech); returns how many were set aside."""
    from reportage.cues import load_cues
    from reportage.nlp import load_nlp

    nlp = nlp or load_nlp()
    cues = load_cues()
    removed = 0
    for d in docs:
        texts = [" ".join(d.text[s:e] for s, e in (g.cue or ())) for g in d.items]
        kept = []
        for g, parsed in zip(d.items, nlp.pipe(texts), strict=True):
            found = {"speech"} if "according to" in parsed.text.lower() else set()
            for t in parsed:
                for pos in ("VERB", "NOUN", "SOURCE"):
                    cue = cues.get((t.lemma_.lower(), pos)) or cues.get((t.lower_, pos))
                    if cue is not None:
                        found.add(cue.act)
            if found & acts:
                kept.append(g)
        removed += len(d.items) - len(kept)
        d.items = kept
    return removed


def evaluate(data_dir: str | Path, extractor: str = "reportage", limit: int | None = None,
             errors_path: str | Path | None = None, progress: bool = True,
             nlp: Any | None = None, acts: frozenset[str] | None = None) -> dict[str, Any]:
    """Score one PolNeAR split; returns the summary (and writes the error analysis when asked).

    With ``acts``, predictions are those acts only and gold is cut to attributions whose cue
    reports one of them (PolNeAR does not label acts, so the gold cue's lexicon entry decides)."""
    docs = load_gold(data_dir, limit)
    gold_set_aside = gold_of_acts(docs, acts, nlp) if acts is not None else 0
    started = time.perf_counter()
    scores = []
    err_fh = open(errors_path, "w", encoding="utf-8") if errors_path else None  # noqa: SIM115
    try:
        for i, (doc, pred) in enumerate(zip(docs, predict(docs, extractor, nlp=nlp, acts=acts), strict=True), 1):
            s = score_document(doc.text, doc.items, pred)
            scores.append(s)
            if err_fh:
                err_fh.write(json.dumps(error_record(doc, pred, s), ensure_ascii=False) + "\n")
            if progress:
                _progress(i, len(docs), started)
    finally:
        if err_fh:
            err_fh.close()
    summary = summarise(scores)
    summary.update({
        "data": str(data_dir), "extractor": extractor,
        "gold_without_content": sum(d.skipped for d in docs),
        "acts": "all" if acts is None else ",".join(sorted(acts)), "gold_other_acts": gold_set_aside,
        "seconds": round(time.perf_counter() - started, 1),
    })
    return summary


def format_summary(s: dict[str, Any], by_rule: bool = False) -> str:
    def row(name: str, b: dict[str, float], extra: str = "") -> str:
        return f"{name:<34} P {b['p']:.3f}  R {b['r']:.3f}  F1 {b['f1']:.3f}{extra}"

    acts = s.get("acts", "all")
    lines = [
        f"PolNeAR {s['data']} — extractor: {s['extractor']}, acts: {acts}"
        + (f" ({s['gold_other_acts']} gold attributions of other acts set aside)" if acts != "all" else ""),
        f"{s['articles']} articles, {s['gold_attributions']} gold attributions "
        f"({s['gold_without_content']} without content not scored), {s['predicted_attributions']} predicted, "
        f"{s['seconds']} s",
        row("content overlap (non-ws chars)", s["content_overlap"]),
    ]
    for t in THRESHOLDS:
        b = s[f"match@{t}"]
        lines.append(row(f"attribution match@{t}", b,
                         f"   source agreement {b['source_agreement']:.3f} ({b['matched']} matched)"))
    lines.append(row("cue exact span", s["cue_exact"]))
    if by_rule:
        t = min(THRESHOLDS)
        groups: dict[str, list[int]] = {}  # the rule with its cue word blanked: "cue verb '…' + clause"
        for rule, r in s[f"by_rule@{t}"].items():
            g = groups.setdefault(_RULE_WORD.sub("'…'", rule), [0, 0, 0])
            g[0] += r["predicted"]
            g[1] += r["matched"]
            g[2] += round(r["source_agreement"] * r["matched"])
        lines.append(f"\nby extraction rule (match@{t}; cue words pooled; all rules in --json)")
        lines.append(f"  {'rule':<44}{'predicted':>10}{'matched':>9}{'precision':>10}{'source agr.':>12}")
        for rule, (n, m, ok) in sorted(groups.items(), key=lambda kv: -kv[1][0]):
            lines.append(f"  {rule[:44]:<44}{n:>10}{m:>9}{m / n if n else 0:>10.3f}{ok / m if m else 0:>12.3f}")
        missed = s[f"missed_gold_cues@{t}"]
        lines.append(f"\nmost frequent cues of missed gold attributions (match@{t}; 50 in --json):")
        lines.append("  " + ", ".join(f"{cue} {n}" for cue, n in list(missed.items())[:25]))
    return "\n".join(lines)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", default=DEFAULT_DATA,
                   help=f"a PolNeAR split with text/ and attributions/ (default {DEFAULT_DATA})")
    p.add_argument("--baseline", choices=["quotes"], default=None,
                   help="score the quote-mark-only baseline instead of the reportage extractor")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N articles (sorted)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--errors", metavar="FILE", help="write a JSONL error analysis: per article, missed "
                   "gold attributions, false positives and source disagreements (at match@0.3)")
    p.add_argument("--by-rule", action="store_true",
                   help="also show, per extraction rule, how many predictions match a gold attribution")
    p.add_argument("--quiet", action="store_true", help="no progress line on stderr")
    p.add_argument("--acts", default="all", metavar="ACTS",
                   help="'all' (default: every attribution, as PolNeAR annotates them) or a comma list of "
                   "speech, writing, belief, intention, knowledge: only those, against the gold whose cue is one")


def checked_options(args: argparse.Namespace) -> frozenset[str] | None:
    """``--limit`` checked and ``--acts`` parsed, as every attribution scorer takes them; a bad value is
    an input error naming the option."""
    from reportage.attribution import parse_acts

    if args.limit is not None and args.limit < 1:
        raise InputError(f"--limit {args.limit}: must be at least 1")
    try:
        return parse_acts(args.acts)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    acts = checked_options(args)
    summary = evaluate(args.data, extractor=args.baseline or "reportage", limit=args.limit,
                       errors_path=args.errors, progress=not args.quiet, acts=acts)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(format_summary(summary, by_rule=args.by_rule))
    if args.errors:
        print(f"reportage: error analysis written to {args.errors}", file=sys.stderr)
    return 0
