"""The same quote across outlets: group attributions that report one utterance, and say how they differ.

Why: a remark is reprinted, shortened, reworded, turned from indirect into direct speech and
sometimes given to the wrong person; a reader needs to know which version came first and what
every retelling changed. This module is the library; :mod:`reportage.store` keeps its result
(tables ``quote_clusters`` and ``quote_versions``) and ``reportage quotes`` prints it.

How, in three steps (the first two keep the cost about linear in the corpus):

1. **Candidates.** Every quote (the words of its content spans) is indexed by its word n-grams
   (:attr:`QuoteSettings.shingle` words). Two quotes sharing at least :attr:`QuoteSettings.min_shared`
   of the shorter one's n-grams are a candidate pair; an n-gram found in more than
   :attr:`QuoteSettings.max_bucket` quotes is a stock phrase, not evidence, and is not counted, which
   bounds the pairs per quote.
2. **Alignment.** Each candidate pair is aligned word by word (:class:`difflib.SequenceMatcher` on
   the lower-cased words, punctuation ignored). Matched stretches shorter than
   :attr:`QuoteSettings.min_block` words are not counted (scattered "the"/"we" match by chance). The
   pair is the same utterance when the matched words cover at least :attr:`QuoteSettings.min_coverage`
   of the *shorter* version, and at least :attr:`QuoteSettings.min_matched` words: so a truncated or
   partial quote joins the fuller one's cluster (a version of at most :attr:`QuoteSettings.short_words`
   words must match at :attr:`QuoteSettings.min_coverage_short`). Only pairs of different documents are
   linked: two attributions of one document overlapping (nested speech) are extractor artefacts far
   more often than a paper repeating a remark, and linking them chains clusters.
3. **Cut.** The connected components are cut so that every version matches the component's fullest
   version or is contained in a version that stays (:func:`_split`): transitivity let a short version
   matching two remarks chain them.

The speaker is deliberately not part of the test, so a quote given to the wrong person still
joins its cluster and is flagged ``misattributed``.

For each cluster: the *fullest* version (most words among the direct quotes), the *earliest* by publication day (ties
kept as ties: ``earliest_ties`` and every tied version's ``is_earliest``), and for every other version
its ``changes``, each ``{"type", "text", "replacement"?, "span"?}`` with ``span`` in the version's own
document (``text[start:end] == span["text"]`` on the original text):

* ``omitted``: words of the fullest missing (``where`` = start / middle / end); ``text`` is the
  fullest's words, ``span`` zero-width at the place they are missing;
* ``altered``: a replaced stretch: the fullest's words in ``text``, this version's in ``replacement``
  and ``span``;
* ``added``: words the fullest lacks, in ``text`` and ``span``;
* ``misattributed``: the version's resolved speaker differs from the cluster's (the most common
  resolved speaker): ``text`` the cluster's speaker, ``replacement`` this version's, ``span`` the
  speaker's mention in this version's document;
* ``upgraded``: a direct quote whose closest earlier version (by alignment, among versions printed on
  an earlier day) was indirect or partial speech: ``text`` that version's words, ``replacement``
  this version's, ``span`` this version's content.

A change stretching over two content pieces (a quote interrupted by "she said") keeps every piece
in ``spans``; ``span`` is the first. ``source_spans`` (when a change quotes the fullest) are in the
fullest version's document.

Limits: words are compared exactly, so a translation or a paraphrase with no shared stretch is not found.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from reportage.settings import QuoteSettings  # its thresholds live with the others; re-exported here

_WORD = re.compile(r"\w+(?:['’‘ʼ]\w+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})  # typographic apostrophes are one character
_OPEN_QUOTES, _CLOSE_QUOTES = "“«„", "”»"
# printed as a direct quote; "mixed" is a partial quote inside reported speech (docs/attribution.md)
DIRECT_KINDS = frozenset({"direct"})
CHANGE_TYPES = ("omitted", "altered", "added", "misattributed", "upgraded")
COMPLEMENTIZERS = frozenset({"that"})


@dataclass(slots=True)
class Word:
    norm: str
    start: int  # offsets in the document's original text
    end: int
    segment: int  # index of the content span the word is in


@dataclass(slots=True, eq=False)  # compared by identity: a version is one attribution
class QuoteInput:
    """One attribution's content, with where and when it was printed and who it was given to."""

    doc_id: str
    attribution_id: str
    content: list[dict[str, Any]]  # spans {"start", "end", "text"} in the document's text
    outlet: str | None = None
    day: str | None = None  # ISO publication day
    kind: str | None = None  # direct | indirect | mixed | according_to | hedged
    speaker_key: str | None = None  # "kb:<id>" or "name:<name>" (reportage.store.actor_key)
    speaker_name: str | None = None
    speaker_kb_id: str | None = None
    speaker_code: str | None = None  # the speaker's CAMEO-style code on the document's day
    resolved: bool = False  # the speaker is an actor (not only a mention such as "he" or "sources")
    source: dict[str, Any] | None = None  # the speaker's mention {"start", "end", "text"} in the document
    conduit: bool = False  # another attribution came through this one ("According to the AP, Weaver said ...")
    words: list[Word] = field(default_factory=list)
    norms: list[str] = field(default_factory=list, repr=False)  # the words' normal forms, aligned as they are

    def __post_init__(self) -> None:
        if not self.words:
            self.words = words_of(self.content)
            # reported speech opens with its complementizer ("said that the government will ...", "that
            # \u201cthey are going ..."): outside quote marks the word belongs to the reporting sentence, not
            # to the remark, and would count as an addition
            if self.words and self.words[0].norm in COMPLEMENTIZERS and self.outside_quotes()[0]:
                self.words = self.words[1:]
        self.norms = [w.norm for w in self.words]

    @property
    def key(self) -> tuple[str, str]:
        return (self.doc_id, self.attribution_id)

    def outside_quotes(self) -> list[bool]:
        """For each word, whether it stands outside quote marks in its content piece (computed on demand:
        only reported and partial speech need it)."""
        starts: dict[int, list[int]] = defaultdict(list)
        for i, w in enumerate(self.words):
            starts[w.segment].append(i)
        out = [True] * len(self.words)
        for seg, idx in starts.items():
            text = self.content[seg].get("text") or ""
            base = int(self.content[seg]["start"])
            inside = _inside_quotes(text)
            for i in idx:
                out[i] = not inside[self.words[i].start - base]
        return out


