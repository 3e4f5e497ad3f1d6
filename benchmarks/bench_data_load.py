"""How long does ``data.load(name)`` take? Prints the median time per table.

Two figures per table: 'verified' includes the sha256 check of the file (what the first load in a
session pays), 'cached' is a later load in the same session (the check is skipped while the
file's size and modification time are unchanged). The budget is 200 ms per table.
Run: python benchmarks/bench_data_load.py [repeats]
"""

from __future__ import annotations

import statistics
import sys
import time


def main(repeats: int = 7) -> None:
    t0 = time.perf_counter()
    import pandas  # noqa: F401  (measured separately: every notebook pays it once)

    import_ms = (time.perf_counter() - t0) * 1000

    from medlab_teach import data

    print(f"import pandas: {import_ms:.0f} ms (once per session, not counted below)")
    print(f"{'table':<30} {'rows':>7} {'verified ms':>12} {'cached ms':>10}")
    worst = 0.0
    for name in data.names():
        verified, cached = [], []
        for _ in range(repeats):
            data._verified.clear()  # force the sha256 check
            t = time.perf_counter()
            frame = data.load(name)
            verified.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            data.load(name)
            cached.append((time.perf_counter() - t) * 1000)
        v, c = statistics.median(verified), statistics.median(cached)
        worst = max(worst, v)
        print(f"{name:<30} {len(frame):>7,} {v:>12.1f} {c:>10.1f}")
    t = time.perf_counter()
    data._verified.clear()
    data.boundaries()
    print(f"{'boundaries() (GeoJSON)':<30} {'':>7} {(time.perf_counter() - t) * 1000:>12.1f}")
    print(f"slowest table, verified: {worst:.1f} ms (budget 200 ms)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
