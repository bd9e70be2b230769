"""Turn a :class:`Document` into what the document template draws.

Kept apart from the routes so the same view feeds the stored-document page and the
"analyze a text" page, and can be tested without a server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportage.document import Attribution, Document
from reportage.web.highlight import document_marks, paragraphs, segment

QUAD_CLASSES = {
    1: ("verbal cooperation", "q1"),
    2: ("material cooperation", "q2"),
    3: ("verbal conflict", "q3"),
    4: ("material conflict", "q4"),
}


def display_title(title: str | None, head: str | None, doc_id: str) -> str:
    """The document's title from its metadata, else its first line when that reads as a headline."""
    if title and title.strip():
        return " ".join(title.split())
    for line in (head or "").splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= 120 else line[:117].rsplit(" ", 1)[0] + " …"
    return doc_id


def quad_name(q: int | None) -> str:
    return QUAD_CLASSES.get(q, ("unknown", "q0"))[0] if q is not None else "unknown"


def quad_css(q: int | None) -> str:
    return QUAD_CLASSES.get(q, ("unknown", "q0"))[1] if q is not None else "q0"


@dataclass(slots=True)
class Record:
    """One attribution or event as a list of (field, value) rows, plus its explanation."""

    id: str
    kind: str  # "attribution" | "event"
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    explanation: list[tuple[str, str]] = field(default_factory=list)
    chain: list[str] = field(default_factory=list)
    css: str = ""


def _who(document: Document, q: Attribution) -> str:
    a = document.actor(q.speaker)
    if a is not None:
        return a.name
    if q.source is not None:
        return q.source.text
    return "(unattributed)" if q.kind == "hedged" else "?"


def source_chain(document: Document, q: Attribution) -> list[str]:
    """Outlet first, then each relaying source, ending with the speaker: sachkhabrain ← Sputnik ← Putin."""
    names: list[str] = []
    seen: set[str] = set()
    cur: Attribution | None = q
    while cur is not None and cur.id not in seen and len(names) < 12:
        seen.add(cur.id)
        names.append(_who(document, cur))
        cur = document.attribution(cur.via)
    names.reverse()
    if document.outlet:
        names.insert(0, document.outlet)
    return names


def _actor_label(document: Document, actor_id: str | None) -> str:
    a = document.actor(actor_id)
    if a is None:
        return "—"
    return f"{a.name} ({a.code})" if a.code else a.name


def _flatten(prefix: str, value: Any, out: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(f"{prefix}.{k}" if prefix else str(k), v, out)
    elif isinstance(value, list):
        out.append((prefix, ", ".join(str(v) for v in value)))
    else:
        out.append((prefix, "" if value is None else str(value)))


def attribution_record(document: Document, q: Attribution) -> Record:
    speaker = document.actor(q.speaker)
    rows = [
        ("kind", q.kind),
        ("speaker", _actor_label(document, q.speaker) if speaker else _who(document, q)),
        ("source span", f"“{q.source.text}” @{q.source.start}" if q.source else "—"),
        ("cue", f"“{q.cue.text}” @{q.cue.start}" if q.cue else "—"),
        ("content", " … ".join(c.text for c in q.content) or "—"),
        ("via", q.via or "—"),
        ("confidence", f"{q.confidence:.2f}"),
    ]
    explanation = [("rule", q.rule)] if q.rule else []
    return Record(q.id, "attribution", f"{q.id} · {q.kind} · {_who(document, q)}", rows, explanation,
                  source_chain(document, q), "rec-attr")


def event_record(document: Document, e: Any) -> Record:
    flags = [f for f, on in (("negated", e.negated), ("hedged", e.hedged)) if on]
    rows = [
        ("source", _actor_label(document, e.source)),
        ("action", f"{e.cameo}" + (f" / {e.plover}" if e.plover else "") + (f" ({e.mode})" if e.mode else "")),
        ("target", _actor_label(document, e.target)),
        ("trigger", f"“{e.trigger.text}” @{e.trigger.start}"),
        ("QuadClass", f"{e.quad_class} {quad_name(e.quad_class)}" if e.quad_class is not None else "—"),
        ("Goldstein", "—" if e.goldstein is None else f"{e.goldstein:+.1f}"),
        ("in attribution", e.attribution or "—"),
        ("flags", ", ".join(flags + ([e.modality] if e.modality else [])) or "—"),
        ("date", e.date or "—"),
        ("place", event_place(e.place)),
        ("sentence", e.sentence.text),
    ]
    explanation: list[tuple[str, str]] = []
    _flatten("", e.explanation or {}, explanation)
    src, tgt = document.actor(e.source), document.actor(e.target)
    title = f"{e.id} · {src.name if src else '—'} → {e.cameo} {e.plover or ''} → {tgt.name if tgt else '—'}"
    return Record(e.id, "event", title, rows, explanation, [], f"rec-event {quad_css(e.quad_class)}")


def _store_key(a: Any) -> str | None:
    """The store's cross-document key of an actor (``kb:…`` or ``name:…``), for links to its page."""
    from reportage.store import actor_key

    return actor_key({"kb_id": getattr(a, "kb_id", None), "name": a.name})


def document_view(document: Document) -> dict[str, Any]:
    """Everything the document template needs; all strings are raw and escaped by the template."""
    segs = segment(document.text, document_marks(document))
    attributions = [attribution_record(document, q) for q in document.attributions]
    events = [event_record(document, e) for e in document.events]
    return {
        "doc": document,
        "display_title": display_title(document.title, document.text[:300], document.id),
        "paragraphs": paragraphs(segs),
        "attributions": attributions,
        "events": events,
        "actors": document.actors,
        "actor_keys": {a.id: _store_key(a) for a in document.actors},
        "chains": [(r.id, r.chain) for r in attributions if len(r.chain) > 1],
        "places": place_rows(document),
    }


def place_rows(document: Document) -> list[dict[str, Any]]:
    """The document page's places table: each place, how the gazetteer resolved it and where it is."""
    rows = []
    for p in document.places:
        g = p.geo
        lat, lon = g.get("lat"), g.get("lon")
        located = isinstance(lat, (int, float)) and isinstance(lon, (int, float))
        feature, kind = g.get("feature"), g.get("feature_kind")
        rows.append({"id": p.id, "mentions": sorted({m.text for m in p.mentions}), "n": len(p.mentions),
                     "name": g.get("fullname") or p.name,
                     "feature": f"{feature} ({kind})" if feature and kind and kind != feature else (feature or ""),
                     "country": g.get("country") or "", "lat": lat if located else None,
                     "lon": lon if located else None, "latlon": f"{lat:.4f}, {lon:.4f}" if located else "—",
                     "geonames_id": g.get("geonames_id"), "gazetteer_id": g.get("gazetteer_id"),
                     "resolution": g.get("resolution") or ""})
    return rows


def event_place(place: dict[str, Any] | None) -> str:
    """Where an event is located, for its record: name, coordinates and why (sentence or dateline)."""
    if not place:
        return "—"
    name = place.get("fullname") or place.get("name") or "?"
    lat, lon = place.get("lat"), place.get("lon")
    where = f" ({lat:.4f}, {lon:.4f})" if isinstance(lat, (int, float)) and isinstance(lon, (int, float)) else ""
    return f"{name}{where}" + (f" · {place['basis']}" if place.get("basis") else "")
