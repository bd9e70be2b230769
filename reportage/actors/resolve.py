"""Per-document actor resolution: group mentions into actors and code them for the article's date.

Interface used by the attribution and event stages (keep it stable):

* ``resolve_actors(doc, text, omap, published) -> DocActors``
* ``DocActors.actor_at(start, end)``: the actor with a mention overlapping that original-text range
* ``DocActors.resolve_description(start, end)``: "the Russian president" -> actor, via the knowledge base
* ``DocActors.code_phrase(start, end)``: "the US delegation" -> a country+sector actor (USAGOV)
* ``DocActors.add_mention(actor, start, end)`` / ``DocActors.new_actor(...)`` / ``DocActors.by_name(name)``

How a document is resolved, cheapest first:

1. the knowledge-base gazetteer is matched over the text's tokens (hashed n-grams, longest first);
   one-word names of people ("Putin") count only where the NER saw a name or the person is named
   in full elsewhere in the article;
2. named entities the knowledge base does not know stay as uncoded actors with their NER type,
   grouped by name, surname and a transliteration key (Zelenskiy = Zelensky = Zelenskyy);
3. noun phrases made of a country and an agent noun ("the US delegation", "Ukrainian troops")
   become country+sector actors; titles ("the Russian president") join the person who held that
   role on the article's date when that person is in the article.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from reportage.actors.kb import (
    DATA,
    LEADER_ROLES,
    Agent,
    Entry,
    KnowledgeBase,
    fold,
    key_of,
    load_kb,
    read_rows,
    today,
    tokenize,
    word_list,
)
from reportage.actors.phrases import (
    ETHNIC_KIND,
    abbreviated,
    base_country,
    coordinated_nationalities,
    group_sector,
    hyphen_nationality,
    national_code,
    people_phrase,
    stacked_nationalities,
    story_group_phrase,
)
from reportage.actors.positions import Intervals
from reportage.dates import DAY_PREFIX as _DATE  # the one date check
from reportage.document import Actor, Span
from reportage.nlp import OffsetMap

_NER_TYPES = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
_SUPPORT = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
# NER labels that back a one-word name: the small model often tags a foreign surname as ORG, rarely as GPE
_PERSON_SUPPORT = {"PERSON", "ORG"}
_PLACE_SUPPORT = {"GPE", "LOC", "FAC"}
# lower-case words allowed inside a name ("Ursula von der Leyen", "Faisal bin Farhan")
_SMALL_WORDS = {"the", "of", "and", "for", "de", "du", "da", "der", "den", "van", "von", "al", "el", "la", "le",
                "bin", "ibn", "in", "on", "des", "di", "y"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "some",
                "any", "two", "three", "several", "many", "senior", "top"}
_ORG_DESCRIPTORS = {"alliance": "alliance", "bloc": "bloc", "union": "union", "cartel": "cartel",
                    "league": "league"}
_NUMBERS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens", "hundreds",
            "thousands", "scores", "nearly", "about", "at", "least", "more", "than", "some"}
_TRANSLIT = [(re.compile(r"(iy|yy|ii|y|i)$"), "y"), (re.compile(r"kh"), "h"), (re.compile(r"ou"), "u")]
_NAMES_DATA = Path(__file__).resolve().parents[1] / "data"
# words after a name that are not part of it ("Martin Luther King Jr.")
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# an Arabic article written onto a surname: "al-Sisi" is "Sisi"
_ARTICLE = re.compile(r"^(al|el|ad|ar|as|ash|at|az|ul)[-\u2010\u2011]")
# words before a title that say the person no longer holds it ("former Prime Minister Nawaz Sharif")
# a dateline at the start of a paragraph: "MOSCOW (Reuters) -", "KABUL, Afghanistan —"
_DATELINE = re.compile(r"(?:^|\n)\s*([A-Z][A-Z.'\- ]{2,30}(?:,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)*)?)"
                       r"\s*(?:\([^)\n]{1,30}\))?\s*[-\u2013\u2014]\s")
_FUNCTION = {"the", "a", "an", "of", "at", "in", "on", "for", "to", "by", "with", "and", "or", "from", "said",
             "says", "told", "that", "this", "his", "her", "its", "their", "as", "is", "was"}
_NON_SPACE = re.compile(r"\S")
# how far before a name a title is looked for ("the Russian president" -> "Russian President Vladimir Putin")
TITLE_CONTEXT_CHARS = 60
TITLE_CONTEXT_WORDS = 4
_NOT_NOW = {"former", "ex", "late", "then", "deposed", "ousted", "exiled", "previous", "onetime", "retired"}
# a word before a title that makes its bearer someone else than the office-holder: a deputy foreign
# minister is in the government but is not "the foreign minister" whom the base names
# what no person's name holds: a link, a handle or hashtag, a digit, an underscore (an editor's "[Yahya]
# Sinwar" is a name)
_NOT_A_NAME = re.compile(r"https?:|www\.|\.com\b|t\.co/|[@#_\d{}<>|/\\]")
_LATELY_YEARS = 3  # a bare surname may name someone who left office this many years before the article
_SUBORDINATE = {"deputy", "vice", "assistant", "under", "associate", "junior"}


def _tsv(path: Path) -> list[list[str]]:
    """Cells of a small TSV data file: '#' lines are comments, the first other line is the header."""
    if not path.exists():
        return []
    rows = [ln.split("\t") for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]
    return [[c.strip() for c in r] for r in rows[1:]]


@lru_cache(maxsize=1)
def honorifics() -> dict[str, str]:
    """Words written before a name and the gender they tell ("" when none): data/honorifics.tsv."""
    return {r[0].lower(): (r[1] if len(r) > 1 and r[1] != "-" else "") for r in _tsv(_NAMES_DATA / "honorifics.tsv")}


@lru_cache(maxsize=1)
def honorific_titles() -> dict[str, str]:
    """Abbreviated titles and the title they stand for ("sen" -> "senator"): data/honorifics.tsv."""
    return {r[0].lower(): r[2] for r in _tsv(_NAMES_DATA / "honorifics.tsv") if len(r) > 2 and r[2]}


@lru_cache(maxsize=1)
def nicknames() -> dict[str, list[str]]:
    """Short forms of first names and the full forms they stand for: data/nicknames.tsv."""
    return {r[0].lower(): [n for n in r[1].split("|") if n] for r in _tsv(_NAMES_DATA / "nicknames.tsv") if len(r) > 1}


@lru_cache(maxsize=1)
def _name_order() -> tuple[frozenset[str], frozenset[str]]:
    """Countries and common family names where the family name comes first: data/name_order.tsv."""
    rows = _tsv(_NAMES_DATA / "name_order.tsv")
    return (frozenset(r[1] for r in rows if r[0] == "country"),
            frozenset(r[1].lower() for r in rows if r[0] == "surname"))


# The name keys below are pure functions of a name, asked for every pair of a short name and a person of
# the article: cached, so that pairing costs a dictionary look-up (issue 12, linear time).
@lru_cache(maxsize=65536)
def surname_key(word: str) -> str:
    """The key a family name is compared by: transliteration variants and an Arabic article ignored."""
    return translit_key(_ARTICLE.sub("", fold(word)))


def name_words(name: str) -> list[str]:
    """The folded words of a person's name without honorifics before it or suffixes after it."""
    return list(_name_words(name))


@lru_cache(maxsize=65536)
def _name_words(name: str) -> tuple[str, ...]:
    words = [fold(name[a:b]) for a, b in tokenize(name)]
    hon = honorifics()
    while len(words) > 1 and words[0] in hon:
        words = words[1:]
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words = words[:-1]
    return tuple(words)


@lru_cache(maxsize=65536)
def short_keys(name: str, country: str | None) -> Mapping[str, int]:
    """The short names a full name is referred to by, with a rank (0: the family name, 1: a weaker guess).

    "Donald Trump" -> trump; "Xi Jinping" (CHN) -> xi; "Kim Jong Un" (unknown to the base) -> kim, and
    un as a weak guess; "Mohammed bin Salman" -> salman and the initials mbs.
    """
    words = _name_words(name)
    if len(words) < 2:
        return MappingProxyType({surname_key(words[0]): 0} if words else {})  # "King Salman" is "Salman"
    countries, surnames = _name_order()
    out: dict[str, int] = {}
    # "Salman bin Abdulaziz" is King Salman: after bin/ibn comes the father's name, not a family name
    patronymic = any(w in ("bin", "ibn", "bint") for w in words[1:-1])
    first_family = (country or "")[:3] in countries or (not country and words[0] in surnames) or patronymic
    if first_family:
        out[surname_key(words[0])] = 0
    out.setdefault(surname_key(words[-1]), 1 if first_family else 0)
    initials = "".join(w[0] for w in words if w)
    if len(initials) >= 2:
        out.setdefault("=" + initials, 1)
    return MappingProxyType(out)  # cached: read-only


@lru_cache(maxsize=65536)
def translit_key(name: str) -> str:
    """A loose key for transliteration variants of one name: Zelenskiy, Zelenskyy, Zelensky -> zelensky."""
    k = re.sub(r"[^a-z]", "", fold(name))
    for pat, rep in _TRANSLIT:
        k = pat.sub(rep, k)
    return k


@dataclass(slots=True)
class _Match:
    start: int
    end: int
    entry: Entry | None  # None for a demonym without entry
    kind: str  # name | adjective
    label: str | None = None  # NER label of an overlapping entity
    weak: bool = False  # a one-word name accepted on NER support alone, not named in full in the article


