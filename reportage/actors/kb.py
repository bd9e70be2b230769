"""The actor knowledge base: data files under ``data/`` loaded once into lookup tables.

Why tables and not a scan: resolution runs on every article, so the knowledge base is compiled
once into dictionaries keyed by token tuples (aliases, agent nouns, adjectives) and answered by
hashing n-grams of the text, never by walking the entries.

Files (the format is documented in docs/actors.md):

* ``countries.tsv`` (ISO 3166, generated) and ``country_names.tsv`` (names, demonyms, capitals);
* ``people.tsv``, ``organisations.tsv`` (curated) and ``phoenix_actors.tsv`` (converted Phoenix
  dictionaries, MIT): one row per actor and role, rows sharing an ``id`` are one actor;
* ``agents.tsv`` (curated) and ``phoenix_agents.tsv``: nouns that give a sector ("troops" -> MIL);
* ``codes.tsv``: the 3-letter code parts other than country codes, used to validate every code.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from reportage.dates import DAY_EXACT as _DATE  # the one date check
from reportage.inputs import InputError

DATA = Path(__file__).resolve().parent / "data"
ACTOR_COLUMNS = ["id", "type", "name", "aliases", "code", "start", "end", "title", "role"]
# countries whose names put the family name first ("Kim Jong Un", "Xi Jinping"): their surname is the first word
FAMILY_FIRST = frozenset({"CHN", "PRK", "KOR", "TWN", "VNM", "HKG", "MAC", "KHM"})
PHOENIX_DATE = "2014-01-30"  # the date of the converted Phoenix dictionaries (see build_kb.py)
LEADER_ROLES = ("supreme_leader", "president", "chancellor", "prime_minister", "king", "crown_prince")
# a word, with inner hyphens/dots/apostrophes ("Sa'ar", "U.S", "Kosiniak-Kamysz"), or one symbol
TOKEN = re.compile(r"[^\W_]+(?:[-.'\u2019][^\W_]+)*\.?", re.UNICODE)
# a lower-case word of two letters or more, a dot, then a capitalised word: two sentences run together
_RUN_ON = re.compile(r"[a-z]{2}\.(?=[A-Z][a-z])")


# letters NFKD does not split into a base letter and an accent: "Støre" is "Store", "Wałęsa" "Walesa"
_UNDECOMPOSED = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "æ": "ae", "Æ": "Ae",
                               "œ": "oe", "Œ": "Oe", "ß": "ss", "ı": "i", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D",
                               "ħ": "h", "Ħ": "H"})


def fold(text: str) -> str:
    """Lower case without accents or dots: the form every key is stored and looked up in."""
    if text.isascii():
        return text.lower().replace(".", "")
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").translate(_UNDECOMPOSED))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower().replace(".", "")


def tokenize(text: str) -> list[tuple[int, int]]:
    """Token (start, end) pairs; a possessive 's is split off and a final dot kept only on abbreviations."""
    out: list[tuple[int, int]] = []
    for m in TOKEN.finditer(text):
        s, e = m.start(), m.end()
        word = text[s:e]
        joined = _RUN_ON.search(word)
        if joined:
            # "said.Pope Francis": a sentence run into the next without a space (scraped copy) is two words
            out.append((s, s + joined.start() + 2))
            s += joined.start() + 3
            word = text[s:e]
        if word.endswith(".") and "." not in word[:-1] and len(word) > 2:
            e -= 1
            word = word[:-1]
        if len(word) > 2 and word[-2:] in ("'s", "\u2019s") and e - s > 2:
            out.append((s, e - 2))
            continue
        out.append((s, e))
    return out


_TRANSLIT = [(re.compile(r"(.)\1+"), r"\1"), (re.compile(r"(iy|yy|ii|yi|y|i)$"), "y"), (re.compile(r"kh"), "h"),
             (re.compile(r"ou"), "u"), (re.compile(r"(?<=[aeiou])ye"), "e"), (re.compile(r"zh"), "j"),
             (re.compile(r"dj"), "j"), (re.compile(r"w"), "v")]


