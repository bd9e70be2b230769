"""Toponym resolution: every place mention of an article to one gazetteer entry, or honestly to none.

Mentions are spaCy GPE/LOC/FAC entities, place actors of the actor table, and capitalised names the
NER missed ("Kyiv", "Donetsk") when the gazetteer knows them and the context says place (after "in",
"near", "from" ..., or a country, division or big city). Each mention's candidates are scored:

* prior: countries first, then population (log10), a national capital +1.5, a division -1, a curated
  region or feature +1 (so "Gaza" is the Strip, "the Gulf" the Persian Gulf), a city matched only by
  an alternate name -1 ("Pokrovsk" is Pokrovsk, not Engels, once called so);
* coherence: +2 per other place of the article in the same country (capped at 3; a country's own
  name counts half, the dateline double) and +1 per other place in the same division (capped at 1.5);
* qualifiers, which restrict the candidates: "Springfield, Illinois", "Paris, Texas", "Vilnius, the
  capital of Lithuania", "the Libyan capital Tripoli".

A mention with no candidate stays unresolved and says why; nothing is ever picked at random (ties
go to the most populous entry, then the smallest id).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from reportage.document import Place, Span
from reportage.places.gazetteer import Entry, Gazetteer, load_gazetteer
from reportage.places.names import fold, keys, read_tsv

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# entity labels under which a capitalised name is not re-read as a place by the gazetteer alone
NOT_PLACE_LABELS = {"PERSON", "NORP", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "LANGUAGE", "MONEY", "DATE",
                    "TIME", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"}
LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "throughout", "from", "to", "into", "toward",
            "towards", "around", "between", "via", "through", "over", "off"}
# "the city of Donetsk", "the region of Kherson"
PLACE_NOUNS = {"city", "town", "village", "region", "province", "state", "port", "capital", "district", "oblast",
               "governorate", "county", "island", "settlement", "hamlet", "suburb"}
BIG_CITY = 100_000  # a name the NER missed counts as a place without a locative cue from this population
W_COUNTRY, CAP_COUNTRY, W_ADMIN1, CAP_ADMIN1 = 2.0, 3.0, 1.0, 1.5


def prior(e: Entry) -> float:
    """How likely an entry is the referent before context: see the module docstring."""
    pop = math.log10(e.population + 1) if e.population > 0 else 0.0
    if e.kind == "country":
        return 10.0 + pop / 10
    if e.kind == "admin1":
        return pop - 1.0 + (1.0 if e.curated else 0.0)
    if e.kind == "feature":
        return (pop or 5.0) + (1.0 if e.curated else 0.0)
    return pop + (1.5 if e.sub == "capital" else 0.0)


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Demonym/adjective -> ISO3 ("Libyan" -> LBY), from the actor knowledge base's curated country names."""
    from reportage.places.gazetteer import ACTOR_DATA

    out: dict[str, str] = {}
    for r in read_tsv(ACTOR_DATA / "country_names.tsv"):
        for adj in filter(None, r.get("adjectives", "").split("|")):
            out.setdefault(fold(adj), r["iso3"])
    return out


@dataclass(slots=True)
class Mention:
    start: int  # original-text offsets
    end: int
    t0: int  # token range in the parse
    t1: int
    text: str
    label: str  # GPE/LOC/FAC, "actor", or "name" (found by the gazetteer)
    actor: str | None
    cands: tuple[Entry, ...]
    within: set[str] = field(default_factory=set)  # qualifier: keep candidates in these countries (iso2)
    within_admin1: set[tuple[str, str]] = field(default_factory=set)
    capital: bool = False
    container: bool = False  # the qualifier of another mention ("Illinois" in "Springfield, Illinois")
    dateline: bool = False
    chosen: Entry | None = None
    why: str = ""


def locate_places(parsed: Any, table: Any = None, gazetteer: Gazetteer | None = None) -> list[Place]:
    """The article's places, each with its gazetteer entry and its mentions (cached on the parse)."""
    doc = parsed.doc
    cached = doc.user_data.get("reportage.places") if hasattr(doc, "user_data") else None
    if cached is not None:
        return cached
    gaz = gazetteer or load_gazetteer()
    mentions = _mentions(doc, parsed.text, parsed.omap, table, gaz)
    _qualifiers(doc, mentions, gaz)
    _resolve(mentions, gaz)
    places = _group(mentions, gaz)
    if hasattr(doc, "user_data"):
        doc.user_data["reportage.places"] = places
        doc.user_data["reportage.place_mentions"] = mentions
    return places


