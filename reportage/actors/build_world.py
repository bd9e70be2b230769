"""Maintainer tool: build the world base of dated office-holders from ``../shared/data/officeholders``.

Run when the sources or the mapping files change; the generated files are committed and the run-time
loader never reads the sources::

    python -m reportage.actors.build_world ../shared/data/officeholders      # or: reportage actors build DIR

Inputs (besides the source folder): ``data/positions.tsv`` (position title -> CAMEO sector and role),
``data/world_sources.tsv`` (officeholder file -> country), ``data/people.tsv`` and
``data/phoenix_actors.tsv`` (to merge the same person under one id). Outputs, all sorted so that the
same input gives byte-identical files:

* ``world_people.tsv``: one row per role, keyed by the Wikidata QID (``Q7747``) where there is one,
  else ``fb:<country>:<name>`` for a Factbook-only holder; with gender and the source of each role;
* ``world_ids.tsv``: curated (``p:``) and Phoenix (``phx:``) ids that are the same person as a world
  entry, so the loader merges them into ONE entry and the old ids stay resolvable;
* ``first_names.tsv``: first name -> how many male and female office-holders carry it (pronoun guesses);
* ``parties.tsv``: Party Facts parties with an English name, coded COUNTRY+PTY.

How roles are dated: Wikidata gives start/end (year or month precision is read as the first day);
an empty end means "still in office when the scraper last ran" (2022-2023). The Factbook snapshots
(year-ends 2021-2025) name heads of state and government "(since D)": a holder named at a snapshot
holds from D; a holder no longer named at a later snapshot ended at the successor's since-date (or
at that snapshot's date when the office is vacant). An open role of a single-holder office (see
``SINGLE_ROLES``) ends where a later holder of the same office starts.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from reportage.actors.kb import (
    DATA,
    FAMILY_FIRST,
    Entry,
    KnowledgeBase,
    fold,
    key_of,
    read_actor_file,
    read_rows,
    translit_key,
)
from reportage.inputs import InputError

# heads: one office whatever the source calls it ("Prime Minister", "Premier")
HEAD_ROLES = {"president", "prime_minister", "king", "supreme_leader", "chancellor"}
# offices one person holds at a time in a country: an open term ends where the next holder's starts
SINGLE_ROLES = {"president", "prime_minister", "king", "supreme_leader", "chancellor", "vice_president",
                "foreign_minister", "defence_minister", "finance_minister", "interior_minister",
                "justice_minister", "central_bank_president", "secretary_general", "chief_justice",
                "speaker", "attorney_general", "army_chief", "intelligence_chief", "un_ambassador"}
WORLD_COLUMNS = ["id", "type", "name", "aliases", "code", "start", "end", "title", "role", "gender", "source", "home"]
_MONTHS = {m: i + 1 for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july",
                                            "august", "september", "october", "november", "december"])}
_HONORIFICS = {"general", "gen", "col", "capt", "lt", "maj", "dr", "sir", "dame", "ratu", "sheikh", "shaykh",
               "adm", "brig", "colonel", "captain", "major", "lieutenant", "field", "marshal", "mr", "mrs", "ms",
               "caretaker", "bailiff", "pope", "grand", "chief"}
_PAREN = re.compile(r"\(([^()]*)\)")
_SINCE = re.compile(r"(?:since|assumed office on|took office on)\s+(\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4})")


@dataclass
class Term:
    """One dated office of one person, before it is written out."""
    code: str
    start: str | None
    end: str | None
    title: str
    role: str
    source: str
    office: str = ""  # (country, role) key of a single-holder office, for closing open terms


@dataclass
class Person:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    gender: str = ""
    terms: list[Term] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    family_first: bool = False


# ---- mapping files ---------------------------------------------------------------------------------

@dataclass
class PositionRule:
    pattern: re.Pattern[str]
    sector: str  # "-" = not coded; a 3-letter sector (GOV, MIL ...) or a full code (IGOUNO)
    role: str
    line: int
    countries: frozenset[str] = frozenset()  # empty: every country


def load_positions(path: Path = DATA / "positions.tsv") -> list[PositionRule]:
    rules = []
    for row in read_rows(path):
        try:
            pat = re.compile(row["pattern"], re.IGNORECASE)
        except re.error as exc:
            raise InputError(f"{path}: line {row['_line']}: bad pattern {row['pattern']!r} ({exc})") from None
        countries = frozenset(c for c in row.get("countries", "").split("|") if c)
        rules.append(PositionRule(pat, row["sector"], row.get("role", ""), int(row["_line"]), countries))
    return rules


def classify(title: str, rules: list[PositionRule], country: str = "") -> PositionRule | None:
    """The first rule whose pattern matches the WHOLE title (case ignored) for ``country``, or None."""
    t = " ".join(title.split())
    for r in rules:
        if r.countries and country[:3] not in r.countries:
            continue
        if r.pattern.fullmatch(t):
            return r
    return None


# ---- dates and names -------------------------------------------------------------------------------

def norm_date(raw: str) -> str | None:
    """``2019``, ``2019-05`` or ``2019-05-07`` -> an ISO day (first of the period); anything else -> None."""
    raw = raw.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", raw)
    if not m:
        return None
    return f"{m.group(1)}-{m.group(2) or '01'}-{m.group(3) or '01'}"


def text_date(raw: str) -> str | None:
    """``7 May 2012`` -> ``2012-05-07``."""
    parts = raw.replace(".", "").split()
    month = next((n for m, n in _MONTHS.items() if len(parts) == 3 and len(parts[1]) >= 3
                  and m.startswith(parts[1].lower())), None)
    if month is None:
        return None
    return f"{int(parts[2]):04d}-{month:02d}-{int(parts[0]):02d}"


def name_variants(name: str) -> list[str]:
    """Spellings the news uses for one name: hyphen/space ("Kim Jong-un" / "Kim Jong Un"), Arabic
    article dropped ("Bashar al-Assad" / "Bashar Assad"), transliteration endings (Zelenskyy /
    Zelensky / Zelenskiy, Tokayev / Tokaev, Dmitriy / Dmitry)."""
    out: list[str] = []

    def add(v: str) -> None:
        v = " ".join(v.split())
        if v and v != name and v not in out:
            out.append(v)

    words = name.split()
    if any("-" in w for w in words):
        add(" ".join(w.replace("-", " ") for w in words))
    dropped = [re.sub(r"^(?:al|el|ul|ad|as|ash|at|ar|an|az)-(?=[A-Z])", "", w) for w in words]
    if dropped != words:
        add(" ".join(dropped))
    for i, w in enumerate(words):
        for pat, reps in _TRANSLIT_VARIANTS:
            if pat.search(w):
                for rep in reps:
                    v = pat.sub(rep, w)
                    if v != w:
                        add(" ".join(words[:i] + [v] + words[i + 1:]))
    return out


_TRANSLIT_VARIANTS: list[tuple[re.Pattern[str], list[str]]] = [
    (re.compile(r"sk(?:yy|iy|yi|y|i)$"), ["sky", "skiy", "skyy", "skyi"]),
    (re.compile(r"(?<=[aeiou])yev$"), ["ev"]),
    (re.compile(r"(?<=[aeiou])ev$"), ["yev"]),
    (re.compile(r"(?<=[aeiou])yeva$"), ["eva"]),
    (re.compile(r"(?<=[^aeiou])iy$"), ["y"]),
]


def factbook_name(raw: str) -> str:
    """``Kasym-Zhomart TOKAYEV`` -> ``Kasym-Zhomart Tokayev``; ``Joseph R. BIDEN, Jr.`` -> ``Joseph R. Biden``."""
    raw = re.sub(r",?\s+(Jr|Sr)\.?$", "", raw.strip())
    def fix(part: str) -> str:
        letters = [c for c in part if c.isalpha()]
        if len(letters) < 2 or not all(c.isupper() for c in letters) or re.fullmatch(r"[IVXLC]+", part):
            return part
        return part[:1] + part[1:].lower()

    return " ".join("-".join(fix(p) for p in w.split("-")) for w in raw.split())


# ---- sources ---------------------------------------------------------------------------------------

class WorldBuilder:
    def __init__(self, src: Path) -> None:
        self.src = src
        self.rules = load_positions()
        self.people: dict[str, Person] = {}
        self.unmapped: Counter[str] = Counter()
        self.titles: Counter[str] = Counter()
        self.first_names: dict[str, Counter[str]] = defaultdict(Counter)
        self._family: dict[str, str] = {}

    # -- Wikidata cabinets
    def read_wikidata(self) -> None:
        folder = self.src / "wikidata-cabinets"
        if not folder.is_dir():
            raise InputError(f"{folder}: no such folder (expected the officeholders data set)")
        sources = {r["slug"]: r for r in read_rows(DATA / "world_sources.tsv")}
        for path in sorted(folder.glob("*.csv")):
            if path.name.endswith(".positions.csv"):
                continue
            slug = path.stem
            if slug not in sources:
                raise InputError(f"{path}: file {slug!r} is not listed in world_sources.tsv")
            src = sources[slug]
            with path.open(encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    self._wikidata_row(row, slug, src)

    def _wikidata_row(self, row: dict[str, str], slug: str, src: dict[str, str]) -> None:
        title, qid, name = " ".join(row["position"].split()), row["personID"].strip(), row["person"].strip()
        if not re.fullmatch(r"Q\d+", qid) or not name or re.fullmatch(r"Q\d+", name):
            return
        self.titles[title] += 1
        scope, country = src["scope"], src["code"]
        rule = classify(title, self.rules, country)
        if rule is None:
            self.unmapped[title] += 1
            return
        gender = (row.get("gender") or "").strip()
        fam = country[:3] in FAMILY_FIRST
        if gender in ("male", "female") and not fam:
            first = fold(name.split()[0]) if name.split() else ""
            if first.isalpha() and len(first) > 1:
                self.first_names[first][gender] += 1
        if rule.sector == "-":
            return
        role = rule.role
        if scope == "igo":
            if len(rule.sector) < 6:
                return  # a national office in the international file: not coded
            code = rule.sector
            office_country = code
        elif len(rule.sector) != 3:
            return  # an international office named in a national file ("Secretary-General of the UN"?)
        elif scope == "separatist":
            code, role = country, ""
            office_country = ""
        else:
            code = country + rule.sector
            office_country = country
            if scope == "subnational":
                role = ""
        if src["region"] and src["region"].lower() not in title.lower():
            title = f"{title} ({src['region']})"
        person = self.people.get(qid)
        if person is None:
            person = self.people[qid] = Person(qid, name, family_first=fam)
        if gender and not person.gender:
            person.gender = gender
        enwiki = re.sub(r"\s*\([^)]*\)$", "", (row.get("enwiki") or "").replace("_", " ")).strip()
        if enwiki and enwiki != person.name and enwiki not in person.aliases:
            person.aliases.append(enwiki)
        person.countries.add(code[:3])
        start, end = norm_date(row.get("start", "")), norm_date(row.get("end", ""))
        if start and end and end <= start:
            # "2019-05-07" to "2019": the end is somewhere in 2019, after the start: the end of the period;
            # an end before a full start date is an error of the source: the row is left out
            end = _period_end(row.get("end", ""))
            if end is None or end <= start:
                return
        office = ""
        if role in HEAD_ROLES:
            office = f"{office_country}/{role}"
        elif role in SINGLE_ROLES:  # several parliaments, courts, staffs per country: the title says which
            office = f"{office_country}/{role}/{fold(title)}"
        person.terms.append(Term(code, start, end, title, role, f"wikidata:{slug}", office))

    # -- Factbook
    def read_factbook(self) -> None:
        path = self.src / "factbook" / "executive-history.jsonl"
        if not path.exists():
            raise InputError(f"{path}: no such file")
        countries = self._factbook_countries()
        snapshots: dict[int, str] = {}
        named: dict[tuple[str, str], dict[int, list[tuple[str, str, str]]]] = defaultdict(dict)
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError:
                raise InputError(f"{path}: line {lineno}: not JSON") from None
            iso = countries.get(fold(d["country_name"]))
            if not iso:
                continue
            year = int(d["year"])
            snapshots[year] = max(snapshots.get(year, ""), d["snapshot_date"])
            for title, name, since, role, family in self._factbook_holders(d["text"], iso):
                named[(iso, role)].setdefault(year, []).append((name, since, title))
                self._family[name] = family
        self._drop_shared_heads(named)
        years = sorted(snapshots)
        for (iso, role), by_year in sorted(named.items()):
            for y in years:
                for name, since, title in by_year.get(y, []):
                    later = [yy for yy in years if yy > y]
                    if any(name in [n for n, _, _ in by_year.get(yy, [])] for yy in later[:1]):
                        continue  # still named next year: that snapshot dates the term
                    end = None
                    if later:
                        nxt = later[0]
                        succ = [s for n, s, _ in by_year.get(nxt, []) if n != name and s and s > since]
                        end = min(succ) if succ else snapshots[nxt]
                    first_year = min(yy for yy in years if name in [n for n, _, _ in by_year.get(yy, [])])
                    self._factbook_term(iso, role, name, since, end, title, first_year)

    def _drop_shared_heads(self, named: dict[tuple[str, str], dict[int, list[tuple[str, str, str]]]]) -> None:
        """A head named for several countries in one snapshot (the King of the Commonwealth realms, the
        French president in French Polynesia, the US president in Guam) keeps the office only where
        Wikidata gives them a role in that country or where they also head the government."""
        heads: dict[tuple[int, str], set[str]] = defaultdict(set)
        for (iso, _role), by_year in named.items():
            for y, items in by_year.items():
                for name, _, _ in items:
                    heads[(y, name)].add(iso)
        for (iso, role), by_year in named.items():
            for y, items in by_year.items():
                keep = []
                for item in items:
                    if len(heads[(y, item[0])]) > 1:
                        p = self._match_person(iso, item[0], role, item[1])
                        own = p is not None and not p.id.startswith("fb:")
                        govt = any(item[0] in [n for n, _, _ in named.get((iso, r), {}).get(y, [])]
                                   for r in ("prime_minister", "president") if r != role)
                        if not own and not govt:
                            continue
                    keep.append(item)
                by_year[y] = keep

    def _factbook_countries(self) -> dict[str, str]:
        """Factbook country names -> CAMEO country code (countries.tsv, country_names.tsv, factbook_countries.tsv)."""
        out: dict[str, str] = {}
        for r in read_rows(DATA / "countries.tsv"):
            for n in (r.get("name", ""), r.get("official_name", ""), r.get("common_name", "")):
                if n:
                    out[fold(n)] = r["iso3"]
        for r in read_rows(DATA / "country_names.tsv"):
            for n in r["names"].split("|"):
                if n:
                    out[fold(n)] = r["cameo"] or r["iso3"]
        for r in read_rows(DATA / "factbook_countries.tsv"):
            out[fold(r["factbook_name"])] = r["code"]
        return out

    def _factbook_holders(self, text: str, iso: str) -> list[tuple[str, str, str, str, str]]:
        """(title, name, since, role, family name) of the coded holders in the chief-of-state and
        head-of-government parts of one Factbook text."""
        out: list[tuple[str, str, str, str, str]] = []
        for part in re.split(r"\n\s*\n", text):
            head, _, body = part.partition(":")
            head = head.strip().lower()
            if head not in ("chief of state", "head of government"):
                continue
            for n_chunk, chunk in enumerate(body.split(";")):
                chunk = chunk.strip()
                if not chunk or chunk.lower().startswith("note") or "represented by" in chunk:
                    continue
                dates = [d for d in (text_date(m.group(1)) for m in _SINCE.finditer(chunk)) if d]
                if not dates:
                    continue
                since = max(dates) if "chairperson since" in chunk else dates[0]
                first = _SINCE.search(chunk)
                cut = chunk.rfind("(", 0, first.start()) if first else -1
                lead = _PAREN.sub(" ", chunk[:cut] if cut >= 0 else chunk.split("(")[0])  # "Taoiseach (Prime Minister) X"
                found = self._split_title(" ".join(lead.split()), iso, head, first_named=n_chunk == 0)
                if found is None:
                    continue
                title, name, family, rule = found
                if rule.sector != "GOV" or not rule.role:
                    continue
                item = (title, name, since, rule.role, family)
                if all(o[1:4] != item[1:4] and o[1:2] + o[3:4] != item[1:2] + item[3:4] for o in out):
                    out.append(item)
        return out

    def _split_title(self, lead: str, iso: str, head: str,
                     first_named: bool = True) -> tuple[str, str, str, PositionRule] | None:
        """``Prime Minister Rishi SUNAK`` -> (``Prime Minister``, ``Rishi Sunak``, ``Sunak``, rule): the title
        is the SHORTEST leading run of words that positions.tsv knows and that a capitalised word follows
        ("President of the Government of Spain Pedro SANCHEZ" needs the long one, "President Duma BOKO"
        the short one); the name must hold an UPPER-CASE family name. A leading acronym ("GNU Interim Prime
        Minister ...") is skipped; with no title at all, the part of the text says which office the first
        holder named in it has."""
        words = lead.split()
        if not any(_is_upper(w) for w in words):
            return None
        for j in (0, 1):
            if j == 1 and not (words and _is_upper(words[0]) and len(words[0]) <= 5):
                break
            for i in range(j + 1, len(words)):
                if not words[i][:1].isupper() or _is_upper(words[i - 1]) or words[i - 1][:1].islower():
                    continue  # a title ends in a capitalised word: not "... Commander-in-Chief of the"
                title = " ".join(words[j:i])
                rule = classify(title, self.rules, iso)
                if rule is None or not rule.role:
                    continue  # "CNSP Prime" is no title, "CNSP Prime Minister" a minister of some kind
                found = self._named(title, words[i:], rule)
                if found is not None:
                    self.titles[title] += 1
                    return found
        if first_named and words[0][:1].isupper() and len(words) <= 4:
            # no title: the first holder of the part is its office (France's "François BAYROU"); later
            # untitled holders (Bosnia's other presidency members) are not the head
            title = "Prime Minister" if head == "head of government" else "Head of State"
            rule = classify(title, self.rules, iso)
            if rule is not None:
                return self._named(title, words, rule)
        return None

    @staticmethod
    def _named(title: str, words: list[str], rule: PositionRule) -> tuple[str, str, str, PositionRule] | None:
        name_words = [w for w in words if fold(w).rstrip(".") not in _HONORIFICS]
        upper = [w for w in name_words if _is_upper(w)]
        if not upper or len(name_words) > 6 or any(w[:1].islower() and w not in ("al", "bin", "de", "da", "del",
                                                                                   "e", "el", "van", "von", "der")
                                                   and not w.startswith(("al-", "el-")) for w in name_words):
            return None
        return title, factbook_name(" ".join(name_words)), factbook_name(upper[0]), rule

    def _factbook_term(self, iso: str, role: str, name: str, since: str, end: str | None, title: str,
                       year: int) -> None:
        person = self._match_person(iso, name, role, since)
        if person is None:
            slug = re.sub(r"[^a-z0-9]+", "_", fold(name)).strip("_")
            pid = f"fb:{iso}:{slug}"
            person = self.people.get(pid)
            if person is None:
                person = self.people[pid] = Person(pid, name, family_first=iso in FAMILY_FIRST)
        elif name != person.name and name not in person.aliases:
            person.aliases.append(name)
        person.countries.add(iso)
        family = self._family.get(name, "")
        words = name.split()
        if family and len(words) > 2 and words[0] != family and not person.family_first:
            short = f"{words[0]} {family}"  # "Gustavo Francisco Petro Urrego" is "Gustavo Petro" in the news
            if short != person.name and short not in person.aliases:
                person.aliases.append(short)
        person.terms.append(Term(iso + "GOV", since, end, title, role, f"factbook:{year}",
                                 f"{iso}/{role}" if role in HEAD_ROLES else ""))

    def _match_person(self, iso: str, name: str, role: str, since: str = "") -> Person | None:
        """The Wikidata person a Factbook holder is: same country, same family name (transliteration
        ignored), same first initial; one holding the same role wins a tie. Failing that, the one person
        of the country whose term in the same role starts within a month of "since" ("Alyaksandr
        Lukashenka" is Alexander Lukashenko, president since 1994-07-20), or the one person anywhere with
        exactly that name (Mark Carney, a governor of the Bank of England before he led Canada)."""
        if not hasattr(self, "_by_country"):
            idx: dict[str, list[Person]] = defaultdict(list)
            by_name: dict[str, list[Person]] = defaultdict(list)
            for p in self.people.values():
                for c in p.countries:
                    idx[c].append(p)
                for n in {translit_key(x) for x in [p.name, *p.aliases]}:
                    by_name[n].append(p)
            self._by_country = idx
            self._by_name = by_name
        words = name.split()
        fam = self._family.get(name) or _family_name(words, iso in FAMILY_FIRST)
        fkey = translit_key(_strip_article(fam))
        initials = {fold(w)[:1] for w in words if w != fam}
        exact, loose = [], []
        for p in self._by_country.get(iso, []):
            if p.id.startswith("fb:"):
                continue
            names = [p.name, *p.aliases]
            if any(translit_key(n) == translit_key(name) for n in names):
                exact.append(p)
                continue
            for n in names:
                pw = n.split()
                if not pw:
                    continue
                keys = {translit_key(_strip_article(w)) for w in pw}
                if fkey and fkey in keys and (fold(pw[0])[:1] in initials or fold(pw[-1])[:1] in initials
                                              or len(words) == 1):
                    loose.append(p)
                    break
        for cands in (exact, loose):
            if len(cands) == 1:
                return cands[0]
            same = [p for p in cands if any(t.role == role for t in p.terms)]
            if len(same) == 1:
                return same[0]
        if since and not exact and not loose:
            dated = [p for p in self._by_country.get(iso, []) if not p.id.startswith("fb:")
                     and any(t.role == role and t.start and _days_apart(t.start, since) <= 31 for t in p.terms)]
            if len(dated) == 1:
                return dated[0]
        anywhere = [p for p in self._by_name.get(translit_key(name), []) if not p.id.startswith("fb:")]
        if not exact and not loose and len(anywhere) == 1:
            return anywhere[0]
        return None

    # -- closing open terms
    def close_open_terms(self) -> None:
        by_office: dict[str, list[tuple[str, Term]]] = defaultdict(list)
        for p in self.people.values():
            self._merge_terms(p)
            for t in p.terms:
                if t.office:
                    by_office[t.office].append((p.id, t))
        for terms in by_office.values():
            for pid, t in terms:
                if t.end is not None:
                    continue
                later = [o.start for opid, o in terms if opid != pid and o.start and t.start and o.start > t.start]
                if later:
                    t.end = min(later)
                    t.source += "+successor"

    @staticmethod
    def _merge_terms(p: Person) -> None:
        """Terms of one office (same code and role) that overlap are one term named by several sources:
        it starts at the earliest start and ends where the latest source (the Factbook) says it ends."""
        p.terms.sort(key=lambda t: (t.code, t.role, t.start or "", t.end or "9999", t.source))
        merged: list[Term] = []
        for t in p.terms:
            prev = next((m for m in merged if t.role and m.code == t.code and m.role == t.role and _overlap(m, t)),
                        None)
            if prev is None:
                merged.append(t)
                continue
            fb = [x for x in (prev, t) if "factbook" in x.source]
            if fb:
                prev.end = fb[-1].end if len(fb) == 1 else (None if None in (prev.end, t.end) else max(prev.end, t.end))
            elif prev.end is not None:
                prev.end = None if t.end is None else max(prev.end, t.end)
            prev.start = min(x for x in (prev.start, t.start) if x) if (prev.start or t.start) else None
            prev.title = prev.title if "wikidata" in prev.source or "wikidata" not in t.source else t.title
            prev.source = ",".join(sorted(set(prev.source.split(",")) | set(t.source.split(","))))
            prev.office = prev.office or t.office
        p.terms = merged

    # -- merging curated and Phoenix people
    def id_map(self) -> list[tuple[str, str]]:
        """Old ids (people.tsv, phoenix_actors.tsv) that are a world person: same name (case, accents,
        hyphens, transliteration ignored) and a role in a country the world person served."""
        index: dict[str, list[Person]] = defaultdict(list)
        loose_index: dict[str, list[Person]] = defaultdict(list)
        for p in self.people.values():
            for n in [p.name, *p.aliases]:
                index[translit_key(n)].append(p)
                if p not in loose_index[translit_key(_without_initials(n))]:
                    loose_index[translit_key(_without_initials(n))].append(p)
        kb = KnowledgeBase()
        out: list[tuple[str, str]] = []
        for fname, src in (("people.tsv", "curated"), ("phoenix_actors.tsv", "phoenix")):
            for e in read_actor_file(kb, DATA / fname, src):
                if e.type not in ("PERSON", ""):  # many converted Phoenix people have no type
                    continue
                countries = {r.code[:3] for r in e.roles}
                hits: list[Person] = []
                for n in [e.name, *e.aliases]:
                    if len(key_of(n)) < 2:
                        continue
                    for p in index.get(translit_key(n), []):
                        if p not in hits and (p.countries & countries):
                            hits.append(p)
                if not hits:
                    # "John Bolton" (Phoenix) is "John R. Bolton" (Wikidata) when they held an office in the
                    # same country at the same time
                    cands = {p.id: p for p in loose_index.get(translit_key(_without_initials(e.name)), [])}
                    if len(cands) == 1 and _same_time_office(e, next(iter(cands.values()))):
                        hits = list(cands.values())
                if not hits and src == "curated":
                    # a curated person known only in an international office (Josep Borrell, EU): the one
                    # world person of that full name
                    named = {p.id: p for p in index.get(translit_key(e.name), [])}
                    if len(named) == 1:
                        hits = list(named.values())
                if len({p.id for p in hits}) == 1 and _gap_years(e, hits[0]) > 35:
                    continue  # a namesake two generations apart (Bjarni Benediktsson, PM 1963-70 and 2017)
                if len({p.id for p in hits}) == 1:
                    out.append((e.id, hits[0].id))
                    if e.name not in hits[0].aliases and e.name != hits[0].name:
                        hits[0].aliases.append(e.name)
        return sorted(set(out))

    def infer_genders(self) -> int:
        """People whose source has no gender column (79 of the files) get the gender that at least 95% of
        at least 5 office-holders with the same first name have in Wikidata; the rest stay unknown ("")."""
        n = 0
        for p in self.people.values():
            if p.gender or p.family_first or not p.name.split():
                continue
            c = self.first_names.get(fold(p.name.split()[0]))
            if not c:
                continue
            total = c["male"] + c["female"]
            for g in ("male", "female"):
                if total >= 5 and c[g] >= 0.95 * total:
                    p.gender = g
                    n += 1
        return n

    # -- writing
    def add_variants(self) -> None:
        """Spelling variants of every name (``name_variants``) become aliases, except a variant that two
        people would share ("George W. Bush" and "George H. W. Bush" both give "George Bush")."""
        found: dict[str, list[str]] = {}
        owners: dict[str, set[str]] = defaultdict(set)
        for p in self.people.values():
            vs: list[str] = []
            for n in [p.name, *p.aliases]:
                for v in name_variants(n):
                    if v != p.name and v not in p.aliases and v not in vs:
                        vs.append(v)
            found[p.id] = vs
            for v in vs:
                owners[translit_key(v)].add(p.id)
            for n in [p.name, *p.aliases]:
                owners[translit_key(n)].add(p.id)
        for p in self.people.values():
            p.aliases.extend(v for v in found[p.id] if len(owners[translit_key(v)]) == 1)

    def write(self, out_dir: Path) -> dict[str, int]:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.add_variants()
        ids = self.id_map()
        rows = []
        for pid in sorted(self.people, key=_id_order):
            p = self.people[pid]
            if not p.terms:
                continue
            aliases = [a for a in dict.fromkeys(p.aliases) if a != p.name and len(key_of(a)) > 1]
            terms = sorted(p.terms, key=lambda t: (t.start or "", t.end or "9999", t.code, t.title))
            home = Counter(t.code[:3] for t in terms if t.code[:3] != "IGO").most_common(1)
            for i, t in enumerate(terms):
                rows.append([p.id, "PERSON" if i == 0 else "", p.name if i == 0 else "",
                             "|".join(aliases) if i == 0 else "", t.code, t.start or "", t.end or "",
                             t.title, t.role, p.gender if i == 0 else "", t.source,
                             home[0][0] if home and i == 0 else ""])
        _write_tsv(out_dir / "world_people.tsv", WORLD_COLUMNS, rows,
                   "# generated by reportage.actors.build_world from ../shared/data/officeholders (Wikidata CC0, "
                   "CIA World Factbook CC0); do not edit, see docs/actors.md")
        _write_tsv(out_dir / "world_ids.tsv", ["old_id", "id"], [list(r) for r in ids],
                   "# generated by reportage.actors.build_world: curated/Phoenix ids merged into a world entry")
        fn_rows = [[n, str(c["male"]), str(c["female"])] for n, c in sorted(self.first_names.items())
                   if c["male"] + c["female"] >= 2]
        _write_tsv(out_dir / "first_names.tsv", ["name", "male", "female"], fn_rows,
                   "# generated by reportage.actors.build_world: first names of office-holders by Wikidata gender "
                   "(names seen at least twice)")
        n_parties = self.write_parties(out_dir)
        return {"people": sum(1 for p in self.people.values() if p.terms), "roles": len(rows),
                "merged_ids": len(ids), "first_names": len(fn_rows), "parties": n_parties,
                "unmapped_titles": len(self.unmapped)}

    def write_parties(self, out_dir: Path) -> int:
        """Party Facts parties with an English name that is not made of common words only; a name given to
        parties of several countries is dropped; short acronyms are dropped (an upper-case acronym of 2-3
        letters names too many things: "PP", "MDC", "ANC" ...)."""
        path = self.src / "partyfacts" / "core-parties.csv"
        if not path.exists():
            raise InputError(f"{path}: no such file")
        valid = {r["iso3"] for r in read_rows(DATA / "countries.tsv")}
        common = {w.strip() for w in (DATA / "common_words.txt").read_text(encoding="utf-8").split() if w.strip()}
        rows = []
        seen: Counter[str] = Counter()
        parties = []
        # an acronym that is also a word of a person's name ("MARTIN") would take that person's mentions
        name_words = {fold(w) for p in self.people.values() for w in p.name.split()} | set(self.first_names)
        with path.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                if r["technical"].strip() or r["country"] not in valid:
                    continue
                name = (r["name_english"] or "").split(" / ")[0].strip()
                if not name or len(key_of(name)) < 2 or all(w in common for w in key_of(name)):
                    continue
                if not re.search(r"(?i)\b(party|front|union|alliance|movement|congress|league|coalition|bloc|"
                                 r"democrats|republicans|socialists|liberals|conservatives|greens|list|forum|"
                                 r"council|rally|convention|organi[sz]ation|federation)\b", name):
                    continue  # a bare slogan ("Forward", "Our Home") is not a safe name
                parties.append((r["country"], name, r))
                seen[fold(name)] += 1
        for country, name, r in sorted(parties, key=lambda x: (x[0], x[1], x[2]["partyfacts_id"])):
            if seen[fold(name)] > 1:
                continue  # "Social Democratic Party" in twelve countries: only "X's ..." can say which
            aliases = []
            short = r["name_short"].strip()
            vowels = sum(c in "AEIOU" for c in short)
            # an acronym that could be a word ("PACE", "DEMO") is left out: 5+ letters, or 4 with one vowel
            if (len(short) >= 5 or (len(short) == 4 and vowels <= 1)) and short.isalpha() and short.upper() == short \
                    and fold(short) not in common and fold(short) not in name_words:
                aliases.append(short)
            first, last = r["year_first"].strip(), r["year_last"].strip()
            rows.append([f"pf:{r['partyfacts_id']}", "ORG", name, "|".join(aliases), country + "PTY",
                         "", "", "political party" + (f" ({first}-{last})" if first and last else ""), "party",
                         "", "partyfacts", ""])
        _write_tsv(out_dir / "parties.tsv", WORLD_COLUMNS, rows,
                   "# generated by reportage.actors.build_world from Party Facts core parties (MIT, see "
                   "LICENSE.partyfacts.txt); do not edit")
        return len(rows)


def _overlap(a: Term, b: Term) -> bool:
    a0, b0 = a.start or "0000", b.start or "0000"
    a1, b1 = a.end or "9999", b.end or "9999"
    return a0 < b1 and b0 < a1


def _period_end(raw: str) -> str | None:
    """The day after a partial date's period: ``2019`` -> ``2020-01-01``, ``2019-05`` -> ``2019-06-01``."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", raw.strip())
    if not m:
        return None
    year, month = int(m.group(1)), m.group(2)
    if month is None:
        return f"{year + 1:04d}-01-01"
    return f"{year + int(month) // 12:04d}-{int(month) % 12 + 1:02d}-01"


def _without_initials(name: str) -> str:
    """``John R. Bolton`` -> ``John Bolton`` (never an alias: "George W. Bush" is not "George Bush")."""
    words = name.split()
    return " ".join([words[0], *[w for w in words[1:-1] if not re.fullmatch(r"[A-Z]\.?", w)], words[-1]]) \
        if len(words) > 2 else name


def _same_time_office(e: Entry, p: Person) -> bool:
    """``e`` held an office (not ELI) in a country of ``p`` at a time ``p`` held one there."""
    for r in e.roles:
        if not r.dated or r.code.endswith("ELI"):
            continue
        for t in p.terms:
            if t.code[:3] == r.code[:3] and (r.start or "") < (t.end or "9999") and (t.start or "") < (r.end or "9999"):
                return True
    return False


def _days_apart(a: str, b: str) -> int:
    from datetime import date

    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:
        return 10**6


def _gap_years(e: Entry, p: Person) -> int:
    """Years between the last dated role of ``e`` and the first term of ``p`` (0 when they overlap)."""
    ends = [r.end or r.start or "" for r in e.roles if r.dated]
    starts = [t.start for t in p.terms if t.start]
    if not ends or not starts:
        return 0
    return int(min(starts)[:4]) - int(max(ends)[:4])


def _is_upper(w: str) -> bool:
    """An upper-case family name as the Factbook writes it: ``TOKAYEV``, ``al-ASAD``, ``Nandi-NDAITWAH``."""
    for part in _strip_article(w).split("-"):
        letters = [c for c in part if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            return True
    return False


def _strip_article(w: str) -> str:
    return re.sub(r"(?i)^(?:al|el|ul|ad|as|ash|at|ar|an|az)-", "", w)


def _family_name(words: list[str], family_first: bool) -> str:
    upper = [w for w in words if _is_upper(w)]
    if upper:
        return upper[0]
    if not words:
        return ""
    return words[0] if family_first else words[-1]


def _id_order(pid: str) -> tuple[int, int, str]:
    m = re.fullmatch(r"Q(\d+)", pid)
    return (0, int(m.group(1)), "") if m else (1, 0, pid)


def _write_tsv(path: Path, columns: list[str], rows: list[list[str]], comment: str) -> None:
    clean = [[c.replace("\t", " ").replace("\n", " ") for c in r] for r in rows]
    text = comment + "\n" + "\t".join(columns) + "\n" + "".join("\t".join(r) + "\n" for r in clean)
    path.write_text(text, encoding="utf-8")


def build(src: Path, out_dir: Path = DATA) -> dict[str, int]:
    """Rebuild the world files from the officeholders folder ``src`` into ``out_dir``; returns counts."""
    if not src.is_dir():
        raise InputError(f"{src}: no such folder (expected ../shared/data/officeholders)")
    b = WorldBuilder(src)
    b.read_wikidata()
    b.read_factbook()
    b.close_open_terms()
    inferred = b.infer_genders()
    stats = b.write(out_dir)
    stats["genders_inferred"] = inferred
    if b.unmapped:
        print(f"{len(b.unmapped)} position titles match no rule of positions.tsv (not coded), e.g.: "
              + "; ".join(t for t, _ in b.unmapped.most_common(10)), file=sys.stderr)
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("src", type=Path, help="the officeholders folder (../shared/data/officeholders)")
    ap.add_argument("--out", type=Path, default=DATA, help="where to write the generated files (default: the package)")
    args = ap.parse_args(argv)
    try:
        stats = build(args.src, args.out)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(" ".join(f"{k}={v}" for k, v in stats.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