@dataclass
class DocActors:
    """The actors of one document and the typed interface every later stage uses to read and extend them."""

    text: str
    published: str | None = None
    actors: list[Actor] = field(default_factory=list)
    _by_key: dict[str, Actor] = field(default_factory=dict)
    day: str = ""
    day_source: str = "published"  # published | titles (inferred from the text) | today
    kb: KnowledgeBase | None = None
    _by_kb: dict[str, Actor] = field(default_factory=dict)
    _matches: list[_Match] = field(default_factory=list)
    version: int = 0  # grows with every new actor or mention: callers caching actor_at answers check it
    _gender: dict[int, tuple[int, str]] = field(default_factory=dict)
    # every mention by position, so that position questions do not scan the table (issue 12: linear time)
    _mentions: Intervals[Actor] = field(default_factory=Intervals)
    # word -> actors whose name, or a named or described mention, carries it (``introduced``'s candidates)
    _word_actors: dict[str, dict[int, Actor]] = field(default_factory=dict)
    _mention_words: dict[tuple[int, int], frozenset[str]] = field(default_factory=dict)
    # word -> (actor, mention) pairs with that word among the few written before the mention (``title_context``)
    _context_index: dict[str, list[tuple[Actor, Span]]] = field(default_factory=dict)
    _position: dict[int, int] = field(default_factory=dict)  # id(actor) -> index in ``actors``
    _match_index: Intervals[_Match] | None = None
    _countries: tuple[int, int, Counter[str]] | None = None

    def __post_init__(self) -> None:
        for actor in self.actors:  # a table built with actors already in it
            self._indexed(actor)
            for m in actor.mentions:
                self._index_mention(actor, m)

    # ---- position indexes (kept in step by every method that adds an actor or a mention) ------------
    def _indexed(self, actor: Actor) -> None:
        self._position[id(actor)] = len(self._position)
        for w in key_of(actor.name):
            self._word_actor(w, actor)

    def _word_actor(self, word: str, actor: Actor) -> None:
        self._word_actors.setdefault(word, {})[id(actor)] = actor

    def _index_mention(self, actor: Actor, m: Span) -> None:
        self._mentions.add(m.start, m.end, actor)
        words = self._words_of(m)
        for w in words:
            self._word_actor(w, actor)
        for w in set(self.title_context(m.start)):
            self._context_index.setdefault(w, []).append((actor, m))

    def title_context(self, start: int) -> list[str]:
        """The last words (lower case) written in the characters before ``start``: where a title stands
        before a name ("Russian President Vladimir Putin")."""
        return self.text[max(0, start - TITLE_CONTEXT_CHARS):start].lower().split()[-TITLE_CONTEXT_WORDS:]

    def mentions_after_words(self, words: Iterable[str]) -> list[tuple[Actor, Span]]:
        """(actor, mention) pairs with any of ``words`` in their ``title_context``, in table order."""
        found: dict[tuple[int, int, int], tuple[Actor, Span]] = {}
        for w in words:
            for actor, m in self._context_index.get(w, ()):
                found[(id(actor), m.start, m.end)] = (actor, m)
        return sorted(found.values(), key=lambda am: self._position.get(id(am[0]), len(self._position)))

    def _words_of(self, m: Span) -> frozenset[str]:
        """The words a mention lends its actor for ``introduced``: a name or description's own words and
        the words written right before it ("spokesman Geng Shuang"); none for a pronoun."""
        key = (m.start, m.end)
        words = self._mention_words.get(key)
        if words is None:
            if m.text[:1].isupper() or m.text.lower().startswith(("the ", "a ", "an ")):
                words = frozenset(key_of(m.text)) | frozenset(_apposed(self.text, m.start))
            else:
                words = frozenset()
            self._mention_words[key] = words
        return words

    def reorder(self) -> None:
        """Note a new order of ``actors`` (``_renumber``): ties between actors go to the first in the list."""
        self._position = {id(a): i for i, a in enumerate(self.actors)}

    def first_of(self, actors: Iterable[Actor]) -> Actor:
        """The actor that comes first in ``actors`` order, the one a scan of the table would find first."""
        return min(actors, key=lambda a: self._position.get(id(a), len(self._position)))

    def matches_within(self, start: int, end: int) -> list[_Match]:
        """Gazetteer matches inside [start, end), in text order."""
        return [m for _s, _e, m in self._matches_index().within(start, end)]

    def matches_containing(self, start: int, end: int) -> list[_Match]:
        """Gazetteer matches that contain [start, end), in text order."""
        return [m for _s, _e, m in self._matches_index().containing(start, end)]

    def _matches_index(self) -> Intervals[_Match]:
        if self._match_index is None or len(self._match_index) != len(self._matches):
            self._match_index = Intervals((m.start, m.end, m) for m in self._matches)
        return self._match_index

    # ---- the stable interface ---------------------------------------------------------------
    def new_actor(self, name: str, start: int, end: int, type_: str | None = None, **codes: Any) -> Actor:
        actor = Actor(id=f"A{len(self.actors) + 1}", name=name, type=type_, **codes)
        actor.mentions.append(Span.of(self.text, start, end))
        self.actors.append(actor)
        self._indexed(actor)
        self._index_mention(actor, actor.mentions[0])
        self._by_key.setdefault(_key(name), actor)
        if actor.kb_id:
            self._by_kb.setdefault(actor.kb_id, actor)
        self.version += 1
        return actor

    def add_mention(self, actor: Actor, start: int, end: int) -> None:
        span = Span.of(self.text, start, end)
        if all(not (m.start == start and m.end == end) for m in actor.mentions):
            actor.mentions.append(span)
            self._index_mention(actor, span)
            self.version += 1

    def merge(self, gone: Actor, keep: Actor) -> None:
        """``gone`` is ``keep`` under another name: its mentions become ``keep``'s, it leaves the table and
        every index, and names or descriptions that led to it lead to ``keep``."""
        for m in gone.mentions:
            self.add_mention(keep, m.start, m.end)
        self.actors = [a for a in self.actors if a is not gone]
        self._mentions = Intervals((s, e, a) for s, e, a in self._mentions.within(0, len(self.text) + 1)
                                   if a is not gone)
        for table in self._word_actors.values():
            table.pop(id(gone), None)
        for w, pairs in self._context_index.items():
            self._context_index[w] = [(a, m) for a, m in pairs if a is not gone]
        for index in (self._by_kb, self._by_key):
            for key, a in list(index.items()):
                if a is gone:
                    index[key] = keep
        self.reorder()
        self.version += 1

    def actor_at(self, start: int, end: int) -> Actor | None:
        """The actor with a mention overlapping [start, end); the widest such mention wins (between
        actors with equally wide mentions, the first in the table)."""
        found = self._mentions.overlapping(start, end)
        if not found:
            return None
        widest = max(e - s for s, e, _ in found)
        top = [a for s, e, a in found if e - s == widest]
        return top[0] if all(a is top[0] for a in top) else self.first_of(top)

    def by_id(self, actor_id: str | None) -> Actor | None:
        """The actor with this id (ids are final once the table is built)."""
        return next((a for a in self.actors if a.id == actor_id), None) if actor_id else None

    def mentions_before(self, pos: int, floor: int = 0) -> Iterator[tuple[Actor, Span]]:
        """(actor, mention) pairs of mentions ending at or before ``pos`` and starting at or after ``floor``
        (in table order: a scan of every mention; :meth:`nearest_before` is the bounded question)."""
        for actor in self.actors:
            for m in actor.mentions:
                if floor <= m.start and m.end <= pos:
                    yield actor, m

    def nearest_before(self, pos: int, floor: int, accept: Callable[[Actor], bool]) -> tuple[int, Actor] | None:
        """(start, actor) of the latest-starting mention in [floor, pos] whose actor ``accept`` takes; between
        actors with mentions at that start, the first in the table. Walks back from ``pos`` and stops
        at the first answer, instead of testing every mention of the article."""
        found: list[Actor] = []
        at = -1
        for s, _e, actor in self._mentions.backwards(pos, floor):
            if found and s != at:
                break
            if accept(actor):
                found.append(actor)
                at = s
        if not found:
            return None
        return at, found[0] if len(found) == 1 else self.first_of(found)

    def mentions_within(self, start: int, end: int) -> list[tuple[int, int, Actor]]:
        """(start, end, actor) of the mentions inside [start, end), by start."""
        return self._mentions.within(start, end)

    def actors_within(self, start: int, end: int) -> list[Actor]:
        """Actors with a mention inside [start, end), in table order."""
        inside = {id(a): a for _s, _e, a in self._mentions.within(start, end)}
        return sorted(inside.values(), key=lambda a: self._position.get(id(a), len(self._position)))

    def entry(self, actor: Actor) -> Entry | None:
        """The knowledge-base entry an actor was coded from, if any."""
        return self.knowledge_base().entries.get(actor.kb_id or "")

    def gender(self, actor: Actor) -> str:
        """male | female | "" (unknown): from the base, an honorific before a name mention ("Mr Zarif",
        "spokeswoman Hua Chunying"), else the first name's usual gender (``KnowledgeBase.guess_gender``)."""
        if actor.type != "PERSON":
            return ""
        cached = self._gender.get(id(actor))  # ids are renumbered: keyed by object
        if cached is not None and cached[0] == len(actor.mentions):
            return cached[1]
        entry = self.entry(actor)
        found = entry.gender if entry is not None and entry.gender else ""
        hon = honorifics()
        if not found:
            for m in actor.mentions:
                if not m.text[:1].isupper():
                    continue  # a pronoun mention tells nothing
                window = self.text[max(0, m.start - 25):m.start]
                before = [fold(window[a:b]) for a, b in tokenize(window)]
                if before and hon.get(before[-1]):
                    found = hon[before[-1]]
                    break
        if not found:
            words = name_words(actor.name)
            if len(words) > 1:
                found = self.knowledge_base().guess_gender(" ".join(words))  # the first name among office-holders
        self._gender[id(actor)] = (len(actor.mentions), found)
        return found

    def introduced(self, head: str, modifiers: list[str], before: int, person: bool) -> Actor | None:
        """The latest actor before ``before`` that the article introduced with this head noun ("the ministry"
        -> "Chile's Ministry of Mines"; "the spokesman" -> "spokesman Geng Shuang"; "the army" -> "the
        Syrian army"), every modifier of the description ("the militant group") among its words too.
        A person only when one person of the article fits."""
        best: tuple[int, Actor] | None = None
        # only actors that carry the head word somewhere can pass: the others are not looked at
        holders = {**self._word_actors.get(head, {}), **self._word_actors.get(head + "s", {})}
        for actor in sorted(holders.values(), key=lambda a: self._position.get(id(a), len(self._position))):
            if (actor.type == "PERSON") != person or actor.type in ("GPE", "LOC"):
                continue
            words = set(key_of(actor.name))
            latest = -1
            for m in actor.mentions:
                if m.end > before:
                    continue
                words.update(self._words_of(m))
                latest = max(latest, m.start)
            if latest < 0 or head not in words and head + "s" not in words:
                continue
            if any(fold(w) not in words for w in modifiers):
                continue
            if best is not None and person:
                return None  # "the president" after President Trump and President Xi: left to the base
            if best is None or latest > best[0]:
                best = (latest, actor)
        return best[1] if best else None

    def strip_determiners(self, start: int, end: int) -> tuple[int, int]:
        """The range without leading determiners and numbers or trailing punctuation."""
        return _strip_det(self.text, start, end)

    def agent_sector(self, word: str) -> str | None:
        """The sector the base gives an agent noun ("refugees" -> REF), None when it is not one."""
        agent = self.knowledge_base().agents.get(key_of(word))
        return agent.sector if agent is not None else None

    def countries(self) -> Counter[str]:
        """How often each country is named in the article (country names, demonyms, capitals, places)."""
        if self._countries is None or self._countries[:2] != (id(self._matches), len(self._matches)):
            out: Counter[str] = Counter()
            for m in self._matches:
                if m.entry is not None and m.entry.kind != "actor":
                    code = _country_code(m.entry)
                    if code and not m.entry.id.startswith("region:"):
                        out[code[:3]] += 1
            self._countries = (id(self._matches), len(self._matches), out)  # asked once per short name
        return Counter(self._countries[2])

    def main_country(self) -> str | None:
        """The country of the article's dateline ("MOSCOW (Reuters) -"), None without one.

        How often countries are named is no guide (a Washington story names Russia more often than
        the United States), so only the dateline says where the story is told from.
        """
        m = _DATELINE.search(self.text[:800])
        if m is None:
            return None
        for match in self.matches_within(m.start(1), m.end(1)):  # by position: asked once per body and title
            if match.entry is not None and match.entry.kind != "actor":
                code = _country_code(match.entry)
                if code:
                    return code[:3]
        return None

    def home_country(self) -> str | None:
        """The country a story is set in: its dateline's, else the country of more than half of the mentions
        of coded actors (a Washington story about Congress mentions Trump, the White House, the
        Pentagon). Used for bare bodies ("Congress", "the Interior Ministry") and state titles without
        a country ("Finance Minister Anton Siluanov")."""
        dateline = self.main_country()
        if dateline:
            return dateline
        counts: Counter[str] = Counter()
        regions = self.knowledge_base().components
        for actor in self.actors:
            if actor.country and actor.code and regions.get(actor.country) != "region":
                counts[actor.country] += len(actor.mentions)  # "the Middle East" is no story's country
        if not counts:
            return None
        top, n = counts.most_common(1)[0]
        return top if n >= 3 and n * 2 > sum(counts.values()) else None

    def by_name(self, name: str) -> Actor | None:
        return self._by_key.get(_key(name))

    def resolve_description(self, start: int, end: int) -> Actor | None:
        """Resolve "the Russian president", "the alliance", "the US delegation" to an actor, adding the mention.

        A title with a country goes to the person the knowledge base says held that role on the
        article's date (the one already in the article if any); an organisation noun goes to the
        organisation of that kind named in the article; a country with an agent noun becomes a
        country+sector actor.
        """
        kb = self.knowledge_base()
        start, end = _strip_det(self.text, start, end)
        if end <= start:
            return None
        found = self.actor_at(start, end)
        if found is not None and found.code and any(m.start <= start and end <= m.end for m in found.mentions):
            return found  # already an actor mention (a country inside the phrase does not count)
        country, agent, head = self._parse_phrase(start, end)
        if agent is None and head in _ORG_DESCRIPTORS:
            org = self._org_in_doc(head)
            if org is not None:
                self.add_mention(org, start, end)
            return org
        if agent is None:
            return None
        if agent.role and country and not agent.plural:
            holders = kb.holder(country, agent.role, self.day)
            in_doc = [(e, r) for e, r in holders if e.id in self._by_kb]
            pick = in_doc or holders
            if len(pick) == 1 or (pick and agent.role == "leader"):
                entry, _ = pick[0]
                actor = self._by_kb.get(entry.id)
                if actor is None:
                    actor = self._actor_for_entry(entry, start, end)
                else:
                    self.add_mention(actor, start, end)
                return actor
        if country:
            return self._compound(country, agent, head, start, end)
        return None

    def code_phrase(self, start: int, end: int) -> Actor | None:
        """Code a noun phrase of a country and an agent noun ("Ukrainian troops" -> UKRMIL) as an actor."""
        start, end = _strip_det(self.text, start, end)
        country, agent, head = self._parse_phrase(start, end)
        if country and agent:
            return self._compound(country, agent, head, start, end)
        if country and not agent:
            # a bare country word ("Israeli", "Palestinians"): the country itself
            kb = self.knowledge_base()
            ident = kb.country_ids.get(country)
            if ident:
                actor = self._by_kb.get(ident)
                if actor is None:
                    return self._actor_for_entry(kb.entries[ident], start, end)
                self.add_mention(actor, start, end)
                return actor
        return None

    # ---- internals ----------------------------------------------------------------------------
    def _same_person(self, name: str) -> Actor | None:
        """A person already in the table under a compatible full name: "Kim Jong-un" = "Kim Jong Un",
        "Vladimir V. Putin" = "Vladimir Putin"; "Salah Khashoggi" is not "Jamal Khashoggi"."""
        words = name_words(name)
        full = translit_key(" ".join(words))
        for actor in self.actors:
            if actor.type != "PERSON":
                continue
            other = name_words(actor.name)
            if len(other) < 2:
                continue
            if translit_key(" ".join(other)) == full:
                return actor
            if surname_key(other[-1]) != surname_key(words[-1]):
                continue
            a, b = words[0], other[0]
            if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
                return actor
        return None

    def _short_name(self, word: str) -> Actor | None:
        """The person of the article a one-word name stands for ("Xi" -> Xi Jinping, "MbS" -> Mohammed bin Salman).

        Family names come first (rank 0), then weaker keys; among people who share the name, the one
        named first in the article.
        """
        key = surname_key(word)
        acro = "=" + fold(word) if 2 <= len(word) <= 5 and sum(c.isupper() for c in word) >= 2 else None
        cands: list[tuple[int, Actor]] = []
        for actor in self.actors:
            if actor.type != "PERSON":
                continue
            keys = short_keys(actor.name, actor.country)
            rank = keys.get(key)
            if rank is None and acro:
                rank = keys.get(acro)
            if rank is not None:
                cands.append((rank, actor))
        if not cands:
            return None
        top = min(r for r, _ in cands)
        people = [a for r, a in cands if r == top]
        # several people of the article share the name: the one it introduced first is the one its
        # bare surname means ("Khashoggi" is Jamal, not his son Salah Khashoggi named later)
        return min(people, key=lambda a: min(m.start for m in a.mentions))

    def _surname_entry(self, word: str, hint: Entry | None) -> Entry | None:
        """The one person of the base a surname alone can mean in this article, else None.

        Candidates are the people with this family name (and the owner of the name as an alias) who
        hold a role on the article's date (``_in_role``). The curated owner of the name wins; other
        candidates must be curated or of a country the article names; when several are left, those
        of a named country, then a sole head of state or government. Never a guess between equals: a dead statesman does not take the surname of an
        unknown witness ("Schmidt" in 2018 is not Helmut Schmidt), two US ministers called Warren
        leave "Warren" uncoded.
        """
        kb = self.knowledge_base()
        ids = list(kb.surnames.get(fold(word), []))
        if hint is not None and hint.id not in ids:
            ids.append(hint.id)
        people = [kb.entries[i] for i in ids if kb.entries[i].type == "PERSON"]
        likely = [e for e in people if _in_role(e, self.day)]
        if hint is not None and hint in likely and hint.source == "curated":
            return hint  # the curated owner of the name: "Trump" is Donald Trump, not Ivanka Trump
        here = set(self.countries())

        def local(e: Entry) -> bool:
            return any(r.code[:3] in here for r in e.roles if r.covers(self.day))

        # among tens of thousands of office-holders a bare surname is rarely a minor one abroad: a
        # person from outside the curated list must belong to a country the article names
        likely = [e for e in likely if e.source == "curated" or local(e)]
        if len(likely) > 1:
            likely = [e for e in likely if local(e)]
        if len(likely) > 1:
            # a head of state or government outranks the others of the name ("Obama" in 2015)
            likely = [e for e in likely if any(r.role in LEADER_ROLES for r in e.roles if r.dated and r.covers(self.day))]
        if not likely and not any(_in_role(e, self.day) for e in people):
            likely = [e for e in people if self._lately_left(e, here)]
        return likely[0] if len(likely) == 1 else None

    def _lately_left(self, entry: Entry, here: set[str]) -> bool:
        """Whether a person left a national office of a country the article names in the
        ``_LATELY_YEARS`` years before its date: "Mr. Tillerson" in June 2018, three months after he left
        the State Department, is still news about him. Only when nobody of the name holds an office that
        day (an office-holder is whom a bare surname means first), and only one such person may be left."""
        day = self.day
        floor = f"{int(day[:4]) - _LATELY_YEARS:04d}{day[4:]}"
        if self.knowledge_base().first_names.get(fold(name_words(entry.name)[-1] if name_words(entry.name) else "")):
            return False  # "the prophet Muhammad" is no Iraqi minister: a word that is also a first name
        return any(r.dated and r.end is not None and floor <= r.end <= day and (r.start or "") < day
                   and r.code[:3] in here and r.role  # a named office (a minister, a head), not any post
                   and not r.title.endswith(")")  # "(Scotland)": sub-national
                   for r in entry.roles)

    def _link_short(self, s: int, e: int, label: str, hint: Entry | None, unknown: dict[str, Actor],
                    places: set[str]) -> Actor | None:
        """Give a one-word name its actor: a full name of the article, else a titled or unique surname of
        the base, else an uncoded actor shared by the same word (returned when it is new)."""
        word = self.text[s:e]
        actor = self._short_name(word)
        if actor is None and (label == "PERSON" or hint is not None) and fold(word) not in places:
            entry = _titled_surname(self.knowledge_base(), self.text, s, word, self.day, hint) if label == "PERSON" else None
            entry = entry or self._surname_entry(word, hint)
            if entry is not None:
                actor = self._by_kb.get(entry.id) or self._actor_for_entry(entry, s, e, label)
        if actor is None:
            actor = self.by_name(word) or unknown.get(surname_key(word))
        if actor is None:
            actor = self.new_actor(word, s, e, label if hint is None else "PERSON")
            if actor.type == "PERSON":
                unknown[surname_key(word)] = actor
            return actor
        self.add_mention(actor, s, e)
        return None

    def _code_body(self, actor: Actor, start: int, end: int) -> None:
        """Code a named body the base lacks from its agent noun and country: "Chile's Ministry of Mines"
        -> CHLGOV, "the Interior Ministry" of a Russia article -> RUSGOV. The country is the one in
        the name or written just before it ("Chile's"), else the story's (``home_country``)."""
        pre = start
        if self.text[max(0, start - 3):start].rstrip().endswith(("'s", "\u2019s")):
            m = re.search(r"([A-Z][\w.-]*(?: [A-Z][\w.-]*)*)['\u2019]s\s*$", self.text[max(0, start - 40):start])
            if m:
                pre = start - len(m.group(0))
        country, agent, head = self._parse_phrase(pre, end)
        if country and set(key_of(self.text[pre:end])) & country_homonyms():
            return  # "the University of Georgia" is in the American state, not the country
        bare = tuple(w for w in key_of(self.text[start:end]) if w != "the")
        if pre == start and not country and self._home_body(actor, bare):
            return
        if agent is None or agent.role or agent.plural:
            return  # a body's name ends in its kind ("Ministry of Mines"); a title names a person
        if not country:
            # only a bare kind ("Congress", "the Senate", "Army") is the story's country's own body;
            # "Communist Party Congress" or "Harvard Law School" names more than the country says
            if tuple(w for w in key_of(self.text[start:end]) if w != "the") != tuple(head.split()):
                return
            country = self.home_country()
        if not country:
            return
        sector = agent.sector[:3]
        code = country + sector if not country.endswith(sector) else country
        if not self.knowledge_base().valid_code(code):
            return
        code_actor(self.knowledge_base(), actor, code, "name in the text", title=head)
        if pre < start:
            self.add_mention(actor, pre, end)  # "Israel's Cabinet" is one mention

    def _home_body(self, actor: Actor, bare: tuple[str, ...]) -> bool:
        """Code a body named only by what it is in the story's country (``data/home_bodies.tsv``): "the
        House" and "the Justice Department" of an American story, "Republicans" only in an American
        story. Returns whether it coded the actor."""
        name = " ".join(bare)
        kinds = home_bodies()
        row = kinds.get(name)
        if row is None and len(bare) > 1 and bare[-1] in ("department", "ministry", "office"):
            row = kinds.get(" ".join(bare[:-1]))
            row = row if row and row[0] == "portfolio" else None
        elif row is not None and row[0] == "portfolio":
            row = None  # "Justice" alone is no body
        if row is None and len(bare) > 2 and bare[0] in ("house", "senate") and {"committee", "subcommittee"} & set(bare):
            row = ("body", "LEG", "")  # "the House Judiciary Committee": a committee of the story's legislature
        if row is None:
            return False
        kind, sector, wanted = row
        home = self.home_country()
        if not home or (wanted and home != wanted):
            return False
        code = home + sector
        if not self.knowledge_base().valid_code(code):
            return False
        code_actor(self.knowledge_base(), actor, code, "name in the text", title=name)
        return True

    def knowledge_base(self) -> KnowledgeBase:
        """The base this article is resolved against (the shipped one, or a user overlay), loaded on first
        use; the stages after resolution (places, events, self-references) ask it through here too."""
        if self.kb is None:
            self.kb = load_kb()
        return self.kb

    def _parse_phrase(self, start: int, end: int) -> tuple[str | None, Agent | None, str]:
        """(country code, agent, head word) of a phrase such as "the US delegation to the summit"."""
        kb = self.knowledge_base()
        toks = [(s + start, e + start) for s, e in tokenize(self.text[start:end])]
        words = [fold(self.text[s:e]) for s, e in toks]
        country = None
        for m in self.matches_within(start, end):
            if _JOINED_WORD.match(self.text, m.end):
                continue
            code = _country_code(m.entry)
            if code:
                country = code
                break
        if country is None:
            # words inside a named body of the text ("National Security Council") are its name, not a
            # country's or organisation's ("Security Council")
            bodies = [(ms, me) for ms, me, a in self.mentions_within(start, end)
                      if a.type not in ("PERSON", "GPE", "LOC") and me > ms]
            for i in range(len(words)):
                if any(a <= toks[i][0] < b for a, b in bodies) or _JOINED_WORD.match(self.text, toks[i][1]):
                    continue
                for n in (3, 2, 1):
                    key = tuple(words[i:i + n])
                    ident = kb.aliases.get(key) or kb.adjectives.get(key)
                    if ident and len(key) == n and self.text[toks[i][0]].isupper():
                        code = _country_code(kb.entries[ident])
                        if code:
                            country = code
                            break
                if country:
                    break
        # the agent noun: the longest agent phrase; in "X of Y" / "X to Y" only before the preposition
        cut = len(words)
        for i, w in enumerate(words):
            if w in ("of", "to", "in", "from", "at", "for", "with") and i > 0:
                cut = i
                break
        agent, head = None, words[cut - 1] if cut else ""
        named = [(m.start, m.end) for m in self.matches_within(start, end) if m.kind == "name"]
        for i in range(cut):
            if any(a <= toks[i][0] < b for a, b in named):
                continue  # "States" in "the United States" is part of a name, not an agent noun
            for n in range(min(kb.max_agent_len, cut - i), 0, -1):
                a = kb.agents.get(tuple(words[i:i + n]))
                if a is not None and i + n == cut:
                    if a.role and i > 0 and words[i - 1] in _SUBORDINATE:
                        a = Agent(a.sector, "", a.plural)
                    agent, head = a, " ".join(words[i:i + n])
                    break
            if agent:
                break
        return country, agent, head

    def _org_in_doc(self, descriptor: str) -> Actor | None:
        kb = self.knowledge_base()
        role = _ORG_DESCRIPTORS.get(descriptor)
        for actor in self.actors:
            entry = kb.entries.get(actor.kb_id or "")
            if entry is None or entry.type == "PERSON" or entry.kind != "actor":
                continue
            if role is None and (actor.code or "").startswith("IGO"):
                return actor
            if role and any(r.role == role for r in entry.roles):
                return actor
        return None

    def _actor_for_entry(self, entry: Entry, start: int, end: int, ner: str | None = None) -> Actor:
        role = entry.role_at(self.day)
        code = role.code if role else None
        kb = self.knowledge_base()
        if entry.kind == "actor" and entry.type != "PERSON":
            code = national_code(kb, entry.name, code)  # "Palestinian Islamic Jihad": PSE, not the region MEA
        typ = entry.type or ner or ("GPE" if entry.kind != "actor" else None)
        if entry.kind == "actor" and typ == "GPE" and ner in ("PERSON", "ORG"):
            typ = ner
        actor = self.new_actor(entry.name, start, end, typ, code=code, country=code[:3] if code else None,
                               sector=kb.sector_of(code), kb_id=entry.id,
                               role=role.to_json() if role and (role.dated or role.title) else None)
        self._by_kb[entry.id] = actor
        return actor

    def _compound(self, country: str, agent: Agent, head: str, start: int, end: int) -> Actor:
        # "Yoruba leaders": a group's leaders are its elite, not the state's government (phrases.py);
        # not when a state is written too ("India's Hindu nationalist-led government")
        sector = agent.sector[:3]
        if not any(m.entry is not None and m.entry.kind in ("country", "capital", "place")
                   for m in self.matches_within(start, end)):
            sector = group_sector(self.knowledge_base(), [fold(self.text[a + start:b + start])
                                               for a, b in tokenize(self.text[start:end])], sector)
        code = country + sector if not country.endswith(sector) else country
        if not self.knowledge_base().valid_code(code):
            code = country
        key = f"np:{code}:{head}"
        actor = self._by_kb.get(key)
        if actor is None:
            # a title names one person ("the Russian president"); other agent nouns name a group
            typ = "PERSON" if agent.role and not agent.plural else "ORG"
            actor = self.new_actor(self.text[start:end], start, end, typ, code=code, country=country[:3],
                                   sector=self.knowledge_base().sector_of(code), kb_id=None)
            actor.role = {"code": code, "start": None, "end": None, "title": head, "role": agent.role or None}
            self._by_kb[key] = actor
        else:
            self.add_mention(actor, start, end)
        return actor


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def _strip_det(text: str, start: int, end: int) -> tuple[int, int]:
    while True:
        m = re.match(r"\s*([A-Za-z]+)\s+", text[start:end])
        if m and (m.group(1).lower() in _DETERMINERS or m.group(1).lower() in _NUMBERS):
            start += m.end()
            continue
        break
    while end > start and text[end - 1] in " \t\n,.;:":
        end -= 1
    return start, end


