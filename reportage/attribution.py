"""Attribution extraction: who said, believes or reported what, via whom, and which claims nobody owns.

Rules run over the dependency parse of the normalised copy and over paired quote marks:

* cue verbs and nouns from ``data/cues.tsv`` with their content (that-clause, colon speech,
  quotes, or the object slots the lexicon allows) and their source (subject, by-agent, possessor);
* "according to X" with the clause it qualifies;
* hedges from ``data/hedges.tsv``: "it is said that", "there were reports that", "reportedly",
  sources that name no one ("sources said", "officials who asked not to be named");
* quotes that no cue claimed: a cue beside them in the sentence, else the previous speaker
  when the quote continues a quoted speech.

Each attribution keeps the rule that made it (``rule``) so every item can be explained.
Source chains (``via``) link an attribution whose cue lies inside another's content.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from reportage.actors.positions import Intervals
from reportage.cues import ACTS, QUOTE_ACTS, Cue, load_cues, load_hedges
from reportage.document import Attribution, Span
from reportage.mentions import LEADER_HEADS
from reportage.quotes import Quote, find_quotes
from reportage.settings import AttributionSettings
from reportage.speakers import FIRST_PERSON, SpeakerResolver

_EDGE_PUNCT = {",", ";", ":", "-", "--", "—", ".", "(", ")"}
_DASH_SIGNATURE = re.compile(r'[ \u00a0]*(?P<dash>[\u2015-]{1,2})[ \u00a0]*(?P<name>[A-Z][^\n"]{1,80})')
# a paragraph that opens with a name and a colon: "Putin: ...", "WALLACE: ..."
_NAME_COLON = re.compile(r'(?m)^[ "\']*(?P<name>[^\W\d][^\n:"]{0,48}?)[ ]*(?P<colon>:)[ ]+(?=\S)')
_CUE_ADVERBS = frozenset({"also", "then", "now", "even", "again", "later", "once", "further", "repeatedly"})
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_CLAUSE_CHILD = ("ccomp",)


# Which acts are reported: a set of acts (only propositions: no topic slots, no negated cues, no
# attribution nested in another's speech), or None for every attribution the rules find, as
# PolNeAR annotates them. Set per call with ``reported_acts``.
_REPORTED: ContextVar[frozenset[str] | None] = ContextVar("reported_acts", default=QUOTE_ACTS)


def parse_acts(value: str) -> frozenset[str] | None:
    """``--acts`` as given: "all" (None: everything, as PolNeAR counts it) or a comma list of acts."""
    if value.strip().lower() == "all":
        return None
    acts = frozenset(a.strip().lower() for a in value.split(",") if a.strip())
    unknown = sorted(acts - set(ACTS))
    if not acts or unknown:
        raise ValueError(f"--acts {value!r}: unknown act {', '.join(unknown) or '(none given)'}; "
                         f"use 'all' or a comma list of {', '.join(ACTS)}")
    return acts


@contextmanager
def reported_acts(acts: Iterable[str] | None) -> Iterator[None]:
    """Within the block, extract_attributions reports these acts (None: every attribution found)."""
    token = _REPORTED.set(None if acts is None else frozenset(acts))
    try:
        yield
    finally:
        _REPORTED.reset(token)


@dataclass
class _Cand:
    rule: str
    kind: str
    content: list[tuple[int, int]]  # normalised character ranges
    cue: tuple[int, int] | None  # normalised character range
    source: tuple[int, int] | None  # token range [start, end)
    confidence: float
    anchor: int  # normalised character offset used for ordering
    hedged: bool = False
    quotes: list[Quote] = field(default_factory=list)
    act: str = "speech"
    # not a quote a journalist would sign, though PolNeAR may count it: a topic rather than a
    # proposition ("discussed the issues"), or a negated cue ("did not mention")
    topic: bool = False
    negated: bool = False


class _Extractor:
    def __init__(self, parsed: Any, table: Any, settings: AttributionSettings | None = None) -> None:
        self.settings = settings or AttributionSettings()  # min_quote_words, min_slot_confidence ...
        self.doc = parsed.doc
        self.norm = parsed.doc.text
        self.text = parsed.text
        self.omap = parsed.omap
        self.table = table
        self.cues = load_cues(self.settings.min_learned_precision, self.settings.min_learned_count)
        self.hedges = load_hedges()
        self.quotes = find_quotes(self.norm, lambda i: self.text[self.omap(i)])
        self.cands: list[_Cand] = []
        self.used_cue_tokens: set[int] = set()
        self.sent_starts = [sent.start_char for sent in self.doc.sents]
        # by position (issue 12, linear time): quotes are in text order and never overlap, so their
        # starts and ends both ascend; token starts ascend with the tokens
        self.quote_starts = [q.start for q in self.quotes]
        self.quote_ends = [q.end for q in self.quotes]
        self.token_starts = [t.idx for t in self.doc]

    def tokens_from(self, a: int, b: int) -> list[Any]:
        """Tokens whose first character lies in [a, b]."""
        i = bisect.bisect_left(self.token_starts, a)
        j = bisect.bisect_right(self.token_starts, b)
        return [self.doc[k] for k in range(i, j)]

    # ----- small helpers over the parse -------------------------------------------------
    def chars(self, a: int, b: int) -> tuple[int, int]:
        """Token range [a, b) to normalised character range."""
        d = self.doc
        return d[a].idx, d[b - 1].idx + len(d[b - 1])

    def trimmed(self, a: int, b: int) -> tuple[int, int] | None:
        """Token range without punctuation (other than quote marks) at either edge."""
        d = self.doc
        while a < b and (d[a].text in _EDGE_PUNCT or d[a].is_space):
            a += 1
        while b > a and (d[b - 1].text in _EDGE_PUNCT or d[b - 1].is_space):
            b -= 1
        return (a, b) if a < b else None

    def subtree_ranges(self, tok: Any, exclude: tuple[Any, ...] = ()) -> list[tuple[int, int]]:
        """Character ranges of a token's subtree minus excluded subtrees, split where they were cut out."""
        removed: set[int] = set()
        for ex in exclude:
            removed.update(range(ex.left_edge.i, ex.right_edge.i + 1))
        idx = [i for i in range(tok.left_edge.i, tok.right_edge.i + 1) if i not in removed]
        runs: list[tuple[int, int]] = []
        for i in idx:
            if runs and runs[-1][1] == i:
                runs[-1] = (runs[-1][0], i + 1)
            else:
                runs.append((i, i + 1))
        out = []
        for a, b in runs:
            t = self.trimmed(a, b)
            if t:
                out.append(self.chars(*t))
        return out

    def with_quotes(self, ranges: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[Quote]]:
        """Stretch content ranges to whole quotes they cut into; return the quotes touched."""
        out, touched = [], []
        for s, e in ranges:
            # the quotes ending after s, up to the first that starts at or after the (stretched) end
            for k in range(bisect.bisect_right(self.quote_ends, s), len(self.quotes)):
                q = self.quotes[k]
                if q.start >= e:
                    break
                touched.append(q)
                s, e = min(s, q.start), max(e, q.end)
            out.append((s, e))
        return _merge(out), touched

    def sentence_of(self, i: int) -> int:
        """Index of the sentence holding normalised character i."""
        return bisect.bisect_right(self.sent_starts, i) - 1

    def para_end(self, i: int) -> int:
        nl = self.norm.find("\n", i)
        end = len(self.norm) if nl < 0 else nl
        while end > i and self.norm[end - 1].isspace():
            end -= 1
        return end

    def on_line_of(self, ranges: list[tuple[int, int]], anchor: int) -> list[tuple[int, int]]:
        """Content ranges cut to the line (paragraph) of the cue at ``anchor``: a parse that runs over a line
        break ("ANALYST'S TAKE⏎⏎The market will rise, said Smith", a caption before a quote) gives the cue
        words that are not its content. Quotes that continue over paragraphs are added back by with_quotes.
        When most of the content lies on other lines the parse hung the wrong clause on the cue: nothing is
        kept, so that a quote beside the cue can be its content instead."""
        lo = self.norm.rfind("\n", 0, anchor) + 1
        hi = self.norm.find("\n", anchor)
        hi = len(self.norm) if hi < 0 else hi
        total = sum(e - s for s, e in ranges)
        kept = sum(max(0, min(e, hi) - max(s, lo)) for s, e in ranges)
        if total and kept < 0.5 * total:
            return []
        out = []
        for s, e in ranges:
            s, e = max(s, lo), min(e, hi)
            while s < e and self.norm[s].isspace():
                s += 1
            while e > s and self.norm[e - 1].isspace():
                e -= 1
            if s < e:
                out.append((s, e))
        return out

    def quote_at(self, i: int) -> Quote | None:
        k = bisect.bisect_left(self.quote_starts, i)
        return self.quotes[k] if k < len(self.quotes) and self.quote_starts[k] == i else None

    # ----- rules ------------------------------------------------------------------------
    def run(self) -> list[_Cand]:
        doc = self.doc
        for tok in doc:
            if tok.pos_ in ("VERB", "AUX") or (tok.tag_.startswith("VB") and tok.pos_ != "NOUN"):
                cue = self.cues.get((tok.lemma_.lower(), "VERB"))
                if cue is not None:
                    self.verb_cue(tok, cue)
            elif tok.pos_ == "NOUN":
                cue = self.cues.get((tok.lemma_.lower(), "NOUN"))
                if cue is not None:
                    self.noun_cue(tok, cue)
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                self.according_to(tok)
            elif tok.dep_ == "prep" and tok.lower_ == "in":
                self.in_source(tok)
            elif tok.lower_ in self.hedges.get("adverb", ()) and tok.dep_ == "advmod":
                self.hedge_adverb(tok)
        self.headline_colon()
        self.drop_speech_within_speech()
        self.drop_layout_lines()
        acts = _REPORTED.get()
        if acts is not None:
            self.cands = [c for c in self.cands
                          if c.act in acts and not c.topic and not c.negated and self.is_proposition(c)]
            self.drop_nested()
        self.orphan_quotes()
        return self.cands

    def is_proposition(self, c: _Cand) -> bool:
        """A quote, or words with a verb: "Jeanette Mafra, acting director of ..." read as the content of
        "told" by a misparse is a noun phrase, and a noun phrase is a topic, not what was said."""
        if c.quotes:
            return True
        if c.source is None and c.cue is not None and c.kind == "indirect" and c.content \
                and c.content[-1][1] <= c.cue[0] and not c.rule.startswith("parenthetical"):
            # "The American imprisoned in Iran, in a letter, described how ...": a clause before its cue
            # with no one saying it is the misparsed subject, not what was said
            return False
        for s, e in c.content:
            span = self.doc.char_span(s, e, alignment_mode="expand")
            if span is not None and any(t.pos_ in ("VERB", "AUX") for t in span):
                return True
        return False

    def drop_nested(self) -> None:
        """"Zarif said he hoped X": the inner cue is part of what Zarif said, not a second quote. A cue
        inside the content of another cue verb's attribution is dropped ("according to" relays and
        hedges are not speakers of their content, so what sits inside them stays)."""
        outer: Intervals[_Cand] = Intervals(
            (s, e, c) for c in self.cands if c.cue is not None and c.kind not in ("according_to", "hedged")
            and not c.hedged for s, e in c.content)
        kept = []
        for c in self.cands:
            if c.cue is not None and any(p is not c for _s, _e, p in outer.containing(*c.cue)):
                continue
            kept.append(c)
        self.cands = kept

    def drop_layout_lines(self) -> None:
        """"WATCH: Trump says the deal is dead", "FILE PHOTO: ...": a line opened by a layout label is a
        video title or a caption, not prose, whatever cue it holds."""
        labels = self.hedges.get("layout_label", frozenset())
        kept = []
        for c in self.cands:
            at = c.cue[0] if c.cue else c.anchor
            line = self.norm[self.norm.rfind("\n", 0, at) + 1:at]
            head, colon, _ = line.partition(":")
            if colon and " ".join(head.lower().split()) in labels:
                continue
            kept.append(c)
        self.cands = kept

    def drop_speech_within_speech(self) -> None:
        """A cue inside quoted or colon-introduced speech is part of that speech ("I must say that ..."):
        the quoted speaker owns it, and reporting it again would count the same words twice."""
        colon_speech: Intervals[None] = Intervals((s, e, None) for c in self.cands if c.kind == "direct"
                                                  for s, e in c.content)
        kept = []
        for c in self.cands:
            if c.cue is not None:
                a, b = c.cue
                k = bisect.bisect_left(self.quote_starts, a) - 1  # the one quote that can hold the cue
                if k >= 0 and b < self.quotes[k].end:
                    continue
                if any((s, e) not in c.content for s, e, _ in colon_speech.containing(a, b)):
                    continue
            kept.append(c)
        self.cands = kept

    def cue_range(self, verb: Any, extra_right: Any | None = None) -> tuple[int, int]:
        doc = self.doc
        a = verb.i
        while a - 1 >= 0 and doc[a - 1].head.i == verb.i and (
                doc[a - 1].dep_ in ("aux", "auxpass", "neg") or (doc[a - 1].dep_ == "advmod" and doc[a - 1].pos_ == "ADV")):
            a -= 1
        while a < verb.i and doc[a].dep_ == "advmod" and doc[a].lower_ not in _CUE_ADVERBS:
            a += 1  # "also said", "then pointed out" are cues; "severely criticized" keeps only the verb
        b = verb.i + 1
        for child in verb.rights:
            if child.dep_ == "prt" and child.i == b:
                b += 1
        if extra_right is not None and extra_right.i == b:
            b += 1
        if b < len(doc) and doc[b].text == ":":
            b += 1  # "said:" — the colon is part of the cue in news convention
        return self.chars(a, b)

    def subject_of(self, verb: Any) -> tuple[Any | None, str]:
        """The source token of a cue verb and how it was found."""
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        if passive:
            for c in verb.children:
                if c.dep_ == "agent":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            return p, "agent"
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
        if subjects:
            # the parser sometimes hangs a fronted phrase on the verb as a second subject: take the nearest
            left = [c for c in subjects if c.i < verb.i]
            return (left[-1] if left else subjects[0]), "subject"
        # "X continued ... and reminded:", "..., saying that": the subject of the verb it hangs on,
        # preferring a cue verb up the chain ("X emphasized that ..., saying that ...")
        cur = verb
        fallback = None
        for _ in range(4):
            if cur.dep_ not in ("conj", "advcl", "xcomp", "ccomp") or cur.head is cur:
                break
            cur = cur.head
            subj = next((c for c in cur.children if c.dep_ == "nsubj"), None)
            if subj is None:
                continue
            if (cur.lemma_.lower(), "VERB") in self.cues:
                return subj, f"subject of {cur.lower_}"
            if fallback is None and cur.dep_ != "ccomp":
                fallback = (subj, f"subject of {cur.lower_}")
        if fallback is not None and verb.dep_ != "ccomp":
            return fallback
        if verb.dep_ == "relcl":
            return verb.head, "relative"
        return None, "none"

    def source_tokens(self, tok: Any, toward: int | None = None) -> tuple[int, int]:
        """The source noun phrase of a subject token: the whole subtree minus relative clauses and trailing commas.

        A source never crosses a line break: of a phrase split by one ("Getty Images\n\nSenator Lopez" from a
        caption's tail and a name), the part nearest the cue token ``toward`` (else the subject's own)."""
        left = tok.left_edge.i
        right = tok.i + 1
        for child in tok.rights:
            if child.dep_ in ("relcl", "punct", "cc", "conj") or (child.dep_ == "acl" and child.i > tok.i + 1):
                break
            right = child.right_edge.i + 1
        breaks = [i for i in range(left, right - 1) if "\n" in self.doc[i].text_with_ws]
        if breaks:
            segments, a = [], left
            for i in breaks:
                segments.append((a, i + 1))
                a = i + 1
            segments.append((a, right))
            segments = [(x, y) for x, y in segments if any(not self.doc[k].is_space for k in range(x, y))]
            if toward is not None and toward >= right:
                left, right = segments[-1]
            elif toward is not None and toward < left:
                left, right = segments[0]
            else:
                left, right = next(((x, y) for x, y in segments if x <= tok.i < y), segments[-1])
            while left < right and self.doc[left].is_space:
                left += 1
            while right > left and self.doc[right - 1].is_space:
                right -= 1
        t = self.trimmed(left, right)
        if t:  # a source is never a quote mark: '"...," DeBoer, the head coach, said'
            a, b = t
            while a < b and self.doc[a].text in ('"', "'"):
                a += 1
            while b > a and self.doc[b - 1].text in ('"', "'"):
                b -= 1
            t = self.trimmed(a, b) if a < b else None
        return t if t else (tok.i, tok.i + 1)

    def is_anonymous(self, a: int, b: int) -> bool:
        toks = self.doc[a:b]
        root = toks.root
        if any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in toks):
            return False
        phrase = " ".join(t.lower_ for t in root.subtree)
        if any(m in phrase for m in self.hedges.get("anonymity", ())):
            return True
        return root.lemma_.lower() in self.hedges.get("anonymous_source", ()) and not any(
            t.dep_ == "poss" for t in toks) and not any(t.lower_ in ("the", "this", "that") for t in toks if t.dep_ == "det")

    def verb_cue(self, verb: Any, cue: Cue) -> None:
        doc = self.doc
        content: list[tuple[int, int]] = []
        rule = ""
        extra_right = None
        colon_speech = False
        # colon speech: "Putin stated: We have talked ..." runs to the end of the paragraph
        nxt = verb.i + 1
        while nxt < len(doc) and doc[nxt].dep_ in ("prt", "advmod") and doc[nxt].head.i == verb.i:
            nxt += 1
        if nxt < len(doc) and doc[nxt].text == ":":
            start_tok = nxt + 1
            while start_tok < len(doc) and doc[start_tok].is_space:
                start_tok += 1
            if start_tok < len(doc):
                s = doc[start_tok].idx
                q = self.quote_at(s)
                e = q.end if q is not None else self.para_end(s)
                if q is not None:
                    content = [(s, e)]
                    rule = f"cue verb '{cue.lemma}' + colon + quote"
                elif e > s:
                    content = [(s, e)]
                    rule = f"cue verb '{cue.lemma}' + colon speech to paragraph end"
                    colon_speech = True
        clause_ok = cue.slots.get("ccomp", 0.0) >= self.settings.min_slot_confidence
        if content and not clause_ok:
            content = []
        if not content and clause_ok:
            for child in verb.children:
                if child.dep_ in _CLAUSE_CHILD:
                    content = self.subtree_ranges(child)
                    rule = f"cue verb '{cue.lemma}' + clause"
                    break
        if not content and clause_ok:
            # "The economy, he said, is fine": the cue is a parenthetical inside its content
            if verb.dep_ == "parataxis" and verb.head is not verb:
                content = self.subtree_ranges(verb.head, exclude=(verb,))
                rule = f"parenthetical cue '{cue.lemma}'"
            else:
                para = [c for c in verb.children if c.dep_ == "parataxis" and c.i < verb.i]
                if para:
                    content = self.subtree_ranges(para[0])
                    rule = f"cue verb '{cue.lemma}' after its clause"
        content = self.on_line_of(content, verb.idx)
        slot_conf = cue.confidence
        from_slot = False
        scare = False
        if not content:
            for slot in cue.content:
                if cue.slots[slot] < self.settings.min_slot_confidence:
                    continue
                for child in verb.children:
                    if slot == "obj" and child.dep_ == "dobj":
                        content = self.subtree_ranges(child)
                    elif slot == "oprd" and child.dep_ == "dobj":
                        oprd = [c for c in verb.children if c.dep_ == "oprd" and c.i > child.i]
                        if oprd:
                            content = [(child.left_edge.idx, self.chars(oprd[0].i, oprd[0].right_edge.i + 1)[1])]
                    elif slot == "xcomp" and child.dep_ == "xcomp":
                        content = self.subtree_ranges(child)
                    elif slot.startswith("prep:") and (prep := _prep_of(child, slot[5:])) is not None:
                        pobj = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
                        if pobj:
                            content = self.subtree_ranges(pobj[0])
                            if prep.i == verb.i + 1:
                                extra_right = prep
                    content = self.on_line_of(content, verb.idx)
                    if content:
                        rule = f"cue verb '{cue.lemma}' + {slot}"
                        slot_conf = cue.slots[slot]
                        from_slot = True
                        break
                if content:
                    break
        if not content:
            if not clause_ok:
                return
            content, rule = self.adjacent_quote(verb), f"cue verb '{cue.lemma}' beside a quote"
            if not content:
                return
            # 'questioning who was the bigger "enemy"': a word or two in marks, not closed by the
            # punctuation of speech, is a scare quote or a title
            inner = self.norm[content[0][0] + 1:content[0][1] - 1].strip()
            scare = len(inner.split()) < self.settings.min_quote_words and not inner.endswith((",", ".", "!", "?"))
            # after the cue, speech follows a comma or a colon ('he said, "..."'), not a preposition
            # ('discussed on "Fox & Friends."')
            gap = self.norm[verb.idx + len(verb):content[0][0]].strip()
            if content[0][0] > verb.idx and gap and not gap.endswith((",", ":")):
                scare = True
            # '... a "true, European army," highlighting the threat': a participle does not sign a quote before it
            if content[0][0] < verb.idx and verb.tag_ == "VBG":
                scare = True
        content, touched = self.with_quotes(content)
        # never let the cue itself sit inside its own content
        cue_chars = self.cue_range(verb, extra_right)
        content = [r for r in content if not (r[0] <= cue_chars[0] and cue_chars[1] <= r[1])] or content
        subj, how = self.subject_of(verb)
        source = self.source_tokens(subj, toward=verb.i) if subj is not None else None
        kind = "direct" if colon_speech else "indirect"
        hedged = False
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        if passive and (subj is None or how == "subject"):
            expl = [c for c in verb.children if c.dep_ in ("nsubjpass", "expl") and c.lower_ == "it"]
            if expl or subj is None:
                if cue.lemma in self.hedges.get("passive_cue", ()):
                    kind, hedged, source = "hedged", True, None
                    rule = f"impersonal passive 'it is {verb.text}'"
                else:
                    return
            elif how == "subject":
                # "X was told that": X is the addressee, the speaker is unnamed
                source = None
        if source is not None and self.is_anonymous(*source):
            kind, hedged = "hedged", True
            rule += "; anonymous source"
        conf = slot_conf
        if subj is not None and subj.lower_ in ("it", "there", "this") and kind != "hedged":
            conf *= 0.6
        if source is None and kind != "hedged":
            conf *= 0.7
        self.used_cue_tokens.add(verb.i)
        negated = any(c.dep_ == "neg" for c in verb.children)
        # "asked whether the strikes set back ...": a reported question is not a claim; quoted words stay
        question = cue.cls == "question" and not any(self.is_speech_quote(q) for q in touched)
        self.cands.append(_Cand(rule, kind, content, cue_chars, source, conf, verb.idx, hedged, touched,
                                act=cue.act, topic=(from_slot and not any(self.is_speech_quote(q) for q in touched)) or scare or question,
                                negated=negated))

    def is_speech_quote(self, q: Quote) -> bool:
        """Quoted words, not a quoted title or label ("Fox & Friends", "no-fly"): a few words at least."""
        return len(self.norm[q.inner[0]:q.inner[1]].split()) >= self.settings.min_quote_words

    def adjacent_quote(self, verb: Any) -> list[tuple[int, int]]:
        """A quote just before the cue ('"...," he said', or '"...!" Trump said.' after a closing stop)
        or just after it in its sentence ('he said, "..."')."""
        sent = verb.sent
        before: Quote | None = None
        after: Quote | None = None
        # quotes ascend and never overlap: only the last quote ending before the verb can be close
        # enough (a later end leaves a shorter gap), and only the first starting at or after it
        k = bisect.bisect_right(self.quote_ends, verb.idx) - 1
        if k >= 0:
            q = self.quotes[k]
            if q.end >= self.doc[sent.start].idx - 2:
                gap = self.norm[q.end:verb.idx]
                if len(gap.split()) <= 5 and "\n" not in gap:
                    before = q
        k = bisect.bisect_left(self.quote_starts, verb.idx)
        if k < len(self.quotes):
            q = self.quotes[k]
            if q.start < sent.end_char + 1:
                gap = self.norm[verb.idx + len(verb):q.start]
                if len(gap.split()) <= 4 and "\n" not in gap:
                    after = q
        best = before or after
        return [(best.start, best.end)] if best else []

    def noun_cue(self, noun: Any, cue: Cue) -> None:
        clause = None
        for child in noun.children:
            if child.dep_ in ("acl", "ccomp", "relcl") and any(g.dep_ == "mark" and g.lower_ == "that" for g in child.children):
                clause = child
                break
        if clause is None:
            return
        content, touched = self.with_quotes(self.on_line_of(self.subtree_ranges(clause), noun.idx))
        if not content:
            return
        source = None
        for child in noun.children:
            if child.dep_ == "poss":
                source = self.source_tokens(child)
            elif child.dep_ == "prep" and child.lower_ in ("by", "from"):
                pobj = [c for c in child.children if c.dep_ == "pobj"]
                if pobj:
                    source = self.source_tokens(pobj[0])
        head = noun.head
        there = noun.dep_ == "attr" and any(c.dep_ == "expl" for c in head.children)
        hedged = source is None and (there or cue.cls == "report")
        kind = "hedged" if hedged else "indirect"
        rule = f"cue noun '{cue.lemma}' + that-clause" + ("; 'there were …' with no source" if there else "")
        conf = cue.confidence * (1.0 if source or hedged else 0.6)
        a = noun.i
        if there:
            a = head.i if head.i < noun.i else a
        self.cands.append(_Cand(rule, kind, content, (self.doc[a].idx, noun.idx + len(noun)), source, conf, noun.idx,
                                hedged, touched, act=cue.act))

    def according_to(self, tok: Any) -> None:
        doc = self.doc
        to = doc[tok.i + 1]
        pobj = [c for c in to.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
        if not pobj:
            return
        source = self.source_tokens(pobj[0])
        head = tok.head if tok.head is not tok else None
        if head is None:
            return
        # the clause it qualifies: the head's subtree without the according-to phrase
        clause = head
        while clause.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "relcl") and clause.head is not clause:
            clause = clause.head
        content = self.on_line_of(self.subtree_ranges(clause, exclude=(tok,)), tok.idx)
        if not content:
            return
        content, touched = self.with_quotes(content)
        kind = "according_to"
        hedged = self.is_anonymous(*source)
        if hedged:
            kind = "hedged"
        self.used_cue_tokens.add(tok.i)
        self.cands.append(_Cand("according to X", kind, content, self.chars(tok.i, tok.i + 2), source, 0.9, tok.idx,
                                hedged, touched))

    def in_source(self, prep: Any) -> None:
        """'In the latest CNN poll, Clinton leads by five points': a poll, statement or report as the source."""
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return
        cue = self.cues.get((pobj.lemma_.lower(), "SOURCE"))
        if cue is None:
            return
        clause = prep.head
        if clause.pos_ not in ("VERB", "AUX") or (clause.lemma_.lower(), "VERB") in self.cues:
            return  # "In a statement, X said ...": the speech verb is the cue
        content = self.on_line_of(self.subtree_ranges(clause, exclude=(prep,)), prep.idx)
        if not content:
            return
        content, touched = self.with_quotes(content)
        source = self.source_tokens(pobj)
        self.used_cue_tokens.add(prep.i)
        # "as he did in his Cleveland speech", "In an interview, X put his finger on ...": what someone did
        # in a speech or a letter is not what they said, unless quoted (PolNeAR counts it all the same)
        self.cands.append(_Cand(f"'in' + {cue.lemma} as source", "according_to", content,
                                self.chars(prep.i, prep.i + 1), source, cue.confidence, prep.idx, False, touched,
                                act=cue.act, topic=not any(self.is_speech_quote(q) for q in touched)))

    def hedge_adverb(self, adv: Any) -> None:
        head = adv.head
        content = self.on_line_of(self.subtree_ranges(head), adv.idx)  # the whole hedged clause, adverb and all
        if not content:
            return
        content, touched = self.with_quotes(content)
        self.cands.append(_Cand(f"hedging adverb '{adv.lower_}'", "hedged", content, self.chars(adv.i, adv.i + 1),
                                None, 0.7, adv.idx, True, touched))

    def headline_colon(self) -> None:
        """'Putin: NATO membership won't increase Ukraine's security.' (a headline) and 'WALLACE: If I may ...'
        (a transcript turn): a name opening a paragraph, a colon, and what was said up to the paragraph's end."""
        for m in _NAME_COLON.finditer(self.norm):
            a, b = m.span("name")
            name = self.tokens_from(a, b - 1)
            if not name or len(name) > 6 or any(t.i in self.used_cue_tokens for t in name):
                continue
            if not all(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG")
                       or (t.is_alpha and (t.is_title or t.is_upper) and t.pos_ in ("NOUN", "PROPN"))
                       or t.text in (".", "-") for t in name):
                continue
            if self.is_layout_label(name):
                continue
            colon = m.start("colon")
            s = m.end()
            e = self.para_end(s)
            if e <= s:
                continue
            touched = [self.quotes[k] for k in range(bisect.bisect_left(self.quote_starts, s),
                                                      bisect.bisect_right(self.quote_starts, e))
                       if self.quotes[k].end <= e]
            transcript = all(t.is_upper or not t.is_alpha for t in name)
            if not transcript and _REPORTED.get() is not None and not any(
                    t.ent_type_ == "PERSON" or t.lemma_.lower() in LEADER_HEADS for t in name):
                continue  # "Iraq: More than 1,000 soldiers MIA", "Brexit: Deal or no deal?": a topic, not a speaker
            rule = "transcript speaker turn" if transcript else "name + colon headline"
            self.cands.append(_Cand(rule, "direct" if transcript else "indirect", [(s, e)], (colon, colon + 1),
                                    (name[0].i, name[-1].i + 1), 0.6, colon, False, touched))

    def is_layout_label(self, name: list[Any]) -> bool:
        """"FILE PHOTO:", "WATCH:", "ANALYST'S TAKE:": page furniture or a section header before a colon,
        not a speaker; a possessive never names one."""
        words = " ".join(t.lower_ for t in name if not t.is_punct or t.text == "'s")
        labels = self.hedges.get("layout_label", frozenset())
        return (words in labels or any(t.tag_ == "POS" or t.lower_ in ("'s", "’s") for t in name)
                or (name[0].lower_ in labels and len(name) <= 2 and name[0].is_upper))

    def dash_signature(self, q: Quote) -> bool:
        """'"... our greatest shame." ― Sonya Herridge': a quote signed after a dash, up to the line's end."""
        m = _DASH_SIGNATURE.match(self.norm, q.end)
        if not m:
            return False
        a, b = m.span("name")
        while b > a and self.norm[b - 1] in ". ":
            b -= 1
        toks = [t for t in self.tokens_from(a, b) if t.idx + len(t) <= b]
        if not toks or len(toks) > 8:
            return False
        dash_at = m.start("dash")
        self.cands.append(_Cand("quote signed after a dash", "direct", [(q.start, q.end)],
                                (dash_at, m.end("dash")), (toks[0].i, toks[-1].i + 1), 0.7, q.start, False, [q]))
        return True

    def orphan_quotes(self) -> None:
        """Quotes no cue claimed: continue the previous quoted speaker, else stand alone without a speaker."""
        covered: Intervals[None] = Intervals((s, e, None) for c in self.cands for s, e in c.content)
        # candidates by anchor (ties in list order), for "the latest one before this quote"
        by_anchor = sorted(range(len(self.cands)), key=lambda n: self.cands[n].anchor)
        anchors = [self.cands[n].anchor for n in by_anchor]
        for q in self.quotes:
            if covered.containing(q.start, q.end):
                continue
            inner = self.norm[q.inner[0]:q.inner[1]]
            if len(inner.split()) < self.settings.min_quote_words:
                continue
            if self.dash_signature(q):
                continue
            if _REPORTED.get() is not None and self.embedded(q):
                continue
            for n in range(len(by_anchor), len(self.cands)):  # candidates added since (signed quotes, lone quotes)
                at = bisect.bisect_right(anchors, self.cands[n].anchor)
                anchors.insert(at, self.cands[n].anchor)
                by_anchor.insert(at, n)
            prev = self._latest_before(q.start, by_anchor, anchors)
            if prev is not None and prev.quotes and not prev.hedged:
                last = max(e for _, e in prev.content)
                if prev.cue:
                    last = max(last, prev.cue[1])
                if prev.source:
                    last = max(last, self.chars(*prev.source)[1])
                gap = self.norm[last:q.start]
                next_sentence = self.sentence_of(q.start) - self.sentence_of(max(last - 1, 0)) <= 1
                if gap.count("\n") <= 2 and (len(gap.split()) <= 12 or next_sentence):
                    prev.content.append((q.start, q.end))
                    prev.quotes.append(q)
                    continue
            self.cands.append(_Cand("quote without a cue", "direct", [(q.start, q.end)], None, None, 0.3, q.start,
                                    False, [q]))

    def _latest_before(self, pos: int, by_anchor: list[int], anchors: list[int]) -> _Cand | None:
        """The candidate with the latest anchor before ``pos`` whose content ends by ``pos`` (the first in
        list order among equal anchors): walks back from ``pos`` and stops at the first anchor that has one."""
        k = bisect.bisect_left(anchors, pos) - 1
        while k >= 0:
            anchor, found = anchors[k], None
            while k >= 0 and anchors[k] == anchor:
                c = self.cands[by_anchor[k]]
                if c.content and max(e for _, e in c.content) <= pos and (found is None or by_anchor[k] < found[0]):
                    found = (by_anchor[k], c)
                k -= 1
            if found is not None:
                return found[1]
        return None

    def embedded(self, q: Quote) -> bool:
        """A quote inside a sentence's flow ('what can be done to "break the revenge cycle"') is a title or
        a phrase being discussed; quoted speech with no cue opens a sentence or follows a colon or comma."""
        before = self.norm[:q.start].rstrip()
        return bool(before) and (before[-1].isalnum() or before[-1] in "'’)%")


