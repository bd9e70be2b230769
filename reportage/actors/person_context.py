"""People the base does not know, coded from what the article says they are (issue 9).

Most people quoted in the news are in no knowledge source: analysts, professors, correspondents,
officials of a body. The text says whose they are, and CAMEO codes them as that body:

* an affiliation beside the name: "Vanda Felbab-Brown, an insurgency expert at the Brookings
  Institution", "Anthony Cordesman of the Center for Strategic and International Studies", "Alex
  Halderman, a computer science professor at the University of Michigan" -> the body's code (a think
  tank USAELI as the Phoenix dictionaries code Washington think tanks, a university USAEDU, an outlet
  its MED code). The body must be coded by the base (organisations.tsv, the Phoenix dictionaries) or,
  for a state body coded from its name, carry a state sector; "University of <place>" takes the
  country of a place (not a country: "University of Georgia") the base knows, with EDU. A description
  with a word of the past ("a former fellow at ...") codes nothing, as a noun not naming a member
  (data/affiliation_nouns.txt) does not ("an expert on Afghanistan" is a topic).
* a first name alone ("Bernie", "Kofi") is the coded person of the article who has that first name,
  only when exactly one person of the article has it and no other person uses the word as a surname.

Every rule codes through :func:`reportage.actors.resolve.code_actor`, so ``role["from"]`` says which.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from reportage.actors.kb import fold, key_of, tokenize, word_list
from reportage.actors.resolve import (
    _LONGER_NAME,
    _NOT_NOW,
    _STATE_SECTORS,
    DocActors,
    _country_code,
    _title_person,
    code_actor,
    member_modifiers,
    member_nouns,
    ranks_before_names,
)
from reportage.document import Actor

_DATA = Path(__file__).resolve().parent / "data"
# the description after a name: ", a senior fellow at the Brookings Institution," up to the clause's end
# (or "X is a senior fellow at ...", the author's note of an opinion piece: "is" says what X is now)
_APPOSED = re.compile(r"\s*,\s*(?:who is\s+|who are\s+)?|\s+is\s+(?=(?:an?\s+|the\s+)?[a-z])")
_DESC_END = re.compile(r"[,;:()\"\u201c\u201d\n]|\.\s|\bwho\b|\bwhich\b|\band\b|\bbut\b|\bsaid\b|\btold\b|\bsays\b")
# "Anthony Cordesman of the Center for ...": a preposition right after the name
# (only "of": "met Moon at the White House" says where, not whose)
_OF_AFTER = re.compile(r"\s+of\s+(?:the\s+)?")
# "at the Washington-based Arms Control Association": a place joined to "-based" may stand between
_BEFORE_BODY = re.compile(r"\b(?:at|of|for|with|from|in)\s+(?:the\s+)?(?:[A-Z][\w.]*(?:\s[A-Z][\w.]*)?-based\s+)?$")
_UNIVERSITY_OF = re.compile(r"^(?:the\s+)?university\s+of\s+(.+)$", re.I)
_POSSESSIVE = ("'s", "\u2019s", "'", "\u2019")
_FORMER_STATE = ("GOV", "MIL", "LEG", "JUD", "COP", "SPY")  # bodies whose former officials are elites (ELI)
_PAST = {"former", "formerly", "ex", "once", "previously", "retired", "late", "then", "onetime", "until"}


@lru_cache(maxsize=1)
def affiliation_nouns() -> frozenset[str]:
    """Nouns that make a person a member of the body named after them (data/affiliation_nouns.txt)."""
    return word_list(_DATA / "affiliation_nouns.txt")


def code_people_from_context(table: DocActors) -> None:
    """Code the uncoded people of ``table`` from their affiliations, then join lone first names."""
    for actor in list(table.actors):
        if actor.type == "PERSON" and not actor.code:
            _title_actor(table, actor)
        if actor.type == "PERSON" and not actor.code:
            _title_window(table, actor)
        if actor.type == "PERSON" and not actor.code:
            _affiliation(table, actor)
        if actor.type == "PERSON" and not actor.code:
            _served_as(table, actor)
    _shared_titles(table)
    _first_names(table)


# "X, who served as the American ambassador to Russia": a past office, described after the name
_SERVED_AS = re.compile(r"\s*,\s*who\s+(?:had\s+)?(?:served|worked)\s+as\s+(?:an?\s+|the\s+)?")


def _served_as(table: DocActors, actor: Actor) -> None:
    """"James Collins, who served as the American ambassador to Russia": a state office the person held
    (a state agent noun with its country written in the description) makes a former official, an elite
    of that country (CAMEO codes former officials ELI), as a "former" title does. Without a written
    country nothing is coded: the story's country says nothing of a past office."""
    text = table.text
    kb = table.knowledge_base()
    for m in sorted(actor.mentions, key=lambda s: s.start):
        found = _SERVED_AS.match(text, m.end)
        if not found:
            continue
        start = found.end()
        stop = _DESC_END.search(text, start, start + 160)
        end = stop.start() if stop else min(len(text), start + 160)
        if any(a.type == "PERSON" and a is not actor for _s, _e, a in table.mentions_within(start, end)):
            continue  # "who served as Obama's liaison": whose office it was is another matter
        country, agent, _head = table._parse_phrase(start, end)
        if not country or agent is None or agent.sector[:3] not in (*_STATE_SECTORS, "COP", "SPY"):
            continue
        if kb.components.get(country[:3]) != "country" or not kb.valid_code(country[:3] + "ELI"):
            continue
        code_actor(kb, actor, country[:3] + "ELI", "past office in the text", title=text[start:end].strip())
        return