def _country_code(entry: Entry | None) -> str | None:
    """The code a country, capital, place or organisation lends to an agent noun ("Kremlin officials")."""
    if entry is None or not entry.roles or entry.type == "PERSON":
        return None
    code = entry.roles[0].code
    if entry.kind in ("country", "capital", "place", ETHNIC_KIND):
        return code
    if code.startswith(("IGO", "NGO")):
        return code
    return None


def _day(published: str | None) -> str:
    if published and _DATE.match(published):
        return published[:10]
    return today()


def infer_day(kb: KnowledgeBase, text: str, matches: list[_Match], default: str) -> str | None:
    """A date the article's titles fit, when it has none: "President of the country, Joe Biden" -> 2021-2025.

    Every known person named right after a title ("Russian President Vladimir Putin", "the President
    of the country, Joe Biden") narrows the period to the dates the knowledge base gives that person
    for that role; the latest day of the common period (not after ``default``, today) is returned,
    or None when there is no title evidence or the evidence disagrees.
    """
    lo, hi, seen = "0000-01-01", "9999-12-31", False
    for m in matches:
        if m.entry is None or m.entry.type != "PERSON":
            continue
        before = text[max(0, m.start - 60):m.start]
        before = re.split(r"[.!?\n]", before)[-1]
        words = [fold(before[a:b]) for a, b in tokenize(before)][-6:]
        if any(w in _NOT_NOW for w in words):
            continue  # "ousted president Jean-Bertrand Aristide" dates nothing
        wanted = set()
        for i in range(len(words)):
            for n in (3, 2, 1):
                agent = kb.agents.get(tuple(words[i:i + n]))
                if agent is not None and agent.role:
                    wanted.add(agent.role)
        if not wanted:
            continue
        roles = [r for r in m.entry.roles if r.dated and (r.role in wanted or ("leader" in wanted and r.role in
                                                                                 ("president", "prime_minister",
                                                                                  "chancellor", "supreme_leader")))]
        if not roles:
            continue
        # the person held one of these roles: the union of their periods bounds the article date
        r_lo = min(r.start or "0000-01-01" for r in roles)
        r_hi = max(r.end or "9999-12-31" for r in roles)
        lo, hi, seen = max(lo, r_lo), min(hi, r_hi), True
    if not seen or lo >= hi:
        return None
    if hi > default:
        return default if lo <= default else None
    from datetime import date, timedelta

    return (date.fromisoformat(hi) - timedelta(days=1)).isoformat()