def _prep_of(child: Any, word: str) -> Any | None:
    """The preposition ``word`` on the verb, or on its object ("accused the alliance of ...")."""
    if child.dep_ == "prep" and child.lower_ == word:
        return child
    if child.dep_ == "dobj":
        for grand in child.children:
            if grand.dep_ == "prep" and grand.lower_ == word:
                return grand
    return None


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(ranges):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _kind(c: _Cand, norm: str) -> str:
    if c.hedged:
        return "hedged"
    if c.kind == "according_to":
        return "according_to"
    if not c.quotes:
        return c.kind
    quoted = 0
    total = 0
    for s, e in c.content:
        total += sum(1 for ch in norm[s:e] if not ch.isspace())
        for q in c.quotes:
            a, b = max(s, q.start), min(e, q.end)
            if a < b:
                quoted += sum(1 for ch in norm[a:b] if not ch.isspace())
    return "direct" if total and quoted >= 0.9 * total else "mixed"


def _dedupe(cands: list[_Cand]) -> list[_Cand]:
    """One attribution per cue; and a cue-less quote never repeats content a cued attribution has."""
    by_cue: dict[tuple[int, int], _Cand] = {}
    rest = []
    for c in cands:
        if c.cue is None:
            rest.append(c)
            continue
        old = by_cue.get(c.cue)
        if old is None or c.confidence > old.confidence:
            by_cue[c.cue] = c
    kept = list(by_cue.values())
    held: Intervals[None] = Intervals((s, e, None) for k in kept for s, e in k.content)
    for c in rest:
        if not held.containing(*c.content[0]):
            kept.append(c)
            for s, e in c.content:
                held.add(s, e, None)
    return sorted(kept, key=lambda c: (c.content[0][0] if c.content else c.anchor, c.anchor))


