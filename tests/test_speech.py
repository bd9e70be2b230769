"""What the default reports: speech and writing a journalist would sign as quotes, not topics or intentions.

Each false-positive class seen on general news (issue 11) on a sentence of the kind it came from,
and true quotes that must survive. ``eval polnear`` still counts every act (test_attribution.py).
"""

from __future__ import annotations

import pytest

from reportage.attribution import parse_acts, reported_acts
from reportage.document import Attribution, Document
from reportage.pipeline import analyze


def _doc(text: str, nlp, acts: str = "speech,writing") -> Document:
    with reported_acts(parse_acts(acts)):
        doc = analyze(text, nlp=nlp, published="2020-01-16")
    for span in doc.spans():
        assert text[span.start:span.end] == span.text
    return doc


def _cues(doc: Document) -> list[str]:
    return [a.cue.text if a.cue else "" for a in doc.attributions]


def _speaker(doc: Document, att: Attribution) -> str | None:
    actor = doc.actor(att.speaker)
    return actor.name if actor else None


# ----- false positives: none of these is a quote by default ---------------------------------------

@pytest.mark.parametrize("text", [
    # topic: verb + object / infinitive / prepositional phrase
    "Management will meet with employees next week to discuss issues raised by the union.",
    "Commenting on the attack, the mayor praised the emergency services.",
    "The senator talked about the economy for an hour.",
    # intention
    "The government wanted a quick deal and sought support from its allies.",
    "The company aims to finish the plant by June.",
    "The board decided to close two factories.",
    "The president has refused to bow to pressure from the opposition.",
    # knowledge: non-speech verbs with a clause
    "Another study found that in about 30 per cent of cases the disease returned.",
    "Investigators knew that the bridge was unsafe.",
    "The data showed that prices rose sharply in March.",
    "Neighbours heard that the factory would close.",
    # belief
    "Many voters hope that the election will bring change.",
    # negated cue
    "The minister did not mention the sanctions in his speech on Monday.",
    # naming, not speech
    "Abu Bakr al-Baghdadi, also known as Caliph Ibrahim, led the group for years.",
])
def test_not_a_quote(text, nlp):
    doc = _doc(text, nlp)
    assert doc.attributions == [], [a.to_json() for a in doc.attributions]


def test_nested_belief_is_not_a_second_quote(nlp):
    doc = _doc("Zarif said he hoped the talks would resume soon.", nlp)
    assert _cues(doc) == ["said"]
    assert doc.attributions[0].content[0].text == "he hoped the talks would resume soon"


def test_nested_belief_kept_under_the_speech_with_all_acts(nlp):
    doc = _doc("Zarif said he hoped the talks would resume soon.", nlp, acts="all")
    said = next(a for a in doc.attributions if a.cue and a.cue.text == "said")
    hoped = next(a for a in doc.attributions if a.cue and a.cue.text == "hoped")
    assert (said.act, hoped.act) == ("speech", "belief")
    assert hoped.via == said.id


@pytest.mark.parametrize("line", ["FILE PHOTO: Soldiers stand guard near the border in Kiev on March 3.",
                                  "WATCH: Firefighters battle the blaze in the hills above the city.",
                                  "ANALYST'S TAKE: The market will rise again next year."])
def test_layout_line_is_not_a_colon_quote(line, nlp):
    doc = _doc(line + "\n\nThe fire spread overnight across the valley.", nlp)
    assert doc.attributions == [], [a.to_json() for a in doc.attributions]


# ----- true quotes that must survive ---------------------------------------------------------------

def test_quote_before_cue_names_its_speaker(nlp):
    doc = _doc('"You can see his impact on every play," DeBoer said.', nlp)
    (att,) = doc.attributions
    assert att.act == "speech" and att.kind == "direct"
    assert _speaker(doc, att) == "DeBoer"


def test_indirect_speech_and_according_to(nlp):
    text = ("The general warned that the army would respond to any attack. "
            "According to the ministry, 40 people were killed in the blast.")
    doc = _doc(text, nlp)
    assert _cues(doc) == ["warned", "According to"]
    assert [a.act for a in doc.attributions] == ["speech", "speech"]


def test_writing_is_reported(nlp):
    doc = _doc("The governor wrote that the budget was balanced.", nlp)
    (att,) = doc.attributions
    assert att.act == "writing" and att.content[0].text == "that the budget was balanced"


def test_continuing_quote_keeps_its_speaker(nlp):
    text = ('Prime Minister Justin Trudeau spoke in Ottawa on Monday. "We are not going anywhere," he said. '
            '"This is our home and we will stay."')
    doc = _doc(text, nlp)
    (att,) = doc.attributions
    assert len(att.content) == 2 and _speaker(doc, att) == "Justin Trudeau"


def test_partial_quote_in_a_slot_is_kept(nlp):
    doc = _doc('The minister accused NATO of "doubting the will of our people".', nlp)
    (att,) = doc.attributions
    assert att.cue.text == "accused" and att.kind in ("direct", "mixed")


def test_colon_speech_survives(nlp):
    doc = _doc("Putin stated: We have talked about this for years and nothing has changed.", nlp)
    (att,) = doc.attributions
    assert att.kind == "direct" and att.content[0].text.startswith("We have talked")


# ----- the option ------------------------------------------------------------------------------------

def test_all_acts_keeps_beliefs_and_topics(nlp):
    doc = _doc("Another study found that in about 30 per cent of cases the disease returned.", nlp, acts="all")
    assert [a.act for a in doc.attributions] == ["knowledge"]


