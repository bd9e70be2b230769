"""`reportage eval NAME`: score against a gold set. Each scorer is a module in reportage.evaluate.

A scorer module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil


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
        q.set_defaults(func=module.run)
