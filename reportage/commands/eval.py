"""`reportage eval NAME`: score against a gold set. Each scorer is a module in reportage.evaluate.

A scorer module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from collections.abc import Callable

from reportage.settings import add_settings_option, settings_from_args, use


def register(sub: argparse._SubParsersAction) -> None:
    import reportage.evaluate as evaluate

    p = sub.add_parser("eval", help="score against a gold set (polnear, plover, plover-actors)")
    inner = p.add_subparsers(dest="gold", required=True, metavar="GOLD")
    for info in sorted(pkgutil.iter_modules(evaluate.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"reportage.evaluate.{info.name}")
        if not hasattr(module, "NAME"):
            continue
        q = inner.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(q)
        add_settings_option(q)  # score other thresholds without editing code (docs/settings.md)
        q.set_defaults(func=_with_settings(module.run))


def _with_settings(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """The scorer run with the settings of ``--settings FILE`` (a bad file: one clear error, exit code 2)."""

    def scored(args: argparse.Namespace) -> int:
        with use(settings_from_args(args)):
            return run(args)

    return scored
