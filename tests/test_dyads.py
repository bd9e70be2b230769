"""`--dyads`: only who-did-what-to-whom records, as ICEWS users expect; one-sided events stay available."""

from __future__ import annotations

import pytest

from reportage.events.settings import DYADS_ENV
from reportage.pipeline import analyze

TEXT = ("Leaders of the alliance met at the NATO summit in Vilnius on Tuesday. "
        "Russia accused NATO of provoking a new arms race.")


def test_default_keeps_one_sided_events_and_dyads_drops_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DYADS_ENV, raising=False)
    default = analyze(TEXT, published="2023-07-11")
    assert any(not (e.source and e.target) for e in default.events), [
        (e.cameo, e.trigger.text, e.source, e.target) for e in default.events]
    monkeypatch.setenv(DYADS_ENV, "1")
    dyads = analyze(TEXT, published="2023-07-11")
    assert dyads.events and all(e.source and e.target for e in dyads.events)
    accuse = [e for e in dyads.events if e.plover == "ACCUSE"]
    assert accuse and dyads.actor(accuse[0].source).name == "Russia"
