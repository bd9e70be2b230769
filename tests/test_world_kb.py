"""The world base of dated office-holders (reportage/actors/build_world.py and its packaged files).

Lookups use the packaged data only; the rebuild and position-coverage tests read ../shared/data/officeholders
and skip when it is absent.
"""

from __future__ import annotations

import csv
import filecmp
import json
from pathlib import Path

import pytest

from reportage.actors.build_world import build, classify, load_positions
from reportage.actors.kb import DATA, load_kb

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
OFFICEHOLDERS = SHARED / "data" / "officeholders"
GENERATED = ("world_people.tsv", "world_ids.tsv", "first_names.tsv", "parties.tsv")

# (name as the news writes it, date, expected code or None for "not coded", expected role or None to skip)
# chosen across continents, with dates on both sides of a change of office
CASES = [
    ("Imran Khan", "2016-06-01", None, None),
    ("Imran Khan", "2019-06-01", "PAKGOV", "prime_minister"),
    ("Imran Khan", "2023-06-01", None, None),
    ("Kassym-Jomart Tokayev", "2022-01-05", "KAZGOV", "president"),
    ("Kassym-Jomart Tokaev", "2022-01-05", "KAZGOV", "president"),
    ("Kasym-Zhomart Tokayev", "2022-01-05", "KAZGOV", "president"),
    ("Keir Starmer", "2025-03-01", "GBRGOV", "prime_minister"),
    ("Bashar al-Assad", "2015-06-01", "SYRGOV", "president"),
    ("Bashar Assad", "2015-06-01", "SYRGOV", "president"),
    ("Nancy Pelosi", "2019-06-01", "USALEG", "speaker"),
    ("Kim Jong Un", "2019-06-01", "PRKGOV", None),
    ("Kim Jong-un", "2019-06-01", "PRKGOV", None),
    ("Moon Jae-in", "2019-06-01", "KORGOV", "president"),
    ("Moon Jae In", "2019-06-01", "KORGOV", "president"),
    ("Steven Mnuchin", "2019-06-01", "USAGOV", "finance_minister"),
    ("Gina Haspel", "2019-06-01", "USASPY", None),
    ("Anton Siluanov", "2019-06-01", "RUSGOV", "finance_minister"),
    ("Vladimir Putin", "2010-06-01", "RUSGOV", "prime_minister"),
    ("Vladimir Putin", "2020-06-01", "RUSGOV", "president"),
    ("Jacob Zuma", "2012-06-01", "ZAFGOV", "president"),
    ("Muhammadu Buhari", "2019-06-01", "NGAGOV", "president"),
    ("Uhuru Kenyatta", "2019-06-01", "KENGOV", "president"),
    ("William Ruto", "2023-06-01", "KENGOV", "president"),
    ("Abiy Ahmed", "2019-06-01", "ETHGOV", "prime_minister"),
    ("Abdel Fattah el-Sisi", "2019-06-01", "EGYGOV", "president"),
    ("Nicolás Maduro", "2019-06-01", "VENGOV", "president"),
    ("Gustavo Petro", "2023-06-01", "COLGOV", "president"),
    ("Scott Morrison", "2019-06-01", "AUSGOV", "prime_minister"),
    ("Jacinda Ardern", "2019-06-01", "NZLGOV", "prime_minister"),
    ("Rodrigo Duterte", "2019-06-01", "PHLGOV", "president"),
    ("Tsai Ing-wen", "2019-06-01", "TWNGOV", "president"),
    ("Sheikh Hasina", "2019-06-01", "BGDGOV", "prime_minister"),
    ("Ilham Aliyev", "2020-06-01", "AZEGOV", "president"),
    ("Nikol Pashinyan", "2020-06-01", "ARMGOV", "prime_minister"),
    ("Sanna Marin", "2020-06-01", "FINGOV", "prime_minister"),
    ("Olzhas Bektenov", "2024-06-01", "KAZGOV", "prime_minister"),
    ("Shehbaz Sharif", "2023-06-01", "PAKGOV", "prime_minister"),
    ("António Guterres", "2019-06-01", "IGOUNO", "secretary_general"),
    ("Antonio Guterres", "2019-06-01", "IGOUNO", "secretary_general"),
]


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize("name,day,code,role", CASES)
def test_office_holders_on_dates(kb, name, day, code, role):
    entry = kb.lookup(name)
    assert entry is not None, f"{name!r} is not in the base"
    r = entry.role_at(day)
    got = r.code if r and r.dated else None
    if code is None:
        assert got is None or not got.endswith(("GOV", "LEG", "MIL")), f"{name} on {day}: {r}"
        return
    assert got == code, f"{name} on {day}: {r}"
    if role is not None:
        assert r.role == role, f"{name} on {day}: {r}"
    assert r.source, "every role says where it comes from"


