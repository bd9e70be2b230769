"""Names the small NER model calls people but the article uses as places.

"near the town of Arak", "60 miles from Vladivostok": the place resolver (``locate_places``) reads the
locative cue and finds the town, while the actor table still lists "Arak" as an uncoded person. An
uncoded person with no knowledge-base entry, every mention of which the resolver placed in a country,
is that place: a GPE coded with the country, as CAMEO codes a city by its country.

A one-word "person" the resolver left alone is a place too when the gazetteer knows the word as the
name of a place in one country only, no mention of it reads as a person (no "said", no title, not
the name of a person of the article), and every mention stands where places stand: after a locative
word ("in Izmir"), or in a list with a place the resolver found ("Istanbul, Ankara, Izmir and other
cities"), or the place is a city of a million people. Between places of different countries it stays
a person: never a guess between equals.
"""

from __future__ import annotations

import re
from typing import Any

from reportage.actors.resolve import code_actor, honorifics
from reportage.document import Actor, Place
from reportage.places.gazetteer import Gazetteer, load_gazetteer
from reportage.places.names import fold
from reportage.places.resolve import LOCATIVE, PLACE_NOUNS

_SPEECH = re.compile(r"\s*(?:,\s*)?(?:said|says|told|added|wrote|tweeted|asked|argued|explained|noted|replied)\b")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)\s*$")
_NOUN_OF = re.compile(r"(\w+)\s+of\s+$")
# "Istanbul, Ankara, Izmir": a list joins the name to a place mention on either side
_LIST_GAP = re.compile(r"^\s*(?:,|,?\s*and|,?\s*or)\s*$")
BIG_CITY = 1_000_000
# a place a tenth as populous as the largest of the same name is still its equal: no guess between them
EQUALS = 10


def place_people(actors: list[Actor], places: list[Place], kb: Any, text: str | None = None,
                 gazetteer: Gazetteer | None = None) -> None:
    """Re-type, in place, the uncoded "people" whose every mention is a resolved place mention; with
    ``text``, also the one-word "people" every mention of which reads as a place (module docstring)."""
    located: dict[tuple[int, int], str] = {}
    for p in places:
        country = p.geo.get("country")
        if isinstance(country, str) and len(country) == 3:
            for m in p.mentions:
                located[(m.start, m.end)] = country
    for a in actors:
        if a.type != "PERSON" or a.code or a.kb_id or not a.mentions:
            continue
        words = a.name.lower().split()
        if len(words) == 1 and words[0] in kb.first_names:
            continue  # "Jesus" is a town in Paraguay, and far more often a name
        countries = {located.get((m.start, m.end)) for m in a.mentions}
        if len(countries) == 1 and None not in countries:
            country = countries.pop()
        elif text is not None and len(words) == 1:
            country = _read_as_place(a, actors, located, text, kb, gazetteer)
        else:
            continue
        if not country or not kb.valid_code(country):
            continue
        a.type = "GPE"
        code_actor(kb, a, country, "place in the text")


def _read_as_place(actor: Actor, actors: list[Actor], located: dict[tuple[int, int], str], text: str, kb: Any,
                   gazetteer: Gazetteer | None) -> str | None:
    """The country of the one place a one-word "person" names, when every mention reads as a place."""
    word = fold(actor.name)
    if not word or not actor.name[:1].isupper():
        return None
    for other in actors:  # "Kirby" when "John Kirby" is in the article
        if other is not actor and other.type == "PERSON" and word in fold(other.name).split():
            return None
    gaz = gazetteer or load_gazetteer()
    cands = [e for e in gaz.find(actor.name) if fold(e.name) == word and e.kind in ("city", "admin1") and e.iso2]
    if not cands:
        return None
    top = max(e.population for e in cands)
    equals = {e.iso2 for e in cands if e.population * EQUALS >= top}
    if len(equals) != 1:
        return None
    country = gaz.iso3(equals.pop())
    big = top >= BIG_CITY
    starts = {s for s, _e in located}
    ends = {e for _s, e in located}
    hon = honorifics()
    for m in actor.mentions:
        if _SPEECH.match(text, m.end):
            return None
        before = _WORD_BEFORE.search(text[max(0, m.start - 30):m.start])
        prev = before.group(1).lower().rstrip(".") if before else ""
        if prev in hon:
            return None
        listed = any(e <= m.start and _LIST_GAP.match(text[e:m.start]) for e in ends if m.start - e < 8) or \
            any(s >= m.end and _LIST_GAP.match(text[m.end:s]) for s in starts if s - m.end < 8)
        noun = _NOUN_OF.search(text[max(0, m.start - 30):m.start])
        of_place = noun is not None and noun.group(1).lower() in PLACE_NOUNS  # "the town of Arak"
        if not (prev in LOCATIVE or listed or of_place or big):
            return None
    return country
