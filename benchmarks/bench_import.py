"""How long `import medlab_teach` takes in a fresh interpreter (goal: under 0.3 s).

Measured against a bare interpreter start in the same run, so a busy machine inflates both:
the figure reported is the median difference, with the ratio to start-up for context.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 15


def _median_seconds(code: str) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    """Print the import cost of the package and of its lightweight submodules."""
    baseline = _median_seconds("pass")
    print(f"interpreter start (median of {RUNS}): {baseline * 1000:.0f} ms")
    for module in ("medlab_teach", "medlab_teach.model", "medlab_teach.checks",
                   "medlab_teach.cli"):
        total = _median_seconds(f"import {module}")
        print(f"import {module:<22} {max(total - baseline, 0) * 1000:6.0f} ms "
              f"(x{total / baseline:.2f} of a bare start)")


if __name__ == "__main__":
    main()
