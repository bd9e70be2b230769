"""Reading one article from a file, HTML or stdin, with clear errors for bad input.

Errors are :class:`InputError` with a one-line message naming the input and the reason, so a
batch can record them and go on, and the command line can print them without a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024  # an article is kilobytes; 20 MB is a dump, not an article
MAX_CHARS = 2_000_000  # the parser's nlp.max_length (reportage.nlp): longer text would fail inside spaCy
_HTML_HINT = re.compile(rb"<(!doctype html|html|body|head|article|div|p)[\s>]", re.I)


class InputError(Exception):
    """Bad input: the message names the input and the reason."""


@dataclass(slots=True)
class Article:
    id: str
    text: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    extracted_from_html: bool = False


def decode(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8 (BOM allowed); refuse binary and mis-encoded data rather than guess."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") and data[:4] != b"\xff\xfe\x00\x00":
        try:  # UTF-16 with a byte-order mark, as some Windows editors save text: unambiguous, so accepted
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{name}: not valid UTF-16 despite its byte-order mark") from None
    if not data.strip():
        raise InputError(f"{name}: empty input")
    head = data[:8192]
    if b"\x00" in head:
        raise InputError(f"{name}: binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it first, e.g. iconv -f latin1 -t utf-8"
        ) from None
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f\v")
    if controls > 0.01 * min(len(text), 8192):
        raise InputError(f"{name}: binary data (control characters), not text")
    return text


def looks_like_html(data: bytes, name: str = "") -> bool:
    return name.lower().endswith((".html", ".htm", ".xhtml")) or bool(_HTML_HINT.search(data[:4096]))


def article_from_bytes(data: bytes, name: str, doc_id: str, *, max_bytes: int = MAX_BYTES,
                       url: str | None = None) -> Article:
    if len(data) > max_bytes:
        raise InputError(f"{name}: too large ({len(data) / 2**20:.1f} MiB > {max_bytes / 2**20:g} MiB limit)")
    if looks_like_html(data, name):
        from reportage.html import extract_html

        article = extract_html(decode(data, name), name, doc_id, url=url)
    else:
        article = Article(id=doc_id, text=decode(data, name), url=url)
    if len(article.text) > MAX_CHARS:
        raise InputError(f"{name}: too long for one article ({len(article.text):,} characters > {MAX_CHARS:,} limit)")
    return article


def read_article(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Article:
    """Read one article; ``-`` is stdin. The id is the file name without extension."""
    import sys

    if str(path) == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return article_from_bytes(data, "<stdin>", "stdin", max_bytes=max_bytes)
    p = Path(path)
    name = str(p)
    if not p.exists():
        raise InputError(f"{name}: " + ("broken symbolic link" if p.is_symlink() else "no such file"))
    if p.is_dir():
        raise InputError(f"{name}: is a directory")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(f"{name}: too large ({size / 2**20:.1f} MiB > {max_bytes / 2**20:.0f} MiB limit)")
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    return article_from_bytes(data, name, p.stem, max_bytes=max_bytes)


def expand_paths(paths: list[str]) -> list[str]:
    """Directories become their .txt/.html files (sorted, recursive); files and '-' pass through."""
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if raw != "-" and p.is_dir():
            # broken links are kept so the run reports them; *.extracted.txt is our own output for HTML
            out.extend(str(f) for f in sorted(p.rglob("*"))
                       if (f.is_file() or (f.is_symlink() and not f.exists()))
                       and f.suffix.lower() in {".txt", ".html", ".htm", ".text", ""}
                       and not f.name.startswith(".") and not f.name.endswith(".extracted.txt"))
        else:
            out.append(raw)
    return out


_LATIN_WORDS = re.compile(r"[A-Za-z]+")
_EN_STOP = frozenset("the of and to in a is that for on was with as by it at from he said his be are".split())


def english_warning(text: str) -> str | None:
    """A cheap check that the text is English: the models here only read English."""
    sample = text[:5000]
    words = _LATIN_WORDS.findall(sample)
    letters = sum(1 for c in sample if c.isalpha())
    if letters == 0:
        return "no letters in the text"
    if sum(len(w) for w in words) < 0.5 * letters:
        return "the text does not look like English (mostly non-Latin script); results will be poor"
    if len(words) >= 30 and sum(1 for w in words if w.lower() in _EN_STOP) < 0.08 * len(words):
        return "the text does not look like English (few English function words); results will be poor"
    return None
