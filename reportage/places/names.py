"""Name folding shared by the gazetteer builder and the resolver, and the TSV reader of the data files."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

_NON_WORD = re.compile(r"[^0-9a-z]+")
_APOS = re.compile(r"[\u2019'`\u02bc\u2018]")
_ARTICLE = re.compile(r"^(the|al|el) ")


def fold(name: str) -> str:
    """The lookup key of a name: accents and case dropped, apostrophes removed, other punctuation a space.

    "Kyiv", "KYIV" and "Kyïv" fold alike; "Mek'ele" and "Mekele" too; "the West Bank" keeps its article
    here (see :func:`keys`), so that an alias written with "the" still matches.
    """
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = s.replace("ß", "ss").replace("ø", "o").replace("ł", "l").replace("đ", "d").replace("ı", "i")
    s = _APOS.sub("", s)
    return _NON_WORD.sub(" ", s).strip()


def keys(name: str) -> set[str]:
    """Every key a name is filed under: its fold, and the fold without a leading article ("the Gulf")."""
    f = fold(name)
    if name.endswith(".") and 0 < len(f) <= 5 and " " not in f:
        return {f + "."}  # "Calif.", "Ill.", "Miss.": an abbreviation only with its full stop, never "ill"/"miss"
    out = {f} if f else set()
    bare = _ARTICLE.sub("", f)
    if bare and bare != f:
        out.add(bare)
    return out


def is_latin(folded: str) -> bool:
    """Whether a folded name is plain Latin letters/digits: the names an English text can contain."""
    return bool(folded) and folded.isascii()


def read_tsv(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a data file: '#' lines are comments, the first other line is the header."""
    header: list[str] | None = None
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            yield dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=False))
