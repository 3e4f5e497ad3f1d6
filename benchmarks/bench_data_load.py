"""How long does ``data.load(name)`` take? Prints the median time per table.

Every load reads the file's bytes once, checks their sha256 against datapackage.json and parses
them from memory, so there is one figure per table: first and later loads cost the same. The
budget is 200 ms per table.
Run: python benchmarks/bench_data_load.py [repeats]
"""

from __future__ import annotations

import statistics
import sys
import time


def main(repeats: int = 7) -> None:
    """Print the median load time of every table and of the GeoJSON."""
    t0 = time.perf_counter()
    import pandas  # noqa: F401  (measured separately: every notebook pays it once)

    import_ms = (time.perf_counter() - t0) * 1000

    from medlab_teach import data

    print(f"import pandas: {import_ms:.0f} ms (once per session, not counted below)")
    print(f"{'table':<30} {'rows':>7} {'load ms':>9}")
    worst = 0.0
    for name in data.names():
        samples = []
        for _ in range(repeats):
            t = time.perf_counter()
            frame = data.load(name)
            samples.append((time.perf_counter() - t) * 1000)
        median = statistics.median(samples)
        worst = max(worst, median)
        print(f"{name:<30} {len(frame):>7,} {median:>9.1f}")
    t = time.perf_counter()
    data.boundaries()
    print(f"{'boundaries() (GeoJSON)':<30} {'':>7} {(time.perf_counter() - t) * 1000:>9.1f}")
    print(f"slowest table: {worst:.1f} ms (budget 200 ms)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