# plural titles shared by the names joined after them: "Sens. Bob Corker and Chris Murphy"
_PLURAL_TITLES = {"sens", "senators", "reps", "representatives", "gens", "generals", "ministers"}
_JOINED_NAME = re.compile(r"\s*(?:\([RDI]\)\s*(?:of\s+[A-Z][\w.]*(?:\s[A-Z][\w.]*)?\s*)?)?(?:,\s*|\s+)and\s+$")


def _shared_titles(table: DocActors) -> None:
    """"Sens. Bob Corker (R) of Tennessee and Chris Murphy (D) of Connecticut": a plural title is the title
    of every name joined by "and" after the first, and is read for each as for the first
    (``_title_person``). Only across "and" (with the first name's tag or state between)."""
    text = table.text
    for actor in [a for a in table.actors if a.type == "PERSON"]:
        if actor.code:
            continue
        for m in actor.mentions:
            before = table.mentions_within(max(0, m.start - 80), m.start)
            for s, e, first in sorted(before, key=lambda x: -x[1]):
                if first is actor or first.type != "PERSON":
                    continue
                title = re.search(r"([A-Z][a-z]+)\.?\s+$", text[max(0, s - 20):s])
                if title and fold(title.group(1)) in _PLURAL_TITLES and _JOINED_NAME.fullmatch(text[e:m.start]):
                    ts = max(0, s - 20) + title.start()
                    _title_person(table, actor, ts, s)
                break
            if actor.code:
                break


