"""What the text says about a person the base does not know: a description in apposition, a deputy's
title, a possessive outlet or group, and the former officials of the 2014 dictionaries. Also what must
stay uncoded: topics of expertise, "former" descriptions, and the outlet that publishes the article."""

from __future__ import annotations

import pytest

from reportage.actors.kb import load_kb
from reportage.pipeline import analyze


def _actors(text: str, day: str, outlet: str | None = None) -> dict[str, tuple[str | None, str | None]]:
    doc = analyze(text, published=day, outlet=outlet)
    return {m.text: (a.code, a.name) for a in doc.actors for m in a.mentions}


def test_a_description_after_the_name_codes_the_person() -> None:
    text = ("Ty Cobb, a White House lawyer, told reporters last week that the talks went well. "
            "\"It is theater,\" said Bill Roggio, an expert on Afghanistan at the Foundation for the "
            "Defense of Democracies.")
    found = _actors(text, "2017-09-01")
    assert found["Ty Cobb"][0] == "USAGOV"
    # a topic of expertise is not an affiliation (no AFG); the think tank he works at is (issue 9)
    assert found["Bill Roggio"][0] == "NGOUSA"
    # "the Foundation" at the start of a longer name is not the 1980s Chicago gang of the 2014 dictionaries
    assert all(name != "El Rukn" for _code, name in found.values())


def test_a_description_before_the_name_codes_the_person_and_is_the_same_actor() -> None:
    text = "Germany's interior minister, Thomas de Maiziere, on Tuesday said he supports the idea."
    doc = analyze(text, published="2015-06-02")
    person = next(a for a in doc.actors if a.name == "Thomas de Maiziere")
    assert person.code == "DEUGOV"
    assert {m.text for m in person.mentions} >= {"Thomas de Maiziere", "Germany's interior minister"}


def test_a_former_office_in_apposition_codes_no_government() -> None:
    text = ("\"It is a re-commitment among friends,\" said Jonas Mbeki-Hart, the country's former ambassador "
            "to Riyadh.")
    found = _actors(text, "2016-04-20")
    assert found["Jonas Mbeki-Hart"][0] is None


def test_a_deputy_is_in_the_government_but_is_not_the_minister() -> None:
    text = ("Russian Deputy Foreign Minister Sergei Ryabkov, in comments to Russian news agencies, "
            "compared the attack to terrorism.")
    doc = analyze(text, published="2017-06-08")
    person = next(a for a in doc.actors if a.name == "Sergei Ryabkov")
    assert person.code == "RUSGOV"
    assert (person.role or {}).get("role") != "foreign_minister"


def test_a_correspondent_takes_the_outlet_code() -> None:
    found = _actors("NPR's Peter Kenyon reports that the journalist was released on Friday.", "2016-03-04")
    assert found["Peter Kenyon"][0] == "USAMED"


@pytest.mark.parametrize(("name", "day", "code"), [
    ("Harry Reid", "2016-05-01", "USAELI"),  # the 2014 dictionary closed his role at its own date
    ("Ronald Reagan", "2018-06-01", "USAELI"),
    ("H.R. McMaster", "2017-06-01", "USAGOV"),  # the base writes "H. R. McMaster"
    ("Joseph Dunford", "2017-06-01", "USAMIL"),  # the base writes "Joseph F. Dunford, Jr."
])
def test_former_officials_and_spelling_variants(name: str, day: str, code: str) -> None:
    entry = load_kb().lookup(name)
    assert entry is not None, name
    role = entry.role_at(day)
    assert role is not None and role.code == code, (name, role)


def test_a_middle_name_the_base_omits() -> None:
    found = _actors("Sarah Huckabee Sanders told reporters the president would sign the bill.", "2018-03-01")
    assert found["Sarah Huckabee Sanders"][0] == "USAGOV"


def test_the_publishing_outlet_is_not_an_actor_of_its_own_story() -> None:
    text = ("MOSCOW (Reuters) - Finance Minister Anton Siluanov told Reuters the budget would balance. "
            "Reuters could not reach the central bank for comment.")
    doc = analyze(text, published="2018-05-20")
    assert all(a.name != "Reuters" for a in doc.actors)
    # an outlet cited by another outlet is a source like any other
    other = analyze("Anton Siluanov told Reuters the budget would balance.", published="2018-05-20",
                    outlet="The Moscow Times")
    assert any(a.name == "Reuters" for a in other.actors)


