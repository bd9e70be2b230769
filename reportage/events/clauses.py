"""Clause structure for the coder: negation, modality, subjects, targets, lexicon windows, frames."""

from __future__ import annotations

from typing import Any

from reportage.document import Actor, Event
from reportage.events.grammar import (
    ACTOR_ENTITIES,
    CARRIERS,
    CONDITIONAL_MARKS,
    COUNTERFACTUAL,
    CULPABLE,
    DEFINITE_DETERMINERS,
    FIRST_PERSON,
    FUTURE,
    GENERIC_DETERMINERS,
    HAVE_TO,
    INVERSION_AUX,
    NEED_VERBS,
    NEGATIVE_DETERMINERS,
    NEGATIVE_PRONOUNS,
    NOT_CONDITION_BEFORE,
    OBLIGE,
    OUGHT,
    PRONOUNS_GROUP,
    PRONOUNS_PERSON,
    SCHEDULED,
    SKIP_WINDOW,
    SUBJ,
    TARGET_PREPS,
    UNREAL_MODALS,
    UNSAID_MODALS,
    WH_MARKS,
    WINDOW_DEPTH,
    in_family,
    no_report,
)

# clauses under a verb whose words are never its misattached object (targets(): the scan)
SCAN_CLAUSES = {"parataxis", "ccomp", "csubj"}
# prepositions whose object is the one an act is aimed at or given to
RECIPIENT_PREPS = {"to", "against", "on", "upon", "with", "toward", "towards", "into"}


