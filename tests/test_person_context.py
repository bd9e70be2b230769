"""People the base does not know, coded from what the sentence says they are (issue 9): an affiliation
with a known body (think tank, university, outlet), a member noun after a body, a lone first name of a
person of the article, and one-word "people" that the text uses as places. Also what stays uncoded:
former affiliations, topics, bodies whose country the name does not tell, equals."""

from __future__ import annotations

import pytest

from reportage.pipeline import analyze


def _codes(text: str, day: str = "2018-04-20") -> dict[str, tuple[str | None, str | None]]:
    """Each mention's text -> (code, type) of its actor."""
    doc = analyze(text, published=day)
    return {m.text: (a.code, a.type) for a in doc.actors for m in a.mentions}


@pytest.mark.parametrize(("text", "name", "code"), [
    # a member noun, then at/of/for and a think tank of organisations.tsv
    ("\"It is theater,\" said Vanda Felbab-Brown, a senior fellow at the Brookings Institution.",
     "Vanda Felbab-Brown", "NGOUSA"),
    # a university the base knows
    ("\"The talks will fail,\" said Pippa Norris, a lecturer at Harvard University.", "Pippa Norris", "USAEDU"),
    # "University of <place>": the place's country (Michigan is in the United States) with EDU
    ("Alex Halderman, a computer science professor at the University of Michigan, described the work.",
     "Alex Halderman", "USAEDU"),
    # "X of BODY" right after the name
    ("The Saudis are blocking arms deliveries, notes Anthony Cordesman of the Council on Foreign Relations.",
     "Anthony Cordesman", "NGOUSA"),
    # the body's possessive and a member noun: "the BBC's Middle East editor"
    ("The details are not clear, said Jeremy Bowen, the BBC's Middle East editor.", "Jeremy Bowen", "GBRMED"),
    # a body, then member nouns only, before the name
    ("Fox News host Bret Baier asked the adviser about the talks.", "Bret Baier", "USAMED"),
    # a correspondent of an outlet
    ("\"The city is calm,\" said Lyse Doucet, a correspondent for the BBC.", "Lyse Doucet", "GBRMED"),
])
def test_an_affiliation_codes_the_person_as_the_body(text: str, name: str, code: str) -> None:
    assert _codes(text)[name][0] == code


def test_a_chief_executive_of_a_think_tank_is_not_its_government() -> None:
    found = _codes("Administration allies including FDD's chief executive, Mark Dubowitz, said he expects "
                   "sanctions.")
    assert found["Mark Dubowitz"][0] == "NGOUSA"


@pytest.mark.parametrize(("text", "name"), [
    # a former affiliation: CAMEO codes no current membership
    ("\"It was seismic,\" said Andrew Wright, a former fellow at the Brookings Institution.", "Andrew Wright"),
    # a topic of expertise is not an affiliation
    ("\"It is theater,\" said Bill Roggio, an expert on Afghanistan.", "Bill Roggio"),
    # the University of Georgia is in the American state, not the country Georgia
    ("\"Support is high,\" says Cas Mudde, a professor at the University of Georgia.", "Cas Mudde"),
    # a body the base does not know and whose name tells no country
    ("\"Investors are spooked,\" said Janet Johnston, portfolio manager at TrimTabs Asset Management.",
     "Janet Johnston"),
    # "at" after a bare name says where, not whose
    ("Trump met Mehmet Aslan at the White House on Tuesday.", "Mehmet Aslan"),
])
def test_what_is_no_affiliation_codes_nothing(text: str, name: str) -> None:
    assert _codes(text)[name][0] is None


def test_a_lone_first_name_joins_the_one_coded_person_with_it() -> None:
    doc = analyze("Vladimir Putin met the envoy on Monday. Vladimir said the talks had gone well.",
                  published="2019-05-02")
    putin = next(a for a in doc.actors if a.name == "Vladimir Putin")
    assert {m.text for m in putin.mentions} == {"Vladimir Putin", "Vladimir"}


def test_a_first_name_shared_by_two_people_stays_apart() -> None:
    doc = analyze("Vladimir Putin met Vladimir Zelensky on Monday. Vladimir said the talks had gone well.",
                  published="2019-12-10")
    lone = [a for a in doc.actors for m in a.mentions if m.text == "Vladimir"]
    assert lone and all(a.name == "Vladimir" for a in lone)


def test_a_person_in_a_list_of_places_is_a_place() -> None:
    found = _codes("The attacks sparked demonstrations in Istanbul, Ankara, Izmir and other cities across "
                   "Turkey.", "2016-03-14")
    assert found["Izmir"] == ("TUR", "GPE")