def _title_actor(table: DocActors, actor: Actor) -> None:
    """"U.S. Defense Secretary Mike Esper", "Russia's deputy U.N. envoy, Vladimir Safronkov": the converted
    dictionaries hold titles as actors ("US SECRETARY OF DEFENSE" USAGOVMIL, "UN ENVOY" IGOUNO), so the
    gazetteer turns the title before a name into a body and the title reader finds no agent noun. A base
    actor that is no person, whose name ends in a member or office noun, right before the name (or apposed
    to it by a comma) is the person's title: the person takes its code, or, when a country's possessive or
    demonym stands before the title ("Russia's ... U.N. envoy"), that country's government (a country's
    diplomat to the UN is not the UN's)."""
    text = table.text
    kb = table.knowledge_base()
    for m in sorted(actor.mentions, key=lambda s: s.start):
        for s, e, title in sorted(table.mentions_within(max(0, m.start - 60), m.start), key=lambda x: -x[1]):
            if title is actor or title.type == "PERSON" or not title.kb_id or not title.code:
                break
            if not re.fullmatch(r"\s+|\s*,\s*", text[e:m.start]):
                break
            words = key_of(text[s:e])
            agent = kb.agents.get(tuple(words[-1:]))
            if not words or not (words[-1] in member_nouns() or (agent is not None and agent.sector[:3] in _STATE_SECTORS)):
                break
            entry = kb.entry(title.kb_id)
            if entry is None or entry.kind != "actor" or entry.type == "PERSON":
                break
            clause = max(text.rfind(c, 0, s) for c in ",;:.\n\"\u201c\u201d") + 1
            owner = [x for x in table.matches_within(max(clause, s - 40), s)
                     if x.entry is not None and x.entry.kind != "actor" and _country_code(x.entry)
                     and not _JOINED.match(text, x.end) and _owns_title(text[x.end:s])]
            code = title.code
            if owner and title.code[:3] in ("IGO", "NGO") and kb.valid_code(_country_code(owner[-1].entry)[:3] + "GOV"):
                code = _country_code(owner[-1].entry)[:3] + "GOV"
            elif owner:
                break  # a country and a national title: the title reader's business
            code_actor(kb, actor, code, "title in the text", title=text[s:e])
            return
        if actor.code:
            return


_JOINED = re.compile(r"[-\u2010\u2011]")


def _owns_title(between: str) -> bool:
    """Whether a country written before a title owns it: only its possessive and qualifiers stand
    between ("Russia's deputy U.N. envoy"), not a clause ("Iraq - later denied by U.S. Defense Secretary")."""
    m = re.fullmatch(r"(?:['\u2019]s?)?((?:\s+[a-z]+)*)\s*", between)
    return m is not None and all(w in member_modifiers() for w in m.group(1).split())


# a word of a title run before a name: a capitalised word or abbreviation ("U.S.", "Maj."), a possessive,
# or a lower-case word of the lists below; anything else ends the run
_WINDOW_TOKEN = re.compile(r"[\w.'\u2019\u2010\u2011-]+|[^\w\s]")
_TITLE_JOINERS = {"of", "for", "to", "on", "the", "'s", "\u2019s"}
_ABBREVIATION = re.compile(r"^(?:[A-Z]\.)+$|^[A-Z][a-z]{0,3}\.$")


def _title_window(table: DocActors, actor: Actor) -> None:
    """Read the title written right before a mention when the parser split it off the name: a period of
    an abbreviated rank ends a spaCy sentence, so "Defense Ministry spokesman Maj. Gen. Igor Konashenkov"
    and "Department of Defense spokesperson Maj. Adrian Rankine-Galloway" reach the title reader
    (``_title_person``) in no noun chunk. The run of title words before the name (capitalised words,
    abbreviations, member nouns and the agent nouns of offices, their qualifiers, "of/for/to", "former")
    is read as a title, without the ranks at its end when more stands before them ("spokesman Maj." is
    a spokesman; with no state body in the title, a military rank makes the office military: "Chief of
    Naval Operations Adm."). A run of lower-case words alone is no title here ("lawyer", "farmer"), nor
    is one that follows another person's name ("Trump's lawyer": ``_staff_of`` reads that)."""
    text = table.text
    kb = table.knowledge_base()
    for m in sorted(actor.mentions, key=lambda s: s.start):
        found = _title_start(table, actor, m.start)
        if found is None:
            continue
        start, after_person = found
        if after_person is not None:
            _staff_of(table, actor, after_person, start, m.start)
            if actor.code:
                return
            continue
        end = m.start
        words = list(_WINDOW_TOKEN.finditer(text, start, end))
        if fold(words[-1].group()) in _TITLE_JOINERS:
            continue  # "the Syrian town of Khan Sheikhoun": the name is the object, not the title holder
        if not any(w.group()[:1].isupper() for w in words) \
                or all(fold(w.group().rstrip(".")) in ranks_before_names() for w in words):
            continue  # lower-case words alone, or a rank alone ("Admiral"): the noun chunks read those
        ranks = []
        while len(words) > 1 and fold(words[-1].group().rstrip(".")) in ranks_before_names():
            ranks.append(fold(words[-1].group().rstrip(".")))
            end = words[-1].start()
            words.pop()
        _title_person(table, actor, start, end)
        if actor.code:
            if ranks and actor.sector == "GOV" and (actor.role or {}).get("from") == "title in the text" \
                    and set(ranks) & _MILITARY_RANKS and kb.valid_code(actor.code[:3] + "MIL"):
                code_actor(kb, actor, actor.code[:3] + "MIL", "title in the text", title=text[start:m.start].strip())
            return


