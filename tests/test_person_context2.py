"""People coded from what the article says they are, fourth round (issue 9): titles the parser splits off
at a rank's period, member nouns with qualifiers, places and ranks between a body and a name, staff of
an office-holder, former police and intelligence chiefs, past offices in a relative clause, plural titles
shared by joined names, bare surnames of people who left office lately, and what stays uncoded."""

from __future__ import annotations

import pytest

from reportage.actors.kb import tokenize
from reportage.pipeline import analyze


def _codes(text: str, day: str = "2018-10-15") -> dict[str, str | None]:
    """Each PERSON mention's text -> the code of its actor."""
    doc = analyze(text, published=day)
    return {m.text: a.code for a in doc.actors if a.type == "PERSON" for m in a.mentions}


@pytest.mark.parametrize(("text", "name", "code"), [
    # a qualifier between the body and its member noun
    ("The plans could change, said White House economic adviser Jane Quillfeather.", "Jane Quillfeather", "USAGOV"),
    # the body's possessive, a region the member covers, then the member noun
    ("The details are not clear, says the BBC's Middle East editor Tom Aldergrove.", "Tom Aldergrove", "GBRMED"),
    # a rank's period ends the parser's sentence: the title before the rank is read all the same
    ("MOSCOW (Reuters) - Defense Ministry spokesman Maj. Gen. Ivan Petrovsky said Russia will help.",
     "Ivan Petrovsky", "RUSGOV"),
    ("Department of Defense spokesperson Maj. Adrian Rankine-Galloway said coalition aircraft would continue.",
     "Adrian Rankine-Galloway", "USAMIL"),
    # the staff of an office-holder of the day work for the government the office-holder heads
    ("Top U.S. officials, including Trump's national security adviser Rob Quartermain, met in New Delhi.",
     "Rob Quartermain", "USAGOV"),
    # a former police or intelligence chief is an elite of the country, as other former officials are
    ("Rouhani is really the Iranian Yuri Andropov, the former Soviet secret police chief.", "Yuri Andropov", "SUNELI"),
    # a former member of a coded state body whose mention took the member noun
    ("\"We want peace,\" said former State Department official Joel Quint, the founder of a website.",
     "Joel Quint", "USAELI"),
    ("The move hit former FBI agent Peter Quarry.", "Peter Quarry", "USAELI"),
    # a past office with its country written after "who served as"
    ("\"Politics is local,\" said James Quillen, who served as the American ambassador to Russia in the 1990s.",
     "James Quillen", "USAELI"),
    # a plural title is the title of the names joined after the first
    ("WASHINGTON (AP) - Sens. Bob Quigley (R) of Tennessee and Chris Quenby (D) of Connecticut said the US "
     "should act.", "Chris Quenby", "USALEG"),
    # a title the converted dictionaries hold as an actor ("US SECRETARY OF DEFENSE") right before a name
    ("Reports of a withdrawal from Iraq - later denied by U.S. Defense Secretary Mike Esper - fueled concerns.",
     "Mike Esper", "USAGOVMIL"),
    # a country's diplomat to the UN is the country's government, not the UN
    ("\"The consequences could be serious,\" Russia's deputy U.N. envoy, Vladimir Safronkov, told a meeting.",
     "Vladimir Safronkov", "RUSGOV"),
    # "X is a senior fellow at ...": the author's note of an opinion piece
    ("Michael Quayleton is senior fellow at the Brookings Institution and author of a book.",
     "Michael Quayleton", "NGOUSA"),
])
def test_the_text_codes_the_person(text: str, name: str, code: str) -> None:
    assert _codes(text)[name] == code


@pytest.mark.parametrize(("text", "name"), [
    # a lawyer of an office-holder is a private person
    ("FBI agents raided the offices used by Trump's lawyer Michael Quenneville.", "Michael Quenneville"),
    ("Trump lawyer John Quintus issued the call to end the probe.", "John Quintus"),
    # a detainee of a group is no member of it
    ("The Army will not ignore misconduct by released Taliban detainee Sgt. Bowe Quarrie, officials said.",
     "Bowe Quarrie"),
    # a rank alone in a story of several countries: no country to give
    ("\"We will defend ourselves,\" Capt. Jeff Quaid told Fox News about Syria and Russia.", "Jeff Quaid"),
    # a past office without a written country codes nothing
    ("\"They are afraid,\" says Robert Quist, who served as Obama's liaison to the Syrian rebels.", "Robert Quist"),
])
def test_what_stays_uncoded(text: str, name: str) -> None:
    assert _codes(text)[name] is None


def test_a_rank_cut_off_by_the_period_is_no_person() -> None:
    doc = analyze("The ship was at risk, US Navy spokesman Cmdr. Clayton Quade told CNN.", published="2019-06-07")
    names = [a.name for a in doc.actors if a.type == "PERSON"]
    assert "Cmdr" not in names
    assert _codes("The ship was at risk, US Navy spokesman Cmdr. Clayton Quade told CNN.", "2019-06-07")[
        "Clayton Quade"] == "USAMIL"


def test_a_surname_of_someone_who_left_office_lately() -> None:
    # Rex Tillerson left the State Department on 2018-03-31: in June 2018 "Mr. Tillerson" is still him
    text = "During a trip to Beijing in September, Mr. Tillerson said the United States had channels open."
    assert _codes(text, "2018-06-17")["Tillerson"] == "USAELI"


def test_a_word_that_is_a_first_name_is_no_former_minister() -> None:
    text = "The magazine offended Muslims in Iraq with its caricatures of the prophet Muhammad."
    assert _codes(text, "2015-01-08").get("Muhammad") is None


def test_sentences_run_together_are_two_words() -> None:
    text = "Richard said.Pope Francis also urged people"
    assert [text[a:b] for a, b in tokenize(text)] == ["Richard", "said", "Pope", "Francis", "also", "urged",
                                                       "people"]
    assert _codes("\"We are focused on it,\" Richard said.Pope Francis also has urged people to help.",
                  "2015-09-20")["Pope Francis"] == "VATGOV"


@pytest.mark.parametrize(("text", "day", "name", "code"), [
    # the base writes the name with spaces where the news writes hyphens
    ("Their target, then-President Chun Doo-hwan, might have been killed.", "2013-04-02", "Chun Doo-hwan", "KORELI"),
    # without the middle initial the base writes, when one person so named is in office that day
    ("President Trump is joined by VP Mike Pence, National Security Advisor Robert O'Brien, left.", "2019-10-27",
     "Robert O'Brien", "USAGOV"),
    # initials of the given names first ("CY Leung"): the family name is the last word
    ("The leadership has concluded that it would be pointless for Mr. Leung to meet protesters in Hong Kong.",
     "2014-10-02", "Leung", "HKGGOV"),
])
def test_names_written_otherwise_than_in_the_base(text: str, day: str, name: str, code: str) -> None:
    assert _codes(text, day)[name] == code


def test_links_and_handles_are_no_people() -> None:
    doc = analyze("Venezuela's Maduro: Drone attack was attempt to kill him https://t.co/9ndjlMjscR "
                  "pic.twitter.com/PJvFp8FHKn — Boston Herald (@bostonherald) August 5, 2018. President "
                  "@realDonaldTrump told me I should sue.", published="2018-08-05")
    names = [a.name for a in doc.actors if a.type == "PERSON"]
    assert not [n for n in names if "twitter" in n or "t.co" in n or n == "realDonaldTrump"]
