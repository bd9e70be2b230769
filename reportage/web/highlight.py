"""Cut a document's text into flat segments, each carrying the set of marks that cover it.

Spans of one document nest and overlap (a quote's content holds event triggers, a speaker's
span can sit inside another quote), so HTML cannot be produced by wrapping each span in a tag.
Instead every span boundary becomes a cut point; each piece between two cut points is emitted
once, with the CSS classes and record ids of every span covering it. The pieces are plain text:
the template escapes them, so nothing from the article ever reaches the page as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportage.document import Document, Span

# mark kinds in painting order (later ones are drawn on top in the stylesheet)
KINDS = ("mention", "content", "source", "cue", "trigger")


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted span: its kind (a CSS class), the record it belongs to, and a hover label."""

    kind: str
    start: int
    end: int
    ref: str
    label: str


@dataclass(slots=True)
class Segment:
    """A run of text covered by exactly the same marks."""

    text: str
    start: int
    end: int
    kinds: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    @property
    def css(self) -> str:
        return " ".join(f"hl-{k}" for k in self.kinds)


def _valid(text: str, span: Span | None) -> bool:
    """Only spans that sit inside the text are drawn: a bad span must not break the page."""
    return span is not None and 0 <= span.start < span.end <= len(text)


def document_marks(document: Document) -> list[Mark]:
    """Every span worth drawing: attribution speaker/cue/content, event triggers, actor mentions."""
    text = document.text
    marks: list[Mark] = []
    for a in document.actors:
        for m in a.mentions:
            if _valid(text, m):
                marks.append(Mark("mention", m.start, m.end, a.id, f"{a.id} {a.name}" + (f" ({a.code})" if a.code else "")))
    for q in document.attributions:
        speaker = document.actor(q.speaker)
        who = speaker.name if speaker else (q.source.text if q.source else "unattributed")
        if _valid(text, q.source):
            marks.append(Mark("source", q.source.start, q.source.end, q.id, f"{q.id} speaker: {who}"))
        if _valid(text, q.cue):
            marks.append(Mark("cue", q.cue.start, q.cue.end, q.id, f"{q.id} {q.kind} cue"))
        for c in q.content:
            if _valid(text, c):
                marks.append(Mark("content", c.start, c.end, q.id, f"{q.id} {q.kind}, said by {who}"))
    for e in document.events:
        if _valid(text, e.trigger):
            label = f"{e.id} {e.cameo}" + (f" {e.plover}" if e.plover else "")
            marks.append(Mark("trigger", e.trigger.start, e.trigger.end, e.id, label))
    return marks


def segment(text: str, marks: list[Mark]) -> list[Segment]:
    """Split ``text`` at every mark boundary; each segment lists the marks covering it.

    Runs in O((n + m) log m) over the cut points with an active set, so long articles with many
    spans stay cheap; the concatenated segment texts always equal ``text``.
    """
    if not text:
        return []
    cuts = {0, len(text)}
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, m in enumerate(marks):
        if not (0 <= m.start < m.end <= len(text)):
            continue
        cuts.update((m.start, m.end))
        starts.setdefault(m.start, []).append(i)
        ends.setdefault(m.end, []).append(i)
    points = sorted(cuts)
    active: set[int] = set()
    out: list[Segment] = []
    order = {k: n for n, k in enumerate(KINDS)}
    for a, b in zip(points, points[1:], strict=False):
        active.difference_update(ends.get(a, ()))
        active.update(starts.get(a, ()))
        covering = sorted((marks[i] for i in active), key=lambda m: (order.get(m.kind, 99), m.start, m.ref))
        kinds: list[str] = []
        refs: list[str] = []
        labels: list[str] = []
        for m in covering:
            if m.kind not in kinds:
                kinds.append(m.kind)
            if m.kind != "mention" and m.ref not in refs:
                refs.append(m.ref)
            if m.label not in labels:
                labels.append(m.label)
        seg = Segment(text[a:b], a, b, kinds, refs, labels)
        if out and not kinds and not out[-1].kinds:
            out[-1].text += seg.text  # merge plain runs
            out[-1].end = b
        else:
            out.append(seg)
    return out


def paragraphs(segments: list[Segment]) -> list[list[Segment]]:
    """Group segments into paragraphs at newlines so the page keeps the article's layout.

    A segment that crosses a newline is split; the newline itself is dropped (it becomes the
    paragraph break), so offsets shown on hover stay those of the original text.
    """
    paras: list[list[Segment]] = [[]]
    for seg in segments:
        pieces = seg.text.split("\n")
        pos = seg.start
        for n, piece in enumerate(pieces):
            if n > 0:
                pos += 1  # the newline
                if paras[-1]:
                    paras.append([])
            if piece:
                paras[-1].append(Segment(piece, pos, pos + len(piece), seg.kinds, seg.refs, seg.labels))
            pos += len(piece)
    return [p for p in paras if p]