def translit_key(name: str) -> str:
    """A loose key for transliteration variants of one name, used to MATCH sources, never as an alias:
    Zelenskiy, Zelenskyy, Zelensky -> zelensky; Tokayev, Tokaev -> tokaev; al-Assad, al-Asad -> alasad."""
    k = re.sub(r"[^a-z]", "", fold(name))
    for pat, rep in _TRANSLIT:
        k = pat.sub(rep, k)
    return k


# what keeps a plain ASCII phrase off the fast path of key_of: a doubled space, a hyphen or apostrophe at
# a word's edge, a possessive 's
_ODD_PLAIN = re.compile(r"  | [-']|[-'] |'[sS] |[-'][-']")


@lru_cache(maxsize=200_000)
def key_of(phrase: str) -> tuple[str, ...]:
    """The lookup key of a phrase: its folded tokens. Plain ASCII names (most of the ~75,000 names read at
    start-up) take a fast path that gives the same tokens as ``tokenize``."""
    if phrase.isascii() and phrase.replace(" ", "").replace("-", "").replace("'", "").isalnum():
        if not _ODD_PLAIN.search(f" {phrase} "):
            return tuple(phrase.lower().split(" "))
    return tuple(fold(phrase[s:e]) for s, e in tokenize(phrase))


@dataclass(frozen=True, slots=True)
class Role:
    code: str
    start: str | None = None  # inclusive ISO date
    end: str | None = None  # exclusive ISO date
    title: str = ""
    role: str = ""
    source: str = ""  # where the role comes from ("wikidata:russia", "factbook:2024", "phoenix", "curated")

    def covers(self, day: str) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def to_json(self) -> dict:
        return {"code": self.code, "start": self.start, "end": self.end, "title": self.title or None,
                "role": self.role or None, "source": self.source or None}


@dataclass(slots=True)
class Entry:
    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    source: str = "curated"
    kind: str = "actor"  # actor | country | place | capital
    gender: str = ""  # "male" | "female" | "" (unknown): pronoun resolution agrees with it

    def role_at(self, day: str) -> Role | None:
        """The role that codes the entry on ``day``: a dated role covering it, else the undated default."""
        covering = [r for r in self.roles if r.dated and r.covers(day)]
        if covering:
            # an office beats "elite", a head of state or government beats another office held at the same
            # time (Imran Khan was also interior minister), a named office (finance_minister) beats one
            # without (Siluanov was also a deputy prime minister); then the most recently started one
            covering.sort(key=lambda r: (not r.code.endswith("ELI"), r.role in LEADER_ROLES, bool(r.role),
                                         r.start or ""), reverse=True)
            return covering[0]
        undated = [r for r in self.roles if not r.dated]
        return undated[0] if undated else None


@dataclass(slots=True)
class Agent:
    sector: str
    role: str = ""
    plural: bool = False  # "leaders" names a group, never the one person holding a role


