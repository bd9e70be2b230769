"""The coder's passes one by one (issue 10, item 5): trigger → frame composition → argument selection →
filters → emit. Each pass is run on a news sentence and checked on the fields it sets, so a change to
one pass shows where it lands; the code families the passes test come from data files.
"""

from __future__ import annotations

from typing import Any

import pytest

from reportage.actors import resolve_actors
from reportage.attribution import extract_attributions
from reportage.events.coder import Act, _Coder
from reportage.events.grammar import FAMILIES, code_named, codes_named, in_family
from reportage.events.lexicon import load_lexicon
from reportage.events.settings import set_all_events
from reportage.pipeline import parse


def _coder(text: str, nlp: Any) -> _Coder:
    p = parse(text, nlp)
    table = resolve_actors(p.doc, p.text, p.omap, "2023-07-13")
    return _Coder(p, table, extract_attributions(p, table), "2023-07-13", load_lexicon())


def _act(text: str, word: str, nlp: Any, upto: str = "trigger") -> tuple[_Coder, Act | None, dict[int, str]]:
    """The act of ``word`` in ``text`` after the passes up to ``upto`` (trigger, compose, arguments)."""
    c = _coder(text, nlp)
    acts, frames, _ = c.find_triggers()
    v, code, why = next(a for a in acts if a[0].text == word)
    act = c.trigger_pass(v, code, why, frames)
    if act is not None and upto in {"compose", "arguments"}:
        c.compose_pass(act, frames)
    if act is not None and upto == "arguments":
        c.argument_pass(act, frames)
    return c, act, frames


def _names(actors: list[Any]) -> list[str]:
    return [a.name for a in actors]


# trigger pass

def test_trigger_reads_code_negation_and_frame(nlp):
    _, act, _ = _act("Russia attacked Ukrainian positions near Bakhmut.", "attacked", nlp)
    assert act is not None and in_family(act.code, "conflict") and not act.negated and act.frame is None
    assert act.first is act.v and act.rule == act.why["trigger_rule"]
    _, act, _ = _act("Russia did not attack Ukraine on Tuesday.", "attack", nlp)
    assert act is not None and act.negated
    _, act, _ = _act("Iran threatened to attack Israel.", "attack", nlp)
    assert act is not None and act.frame == "threat" and act.gov.text == "threatened"


def test_trigger_drops_a_participle_on_an_event_noun(nlp):
    _, act, _ = _act("An attack sponsored by Iran hit Saudi oil facilities.", "sponsored", nlp)
    assert act is None  # the attack is the act; "sponsored by Iran" names its doer (nominal_event)


def test_trigger_splits_a_reverse_code(nlp):
    c = _coder("The minister received a warning from Moscow.", nlp)
    acts, frames, _ = c.find_triggers()
    v, code, why = next(a for a in acts if a[0].text == "received")
    assert code.startswith(":")
    act = c.trigger_pass(v, code, why, frames)
    assert act is not None and act.reverse and ":" not in act.code


# frame composition pass

def test_compose_frame_over_act(nlp):
    _, act, _ = _act("Iran threatened to attack Israel.", "attack", nlp, "compose")
    assert act is not None and act.modality == "threat" and act.first.text == "threatened"
    assert act.code == load_lexicon().compose_code("threat", "190")
    _, act, _ = _act("Turkey offered to mediate between Russia and Ukraine.", "mediate", nlp, "compose")
    assert act is not None and act.modality == "intent" and act.code.startswith("03")


def test_compose_say_must_is_a_demand_on_the_clause_subject(nlp):
    _, act, _ = _act("China said the United States must stop arming Taiwan.", "arming", nlp, "compose")
    assert act is not None and act.modality == "demand" and act.code.startswith("10")
    assert _names(act.speaker_src or []) == ["China"] and act.addressee.text == "States"


