"""Shared grammar for the event coder: dependency labels, word classes and two path tests.

Kept in one place so the coder's parts (actors of phrases, clause structure, places) agree on them.
"""

from __future__ import annotations

from typing import Any

SUBJ = {"nsubj", "nsubjpass", "csubj", "csubjpass"}
SKIP_WINDOW = SUBJ | {"advcl", "parataxis", "punct", "mark", "cc", "ccomp", "aux", "auxpass", "neg"}
TARGET_PREPS = ("to", "with", "against", "on", "from", "for", "into", "toward", "towards", "at", "over",
                "upon", "between", "among", "in")
PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout"}
FUTURE = {"will", "wo", "would", "shall", "'ll"}
OBLIGE = {"must", "should"}
PRONOUNS_PERSON = {"he", "she", "him", "her", "his", "himself", "herself"}
PRONOUNS_GROUP = {"it", "its", "they", "them", "their", "itself", "themselves"}
POSITIVE = {"increase", "create", "improve", "guarantee", "help", "strengthen", "bring", "ensure", "provide"}
MAX_PAIRS = 4
# families of contentious domestic politics: an unnamed group in them is of the state it faces
DOMESTIC = {"10", "11", "12", "13", "14", "15", "17", "18", "19"}
# the sectors that make an actor a state's own
STATE_SECTORS = {"GOV", "COP", "MIL", "JUD", "LEG"}
# families where coordinated doers with no other party act with each other (talks, agreements, exercises)
MUTUAL = {"03", "04", "05", "06"}
# families whose events are aimed at the place they happen in when no target is named
PLACE_TARGETED = {"08", "09", "14", "15", "17", "18", "19", "20"}
# participles that tie a group to an organisation or a place: its actor codes the group
MEMBERSHIP = {"affiliate", "affiliated", "link", "linked", "base", "based", "ally", "allied", "belong", "loyal",
               "attach", "attached"}
GENERIC_FRAMES = {"intent": "intent", "threat": "threat", "reject": "reject", "demand": "demand", "appeal": "appeal"}
FIRST_PERSON = {"we", "our", "us", "i", "my", "me", "ourselves"}
SKIP_CODES = {"010"}  # "make a statement": speech is coded through attributions, not as an event



def inside_phrase(t: Any, h: Any) -> bool:
    """True when the path from t up to h crosses no clause (relative, adverbial or participle)."""
    while t.i != h.i:
        if t.dep_ in {"relcl", "acl", "advcl", "ccomp", "xcomp"}:
            return False
        t = t.head
    return True


def no_report(t: Any, v: Any) -> bool:
    """True when t is not inside a reporting clause hung under v (", police said", "according to ...")."""
    while t.i != v.i:
        if t.dep_ in {"parataxis", "ccomp"} or (t.dep_ == "prep" and t.lower_ in {"according", "to"} and
                                                t.head.lower_ == "according") or t.lower_ == "according":
            return False
        t = t.head
    return True