@dataclass
class KnowledgeBase:
    entries: dict[str, Entry] = field(default_factory=dict)
    aliases: dict[tuple[str, ...], str] = field(default_factory=dict)
    weak: set[tuple[str, ...]] = field(default_factory=set)  # one-word keys that need NER support
    adjectives: dict[tuple[str, ...], str] = field(default_factory=dict)  # demonym -> country entry id
    agents: dict[tuple[str, ...], Agent | None] = field(default_factory=dict)
    holders: dict[tuple[str, str], list[tuple[str, Role]]] = field(default_factory=dict)
    by_role: dict[str, list[str]] = field(default_factory=dict)  # organisation role ("alliance") -> ids
    country_ids: dict[str, str] = field(default_factory=dict)  # code -> entry id
    leader_role: dict[str, str] = field(default_factory=dict)  # country -> what "leader" means there
    surnames: dict[str, list[str]] = field(default_factory=dict)  # last name -> people who have it
    bare_names: dict[tuple[str, ...], list[str]] = field(default_factory=dict)  # name without middle initials -> people
    redirects: dict[str, str] = field(default_factory=dict)  # merged old id (p:..., phx:...) -> its entry's id
    first_names: dict[str, tuple[int, int]] = field(default_factory=dict)  # folded first name -> (male, female)
    components: dict[str, str] = field(default_factory=dict)  # 3-letter code part -> kind
    abbreviations: dict[str, str] = field(default_factory=dict)  # "NPFL" -> organisation id (phrases.py)
    max_len: int = 1
    max_agent_len: int = 1

    # ---- lookups -------------------------------------------------------------------------
    def lookup(self, phrase: str) -> Entry | None:
        """An entry by one of its names (case and accents ignored)."""
        ident = self.aliases.get(key_of(phrase)) or self.adjectives.get(key_of(phrase))
        return self.entries.get(ident) if ident else None

    def entry(self, ident: str) -> Entry | None:
        """An entry by id; an id merged into another entry (``p:vladimir_putin`` -> ``Q7747``) still answers."""
        return self.entries.get(ident) or self.entries.get(self.redirects.get(ident, ""))

    def by_surname(self, word: str, day: str | None = None) -> list[Entry]:
        """People with this surname (one word; "Tokayev", "Assad"); with ``day``, those coded on that day
        when some are. Several answers mean the surname alone does not say who."""
        key = key_of(word)
        if len(key) != 1:
            return []
        found = [self.entries[i] for i in self.surnames.get(key[0], []) if i in self.entries]
        if day and len(found) > 1:
            coded = [e for e in found if any(r.dated and r.covers(day) for r in e.roles)]
            found = coded or found
        return found

    def guess_gender(self, name: str) -> str:
        """"male"/"female" for a person: the base's gender when it knows the name, else what the first name
        says among office-holders (first_names.tsv) when at least 90% of its bearers agree; else ""."""
        e = self.lookup(name)
        if e is not None and e.type == "PERSON" and e.gender:
            return e.gender
        words = key_of(name)
        if not words:
            return ""
        male, female = self.first_names.get(words[0], (0, 0))
        if male + female >= 2:
            if male >= 0.9 * (male + female):
                return "male"
            if female >= 0.9 * (male + female):
                return "female"
        return ""

    def holder(self, country: str, role: str, day: str) -> list[tuple[Entry, Role]]:
        """Who held ``role`` ("president", "leader" ...) of ``country`` on ``day``, per the knowledge base
        (one answer per person, even when several sources give the same term)."""
        roles = LEADER_ROLES if role == "leader" else (role,)
        out: list[tuple[Entry, Role]] = []
        seen: set[str] = set()
        for r in roles:
            for ident, rl in self.holders.get((country, r), []):
                if rl.covers(day) and ident not in seen:
                    seen.add(ident)
                    out.append((self.entries[ident], rl))
        if role == "leader" and len(out) > 1:
            # several heads: the one this country's "leader" means (leader_roles.tsv), else the president
            wanted = self.leader_role.get(country, "president")
            out.sort(key=lambda er: er[1].role != wanted)
        return out

    def sector_of(self, code: str | None) -> str | None:
        if not code:
            return None
        for i in range(3, len(code), 3):
            part = code[i:i + 3]
            if self.components.get(part) == "sector":
                return part
        return None

    def valid_code(self, code: str) -> bool:
        if not code or len(code) % 3:
            return False
        parts = [code[i:i + 3] for i in range(0, len(code), 3)]
        return all(p in self.components for p in parts) and self.components[parts[0]] in ("country", "actor", "region")

    # ---- building --------------------------------------------------------------------------
    def add_entry(self, entry: Entry, weak_single: bool) -> None:
        """Register an entry and its names; a name already taken keeps its first owner (curated first)."""
        self.entries[entry.id] = entry
        for name in [entry.name, *entry.aliases]:
            self._add_alias(name, entry.id, weak_single and len(key_of(name)) == 1)
        for rl in entry.roles:
            if rl.role:
                country = rl.code[:3] if rl.code[:3] != "IGO" else rl.code[:9]
                self.holders.setdefault((country, rl.role), []).append((entry.id, rl))
                if entry.type != "PERSON":
                    self.by_role.setdefault(rl.role, []).append(entry.id)

    def _add_alias(self, name: str, ident: str, weak: bool) -> None:
        key = key_of(name)
        if not key or key in self.aliases:
            return
        self.aliases[key] = ident
        if weak:
            self.weak.add(key)
        self.max_len = max(self.max_len, len(key))


