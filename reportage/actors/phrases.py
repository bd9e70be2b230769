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

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportage.actors.kb import Entry, KnowledgeBase, Role, fold, key_of, read_rows, tokenize, word_list
from reportage.document import Actor

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
_STATE_LIKE = frozenset({"GOV", "PTY"})  # "Jewish lawmakers" stay lawmakers (LEG)


def ethnic_groups() -> list[dict[str, str]]:
    """The rows of ``data/ethnic_groups.tsv`` (names, country, kind, source)."""
    return read_rows(DATA / "ethnic_groups.tsv", ["names", "country", "kind", "source"])


def load_phrases(kb: KnowledgeBase) -> None:
    """Everything this module adds to a freshly loaded base (called at the end of ``kb.load_kb``)."""
    drop_titled_aliases(kb)
    load_groups(kb)
    load_abbreviations(kb)


def drop_titled_aliases(kb: KnowledgeBase) -> None:
    """Remove a person's names that are a title and another of their names ("Chancellor Helmut Kohl",
    "Prime Minister Maliki" in the converted dictionaries): matched whole, they hide the title from
    the title rule, so "West German Chancellor Helmut Kohl" in an undated article stayed elite (ELI).
    Without them the name is matched and the title before it is read like any other."""
    gone = []
    for k, ident in kb.aliases.items():
        if len(k) < 2 or kb.entries[ident].type != "PERSON":
            continue
        for j in range(1, min(len(k) - 1, kb.max_agent_len) + 1):
            if k[:j] in kb.agents and kb.aliases.get(k[j:]) == ident:
                gone.append(k)
                break
    for k in gone:
        del kb.aliases[k]
        kb.weak.discard(k)


def load_groups(kb: KnowledgeBase) -> None:
    """Add the groups of ``data/ethnic_groups.tsv`` to the base as words that, like a nationality
    adjective, lend their state to an agent noun ("Chechen refugees" -> RUSREF) but are no actors by
    themselves. A name the base already gives a country, place or body keeps its owner."""
    for row in ethnic_groups():
        names = [n.strip() for n in row["names"].split("|") if n.strip()]
        country = row["country"].strip()
        if not names or not (country == "-" or kb.valid_code(country)):
            raise ValueError(f"ethnic_groups.tsv: bad row {row!r} (names and a known country code are needed)")
        ident = "ethnic:" + "_".join(key_of(names[0]))
        # a group of several states is known as a group word (so the NER's "Hutu" PERSON is no person)
        # but lends no country: an entry without roles
        roles = [] if country == "-" else [Role(country, source="ethnic_groups.tsv")]
        kb.entries[ident] = Entry(ident, "NORP", names[0], names[1:], roles, source="curated", kind=ETHNIC_KIND)
        for name in names:
            k = key_of(name)
            if k and k not in kb.aliases:
                kb.adjectives.setdefault(k, ident)


