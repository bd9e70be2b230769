"""The attribution lexicons (cue verbs and nouns with their content slots, hedges), read once per process.

Two files make the cue lexicon: ``cues.tsv``, written by hand (class, the act a cue reports, and
the slots it takes beyond a that-clause), and ``cue_slots.tsv``, the precision of each (lemma, slot) measured on
PolNeAR train by ``tools/learn_cues.py``. A measured precision replaces the hand-set confidence
for that slot; a slot measured but not written by hand joins the lexicon when its precision is
at least ``min_learned_precision`` (:class:`reportage.settings.AttributionSettings`), measured on at
least ``min_learned_count`` gold examples.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from reportage.settings import AttributionSettings

_SHIPPED = AttributionSettings()  # the thresholds the data files are checked against
# What an attribution reports: a journalist signs speech and writing as quotes; beliefs, intentions
# and knowledge ("he hopes", "she wants", "the study found") are attributions of another kind.
ACTS = ("speech", "writing", "belief", "intention", "knowledge")
QUOTE_ACTS = frozenset({"speech", "writing"})


@dataclass(slots=True)
class Cue:
    lemma: str
    pos: str  # VERB or NOUN
    cls: str  # speech, belief, report, request, question
    act: str  # speech, writing, belief, intention, knowledge (see ACTS)
    # content slots and their confidence: ccomp (that-clause, colon speech, quotes), obj, oprd, xcomp, prep:X
    slots: dict[str, float] = field(default_factory=dict)

    @property
    def confidence(self) -> float:
        return self.slots.get("ccomp", max(self.slots.values(), default=0.0))

    @property
    def content(self) -> tuple[str, ...]:
        """Slots other than the clause, most reliable first."""
        return tuple(s for s, _ in sorted(self.slots.items(), key=lambda kv: -kv[1]) if s != "ccomp")


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("reportage.data").joinpath(name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@lru_cache(maxsize=4)
def load_cues(min_precision: float = _SHIPPED.min_learned_precision,
              min_count: int = _SHIPPED.min_learned_count) -> dict[tuple[str, str], Cue]:
    """Cue entries keyed by (lemma, pos), with the learned slots of at least ``min_precision`` measured on
    at least ``min_count`` gold examples (cached per pair of thresholds).

    A ``cues.tsv`` row with confidence ``-`` gives only the act of a cue whose slots are all
    learned (``cue_slots.tsv``); a cue left with no slot at all is not a cue. A learned cue that
    passes the shipped thresholds must have its act in ``cues.tsv`` (a data error otherwise); with
    lower thresholds, learned cues without an act are skipped.
    """
    cues: dict[tuple[str, str], Cue] = {}
    for row in _rows("cues.tsv"):
        key = (row["lemma"], row["pos"])
        if row["act"] not in ACTS:
            raise ValueError(f"cues.tsv: {row['lemma']} {row['pos']}: unknown act {row['act']!r} (one of {ACTS})")
        cls = row["class"] if row["class"] != "-" else "speech"
        cue = cues.setdefault(key, Cue(row["lemma"], row["pos"], cls, row["act"]))
        if row["confidence"] == "-":
            continue
        conf = float(row["confidence"])
        cue.slots["ccomp"] = max(cue.slots.get("ccomp", 0.0), conf)
        for slot in row["content"].split(","):
            if slot and slot != "-":
                cue.slots[slot] = max(cue.slots.get(slot, 0.0), conf * 0.8)
    for row in _rows("cue_slots.tsv"):
        key = (row["lemma"], row["pos"])
        precision, count = float(row["precision"]), int(row["gold"])
        cue = cues.get(key)
        if cue is None:
            if precision < _SHIPPED.min_learned_precision or count < _SHIPPED.min_learned_count \
                    or precision < min_precision or count < min_count:
                continue
            raise ValueError(f"cue_slots.tsv: {row['lemma']} {row['pos']} is learned but has no act in cues.tsv")
        if row["slot"] in cue.slots or (precision >= min_precision and count >= min_count):
            cue.slots[row["slot"]] = precision
    return {k: c for k, c in cues.items() if c.slots}


@lru_cache(maxsize=1)
def load_hedges() -> dict[str, frozenset[str]]:
    """Hedge markers by kind: adverb, anonymous_source, anonymity, passive_cue."""
    kinds: dict[str, set[str]] = {}
    for row in _rows("hedges.tsv"):
        kinds.setdefault(row["kind"], set()).add(row["marker"])
    return {k: frozenset(v) for k, v in kinds.items()}