_MIDDLE_INITIAL = re.compile(r"(?<=\S) (?:[A-Z]\.? )+(?=\S)")
_SUFFIX = re.compile(r",? (?:Jr|Sr|II|III|IV)\.?$")
_VARIANT_SIGNS = re.compile(r"[.,]| [A-Z] |(?:Jr|Sr|II|IV)$")
_SPACED_INITIALS = re.compile(r"\b([A-Z])\. (?=[A-Z]\.)")


def _initial_free_aliases(kb: KnowledgeBase) -> None:
    """"Mark T. Esper" is written "Mark Esper" in most news: the name without its middle initials becomes
    an alias, but only where nobody else in the base has the surname ("John J. Sullivan" does not make
    every John Sullivan a deputy secretary of state). Spellings that keep every name part are always
    aliases: without a generational suffix ("Joseph F. Dunford, Jr." -> "Joseph F. Dunford") and with
    initials written together ("H. R. McMaster" -> "H.R. McMaster")."""
    for entry in list(kb.entries.values()):
        if entry.type != "PERSON":
            continue
        for name in [entry.name, *entry.aliases]:
            if not _VARIANT_SIGNS.search(name):
                continue  # nothing to drop or join: most of the 30,000 names (start-up time)
            whole = _SPACED_INITIALS.sub(r"\1.", _SUFFIX.sub("", name))
            if whole != name and len(key_of(whole)) > 1:
                kb._add_alias(whole, entry.id, False)
            bare = _without_initials(whole)
            words = key_of(bare)
            if bare != name and len(words) > 1:
                if entry.id not in kb.bare_names.setdefault(words, []):
                    kb.bare_names[words].append(entry.id)  # who "John Kelly" may also be (in_office_namesake)
                if len(kb.surnames.get(words[-1], [])) <= 1:
                    kb._add_alias(bare, entry.id, False)


def _without_initials(name: str) -> str:
    """``Mark T. Esper`` -> ``Mark Esper``: middle initials dropped (first and last words kept)."""
    return _MIDDLE_INITIAL.sub(" ", name)


def _lines(path: Path) -> list[str]:
    """The lines of a data file, or an error naming it and why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not valid UTF-8") from None


def word_list(path: Path, lower: bool = True) -> frozenset[str]:
    """The words (or phrases) of a one-per-line data file, without blank and ``#`` comment lines."""
    return frozenset((w.strip().lower() if lower else w.strip()) for w in _lines(path)
                     if w.strip() and not w.startswith("#"))


def read_rows(path: Path, columns: list[str] | tuple[str, ...] = ()) -> list[dict[str, str]]:
    """TSV rows as dicts; '#' lines are comments, the first other line is the header."""
    lines = _lines(path)
    body = [(i + 1, ln) for i, ln in enumerate(lines) if ln.strip() and not ln.startswith("#")]
    if not body:
        return []
    header = body[0][1].split("\t")
    missing = [c for c in columns if c not in header]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)} in the header line")
    out = []
    for lineno, ln in body[1:]:
        cells = ln.split("\t")
        row = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
        row["_line"] = str(lineno)
        out.append(row)
    return out


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()]


def _check_date(value: str, path: Path, line: str) -> str | None:
    if not value:
        return None
    if not _DATE.match(value):
        raise InputError(f"{path}: line {line}: date {value!r} is not YYYY-MM-DD")
    return value