_MILITARY_RANKS = {"gen", "general", "adm", "admiral", "col", "colonel", "maj", "major", "brig", "brigadier",
                   "cmdr", "cdr", "capt", "captain", "lt", "lieutenant"}


def _title_start(table: DocActors, actor: Actor, name_start: int) -> tuple[int, Actor | None] | None:
    """Where the run of title words before ``name_start`` begins, with the person whose possessive ends
    the run ("Trump's national security adviser"), or None without a run (see ``_title_window``)."""
    text = table.text
    line_start = text.rfind("\n", 0, name_start) + 1
    line_end = text.find("\n", name_start)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    long_words = re.findall(r"[A-Za-z]{4,}", line)
    if long_words and all(w[0].isupper() for w in long_words):
        return None  # a headline in title case
    window_start = max(line_start, name_start - 100)
    toks = list(_WINDOW_TOKEN.finditer(text, window_start, name_start))
    kb = table.knowledge_base()
    others = [(s, e, a) for s, e, a in table.mentions_within(window_start, name_start)
              if a is not actor and a.type == "PERSON"]
    start = None
    count = 0
    for i in range(len(toks) - 1, -1, -1):
        tok = toks[i]
        word = tok.group()
        person = next((a for s, e, a in others if s < tok.end() and tok.start() < e), None)
        if person is not None:
            if start is not None and re.match(r"['\u2019]s?\s", text[tok.end() - 2:tok.end() + 1]) is not None:
                return start, person  # "Trump's lawyer", "Putin's adviser"
            if start is not None and re.search(r"['\u2019]s?$", word):
                return start, person
            break
        low = fold(word.rstrip("."))
        if word.endswith(".") and not _ABBREVIATION.match(word) and low not in ranks_before_names():
            break  # "said." ends a sentence
        if word[:1].isupper():
            if i > 0 and toks[i - 1].group().endswith(".") and not _ABBREVIATION.match(toks[i - 1].group()) \
                    and fold(toks[i - 1].group().rstrip(".")) not in ranks_before_names():
                start = tok.start()
                break  # the first word of a sentence
        elif not (low in member_nouns() or low in member_modifiers() or low in ranks_before_names()
                  or low in _TITLE_JOINERS or low.split("-")[0] in _NOT_NOW or low.split("-")[0] in _PAST
                  or ((agent := kb.agents.get((low,))) is not None and agent.sector[:3] in _OFFICE_SECTORS)):
            break
        start = tok.start()
        count += 1
        if count >= 10:
            break
    if start is None:
        return None
    # a run that starts with joiners ("the", "of") starts after them
    while True:
        m = re.match(r"(?:the|of|for|to|on|a|an)\s+", text[start:name_start], re.I)
        if not m or m.end() >= name_start - start:
            break
        start += m.end()
    return (start, None) if text[start:name_start].strip() else None


# sectors of the agent nouns that name an office a title may hold ("minister", "general", "senator")
_OFFICE_SECTORS = ("GOV", "MIL", "LEG", "JUD", "COP", "SPY", "OPP", "PTY", "ELI", "MED", "EDU")


@lru_cache(maxsize=1)
def staff_nouns() -> frozenset[str]:
    """Nouns naming a member of an office-holder's staff (data/staff_nouns.txt): "Trump's national
    security adviser" works for the government Trump heads; his lawyer does not."""
    return word_list(_DATA / "staff_nouns.txt")