def _gazetteer(kb: KnowledgeBase, text: str, ents: list[tuple[int, int, str]]) -> list[_Match]:
    """Longest-first knowledge-base matches over the text tokens; weak one-word names need NER support."""
    toks = tokenize(text)
    folded = [fold(text[s:e]) for s, e in toks]
    n = len(toks)
    # tokens i and i+1 can belong to one name only if plain spaces separate them
    glue = [text[toks[i][1]:toks[i + 1][0]] in (" ", "") for i in range(n - 1)] + [False]
    ent_at: dict[int, str] = {}
    ent_span: dict[int, tuple[int, int]] = {}
    for s, e, label in ents:
        for i in range(s, e):
            ent_at[i] = label
            ent_span[i] = (s, e)
    strong: set[str] = set()
    pending: list[tuple[int, int, str]] = []  # weak one-word person names: decided after the scan
    out: list[_Match] = []
    i = 0
    while i < n:
        hit = None
        limit = 1
        while limit < kb.max_len and i + limit < n and glue[i + limit - 1]:
            limit += 1
        for size in range(limit, 0, -1):
            key = tuple(folded[i:i + size])
            ident = kb.aliases.get(key)
            kind = "name"
            if ident is None and size <= 3:
                ident = kb.adjectives.get(key)
                kind = "adjective"
            if ident is None:
                continue
            s, e = toks[i][0], toks[i + size - 1][1]
            surface = text[s:e]
            if not all(text[a].isupper() or text[a].isdigit() or folded[j] in _SMALL_WORDS or b - a <= 3
                       or _particle_name(text[a:b])  # "al-Assad", "el-Sisi", "bin-Salman"
                       or (j > i and (folded[j],) in kb.agents)  # "Bush administration"
                       for j, (a, b) in enumerate(toks[i:i + size], i)) or not text[toks[i][0]].isupper() \
                    and folded[i] not in _SMALL_WORDS and not _particle_name(text[toks[i][0]:toks[i][1]]):
                continue  # names are capitalised: "the foundation" is not the El Rukn of 1980s Chicago
            if len(key) == 1 and len(key[0]) <= 3 and not surface.replace(".", "").isupper() and kind == "name":
                continue  # "us", "is": short names only in capitals (US, UN, EU); "Lao", "Ibo" are adjectives
            if size > 1 and i > 0 and glue[i - 1] and text[toks[i - 1][0]].isupper() \
                    and folded[i - 1] not in _SMALL_WORDS and kb.entries[ident].kind == "actor" \
                    and kb.entries[ident].type != "PERSON" \
                    and (folded[i - 1],) not in kb.aliases and (folded[i - 1],) not in kb.adjectives:
                break  # "Security Council" of "National Security Council": the end of a longer name
            if ident.startswith("region:") and i + size < n and glue[i + size - 1] \
                    and text[toks[i + size][0]].isupper():
                break  # "the West" of "the West Bank", "Asia" of "Asia Pacific": a longer name
            named = ent_span.get(e - 1)
            if _LONGER_NAME.match(text, e) and kb.entries[ident].kind == "actor" \
                    and kb.entries[ident].type != "PERSON" and (
                    (named and named[1] > e) or (size == 2 and folded[i] == "the")):
                break  # "the Foundation" of "the Foundation for the Defense of Democracies": a longer name
            if key in kb.weak:
                pending.append((i, ent_at.get(s, ""), ident))
                hit = None
                break
            hit = _Match(s, e, kb.entries[ident], kind, ent_at.get(s))
            strong.add(ident)
            i += size
            break
        if hit is None:
            hit = _phrase_match(kb, text, toks[i], ent_at.get(toks[i][0]))
            if hit is not None:
                out.append(hit)
                i += 1
                while i < n and toks[i][0] < hit.end:
                    i += 1  # "SPLM/A": the slashed letter is part of the match
                continue
        if hit is None:
            i += 1
        else:
            out.append(hit)
    # words that name someone or somewhere else in this article ("John Sullivan", "Austin, Texas")
    taken: dict[str, set[int]] = {}
    for s, e, label in ents:
        sub = text[s:e]
        words = [fold(sub[a:b]) for a, b in tokenize(sub)]
        if label == "PERSON" and len(words) > 1 and tuple(words) not in kb.aliases:
            taken.setdefault(words[-1], set()).add(s)
        elif label in ("GPE", "LOC", "FAC") and len(words) == 1:
            taken.setdefault(words[0], set()).add(s)
    for idx, label, ident in pending:
        s, e = toks[idx]
        # "Sullivan" in "John Sullivan" is not Jake Sullivan: a one-word name must stand alone
        # (a title before it is fine: "President Suharto")
        if (idx > 0 and glue[idx - 1] and text[toks[idx - 1][0]].isupper()
                and (folded[idx - 1],) not in kb.agents and folded[idx - 1] not in _SMALL_WORDS) or (
                glue[idx] and idx + 1 < n and text[toks[idx + 1][0]].isupper()):
            continue
        if ident not in strong and taken.get(folded[idx], set()) - {s}:
            continue
        entry = kb.entries[ident]
        wanted = (_PERSON_SUPPORT if entry.type == "PERSON" else _PLACE_SUPPORT if entry.kind == "place"
                  else _SUPPORT)
        alone = ent_span.get(s, (s, e))[0] == s and ent_span.get(s, (s, e))[1] <= e + 2
        if ident in strong or (label in wanted and alone):
            out.append(_Match(s, e, entry, "name", label or None, weak=ident not in strong))
    out.sort(key=lambda m: m.start)
    return out


