"""Event coder (to be filled in): sentences -> coded events."""

from __future__ import annotations

from typing import Any

from reportage.document import Attribution, Event


def code_events(parsed: Any, actors: Any, attributions: list[Attribution], published: str | None) -> list[Event]:
    return []
