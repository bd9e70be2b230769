"""Column mapping shared by the record sources (JSONL, CSV): which field holds the text, title, ...

Defaults accept the usual names; ``--text-col`` etc. name the field when a corpus differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportage.sources.base import Item, failed, id_for_locator

DEFAULTS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "maintext"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "published": ("date", "published", "publish_date", "date_publish", "pubdate", "timestamp"),
    "outlet": ("outlet", "source", "source_domain", "publisher", "site", "domain"),
    "id": ("id", "doc_id", "article_id", "uuid"),
}


@dataclass(slots=True)
class Columns:
    """Field names to read; None means "the first of the usual names present"."""

    text: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    id: str | None = None  # the field holding the document id (default: the usual names; else a content hash)

    def pick(self, record: dict[str, Any], what: str) -> Any:
        name = getattr(self, what)
        if name:
            return record.get(name)
        present = [n for n in DEFAULTS[what] if n in record]
        for n in present:
            if record[n] not in (None, ""):
                return record[n]
        return record[present[0]] if present else None


def item_from_record(record: Any, source: str, cols: Columns) -> Item:
    """One JSONL/CSV record as an Item; a record without text is a failure naming the field."""
    if not isinstance(record, dict):
        return failed(source, f"{source}: not an object/record")
    text = cols.pick(record, "text")
    if text is None or not isinstance(text, str):
        wanted = cols.text or "/".join(DEFAULTS["text"])
        return failed(source, f"{source}: no text field ({wanted})")
    meta = {k: _str(cols.pick(record, k)) for k in ("title", "url", "published", "outlet")}
    given_id = _str(cols.pick(record, "id"))  # the source's own id, as `analyze` would print it
    doc_id = given_id or id_for_locator(source, text, meta["url"])
    html = text.lstrip()[:1] == "<" and "</" in text[:5000]
    return Item(doc_id=doc_id, source=source, text=text, html=html, meta=meta)


def _str(v: Any) -> str | None:
    if v is None or v == "":
        return None
    return str(v)
