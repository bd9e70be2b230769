"""One mentions resolver for attribution and events: pronouns agree in gender and number, descriptions
resolve to the actor the article introduced, and the actor table is used through its typed interface."""

from __future__ import annotations

import pytest

from reportage.pipeline import analyze

PELOSI = """House Speaker Nancy Pelosi met Saudi Foreign Minister Adel al-Jubeir in Washington on Tuesday. \
Mr Jubeir said the kingdom would cooperate with the inquiry. She added that Congress would not wait."""

MAY = """Mrs May met Leo Varadkar in Dublin on Friday. Mr Varadkar said the border would stay open. \
She said Britain would leave in March."""

EVENTS = """Ms Merkel met Mr Macron in Berlin on Monday. She criticised Russia over the poisoning."""

DESCRIPTIONS = """Chinese foreign ministry spokesman Geng Shuang told reporters the talks would go on. \
The spokesman said China wanted a fair deal.

The Syrian army shelled rebel positions near Idlib. The army said it had killed dozens of fighters."""


@pytest.fixture(scope="module")
def docs():
    return {name: analyze(text, published="2018-11-20") for name, text in
            [("pelosi", PELOSI), ("may", MAY), ("events", EVENTS), ("descriptions", DESCRIPTIONS)]}


def _actor(doc, surface):
    for a in doc.actors:
        if any(m.text == surface for m in a.mentions):
            return a
    raise AssertionError(f"no actor mentioned as {surface!r}: {[(a.name, [m.text for m in a.mentions]) for a in doc.actors]}")


def _speaker(doc, source):
    q = next(q for q in doc.attributions if q.source is not None and q.source.text == source)
    return next((a for a in doc.actors if a.id == q.speaker), None)


def test_she_is_not_the_man_named_last(docs):
    d = docs["pelosi"]
    assert _speaker(d, "She") is _actor(d, "Nancy Pelosi")
    assert _speaker(d, "Mr Jubeir") is _actor(d, "Adel al-Jubeir")


def test_she_skips_the_man_and_reaches_the_woman(docs):
    d = docs["may"]
    assert _speaker(d, "She") is _actor(d, "May")


def test_events_use_the_same_pronoun_resolution(docs):
    d = docs["events"]
    merkel = _actor(d, "Merkel")
    assert _actor(d, "Macron") is not merkel
    criticise = [e for e in d.events if e.trigger.text == "criticised"]
    assert criticise and criticise[0].source == merkel.id


def test_descriptions_resolve_to_the_introduced_actor(docs):
    d = docs["descriptions"]
    geng = _actor(d, "Geng Shuang")
    assert _actor(d, "The spokesman") is geng and _speaker(d, "The spokesman") is geng
    army = _actor(d, "Syrian army")
    assert army.code == "SYRMIL" and _actor(d, "The army") is army


def test_actor_table_interface():
    from reportage.actors.resolve import resolve_actors
    from reportage.mentions import Mentions
    from reportage.pipeline import parse

    parsed = parse(PELOSI)
    table = resolve_actors(parsed.doc, parsed.text, parsed.omap, "2018-11-20")
    jubeir = table.actor_at(*_span(parsed.text, "Adel al-Jubeir"))
    pelosi = table.actor_at(*_span(parsed.text, "Nancy Pelosi"))
    assert table.by_id(jubeir.id) is jubeir and table.by_id("A999") is None
    assert table.gender(jubeir) == "male"  # "Mr Jubeir"
    assert table.gender(pelosi) in ("", "female")
    version = table.version
    she = next(t for t in parsed.doc if t.text == "She")
    assert Mentions(parsed.doc, parsed.omap, table).pronoun(she) is pelosi
    assert table.version > version  # the pronoun became Pelosi's mention
    assert any(m.text == "She" for m in pelosi.mentions)


def _span(text, phrase):
    i = text.index(phrase)
    return i, i + len(phrase)
