"""A name the base holds twice: the person in office on the article's day is the one the news means."""

from __future__ import annotations

from reportage.actors.kb import load_kb
from reportage.actors.resolve import in_office_namesake
from reportage.pipeline import analyze


def _codes(text: str, day: str) -> dict[str, str | None]:
    return {a.name: a.code for a in analyze(text, published=day).actors}


def test_a_bare_name_is_the_namesake_in_office_that_day() -> None:
    # the base has a "John Kelly" (Turks and Caicos governor, 1996-2000) and "John F. Kelly" (US, 2017-2019)
    assert _codes("John Kelly said the talks were useful.", "2018-01-10") == {"John F. Kelly": "USAGOV"}
    # in 1998 the governor held office and the general did not: the exact name stands
    assert _codes("John Kelly said the talks were useful.", "1998-01-10") == {"John Kelly": "TCAGOV"}


def test_a_name_whose_own_holder_is_in_office_is_never_moved() -> None:
    kb = load_kb()
    putin = kb.lookup("Vladimir Putin")
    assert putin is not None and in_office_namesake(kb, putin, "Vladimir Putin", "2020-01-01") is putin
    # without a day nothing is moved
    kelly = kb.lookup("John Kelly")
    assert kelly is not None and in_office_namesake(kb, kelly, "John Kelly", None) is kelly