def _staff_of(table: DocActors, actor: Actor, owner: Actor, start: int, name_start: int) -> None:
    """"Trump's national security adviser Robert O'Brien", "Putin's spokesman Dmitry Peskov": the staff of
    a person coded in a state office on the article's date (a dated role of the base) belong to that
    office's government. Only staff nouns (adviser, aide, spokesman, envoy, chief of staff ...) with their
    qualifiers; a lawyer, friend or son of an office-holder is a private person."""
    role = owner.role or {}
    if not owner.code or not (role.get("start") or role.get("end")) or "from" in role:
        return
    if (table.knowledge_base().sector_of(owner.code) or "")[:3] not in ("GOV", "MIL", "LEG", "JUD"):
        return
    words = [fold(w.group()) for w in _WINDOW_TOKEN.finditer(table.text, start, name_start)]
    if not words or words[-1] not in staff_nouns():
        return
    if not all(w in staff_nouns() or w in member_modifiers() or w in _TITLE_JOINERS for w in words):
        return
    code_actor(table.knowledge_base(), actor, owner.code, "office-holder's staff in the text",
               title=table.text[start:name_start].strip())


def _body_code(table: DocActors, body: Actor, start: int = 0, end: int = 0) -> str | None:
    """The code a body lends its members: a code the base gives it, a state body's code read from its
    name, or the country of "University of <place>" with EDU. None when the body says no country.

    A state body the base lacks lends its code only when its country is written in the description
    (``start``-``end``): "South Korea's Unification Ministry" does, while a bare "Parliament" that the
    story's country coded says nothing of a British politician quoted in a German story."""
    kb = table.knowledge_base()
    if body.type in ("PERSON", "GPE", "LOC", "NORP"):
        return None
    if body.code and body.kb_id:
        entry = kb.entry(body.kb_id)
        if entry is not None and entry.kind == "actor":
            return body.code
        return None
    if not body.code:
        entry = kb.lookup(body.name)  # a name the gazetteer did not match where the NER cut it differently
        if entry is not None and entry.kind == "actor" and entry.type != "PERSON":
            role = entry.role_at(table.day)
            return role.code if role is not None else None
    if body.code and (body.sector or "")[:3] in _STATE_SECTORS:
        written = {_country_code(m.entry) for m in table.matches_within(start, end)}
        return body.code if body.code[:3] in written else None
    m = _UNIVERSITY_OF.match(body.name.strip())
    if m:
        place = kb.lookup(m.group(1))
        if place is not None and place.kind in ("place", "capital") and place.roles:
            code = place.roles[0].code[:3] + "EDU"
            if kb.valid_code(code):
                return code
    return None


def _words(text: str) -> list[str]:
    return [fold(text[a:b]) for a, b in tokenize(text)]


