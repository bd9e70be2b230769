"""The data model shared by every stage, and its JSON form (schema ``reportage.document/1``).

Everything downstream (store, export, web) reads these objects or their JSON, so the
JSON is the contract: spans are always in characters of the ORIGINAL text.

``excluded`` (page residue left out of analysis, with its reason) was added to
``reportage.document/1`` as an optional key: older documents without it read as having none, and
readers that do not know it ignore it, so the schema name is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA = "reportage.document/1"


@dataclass(frozen=True, slots=True)
class Span:
    """A character range of the original text; ``text`` is kept so JSON readers can check it."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_json(cls, d: dict[str, Any] | None) -> Span | None:
        if d is None:
            return None
        return cls(int(d["start"]), int(d["end"]), d["text"])

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Excluded:
    """A region of the original text left out of analysis (page residue: a caption, a photo credit,
    a sign-up line ...) and why. It stays in ``Document.text``; nothing is extracted from it."""

    start: int
    end: int
    text: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "reason": self.reason}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Excluded:
        return cls(int(d["start"]), int(d["end"]), d["text"], d.get("reason", ""))

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    type: str | None = None  # PERSON, ORG, GPE, NORP ... (NER or knowledge base)
    role: dict[str, Any] | None = None  # the dated role used for coding: {"code", "start", "end", "title"}
    kb_id: str | None = None
    mentions: list[Span] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "code": self.code,
            "country": self.country,
            "sector": self.sector,
            "type": self.type,
            "role": self.role,
            "kb_id": self.kb_id,
            "mentions": [m.to_json() for m in sorted(self.mentions, key=lambda s: (s.start, s.end))],
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Actor:
        return cls(
            id=d["id"], name=d["name"], code=d.get("code"), country=d.get("country"),
            sector=d.get("sector"), type=d.get("type"), role=d.get("role"), kb_id=d.get("kb_id"),
            mentions=[Span.from_json(m) for m in d.get("mentions", [])],
        )


@dataclass(slots=True)
class Attribution:
    id: str
    kind: str  # direct | indirect | mixed | according_to | hedged
    speaker: str | None  # actor id
    source: Span | None
    cue: Span | None
    content: list[Span]
    via: str | None = None
    confidence: float = 0.5
    rule: str = ""  # which extraction rule produced it: the explanation
    act: str = "speech"  # what it reports: speech | writing | belief | intention | knowledge

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "act": self.act,
            "speaker": self.speaker,
            "source": self.source.to_json() if self.source else None,
            "cue": self.cue.to_json() if self.cue else None,
            "content": [c.to_json() for c in self.content],
            "via": self.via,
            "confidence": round(self.confidence, 3),
            "rule": self.rule,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Attribution:
        return cls(
            id=d["id"], kind=d["kind"], speaker=d.get("speaker"), source=Span.from_json(d.get("source")),
            cue=Span.from_json(d.get("cue")), content=[Span.from_json(c) for c in d.get("content", [])],
            via=d.get("via"), confidence=float(d.get("confidence", 0.5)), rule=d.get("rule", ""),
            act=d.get("act", "speech"),
        )


@dataclass(slots=True)
class Event:
    id: str
    cameo: str
    plover: str | None
    quad_class: int | None
    goldstein: float | None
    source: str | None  # actor id
    target: str | None  # actor id
    trigger: Span
    sentence: Span
    attribution: str | None = None
    negated: bool = False
    hedged: bool = False
    mode: str | None = None
    modality: str | None = None  # intent, threat, plan ... where the verb is not a completed act
    place: dict[str, Any] | None = None
    date: str | None = None
    explanation: dict[str, Any] = field(default_factory=dict)
    confidence: float | None = None  # 0-1 from the evidence (explanation["confidence"] says why)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "cameo": self.cameo, "plover": self.plover, "mode": self.mode,
            "quad_class": self.quad_class, "goldstein": self.goldstein,
            "source": self.source, "target": self.target,
            "trigger": self.trigger.to_json(), "sentence": self.sentence.to_json(),
            "attribution": self.attribution, "negated": self.negated, "hedged": self.hedged,
            "modality": self.modality, "place": self.place, "date": self.date,
            "explanation": self.explanation, "confidence": self.confidence,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Event:
        return cls(
            id=d["id"], cameo=d["cameo"], plover=d.get("plover"), quad_class=d.get("quad_class"),
            goldstein=d.get("goldstein"), source=d.get("source"), target=d.get("target"),
            trigger=Span.from_json(d["trigger"]), sentence=Span.from_json(d["sentence"]),
            attribution=d.get("attribution"), negated=bool(d.get("negated")), hedged=bool(d.get("hedged")),
            mode=d.get("mode"), modality=d.get("modality"), place=d.get("place"), date=d.get("date"),
            explanation=d.get("explanation") or {}, confidence=d.get("confidence"),
        )


