"""The events the founding example must show (issue 4), through reportage.pipeline.analyze."""

from __future__ import annotations

import pytest
from eventlib import EVERY_EVENT

from reportage.pipeline import analyze


@pytest.fixture(scope="module")
def doc(example_text, nlp):
    return analyze(example_text, nlp=nlp, published="2023-07-13")


def _code(doc, actor_id):
    actor = doc.actor(actor_id)
    return (actor.code or actor.country or "") if actor else ""


def _country(doc, actor_id):
    actor = doc.actor(actor_id)
    return (actor.country or (actor.code or "")[:3]) if actor else ""


def _show(doc):
    return [(e.cameo, _code(doc, e.source), _code(doc, e.target), e.trigger.text, e.negated, e.hedged)
            for e in doc.events]


def test_event_spans_are_exact_and_explained(doc, example_text):
    assert doc.events
    for e in doc.events:
        for sp in (e.trigger, e.sentence):
            assert example_text[sp.start:sp.end] == sp.text
        assert e.explanation.get("rule") and e.explanation.get("entry") and e.explanation.get("matched")
        assert e.quad_class in {1, 2, 3, 4} and e.goldstein is not None


def test_zelensky_criticizes_and_accuses_nato(doc):
    hits = [e for e in doc.events if e.cameo[:3] in {"111", "112"} and _code(doc, e.source) == "UKRGOV"
            and _code(doc, e.target).startswith("IGOWSTNAT")]
    assert {e.cameo[:3] for e in hits} == {"111", "112"}, _show(doc)


def test_putin_pessimistic_about_ukraine_membership(doc):
    hits = [e for e in doc.events if e.cameo == "012" and _code(doc, e.source) == "RUSGOV"
            and _country(doc, e.target) == "UKR"]
    assert hits, _show(doc)
    assert all(e.attribution is not None or e.explanation.get("attribution") for e in hits)


def test_russia_intends_to_negotiate_security_guarantees_not_hedged(doc):
    hits = [e for e in doc.events if e.cameo.startswith("036") and _country(doc, e.source) == "RUS"
            and _country(doc, e.target) == "UKR"]
    assert hits, _show(doc)
    assert all(not e.hedged and not e.negated for e in hits)
    assert all(e.plover == "AGREE" for e in hits)


def test_nato_asks_zelensky_to_control_himself_hedged(doc):
    hits = [e for e in doc.events if e.cameo[:2] in {"02", "10"} and _code(doc, e.source).startswith("IGOWSTNAT")
            and _code(doc, e.target) == "UKRGOV"]
    assert hits, _show(doc)
    assert all(e.hedged and e.plover == "REQUEST" for e in hits)
    assert hits[0].trigger.text.startswith("asked")


@pytest.fixture(scope="module")
def all_doc(example_text, nlp):
    return analyze(example_text, nlp=nlp, published="2023-07-13", settings=EVERY_EVENT)


def test_biden_absence_is_not_attendance(doc, all_doc):
    assert not [e for e in doc.events if "participate" in e.trigger.text], "a negated act is not emitted by default"
    doc = all_doc  # --all-events keeps it, negated and below the threshold
    biden = [e for e in doc.events if _code(doc, e.source) == "USAGOV" and "participate" in e.trigger.text]
    assert biden, _show(doc)
    assert all(e.explanation.get("below_threshold") for e in biden)
    assert all(e.negated or e.cameo.startswith("16") for e in biden)
    assert any(_code(doc, e.target).startswith("IGOWSTNAT") for e in biden), "the NATO dinner names NATO"
    assert not [e for e in doc.events if _code(doc, e.source) == "USAGOV" and e.cameo[:2] == "04"
                and not e.negated]


def test_supply_of_missiles_and_tanks_is_military_aid_to_ukraine(doc):
    hits = [e for e in doc.events if e.cameo.startswith("072") and _country(doc, e.target) == "UKR"]
    assert hits, _show(doc)
    assert all(e.source is None or _code(doc, e.source).startswith(("IGOWST", "WST")) for e in hits)
    assert hits[0].plover == "AID" and hits[0].quad_class == 2
