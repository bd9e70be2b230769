"""Places: the offline gazetteer, toponym resolution on news sentences, located events, GDELT geo columns.

The sentences are written in wire style for these tests (none is copied from a gold set); each
exercises one disambiguation the resolver must get right by context, not by a rule for that name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportage.cli import main
from reportage.document import Document
from reportage.nlp import load_nlp
from reportage.pipeline import analyze
from reportage.places.gazetteer import Gazetteer, distance_km, load_gazetteer
from reportage.places.names import fold, keys

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLE = SHARED / "examples" / "putin-nato-sachkhabrain.txt"
REALNEWS = SHARED / "data" / "realnews" / "articles.jsonl"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def places_of(nlp, text: str, published: str = "2024-03-05") -> tuple[Document, dict[str, dict]]:
    doc = analyze(text, published=published, nlp=nlp)
    for s in doc.spans():
        assert text[s.start:s.end] == s.text
    by_mention = {m.text: {"name": p.name, **p.geo} for p in doc.places for m in p.mentions}
    return doc, by_mention


# ------------------------------------------------------------------------------------------- gazetteer

def test_folding_and_keys():
    assert fold("Kyïv") == fold("KYIV") == "kyiv"
    assert "west bank" in keys("the West Bank")
    assert keys("Calif.") == {"calif."}  # an abbreviation only with its full stop: never the word "ill"


def test_gazetteer_knows_spellings_divisions_and_regions():
    gaz = load_gazetteer()
    kyiv, kiev = gaz.find("Kyiv"), gaz.find("Kiev")
    assert {e.id for e in kyiv} == {e.id for e in kiev} == {"703448"}
    bank = gaz.find("the West Bank")
    assert [(e.kind, e.iso2) for e in bank] == [("admin1", "PS")]
    assert any(e.kind == "feature" and e.sub == "gulf" for e in gaz.find("the Gulf"))
    assert any(e.kind == "feature" for e in gaz.find("Donbas"))
    assert gaz.fips("LT") == "LH" and gaz.iso3("LT") == "LTU"


# ------------------------------------------------------------------------------------------ resolution

def test_vilnius_capital_of_lithuania_in_the_founding_example(nlp):
    if not EXAMPLE.is_file():
        pytest.skip(f"{EXAMPLE} not found (the shared examples folder is absent)")
    text = EXAMPLE.read_text(encoding="utf-8")
    doc, by = places_of(nlp, text, "2023-07-10")
    v = by["Vilnius"]
    assert v["country"] == "LTU" and v["geonames_id"] == 593116
    assert distance_km(v["lat"], v["lon"], 54.687, 25.280) < 5
    summit = [e for e in doc.events if e.trigger.text == "summit" and e.place and e.place.get("lat") is not None]
    assert summit, "the NATO summit event is located"
    assert summit[0].place["geonames_id"] == 593116 and summit[0].place["basis"] == "sentence"


@pytest.mark.parametrize("text, mention, country, admin1", [
    ("French President Emmanuel Macron hosted European leaders in Paris on Monday to discuss aid to Ukraine.",
     "Paris", "FRA", None),
    ("A tornado tore through Paris, Texas, late on Sunday, the National Weather Service said.",
     "Paris", "USA", "TX"),
    ("Tens of thousands marched in Tbilisi as Georgia's parliament passed the foreign agents law, "
     "drawing criticism from Brussels and Washington.", "Georgia", "GEO", None),
    ("Long lines formed at polling stations in Atlanta and Savannah as Georgia and Florida held their "
     "primaries on Tuesday, with turnout high in Miami as well.", "Georgia", "USA", "GA"),
    ("Fighting between rival militias shook Tripoli overnight, the Libyan health ministry said.",
     "Tripoli", "LBY", None),
    ("The Lebanese army deployed troops in Tripoli, Lebanon, after clashes between gunmen loyal to rival "
     "factions.", "Tripoli", "LBN", None),
    ("Israeli forces raided Jenin in the occupied West Bank on Monday, Palestinian officials said.",
     "West Bank", "PSE", "WE"),
    ("Aid trucks waited at the Rafah crossing as the war in Gaza entered its fifth month.",
     "Gaza", "PSE", "GZ"),
    ("Russian missiles struck Kiev and Kharkiv overnight, Ukrainian officials said.", "Kiev", "UKR", None),
    ("Ukraine's army said it repelled attacks near Avdiivka and Bakhmut in the Donetsk region.",
     "Avdiivka", "UKR", None),
])
def test_ambiguous_names_resolve_by_context(nlp, text, mention, country, admin1):
    _, by = places_of(nlp, text)
    assert mention in by, f"{mention!r} not found as a place in: {text}"
    got = by[mention]
    assert got["country"] == country, got
    if admin1:
        assert got["admin1"] == admin1, got
    assert got["lat"] is not None and got["lon"] is not None


def test_kyiv_and_kiev_are_one_place(nlp):
    doc, by = places_of(nlp, "Officials in Kyiv said the strike on Kiev's power grid was the largest this year.")
    assert by["Kyiv"]["geonames_id"] == by["Kiev"]["geonames_id"] == 703448
    assert len([p for p in doc.places if p.geo.get("geonames_id") == 703448]) == 1


def test_a_person_named_like_a_country_is_no_place(nlp):
    _, by = places_of(nlp, "Michael Jordan said on Friday that he was proud of the young players.")
    assert "Jordan" not in by and "Michael Jordan" not in by


def test_common_words_tagged_as_places_get_no_coordinates(nlp):
    # "the West" is not West, Texas (pop. 2,800): a village needs a cue that the text means it
    doc, by = places_of(nlp, "Leaders in the West have warned that sanctions alone will not stop the war.")
    west = by.get("West")
    assert west is None or west.get("feature") != "city"


def test_places_round_trip_through_json(nlp):
    text = "Protesters gathered outside the parliament in Vilnius, the capital of Lithuania, on Tuesday."
    doc, _ = places_of(nlp, text)
    assert doc.places
    again = Document.from_json(json.loads(json.dumps(doc.to_json())))
    assert [p.to_json() for p in again.places] == [p.to_json() for p in doc.places]


def test_event_gets_the_dateline_when_its_sentence_has_no_place(nlp):
    text = ("KYIV, March 5 (Reuters) - Russia launched dozens of drones at Ukraine overnight, the air force said. "
            "Ukraine's foreign minister condemned the attack.")
    doc, by = places_of(nlp, text)
    assert by["KYIV"]["geonames_id"] == 703448
    located = [e.place for e in doc.events if e.place and e.place.get("lat") is not None]
    assert located and all(p["basis"] in {"sentence", "dateline"} for p in located)
    assert any(p["basis"] == "dateline" and p["geonames_id"] == 703448 for p in located)


# ------------------------------------------------------------------------------------------ dump + CLI

DUMP_ROWS = [
    # geonameid, name, asciiname, alternatenames, lat, lon, class, code, cc, cc2, admin1, admin2, admin3,
    # admin4, population, elevation, dem, timezone, modified
    ["9000001", "Zorvik", "Zorvik", "Zorvikk,Sorvik", "61.5", "23.75", "P", "PPL", "FI", "", "13", "", "", "",
     "4200", "", "90", "Europe/Helsinki", "2024-01-01"],
    ["9000002", "Uusimaa Test", "Uusimaa Test", "", "60.3", "25.0", "A", "ADM1", "FI", "", "18", "", "", "",
     "0", "", "10", "Europe/Helsinki", "2024-01-01"],
    ["9000003", "Tiny Hamlet", "Tiny Hamlet", "", "60.0", "24.0", "P", "PPL", "FI", "", "18", "", "", "",
     "12", "", "5", "Europe/Helsinki", "2024-01-01"],
    ["9000004", "Quiet Sea", "Quiet Sea", "", "59.0", "22.0", "H", "SEA", "", "", "00", "", "", "", "0", "",
     "0", "", "2024-01-01"],
]


def test_gazetteer_build_from_a_geonames_dump(tmp_path, capsys):
    dump = tmp_path / "cities500.txt"
    dump.write_text("".join("\t".join(r) + "\n" for r in DUMP_ROWS), encoding="utf-8")
    out = tmp_path / "custom.sqlite"
    assert main(["gazetteer", "build", str(dump), "--out", str(out)]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["source"] == "GeoNames dump cities500.txt"
    gaz = Gazetteer(out)
    zorvik = gaz.find("Sorvik")
    assert [(e.geonames_id, e.kind, e.iso2, e.admin1) for e in zorvik] == [(9000001, "city", "FI", "13")]
    assert not gaz.find("Tiny Hamlet")  # under the dump's 500-people floor
    assert [e.kind for e in gaz.find("Quiet Sea")] == ["feature"]
    assert gaz.admin1_name("FI", "18") == "Uusimaa Test"
    assert gaz.find("Lithuania")  # countries and the hand-written data come along


def test_gazetteer_build_rejects_a_malformed_dump(tmp_path, capsys):
    bad = tmp_path / "allCountries.txt"
    bad.write_text("\t".join(DUMP_ROWS[0]) + "\nnot a geonames line\n", encoding="utf-8")
    assert main(["gazetteer", "build", str(bad), "--out", str(tmp_path / "x.sqlite")]) == 2
    err = capsys.readouterr().err
    assert "allCountries.txt:2" in err and "GeoNames dump format" in err
    assert main(["gazetteer", "build", str(tmp_path / "missing.txt")]) == 2
    assert "no such GeoNames dump file" in capsys.readouterr().err


def test_gazetteer_lookup_command(capsys):
    assert main(["gazetteer", "lookup", "Tripoli", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["country"] for r in rows} >= {"LBY", "LBN"}
    assert rows[0]["country"] == "LBY"  # the capital ranks first without context


# --------------------------------------------------------------------------------------------- exports

def test_gdelt_export_fills_action_geo(nlp, tmp_path):
    from reportage.export import GDELT_COLUMNS, gdelt_rows, polecat_records
    from reportage.store import Store

    text = "NATO leaders met in Vilnius on Tuesday and pledged more air defence for Ukraine."
    doc = analyze(text, doc_id="g1", published="2023-07-11", url="https://wire.example/g1", nlp=nlp)
    assert any(e.place and e.place.get("geonames_id") == 593116 for e in doc.events)
    store = Store(tmp_path / "s.duckdb")
    store.write_documents([doc])
    rows = [dict(zip(GDELT_COLUMNS, r, strict=True)) for r in gdelt_rows(store)]
    geo = [r for r in rows if r["ActionGeo_FeatureID"] == "593116"]
    assert geo, rows
    r = geo[0]
    assert r["ActionGeo_Type"] == "4" and r["ActionGeo_CountryCode"] == "LH"
    assert r["ActionGeo_ADM1Code"].startswith("LH") and r["ActionGeo_FullName"] == "Vilnius, Lithuania"
    assert abs(float(r["ActionGeo_Lat"]) - 54.69) < 0.05 and abs(float(r["ActionGeo_Long"]) - 25.28) < 0.05
    ukraine = [r for r in rows if r["Actor2Code"] == "UKR"]  # an actor that is itself a place: its geography
    assert all(r["Actor2Geo_Type"] == "1" and r["Actor2Geo_CountryCode"] == "UP" for r in ukraine)
    assert all(r["Actor1Geo_Type"] == "" for r in rows if r["Actor1Code"].startswith("IGO"))  # NATO: no place
    pol = [p for p in polecat_records(store) if p["geonames_id"] == "593116"]
    assert all(p["country"] == "LTU" and p["latitude"] for p in pol)
    store.close()


# ----------------------------------------------------------------------------------------- real news

def test_most_place_mentions_in_real_news_get_coordinates(nlp):
    if not REALNEWS.is_file():
        pytest.skip(f"{REALNEWS} not found (the shared data folder is absent)")
    lines = REALNEWS.read_text(encoding="utf-8").splitlines()[50:56]  # past the tuning articles
    total = located = 0
    for line in lines:
        art = json.loads(line)
        doc = analyze(art["text"], published=art.get("published"), nlp=nlp)
        for p in doc.places:
            for m in p.mentions:
                assert art["text"][m.start:m.end] == m.text
                total += 1
                located += p.geo.get("lat") is not None
    assert total > 20 and located / total >= 0.85, (located, total)


def test_a_place_the_ner_calls_a_person_becomes_a_place_actor() -> None:
    doc = analyze("Iran is building a heavy water reactor near the town of Arak. The missile fell 60 miles "
                  "from Vladivostok in eastern Russia. Jonas Mbeki-Hart said he was proud.", published="2019-06-01")
    by_name = {a.name: a for a in doc.actors}
    assert (by_name["Arak"].type, by_name["Arak"].code) == ("GPE", "IRN")
    assert (by_name["Vladivostok"].type, by_name["Vladivostok"].code) == ("GPE", "RUS")
    assert by_name["Jonas Mbeki-Hart"].type == "PERSON"
