"""Page residue: the furniture a crawl leaves in article text, found so that nothing analyses it.

Scraped articles carry photo credits ("REUTERS/Jane Doe", "(AP Photo/...)"), captions ("FILE PHOTO:
...", "Image copyright ... Image caption ..."), "Slideshow (6 Images)", sign-up and privacy lines
("By signing up, you agree to our Privacy Policy"), "Story continues below advertisement", wire
footers ("Reporting by ...; Editing by ..."), share and follow lines. Read as text they become
actors ("Slideshow" as a PERSON, "you" as a speaker), colon quotes ("FILE PHOTO: ...") and events.

The classes of furniture live in ``data/residue.tsv`` (reason, regex, example). :func:`find_residue`
returns the regions they cover in the ORIGINAL text; :func:`blank` replaces those regions with
spaces (newlines kept) so the parser's copy keeps every offset and the line structure, yet no
token of the residue reaches any stage. The regions stay in the text and are reported in the
document JSON (``excluded``) with their reason, so a reader can see what was left out and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# characters kept when a region is blanked: line structure (paragraphs, sentence boundaries) survives
_KEEP = frozenset("\n\r\u2028\u2029\x0b\x0c")


@dataclass(frozen=True, slots=True)
class Region:
    """A half-open character range of the original text excluded from analysis, and why."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class Rule:
    """One class of page furniture: a regex (``re.MULTILINE``), the reason it is residue, an example.

    When the regex has a group named ``x``, only that group is residue and the rest of the match is
    context ("WASHINGTON (Reuters) -": the credit goes, the dateline and the brackets stay, so the
    parser still sees where the dateline ends).
    """

    reason: str
    pattern: re.Pattern[str]
    example: str


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """The furniture classes of ``data/residue.tsv``; a broken row is an error naming the file and line."""
    text = resources.files("reportage.data").joinpath("residue.tsv").read_text(encoding="utf-8")
    rules: list[Rule] = []
    header_seen = False
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True  # "reason<TAB>pattern<TAB>example"
            continue
        cols = line.split("\t")
        if len(cols) != 3 or not cols[0].strip() or not cols[1]:
            raise ValueError(f"residue.tsv line {n}: expected reason<TAB>pattern<TAB>example")
        try:
            pattern = re.compile(cols[1], re.MULTILINE)
        except re.error as exc:
            raise ValueError(f"residue.tsv line {n}: bad pattern: {exc}") from exc
        rules.append(Rule(cols[0].strip(), pattern, cols[2].replace("\\n", "\n")))
    return tuple(rules)


def find_residue(text: str) -> list[Region]:
    """Regions of ``text`` that are page furniture, sorted, non-overlapping, trimmed of whitespace.

    Where two classes overlap, the regions merge and keep the reason of the one that starts first
    (the longer one at equal starts).
    """
    found: list[Region] = []
    for rule in load_rules():
        part = "x" if "x" in rule.pattern.groupindex else 0
        for m in rule.pattern.finditer(text):
            s, e = m.span(part)
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                found.append(Region(s, e, rule.reason))
    found.sort(key=lambda r: (r.start, -r.end))
    merged: list[Region] = []
    for r in found:
        if merged and r.start < merged[-1].end:
            last = merged[-1]
            if r.end > last.end:
                merged[-1] = Region(last.start, r.end, last.reason)
            continue
        merged.append(r)
    return merged


def blank(text: str, regions: list[Region] | tuple[Region, ...]) -> str:
    """``text`` with every region replaced by spaces, line breaks kept: same length, same offsets."""
    if not regions:
        return text
    parts: list[str] = []
    pos = 0
    for r in regions:
        parts.append(text[pos:r.start])
        parts.append("".join(c if c in _KEEP else " " for c in text[r.start:r.end]))
        pos = r.end
    parts.append(text[pos:])
    return "".join(parts)


def overlaps(start: int, end: int, regions: list[Region] | tuple[Region, ...]) -> bool:
    """Whether [start, end) shares a character with any region."""
    return any(r.start < end and start < r.end for r in regions)
