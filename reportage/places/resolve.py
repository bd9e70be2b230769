"""Toponym resolution: every place mention of an article to one gazetteer entry, or honestly to none.

Mentions are spaCy GPE/LOC/FAC entities, place actors of the actor table, and capitalised names the
NER missed ("Kyiv", "Donetsk") when the gazetteer knows them and the context says place (after "in",
"near", "from" ..., or a country, division or big city). Each mention's candidates are scored:

* prior: log10(population) + 0.3 log2(1 + the number of GeoNames alternate names: how widely a place
  is known, so Geneva is Switzerland's before Illinois's); a country +2.5, a national capital +1.5,
  a division -0.5 (its population is a sum over overlapping places), a hand-written division +1.5
  (so "Gaza" is the Strip), a hand-written
  feature or region counts as a place of 100 million; a city matched only by an alternate name -1
  ("Pokrovsk" is Pokrovsk, not Engels, once called so);
* coherence: +1.5 per other place of the article in the same country (each place votes with its
  reading by prior when that leads other countries' readings by 1) (capped at 3 places; a
  country's own name counts half, the dateline double) and +1 per other place in the same division
  (capped at 1.5); context may overturn a prior gap of at most 3.5 (a village never beats Paris);
* a place under 15,000 people needs a cue: a qualifier, "in"/"near"/"from" before it, the dateline,
  or another place in its division ("Earth" and "West" tagged as places are not Earth, Texas);
* one sense per article: every mention of a name takes the reading its best-qualified mention got;
* qualifiers, which restrict the candidates: "Springfield, Illinois", "Paris, Texas", "Vilnius, the
  capital of Lithuania", "the Libyan capital Tripoli".

A mention with no candidate stays unresolved and says why; nothing is ever picked at random (ties
go to the most populous entry, then the smallest id).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from reportage.document import Place, Span
from reportage.places.gazetteer import Entry, Gazetteer, load_gazetteer
from reportage.places.names import fold, keys, read_tsv
from reportage.settings import PlaceSettings

if TYPE_CHECKING:  # the actor table imports nothing from here, but typing it needs no import at run time
    from reportage.actors.resolve import DocActors

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# entity labels under which a capitalised name is not re-read as a place by the gazetteer alone
NOT_PLACE_LABELS = {"PERSON", "NORP", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "LANGUAGE", "MONEY", "DATE",
                    "TIME", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"}
LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "throughout", "from", "to", "into", "toward",
            "towards", "around", "between", "via", "through", "over", "off"}
# "the city of Donetsk", "the region of Kherson"
PLACE_NOUNS = {"city", "town", "village", "region", "province", "state", "port", "capital", "district", "oblast",
               "governorate", "county", "island", "settlement", "hamlet", "suburb"}
DIVISION_NOUNS = {"region", "province", "oblast", "governorate", "state", "district", "prefecture"}
COUNTRY_NOUNS = {"republic", "country", "nation", "kingdom", "state"}
# big_city, small and max_flip (the population cut-offs and the largest prior gap context may
# overturn) are reportage.settings.PlaceSettings
W_COUNTRY, CAP_COUNTRY, W_ADMIN1, CAP_ADMIN1 = 1.5, 3.0, 1.0, 1.5
# first words of a facility's name that are not the town it is named after ("Camp Arifjan", "Fort Hood")
FACILITY_WORDS = {"camp", "fort", "mount", "lake", "port", "cape", "point", "base", "air", "naval", "station",
                  "prison", "hospital", "university", "the", "new", "old", "great", "little"}


def prior(e: Entry) -> float:
    """How likely an entry is the referent before context: see the module docstring."""
    pop = math.log10(e.population + 1) if e.population > 0 else 0.0
    fame = 0.3 * math.log2(1 + e.names)
    if e.kind == "country":
        return pop + 2.5
    if e.kind == "admin1":  # its population is a sum over its places, which overlap: discounted
        return pop + fame - 0.5 + (1.5 if e.curated else 0.0)
    if e.kind == "feature":
        return 8.0 + (1.0 if e.curated else 0.0) if e.curated else pop + fame
    return pop + fame + (1.5 if e.sub == "capital" else 0.0)


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
    container_entry: Entry | None = None  # for the qualified mention: the division that qualifies it
    country_hint: bool = False  # "the republic of Georgia", "the country of Georgia"
    dateline: bool = False
    locative: bool = False  # right after "in", "near", "from" ... or "the city of"
    chosen: Entry | None = None
    why: str = ""


def locate_places(parsed: Any, table: DocActors | None = None, gazetteer: Gazetteer | None = None,
                  settings: PlaceSettings | None = None) -> list[Place]:
    """The article's places, each with its gazetteer entry and its mentions (cached on the parse)."""
    settings = settings or PlaceSettings()
    doc = parsed.doc
    cached = doc.user_data.get("reportage.places")
    if cached is not None:
        return cached
    gaz = gazetteer or load_gazetteer()
    mentions = _mentions(doc, parsed.text, parsed.omap, table, gaz, settings)
    _qualifiers(doc, mentions, gaz)
    _resolve(mentions, gaz, settings)
    places = _group(mentions, gaz)
    doc.user_data["reportage.places"] = places
    doc.user_data["reportage.place_mentions"] = mentions
    return places