def _phrase_match(kb: KnowledgeBase, text: str, tok: tuple[int, int], label: str | None) -> _Match | None:
    """A match the base's names miss at this token (phrases.py): the nationality that begins a
    hyphenated word ("Vietnamese-led forces") or the organisation an abbreviation stands for ("NPFL")."""
    before = text[max(0, tok[0] - 40):tok[0]].split()
    longer = bool(before) and text[tok[0] - 1:tok[0]] == " " and before[-1][:1].isupper() \
        and fold(before[-1]) not in _SMALL_WORDS and fold(before[-1]) not in _DETERMINERS
    if "-" in text[tok[0]:tok[1]] and not longer:  # "United Arab Emirates-based": the end of a longer name
        joined = hyphen_nationality(kb, text[tok[0]:tok[1]])
        if joined is not None:
            return _Match(tok[0], tok[0] + joined[0], kb.entries[joined[1]], "adjective", label)
    found = abbreviated(kb, text, *tok)
    if found is not None:
        return _Match(tok[0], found[0], found[1], "name", label)
    return None


def resolve_actors(doc: Any, text: str, omap: OffsetMap, published: str | None = None,
                   kb: KnowledgeBase | None = None) -> DocActors:
    """Find, group and code the actors of one document for its publication date (today when unknown).

    ``kb``: the knowledge base to use (e.g. the shipped one with a user's actors over it); default the shipped one.
    """
    kb = kb if kb is not None else load_kb()
    table = DocActors(text=text, published=published, day=_day(published), kb=kb,
                      day_source="published" if published and _DATE.match(published) else "today")
    ents = []
    for ent in doc.ents:
        if ent.label_ in _NER_TYPES:
            s, e = omap.span(ent.start_char, ent.end_char)
            ents.append((s, e, ent.label_))
    ents = _join_split_names(text, ents)
    matches = _gazetteer(kb, text, ents)
    table._matches = matches
    if not (published and _DATE.match(published)):
        inferred = infer_day(kb, text, matches, table.day)
        if inferred:
            table.day, table.day_source = inferred, "titles"
    # a group word ("Muslim", "Christian", "Hutu") covers an entity only when it is the whole entity: the
    # NER's "Hutu" PERSON is the group, its "Muslim Brotherhood" is a body of its own
    covered: Intervals[None] = Intervals((m.start, m.end, None) for m in matches
                                         if not (m.kind == "adjective" and m.entry is not None
                                                 and m.entry.kind == ETHNIC_KIND))
    group_words = {(m.start, m.end) for m in matches if m.kind == "adjective" and m.entry is not None
                   and m.entry.kind == ETHNIC_KIND}
    # (start, end, kind, payload) items, created as actors in text order
    items: list[tuple[int, int, str, Any]] = []
    person_spans = [(m.start, m.end) for m in matches if m.entry and m.entry.type == "PERSON"]
    for m in matches:
        if m.kind == "adjective":
            continue  # demonyms code noun phrases; they are not actors by themselves
        items.append((m.start, m.end, "kb", m))
    for s, e, label in ents:
        if label == "NORP" or covered.overlapping(s, e) or (s, e) in group_words:
            continue
        s2, e2 = _strip_det(text, s, e)
        if e2 > s2:
            items.append((s2, e2, "ner", label))
    items.sort(key=lambda x: (x[0], -x[1]))
    # one-word names ("Xi", "Mr Zarif", "Khashoggi") wait until every full name of the article is known:
    # a short name in a headline comes before the full name it stands for
    short: list[tuple[int, int, str, Entry | None]] = []
    bodies: list[tuple[Actor, int, int]] = []  # named bodies the base lacks, coded once all names are known
    unknown_people: dict[str, Actor] = {}
    for s, e, kind, payload in items:
        if kind == "kb":
            m: _Match = payload
            if m.weak and m.entry.type == "PERSON":
                short.append((s, e, m.label or "PERSON", m.entry))
                continue
            entry = in_office_namesake(kb, m.entry, text[s:e], table.day)
            actor = table._by_kb.get(entry.id)
            if actor is None:
                table._actor_for_entry(entry, s, e, m.label)
            else:
                table.add_mention(actor, s, e)
            continue
        label: str = payload
        if label in ("PERSON", "ORG"):
            s2 = _strip_honorifics(text, s, e)
            if s2 > s and label == "ORG" and honorifics().get(fold(text[s:s2].split()[0])):
                label = "PERSON"  # "Ms Pelosi" tagged as an organisation
            s = s2 if label == "PERSON" else s
            if label == "PERSON" and text[e - 2:e] in ("'s", "\u2019s"):
                e -= 2  # "Jamal Khashoggi's son"
        name = text[s:e]
        if label == "PERSON" and (_NOT_A_NAME.search(name) or text[s - 1:s] in ("@", "#") and s > 0):
            continue  # "pic.twitter.com/42nG", "@realDonaldTrump": page residue, no person
        one_word = len(tokenize(name)) == 1
        if one_word and label == "PERSON" and fold(name.rstrip(".")) in ranks_before_names():
            continue  # "Cmdr" of "Cmdr. Clayton Doss", cut off by the period: a rank, not a person
        if one_word and (label == "PERSON" or label == "ORG" and name[:1].isupper() and not name.isupper()):
            short.append((s, e, label, None))
            continue
        actor = table.by_name(name)
        if actor is None and label == "PERSON":
            actor = unknown_people.get(translit_key(name)) or table._same_person(name)
        if actor is None and label == "PERSON":
            # "Jim Mattis" is the base's James Mattis; "National Security Advisor Robert O'Brien" the base's
            # Robert C. O'Brien (a bare name of a common surname only under a state title)
            entry = _by_nickname(kb, name, table.day if _state_title_before(kb, text, s) else None)
            if entry is not None:
                actor = table._by_kb.get(entry.id)
                if actor is None:
                    table._actor_for_entry(entry, s, e, label)
                    continue
        if actor is None:
            actor = table.new_actor(name, s, e, label)
            if label == "PERSON":
                unknown_people[translit_key(name)] = actor
            elif label == "ORG":
                bodies.append((actor, s, e))
        else:
            table.add_mention(actor, s, e)
    # a word the article also uses for a place ("Austin, Texas") is no surname to look up in the base
    places = {fold(text[s:e]) for s, e, label in ents if label in _PLACE_SUPPORT}
    for s, e, label, hint in short:
        made = table._link_short(s, e, label, hint, unknown_people, places)
        if made is not None and made.type == "ORG":
            bodies.append((made, s, e))
    for actor, s, e in bodies:
        table._code_body(actor, s, e)
    _noun_phrases(table, doc, omap, person_spans)
    _titles_inside(table)  # "President Reagan" matched whole
    coordinated_nationalities(table)  # "Sierra Leonean and Liberian refugees"
    _appositions(table, doc, omap)
    _tagged_legislators(table)
    from reportage.actors.person_context import code_people_from_context  # it builds on this module
    code_people_from_context(table)
    _renumber(table)
    return table


