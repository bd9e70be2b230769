"""The event coder's two switches on the command line: ``--all-events`` and ``--dyads``.

They set ``events.all_events`` and ``events.dyads_only`` of the settings object
(:class:`reportage.settings.EventSettings`), which the command builds with
:func:`reportage.settings.settings_from_args` and passes to the pipeline (and, for ``run``, to
its worker processes). The options no longer touch the environment.

Fallback, kept for scripts that call the library without a settings object (``tools/realnews.py``)
and for tests: ``REPORTAGE_ALL_EVENTS=1`` and ``REPORTAGE_DYADS=1`` turn the switches on wherever
no settings object is given (:meth:`reportage.settings.Settings.with_env`).
"""

from __future__ import annotations

import os
from typing import Any

from reportage.settings import ALL_EVENTS_ENV as ENV
from reportage.settings import DYADS_ENV, env_on

__all__ = ["ALL_EVENTS_OPTION", "DYADS_ENV", "DYADS_OPTION", "ENV", "all_events", "dyads_only", "set_all_events"]


def all_events() -> bool:
    """True when the environment's fallback keeps events below the confidence threshold."""
    return env_on(ENV)


def dyads_only() -> bool:
    """True when the environment's fallback emits only dyads (events with both a source and a target)."""
    return env_on(DYADS_ENV)


def set_all_events(on: bool) -> None:
    """Turn the environment's fallback ``REPORTAGE_ALL_EVENTS`` on or off (tests, scripts)."""
    if on:
        os.environ[ENV] = "1"
    else:
        os.environ.pop(ENV, None)


# one line in a command's register(): p.add_argument("--all-events", **ALL_EVENTS_OPTION)
ALL_EVENTS_OPTION: dict[str, Any] = {
    "action": "store_true", "default": False,
    "help": "keep events below the confidence threshold too (marked below_threshold; see docs/events.md); "
            "the setting events.all_events",
}

DYADS_OPTION: dict[str, Any] = {
    "action": "store_true", "default": False,
    "help": "emit only dyads: events with both a source and a target (one-sided events are kept, marked "
            "one_sided, only with --all-events); the setting events.dyads_only",
}
