"""Resolving the source of an attribution to an actor: the attribution stage's name for :mod:`reportage.mentions`.

A source span such as "He" or "The Russian president" is only useful to an analyst once it is
tied to Vladimir Putin; the mention that did it stays on the attribution (``source``) and is
added to the actor's mentions, so the link can be checked in the text. The rules live in
:mod:`reportage.mentions`, shared with the event stage.
"""

from __future__ import annotations

from reportage.document import Actor
from reportage.mentions import FIRST_PERSON, GROUP_PRONOUNS, PERSON_PRONOUNS, RELATIVE, Mentions

__all__ = ["FIRST_PERSON", "GROUP_PRONOUNS", "PERSON_PRONOUNS", "RELATIVE", "SpeakerResolver"]


class SpeakerResolver(Mentions):
    """Resolves source token spans of one document (see :meth:`Mentions.source`)."""

    def resolve(self, start_tok: int, end_tok: int) -> Actor | None:
        """The actor for source tokens [start_tok, end_tok) of the parse."""
        return self.source(start_tok, end_tok)