def _apposed(text: str, start: int) -> list[str]:
    """The words written right before a name that describe it ("the militant group Hamas" -> militant,
    group; "spokesman Geng Shuang" -> spokesman), up to a function word or punctuation ("the hearing
    at the Supreme Court" -> none)."""
    window = text[max(0, start - 40):start]
    out: list[str] = []
    pos = len(window)
    for a, b in reversed(tokenize(window)):
        word = fold(window[a:b])
        if window[b:pos].strip() or word in _FUNCTION or len(out) == 3:
            break
        out.append(word)
        pos = a
    return out


def in_office_namesake(kb: KnowledgeBase, entry: Entry, name: str, day: str | None) -> Entry:
    """"John Kelly" in a 2018 story is John F. Kelly, White House chief of staff that day, not the base's
    namesake who governed the Turks and Caicos in the 1990s: when the person a name matches holds no dated
    role on the article's day and exactly one person whose full name differs only by middle initials does,
    the name is that person's. News names the people in office; the base keeps everyone who ever was."""
    if entry.type != "PERSON" or not day:
        return entry
    role = entry.role_at(day)
    if role is not None and role.dated:
        return entry
    live = [c for i in kb.bare_names.get(key_of(name), []) if i != entry.id and (c := kb.entries.get(i)) is not None
            and (r := c.role_at(day)) is not None and r.dated]
    return live[0] if len(live) == 1 else entry


def _state_title_before(kb: KnowledgeBase, text: str, start: int) -> bool:
    """Whether the words right before ``start`` end in an agent noun of a state sector ("National
    Security Advisor", "Secretary of State", "U.S. ambassador"). A one-word title qualified by a word that
    names no state ("alt-right leader Richard Spencer", "union chief", "rebel spokesman") is someone
    else's leader or chief: no state title, so no namesake's office (a qualifier that keeps the office
    the state's, "former", "senior", a country or a base body, leaves it a state title)."""
    window = text[max(0, start - 60):start]
    spans = tokenize(window)
    words = [fold(window[a:b]) for a, b in spans]
    for i in range(max(0, len(words) - 3), len(words)):
        agent = kb.agents.get(tuple(words[i:]))
        if agent is None or agent.sector[:3] not in _STATE_SECTORS:
            continue
        if len(words) - i > 1 or i == 0:
            return True  # a title of several words names an office by itself
        # the word the one-word title is written after, through a hyphen or closing quotes ("alt-right” leader")
        gap = window[spans[i - 1][1]:spans[i][0]]
        if gap.strip(" \u201d\"'\u2019"):
            return True  # a comma, a colon ...: nothing qualifies the title
        j = i - 1
        while j > 0 and window[spans[j - 1][1]:spans[j][0]] == "-":
            j -= 1  # the whole compound: "alt-right", "Austro-Hungarian"
        qualifier = window[spans[j][0]:spans[i - 1][1]]
        q = fold(qualifier)
        if (q in _FUNCTION or q in _NOT_NOW or q in member_modifiers() or key_of(qualifier) in kb.adjectives
                or (entry := kb.lookup(qualifier)) is not None and entry.type != "PERSON"):
            return True
        return qualifier[:1].isupper() and "-" not in qualifier  # "Navy Secretary", "Treasury spokesman"
    return False


def _by_nickname(kb: KnowledgeBase, name: str, day: str | None = None) -> Entry | None:
    """The person of the base a name stands for when written with a short first name, a middle initial
    or a middle name ("Jim Mattis" -> James Mattis, "Rex W. Tillerson" -> Rex Tillerson), with hyphens
    the base writes as spaces ("Chun Doo-hwan", "Kim Il-sung", "Yahya Rahim-Safavi"), or without the
    middle initial the base writes, when one person so named holds a dated role on ``day`` (given only
    under a state title: a farmer John Sullivan is no ambassador) ("Robert
    O'Brien" in 2019 is the base's Robert C. O'Brien, national security adviser)."""
    words = name.split()
    if len(words) < 2:
        return None
    if "-" in name:
        entry = kb.lookup(name.replace("-", " "))
        if entry is not None and entry.type == "PERSON":
            return entry
    if day:
        live = [c for i in kb.bare_names.get(key_of(name), []) if (c := kb.entries.get(i)) is not None
                and c.type == "PERSON" and (r := c.role_at(day)) is not None and r.dated]
        if len(live) == 1:
            return live[0]
    bare = [w for i, w in enumerate(words) if i in (0, len(words) - 1) or len(w.rstrip(".")) > 1]
    variants = [bare] if len(bare) < len(words) and len(bare) >= 2 else []
    if len(bare) == 3:
        variants.append([bare[0], bare[2]])  # "Sarah Huckabee Sanders" is the base's Sarah Sanders
    for full in nicknames().get(fold(words[0]), []):
        variants += [[full, *words[1:]], [full, *bare[1:]]]
    for variant in variants:
        entry = kb.lookup(" ".join(variant))
        if entry is not None and entry.type == "PERSON":
            return entry
    return None


def _in_role(entry: Entry, day: str) -> bool:
    """Whether a person is a likely referent of a bare surname on ``day``: in a dated role then, or a
    curated person (undated "elite" roles of the 2014 dictionaries and of the world base's
    office-holders say nothing of the date)."""
    role = entry.role_at(day)
    return role is not None and (role.dated or entry.source == "curated")


def _particle_name(word: str) -> bool:
    """A name written with a lower-case particle joined by a hyphen ("al-Assad", "ad-Din"): the part
    after the hyphen is what is capitalised."""
    head, sep, rest = word.partition("-")
    return bool(sep) and len(head) <= 3 and head.islower() and rest[:1].isupper()


