"""The analysis pool: worker processes, a bounded queue, cancellation, and the time limit.

Driven directly (one event loop, no HTTP) so each property is checked on its own: a full queue
refuses at once with a Retry-After, an abandoned analysis frees its worker within 2 s (the
worker process is killed and replaced), an analysis over the time limit is stopped, and the
pool keeps answering afterwards. The texts are the founding example, repeated to make a long one.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from reportage.web.analysis import AnalysisPool, AnalysisTimeout, Busy, ClientGone


@pytest.fixture(scope="module")
def pool():
    p = AnalysisPool(workers=1, queue=1, timeout=60)
    p.start(wait=True)
    yield p
    p.close()


@pytest.fixture(scope="module")
def long_text(example_text: str) -> str:
    return "\n\n".join([example_text] * 30)  # about 90,000 characters: seconds of work


def _job(text: str) -> dict:
    return {"text": text, "published": "2023-07-13", "outlet": "sachkhabrain", "max_chars": 200_000}


def test_short_analysis_returns_the_contract(pool, example_text):
    doc = asyncio.run(pool.analyze(_job(example_text)))
    assert doc["schema"] == "reportage.document/1" and doc["text"] == example_text
    assert any(q["kind"] == "direct" for q in doc["attributions"])
    assert pool.admitted == 0


def test_full_queue_refuses_then_abandoned_work_frees_the_worker(pool, long_text, example_text):
    async def scenario() -> None:
        abandon = asyncio.Event()

        async def gone() -> bool:
            return abandon.is_set()

        before = pool.pids
        running = asyncio.create_task(pool.analyze(_job(long_text), gone))
        queued = asyncio.create_task(pool.analyze(_job(long_text), gone))
        while pool.admitted < 2:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)
        t0 = time.monotonic()
        with pytest.raises(Busy) as refused:  # 1 worker + 1 queued: the third is refused at once
            await pool.analyze(_job(example_text))
        assert time.monotonic() - t0 < 0.5 and refused.value.retry_after >= 1
        abandon.set()  # both clients go away
        t0 = time.monotonic()
        for task in (running, queued):
            with pytest.raises(ClientGone):
                await task
        assert time.monotonic() - t0 < 2.0, "abandoned work must free its worker within 2 s"
        assert pool.admitted == 0
        assert pool.pids != before, "the busy worker was not replaced"
        doc = await pool.analyze(_job(example_text))  # the fresh worker loads the model and answers
        assert doc["text"] == example_text

    asyncio.run(scenario())
    assert pool.stats["cancelled"] >= 1 and pool.stats["refused"] >= 1


def test_time_limit_stops_an_analysis(pool, long_text, example_text):
    pool.timeout = 0.5
    try:
        t0 = time.monotonic()
        with pytest.raises(AnalysisTimeout, match="stopped after 0.5 s"):
            asyncio.run(pool.analyze(_job(long_text)))
        assert time.monotonic() - t0 < 3.0
    finally:
        pool.timeout = 60
    assert asyncio.run(pool.analyze(_job(example_text)))["text"] == example_text
