"""Pronoun doers of events agree with what they stand for: "it" and "they" are never one person."""

from __future__ import annotations

from reportage.pipeline import analyze


def _events(text: str) -> list[tuple[str, str | None]]:
    doc = analyze(text, published="2017-02-14")
    names = {a.id: a.name for a in doc.actors}
    return [(e.trigger.text, names.get(e.source)) for e in doc.events]


def test_they_under_a_person_who_speaks_is_not_that_person() -> None:
    got = _events("\u201cI have apologized to the president and the vice president, and they have accepted "
                  "my apology,\u201d Mr. Flynn said.")
    assert ("accepted", "Flynn") not in got
    assert ("apologized", "Flynn") in got  # "I" is the speaker


def test_it_under_a_state_that_speaks_is_that_state() -> None:
    assert ("expel", "Russia") in _events("Russia said it would expel two British diplomats.")
    assert ("prepared to strike", "Israel") in _events("Israel warns Russia it is prepared to strike weapon "
                                                        "shipments to Syria.")


def test_a_named_person_is_the_doer_not_whoever_names_them() -> None:
    # an apposition names the head's referent; a possessor or a title only describes the person
    assert _events("Putin's spokesman, Dmitry Peskov, criticized the sanctions.") == [("criticized", "Dmitry Peskov")]
    assert ("accused", "Michael Cohen") in _events("Trump's lawyer Michael Cohen accused the FBI of bias.")
    assert ("accused", "Donald Trump") not in _events("Trump's lawyer Michael Cohen accused the FBI of bias.")


def test_a_title_before_a_name_still_codes_the_doer() -> None:
    doc = analyze("Defense Secretary Robert McNamara asked the Joint Chiefs for a study.", published="1965-03-01")
    doers = [doc.actor(e.source) for e in doc.events if e.trigger.text == "asked"]
    assert doers and doers[0] is not None and (doers[0].code or "").startswith("USA")
