"""Main-text extraction from HTML pages (trafilatura), with the page's metadata."""

from __future__ import annotations

from reportage.base import Article, InputError


def extract_html(html: str, name: str, doc_id: str, url: str | None = None) -> Article:
    """Return the article's main text; offsets are relative to this extracted text, which callers write out."""
    import trafilatura

    text = trafilatura.extract(html, url=url, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise InputError(f"{name}: no article text found in the HTML")
    meta = trafilatura.extract_metadata(html, default_url=url)
    published = title = outlet = page_url = None
    if meta is not None:
        published = meta.date or None
        title = meta.title or None
        outlet = meta.sitename or None
        page_url = meta.url or None
    return Article(id=doc_id, text=text, title=title, published=published, outlet=outlet,
                   url=url or page_url, extracted_from_html=True)
