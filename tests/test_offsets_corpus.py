"""The offset invariant over a whole corpus: every span of every PolNeAR dev article is its own text.

Real articles carry what short test sentences do not (curly quotes, dashes, non-breaking spaces,
carriage returns, odd whitespace), and every one of those is a chance for the normalised copy
and the original to drift apart. Runs in the normal suite (about 20 s on 2 cores).
"""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev" / "text"

pytestmark = pytest.mark.slow


@pytest.mark.skipif(not POLNEAR_DEV.is_dir(),
                    reason=f"PolNeAR dev texts not found at {POLNEAR_DEV} (../shared/data absent)")
def test_every_span_of_every_dev_article_is_its_text():
    from reportage.pipeline import analyze_many

    paths = sorted(POLNEAR_DEV.glob("*.txt"))
    assert len(paths) >= 80, f"expected the 84 PolNeAR dev articles, found {len(paths)}"
    items = ((p.read_text(encoding="utf-8"), {"doc_id": p.stem}) for p in paths)
    bad: list[str] = []
    n_docs = n_spans = n_attributions = 0
    for document in analyze_many(items):
        n_docs += 1
        n_attributions += len(document.attributions)
        text = document.text
        for span in document.spans():
            n_spans += 1
            if not (0 <= span.start <= span.end <= len(text)) or text[span.start:span.end] != span.text:
                bad.append(f"{document.id} [{span.start}:{span.end}] {span.text[:40]!r} != "
                           f"{text[max(0, span.start):max(0, span.end)][:40]!r}")
    assert n_docs == len(paths)
    assert n_attributions > 0, "no attributions at all: the invariant was checked over nothing"
    assert not bad, f"{len(bad)} of {n_spans} spans off their text, e.g.\n" + "\n".join(bad[:10])
