"""The PolNeAR scorer on tiny hand-made brat files, where every figure can be worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportage.cli import main
from reportage.evaluate.brat import parse_ann, parse_segments
from reportage.evaluate.polnear import (
    Item,
    find_articles,
    gold_items,
    load_gold,
    score_document,
    summarise,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev"

TEXT = 'Smith said "we will win" on Monday.\nJones argued that taxes would rise, a claim he repeated.\n'


def seg(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def t_line(tid: str, label: str, text: str, *pieces: str) -> str:
    segs = [seg(text, p) for p in pieces]
    return f"{tid}\t{label} " + ";".join(f"{s} {e}" for s, e in segs) + "\t" + " ".join(pieces)


GOLD_ANN = "\n".join([
    t_line("T1", "Source", TEXT, "Smith"),
    t_line("T2", "Cue", TEXT, "said"),
    t_line("T3", "Content", TEXT, '"we will win"'),
    t_line("T4", "Attribution", TEXT, "said"),
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    t_line("T5", "Source", TEXT, "Jones"),
    t_line("T6", "Cue", TEXT, "argued"),
    t_line("T7", "Content", TEXT, "that taxes would rise"),
    t_line("T8", "Attribution", TEXT, "argued"),
    "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
    "#1\tAnnotatorNotes T7\ta note, not an annotation",
    "",
])


def item(text: str, content: list[str], source: str | None = None, cue: str | None = None) -> Item:
    return Item(tuple(seg(text, c) for c in content),
                (seg(text, source),) if source else None, (seg(text, cue),) if cue else None)


def write_split(root: Path, articles: dict[str, tuple[str, dict[str, str]]]) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for stem, (text, anns) in articles.items():
        (root / "text" / f"{stem}.txt").write_text(text, encoding="utf-8")
        for annotator, ann in anns.items():
            (root / "attributions" / f"{stem}_{annotator}.ann").write_text(ann, encoding="utf-8")
    return root


def test_segments_and_discontinuous_spans():
    assert parse_segments("10 20;25 40") == ((10, 20), (25, 40))
    assert parse_segments("5 5;7 9") == ((7, 9),)  # empty segment dropped


def test_brat_continuation_lines_notes_and_extra_content_roles(tmp_path):
    text = "Aaaa said bbbb\ncccc and dddd, and Eeee added ffff."
    ann = "\n".join([
        "T1\tSource 0 4\tAaaa",
        "T2\tCue 5 9\tsaid",
        "T3\tContent 10 14;15 19\tbbbb",   # a discontinuous span whose text holds a newline ...
        "cccc",                             # ... spills onto the next line of the file
        "T4\tContent 24 28\tdddd",
        "T5\tAttribution 5 9\tsaid",
        "E1\tAttribution:T5 Cue:T2 Source:T1 Content:T3 Content2:T4",
        "T6\tCue 39 44\tadded",
        "T7\tContent 45 49\tffff",
        "T8\tAttribution 39 44\tadded",
        "E2\tAttribution-no-source:T8 Cue:T6 Content:T7",
        "E3\tAttribution-no-source:T9 ",
        "#1\tAnnotatorNotes T3\tcheck this",
    ])
    parsed = parse_ann(ann)
    assert parsed.entities["T3"].segments == ((10, 14), (15, 19))
    assert len(parsed.events) == 3
    items, skipped = _items_from(ann, tmp_path)
    assert skipped == 1  # E3 has no content: counted, not scored
    first, second = items
    assert [text[s:e] for s, e in first.content] == ["bbbb", "cccc", "dddd"]
    assert first.source == ((0, 4),) and first.cue == ((5, 9),)
    assert second.source is None and [text[s:e] for s, e in second.content] == ["ffff"]


def _items_from(ann: str, tmp: Path) -> tuple[list[Item], int]:
    path = tmp / "doc_x.ann"
    path.write_text(ann, encoding="utf-8")
    return gold_items(path)


def test_scores_worked_out_by_hand(tmp_path):
    gold, _ = _items_from(GOLD_ANN, tmp_path)
    pred = [
        item(TEXT, ['"we will win"'], "Smith", "said"),            # exact: cov 1.0, source and cue right
        item(TEXT, ["taxes would rise"], None, "argued that"),     # cov 14/18, no source, cue too long
        item(TEXT, ["on Monday"]),                                 # covers no gold content
    ]
    s = summarise([score_document(TEXT, gold, pred)])
    # content: gold 11 + 18 non-space chars, predicted 11 + 14 + 8, shared 11 + 14
    assert s["content_overlap"]["p"] == pytest.approx(25 / 33)
    assert s["content_overlap"]["r"] == pytest.approx(25 / 29)
    m3, m8 = s["match@0.3"], s["match@0.8"]
    assert (m3["matched"], m3["p"], m3["r"], m3["f1"]) == (2, pytest.approx(2 / 3), 1.0, pytest.approx(0.8))
    assert m3["source_agreement"] == 0.5  # Smith agrees; Jones vs none does not
    assert (m8["matched"], m8["p"], m8["r"], m8["f1"]) == (1, pytest.approx(1 / 3), 0.5, pytest.approx(0.4))
    assert m8["source_agreement"] == 1.0
    assert s["cue_exact"] == {"p": 0.5, "r": 0.5, "f1": 0.5}


def test_whitespace_is_not_counted():
    text = "a  b\n\n c"
    gold = [Item(((0, 8),))]
    pred = [Item(((0, 4),))]  # "a  b": 2 of the 3 non-space characters
    s = summarise([score_document(text, gold, pred)])
    assert s["content_overlap"]["p"] == 1.0
    assert s["content_overlap"]["r"] == pytest.approx(2 / 3)
    assert s["match@0.3"]["matched"] == 1 and s["match@0.8"]["matched"] == 0


def test_matching_is_one_to_one_and_greedy_by_coverage():
    text = "aaaa bbbb cccc dddd eeee"
    g1, g2 = Item((seg(text, "aaaa bbbb"),)), Item((seg(text, "cccc dddd eeee"),))
    wide = Item((seg(text, "aaaa bbbb cccc"),))  # covers g1 fully, g2 by 4/12
    s = summarise([score_document(text, [g1, g2], [wide])])
    assert s["match@0.3"]["matched"] == 1 and s["match@0.3"]["r"] == 0.5
    tail = Item((seg(text, "dddd eeee"),))
    s = summarise([score_document(text, [g1, g2], [wide, tail])])
    assert s["match@0.3"]["matched"] == 2
    # greedy, not optimal: p1 takes g2 (0.9 > 0.5) and leaves g1 unmatched, p2 is left with nothing
    text = "x" * 100
    g1, g2 = Item(((0, 10),)), Item(((20, 30),))
    p1 = Item(((5, 10), (20, 29)))  # g1 0.5, g2 0.9
    p2 = Item(((20, 26),))           # g2 0.6
    assert summarise([score_document(text, [g1, g2], [p1, p2])])["match@0.3"]["matched"] == 1


def test_source_agreement_cases():
    text = "He said it. She said so."
    gold = [Item((seg(text, "it"),), (seg(text, "He"),)), Item((seg(text, "so"),), None)]
    agree = [Item((seg(text, "it"),), (seg(text, "He said"),)), Item((seg(text, "so"),), None)]
    assert summarise([score_document(text, gold, agree)])["match@0.3"]["source_agreement"] == 1.0
    wrong = [Item((seg(text, "it"),), (seg(text, "She"),)), Item((seg(text, "so"),), (seg(text, "She"),))]
    assert summarise([score_document(text, gold, wrong)])["match@0.3"]["source_agreement"] == 0.0


def test_corpus_figures_are_micro_averages():
    text = "aaaa bbbb"
    one = score_document(text, [Item(((0, 4),))], [Item(((0, 4),))])
    none = score_document(text, [Item(((5, 9),)), Item(((0, 4),))], [])
    s = summarise([one, none])
    assert s["match@0.3"]["p"] == 1.0 and s["match@0.3"]["r"] == pytest.approx(1 / 3)


def test_first_annotator_in_sorted_order_and_texts_without_gold_skipped(tmp_path):
    root = write_split(tmp_path / "split", {
        "story": (TEXT, {"zz99": "", "ab12": GOLD_ANN}),
        "orphan": ("no annotation here", {}),
    })
    found = find_articles(root)
    assert [(stem, ann.name) for stem, _, ann in found] == [("story", "story_ab12.ann")]
    assert len(load_gold(root)[0].items) == 2


def test_cli_scores_the_baseline_and_writes_errors(tmp_path, capsys):
    root = write_split(tmp_path / "split", {"story": (TEXT, {"ab12": GOLD_ANN, "zz99": ""})})
    errors = tmp_path / "errors.jsonl"
    assert main(["eval", "polnear", "--data", str(root), "--baseline", "quotes", "--json", "--quiet",
                 "--errors", str(errors)]) == 0
    s = json.loads(capsys.readouterr().out)
    assert (s["articles"], s["gold_attributions"], s["predicted_attributions"]) == (1, 2, 1)
    assert s["content_overlap"]["p"] == 1.0 and s["content_overlap"]["r"] == pytest.approx(11 / 29)
    assert s["match@0.3"]["matched"] == 1 and s["match@0.3"]["r"] == 0.5
    assert s["cue_exact"]["p"] == 0.0  # the baseline finds no cues
    record = json.loads(errors.read_text(encoding="utf-8"))
    assert [m["content"] for m in record["missed"]] == ["that taxes would rise"]
    assert record["missed"][0]["source"] == "Jones" and record["false_positives"] == []


def test_cli_bad_data_dir_is_a_one_line_error(tmp_path, capsys):
    assert main(["eval", "polnear", "--data", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("reportage: error: ") and "nowhere" in err and "\n" not in err


@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason=f"PolNeAR not found at {POLNEAR_DEV} (../shared/data absent)")
def test_real_polnear_file_reads_consistently():
    stem, txt, ann = find_articles(POLNEAR_DEV)[0]
    text = txt.read_text(encoding="utf-8")
    entities = parse_ann(ann.read_text(encoding="utf-8")).entities
    for e in entities.values():  # the .ann text is the article's characters under the segments
        assert " ".join(text[s:t] for s, t in e.segments).split() == e.text.split()
    items, _ = gold_items(ann)
    assert len(items) >= 3
    assert all(0 <= s < t <= len(text) for i in items for s, t in i.content)
    assert sum(1 for i in items if i.source) >= len(items) // 2


def test_baseline_quote_spans_straight_curly_and_across_paragraphs():
    from reportage.baseline import quote_attributions, quote_spans

    text = ('He said \u201cwe will win\u201d and "they will lose."\n\n'
            '\u201cThe first paragraph of a long quote\n\n'
            '\u201cand its second,\u201d she added.\n'
            'An open "quote with no end\n'
            'Next paragraph, no quote.')
    got = [text[s:e] for s, e in quote_spans(text)]
    assert got == [
        "\u201cwe will win\u201d",
        '"they will lose."',
        "\u201cThe first paragraph of a long quote\n\n\u201cand its second,\u201d",
        '"quote with no end',
    ]
    attributions = quote_attributions(text)  # without a parse: no sources, never a cue
    assert all(a.cue is None and a.source is None for a in attributions)
    assert all(text[c.start:c.end] == c.text for a in attributions for c in a.content)


def test_baseline_source_is_the_nearest_person_or_org_in_the_sentence():
    from reportage.baseline import quote_attributions_many

    text = 'Senator Elizabeth Warren told reporters on Tuesday: "This bill is a disgrace."\n'
    (attributions,) = list(quote_attributions_many([text]))
    assert len(attributions) == 1
    assert attributions[0].source is not None and "Warren" in attributions[0].source.text


def test_figures_per_extraction_rule():
    text = "aaaa bbbb cccc"
    gold = [Item(((0, 4),), ((10, 14),)), Item(((5, 9),))]
    pred = [Item(((0, 4),), ((10, 14),), info={"rule": "r1"}), Item(((5, 9),), ((0, 4),), info={"rule": "r1"}),
            Item(((10, 14),), info={"rule": "r2"})]
    by_rule = summarise([score_document(text, gold, pred)])["by_rule@0.3"]
    assert by_rule["r1"] == {"predicted": 2, "matched": 2, "precision": 1.0, "source_agreement": 0.5}
    assert by_rule["r2"]["predicted"] == 1 and by_rule["r2"]["matched"] == 0


def test_cli_undecodable_gold_text_is_a_one_line_error(tmp_path, capsys):
    root = write_split(tmp_path / "split", {"story": (TEXT, {"ab12": GOLD_ANN})})
    (root / "text" / "story.txt").write_bytes(b"caf\xe9 said Smith")
    assert main(["eval", "polnear", "--data", str(root), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"reportage: error: {root / 'text' / 'story.txt'}: cannot read") and "\n" not in err


def test_publication_dates_come_from_the_metadata_beside_the_split(tmp_path):
    root = write_split(tmp_path / "dev", {"story": (TEXT, {"ab12": GOLD_ANN})})
    (tmp_path / "metadata.tsv").write_text(
        "compartment\tfilename\tpublisher\tpublication_date\n"
        "dev\tstory\tsome-paper\t2016-09-12\ndev\tother\tx\tNone\n", encoding="utf-8")
    assert load_gold(root)[0].published == "2016-09-12"
    (tmp_path / "metadata.tsv").unlink()
    assert load_gold(root)[0].published is None


BELIEF_TEXT = "Smith said the plan would fail.\nVoters hope that taxes will fall.\n"
BELIEF_ANN = "\n".join([
    t_line("T1", "Source", BELIEF_TEXT, "Smith"),
    t_line("T2", "Cue", BELIEF_TEXT, "said"),
    t_line("T3", "Content", BELIEF_TEXT, "the plan would fail"),
    t_line("T4", "Attribution", BELIEF_TEXT, "said"),
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    t_line("T5", "Source", BELIEF_TEXT, "Voters"),
    t_line("T6", "Cue", BELIEF_TEXT, "hope"),
    t_line("T7", "Content", BELIEF_TEXT, "that taxes will fall"),
    t_line("T8", "Attribution", BELIEF_TEXT, "hope"),
    "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
    "",
])


def test_acts_score_speech_against_speech_gold_and_all_by_default(tmp_path, capsys, nlp):
    root = write_split(tmp_path / "split", {"story": (BELIEF_TEXT, {"ab12": BELIEF_ANN})})
    assert main(["eval", "polnear", "--data", str(root), "--json", "--quiet"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert (s["acts"], s["gold_attributions"], s["match@0.3"]["matched"]) == ("all", 2, 2)
    assert main(["eval", "polnear", "--data", str(root), "--json", "--quiet", "--acts", "speech,writing"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert (s["gold_attributions"], s["gold_other_acts"], s["predicted_attributions"]) == (1, 1, 1)
    assert s["match@0.3"]["f1"] == 1.0


def test_unknown_act_is_a_one_line_error(tmp_path, capsys):
    root = write_split(tmp_path / "split", {"story": (BELIEF_TEXT, {"ab12": BELIEF_ANN})})
    assert main(["eval", "polnear", "--data", str(root), "--acts", "gossip"]) == 2
    err = capsys.readouterr().err.strip()
    assert "unknown act gossip" in err and "\n" not in err
