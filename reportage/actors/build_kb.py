"""Maintainer tool: convert the Phoenix/PETRARCH dictionaries and ISO 3166 into the project's TSV files.

Run once when the sources change; the generated files are committed, the run-time loader never
reads the original dictionaries::

    python -m reportage.actors.build_kb ../shared/data/dictionaries [--iso /usr/share/iso-codes/json/iso_3166-1.json]

What the conversion cleans:

* TABARI syntax (``NAME_``, ``+ALIAS``, ``{PLURAL}``, ``!MACRO!``, comments) becomes plain phrases;
* two-digit years (``090120``) become ISO dates (years up to 30 are 20xx);
* overlapping date ranges with the same code are merged, so one role never overlaps itself;
* roles left open in the 2014 dictionaries (``>090120``) are closed at the dictionary's date,
  because nothing says who still holds them: current office holders live in ``people.tsv``;
* codes whose 3-letter parts are not in ``codes.tsv`` are dropped and counted.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
PHOENIX_DATE = "2014-01-30"  # "Generated at: Thu Jan 30 2014" in Phoenix.Countries.actors.txt
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
               "Phoenix.MilNonState.actors.txt")
HEADER = ["id", "type", "name", "aliases", "code", "start", "end", "title", "role"]

_CODE = re.compile(r"\[([^\]]*)\]")


def _date(raw: str) -> str | None:
    raw = raw.strip()
    if not raw.isdigit():
        return None
    if len(raw) == 6:
        yy = int(raw[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        month, day = raw[2:4], raw[4:6]
    elif len(raw) == 8:
        year, month, day = int(raw[:4]), raw[4:6], raw[6:8]
    else:
        return None
    if not ("01" <= month <= "12" and "01" <= day <= "31"):
        return None
    return f"{year:04d}-{month}-{day}"


def _phrase(raw: str) -> str:
    """``RUSSIAN_PRESIDENT_VLADIMIR_PUTIN_`` -> ``Russian President Vladimir Putin``."""
    raw = re.sub(r"\{[^}]*\}|![A-Z]+!", " ", raw)
    words = [w for w in raw.replace("_", " ").split() if w]
    return " ".join(w.lower() if w.lower() in _SMALL and i else w if _looks_acronym(w) else w.capitalize()
                    for i, w in enumerate(words))


_SMALL = {"of", "the", "and", "for", "in", "on", "de", "da", "del", "der", "du", "la", "le", "al", "bin", "van", "von"}


def _looks_acronym(word: str) -> bool:
    """Keep U.N., USA-like words upper case: dotted, or short without vowels after the first letter."""
    return "." in word or (len(word) <= 4 and not any(c in "AEIOUY" for c in word))


def parse_codes(chunk: str) -> list[tuple[str, str | None, str | None]]:
    """``[USAGOV >090120] [USAELI]`` -> [("USAGOV", "2009-01-20", None), ("USAELI", None, None)]."""
    out = []
    for m in _CODE.finditer(chunk):
        parts = m.group(1).split()
        if not parts:
            continue
        code = parts[0].replace("~", "").upper()
        start = end = None
        if len(parts) > 1:
            rng = parts[1]
            if rng.startswith(">"):
                start = _date(rng[1:])
            elif rng.startswith("<"):
                end = _date(rng[1:])
            elif "-" in rng:
                a, b = rng.split("-", 1)
                start, end = _date(a), _date(b)
        out.append((code, start, end))
    return out


def read_tabari(path: Path) -> list[dict]:
    """Entries: {"names": [...], "codes": [...], "source": comment tag}."""
    entries: list[dict] = []
    cur: dict | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        body, _, comment = line.partition("#")
        if line[0] in " \t" and body.strip().startswith("["):
            if cur is not None:
                cur["codes"].extend(parse_codes(body))
            continue
        name_part = _CODE.split(body)[0].strip()
        if not name_part:
            continue
        if name_part.startswith("+"):
            if cur is not None:
                cur["names"].append(name_part[1:].strip())
                cur["codes"].extend(parse_codes(body))
            continue
        cur = {"names": [name_part.split("\t")[0].strip()], "codes": parse_codes(body),
               "source": comment.strip()}
        entries.append(cur)
    return entries


def merge_ranges(codes: list[tuple[str, str | None, str | None]]) -> list[tuple[str, str | None, str | None]]:
    """Merge overlapping or touching ranges of the same code; open ends stay open."""
    by_code: dict[str, list[tuple[str, str]]] = {}
    undated: list[str] = []
    for code, start, end in codes:
        if start is None and end is None:
            if code not in undated:
                undated.append(code)
            continue
        by_code.setdefault(code, []).append((start or "0000-01-01", end or "9999-12-31"))
    out: list[tuple[str, str | None, str | None]] = []
    for code, ranges in by_code.items():
        ranges.sort()
        merged = [list(ranges[0])]
        for s, e in ranges[1:]:
            if s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        for s, e in merged:
            out.append((code, None if s == "0000-01-01" else s, None if e == "9999-12-31" else e))
    out.sort(key=lambda r: (r[1] or "", r[0]))
    return out + [(c, None, None) for c in undated]


def load_components(path: Path) -> set[str]:
    comps = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and len(line.split("\t")[0]) == 3:
            comps.add(line.split("\t")[0])
    return comps


def valid_code(code: str, comps: set[str], first: set[str] | None = None) -> bool:
    """Every 3-letter part is known; the first one is a country, region or actor type when ``first`` is given."""
    if not code or len(code) % 3 or not all(code[i:i + 3] in comps for i in range(0, len(code), 3)):
        return False
    return first is None or code[:3] in first


def write_countries(iso_json: Path) -> int:
    rows = json.loads(iso_json.read_text(encoding="utf-8"))["3166-1"]
    with (DATA / "countries.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# generated by reportage.actors.build_kb from ISO 3166-1 (iso-codes); do not edit, add names"
                 " in country_names.tsv\n")
        fh.write("iso3\tname\tofficial_name\tcommon_name\n")
        for r in sorted(rows, key=lambda r: r["alpha_3"]):
            fh.write("\t".join([r["alpha_3"], r["name"], r.get("official_name", ""), r.get("common_name", "")]) + "\n")
    return len(rows)


def _tsv(value: str) -> str:
    return value.replace("\t", " ").replace("|", "/").strip()


def write_actors(src: Path, comps: set[str], countries: set[str]) -> Counter:
    stats: Counter = Counter()
    first = countries | {ln.split("\t")[0] for ln in (DATA / "codes.tsv").read_text(encoding="utf-8").splitlines()
                         if ln.split("\t")[1:2] in (["actor"], ["region"])}
    seen_ids: set[str] = set()
    lines = ["\t".join(HEADER)]
    for fname in ACTOR_FILES:
        for entry in read_tabari(src / fname):
            names = []
            for n in entry["names"]:
                p = _phrase(n)
                if p and p not in names and len(p) > 1:
                    names.append(p)
            if not names:
                continue
            codes = []
            for code, start, end in entry["codes"]:
                if not valid_code(code, comps, first):
                    stats["dropped code"] += 1
                    continue
                codes.append((code, start, end))
            if not codes:
                stats["entry without valid code"] += 1
                continue
            merged = merge_ranges(codes)
            src_tag = entry["source"]
            typ = "PERSON" if ("CountryInfo" in src_tag or "IGOrulers" in src_tag) else ""
            bare = [(s or "", c) for c, s, _ in merged if c in countries]
            if not typ and bare:
                # a country block or a place: keep today's country (its history is not needed to code news)
                typ = "GPE"
                merged = [(max(bare)[1], None, None)]
            closed = []
            for code, start, end in merged:
                if typ == "PERSON" and start and end is None and start < PHOENIX_DATE:
                    end = PHOENIX_DATE
                    stats["open role closed at dictionary date"] += 1
                if start and end and end <= start:
                    stats["empty range dropped"] += 1
                    continue
                closed.append((code, start, end))
            base = "phx:" + re.sub(r"[^a-z0-9]+", "_", names[0].lower()).strip("_")
            ident, k = base, 2
            while ident in seen_ids:
                ident, k = f"{base}_{k}", k + 1
            seen_ids.add(ident)
            for i, (code, start, end) in enumerate(closed):
                lines.append("\t".join([
                    ident, typ, _tsv(names[0]) if i == 0 else "",
                    "|".join(_tsv(n) for n in names[1:]) if i == 0 else "",
                    code, start or "", end or "", "", ""]))
            stats["entries"] += 1
    (DATA / "phoenix_actors.tsv").write_text(
        "# generated by reportage.actors.build_kb from the Phoenix actor dictionaries (MIT, see LICENSE.phoenix.txt)\n"
        + "\n".join(lines) + "\n", encoding="utf-8")
    return stats


def write_agents(src: Path, comps: set[str]) -> int:
    text = (src / "Phoenix.agents.txt").read_text(encoding="utf-8", errors="replace")
    macros: dict[str, list[str]] = {}
    rows: dict[str, str] = {}
    for line in text.splitlines():
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        m = re.match(r"(![A-Z]+!)\s*=\s*(.*)", body)
        if m:
            macros[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        cm = _CODE.search(body)
        if not cm:
            continue
        code = cm.group(1).split()[0]
        if not code.startswith("~"):
            continue
        sector = code.replace("~", "").upper()
        if not valid_code(sector, comps):
            continue
        head = body[:cm.start()].strip()
        plurals = re.findall(r"\{([^}]*)\}", head)
        head = re.sub(r"\{[^}]*\}", "", head).strip()
        variants = [head]
        for macro, words in macros.items():
            if macro in head:
                variants = [v.replace(macro, w) for v in variants for w in words]
        for p in plurals:
            variants.extend(x for x in p.split() if x)
        for v in variants:
            phrase = " ".join(v.replace("_", " ").lower().split())
            if phrase and phrase not in rows:
                rows[phrase] = sector
    with (DATA / "phoenix_agents.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# generated by reportage.actors.build_kb from Phoenix.agents.txt (MIT, see LICENSE.phoenix.txt)\n")
        fh.write("phrase\tsector\trole\n")
        for phrase in sorted(rows):
            fh.write(f"{phrase}\t{rows[phrase]}\t\n")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dictionaries", type=Path)
    ap.add_argument("--iso", type=Path, default=Path("/usr/share/iso-codes/json/iso_3166-1.json"))
    args = ap.parse_args(argv)
    if args.iso.exists():
        print(f"countries: {write_countries(args.iso)}")
    else:
        print(f"{args.iso}: not found; countries.tsv left as it is", file=sys.stderr)
    comps = load_components(DATA / "codes.tsv") | load_components(DATA / "countries.tsv")
    countries = load_components(DATA / "countries.tsv") | {
        line.split("\t")[0] for line in (DATA / "codes.tsv").read_text(encoding="utf-8").splitlines()
        if line.split("\t")[1:2] == ["country"]}
    print(f"actors: {dict(write_actors(args.dictionaries, comps, countries))}")
    print(f"agents: {write_agents(args.dictionaries, comps)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
