"""The analysis pipeline: one text in, one :class:`Document` out.

Each stage is a plain function over the previous stage's output so it can be run and tested
alone: parse -> actors -> attributions -> events.

Page residue (:mod:`reportage.residue`) is blanked in the parser's copy by ``normalise``; the
actor stage also reads the text itself (the knowledge-base gazetteer), so it gets the original with
the same regions blanked. Whatever still touches a region at the end is dropped, and the regions are
listed in ``Document.excluded``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from reportage.actors import resolve_actors
from reportage.actors.positions import Intervals
from reportage.attribution import extract_attributions
from reportage.document import Document, Excluded, Span
from reportage.events import code_events
from reportage.inputs import english_warning
from reportage.nlp import OffsetMap, load_nlp, normalise, parse_stream, parse_text
from reportage.places.people import place_people
from reportage.places.resolve import locate_places
from reportage.residue import Region, blank
from reportage.settings import Settings, resolve


@dataclass(slots=True)
class Parsed:
    """What every stage after parsing needs: original text, parse of its copy, and the map between."""

    text: str
    doc: Any  # spacy.tokens.Doc of the normalised copy
    omap: OffsetMap


def parse(text: str, nlp: Any | None = None) -> Parsed:
    nlp = nlp or load_nlp()
    norm, omap = normalise(text)
    return Parsed(text, parse_text(nlp, norm), omap)


def analyze_parsed(parsed: Parsed, *, doc_id: str = "doc", published: str | None = None,
                   outlet: str | None = None, url: str | None = None, title: str | None = None,
                   stages: tuple[str, ...] = ("actors", "attributions", "events"), kb: Any = None,
                   settings: Settings | None = None) -> Document:
    """Analyse a parsed article; ``settings`` (default :meth:`Settings.default`, with the environment's
    fallback switches) gives each stage its thresholds."""
    settings = resolve(settings)
    document = Document(id=doc_id, text=parsed.text, url=url, outlet=outlet, published=published, title=title)
    excluded: tuple[Region, ...] = getattr(parsed.omap, "excluded", ())
    # same length and offsets as the original; actor mentions outside the regions read the same text
    table = resolve_actors(parsed.doc, blank(parsed.text, excluded), parsed.omap, published, kb=kb)
    if table.day_source != "published":
        how = "inferred from the titles in the text" if table.day_source == "titles" else "today's date"
        document.warnings.append(f"no publication date given: roles coded for {table.day} ({how}); "
                                 "set it with --date")
    if "attributions" in stages:
        document.attributions = extract_attributions(parsed, table, outlet=outlet,
                                                     settings=settings.attribution)
    document.places = locate_places(parsed, table, settings=settings.places)
    place_people(table.actors, document.places, table.knowledge_base(), parsed.text)
    if "events" in stages:
        document.events = code_events(parsed, table, document.attributions, published,
                                      settings=settings.events)
    document.actors = table.actors
    _drop_self_references(document, table, excluded)
    if excluded:
        _drop_residue(document, excluded)
    language = english_warning(parsed.text)  # here, so analyze, run and the web all say it
    if language:
        document.warnings.append(language)
    return document


_WIRE_CREDIT = "wire credit in a dateline"


def _drop_self_references(document: Document, table: Any, excluded: tuple[Region, ...]) -> None:
    """The outlet that publishes an article is not an actor of its story: "told Reuters" in a Reuters
    report names the reporter, not a party to the events. The outlet is the document's own (its
    metadata) or the wire credited in the dateline. An outlet that speaks in its own article ("Reuters
    calculated ...") stays the speaker of that attribution."""
    kb = table.knowledge_base()
    names = [re.sub(r"\s*\([^)]*\)\s*$", "", document.outlet or "").strip()]
    names += [document.text[r.start:r.end] for r in excluded if r.reason == _WIRE_CREDIT]
    own = {e.id for e in (kb.lookup(n) for n in names if n) if e is not None and e.type != "PERSON"}
    if not own:
        return
    speakers = {q.speaker for q in document.attributions}
    gone = {a.id for a in document.actors if a.kb_id in own and a.id not in speakers}
    if not gone:
        return
    document.actors = [a for a in document.actors if a.id not in gone]
    document.events = [e for e in document.events if e.source not in gone and e.target not in gone]


def _drop_residue(document: Document, regions: tuple[Region, ...]) -> None:
    """List the excluded regions, and make sure nothing reported comes from one.

    The parse never sees residue, so this normally removes nothing; it is the guarantee, not the
    mechanism. A sentence span only loses residue hanging at its edges (the blanked lines after a
    paragraph ride on its trailing whitespace); the item stays.
    """
    text = document.text
    document.excluded = [Excluded(r.start, r.end, text[r.start:r.end], r.reason) for r in regions]

    index = Intervals((r.start, r.end, r) for r in regions)  # by position: a long text has many regions

    def hit(span: Span | None) -> bool:
        return span is not None and bool(index.overlapping(span.start, span.end))

    for actor in document.actors:
        actor.mentions = [m for m in actor.mentions if not hit(m)]
    gone = {a.id for a in document.actors if not a.mentions}
    document.actors = [a for a in document.actors if a.id not in gone]
    document.attributions = [q for q in document.attributions
                             if not (hit(q.source) or hit(q.cue) or any(hit(c) for c in q.content))]
    for q in document.attributions:
        if q.speaker in gone:
            q.speaker = None
    kept = {q.id for q in document.attributions}
    for q in document.attributions:
        if q.via is not None and q.via not in kept:
            q.via = None
    used_places = {(e.place or {}).get("place") for e in document.events}
    for p in document.places:
        p.mentions = [m for m in p.mentions if not hit(m)]
    document.places = [p for p in document.places if p.mentions or p.id in used_places]
    events = []
    for e in document.events:
        if hit(e.trigger) or e.source in gone or e.target in gone:
            continue
        if hit(e.sentence):
            e.sentence = _clip(text, e.sentence, regions)
        if e.attribution is not None and e.attribution not in kept:
            e.attribution = None
        events.append(e)
    document.events = events


def _clip(text: str, span: Span, regions: tuple[Region, ...]) -> Span:
    """``span`` without the regions at its start or end (only whitespace between them and its edge)."""
    s, e = span.start, span.end
    for r in sorted(regions, key=lambda r: r.start):
        if r.end <= s or r.start >= e:
            continue
        if not text[s:r.start].strip():
            s = max(s, r.end)
        elif not text[r.end:e].strip():
            e = min(e, r.start)
            break
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Span.of(text, s, e) if e > s else span


def analyze(text: str, *, doc_id: str = "doc", published: str | None = None, outlet: str | None = None,
            url: str | None = None, title: str | None = None, nlp: Any | None = None, kb: Any = None,
            settings: Settings | None = None) -> Document:
    """Analyse one article: actors, attributions and events, every span on the original text.

    ``kb``: the actor knowledge base (a user overlay, :func:`reportage.actors.kb.with_user_actors`); default the shipped one.
    ``settings``: the thresholds of every stage (:class:`reportage.settings.Settings`); default the shipped ones.
    """
    return analyze_parsed(parse(text, nlp), doc_id=doc_id, published=published, outlet=outlet, url=url,
                          title=title, kb=kb, settings=settings)


def analyze_many(items: Iterable[tuple[str, dict[str, Any]]], nlp: Any | None = None,
                 batch_size: int = 32, settings: Settings | None = None) -> Iterator[Document]:
    """Analyse (text, metadata) pairs with nlp.pipe batching; metadata keys are analyze()'s keywords."""
    nlp = nlp or load_nlp()
    settings = resolve(settings)

    def normalised() -> Iterator[tuple[str, tuple[str, OffsetMap, dict[str, Any]]]]:
        for text, meta in items:  # streamed: the corpus is never held in memory
            norm, omap = normalise(text)
            yield norm, (text, omap, meta)

    for doc, (text, omap, meta) in parse_stream(nlp, normalised(), batch_size=batch_size):
        yield analyze_parsed(Parsed(text, doc, omap), settings=settings, **meta)