# --------------------------------------------------------------------------------------------- mentions

def _mentions(doc: Any, text: str, omap: Any, table: DocActors | None, gaz: Gazetteer,
              settings: PlaceSettings) -> list[Mention]:
    out: list[Mention] = []
    taken: set[int] = set()

    def actor_of(s: int, e: int) -> Any:
        """The actor named by exactly this span, else by a part of it (never a wider phrase around it:
        "Officials in Kyiv" is an actor, Kyiv in it is still a place)."""
        if table is None:
            return None
        inside = table.mentions_within(s, e)  # by position: a scan of every mention made long texts quadratic
        exact = [a for ms, me, a in inside if ms == s and me == e]
        pool = exact or [a for _ms, _me, a in inside]
        return table.first_of(pool) if pool else None

    person_tokens = {i for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1
                     for i in range(ent.start, ent.end)}  # "Michael Jordan": a name, whatever the KB says

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
        if t1 < len(doc) and doc[t1].lower_ in DIVISION_NOUNS and t1 + 1 not in taken:  # "the Donetsk region"
            s2, e2 = omap.span(doc[t0].idx, doc[t1].idx + len(doc[t1]))
            wider = gaz.find(text[s2:e2])
            if wider:
                t1, s, e, surface, cands = t1 + 1, s2, e2, text[s2:e2], wider
        if any(i in person_tokens for i in range(t0, t1)):
            return None
        a = actor_of(s, e)
        cue = _locative(doc, t0)
        if a is not None and a.type == "PERSON" and not (cue and cands and a.kb_id is None):
            return None  # "Jordan" the player; but "near Avdiivka" is a town, whatever the NER guessed
        if a is not None and a.type in {"ORG", "NORP"} and label not in PLACE_LABELS:
            return None  # "NATO" the alliance
        m = Mention(s, e, t0, t1, surface, label, a.id if a else None, cands,
                    dateline=t0 < 6 and _dateline_end(doc, t1), locative=cue)
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
            head = ent[:k]
            sub = tuple(e for e in gaz.find(head.text) if e.kind == "city" and _main_name(fold(head.text), e.name))
            if sub and head[0].lower_ not in FACILITY_WORDS and all(t.pos_ == "PROPN" for t in head):
                m = add(ent.start, ent.end, ent.label_, sub)
                if m:
                    m.why = "name within the facility's name"
                break
        else:
            add(ent.start, ent.end, ent.label_, ())
    # place actors the NER did not label as places ("Kyiv" tagged PERSON, a capital used as an actor)
    if table is not None:
        starts = [omap(t.idx) for t in doc]  # original offset of each token, ascending
        for a in table.actors:
            if a.type not in PLACE_LABELS:
                continue
            for sp in a.mentions:
                i0, i1 = bisect_left(starts, sp.start), bisect_left(starts, sp.end)
                if i0 < i1 and not any(i in taken for i in range(i0, i1)):
                    cands = gaz.find(sp.text)
                    if cands:
                        add(i0, i1, "actor", cands)
    # names the NER missed: runs of capitalised proper nouns the gazetteer knows
    ents_at = {i: ent.label_ for ent in doc.ents for i in range(ent.start, ent.end)}

    def _lone_person(i: int) -> bool:  # a one-word "PERSON" right after "in"/"near": the NER's guess only
        return ents_at.get(i) == "PERSON" and i not in person_tokens and _locative(doc, i)

    i = 0
    while i < len(doc):
        tok = doc[i]
        if i in taken or not _capitalised(tok) or (ents_at.get(i) in NOT_PLACE_LABELS and not _lone_person(i)):
            i += 1
            continue
        j = i
        while j < len(doc) and j not in taken and _capitalised(doc[j]) and (
                ents_at.get(j) not in NOT_PLACE_LABELS or _lone_person(j)):
            j += 1
        for k in range(j, i, -1):  # the longest prefix the gazetteer knows
            span = doc[i:k]
            cands = gaz.find(span.text)
            if cands and _place_context(doc, i, k, cands, ents_at, taken, settings.big_city):
                add(i, k, "name", cands)
                break
        i = max(j, i + 1)
    out.sort(key=lambda m: m.start)
    return out