@dataclass(slots=True)
class Place:
    """A place the article names, with its mentions; ``geo`` is the gazetteer's answer (reportage.places)."""

    id: str
    name: str
    mentions: list[Span] = field(default_factory=list)
    geo: dict[str, Any] = field(default_factory=dict)  # geonames_id, feature, country, admin1, lat, lon ...

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, **self.geo, "mentions": [m.to_json() for m in self.mentions]}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Place:
        geo = {k: v for k, v in d.items() if k not in {"id", "name", "mentions"}}
        return cls(id=d["id"], name=d["name"], mentions=[Span.from_json(m) for m in d.get("mentions", [])], geo=geo)


@dataclass(slots=True)
class Document:
    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date
    title: str | None = None
    language: str | None = "en"
    actors: list[Actor] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # page residue left out of analysis; optional in the JSON, so documents written before it still read
    excluded: list[Excluded] = field(default_factory=list)

    def actor(self, actor_id: str | None) -> Actor | None:
        if actor_id is None:
            return None
        for a in self.actors:
            if a.id == actor_id:
                return a
        return None

    def attribution(self, attribution_id: str | None) -> Attribution | None:
        for q in self.attributions:
            if q.id == attribution_id:
                return q
        return None

    def spans(self) -> list[Span]:
        """Every span the document reports: what the offset invariant is checked over."""
        out: list[Span] = []
        for a in self.actors:
            out.extend(a.mentions)
        for q in self.attributions:
            out.extend(s for s in (q.source, q.cue) if s)
            out.extend(q.content)
        for e in self.events:
            out.extend((e.trigger, e.sentence))
        out.extend(x.span for x in self.excluded)
        for p in self.places:
            out.extend(p.mentions)
        return out

    def to_json(self, include_text: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "schema": SCHEMA, "id": self.id, "url": self.url, "outlet": self.outlet,
            "published": self.published, "title": self.title, "language": self.language,
        }
        if include_text:
            d["text"] = self.text
        d["actors"] = [a.to_json() for a in self.actors]
        d["attributions"] = [q.to_json() for q in self.attributions]
        d["events"] = [e.to_json() for e in self.events]
        d["excluded"] = [x.to_json() for x in self.excluded]
        if self.places:
            d["places"] = [p.to_json() for p in self.places]
        if self.warnings:
            d["warnings"] = list(self.warnings)
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Document:
        if d.get("schema") != SCHEMA:
            raise ValueError(f"unsupported schema {d.get('schema')!r}, expected {SCHEMA}")
        return cls(
            id=d["id"], text=d.get("text", ""), url=d.get("url"), outlet=d.get("outlet"),
            published=d.get("published"), title=d.get("title"), language=d.get("language"),
            actors=[Actor.from_json(a) for a in d.get("actors", [])],
            attributions=[Attribution.from_json(q) for q in d.get("attributions", [])],
            events=[Event.from_json(e) for e in d.get("events", [])],
            places=[Place.from_json(p) for p in d.get("places", [])],
            warnings=list(d.get("warnings", [])),
            excluded=[Excluded.from_json(x) for x in d.get("excluded", [])],
        )
