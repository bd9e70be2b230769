"""Event coder: one walk over the dependency parse turns clauses and event nouns into CAMEO/PLOVER events.

For each trigger (a verb, a frame adjective such as "prepared", or an event noun) the lexicon gives a
CAMEO code, the parse gives source and target noun phrases, and the actor table codes them. Frames
("offered to", "threatened to", "demanded that", "is not opposed to") combine with the act they govern
through ``compose.tsv``; speech verbs pass the act through; the future tense reads as intent. Every
event keeps an explanation: the rule, the lexicon entry and the tokens that fired it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from reportage.actors.resolve import DocActors
from reportage.document import Actor, Attribution, Event, Span
from reportage.events import confidence
from reportage.events.clauses import Clauses
from reportage.events.codebook import info
from reportage.events.dates import parse_published
from reportage.events.grammar import (
    CONDITIONAL_MARKS,
    FIRST_PERSON,
    GENERIC_FRAMES,
    MODALITY_OF_FRAME,
    POSITIVE,
    PRONOUNS_GROUP,
    SPEECH_FRAMES,
    SUBJ,
    code_named,
    codes_named,
    in_family,
)
from reportage.events.lexicon import Lexicon, load_lexicon
from reportage.events.parties import Parties
from reportage.events.places import Places
from reportage.settings import EventSettings, resolve

# a dateline after a place name: ", July 13 (Reuters) -", " (AP) —", " -"
DATELINE = re.compile(r"^[A-Z][A-Z./ -]*[A-Z.](,[^-\u2013\u2014()]{0,30})?( \([^)]{1,30}\))? ?[-\u2013\u2014]")


@dataclass
class Act:
    """One verb's act as the passes of ``verbal_event`` refine it (trigger → frame composition →
    argument selection → filters → emit); each pass reads and sets these fields."""

    v: Any  # the trigger token
    code: str
    why: dict[str, Any]  # the explanation so far (rule and entry of the lexicon look-up ...)
    rule: str  # the rule that gave the current code
    reverse: bool = False  # an ``a:b`` code read backwards: target → source
    negated: bool = False
    modality: str | None = None
    marks: list[str] = field(default_factory=list)  # why the act is not asserted (assertion())
    gov: Any = None  # the frame verb governing the act, if any
    clause: Any = None  # the act's clause head under that frame
    frame: str | None = None  # the governing verb's frame kind (say, intent, threat ...)
    first: Any = None  # first token of the trigger span (the frame verb when one composed)
    src_clause: Any = None  # the clause whose subject is the source
    addressee: Any = None  # the token of a demand's or appeal's addressee
    speaker_src: list[Actor] | None = None  # sources fixed by a speech frame (say + must)
    subs: list[Any] = field(default_factory=list)  # subject (or by-agent) tokens
    passive: bool = False
    patients: list[Any] = field(default_factory=list)  # a passive's subject tokens
    sources: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    base_code: str = ""  # the verb's own code before any frame composed with it


def code_events(parsed: Any, actors: DocActors, attributions: list[Attribution], published: str | None,
                settings: EventSettings | None = None) -> list[Event]:
    """Code the events of one parsed article (see the module docstring); ``settings``: which events are kept."""
    return _Coder(parsed, actors, attributions, published, load_lexicon(), settings).run()


class _Coder(Parties, Clauses, Places):
    """One article's coding run: the walk (here), actors of phrases, clause structure, places."""

    def __init__(self, parsed: Any, actors: DocActors, attributions: list[Attribution], published: str | None,
                 lex: Lexicon, settings: EventSettings | None = None) -> None:
        self.settings = settings or resolve(None).events  # threshold, max_pairs, all_events, dyads_only
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
        self.consumed: set[int] = set()
        self._residents: dict[int, Actor] = {}
        self._dateline: dict[str, Any] | None | bool = False
        self.guessed_subjects: set[int] = set()  # subjects guessed as the nearest name (lower confidence)
        self.scanned_targets: set[int] = set()  # targets found further down the clause, not as objects
        self._token_starts: list[int] | None = None  # original offset of each token, for bisection

    def find_triggers(self) -> tuple[list[tuple[Any, str, dict[str, Any]]], dict[int, str], list[Any]]:
        """The article's coded verbs (token, code, explanation), its frame words (token index -> frame
        kind) and its event nouns: the lexicon look-up every later pass starts from."""
        acts: list[tuple[Any, str, dict[str, Any]]] = []
        frames: dict[int, str] = {}
        nouns: list[Any] = []
        for tok in self.doc:
            if (tok.pos_ in {"VERB", "ADJ", "AUX"} or tok.tag_.startswith("VB")) and tok.dep_ != "prep":
                if self.put_to(tok):
                    continue  # "Asked if ..., Trump said": a question put to him by someone unnamed, no frame
                key, extra = self.verb_key(tok)
                fr = self.lex.frames.get(key)
                if fr:
                    frames[tok.i] = fr
                if tok.pos_ == "AUX" and not fr:
                    continue
                coded = self.code_trigger(tok, key, extra, bool(fr) and fr != "say", fr)
                if coded and fr == "hypothetical" and not in_family(coded[0], "deliberation"):
                    continue  # "wants sanctions relief", "expects talks": a wish or a belief is no act of its own
                if coded and fr in GENERIC_FRAMES:
                    coded = (coded[0], dict(coded[1], frame_word=True))
                if coded:
                    acts.append((tok, coded[0], coded[1]))
            elif tok.pos_ in {"NOUN", "PROPN"}:
                if tok.lemma_.lower() in self.lex.nouns:
                    nouns.append(tok)
                if self.lex.frames.get(tok.lemma_.lower()) == "say":
                    frames[tok.i] = "say"  # "a stern reminder to Iraq that it must ...": a speech noun
        return acts, frames, nouns

    def run(self) -> list[Event]:
        acts, frames, nouns = self.find_triggers()
        coded_ids = {a.i for a, _, _ in acts}
        for tok in self.doc:  # "declared that China must drop barriers": an uncoded act under say + must
            if tok.i in coded_ids or tok.pos_ != "VERB" or self.modality(tok) != "obligation":
                continue
            gov, _ = self._governor(tok)
            if gov is not None and frames.get(gov.i) == "say":
                acts.append((tok, code_named("say_must"), {"rule": "say + must", "entry": f"{gov.lemma_} ... must {tok.lemma_}",
                                          "lexicon": "frames.tsv"}))
        done: set[int] = set()
        for i, fr in list(frames.items()):  # "ordered the arrest of X": the arrest, by whoever ordered it
            if fr == "command":
                if self.frame_over_noun(self.doc[i], "aspect"):
                    done.add(i)
                frames[i] = "demand"  # "ordered X to leave": a demand on X
        for tok in self.doc:
            if frames.get(tok.i) == "say" and any(c.dep_ == "dobj" for c in tok.children) and not any(
                    c.dep_ == "ccomp" for c in tok.children):
                frames[tok.i] = "aspect"
        for v, code, why in acts:
            fr = frames.get(v.i)
            if fr == "say" or v.i in done:
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
                if not self.frame_over_noun(self.doc[i], fr) and fr in GENERIC_FRAMES:
                    v = self.doc[i]
                    if self.sense_over(v, v.lemma_.lower(), "none_over"):
                        continue  # "declined to comment": a newsroom formula, no refusal of anything political
                    if not self._governs_act(v, acts) and any(
                            (c.dep_ in {"xcomp", "ccomp"} and c.pos_ in {"VERB", "AUX"}  # "called the report fake": no act
                             and (fr not in {"demand", "appeal"} or self.mandative(c)))  # "insisted it is peaceful"
                            or (c.dep_ == "prep" and any(p.dep_ == "pcomp" for p in c.children))
                            for c in v.children):
                        code = self.lex.compose_code(GENERIC_FRAMES[fr], code_named("uncoded_act"))
                        if code:
                            self.verbal_event(v, code, {"rule": f"frame {fr} over an uncoded act",
                                                        "entry": v.lemma_.lower(), "lexicon": "frames.tsv"},
                                              {})
        for n in nouns:
            if n.i not in self.consumed:
                self.nominal_event(n)
        self.statement_events()
        self.dedupe()
        self.keep_confident()
        self.events.sort(key=lambda e: (e.trigger.start, e.trigger.end))
        for k, e in enumerate(self.events, 1):
            e.id = f"E{k}"
        return self.events

    def verbal_event(self, v: Any, code: str, why: dict[str, Any], frames: dict[int, str]) -> None:
        """Code one verb's act in five passes, each small enough to test on its own sentence:
        trigger → frame composition → argument selection → filters → emit."""
        act = self.trigger_pass(v, code, why, frames)
        if act is None:
            return
        self.compose_pass(act, frames)
        self.argument_pass(act, frames)
        if self.filter_pass(act):
            self.emit_pass(act)

    def trigger_pass(self, v: Any, code: str, why: dict[str, Any], frames: dict[int, str]) -> Act | None:
        """The act as its verb says it: the code (``a:b`` split into direction), negation, modality, the
        marks of an act not asserted, and the frame verb governing it. None for a participle on an event
        noun ("sanctions targeting the central bank", "an attack sponsored by Iran"): the noun is the act."""
        if v.dep_ == "acl" and v.tag_ in {"VBG", "VBN"} and v.head.lemma_.lower() in self.lex.nouns:
            return None
        reverse = False
        if ":" in code:
            fwd, back = code.split(":", 1)
            code, reverse = (fwd, False) if fwd else (back, True)
        gov, clause = self._governor(v)
        return Act(v=v, code=code, base_code=code, why=dict(why, trigger_rule=why["rule"]), rule=why["rule"], reverse=reverse,
                   negated=self.negated(v), modality=self.modality(v), marks=self.assertion(v), gov=gov,
                   clause=clause, frame=frames.get(gov.i) if gov is not None else None, first=v, src_clause=v)

    def compose_pass(self, act: Act, frames: dict[int, str]) -> None:
        """Combine the act with what governs it: a speech verb (+ must: a demand), a denial, a frame
        (intent, threat, refusal, demand, appeal through compose.tsv), or the verb's own tense."""
        self._speech_over_act(act, frames)
        if act.frame and act.frame != "say":
            self._frame_over_act(act)
            if act.frame != "aspect" or act.negated or act.gov is None:
                return
            act.modality = self.modality(act.gov)  # "will continue to seize": the aspect verb bears the tense
        if act.modality == "possibility" and in_family(act.code, "hostile") and not act.negated:
            new = self.lex.compose_code("threat", act.code)
            if new:
                act.code, act.rule, act.modality = new, "may/might/could + conflict act: threat", "threat"
        elif act.modality == "future" and act.why.get("rule") != "frame":
            conflict = in_family(act.code, "conflict")
            fr = "reject" if act.negated else ("threat" if conflict else "intent")
            if not (fr == "reject" and conflict):
                new = self.lex.compose_code(fr, act.code)
                if new:
                    act.code, act.rule = new, f"future tense: {fr}"
                    act.modality = fr if fr != "reject" else "refusal"
                    act.negated = False

    def _speech_over_act(self, act: Act, frames: dict[int, str]) -> None:
        """Frames that pass the act through or take it back: say (+ must: a demand on the clause's
        subject), hypothetical (marked by assertion()), denial ("denied that it had supplied drones")."""
        gov = act.gov
        if act.frame == "say" and gov is not None:
            if act.modality == "obligation":  # "declared that China must drop barriers": a demand on the subject
                act.speaker_src = self.np_actors_of_subject(gov)
                subs, _ = self.subject(act.v)
                act.addressee = subs[0] if subs else None
                new = self.lex.compose_code("demand", act.code)
                if new:
                    act.code, act.rule = new, "say + must: demand"
                    act.first = gov
                    act.modality = "demand"
                    act.negated = False  # "X should not pose a threat" is a demand, not a negated one
            act.frame = None
        if act.frame == "hypothetical" and gov is not None and act.v.head.i == gov.i and act.v.dep_ == "xcomp" \
                and act.v.tag_ == "VBG" and self.lex.weighs_options(self.lemma(gov)):
            # "is considering sending aid to North Korea": weighing a policy option (014), done by who weighs it
            act.code, act.rule, act.first, act.src_clause = code_named("weigh_option"), "deliberation over a gerund", gov, gov
            act.marks, act.negated = self.assertion(gov), self.negated(gov)  # "is not considering sending"
            self.consumed.add(gov.i)
        if act.frame == "hypothetical":  # "was expected to announce", "wants to buy": not done
            act.frame = None
        if act.frame == "denial" and gov is not None:  # "Iran denied that it had supplied drones": not asserted
            act.negated, act.modality, act.frame = True, "denied", None
            act.why = dict(act.why, denied_by=gov.text)
        if act.frame and act.frame != "say" and self.modality(gov) == "obligation":
            outer, _ = self._governor(gov)  # "said that the US must be ready to mediate": a demand on the US
            if outer is not None and frames.get(outer.i) == "say":
                new = self.lex.compose_code("demand", act.code)
                if new:
                    act.speaker_src = self.np_actors_of_subject(outer)
                    subs, _ = self.subject(gov)
                    act.addressee = subs[0] if subs else None
                    act.code, act.rule, act.modality, act.first, act.frame = (
                        new, "say + must + frame: demand", "demand", gov, None)

    def _frame_over_act(self, act: Act) -> None:
        """A frame verb over the act ("offered to", "threatened to", "refused to", "asked X to"): the
        composed code, the frame's mode, its subject as source and, for demands and appeals, its addressee."""
        gov, fr = act.gov, act.frame or ""
        conflict = in_family(act.code, "conflict")
        gneg = self.negated(gov)
        if fr == "oppose":
            fr = "intent" if gneg else "reject"
            gneg = False
        if fr == "intent" and conflict:
            fr = "threat"
        if gneg and fr == "intent":
            fr = "reject"
        if fr == "reject" and conflict:
            act.negated = True
            fr = ""
        new = self.lex.compose_code(fr, act.code) if fr and not gneg else None
        if gneg and not new:  # "did not threaten to strike", "has not asked them to leave": no act
            act.negated = True
        if not new:
            return
        act.code = new
        act.rule = f"frame {act.frame} ({gov.lemma_}) over act"
        act.modality = MODALITY_OF_FRAME.get(fr)
        act.first = gov
        act.src_clause = gov
        act.negated = False
        own_condition = any(c.dep_ in {"mark", "advmod"} and c.lower_ in CONDITIONAL_MARKS for c in act.v.children)
        keep = {"question", "conditional"} if own_condition else {"question"}  # "decides whether to hit"
        kept = [m for m in act.marks if m in keep]  # the frame's own marks join them (none lost by sharing a name)
        act.marks = kept + [m for m in self.assertion(gov) if m not in kept]
        if fr in {"demand", "appeal"}:  # the addressee: "asked X to", "called on X to"
            obj = [c for c in gov.children if c.dep_ in {"dobj", "dative"}] + [
                o for c in gov.children if c.dep_ == "prep" and c.lower_ in {"on", "upon"}
                for o in c.children if o.dep_ == "pobj"]
            subs, _ = self.subject(act.v) if act.clause.dep_ == "ccomp" else ([], False)
            act.addressee = obj[0] if obj else (subs[0] if subs else None)
        self.consumed.add(gov.i)

    def argument_pass(self, act: Act, frames: dict[int, str]) -> None:
        """Source and target actors: the subject (the by-agent of a passive) and the object, addressee,
        prepositional object or place; unnamed groups in domestic conflict; ``a:b`` codes swap them."""
        self._sources(act)
        self._targets(act, frames)
        self._domestic_parties(act)
        self._mutual_parties(act)
        if act.reverse:
            act.sources, act.targets = act.targets, act.sources

    def _sources(self, act: Act) -> None:
        """The doers: the speaker of a say + must demand, else the subject (a passive's by-agent)."""
        src_clause = act.src_clause
        subs, passive = self.subject(src_clause)
        patients: list[Any] = []
        if passive:
            patients = subs
            subs = self.agent(src_clause) or [t for t in src_clause.subtree if t.dep_ == "pobj" and
                                               t.head.lower_ == "by" and t.i > src_clause.i][:1] or [
                t for t in src_clause.sent if t.dep_ == "pobj" and t.head.dep_ == "agent" and t.i > src_clause.i][:1]
        act.subs, act.passive, act.patients = subs, passive, patients
        if act.speaker_src is not None:
            act.sources = act.speaker_src
            return
        sources: list[Actor] = []
        for s in subs:
            for a in self.frame_speaker(s) or self.np_actors(s, doer=True):
                if a not in sources:
                    sources.append(a)
        if any(s.i in self.guessed_subjects for s in subs):
            act.why = dict(act.why, source_from="nearest name")
        if not sources and passive and not subs and in_family(act.base_code, "place_authority"):
            sources = self.place_authority(src_clause)
            if sources:
                act.why = dict(act.why, source_from="place authority")
        act.sources = sources

    def place_authority(self, v: Any) -> list[Actor]:
        """The state named as the place of a passive arrest, expulsion or release with no by-agent ("was
        arrested in Rwanda", "were expelled from North Korea"): the act of its authorities, as CAMEO codes it.
        Only a country named in the verb's own in/from phrase, never a city or a dateline."""
        for c in v.children:
            if c.dep_ != "prep" or c.lower_ not in {"in", "from"}:
                continue
            for o in c.children:
                if o.dep_ != "pobj":
                    continue
                a = self.actor_of(o)
                entry = self.actors.entry(a) if a is not None else None
                if a is not None and entry is not None and entry.kind == "country" and a.code == a.country:
                    return [a]  # "in Minsk" is a city: the act may be anyone's there
        return []

    def _targets(self, act: Act, frames: dict[int, str]) -> None:
        """Who the act is aimed at: the addressee, else the clause's objects (then the frame's clause,
        a that-clause's subject for complaints and demands, a passive's patient, a purpose clause)."""
        v, sources = act.v, act.sources
        if act.addressee is not None:
            tgts = self.np_actors(act.addressee)
            if not tgts:
                tgts, _ = self.targets(v, sources)
        else:
            tgts, tok = self.targets(v, sources, act.patients, act.code)
            if tgts and tok is not None and tok.i in self.scanned_targets:
                act.why = dict(act.why, target_from="scan")
            if not tgts and act.src_clause is not v:
                tgts, _ = self.targets(act.src_clause, sources, None, act.code)
            if not tgts and (frames.get(v.i) in {"demand", "appeal"} or in_family(act.code, "about_clause")):
                tgts = self.clause_subject_actors(v, sources)  # "X protested that the authorities are failing"
                if tgts and in_family(act.code, "protest") and not any(c.dep_ == "dobj" for c in v.children):
                    act.code, act.rule = code_named("verbal_protest"), "protest that ...: verbal protest"
            if not tgts and frames.get(v.i):
                for c in v.children:
                    if c.dep_ in {"xcomp", "ccomp"} and not tgts:
                        tgts, _ = self.targets(c, sources, None, act.code)
        if not tgts and act.passive and act.patients:
            tgts = [a for p in act.patients for a in self.np_actors(p)]
        if not tgts:
            tgts = self.controlled_subject(v, sources)
            if tgts:
                act.why = dict(act.why, target_from="infinitive subject")
        if not tgts:  # a purpose clause names who the act was aimed at ("opened fire to disperse demonstrators")
            for c in v.children:
                if c.dep_ in {"advcl", "xcomp"} and any(a.lower_ == "to" for a in c.children if a.dep_ == "aux"):
                    tgts, _ = self.targets(c, sources, None, act.code)
                    if tgts:
                        act.why = dict(act.why, target_from="purpose clause")
                        break
        act.targets = tgts

    def unnamed_target(self, act: Act, domestic: bool = False) -> list[Actor]:
        """The act's object named only by what its people are ("expelled aid workers", "pressuring
        lecturers to cancel the strike"): the addressee, the object, a passive's patient, the subject of a
        governed infinitive or a to / against / on / with object, as an unnamed party (``unnamed_party``);
        in domestic conflict coded with the country of its place or of the state it faces (``group_actor``)."""
        v = act.v
        cands = [act.addressee] if act.addressee is not None else []
        cands += [c for c in v.children if c.dep_ in {"dobj", "dative"}] + list(act.patients)
        cands += [s for c in v.children if c.dep_ in {"ccomp", "xcomp"} and c.i > v.i and (c.tag_ == "VBG" or any(
                  a.dep_ == "aux" and a.lower_ == "to" for a in c.children))  # "accept refugees fleeing ..."
                  for s in c.children if s.dep_ == "nsubj" and s.i > v.i]
        cands += [o for c in v.children if c.dep_ == "prep" and c.lower_ in {"to", "against", "on", "with"}
                  for o in c.children if o.dep_ == "pobj"]
        for cand in cands:
            if cand.i in {s.i for s in act.subs}:
                continue
            made = self.group_actor(cand, act.sources) if domestic else None  # coded by place or state faced
            made = made or self.unnamed_party(cand)
            if made is not None:
                act.why = dict(act.why, target_from="unnamed group")
                return [made]
        return []

    def controlled_subject(self, v: Any, exclude: list[Actor]) -> list[Actor]:
        """'allow the WFP to deliver food', 'refused to allow two airlines to land', 'pressuring lecturers to
        cancel the strike': the parser often makes the one allowed or pressed the subject of the infinitive
        rather than the verb's object; it is the party the act is aimed at."""
        for c in v.children:
            if c.dep_ not in {"ccomp", "xcomp"} or c.i < v.i:
                continue
            if not any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                continue
            for s in c.children:
                if s.dep_ in {"nsubj", "nsubjpass"} and s.i > v.i:
                    found = [a for a in self.np_actors(s) if a not in exclude]
                    if found:
                        return found
        return []

    def _mutual_parties(self, act: Act) -> None:
        """The parties of a mutual act named "between X and Y" ("the pact signed between Iran and six
        powers"); and coordinated doers of a mutual act with no other party act with each other, also when
        a frame changed its code: "the United States and South Korea failed to reach agreement" is each
        one's failure with the other."""
        if not in_family(act.base_code, "mutual"):
            return
        if not (act.sources and act.targets):  # "the pact signed between Iran and six powers"
            between = [a for c in act.v.children if c.dep_ == "prep" and c.lower_ == "between"
                       for o in c.children if o.dep_ == "pobj" for a in self.np_actors(o)]
            if len(between) > 1 or (between and act.sources):
                if not act.sources:
                    act.sources = between[:1]
                act.targets = act.targets or [a for a in between if a not in act.sources]
                if act.targets:
                    act.why = dict(act.why, target_from="between")
        if act.targets or len(act.sources) < 2:
            return
        if in_family(act.code, "mutual"):
            return  # emit() pairs them already
        act.targets = list(act.sources)
        act.why = dict(act.why, target_from="mutual")

    def _domestic_parties(self, act: Act) -> None:
        """Unnamed groups ("demonstrators", "refugees") facing a state actor, or in a named place, are
        domestic parties; a place-targeted act with no target is aimed at its place."""
        v, sources, tgts = act.v, act.sources, act.targets
        objs = [c for c in v.children if c.dep_ in {"dobj", "dative"}] + [
            o for c in v.children if c.dep_ in {"advcl", "xcomp"} for o in c.children if o.dep_ == "dobj"]
        domestic = not act.reverse and in_family(act.code, "domestic")
        where = self.place(v, None, None) if domestic else None
        at_place = bool(tgts) and where is not None and [a.id for a in tgts] == [where.get("actor")]
        if domestic and sources and (not tgts or at_place):
            # an agent noun object ("arrested dozens of protesters in Tbilisi") beats the place it happened in
            tgts = [g for g in (self.group_actor(o, sources) for o in objs) if g is not None][:1] or tgts
        if not tgts and sources:  # the people acted on beat the place it happened in (a passive with no
            # known doer stays as it was: an unnamed patient alone is no event)
            tgts = self.unnamed_target(act, domestic)
        from_place = False
        if not tgts and not act.reverse and in_family(act.code, "place_targeted"):  # "demonstrated in Serbia"
            pl = self.place(v, None, None)
            a = self.doc_actor(pl.get("actor")) if pl else None
            if a is not None and a not in sources:
                tgts, from_place = [a], True
                act.why = dict(act.why, target_from="place")
        if domestic and not sources and tgts:
            sources = [g for g in (self.group_actor(x, tgts) for x in act.subs) if g is not None][:1]
            if sources and (from_place or at_place):  # "Police arrested protesters in Tbilisi": not the city
                groups = [g for g in (self.group_actor(o, sources) for o in objs) if g is not None][:1]
                if groups:
                    tgts = groups
                    act.why = {k: w for k, w in act.why.items() if k != "target_from"}
        act.sources, act.targets = sources, tgts

    def filter_pass(self, act: Act) -> bool:
        """Whether the act says enough to be an event: a known doer (or a passive's known patient), more
        than a bare PETRARCH2 default with nobody acted on, not a skipped code, not a describing participle."""
        v = act.v
        if not act.sources and not (act.passive and act.targets):
            return False  # an act with no known doer is not coded (passives with a known patient are)
        why = act.why
        if not act.targets and why.get("rule") == "verb default" and why.get("lexicon") == "petrarch2" and \
                act.rule == why["rule"]:
            return False  # a bare PETRARCH2 default ("need", "face", "struggle") with nobody acted on says too little
        if in_family(act.code, "skip"):
            return False
        if act.why.get("trigger_rule", "").endswith("over an uncoded act") and self.sense_unknown_act(v, act):
            return False  # "aims to obtain power", "agreed that this is a threat": no act the lexicon knows
        if v.dep_ == "acl" and v.tag_ == "VBN" and act.rule == "verb default" and not self.agent(v):
            return False  # a participle describing a noun ("militiamen armed with", "a body linked to") is no act
        return True

    def sense_unknown_act(self, v: Any, act: Act) -> bool:
        """Whether a frame word over an act the lexicon does not know says nothing (senses.tsv): an aim
        at nobody ("aims to obtain power", ``no_uncoded_act``; "willing to send more resources to
        Colombia" stands), or an opinion ("agreed that this is a threat", ``no_clause`` over a
        that-clause that asks for nothing)."""
        key = self.lemma(v)
        if self.sense_words(v, key, "no_uncoded_act") is not None:
            if not act.targets:
                return True
            _, tok = self.targets(v, act.sources, act.patients, act.code)
            # a party the aimed-at act is done to ("send resources to Colombia", "go along with the United
            # States"), not a modifier further down ("address MPs about the G7 meeting")
            while tok is not None and tok.dep_ in {"compound", "flat"} and tok.head.pos_ == "PROPN":
                tok = tok.head  # the head of the name ("the United States"), not a modified thing ("the U.S. election")
            if tok is None:
                return True
            aimed = [c for c in v.children if c.dep_ in {"xcomp", "ccomp"}]
            aimed += [c for a in aimed for c in a.children if c.dep_ == "conj"]
            if tok.dep_ in {"dobj", "dative"}:
                return tok.head not in aimed
            g = tok.head.head
            if g.dep_ in {"advmod", "prt"}:
                g = g.head
            return not (tok.dep_ == "pobj" and g in aimed and tok.head.lower_ != "about")
        return self.sense_words(v, key, "no_clause") is not None and any(
            self.finite_clause(c) and not self.mandative(c) for c in v.children)

    def emit_pass(self, act: Act) -> None:
        """The explanation (rule, frame, marks of an act not asserted) and the events, one per pair."""
        why = dict(act.why, rule=act.rule, trigger=act.v.text)
        if act.gov is not None and act.first is act.gov:
            why["frame"] = act.gov.text
        marks, modality = act.marks, act.modality
        if modality in {"obligation", "possibility"}:  # "must respond", "could join" with no frame over it
            marks.append(modality)
        if marks:
            why["not_asserted"] = marks
            modality = next((m for m in marks if m != "negated"), modality)
        self.emit(act.first, act.v, act.code, act.sources, act.targets, act.negated, modality, why)

    def keep_confident(self) -> None:
        """Only events whose evidence holds up, unless --all-events (then the rest are marked)."""
        cut = confidence.threshold(self.settings.confidence_threshold)
        dyadic = self.settings.dyads_only or confidence.weights().get("dyadic", 0.0) >= 1.0
        if self.settings.all_events:
            for e in self.events:
                if (e.confidence or 0) < cut:
                    e.explanation["below_threshold"] = True
                if dyadic and not (e.source and e.target):
                    e.explanation["one_sided"] = True
            return
        self.events = [e for e in self.events if (e.confidence or 0) >= cut
                       and (not dyadic or (e.source and e.target))]

    def frame_speaker(self, tok: Any) -> list[Actor]:
        """'Israel warns Russia it is prepared to strike': a pronoun subject of a clause under a speech or
        threat verb is that verb's subject, not the nearest name (its addressee)."""
        if tok.lower_ not in PRONOUNS_GROUP | FIRST_PERSON:
            return []
        subj = self.speech_subject(tok, SPEECH_FRAMES, max_steps=4)
        if subj is None or subj.lower_ in PRONOUNS_GROUP | FIRST_PERSON:
            return []
        sayers = self.np_actors(subj, doer=True)
        return sayers if self.may_stand_for(tok, sayers) else []

    def frame_over_noun(self, v: Any, frame: str) -> bool:
        """'threatened import restrictions', 'demanded the withdrawal of ...', 'called for sanctions'."""
        outer = v
        if frame == "aspect":  # "promised to continue military aid": the frame above the aspect verb
            gov, _ = self._governor(v)
            if gov is not None and self.lex.frames.get(self.lemma(gov)) not in {None, "say", "aspect"}:
                frame, outer = self.lex.frames[self.lemma(gov)], gov
        objs = [c for c in v.children if c.dep_ == "dobj"]
        if self.naming(v):
            objs = []  # "called the talks 'a first step'", "called the report fake": naming, not asking
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ in {"for", "to"}:
                objs += [p for p in c.children if p.dep_ == "pobj"]
        for o in list(objs):  # "a mediation effort", "10 days of war games"
            objs += [c for c in o.children if c.dep_ == "compound"]
            if o.lemma_.lower() in self.lex.publications:
                continue  # "offered an account of the assault": telling of an act is not doing it
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
            if fr == "aspect" and self.modality(v) == "future" and neg and not in_family(coded[0], "conflict"):
                fr, neg = "reject", False  # "will not begin talks until ...": a refusal, as for a verb
            if fr == "oppose":
                fr = "intent" if neg else "reject"
            conflict = in_family(coded[0], "conflict")
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
            if not tgts and in_family(code, "place_targeted"):
                pl = self.place(v, None, None)
                a = self.doc_actor(pl.get("actor")) if pl else None
                tgts = [a] if a is not None and a not in sources else []
            if not sources and tgts and in_family(code, "domestic"):  # "a group of refugees ... in protest of the government"
                subs, _ = self.subject(outer)
                sources = [g for g in (self.group_actor(x, tgts) for x in subs) if g is not None][:1]
            if not sources:
                continue
            why = dict(coded[1], rule=f"frame {frame} ({outer.lemma_}) over event noun", noun=o.text)
            marks = self.assertion(outer)  # "if the US launches a strike", "was expected to hold talks"
            if marks:
                why["not_asserted"] = marks
            self.emit(outer, o if o.i - outer.i <= 6 else v, code, sources, tgts, neg and fr == "aspect",
                      marks[0] if marks else (None if fr == "aspect" else MODALITY_OF_FRAME.get(fr, fr)), why)
            return True
        return False

    def nominal_event(self, n: Any) -> None:
        coded = self.code_noun(n)
        if not coded:
            return
        src, tgt = self.noun_args(n)
        if not tgt and in_family(coded[0], "conflict"):
            tgt = [a for a in self.struck_by_noun(n) if a not in src]
        named_by = "compound" if src and not tgt and self.named_by_compound(n) else None
        if not src:  # "an attack sponsored by Iran", "strikes carried out by Israel": the agent did it
            for c in n.children:
                if c.dep_ == "acl" and c.tag_ == "VBN":
                    src = [a for p in self.agent(c) for a in self.np_actors(p) if a not in tgt]
                    if src:
                        break
        if not src and (not tgt or in_family(coded[0], "claim")):
            return  # a threat or an accusation needs someone making it
        why = dict(coded[1], trigger=n.text)
        if named_by:
            why["source_from"] = named_by
        marks = self.generic_noun(n) + [m for m in self.assertion(n) if m in {"conditional", "question"}]
        marks += [m for m in self.noun_unasserted(n) if "negated" not in marks]  # refers back, not yet done
        h = n.head
        for _ in range(3):  # the verb the noun hangs on: "was expected to announce an agreement"
            if h.pos_ in {"VERB", "AUX"} or h.head is h:
                break
            h = h.head
        gov, _ = self._governor(h)
        if self.lex.frames.get(self.lemma(h)) == "hypothetical" or (
                gov is not None and self.lex.frames.get(self.lemma(gov)) == "hypothetical"):
            marks.append("hypothetical")
        negated = "negated" in marks
        marks = [m for m in marks if m != "negated"]
        if marks:
            why["not_asserted"] = marks
        self.emit(n, n, coded[0], src, tgt, negated, marks[0] if marks else None, why)

    def named_by_compound(self, n: Any) -> bool:
        """Whether an event noun's only party is a place's or country's name used as a modifier ("the
        Beijing talks", "the Iran nuclear agreement", "the Russia investigation", "Taliban talks"): a name
        for the event, whose modifier is as often its place, topic or counterpart as its doer. Not an
        organisation's or person's meeting ("the NATO summit", "the Mueller investigation": theirs), a
        possessor ("Washington's embargo"), a demonym ("Iranian protests") or a by-phrase; conflict nouns
        done (material) acts are left out by the caller ("the U.S. strikes": the country is the doer)."""
        mods = [c for c in n.children if c.dep_ in {"poss", "amod", "nmod", "compound"} and (
            c.dep_ != "amod" or c.pos_ == "PROPN" or c.ent_type_ in {"NORP", "GPE"})]
        if not mods or any(c.dep_ != "compound" for c in mods) or any(
                c.dep_ == "prep" and c.lower_ == "by" for c in n.children):
            return False
        actors = [a for c in mods for t in c.subtree if (a := self.actor_of(t)) is not None]
        return bool(actors) and all(a.type in {"GPE", "LOC"} or (a.country and a.code == a.country) for a in actors)

    def struck_by_noun(self, n: Any) -> list[Actor]:
        """Who a conflict noun's act hit, named by the verb it hangs on: its object when the noun is the
        subject ("a U.S. drone strike killed Iran's top commander"), the passive subject when the noun is
        the means ("the commander, who was killed in a U.S. drone strike", "was wounded by an attack")."""
        v = n.head
        if v.pos_ not in {"VERB", "AUX"} and n.dep_ == "pobj" and n.head.lower_ in {"in", "by"}:
            v = n.head.head
            if v.pos_ != "VERB" or not any(c.dep_ == "auxpass" for c in v.children) or not self.hurts(v):
                return []
            pats = [c for c in v.children if c.dep_ == "nsubjpass"]
            if not pats and v.dep_ == "relcl":
                pats = [v.head]
            return [a for p in pats for a in self.np_actors(self.antecedent(p))]
        if n.dep_ == "nsubj" and v.pos_ == "VERB" and self.hurts(v):  # not "the U.S. strikes cheered Assad's enemies"
            return [a for c in v.children if c.dep_ == "dobj" for a in self.np_actors(c)]
        return []

    def hurts(self, v: Any) -> bool:
        """Whether the verb is itself a conflict act in the lexicon ("killed", "wounded", "destroyed")."""
        key, extra = self.verb_key(v)
        coded = self.code_trigger(v, key, extra, False)
        return coded is not None and in_family(coded[0].split(":")[0] or coded[0].split(":")[-1], "conflict")

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

    def _tokens_in(self, spans: list[Any]) -> list[Any]:
        """Tokens starting inside any of ``spans`` (original offsets), found by bisection: scanning the
        whole document once per attribution made long articles quadratic."""
        starts = self._token_starts
        if starts is None:
            starts = self._token_starts = [self.omap(t.idx) for t in self.doc]
        found: set[int] = set()
        for c in spans:
            found.update(range(bisect.bisect_left(starts, c.start), bisect.bisect_left(starts, c.end)))
        return [self.doc[i] for i in sorted(found)]

    def statement_events(self) -> None:
        """A speaker commenting on an actor: the comment is an event with the speaker as source."""
        by_id = {a.id: a for a in self.actors.actors}
        relays = {q.via for _, q in self.attributions if q.via}
        for _, q in self.attributions:
            if q.id in relays:
                continue  # "According to Sputnik, Putin ...": the relay reports, the speaker comments
            speaker = by_id.get(q.speaker) if q.speaker else None
            if speaker is None:
                continue
            toks = self._tokens_in(q.content)
            if not toks:
                continue
            code, cue = None, None
            ranked = codes_named("comment_rank")
            rank = {c: len(ranked) - k for k, c in enumerate(ranked)}
            for t in toks:
                c = self.lex.comments.get(t.lemma_.lower()) or self.lex.comments.get(t.lower_)
                if c is None and t.lemma_.lower() in POSITIVE and self.negated(t):
                    c = code_named("negated_positive")
                if c and (code is None or rank.get(c, 0) > rank.get(code, 0)):
                    code, cue = c, t
            if code is None:
                continue
            target = None
            # the one commented on is in the cue's own phrase ("Washington's failure", "Russia had failed",
            # "a threat to Ukraine"), not anywhere in the quote
            near = [t for c in cue.children for t in c.subtree]
            h = cue
            for _ in range(3):  # "Russia undertook an unprecedented effort", "the destroyer was reckless"
                if h.pos_ in {"VERB", "AUX"} or h.head is h:
                    break
                h = h.head
            near += [t for c in h.children if c.dep_ in SUBJ for t in c.subtree]
            for t in near:
                a = self.actor_of(t)
                if a is None or a is speaker or not (a.code or a.country):
                    continue  # commenting on a thing ("the Uranium One sale") or an uncoded name is no dyad
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

    def emit(self, first: Any, last: Any, code: str, sources: list[Actor], targets: list[Actor], negated: bool,
             modality: str | None, why: dict[str, Any]) -> None:
        self.consumed.update(why.pop("_used", ()))  # nouns a verb pattern used are not events again
        if "matched" not in why:  # the words the rule fired on, for --explain
            a, b = sorted((first.i, last.i))
            why = dict(why, matched=[t.text for t in self.doc[a:b + 1] if not t.is_punct][:8])
        trig = self.span(first, last) if abs(last.i - first.i) <= 6 else self.span(first)
        sent = self.span(last.sent[0], last.sent[-1])
        if self.furniture_line(sent):
            return
        sources = [a for a in sources if not self.furniture(a, sent) and not (
            a.sector == "MED" and in_family(code, "material"))]  # "..., The New York Times reports": a relay
        targets = [a for a in targets if not self.furniture(a, sent)]
        if not sources and not targets:
            return
        if not targets and len(sources) > 1 and in_family(code, "mutual"):
            targets = list(sources)  # "China and Russia held talks": each with the other
            why = dict(why, target_from="coordinated sources (mutual)")
        pairs = [(s, t) for s in (sources or [None]) for t in (targets or [None]) if s is None or s is not t]
        for s, t in pairs[:self.settings.max_pairs]:
            self.events.append(self._event(code, s, t, trig, sent, negated, modality, why, last))

    def furniture_line(self, sent: Span) -> bool:
        """Whether the sentence is page furniture, not reporting: a line in capitals (a headline or a
        banner repeated in the text, "IRAN STRIKES SYRIA OVER TEHRAN") or a gallery / video widget line
        (markers in furniture.tsv: "Hide Caption", "JUST WATCHED")."""
        text = sent.text
        if len(text.split()) >= 3 and not any(ch.islower() for ch in text) and sum(ch.isupper() for ch in text) >= 10:
            return True
        return any(m in text for m in self.lex.furniture)

    def furniture(self, actor: Actor, sent: Span) -> bool:
        """True when the actor is named in this sentence only in page furniture: a dateline
        ("RIYADH/WASHINGTON (Reuters) -"), a photo credit ("REUTERS/Name") or an agency tag ("(AP)")."""
        inside = [m for m in actor.mentions if sent.start <= m.start and m.end <= sent.end]
        if not inside:
            return False
        for m in inside:
            before, after = self.text[max(0, m.start - 2):m.start], self.text[m.end:m.end + 3]
            if "/" in before[-1:] or after[:1] == "/":
                continue  # "REUTERS/Mohamed Azakir", "RIYADH/WASHINGTON"
            if before[-1:] == "(" and after[:1] == ")":
                continue  # "(Reuters)"
            head = self.text[sent.start:m.start]
            if m.text.isupper() and len(head) < 40 and DATELINE.match(self.text[m.start:sent.end]):
                continue  # "KYIV, July 13 (Reuters) -" / "WASHINGTON -"
            return False
        return True

    def _event(self, code: str, source: Actor | None, target: Actor | None, trigger: Span, sentence: Span,
               negated: bool, modality: str | None, why: dict[str, Any], anchor: Any) -> Event:
        ci = info(code)
        attribution, hedged = self.attribution_for(trigger.start)
        conf, reasons = confidence.score(why, source, target, negated, hedged, list(why.get("not_asserted", ())),
                                        code)
        why = {k: v for k, v in why.items() if k not in {"weak", "not_asserted"} or v}
        return Event(
            id="", cameo=code, plover=ci.plover, mode=ci.mode, quad_class=ci.quad_class, goldstein=ci.goldstein,
            source=source.id if source else None, target=target.id if target else None, trigger=trigger,
            sentence=sentence, attribution=attribution, negated=negated, hedged=hedged, modality=modality,
            place=self.event_place(anchor), date=self.date(anchor),
            explanation=dict(why, name=ci.name, confidence=reasons), confidence=conf,
        )

    def attribution_for(self, pos: int) -> tuple[str | None, bool]:
        q = self.attribution_at(pos)
        return (q.id, q.kind == "hedged") if q else (None, False)
