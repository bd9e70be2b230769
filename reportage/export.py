"""Exports of a store to what the field's tools read: GDELT 2.0 events, POLECAT-style JSONL, Parquet, CSV.

* ``gdelt``: the 61 tab-separated columns of a GDELT 2.0 event file, one row per event record
  (see the ``v_event_records`` view: mentions of one event across documents and reprints are
  merged, and NumMentions / NumSources / NumArticles count them). Columns this tool does not
  produce (religion, ethnic and known-group codes, AvgTone) are left empty, as
  GDELT leaves unknown fields empty. Negated events are not exported. ActionGeo_* come from the
  event's located place (reportage.places): FIPS country codes, ADM1 = FIPS country + admin1 code,
  FeatureID = GeoNames id; Actor1Geo_*/Actor2Geo_* only for an actor that is itself a place.
* ``polecat``: one JSON object per PLOVER-coded event mention, with POLECAT's fields (event type,
  mode, actor/recipient name, country, sector, location, source) plus the spans that prove it.
* ``parquet`` / ``csv``: every table and view, one file each, in a folder.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from reportage.inputs import InputError
from reportage.store.read import EventFilter, Reader

GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor1{c}" for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                              "Religion2Code", "Type1Code", "Type2Code", "Type3Code")],
    *[f"Actor2{c}" for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                              "Religion2Code", "Type1Code", "Type2Code", "Type3Code")],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action")
      for c in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")],
    "DATEADDED", "SOURCEURL",
]
# GDELT's types, for readers that want them (pandas dtype names)
GDELT_TYPES = {c: "string" for c in GDELT_COLUMNS}
GDELT_TYPES.update({c: "Int64" for c in ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent",
                                         "QuadClass", "NumMentions", "NumSources", "NumArticles", "DATEADDED",
                                         "Actor1Geo_Type", "Actor2Geo_Type", "ActionGeo_Type")})
GDELT_TYPES.update({c: "float64" for c in ("FractionDate", "GoldsteinScale", "AvgTone", "Actor1Geo_Lat",
                                           "Actor1Geo_Long", "Actor2Geo_Lat", "Actor2Geo_Long", "ActionGeo_Lat",
                                           "ActionGeo_Long")})

TABLES_EXPORTED = ("documents", "actors", "mentions", "attributions", "events", "failures", "runs", "stories",
                   "v_event_records", "v_statements_by_speaker", "v_top_actors")
# exported when the store has them (a store written before quote clusters existed does not)
OPTIONAL_TABLES = ("quote_clusters", "quote_versions")
FORMATS = ("gdelt", "polecat", "parquet", "csv")


# Characters that end a field or a row for some reader of a tab-separated file: tabs and every line
# break (pandas splits on \r and \n, Python's splitlines on \v \f \x1c-\x1e \x85 \u2028 \u2029 too),
# and the double quote, which opens a quoted field for pandas and DuckDB but not for GDELT's own
# readers (plain splits on tabs): GDELT files have no quoting convention, so no quote is written.
_UNSAFE = re.compile(r"[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
QID = re.compile(r"^Q[1-9]\d*$")


def _clean(v: Any) -> str:
    """A GDELT field: tabs and line breaks become one space, a double quote becomes a single quote."""
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".") if v == v else ""
    return _UNSAFE.sub(" ", str(v)).replace('"', "'")


_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def json_line(obj: Any) -> str:
    """One JSON Lines record: UTF-8 kept readable, but the characters that ``str.splitlines`` (and
    so many line readers) treat as line breaks are escaped, so one record is always one line."""
    return json.dumps(obj, ensure_ascii=False, default=str).translate(_LINE_BREAKS)


def wikidata_id(kb_id: str | None) -> str | None:
    """The Wikidata QID of a knowledge-base id, when the id is one (``Q7747``); curated or Phoenix ids are not."""
    return kb_id if kb_id and QID.match(kb_id) else None


def _fraction(d: date) -> float:
    return d.year + (d.timetuple().tm_yday - 1) / 365.0


def gdelt_row(r: dict[str, Any], geo: _Geo) -> list[str]:
    """One GDELT 2.0 row (61 cleaned fields) of an event record (a row of ``v_event_records``).

    The one layout of every GDELT output: ``reportage export --format gdelt`` and the web's download.
    """
    day: date | None = r["day"]
    added: datetime | None = r["date_added"]
    out = dict.fromkeys(GDELT_COLUMNS, "")
    out.update({
        "GLOBALEVENTID": r["global_event_id"],
        "SQLDATE": day.strftime("%Y%m%d") if day else "",
        "MonthYear": day.strftime("%Y%m") if day else "",
        "Year": day.year if day else "",
        "FractionDate": round(_fraction(day), 4) if day else "",
        "IsRootEvent": r["is_root"], "EventCode": r["cameo"], "EventBaseCode": r["base_code"],
        "EventRootCode": r["root_code"], "QuadClass": r["quad_class"], "GoldsteinScale": r["goldstein"],
        "NumMentions": r["num_mentions"], "NumSources": r["num_sources"], "NumArticles": r["num_articles"],
        "DATEADDED": added.strftime("%Y%m%d%H%M%S") if added else "",
        "SOURCEURL": r["source_url"] or "",
    })
    for n, side in (("1", "source"), ("2", "target")):
        out[f"Actor{n}Code"] = r[f"{side}_code"]
        out[f"Actor{n}Name"] = (r[f"{side}_name"] or "").upper()
        out[f"Actor{n}CountryCode"] = r[f"{side}_country"]
        out[f"Actor{n}Type1Code"] = r[f"{side}_sector"]
    if r["place_name"] or r["place_lat"] is not None:
        out.update(geo.action(r))
    for n, side in (("1", "source"), ("2", "target")):
        out.update(geo.actor(n, r[f"{side}_key"], r["doc_ids"]))
    return [_clean(out[c]) for c in GDELT_COLUMNS]


def gdelt_rows(reader: Reader, f: EventFilter | None = None, limit: int | None = None) -> Iterator[list[str]]:
    """The GDELT 2.0 rows of the store's event records in day / GLOBALEVENTID order (with ``f``: the
    records holding a mention the filter keeps), as lists of strings."""
    geo = _Geo(reader)
    for r in reader.event_records(f, limit):
        yield gdelt_row(r, geo)


def gdelt_lines(reader: Reader, f: EventFilter | None = None, limit: int | None = None) -> Iterator[str]:
    """:func:`gdelt_rows` as lines of a GDELT file (tab-separated, newline-terminated)."""
    for row in gdelt_rows(reader, f, limit):
        yield "\t".join(row) + "\n"


def polecat_records(reader: Reader) -> Iterator[dict[str, Any]]:
    """POLECAT-style records: one per PLOVER-coded event mention, with its evidence spans."""
    geo = _Geo(reader)
    for r in reader.polecat_mentions():
        day = r["event_day"]
        yield {
        "event_id": f"{r['doc_id']}-{r['event_id']}",
        "global_event_id": r["global_event_id"],
        "event_date": day.isoformat() if day else None,
        "event_type": r["plover"], "event_mode": r["mode"], "event_intensity": r["goldstein"],
        "quad_code": r["quad_class"], "cameo": r["cameo"],
        "contexts": [c for c in (r["modality"], "hedged" if r["hedged"] else None) if c],
        "actor_name": r["source_name"], "actor_country": r["source_country"],
        "actor_sector": r["source_sector"], "actor_code": r["source_code"], "actor_title": r["source_title"],
        "actor_wikidata_id": wikidata_id(r["source_kb"]), "actor_kb_id": r["source_kb"],
        "recipient_name": r["target_name"], "recipient_country": r["target_country"],
        "recipient_sector": r["target_sector"], "recipient_code": r["target_code"],
        "recipient_title": r["target_title"], "recipient_wikidata_id": wikidata_id(r["target_kb"]),
        "recipient_kb_id": r["target_kb"],
        "placename": r["place_name"], "country": r["place_country"],
        "state": geo.place(r["place_id"]).get("admin1_name") or r["place_adm1"],
        "latitude": r["place_lat"], "longitude": r["place_lon"], "geonames_id": r["place_id"],
        "feature": geo.place(r["place_id"]).get("feature"),
        "location_basis": geo.place(r["place_id"]).get("basis"),
        "source": r["outlet"], "url": r["url"], "publication_date": r["published"], "title": r["title"],
        "language": r["language"], "doc_id": r["doc_id"],
        "num_mentions": r["num_mentions"], "num_sources": r["num_sources"],
        "num_articles": r["num_articles"],
        "trigger": {"start": r["trigger_start"], "end": r["trigger_end"], "text": r["trigger_text"]},
        "sentence": {"start": r["sentence_start"], "end": r["sentence_end"], "text": r["sentence_text"]},
        "attribution": r["attribution_id"],
    }


# GDELT geographic types by (gazetteer feature, is in the US); "feature" (seas, regions, landmarks) is a point
_GDELT_GEO_TYPE = {("country", False): 1, ("country", True): 1, ("admin1", True): 2, ("city", True): 3,
                   ("city", False): 4, ("feature", False): 4, ("feature", True): 3, ("admin1", False): 5}


class _Geo:
    """The geographic columns of the exports (branch places; docs/places.md): the event's located place
    (its JSON in events.place) turned into GDELT's conventions: FIPS 10-4 country codes, ADM1 codes as
    FIPS country + GeoNames admin1 code, the GeoNames id as FeatureID."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self._places: dict[Any, dict[str, Any]] = {}
        self._doc_places: dict[str, dict[str, dict[str, Any] | None]] = {}
        self._gaz: Any = None

    def place(self, place_id: Any) -> dict[str, Any]:
        if place_id is None:
            return {}
        if place_id not in self._places:
            self._places[place_id] = self.reader.place(place_id)
        return self._places[place_id]

    def fips(self, iso3: str | None) -> str | None:
        if not iso3:
            return None
        if self._gaz is None:
            try:
                from reportage.places.gazetteer import load_gazetteer

                self._gaz = load_gazetteer()
            except (InputError, OSError):
                self._gaz = False
        if not self._gaz:
            return None
        iso2 = self._gaz.iso2(iso3)
        return self._gaz.fips(iso2) if iso2 else None

    def actor(self, n: str, key: str | None, doc_ids: list[str] | None) -> dict[str, Any]:
        """ActorNGeo_*: only the simple case, an actor that is itself a resolved place (a country, a
        capital standing for its government: "Ukraine", "Moscow said"). Other actors stay blank."""
        if not key or not doc_ids:
            return {}
        doc_id = doc_ids[0]
        if doc_id not in self._doc_places:
            places, ids = self.reader.document_places(doc_id)
            self._doc_places[doc_id] = {k: next((p for p in places if a in (p.get("actors") or [])
                                                 and p.get("lat") is not None), None) for k, a in ids.items()}
        p = self._doc_places[doc_id].get(key)
        if not p:
            return {}
        fips = self.fips(p.get("country"))
        return {
            f"Actor{n}Geo_Type": _GDELT_GEO_TYPE.get((p.get("feature") or "", p.get("country") == "USA"), 4),
            f"Actor{n}Geo_FullName": p.get("fullname") or p.get("name"),
            f"Actor{n}Geo_CountryCode": fips or p.get("country") or "",
            f"Actor{n}Geo_ADM1Code": (fips or "") + (p.get("admin1") or "") if fips else "",
            f"Actor{n}Geo_Lat": p.get("lat"), f"Actor{n}Geo_Long": p.get("lon"),
            f"Actor{n}Geo_FeatureID": p.get("geonames_id") or p.get("gazetteer_id") or "",
        }

    def action(self, r: dict[str, Any]) -> dict[str, Any]:
        p = self.place(r["place_id"])
        fips = self.fips(r["place_country"])
        feature = p.get("feature")
        if r["place_lat"] is None:  # a named place without coordinates: its country, if known
            return {"ActionGeo_Type": 1 if r["place_country"] else "", "ActionGeo_FullName": r["place_name"],
                    "ActionGeo_CountryCode": fips or r["place_country"], "ActionGeo_ADM1Code": fips or ""}
        adm1 = p.get("admin1")
        return {
            "ActionGeo_Type": _GDELT_GEO_TYPE.get((feature or "", r["place_country"] == "USA"), 4),
            "ActionGeo_FullName": p.get("fullname") or r["place_name"],
            "ActionGeo_CountryCode": fips or r["place_country"] or "",
            "ActionGeo_ADM1Code": (fips or "") + (adm1 or "") if fips else "",
            "ActionGeo_Lat": r["place_lat"], "ActionGeo_Long": r["place_lon"],
            "ActionGeo_FeatureID": r["place_id"] or p.get("feature_id") or "",
        }


