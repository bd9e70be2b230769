"""What the benchmark scripts share: where their JSON results go and how they are written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def write_result(out: Path, result: dict[str, Any], announce: bool = True) -> None:
    """Write one benchmark's figures as JSON (``benchmarks/results/`` by default), creating the folder;
    ``announce`` prints where, relative to the repository when it lies inside it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if announce:
        print(f"written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