def test_starmer_is_prime_minister_only_from_2024(kb):
    starmer = kb.lookup("Keir Starmer")
    assert starmer.role_at("2022-06-01").role != "prime_minister"
    assert [e.name for e, _ in kb.holder("GBR", "prime_minister", "2022-06-01")] == ["Boris Johnson"]
    assert [e.name for e, _ in kb.holder("GBR", "prime_minister", "2023-06-01")] == ["Rishi Sunak"]
    assert [e.name for e, _ in kb.holder("GBR", "prime_minister", "2025-03-01")] == ["Keir Starmer"]


def test_open_roles_end_at_a_later_source(kb):
    # Wikidata leaves Johnson's and Assad's terms open; the Factbook names a successor / a vacancy
    johnson = kb.lookup("Boris Johnson")
    assert johnson.role_at("2023-06-01").role != "prime_minister"
    assert kb.lookup("Bashar al-Assad").role_at("2025-06-01").role != "president"
    assert [e.name for e, _ in kb.holder("KAZ", "president", "2022-01-05")] == ["Kassym-Jomart Tokayev"]


def test_holder_answers_once_per_person(kb):
    # Putin's presidency is in people.tsv, Wikidata and the Factbook: one answer
    assert [e.id for e, _ in kb.holder("RUS", "president", "2020-06-01")] == ["Q7747"]


def test_merged_ids_and_sources(kb):
    putin = kb.lookup("Vladimir Putin")
    assert putin.id == "Q7747"
    assert kb.entry("p:vladimir_putin") is putin  # the curated id still resolves
    sources = {r.source.split(",")[0].split(":")[0] for r in putin.roles}
    assert {"curated", "phoenix"} <= sources  # older roles kept
    assert putin.role_at("1995-01-01").code == "RUSELI"  # a Phoenix role from before Wikidata's
    ids = [e.id for e in kb.entries.values() if e.type == "PERSON" and e.name == "Vladimir Putin"]
    assert ids == ["Q7747"]


def test_gender_and_first_names(kb):
    assert kb.lookup("Nancy Pelosi").gender == "female"
    assert kb.lookup("Vladimir Putin").gender == "male"
    assert kb.lookup("Angela Merkel").gender == "female"  # curated: from her first name among office-holders
    assert kb.guess_gender("Maria Smithson") == "female"  # first name among office-holders
    assert kb.guess_gender("Mohammed Qureshi") == "male"
    assert kb.guess_gender("Xq Zzyzx") == ""


def test_surname_index_uses_family_name_order(kb):
    assert "Q44329" in kb.surnames.get("assad", [])  # "al-Assad" is also indexed as "Assad"
    assert [e.name for e in kb.by_surname("Tokayev", "2022-01-05")] == ["Kassym-Jomart Tokayev"]
    xi = kb.lookup("Xi Jinping")
    assert xi.id not in kb.surnames.get("jinping", [])  # a Chinese name puts the family name first


def test_parties_are_coded_and_not_generic(kb):
    parties = [e for e in kb.entries.values() if e.id.startswith("pf:")]
    assert len(parties) > 1000
    assert all(e.roles[0].code.endswith("PTY") for e in parties)
    assert kb.lookup("Democratic Party") is None or not kb.lookup("Democratic Party").id.startswith("pf:")
    # acronyms shorter than 4 letters are never names of a party
    assert all(len(a) >= 4 for e in parties for a in e.aliases if a.isupper())