def test_an_inline_name_widget_is_residue_and_the_tag_still_codes() -> None:
    text = ("Sen. Chuck Grassley Charles (Chuck) Ernest GrassleySpeaker Pelosi, it's time to throw "
            "innovators a lifeline Barr: Inspector general's report 'imminent' MORE (R-Iowa) said in a "
            "statement that the bill would pass.")
    doc = analyze(text, published="2019-11-20")
    names = {a.name: a.code for a in doc.actors}
    assert names.get("Chuck Grassley") == "USALEG"
    assert not any("Pelosi" in n or "Barr" in n or "GrassleySpeaker" in n for n in names)
    assert doc.excluded and doc.excluded[0].reason.startswith("inline name widget")


def test_members_of_a_coded_body_and_tagged_legislators() -> None:
    text = ("WASHINGTON - President Donald Trump met lawmakers in Washington on Monday.\n\n"
            "White House spokeswoman Lindsay Walters said in a statement Friday that the president was briefed.\n\n"
            "Larry Kudlow, the National Economic Council director, told reporters the deal was close.\n\n"
            "He struck up a close accord with House Ways and Means Chairman Dave Camp (R-Mich.).\n\n"
            "U.S. Representative Adam Schiff said he would investigate.")
    found = _actors(text, "2018-06-01")
    assert found["Lindsay Walters"][0] == "USAGOV"
    assert found["Larry Kudlow"][0] == "USAGOV"
    assert found["Dave Camp"][0] == "USALEG"
    assert found["Adam Schiff"][0] == "USALEG"


def test_what_a_description_mentions_is_not_whose_the_person_is() -> None:
    text = ("HAVANA - Cuba's leaders marked the anniversary on Monday.\n\n"
            "In a statement, National Security Council spokesperson Caitlin Hayden said the president was grateful.\n\n"
            "Evans Revere, a retired Foreign Service officer with extensive North Korea knowledge, declined to comment.\n\n"
            "The guerrillas overthrew U.S.-backed dictator Fulgencio Batista in 1959.")
    found = _actors(text, "2014-06-01")
    assert found["Caitlin Hayden"][0] != "IGOUNOGOVGOV"  # the NSC is not the UN Security Council
    assert not (found["Caitlin Hayden"][0] or "").startswith("IGO")
    assert found["Evans Revere"][0] is None  # retired, and North Korea is his subject
    assert not (found["Fulgencio Batista"][0] or "").startswith("USA")  # backed by the US, not American


def test_a_former_official_with_a_country_is_an_elite() -> None:
    text = ("ATHENS - Greece's former prime minister Kostas Andreadis demanded early elections on Sunday. "
            "\"The country needs a new mandate,\" said Eleni Markou, a former Greek finance minister.")
    found = _actors(text, "2001-05-06")
    assert found["Kostas Andreadis"][0] == "GRCELI"
    assert found["Eleni Markou"][0] == "GRCELI"


def test_bodies_named_by_what_they_are_in_the_story_country() -> None:
    text = ("WASHINGTON - President Donald Trump met lawmakers in Washington on Monday.\n\n"
            "The House voted 232-196 to approve the bill. The Justice Department said it would appeal. "
            "The GOP would not back the plan.")
    found = _actors(text, "2018-06-01")
    assert found["House"][0] == "USALEG"
    assert found["Justice Department"][0] == "USAGOV"
    assert found["GOP"][0] == "USAPTY"
    # a party name is only the story country's party when that country is American
    irish = _actors("DUBLIN - The Irish government met on Monday. Republicans marched in Belfast.", "2018-06-01")
    assert irish.get("Republicans", (None, None))[0] != "USAPTY"


def test_regions_are_actors_with_cameo_region_codes() -> None:
    found = _actors("Europe and the Middle East watched closely. The West Bank was quiet.", "2018-06-01")
    assert found["Europe"][0] == "EUR"
    assert found["Middle East"][0] == "MEA"
    assert "the West" not in found  # the start of "the West Bank"


def test_a_name_that_starts_with_a_lower_case_particle() -> None:
    found = _actors("Militants linked to al-Qaida attacked the base on Sunday.", "2014-06-01")
    assert found["al-Qaida"][0] == "IMGMUSALQ"


def test_a_region_in_a_title_or_after_in_is_a_subject_or_a_place_not_a_nationality() -> None:
    text = ("WASHINGTON - US troops in the Middle East were put on alert, officials said. \"It is dangerous,\" "
            "said Dennis Ross, the veteran Middle East negotiator.")
    doc = analyze(text, published="2019-06-01")
    person = next(a for a in doc.actors if a.name == "Dennis Ross")
    assert not (person.code or "").startswith("MEA")
    assert not any((a.code or "") == "MEAMIL" for a in doc.actors)
