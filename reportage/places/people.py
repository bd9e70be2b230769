"""Names the small NER model calls people but the article uses as places.

"near the town of Arak", "60 miles from Vladivostok": the place resolver (``locate_places``) reads the
locative cue and finds the town, while the actor table still lists "Arak" as an uncoded person. An
uncoded person with no knowledge-base entry, every mention of which the resolver placed in a country,
is that place: a GPE coded with the country, as CAMEO codes a city by its country.
"""

from __future__ import annotations

from typing import Any

from reportage.actors.resolve import code_actor
from reportage.document import Actor, Place


def place_people(actors: list[Actor], places: list[Place], kb: Any) -> None:
    """Re-type, in place, the uncoded "people" whose every mention is a resolved place mention."""
    located: dict[tuple[int, int], str] = {}
    for p in places:
        country = p.geo.get("country")
        if isinstance(country, str) and len(country) == 3:
            for m in p.mentions:
                located[(m.start, m.end)] = country
    if not located:
        return
    for a in actors:
        if a.type != "PERSON" or a.code or a.kb_id or not a.mentions:
            continue
        words = a.name.lower().split()
        if len(words) == 1 and words[0] in kb.first_names:
            continue  # "Jesus" is a town in Paraguay, and far more often a name
        countries = {located.get((m.start, m.end)) for m in a.mentions}
        if len(countries) != 1 or None in countries:
            continue
        country = countries.pop()
        if not kb.valid_code(country):
            continue
        a.type = "GPE"
        code_actor(kb, a, country, "place in the text")