class Clauses:
    """Methods of the event coder (mixed into it); they read its ``doc``, ``text``, ``omap``, ``actors``, ``lex``."""

    events: list[Event]  # the events coded so far in this run (the coder sets it)
    # (the run's coded verbs, their count, their token indexes): built on first use by _governs_act
    _act_ids: tuple[list[tuple[Any, str, dict[str, Any]]], int, set[int]] | None = None

    @staticmethod
    def negated(v: Any) -> bool:
        """Whether the act is denied by its clause: "did not attend", "no convoys were targeted",
        "nobody was hurt", "will not test or produce or deploy", "without consulting"."""
        if any(c.dep_ == "neg" for c in v.children):
            return True
        if v.dep_ in {"acomp", "xcomp", "attr"} and v.head.lemma_ == "be":
            return any(c.dep_ == "neg" for c in v.head.children)
        for c in v.children:  # a negative subject or object: "no convoys were targeted", "attacked nobody"
            if c.dep_ in SUBJ | {"dobj"} and (c.lower_ in NEGATIVE_PRONOUNS or any(
                    d.dep_ == "det" and d.lower_ in NEGATIVE_DETERMINERS for d in c.children)):
                return True
        if v.dep_ == "pcomp" and v.head.lower_ == "without":
            return True
        if v.dep_ == "relcl" and any(d.dep_ == "det" and d.lower_ in NEGATIVE_DETERMINERS for d in v.head.children):
            return True  # "there are no circumstances in which I will accept it"
        if v.dep_ == "conj" and v.head.pos_ in {"VERB", "AUX"} and not any(c.dep_ in SUBJ for c in v.children):
            return Clauses.negated(v.head)  # coordinated verbs share the first one's negation and subject
        if v.dep_ == "xcomp" and v.head.lemma_.lower() in CARRIERS and any(c.dep_ == "neg" for c in v.head.children):
            return True  # "not going to destroy", "did not try to stop", "does not need to attack"
        if v.dep_ == "xcomp" and v.head.lemma_.lower() in {"have", "be"} and any(
                c.dep_ == "advmod" and c.lower_ == "yet" for c in v.head.children):
            return True  # "has yet to be released", "is yet to respond": not done (so far)
        return False

    def assertion(self, v: Any) -> list[str]:
        """Why the act at ``v`` is not asserted as done: conditional, question, nominal (empty: asserted).

        "If Europe decided to go along" is conditional; "will they attack?" a question; "the risk of
        Ukraine joining NATO" names an act without saying it happened.
        """
        marks: list[str] = []
        t, steps = v, 0
        while steps < 8:
            if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in t.children):
                marks.append("conditional")
                break
            aux = self.inversion_aux(t)
            if aux is not None and aux.i < v.i:  # "should the administration draft guidelines" (the clause's own)
                marks.append("conditional")
                break
            auxes = [c.lower_ for c in t.children if c.dep_ in {"aux", "auxpass"}]
            if "have" in auxes and any(a in COUNTERFACTUAL for a in auxes):  # "would have attacked"
                marks.append("conditional")
                break
            if "would" in auxes and self.attribution_at(self.omap(t.idx)) is None and any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS
                                                                  for m in c.children) for c in t.children):
                marks.append("conditional")  # "if he leaves, Baucus would relinquish his gavel" (reported: an offer)
                break
            if any(c.lower_ in WH_MARKS and c.dep_ in {"advmod", "mark"} and c.i < v.i for c in t.children) and \
                    t.dep_ == "ccomp":
                marks.append("question")  # "asked why the FBI wasn't examining"
                break
            if t.dep_ in {"ROOT", "ccomp", "parataxis"} or t.head is t:
                break
            t, steps = t.head, steps + 1
        if self.lex.frames.get(self.lemma(v)) in {"appeal", "demand"} and any(
                c.dep_ == "ccomp" and any(m.dep_ in {"advmod", "mark"} and m.lower_ in WH_MARKS | {"if"}
                                          for m in c.children) for c in v.children):
            marks.append("question")  # "asked whether the strikes set back ...": a question, not an appeal
        gov, _ = self._governor(v)
        if gov is not None and self.lex.frames.get(self.lemma(gov)) == "hypothetical":
            marks.append("hypothetical")  # "was expected to announce", "may feel the US won't support it"
        marks += self.unasserted_frame(v, gov)
        marks += [m for m in self.unrealised(v) if m not in marks]
        if not marks and self.asked_for(v, gov):
            marks.append("hypothetical")  # asked for or meant, not done
        if self.question_sentence(v):
            marks.append("question")
        h = v.head
        if v.tag_ == "VBG" and v.dep_ in {"pcomp", "pobj"} and h.dep_ == "prep" and h.head.pos_ == "NOUN":
            marks.append("nominal")  # "the risk of Ukraine joining", "talk of attacking"
        elif v.tag_ == "VBG" and v.dep_ == "acl" and h.dep_ == "pobj" and h.head.dep_ == "prep" and \
                h.head.lower_ == "of" and h.head.head.pos_ == "NOUN":
            marks.append("nominal")  # "the risk of Ukraine joining NATO" parsed with Ukraine as the head
        elif v.tag_ == "VBG" and v.dep_ == "acl" and h.pos_ == "NOUN" and self.actor_of(h) is None and any(
                c.dep_ == "prep" and c.lower_ == "of" and c.i < v.i for c in h.children):
            marks.append("nominal")  # ... or with "joining" hung on "risk"
        elif v.dep_ == "acl" and h.pos_ == "NOUN" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
            marks.append("nominal")  # "efforts to end the war", "pressure to impose sanctions": aimed at, not done
        elif v.tag_ == "VBG" and v.dep_ == "pcomp" and h.dep_ == "prep" and h.lower_ in {"against", "from"}:
            marks.append("nominal")  # "warned against attempting to sabotage", "refrained from attacking"
        elif v.tag_ == "VBN" and v.dep_ == "acl" and self.definite(h) and any(t.ent_type_ == "DATE" for t in v.subtree):
            marks.append("nominal")  # "the deal agreed by Iran and six powers in 2015": a dated description
        elif v.dep_ in {"csubj", "csubjpass"} or (v.tag_ == "VBG" and v.dep_ == "appos"):
            marks.append("nominal")  # "Joining NATO would be a mistake", "a step: removing Mueller"
        elif v.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children) and \
                not any(c.dep_ in SUBJ for c in v.children):
            marks.append("purpose")  # "secured votes to implement the pact": aimed at, not done
            hgov, _ = self._governor(h)
            if self.modality(h) in {"future", "possibility", "obligation"} or (
                    hgov is not None and self.lex.frames.get(self.lemma(hgov)) in {"intent", "hypothetical", "appeal", "demand"}):
                marks.append("hypothetical")  # "plans to meet to discuss": the aim of an act not done either
        if v.dep_ == "conj" and h.pos_ in {"VERB", "AUX"} and not marks:  # "authority to arrest or kill"
            marks = [m for m in self.assertion(h) if m in {"nominal", "purpose", "hypothetical"}]
        return marks

    def asked_for(self, v: Any, gov: Any | None) -> bool:
        """"called on Russia to use its influence to convince him to negotiate": an act an infinitive or more
        below an appeal or a demand that is not its own frame is what was asked for, not
        done (its own frame composes it: "urged Russia to negotiate" is the appeal)."""
        t, steps = v, 0
        while steps < 5 and (t.dep_ == "conj" or t.dep_ in {"xcomp", "advcl", "ccomp"} and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in t.children)):
            t, steps = t.head, steps + 1
            if t is not gov and self.lex.frames.get(self.lemma(t)) in {"appeal", "demand"}:
                return True
        return False

    def unasserted_frame(self, v: Any, gov: Any | None) -> list[str]:
        """Frames that leave the act under them not asserted, each a class of constructions:

        * a copula whose adjective is a frame of expectation: "it seems **unlikely** that Iran will back
          down", "it is likely that they will meet" (hypothetical);
        * an aim noun as the copula's subject: "its **objective** is to take the city", "the goal is to
          isolate Iran" (nominal: aimed at, not done; the nouns are ``aim_noun`` in senses.tsv);
        * a negated verb of finding or saying over a that-clause: "Mueller did **not find** that the
          campaign coordinated with Russia" (hypothetical; ``negated_claim`` in senses.tsv);
        * a wish or demand in a relative clause on its own object: "the outcome **he is demanding**",
          "the deal Iran **seeks**" (nominal: the thing wished for is named, no act is reported;
          ``nominal_relative`` in senses.tsv).
        """
        marks: list[str] = []
        h = v
        while h.dep_ == "conj" and h.head is not h:
            h = h.head
        head = h.head
        if h.dep_ in {"ccomp", "xcomp", "attr"} and head.lemma_.lower() in {"be", "seem", "appear", "look", "remain"}:
            if any(c.dep_ in {"acomp", "attr", "oprd"} and self.lex.frames.get(c.lemma_.lower()) == "hypothetical"
                   for c in head.children):
                marks.append("hypothetical")
            if head.lemma_.lower() == "be" and any(c.dep_ in SUBJ and self.word_class(c.lemma_, "aim_noun")
                                                   for c in head.children):
                marks.append("nominal")
        if gov is not None and h.dep_ == "ccomp" and self.negated(gov) and \
                self.word_class(self.lemma(gov), "negated_claim"):
            marks.append("hypothetical")
        if gov is not None and h.dep_ in {"xcomp", "ccomp"} and h.tag_ == "VBG" and h.head.i == gov.i and \
                self.word_class(self.lemma(gov), "cessation_verb"):
            marks.append("nominal")  # "will discontinue selling these products": the selling is what stops
        if v.dep_ == "relcl" and v.head in self.sense_objects(v) and \
                self.word_class(self.lemma(v), "nominal_relative"):
            marks.append("nominal")
        return marks

    def unrealised(self, v: Any) -> list[str]:
        """Acts a clause names as likely, hard or feared rather than done, each a class of constructions:

        * an adverb of probability on the verb or its auxiliary chain: "will **likely** vote",
          "**perhaps** met" (``probability_adverb`` in senses.tsv, or a ``hypothetical`` frame word);
        * an infinitive under an adjective of difficulty, need or chance (``unrealised_adjective`` in
          senses.tsv): "it was **hard** for the US to reach a deal", "**impossible** to improve relations",
          "**hesitant** to lift sanctions" (not "**quick** to condemn", which reports the condemnation; frame
          adjectives such as *ready*, *willing*, *prepared* compose instead);
        * the clause of a noun of wish, fear or expectation: "**fears** that Trump would abandon NAFTA",
          "**speculation** that they would meet" (a ``hypothetical`` frame word or an ``aim_noun``);
        * an appeal or demand verb under *could / might / may / should*: "a tepid response **could
          encourage** Iran to press forward" (the composed appeal is possible, not made; an intent or threat
          frame under *may* keeps its mode, as "may + conflict act" reads as a threat: "may be planning to
          attack")."""
        h = v
        while h.dep_ == "conj" and h.head is not h:
            h = h.head
        for c in list(v.children) + ([] if h is v else list(h.children)):
            if c.dep_ == "advmod" and (self.word_class(c.lemma_, "probability_adverb")
                                       or self.word_class(c.lower_, "probability_adverb")):
                return ["hypothetical"]
        if self.lex.frames.get(self.lemma(v)) in {"appeal", "demand"} and any(
                c.dep_ == "aux" and c.lower_ in UNREAL_MODALS for c in v.children):
            return ["hypothetical"]  # "could encourage Iran to press": a frame that may happen, the act under it too
        head = h.head
        to_clause = any(c.dep_ == "aux" and c.lower_ == "to" for c in h.children)
        if to_clause and h.dep_ in {"xcomp", "ccomp", "advcl"} and head.pos_ == "ADJ" and \
                self.word_class(head.lemma_, "unrealised_adjective"):
            return ["hypothetical"]
        if to_clause and h.dep_ in {"xcomp", "ccomp"} and head.lemma_.lower() in {"be", "make", "seem"} and any(
                c.dep_ in {"acomp", "oprd", "dobj"} and self.word_class(c.lemma_, "unrealised_adjective")
                for c in head.children):
            return ["hypothetical"]  # "made it hard to reach", "it is difficult to negotiate"
        if (h.dep_ in {"acl", "relcl"} or h.dep_ == "ccomp" and head.pos_ == "NOUN") and any(
                c.dep_ == "mark" for c in h.children) and (
                self.lex.frames.get(head.lemma_.lower()) == "hypothetical" or self.word_class(head.lemma_, "aim_noun")
                or self.word_class(head.lemma_, "belief_noun")):
            return ["hypothetical"]  # "skepticism that Pyongyang would abandon": another's doubt, no act
        if to_clause and any(c.dep_ == "mark" and c.lower_ == "for" for c in h.children) and any(
                c.dep_ in SUBJ for c in h.children):
            return ["hypothetical"]  # "cheered for Russia to join the West": a for-to clause is wished, not done
        gov, _ = self._governor(v)
        top = h
        while top.dep_ == "xcomp" and top.head is not top:
            top = top.head  # "suggesting that China would need to cooperate": the that-clause is 'need'
        if top.dep_ == "ccomp" and self.word_class(self.lemma(top.head), "conjecture_verb") and (
                self.modality(v) in {"future", "possibility", "obligation"}
                or self.modality(top) in {"future", "possibility", "obligation"}) and not self.own_side(top.head, v):
            return ["hypothetical"]  # "a column suggesting that China would need to cooperate": a conjecture
        if gov is not None and h.dep_ == "ccomp" and self.lex.frames.get(self.lemma(gov)) == "say" and \
                gov.dep_ not in {"ccomp", "xcomp", "conj"} and \
                any(c.dep_ == "aux" and c.lower_ in UNSAID_MODALS for c in gov.children):
            return ["hypothetical"]  # "the department would surely argue that courts should defer": not said yet
        return []

    def own_side(self, speaker_verb: Any, v: Any) -> bool:
        """Whether the one speaking at ``speaker_verb`` tells of their own side's act at ``v``: a pronoun doer
        ("Moscow suggested it could retaliate") or the speaker's own state ("Trump suggested that the
        United States will be meeting with North Korea"; not a party of that state: "to suggest the Scottish
        party could block"): a plan hinted at, not a conjecture on another."""
        subs, _ = self.subject(v)
        if any(s.lower_ in PRONOUNS_GROUP | PRONOUNS_PERSON | FIRST_PERSON for s in subs):
            return True
        mine = {a.country for a in self.np_actors_of_subject(speaker_verb) if a.country}
        return bool(mine) and any(a.country in mine and a.code == a.country for a in self.np_actors_of_subject(v))

    def word_class(self, word: str, kind: str) -> bool:
        """Whether senses.tsv lists the word (a lemma) in a word class: ``objective  aim_noun``."""
        return kind in self.lex.sense_words.get(word.lower(), {})

    def question_sentence(self, v: Any) -> bool:
        """Whether v's sentence ends in a question mark (closing quotes and brackets skipped)."""
        sent = v.sent
        for j in range(sent.end - 1, sent.start - 1, -1):
            t = self.doc[j]
            if t.text in {'"', "'", "\u201d", "\u2019", ")"} or t.is_space:
                continue
            return t.text.endswith("?")
        return False

    def generic_noun(self, n: Any) -> list[str]:
        """Marks of an event noun that names no particular act: "an attack on one of us is an attack on
        us all", "no attack was carried out", "any invasion would ..."."""
        det = [d.lower_ for d in n.children if d.dep_ == "det"]
        if any(d in NEGATIVE_DETERMINERS for d in det):
            return ["negated"]
        h = n.head
        copular = n.dep_ in {"nsubj", "attr"} and h.lemma_ == "be"
        subj_generic = any(c.dep_ == "nsubj" and any(d.dep_ == "det" and d.lower_ in GENERIC_DETERMINERS
                                                     for d in c.children) for c in h.children)
        if copular and any(d in GENERIC_DETERMINERS for d in det) and (n.dep_ == "nsubj" or subj_generic):
            return ["generic"]  # "an attack on one of us is an attack on us all" (not "what ... was a gas attack")
        if any(d in {"any", "every", "each"} for d in det):
            return ["generic"]
        if copular and not det and n.tag_ in {"NNS", "NNPS"}:
            return ["generic"]  # "FBI investigations are low-key in most instances"
        return []

    def noun_unasserted(self, n: Any) -> list[str]:
        """Marks of an event noun that reports no new act: one that refers back (``refers_back``) or
        one named as not yet done ("possible talks", "a planned summit": ``unrealised_modifier`` in
        senses.tsv), or the content of a wish or fear ("fears of a war")."""
        if any(c.dep_ == "amod" and self.word_class(c.lemma_, "unrealised_modifier") for c in n.children):
            return ["hypothetical"]
        return ["nominal"] if self.refers_back(n) else []

    @staticmethod
    def definite(n: Any) -> bool:
        """Whether a noun names something the reader knows: "the deal", "this attack", "Iran's strike"."""
        return any(c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS for c in n.children) or any(
            c.dep_ == "poss" for c in n.children)

    def refers_back(self, n: Any) -> str | None:
        """Why a definite or possessive event noun names an act told elsewhere, not a new one (None: it may
        be new). "Soleimani's death in **the U.S. attack**", "**the Mueller investigation** into ...",
        "talks since **the 2015 deal**", "officials discussing **Salman's visit**":

        * ``past``: a date before it in its phrase ("the 2015 deal", "last year's attack");
        * ``topic``: the object of a preposition, or of a verb of speech or thought (frames ``say`` and
          ``hypothetical``, ``topic_verb`` in senses.tsv): what is talked about, not what is done; not
          a preposition of time (``time_frame_preposition``: "after the NATO summit in Vilnius", "during
          his visit to Warsaw"), whose object is as often the article's own event as an old one; and only
          a noun whose phrase names its doer (a possessive or a name before it): a doerless "remarks about
          **the supply** of missiles to Ukraine" still names the ongoing act;
        * ``told before``: an act of the same family was coded earlier in the article ("the strike"
          after "the US struck").
        A noun with "a", no determiner or a generic one is left to the other rules."""
        if not self.definite(n):
            return None
        if any(t.ent_type_ == "DATE" and t.i < n.i and t.head.i in {n.i} | {c.i for c in n.children}
               for t in n.subtree):
            return "past"
        h = n.head
        named = any(c.dep_ in {"poss", "compound", "nmod"} or (c.dep_ == "amod" and c.text[:1].isupper())
                    for c in n.children)  # "Mueller's investigation", "the U.S. attack", "the Soviet invasion"
        p = h
        while p.lower_ == "of" and p.head.dep_ == "pobj" and p.head.head.dep_ == "prep":
            p = p.head.head  # "after the conclusion of the NATO summit": the phrase's own preposition decides
        if named and n.dep_ == "pobj" and p.dep_ == "prep" and \
                not self.word_class(p.lower_, "time_frame_preposition"):
            return "topic"
        if named and n.dep_ in {"dobj", "nsubjpass"} and h.pos_ in {"VERB", "AUX"} and (
                self.lex.frames.get(self.lemma(h)) in {"say", "hypothetical"} or self.word_class(self.lemma(h), "topic_verb")):
            return "topic"
        code = self.code_noun(n)
        root = code[0][:2] if code else ""
        start = self.omap(n.idx)
        if root and any(e.cameo[:2] == root and e.trigger.start < start and not e.negated and
                        not e.explanation.get("not_asserted") for e in self.events):
            return "told before"  # an act told as done ("the risk of Ukraine joining" tells no meeting)
        return None

    @staticmethod
    def modality(v: Any) -> str | None:
        if Clauses.inverted(v):
            return None  # "should the administration draft guidelines": a condition, no obligation
        auxes = [c.lower_ for c in v.children if c.dep_ in {"aux", "auxpass"}]
        if not auxes and v.dep_ == "conj" and v.head.pos_ in {"VERB", "AUX"} and not any(c.dep_ in SUBJ for c in v.children):
            auxes = [c.lower_ for c in v.head.children if c.dep_ in {"aux", "auxpass"}]  # "should demand ... and impose"
        if v.dep_ in {"acomp", "xcomp"} and v.head.lemma_ == "be":
            auxes += [c.lower_ for c in v.head.children if c.dep_ == "aux"]
        h = v.head
        if v.dep_ == "xcomp" and h.lower_ in OUGHT:
            return "obligation"  # "the US ought to impose sanctions"
        if v.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children) and (
                h.lemma_.lower() in NEED_VERBS or h.lemma_.lower() in HAVE_TO and (h.tag_ in {"VBZ", "VBP"} or any(
                    c.dep_ == "aux" and c.tag_ == "MD" for c in h.children))):
            return "obligation"  # "would need to cooperate", "will have to withdraw" (not "had to withdraw")
        if v.dep_ == "xcomp" and h.lemma_.lower() in SCHEDULED and (h.lower_ in SCHEDULED) and (
                any(c.dep_ in {"aux", "auxpass"} and c.lemma_ == "be" for c in h.children) or
                (h.dep_ == "acomp" and h.head.lemma_ == "be")):
            return "future"  # "is set to deploy", "was due to travel": announced, not done
        if any(a in FUTURE for a in auxes) or ("going" in auxes):
            return "future"
        if any(a in OBLIGE for a in auxes):
            return "obligation"
        if any(a in {"may", "might", "could", "can"} for a in auxes):
            return "possibility"
        return None

    @staticmethod
    def inversion_aux(v: Any) -> Any | None:
        """The auxiliary that opens a condition without 'if' on clause v: "**should** the administration draft
        guidelines", "**had** Russia attacked", "**were** Iran to test" (None: no such condition). The parser
        often hangs such a clause as a complement or as the sentence's root, with the main clause under it
        ("threatened to withdraw from NAFTA **should** Canada and Mexico not agree"), so any clause counts
        whose auxiliary stands right before its subject, outside a question ("should we attack?") and not
        after a word that makes it an inversion of another kind ("nor should Iran expect", "why should X")."""
        starts = {c.left_edge.i for c in v.children if c.dep_ in SUBJ}  # where the subject phrases begin
        if not starts:
            return None
        aux = [c for c in v.children if c.dep_ in {"aux", "auxpass"} and c.lower_ in INVERSION_AUX and c.i + 1 in starts]
        if not aux and v.lower_ == "were" and v.i + 1 in starts and not any(c.dep_ == "expl" for c in v.children) and any(
                c.dep_ in {"advcl", "xcomp"} and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                for c in v.children):
            aux = [v]  # "were Beijing to invade Taiwan": 'were' parsed as the verb, the infinitive under it
        if not aux:
            return None
        a = aux[0]
        if a.i > a.sent.start and a.doc[a.i - 1].lower_ in NOT_CONDITION_BEFORE:
            return None
        last = next((t for t in reversed(a.sent) if not (t.is_space or t.text in {'"', "'", "\u201d", "\u2019", ")"})),
                    None)
        if last is not None and last.text.endswith("?"):
            return None  # "Should the US attack Iran?": a question
        return a

    @staticmethod
    def inverted(v: Any) -> bool:
        """A clause with its auxiliary before the subject: "should the administration draft guidelines",
        "had Russia attacked", "were Iran to test": a condition without 'if' (see inversion_aux)."""
        return Clauses.inversion_aux(v) is not None

    @staticmethod
    def mandative(c: Any) -> bool:
        """Whether a complement clause asks for an act: an infinitive ("urged X to leave"), a modal of
        obligation ("insisted that X must go") or a subjunctive ("demanded that he resign / be freed");
        "insisted that its program is peaceful" only asserts."""
        auxes = [a for a in c.children if a.dep_ in {"aux", "auxpass"}]
        if any(a.lower_ == "to" for a in auxes) or any(a.lower_ in OBLIGE | {"shall"} for a in auxes):
            return True
        if auxes:
            return all(a.tag_ == "VB" or a.lower_ == "not" for a in auxes)  # "that he be released"
        return c.tag_ == "VB"  # "that he resign"

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
        if pas and not subs and self.lex.frames.get(self.lemma(v)) in {"intent", "oppose", "reject",
                                                                       "hypothetical"}:
            subs, pas = pas, []  # "Vietnam is committed to ...", "Moscow is opposed to ...": not passives
        if subs or pas:
            return (pas, True) if pas and not subs else (subs, False)
        if seen < 4 and v.dep_ in {"conj", "xcomp", "advcl"} and v.head is not v:
            aux = self.inversion_aux(v.head)
            if aux is not None and v.i < aux.i:
                return [], False  # "threats to withdraw from NAFTA should Canada not agree": the condition's own
            subs, passive = self.subject(v.head, seen + 1)
            if passive and self.purpose_clause(v):
                return [], False  # "was brought to Virginia to face trial": the aim of whoever brought him
            return subs, passive
        if v.dep_ in {"relcl", "acl"} and v.head.pos_ in {"NOUN", "PROPN"}:
            has_obj = any(c.dep_ in {"dobj", "dative"} for x in [v, *v.conjuncts] for c in x.children)
            return [v.head], any(c.dep_ == "auxpass" for c in v.children) or (v.tag_ == "VBN" and not has_obj)
        if v.dep_ in {"acomp", "attr"} and v.head.lemma_ == "be":
            return self.subject(v.head, seen + 1)
        if seen < 4 and v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.lemma_.lower() in CULPABLE:
            return self.subject(v.head.head, seen + 1)  # "X is guilty of violating" (not "leery of providing")
        if v.dep_ == "ROOT" and v.pos_ == "VERB":  # a misparsed main clause: the nearest coded name before it
            for j in range(v.i - 1, max(v.sent.start - 1, v.i - 7), -1):
                t = self.doc[j]
                if t.pos_ in {"NOUN", "PROPN"} and (a := self.actor_of(t)) is not None and (a.code or a.country):
                    self.guessed_subjects.add(t.i)
                    return [t], False
        return [], False

    @staticmethod
    def purpose_clause(v: Any) -> bool:
        """An active infinitive of purpose with no subject of its own hung on a clause ("brought to Virginia
        **to face** trial"): under a passive it tells the aim of the unnamed doer, not an act of the one the
        passive was done to."""
        return v.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children) and not any(
            c.dep_ in SUBJ or c.dep_ == "auxpass" or c.dep_ == "mark" for c in v.children)

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
        if in_family(code, "complaint"):  # complaints: the actor complained about, not the one complained to
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
            if c.dep_ in {"dobj", "prt"}:  # also of a coordinated object: "a grant and a loan to the authority"
                preps += [p for x in [c, *c.conjuncts] for p in x.children if p.dep_ == "prep"]
        if in_family(code, "consult"):  # "talked about Ukraine": the topic is not the counterpart
            preps = [c for c in preps if c.lower_ not in {"about", "on", "over", "of", "regarding"}]
        if code and not in_family(code, "place_targeted"):  # "held talks in Beijing": a place, not a party
            preps = [c for c in preps if c.lower_ not in {"in", "at"} or any(  # "in the NATO dinner" is a party's
                o.dep_ == "pobj" and o.pos_ == "NOUN" for o in c.children)]
        for name in TARGET_PREPS:
            for p in preps:
                if p.lower_ == name:
                    cands += [o for o in p.children if o.dep_ == "pobj"]
        if in_family(code, "consult"):  # "discussed the crisis in Syria with the leaders of France": the counterpart
            cands = [o for o in cands if o.dep_ == "pobj" and o.head.lower_ == "with"] + [
                o for o in cands if not (o.dep_ == "pobj" and o.head.lower_ == "with")]
        fallback: tuple[list[Actor], Any] | None = None
        for n, cand in enumerate(cands):
            found = [a for a in self.np_actors(cand) if a not in exclude]
            if found and any(a.code or a.country for a in found):
                recipient = self.recipient_over_modifier(v, cand, cands[n + 1:], exclude, code)
                return recipient or (found, cand)
            if found and fallback is None:
                fallback = (found, cand)  # an uncoded name: used only when no coded actor turns up
            if not found and fallback is None and self.patient_slot(cand, v) and self.people_head(cand) is not None:
                return [], None  # "expelled aid workers from Darfur", "opened fire on protesters who defied a
                # curfew in Baghdad": the people acted on, not the place
        for t in v.subtree if not in_family(code, "consult") else ():  # a misattached object ("... officers holed up")
            if t.i <= v.i or t.dep_ in SUBJ and t.head.i == v.i or not no_report(t, v) or not self.in_own_clause(t, v):
                continue
            a = self.actor_of(t)
            if a is None and t.pos_ == "NOUN" and any(c.dep_ in {"amod", "compound"} for c in t.children):
                a = self.describe(t)
            if a is not None and a not in exclude and (a.code or a.country) and a.type != "PERSON" or (
                    a is not None and a not in exclude and a.type == "PERSON" and a.code):
                self.scanned_targets.add(t.i)
                return [a], t
        return fallback or ([], None)

    @staticmethod
    def patient_slot(cand: Any, v: Any) -> bool:
        """Whether ``cand`` is where the verb's patient or recipient stands: its object, a passive's subject,
        or the object of its own to / against / on / upon / with phrase."""
        if cand.head.i == v.i and cand.dep_ in {"dobj", "dative", "nsubjpass"}:
            return True
        return cand.dep_ == "pobj" and cand.head.head.i == v.i and cand.head.lower_ in RECIPIENT_PREPS

    def recipient_over_modifier(self, v: Any, cand: Any, later: list[Any], exclude: list[Actor], code: str = ""
                                ) -> tuple[list[Actor], Any] | None:
        """A direct object that is a thing, whose actor is only a modifier or possessor ("supplied Russian
        gas to Ukraine", "delivered the Russian government's aid to Ukraine"), yields to a named party in a
        to / against / on / with phrase of the verb or the object: the recipient, not the thing's owner.
        None when the object names people ("the Russian government", "Iranian troops"), and for a
        complaint about an act ("condemned Russia's attack on Ukraine": the one complained of is Russia)."""
        if cand.dep_ not in {"dobj", "dative"} or cand.pos_ != "NOUN" or self._people_sector(cand) is not None or (
                cand.lemma_.lower() in self.lex.nouns and in_family(code, "complaint")):
            return None
        for o in later:
            if o.dep_ == "pobj" and o.head.head.i in {v.i, cand.i} and o.head.lower_ in RECIPIENT_PREPS and (
                    (a := self.actor_of(o)) is not None and a not in exclude and (a.code or a.country)):
                return [a], o
        return None

    def in_own_clause(self, t: Any, v: Any) -> bool:
        """Whether ``t`` may be a misattached object of ``v``: not inside a clause of its own hung under
        it (a that-clause, "said the group settled on a plan to ... deliver a message to Washington"; a
        parenthetical), nor in an apposition describing a named party ("freed pastor Evan Mawarire, a
        critic of President Mugabe"), nor a date. A participle or relative clause on the object stays in
        ("rejected every offer made by the Taliban", "lifted restrictions imposed on Olmert": it says
        whose the object is), and so do coordinated and adverbial clauses, which often carry the object
        the parser moved ("arrested and resisted Al Qaeda operatives", "will not lift the embargo until
        Cuba ...")."""
        while t.i != v.i:
            if t.dep_ in SCAN_CLAUSES:
                return False
            if t.dep_ == "appos" and self.actor_of(t.head) is not None and not (
                    t.pos_ == "PROPN" and t.head.pos_ == "PROPN"):
                return False  # a name after a name ("returned it to Venafro, Italy") is the same party
            if t.dep_ == "pobj" and t.ent_type_ in {"DATE", "TIME"}:
                return False
            t = t.head
        return True

    def window(self, v: Any, skip: set[int], frame: bool) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[Any]]:
        """Words before the trigger in its clause and words of its complement, for pattern matching."""
        drop = set(SKIP_WINDOW)
        if frame:
            drop |= {"xcomp"}
        before: list[Any] = []
        after: list[Any] = []
        stack = [c for c in v.children if (c.dep_ not in drop or (c.i < v.i and c.dep_ in SUBJ)) and not (
            c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"})]  # a coordinated verb is a clause of its own
        toks: list[Any] = []
        depth = {c.i: 1 for c in stack}
        while stack:
            t = stack.pop()
            if t.i in skip or self.function_phrase(t) or self.temporal(t):
                continue
            toks.append(t)
            if depth[t.i] >= WINDOW_DEPTH:
                continue  # "open up a spot running the committee ... over tax programs": too far to be its object
            for c in t.children:
                if c.dep_ not in {"relcl", "acl", "advcl", "punct", "parataxis", "aux", "auxpass", "mark"}:
                    depth[c.i] = depth[t.i] + 1
                    stack.append(c)
        toks.sort(key=lambda t: t.i)
        for t in toks:
            (before if t.i < v.i else after).append(t)
        if v.dep_ == "acl" and v.tag_ == "VBN" and v.head.i not in skip:
            after.append(v.head)  # "a statement delivered by X": the noun is the participle's object
            toks.append(v.head)
        pair = lambda t: (t.lower_, t.lemma_.lower())  # noqa: E731
        return [pair(t) for t in before], [pair(t) for t in after], toks

    @staticmethod
    def temporal(t: Any) -> bool:
        """Whether the token is a preposition of time ("on Saturday", "in March"): a date says when, so it is
        no pattern word ("called X on Saturday" is no "call on") and no particle of a multi-word verb."""
        objs = [c for c in t.children if c.dep_ == "pobj"]
        return t.dep_ == "prep" and bool(objs) and all(o.ent_type_ in {"DATE", "TIME"} for o in objs)

    def function_phrase(self, t: Any) -> bool:
        """Whether the token is the noun of a fixed function phrase ("in order to", "in order that"),
        which no pattern word stands for."""
        nxt = self.doc[t.i + 1] if t.i + 1 < len(self.doc) else None
        return t.lower_ == "order" and t.i > 0 and self.doc[t.i - 1].lower_ == "in" and nxt is not None and \
            nxt.lower_ in {"to", "that", "for"}

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
                if self.temporal(c):
                    continue
                if c.dep_ in {"prt", "prep", "dobj", "advmod"} and f"{c.lower_}" in parts:
                    return f"{lemma} {c.lower_}", c
                if c.dep_ == "dobj" and c.lemma_.lower() in parts:
                    return f"{lemma} {c.lemma_.lower()}", c
        return lemma, None

    @staticmethod
    def naming(v: Any) -> bool:
        """Whether the verb names or describes its object ("called the talks 'a first step'", "called
        the report fake"): an object predicate, not an act asked for."""
        return any(c.dep_ in {"oprd", "xcomp"} and c.pos_ in {"ADJ", "NOUN", "PROPN", "PUNCT"} for c in v.children)

    def put_to(self, v: Any) -> bool:
        """Whether v is a question put to the clause's subject by someone unnamed: a subjectless past
        participle of questioning hung on the clause ("**Asked** if North Korea is playing games, Mr. Trump
        said"; "**Pressed** on how the deal would be verified, he said"), not "he asked Iran to ..."."""
        return (v.tag_ == "VBN" and v.dep_ in {"advcl", "ccomp", "xcomp", "conj"} and v.i < v.head.i
                and not any(c.dep_ in SUBJ or c.dep_ in {"aux", "auxpass"} for c in v.children)
                and self.word_class(self.lemma(v), "put_to_participle"))

    def code_trigger(self, v: Any, key: str, extra: Any | None, frame: bool,
                     frame_kind: str | None = None) -> tuple[str, dict[str, Any]] | None:
        """The verb's code from its lexicon entry: the most specific pattern, else its default (when its
        sense allows); an appeal verb naming its object ("called the talks a first step") asks nothing."""
        coded = self._code_trigger(v, key, extra, frame, frame_kind)
        if coded and frame_kind in {"appeal", "demand"} and in_family(coded[0], "addressed") and self.naming(v):
            return None
        if coded and frame_kind == "appeal" and any(c.dep_ == "prep" and c.lower_ == "about" for c in v.children) \
                and not any(c.dep_ in {"xcomp", "ccomp"} for c in v.children):
            return None  # "Asked about the legal basis, Dunford said ...": a question put to him, not an appeal
        return coded

    def _code_trigger(self, v: Any, key: str, extra: Any | None, frame: bool,
                      frame_kind: str | None = None) -> tuple[str, dict[str, Any]] | None:
        blocks = self.lex.blocks(key) or ([] if key == self.lemma(v) else self.lex.blocks(self.lemma(v)))
        if not blocks:
            return None
        if self.sense_over(v, key, "none_over"):
            return None  # "pleaded guilty", "fired the director", "fired off tweets": an everyday sense, no act
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
        if m is not None and default and in_family(default, "condemn") and in_family(m.code.split(":")[0] or "-",
                                                                                  "cooperative"):
            m = None  # "denounced the new sanctions": condemning an act is not taking part in it
        if m is not None and (m.size >= 1 or not default):
            hit = [toks[len(before) + p] if p >= 0 else toks[-1 - p] for p in m.words]
            return m.code, {"rule": "verb pattern", "entry": m.entry, "lexicon": m.origin, "weak": m.weak,
                            "matched": [t.text for t in hit], "_used": [t.i for t in hit]}
        if default and frame_kind == "aspect" and not local_default:
            return None  # "issue", "launch", "hold" are transparent: their PETRARCH defaults say little
        if default and not self.sense_allows(v, key):
            return None
        if default:
            b, _, origin = next(x for x in blocks if x[1])
            return default, {"rule": "verb default", "entry": f"{key} [{b}]", "lexicon": origin}
        return None

    def sense_allows(self, v: Any, key: str) -> bool:
        """Whether the verb's default code may stand (senses.tsv): never for a verb whose news sense is
        not the coded act ("left the White House"); only over an actor for a verb that is political
        when done to one ("helped Syria", not "helped broker a deal"; "supplied the rebels", not "gave
        him time")."""
        kind = self.lex.senses.get(key) or self.lex.senses.get(self.lemma(v))
        if kind == "off":
            return False
        if self.sense_over(v, key, "no_default_over"):
            return False  # "struck an agreement" is no strike, "attend classes" no meeting
        if self.sense_words(v, key, "no_clause") is not None and any(self.finite_clause(c) for c in v.children) \
                and not any(c.dep_ == "dobj" for c in v.children):
            return False  # "agreed that this is a threat", "recognizes that it has power": an opinion, no act
        if self.sense_words(v, key, "intransitive") is not None and any(
                c.dep_ == "dobj" or self.finite_clause(c) for c in v.children):
            return False  # "demonstrates that ...", "demonstrate a better understanding": showing, no protest
        if self.sense_words(v, key, "no_infinitive") is not None and any(
                c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) for c in v.children):
            return False  # "sought to interfere": an aim, coded through the act aimed at (frames.tsv), not by itself
        if kind not in {"actor_object", "no_publication"}:
            return True
        objs = self.sense_objects(v)  # not the recipient ("gave him time")
        if kind == "no_publication":  # "released a report", "remarks were released"
            return not any(o.lemma_.lower() in self.lex.publications for o in objs)
        # the object itself, not its possessor ("kill Bush's overhaul" is no killing of Bush)
        return any(self.object_is_actor(o) for o in objs)

    @staticmethod
    def finite_clause(c: Any) -> bool:
        """A that-clause with a tensed verb ("agreed **that this is** a threat", "agreed the suspect **could
        be tried**"), not a participle the parser hung as a clause ("accept refugees **fleeing** ...")."""
        if c.dep_ != "ccomp":
            return False
        return c.tag_ in {"VBZ", "VBD", "VBP"} or any(
            (a.dep_ == "aux" and a.tag_ == "MD") or (a.dep_ == "mark" and a.lower_ == "that") for a in c.children)

    def sense_words(self, v: Any, key: str, kind: str) -> set[str] | None:
        """The words senses.tsv lists for the verb under ``kind`` (None: the verb has no such entry)."""
        for k in (key, self.lemma(v)):
            words = self.lex.sense_words.get(k, {}).get(kind)
            if words is not None:
                return words
        return None

    def sense_objects(self, v: Any) -> list[Any]:
        """What the verb is done to, for its senses: the object or a passive's subject, a coordinated
        passive's shared subject, and for a relative or participle clause the noun it hangs on when that
        noun is the object ("the agreement **that Obama struck**", "a statement **released** Monday",
        "the outcome **he is demanding**"), never the relative pronoun itself."""
        objs = [c for c in v.children if c.dep_ in {"dobj", "nsubjpass"}]
        if v.dep_ == "conj" and not any(c.dep_ in SUBJ for c in v.children):  # "delivered ... and released"
            objs += [c for c in v.head.children if c.dep_ == "nsubjpass"]
        rel = [o for o in objs if o.tag_ in {"WDT", "WP"} or (o.lower_ == "that" and o.i < v.i)]
        objs = [o for o in objs if o not in rel]
        h = v.head
        if h is not v and h.pos_ in {"NOUN", "PROPN"}:
            gap = v.dep_ == "relcl" and not objs and not any(
                c.dep_ in SUBJ and (c.tag_ in {"WDT", "WP"} or c.lower_ == "that") for c in v.children)
            if rel or gap or (v.dep_ == "acl" and v.tag_ == "VBN"):
                objs.append(h)
        return objs

    def sense_over(self, v: Any, key: str, kind: str) -> bool:
        """Whether the verb's object, complement (an infinitive's verb too), particle or the noun its relative
        clause hangs on is a word senses.tsv lists under ``kind`` (``@person``: a person): "pleaded
        **guilty**", "fired **Comey**", "the **agreement** Obama struck", "as opposed to", "declined to
        **comment**"."""
        words = self.sense_words(v, key, kind)
        if not words:
            return False
        objs = self.sense_objects(v)
        for t in objs + [c for c in v.children if c.dep_ in {"acomp", "oprd", "prt", "advmod", "xcomp"}]:
            if t.lower_ in words or t.lemma_.lower() in words:
                return True
        return "@person" in words and any(self.person(o) for o in objs)

    def person(self, t: Any) -> bool:
        """Whether a noun phrase names one person (a name or a coded person): "fired **Comey**"."""
        if t.ent_type_ == "PERSON" or t.lower_ in {"he", "she", "him", "her"}:
            return True
        a = self.actor_of(t)
        return a is not None and a.type == "PERSON"

    def object_is_actor(self, o: Any) -> bool:
        """Whether a noun phrase names a party: its head, a modifier of a plural ("top al-Qaeda leaders") or an
        'of' phrase ("the deputy chief of Israel's militia ally"), never its possessor alone ("Bush's
        overhaul")."""
        def party(t: Any) -> bool:
            return self.actor_of(t) is not None or t.ent_type_ in ACTOR_ENTITIES or self.describe(t) is not None

        if party(o):
            return True
        for c in o.children:
            if c.dep_ in {"compound", "amod", "nmod"} and o.tag_ == "NNS" and party(c):
                return True  # "al-Qaeda leaders", "Afghan soldiers" (people), not "the Social Security overhaul"
            if c.dep_ == "prep" and c.lower_ == "of" and any(p.dep_ == "pobj" and party(p) for p in c.children):
                return True
        return False

    def code_noun(self, n: Any) -> tuple[str, dict[str, Any]] | None:
        key = n.lemma_.lower() if n.lemma_.lower() in self.lex.nouns else n.lower_
        entries = self.lex.nouns.get(key)
        if not entries:
            return None
        before, after, toks = self.window(n, set(), False)
        m = self.lex.match([b for b, _ in entries], before, after, False)
        if m is not None:
            return m.code, {"rule": "noun pattern", "entry": m.entry, "lexicon": m.origin}
        code = self.lex.noun_defaults.get(key, "")  # the noun alone, not the code of one of its patterns
        return (code, {"rule": "noun default", "entry": n.lemma_.lower(), "lexicon": "local"}) if code else None

    def _governs_act(self, v: Any, acts: list[tuple[Any, str, dict[str, Any]]]) -> bool:
        """True when a frame word governs a coded verb (then the frame is coded through that act)."""
        cached = self._act_ids  # the same list for a whole run: one set, not one per call
        if cached is None or cached[0] is not acts or cached[1] != len(acts):
            cached = self._act_ids = (acts, len(acts), {a.i for a, _, _ in acts})
        act_ids = cached[2]
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

    def clause_subject_actors(self, v: Any, exclude: list[Actor]) -> list[Actor]:
        """The addressee of a demand: the subject of its that-clause ("demanded that the government end ...")."""
        for c in v.children:
            if c.dep_ in {"ccomp", "xcomp"}:
                for s in c.children:
                    if s.dep_ in SUBJ:
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

    def noun_args(self, n: Any) -> tuple[list[Actor], list[Actor]]:
        """Source and target of an event noun: possessor/modifier/'by' = source; 'to'/'against'/'on' = target."""
        src: list[Actor] = []
        tgt: list[Actor] = []
        for c in n.children:
            if c.dep_ in {"poss", "compound", "amod", "nmod"}:
                a = self.actor_of(c) or (self.pronoun(c) if c.lower_ in PRONOUNS_GROUP | PRONOUNS_PERSON else None)
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
        for c in n.children:  # "talks between Iran and the US", "clashes between police and protesters"
            if c.dep_ == "prep" and c.lower_ == "between" and not (src and tgt):
                parties = [a for o in c.children if o.dep_ == "pobj" for a in self.np_actors(o)]
                if not src and len(parties) > 1:
                    src = parties[:1]
                tgt += [a for a in parties if a not in src and a not in tgt]
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
                in_family((self.lex.nouns.get(n.lemma_.lower()) or [("", "")])[0][1], "consult")):
            src = self.np_actors_of_subject(n.head.head)  # "negotiators return to Geneva for talks"
        tgt = [a for a in tgt if a not in src]
        return src, tgt
