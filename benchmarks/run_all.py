"""Run every benchmarks/bench_*.py in turn (``make bench``); each prints its own figures.

Benchmarks, not tests, hold the speed and memory goals: timings on a shared 2-core machine are
too noisy to fail a build on, but they are reported with the command that reproduces them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main() -> int:
    wanted = set(sys.argv[1:])
    status = 0
    for script in sorted(HERE.glob("bench_*.py")):
        if wanted and script.stem.removeprefix("bench_") not in wanted:
            continue
        print(f"== {script.name}", flush=True)
        status |= subprocess.call([sys.executable, str(script)])
    return status


if __name__ == "__main__":
    sys.exit(main())