def test_compose_tense_and_possibility(nlp):
    _, act, _ = _act("Russia will attack Ukraine.", "attack", nlp, "compose")
    assert act is not None and act.modality == "threat" and act.rule == "future tense: threat"
    _, act, _ = _act("The European Union could impose sanctions on Iran.", "impose", nlp, "compose")
    assert act is not None and act.modality == "threat" and act.code.startswith("13")


# argument selection pass

def test_arguments_passive_takes_the_by_agent(nlp):
    _, act, _ = _act("Ukraine was attacked by Russia on Friday.", "attacked", nlp, "arguments")
    assert act is not None and act.passive
    assert _names(act.sources) == ["Russia"] and _names(act.targets) == ["Ukraine"]


def test_arguments_pronoun_under_a_warning_is_the_warner(nlp):
    _, act, _ = _act("Israel warns Russia it is prepared to strike weapon shipments to Syria.", "strike", nlp,
                     "arguments")
    assert act is not None and _names(act.sources) == ["Israel"] and "Russia" not in _names(act.targets)


def test_arguments_domestic_group_beats_the_place(nlp):
    _, act, _ = _act("Police arrested dozens of protesters in Tbilisi.", "arrested", nlp, "arguments")
    assert act is not None and _names(act.targets) == ["protesters"]


def test_arguments_reverse_code_swaps_roles(nlp):
    c = _coder("The minister received a warning from Moscow.", nlp)
    acts, frames, _ = c.find_triggers()
    v, code, why = next(a for a in acts if a[0].text == "received")
    act = c.trigger_pass(v, code, why, frames)
    assert act is not None
    c.compose_pass(act, frames)
    c.argument_pass(act, frames)
    assert "Moscow" in " ".join(_names(act.sources))


# filter pass

def test_filter_drops_an_act_with_no_doer(nlp):
    c, act, frames = _act("An attack sponsored by Iran hit Saudi oil facilities.", "hit", nlp, "arguments")
    assert act is not None and not act.sources and not c.filter_pass(act)


def test_filter_keeps_an_act_with_both_parties(nlp):
    c, act, _ = _act("Russia attacked Ukrainian positions near Bakhmut.", "attacked", nlp, "arguments")
    assert act is not None and c.filter_pass(act)


def test_filter_skips_statements(nlp):
    c, act, _ = _act("The Kremlin announced that the talks would resume.", "announced", nlp, "arguments")
    assert act is not None and in_family(act.code, "skip") and not c.filter_pass(act)


# emit pass

def test_emit_marks_an_obligation_as_not_asserted(nlp):
    set_all_events(True)
    try:
        c, act, _ = _act("Germany must punish Russia.", "punish", nlp, "arguments")
        assert act is not None and c.filter_pass(act)
        c.emit_pass(act)
    finally:
        set_all_events(False)
    e = c.events[-1]
    assert e.modality == "obligation" and e.explanation["not_asserted"] == ["obligation"]
    assert e.explanation["rule"] == act.rule and e.explanation["trigger"] == "punish"


def test_emit_one_event_per_pair(nlp):
    c, act, _ = _act("Turkey offered to mediate between Russia and Ukraine.", "mediate", nlp, "arguments")
    assert act is not None
    c.emit_pass(act)
    assert {(e.source, e.target) for e in c.events} == {
        (act.sources[0].id, t.id) for t in act.targets}


# the ontology lives in data files

@pytest.mark.parametrize("family", ["conflict", "hostile", "complaint", "protest", "about_clause", "consult",
                                    "claim", "domestic", "mutual", "place_targeted", "skip", "condemn"])
def test_code_families_come_from_data(family):
    assert FAMILIES[family]


def test_named_codes_come_from_data():
    assert code_named("verbal_protest") == "111" and code_named("say_must") == "100"
    assert codes_named("comment_rank")[0] == "111"


def test_arguments_relative_pronoun_stands_for_its_noun(nlp):
    _, act, _ = _act("Putin met Erdogan, who accused Israel of genocide.", "accused", nlp, "arguments")
    assert act is not None and [a.name for a in act.sources] == ["Recep Tayyip Erdoğan"]
    assert _names(act.targets) == ["Israel"]
