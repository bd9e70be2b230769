"""Per-document actor resolution: group mentions into actors and code them for the article's date.

Interface used by the attribution and event stages (keep it stable):

* ``resolve_actors(doc, text, omap, published) -> DocActors``
* ``DocActors.actor_at(start, end)``: the actor with a mention overlapping that original-text range
* ``DocActors.resolve_description(start, end)``: "the Russian president" -> actor, via the knowledge base
* ``DocActors.add_mention(actor, start, end)`` / ``DocActors.new_actor(...)``
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportage.document import Actor, Span
from reportage.nlp import OffsetMap

_NER_TYPES = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}


@dataclass
class DocActors:
    text: str
    published: str | None = None
    actors: list[Actor] = field(default_factory=list)
    _by_key: dict[str, Actor] = field(default_factory=dict)

    def new_actor(self, name: str, start: int, end: int, type_: str | None = None, **codes: Any) -> Actor:
        actor = Actor(id=f"A{len(self.actors) + 1}", name=name, type=type_, **codes)
        actor.mentions.append(Span.of(self.text, start, end))
        self.actors.append(actor)
        self._by_key[_key(name)] = actor
        return actor

    def add_mention(self, actor: Actor, start: int, end: int) -> None:
        span = Span.of(self.text, start, end)
        if all(not (m.start == start and m.end == end) for m in actor.mentions):
            actor.mentions.append(span)

    def actor_at(self, start: int, end: int) -> Actor | None:
        best: tuple[int, Actor] | None = None
        for actor in self.actors:
            for m in actor.mentions:
                if m.start < end and start < m.end:
                    width = m.end - m.start
                    if best is None or width > best[0]:
                        best = (width, actor)
        return best[1] if best else None

    def by_name(self, name: str) -> Actor | None:
        return self._by_key.get(_key(name))

    def resolve_description(self, start: int, end: int) -> Actor | None:
        """Resolve a description such as "the Russian president"; the knowledge base fills this in."""
        return None


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def resolve_actors(doc: Any, text: str, omap: OffsetMap, published: str | None = None) -> DocActors:
    """Group named-entity mentions into actors (surnames after a full first mention join it)."""
    table = DocActors(text=text, published=published)
    for ent in doc.ents:
        if ent.label_ not in _NER_TYPES:
            continue
        start, end = omap.span(ent.start_char, ent.end_char)
        name = text[start:end]
        if name.lower().startswith("the "):
            name = name[4:]
        actor = table.by_name(name)
        if actor is None and ent.label_ == "PERSON":
            last = name.split()[-1].lower()
            for cand in table.actors:
                if cand.type == "PERSON" and cand.name.split()[-1].lower() == last:
                    actor = cand
                    break
        if actor is None:
            table.new_actor(name, start, end, ent.label_)
        else:
            table.add_mention(actor, start, end)
    return table