def read_actor_file(kb: KnowledgeBase, path: Path, source: str) -> list[Entry]:
    """Entries of a file in the Reportage actor format (rows sharing an id are one actor).

    Optional columns: ``gender`` and ``home`` (the country of the undated default role ``<home>ELI``) on an
    id's first row, and ``source`` (per role; default ``source``).
    Written as one pass over split lines, not dicts per row: the world base has ~45,000 rows and is read
    on every cold start."""
    lines = _lines(path)
    entries: dict[str, Entry] = {}
    header: list[str] | None = None
    good_codes: set[str] = set()
    good_dates: set[str] = {""}
    defaults: dict[str, Role] = {}
    for lineno, ln in enumerate(lines, 1):
        if not ln.strip() or ln.startswith("#"):
            continue
        cells = ln.split("\t")
        if header is None or "\t " in ln or " \t" in ln or ln[:1] == " " or ln[-1:] == " ":
            cells = [c.strip() for c in cells]
        if header is None:
            header = cells
            missing = [c for c in ACTOR_COLUMNS if c not in header]
            if missing:
                raise InputError(f"{path}: missing column(s) {', '.join(missing)} in the header line")
            pick = itemgetter(*[header.index(c) for c in ACTOR_COLUMNS])
            i_gender = header.index("gender") if "gender" in header else -1
            i_source = header.index("source") if "source" in header else -1
            i_home = header.index("home") if "home" in header else -1
            width = len(header)
            continue
        if len(cells) < width:
            cells += [""] * (width - len(cells))
        ident, typ, name, aliases, code, start, end, title, role = pick(cells)
        if not ident:
            raise InputError(f"{path}: line {lineno}: empty id")
        code = code.upper()
        if code and code not in good_codes:
            if kb.components and not kb.valid_code(code):
                raise InputError(f"{path}: line {lineno}: code {code!r} has parts outside codes.tsv/countries.tsv")
            good_codes.add(code)
        entry = entries.get(ident)
        if entry is None:
            if not name:
                raise InputError(f"{path}: line {lineno}: the first row of {ident!r} needs a name")
            names = (aliases.split("|") if " |" not in aliases and "| " not in aliases and "||" not in aliases
                     else _split(aliases)) if aliases else []
            entry = entries[ident] = Entry(ident, typ.upper(), name, names,
                                           source=source, gender=cells[i_gender] if i_gender >= 0 else "")
            home = cells[i_home].upper() if i_home >= 0 else ""
            if home:
                # outside their dated offices a former or future office-holder is an elite of their home
                # country, as the Phoenix dictionaries code them
                if kb.components and kb.components.get(home) != "country":
                    raise InputError(f"{path}: line {lineno}: home {home!r} is not a country code")
                default = defaults.get(home)
                if default is None:  # one shared (frozen) Role per country: ~28,000 fewer objects to build
                    default = defaults[home] = Role(home + "ELI", None, None, "", "", "world:default")
                entry.roles.append(default)
        elif aliases:
            entry.aliases.extend(a for a in _split(aliases) if a not in entry.aliases)
        if code:
            for d in (start, end):
                if d not in good_dates:
                    _check_date(d, path, str(lineno))
                    good_dates.add(d)
            entry.roles.append(Role(code, start or None, end or None, title, role,
                                    (cells[i_source] if i_source >= 0 else "") or source))
    return list(entries.values())


def _plurals(phrase: str) -> list[str]:
    last = phrase.split()[-1]
    stem = phrase[: len(phrase) - len(last)]
    if last.endswith("man"):
        forms = [last[:-3] + "men"]
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        forms = [last[:-1] + "ies"]
    elif last.endswith(("s", "sh", "ch", "x")):
        forms = [last + "es"]
    else:
        forms = [last + "s"]
    return [stem + f for f in forms]


def _load_countries(kb: KnowledgeBase) -> None:
    iso = {r["iso3"]: r for r in read_rows(DATA / "countries.tsv", ["iso3", "name"])}
    curated = {r["iso3"]: r for r in read_rows(DATA / "country_names.tsv", ["iso3", "cameo", "names", "adjectives",
                                                                         "capitals"])}
    for code3 in sorted(set(iso) | set(curated)):
        r = iso.get(code3, {})
        c = curated.get(code3, {})
        code = c.get("cameo") or code3
        names = _split(c.get("names", ""))
        for extra in (r.get("common_name", ""), r.get("name", ""), r.get("official_name", "")):
            if extra and extra not in names:
                names.append(extra)
        if not names:
            continue
        ident = f"c:{code}"
        entry = Entry(ident, "GPE", names[0], names[1:], [Role(code)], kind="country")
        kb.country_ids[code] = ident
        kb.add_entry(entry, weak_single=False)
        for adj in _split(c.get("adjectives", "")):
            kb.adjectives.setdefault(key_of(adj), ident)
        for cap in _split(c.get("capitals", "")):
            cid = "place:" + "_".join(key_of(cap))
            if cid not in kb.entries:
                kb.add_entry(Entry(cid, "GPE", cap, [], [Role(code)], kind="capital"), weak_single=False)


