"""Which events the coder emits: only confident ones (the default) or all (``--all-events``); every
event or only dyads (``--dyads``).

Process-wide settings read at coding time, so that `analyze`, `run` (whose worker processes
inherit the environment) and the evaluators share them without threading a flag through every stage.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

ENV = "REPORTAGE_ALL_EVENTS"
DYADS_ENV = "REPORTAGE_DYADS"


def _on(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def all_events() -> bool:
    """True when events below the confidence threshold are kept (marked ``below_threshold``)."""
    return _on(ENV)


def dyads_only() -> bool:
    """True when only dyads (events with both a source and a target) are emitted, as ICEWS records are."""
    return _on(DYADS_ENV)


def set_all_events(on: bool) -> None:
    if on:
        os.environ[ENV] = "1"
    else:
        os.environ.pop(ENV, None)


def _switch(env: str) -> type[argparse.Action]:
    """An option that switches a setting on while the arguments are parsed (before workers start)."""

    class Switch(argparse.Action):
        def __call__(self, parser: Any, namespace: argparse.Namespace, values: Any,
                     option_string: str | None = None) -> None:
            os.environ[env] = "1"
            setattr(namespace, self.dest, True)

    return Switch


# one line in a command's register(): p.add_argument("--all-events", **ALL_EVENTS_OPTION)
ALL_EVENTS_OPTION: dict[str, Any] = {
    "action": _switch(ENV), "nargs": 0, "default": False,
    "help": "keep events below the confidence threshold too (marked below_threshold; see docs/events.md)",
}

DYADS_OPTION: dict[str, Any] = {
    "action": _switch(DYADS_ENV), "nargs": 0, "default": False,
    "help": "emit only dyads: events with both a source and a target (one-sided events are kept, marked "
            "one_sided, only with --all-events)",
}
