"""Each attribution construction on short sentences written for these tests.

The rules are tested with every act reported (as ``eval polnear`` runs them); what the default
reports (speech and writing as propositions) is tested in test_speech.py.
"""

from __future__ import annotations

import pytest

from reportage.attribution import reported_acts
from reportage.pipeline import analyze


def _atts(text: str, nlp):
    with reported_acts(None):
        doc = analyze(text, nlp=nlp)
    for span in doc.spans():
        assert text[span.start:span.end] == span.text
    return doc


def _speaker(doc, att):
    actor = doc.actor(att.speaker)
    return actor.name if actor else None


def _one(doc, cue: str):
    found = [a for a in doc.attributions if a.cue and a.cue.text == cue]
    assert found, f"no attribution with cue {cue!r}: {[a.to_json() for a in doc.attributions]}"
    return found[0]


def test_direct_quote_before_cue(nlp):
    text = '"The budget will pass next week," Senator Maria Lopez said on Tuesday.'
    doc = _atts(text, nlp)
    att = _one(doc, "said")
    assert att.kind == "direct"
    assert att.content[0].text == '"The budget will pass next week,"'
    assert _speaker(doc, att) == "Maria Lopez"


def test_direct_quote_after_colon_cue_with_curly_quotes(nlp):
    text = "The minister told reporters: \u201cWe will not sign this agreement. It is unfair.\u201d Then he left."
    doc = _atts(text, nlp)
    att = _one(doc, "told")
    assert att.kind == "direct"
    assert att.content[0].text == "\u201cWe will not sign this agreement. It is unfair.\u201d"


def test_inverted_said_x_and_continuation(nlp):
    text = ('"Prices are falling," said Anna Berg, the central bank governor. '
            '"We expect inflation to reach the target by spring and stay there for a while."')
    doc = _atts(text, nlp)
    att = _one(doc, "said")
    assert _speaker(doc, att) == "Anna Berg"
    assert len(att.content) == 2, "the second quote continues the same speaker"
    assert att.content[1].text.startswith('"We expect inflation')


def test_quote_running_over_paragraphs(nlp):
    text = ('Mayor John Carter said: "The bridge will reopen in May.\n\n'
            '"Until then, buses will replace the trams on the north side of the city."\n\nOthers disagreed.')
    doc = _atts(text, nlp)
    att = _one(doc, "said:")
    joined = " ".join(c.text for c in att.content)
    assert "bridge will reopen" in joined and "buses will replace the trams" in joined
    assert "Others disagreed" not in joined


def test_colon_speech_without_quote_marks_runs_to_paragraph_end(nlp):
    text = ("Prime Minister Erik Sand stated: We have waited long enough. The talks have failed. "
            "Our patience is over.\nThe opposition walked out.")
    doc = _atts(text, nlp)
    att = _one(doc, "stated:")
    assert att.kind == "direct"
    assert att.content[0].text == "We have waited long enough. The talks have failed. Our patience is over."
    assert _speaker(doc, att) == "Erik Sand"


def test_indirect_speech_with_that_clause(nlp):
    text = "Defence Minister Karl Weiss warned that the army would respond to any incursion."
    doc = _atts(text, nlp)
    att = _one(doc, "warned")
    assert att.kind == "indirect"
    assert att.content[0].text == "that the army would respond to any incursion"
    assert att.source.text.endswith("Karl Weiss")


def test_partial_quote_inside_reported_speech_is_mixed(nlp):
    text = 'Senator Paul Grant said the proposal was "dead on arrival" in its current form.'
    doc = _atts(text, nlp)
    att = _one(doc, "said")
    assert att.kind == "mixed"
    assert '"dead on arrival"' in att.content[0].text


def test_according_to_with_chain(nlp):
    text = "According to Reuters, Foreign Minister Lena Holm said that the border would stay closed."
    doc = _atts(text, nlp)
    outer = _one(doc, "According to")
    inner = _one(doc, "said")
    assert outer.kind == "according_to"
    assert _speaker(doc, outer) == "Reuters"
    assert inner.via == outer.id
    assert inner.content[0].text == "that the border would stay closed"


def test_x_reported_as_source(nlp):
    text = "The Daily Courier reported that the factory would close in March."
    doc = _atts(text, nlp)
    att = _one(doc, "reported")
    assert att.source.text == "The Daily Courier"
    assert att.content[0].text == "that the factory would close in March"


