"""One resolver for every mention that is not a name: pronouns, relative pronouns, descriptions, sources.

Why one module: attribution (who said it) and events (who did it) both meet "he", "the ministry" and
"the Russian president", and two resolvers gave two answers for the same word. Both stages now ask
:class:`Mentions`, which reads and extends the document's actor table (:class:`DocActors`) through its
typed interface only.

Rules, in the order they are tried:

* a relative pronoun ("who") is the noun phrase it attaches to;
* a personal pronoun is the nearest earlier actor that agrees with it in number (he/she: a person;
  it/they: a body) and in gender (``DocActors.gender``: base, honorific, first name): the nearest in
  its sentence, else the subject of the sentence before, else the nearest before;
* a definite description ("the ministry", "the army", "the spokesman") is the latest actor the article
  introduced with that head noun ("Chile's Ministry of Mines", "the Syrian army", "spokesman Geng
  Shuang"), else what the knowledge base codes for it ("the Russian president" on the article's date).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from reportage.actors.kb import DATA, word_list
from reportage.actors.resolve import DocActors, member_nouns
from reportage.document import Actor

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
GROUP_PRONOUNS = frozenset({"they", "them", "it", "its", "their", "itself", "themselves"})
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "himself": "male",
                  "she": "female", "her": "female", "hers": "female", "herself": "female"}
# heads of phrases that speak for a body named after them ("members of the committee")
GROUP_HEADS = frozenset({"member", "representative", "delegation", "delegate", "envoy", "staff", "team"})
# heads of descriptions that stand for one person holding an office
LEADER_HEADS = frozenset({"president", "leader", "premier", "chancellor", "minister", "king", "head",
                          "secretary", "spokesman", "spokeswoman", "spokesperson", "governor", "senator",
                          "candidate", "nominee", "chief", "general", "prime", "ambassador", "mayor",
                          "official", "director", "chairman", "chair"})
_DEFINITE = frozenset({"the", "this", "that"})
_AGE = re.compile(r"^\d+-year-old$")  # "a 25-year-old protester": an age says a person


@lru_cache(maxsize=1)
def person_nouns() -> frozenset[str]:
    """Nouns standing for one private person ("protester", "witness"): data/person_nouns.txt, with the
    member nouns ("official", "spokesman")."""
    return word_list(DATA / "person_nouns.txt") | {w.lower() for w in member_nouns()}


class Mentions:
    """The mentions resolver of one parsed document, working on (and adding mentions to) its actor table."""

    def __init__(self, doc: Any, omap: Any, table: DocActors) -> None:
        self.doc = doc
        self.omap = omap
        self.table = table

    # ---- spans ---------------------------------------------------------------------------------
    def orig(self, start_tok: int, end_tok: int) -> tuple[int, int]:
        """Original-text offsets of parse tokens [start_tok, end_tok)."""
        d = self.doc
        return self.omap.span(d[start_tok].idx, d[end_tok - 1].idx + len(d[end_tok - 1]))

    # ---- sources of attributions --------------------------------------------------------------
    def source(self, start_tok: int, end_tok: int) -> Actor | None:
        """The actor for the source tokens [start_tok, end_tok) of an attribution ("He", "Mr Zarif", "the ministry")."""
        tokens = self.doc[start_tok:end_tok]
        if len(tokens) == 0:
            return None
        head = tokens.root
        low = head.lower_
        ostart, oend = self.orig(start_tok, end_tok)
        if len(tokens) == 1 and low in RELATIVE and head.head.dep_ in ("relcl", "acl"):
            actor = self.source(*np_bounds(head.head.head))
            if actor is not None:
                self.table.add_mention(actor, ostart, oend)
            return actor
        if len(tokens) == 1 and low in PERSON_PRONOUNS | GROUP_PRONOUNS:
            return self.pronoun(head)
        if len(tokens) == 1 and low in FIRST_PERSON:
            return None
        # the name inside the source: the mention covering the head; a modifier's actor ("Russian" in
        # "the Russian president") is not the speaker
        actor = self.table.actor_at(*self.orig(head.i, head.i + 1))
        if actor is None and head.pos_ == "PROPN":
            actor = self.table.actor_at(ostart, oend)
        if actor is not None:
            return actor
        # "the leaders of the alliance", "a spokesman for the ministry": the body they speak for
        lemma = head.lemma_.lower()
        if lemma in LEADER_HEADS or lemma in GROUP_HEADS:
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in ("of", "for", "at"):
                    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        body = self.source(*np_bounds(pobj))
                        if body is not None and body.type != "PERSON":
                            self.table.add_mention(body, ostart, oend)
                            return body
        actor = self.description(start_tok, end_tok)
        if actor is not None:
            return actor
        if head.pos_ == "PROPN":
            names = [t for t in tokens if t.pos_ == "PROPN" and t.i <= head.i]
            if names:
                a, b = self.orig(names[0].i, head.i + 1)
                return self.table.new_actor(self.table.text[a:b], a, b, None)
        return None

    # ---- pronouns ---------------------------------------------------------------------------------
    def pronoun(self, tok: Any) -> Actor | None:
        """The actor a personal pronoun token refers to (see the module docstring); the pronoun becomes its mention."""
        actor = self.antecedent(tok)
        if actor is not None:
            s, e = self.orig(tok.i, tok.i + 1)
            self.table.add_mention(actor, s, e)
        return actor

    def antecedent(self, tok: Any) -> Actor | None:
        """The nearest earlier actor agreeing with the pronoun in number and gender, preferring its own sentence,
        then the subject of the sentence before."""
        low = tok.lower_
        person = low in PERSON_PRONOUNS
        gender = PRONOUN_GENDER.get(low, "")
        here = self.omap(tok.idx)
        sent_start = self.omap(tok.sent.start_char)
        # "it"/"they" mostly stand for things: look back over this sentence and the one before only
        floor = 0
        if not person and tok.sent.start > 0:
            floor = self.omap(self.doc[tok.sent.start - 1].sent.start_char)

        def fits(actor: Actor) -> bool:
            if (actor.type == "PERSON") != person:
                return False
            return not gender or self.table.gender(actor) in ("", gender)

        best = self.table.nearest_before(here, floor, fits)
        if best is None:
            return None
        if best[0] >= sent_start or tok.sent.start == 0:
            return best[1]
        prev = self.doc[tok.sent.start - 1].sent
        for _ in range(3):
            # sentences of a quote spoken in the first person ("We will not stop. We still have more
            # fighting to do. We will push forward," she said) say nothing of who "she" is: the sentence
            # before the quote does
            if prev.start == 0 or not _first_person_sentence(prev):
                break
            prev = self.doc[prev.start - 1].sent
        for t in prev:
            if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT":
                span = self.orig(*np_bounds(t))
                subj = self.table.actor_at(*span)
                if subj is not None and fits(subj):
                    return subj
                named = any(a.type == "PERSON" for _s, _e, a in self.table.mentions_within(*span))
                if person and not named and _one_person(t):
                    # "Amira, a 25-year-old protester, said ... 'We will push on,' she said": the speaker
                    # before is a person the article codes no name for; she is not Saddam Hussein named
                    # two paragraphs back
                    return None
        return best[1]

    # ---- descriptions -----------------------------------------------------------------------------
    def description(self, start_tok: int, end_tok: int) -> Actor | None:
        """A description ("the ministry", "the Russian president", "the US delegation") resolved to an actor.

        The actor the article introduced with the same head noun comes first (the article's own
        "ministry" is the one "the ministry" means); then the knowledge base's coding of the phrase
        (dated office-holders, organisation kinds, country + agent noun); then an earlier title +
        name ("Russian President Vladimir Putin" for "the Russian president").
        """
        tokens = self.doc[start_tok:end_tok]
        if len(tokens) == 0:
            return None
        head = tokens.root
        ostart, oend = self.orig(start_tok, end_tok)
        actor = None
        if tokens[0].lower_ in _DEFINITE and head.pos_ == "NOUN" and head.tag_ == "NN":
            modifiers = [t.lower_ for t in tokens if t.i != head.i and t.dep_ in ("amod", "compound", "nmod")]
            lemma = head.lemma_.lower()
            actor = self.table.introduced(lemma, modifiers, ostart, person=lemma in LEADER_HEADS)
        if actor is None:
            actor = self.table.resolve_description(ostart, oend)
        if actor is None and not any(t.pos_ == "PROPN" for t in tokens):
            actor = self._titled(tokens)
        if actor is not None:
            self.table.add_mention(actor, ostart, oend)
        return actor

    def _titled(self, tokens: Any) -> Actor | None:
        """'the Russian president': an earlier title + name in the text ("Russian President Vladimir Putin")."""
        head = tokens.root
        if head.lemma_.lower() not in LEADER_HEADS or head.tag_ not in ("NN", "NNP"):
            return None  # "the two leaders" are not one of them
        modifiers = {t.lower_ for t in tokens if t.dep_ in ("amod", "compound") and t.i != head.i}
        best: Actor | None = None
        best_score = 0
        # only mentions with a modifier (or, without modifiers, the head) before them can score enough
        # (3 and 2 below): those are found by word, not by testing every mention of the article
        wanted = modifiers or {head.lower_, head.lemma_.lower()}
        for actor, m in self.table.mentions_after_words(wanted):
            if actor.type != "PERSON":
                continue
            context = self.table.title_context(m.start)
            if not context:
                continue
            score = sum(1 for w in modifiers if w in context)
            if head.lower_ in context or head.lemma_.lower() in context:
                score += 2
            elif any(w in LEADER_HEADS for w in context):
                score += 1
            if (modifiers and score >= 3 or not modifiers and score >= 2) and score > best_score:
                best, best_score = actor, score
        return best


def _first_person_sentence(sent: Any) -> bool:
    """Whether a sentence's main subject is "I", "we" or "you": a speaker's own words."""
    return any(t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT" and t.lower_ in FIRST_PERSON | {"you"}
               for t in sent)


def _one_person(tok: Any) -> bool:
    """Whether a subject token stands for one person: a singular noun (or name) that is, or is in
    apposition to, a noun for a person ("a protester", "Amira, a 25-year-old protester"), or that carries
    an age; or a name the parser tags as a person."""
    if tok.tag_ not in ("NN", "NNP"):
        return False  # "protesters", "they": a group
    if tok.ent_type_ == "PERSON" and tok.pos_ == "PROPN":
        return True
    heads = [tok, *(c for c in tok.children if c.dep_ == "appos" and c.tag_ in ("NN", "NNP"))]
    for head in heads:
        if head.lemma_.lower() in person_nouns() and head.tag_ == "NN":
            return True
        if any(_AGE.match(t.lower_) for t in head.subtree if t.i < head.i):
            return True
    return False


def np_bounds(tok: Any) -> tuple[int, int]:
    """The noun phrase of a token without its relative clauses and appositions' trailing punctuation."""
    left = tok.left_edge.i
    right = tok.i + 1
    for child in tok.rights:
        if child.dep_ in ("relcl", "acl", "punct", "appos", "cc", "conj", "advcl"):
            break
        right = child.right_edge.i + 1
    return left, right
