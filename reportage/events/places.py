"""Where and when an event happened: the sentence's place or the dateline, and its date.

Places come from the article's resolved places (reportage.places): an event's ``place`` carries the
mention (name, start, end), the country and actor as before, and the gazetteer's answer (geonames_id,
lat, lon, feature, admin1, adm1) with ``basis``: "sentence" (the place of the act in its clause) or
"dateline" (the article's dateline city); an event with neither has no place."""

from __future__ import annotations

from typing import Any, NamedTuple

from reportage.document import Actor
from reportage.events.dates import resolve
from reportage.events.grammar import PLACE_PREPS
from reportage.inputs import InputError
from reportage.places.resolve import locate_places


class _Parsed(NamedTuple):
    text: str
    doc: Any
    omap: Any


class Places:
    """Methods of the event coder (mixed into it); they read its ``doc``, ``text``, ``omap``, ``actors``, ``lex``."""

    def place(self, anchor: Any, source: Actor | None, target: Actor | None) -> dict[str, Any] | None:
        """The location the sentence gives ("in Vilnius", "near Samarra"), coded to a country when known."""
        best: tuple[int, dict[str, Any]] | None = None
        for t in anchor.sent:
            if t.dep_ != "pobj" or t.head.lower_ not in PLACE_PREPS:
                continue
            cands = [t] + [c for c in t.children if c.dep_ in {"compound", "amod"}]
            for c in t.children:  # "the northern city of Kirkuk", "Vilnius, the capital of Lithuania"
                if c.dep_ in {"prep", "appos"}:
                    cands += [x for x in c.subtree if x.pos_ == "PROPN"]
            for x in cands:
                a = self.actor_of(x)
                is_place = x.ent_type_ in {"GPE", "LOC", "FAC"} or (
                    a is not None and (a.type in {"GPE", "LOC", "FAC"} or (a.code and len(a.code) == 3)))
                if not is_place:
                    continue
                ent = next((e for e in anchor.doc.ents if e.start <= x.i < e.end), None)
                sp = self.span(ent[0], ent[-1]) if ent is not None else self.span(x)
                country = (a.country or (a.code[:3] if a.code else None)) if a else None
                row = {"name": sp.text, "start": sp.start, "end": sp.end, "country": country,
                       "actor": a.id if a else None}
                dist = abs(x.i - anchor.i)
                if best is None or dist < best[0] or (country and not best[1]["country"] and dist < best[0] + 8):
                    best = (dist, row)
                break
        return best[1] if best else None

    def event_place(self, anchor: Any) -> dict[str, Any] | None:
        """The sentence's place, else the article's dateline place ("KYIV, July 13 (Reuters) -"), located."""
        row = self.place(anchor, None, None) or self.geo_place(anchor)
        if row is not None:
            return self.located(dict(row), "sentence")
        row = self.dateline() or self.geo_dateline()
        return self.located(dict(row), "dateline") if row is not None else None

    def _place_mentions(self) -> list[Any]:
        if not hasattr(self.doc, "user_data"):
            return []
        if "reportage.place_mentions" not in self.doc.user_data:
            try:
                locate_places(_Parsed(self.text, self.doc, self.omap), self.actors)
            except InputError:  # no usable gazetteer: events keep their unlocated places
                self.doc.user_data["reportage.place_mentions"] = []
        return self.doc.user_data.get("reportage.place_mentions") or []

    def geo_place(self, anchor: Any) -> dict[str, Any] | None:
        """A resolved place the actor table did not know, after "in/at/near" in the anchor's sentence."""
        best: tuple[int, dict[str, Any]] | None = None
        sent = anchor.sent
        for m in self._place_mentions():
            if m.chosen is None or m.container or not (sent.start <= m.t0 < sent.end):
                continue
            head = self.doc[m.t0].head
            if self.doc[m.t0].dep_ not in {"pobj", "compound"} and head.lower_ not in PLACE_PREPS:
                continue
            prep = head if head.lower_ in PLACE_PREPS else head.head
            if prep.lower_ not in PLACE_PREPS:
                continue
            dist = abs(m.t0 - anchor.i)
            if best is None or dist < best[0]:
                best = (dist, {"name": m.text, "start": m.start, "end": m.end, "country": None, "actor": m.actor})
        return best[1] if best else None

    def geo_dateline(self) -> dict[str, Any] | None:
        for m in self._place_mentions():
            if m.dateline and m.chosen is not None:
                return {"name": m.text, "start": m.start, "end": m.end, "country": None, "actor": m.actor,
                        "from": "dateline"}
            if m.t0 > 6:
                break
        return None

    def located(self, row: dict[str, Any], basis: str) -> dict[str, Any]:
        """Add the gazetteer's answer for the row's mention (the mention's own place, or its qualifier's)."""
        row["basis"] = basis
        for m in self._place_mentions():
            if m.start < row["end"] and row["start"] < m.end and m.chosen is not None:
                place = next((p for p in self.doc.user_data.get("reportage.places", [])
                              if any(s.start == m.start and s.end == m.end for s in p.mentions)), None)
                if place is None:
                    break
                g = place.geo
                row.update({
                    "place": place.id, "geonames_id": g.get("geonames_id"), "feature_id": g.get("gazetteer_id"),
                    "feature": g.get("feature"), "admin1": g.get("admin1"), "admin1_name": g.get("admin1_name"),
                    "adm1": f"{m.chosen.iso2}.{m.chosen.admin1}" if m.chosen.admin1 else None,
                    "lat": g.get("lat"), "lon": g.get("lon"), "fullname": g.get("fullname"),
                    "country": row.get("country") or g.get("country"),
                })
                if g.get("country") and row.get("country") != g.get("country") and g.get("feature") != "feature":
                    row["country"] = g.get("country")
                break
        return row

    def dateline(self) -> dict[str, Any] | None:
        if self._dateline is False:
            self._dateline = None
            for tok in self.doc[:4]:
                a = self.actor_of(tok)
                if a is None or not (a.type in {"GPE", "LOC"} or (a.code and a.code == a.country)):
                    continue
                last = tok
                while last.i + 1 < len(self.doc) and self.actor_of(self.doc[last.i + 1]) is a:
                    last = self.doc[last.i + 1]
                nxt = self.doc[last.i + 1] if last.i + 1 < len(self.doc) else None
                if nxt is not None and nxt.text in {",", "-", "(", ":"}:
                    sp = self.span(tok, last)
                    self._dateline = {"name": sp.text, "start": sp.start, "end": sp.end,
                                      "country": a.country or (a.code or "")[:3] or None, "actor": a.id,
                                      "from": "dateline"}
                break
        return self._dateline  # type: ignore[return-value]

    def date(self, anchor: Any) -> str | None:
        for ent in anchor.sent.ents:
            if ent.label_ in {"DATE", "TIME"}:
                got = resolve(ent.text, self.published)
                if got:
                    return got
        return None