def test_a_place_name_that_speaks_stays_a_person() -> None:
    found = _codes("Demonstrators gathered in Ankara. \"We will stay,\" Izmir said.", "2016-03-14")
    assert found.get("Izmir", (None, "PERSON"))[0] is None


@pytest.mark.parametrize(("text", "name"), [
    ("Sen. Ted Cruz of Texas, in announcing his bid on Monday, urged action.", "Ted Cruz"),
    ("\"It is bad,\" lamented Sen. Mark Kirk, an Illinois Republican, on Tuesday.", "Mark Kirk"),
])
def test_a_legislator_takes_the_country_of_the_place_he_stands_for(text: str, name: str) -> None:
    assert _codes(text, "2015-03-25")[name][0] == "USALEG"


def test_a_title_joins_a_holder_spelt_differently_by_family_name() -> None:
    # the base writes "Kang Kyung-hwa"; Korean names put the family name first
    found = _codes("Pompeo spoke to South Korean Foreign Minister Kang Kyung-wha on Thursday.", "2020-01-10")
    assert found["Kang Kyung-wha"][0] == "KORGOV"
    # another family name is not the minister of that day
    found = _codes("Pompeo spoke to South Korean Foreign Minister Kim Jong-hwa on Thursday.", "2020-01-10")
    assert found["Kim Jong-hwa"][0] is None


def test_the_pope_is_named_as_the_news_names_him() -> None:
    found = _codes("Pope Francis urged the EU to come up with creative ways to stay together.", "2016-05-06")
    assert found["Pope Francis"][0] == "VATGOV"


def test_a_committee_chairman_of_an_american_story_is_a_legislator() -> None:
    found = _codes("WASHINGTON (Reuters) - President Barack Obama warned Congress. House Judiciary Committee "
                   "Chairman Bob Goodlatte said yes. Homeland Security spokesman Scott McConnell said no.",
                   "2015-03-25")
    assert found["Bob Goodlatte"][0] == "USALEG"
    assert found["Scott McConnell"][0] == "USAGOV"
    found = _codes("WASHINGTON (Reuters) - Congress met. Sen. Bob Corker, chairman of the Senate Committee on "
                   "Foreign Relations, warned before leaving.", "2015-03-25")
    assert found["Bob Corker"][0] == "USALEG"


@pytest.mark.parametrize(("text", "name", "code"), [
    # "and" inside the body's name does not end the description
    ("\"Yes,\" said Sue Mi Terry, who is now a senior fellow for Korea at the Center for Strategic and "
     "International Studies.", "Sue Mi Terry", "USAELI"),
    # the body alone after "with"
    ("\"No,\" said Phil Robertson, with Human Rights Watch, on Monday.", "Phil Robertson", "NGOHRIHRW"),
    # a "-based" place between the preposition and the body
    ("\"Never,\" said Daryl Kimball, executive director of the Washington-based Arms Control Association.",
     "Daryl Kimball", "NGOUSA"),
])
def test_longer_descriptions_of_an_affiliation(text: str, name: str, code: str) -> None:
    assert _codes(text)[name][0] == code


@pytest.mark.parametrize(("text", "name", "code"), [
    ("\"No,\" said Ephraim Halevy, a former director of the Mossad.", "Ephraim Halevy", "ISRELI"),
    ("WASHINGTON (Reuters) - \"Maybe,\" said Joel Wit, a former State Department official who has negotiated.",
     "Joel Wit", "USAELI"),
])
def test_a_former_official_of_a_state_body_is_an_elite_of_its_country(text: str, name: str, code: str) -> None:
    assert _codes(text)[name][0] == code


def test_a_title_of_the_next_name_in_a_list_is_no_description() -> None:
    found = _codes("Trump criticized Peter Strzok, former FBI lawyer Lisa Page and others.")
    assert found["Peter Strzok"][0] is None


def test_a_bare_body_the_story_coded_lends_no_country() -> None:
    # "Parliament" coded DEU from a German story's home country says nothing of a British politician
    found = _codes("BERLIN (Reuters) - The German parliament met. Already in Britain, Nigel Farage, a member of "
                   "Parliament from the populist UKIP, tweeted \"Terrible news\".", "2016-12-20")
    assert not (found["Nigel Farage"][0] or "").startswith("DEU")
    # a body with its country written in the description does
    found = _codes("\"It is limited,\" according to Guo Shuqing, head of China's banking and insurance regulator.")
    assert found["Guo Shuqing"][0] == "CHNGOV"


def test_a_former_official_of_a_body_in_the_title_is_an_elite_of_its_country() -> None:
    found = _codes("Trump criticized former FBI lawyer Lisa Page and former White House aide Rob Porter.",
                   "2019-01-10")
    assert found["Lisa Page"][0] == "USAELI"
    assert found["Rob Porter"][0] == "USAELI"
