"""What every input path shares, in a module that imports nothing of the package.

:class:`InputError` (bad input, with a message naming the input and the reason) and
:class:`Article` (one article as read, before analysis). They live here, not in
:mod:`reportage.inputs`, so that :mod:`reportage.html` and the readers can use them without an
import cycle; :mod:`reportage.inputs` re-exports both.
"""

from __future__ import annotations

from dataclasses import dataclass


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
