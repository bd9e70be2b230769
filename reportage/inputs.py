"""Decoding one article's bytes (text or HTML), with clear errors for bad input.

Files are read by :mod:`reportage.sources.files`, the one reader of ``analyze`` and ``run``.

Errors are :class:`InputError` with a one-line message naming the input and the reason, so a
batch can record them and go on, and the command line can print them without a traceback.
"""

from __future__ import annotations

import re

from reportage.base import Article, InputError
from reportage.settings import InputSettings

__all__ = ["LANGUAGE_WARNINGS", "Article", "InputError", "MAX_BYTES", "MAX_CHARS", "article_from_bytes", "decode",
           "english_warning", "looks_like_html"]

# the defaults of reportage.settings.InputSettings (max_bytes, max_chars), which say why
MAX_BYTES = InputSettings().max_bytes
MAX_CHARS = InputSettings().max_chars
_HTML_HINT = re.compile(rb"<(!doctype html|html|body|head|article|div|p)[\s>]", re.I)


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
                       url: str | None = None, max_chars: int = MAX_CHARS) -> Article:
    if len(data) > max_bytes:
        raise InputError(f"{name}: too large ({len(data) / 2**20:.1f} MiB > {max_bytes / 2**20:g} MiB limit)")
    if looks_like_html(data, name):
        from reportage.html import extract_html

        article = extract_html(decode(data, name), name, doc_id, url=url)
    else:
        article = Article(id=doc_id, text=decode(data, name), url=url)
    check_length(article.text, name, max_chars)
    return article


def check_length(text: str, name: str, max_chars: int = MAX_CHARS) -> None:
    """An InputError when ``text`` is longer than one article may be (``inputs.max_chars``)."""
    if len(text) > max_chars:
        raise InputError(f"{name}: too long for one article ({len(text):,} characters > {max_chars:,} limit)")


_LATIN_WORDS = re.compile(r"[A-Za-z]+")
_EN_STOP = frozenset("the of and to in a is that for on was with as by it at from he said his be are".split())


NO_LETTERS = "no letters in the text"
NOT_LATIN = "the text does not look like English (mostly non-Latin script); results will be poor"
FEW_ENGLISH_WORDS = "the text does not look like English (few English function words); results will be poor"
LANGUAGE_WARNINGS = (NO_LETTERS, NOT_LATIN, FEW_ENGLISH_WORDS)  # what english_warning can say


def english_warning(text: str) -> str | None:
    """A cheap check that the text is English: the models here only read English.

    The pipeline adds it to every document's warnings (:func:`reportage.pipeline.analyze_parsed`).
    """
    sample = text[:5000]
    words = _LATIN_WORDS.findall(sample)
    letters = sum(1 for c in sample if c.isalpha())
    if letters == 0:
        return NO_LETTERS
    if sum(len(w) for w in words) < 0.5 * letters:
        return NOT_LATIN
    if len(words) >= 30 and sum(1 for w in words if w.lower() in _EN_STOP) < 0.08 * len(words):
        return FEW_ENGLISH_WORDS
    return None
