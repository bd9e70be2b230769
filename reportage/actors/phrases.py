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

from reportage.actors.kb import Entry, KnowledgeBase, Role, fold, key_of, read_rows

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


# ---- ethnic and religious groups of one state ------------------------------------------------------------

ETHNIC_KIND = "ethnic"
# the sectors an agent noun gives a state's organs or parties; a group's own leaders, politicians and chiefs
# are its elite instead ("Yoruba leaders", "Hausa politicians": CAMEO ELI), not the state's government
_STATE_LIKE = frozenset({"GOV", "LEG", "PTY"})


def ethnic_groups() -> list[dict[str, str]]:
    """The rows of ``data/ethnic_groups.tsv`` (names, country, kind, source)."""
    return read_rows(DATA / "ethnic_groups.tsv", ["names", "country", "kind", "source"])


def load_groups(kb: KnowledgeBase) -> None:
    """Add the groups of ``data/ethnic_groups.tsv`` to the base as words that, like a nationality
    adjective, lend their state to an agent noun ("Chechen refugees" -> RUSREF) but are no actors by
    themselves. A name the base already gives a country, place or body keeps its owner."""
    for row in ethnic_groups():
        names = [n.strip() for n in row["names"].split("|") if n.strip()]
        country = row["country"].strip()
        if not names or not kb.valid_code(country):
            raise ValueError(f"ethnic_groups.tsv: bad row {row!r} (names and a known country code are needed)")
        ident = "ethnic:" + "_".join(key_of(names[0]))
        kb.entries[ident] = Entry(ident, "NORP", names[0], names[1:], [Role(country, source="ethnic_groups.tsv")],
                                  source="curated", kind=ETHNIC_KIND)
        for name in names:
            k = key_of(name)
            if k and k not in kb.aliases:
                kb.adjectives.setdefault(k, ident)


def group_sector(kb: KnowledgeBase, words: list[str], sector: str) -> str:
    """The sector of an agent noun after the words of a phrase: a state organ's sector (GOV, LEG, PTY)
    becomes ELI when a word of the phrase names an ethnic or religious group ("Ibo traditional elders",
    "Yoruba leaders"); any other sector stands ("Chechen refugees" REF, "Karen rebels" REB)."""
    if sector[:3] not in _STATE_LIKE:
        return sector
    for n in (2, 1):
        for i in range(len(words) - n + 1):
            ident = kb.adjectives.get(tuple(words[i:i + n]))
            entry = kb.entries.get(ident or "")
            if entry is not None and entry.kind == ETHNIC_KIND:
                return "ELI"
    return sector