def _merge_phoenix(kb: KnowledgeBase, entries: list[Entry], world_ids: dict[str, str]) -> None:
    """Phoenix entries join a curated entry they share a name with; their other names follow it. A Phoenix
    person that build_world found to be a world person (``world_ids``) joins it with its roles, in file
    order, so an earlier Phoenix entry keeps a name it shares ("George Bush" is the elder one)."""
    for e in entries:
        target = kb.entries.get(world_ids.get(e.id, ""))
        if target is not None:
            kb.redirects[e.id] = target.id
            _merge_into(kb, target, e, add_roles=True)
            continue
        keys = [key_of(n) for n in [e.name, *e.aliases]]
        # "The Security Council" is the curated "Security Council"
        keys += [k[1:] for k in keys if len(k) > 1 and k[0] == "the"]
        owner = next((kb.aliases[k] for k in keys if len(k) > 1 and k in kb.aliases), None)
        if owner is None:
            owner = next((kb.aliases[k] for k in keys if len(k) == 1 and k in kb.aliases
                          and kb.entries[kb.aliases[k]].kind == "actor" and kb.entries[kb.aliases[k]].type != "PERSON"
                          and e.type != "PERSON" and k == keys[-1]), None)
        if owner is None and keys[0] in kb.aliases and len(keys[0]) == 1:
            owner = kb.aliases[keys[0]] if kb.entries[kb.aliases[keys[0]]].type == e.type else None
        if e.type == "GPE":
            country = e.roles[0].code if e.roles else ""
            cid = kb.country_ids.get(country)
            if cid is None:
                continue
            cname = fold(kb.entries[cid].name)[:4]
            for name in [e.name, *e.aliases]:
                k = key_of(name)
                if not k or k in kb.aliases or k in kb.adjectives or (k[0] == "the" and k[1:] in kb.aliases):
                    continue
                if fold(name).startswith(cname):  # a spelling of the country ("Ukrania", "Russland")
                    kb._add_alias(name, cid, False)
                    continue
                pid = "place:" + "_".join(k)
                kb.add_entry(Entry(pid, "GPE", name, [], [Role(country)], source="phoenix", kind="place"),
                             weak_single=True)  # "Nassau", "Lawrence", "Ariana": only where the NER sees a place
            continue
        if owner is not None:
            for name in [e.name, *e.aliases]:
                k = key_of(name)
                if _redundant_name(kb, k, kb.entries[owner]):
                    continue
                kb._add_alias(name, owner, len(k) == 1)
            continue
        kb.add_entry(e, weak_single=True)


def _redundant_name(kb: KnowledgeBase, k: tuple[str, ...], owner: Entry) -> bool:
    """A converted name that must not become an alias of ``owner``."""
    # "President Putin": a title before a known name adds nothing, the name itself is matched
    if any(kb.aliases.get(k[j:]) == owner.id for j in range(1, len(k))):
        return True
    # "Obama administration" is a government, not the person: left to noun-phrase coding
    return owner.type == "PERSON" and len(k) > 1 and (k[-1],) in kb.agents


def _load_agents(kb: KnowledgeBase) -> None:
    for fname in ("agents.tsv", "extra_agents.tsv", "phoenix_agents.tsv"):
        for row in read_rows(DATA / fname, ["phrase", "sector"]):
            phrase = row["phrase"].strip()
            if not phrase:
                continue
            sector = row["sector"].upper()
            for i, form in enumerate([phrase, *_plurals(phrase)]):
                k = key_of(form)
                if k and k not in kb.agents:
                    # sector "-" in agents.tsv withdraws a converted agent noun ("state": the United States)
                    kb.agents[k] = None if sector == "-" else Agent(sector, row.get("role", ""), plural=i > 0)
                    kb.max_agent_len = max(kb.max_agent_len, len(k))
    for k in [k for k, v in kb.agents.items() if v is None]:
        del kb.agents[k]


