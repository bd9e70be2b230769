"""Acts a sentence names but does not assert (issue 10, modality3): forecasts of an ongoing act,
hypothetical speech, wishes for another party's act, other people's doubts, conjectures, conditions
without 'if' and the purpose of an act done to someone.

The sentences are written for these tests in the style of wire copy; each kind has an asserted twin
that must still code, so a rule that silenced every event would fail.
"""

from __future__ import annotations

from eventlib import EVERY_EVENT

from reportage.pipeline import analyze


def _events(text: str, all_events: bool = False) -> list[tuple[str, str, str | None, str | None, str | None]]:
    """(trigger, code, modality, source name, target name) of each event the coder emits."""
    settings = EVERY_EVENT if all_events else None
    doc = analyze(text, published="2019-06-14", settings=settings)
    names = {a.id: a.name for a in doc.actors}
    return [(e.trigger.text, e.cameo, e.modality, names.get(e.source or ""), names.get(e.target or ""))
            for e in doc.events]


def _with(text: str, word: str, all_events: bool = False) -> list[tuple[str, str, str | None, str | None, str | None]]:
    return [e for e in _events(text, all_events) if word in e[0]]


def test_will_continue_to_is_a_forecast_like_will() -> None:
    got = _with("Russia will continue to seize Ukrainian ships in the Sea of Azov.", "seize")
    assert got and all(m == "threat" for _, _, m, _, _ in got)  # as "Russia will seize ..."
    assert [m for _, _, m, _, _ in _with("Russia will seize Ukrainian ships in the Sea of Azov.", "seize")] == ["threat"]
    got = _with("The United States will continue to impose sanctions on Iran.", "impose")
    assert got and all(m == "threat" for _, _, m, _, _ in got)
    # the ongoing act told in the past stays asserted
    got = _with("Iran has continued to seize tankers in the Gulf.", "seize")
    assert got and all(m is None for _, _, m, _, _ in got)


def test_a_speech_verb_under_would_says_nothing_yet() -> None:
    assert not _with("The Justice Department would surely argue that the agencies should defer to Congress.", "defer")
    marked = _with("China would surely argue that the United States violated the agreement.", "violated", True)
    assert marked and all(m == "hypothetical" for _, _, m, _, _ in marked)
    assert _with("China argued that the United States violated the agreement.", "violated")


def test_the_gerund_under_a_verb_of_stopping_is_not_done() -> None:
    text = "Germany will discontinue selling weapons to Saudi Arabia."
    assert not _with(text, "selling")
    assert _with("Germany is selling weapons to Saudi Arabia.", "selling")


def test_a_for_to_clause_is_a_wish_for_another_party() -> None:
    text = "Many Americans cheered for Russia to join the West after the Cold War."
    assert not _with(text, "join")
    marked = _with(text, "join", True)
    assert marked and all(m == "hypothetical" for _, _, m, _, _ in marked)
    assert _with("Russia joined the West in sanctioning Iran.", "join")


def test_another_partys_doubt_is_not_the_doers_intent() -> None:
    text = "Experts expressed skepticism that Pyongyang will abandon its nuclear weapons."
    marked = _with(text, "abandon", True)
    assert marked and all(m == "hypothetical" for _, _, m, _, _ in marked)
    got = _with("Pyongyang will abandon its nuclear weapons.", "abandon")
    assert got and all(m == "intent" for _, _, m, _, _ in got)


def test_a_conjecture_or_a_need_is_not_done() -> None:
    text = "The column was suggesting that China would need to cooperate with the United States on North Korea."
    assert not _with(text, "cooperate")
    assert not _with("China will have to cooperate with the United States on North Korea.", "cooperate")
    assert _with("China cooperated with the United States on North Korea.", "cooperate")
    # a leader hinting at his own country's plan is not a conjecture on another party
    got = _with("President Donald Trump suggested on Saturday that the United States will be meeting with North "
                "Korea.", "meeting")
    assert got and all(m == "intent" for _, _, m, _, _ in got)


def test_an_inverted_condition_keeps_its_subjects_and_is_conditional() -> None:
    text = ("Just look at his threats in recent months to withdraw the United States from the trade pact should "
            "Japan and Korea not quickly agree to changes his administration is demanding.")
    got = _events(text, True)
    assert not [e for e in got if e[0] == "withdraw" and e[3] in {"Japan", "Korea"}]
    agreed = [e for e in got if e[0] == "agree"]
    assert agreed and all(m == "conditional" for _, _, m, _, _ in agreed)
    refused = _with("Turkey will expel the Dutch ambassador should the Netherlands refuse to apologize.",
                    "apologize", True)
    assert refused and all(m == "conditional" for _, _, m, _, _ in refused)
    # the main clause's act and an asserted twin still code
    assert _with("Turkey expelled the Dutch ambassador after the Netherlands refused to apologize.", "expel")
    assert [m for _, _, m, _, _ in _with("Should Tehran attack American forces, Washington will retaliate.",
                                          "retaliate")] == ["threat"]


def test_the_purpose_of_an_act_done_to_someone_is_not_theirs() -> None:
    text = ("Special forces captured Ahmed Salim near Benghazi. He was taken to a Navy ship, questioned "
            "there and brought to Virginia to face trial.")
    assert not [e for e in _events(text, True) if e[0] == "face" and e[3] is not None]
    assert _with("Special forces captured Ahmed Salim near Benghazi.", "captured")