# --------------------------------------------------------------------------------------------- mentions

def _mentions(doc: Any, text: str, omap: Any, table: Any, gaz: Gazetteer) -> list[Mention]:
    out: list[Mention] = []
    taken: set[int] = set()

    def actor_of(s: int, e: int) -> Any:
        return table.actor_at(s, e) if table is not None and hasattr(table, "actor_at") else None

    def add(t0: int, t1: int, label: str, cands: tuple[Entry, ...] | None = None) -> Mention | None:
        while t0 < t1 and doc[t0].lower_ in {"the", "a", "an"}:
            t0 += 1
        while t1 > t0 and (doc[t1 - 1].is_punct or doc[t1 - 1].lower_ in {"'s", "'"}):
            t1 -= 1
        if t0 >= t1 or any(i in taken for i in range(t0, t1)):
            return None
        s, e = omap.span(doc[t0].idx, doc[t1 - 1].idx + len(doc[t1 - 1]))
        surface = text[s:e]
        if cands is None:
            cands = gaz.find(surface)
            if not cands and t0 > 0 and doc[t0 - 1].lower_ == "the":
                cands = gaz.find("the " + surface)
        a = actor_of(s, e)
        if a is not None and (a.type == "PERSON" or (a.type in {"ORG", "NORP"} and label not in PLACE_LABELS)):
            return None  # "Jordan" the player, "NATO" the alliance: not places
        m = Mention(s, e, t0, t1, surface, label, a.id if a else None, cands,
                    dateline=t0 < 6 and _dateline_end(doc, t1))
        taken.update(range(t0, t1))
        out.append(m)
        return m

    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        cands = gaz.find(ent.text)
        if cands or ent.label_ != "FAC" or len(ent) == 1:
            add(ent.start, ent.end, ent.label_, cands or None)
            continue
        for k in range(len(ent) - 1, 0, -1):  # "Landstuhl Regional Medical Center": the town in its name
            sub = gaz.find(ent[:k].text)
            if sub:
                m = add(ent.start, ent.end, ent.label_, sub)
                if m:
                    m.why = "name within the facility's name"
                break
        else:
            add(ent.start, ent.end, ent.label_, ())
    # place actors the NER did not label as places ("Kyiv" tagged PERSON, a capital used as an actor)
    if table is not None:
        for a in getattr(table, "actors", []):
            if a.type not in PLACE_LABELS:
                continue
            for sp in a.mentions:
                toks = [t for t in doc if sp.start <= omap(t.idx) < sp.end]
                if toks and not any(t.i in taken for t in toks):
                    cands = gaz.find(sp.text)
                    if cands:
                        add(toks[0].i, toks[-1].i + 1, "actor", cands)
    # names the NER missed: runs of capitalised proper nouns the gazetteer knows
    ents_at = {i: ent.label_ for ent in doc.ents for i in range(ent.start, ent.end)}
    i = 0
    while i < len(doc):
        tok = doc[i]
        if i in taken or not _capitalised(tok) or ents_at.get(i) in NOT_PLACE_LABELS:
            i += 1
            continue
        j = i
        while j < len(doc) and j not in taken and _capitalised(doc[j]) and ents_at.get(j) not in NOT_PLACE_LABELS:
            j += 1
        for k in range(j, i, -1):  # the longest prefix the gazetteer knows
            span = doc[i:k]
            cands = gaz.find(span.text)
            if cands and _place_context(doc, i, k, cands, ents_at, taken):
                add(i, k, "name", cands)
                break
        i = max(j, i + 1)
    out.sort(key=lambda m: m.start)
    return out


def _capitalised(tok: Any) -> bool:
    return tok.is_alpha and tok.text[:1].isupper() and (tok.pos_ == "PROPN" or (tok.is_upper and len(tok) > 2)
                                                       or tok.ent_type_ != "")