def test_lookup_command_prints_sources(capsys):
    from reportage.cli import main

    assert main(["actors", "lookup", "Tokayev", "--date", "2022-01-05"]) == 0
    out = capsys.readouterr().out
    assert "Kassym-Jomart Tokayev" in out and "KAZGOV" in out and "factbook:" in out and "wikidata:" in out
    assert main(["actors", "lookup", "Imran Khan", "--date", "2019-06-01", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answers"][0]["role"]["source"]


# ---- position titles -------------------------------------------------------------------------------

def _titles() -> set[tuple[str, str]]:
    rows = {r["slug"]: r["code"] for r in csv.DictReader(
        (ln for ln in (DATA / "world_sources.tsv").read_text(encoding="utf-8").splitlines()
         if not ln.startswith("#")), delimiter="\t")}
    out: set[tuple[str, str]] = set()
    for path in sorted((OFFICEHOLDERS / "wikidata-cabinets").glob("*.csv")):
        if path.name.endswith(".positions.csv"):
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                out.add((" ".join(row["position"].split()), rows[path.stem]))
    return out


def _need_shared() -> None:
    if not OFFICEHOLDERS.is_dir():
        pytest.skip(f"{OFFICEHOLDERS} is absent (the shared data folder is needed for this test)")


def test_every_position_title_is_mapped_or_explicitly_uncoded():
    _need_shared()
    rules = load_positions()
    missing = sorted(t for t, c in _titles() if classify(t, rules, c) is None)
    assert not missing, f"{len(missing)} titles match no row of positions.tsv: {missing[:20]}"


@pytest.mark.parametrize("title,country,sector,role", [
    ("Prime Minister", "GBR", "GOV", "prime_minister"),
    ("Deputy Prime Minister", "GBR", "GOV", ""),
    ("First Deputy Prime Minister", "RUS", "GOV", ""),
    ("Vice Premier", "CHN", "GOV", ""),
    ("Premier of Quebec", "CAN", "GOV", ""),
    ("Prime Minister of Republika Srpska", "BIH", "GOV", ""),
    ("Spouse of the President", "ARG", "-", ""),
    ("First Lady", "USA", "-", ""),
    ("Minister of Foreign Affairs", "FRA", "GOV", "foreign_minister"),
    ("Deputy Minister of Foreign Affairs", "RUS", "GOV", ""),
    ("Minister of State for Foreign Affairs", "GBR", "GOV", ""),
    ("Secretary of State", "USA", "GOV", "foreign_minister"),
    ("Secretary of State", "AUT", "GOV", ""),
    ("Minister of Defence", "DEU", "GOV", "defence_minister"),
    ("Chief of the General Staff", "RUS", "MIL", "army_chief"),
    ("Chief of Naval Staff", "IND", "MIL", ""),
    ("Minister of Justice", "FRA", "GOV", "justice_minister"),
    ("Justice of the Supreme Court", "USA", "JUD", ""),
    ("Attorney General", "GBR", "JUD", ""),
    ("Speaker of the House of Representatives", "USA", "LEG", "speaker"),
    ("Deputy Speaker of the National Assembly", "KOR", "LEG", ""),
    ("Speaker of the Legislative Assembly of Ontario", "CAN", "LEG", ""),
    ("Secretary-General of the United Nations", "", "IGOUNO", "secretary_general"),
    ("Director of the CIA", "USA", "SPY", ""),
    ("Governor of the Central Bank", "TUR", "GOV", "central_bank_president"),
    ("Deputy Governor of the Central Bank", "TUR", "GOV", ""),
    ("Supreme Commander-in-Chief of the Armed Forces", "RUS", "-", ""),
    ("Leader of the Opposition", "GBR", "OPP", "opposition_leader"),
    ("Chairman of the Financial Services Commission", "KOR", "GOV", ""),
])
def test_titles_are_coded_on_purpose(title, country, sector, role):
    rule = classify(title, load_positions(), country)
    assert rule is not None and (rule.sector, rule.role) == (sector, role), (title, rule)


# ---- reproducible build ----------------------------------------------------------------------------

def test_rebuild_gives_the_packaged_files(tmp_path):
    _need_shared()
    build(OFFICEHOLDERS, tmp_path)
    for name in GENERATED:
        assert filecmp.cmp(tmp_path / name, DATA / name, shallow=False), (
            f"{name} differs from a rebuild: run python -m reportage.actors.build_world {OFFICEHOLDERS}")
