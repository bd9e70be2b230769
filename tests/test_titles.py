"""Titles in front of names, as wire copy writes them: the office decides between namesakes, a country
never comes from a dateline when the base says someone else held the office, and American legislators
are coded from their party-state tag."""

from __future__ import annotations

from reportage.pipeline import analyze


def _codes(text: str, day: str) -> dict[str, str | None]:
    doc = analyze(text, published=day)
    return {m.text: a.code for a in doc.actors for m in a.mentions}


def test_president_and_a_surname_shared_by_two_office_holders() -> None:
    # Donald and Ivanka Trump both held US offices in 2019; "President" leaves one of them
    codes = _codes("President Trump said on Sunday that he had reached a trade deal with Japan.", "2019-08-25")
    assert codes["Trump"] == "USAGOV"


def test_a_dateline_does_not_give_a_foreign_leader_its_country() -> None:
    text = ("BEIJING (Reuters) - President Trump said on Sunday that he would raise tariffs.\n\n"
            "Mr. Trump spoke to reporters at the White House.")
    codes = _codes(text, "2019-08-25")
    assert codes["Trump"] == "USAGOV"
    assert all(code != "CHNGOV" for name, code in codes.items() if "Trump" in name)


def test_american_legislators_from_party_state_tags() -> None:
    text = ("Sen. Lindsey Graham, R-S.C., said the sanctions should stay. "
            "Rep. Adam Schiff (D-Calif.) said the committee would ask for the documents.")
    codes = _codes(text, "2019-05-02")
    assert codes["Lindsey Graham"] == "USALEG"
    assert codes["Adam Schiff"] == "USALEG"


def test_a_title_without_a_country_or_tag_codes_no_country() -> None:
    # nothing says which country's senate: the person stays without a guessed country
    codes = _codes("Senator Maria Okonkwo-Lindqvist said the vote would be close.", "2019-05-02")
    assert codes.get("Maria Okonkwo-Lindqvist") is None


def test_a_name_with_a_lower_case_particle_is_matched() -> None:
    codes = _codes("Bashar al-Assad had been pressing the United States to stop the strikes.", "2017-06-19")
    assert codes["Bashar al-Assad"] == "SYRGOV"


def test_the_base_middle_initial_is_not_needed_in_the_text() -> None:
    # the office-holder data names him "Mark T. Esper"; news writes "Mark Esper"
    codes = _codes("Defense Secretary Mark Esper said the initial assessment had changed.", "2020-01-16")
    assert codes["Mark Esper"] == "USAGOV"