def extract_attributions(parsed: Any, table: Any, outlet: str | None = None,
                         settings: AttributionSettings | None = None) -> list[Attribution]:
    """Attributions of one parsed document; speakers are resolved against and added to ``table``.

    Only the acts set by ``reported_acts`` are reported (by default speech and writing, as
    propositions: what a journalist would sign as a quote)."""
    ex = _Extractor(parsed, table, settings)
    cands = _dedupe(ex.run())
    resolver = SpeakerResolver(parsed.doc, parsed.omap, table)
    text, omap = parsed.text, parsed.omap
    out: list[Attribution] = []
    # resolve in text order so that pronouns see the speakers before them
    for i, c in enumerate(sorted(cands, key=lambda c: c.anchor)):
        c_id = f"Q{i + 1}"
        speaker = None
        source_span = None
        if c.source is not None:
            a, b = c.source
            source_span = Span.of(text, *omap.span(*ex.chars(a, b)))
            if c.kind != "hedged" and not c.hedged:
                actor = resolver.resolve(a, b)
                if actor is None:
                    actor = _appositive_speaker(ex, resolver, a, b)
                speaker = actor.id if actor else None
        content = [Span.of(text, *omap.span(s, e)) for s, e in c.content if e > s]
        cue = Span.of(text, *omap.span(*c.cue)) if c.cue else None
        out.append(Attribution(id=c_id, kind=_kind(c, ex.norm), speaker=speaker, source=source_span, cue=cue,
                               content=content, confidence=c.confidence, rule=c.rule, act=c.act))
    _link_chains(out)
    _first_person(out, table)
    return out