def _load_components(kb: KnowledgeBase) -> None:
    for row in read_rows(DATA / "codes.tsv", ["part", "kind"]):
        kb.components.setdefault(row["part"], row["kind"])
        if row["kind"] == "region" and row.get("label"):
            # "Europe", "the Middle East": CAMEO's region codes are actors of their own (EUR, MEA)
            part, label = row["part"], row["label"].strip()
            kb.add_entry(Entry(f"region:{part}", "LOC", label, [], [Role(part, source="codes.tsv")],
                               source="curated", kind="place"), weak_single=False)
    for row in read_rows(DATA / "countries.tsv", ["iso3"]):
        kb.components[row["iso3"]] = "country"
    for row in read_rows(DATA / "country_names.tsv", ["iso3", "cameo"]):
        kb.components[row["cameo"] or row["iso3"]] = "country"


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """The knowledge base, built once per process (curated files first, so they win name clashes)."""
    kb = KnowledgeBase()
    _load_components(kb)
    _load_countries(kb)
    world_ids = {r["old_id"]: r["id"] for r in read_rows(DATA / "world_ids.tsv", ["old_id", "id"])}
    for fname in ("people.tsv", "organisations.tsv"):
        for e in read_actor_file(kb, DATA / fname, "curated"):
            if e.id in world_ids:  # the same person as a world entry: one entry under the QID
                kb.redirects[e.id] = e.id = world_ids[e.id]
            kb.add_entry(e, weak_single=e.type == "PERSON")
    for e in read_actor_file(kb, DATA / "world_people.tsv", "world"):
        known = kb.entries.get(e.id)
        if known is None:
            kb.add_entry(e, weak_single=True)
        else:
            _merge_into(kb, known, e, add_roles=True)
    for row in read_rows(DATA / "leader_roles.tsv", ["iso3", "role"]):
        kb.leader_role[row["iso3"]] = row["role"]
    for row in read_rows(DATA / "first_names.tsv", ["name", "male", "female"]):
        kb.first_names[row["name"]] = (int(row["male"] or 0), int(row["female"] or 0))
    _load_agents(kb)
    _merge_phoenix(kb, read_actor_file(kb, DATA / "phoenix_actors.tsv", "phoenix"), world_ids)
    for e in read_actor_file(kb, DATA / "parties.tsv", "partyfacts"):  # after Phoenix: its codes win names
        kb.add_entry(e, weak_single=True)
    for e in kb.entries.values():
        if e.type != "PERSON":
            continue
        words = key_of(e.name)
        if not e.gender and words:
            e.gender = _first_name_gender(kb, e)
        _former_official_default(kb, e)
        if len(words) < 2:
            continue
        first_role = next((r for r in e.roles if r.code), None)
        family_first = first_role is not None and first_role.code[:3] in FAMILY_FIRST
        first_word = e.name.split()[0] if e.name.split() else ""
        if family_first and (first_word.isupper() and len(first_word.rstrip(".")) <= 3 or "." in first_word):
            family_first = False  # "CY Leung", "C.Y. Leung": initials of given names first, the family name last
        fam = words[0] if family_first else words[-1]
        for surname in {fam, _ARTICLE.sub("", fam)}:  # "al-assad" is also "assad"
            # short surnames are left out ("Le", "Ng") except the family names of family-first names ("Xi")
            if (len(surname) > 3 or (family_first and len(surname) > 1)) and e.id not in kb.surnames.get(surname, []):
                kb.surnames.setdefault(surname, []).append(e.id)
    _initial_free_aliases(kb)
    from reportage.actors.phrases import load_phrases

    load_phrases(kb)  # ethnic and religious groups of one state, and abbreviations of organisation names
    return kb


def _former_official_default(kb: KnowledgeBase, e: Entry) -> None:
    """A person whose dated roles all lie in one country and who has no undated role is that country's
    elite outside those dates (CAMEO codes former officials ELI), as every world person already is.
    The converted 2014 dictionaries close open roles at their own date, so without this default Harry
    Reid or Rob Portman would go uncoded in any later article."""
    country = ""
    for r in e.roles:
        if not r.dated:
            return
        if r.code and r.code[:3] != country:
            if country:
                return  # roles in two countries: no single country to be an elite of
            country = r.code[:3]
    if country and kb.components.get(country) == "country":
        e.roles.append(Role(country + "ELI", source=f"{e.source}:default"))


