"""Shared grammar for the event coder: dependency labels, word classes and two path tests.

Kept in one place so the coder's parts (actors of phrases, clause structure, places) agree on them.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

SUBJ = {"nsubj", "nsubjpass", "csubj", "csubjpass"}
# the modality a frame gives the act it composes with ("refused to" -> refusal)
MODALITY_OF_FRAME = {"intent": "intent", "threat": "threat", "reject": "refusal", "demand": "demand", "appeal": "appeal"}
# adjectives whose subject did the act of their of/in complement ("X is guilty of violating the truce")
CULPABLE = {"guilty", "complicit", "culpable"}
SKIP_WINDOW = SUBJ | {"advcl", "parataxis", "punct", "mark", "cc", "ccomp", "aux", "auxpass", "neg"}
TARGET_PREPS = ("to", "with", "against", "on", "from", "for", "into", "toward", "towards", "at", "over",
                "upon", "between", "among", "in")
PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout"}
FUTURE = {"will", "wo", "would", "shall", "'ll"}
OBLIGE = {"must", "should"}
# "ought to X" (X hangs on "ought"): an obligation; "is set / due / scheduled to X": the future
OUGHT = {"ought", "oughta"}
SCHEDULED = {"set", "due", "scheduled", "poised", "slated"}
# modals that leave an appeal or demand verb possible, not made ("could encourage Iran to press")
UNREAL_MODALS = {"could", "might", "may", "should", "ought"}
PRONOUNS_PERSON = {"he", "she", "him", "her", "his", "himself", "herself"}
PRONOUNS_GROUP = {"it", "its", "they", "them", "their", "itself", "themselves"}
POSITIVE = {"increase", "create", "improve", "guarantee", "help", "strengthen", "bring", "ensure", "provide"}
# the sectors that make an actor a state's own
STATE_SECTORS = {"GOV", "COP", "MIL", "JUD", "LEG"}
# participles that tie a group to an organisation or a place: its actor codes the group
MEMBERSHIP = {"affiliate", "affiliated", "link", "linked", "base", "based", "ally", "allied", "belong", "loyal",
               "attach", "attached"}
GENERIC_FRAMES = {"intent": "intent", "threat": "threat", "reject": "reject", "demand": "demand", "appeal": "appeal"}
FIRST_PERSON = {"we", "our", "us", "i", "my", "me", "ourselves"}
# words that make a clause conditional ("if Europe decided ...") or an act denied ("no convoys were targeted")
CONDITIONAL_MARKS = {"if", "unless", "whether"}
COUNTERFACTUAL = {"would", "could", "might", "should", "may"}  # + "have": "could have directed", not done
CARRIERS = {"go", "try", "attempt", "need", "have", "able"}  # "not going to X": their negation is X's
INVERSION_AUX = {"should", "had", "were"}  # "should X do", "had X done", "were X to do": conditions
# words before an auxiliary that make its inversion no condition: "nor should Iran expect", "why should X"
NOT_CONDITION_BEFORE = {"nor", "neither", "never", "only", "so", "rarely", "seldom", "hardly", "little", "why",
                        "what", "how", "when", "where", "who", "which", "whom", "whose"}
# "need to X", "will have to X": the act is needed, not done (an obligation, as "must X"); "had to X" in
# the past tense tells that it was done, so "have" counts only under a modal or in the present
NEED_VERBS = {"need"}
HAVE_TO = {"have"}
# modals that leave a speech verb's content unsaid: "would surely argue that courts should defer"
UNSAID_MODALS = {"would", "could", "might", "may"}
WH_MARKS = {"why", "whether", "how"}  # a clause they open under "asked" is a question
NEGATIVE_DETERMINERS = {"no", "neither"}
NEGATIVE_PRONOUNS = {"nobody", "nothing", "none", "noone"}
SPEECH_FRAMES = {"say", "threat"}  # frames whose clause speaks for their subject ("warns Y it will ...")
GENERIC_DETERMINERS = {"a", "an", "any", "every", "each"}
# determiners of a noun that names something the reader already knows ("the attack", "this deal")
DEFINITE_DETERMINERS = {"the", "this", "that", "these", "those"}
# named-entity types that make a noun phrase a party (people, groups, organisations, states) even when
# the actor table leaves it uncoded ("released Pablo Emilio Moncayo", "released 19 Christians")
ACTOR_ENTITIES = {"PERSON", "NORP", "ORG", "GPE"}
# how deep in the verb's complement a pattern word may sit: object (1), its preposition (2), that
# preposition's object (3), a modifier of it (4); deeper words belong to other phrases
WINDOW_DEPTH = 4


def _named_rows(name: str) -> dict[str, tuple[str, ...]]:
    """``name <TAB> codes ...`` rows of a data file (families.tsv, codes.tsv), codes in file order."""
    out: dict[str, tuple[str, ...]] = {}
    with open(Path(__file__).parent / "data" / name, encoding="utf-8") as f:
        for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(r) > 1 and not r[0].startswith("#"):
                out[r[0].strip()] = tuple(r[1].split())
    return out


def _families() -> dict[str, frozenset[str]]:
    """Code families from data/families.tsv (name -> code prefixes)."""
    return {k: frozenset(v) for k, v in _named_rows("families.tsv").items()}


FAMILIES = _families()
# single codes the rules emit or rank (data/codes.tsv): the engine names them, the ontology gives them
CODES = _named_rows("codes.tsv")


def in_family(code: str, family: str) -> bool:
    """Whether a CAMEO code starts with one of the family's prefixes."""
    return any(code.startswith(p) for p in FAMILIES.get(family, ()))


def code_named(name: str) -> str:
    """The code data/codes.tsv gives this name (its first, when it lists several)."""
    return CODES[name][0]


def codes_named(name: str) -> tuple[str, ...]:
    """All the codes data/codes.tsv gives this name, in file order (a ranking: strongest first)."""
    return CODES[name]


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


