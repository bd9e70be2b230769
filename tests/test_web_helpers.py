"""Shared fixtures for the web tests: a small store built by analysing real articles.

The store holds the founding example, an article written to attack the page (script tags and
event-handler attributes in its text, title and outlet) and a short hand-coded document whose
events are known, so the dyad and network queries can be checked against exact counts.
"""

from __future__ import annotations

from pathlib import Path

from reportage.document import Actor, Document, Event, Span

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLE = SHARED / "examples" / "putin-nato-sachkhabrain.txt"

INJECTION_TEXT = (
    "Officials said: \"<script>window.__pwned = 1; document.title = 'pwned';</script> The talks failed.\"\n"
    "The minister told reporters that <img src=x onerror=\"window.__pwned = 2\"> the ceasefire would hold.\n"
    "\"We will not accept <b onmouseover=\"window.__pwned = 3\">this</b> offer,\" said Ukrainian President "
    "Volodymyr Zelensky, according to <a href=\"javascript:window.__pwned=4\">Reuters</a>.\n"
    "Russia accused Ukraine of shelling the town </p></div><svg onload=\"window.__pwned = 5\"></svg>.\n"
)
INJECTION_META = {"title": "<script>document.title='pwned'</script>Talks", "outlet": "\"><img src=x onerror=alert(1)>"}

HAND_TEXT = "Russia attacked Ukraine on Monday. Ukraine praised NATO. Russia threatened Ukraine again."


def _span(text: str, needle: str, after: int = 0) -> Span:
    i = text.index(needle, after)
    return Span.of(text, i, i + len(needle))


def hand_document() -> Document:
    """Three events with known QuadClass and Goldstein: the dyad Russia/Ukraine has two on one day."""
    t = HAND_TEXT
    s1, s2, s3 = _span(t, "Russia attacked Ukraine on Monday."), _span(t, "Ukraine praised NATO."), \
        _span(t, "Russia threatened Ukraine again.")
    rus = Actor("A1", "Russia", "RUS", type="GPE", mentions=[_span(t, "Russia"), _span(t, "Russia", 40)])
    ukr = Actor("A2", "Ukraine", "UKR", type="GPE", mentions=[_span(t, "Ukraine"), _span(t, "Ukraine", 30)])
    nato = Actor("A3", "NATO", "IGOWSTNAT", type="ORG", mentions=[_span(t, "NATO")])
    events = [
        Event("E1", "190", "ASSAULT", 4, -10.0, "A1", "A2", _span(t, "attacked"), s1,
              explanation={"rule": "hand-coded for the web tests"}),
        Event("E2", "051", "COOPERATE", 1, 3.4, "A2", "A3", _span(t, "praised"), s2),
        Event("E3", "138", "THREATEN", 3, -7.0, "A1", "A2", _span(t, "threatened"), s3),
    ]
    return Document("hand-dyad", t, outlet="handmade", published="2024-03-04", title="Hand-coded events",
                    actors=[rus, ukr, nato], events=events)


def build_store(path: Path) -> dict[str, Document]:
    """Analyse the articles and write them (and the hand-coded one) into a new store at ``path``."""
    from reportage.pipeline import analyze
    from reportage.store import Store

    docs = {
        "putin": analyze(EXAMPLE.read_text(encoding="utf-8"), doc_id="putin-nato-sachkhabrain",
                         published="2023-07-13", outlet="sachkhabrain"),
        "inject": analyze(INJECTION_TEXT, doc_id="script-injection", published="2023-07-14", **INJECTION_META),
        "hand": hand_document(),
    }
    store = Store(path)
    try:
        store.write_documents(list(docs.values()))
    finally:
        store.close()
    return docs


def putin_quote(doc: Document):
    """The attribution of Putin's colon quote ("Putin stated: We have talked ...")."""
    for q in doc.attributions:
        if any(c.text.startswith("We have talked") for c in q.content):
            return q
    return None