def _locative(doc: Any, i: int) -> bool:
    if i > 0 and doc[i - 1].lower_ in LOCATIVE:
        return True
    return i > 1 and doc[i - 1].lower_ == "of" and doc[i - 2].lemma_.lower() in PLACE_NOUNS


def _capitalised(tok: Any) -> bool:
    return tok.is_alpha and tok.text[:1].isupper() and (tok.pos_ == "PROPN" or (tok.is_upper and len(tok) > 2)
                                                       or tok.ent_type_ != "")


def _place_context(doc: Any, i: int, k: int, cands: tuple[Entry, ...], ents_at: dict[int, str],
                   taken: set[int], big_city: int) -> bool:
    """Whether a name the NER did not call a place reads as one here (a city from ``big_city`` people needs no cue)."""
    if _locative(doc, i):
        return True
    if i > 1 and doc[i - 1].lower_ in {"and", "or", ","} and (i - 2) in taken:  # "Donetsk and Avdiivka"
        return True
    if i < 6 and _dateline_end(doc, k) and doc[i:k].text.isupper():
        return True
    if ents_at.get(i) == "ORG" and k - i > 1:  # "Kyiv Independent", "Moscow Times": an organisation
        return False
    key = fold(doc[i:k].text)  # "Dining" (an old name of Jining), "Molotov" (of Perm): need a locative cue
    cands = tuple(e for e in cands if e.kind != "city" or _main_name(key, e.name))
    return any(e.kind in {"country", "admin1"} or (e.kind == "feature" and e.curated) or e.population >= big_city
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
            last = doc[nxt.t1 - 1] if nxt is not None else None
            modifier = last is not None and last.dep_ in {"compound", "amod", "poss", "nmod"} and not (
                m.t0 <= last.head.i < m.t1)  # "In Rome, U.S. Secretary of State John Kerry ...": not Rome, US
            if nxt is not None and nxt.cands and not modifier and not any(e.kind == "country" for e in m.cands):
                outer = [e for e in nxt.cands if e.kind in {"country", "admin1"}]
                inner_ok = [e for e in m.cands if e.kind in {"city", "feature", "admin1"}
                            and any(_inside(e, o) for o in outer)]
                local = not any(e.kind in {"country", "admin1"} for e in m.cands)  # not a list of states
                if outer and (inner_ok or (local and len(outer) == 1 and outer[0].kind == "admin1")):
                    m.within |= {o.iso2 for o in outer if o.kind == "country"}
                    m.within_admin1 |= {(o.iso2, o.admin1) for o in outer if o.kind == "admin1"}
                    nxt.container = True
                    nxt.cands = tuple(o for o in outer if any(_inside(e, o) for e in inner_ok)) or nxt.cands
                    if not inner_ok:
                        m.container_entry = outer[0]
                    continue
            # "Vilnius, the capital of Lithuania", "Donetsk, a city in eastern Ukraine"
            window = doc[t + 1: min(len(doc), t + 9)]
            words = [w.lower_ for w in window]
            if words[:1] in (["the"], ["a"], ["an"]) or words[:1] == ["capital"]:
                for w in window:
                    inner = by_t0.get(w.i)
                    if inner is not None and inner is not m:
                        before = words[: w.i - t - 1]
                        said = w.i - 1 > t and doc[w.i - 1].lower_ in {"of", "in"} and any(
                            x in PLACE_NOUNS for x in before)
                        if said and any(e.kind == "country" for e in inner.cands):
                            m.within |= {e.iso2 for e in inner.cands if e.kind == "country"}
                            m.capital = m.capital or "capital" in before
                        break
                    if w.text in {",", ".", ";"}:
                        break
        # "the republic of Georgia", "the country of Georgia"
        if m.t0 > 1 and doc[m.t0 - 1].lower_ == "of" and doc[m.t0 - 2].lower_ in COUNTRY_NOUNS:
            m.country_hint = True
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

def _resolve(ms: list[Mention], gaz: Gazetteer, settings: PlaceSettings) -> None:
    for m in ms:  # qualifiers narrow the candidates first
        if m.within or m.within_admin1:
            keep = tuple(e for e in m.cands if e.iso2 in m.within or (e.iso2, e.admin1) in m.within_admin1)
            if keep:
                m.cands = keep
                m.why = "qualifier"
            elif m.within_admin1 and m.container_entry is not None:
                m.cands = (m.container_entry,)  # "Pearl City, Illinois" with no Pearl City: Illinois, not Hawaii
                m.why = "qualifier (the place itself is not in the gazetteer)"
        if m.capital:
            caps = tuple(e for e in m.cands if e.sub == "capital")
            if caps:
                m.cands = caps
                m.why = "capital of the named country"
        if m.country_hint:
            countries = tuple(e for e in m.cands if e.kind == "country")
            if countries:
                m.cands = countries
                m.why = "called a country"
    # evidence: the places whose country (and division) is certain vote for it
    votes_c: dict[str, dict[str, float]] = defaultdict(dict)  # country -> {surface key: weight}
    votes_a: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for m in ms:  # a mention votes for the country (and division) of its reading by prior, if clear
        lead = _clear_lead(m.cands)
        if lead is None or not lead.iso2:
            continue
        c = lead.iso2
        weight = 0.5 if lead.kind == "country" else 1.0
        if m.dateline:
            weight *= 2
        key = fold(m.text)
        votes_c[c][key] = max(votes_c[c].get(key, 0.0), weight)
        if lead.admin1 and lead.kind != "country":
            votes_a[(c, lead.admin1)][key] = 1.0

    def support(votes: dict[str, float], key: str) -> float:
        return sum(w for k, w in votes.items() if k != key)

    for m in ms:
        if not m.cands:
            m.why = "unresolved: not in the gazetteer"
            continue
        key = fold(m.text)
        several = len({x.iso2 for x in m.cands}) > 1
        scored = []
        for e in m.cands:
            p = prior(e) - (1.0 if e.kind == "city" and not _main_name(key, e.name) else 0.0)
            sc = min(support(votes_c.get(e.iso2, {}), key), CAP_COUNTRY) if e.iso2 and (
                e.kind != "country" or several) else 0.0
            sa = min(support(votes_a.get((e.iso2, e.admin1), {}), key), CAP_ADMIN1) if e.admin1 else 0.0
            if not _plausible(e, m, sa, settings.small):
                continue
            scored.append([p + W_COUNTRY * sc + W_ADMIN1 * sa, p, e])
        if not scored:
            m.why = f"unresolved: only places under {settings.small:,} people have this name, and nothing says it is one"
            continue
        top_prior = max(x[1] for x in scored)
        # context may overturn only a bounded prior gap: a village never beats Paris on coherence alone
        scored = [x for x in scored if x[1] >= top_prior - settings.max_flip] if len(scored) > 1 else scored
        scored.sort(key=lambda x: (x[0], x[1], x[2].population, -_num(x[2].id)), reverse=True)
        m.chosen = scored[0][2]
        if not m.why:
            if len(m.cands) == 1:
                m.why = "only candidate"
            elif scored[0][1] < top_prior:
                m.why = "article context"
            else:
                m.why = "population and feature rank"
    # one sense per article: a name keeps the reading of its best-qualified mention
    strong = ("qualifier", "capital of the named country", "called a country")
    decided: dict[str, Mention] = {}
    for m in ms:
        if m.chosen is not None and m.why in strong:
            decided.setdefault(fold(m.text), m)
    for m in ms:
        d = decided.get(fold(m.text))
        if d is not None and d is not m and m.why not in strong and d.chosen in m.cands:
            m.chosen = d.chosen
            m.why = f"same name as a mention resolved by {d.why}"


def _clear_lead(cands: tuple[Entry, ...]) -> Entry | None:
    """The reading by prior when it leads every reading in another country by 1 (else no vote)."""
    if not cands:
        return None
    ranked = sorted(cands, key=lambda e: (prior(e), e.population), reverse=True)
    lead = ranked[0]
    rival = next((e for e in ranked[1:] if e.iso2 != lead.iso2), None)
    return lead if rival is None or prior(lead) - prior(rival) >= 1.0 else None


def _plausible(e: Entry, m: Mention, admin1_support: float, small: int) -> bool:
    """A small place ("West, Texas", "Earth, Texas") needs a cue: a qualifier, "in"/"near" before it,
    the dateline, or another place of the article in its division. Common words and surnames the NER
    tags as places otherwise land on villages."""
    if e.kind in {"country", "admin1"} or e.curated or e.population >= small:
        return True
    return bool(m.within or m.within_admin1 or m.capital or m.locative or m.dateline or admin1_support > 0)


def _main_name(key: str, name: str) -> bool:
    """Whether a folded surface is the entry's own name (or its start: "New York" of "New York City")."""
    main = fold(name)
    return key == main or main.startswith(key + " ") or key in keys(name)


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
