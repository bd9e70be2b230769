"""Analysing a posted text for the web: validation, size limit, and one analysis at a time.

The spaCy pipeline is shared by all requests; analyses are serialised with a lock because the
work is CPU-bound (threads would only contend for the GIL) and the pipeline's components are
not documented as safe for concurrent calls.
"""

from __future__ import annotations

import threading

from reportage.document import Document
from reportage.inputs import english_warning

DEFAULT_MAX_CHARS = 100_000  # an article is a few thousand characters; this leaves room for long reads
_LOCK = threading.Lock()


class TextTooLarge(Exception):
    """The posted text is over the character limit (the API answers 413)."""


def analyze_text(text: str, *, published: str | None = None, outlet: str | None = None,
                 title: str | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> Document:
    """Run the pipeline on a posted text without storing it; warnings ride along in the document."""
    if len(text) > max_chars:
        raise TextTooLarge(f"text has {len(text)} characters; the limit is {max_chars}")
    from reportage.pipeline import analyze

    with _LOCK:
        document = analyze(text, doc_id="posted", published=published, outlet=outlet, title=title)
    warning = english_warning(text)
    if warning:
        document.warnings.append(warning)
    return document


def warm_up() -> None:
    """Load the model before the first request so the first analyst does not wait for it."""
    from reportage.nlp import load_nlp

    load_nlp()
