"""Where and when an event happened: the sentence's place or the dateline, and its date."""

from __future__ import annotations

from typing import Any

from reportage.document import Actor
from reportage.events.dates import resolve
from reportage.events.grammar import PLACE_PREPS


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
        """The sentence's place, else the article's dateline place ("KYIV, July 13 (Reuters) -")."""
        return self.place(anchor, None, None) or self.dateline()

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
