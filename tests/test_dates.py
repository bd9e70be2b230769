"""Publication dates: one parser, clear errors, and every place a corpus gives a date is used in order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportage import dates
from reportage.cli import main
from reportage.dates import DateError, choose, from_filename, from_text, from_url, parse_day, parse_loose

REALNEWS = Path(__file__).resolve().parents[2] / "shared" / "data" / "realnews" / "articles.jsonl"
BODY = ("Russian President Vladimir Putin said on Tuesday that talks with Ukraine would continue, "
        "and Foreign Minister Sergei Lavrov told reporters that the delegations would meet again.")


@pytest.mark.parametrize("value", ["2013/05/28", "28.05.2013", "2019-02-30", "yesterday", "2019-3-12", ""])
def test_bad_dates_are_errors_naming_the_input(value):
    with pytest.raises(DateError) as err:
        parse_day(value, "--date")
    assert "--date" in str(err.value) and repr(value) in str(err.value) and "YYYY-MM-DD" in str(err.value)


def test_good_dates():
    assert parse_day("2019-03-12") == "2019-03-12"
    assert parse_day("2019-03-12T23:10:00Z") == "2019-03-12"
    assert dates.day_or_none("2016-10-01T12:00") == "2016-10-01"
    assert dates.day_or_none("2016-02-30") is None and dates.day_or_none("not-a-date") is None
    assert dates.to_date("2020-01-07").isoformat() == "2020-01-07"


@pytest.mark.parametrize("value, day", [
    ("Tue, 12 Mar 2019 10:00:00 GMT", "2019-03-12"),  # RFC 2822, as feeds write
    ("2019/3/12", "2019-03-12"), ("20190312", "2019-03-12"), ("1552384800", "2019-03-12"), (1552384800, "2019-03-12"),
    ("12 March 2019", "2019-03-12"), ("March 12, 2019", "2019-03-12"), ("2016-09-12T23:00:00-05:00", "2016-09-12"),
    ("not-a-date", None), ("", None), ("12 March", None),
])
def test_metadata_forms(value, day):
    assert parse_loose(value) == day


@pytest.mark.parametrize("name, day", [
    ("breitbart_2016-09-12_trump-rally.txt", "2016-09-12"), ("corpus/20160912-ap.html", "2016-09-12"),
    ("2016_09_12.txt", "2016-09-12"), ("story-123456789.txt", None), ("a-2016-13-01.txt", None), ("notes.txt", None),
])
def test_file_name_dates(name, day):
    assert from_filename(name) == day


def test_url_dates():
    assert from_url("https://www.cnn.com/2020/01/16/politics/iran/index.html") == "2020-01-16"
    assert from_url("https://example.org/news/2016-09-12/story") == "2016-09-12"
    assert from_url("https://example.org/a/20160912") is None  # an 8-digit run in a URL is an article number
    assert from_url("http://www.csmonitor.com/World/2013/1227/Egypt") is None


@pytest.mark.parametrize("text, day", [
    ("Talks resume\n\nPublished: 12 March 2019\n\n" + BODY, "2019-03-12"),
    ("Updated 10:32 AM ET, Tue January 7, 2020\n\nWASHINGTON (CNN) " + BODY, "2020-01-07"),
    ("Talks resume\nTuesday 12 March 2019 10.32 GMT\n" + BODY, "2019-03-12"),
    ("WASHINGTON, Jan. 7, 2020 /PRNewswire/ -- " + BODY, "2020-01-07"),
    # a dateline without its year takes the copyright line's
    ("MOSCOW, March 3 (Reuters) - " + BODY + "\n\n(c) 2019 Reuters", "2019-03-03"),
    ("MOSCOW, March 3 (Reuters) - " + BODY, None),  # no year anywhere: no date rather than a guess
    ("Talks resume\n\nFirst published on Tue 12 Mar 2019 10.32 GMT\nLast modified on Wed 13 Mar 2019\n" + BODY,
     "2019-03-12"),
    ("The talks on March 3, 2019 ended without a deal. " + BODY, None),  # a date in the story is an event's
])
def test_date_lines_and_datelines(text, day):
    assert from_text(text) == day


def test_choose_order_and_bad_metadata():
    both = dict(filename="x_2016-09-12.txt", metadata="2017-01-01", url="https://a.org/2018/02/03/x",
                text="Published: 4 May 2019\n" + BODY)
    assert (choose(option="2015-05-05", **both).day, choose(option="2015-05-05", **both).source) == ("2015-05-05", "option")
    assert choose(**both).source == "filename"
    assert choose(**{**both, "filename": None}).source == "metadata"
    assert choose(**{**both, "filename": None, "metadata": None}).source == "url"
    assert choose(**{**both, "filename": None, "metadata": None, "url": None}).source == "text"
    bad = choose(metadata="not-a-date", what="a.jsonl:3")
    assert bad.day is None and bad.source is None
    assert bad.warnings == ["a.jsonl:3: publication date 'not-a-date' in the metadata is not a date; treated as no date"]


def test_urls_of_real_news_give_their_publication_day():
    """On the real-news set, a date in the URL is the publication date wherever there is one."""
    if not REALNEWS.exists():
        pytest.skip(f"{REALNEWS} not found (the shared data folder is needed)")
    rows = [json.loads(line) for line in REALNEWS.open(encoding="utf-8")]
    found = [(from_url(r["url"]), r["published"]) for r in rows]
    dated = [(f, p) for f, p in found if f]
    assert len(dated) >= 200 and all(f == p for f, p in dated)
    # and no text of the set yields a wrong date (none states its full date at the top)
    assert all(from_text(r["text"]) in (None, r["published"]) for r in rows)


@pytest.mark.parametrize("command", ["analyze", "run", "actors"])
def test_date_options_are_validated(command, tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text(BODY, encoding="utf-8")
    argv = {"analyze": ["analyze", str(f), "--date", "2013/05/28"],
            "run": ["run", str(f), "--db", str(tmp_path / "x.duckdb"), "--date", "2013/05/28"],
            "actors": ["actors", "lookup", "Putin", "--date", "2013/05/28"]}[command]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.strip() == "reportage: error: --date '2013/05/28': not a date (expected YYYY-MM-DD, e.g. 2019-03-12)"
    assert not (tmp_path / "x.duckdb").exists()


def test_analyze_takes_the_date_from_the_file_name(tmp_path, capsys):
    f = tmp_path / "reuters_2016-09-12_talks.txt"
    f.write_text(BODY, encoding="utf-8")
    assert main(["analyze", str(f), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["published"] == "2016-09-12" and doc["id"] == "reuters_2016-09-12_talks"
    assert not any("no publication date" in w for w in doc.get("warnings", []))


def test_run_dates_every_document_and_counts_those_without(tmp_path, capsys):
    """A folder run: dates from file names, a date line, JSONL metadata; a bad metadata date is a warning."""
    from reportage.store import Store

    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "breitbart_2016-09-12_rally.txt").write_text(BODY, encoding="utf-8")
    (folder / "wire.txt").write_text("Talks resume\n\nPublished: 12 March 2019\n\n" + BODY, encoding="utf-8")
    (folder / "undated.txt").write_text("Ukraine talks. " + BODY, encoding="utf-8")
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps({"id": "good", "published": "2018-07-26T10:00:00Z", "text": "One. " + BODY}) + "\n"
                       + json.dumps({"id": "bad", "published": "not-a-date", "text": "Two. " + BODY}) + "\n",
                       encoding="utf-8")
    db = tmp_path / "c.duckdb"
    code = main(["run", str(folder), str(records), "--db", str(db), "--workers", "1", "--quiet", "--no-dedup",
                 "--id-col", "id"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "no date 2" in err and "2 documents had no publication date" in err
    assert "1 document had a publication date in the metadata that is not a date" in err
    with Store(db, read_only=True) as store:
        rows = dict((r[0], r[1:]) for r in store.query(
            "SELECT doc_id, published, date_source, warnings FROM documents")[1])
    assert rows["breitbart_2016-09-12_rally"][:2] == ("2016-09-12", "filename")
    assert rows["wire"][:2] == ("2019-03-12", "text")
    assert rows["good"][:2] == ("2018-07-26", "metadata")
    assert rows["bad"][:2] == (None, "invalid") and "'not-a-date' in the metadata is not a date" in rows["bad"][2]
    assert rows["undated"][:2] == (None, None)
    # --date wins over everything, for every document
    db2 = tmp_path / "d.duckdb"
    assert main(["run", str(folder), "--db", str(db2), "--workers", "1", "--quiet", "--no-dedup",
                 "--date", "2014-02-02"]) == 0
    with Store(db2, read_only=True) as store:
        assert set(store.query("SELECT published, date_source FROM documents")[1]) == {("2014-02-02", "option")}