def test_acts_option_selects(nlp):
    doc = _doc("Many voters hope that the election will bring change.", nlp, acts="speech,belief")
    assert [a.act for a in doc.attributions] == ["belief"]


def test_unknown_act_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown act gossip"):
        parse_acts("speech,gossip")


def test_act_round_trips_in_json():
    att = Attribution(id="Q1", kind="indirect", speaker=None, source=None, cue=None, content=[], act="belief")
    assert Attribution.from_json(att.to_json()).act == "belief"
    old = att.to_json()
    del old["act"]
    assert Attribution.from_json(old).act == "speech"  # documents written before the field existed


# ----- quotes that are titles or scare quotes, and speakers ---------------------------------------

def test_scare_quote_beside_a_cue_is_not_speech(nlp):
    doc = _doc('A safe haven was set up, and "no-fly" zones were maintained in the north.', nlp)
    assert doc.attributions == [], [a.to_json() for a in doc.attributions]


def test_quote_inside_the_sentence_flow_is_a_title(nlp):
    text = ('The Monitor explored what can be done to "break the revenge cycle in the region for good" '
            'after several rounds of fighting.')
    doc = _doc(text, nlp)
    assert doc.attributions == [], [a.to_json() for a in doc.attributions]


def test_name_in_apposition_is_the_speaker(nlp):
    doc = _doc("His chief economic adviser, Larry Kudlow, told CNN that negotiators still plan to meet.", nlp)
    (att,) = doc.attributions
    assert _speaker(doc, att) == "Larry Kudlow"


def test_source_never_crosses_a_line_break(nlp):
    text = "Photo: Getty Images\n\nSenator Maria Lopez said the budget would pass next week."
    doc = _doc(text, nlp)
    (att,) = doc.attributions
    assert "\n" not in att.source.text and att.source.text.endswith("Maria Lopez")


def test_quoted_title_in_a_slot_is_a_topic(nlp):
    doc = _doc('Trump wrote two tweets referring to a story discussed on "Fox & Friends."', nlp)
    assert [a.cue.text for a in doc.attributions if a.cue] == [], [a.to_json() for a in doc.attributions]


def test_what_was_done_in_a_speech_is_not_a_quote(nlp):
    doc = _doc("He noted the cost of the alliance, as he did in his Cleveland speech last summer.", nlp)
    assert all(a.rule != "'in' + speech as source" for a in doc.attributions), [a.to_json() for a in doc.attributions]


def test_topic_headline_is_not_a_colon_quote(nlp):
    doc = _doc("Iraq: More than 1,000 soldiers MIA\n\nBrexit: Deal or no deal? Or no breakup at all?", nlp)
    assert doc.attributions == [], [a.to_json() for a in doc.attributions]


def test_person_headline_is_a_colon_quote(nlp):
    doc = _doc("Putin: NATO membership will not increase Ukraine's security.", nlp)
    (att,) = doc.attributions
    assert _speaker(doc, att) == "Vladimir Putin"


def test_reported_question_is_not_a_quote(nlp):
    doc = _doc("White House spokesman Sean Spicer was asked whether the strikes set back efforts to work with Russia.",
               nlp)
    assert doc.attributions == [], [a.to_json() for a in doc.attributions]
    doc = _doc("Reporters asked Trump whether the tariffs would stay in place through the summer.", nlp)
    assert doc.attributions == [], [a.to_json() for a in doc.attributions]


def test_participle_after_a_quoted_phrase_is_not_its_speaker(nlp):
    doc = _doc('He pushed for a "true, European army," highlighting the potential threat of Russia.', nlp)
    assert doc.attributions == [], [a.to_json() for a in doc.attributions]


# ----- layout: no content crosses a line break, no cue inside a layout line -----------------------

def test_section_header_is_not_part_of_the_content(nlp):
    text = "ANALYST'S TAKE\n\nThe market will rise again next year, said John Smith, an economist at the bank."
    doc = _doc(text, nlp)
    (att,) = doc.attributions
    assert att.content[0].text == "The market will rise again next year" and _speaker(doc, att) == "John Smith"


def test_furniture_line_before_a_quote_is_not_its_content(nlp):
    text = ('"We are ready for the talks and we will be there," he said.\n\nStory continues below advertisement\n\n'
            '"The deal must be fair to both sides of the table," he added.')
    doc = _doc(text, nlp)
    assert all("Story continues" not in c.text for a in doc.attributions for c in a.content)
    assert [a.kind for a in doc.attributions] == ["direct", "direct"]


@pytest.mark.parametrize("acts", ["speech,writing", "all"])
def test_cue_in_a_watch_line_is_not_prose(acts, nlp):
    doc = _doc("WATCH: Trump says the deal is dead\n\nThe talks resumed on Monday in Geneva.", nlp, acts=acts)
    assert doc.attributions == [], [a.to_json() for a in doc.attributions]


def test_source_after_a_quote_has_no_quote_mark(nlp):
    doc = _doc('"He is the best player I have ever coached," DeBoer, the head coach, said.', nlp)
    (att,) = doc.attributions
    assert att.source.text.startswith("DeBoer") and _speaker(doc, att) == "DeBoer"


def test_subject_misread_as_content_is_not_a_quote(nlp):
    doc = _doc("The American imprisoned in Iran, in a vivid letter to his wife, described how he was beaten in prison.",
               nlp)
    assert all(c.text != "The American imprisoned in Iran" for a in doc.attributions for c in a.content)
