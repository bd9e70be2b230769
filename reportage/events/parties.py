"""Who a noun phrase refers to: actors of heads, modifiers, descriptions, pronouns, residence."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportage.actors.phrases import home_state_of_group
from reportage.actors.positions import Intervals
from reportage.actors.resolve import DocActors
from reportage.document import Actor, Attribution, Span
from reportage.events.grammar import (
    FIRST_PERSON,
    MEMBERSHIP,
    PRONOUNS_GROUP,
    PRONOUNS_PERSON,
    STATE_SECTORS,
    SUBJ,
    inside_phrase,
)
from reportage.mentions import Mentions

# sectors whose unnamed groups are not parties acted on: a military or police noun is the doer's own forces or
# equipment ("deployed warplanes", "pulled back ground troops"), never the one the act is aimed at
UNNAMED_NOT_SECTORS = ("MIL", "COP")
DEFINITE_DETERMINERS = {"the", "this", "that", "these", "those"}


class Parties:
    """Methods of the event coder (mixed into it); they read its ``doc``, ``text``, ``omap``, ``actors``, ``lex``.

    ``actors`` is the document's :class:`DocActors`; pronouns and descriptions are resolved by the
    shared :class:`Mentions` resolver, as for attribution sources.
    """

    actors: DocActors
    doc: Any
    text: str
    omap: Any
    _tok_actor: dict[int, Actor | None]
    _seen_version: int = -1
    _resolver: Mentions | None = None
    _attr_spans: Intervals[tuple[int, Attribution]] | None = None  # attributions' content by position

    @property
    def mentions(self) -> Mentions:
        if self._resolver is None:
            self._resolver = Mentions(self.doc, self.omap, self.actors)
        return self._resolver

    def _agent_sector(self, tok: Any) -> str | None:
        """The sector the actor knowledge base gives an agent noun ("refugees" -> REF), if it is one."""
        for word in (tok.lower_, tok.lemma_.lower()):
            sector = self.actors.agent_sector(word)
            if sector is not None and sector not in {"GOV", "CVL"}:
                return sector
        return None

    def _people_sector(self, tok: Any) -> str | None:
        """The sector of an agent noun naming people, any sector: "asylum seekers" is read as the
        compound the base lists, then the noun and its lemma."""
        words = [tok.lower_, tok.lemma_.lower()]
        mods = [c for c in tok.children if c.dep_ == "compound" and c.i == tok.i - 1]
        if mods:
            words = [f"{mods[0].lower_} {tok.lemma_.lower()}", *words]
        return next((s for w in words if (s := self.actors.agent_sector(w)) is not None), None)

    @staticmethod
    def agent_head(head: Any, sector_of: Callable[[Any], str | None],
                   proper_plural: bool = False) -> tuple[Any, str] | None:
        """The agent noun a phrase is headed by, through up to three "of" phrases ("a group of refugees",
        "dozens of political activists"), and its sector; None when a step is no noun (a proper plural
        only with ``proper_plural``) or no step is an agent noun."""
        for _ in range(3):
            if head.pos_ != "NOUN" and not (proper_plural and head.tag_ == "NNPS"):
                return None
            sector = sector_of(head)
            if sector is not None:
                return head, sector
            head = next((o for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                         for o in c.children if o.dep_ == "pobj"), None)
            if head is None:
                return None
        return None

    def span(self, start_tok: Any, end_tok: Any | None = None) -> Span:
        end_tok = end_tok or start_tok
        a, b = sorted((start_tok.i, end_tok.i))
        t0, t1 = self.doc[a], self.doc[b]
        s, e = self.omap.span(t0.idx, t1.idx + len(t1))
        return Span.of(self.text, s, e)

    def actor_of(self, tok: Any) -> Actor | None:
        """The actor whose mention overlaps this token (the widest mention wins, as in DocActors)."""
        if self.actors.version != self._seen_version:
            self._tok_actor.clear()  # the table gained an actor or a mention since the last answer
            self._seen_version = self.actors.version
        if tok.i in self._tok_actor:
            return self._tok_actor[tok.i]
        s, e = self.omap.span(tok.idx, tok.idx + len(tok))
        found = self.actors.actor_at(s, e)
        self._tok_actor[tok.i] = found
        return found

    def describe(self, tok: Any) -> Actor | None:
        """A description ("the alliance", "the US delegation", "Israeli tanks") resolved by the mentions
        resolver, else coded by the actor knowledge base as a country + agent noun."""
        left = min((c.left_edge for c in tok.children if c.dep_ in {"det", "amod", "compound", "nmod", "poss"}),
                   key=lambda t: t.i, default=tok)
        found = self.mentions.description(left.i, tok.i + 1)
        if found is None:
            sp = self.span(left, tok)
            found = self.actors.code_phrase(sp.start, sp.end)
        return found

    def np_actors(self, head: Any, depth: int = 0, doer: bool = False) -> list[Actor]:
        """Actors a noun phrase refers to: the head's own, coordinated heads', modifiers', possessor's, 'of' PP's."""
        out: list[Actor] = []
        head = self.antecedent(head)
        for h in [head, *[c for c in head.conjuncts if c.i > head.i]]:
            found = self._np_one(h, depth, doer)
            if len(found) == 1:
                found = [self.resident(h, found[0])]
            for a in found:
                if a not in out:
                    out.append(a)
        return out

    @staticmethod
    def antecedent(tok: Any) -> Any:
        """A relative pronoun stands for the noun its clause hangs on ("Erdogan, who accused Israel",
        "officials, whom he accused"); any other token stands for itself."""
        if tok.tag_ not in {"WP", "WDT"} or tok.lower_ not in {"who", "whom", "which", "that"}:
            return tok
        h = tok.head
        for _ in range(3):
            if h.dep_ == "relcl":
                return h.head
            if h.head is h:
                break
            h = h.head
        return tok

    def resident(self, h: Any, actor: Actor) -> Actor:
        """An ethnic group placed in another country is coded with that country, as CAMEO does
        ("ethnic Albanians in south Serbia" -> SRB, "the Albanians of southern Serbia" -> SRB)."""
        if not actor.country or actor.type == "PERSON":
            return actor
        if h.i in self._residents:
            return self._residents[h.i]
        left = [t for t in h.lefts if inside_phrase(t, h)]
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
        made = self.actors.new_actor(sp.text, sp.start, sp.end, "NORP", code=f"{country}{sector}",
                                     country=country, sector=sector)
        self._residents[h.i] = made
        return made

    def _np_one(self, h: Any, depth: int, doer: bool = False) -> list[Actor]:
        if doer and self.abstract(h):  # "NATO membership won't ...": only a possessor is a doer
            found = []
            for c in h.children:
                if c.dep_ == "poss":
                    found += self.np_actors(c, depth + 1) if c.pos_ != "PRON" else [a for a in [self.pronoun(c)] if a]
                elif c.dep_ == "prep" and c.lower_ == "between" and not found:  # "talks between X and Y failed"
                    found += [a for o in c.children if o.dep_ == "pobj" for a in self.np_actors(o, depth + 1)]
            return found
        own = self.actor_of(h)
        if own is not None and (own.code or own.country):
            return [own]
        if own is not None and own.type == "PERSON" and any(
                t.dep_ == "poss" and t.i < h.i and inside_phrase(t, h) for t in h.subtree):
            return [own]  # a named person is the doer, not whose they are ("Trump's lawyer Michael Cohen")
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
                if t.i == h.i or not inside_phrase(t, h):
                    continue
                a = self.actor_of(t)
                if a is not None and (a.code or a.country):
                    return [a]
            for c in h.children:  # "workers affiliated with the Serbian Workers' Union", "a newspaper based in Beirut"
                if c.dep_ == "acl" and c.lemma_.lower() in MEMBERSHIP:
                    for t in c.subtree:
                        a = self.actor_of(t)
                        if a is None and t.pos_ == "PROPN" and t.dep_ == "pobj":
                            a = self.describe(t)
                        if a is not None and (a.code or a.country):
                            return [a]
        return []

    def _np_parts(self, h: Any, depth: int) -> list[Actor]:
        if h.lower_ in PRONOUNS_PERSON or h.lower_ in PRONOUNS_GROUP or h.lower_ in FIRST_PERSON:
            a = self.pronoun(h)
            return [a] if a else []
        # an apposition names the head's referent: "Putin's spokesman, Dmitry Peskov," is Peskov, not Putin
        named = [a for c in h.children if c.dep_ == "appos" for a in [self.actor_of(c)] if a is not None]
        if named:
            return named[:1]
        mods: list[Actor] = []
        own = self.actor_of(h)
        for c in h.children:
            if c.dep_ == "appos" and own is not None and own.type == "PERSON":
                continue  # "freed pastor Evan Mawarire, a critic of President Mugabe": the pastor, not Mugabe
            if c.dep_ in {"compound", "amod", "nmod", "poss", "appos", "npadvmod"} or (
                    c.dep_ == "conj" and c.i < h.i):
                for t in [x for x in c.subtree if inside_phrase(x, c)]:
                    a = self.actor_of(t)
                    if a is None and t.dep_ == "poss" and t.lower_ in PRONOUNS_PERSON | PRONOUNS_GROUP:
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
            # "by": the maker of a thing acted on ("condemned the attack by Houthi rebels", "a report by Amnesty")
            # "between": the parties of an event ("the summit between the EU and Turkey failed ...")
            preps = {"of", "by", "between"} if h.lemma_.lower() in self.lex.nouns else {
                "of", "from", "in", "throughout", "by"}
            for c in h.children:
                if c.dep_ == "prep" and c.lower_ in preps:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            found = self.np_actors(p, depth + 1)
                            if found:
                                return found
        return []

    def group_actor(self, head: Any, others: list[Actor]) -> Actor | None:
        """An unnamed group ("demonstrators", "a group of refugees") coded with the country of the place the
        sentence names, else of the state actor it faces (its government, police or army): news of protest
        and repression is mostly domestic. The group's sector comes from the knowledge base's agent nouns."""
        doer = head.dep_ in ("nsubj", "csubj")  # the group acts (on the others) rather than is acted on
        found = self.agent_head(head, self._agent_sector)
        if found is None:
            return None
        head, sector = found
        if self.actor_of(head) is not None:
            return None
        pl = self.place(head, None, None)
        country = pl.get("country") if pl else None
        if not country:
            # a doer facing a country named whole or a mission abroad is no citizen of it (actors.phrases)
            country = next((c for a in others if (c := home_state_of_group(self.actors, a, STATE_SECTORS, doer))), None)
        if not country:
            return None
        left = min((t for t in head.lefts if inside_phrase(t, head)), key=lambda t: t.i, default=head)
        sp = self.span(left, head)
        return self.actors.new_actor(sp.text, sp.start, sp.end, "NORP", code=f"{country}{sector}",
                                     country=country, sector=sector)

    def unnamed_party(self, head: Any) -> Actor | None:
        """A party the sentence names by what its people are, not by name ("expelled humanitarian aid
        workers", "will not accept Rohingya refugees", "released at least 19 Christians"): an actor for the
        noun phrase, with the sector the knowledge base gives its agent noun and no code (its country is
        not said). None unless the head is an agent noun with no actor of its own."""
        found = self.people_head(head)
        if found is None:
            return None
        head, sector = found
        left = min((t for c in head.lefts if inside_phrase(c, head) for t in c.subtree),
                   key=lambda t: t.i, default=head)
        sp = self.span(left, head)
        country = self.country_in_phrase(head)
        if country:  # "refugees fleeing the civil war in Liberia", "protesters who defied a curfew in Baghdad"
            return self.actors.new_actor(sp.text, sp.start, sp.end, "NORP", code=f"{country}{sector}",
                                         country=country, sector=sector)
        return self.actors.new_actor(sp.text, sp.start, sp.end, "NORP", sector=sector)

    def country_in_phrase(self, head: Any) -> str | None:
        """The one country a group's own phrase places it in, through a place after its head ("refugees
        fleeing the civil war in Liberia" -> LBR); None when it names none or several."""
        found: set[str] = set()
        for t in head.subtree:
            if t.i <= head.i or t.dep_ != "pobj" or t.head.lower_ not in {"in", "from"}:
                continue
            a = self.actor_of(t)
            if a is not None and a.country and (a.type in {"GPE", "LOC"} or a.code == a.country):
                found.add(a.country)
        return found.pop() if len(found) == 1 else None

    def people_head(self, head: Any) -> tuple[Any, str] | None:
        """The agent noun a phrase names people by, and its sector ("aid workers" -> LAB, "dozens of
        activists" -> OPP), when it has no actor of its own; None for things and named parties, for a
        singular, definite or possessed phrase ("the regime", "its prisoners": a description the mentions
        resolver owns) and for military nouns (``UNNAMED_NOT_SECTORS``)."""
        found = self.agent_head(head, self._people_sector, proper_plural=True)  # "19 Christians": NNPS
        if found is None:
            return None
        head, sector = found
        if self.actor_of(head) is not None or sector.startswith(UNNAMED_NOT_SECTORS):
            return None  # "deployed warplanes", "pulled back troops": the doer's own forces or equipment
        restricted = any(c.dep_ in {"prep", "acl", "relcl"} and c.i > head.i for c in head.children)
        if head.tag_ not in {"NNS", "NNPS"} or any(c.dep_ == "poss" or (
                c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS and not restricted) for c in head.children):
            return None  # "the regime", "its warplanes": a description of someone named ("the workers at the
            # plant", restricted by what follows, are a group of their own)
        return head, sector

    def abstract(self, h: Any) -> bool:
        """Event and state nouns ("membership", "supply", "talks") are not actors themselves."""
        return h.pos_ == "NOUN" and h.lemma_.lower() in self.lex.not_actors

    def speech_subject(self, tok: Any, frames: frozenset[str] | set[str], max_steps: int | None = None) -> Any | None:
        """The subject of the speech verb whose complement clause holds ``tok`` ("Russia said it would ...":
        Russia), looking up at most ``max_steps`` heads; None when there is no such verb or it has no subject."""
        h, steps = tok.head, 0
        while h.dep_ != "ROOT" and h.head is not h and (max_steps is None or steps < max_steps):
            if h.dep_ == "ccomp" and self.lex.frames.get(self.lemma(h.head)) in frames:
                subj = [c for c in h.head.children if c.dep_ in SUBJ]
                return subj[0] if subj else None
            h, steps = h.head, steps + 1
        return None

    @staticmethod
    def may_stand_for(tok: Any, actors: list[Actor]) -> bool:
        """"it" and "they" are never one person: "they have accepted my apology, Mr. Flynn said" is not
        Flynn (the mentions resolver then looks for an antecedent that agrees)."""
        return tok.lower_ not in PRONOUNS_GROUP or not any(a.type == "PERSON" for a in actors)

    def pronoun(self, tok: Any) -> Actor | None:
        """I/we inside a quote: its speaker; it/they in a say-clause's complement: the sayer; else the
        antecedent the mentions resolver finds (agreeing in number and gender)."""
        low = tok.lower_
        if low in FIRST_PERSON:
            q = self.attribution_at(self.omap(tok.idx))
            return self.actors.by_id(q.speaker) if q is not None and q.speaker else None
        if low in PRONOUNS_GROUP:
            subj = self.speech_subject(tok, frozenset({"say"}))
            if subj is not None and subj.lower_ not in PRONOUNS_GROUP:
                got = self.np_actors(subj)
                if got and self.may_stand_for(tok, got):
                    return got[0]
        if low not in PRONOUNS_PERSON and low not in PRONOUNS_GROUP:
            return None
        return self.mentions.antecedent(tok)

    def doc_actor(self, actor_id: str | None) -> Actor | None:
        return self.actors.by_id(actor_id)

    def attribution_at(self, pos: int) -> Attribution | None:
        """The innermost attribution whose content holds this original offset."""
        if self._attr_spans is None:  # by position: a scan per question made long texts quadratic
            self._attr_spans = Intervals((c.start, c.end, (n, q)) for n, (_, q) in enumerate(self.attributions)
                                         for c in q.content)
        held = self._attr_spans.containing(pos, pos + 1)
        if not held:
            return None
        return min(held, key=lambda h: (h[1] - h[0], h[2][0]))[2][1]  # innermost; the first on a tie