def _place_context(doc: Any, i: int, k: int, cands: tuple[Entry, ...], ents_at: dict[int, str],
                   taken: set[int]) -> bool:
    """Whether a name the NER did not call a place reads as one here."""
    if i > 0 and doc[i - 1].lower_ in LOCATIVE:
        return True
    if i > 1 and doc[i - 1].lower_ == "of" and doc[i - 2].lemma_.lower() in PLACE_NOUNS:
        return True
    if i > 1 and doc[i - 1].lower_ in {"and", "or", ","} and (i - 2) in taken:  # "Donetsk and Avdiivka"
        return True
    if i < 6 and _dateline_end(doc, k) and doc[i:k].text.isupper():
        return True
    if ents_at.get(i) == "ORG" and k - i > 1:  # "Kyiv Independent", "Moscow Times": an organisation
        return False
    return any(e.kind in {"country", "admin1"} or (e.kind == "feature" and e.curated) or e.population >= BIG_CITY
               for e in cands)


def _dateline_end(doc: Any, t1: int) -> bool:
    """A dateline: "KYIV, July 13 (Reuters) -" or "VILNIUS (AP) -": the name, then , ( or - early on."""
    return t1 < len(doc) and t1 < 8 and doc[t1].text in {",", "(", "-", ":", "—"}


# ------------------------------------------------------------------------------------------ qualifiers

def _qualifiers(doc: Any, ms: list[Mention], gaz: Gazetteer) -> None:
    """Apposition and qualifiers: "Springfield, Illinois", "Vilnius, the capital of Lithuania"."""
    by_t0 = {m.t0: m for m in ms}
    for m in ms:
        t = m.t1
        if t < len(doc) and doc[t].text == ",":
            nxt = by_t0.get(t + 1)
            if nxt is not None and nxt.cands:
                outer = [e for e in nxt.cands if e.kind in {"country", "admin1"}]
                inner_ok = [e for e in m.cands if e.kind in {"city", "feature", "admin1"}
                            and any(_inside(e, o) for o in outer)]
                if outer and inner_ok:
                    m.within |= {o.iso2 for o in outer if o.kind == "country"}
                    m.within_admin1 |= {(o.iso2, o.admin1) for o in outer if o.kind == "admin1"}
                    nxt.container = True
                    nxt.cands = tuple(o for o in outer if any(_inside(e, o) for e in inner_ok)) or nxt.cands
                    continue
            # "Vilnius, the capital of Lithuania", "Donetsk, a city in eastern Ukraine"
            window = doc[t + 1: min(len(doc), t + 9)]
            words = [w.lower_ for w in window]
            if words[:1] in (["the"], ["a"], ["an"]) or words[:1] == ["capital"]:
                for w in window:
                    inner = by_t0.get(w.i)
                    if inner is not None and inner is not m:
                        if any(e.kind == "country" for e in inner.cands):
                            m.within |= {e.iso2 for e in inner.cands if e.kind == "country"}
                            m.capital = m.capital or "capital" in words[: w.i - t]
                        break
                    if w.text in {",", ".", ";"}:
                        break
        # "the Libyan capital Tripoli", "the Lithuanian capital, Vilnius"
        back = doc[max(0, m.t0 - 4): m.t0]
        lw = [w.lower_ for w in back]
        if "capital" in lw:
            adj = back[lw.index("capital") - 1] if lw.index("capital") > 0 else None
            iso3 = demonyms().get(fold(adj.text)) if adj is not None else None
            if iso3 and gaz.iso2(iso3):
                m.within.add(gaz.iso2(iso3) or "")
                m.capital = True


def _inside(e: Entry, outer: Entry) -> bool:
    if outer.kind == "country":
        return e.iso2 == outer.iso2
    return e.iso2 == outer.iso2 and e.admin1 == outer.admin1 and e is not outer


# ------------------------------------------------------------------------------------------ resolution

