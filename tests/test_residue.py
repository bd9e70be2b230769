"""Page residue is excluded from analysis, and line breaks bound sentences, on real scraped articles.

The real-news set (../shared/data/realnews/articles.jsonl) is read in place, never copied here;
tests that need it skip when the shared folder is absent.
"""

from __future__ import annotations

import json
import re
import time
from functools import lru_cache
from pathlib import Path

import pytest

from reportage.document import Document
from reportage.nlp import normalise
from reportage.pipeline import analyze, parse
from reportage.residue import blank, find_residue, load_rules

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REALNEWS = SHARED / "data" / "realnews" / "articles.jsonl"


@lru_cache(maxsize=1)
def _articles() -> dict[str, dict]:
    return {r["id"]: r for r in (json.loads(line) for line in REALNEWS.open(encoding="utf-8") if line.strip())}


def article(doc_id: str) -> dict:
    if not REALNEWS.exists():
        pytest.skip(f"real-news articles not found at {REALNEWS} (../shared is absent)")
    return _articles()[doc_id]


@lru_cache(maxsize=16)
def analysed(doc_id: str) -> Document:
    r = article(doc_id)
    return analyze(r["text"], doc_id=doc_id, published=r["published"], outlet=r["outlet"])


def line_of(text: str, needle: str) -> tuple[int, int]:
    """The [start, end) of the whole line holding ``needle``."""
    i = text.index(needle)
    start = text.rfind("\n", 0, i) + 1
    end = text.find("\n", i)
    return start, (len(text) if end < 0 else end)


def nothing_from(document: Document) -> None:
    """No actor mention, attribution or event trigger lies in an excluded region."""
    regions = [(x.start, x.end) for x in document.excluded]

    def hit(span) -> bool:
        return span is not None and any(a < span.end and span.start < b for a, b in regions)

    for a in document.actors:
        assert not any(hit(m) for m in a.mentions), (a.name, a.mentions)
    for q in document.attributions:
        assert not (hit(q.source) or hit(q.cue) or any(hit(c) for c in q.content)), q
    for e in document.events:
        assert not hit(e.trigger), e


# ----- the furniture classes ------------------------------------------------------------------------------

def test_every_class_has_a_reason_and_matches_its_example_whole():
    rules = load_rules()
    assert len(rules) >= 30
    for rule in rules:
        assert rule.reason
        regions = find_residue(rule.example)
        assert regions, rule.reason
        if "x" in rule.pattern.groupindex:  # only the group is residue, the rest of the line stays
            m = rule.pattern.search(rule.example)
            assert [(r.start, r.end) for r in regions] == [m.span("x")], (rule.reason, rule.example)
        else:
            assert (regions[0].start, regions[-1].end) == (0, len(rule.example)), (rule.reason, rule.example)


@pytest.mark.parametrize("prose", [
    "By Tuesday, troops had withdrawn from the town.",
    "Reporting by the newspaper showed that the ministry knew of the plan.",
    "The ministry said it had signed up to the treaty and would follow its rules.",
    "Just over half of Americans approve, according to a Reuters/Ipsos opinion poll released on Wednesday.",
    "Images of fires raging at the Saudi facilities were broadcast worldwide.",
    "He tweeted a photo of the meeting and said: \u201cWe will win.\u201d",
])
def test_news_prose_is_not_residue(prose):
    assert find_residue(prose) == []
    assert find_residue(f"Headline\n\n{prose}\n\nMore text.") == []


@pytest.mark.parametrize("line", [
    "WASHINGTON (Reuters) - U.S. President Donald Trump said on Wednesday that talks would resume.",
    "KABUL, Afghanistan (AP) \u2014 Gunmen opened fire Friday at a ceremony in the capital.",
    "(AP) MOSCOW \u2013 Russia reacted to the strikes by cutting a hotline.",
])
def test_a_dateline_loses_its_wire_credit_only(line):
    regions = find_residue(line)
    assert [line[r.start:r.end] for r in regions] in (["Reuters"], ["AP"])
    assert regions[0].reason == "wire credit in a dateline"


def test_blanking_keeps_offsets_and_line_breaks():
    text = "Slideshow (6 Images)\n\nThe minister said on Monday the talks would go on.\r\nREUTERS/Jane Doe"
    regions = find_residue(text)
    masked = blank(text, regions)
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c in "\r\n"] == [i for i, c in enumerate(text) if c in "\r\n"]
    assert "Slideshow" not in masked and "REUTERS" not in masked and "The minister said" in masked


def test_the_parse_never_sees_residue():
    text = "Get the Stories you care about delivered to your inbox. By signing up, you agree to our Privacy Policy\n\n" \
           "The minister said on Monday the talks would go on."
    norm, omap = normalise(text)
    assert "you agree" not in norm and norm.endswith("The minister said on Monday the talks would go on.")
    assert [(r.start, r.reason) for r in omap.excluded] == [(0, "newsletter or sign-up offer")]
    assert normalise(text, residue=False)[0] == text


def test_pathological_lines_do_not_hang_the_patterns():
    nasty = "\n".join(["(" * 20000, "REUTERS/ " * 5000, "Follow A on " * 5000, "Photo " * 5000 + ")",
                       "By " + "Ab " * 5000, "x|" * 10000, "Vote Now:" + "\n" * 5000])
    t = time.perf_counter()
    find_residue(nasty)
    assert time.perf_counter() - t < 5.0