def _inside_quotes(text: str) -> list[bool]:
    """For each character of ``text``, whether it is inside quote marks: curly and guillemet pairs, straight
    double quotes and doubled apostrophes (as some papers print them) toggling, single curly quotes told from
    apostrophes by the letters around them."""
    out = [False] * (len(text) + 1)
    double = single = False
    i = 0
    while i < len(text):
        ch = text[i]
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch in _OPEN_QUOTES:
            double = True
        elif ch in _CLOSE_QUOTES:
            double = False
        elif ch == '"':
            double = not double
        elif ch == "'" and after == "'":
            double = not double
            out[i] = double or single
            i += 1
        elif ch == "‘" and not before.isalnum():
            single = True
        elif ch in "’'" and single and not after.isalnum():
            single = False
        out[i] = double or single
        i += 1
    out[len(text)] = double or single
    return out


def words_of(content: Sequence[dict[str, Any]]) -> list[Word]:
    """The lower-cased words of the content spans, each with its offsets in the document's text."""
    out: list[Word] = []
    for seg, span in enumerate(content):
        base = int(span["start"])
        for m in _WORD.finditer(span.get("text") or ""):
            out.append(Word(m.group().lower().translate(_APOSTROPHES), base + m.start(), base + m.end(), seg))
    return out


def alignment(a: Sequence[str], b: Sequence[str], min_block: int) -> tuple[int, list[tuple[int, int, int]]]:
    """Words of ``a`` and ``b`` matched in stretches of at least ``min_block`` words, and the stretches."""
    blocks = [blk for blk in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
              if blk.size >= min_block]
    return sum(blk.size for blk in blocks), [(blk.a, blk.b, blk.size) for blk in blocks]


def same_utterance(a: QuoteInput, b: QuoteInput, settings: QuoteSettings) -> tuple[bool, float]:
    """Whether two versions report one utterance, and the share of the shorter one matched."""
    short = min(len(a.norms), len(b.norms))
    if short == 0:
        return False, 0.0
    matched, _ = alignment(a.norms, b.norms, settings.min_block)
    cov = matched / short
    need = settings.min_coverage_short if short <= settings.short_words else settings.min_coverage
    return cov >= need and matched >= settings.min_matched, cov


