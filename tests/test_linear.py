"""Linear time (issue 12): position questions look near the position, not at every mention or quote.

Timings are too noisy on a shared machine to test (``make bench`` reports them, benchmarks/bench_length.py);
these tests guard the structure instead: the answers are those of the scans they replaced, and the
work per question does not grow with the length of the article.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from reportage.actors.positions import Intervals
from reportage.actors.resolve import DocActors


class CountingList(list):
    """A list that counts how often it is walked from the start (a scan)."""

    scans = 0

    def __iter__(self) -> Any:
        self.scans += 1
        return super().__iter__()


# ---- the index answers what a scan answered -----------------------------------------------------

def _random_ranges(seed: int, n: int) -> list[tuple[int, int, int]]:
    rng = random.Random(seed)
    out = []
    for k in range(n):
        s = rng.randrange(0, 2000)
        out.append((s, s + rng.choice([0, 1, 3, 8, 15, 40]), k))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_intervals_answer_as_a_scan_in_the_same_order(seed):
    ranges = _random_ranges(seed, 600)
    index = Intervals(ranges)
    by_start = sorted(ranges, key=lambda r: r[0])  # stable: insertion order among equal starts
    rng = random.Random(seed + 100)
    for _ in range(300):
        a = rng.randrange(-20, 2050)
        b = a + rng.choice([0, 1, 2, 10, 30])
        assert index.overlapping(a, b) == [r for r in by_start if r[0] < b and a < r[1]]
        assert index.within(a, b) == [r for r in by_start if a <= r[0] and r[1] <= b]
        assert index.containing(a, b) == [r for r in by_start if r[0] <= a and b <= r[1]]
        assert index.starting(a, b) == [r for r in by_start if a <= r[0] <= b]
        floor = max(0, a - 100)
        assert list(index.backwards(b, floor)) == [r for r in reversed(by_start) if floor <= r[0] and r[1] <= b]


def _scan_actor_at(table: DocActors, start: int, end: int) -> Any:
    """``actor_at`` as it was: every mention of every actor, the widest overlapping one, the first on a tie."""
    best = None
    for actor in table.actors:
        for m in actor.mentions:
            if m.start < end and start < m.end and (best is None or m.end - m.start > best[0]):
                best = (m.end - m.start, actor)
    return best[1] if best else None


def _big_table(n_actors: int = 300, mentions_each: int = 10) -> DocActors:
    """A table over a long text of short words, each actor mentioned all over it (some spans shared)."""
    words = [f"W{k}" for k in range(n_actors * mentions_each)]
    text = " ".join(words)
    starts = [0]
    for w in words[:-1]:
        starts.append(starts[-1] + len(w) + 1)
    rng = random.Random(7)
    table = DocActors(text=text)
    actors = []
    for k in range(n_actors):
        i = rng.randrange(len(words) - 2)
        actors.append(table.new_actor(f"Actor {k}", starts[i], starts[i] + len(words[i]), "PERSON"))
    for k in range(n_actors * (mentions_each - 1)):
        i = rng.randrange(len(words) - 2)
        j = i + rng.choice([0, 0, 1])  # one word or two: overlaps and equal widths between actors
        table.add_mention(actors[k % n_actors], starts[i], starts[j] + len(words[j]))
    return table


def test_actor_at_looks_near_the_position_and_answers_as_the_scan():
    table = _big_table()
    n_mentions = sum(len(a.mentions) for a in table.actors)
    assert n_mentions > 2500
    rng = random.Random(11)
    queries = [(s, s + rng.choice([1, 4, 12])) for s in (rng.randrange(len(table.text)) for _ in range(400))]
    expected = [_scan_actor_at(table, s, e) for s, e in queries]
    table.actors = CountingList(table.actors)
    before = (table._mentions.asked, table._mentions.examined)
    got = [table.actor_at(s, e) for s, e in queries]
    assert got == expected
    assert table.actors.scans == 0, "actor_at walked the actor table"
    asked = table._mentions.asked - before[0]
    examined = table._mentions.examined - before[1]
    assert asked == len(queries)
    # a query looks at the mentions within one mention's width of it, not at the ~3,000 of the table
    assert examined / asked < 10, f"{examined / asked:.0f} mentions examined per actor_at"
    # ties go to the first actor in table order, also after the table is reordered
    table.actors = sorted(table.actors, key=lambda a: a.name, reverse=True)
    table.reorder()
    assert [table.actor_at(s, e) for s, e in queries] == [_scan_actor_at(table, s, e) for s, e in queries]


def test_nearest_before_answers_as_the_scan_of_earlier_mentions():
    table = _big_table()
    rng = random.Random(5)

    def accept(actor: Any) -> bool:
        return int(actor.name.split()[1]) % 7 == 0  # a rare kind of actor: the walk goes far back

    for _ in range(200):
        pos = rng.randrange(len(table.text))
        floor = rng.choice([0, max(0, pos - 300)])
        best = None
        for actor, m in table.mentions_before(pos, floor):
            if accept(actor) and (best is None or m.start > best[0]):
                best = (m.start, actor)
        assert table.nearest_before(pos, floor, accept) == best


# ---- in the pipeline: the work per question does not grow with the article -------------------------

PEOPLE = ["Anna Berg", "Carlos Diaz", "Elena Fischer", "Gustav Holm", "Ines Jansen", "Karl Lund", "Maria Novak",
          "Olaf Persson", "Rosa Quist", "Stefan Roth"]


def _article(paragraphs: int) -> str:
    """A made-up article: quoted speech with cues, pronouns, titles and descriptions, names coming back."""
    out = []
    for k in range(paragraphs):
        name = PEOPLE[k % len(PEOPLE)]
        other = PEOPLE[(k * 3 + 1) % len(PEOPLE)]
        surname = name.split()[1]
        out.append(f'"We will not accept a deal that hurts our farmers," said {name}, the agriculture minister. '
                   f"{surname} told reporters in Brussels that the talks with {other} would go on. "
                   f'The minister said she expected an answer by Friday. "It is late," she added. '
                   f"The ministry later said it had sent a new offer to the European Commission.")
    return "\n\n".join(out)


def _run(nlp: Any, paragraphs: int) -> tuple[DocActors, Any]:
    from reportage.actors import resolve_actors
    from reportage.attribution import _Extractor, extract_attributions
    from reportage.events import code_events
    from reportage.pipeline import parse

    parsed = parse(_article(paragraphs), nlp)
    table = resolve_actors(parsed.doc, parsed.text, parsed.omap, "2019-05-01")
    atts = extract_attributions(parsed, table)
    code_events(parsed, table, atts, "2019-05-01")
    ex = _Extractor(parsed, table)
    ex.quotes = CountingList(ex.quotes)
    ex.run()
    return table, ex


def test_position_questions_stay_local_as_the_article_grows(nlp):
    small, ex_small = _run(nlp, 6)
    large, ex_large = _run(nlp, 24)
    assert len(large.actors) and sum(len(a.mentions) for a in large.actors) > 3 * sum(
        len(a.mentions) for a in small.actors)
    per_small = small._mentions.examined / max(1, small._mentions.asked)
    per_large = large._mentions.examined / max(1, large._mentions.asked)
    # four times the text, four times the mentions: the mentions looked at per question stay about the same
    assert per_large < 2 * per_small + 3, (per_small, per_large)
    # the extractor walks the quote list a fixed number of times (orphan quotes), not once per cue verb
    assert ex_large.quotes.scans == ex_small.quotes.scans <= 2, (ex_small.quotes.scans, ex_large.quotes.scans)
    assert len(ex_large.quotes) >= 4 * len(ex_small.quotes) > 0


# ---- long texts are parsed in paragraph chunks, joined with the whole text's offsets ------------------

def test_chunks_join_back_and_leave_ordinary_articles_whole():
    from reportage.nlp import CHUNK_CHARS, LONG_TEXT, chunks

    short = _article(10)
    assert len(short) < LONG_TEXT and chunks(short) == [short]
    long = _article(200) + "\n\n\n  \n" + _article(3)  # blank lines of several kinds
    parts = chunks(long)
    assert "".join(parts) == long and len(parts) > 2
    for part in parts[:-1]:
        assert len(part) >= CHUNK_CHARS and part.endswith("\n") and not part[-1:].strip()
    for part in parts[1:]:
        assert part[:1].strip(), "a chunk starts with the first word of a paragraph"


def test_a_long_text_parses_as_one_doc_with_its_offsets(nlp):
    from reportage.nlp import LONG_TEXT, normalise, parse_stream, parse_text
    from reportage.pipeline import analyze_parsed, parse

    text = _article(140)
    assert len(text) > LONG_TEXT
    norm, _ = normalise(text)
    doc = parse_text(nlp, norm)
    assert doc.text == norm
    assert [t.text for t in doc] == [t.text for t in nlp.make_doc(norm)]
    streamed = [d for d, _ in parse_stream(nlp, [("Short text.", 0), (norm, 1), ("Another one.", 2)])]
    assert [d.text for d in streamed] == ["Short text.", norm, "Another one."]
    document = analyze_parsed(parse(text, nlp))
    assert len(document.attributions) >= 140
    for q in document.attributions:
        for span in [q.source, q.cue, *q.content]:
            if span is not None:
                assert text[span.start:span.end] == span.text
