"""Recall on real-news prose, second round (issue 10): CAMEO meanings the ConfliBERT sentences showed missing.

Each rule is a verb or noun family with its arguments, data in ``local_patterns.tsv`` and ``nouns.tsv``:
considering, exploring or studying the possibility or option of an act, or considering doing a known act
("is considering sending aid to", ``coder._speech_over_act``) (014, a policy option weighed); shortening a
curfew (0813);
sending a condolence message (018, not a statement); defending one's handling of a crisis, a response or
a move (052, not military protection); giving someone a welcome (051); mobilising funds (071, not forces);
sharing expertise (064); calling off a protest (082, with "agreed to" an intent to yield); a plea or an
appeal addressed to someone or for something (020) under an aspect verb ("issued a plea to"); giving someone a deadline (139, an ultimatum). The
sentences are written for these tests; the ones below them must code nothing of the kind.
"""

from __future__ import annotations

import pytest
from eventlib import named_events as _events

from reportage.events.lexicon import load_lexicon


@pytest.mark.parametrize("text, cameo, source, target", [
    # 014 consider a policy option
    ("The Norwegian government is considering the possibility of sending troops to Mali.", "014",
     "Norwegian government", None),
    ("The British government is exploring the option of new tariffs on Chinese steel.", "014",
     "British government", None),
    # a verb that weighs options over a gerund act: the option weighed, by who weighs it, at whom it aims
    ("Japan is considering sending aid to North Korea.", "014", "Japan", "North Korea"),
    # 081 ease restrictions: shortening a curfew eases it (0813) like lifting it
    ("President Omar al-Bashir shortened the nightly curfew in Sudan.", "0813", "Omar al-Bashir", None),
    # 018 empathetic comment
    ("King Salman sent a condolence message to President Ashraf Ghani after the bombing in Kabul.", "018",
     "King Salman", "Ashraf Ghani"),
    # 05 verbal cooperation: defending a handling, giving a welcome
    ("Philippine President Rodrigo Duterte defended China's handling of the pandemic.", "052",
     "Rodrigo Duterte", "China"),
    ("President Macron gave a warm welcome to Chancellor Merkel on Thursday.", "051", "Emmanuel Macron",
     "Angela Merkel"),
    # 06-07 material cooperation and aid
    ("The European Union is mobilising additional funds for Colombia.", "071", "European Union", "Colombia"),
    ("The Taliban has been sharing expertise with the LTTE.", "064", "Taliban", None),
    # 08 yield: calling off a protest; agreeing to do it is an intent (0352)
    ("The Jani Khel tribe agreed to call off their protest.", "0352", "Jani Khel", None),
    # 139 ultimatum: giving someone a deadline
    ("Theresa May gave Putin a midnight deadline over the attack.", "139", "Theresa May", "Vladimir Putin"),
    # 02 appeal named by a noun under an aspect verb
    ("Afghan President Ashraf Ghani issued a fresh plea to the Taliban to talk to his government.", "020",
     "Ashraf Ghani", "Taliban"),
    ("The United Nations launched an international appeal for emergency aid for Zimbabwe.", "020",
     "United Nations", None),
])
def test_rule_codes_the_act(nlp, text, cameo, source, target):
    got = _events(text, nlp)
    hits = [g for g in got if g[0] == cameo]
    assert hits, (text, [g[:4] for g in got])
    assert any(g[2] == source for g in hits), (text, [g[:4] for g in hits])
    if target is not None:
        assert any(g[3] == target for g in hits), (text, [g[:4] for g in hits])


@pytest.mark.parametrize("text, cameo", [
    ("The senator entered a guilty plea in federal court.", "020"),  # a plea to no one: no appeal
    ("The appeal of the film lies in its cast.", "020"),  # an appeal for nothing
    ("The army mobilised its reserves on the border.", "071"),  # mobilising forces is no aid
    ("Iran defended its border against smugglers.", "052"),  # defending territory is no verbal support
    ("Russia considers NATO a threat to its security.", "014"),  # an opinion, no option weighed
    ("The senator is considering running for governor.", "014"),  # an act the lexicon does not know
    ("The ministry shortened the deadline for applications.", "0813"),  # only restrictions are eased
])
def test_no_event_of_the_rule(nlp, text, cameo):
    got = _events(text, nlp, all_events=True)
    assert cameo not in {g[0] for g in got}, (text, [g[:4] for g in got])


def test_recall2_rules_are_data():
    lex = load_lexicon()
    assert any(p.code == "014" for p in lex.patterns["CONSIDER"])
    assert any(p.code == "082" for p in lex.patterns["CANCEL"])
    assert any(p.code == "071" for p in lex.patterns["MOBILIZE"])
    assert lex.noun_defaults.get("plea", "") == ""  # a plea is an appeal only through its patterns


def test_option_not_considered_is_negated(nlp):
    """'is not considering sending aid': the option weighed is negated with the verb that weighs it."""
    got = [g for g in _events("Japan is not considering sending aid to North Korea.", nlp, all_events=True)
           if g[0] == "014"]
    assert got and all(g[4].negated for g in got), [g[:4] for g in got]
