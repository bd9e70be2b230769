"""Resolving the source of an attribution to an actor: names, pronouns, relative pronouns, descriptions.

A source span such as "He" or "The Russian president" is only useful to an analyst once it is
tied to Vladimir Putin; the mention that did it stays on the attribution (``source``) and is
added to the actor's mentions, so the link can be checked in the text.
"""

from __future__ import annotations

from typing import Any

from reportage.document import Actor

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
GROUP_PRONOUNS = frozenset({"they", "them", "it", "its", "their"})
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
# heads of phrases that speak for a body named after them ("members of the committee")
GROUP_HEADS = frozenset({"member", "representative", "delegation", "delegate", "envoy", "staff", "team"})
# heads of descriptions that stand for a leader of a country or organisation
LEADER_HEADS = frozenset({"president", "leader", "premier", "chancellor", "minister", "king", "head",
                          "secretary", "spokesman", "spokeswoman", "spokesperson", "governor", "senator",
                          "candidate", "nominee", "chief", "general", "prime", "ambassador", "mayor",
                          "official", "director", "chairman", "chair"})


class SpeakerResolver:
    """Resolves source token spans of one document, remembering who spoke last."""

    def __init__(self, doc: Any, omap: Any, table: Any) -> None:
        self.doc = doc
        self.omap = omap
        self.table = table

    def _orig(self, start_tok: int, end_tok: int) -> tuple[int, int]:
        d = self.doc
        return self.omap.span(d[start_tok].idx, d[end_tok - 1].idx + len(d[end_tok - 1]))

    def resolve(self, start_tok: int, end_tok: int) -> Actor | None:
        """The actor for source tokens [start_tok, end_tok) of the parse."""
        doc = self.doc
        tokens = doc[start_tok:end_tok]
        if len(tokens) == 0:
            return None
        head = tokens.root
        low = head.lower_
        ostart, oend = self._orig(start_tok, end_tok)
        if len(tokens) == 1 and low in RELATIVE and head.head.dep_ in ("relcl", "acl"):
            antecedent = head.head.head
            sub = _np_bounds(antecedent)
            actor = self.resolve(*sub)
            if actor is not None:
                self.table.add_mention(actor, ostart, oend)
            return actor
        if len(tokens) == 1 and low in PERSON_PRONOUNS | GROUP_PRONOUNS:
            actor = self._antecedent(head, person=low in PERSON_PRONOUNS)
            if actor is not None:
                self.table.add_mention(actor, ostart, oend)
            return actor
        if len(tokens) == 1 and low in FIRST_PERSON:
            return None
        # the name inside the source: the mention covering the head; a modifier's actor ("Russian" in
        # "the Russian president") is not the speaker
        h0, h1 = self._orig(head.i, head.i + 1)
        actor = self.table.actor_at(h0, h1)
        if actor is None and head.pos_ == "PROPN":
            actor = self.table.actor_at(ostart, oend)
        if actor is not None:
            return actor
        # "the leaders of the alliance", "a spokesman for the ministry": the body they speak for
        if head.lemma_.lower() in LEADER_HEADS or head.lemma_.lower() in GROUP_HEADS:
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in ("of", "for", "at"):
                    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        body = self.resolve(*_np_bounds(pobj))
                        if body is not None and body.type != "PERSON":
                            self.table.add_mention(body, ostart, oend)
                            return body
        actor = self.table.resolve_description(ostart, oend)
        if actor is None and not any(t.pos_ == "PROPN" for t in tokens):
            actor = self._description(tokens)
        if actor is not None:
            self.table.add_mention(actor, ostart, oend)
            return actor
        if head.pos_ == "PROPN":
            names = [t for t in tokens if t.pos_ == "PROPN" and t.i <= head.i]
            if names:
                a, b = self._orig(names[0].i, head.i + 1)
                return self.table.new_actor(self.table.text[a:b], a, b, None)
        return None

    def _antecedent(self, pronoun: Any, person: bool) -> Actor | None:
        """The actor a pronoun refers to: an earlier name in its sentence, else the previous sentence's
        subject, else the nearest earlier mention of the right kind."""
        wanted = {"PERSON"} if person else {"ORG", "GPE", "NORP"}
        here = self.omap(pronoun.idx)
        best: tuple[int, Actor] | None = None
        for actor in self.table.actors:
            if actor.type not in wanted:
                continue
            for m in actor.mentions:
                if m.end <= here and (best is None or m.start > best[0]):
                    best = (m.start, actor)
        if best is None:
            return None
        sent = pronoun.sent
        if best[0] >= self.omap(sent.start_char) or sent.start == 0:
            return best[1]
        prev = self.doc[sent.start - 1].sent
        for tok in prev:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT":
                subj = self.table.actor_at(*self._orig(*_np_bounds(tok)))
                if subj is not None and subj.type in wanted:
                    return subj
        return best[1]

    def _description(self, tokens: Any) -> Actor | None:
        """'the Russian president': an earlier title + name in the text ("Russian President Vladimir Putin")."""
        head = tokens.root
        if head.lemma_.lower() not in LEADER_HEADS:
            return None
        modifiers = {t.lower_ for t in tokens if t.dep_ in ("amod", "compound") and t.i != head.i}
        best: Actor | None = None
        best_score = 0
        for actor in self.table.actors:
            if actor.type != "PERSON":
                continue
            for m in actor.mentions:
                context = self.table.text[max(0, m.start - 60):m.start].lower().split()[-4:]
                if not context:
                    continue
                score = sum(1 for w in modifiers if w in context)
                if head.lower_ in context or head.lemma_.lower() in context:
                    score += 2
                elif any(w in LEADER_HEADS for w in context):
                    score += 1
                if modifiers and score >= 3 or not modifiers and score >= 2:
                    if score > best_score:
                        best, best_score = actor, score
        return best


def _np_bounds(tok: Any) -> tuple[int, int]:
    """The noun phrase of a token without its relative clauses and appositions' trailing punctuation."""
    left = tok.left_edge.i
    right = tok.i + 1
    for child in tok.rights:
        if child.dep_ in ("relcl", "acl", "punct", "appos", "cc", "conj", "advcl"):
            break
        right = child.right_edge.i + 1
    return left, right