def _affiliation(table: DocActors, actor: Actor) -> None:
    """Code ``actor`` from "X, a NOUN at BODY", "X of BODY" or "X, BODY's NOUN" after one of its mentions."""
    text = table.text
    for m in sorted(actor.mentions, key=lambda s: s.start):
        tail = text[m.end:m.end + 240]
        appos = _APPOSED.match(tail)
        if appos:
            start = m.end + appos.end()
            end = min(len(text), start + 200)
            for stop in _DESC_END.finditer(text, start, start + 200):
                # "the Center for Strategic and International Studies": a name's "and" ends nothing
                if not any(ms < stop.start() and me > stop.end()
                           for ms, me, _a in table._mentions.overlapping(stop.start(), stop.end())):
                    end = stop.start()
                    break
        else:
            start, end = m.end, min(len(text), m.end + 120)
        if appos and any(a.type == "PERSON" and a is not actor for _s, _e, a in table.mentions_within(start, end)):
            continue  # "X, former FBI lawyer Lisa Page": a title of the next name, not X's description
        for body in _bodies_in(table, actor, start, end):
            code = _body_code(table, body, start, end)
            if not code:
                continue
            bs, be = _first_within(body, start, end)
            if not body.kb_id and _LONGER_NAME.match(text, be):
                continue  # "the U.S. Chamber of Commerce" is no chamber of the US legislature
            before = text[start:bs]
            if not appos:
                if not _OF_AFTER.fullmatch(before):
                    continue  # "X of BODY" only right after the name
                words: list[str] = []
            else:
                words = re.findall(r"[a-z]+", fold(before))
                if any(w in _PAST or w in _NOT_NOW for w in words):
                    # "a former fellow at ...", "then-director of": CAMEO codes no current membership; a
                    # former official of a state body ("a former director of the Mossad") is an elite of
                    # its country, as the former titles of the base are (ISRELI)
                    kb = table.knowledge_base()
                    if (kb.sector_of(code) or "")[:3] in _FORMER_STATE and kb.components.get(code[:3]) == "country" \
                            and any(w in affiliation_nouns() for w in _words(text[start:end])):
                        code_actor(kb, actor, code[:3] + "ELI", "former affiliation in the text",
                                   title=text[m.end:end].strip(" ,") or None)
                        return
                    break
                after_body = text[be:end]
                if _BEFORE_BODY.search(before):
                    # "a senior fellow at the Brookings Institution": a member noun before the preposition
                    # ("X, with Human Rights Watch," names the body alone)
                    head = _words(_BEFORE_BODY.sub("", before))
                    if head and not any(w in affiliation_nouns() for w in head):
                        continue
                elif text[be:be + 2] in _POSSESSIVE or text[be:be + 1] in ("'", "\u2019"):
                    # "FDD's chief executive", "Boston University's": the body's member
                    rest = _words(after_body)
                    if not all(w in _MODIFIERS for w in _words(before)) or not rest \
                            or rest[-1] not in affiliation_nouns():
                        continue
                else:
                    # "a Brookings fellow", "an Edward Jones analyst": the body, then member nouns only
                    rest = _words(after_body)
                    if _words(before) and not all(w in _MODIFIERS for w in _words(before)):
                        continue
                    if not rest or not all(w in affiliation_nouns() or w in _MODIFIERS for w in rest):
                        continue
            code_actor(table.knowledge_base(), actor, code, "affiliation in the text",
                       title=text[m.end:end].strip(" ,") or None)
            return


# words that may stand between "a" and the body or around a member noun ("a senior Brookings fellow")
_MODIFIERS = {"a", "an", "the", "senior", "junior", "chief", "top", "leading", "veteran", "longtime",
              "visiting", "resident", "nonresident", "non-resident", "distinguished", "adjunct", "associate",
              "assistant", "principal", "lead", "deputy", "executive", "staff", "political", "economic",
              "military", "foreign", "security", "defense", "defence", "policy", "research", "legal", "s"}


def _bodies_in(table: DocActors, person: Actor, start: int, end: int) -> list[Actor]:
    """The bodies with a mention inside [start, end), first mention first; none past another person."""
    out: list[Actor] = []
    for _s, _e, a in sorted(table.mentions_within(start, end), key=lambda x: x[0]):
        if a is person:
            break
        if a.type == "PERSON":
            break  # "X, a lawyer for Y of ...": the affiliation is Y's, not X's
        if a not in out:
            out.append(a)
    return out


def _first_within(actor: Actor, start: int, end: int) -> tuple[int, int]:
    m = min((m for m in actor.mentions if start <= m.start and m.end <= end), key=lambda m: m.start)
    return m.start, m.end


def _first_names(table: DocActors) -> None:
    """Join a lone first name ("Bernie") to the one coded person of the article with that first name."""
    people = [a for a in table.actors if a.type == "PERSON"]
    by_first: dict[str, list[Actor]] = {}
    surnames: set[str] = set()
    for a in people:
        for name in {a.name, *(m.text for m in a.mentions)}:  # "Vladimir Zelensky" of Volodymyr Zelenskyy
            words = key_of(name)
            if len(words) >= 2:
                if a not in by_first.setdefault(words[0], []):
                    by_first[words[0]].append(a)
                surnames.update(words[1:])
    for a in people:
        words = key_of(a.name)
        if a.code or a.kb_id or len(words) != 1 or words[0] in surnames:
            continue
        owners = by_first.get(words[0], [])
        if len(owners) != 1 or not owners[0].code:
            continue
        table.merge(a, owners[0])
