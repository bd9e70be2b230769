"""Recall on real-news prose (issue 10): acts news names that the coder used to miss, by rule.

Each rule is a CAMEO meaning, not a sentence: acts named by nouns under an aspect verb ("launched legal
action against", "began their assault on"), easing tariffs and sanctions (085), returning property
(0842), accepting demands (080), cutting aid (162), withdrawing peacekeepers (1661), pledging support
(051), agreeing a deal (057), summoning an envoy (111), opening borders to refugees (075), defending a
policy (052), "X is guilty of violating" (the adjective's subject did it), and "will not begin talks"
(a refusal). The sentences are written for these tests; the ones below them must code nothing of the
kind (dates are no pattern words, telling of an act is not doing it, nouns listed for their patterns
are no events alone).
"""

from __future__ import annotations

import pytest
from eventlib import named_events as _events

from reportage.events.lexicon import load_lexicon


@pytest.mark.parametrize("text, cameo, source, target", [
    # acts named by a noun under an aspect verb
    ("Poland launched legal action against the European Commission.", "115", "Poland", "European Union"),
    ("Germany launched a probe of the Russian bank.", "090", "Germany", "Russia"),
    ("Turkish forces began their assault on the Kurdish town of Afrin.", "190", "Turkish forces", "Afrin"),
    ("Iran launched cyber warfare against Saudi Arabia.", "190", "Iran", "Saudi Arabia"),
    ("Sudan's government declared a cessation of hostilities in Darfur.", "0871", "Sudan's government", None),
    # 08 yield: easing tariffs and sanctions, returning property, accepting demands
    ("Washington lifted tariffs on Canadian steel.", "085", "Washington", "Canada"),
    ("The United States reduced tariffs on Mexican goods.", "085", "United States", "Mexico"),
    ("Italy returned ancient artifacts to Greece.", "0842", "Italy", "Greece"),
    ("The Serbian government accepted the demands of the miners.", "080", "Serbian government", None),
    ("Syrian rebels laid down their arms in Aleppo.", "0873", "Syrian rebels", None),
    # 16 reduce relations: cutting aid, withdrawing peacekeepers
    ("Japan cut aid to Myanmar.", "162", "Japan", "Myanmar"),
    ("Britain reduced military aid to Egypt.", "1622", "United Kingdom", "Egypt"),
    ("India withdrew its peacekeepers from Lebanon.", "1661", "India", "Lebanon"),
    # 05 support: pledging support, agreeing a deal, defending a policy
    ("Japan pledged its full support for the Philippines.", "051", "Japan", "Philippines"),
    ("Canada and Mexico agreed a new trade deal.", "057", "Canada", "Mexico"),
    ("Obama defended his Iran policy on Monday.", "052", "Barack Obama", None),
    # 04 consult, 11 disapprove, 07 aid
    ("Putin met Erdogan in Sochi for talks.", "046", "Vladimir Putin", "Recep Tayyip Erdoğan"),
    ("France summoned the Italian ambassador on Friday.", "111", "France", None),
    ("Greece opened its borders to refugees.", "075", "Greece", None),
    # the doer of "guilty of ...": the adjective's subject
    ("Hamas was guilty of violating the truce with Israel.", "196", "Hamas", "Israel"),
])
def test_rule_codes_the_act(nlp, text, cameo, source, target):
    got = _events(text, nlp)
    hits = [g for g in got if g[0] == cameo]
    assert hits, (text, [g[:4] for g in got])
    assert any(g[2] == source for g in hits), (text, [g[:4] for g in hits])
    if target is not None:
        assert any(g[3] == target for g in hits), (text, [g[:4] for g in hits])


def test_future_refusal_of_an_event_noun(nlp):
    """'will not begin talks' is a refusal (12x), as 'will not negotiate' is, not a negated meeting."""
    got = _events("The Taliban said they will not begin talks with the Afghan government.", nlp)
    assert [(g[1], g[2], g[3], g[4].modality, g[4].negated) for g in got] == [
        ("REJECT", "Taliban", "Afghan government", "refusal", False)]


@pytest.mark.parametrize("text, plover", [
    ("The museum returned to normal hours on Monday.", "RETREAT"),  # no property returned
    ("The senators asked about the Russia probe.", "ACCUSE"),  # a probe named by its subject: no act
    ("The prosecutor offered an account of the assault on the embassy.", "THREATEN"),  # telling is not doing
    ("The Olympic games opened in Tokyo.", "COOPERATE"),  # games alone are no military exercise
    ("The minister was leery of providing weapons to the rebels.", "AID"),  # 'leery of' is no culpability
    ("Macron called Merkel on Saturday.", "REQUEST"),  # a date is no 'call on'
    ("The company reduced its costs.", "RETREAT"),  # nothing eased
    ("The court heard that the legal action had been filed.", "ACCUSE"),  # 'action' alone is no lawsuit
])
def test_no_event_of_the_rule(nlp, text, plover):
    got = _events(text, nlp, all_events=True)
    assert plover not in {g[1] for g in got}, (text, [g[:4] for g in got])


def test_recall_rules_are_data():
    lex = load_lexicon()
    assert lex.noun_defaults["action"] == "" and lex.noun_defaults["offensive"] == "190"
    assert lex.noun_defaults["games"] == "" and lex.noun_defaults["shipment"] == "072"
    assert ("artifact",) in lex.synsets["&property"]
    assert any(p.code == "0842" for p in lex.patterns["RETURN"])