def _resolve(ms: list[Mention], gaz: Gazetteer) -> None:
    for m in ms:  # qualifiers narrow the candidates first
        if m.within or m.within_admin1:
            keep = tuple(e for e in m.cands if e.iso2 in m.within or (e.iso2, e.admin1) in m.within_admin1)
            if keep:
                m.cands = keep
                m.why = "qualifier"
        if m.capital:
            caps = tuple(e for e in m.cands if e.sub == "capital")
            if caps:
                m.cands = caps
                m.why = "capital of the named country"
    # evidence: the places whose country (and division) is certain vote for it
    votes_c: dict[str, dict[str, float]] = defaultdict(dict)  # country -> {surface key: weight}
    votes_a: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for m in ms:
        countries = {e.iso2 for e in m.cands}
        if len(countries) != 1:
            continue
        c = next(iter(countries))
        weight = 0.5 if all(e.kind == "country" for e in m.cands) else 1.0
        if m.dateline:
            weight *= 2
        key = fold(m.text)
        votes_c[c][key] = max(votes_c[c].get(key, 0.0), weight)
        admins = {e.admin1 for e in m.cands if e.admin1}
        if len(admins) == 1:
            votes_a[(c, next(iter(admins)))][key] = 1.0

    def support(votes: dict[str, float], key: str) -> float:
        return sum(w for k, w in votes.items() if k != key)

    for m in ms:
        if not m.cands:
            m.why = "unresolved: not in the gazetteer"
            continue
        key = fold(m.text)
        scored = []
        for e in m.cands:
            s = prior(e) - (1.0 if e.kind == "city" and key not in keys(e.name) else 0.0)
            sc = min(support(votes_c.get(e.iso2, {}), key), CAP_COUNTRY) if e.kind != "country" or len(
                {x.iso2 for x in m.cands}) > 1 else 0.0
            sa = min(support(votes_a.get((e.iso2, e.admin1), {}), key), CAP_ADMIN1) if e.admin1 else 0.0
            scored.append((s + W_COUNTRY * sc + W_ADMIN1 * sa, e.population, -_num(e.id), e, sc + sa))
        scored.sort(key=lambda x: (x[0], x[1], x[2]), reverse=True)
        best = scored[0]
        m.chosen = best[3]
        if not m.why:
            if len(scored) == 1:
                m.why = "only candidate"
            elif best[4] > 0 and max((x for x in scored[1:]), key=lambda x: prior(x[3]))[3] is not best[3] and \
                    prior(best[3]) < max(prior(x[3]) for x in scored[1:]):
                m.why = "article context"
            else:
                m.why = "population and feature rank"


def _num(s: str) -> int:
    return int(s) if s.isdigit() else 0


def _group(ms: list[Mention], gaz: Gazetteer) -> list[Place]:
    places: dict[str, Place] = {}
    for m in ms:
        e = m.chosen
        key = e.id if e is not None else "?" + fold(m.text)
        p = places.get(key)
        if p is None:
            p = Place(id=f"P{len(places) + 1}", name=e.name if e else m.text, mentions=[], geo=_geo(e, gaz, m))
            places[key] = p
        p.mentions.append(Span(m.start, m.end, m.text))
        if m.actor and m.actor not in p.geo["actors"]:
            p.geo["actors"].append(m.actor)
    return list(places.values())


def _geo(e: Entry | None, gaz: Gazetteer, m: Mention) -> dict[str, Any]:
    if e is None:
        return {"geonames_id": None, "feature": None, "country": None, "admin1": None, "lat": None, "lon": None,
                "resolution": m.why, "actors": []}
    return {
        "geonames_id": e.geonames_id, "gazetteer_id": e.id, "feature": e.kind, "feature_kind": e.sub or None,
        "country": gaz.iso3(e.iso2) if e.iso2 else None, "admin1": e.admin1 or None,
        "admin1_name": gaz.admin1_name(e.iso2, e.admin1) if e.admin1 else None,
        "lat": e.lat, "lon": e.lon, "population": e.population or None,
        "fullname": full_name(e, gaz), "resolution": m.why, "actors": [],
    }


def full_name(e: Entry, gaz: Gazetteer) -> str:
    """GDELT-style full name: "Paris, Texas, United States", "Vilnius, Lithuania"."""
    parts = [e.name]
    if e.kind in {"city", "feature"} and e.admin1:
        a1 = gaz.admin1_name(e.iso2, e.admin1)
        if a1 and a1 != e.name:
            parts.append(a1)
    if e.kind != "country" and e.iso2:
        cn = gaz.country_name(e.iso2)
        if cn and cn != e.name:
            parts.append(cn)
    return ", ".join(parts)


def mention_at(parsed_doc: Any, start: int, end: int) -> tuple[Mention, Place] | None:
    """The resolved mention (and its place) overlapping an original-text range, after locate_places."""
    ms: list[Mention] = parsed_doc.user_data.get("reportage.place_mentions") or []
    places: list[Place] = parsed_doc.user_data.get("reportage.places") or []
    for m in ms:
        if m.start < end and start < m.end:
            for p in places:
                if any(s.start == m.start and s.end == m.end for s in p.mentions):
                    return m, p
    return None