def _join_split_names(text: str, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """One person where the small NER model cut a name in two ("Jamal" PERSON + "Khashoggi" ORG at the
    start of a sentence): adjacent capitalised entities, one of them a person, joined by a space."""
    out: list[tuple[int, int, str]] = []
    for s, e, label in ents:
        if out:
            ps, pe, plabel = out[-1]
            if (text[pe:s] == " " and "PERSON" in (label, plabel) and {label, plabel} <= {"PERSON", "ORG"}
                    and text[s:s + 1].isupper() and " " not in text[ps:pe] + text[s:e]):
                out[-1] = (ps, e, "PERSON")
                continue
        out.append((s, e, label))
    return out


def _strip_honorifics(text: str, start: int, end: int) -> int:
    """Where the name starts in an entity span that begins with honorifics ("Mr Zarif" -> "Zarif")."""
    hon = honorifics()
    toks = [(start + a, start + b) for a, b in tokenize(text[start:end])]
    while len(toks) > 1 and fold(text[toks[0][0]:toks[0][1]]) in hon:
        toks = toks[1:]
    return toks[0][0] if toks else start


def _titled_surname(kb: KnowledgeBase, text: str, start: int, surname: str, day: str | None = None,
                    hint: Entry | None = None) -> Entry | None:
    """"President Bouteflika": a title and a surname that leave one person of the knowledge base.

    Several people share most surnames ("Trump": Donald and Ivanka); the title decides between them when
    exactly one of them held that office on the article's date ("President Trump" in 2018).
    """
    window = text[max(0, start - 30):start]
    before = [fold(window[a:b]) for a, b in tokenize(window)][-3:]
    agent = next((kb.agents[tuple(before[i:])] for i in range(len(before))
                  if kb.agents.get(tuple(before[i:])) is not None), None)
    if agent is None or agent.sector not in ("GOV", "MIL", "JUD", "LEG"):
        return None
    ids = [i for i in kb.surnames.get(fold(surname), []) if i in kb.entries]
    if hint is not None and hint.type == "PERSON" and hint.id not in ids:
        ids.append(hint.id)  # a one-name person ("President Suharto") is the base's owner of the name
    if agent.role:
        # who held that office: on the date, else ever
        held = [i for i in ids if any(r.role == agent.role for r in kb.entries[i].roles if r.dated)]
        now = [i for i in held if day is not None and any(r.role == agent.role and r.covers(day)
                                                          for r in kb.entries[i].roles if r.dated)]
        for found in (now, held):
            if len(found) == 1:
                return kb.entries[found[0]]
        # a known career of other offices is someone else ("President Mobutu" is not his minister son)
        ids = [i for i in ids if not any(r.role or r.title for r in kb.entries[i].roles if r.dated)]
    return kb.entries[ids[0]] if len(ids) == 1 else None


def _noun_phrases(table: DocActors, doc: Any, omap: OffsetMap, person_spans: list[tuple[int, int]]) -> None:
    """Country+agent noun phrases and titles ("Ukrainian troops", "the Russian president", "the alliance")."""
    try:
        chunks = list(doc.noun_chunks)
    except (ValueError, AttributeError):  # no parser in this pipeline
        return
    # the people's mentions as the table holds them now, by position; the list order (table order) breaks ties
    people: Intervals[tuple[int, Actor]] = Intervals(
        (m.start, m.end, (n, a)) for n, (a, m) in enumerate(
            (a, m) for a in table.actors if a.type == "PERSON" for m in a.mentions))
    person_at: Intervals[None] = Intervals((a, b, None) for a, b in person_spans)
    text = table.text
    for chunk in chunks:
        s, e = omap.span(chunk.start_char, chunk.end_char)
        inner = people.within(s, e)
        if inner:
            ps, _pe, (_n, actor) = min(inner, key=lambda x: (x[0], x[2][0]))
            if ps > s:
                _title_person(table, actor, s, ps)
            continue
        if person_at.overlapping(s, e):
            continue  # a title in front of a named person: the person is the actor
        # a mention starting after nothing but white space from the chunk's end
        gap = _NON_SPACE.search(text, e)
        after = people.starting(e, gap.start() if gap else len(text))
        if after:
            ps, _pe, (_n, actor) = min(after, key=lambda x: x[2][0])
            _title_person(table, actor, s, ps)  # "Saudi Foreign Minister | Adel al-Jubeir"
            continue
        rs, re_ = omap.span(chunk.root.idx, chunk.root.idx + len(chunk.root))
        named = table.actor_at(rs, re_)
        if named is not None and named.type == "ORG" and named.code and not named.kb_id:
            continue  # "Chile's Ministry of Mines": the named body, coded from its name, is the actor
        root = chunk.root.lower_
        if root in _ORG_DESCRIPTORS and chunk.root.tag_ == "NN" and chunk.root.text.islower() \
                and table.actor_at(s, e) is None:
            s2, e2 = _strip_det(table.text, s, e)
            org = table._org_in_doc(root)
            if org is not None and chunk[0].lower_ in ("the", "this", "that"):
                table.add_mention(org, s2, e2)
            continue
        inside = [m for m in table.matches_within(s, e) if _country_code(m.entry)]
        if not inside:
            # "security forces in Guinea", "the president of Armenia": a country in a prepositional phrase
            for child in chunk.root.children:
                if child.dep_ == "prep" and child.lower_ in ("of", "in", "from"):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            ps, pe = omap.span(pobj.idx, pobj.idx + len(pobj.text))
                            # a region after "in" is where, not whose ("troops in the Middle East")
                            inside = [m for m in table.matches_containing(ps, pe)
                                      if _country_code(m.entry) and m.entry.kind != "actor"
                                      and not (m.entry.id.startswith("region:") and child.lower_ == "in")]
            if not inside:
                story_group_phrase(table, s, e)  # "Kurdish rebels" in a story from Turkey
                continue
            hs, he = omap.span(chunk.start_char, chunk.end_char)
            pp_end = chunk.end_char
            for child in chunk.root.children:
                if child.dep_ == "prep" and child.i > chunk.root.i:
                    for t in child.subtree:
                        if t.dep_ in ("relcl", "acl", "punct") and t.i > child.i + 1 and t.text != "," or \
                                any(a.dep_ in ("relcl", "acl") for a in t.ancestors if a.i > child.i):
                            break
                        pp_end = max(pp_end, t.idx + len(t.text))
                    break
            he = max(he, omap.span(pp_end - 1, pp_end)[1])  # "the president of Armenia"
            country, agent, head = table._parse_phrase(hs, he)
            if agent is None:
                people_phrase(table, chunk, omap)  # "Kurds in Iraq"
                continue
            code = _country_code(inside[0].entry)
            if agent.role:
                found = table.resolve_description(hs, he)
                if found is not None:
                    continue
            table._compound(code, agent, head, *_strip_det(table.text, hs, he))
            continue
        country, agent, head = table._parse_phrase(s, e)
        if agent is None:
            people_phrase(table, chunk, omap)  # "Iraqi Kurds", "Albanians of southern Serbia"
            continue
        # the agent must be the head of the chunk, not a modifier ("the army's statement")
        if not head.endswith(root) and root not in head.split():
            continue
        # "Bosnian Serb forces", "Iraqi Kurdish fighters": a nationality right after another names a people
        # of the first one's state, not a second state (phrases.py)
        inside = stacked_nationalities(table.text, inside)
        codes = []
        for m in inside:
            c = _country_code(m.entry)
            if c and c not in codes:
                codes.append(c)
        if len(codes) > 1:
            # "Hungarian and Romanian officials": one actor per country, each mention its country word
            for m in inside:
                table._compound(_country_code(m.entry), agent, head, m.start, m.end)
            continue
        if agent.role:
            table.resolve_description(s, e)
        else:
            table._compound(codes[0], agent, head, *_strip_det(table.text, s, e))


_LONGER_NAME = re.compile(r" (?:for|of|on|to) (?:the )?[A-Z]")
# "U.S.-backed dictator", "Saudi-led coalition": a country joined to a word describes a relation, not
# whose the person or body is
_JOINED_WORD = re.compile(r"[-\u2010\u2011](?:backed|sponsored|supported|funded|allied|trained|armed|aligned|friendly)\b")
_AFFILIATION_PREPS = {"of", "for", "at", "from"}
_STOP_DEPS = {"relcl", "acl", "advcl", "appos", "conj", "cc", "punct"}


def _appositions(table: DocActors, doc: Any, omap: OffsetMap) -> None:
    """Code an uncoded person from a description set beside the name: "Ty Cobb, a White House lawyer,"
    and "Germany's interior minister, Thomas de Maiziere," say what a bare name cannot. The description
    is read as a title would be (``_title_person``): its country, its agent noun, a coded body in it;
    "former" descriptions and offices the base gives to someone else that day code nothing."""
    for tok in doc:
        if tok.dep_ != "appos":
            continue
        for name_tok, desc in ((tok.head, tok), (tok, tok.head)):
            ns, ne = omap.span(name_tok.idx, name_tok.idx + len(name_tok.text))
            actor = table.actor_at(ns, ne)
            if actor is None or actor.type != "PERSON" or (actor.code and actor.role):
                continue  # coded from a dated role or a title already (a default "elite" code may yield)
            if desc.pos_ not in ("NOUN", "PROPN"):
                continue
            described = table.actor_at(*omap.span(desc.idx, desc.idx + len(desc.text)))
            if described is not None and (described.kb_id or not (described.role or {}).get("title")):
                continue  # the other side is a name too ("Mr. Lee, Kim's envoy"): nothing to read
            left = desc.left_edge.i
            right = desc.i
            for child in desc.rights:
                if child.dep_ != "prep" or child.lower_ not in _AFFILIATION_PREPS \
                        or any(t.dep_ in _STOP_DEPS for t in child.subtree if t is not child):
                    break  # "an officer with extensive North Korea knowledge" is no North Korean officer
                right = child.right_edge.i
            ds, de = omap.span(doc[left].idx, doc[right].idx + len(doc[right].text))
            if ds < de and not (ds <= ns < de):
                _title_person(table, actor, ds, de)
                if described is not None and actor.code:
                    # the description is the person ("Germany's interior minister, Thomas de Maiziere")
                    table.merge(described, actor)
            break


def _titles_inside(table: DocActors) -> None:
    """A base name that begins with a title ("President Reagan", "King Hussein" in the converted
    dictionaries) hides the title from ``_title_person``, which reads only the words before a mention:
    read the title inside the mention the same way, unless a word before it makes it former ("former
    President Reagan") or the text already coded the person."""
    kb = table.knowledge_base()
    for actor in list(table.actors):
        if actor.type != "PERSON" or (actor.role or {}).get("from"):
            continue
        for m in list(actor.mentions):
            toks = tokenize(m.text)
            words = [fold(m.text[a:b]) for a, b in toks]
            cut = next((j for j in range(min(len(words) - 1, kb.max_agent_len), 0, -1)
                        if (agent := kb.agents.get(tuple(words[:j]))) is not None and agent.role), 0)
            if not cut or any(w.strip("-") in _NOT_NOW for w in table.title_context(m.start)):
                continue
            _title_person(table, actor, m.start, m.start + toks[cut][0])
            break


def _title_person(table: DocActors, actor: Actor, start: int, name_start: int) -> None:
    """Code a person from the title in front of the name ("Kyrgyz Prime Minister Nikolai Tanaev" -> KGZGOV).

    The title in the text beats the base, except where the base knows the person's career (dated roles,
    curated or from office-holder data): then an office the base does not give on that date means the
    article is wrong or misdated (the 2016 article about "President Zelensky"). The converted 2014 dictionaries ("Imran Khan": a legislator) and
    unknown people take the title. A title without a country ("Finance Minister Anton Siluanov") takes
    the person's country, else the country the article is about. "Former" titles code nothing.
    """
    kb = table.knowledge_base()
    entry = kb.entries.get(actor.kb_id or "")
    dated_doc = table.day_source == "published"
    if dated_doc and entry is not None and entry.source != "phoenix" and any(r.dated for r in entry.roles):
        return  # an undated article may be from any year: there the title in the text beats the base
    title = table.text[start:name_start]
    words = [fold(w) for a, b in tokenize(title) for w in re.split(r"[-\u2010\u2011]", title[a:b])]
    if "\n" in title.strip():
        return  # a title in another paragraph
    # "former Prime Minister", "then-Attorney General": CAMEO codes a former official as an elite of
    # the country (ELI), never as its government
    former = any(w in _NOT_NOW for w in words)
    if former and actor.code:
        return
    country, agent, head = table._parse_phrase(start, name_start)
    if country and kb.components.get(country[:3]) == "region":
        country = None  # "the veteran Middle East negotiator", "a Middle East scholar": a subject, not a nationality
    if country and agent is not None and agent.sector[:3] not in _STATE_SECTORS and set(words) & country_homonyms():
        country = None  # "a professor at the University of Georgia" teaches in the American state
    if agent is None and words and words[-1] in honorific_titles():
        head = honorific_titles()[words[-1]]  # "Sen." is a senator
        agent = kb.agents.get(key_of(head))
    # bodies named in the title; a description the noun-phrase pass coded ("the veteran Middle East
    # negotiator": its role has a title but no source) is the title itself, not a body
    bodies = [a for a in table.actors_within(start, name_start)
              if a is not actor and a.type not in ("PERSON", "GPE", "LOC")
              and not (a.kb_id is None and a.role and "from" not in a.role)]
    if former:
        if not country:
            # "former FBI lawyer Lisa Page", "former White House aide Rob Porter": the state body named in
            # the title, followed by words naming its members, says whose former official the person is
            country = _former_body_country(table, start, name_start, bodies)
            if country and agent is None:
                _former_official(table, actor, start, name_start, country, agent)
                return
        if agent is not None and agent.sector[:3] in (*_STATE_SECTORS, *_FORMER_BODY_SECTORS, "ELI"):
            # "the former Soviet secret police chief": a former police or intelligence chief is an elite too
            _former_official(table, actor, start, name_start, country, agent)
        return
    if agent is None:
        if not _member_of_body(table, actor, start, name_start, bodies):
            _possessor_code(table, actor, start, name_start, country, bodies)
        return
    if not country and bodies:
        # "Taliban spokesman Zabiullah Mujahid", "Associated Press writer Edith Lederer": the body's code
        body = bodies[0]
        if body.code and body.code != actor.code:
            actor.code, actor.country, actor.sector = body.code, body.country, body.sector
            actor.role = {"code": body.code, "start": None, "end": None, "title": title.strip(),
                          "role": agent.role or None, "from": "title in the text"}
        return
    own = actor.country or base_country(entry, agent.role)  # "President Bouteflika" after his death: DZA
    if not country and not own and _us_affiliation(table.text, actor, name_start):
        country = "USA"  # "Sen. Lindsey Graham, R-S.C.": the party-state tag of American politics
    if not country and not own and agent.sector[:3] in _STATE_SECTORS:
        # "Sen. Ted Cruz of Texas", "Sen. Mark Kirk, an Illinois Republican": the place the member stands for
        country = _home_place(table, actor, name_start)
    if not country and not own and agent.sector[:3] in _STATE_SECTORS \
            and agent.role != "leader":
        # "Finance Minister Anton Siluanov" under a MOSCOW dateline, "Sen. Lisa Murkowski" in a story
        # whose coded actors are mostly American (never the one country a story names: "Senator
        # Richard Burr said Russia interfered" is no Russian senator)
        country = table.home_country()
    country = country or own
    if not country:
        return
    # "President Trump" under a BEIJING dateline: China's president that day is someone else. An article
    # with no date and no title to date it is not checked: today's office-holder says nothing of it
    if agent.role and table.day_source != "today" and not _may_hold(table, actor, country, agent.role):
        return
    # an organisation's code that names its sector already ("IGOUNOGOV") takes no second one, nor does a
    # non-governmental body or company ("FDD's chief executive" is NGOUSA, not a government of it)
    code = country if kb.sector_of(country) or country[:3] in ("NGO", "MNC") else country + agent.sector[:3]
    if not kb.valid_code(code) or code == actor.code:
        return
    code_actor(kb, actor, code, "title in the text", title=table.text[start:name_start].strip(),
               role=agent.role or None)


_STATE_SECTORS = ("GOV", "MIL", "LEG", "JUD", "OPP")


def code_actor(kb: KnowledgeBase, actor: Actor, code: str, evidence: str, title: str | None = None,
               role: str | None = None) -> None:
    """Give an actor a code read from the text (a title, a body, a tag, a place), with the role record
    that says which evidence coded it (``role["from"]``), so every such code explains itself alike."""
    actor.code, actor.country, actor.sector = code, code[:3], kb.sector_of(code)
    actor.role = {"code": code, "start": None, "end": None, "title": title, "role": role, "from": evidence}


_FORMER_BODY_SECTORS = ("GOV", "MIL", "LEG", "JUD", "COP", "SPY")


def _former_body_country(table: DocActors, start: int, name_start: int, bodies: list[Actor]) -> str | None:
    """The country of a state body (in the base, a state sector) named in a former title and followed
    only by words naming its members or agents ("FBI lawyer", "White House aide"); else None."""
    kb = table.knowledge_base()
    for body in bodies:
        if not body.code or not body.kb_id or kb.components.get(body.code[:3]) != "country" \
                or (kb.sector_of(body.code) or "")[:3] not in _FORMER_BODY_SECTORS:
            continue
        for m in body.mentions:
            if start <= m.start and m.end <= name_start:
                if tokenize(table.text[m.end:name_start]):
                    if member_tail(table, m.end, name_start):
                        return body.code[:3]
                elif (last := key_of(m.text)[-1:]) and (last[0] in member_nouns() or tuple(last) in kb.agents) \
                        and key_of(m.text) != key_of(body.name):
                    return body.code[:3]  # the body's mention took its member noun: "State Department official"
    return None


def _former_official(table: DocActors, actor: Actor, start: int, name_start: int, country: str | None,
                     agent: Agent | None) -> None:
    """"Greece's former prime minister Kostas Andreadis" -> GRCELI: the country written in the title,
    with the elite sector. Unlike a current title, a former one does not take the story's country: a
    retired diplomat quoted in a story from Havana need not be Cuban."""
    kb = table.knowledge_base()
    if not country or len(country) != 3:
        return
    code = country + "ELI"
    if not kb.valid_code(code):
        return
    code_actor(kb, actor, code, "former title in the text", title=table.text[start:name_start].strip())


@lru_cache(maxsize=1)
def home_bodies() -> dict[str, tuple[str, str, str]]:
    """name -> (kind, sector, country or "") of ``data/home_bodies.tsv``."""
    rows = read_rows(DATA / "home_bodies.tsv", ["name", "kind", "sector"])
    return {r["name"].strip(): (r["kind"].strip(), r["sector"].strip(), r.get("country", "").strip()) for r in rows}


@lru_cache(maxsize=1)
def country_homonyms() -> frozenset[str]:
    """Country names that are also names of places inside another country ("Georgia", the American
    state): in a body's name they do not say the body's country (data/country_homonyms.txt)."""
    return word_list(DATA / "country_homonyms.txt")


@lru_cache(maxsize=1)
def member_nouns() -> frozenset[str]:
    """Nouns naming a member of the body before them (data/member_nouns.txt)."""
    return word_list(DATA / "member_nouns.txt", lower=False)


def _member_of_body(table: DocActors, actor: Actor, start: int, name_start: int, bodies: list[Actor]) -> bool:
    """"White House spokeswoman Lindsay Walters", "Larry Kudlow, the National Economic Council director":
    a coded body followed only by words naming its members codes the person as the body. Returns
    whether it did."""
    if actor.code and actor.role:
        return False
    for body in bodies:
        if not body.code:
            continue
        for m in body.mentions:
            if not (start <= m.start and m.end <= name_start):
                continue
            if member_tail(table, m.end, name_start):
                code_actor(table.knowledge_base(), actor, body.code, "body in the text",
                           title=table.text[start:name_start].strip())
                return True
    return False


@lru_cache(maxsize=1)
def member_modifiers() -> frozenset[str]:
    """Words that may stand around a member noun without changing whose member it names ("White House
    economic adviser", "the BBC's senior correspondent"): data/member_modifiers.txt."""
    return word_list(DATA / "member_modifiers.txt")


def member_tail(table: DocActors, start: int, end: int) -> bool:
    """Whether the words between a body's mention and a name (``start``-``end``) only say the person is
    one of its members: member nouns and agent nouns, words qualifying them ("economic adviser", "senior
    correspondent"), a place or region the member covers ("the BBC's Middle East editor"), the body's
    possessive and a military rank before the name ("Defense Ministry spokesman Maj. Gen."). An empty
    tail counts (the body right before the name). A tail of qualifiers alone names no member."""
    kb = table.knowledge_base()
    tail = table.text[start:end]
    places = [(m.start - start, m.end - start) for m in table.matches_within(start, end)
              if m.entry is not None and m.entry.kind != "actor" and _country_code(m.entry)]
    nouns, mods, ranks = member_nouns(), member_modifiers(), ranks_before_names()
    member = False
    toks = tokenize(tail)
    for i, (a, b) in enumerate(toks):
        w = fold(tail[a:b])
        if w in nouns or (w,) in kb.agents:
            member = True
        elif any(pa <= a < pb for pa, pb in places) or w in mods or w in ranks or (w == "s" and i == 0):
            continue
        else:
            return False
    return member or not toks


@lru_cache(maxsize=1)
def ranks_before_names() -> frozenset[str]:
    """Military and police ranks and their abbreviations written before a name ("Maj. Gen.", "Cmdr.",
    "Sgt."): part of a title, never a body's name (data/ranks.txt)."""
    return word_list(DATA / "ranks.txt")


_POSSESSIVE = re.compile(r"['\u2019]s?\s*$")


def _possessor_code(table: DocActors, actor: Actor, start: int, name_start: int, country: str | None,
                    bodies: list[Actor]) -> None:
    """"NPR's Peter Kenyon", "Hamas's Ismail Haniyeh", "Russia's Ivan Petrov": a possessive right before
    an unknown person's name, with no title, gives the person the possessor's code (a correspondent
    of a coded outlet is that outlet's MED; a member of a group is the group's). Nothing else may stand
    between the possessor and the name."""
    if actor.code or not _POSSESSIVE.search(table.text[start:name_start]):
        return
    owners = [b for b in bodies if b.code and any(table.text[m.end:name_start].strip() in ("'s", "\u2019s", "'", "\u2019")
                                                  for m in b.mentions)]
    code = owners[0].code if owners else None
    if code is None and country and not bodies:
        found = [m for m in table.matches_within(start, name_start) if _country_code(m.entry)]
        if found and table.text[found[-1].end:name_start].strip() in ("'s", "\u2019s"):
            code = country
    if not code:
        return
    code_actor(table.knowledge_base(), actor, code, "possessor in the text", title=table.text[start:name_start].strip())


def _tagged_legislators(table: DocActors) -> None:
    """"Dave Camp (R-Mich.)": the party-state tag is how American copy marks a member of Congress, so a
    person the base and the text leave uncoded is a US legislator (USALEG) when any mention carries it."""
    kb = table.knowledge_base()
    for actor in table.actors:
        if actor.type != "PERSON" or actor.code:
            continue
        for m in actor.mentions:
            if _us_affiliation(table.text, actor, m.start):
                code_actor(kb, actor, "USALEG", "party-state tag in the text")
                break


_US_TAG = re.compile(r"\s*[,(]\s*[RDI][-\u2013](?:[A-Z][A-Za-z]*\.?){1,3}\s*[,)]")


def _us_affiliation(text: str, actor: Actor, name_start: int) -> bool:
    """Whether the name starting at ``name_start`` is followed by a US party-state tag ("(D-Calif.)")."""
    end = next((m.end for m in actor.mentions if m.start == name_start), None)
    return end is not None and _US_TAG.match(text, end) is not None


_PLACE_AFTER = re.compile(r"\s*(?:,\s*(?:an?|the)\s+|\s+of\s+)([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)")


def _home_place(table: DocActors, actor: Actor, name_start: int) -> str | None:
    """The country of a sub-national place written after a titled name ("of Texas", ", an Illinois
    Republican"): where a senator or governor comes from. A country's own name is no such place (it
    would be read as the title's country already); only places and capitals the base knows count."""
    end = next((m.end for m in actor.mentions if m.start == name_start), None)
    found = _PLACE_AFTER.match(table.text, end) if end is not None else None
    if found is None:
        return None
    words = found.group(1).split()
    for n in range(len(words), 0, -1):
        entry = table.knowledge_base().lookup(" ".join(words[:n]))
        if entry is not None:
            if entry.kind in ("place", "capital") and entry.roles and len(entry.roles[0].code) == 3:
                return entry.roles[0].code
            return None
    return None


def _may_hold(table: DocActors, actor: Actor, country: str, role: str) -> bool:
    """Whether ``actor`` can be the holder of ``role`` in ``country`` on the article's date: yes when the
    base does not know who held it, else only when a holder it names shares the actor's surname."""
    holders = table.knowledge_base().holder(country, role, table.day)
    if not holders:
        return True
    words = name_words(actor.name)
    if not words:
        return False
    mine = surname_key(words[-1])
    # the family name by the country's name order: "Kang Kyung-wha" is the base's "Kang Kyung-hwa"
    family = {k for k, rank in short_keys(actor.name, country).items() if rank == 0 and not k.startswith("=")}
    return any(mine in {surname_key(w) for w in name_words(e.name)}
               or family & {k for k, rank in short_keys(e.name, country).items() if rank == 0}
               for e, _r in holders)


def _renumber(table: DocActors) -> None:
    """Actor ids in order of first mention, so A1 is the first actor a reader meets."""
    table.actors.sort(key=lambda a: min((m.start for m in a.mentions), default=0))
    table.reorder()
    for i, a in enumerate(table.actors, 1):
        a.id = f"A{i}"
        a.mentions.sort(key=lambda m: (m.start, m.end))
