"""`reportage eval quotes`: the quote-tracker matching rule, the input format and its errors."""

from __future__ import annotations

import json
import re

import pytest

from reportage.evaluate.quotes import QuoteItem, evaluate, load_quotes, score_document
from reportage.inputs import InputError

TEXT = '"Prices are falling fast this year," said Anna Berg. The mayor visited the port on Monday.'


def test_each_gold_takes_the_best_remaining_prediction():
    text = "a" * 100
    gold = [QuoteItem(((0, 10),), (50, 55)), QuoteItem(((20, 30),), None)]
    pred = [QuoteItem(((0, 4),), (52, 53)), QuoteItem(((0, 9),), None), QuoteItem(((60, 70),), None)]
    s = score_document(text, gold, pred)
    assert s[0.3] == {"matched": 1, "speaker_right": 0, "gold": 2, "predicted": 3}  # (0,9) wins, no speaker
    assert s[0.8]["matched"] == 1


def test_speaker_right_by_overlap_or_both_absent():
    text = "b" * 40
    gold = [QuoteItem(((0, 10),), (20, 25)), QuoteItem(((11, 19),), None)]
    pred = [QuoteItem(((0, 10),), (24, 30)), QuoteItem(((11, 19),), None)]
    assert score_document(text, gold, pred)[0.3]["speaker_right"] == 2


def _write(tmp_path, rows):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_end_to_end_on_a_written_example(tmp_path, nlp):
    q_end = TEXT.index(" said")
    speaker = TEXT.index("Anna Berg")
    path = _write(tmp_path, [{"id": "t1", "text": TEXT, "quotes": [
        {"start": 0, "end": q_end, "speaker": {"start": speaker, "end": speaker + 9}}]}])
    s = evaluate(path, nlp=nlp)
    assert s["match@0.3"]["matched"] == 1 and s["match@0.3"]["p"] == 1.0 and s["match@0.3"]["speaker"] == 1.0


@pytest.mark.parametrize("line, message", [
    ("not json", "not JSON"),
    ('{"text": "abc"}', "\"quotes\" (list)"),
    ('{"text": "abc", "quotes": [{"start": 2, "end": 9}]}', "past the text"),
    ('{"text": "abc", "quotes": [{"start": 2, "end": 1}]}', "empty or negative"),
])
def test_bad_lines_are_named(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)) as err:
        load_quotes(path)
    assert "bad.jsonl:1" in str(err.value)
