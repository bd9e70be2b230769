"""Where and when an event happened: the sentence's place or the dateline, and its date.

Places come from the article's resolved places (reportage.places): an event's ``place`` carries the
mention (name, start, end), the country and actor as before, and the gazetteer's answer (geonames_id,
lat, lon, feature, admin1, adm1) with ``basis``: "sentence" (the place of the act in its clause) or
"dateline" (the article's dateline city); an event with neither has no place."""

from __future__ import annotations

from bisect import bisect_left
from typing import Any, NamedTuple

from reportage.document import Actor
from reportage.events.dates import resolve
from reportage.events.grammar import PLACE_PREPS
from reportage.inputs import InputError
from reportage.places.resolve import PLACE_NOUNS as _PLACE_NOUNS
from reportage.places.resolve import locate_places


class _Parsed(NamedTuple):
    text: str
    doc: Any
    omap: Any


class Places:
    """Methods of the event coder (mixed into it); they read its ``doc``, ``text``, ``omap``, ``actors``, ``lex``."""

    # (mentions, their first tokens ascending, their order): built once per run on first use
    _place_index: tuple[list[Any], list[int], list[int]] | None = None

    def place(self, anchor: Any, source: Actor | None, target: Actor | None,
              strict: bool = False) -> dict[str, Any] | None:
        """The location the sentence gives ("in Vilnius", "near Samarra"), coded to a country when known.

        ``strict`` (for an event's location, not its target): the phrase must modify a verb, the event
        noun itself or its object ("killed in Benghazi", "the summit in Vilnius", "attend the dinner in
        Vilnius"), not another noun ("efforts to resolve the crisis in Syria" is a topic), and a modifier counts only on a place noun ("in the Donetsk region", not
        "at the U.S. embassy" or "in US elections")."""
        best: tuple[int, dict[str, Any]] | None = None
        for t in anchor.sent:
            if t.dep_ != "pobj" or t.head.lower_ not in PLACE_PREPS:
                continue
            if strict and not _of_the_act(t.head.head, anchor):
                continue
            mods = [c for c in t.children if c.dep_ in {"compound", "amod"}]
            cands = [t] + (mods if not strict or t.lemma_.lower() in PLACE_NOUNS else [])
            for c in t.children:  # "the northern city of Kirkuk", "Vilnius, the capital of Lithuania"
                if c.dep_ in {"prep", "appos"} and not (strict and c.dep_ == "prep"
                                                         and t.lemma_.lower() not in PLACE_NOUNS):
                    cands += [x for x in c.subtree if x.pos_ == "PROPN"]
            for x in cands:
                a = self.actor_of(x)
                is_place = x.ent_type_ in {"GPE", "LOC", "FAC"} or (
                    a is not None and (a.type in {"GPE", "LOC", "FAC"} or (a.code and len(a.code) == 3)))
                if not is_place:
                    continue
                ent = _entity_of(x)
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
        """The sentence's place, else the article's dateline place ("KYIV, July 13 (Reuters) -") for an
        event of the lead paragraph (deeper down, wire copy moves to other places and quotes), located."""
        row = self.place(anchor, None, None, strict=True) or self.geo_place(anchor)
        if row is not None:
            return self.located(dict(row), "sentence")
        if not self._in_lead(anchor):
            return None
        row = self.dateline() or self.geo_dateline()
        return self.located(dict(row), "dateline") if row is not None else None

    def _in_lead(self, anchor: Any) -> bool:
        """Whether the anchor's sentence starts in the article's first paragraph (up to the first blank line)."""
        start = self.omap(anchor.sent.start_char)
        end = self.text.find("\n\n", len(self.text) - len(self.text.lstrip()))
        return end < 0 or start < end

    def _place_mentions(self) -> list[Any]:
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
        for m in self._place_mentions_from(sent.start, sent.end):
            if m.chosen is None or m.container or not (sent.start <= m.t0 < sent.end):
                continue
            head = self.doc[m.t0].head
            if self.doc[m.t0].dep_ not in {"pobj", "compound"} and head.lower_ not in PLACE_PREPS:
                continue
            if self.doc[m.t0].dep_ == "compound" and head.lemma_.lower() not in PLACE_NOUNS:
                continue  # "at the U.S. embassy", "in US elections": not where
            prep = head if head.lower_ in PLACE_PREPS else head.head
            if prep.lower_ not in PLACE_PREPS or not _of_the_act(prep.head, anchor):
                continue
            dist = abs(m.t0 - anchor.i)
            if best is None or dist < best[0]:
                best = (dist, {"name": m.text, "start": m.start, "end": m.end, "country": None, "actor": m.actor})
        return best[1] if best else None

    def _place_mentions_from(self, t0: int, t1: int) -> list[Any]:
        """The place mentions whose first token lies in [t0, t1), in list order: found by bisection,
        not by a scan of every mention per event (issue 12, linear time)."""
        mentions = self._place_mentions()
        index = self._place_index
        if index is None or index[0] is not mentions or len(index[1]) != len(mentions):
            order = sorted(range(len(mentions)), key=lambda k: mentions[k].t0)
            index = (mentions, [mentions[k].t0 for k in order], order)
            self._place_index = index
        _, starts, order = index
        found = order[bisect_left(starts, t0):bisect_left(starts, t1)]
        return [mentions[k] for k in sorted(found)]

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
        for tok in anchor.sent:
            if tok.ent_iob_ == "B" and tok.ent_type_ in {"DATE", "TIME"}:
                ent = _entity_of(tok)
                got = resolve(ent.text, self.published)
                if got:
                    return got
        return None


def _entity_of(tok: Any) -> Any:
    """The named entity ``tok`` is part of, from its IOB tags: asking ``doc.ents`` for every token
    made long articles quadratic."""
    if not tok.ent_type_:
        return None
    doc, s, e = tok.doc, tok.i, tok.i + 1
    while s > 0 and doc[s].ent_iob_ == "I":
        s -= 1
    while e < len(doc) and doc[e].ent_iob_ == "I":
        e += 1
    return doc[s:e]


# nouns whose modifier names a place ("the Donetsk region", "the Syrian city"): data of the resolver
PLACE_NOUNS = _PLACE_NOUNS


def _of_the_act(head: Any, anchor: Any) -> bool:
    """Whether a place phrase attached to ``head`` says where the act happened: it modifies a verb, the
    event's own trigger, or the trigger's object ("attend the dinner in Vilnius"), not another noun
    ("discussed efforts to resolve the crisis in Syria")."""
    return head.i == anchor.i or head.pos_ in {"VERB", "AUX"} or (head.dep_ == "dobj" and head.head.i == anchor.i)