def _appositive_speaker(ex: _Extractor, resolver: SpeakerResolver, a: int, b: int) -> Any | None:
    """"His chief economic adviser, Larry Kudlow, told CNN": the name in apposition to an unresolved
    description is the speaker."""
    root = ex.doc[a:b].root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= b and any(t.pos_ == "PROPN" for t in child.subtree):
            return resolver.resolve(*ex.source_tokens(child))
    return None


def _first_person(atts: list[Attribution], table: Any) -> None:
    """'I'/'we' as the source inside someone's quoted speech is that speaker."""
    by_id = {a.id: a for a in atts}
    for a in atts:
        if a.speaker or a.source is None or a.via is None:
            continue
        if a.source.text.lower() not in FIRST_PERSON:
            continue
        parent = by_id.get(a.via)
        if parent is not None and parent.speaker:
            a.speaker = parent.speaker
            actor = next((x for x in table.actors if x.id == parent.speaker), None)
            if actor is not None:
                table.add_mention(actor, a.source.start, a.source.end)


def _link_chains(atts: list[Attribution]) -> None:
    """B is reported via A when B's cue (and source) sit inside A's content: the innermost such A."""
    spans: Intervals[tuple[int, Attribution]] = Intervals(
        (s.start, s.end, (n, a)) for n, a in enumerate(atts) for s in a.content)
    for b in atts:
        anchor = b.cue or b.source
        if anchor is None:
            continue
        best: Attribution | None = None
        best_len = None
        # the content spans holding the anchor, in the order a scan of every attribution would meet them
        for s_start, s_end, (_n, a) in sorted(spans.containing(anchor.start, anchor.end), key=lambda x: x[2][0]):
            if a is b:
                continue
            if b.source is None or (s_start <= b.source.start and b.source.end <= s_end):
                length = s_end - s_start
                if best_len is None or length < best_len:
                    best, best_len = a, length
        if best is not None and best.via != b.id:
            b.via = best.id
