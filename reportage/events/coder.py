"""Event coder: one walk over the dependency parse turns clauses and event nouns into CAMEO/PLOVER events.

For each trigger (a verb, a frame adjective such as "prepared", or an event noun) the lexicon gives a
CAMEO code, the parse gives source and target noun phrases, and the actor table codes them. Frames
("offered to", "threatened to", "demanded that", "is not opposed to") combine with the act they govern
through ``compose.tsv``; speech verbs pass the act through; the future tense reads as intent. Every
event keeps an explanation: the rule, the lexicon entry and the tokens that fired it.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from reportage.document import Actor, Attribution, Event, Span
from reportage.events.codebook import info
from reportage.events.dates import parse_published, resolve
from reportage.events.lexicon import Lexicon, load_lexicon

_SUBJ = {"nsubj", "nsubjpass", "csubj", "csubjpass"}
_SKIP_WINDOW = _SUBJ | {"advcl", "parataxis", "punct", "mark", "cc", "ccomp", "aux", "auxpass", "neg"}
_TARGET_PREPS = ("to", "with", "against", "on", "from", "for", "into", "toward", "towards", "at", "over",
                 "upon", "between", "among", "in")
_PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout"}
_FUTURE = {"will", "wo", "would", "shall", "'ll"}
_OBLIGE = {"must", "should"}
_PRONOUNS_PERSON = {"he", "she", "him", "her", "his", "himself", "herself"}
_PRONOUNS_GROUP = {"it", "its", "they", "them", "their", "itself", "themselves"}
_POSITIVE = {"increase", "create", "improve", "guarantee", "help", "strengthen", "bring", "ensure", "provide"}
_MAX_PAIRS = 4
# families where coordinated doers with no other party act with each other (talks, agreements, exercises)
_MUTUAL = {"03", "04", "05", "06"}
# families whose events are aimed at the place they happen in when no target is named
_PLACE_TARGETED = {"08", "09", "14", "15", "17", "18", "19", "20"}
# participles that tie a group to an organisation or a place: its actor codes the group
_MEMBERSHIP = {"affiliate", "affiliated", "link", "linked", "base", "based", "ally", "allied", "belong", "loyal",
               "attach", "attached"}
_GENERIC_FRAMES = {"intent": "intent", "threat": "threat", "reject": "reject", "demand": "demand", "appeal": "appeal"}
_FIRST_PERSON = {"we", "our", "us", "i", "my", "me", "ourselves"}
_SKIP_CODES = {"010"}  # "make a statement": speech is coded through attributions, not as an event


def _inside_phrase(t: Any, h: Any) -> bool:
    """True when the path from t up to h crosses no clause (relative, adverbial or participle)."""
    while t.i != h.i:
        if t.dep_ in {"relcl", "acl", "advcl", "ccomp", "xcomp"}:
            return False
        t = t.head
    return True


def _no_report(t: Any, v: Any) -> bool:
    """True when t is not inside a reporting clause hung under v (", police said", "according to ...")."""
    while t.i != v.i:
        if t.dep_ in {"parataxis", "ccomp"} or (t.dep_ == "prep" and t.lower_ in {"according", "to"} and
                                                t.head.lower_ == "according") or t.lower_ == "according":
            return False
        t = t.head
    return True


def code_events(parsed: Any, actors: Any, attributions: list[Attribution], published: str | None) -> list[Event]:
    """Code the events of one parsed article (see the module docstring)."""
    return _Coder(parsed, actors, attributions, published, load_lexicon()).run()


class _Coder:
    def __init__(self, parsed: Any, actors: Any, attributions: list[Attribution], published: str | None,
                 lex: Lexicon) -> None:
        self.text = parsed.text
        self.doc = parsed.doc
        self.omap = parsed.omap
        self.actors = actors
        self.lex = lex
        self.published = parse_published(published)
        self.attributions = sorted(
            [(min(c.start for c in q.content), q) for q in attributions if q.content], key=lambda x: x[0])
        self.events: list[Event] = []
        self._tok_actor: dict[int, Actor | None] = {}
        self._mentions = self._mention_index()
        self.consumed: set[int] = set()
        self._residents: dict[int, Actor] = {}
        self._dateline: dict[str, Any] | None | bool = False

    # -- offsets and actors ------------------------------------------------------------------------

    def span(self, start_tok: Any, end_tok: Any | None = None) -> Span:
        end_tok = end_tok or start_tok
        a, b = sorted((start_tok.i, end_tok.i))
        t0, t1 = self.doc[a], self.doc[b]
        s, e = self.omap.span(t0.idx, t1.idx + len(t1))
        return Span.of(self.text, s, e)

    def _mention_index(self) -> list[tuple[int, int, int, Actor]]:
        rows = []
        for actor in getattr(self.actors, "actors", []) or []:
            for m in actor.mentions:
                rows.append((m.start, m.end, m.end - m.start, actor))
        rows.sort(key=lambda r: r[0])
        self._starts = [r[0] for r in rows]
        return rows

    def actor_of(self, tok: Any) -> Actor | None:
        """The actor whose mention overlaps this token (the widest mention wins, as in DocActors)."""
        if tok.i in self._tok_actor:
            return self._tok_actor[tok.i]
        s, e = self.omap.span(tok.idx, tok.idx + len(tok))
        best: tuple[int, Actor] | None = None
        hi = bisect_right(self._starts, e)
        for k in range(max(0, hi - 40), hi):
            ms, me, width, actor = self._mentions[k]
            if ms < e and s < me and (best is None or width > best[0]):
                best = (width, actor)
        found = best[1] if best else None
        if found is None and not self._mentions and hasattr(self.actors, "actor_at"):
            found = self.actors.actor_at(s, e)
        self._tok_actor[tok.i] = found
        return found

    def describe(self, tok: Any) -> Actor | None:
        """A description ("the alliance", "the US delegation", "Israeli tanks") coded by the actor knowledge base."""
        left = min((c.left_edge for c in tok.children if c.dep_ in {"det", "amod", "compound", "nmod", "poss"}),
                   key=lambda t: t.i, default=tok)
        sp = self.span(left, tok)
        for name in ("resolve_description", "code_phrase"):  # the second only where the resolver offers it
            fn = getattr(self.actors, name, None)
            if fn is None:
                continue
            try:
                found = fn(sp.start, sp.end)
            except Exception:  # a resolver bug must not lose the article's events
                found = None
            if found is not None:
                self._tok_actor.clear()
                self._mentions = self._mention_index()  # the resolver may have added a mention
                return found
        return None

    def np_actors(self, head: Any, depth: int = 0, doer: bool = False) -> list[Actor]:
        """Actors a noun phrase refers to: the head's own, coordinated heads', modifiers', possessor's, 'of' PP's."""
        out: list[Actor] = []
        for h in [head, *[c for c in head.conjuncts if c.i > head.i]]:
            found = self._np_one(h, depth, doer)
            if len(found) == 1:
                found = [self.resident(h, found[0])]
            for a in found:
                if a not in out:
                    out.append(a)
        return out

    def resident(self, h: Any, actor: Actor) -> Actor:
        """An ethnic group placed in another country is coded with that country, as CAMEO does
        ("ethnic Albanians in south Serbia" -> SRB, "the Albanians of southern Serbia" -> SRB)."""
        if not actor.country or actor.type == "PERSON":
            return actor
        if h.i in self._residents:
            return self._residents[h.i]
        left = [t for t in h.lefts if _inside_phrase(t, h)]
        ethnic = any(t.lower_ == "ethnic" for c in left for t in c.subtree)
        demonym_noun = h.tag_ in {"NNPS", "NNS"} and h.lower_.endswith("s") and self.actor_of(h) is actor and (
            actor.code == actor.country)
        if not (ethnic or demonym_noun):
            return actor
        place = None
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in {"in", "of"}:
                place = next((o for o in c.children if o.dep_ == "pobj"), None)
            elif c.dep_ == "acl":  # "guerrillas operating in Macedonia"
                place = next((o for p in c.children if p.dep_ == "prep" and p.lower_ == "in"
                              for o in p.children if o.dep_ == "pobj"), place)
        country = None
        if place is not None:
            for t in place.subtree:
                a = self.actor_of(t)
                if a is not None and a.country and (a.type in {"GPE", "LOC"} or a.code == a.country):
                    country = a.country
                    break
        elif ethnic:
            pl = self.place(h, None, None)
            country = pl.get("country") if pl else None
        if not country or country == actor.country:
            return actor
        start = min(t.i for t in [h, *left])
        sp = self.span(self.doc[start], h)
        sector = actor.sector or "CVL"
        try:
            made = self.actors.new_actor(sp.text, sp.start, sp.end, "NORP", code=f"{country}{sector}",
                                         country=country, sector=sector)
        except Exception:  # an actor table without new_actor: keep the demonym's coding
            return actor
        self._mentions = self._mention_index()
        self._tok_actor.clear()
        self._residents[h.i] = made
        return made

    def _np_one(self, h: Any, depth: int, doer: bool = False) -> list[Actor]:
        if doer and self.abstract(h):  # "NATO membership won't ...": only a possessor is a doer
            found = []
            for c in h.children:
                if c.dep_ == "poss":
                    found += self.np_actors(c, depth + 1) if c.pos_ != "PRON" else [a for a in [self.pronoun(c)] if a]
            return found
        own = self.actor_of(h)
        if own is not None and (own.code or own.country):
            return [own]
        found = self._np_parts(h, depth)
        coded = [a for a in found if a.code or a.country]
        if coded:
            return coded
        if own is not None:
            return [own]
        if found:
            return found
        if depth == 0 and h.lemma_.lower() not in self.lex.nouns:  # "Up to 100 ethnic Albanians": any coded actor inside
            for t in h.subtree:
                if t.i == h.i or not _inside_phrase(t, h):
                    continue
                a = self.actor_of(t)
                if a is not None and (a.code or a.country):
                    return [a]
            for c in h.children:  # "workers affiliated with the Serbian Workers' Union", "a newspaper based in Beirut"
                if c.dep_ == "acl" and c.lemma_.lower() in _MEMBERSHIP:
                    for t in c.subtree:
                        a = self.actor_of(t)
                        if a is None and t.pos_ == "PROPN" and t.dep_ == "pobj":
                            a = self.describe(t)
                        if a is not None and (a.code or a.country):
                            return [a]
        return []

    def _np_parts(self, h: Any, depth: int) -> list[Actor]:
        if h.lower_ in _PRONOUNS_PERSON or h.lower_ in _PRONOUNS_GROUP or h.lower_ in _FIRST_PERSON:
            a = self.pronoun(h)
            return [a] if a else []
        mods: list[Actor] = []
        for c in h.children:
            if c.dep_ in {"compound", "amod", "nmod", "poss", "appos", "npadvmod"} or (
                    c.dep_ == "conj" and c.i < h.i):
                for t in [x for x in c.subtree if _inside_phrase(x, c)]:
                    a = self.actor_of(t)
                    if a is None and t.dep_ == "poss" and t.lower_ in _PRONOUNS_PERSON | _PRONOUNS_GROUP:
                        a = self.pronoun(t)
                    if a is not None and a not in mods:
                        mods.append(a)
        if any(a.code or a.country for a in mods):
            return mods
        d = self.describe(h)  # "President Suharto's government": the description may be coded where the name is not
        if d is not None and (d.code or d.country or not mods):
            return [d]
        if mods:
            return mods
        if depth < 3:  # "leaders of the alliance"; for an event noun only "of" ("talks in Beijing" is a place)
            preps = {"of"} if h.lemma_.lower() in self.lex.nouns else {"of", "from", "in", "throughout"}
            for c in h.children:
                if c.dep_ == "prep" and c.lower_ in preps:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            found = self.np_actors(p, depth + 1)
                            if found:
                                return found
        return []

    def abstract(self, h: Any) -> bool:
        """Event and state nouns ("membership", "supply", "talks") are not actors themselves."""
        return h.pos_ == "NOUN" and h.lemma_.lower() in self.lex.not_actors

    def pronoun(self, tok: Any) -> Actor | None:
        """He/she: the nearest person before; it/they: the speaker of an enclosing say-clause, else the nearest group."""
        low = tok.lower_
        if low in _FIRST_PERSON:
            q = self.attribution_at(self.omap(tok.idx))
            if q is not None and q.speaker:
                return next((a for a in getattr(self.actors, "actors", []) or [] if a.id == q.speaker), None)
            return None
        if low in _PRONOUNS_GROUP:
            h = tok.head
            while h is not None and h.dep_ not in {"ROOT"}:
                if h.dep_ == "ccomp" and self.lex.frames.get(self.lemma(h.head)) == "say":
                    subj = [c for c in h.head.children if c.dep_ in _SUBJ]
                    if subj and subj[0].lower_ not in _PRONOUNS_GROUP:
                        got = self.np_actors(subj[0])
                        if got:
                            return got[0]
                    break
                h = h.head
        person = low in _PRONOUNS_PERSON
        first: Actor | None = None
        # "it"/"they" mostly stand for things: look back only over this sentence and the one before
        prev = tok.sent.start - 1
        floor = self.doc[prev].sent.start if not person and prev >= 0 else (tok.sent.start if not person else 0)
        for j in range(tok.i - 1, max(floor - 1, tok.i - 120), -1):
            t = self.doc[j]
            if t.pos_ not in {"PROPN", "NOUN", "ADJ"}:
                continue
            a = self.actor_of(t)
            if a is None:
                continue
            fits = (a.type == "PERSON" or (a.sector and a.type is None and a.role)) if person else a.type != "PERSON"
            if fits and (a.code or a.country):
                return a
            if fits and first is None:
                first = a  # an uncoded name fits too, but a coded one nearby is preferred
        return first

    # -- clause structure --------------------------------------------------------------------------

    @staticmethod
    def negated(v: Any) -> bool:
        if any(c.dep_ == "neg" for c in v.children):
            return True
        if v.dep_ in {"acomp", "xcomp", "attr"} and v.head.lemma_ == "be":
            return any(c.dep_ == "neg" for c in v.head.children)
        return False

    @staticmethod
    def modality(v: Any) -> str | None:
        auxes = [c.lower_ for c in v.children if c.dep_ in {"aux", "auxpass"}]
        if v.dep_ in {"acomp", "xcomp"} and v.head.lemma_ == "be":
            auxes += [c.lower_ for c in v.head.children if c.dep_ == "aux"]
        if any(a in _FUTURE for a in auxes) or ("going" in auxes):
            return "future"
        if any(a in _OBLIGE for a in auxes):
            return "obligation"
        if any(a in {"may", "might", "could", "can"} for a in auxes):
            return "possibility"
        return None

    def subject(self, v: Any, seen: int = 0) -> tuple[list[Any], bool]:
        """Subject heads of a clause and whether it is passive (then they are the patients)."""
        if v.pos_ == "NOUN":  # a speech noun: "its demands", "issued a reminder"
            poss = [c for c in v.children if c.dep_ == "poss"]
            if poss:
                return poss, False
            h = v.head if v.dep_ in {"dobj", "attr"} else (v.head.head if v.dep_ == "pobj" else None)
            return self.subject(h, seen + 1) if h is not None and h.pos_ in {"VERB", "AUX"} and seen < 4 else ([], False)
        subs = [c for c in v.children if c.dep_ in {"nsubj", "csubj"}]
        pas = [c for c in v.children if c.dep_ in {"nsubjpass", "csubjpass"}]
        if pas and not subs and self.lex.frames.get(self.lemma(v)) in {"intent", "oppose", "reject"}:
            subs, pas = pas, []  # "Vietnam is committed to ...", "Moscow is opposed to ...": not passives
        if subs or pas:
            return (pas, True) if pas and not subs else (subs, False)
        if seen < 4 and v.dep_ in {"conj", "xcomp", "advcl"} and v.head is not v:
            return self.subject(v.head, seen + 1)
        if v.dep_ in {"relcl", "acl"} and v.head.pos_ in {"NOUN", "PROPN"}:
            has_obj = any(c.dep_ in {"dobj", "dative"} for x in [v, *v.conjuncts] for c in x.children)
            return [v.head], any(c.dep_ == "auxpass" for c in v.children) or (v.tag_ == "VBN" and not has_obj)
        if v.dep_ in {"acomp", "attr"} and v.head.lemma_ == "be":
            return self.subject(v.head, seen + 1)
        if v.dep_ == "ROOT" and v.pos_ == "VERB":  # a misparsed main clause: the nearest coded name before it
            for j in range(v.i - 1, max(v.sent.start - 1, v.i - 7), -1):
                t = self.doc[j]
                if t.pos_ in {"NOUN", "PROPN"} and (a := self.actor_of(t)) is not None and (a.code or a.country):
                    return [t], False
        return [], False

    def agent(self, v: Any) -> list[Any]:
        for c in v.children:
            if c.dep_ == "agent":
                return [p for p in c.children if p.dep_ == "pobj"]
        return []

    def targets(self, v: Any, exclude: list[Actor], passive_patients: list[Any] | None = None,
                code: str = "") -> tuple[list[Actor], Any]:
        """Target actors of a clause: object, dative, then prepositional objects in a fixed order."""
        cands: list[Any] = []
        if passive_patients:
            found = [a for p in passive_patients for a in self.np_actors(p) if a not in exclude]
            if found:
                return found, passive_patients[0]
        if code.startswith("11"):  # complaints: the actor complained about, not the one complained to
            for c in v.children:
                if c.dep_ == "prep" and c.lower_ in {"over", "about", "against"}:
                    cands += [o for o in c.children if o.dep_ == "pobj"]
        if passive_patients:
            cands.extend(passive_patients)
        kids = list(v.children)
        cands += [c for c in kids if c.dep_ in {"dobj", "dative", "iobj", "attr", "oprd"} and c.lower_ != "to"]
        for c in kids:
            if c.dep_ == "dative" and c.lower_ == "to":
                cands += [p for p in c.children if p.dep_ == "pobj"]
        preps = [c for c in kids if c.dep_ == "prep"]
        for c in kids:  # "to cancel the strike" objects of a particle or a direct object's PP
            if c.dep_ in {"dobj", "prt"}:
                preps += [p for p in c.children if p.dep_ == "prep"]
        if code.startswith("04"):  # "talked about Ukraine": the topic is not the counterpart
            preps = [c for c in preps if c.lower_ not in {"about", "on", "over", "of", "regarding"}]
        if code and code[:2] not in _PLACE_TARGETED:  # "held talks in Beijing": a place, not a party
            preps = [c for c in preps if c.lower_ not in {"in", "at"}]
        for name in _TARGET_PREPS:
            for p in preps:
                if p.lower_ == name:
                    cands += [o for o in p.children if o.dep_ == "pobj"]
        fallback: tuple[list[Actor], Any] | None = None
        for cand in cands:
            found = [a for a in self.np_actors(cand) if a not in exclude]
            if found and any(a.code or a.country for a in found):
                return found, cand
            if found and fallback is None:
                fallback = (found, cand)  # an uncoded name: used only when no coded actor turns up
        for t in v.subtree if not code.startswith("04") else ():  # a misattached object ("... officers holed up")
            if t.i <= v.i or t.dep_ in _SUBJ and t.head.i == v.i or not _no_report(t, v):
                continue
            a = self.actor_of(t)
            if a is None and t.pos_ == "NOUN" and any(c.dep_ in {"amod", "compound"} for c in t.children):
                a = self.describe(t)
            if a is not None and a not in exclude and (a.code or a.country) and a.type != "PERSON" or (
                    a is not None and a not in exclude and a.type == "PERSON" and a.code):
                return [a], t
        return fallback or ([], None)

    def window(self, v: Any, skip: set[int], frame: bool) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[Any]]:
        """Words before the trigger in its clause and words of its complement, for pattern matching."""
        drop = set(_SKIP_WINDOW)
        if frame:
            drop |= {"xcomp"}
        before: list[Any] = []
        after: list[Any] = []
        stack = [c for c in v.children if c.dep_ not in drop or (c.i < v.i and c.dep_ in _SUBJ)]
        toks: list[Any] = []
        while stack:
            t = stack.pop()
            if t.i in skip:
                continue
            toks.append(t)
            stack.extend(c for c in t.children if c.dep_ not in {"relcl", "advcl", "punct", "parataxis", "aux",
                                                                 "auxpass", "mark"})
        toks.sort(key=lambda t: t.i)
        for t in toks:
            (before if t.i < v.i else after).append(t)
        pair = lambda t: (t.lower_, t.lemma_.lower())  # noqa: E731
        return [pair(t) for t in before], [pair(t) for t in after], toks

    # -- lexicon look-ups --------------------------------------------------------------------------

    def lemma(self, v: Any) -> str:
        """The token's lemma, or a de-inflected surface form the lexicon knows when the tagger's is odd
        ("staged" -> "stag" in the small model)."""
        lemma = v.lemma_.lower()
        if lemma in self.lex.verbs or lemma in self.lex.frames:
            return lemma
        low = v.lower_
        if v.pos_ != "VERB":
            return lemma
        for suffix, repl in (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""), ("d", "")):
            cand = low[: -len(suffix)] + repl if low.endswith(suffix) else ""
            if len(cand) > 2 and (cand in self.lex.verbs or cand in self.lex.frames):
                return cand
        return lemma

    def verb_key(self, v: Any) -> tuple[str, Any | None]:
        lemma = self.lemma(v)
        parts = self.lex.particles.get(lemma)
        if parts:
            for c in v.children:
                if c.dep_ in {"prt", "prep", "dobj", "advmod"} and f"{c.lower_}" in parts:
                    return f"{lemma} {c.lower_}", c
                if c.dep_ == "dobj" and c.lemma_.lower() in parts:
                    return f"{lemma} {c.lemma_.lower()}", c
        return lemma, None

    def code_trigger(self, v: Any, key: str, extra: Any | None, frame: bool,
                     frame_kind: str | None = None) -> tuple[str, dict[str, Any]] | None:
        blocks = self.lex.blocks(key) or ([] if key == self.lemma(v) else self.lex.blocks(self.lemma(v)))
        if not blocks:
            return None
        skip = {extra.i} if extra is not None else set()
        before, after, toks = self.window(v, skip, frame)
        names = [b for b, _, o in blocks if not (frame_kind == "aspect" and o != "local")]
        m = self.lex.match(names, before, after, self.negated(v))
        default = next((c for _, c, _ in blocks if c), "")
        local_default = next((o for _, c, o in blocks if c), "") == "local"
        if default == "-":  # the project says this verb has no default code ("call", "go", "take")
            default, local_default = "", False
        if m is not None and m.origin != "local" and local_default and m.weak:
            m = None  # a bare-preposition PETRARCH pattern ("* (to)") says less than the project's own default
        if m is not None and m.code == "-":
            return None
        if m is not None and (m.size >= 1 or not default):
            hit = [toks[len(before) + p] if p >= 0 else toks[-1 - p] for p in m.words]
            return m.code, {"rule": "verb pattern", "entry": m.entry, "lexicon": m.origin,
                            "matched": [t.text for t in hit], "_used": [t.i for t in hit]}
        if default and frame_kind == "aspect" and not local_default:
            return None  # "issue", "launch", "hold" are transparent: their PETRARCH defaults say little
        if default:
            b, _, origin = next(x for x in blocks if x[1])
            return default, {"rule": "verb default", "entry": f"{key} [{b}]", "lexicon": origin}
        return None

    def code_noun(self, n: Any) -> tuple[str, dict[str, Any]] | None:
        entries = self.lex.nouns.get(n.lemma_.lower()) or self.lex.nouns.get(n.lower_)
        if not entries:
            return None
        before, after, toks = self.window(n, set(), False)
        m = self.lex.match([b for b, _ in entries], before, after, False)
        if m is not None:
            return m.code, {"rule": "noun pattern", "entry": m.entry, "lexicon": m.origin}
        code = next((c for _, c in entries if c), "")
        return (code, {"rule": "noun default", "entry": n.lemma_.lower(), "lexicon": "local"}) if code else None

    # -- the walk ----------------------------------------------------------------------------------

    def run(self) -> list[Event]:
        acts: list[tuple[Any, str, dict[str, Any]]] = []
        frames: dict[int, str] = {}
        nouns: list[Any] = []
        for tok in self.doc:
            if (tok.pos_ in {"VERB", "ADJ", "AUX"} or tok.tag_.startswith("VB")) and tok.dep_ != "prep":
                key, extra = self.verb_key(tok)
                fr = self.lex.frames.get(key)
                if fr:
                    frames[tok.i] = fr
                if tok.pos_ == "AUX" and not fr:
                    continue
                coded = self.code_trigger(tok, key, extra, bool(fr) and fr != "say", fr)
                if coded:
                    acts.append((tok, coded[0], coded[1]))
            elif tok.pos_ in {"NOUN", "PROPN"}:
                if tok.lemma_.lower() in self.lex.nouns:
                    nouns.append(tok)
                if self.lex.frames.get(tok.lemma_.lower()) == "say":
                    frames[tok.i] = "say"  # "a stern reminder to Iraq that it must ...": a speech noun
        coded_ids = {a.i for a, _, _ in acts}
        for tok in self.doc:  # "declared that China must drop barriers": an uncoded act under say + must
            if tok.i in coded_ids or tok.pos_ != "VERB" or self.modality(tok) != "obligation":
                continue
            gov, _ = self._governor(tok)
            if gov is not None and frames.get(gov.i) == "say":
                acts.append((tok, "100", {"rule": "say + must", "entry": f"{gov.lemma_} ... must {tok.lemma_}",
                                          "lexicon": "frames.tsv"}))
        done: set[int] = set()
        for tok in self.doc:
            if frames.get(tok.i) == "say" and any(c.dep_ == "dobj" for c in tok.children) and not any(
                    c.dep_ == "ccomp" for c in tok.children):
                frames[tok.i] = "aspect"
        for v, code, why in acts:
            fr = frames.get(v.i)
            if fr == "say":
                continue
            if fr == "aspect" and self.frame_over_noun(v, fr):
                done.add(v.i)
                continue
            if fr and self._governs_act(v, acts):
                continue  # the frame is coded through the act it governs
            if fr and self.frame_over_noun(v, fr):
                done.add(v.i)
                continue
            self.verbal_event(v, code, why, frames)
            done.add(v.i)
        for i, fr in frames.items():  # frames with no code of their own over an event noun ("threatened sanctions")
            if fr != "say" and i not in done and i not in coded_ids:
                if not self.frame_over_noun(self.doc[i], fr) and fr in _GENERIC_FRAMES:
                    v = self.doc[i]
                    if not self._governs_act(v, acts) and any(
                            c.dep_ in {"xcomp", "ccomp"} or (c.dep_ == "prep" and any(p.dep_ == "pcomp" for p in c.children))
                            for c in v.children):
                        code = self.lex.compose_code(_GENERIC_FRAMES[fr], "0")
                        if code:
                            self.verbal_event(v, code, {"rule": f"frame {fr} over an uncoded act",
                                                        "entry": v.lemma_.lower(), "lexicon": "frames.tsv"},
                                              {})
        for n in nouns:
            if n.i not in self.consumed:
                self.nominal_event(n)
        self.statement_events()
        self.dedupe()
        self.events.sort(key=lambda e: (e.trigger.start, e.trigger.end))
        for k, e in enumerate(self.events, 1):
            e.id = f"E{k}"
        return self.events

    def _governs_act(self, v: Any, acts: list[tuple[Any, str, dict[str, Any]]]) -> bool:
        """True when a frame word governs a coded verb (then the frame is coded through that act)."""
        act_ids = {a.i for a, _, _ in acts}
        for c in v.children:
            if c.dep_ in {"xcomp", "ccomp"} and c.i in act_ids:
                return True
            if c.dep_ == "prep":
                for p in c.children:
                    if p.dep_ == "pcomp" and p.i in act_ids:
                        return True
        return False

    def _governor(self, v: Any) -> tuple[Any | None, Any]:
        """The frame verb above an act, skipping coordination and 'to'/'of' prepositions."""
        h = v
        while h.dep_ == "conj" and h.head is not h:
            h = h.head
        if h.dep_ in {"acomp", "attr"} and h.head.lemma_ == "be":
            h = h.head  # "that the US must be ready to ...": the clause is the copula's
        gov = None
        if h.dep_ in {"xcomp", "ccomp"} or (h.dep_ == "acl" and h.head.pos_ == "NOUN"):
            gov = h.head
        elif h.dep_ == "pcomp" and h.head.dep_ == "prep":
            gov = h.head.head
        if gov is not None and self.lex.frames.get(self.lemma(gov)) == "aspect" and gov.dep_ in {"xcomp", "ccomp"}:
            return self._governor(gov)
        return gov, h

    def verbal_event(self, v: Any, code: str, why: dict[str, Any], frames: dict[int, str]) -> None:
        reverse = False
        if ":" in code:
            fwd, back = code.split(":", 1)
            code, reverse = (fwd, False) if fwd else (back, True)
        negated = self.negated(v)
        modality = self.modality(v)
        gov, clause = self._governor(v)
        frame = frames.get(gov.i) if gov is not None else None
        trigger_first = v
        src_clause = v
        addressee: Any = None
        speaker_src: list[Actor] | None = None
        rule = why["rule"]
        if frame == "say" and gov is not None:
            if modality == "obligation":  # "declared that China must drop barriers": a demand on the subject
                speaker_src = self.np_actors_of_subject(gov)
                subs, _ = self.subject(v)
                addressee = subs[0] if subs else None
                new = self.lex.compose_code("demand", code)
                if new:
                    code, rule = new, "say + must: demand"
                    trigger_first = gov
                    modality = "demand"
                    negated = False  # "X should not pose a threat" is a demand, not a negated one
            frame = None
        if frame == "denial" and gov is not None:  # "Iran denied that it had supplied drones": not asserted
            negated, modality, frame = True, "denied", None
            why = dict(why, denied_by=gov.text)
        if frame and frame != "say" and self.modality(gov) == "obligation":
            outer, _ = self._governor(gov)  # "said that the US must be ready to mediate": a demand on the US
            if outer is not None and frames.get(outer.i) == "say":
                new = self.lex.compose_code("demand", code)
                if new:
                    speaker_src = self.np_actors_of_subject(outer)
                    subs, _ = self.subject(gov)
                    addressee = subs[0] if subs else None
                    code, rule, modality, trigger_first, frame = new, "say + must + frame: demand", "demand", gov, None
        if frame and frame != "say":
            fr = frame
            conflict = int(code[:2]) >= 9
            gneg = self.negated(gov)
            if fr == "oppose":
                fr = "intent" if gneg else "reject"
                gneg = False
            if fr == "intent" and conflict:
                fr = "threat"
            if gneg and fr == "intent":
                fr = "reject"
            if fr == "reject" and conflict:
                negated = True
                fr = ""
            new = self.lex.compose_code(fr, code) if fr and not gneg else None
            if new:
                code = new
                rule = f"frame {frame} ({gov.lemma_}) over act"
                modality = {"intent": "intent", "threat": "threat", "reject": "refusal", "demand": "demand",
                            "appeal": "appeal"}.get(fr)
                trigger_first = gov
                src_clause = gov
                negated = False
                if fr in {"demand", "appeal"}:  # the addressee: "asked X to", "called on X to"
                    obj = [c for c in gov.children if c.dep_ in {"dobj", "dative"}] + [
                        o for c in gov.children if c.dep_ == "prep" and c.lower_ in {"on", "upon"}
                        for o in c.children if o.dep_ == "pobj"]
                    subs, _ = self.subject(v) if clause.dep_ == "ccomp" else ([], False)
                    addressee = obj[0] if obj else (subs[0] if subs else None)
                self.consumed.add(gov.i)
        elif modality == "possibility" and int(code[:2]) >= 13 and not negated:
            new = self.lex.compose_code("threat", code)
            if new:
                code, rule, modality = new, "may/might/could + conflict act: threat", "threat"
        elif modality == "future" and why.get("rule") != "frame":
            conflict = int(code[:2]) >= 9
            fr = "reject" if negated else ("threat" if conflict else "intent")
            if not (fr == "reject" and conflict):
                new = self.lex.compose_code(fr, code)
                if new:
                    code, rule = new, f"future tense: {fr}"
                    modality = fr if fr != "reject" else "refusal"
                    negated = False
        # source and target
        subs, passive = self.subject(src_clause)
        patients: list[Any] = []
        if passive:
            patients = subs
            subs = self.agent(src_clause) or [t for t in src_clause.subtree if t.dep_ == "pobj" and
                                               t.head.lower_ == "by" and t.i > src_clause.i][:1] or [
                t for t in src_clause.sent if t.dep_ == "pobj" and t.head.dep_ == "agent" and t.i > src_clause.i][:1]
        if speaker_src is not None:
            sources = speaker_src
        else:
            sources = []
            for s in subs:
                for a in self.np_actors(s, doer=True):
                    if a not in sources:
                        sources.append(a)
        if addressee is not None:
            tgts = self.np_actors(addressee)
            if not tgts:
                tgts, _ = self.targets(v, sources)
        else:
            tgts, _ = self.targets(v, sources, patients, code)
            if not tgts and src_clause is not v:
                tgts, _ = self.targets(src_clause, sources, None, code)
            if not tgts and (frames.get(v.i) in {"demand", "appeal"} or code[:2] in {"11", "14"}):
                tgts = self.clause_subject_actors(v, sources)  # "X protested that the authorities are failing"
                if tgts and code[:2] == "14" and not any(c.dep_ == "dobj" for c in v.children):
                    code, rule = "111", "protest that ...: verbal protest"
            if not tgts and frames.get(v.i):
                for c in v.children:
                    if c.dep_ in {"xcomp", "ccomp"} and not tgts:
                        tgts, _ = self.targets(c, sources, None, code)
        if not tgts and passive and patients:
            tgts = [a for p in patients for a in self.np_actors(p)]
        if not tgts:  # a purpose clause names who the act was aimed at ("opened fire to disperse demonstrators")
            for c in v.children:
                if c.dep_ in {"advcl", "xcomp"} and any(a.lower_ == "to" for a in c.children if a.dep_ == "aux"):
                    tgts, _ = self.targets(c, sources, None, code)
                    if tgts:
                        why = dict(why, target_from="purpose clause")
                        break
        if not tgts and not reverse and code[:2] in _PLACE_TARGETED:  # "demonstrated in Serbia", "lifted a curfew in ..."
            pl = self.place(v, None, None)
            a = self.doc_actor(pl.get("actor")) if pl else None
            if a is not None and a not in sources:
                tgts = [a]
                why = dict(why, target_from="place")
        if reverse:
            sources, tgts = tgts, sources
        if not sources and not (passive and tgts):
            return  # an act with no known doer is not coded (passives with a known patient are)
        if not tgts and why.get("rule") == "verb default" and why.get("lexicon") == "petrarch2" and rule == why["rule"]:
            return  # a bare PETRARCH2 default ("need", "face", "struggle") with nobody acted on says too little
        if code in _SKIP_CODES:
            return
        if v.dep_ == "acl" and v.tag_ == "VBN" and rule == "verb default" and not self.agent(v):
            return  # a participle describing a noun ("militiamen armed with", "a body linked to") is no act
        why = dict(why, rule=rule, trigger=v.text)
        if gov is not None and trigger_first is gov:
            why["frame"] = gov.text
        self.emit(trigger_first, v, code, sources, tgts, negated, modality, why)

    def doc_actor(self, actor_id: str | None) -> Actor | None:
        for a in getattr(self.actors, "actors", []) or []:
            if a.id == actor_id:
                return a
        return None

    def clause_subject_actors(self, v: Any, exclude: list[Actor]) -> list[Actor]:
        """The addressee of a demand: the subject of its that-clause ("demanded that the government end ...")."""
        for c in v.children:
            if c.dep_ in {"ccomp", "xcomp"}:
                for s in c.children:
                    if s.dep_ in _SUBJ:
                        found = [a for a in self.np_actors(s) if a not in exclude]
                        if found:
                            return found
        return []

    def np_actors_of_subject(self, v: Any) -> list[Actor]:
        subs, _ = self.subject(v)
        out: list[Actor] = []
        for s in subs:
            out += [a for a in self.np_actors(s, doer=True) if a not in out]
        return out

    def frame_over_noun(self, v: Any, frame: str) -> bool:
        """'threatened import restrictions', 'demanded the withdrawal of ...', 'called for sanctions'."""
        outer = v
        if frame == "aspect":  # "promised to continue military aid": the frame above the aspect verb
            gov, _ = self._governor(v)
            if gov is not None and self.lex.frames.get(self.lemma(gov)) not in {None, "say", "aspect"}:
                frame, outer = self.lex.frames[self.lemma(gov)], gov
        objs = [c for c in v.children if c.dep_ == "dobj"]
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ in {"for", "to"}:
                objs += [p for p in c.children if p.dep_ == "pobj"]
        for o in list(objs):  # "a mediation effort", "10 days of war games"
            objs += [c for c in o.children if c.dep_ == "compound"]
            objs += [p for c in o.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                     if p.dep_ == "pobj"]
        for o in objs:
            coded = self.code_noun(o)
            if not coded:
                continue
            fr = frame
            neg = self.negated(outer)
            if fr == "aspect" and self.modality(v) in {"future", "possibility"} and not neg:
                fr = "intent"  # "will extend the curfew", "would tighten the blockade"
            if fr == "oppose":
                fr = "intent" if neg else "reject"
            conflict = int(coded[0][:2]) >= 9
            if fr == "intent" and conflict:
                fr = "threat"
            if fr == "reject" and conflict:
                continue
            code = self.lex.compose_code(fr, coded[0])
            if not code:
                continue
            self.consumed.add(o.i)
            sources = self.np_actors_of_subject(outer)
            tgts, _ = self.targets(v, sources, None, code)
            if not tgts:
                tgts, _ = self.targets(o, sources, None, code)
            if not tgts:
                tgts = [a for a in self.noun_args(o)[1] if a not in sources]
            if not tgts and code[:2] in _PLACE_TARGETED:
                pl = self.place(v, None, None)
                a = self.doc_actor(pl.get("actor")) if pl else None
                tgts = [a] if a is not None and a not in sources else []
            if not sources:
                continue
            why = dict(coded[1], rule=f"frame {frame} ({outer.lemma_}) over event noun", noun=o.text)
            self.emit(outer, o if o.i - outer.i <= 6 else v, code, sources, tgts, neg and fr == "aspect",
                      None if fr == "aspect" else fr, why)
            return True
        return False

    def noun_args(self, n: Any) -> tuple[list[Actor], list[Actor]]:
        """Source and target of an event noun: possessor/modifier/'by' = source; 'to'/'against'/'on' = target."""
        src: list[Actor] = []
        tgt: list[Actor] = []
        for c in n.children:
            if c.dep_ in {"poss", "compound", "amod", "nmod"}:
                a = self.actor_of(c) or (self.pronoun(c) if c.lower_ in _PRONOUNS_GROUP | _PRONOUNS_PERSON else None)
                if a is None and c.dep_ in {"amod", "compound"} and c.pos_ in {"ADJ", "PROPN"}:
                    a = self.describe(c)  # "Palestinian riots": the demonym names the doer
                if a and a not in src:
                    src.append(a)
            elif c.dep_ == "prep":
                objs = [p for p in c.children if p.dep_ == "pobj"]
                for o in objs:
                    if c.lower_ == "by":
                        src += [a for a in self.np_actors(o) if a not in src]
                    elif c.lower_ in {"to", "against", "on", "with", "for", "into"}:
                        tgt += [a for a in self.np_actors(o) if a not in tgt]
                    elif c.lower_ == "of":
                        for sub in o.children:  # "supply of missiles to Ukraine" parses 'to' under 'missiles'
                            if sub.dep_ == "prep" and sub.lower_ in {"to", "against"}:
                                for oo in sub.children:
                                    if oo.dep_ == "pobj":
                                        tgt += [a for a in self.np_actors(oo) if a not in tgt]
        if not tgt:  # "the supply of missiles and tanks to Ukraine" may attach 'to' to the verb above
            h = n.head
            if h.dep_ == "prep" and h.head.pos_ in {"NOUN"}:
                h = h.head
            for c in h.children:
                if c.dep_ == "prep" and c.lower_ in {"to", "against"} and c.i > n.i:
                    for o in c.children:
                        if o.dep_ == "pobj":
                            tgt += [a for a in self.np_actors(o) if a not in tgt]
        if not src and n.dep_ == "pobj" and n.head.lower_ == "for" and n.head.head.pos_ == "VERB" and (
                (self.lex.nouns.get(n.lemma_.lower()) or [("", "")])[0][1].startswith("04")):
            src = self.np_actors_of_subject(n.head.head)  # "negotiators return to Geneva for talks"
        tgt = [a for a in tgt if a not in src]
        return src, tgt

    def nominal_event(self, n: Any) -> None:
        coded = self.code_noun(n)
        if not coded:
            return
        src, tgt = self.noun_args(n)
        if not src and (not tgt or coded[0][:2] in {"10", "11", "12", "13"}):
            return  # a threat or an accusation needs someone making it
        self.emit(n, n, coded[0], src, tgt, False, None, dict(coded[1], trigger=n.text))

    def dedupe(self) -> None:
        """Coordinated acts under one frame ("discussing and negotiating ... for Ukraine") share a target."""
        keep: list[Event] = []
        for e in self.events:
            if e.target is None and any(o is not e and o.target and o.source == e.source and o.cameo == e.cameo
                                        and o.trigger.start == e.trigger.start for o in self.events):
                continue
            if any(o.source == e.source and o.target == e.target and o.cameo == e.cameo
                   and o.trigger.start == e.trigger.start and o.negated == e.negated for o in keep):
                continue
            keep.append(e)
        self.events = keep

    # -- statements from attributions -------------------------------------------------------------

    def statement_events(self) -> None:
        """A speaker commenting on an actor: the comment is an event with the speaker as source."""
        by_id = {a.id: a for a in getattr(self.actors, "actors", []) or []}
        relays = {q.via for _, q in self.attributions if q.via}
        for _, q in self.attributions:
            if q.id in relays:
                continue  # "According to Sputnik, Putin ...": the relay reports, the speaker comments
            speaker = by_id.get(q.speaker) if q.speaker else None
            if speaker is None:
                continue
            toks = [t for t in self.doc if any(c.start <= self.omap(t.idx) < c.end for c in q.content)]
            if not toks:
                continue
            code, cue = None, None
            rank = {"111": 3, "012": 2, "013": 1}
            for t in toks:
                c = self.lex.comments.get(t.lemma_.lower()) or self.lex.comments.get(t.lower_)
                if c is None and t.lemma_.lower() in _POSITIVE and self.negated(t):
                    c = "012"
                if c and (code is None or rank.get(c, 0) > rank.get(code, 0)):
                    code, cue = c, t
            if code is None:
                continue
            target = None
            near = [t for c in cue.children if c.dep_ not in _SUBJ for t in c.subtree]
            for t in near + toks:
                a = self.actor_of(t)
                if a is None or a is speaker:
                    continue
                if speaker.country and (a.country == speaker.country or a.code == speaker.country):
                    continue
                if a.type == "PERSON" and speaker.type == "PERSON":
                    continue
                target = a
                break
            if target is None:
                continue
            if any(e.source == speaker.id and e.target == target.id and e.cameo == code for e in self.events):
                continue
            trigger = q.cue if q.cue and any(ch.isalpha() for ch in q.cue.text) else self.span(cue)
            sent = self.span(cue.sent[0], cue.sent[-1])
            why = {"rule": "statement: comment cue in the speaker's content", "entry": f"{cue.text} -> {code}",
                   "lexicon": "comments.tsv", "attribution": q.id, "matched": [cue.text]}
            ev = self._event(code, speaker, target, trigger, sent, False, "statement", why, cue)
            ev.attribution, ev.hedged = q.id, q.kind == "hedged"  # the comment belongs to its own attribution
            self.events.append(ev)

    # -- output ------------------------------------------------------------------------------------

    def emit(self, first: Any, last: Any, code: str, sources: list[Actor], targets: list[Actor], negated: bool,
             modality: str | None, why: dict[str, Any]) -> None:
        self.consumed.update(why.pop("_used", ()))  # nouns a verb pattern used are not events again
        if "matched" not in why:  # the words the rule fired on, for --explain
            a, b = sorted((first.i, last.i))
            why = dict(why, matched=[t.text for t in self.doc[a:b + 1] if not t.is_punct][:8])
        trig = self.span(first, last) if abs(last.i - first.i) <= 6 else self.span(first)
        sent = self.span(last.sent[0], last.sent[-1])
        if not targets and len(sources) > 1 and code[:2] in _MUTUAL:
            targets = list(sources)  # "China and Russia held talks": each with the other
            why = dict(why, target_from="coordinated sources (mutual)")
        pairs = [(s, t) for s in (sources or [None]) for t in (targets or [None]) if s is None or s is not t]
        for s, t in pairs[:_MAX_PAIRS]:
            self.events.append(self._event(code, s, t, trig, sent, negated, modality, why, last))

    def _event(self, code: str, source: Actor | None, target: Actor | None, trigger: Span, sentence: Span,
               negated: bool, modality: str | None, why: dict[str, Any], anchor: Any) -> Event:
        ci = info(code)
        attribution, hedged = self.attribution_for(trigger.start)
        return Event(
            id="", cameo=code, plover=ci.plover, mode=ci.mode, quad_class=ci.quad_class, goldstein=ci.goldstein,
            source=source.id if source else None, target=target.id if target else None, trigger=trigger,
            sentence=sentence, attribution=attribution, negated=negated, hedged=hedged, modality=modality,
            place=self.event_place(anchor), date=self.date(anchor), explanation=dict(why, name=ci.name),
        )

    def attribution_at(self, pos: int) -> Attribution | None:
        """The innermost attribution whose content holds this original offset."""
        best: tuple[int, Attribution] | None = None
        for _, q in self.attributions:
            for c in q.content:
                if c.start <= pos < c.end and (best is None or c.end - c.start < best[0]):
                    best = (c.end - c.start, q)
        return best[1] if best else None

    def attribution_for(self, pos: int) -> tuple[str | None, bool]:
        q = self.attribution_at(pos)
        return (q.id, q.kind == "hedged") if q else (None, False)

    def place(self, anchor: Any, source: Actor | None, target: Actor | None) -> dict[str, Any] | None:
        """The location the sentence gives ("in Vilnius", "near Samarra"), coded to a country when known."""
        best: tuple[int, dict[str, Any]] | None = None
        for t in anchor.sent:
            if t.dep_ != "pobj" or t.head.lower_ not in _PLACE_PREPS:
                continue
            cands = [t] + [c for c in t.children if c.dep_ in {"compound", "amod"}]
            for c in t.children:  # "the northern city of Kirkuk", "Vilnius, the capital of Lithuania"
                if c.dep_ in {"prep", "appos"}:
                    cands += [x for x in c.subtree if x.pos_ == "PROPN"]
            for x in cands:
                a = self.actor_of(x)
                is_place = x.ent_type_ in {"GPE", "LOC", "FAC"} or (
                    a is not None and (a.type in {"GPE", "LOC", "FAC"} or (a.code and len(a.code) == 3)))
                if not is_place:
                    continue
                ent = next((e for e in anchor.doc.ents if e.start <= x.i < e.end), None)
                sp = self.span(ent[0], ent[-1]) if ent is not None else self.span(x)
                country = (a.country or (a.code[:3] if a.code else None)) if a else None
                row = {"name": sp.text, "start": sp.start, "end": sp.end, "country": country,
                       "actor": a.id if a else None}
                dist = abs(x.i - anchor.i)
                if best is None or dist < best[0] or (country and not best[1]["country"] and dist < best[0] + 8):
                    best = (dist, row)
                break
        return best[1] if best else None

    def event_place(self, anchor: Any) -> dict[str, Any] | None:
        """The sentence's place, else the article's dateline place ("KYIV, July 13 (Reuters) -")."""
        return self.place(anchor, None, None) or self.dateline()

    def dateline(self) -> dict[str, Any] | None:
        if self._dateline is False:
            self._dateline = None
            for tok in self.doc[:4]:
                a = self.actor_of(tok)
                if a is None or not (a.type in {"GPE", "LOC"} or (a.code and a.code == a.country)):
                    continue
                last = tok
                while last.i + 1 < len(self.doc) and self.actor_of(self.doc[last.i + 1]) is a:
                    last = self.doc[last.i + 1]
                nxt = self.doc[last.i + 1] if last.i + 1 < len(self.doc) else None
                if nxt is not None and nxt.text in {",", "-", "(", ":"}:
                    sp = self.span(tok, last)
                    self._dateline = {"name": sp.text, "start": sp.start, "end": sp.end,
                                      "country": a.country or (a.code or "")[:3] or None, "actor": a.id,
                                      "from": "dateline"}
                break
        return self._dateline  # type: ignore[return-value]

    def date(self, anchor: Any) -> str | None:
        for ent in anchor.sent.ents:
            if ent.label_ in {"DATE", "TIME"}:
                got = resolve(ent.text, self.published)
                if got:
                    return got
        return None