# ----- real articles ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("doc_id", "needle", "reason"), [
    ("abp-dmVoSc9FmgAoDv7L", "Slideshow (6 Images)", "slideshow marker"),
    ("abp-dmVoSc9FmgAoDv7L", "REUTERS/", "photo caption with a Reuters credit"),
    ("abp-mKzQO9xBCx0Bfl7Y", "By signing up, you agree to our Privacy Policy", "newsletter or sign-up offer"),
    ("abp-jm5o3uTdKsPC0LB8", "Enlarge this image toggle caption", "image caption toggle"),
    ("abp-U423KkgZFoI1m3V4", "FILE PHOTO:", "file photo caption"),
])
def test_furniture_lines_are_excluded_with_reason_and_exact_offsets(doc_id, needle, reason):
    r = article(doc_id)
    document = analysed(doc_id)
    text = r["text"]
    for x in document.excluded:
        assert text[x.start:x.end] == x.text and x.reason
    want = (text.index(needle), text.index(needle) + len(needle)) if reason == "slideshow marker" \
        else line_of(text, needle)
    assert any((x.start, x.end, x.reason) == (*want, reason) for x in document.excluded), \
        [(x.start, x.end, x.reason) for x in document.excluded]
    back = Document.from_json(json.loads(json.dumps(document.to_json())))
    assert back.excluded == document.excluded


@pytest.mark.parametrize("doc_id", ["abp-dmVoSc9FmgAoDv7L", "abp-mKzQO9xBCx0Bfl7Y", "abp-jm5o3uTdKsPC0LB8",
                                    "abp-q144b4Gye7B1YiLb", "abp-U423KkgZFoI1m3V4"])
def test_no_excluded_region_yields_an_actor_an_attribution_or_an_event(doc_id):
    document = analysed(doc_id)
    assert document.excluded
    nothing_from(document)
    names = [a.name.lower() for a in document.actors]
    assert not any(re.match(r"(slideshow|reuters/|you$|image|file photo|enlarge)", n) for n in names), names
    for span in document.spans():
        assert document.text[span.start:span.end] == span.text


def test_a_headline_is_its_own_sentence():
    """NPR puts the headline on the first line, with no full stop: it must not run into the lead."""
    r = article("abp-HydSBBCKFASH3J1m")
    text = r["text"]
    headline_end = text.index("\n")
    parsed = parse(text)
    first = next(iter(parsed.doc.sents))
    last_word = [t for t in first if not t.is_space][-1]
    assert parsed.omap(last_word.idx) < headline_end
    assert any(s.start_char > headline_end for s in parsed.doc.sents)
    document = analysed("abp-HydSBBCKFASH3J1m")
    for e in document.events:
        assert not (e.sentence.start < headline_end < e.sentence.end), e.sentence.text


def test_line_breaks_start_sentences_but_a_hard_wrap_does_not(nlp):
    doc = parse("Police Chief Warns Of Attacks\nThe city said on Monday that it would\nreopen the bridge.", nlp).doc
    starts = [s.text.strip() for s in doc.sents]
    assert starts[0] == "Police Chief Warns Of Attacks"
    assert starts[1].startswith("The city said") and "reopen the bridge" in starts[1]


def _crossing(document: Document) -> list[str]:
    """Contents that run over a blank line where the next paragraph does not continue a quote."""
    bad = []
    for q in document.attributions:
        for c in q.content:
            for m in re.finditer(r"\n\s*\n\s*", c.text):
                if c.text[m.end():m.end() + 1] not in "\"\u201c\u2018'\u00ab":
                    bad.append(c.text)
    return bad


@pytest.mark.parametrize("doc_id", ["abp-HydSBBCKFASH3J1m", "abp-jm5o3uTdKsPC0LB8", "abp-mKzQO9xBCx0Bfl7Y",
                                    "abp-dmVoSc9FmgAoDv7L"])
def test_no_content_runs_over_a_paragraph_break(doc_id):
    assert _crossing(analysed(doc_id)) == []


@pytest.mark.parametrize(("doc_id", "opening", "continuation"), [
    ("abp-cH3UNC2F1yo2NVKr", "has to be seen as a continuation", "What is this if not an act of aggression?"),
    ("abp-bM8LFwfzmQCxA1eC", "And that\u2019s deeply concerning.", "It\u2019s a remarkable disregard for the rule of law."),
])
def test_a_quote_continued_in_the_next_paragraph_stays_one_content(doc_id, opening, continuation):
    document = analysed(doc_id)
    spans = [c for q in document.attributions for c in q.content if opening in c.text]
    assert spans, [c.text for q in document.attributions for c in q.content]
    assert any(continuation in c.text and "\n\n" in c.text for c in spans), [c.text for c in spans]


def test_excluded_regions_survive_the_store(tmp_path):
    """The store keeps each document's JSON whole, so ``excluded`` reads back without a migration."""
    from reportage.store import Store

    document = analysed("abp-dmVoSc9FmgAoDv7L")
    store = Store(tmp_path / "s.duckdb")
    try:
        assert store.write_documents([document]) == 1
        back = store.get_document(document.id)
    finally:
        store.close()
    assert back == document.to_json()
    assert Document.from_json(back).excluded == document.excluded


def test_documents_written_before_the_field_still_read():
    old = {"schema": "reportage.document/1", "id": "old", "text": "The minister said so.", "actors": [],
           "attributions": [], "events": []}
    assert Document.from_json(old).excluded == []
