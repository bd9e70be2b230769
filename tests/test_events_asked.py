"""Acts that were asked for, or said to be needed, are not reported as done."""

from __future__ import annotations

from eventlib import EVERY_EVENT

from reportage.pipeline import analyze


def _events(text: str, all_events: bool = False) -> list[tuple[str, str | None]]:
    settings = EVERY_EVENT if all_events else None
    doc = analyze(text, published="2015-07-14", settings=settings)
    return [(e.trigger.text, e.modality) for e in doc.events]


def test_an_act_two_infinitives_below_an_appeal_is_not_done() -> None:
    text = ("Kerry called on Russia and Iran to use their influence over Assad to convince him to "
            "negotiate a political transition.")
    got = _events(text)
    assert ("called", None) in got  # the appeal itself is the event
    assert not [t for t, _ in got if t.startswith("negotiate")]
    kept = [(t, m) for t, m in _events(text, all_events=True) if t.startswith("negotiate")]
    assert kept and all(m == "hypothetical" for _, m in kept)
    # the appeal's own infinitive composes with it, as before
    assert ("urged Ukraine to negotiate", "appeal") in _events("Russia urged Ukraine to negotiate with the rebels.")


def test_a_verb_joined_to_a_modal_verb_shares_its_modal() -> None:
    got = _events("He said the United States should demand compliance but also impose new sanctions on Iran.")
    assert not [t for t, m in got if t.startswith("impose") and m is None]
    with_all = _events("He said the United States should demand compliance but also impose new sanctions on Iran.",
                       all_events=True)
    assert [m for t, m in with_all if t.startswith("impose")] in ([], ["obligation"])
    assert [t for t, _ in _events("The United States imposed new sanctions on Iran.") if t.startswith("imposed")]