def group_sector(kb: KnowledgeBase, words: list[str], sector: str) -> str:
    """The sector of an agent noun after the words of a phrase: a state organ's sector (GOV, PTY)
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


# ---- hyphenated nationality compounds ------------------------------------------------------------------------

@lru_cache(maxsize=1)
def compound_heads() -> frozenset[str]:
    """Words after a hyphen that leave a nationality the owner of the group (data/compound_heads.txt)."""
    return word_list(DATA / "compound_heads.txt")


def hyphen_nationality(kb: KnowledgeBase, word: str) -> tuple[int, str] | None:
    """(length, base id) of the nationality that begins a hyphenated word ("Vietnamese-led" -> the
    length of "Vietnamese" and Vietnam's id), when the rest of the word is a head of
    ``compound_heads()``; None otherwise ("U.S.-backed", "Israeli-Palestinian", "well-known")."""
    parts = re.split(r"([-\u2010\u2011])", word)
    if len(parts) != 3 or parts[2].lower() not in compound_heads():
        return None
    first = parts[0]
    if not first[:1].isupper():
        return None
    ident = kb.adjectives.get(key_of(first)) or kb.aliases.get(key_of(first))
    entry = kb.entries.get(ident or "")
    if entry is None or entry.kind not in ("country", ETHNIC_KIND):
        return None
    return len(first), entry.id


# ---- a nationality in an organisation's name ----------------------------------------------------------------

def national_code(kb: KnowledgeBase, name: str, code: str | None) -> str | None:
    """An organisation's code with the country its name writes in place of a region or "INT" the
    dictionaries gave it: the 2014 dictionaries code "Palestinian Islamic Jihad" MEAREB and the
    "National Patriotic Front of Liberia" AFRREB, while their names say PSE and LBR. Only one country
    may be named ("Arab Liberation Front" names none, and "Union of Sudan and Egypt" two: unchanged)."""
    if not code or len(code) < 6 or kb.components.get(code[:3]) not in ("region",) and code[:3] != "INT":
        return code
    words = [fold(w) for w in re.findall(r"[^\W_]+(?:['\u2019][^\W_]+)?", name)]
    found: set[str] = set()
    for i in range(len(words)):
        for n in (3, 2, 1):
            k = tuple(words[i:i + n])
            if len(k) < n:
                continue
            ident = kb.adjectives.get(k) or kb.aliases.get(k)
            entry = kb.entries.get(ident or "")
            if entry is not None and entry.kind == "country" and entry.roles:
                found.add(entry.roles[0].code[:3])
                break
    if len(found) != 1:
        return code
    new = found.pop() + code[3:]
    return new if kb.valid_code(new) else code


# ---- abbreviations of organisation names --------------------------------------------------------------------

# words an abbreviation skips ("National Patriotic Front of Liberia" -> NPFL)
_SKIPPED = frozenset({"of", "the", "for", "and", "in", "on", "to", "de", "la", "le", "du", "des", "al", "el", "a", "an"})
MIN_ABBREVIATION = 4  # three letters abbreviate too many names to say which one


def abbreviation(name: str) -> str | None:
    """The initials of an organisation name, as the news abbreviates it: "Sudan People's Liberation
    Movement" -> "SPLM"; None when the name has fewer than MIN_ABBREVIATION words to abbreviate."""
    words = [w for w in re.findall(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?", name) if fold(w) not in _SKIPPED]
    if len(words) < MIN_ABBREVIATION or not all(w[:1].isupper() for w in words):
        return None
    return "".join(w[0] for w in words).upper()


# a last word that only says what kind of body a name is: the news drops it ("Abu Sayyaf Group")
_GENERIC_TAIL = frozenset({"group"})
_WRITTEN = re.compile(r"^(.*\S)\s*\(([A-Za-z]{2,8})\)\s*$")  # "Irish Republican Army (ira)"


def _initials_of(name: str, abbr: str) -> bool:
    """Whether ``abbr`` (3 letters or more) is the initials of ``name``'s words, all of them or those
    an abbreviation keeps ("Lashkar-e-Taiba": LET; "Irish Republican Army": IRA). A bracketed word
    that is not ("Australian Country Party (Vic)", a state; "Free Aceh Movement (gam)", another
    language's order) is no abbreviation this rule can trust."""
    parts = [p for p in re.split(r"[\s\-\u2010\u2011]+", name) if p and p[0].isalpha()]
    every = "".join(p[0] for p in parts).upper()
    kept = "".join(p[0] for p in parts if fold(p) not in _SKIPPED).upper()
    return len(abbr) >= 3 and abbr in (every, kept)


def load_abbreviations(kb: KnowledgeBase) -> None:
    """Index the abbreviations of the base's organisation names (``kb.abbreviations``): those the
    converted dictionaries write after a name ("Irish Republican Army (ira)" -> IRA, also giving the
    bare name as an alias), and the initials of names of MIN_ABBREVIATION words or more. An
    abbreviation two organisations of different codes share is left out: it does not say which one is
    meant; so is one that is already a name in the base (the base's owner of "NATO" stays NATO)."""
    seen: dict[str, str | None] = {}

    def offer(abbr: str, entry: Entry, code: str) -> None:
        if (fold(abbr),) in kb.aliases or fold(abbr) in kb.first_names:
            return  # a name already, or a first name in capitals ("ANA", "ISA")
        other = seen.get(abbr, "")
        if other == "":
            seen[abbr] = entry.id
        elif other is not None and other != entry.id and kb.entries[other].roles[0].code != code:
            seen[abbr] = None

    written: list[tuple[str, Entry, str]] = []
    for entry in kb.entries.values():
        if entry.kind != "actor" or entry.type == "PERSON" or not entry.roles:
            continue
        code = entry.roles[0].code
        for name in (entry.name, *entry.aliases):
            m = _WRITTEN.match(name)
            if m is not None:
                if _initials_of(m.group(1), m.group(2).upper()):
                    written.append((m.group(1), entry, m.group(2).upper()))
                continue
            abbr = abbreviation(name)
            if abbr is not None:
                offer(abbr, entry, code)
    for bare, entry, abbr in written:
        offer(abbr, entry, entry.roles[0].code)
        if key_of(bare) not in kb.aliases:
            kb._add_alias(bare, entry.id, False)  # "Irish Republican Army" without its "(ira)"
    for entry in list(kb.entries.values()):
        # armed groups only: "Abu Sayyaf" of "Abu Sayyaf Group"; a firm's "Avis Budget" or a nationality
        # and an adjective ("Libyan Islamic" of "Libyan Islamic Group") would name too much
        if entry.kind != "actor" or entry.type == "PERSON" or not entry.roles \
                or kb.sector_of(entry.roles[0].code) not in ("REB", "UAF") and entry.roles[0].code[:3] != "IMG":
            continue
        for name in (entry.name, *entry.aliases):
            k = key_of(name)
            if len(k) >= 3 and k[-1] in _GENERIC_TAIL and k[:-1] not in kb.aliases and k[-2] not in _SKIPPED \
                    and k[:1] not in kb.adjectives:
                kb._add_alias(" ".join(name.split()[:-1]), entry.id, False)
    kb.abbreviations = {a: i for a, i in seen.items() if i is not None}


_SLASHED = re.compile(r"/([A-Z]{1,2})\b")


def abbreviated(kb: KnowledgeBase, text: str, start: int, end: int) -> tuple[int, Entry] | None:
    """(end, entry) of the organisation an all-capitals word at ``start:end`` abbreviates, with the
    slashed variant that follows it ("SPLM/A": the Movement and its Army, one code), else None."""
    word = text[start:end]
    if len(word) < 3 or not word.isalpha() or not word.isupper():
        return None  # shorter initials are indexed only where a dictionary writes them after the name
    ident = kb.abbreviations.get(word)
    slash = _SLASHED.match(text, end)
    if slash is not None:
        variant = word[:-len(slash.group(1))] + slash.group(1)
        other = kb.abbreviations.get(variant) or kb.aliases.get((fold(variant),))
        ident = ident or other
        if ident is not None and other is not None and \
                kb.entries[other].roles[0].code != kb.entries[ident].roles[0].code:
            return None
        end = slash.end() if ident is not None else end
    return (end, kb.entries[ident]) if ident is not None else None


# ---- nationalities joined before one agent noun ---------------------------------------------------------------

_JOINER = re.compile(r"(?:,\s*|\s+(?:and|or|as well as)\s+|,\s*(?:and|or)\s+)$")


def coordinated_nationalities(table: Any) -> None:
    """"Sierra Leonean and Liberian refugees": a nationality joined to a country+agent phrase by "and",
    "or" or a comma shares its agent noun. The parser often leaves the first nationality outside the
    noun phrase (a proper noun of its own), so the phrase codes only the last one; this pass gives each
    such nationality its own actor (SLEREF beside LBRREF), as one phrase holding both would."""
    kb = table.knowledge_base()
    for actor in list(table.actors):
        role = actor.role or {}
        if actor.kb_id or not actor.code or not role.get("title") or role.get("from"):
            continue
        agent = kb.agents.get(key_of(role["title"]))
        if agent is None:
            continue
        for m in list(actor.mentions):
            first = table.matches_within(m.start, m.end)
            if not first or first[0].start != m.start or first[0].kind != "adjective":
                continue
            pos, nearest = m.start, True
            while True:
                joiner = _JOINER.search(table.text, max(0, pos - 16), pos)
                if joiner is None or nearest and not re.search(r"\b(?:and|or|as well as)\s+$", joiner.group()):
                    break  # "an American, Russian officials said": a list ends in "and" or "or"
                nearest = False
                before = [x for x in table.matches_containing(joiner.start() - 1, joiner.start())
                          if x.kind == "adjective" and x.end == joiner.start() and x.entry is not None]
                if not before or table.actor_at(before[0].start, before[0].end) is not None:
                    break
                country = before[0].entry.roles[0].code if before[0].entry.roles else None
                if not country or country == actor.country:
                    break
                table._compound(country, agent, role["title"], before[0].start, before[0].end)
                pos = before[0].start


# ---- a people of one country living in another ---------------------------------------------------------------

@lru_cache(maxsize=1)
def spread_groups() -> frozenset[str]:
    """Folded names of the groups of several states (``data/ethnic_groups.tsv`` rows with country "-"):
    no state of their own to lend, but people nouns all the same ("Iraqi Kurds")."""
    out: set[str] = set()
    for row in read_rows(DATA / "ethnic_groups.tsv", ["names", "country"]):
        if row["country"].strip() == "-":
            out |= {fold(n.strip()) for n in row["names"].split("|") if n.strip()}
    return frozenset(out)


def people_phrase(table: Any, chunk: Any, omap: Any) -> Any:
    """"Iraqi Kurds", "Albanians of southern Serbia", "Kurds in Iraq": a people noun (a plural demonym
    or the name of an ethnic group) with a country that is not the people's own codes the civilians of
    that country (IRQCVL, SRBCVL), as CAMEO codes a minority by where it lives. A people noun alone or
    with its own country ("Palestinians", "Liberian Liberians") is left to the country-word rules.
    Returns the actor made, if any."""
    kb = table.knowledge_base()
    root = chunk.root
    word = fold(root.text)
    own_id = kb.adjectives.get((word,))
    own = kb.entries.get(own_id or "")
    if own is not None and not (word.endswith("s") and own.kind in ("country", ETHNIC_KIND)):
        return None  # "Iraqi Kurdish": an adjective, not the people
    if own is None and word not in spread_groups():
        return None
    own_code = own.roles[0].code[:3] if own is not None and own.roles else None
    s, e = omap.span(chunk.start_char, chunk.end_char)
    rs, _re = omap.span(root.idx, root.idx + len(root.text))
    spans = [(s, rs)]
    end = e
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "from") and child.i > root.i:
            ps, pe = omap.span(child.idx, child.right_edge.idx + len(child.right_edge.text))
            spans.append((ps, pe))
            end = max(end, pe)
            break
    for a, b in spans:
        for m in table.matches_within(a, b):
            entry = m.entry
            if entry is None or not entry.roles or entry.kind not in ("country", "capital", "place", ETHNIC_KIND):
                continue
            code = entry.roles[0].code[:3]
            if kb.components.get(code) == "region" or code == own_code:
                continue
            agent = kb.agents.get(("civilians",))
            if agent is None:
                return None
            start, stop = table.strip_determiners(s, end)
            return table._compound(code, agent, "civilians", start, stop)
    return None


def only_country(table: Any) -> str | None:
    """The one country an article names (by name, demonym, capital or place), None when it names none
    or several: the country of a state title with no other country to go by."""
    found = [c for c in table.countries() if table.knowledge_base().components.get(c) == "country"]
    return found[0] if len(found) == 1 else None


def story_group_phrase(table: Any, start: int, end: int) -> Any:
    """"Kurdish rebels", "Moslem fundamentalist demonstrators", "Christian militiamen": a group of
    several states (``spread_groups``) with an agent noun and no country in the phrase is of the story's
    country, its dateline's or else the one country it names; without one it stays uncoded. Returns the
    actor made, if any."""
    words = [fold(table.text[a + start:b + start]) for a, b in tokenize(table.text[start:end])]
    if not any(w in spread_groups() for w in words[:-1]):
        return None  # the group word must qualify an agent noun: "Muslims" alone is no actor of a state
    if any(m.kind == "name" for m in table.matches_within(start, end)):
        return None  # "Islamic State militants": a named body says whose they are
    country, agent, head = table._parse_phrase(start, end)
    if country is not None or agent is None or head.split()[-1] != words[-1]:
        return None  # a country of its own, or the agent is no head ("Kurdish rebels' leader" is read elsewhere)
    if agent.sector[:3] == "CVL" and not agent.plural:
        return None  # "the Kurdish town of Afrin" is a place, not the story country's civilians
    # the dateline's country, or the only one named; not the country most coded actors belong to (a
    # Washington-heavy story about Islamists in Libya is no story of American Islamists)
    home = table.main_country() or only_country(table)
    if home is None or table.knowledge_base().components.get(home) != "country":
        return None  # a story "of" IMG or a region is no state
    return table._compound(home, agent, head, *table.strip_determiners(start, end))


def stacked_nationalities(text: str, matches: list[Any]) -> list[Any]:
    """The country matches of a phrase without those written right after another with nothing but a
    space between: "Bosnian Serb forces" are forces of Bosnia's Serbs (BIH), "Croatian Serb rebels" of
    Croatia's, not two states' forces as "Bosnian and Serbian forces" would be."""
    out: list[Any] = []
    for m in matches:
        if out and out[-1].kind == "adjective" and m.kind == "adjective" and text[out[-1].end:m.start] == " ":
            continue
        out.append(m)
    return out


@lru_cache(maxsize=1)
def mission_nouns() -> frozenset[str]:
    """Nouns naming a state's office abroad ("embassy", "consulate"): data/mission_nouns.txt."""
    return word_list(DATA / "mission_nouns.txt")


def home_state_of_group(table: Any, actor: Actor, state_sectors: Iterable[str], doer: bool = False) -> str | None:
    """The country an unnamed group ("demonstrators", "troops") takes from a state actor it faces in the
    same act: that of a government, police, army or court (news of protest and repression is mostly
    domestic), and that of a country acting on the group ("Vietnam holds 100 political prisoners", "the
    U.S. was deploying 1,000 troops"). A group that acts (``doer``) against a country named as a whole
    other than the story's own ("protesters reject growing Iranian influence" in a story from Baghdad)
    turns against a foreign one, and an embassy or consulate stands in another state's land ("militants
    besieged the U.S. Consulate" in Benghazi): neither says whose the group is."""
    if not actor.country or not (actor.sector in state_sectors or actor.code == actor.country):
        return None
    if doer and actor.code == actor.country and actor.country != (table.main_country() or only_country(table)):
        return None
    words = [fold(w) for w in actor.name.split()]
    if doer and words and words[-1] in mission_nouns():
        return None
    return actor.country
