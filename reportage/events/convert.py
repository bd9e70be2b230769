"""Convert third-party dictionaries into the project's own data files (run once, outputs committed).

* PETRARCH2's ``CAMEO.2.0.txt`` verb dictionary (MIT, Open Event Data Alliance) becomes
  ``data/verbs.tsv`` (verb lemma -> block, default code), ``data/patterns.tsv`` (block, pattern,
  code) and ``data/synsets.tsv`` (synset name -> word or phrase), in the pattern format of
  docs/events.md.
* ``CAMEO2PLOVER-2021.txt`` (CC BY-SA 4.0, Open Event Data Alliance) becomes ``data/plover.tsv``.

Usage: ``python -m reportage.events.convert ../shared/data`` (writes into reportage/events/data/).
The converter is kept so that a newer dictionary can be converted the same way.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data"

_MIT = """# Converted from PETRARCH2 CAMEO.2.0.txt by reportage/events/convert.py.
# Source dictionary: The MIT License (MIT), Copyright (c) 2014-2015 Open Event Data Alliance;
# full notice in LICENSE.petrarch2-MIT.txt next to this file.
"""
_CCBYSA = """# Converted from CAMEO2PLOVER-2021.txt (PLOVER manual draft 0.8, 17-September-2021, ed. Philip Schrodt)
# by reportage/events/convert.py. Licensed under Creative Commons Attribution-ShareAlike 4.0
# International (CC BY-SA 4.0), Copyright Open Event Data Alliance; this derived table is shared under
# the same licence. Rows with origin=reportage are the project's additions (appeals, which the 2021 table
# leaves out, are coded as REQUEST as in the PLOVER manual).
"""

_CODE = re.compile(r"\[([^\]]*)\]")


def _word(raw: str) -> str:
    """PETRARCH word -> lexicon word: lower case, '_' joins words of a phrase, a trailing '_' is dropped."""
    raw = raw.strip().lstrip("+")
    if raw.endswith("_"):
        raw = raw[:-1]
    return raw.replace("_", " ").lower()


def _code(raw: str | None) -> str:
    if raw is None:
        return ""
    raw = raw.strip()
    return "" if raw in {"---", ""} else raw.replace("!", "")


def _pattern(body: str) -> str:
    """Normalise a PETRARCH pattern body: lower case words, keep * & ( ) { }, drop $ + ^ % markers."""
    out: list[str] = []
    for tok in re.findall(r"[(){}]|[^\s(){}]+", body):
        if tok in {"$", "+", "^", "%", "="}:
            continue
        if tok in {"(", ")", "{", "}", "*"}:
            out.append(tok)
        elif tok.startswith("&"):
            out.append("&" + tok[1:].rstrip("_").lower())
        else:
            tok = tok.strip("$+^%")
            if tok:
                out.append(_word(tok).replace(" ", "_"))
    text = " ".join(out)
    return text.replace("( ", "(").replace(" )", ")").replace("{ ", "{").replace(" }", "}")


def convert_petrarch(src: Path, out_dir: Path = DATA) -> tuple[int, int, int]:
    """Write verbs.tsv, patterns.tsv and synsets.tsv from a PETRARCH2 verb dictionary."""
    lines = src.read_text(encoding="utf-8", errors="replace").splitlines()
    synsets: list[tuple[str, str]] = []
    verbs: list[tuple[str, str, str]] = []
    patterns: list[tuple[str, str, str, str]] = []
    section = "head"
    synset = ""
    block = ""
    block_code = ""
    for line in lines:
        stripped = line.split("#", 1)[0].rstrip() if not line.startswith("#") else ""
        if line.startswith("####### SYNONYM SETS"):
            section = "synsets"
            continue
        if line.startswith("####### VERB PATTERNS"):
            section = "verbs"
            continue
        if line.startswith("######## TRANSFORMATIONS"):
            break
        if not stripped.strip():
            continue
        if section == "synsets":
            if stripped.startswith("&"):
                synset = stripped.strip().rstrip("_").lower()
            elif stripped.startswith("+") and synset:
                synsets.append((synset, _word(stripped)))
            continue
        if section != "verbs":
            continue
        if stripped.startswith("---"):
            m = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]", stripped)
            if m:
                block, block_code = m.group(1).upper(), _code(m.group(2))
            continue
        if stripped.startswith("-"):
            m = _CODE.search(stripped)
            if not m or not block:
                continue
            body = stripped[1:m.start()]
            pat = _pattern(body)
            if "*" not in pat:
                continue
            comment = line.split("#", 1)[1].strip() if "#" in line else ""
            patterns.append((block, pat, _code(m.group(1)), comment))
            continue
        # a verb line: WORD {FORMS} [code]  or +MULTI_WORD {FORMS} [code]
        body = re.sub(r"\{[^}]*\}", " ", stripped)
        m = _CODE.search(body)
        code = _code(m.group(1)) if m else ""
        word = body[:m.start()] if m else body
        word = word.strip()
        if not word:
            continue
        lemma = _word(word.split()[0])
        verbs.append((lemma, block, code or block_code))
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "synsets.tsv", "w", encoding="utf-8") as f:
        f.write(_MIT + "# synset\tword or phrase\n")
        for name, word in synsets:
            f.write(f"{name}\t{word}\n")
    with open(out_dir / "verbs.tsv", "w", encoding="utf-8") as f:
        f.write(_MIT + "# lemma (particle after a space)\tblock\tdefault CAMEO code (empty: none)\n")
        seen: set[tuple[str, str]] = set()
        for lemma, blk, code in verbs:
            if (lemma, blk) in seen:
                continue
            seen.add((lemma, blk))
            f.write(f"{lemma}\t{blk}\t{code}\n")
    with open(out_dir / "patterns.tsv", "w", encoding="utf-8") as f:
        f.write(_MIT + "# block\tpattern\tCAMEO code (a:b = a for source->target, b for target->source)\tnote\n")
        for blk, pat, code, comment in patterns:
            f.write(f"{blk}\t{pat}\t{code}\t{comment}\n")
    return len(verbs), len(patterns), len(synsets)


# appeals (02x) are REQUEST in the PLOVER manual but absent from the 2021 conversion table
_EXTRA_PLOVER = [
    ("020", "REQUEST", "", ""), ("021", "REQUEST", "assist", ""), ("022", "REQUEST", "assist", "diplomatic"),
    ("023", "REQUEST", "assist", ""), ("024", "REQUEST", "change", "political_institutions"),
    ("025", "REQUEST", "yield", ""), ("026", "REQUEST", "meet", "diplomatic"),
    ("027", "REQUEST", "meet", "diplomatic"), ("028", "REQUEST", "meet", "diplomatic"),
    ("176", "ASSAULT", "cyber", ""),
]


def convert_plover(src: Path, out_dir: Path = DATA) -> int:
    """Write plover.tsv (CAMEO code -> PLOVER event, mode, context) from CAMEO2PLOVER-2021.txt."""
    rows: list[tuple[str, str, str, str, str]] = []
    for line in src.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([^#]*)", line)
        if not m:
            continue
        parts = [p.strip() for p in m.group(2).split(",")]
        parts += [""] * (3 - len(parts))
        rows.append((m.group(1), parts[0], parts[1], parts[2].replace(" ", ""), "CAMEO2PLOVER-2021"))
    have = {r[0] for r in rows}
    for code, event, mode, context in _EXTRA_PLOVER:
        if code not in have:
            rows.append((code, event, mode, context, "reportage"))
    with open(out_dir / "plover.tsv", "w", encoding="utf-8") as f:
        f.write(_CCBYSA + "# cameo\tplover\tmode\tcontext\torigin\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    shared = Path(argv[0]) if argv else Path(__file__).resolve().parents[3] / "shared" / "data"
    n = convert_petrarch(shared / "dictionaries" / "CAMEO.2.0.txt")
    print(f"verbs {n[0]}, patterns {n[1]}, synset words {n[2]}")
    print(f"plover rows {convert_plover(shared / 'plover' / 'CAMEO2PLOVER-2021.txt')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
