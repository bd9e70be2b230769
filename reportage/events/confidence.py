"""An event's confidence, from the evidence the coder records in its explanation.

Event data lives or dies by precision: an event is emitted by default only when its evidence
holds up (a lexicon match, syntax that gives its roles, resolved actors, an asserted act). The
weights are data (``data/confidence.tsv``); the reasons are kept with the event so a reader can
see why it was trusted or set aside.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportage.events.grammar import in_family

DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    with open(DATA / "confidence.tsv", encoding="utf-8") as f:
        rows = [r for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if r and not r[0].startswith("#")]
    return {r[0].strip(): float(r[1]) for r in rows if len(r) > 1}


def threshold(override: float | None = None) -> float:
    """The confidence an event needs to be emitted: ``override`` (``events.confidence_threshold`` of
    :class:`reportage.settings.Settings`) when set, else the ``threshold`` row of confidence.tsv."""
    return override if override is not None else weights().get("threshold", 0.5)


def _base(why: dict[str, Any]) -> str:
    rule = str(why.get("rule", ""))
    if rule.startswith("frame") or "frame" in why:
        return "base:frame"
    if rule.startswith("statement"):
        return "base:statement"
    if rule.startswith("say + must"):
        return "base:say + must"
    if why.get("frame_word") and why.get("trigger_rule") in {"verb default", "verb pattern"}:
        return "base:frame word"
    return _trigger_base(why)


def _trigger_base(why: dict[str, Any]) -> str:
    kind = str(why.get("trigger_rule") or why.get("rule", ""))
    if kind == "verb pattern":
        if why.get("weak"):
            return "base:verb pattern:weak"
        return "base:verb pattern:local" if why.get("lexicon") == "local" else "base:verb pattern:petrarch"
    if kind == "verb default":
        return "base:verb default:local" if why.get("lexicon") == "local" else "base:verb default:petrarch"
    if kind in {"noun pattern", "noun default"}:
        return f"base:{kind}"
    return "base:other"


def score(why: dict[str, Any], source: Any, target: Any, negated: bool, hedged: bool,
          marks: list[str], code: str = "") -> tuple[float, list[str]]:
    """Confidence in [0.05, 0.99] and the evidence that set it, e.g. ['verb pattern:local +0.78', ...]."""
    w = weights()
    base = _base(why)
    total = w.get(base, w.get("base:other", 0.6))
    reasons = [f"{base[5:]} {total:+.2f}"]
    keys: list[str] = []
    if source is None:  # a passive or agentless verb names no doer; an event noun often names none by nature
        keys.append("source:none:nominal" if base.startswith("base:noun") else "source:none")
    elif not (source.code or source.country):
        keys.append("source:uncoded")
    if why.get("source_from"):  # "nearest name", "place authority": how the doer was found
        keys.append(f"source:{why['source_from']}")
    if target is None:
        keys.append("target:none")
        if in_family(code, "addressed"):
            keys.append("target:none:addressed")
    elif why.get("target_from"):  # "scan", "place", "unnamed group" ...: how the target was found
        keys.append(f"target:{why['target_from']}")
    if negated:
        keys.append("mod:negated")
    keys += [f"mod:{m}" for m in marks if m != "negated"]
    if hedged:
        keys.append("mod:hedged")
    for k in dict.fromkeys(keys):
        if k in w:
            total += w[k]
            reasons.append(f"{k} {w[k]:+.2f}")
    return round(min(0.99, max(0.05, total)), 2), reasons
