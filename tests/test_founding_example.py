"""What `reportage analyze` must show on the founding example (issue: the core)."""

from __future__ import annotations

import pytest

from reportage.pipeline import analyze


@pytest.fixture(scope="module")
def doc(example_text, nlp):
    return analyze(example_text, doc_id="putin-nato-sachkhabrain", nlp=nlp)


def _by_cue(doc, start_of_content: str):
    for a in doc.attributions:
        if a.content and a.content[0].text.startswith(start_of_content):
            return a
    raise AssertionError(f"no attribution whose content starts with {start_of_content!r}")


def _name(doc, att):
    actor = doc.actor(att.speaker)
    return actor.name if actor else None


def test_offsets_hold(doc, example_text):
    for span in doc.spans():
        assert example_text[span.start:span.end] == span.text


def test_colon_quotes_attributed_to_putin_with_full_extent(doc):
    first = _by_cue(doc, "We have talked and repeated many times")
    assert _name(doc, first) == "Vladimir Putin"
    assert first.content[0].text.endswith("I am sure that this issue will not increase the security of Ukraine.")
    second = _by_cue(doc, "We have said many times")
    assert _name(doc, second) == "Vladimir Putin"
    assert second.source.text == "He"
    assert second.content[0].text.endswith("should not pose a threat to another country.")
    third = _by_cue(doc, "Regarding the supply of weapons")
    assert _name(doc, third) == "Vladimir Putin"
    assert third.content[0].text.endswith("tanks and armored vehicles made abroad.")
    for att in (first, second, third):
        assert att.kind == "direct"


def test_russian_president_resolved_to_putin(doc):
    att = _by_cue(doc, "that Ukraine has the right to security guarantees")
    assert att.source.text == "The Russian president"
    assert _name(doc, att) == "Vladimir Putin"


def test_according_to_putin(doc):
    att = _by_cue(doc, "Moscow is not opposed to discussing")
    assert att.kind == "according_to"
    assert _name(doc, att) == "Vladimir Putin"


def test_first_sentence_via_sputnik(doc):
    putin = _by_cue(doc, "that Ukraine\u2019s possible membership does not create")
    assert _name(doc, putin) == "Vladimir Putin"
    sputnik = doc.attribution(putin.via)
    assert sputnik is not None and _name(doc, sputnik) == "Sputnik"
    assert sputnik.kind == "according_to"


@pytest.mark.parametrize("start", ["that the US delegation to the NATO summit", "that the leaders of the alliance asked"])
def test_hedged_without_speaker(doc, start):
    att = _by_cue(doc, start)
    assert att.kind == "hedged"
    assert att.speaker is None


def test_zelensky_criticism_and_partial_quote(doc):
    said = _by_cue(doc, "it was \u201cunprecedented and ridiculous\u201d")
    assert said.kind == "mixed"
    accused = [a for a in doc.attributions if a.content and "doubting about Ukraine" in a.content[0].text]
    assert accused and _name(doc, accused[0]) == "Volodymyr Zelensky"
    assert _name(doc, said) == "Volodymyr Zelensky"
    zelensky = doc.actor(said.speaker)
    texts = {m.text for m in zelensky.mentions}
    assert {"Volodymyr Zelensky", "Zelenskiy"} <= texts, "both spellings are one actor"