def _grams(q: QuoteInput, k: int) -> set[int]:
    """The quote's word k-grams, as hashes (in-memory index of one run: Python's hash is enough)."""
    norms = q.norms
    return {hash(tuple(norms[j:j + k])) for j in range(max(1, len(norms) - k + 1))}


def candidate_pairs(quotes: Sequence[QuoteInput], settings: QuoteSettings) -> set[tuple[int, int]]:
    """Pairs of quotes of different documents sharing enough word n-grams that are not stock phrases.

    "Enough" is :attr:`QuoteSettings.min_shared` of the shorter quote's n-grams: a cheap count that
    spares the alignment the pairs that share only a phrase or two.
    """
    index: dict[bytes, list[int]] = defaultdict(list)
    sizes = []
    for i, q in enumerate(quotes):
        grams = _grams(q, settings.shingle)
        sizes.append(len(grams))
        for g in grams:
            index[g].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for members in index.values():
        if len(members) < 2 or len(members) > settings.max_bucket:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                if quotes[members[x]].doc_id != quotes[members[y]].doc_id:  # across documents only
                    shared[(members[x], members[y])] += 1
    return {p for p, n in shared.items() if n >= settings.min_shared * min(sizes[p[0]], sizes[p[1]])}


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def cluster_quotes(quotes: Iterable[QuoteInput], settings: QuoteSettings | None = None) -> list[dict[str, Any]]:
    """Group quotes reporting one utterance; each cluster described as in the module docstring.

    Returns clusters spanning at least ``settings.min_documents`` documents, largest first.
    """
    settings = settings or QuoteSettings()
    qs = [q for q in quotes if len(q.words) >= settings.min_words]
    parent = list(range(len(qs)))
    for i, j in sorted(candidate_pairs(qs, settings)):
        if _find(parent, i) == _find(parent, j):
            continue
        ok, _ = same_utterance(qs[i], qs[j], settings)
        if ok:
            parent[_find(parent, i)] = _find(parent, j)
    groups: dict[int, list[QuoteInput]] = defaultdict(list)
    for i, q in enumerate(qs):
        groups[_find(parent, i)].append(q)
    parts = [part for members in groups.values() for part in _split(members, settings)]
    clusters = [describe(members, settings) for members in parts
                if len({m.doc_id for m in members}) >= settings.min_documents]
    clusters.sort(key=lambda c: (-c["n_documents"], c["id"]))
    return clusters


def _fullest(members: Sequence[QuoteInput]) -> QuoteInput:
    """Most words among the direct quotes (the words as spoken; a paraphrase is the reporter's), among all
    versions when none is direct; a tie goes to the first (members come sorted earliest first). A conduit's
    content wraps the remark in its reporting frame ("his campaign manager says ..."): the last choice."""
    plain = [q for q in members if not q.conduit] or list(members)
    pool = [q for q in plain if _is_direct(q.kind)] or plain
    best = pool[0]
    for q in pool[1:]:
        if len(q.words) > len(best.words):
            best = q
    return best


def _contained(q: QuoteInput, k: QuoteInput, settings: QuoteSettings) -> bool:
    """Whether ``k`` holds ``q``: the alignment matches enough of ``q``'s own words (not of the shorter's)."""
    if not q.norms or q.doc_id == k.doc_id:
        return False
    matched, _ = alignment(q.norms, k.norms, settings.min_block)
    need = settings.min_coverage_short if len(q.norms) <= settings.short_words else settings.min_coverage
    return matched >= settings.min_matched and matched >= need * len(q.norms)


def _split(members: list[QuoteInput], settings: QuoteSettings) -> list[list[QuoteInput]]:
    """A connected component cut so that every version reports the fullest's utterance.

    Why: components are transitive, and on PolNeAR a short version matching two different remarks
    ("No, I meant he's the founder of ISIS" vs "I meant exactly that. He's the founder of ISIS ...")
    chained them. Versions that do not match the fullest are grouped again among themselves.
    """
    if len(members) <= 2:  # a single linked pair was aligned already
        return [members]
    members = sorted(members, key=lambda q: (q.day or "9999", q.doc_id, q.attribution_id))
    top = _fullest(members)
    keep = [top]
    rest = [q for q in members if q is not top and not same_utterance(q, top, settings)[0]]
    keep += [q for q in members if q is not top and q not in rest]
    grew = True
    while grew and rest:  # a version also stays when a kept version contains it (a reworded fragment)
        grew = False
        for q in list(rest):
            if any(_contained(q, k, settings) for k in keep):
                keep.append(q)
                rest.remove(q)
                grew = True
    out = [keep]
    if rest:  # the rest, linked again pairwise (small: a cluster's leftovers), then cut the same way
        parent = list(range(len(rest)))
        for i in range(len(rest)):
            for j in range(i + 1, len(rest)):
                if rest[i].doc_id != rest[j].doc_id and _find(parent, i) != _find(parent, j) \
                        and same_utterance(rest[i], rest[j], settings)[0]:
                    parent[_find(parent, i)] = _find(parent, j)
        groups: dict[int, list[QuoteInput]] = defaultdict(list)
        for i, q in enumerate(rest):
            groups[_find(parent, i)].append(q)
        for g in groups.values():
            out.extend(_split(g, settings))
    return out