def _first_name_gender(kb: KnowledgeBase, e: Entry) -> str:
    """The gender that at least 95% of at least 5 office-holders with this first name have (the rule
    build_world applies to world entries), for a curated or Phoenix person without one; else ""."""
    words = key_of(e.name)
    first_role = next((r for r in e.roles if r.code), None)
    if first_role is not None and first_role.code[:3] in FAMILY_FIRST:
        return ""
    male, female = kb.first_names.get(words[0], (0, 0))
    total = male + female
    if total >= 5:
        if male >= 0.95 * total:
            return "male"
        if female >= 0.95 * total:
            return "female"
    return ""


def _overlaps(a: Role, b: Role) -> bool:
    if not a.dated or not b.dated:
        return not a.dated and not b.dated
    return (a.start or "") < (b.end or "9999") and (b.start or "") < (a.end or "9999")


_ARTICLE = re.compile(r"^(?:al|el|ul|ad|as|ash|at|ar|an|az)-")


def _merge_into(kb: KnowledgeBase, target: Entry, other: Entry, add_roles: bool) -> None:
    """``other`` is the same actor as ``target``: its names become aliases and its roles join the
    target's, except a role the target already has (same code and start)."""
    for name in [other.name, *other.aliases]:
        k = key_of(name)
        if not k or _redundant_name(kb, k, target):
            continue
        if name != target.name and name not in target.aliases:
            target.aliases.append(name)
        kb._add_alias(name, target.id, len(k) == 1)
    if not target.gender and other.gender:
        target.gender = other.gender
    if add_roles:
        have = list(target.roles)
        for rl in other.roles:
            if rl.source == "phoenix" and rl.dated and rl.end is None:
                # the 2014 dictionaries cannot know a term went on: it is known until their date
                rl = Role(rl.code, rl.start, PHOENIX_DATE, rl.title, rl.role, rl.source)
            if any(r.code == rl.code and (not rl.role or r.role == rl.role) and _overlaps(r, rl) for r in have):
                continue  # the same term from another source: the first source's dates stand
            target.roles.append(rl)
            if rl.role:
                country = rl.code[:3] if rl.code[:3] != "IGO" else rl.code[:9]
                kb.holders.setdefault((country, rl.role), []).append((target.id, rl))


_APPENDED = ("holders", "by_role")  # the dict-of-list tables KnowledgeBase.add_entry appends to


def with_user_actors(paths: Iterable[str | Path], base: KnowledgeBase | None = None) -> KnowledgeBase:
    """A new knowledge base: ``base`` (default the shipped one) with the actors of the user's files over it.

    Why a copy: the shipped base is cached per process and shared by every document and test; a
    user's actors must reach only the analyses given this object (``resolve_actors(..., kb=...)``).
    Every table is copied (a C-level dict/set copy); the lists inside the tables that adding an
    entry appends to (``_APPENDED``) are copied too. Entries are shared: adding never changes one.
    """
    base = base if base is not None else load_kb()
    kb = copy.copy(base)
    for f in fields(base):
        value = getattr(base, f.name)
        if isinstance(value, dict):
            value = {k: list(v) for k, v in value.items()} if f.name in _APPENDED else dict(value)
        elif isinstance(value, (set, list)):
            value = type(value)(value)
        setattr(kb, f.name, value)
    for path in paths:
        load_user_actors(path, kb)
    return kb


def load_user_actors(path: str | Path, kb: KnowledgeBase) -> int:
    """Add the actors of a user file (same format as people.tsv) to ``kb`` (a copy: :func:`with_user_actors`).

    User entries win over the shipped ones for the names they list. Returns how many actors were read.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    entries = read_actor_file(kb, p, "user")
    for e in entries:
        e.id = e.id if ":" in e.id else f"user:{e.id}"
        for name in [e.name, *e.aliases]:
            kb.aliases.pop(key_of(name), None)
        kb.add_entry(e, weak_single=e.type == "PERSON")
    return len(entries)


def today() -> str:
    return date.today().isoformat()