@pytest.mark.parametrize("text, cue", [
    ("It is said that the minister will resign before the summer.", "is said"),
    ("There were reports that the convoy had been attacked near the border.", "were reports"),
])
def test_hedged_impersonal(nlp, text, cue):
    doc = _atts(text, nlp)
    att = _one(doc, cue)
    assert att.kind == "hedged"
    assert att.speaker is None


def test_hedged_reportedly(nlp):
    text = "The general reportedly ordered the troops back to their barracks."
    doc = _atts(text, nlp)
    att = _one(doc, "reportedly")
    assert att.kind == "hedged" and att.speaker is None
    assert "ordered the troops back" in att.content[0].text


@pytest.mark.parametrize("text, cue", [
    ("Sources said that the deal was almost done.", "said"),
    ("Officials who asked not to be named said the talks had stalled.", "said"),
])
def test_hedged_anonymous_sources(nlp, text, cue):
    doc = _atts(text, nlp)
    att = _one(doc, cue)
    assert att.kind == "hedged"
    assert att.speaker is None


def test_pronoun_resolved_to_previous_person(nlp):
    text = ("Chancellor Olaf Brandt met the striking workers on Monday. "
            "He said that their demands were fair.")
    doc = _atts(text, nlp)
    att = _one(doc, "said")
    assert att.source.text == "He"
    assert _speaker(doc, att) == "Olaf Brandt"
    actor = doc.actor(att.speaker)
    assert any(m.text == "He" for m in actor.mentions), "the pronoun is recorded as a mention of the actor"


def test_description_resolved_to_titled_name(nlp):
    text = ("Brazilian President Luiz Inacio Lula da Silva arrived in Rome on Friday. "
            "The Brazilian president said that trade would top the agenda.")
    doc = _atts(text, nlp)
    att = _one(doc, "said")
    assert _speaker(doc, att) is not None
    assert "Lula" in _speaker(doc, att)


def test_speech_inside_a_quote_is_not_a_second_attribution(nlp):
    text = '"I think we will win, and I believe the voters know it," Governor Ann Price said.'
    doc = _atts(text, nlp)
    assert [a.cue.text for a in doc.attributions if a.cue] == ["said"]


def test_no_attribution_without_cue_or_quote(nlp):
    doc = _atts("The river flooded three villages after a week of heavy rain.", nlp)
    assert doc.attributions == []


def test_parenthetical_cue_splits_its_content(nlp):
    text = "The new plant, Governor Ruth Allen said, will employ four hundred people."
    doc = _atts(text, nlp)
    att = _one(doc, "said")
    joined = " ".join(c.text for c in att.content)
    assert "The new plant" in joined and "will employ four hundred people" in joined
    assert "Ruth Allen" in (_speaker(doc, att) or "")


def test_quote_signed_after_a_dash(nlp):
    text = "\u201cThe council ignored us for ten years and now it wants our votes.\u201d \u2015 Maria Ortega\n"
    doc = _atts(text, nlp)
    att = _one(doc, "\u2015")
    assert att.kind == "direct"
    assert att.source.text == "Maria Ortega"


def test_transcript_speaker_turn(nlp):
    text = ("HOLT: Senator, do you support the new tariff on steel imports?\n\n"
            "BAKER: No. It will raise prices for every family in this state.")
    doc = _atts(text, nlp)
    turns = [a for a in doc.attributions if a.rule == "transcript speaker turn"]
    assert [a.source.text for a in turns] == ["HOLT", "BAKER"]
    assert turns[1].content[0].text == "No. It will raise prices for every family in this state."


def test_leader_description_resolved_through_the_knowledge_base(nlp):
    text = ("Ukrainian President Volodymyr Zelensky met the German chancellor in Berlin on Monday. "
            "The Ukrainian leader said that more air defence was needed.")
    doc = analyze(text, published="2023-05-15", nlp=nlp)
    att = _one(doc, "said")
    assert att.source.text == "The Ukrainian leader"
    assert _speaker(doc, att) == "Volodymyr Zelensky"
    assert doc.actor(att.speaker).code == "UKRGOV"


def test_poll_as_source_after_in(nlp):
    text = "In the latest Gallup poll, the governor leads her rival by six points."
    doc = _atts(text, nlp)
    att = _one(doc, "In")
    assert att.source.text == "the latest Gallup poll"
    assert att.content[0].text == "the governor leads her rival by six points"
