"""One settings object (issue 12, item 7): the defaults are today's behaviour, an override changes
behaviour on real text and reaches ``run``'s worker processes, a bad settings file is one clear error."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from reportage.cli import main
from reportage.events import confidence
from reportage.events.settings import DYADS_ENV, ENV
from reportage.pipeline import analyze
from reportage.settings import (
    DedupSettings,
    EventSettings,
    QuoteSettings,
    Settings,
    SettingsError,
    load_settings,
    resolve,
    settings_table,
    use,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _no_env_switches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.delenv(DYADS_ENV, raising=False)


def _quotes(doc) -> list[str]:
    return [" ".join(c.text for c in q.content) for q in doc.attributions]


# -- the object ------------------------------------------------------------------------------------

def test_defaults_are_the_values_the_modules_used_to_hard_code():
    s = Settings.default()
    assert (s.attribution.min_quote_words, s.attribution.min_slot_confidence) == (4, 0.3)
    assert (s.attribution.min_learned_precision, s.attribution.min_learned_count) == (0.3, 3)
    assert (s.events.max_pairs, s.events.all_events, s.events.dyads_only) == (4, False, False)
    assert s.events.confidence_threshold is None and confidence.threshold() == 0.5  # the data file's cut
    assert confidence.threshold(s.events.confidence_threshold) == 0.5
    assert (s.places.big_city, s.places.small, s.places.max_flip) == (100_000, 15_000, 3.5)
    d = s.dedup
    assert (d.num_perm, d.bands, d.rows, d.shingle, d.threshold, d.max_bucket) == (128, 16, 8, 5, 0.8, 2000)
    assert (s.inputs.max_bytes, s.inputs.max_chars) == (20 * 1024 * 1024, 2_000_000)
    assert s.quotes == QuoteSettings() and QuoteSettings.__module__ == "reportage.settings"
    from reportage import quote_clusters

    assert quote_clusters.QuoteSettings is QuoteSettings  # the old import keeps working


def test_every_field_says_why_and_the_docs_table_is_the_code_s():
    for section in dataclasses.fields(Settings):
        for f in dataclasses.fields(getattr(Settings.default(), section.name)):
            assert len(f.metadata.get("why", "")) > 20, f"{section.name}.{f.name} has no reason"
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert settings_table() in doc, "docs/settings.md is out of date: paste reportage.settings.settings_table()"


def test_settings_are_immutable_picklable_and_replaced_section_by_section():
    s = Settings.default()
    t = s.replace(attribution={"min_quote_words": 6}, events=EventSettings(all_events=True))
    assert t.attribution.min_quote_words == 6 and t.events.all_events and t.places == s.places
    assert s.attribution.min_quote_words == 4  # the original is untouched
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.attribution.min_quote_words = 7  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(t)) == t
    assert t.replace(places={"max_flip": 3}).places.max_flip == 3.0  # an int where a float goes


@pytest.mark.parametrize("changes, message", [
    ({"attribution": {"min_quote_wordz": 5}}, "unknown setting [attribution] min_quote_wordz"),
    ({"attributions": {"min_quote_words": 5}}, "unknown section [attributions]"),
    ({"min_quote_words": 5}, "setting min_quote_words outside a section: put it under [attribution]"),
    ({"events": {"max_pairs": "four"}}, "[events] max_pairs = 'four': expected an integer"),
    ({"events": {"max_pairs": 2.5}}, "expected an integer"),
    ({"events": {"all_events": 1}}, "[events] all_events = 1: expected true or false"),
    ({"quotes": {"min_coverage": 1.5}}, "[quotes] min_coverage = 1.5: out of range (allowed from 0 to 1)"),
    ({"inputs": {"max_chars": 3_000_000}}, "out of range"),
    ({"dedup": {"bands": 7}}, "[dedup] bands = 7: must divide num_perm (128)"),
])
def test_a_bad_override_names_the_setting_and_the_reason(changes, message):
    with pytest.raises(SettingsError) as err:
        Settings.default().override(changes)
    assert message in str(err.value)


def test_a_toml_file_over_the_defaults(tmp_path):
    f = tmp_path / "tuned.toml"
    f.write_text("[attribution]\nmin_quote_words = 6\n\n[events]\nconfidence_threshold = 0.4\ndyads_only = true\n"
                 "\n[dedup]\nthreshold = 0.9\n", encoding="utf-8")
    s = load_settings(f)
    assert s.attribution.min_quote_words == 6 and s.events.confidence_threshold == 0.4 and s.events.dyads_only
    assert s.dedup == DedupSettings(threshold=0.9) and s.places == Settings.default().places
    assert Settings.from_toml(f) == s


@pytest.mark.parametrize("content, message", [
    ("[attribution]\nmin_quote_wordz = 5\n", "bad.toml: unknown setting [attribution] min_quote_wordz"),
    ("[events]\nmax_pairs = \"4\"\n", "bad.toml: [events] max_pairs = '4': expected an integer"),
    ("[events\nmax_pairs = 4\n", "bad.toml: not a valid TOML file"),
])
def test_a_bad_file_is_an_error_naming_the_file(tmp_path, content, message):
    f = tmp_path / "bad.toml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError) as err:
        load_settings(f)
    assert message in str(err.value)
    with pytest.raises(SettingsError, match="no such settings file"):
        load_settings(tmp_path / "missing.toml")


def test_the_environment_switches_are_only_a_fallback(monkeypatch):
    assert resolve(None) == Settings.default()
    monkeypatch.setenv(ENV, "1")
    monkeypatch.setenv(DYADS_ENV, "1")
    assert resolve(None).events.all_events and resolve(None).events.dyads_only
    given = Settings.default()
    assert resolve(given) is given  # an object passed in is used as it is


# -- on real text ----------------------------------------------------------------------------------

def test_the_default_settings_give_what_no_settings_gave(example_text, nlp):
    assert analyze(example_text, nlp=nlp, settings=Settings.default()).to_json() == \
        analyze(example_text, nlp=nlp).to_json()


def test_a_higher_min_quote_words_drops_a_short_quote(example_text, nlp):
    short = "\u201cdoubting about Ukraine\u2019s membership\u201d"  # four words, quoted on its own
    assert short in _quotes(analyze(example_text, nlp=nlp))
    stricter = Settings.default().replace(attribution={"min_quote_words": 5})
    kept = _quotes(analyze(example_text, nlp=nlp, settings=stricter))
    assert short not in kept and len(kept) == len(_quotes(analyze(example_text, nlp=nlp))) - 1


def test_all_events_and_the_threshold_decide_which_events_are_kept(example_text, nlp):
    default = analyze(example_text, nlp=nlp)
    assert default.events and not any(e.explanation.get("below_threshold") for e in default.events)
    everything = analyze(example_text, nlp=nlp, settings=Settings.default().replace(events={"all_events": True}))
    below = [e for e in everything.events if e.explanation.get("below_threshold")]
    assert below and all((e.confidence or 0) < 0.5 for e in below)
    assert len(everything.events) == len(default.events) + len(below)
    no_cut = analyze(example_text, nlp=nlp, settings=Settings.default().replace(events={"confidence_threshold": 0}))
    assert len(no_cut.events) == len(everything.events)
    strict = analyze(example_text, nlp=nlp, settings=Settings.default().replace(events={"confidence_threshold": 0.7}))
    assert all((e.confidence or 0) >= 0.7 for e in strict.events) and len(strict.events) < len(default.events)


def test_code_that_passes_no_settings_gets_those_of_a_use_block(example_text, nlp):
    short = "\u201cdoubting about Ukraine\u2019s membership\u201d"
    with use(Settings.default().replace(attribution={"min_quote_words": 5})):
        assert short not in _quotes(analyze(example_text, nlp=nlp))
    assert short in _quotes(analyze(example_text, nlp=nlp))


def test_a_stricter_slot_confidence_drops_attributions(example_text, nlp):
    default = analyze(example_text, nlp=nlp)
    strict = analyze(example_text, nlp=nlp, settings=Settings.default().replace(attribution={"min_slot_confidence": 0.9}))
    assert 0 < len(strict.attributions) < len(default.attributions)
    assert set(_quotes(strict)) <= set(_quotes(default))


# -- through the command line and run's worker processes ---------------------------------------------

def test_run_passes_the_settings_to_its_worker_processes(tmp_path, example_text, nlp):
    from reportage.run import RunOptions, run
    from reportage.store import Store

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "putin.txt").write_text(example_text, encoding="utf-8")
    tuned = Settings.default().replace(attribution={"min_quote_words": 5}, events={"all_events": True})
    db = tmp_path / "s.duckdb"
    summary = run([str(corpus)], db, RunOptions(workers=1, progress=False, settings=tuned))  # a spawned worker
    assert (summary.done, summary.failed) == (1, 0)
    store = Store(db, read_only=True)
    try:
        doc_id = store.query("SELECT doc_id FROM documents")[1][0][0]
        stored = store.get_document(doc_id)
    finally:
        store.close()
    assert stored == analyze(example_text, doc_id=doc_id, nlp=nlp, settings=tuned).to_json()
    assert stored != analyze(example_text, doc_id=doc_id, nlp=nlp).to_json()


def test_the_command_line_reads_a_settings_file(tmp_path, example_text, capsys):
    f = tmp_path / "tuned.toml"
    f.write_text("[attribution]\nmin_quote_words = 5\n", encoding="utf-8")
    article = tmp_path / "putin.txt"
    article.write_text(example_text, encoding="utf-8")
    assert main(["analyze", str(article), "--json", "--settings", str(f)]) == 0
    out = capsys.readouterr().out
    assert "doubting about Ukraine" not in out.split('"events"')[0].split('"attributions"')[1]


@pytest.mark.parametrize("command", [["analyze", "ARTICLE"], ["run", "FOLDER", "--db", "DB", "--workers", "1"],
                                     ["serve", "--no-warm-up"], ["eval", "plover", "--data", "ARTICLE"]])
def test_a_bad_settings_file_is_exit_2_and_one_line(tmp_path, capsys, command):
    f = tmp_path / "bad.toml"
    f.write_text("[attribution]\nmin_quote_wordz = 5\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Putin said: \u201cWe have talked about it many times.\u201d\n", encoding="utf-8")
    args = [str(article) if a == "ARTICLE" else str(tmp_path) if a == "FOLDER" else str(tmp_path / "s.duckdb")
            if a == "DB" else a for a in command]
    assert main([*args, "--settings", str(f)]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [f"reportage: error: {f}: unknown setting [attribution] min_quote_wordz "
                                        "(known in [attribution]: min_quote_words, min_slot_confidence, "
                                        "min_learned_precision, min_learned_count)"]
    assert "Traceback" not in err and not (tmp_path / "s.duckdb").exists()


def test_the_web_server_s_analysis_workers_use_its_settings(example_text):
    import asyncio

    from reportage.web.analysis import AnalysisPool

    tuned = Settings.default().replace(attribution={"min_quote_words": 5})
    pool = AnalysisPool(workers=1, queue=1, timeout=120, settings=tuned)  # as `serve --settings FILE` makes it
    try:
        pool.start(wait=True)
        doc = asyncio.run(pool.analyze({"text": example_text, "published": "2023-07-13"}))
    finally:
        pool.close()
    contents = [" ".join(c["text"] for c in q["content"]) for q in doc["attributions"]]
    assert contents and "\u201cdoubting about Ukraine\u2019s membership\u201d" not in contents


def test_dedup_settings_shape_the_signatures_and_the_cut():
    from reportage.dedup import signature, similarity

    text = " ".join(f"word{i}" for i in range(200))
    sig, bands = signature(text)
    assert len(sig) == 128 * 8 and len(bands) == 16  # the defaults
    small = DedupSettings(num_perm=64, bands=8, shingle=3)
    sig64, bands64 = signature(text, small)
    assert len(sig64) == 64 * 8 and len(bands64) == 8
    assert similarity(sig, sig64) == 0.0  # made with other sizes: never near-duplicates
