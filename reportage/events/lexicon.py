"""The verb and noun lexicon: lemmas and word patterns -> CAMEO codes, loaded from data files once.

Pattern format (documented in docs/events.md): space-separated elements around ``*`` (the
trigger). Elements after ``*`` must occur, in order, in the trigger's complement (its phrase
minus the subject); elements before it, in order, before the trigger in its clause. An element is
a word (matches a token's lower-case form or lemma), a phrase joined by ``_`` ("hand_over"),
``&name`` (any word or phrase of a synset), or ``!neg`` (the trigger is negated). Brackets
``( )`` and braces ``{ }`` from PETRARCH2 are kept for readability and group nothing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"

Phrase = tuple[str, ...]
_FUNCTION_WORDS = {"to", "with", "from", "in", "on", "at", "for", "against", "by", "of", "into", "over", "up",
                   "down", "off", "out", "about", "as", "back", "away", "through", "under", "after", "behind"}


@dataclass(slots=True)
class Pattern:
    block: str
    text: str
    code: str
    origin: str  # which file: petrarch2 | local
    before: list[tuple[Phrase, ...]]
    after: list[tuple[Phrase, ...]]
    neg: bool
    firsts: list[frozenset[str]]  # per element, the first words of its alternatives (fast pre-check)

    @property
    def size(self) -> int:
        return len(self.before) + len(self.after) + (1 if self.neg else 0)

    agents_only: bool = False  # made only of agent synsets (and prepositions): says who, not what

    @property
    def weak(self) -> bool:
        return self.agents_only or all(len(p) == 1 and p[0] in _FUNCTION_WORDS
                                       for el in self.before + self.after for p in el)


@dataclass(slots=True)
class Match:
    code: str
    entry: str  # the lexicon entry that fired, for the explanation
    origin: str
    words: list[int] = field(default_factory=list)  # window positions matched
    size: float = 0
    weak: bool = False  # only function words matched (prepositions, particles)


# senses.tsv kinds that say when a verb's default code stands (one per verb); the other kinds are word classes
SENSE_KINDS = {"off", "actor_object", "no_publication"}


def _rows(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as f:
        return [r for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
                if r and r[0].strip() and not r[0].startswith("#")]


class Lexicon:
    """Verb blocks, their patterns, synsets, nouns, frames and comment cues."""

    def __init__(self, data: Path = DATA) -> None:
        self.synsets: dict[str, list[Phrase]] = {}
        for name, word in ((r[0], r[1]) for r in _rows(data / "synsets.tsv") if len(r) > 1):
            self.synsets.setdefault(name.lower(), []).append(tuple(word.split()))
        self.agent_synsets: set[str] = {r[0].strip().lower() for r in _rows(data / "agent_synsets.tsv")}
        # lemma -> [(block, default code, origin)]; local entries first so they win
        self.verbs: dict[str, list[tuple[str, str, str]]] = {}
        self.patterns: dict[str, list[Pattern]] = {}
        for origin, vfile, pfile in (("local", "local_verbs.tsv", "local_patterns.tsv"),
                                     ("petrarch2", "verbs.tsv", "patterns.tsv")):
            for r in _rows(data / vfile):
                code = r[2].strip() if len(r) > 2 else ""
                self.verbs.setdefault(r[0].strip().lower(), []).append((r[1].strip(), code, origin))
            for r in _rows(data / pfile):
                if len(r) < 3:
                    continue
                pat = self._compile(r[0].strip(), r[1].strip(), r[2].strip(), origin)
                if pat is not None:
                    self.patterns.setdefault(pat.block, []).append(pat)
        self.nouns: dict[str, list[tuple[str, str]]] = {}
        # the code of the noun alone (its `-` row): a noun listed only for its patterns ("legal action",
        # "charges against") is no event without them
        self.noun_defaults: dict[str, str] = {}
        for r in _rows(data / "nouns.tsv"):
            lemma, pat, code = r[0].strip().lower(), r[1].strip(), (r[2].strip() if len(r) > 2 else "")
            block = f"N:{lemma}"
            self.nouns.setdefault(lemma, []).append((block, code))
            if pat in {"", "-", "*"}:
                self.noun_defaults.setdefault(lemma, code)
            if pat and pat != "*":
                compiled = self._compile(block, pat, code, "local")
                if compiled is not None:
                    self.patterns.setdefault(block, []).append(compiled)
        self.frames: dict[str, str] = {r[0].strip().lower(): r[1].strip() for r in _rows(data / "frames.tsv")}
        self.compose: dict[str, list[tuple[str, str]]] = {}
        for r in _rows(data / "compose.tsv"):
            self.compose.setdefault(r[0].strip(), []).append((r[1].strip(), r[2].strip()))
        for rules in self.compose.values():
            rules.sort(key=lambda x: -len(x[0]))  # longest prefix first
        self.not_actors: set[str] = {r[0].strip().lower() for r in _rows(data / "not_actors.tsv")}
        # markers of page-furniture lines (photo galleries, video widgets): no event is coded in them
        self.furniture: list[str] = [r[0].strip() for r in _rows(data / "furniture.tsv") if r[0].strip()]
        self.comments: dict[str, str] = {r[0].strip().lower(): r[1].strip() for r in _rows(data / "comments.tsv")}
        # verbs whose default code news mostly does not mean (off, only with an actor as object ...), and
        # the nouns naming something published ("released a report" is no release)
        senses = [(r[0].strip().lower(), r[1].strip(), r[2].strip() if len(r) > 2 else "")
                  for r in _rows(data / "senses.tsv") if len(r) > 1]
        self.senses: dict[str, str] = {w: k for w, k, _ in senses if k in SENSE_KINDS}
        self.publications: set[str] = {w for w, k, _ in senses if k == "publication"}
        # verb -> kind -> the words that kind names ("fire  none_over  @person,tweet"), and the other
        # word classes of senses.tsv (frames that code nothing over an unknown act, aim nouns ...)
        self.sense_words: dict[str, dict[str, set[str]]] = {}
        for w, k, words in senses:
            if k not in SENSE_KINDS and k != "publication":
                self.sense_words.setdefault(w, {})[k] = {x.strip().lower() for x in words.split(",") if x.strip()}
        # multi-word verbs ("call off", "hand over"): the lemma of the head word -> its particles
        self.particles: dict[str, set[str]] = {}
        for lemma in self.verbs:
            if " " in lemma:
                head, rest = lemma.split(" ", 1)
                self.particles.setdefault(head, set()).add(rest)

    def _element(self, tok: str) -> tuple[Phrase, ...] | None:
        if tok.startswith("&"):
            alts = self.synsets.get(tok.lower()) or self.synsets.get(tok[1:].lower())  # names keep their '&'
            return tuple(alts) if alts else None
        return (tuple(tok.replace("_", " ").split()),)

    def _compile(self, block: str, text: str, code: str, origin: str) -> Pattern | None:
        code = code.strip()
        if not code or "*" not in text:
            return None
        clean = text.replace("(", " ").replace(")", " ").replace("{", " ").replace("}", " ")
        before: list[tuple[Phrase, ...]] = []
        after: list[tuple[Phrase, ...]] = []
        side = before
        neg = False
        for tok in clean.split():
            if tok == "*":
                side = after
                continue
            if tok == "!neg":
                neg = True
                continue
            el = self._element(tok)
            if el is None:
                return None
            side.append(el)
        firsts = [frozenset(p[0] for p in el if p) for el in before + after]
        words = [t for t in clean.split() if t not in {"*", "!neg"}]
        agents_only = any(t.lower() in self.agent_synsets for t in words) and all(
            t.lower() in self.agent_synsets or t.lower() in _FUNCTION_WORDS for t in words)
        return Pattern(block, text, code, origin, before, after, neg, firsts, agents_only)

    # -- matching ----------------------------------------------------------------------------------

    def blocks(self, lemma: str) -> list[tuple[str, str, str]]:
        return self.verbs.get(lemma, [])

    def weighs_options(self, lemma: str) -> bool:
        """Whether the verb weighs a policy option (PETRARCH2's CONSIDER block: consider, mull, weigh ...):
        over a gerund act ("considering sending aid") it is CAMEO 014, not the act."""
        return any(block == "CONSIDER" for block, _, _ in self.blocks(lemma))

    def match(self, blocks: list[str], before: list[tuple[str, str]], after: list[tuple[str, str]],
              negated: bool) -> Match | None:
        """The most specific pattern of these blocks matching the windows (lists of (lower, lemma))."""
        words = {w for pair in before for w in pair} | {w for pair in after for w in pair}
        best: Match | None = None
        for block in blocks:
            for pat in self.patterns.get(block, ()):
                if pat.neg and not negated:
                    continue
                if any(f.isdisjoint(words) for f in pat.firsts):
                    continue
                pos_b = _subsequence(pat.before, before)
                if pos_b is None:
                    continue
                pos_a = _subsequence(pat.after, after)
                if pos_a is None:
                    continue
                size = pat.size + (0.5 if pat.origin == "local" else 0) - (0.25 if pat.weak else 0)
                if best is None or size > best.size:
                    best = Match(pat.code, f"{pat.block}: {pat.text}", pat.origin,
                                 [-1 - i for i in pos_b] + pos_a, size, pat.weak)
        return best

    def compose_code(self, frame: str, act: str) -> str | None:
        """The code for ``frame`` (intent, threat, demand ...) over an act coded ``act``."""
        for prefix, code in self.compose.get(frame, ()):
            if act.startswith(prefix) or prefix == "*":
                return code if code != "=" else act
        return None


def _subsequence(elements: list[tuple[Phrase, ...]], window: list[tuple[str, str]]) -> list[int] | None:
    """Greedy in-order match of pattern elements in a window; positions of the matched words."""
    pos: list[int] = []
    i = 0
    n = len(window)
    for el in elements:
        found = False
        while i < n and not found:
            for phrase in el:
                k = len(phrase)
                if i + k <= n and all(phrase[j] in window[i + j] for j in range(k)):
                    pos.extend(range(i, i + k))
                    i += k
                    found = True
                    break
            else:
                i += 1
        if not found:
            return None
    return pos


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon, built once per process (matchers are cached, never rebuilt per document)."""
    return Lexicon()
