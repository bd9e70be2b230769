"""The quote-mark-only baseline: every stretch between double quote marks is an attribution's content.

It exists to be measured beside the real extractor by the same scorer, so it is kept plain on
purpose: no cue, no reported speech, no speaker resolution. A quote left open at a paragraph's end
runs on into the next paragraph when that one opens with a quote mark (news style for a quote over
several paragraphs) and otherwise ends with its paragraph. The source is the PERSON or ORG entity
nearest to the quote within the sentences the quote touches, outside the quote, or none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from reportage.document import Attribution, Span

OPENING = frozenset("\u201c\u201e\u00ab")
CLOSING = frozenset("\u201d\u00bb")
STRAIGHT = '"'
_OPEN_AFTER = frozenset(" \t([{/-\u2014\u2013")  # a straight mark after these opens a quote
SOURCE_LABELS = frozenset({"PERSON", "ORG"})


def _is_mark(c: str) -> bool:
    return c == STRAIGHT or c in OPENING or c in CLOSING


def _opens(text: str, i: int, para_start: int) -> bool:
    c = text[i]
    if c in OPENING:
        return True
    if c in CLOSING:
        return False
    return i == para_start or text[i - 1] in _OPEN_AFTER


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, end without trailing whitespace."""
    out = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.rstrip()
        lead = len(stripped) - len(stripped.lstrip())
        if stripped.strip():
            out.append((pos + lead, pos + len(stripped)))
        pos += len(line) + 1
    return out


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the quotes in ``text``, quote marks included."""
    spans: list[tuple[int, int]] = []
    paras = _paragraphs(text)
    open_at: int | None = None
    for k, (start, end) in enumerate(paras):
        for i in range(start, end):
            if not _is_mark(text[i]):
                continue
            if _opens(text, i, start):
                if open_at is None:
                    open_at = i
                elif i == start:
                    continue  # the continuation mark of a quote carried over from the paragraph before
            elif open_at is not None:
                spans.append((open_at, i + 1))
                open_at = None
        if open_at is not None:
            nxt = paras[k + 1][0] if k + 1 < len(paras) else None
            if nxt is None or not (_is_mark(text[nxt]) and _opens(text, nxt, nxt)):
                spans.append((open_at, end))
                open_at = None
    return [(s, e) for s, e in spans if any(c.isalnum() for c in text[s:e])]


def _nearest_entity(quote: tuple[int, int], sentences: list[tuple[int, int]],
                    entities: list[tuple[int, int]]) -> tuple[int, int] | None:
    qs, qe = quote
    touched = [(s, e) for s, e in sentences if s < qe and qs < e]
    if not touched:
        return None
    lo, hi = min(s for s, _ in touched), max(e for _, e in touched)
    best: tuple[int, tuple[int, int]] | None = None
    for es, ee in entities:
        if es < lo or ee > hi or (es < qe and qs < ee):
            continue
        dist = qs - ee if ee <= qs else es - qe
        if best is None or dist < best[0]:
            best = (dist, (es, ee))
    return best[1] if best else None


def quote_attributions(text: str, doc: Any | None = None, omap: Any | None = None) -> list[Attribution]:
    """Baseline attributions for ``text``; with a spaCy parse of its normalised copy, sources too."""
    sentences: list[tuple[int, int]] = []
    entities: list[tuple[int, int]] = []
    if doc is not None:
        to_orig = omap.span if omap is not None else (lambda s, e: (s, e))
        sentences = [to_orig(s.start_char, s.end_char) for s in doc.sents]
        entities = [to_orig(e.start_char, e.end_char) for e in doc.ents if e.label_ in SOURCE_LABELS]
    out = []
    for n, (start, end) in enumerate(quote_spans(text), 1):
        src = _nearest_entity((start, end), sentences, entities) if doc is not None else None
        out.append(Attribution(
            id=f"q{n}", kind="direct", speaker=None, source=Span.of(text, *src) if src else None, cue=None,
            content=[Span.of(text, start, end)], confidence=0.5, rule="baseline: quote marks",
        ))
    return out


def quote_attributions_many(texts: Iterable[str], nlp: Any | None = None,
                            batch_size: int = 32) -> Iterator[list[Attribution]]:
    """The baseline over many texts, parsed with nlp.pipe for the entities and sentences."""
    from reportage.nlp import load_nlp, normalise

    nlp = nlp or load_nlp()

    def normalised() -> Iterator[tuple[str, tuple[str, Any]]]:
        for text in texts:
            norm, omap = normalise(text)
            yield norm, (text, omap)

    for doc, (text, omap) in nlp.pipe(normalised(), as_tuples=True, batch_size=batch_size):
        yield quote_attributions(text, doc, omap)
