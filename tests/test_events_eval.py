"""`reportage eval plover`: the scorer on hand-made records, and loading the real gold file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportage.document import Actor, Document, Event, Span
from reportage.evaluate.plover import gold_type, load_records, score
from reportage.inputs import InputError

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "data" / "plover" / "plover_gsr_dev.json"


def _doc(events: list[tuple[str, str, str | None, str | None]], actors: dict[str, str]) -> Document:
    text = "x" * 10
    doc = Document(id="d", text=text)
    doc.actors = [Actor(id=k, name=k, code=v, country=v[:3]) for k, v in actors.items()]
    sp = Span.of(text, 0, 1)
    doc.events = [Event(id=f"E{i}", cameo=c, plover=p, quad_class=None, goldstein=None, source=s, target=t,
                        trigger=sp, sentence=sp) for i, (c, p, s, t) in enumerate(events)]
    return doc


def test_old_names_are_mapped_and_actors_must_match():
    records = [
        {"id": "r1", "event": "DEMAND", "text": "a", "source": [{"code": "FRA"}], "target": [{"code": "IRQ"}]},
        {"id": "r2", "event": "FIGHT", "text": "b", "source": [{"code": "ISR"}], "target": [{"code": "LBN"}]},
        {"id": "r3", "event": "AGREE", "text": "c", "source": [{"code": "USA"}], "target": ""},
        {"id": "r4", "event": "REJECT", "text": "d", "source": [{"code": "PSE"}], "target": [{"code": "ISR"}]},
    ]
    docs = [
        _doc([("100", "REQUEST", "A", "B")], {"A": "FRAGOV", "B": "IRQ"}),
        _doc([("190", "ASSAULT", "A", "B")], {"A": "ISR", "B": "SYR"}),  # wrong target country
        _doc([("030", "AGREE", "A", None)], {"A": "USAGOV"}),  # gold gives no target
        _doc([], {}),
    ]
    res = score(records, docs)
    assert gold_type(records[0]) == "REQUEST" and gold_type(records[1]) == "ASSAULT"
    assert res["found_with_actors"] == 2 and res["accuracy"] == 0.5
    assert res["type_found"] == 0.75
    assert res["by_type"]["ASSAULT"] == {"gold": 1, "predicted": 1, "precision": 1.0, "recall": 1.0}
    assert res["confusion"]["REJECT"] == {"NONE": 1}
    assert [m["id"] for m in res["misses"]] == ["r2", "r4"]


def test_negated_events_do_not_count():
    records = [{"id": "r", "event": "CONSULT", "text": "a", "source": [{"code": "USA"}]}]
    doc = _doc([("043", "CONSULT", "A", None)], {"A": "USAGOV"})
    doc.events[0].negated = True
    assert score(records, [doc])["found_with_actors"] == 0


def test_bad_gold_file_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_records(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not a PLOVER JSON"):
        load_records(bad)
    obj = tmp_path / "obj.json"
    obj.write_text(json.dumps({"a": 1}), encoding="utf-8")
    with pytest.raises(InputError, match="JSON list"):
        load_records(obj)


def test_real_gold_file_skips_documentation_records():
    if not GOLD.exists():
        pytest.skip(f"PLOVER gold not found at {GOLD} (../shared is absent)")
    records = load_records(GOLD)
    assert records and all(r["event"] != "DOCUMENT" for r in records)
    assert {gold_type(r) for r in records} <= {"AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT",
                                               "COOPERATE", "MOBILIZE", "PROTEST", "REJECT", "REQUEST",
                                               "RETREAT", "SANCTION", "SUPPORT", "THREATEN", "ACCUSE"}


def test_non_iso_gold_country_codes_are_read_as_iso():
    from reportage.evaluate.plover import gold_codes

    assert gold_codes([{"code": "JAP"}, {"code": "ITLGOV"}]) == {"JPN", "ITA"}
    assert gold_codes("diplomatic") == set() and gold_codes(None) == set()
