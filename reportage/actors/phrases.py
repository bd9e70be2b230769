"""Classes of actor phrase the dictionaries alone do not code, as general rules over general data.

The resolver (``resolve.py``) finds names, titles and country+agent phrases; this module answers the
questions it asks about phrases whose words are not dictionary entries themselves:

* the country a person's own career in the base gives a title ("President Bouteflika" in an undated
  article: the base knows him as Algeria's president even after his term);
* hyphenated nationality compounds ("Greek-Cypriot", "Vietnamese-led forces": the first part's country);
* ethnic and religious groups with one clear country (``data/ethnic_groups.tsv``, with sources);
* a nationality written in an organisation's name whose dictionary code is only a region
  ("Palestinian Islamic Jihad", coded MEAREB by the 2014 dictionaries, is Palestinian);
* abbreviations of organisation names ("NPFL", "SPLM/A").
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

from reportage.actors.kb import Entry, KnowledgeBase, fold, key_of, read_rows

DATA = Path(__file__).resolve().parent / "data"


def base_country(entry: Entry | None, role: str | None = None) -> str | None:
    """The country of a person's career in the base: of the dated roles matching ``role`` when there are
    any, else of all their roles (the most frequent country part), None for no entry or no roles."""
    if entry is None:
        return None
    roles = [r for r in entry.roles if r.code and len(r.code) >= 3]
    matching = [r for r in roles if role and r.role == role]
    counts = Counter(r.code[:3] for r in (matching or roles))
    return counts.most_common(1)[0][0] if counts else None