@contextmanager
def _output(out: str | Path | None) -> Iterator[IO[str]]:
    if out is None or str(out) == "-":
        yield sys.stdout
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        yield fh


def export(store: Reader, fmt: str, out: str | Path | None = None, header: bool = False) -> dict[str, int]:
    """Write the store in ``fmt`` to ``out`` (a file, or '-' for stdout; a folder for parquet/csv)."""
    if fmt == "gdelt":
        n = 0
        with _output(out) as fh:
            if header:
                fh.write("\t".join(GDELT_COLUMNS) + "\n")
            for row in gdelt_rows(store):
                fh.write("\t".join(row) + "\n")
                n += 1
        return {"events": n}
    if fmt == "polecat":
        n = 0
        with _output(out) as fh:
            for rec in polecat_records(store):
                fh.write(json_line(rec) + "\n")
                n += 1
        return {"events": n}
    if fmt in ("parquet", "csv"):
        if out is None or str(out) == "-":
            raise InputError(f"--format {fmt}: give a folder with --out (one file per table)")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        present = store.table_names()
        return {table: store.copy_table(table, folder / f"{table}.{fmt}", fmt)
                for table in (*TABLES_EXPORTED, *(t for t in OPTIONAL_TABLES if t in present))}
    raise InputError(f"--format {fmt}: unknown format ({', '.join(FORMATS)})")
