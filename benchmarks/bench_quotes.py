"""Quote clustering at corpus scale: time and memory for 25,000, 50,000 and 100,000 attributions.

Goal (issue 15): 100,000 attributions in under a minute on the 2-core machine, memory growing about
linearly. The quotes are synthetic (seeded): each utterance is printed two to five times, verbatim,
truncated or reworded, over a vocabulary large enough that unrelated quotes share few 3-grams, as
news quotes do. Run: ``.venv/bin/python benchmarks/bench_quotes.py [N ...]``.
"""

from __future__ import annotations

import random
import resource
import sys
import time

from reportage.quote_clusters import QuoteInput, cluster_quotes


def synthetic(n_quotes: int, seed: int = 11) -> list[QuoteInput]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(20_000)]
    quotes: list[QuoteInput] = []
    u = 0
    while len(quotes) < n_quotes:
        words = [rng.choice(vocab) for _ in range(rng.randint(10, 30))]
        for k in range(rng.randint(2, 5)):
            w = list(words)
            if rng.random() < 0.3:
                w = w[: max(6, int(len(w) * rng.uniform(0.5, 0.9)))]
            elif rng.random() < 0.3:
                w[rng.randrange(len(w))] = rng.choice(vocab)
            text = " ".join(w)
            quotes.append(QuoteInput(doc_id=f"d{u}_{k}", attribution_id="Q1",
                                     content=[{"start": 0, "end": len(text), "text": text}],
                                     outlet=f"o{k}", day=f"2026-01-{1 + k:02d}", kind="direct",
                                     speaker_key=f"name:s{u}", speaker_name=f"s{u}"))
        u += 1
    return quotes[:n_quotes]


def main(sizes: list[int]) -> None:
    for n in sizes:
        quotes = synthetic(n)
        t0, c0 = time.perf_counter(), time.process_time()
        clusters = cluster_quotes(quotes)
        took, cpu = time.perf_counter() - t0, time.process_time() - c0
        # on a shared machine wall time depends on the other jobs: both verdicts are printed
        goal = (f", goal 100k < 60 s: wall {'met' if took < 60 else 'MISSED'}, CPU {'met' if cpu < 60 else 'MISSED'}"
                if n == 100_000 else "")
        print(f"{n:>7} attributions: {len(clusters):>6} clusters in {took:5.1f} s ({cpu:5.1f} s CPU), process max "
              f"RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB{goal}", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [25_000, 50_000, 100_000])
