"""The attribution lexicons (cue verbs and nouns, hedges), read from data files once per process."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Cue:
    lemma: str
    pos: str  # VERB or NOUN
    cls: str  # speech, belief, report, request
    content: tuple[str, ...]  # extra content slots beyond a that-clause: obj, xcomp, prep:of ...
    confidence: float


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("reportage.data").joinpath(name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@lru_cache(maxsize=1)
def load_cues() -> dict[tuple[str, str], Cue]:
    """Cue entries keyed by (lemma, pos); a later row for the same key adds its content slots."""
    cues: dict[tuple[str, str], Cue] = {}
    for row in _rows("cues.tsv"):
        key = (row["lemma"], row["pos"])
        slots = tuple(s for s in row["content"].split(",") if s and s != "-")
        old = cues.get(key)
        if old is not None:
            slots = tuple(dict.fromkeys(old.content + slots))
        cues[key] = Cue(row["lemma"], row["pos"], row["class"], slots, float(row["confidence"]))
    return cues


@lru_cache(maxsize=1)
def load_hedges() -> dict[str, frozenset[str]]:
    """Hedge markers by kind: adverb, anonymous_source, anonymity, passive_cue."""
    kinds: dict[str, set[str]] = {}
    for row in _rows("hedges.tsv"):
        kinds.setdefault(row["kind"], set()).add(row["marker"])
    return {k: frozenset(v) for k, v in kinds.items()}
