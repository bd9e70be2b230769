"""What the event tests share: --all-events asked for through settings (never the global switch), and
the events of one sentence as (CAMEO, PLOVER, source name, target name, event) rows."""

from __future__ import annotations

from typing import Any

from reportage.document import Event
from reportage.pipeline import analyze
from reportage.settings import Settings

EVERY_EVENT = Settings.default().replace(events={"all_events": True})  # --all-events, without the global switch


def named_events(text: str, nlp: Any, all_events: bool = False, published: str = "2023-07-13"
                 ) -> list[tuple[str, str | None, str | None, str | None, Event]]:
    """The events of ``text`` with their parties' names (default output, or every event)."""
    doc = analyze(text, nlp=nlp, published=published, settings=EVERY_EVENT if all_events else None)
    names = {a.id: a.name for a in doc.actors}
    return [(e.cameo, e.plover, names.get(e.source), names.get(e.target), e) for e in doc.events]