def _speaker(q: QuoteInput) -> dict[str, Any]:
    return {"name": q.speaker_name, "code": q.speaker_code, "kb_id": q.speaker_kb_id, "key": q.speaker_key}


def _speakers_differ(a: QuoteInput, b: QuoteInput) -> bool:
    """Different resolved speakers: by kb id when both have one, else by name ("Okoro" and "Jane
    Okoro" are one); a speaker not resolved to an actor ("he", "sources") is never a difference."""
    if not (a.resolved and b.resolved):
        return False
    if a.speaker_kb_id and b.speaker_kb_id:
        return a.speaker_kb_id != b.speaker_kb_id
    na = " ".join((a.speaker_name or "").lower().split())
    nb = " ".join((b.speaker_name or "").lower().split())
    if na and nb:
        return na != nb and not (set(na.split()) & set(nb.split()) and (na in nb or nb in na))
    return False


def _spans(q: QuoteInput, lo: int, hi: int, text_of: dict[int, str]) -> list[dict[str, Any]]:
    """Character spans of words lo..hi-1 of ``q``, one per content segment they fall in."""
    out: list[dict[str, Any]] = []
    i = lo
    while i < hi:
        seg = q.words[i].segment
        j = i
        while j + 1 < hi and q.words[j + 1].segment == seg:
            j += 1
        start, end = q.words[i].start, q.words[j].end
        sp = q.content[seg]
        s0 = int(sp["start"])
        out.append({"start": start, "end": end, "text": text_of[seg][start - s0:end - s0]})
        i = j + 1
    return out


def _at(q: QuoteInput, pos: int) -> dict[str, Any]:
    """A zero-width span where words are missing: after word ``pos - 1`` (or before the first)."""
    if not q.words:
        p = int(q.content[0]["start"]) if q.content else 0
    elif pos <= 0:
        p = q.words[0].start
    else:
        p = q.words[min(pos, len(q.words)) - 1].end
    return {"start": p, "end": p, "text": ""}


