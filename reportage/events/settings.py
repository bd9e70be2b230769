"""How many events the coder emits: only confident ones (the default) or all (``--all-events``).

A process-wide setting read at coding time, so that `analyze`, `run` (whose worker processes
inherit the environment) and the evaluators share it without threading a flag through every stage.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

ENV = "REPORTAGE_ALL_EVENTS"


def all_events() -> bool:
    """True when events below the confidence threshold are kept (marked ``below_threshold``)."""
    return os.environ.get(ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def set_all_events(on: bool) -> None:
    if on:
        os.environ[ENV] = "1"
    else:
        os.environ.pop(ENV, None)


class _AllEvents(argparse.Action):
    """``--all-events``: switch the setting on while the arguments are parsed (before workers start)."""

    def __call__(self, parser: Any, namespace: argparse.Namespace, values: Any, option_string: str | None = None) -> None:
        set_all_events(True)
        setattr(namespace, self.dest, True)


# one line in a command's register(): p.add_argument("--all-events", **ALL_EVENTS_OPTION)
ALL_EVENTS_OPTION: dict[str, Any] = {
    "action": _AllEvents, "nargs": 0, "default": False,
    "help": "keep events below the confidence threshold too (marked below_threshold; see docs/events.md)",
}


DYADS_ENV = "REPORTAGE_DYADS"


def dyads_only() -> bool:
    """True when only dyads (events with both a source and a target) are emitted, as ICEWS records are."""
    return os.environ.get(DYADS_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


class _Dyads(argparse.Action):
    """``--dyads``: switch the setting on while the arguments are parsed (before workers start)."""

    def __call__(self, parser: Any, namespace: argparse.Namespace, values: Any, option_string: str | None = None) -> None:
        os.environ[DYADS_ENV] = "1"
        setattr(namespace, self.dest, True)


DYADS_OPTION: dict[str, Any] = {
    "action": _Dyads, "nargs": 0, "default": False,
    "help": "emit only dyads: events with both a source and a target (one-sided events are kept, marked "
            "one_sided, only with --all-events)",
}
