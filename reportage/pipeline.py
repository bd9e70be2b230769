"""The analysis pipeline: one text in, one :class:`Document` out.

Each stage is a plain function over the previous stage's output so it can be run and tested
alone: parse -> actors -> attributions -> events.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from reportage.actors import resolve_actors
from reportage.attribution import extract_attributions
from reportage.document import Document
from reportage.events import code_events
from reportage.nlp import OffsetMap, load_nlp, normalise


@dataclass(slots=True)
class Parsed:
    """What every stage after parsing needs: original text, parse of its copy, and the map between."""

    text: str
    doc: Any  # spacy.tokens.Doc of the normalised copy
    omap: OffsetMap


def parse(text: str, nlp: Any | None = None) -> Parsed:
    nlp = nlp or load_nlp()
    norm, omap = normalise(text)
    return Parsed(text, nlp(norm), omap)


def analyze_parsed(parsed: Parsed, *, doc_id: str = "doc", published: str | None = None,
                   outlet: str | None = None, url: str | None = None, title: str | None = None,
                   stages: tuple[str, ...] = ("actors", "attributions", "events"), kb: Any = None) -> Document:
    document = Document(id=doc_id, text=parsed.text, url=url, outlet=outlet, published=published, title=title)
    table = resolve_actors(parsed.doc, parsed.text, parsed.omap, published, kb=kb)
    if table.day_source != "published":
        how = "inferred from the titles in the text" if table.day_source == "titles" else "today's date"
        document.warnings.append(f"no publication date given: roles coded for {table.day} ({how}); "
                                 "set it with --date")
    if "attributions" in stages:
        document.attributions = extract_attributions(parsed, table, outlet=outlet)
    if "events" in stages:
        document.events = code_events(parsed, table, document.attributions, published)
    document.actors = table.actors
    return document


def analyze(text: str, *, doc_id: str = "doc", published: str | None = None, outlet: str | None = None,
            url: str | None = None, title: str | None = None, nlp: Any | None = None, kb: Any = None) -> Document:
    """Analyse one article: actors, attributions and events, every span on the original text.

    ``kb``: the actor knowledge base (a user overlay, :func:`reportage.actors.kb.with_user_actors`); default the shipped one.
    """
    return analyze_parsed(parse(text, nlp), doc_id=doc_id, published=published, outlet=outlet, url=url,
                          title=title, kb=kb)


def analyze_many(items: Iterable[tuple[str, dict[str, Any]]], nlp: Any | None = None,
                 batch_size: int = 32) -> Iterator[Document]:
    """Analyse (text, metadata) pairs with nlp.pipe batching; metadata keys are analyze()'s keywords."""
    nlp = nlp or load_nlp()

    def normalised() -> Iterator[tuple[str, tuple[str, OffsetMap, dict[str, Any]]]]:
        for text, meta in items:  # streamed: the corpus is never held in memory
            norm, omap = normalise(text)
            yield norm, (text, omap, meta)

    for doc, (text, omap, meta) in nlp.pipe(normalised(), as_tuples=True, batch_size=batch_size):
        yield analyze_parsed(Parsed(text, doc, omap), **meta)