def _change(kind: str, text: str, own: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """One change in the issue's shape: type, text, replacement?, span? (its first piece), spans."""
    out: dict[str, Any] = {"type": kind, "text": text}
    if "replacement" in extra:
        out["replacement"] = extra.pop("replacement")
    if own:
        out["span"] = own[0]
        out["spans"] = own
    out.update(extra)
    return out


def _opcodes(fa: Sequence[str], vb: Sequence[str], matcher: SequenceMatcher,
             settings: QuoteSettings) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes, with each unequal "replace" cut into an alteration of its most similar words and an
    omission or addition of the rest: difflib reports "laws. But I'm working for you now" -> "law" as one
    replaced stretch, where the reader sees one altered word and an omitted sentence."""
    out: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        n, m = i2 - i1, j2 - j1
        if tag != "replace" or n == m:
            out.append((tag, i1, i2, j1, j2))
            continue
        short_side = " ".join(vb[j1:j2]) if m < n else " ".join(fa[i1:i2])
        k = min(n, m)
        best, best_r = 0, -1.0
        for x in range(max(n, m) - k + 1):  # slide a window of k words over the longer side
            window = " ".join(fa[i1 + x:i1 + x + k]) if m < n else " ".join(vb[j1 + x:j1 + x + k])
            r = SequenceMatcher(None, short_side, window, autojunk=False).ratio()
            if r > best_r:
                best, best_r = x, r
        if best_r < settings.min_similar:
            out.append((tag, i1, i2, j1, j2))
            continue
        if m < n:  # the fullest's extra words are omitted around the altered window
            pieces = [("delete", i1, i1 + best, j1, j1), ("replace", i1 + best, i1 + best + k, j1, j2),
                      ("delete", i1 + best + k, i2, j2, j2)]
        else:  # this version's extra words are added around it
            pieces = [("insert", i1, i1, j1, j1 + best), ("replace", i1, i2, j1 + best, j1 + best + k),
                      ("insert", i2, i2, j1 + best + k, j2)]
        out.extend(pc for pc in pieces if pc[2] > pc[1] or pc[4] > pc[3])
    return out


def changes_against(version: QuoteInput, fullest: QuoteInput, matcher: SequenceMatcher | None = None,
                    settings: QuoteSettings | None = None) -> list[dict[str, Any]]:
    """The word changes of ``version`` against ``fullest``: omitted, altered, added, each with spans.

    ``matcher``: a :class:`SequenceMatcher` already run on (fullest, version), reused (it caches its blocks).
    """
    settings = settings or QuoteSettings()
    fa, vb = fullest.norms, version.norms
    vt = {i: s.get("text") or "" for i, s in enumerate(version.content)}
    ft = {i: s.get("text") or "" for i, s in enumerate(fullest.content)}
    out: list[dict[str, Any]] = []
    matcher = matcher or SequenceMatcher(None, fa, vb, autojunk=False)
    for tag, i1, i2, j1, j2 in _opcodes(fa, vb, matcher, settings):
        if tag == "equal":
            continue
        src = _spans(fullest, i1, i2, ft) if i2 > i1 else []
        own = _spans(version, j1, j2, vt) if j2 > j1 else []
        if tag == "delete":
            where = "start" if j1 == 0 else ("end" if j1 == len(vb) else "middle")
            out.append(_change("omitted", " ".join(s["text"] for s in src), [_at(version, j1)], where=where,
                               source_spans=src))
        elif tag == "replace":
            out.append(_change("altered", " ".join(s["text"] for s in src), own,
                               replacement=" ".join(s["text"] for s in own), source_spans=src))
        else:
            out.append(_change("added", " ".join(s["text"] for s in own), own))
    return out


def _is_direct(kind: str | None) -> bool:
    return (kind or "") in DIRECT_KINDS


def _text(q: QuoteInput) -> str:
    return " … ".join(s.get("text") or "" for s in q.content)


def _upgraded_from(q: QuoteInput, members: Sequence[QuoteInput], settings: QuoteSettings) -> QuoteInput | None:
    """The indirect or partial version a direct quote was upgraded from, if any.

    Why "closest earlier": a direct quote is an upgrade when what it most likely copied, the earlier-day
    version sharing most of its words, reported the remark as indirect or partial speech; a direct
    reprint of an earlier direct version is not an upgrade even if an indirect retelling came between.
    """
    if not _is_direct(q.kind) or not q.day:
        return None
    if not any(m.day and m.day < q.day and not _is_direct(m.kind) for m in members):
        return None  # no earlier indirect or partial version: nothing to align
    best, best_key, best_blocks = None, None, []
    for m in members:
        if m is q or not m.day or m.day >= q.day:
            continue
        matched, blocks = alignment(q.norms, m.norms, settings.min_block)
        key = (matched, _is_direct(m.kind), m.day)  # a tie goes to a direct version, then the later day
        if best_key is None or key > best_key:
            best, best_key, best_blocks = m, key, blocks
    if best is None or _is_direct(best.kind):
        return None
    # the shared words must have stood outside quote marks there: a partial quote's quoted words were
    # printed as a quote already, so quoting them in full is no upgrade
    outside = best.outside_quotes()
    n_out = sum(outside[b + k] for _, b, size in best_blocks for k in range(size))
    return best if n_out >= settings.min_upgraded else None


def describe(members: Sequence[QuoteInput], settings: QuoteSettings) -> dict[str, Any]:
    """One cluster: id, speaker, fullest, earliest (with ties), and every version with its changes."""
    members = sorted(members, key=lambda q: (q.day or "9999", q.doc_id, q.attribution_id))
    fullest = _fullest(members)
    days = [q.day for q in members if q.day]
    first_day = min(days) if days else None
    earliest = [q for q in members if first_day and q.day == first_day] or [members[0]]
    # the cluster's speaker: the most common resolved one; a tie goes to the earliest version's speaker. A
    # conduit's speaker (the AP in "According to the AP, Weaver said ...") passed the remark on: not counted
    keys = Counter(q.speaker_key for q in members if q.speaker_key and q.resolved and not q.conduit)
    top = max(keys.values()) if keys else 0
    main = next((q for q in earliest + list(members)
                 if q.resolved and not q.conduit and q.speaker_key and keys[q.speaker_key] == top), None)
    if main is None:  # no version has a resolved speaker: the earliest version's mention, if any
        main = next((q for q in earliest + list(members) if q.speaker_name), members[0])
    cid = "QC" + hashlib.sha1("|".join(f"{q.doc_id}/{q.attribution_id}" for q in sorted(
        members, key=lambda q: q.key)).encode("utf-8")).hexdigest()[:12]
    versions = []
    for q in members:
        cov, changes = 1.0, []
        if q is not fullest:  # one alignment gives the coverage and the changes
            sm = SequenceMatcher(None, fullest.norms, q.norms, autojunk=False)
            matched = sum(b.size for b in sm.get_matching_blocks() if b.size >= settings.min_block)
            cov = matched / max(1, min(len(fullest.norms), len(q.norms)))
            changes = changes_against(q, fullest, sm, settings)
        if q is not main and not q.conduit and _speakers_differ(q, main):
            changes.append(_change("misattributed", main.speaker_name or "", [q.source] if q.source else [],
                                   replacement=q.speaker_name or "", speaker=_speaker(main)))
        src = _upgraded_from(q, members, settings)
        if src is not None:
            changes.append(_change("upgraded", _text(src), list(q.content), replacement=_text(q),
                                   from_document=src.doc_id, from_attribution=src.attribution_id,
                                   from_kind=src.kind))
        versions.append({
            "document": q.doc_id, "attribution": q.attribution_id, "outlet": q.outlet, "published": q.day,
            "kind": q.kind, "speaker": _speaker(q), "content": list(q.content), "text": _text(q),
            "is_fullest": q is fullest, "is_earliest": q in earliest, "coverage": round(cov, 3),
            "changes": changes,
        })
    kinds = [t for t in CHANGE_TYPES if any(c["type"] == t for v in versions for c in v["changes"])]
    return {
        "id": cid, "speaker": _speaker(main), "n_versions": len(members),
        "n_documents": len({q.doc_id for q in members}), "n_outlets": len({q.outlet or q.doc_id for q in members}),
        "earliest": earliest[0].doc_id, "earliest_ties": list(dict.fromkeys(q.doc_id for q in earliest)),
        "earliest_day": first_day, "fullest": fullest.doc_id, "fullest_attribution": fullest.attribution_id,
        "text": _text(fullest), "change_kinds": kinds,
        "versions": versions,
    }


def inputs_from_document(doc: dict[str, Any], outlet: str | None = None, day: str | None = None) -> list[QuoteInput]:
    """The quote inputs of one ``reportage.document/1`` JSON (text not needed: spans carry theirs)."""
    from reportage.dates import day_or_none
    from reportage.store import actor_key

    actors = {a["id"]: a for a in doc.get("actors") or []}
    conduits = {a.get("via") for a in doc.get("attributions") or [] if a.get("via")}
    out = []
    for q in doc.get("attributions") or []:
        content = [c for c in q.get("content") or [] if c and c.get("text")]
        if not content:
            continue
        sp = actors.get(q.get("speaker") or "")
        name = (sp or {}).get("name") or (q.get("source") or {}).get("text")
        source = q.get("source")
        out.append(QuoteInput(
            doc_id=doc["id"], attribution_id=q["id"], content=content,
            outlet=outlet if outlet is not None else doc.get("outlet"),
            day=day if day is not None else day_or_none(doc.get("published")),
            kind=q.get("kind"), speaker_key=actor_key(sp) if sp else (f"name:{name.lower()}" if name else None),
            speaker_name=name, speaker_kb_id=(sp or {}).get("kb_id"), speaker_code=(sp or {}).get("code"),
            resolved=sp is not None, source=source if source and source.get("text") else None,
            conduit=q["id"] in conduits))
    return out


def rebuild(store: Any, settings: QuoteSettings | None = None) -> dict[str, int]:
    """Recompute the quote clusters of every stored document and replace the store's tables."""
    quotes = store.quote_inputs()
    clusters = cluster_quotes(quotes, settings)
    store.write_quote_clusters(clusters)
    return {"quotes": len(quotes), "clusters": len(clusters),
            "versions": sum(c["n_versions"] for c in clusters),
            "multi_outlet": sum(1 for c in clusters if c["n_outlets"] >= 2)}
