"""Benchmark: one notebook run with nbclient's defaults against the kit's test runner settings.

Every lesson test, every executed exercise and the grader start a kernel, run cells and stop it.
nbclient's defaults wait for IOPub to be quiet for 0.2 s after the kernel answers, retry a refused
connection after ZeroMQ's 100 ms, and shut the kernel down gracefully (polling every 0.1 s).
``tests/notebook_runner.notebook_client`` uses the grader's ``ReadyKernelClient`` and an
immediate shutdown. This runs the same notebook both ways, interleaved, and prints the median
wall time of each and their ratio.

    python benchmarks/bench_notebook_start.py [--rounds 5] [--notebook PATH]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import nbclient
import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from notebook_runner import notebook_client  # noqa: E402


def _small_notebook() -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from medlab_teach import data\n"
                                  "crimes = data.load('crimes_annual')"),
        nbformat.v4.new_code_cell("crimes.groupby('year')['count'].sum().tail(3)"),
    ])


def run_once(nb: nbformat.NotebookNode, mode: str, folder: Path) -> float:
    """Wall seconds to run a copy of ``nb`` in a new kernel, start and shutdown included."""
    copy = nbformat.from_dict(nb)
    start = time.perf_counter()
    if mode == "nbclient defaults":
        nbclient.NotebookClient(copy, kernel_name="python3", timeout=120, allow_errors=True,
                                resources={"metadata": {"path": str(folder)}}).execute()
    else:
        notebook_client(copy, timeout=120, folder=folder).execute()
    return time.perf_counter() - start


def main() -> None:
    """Run both ways, interleaved, and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--notebook", type=Path, help="a notebook to run instead of a small one")
    args = parser.parse_args()
    nb = (nbformat.read(args.notebook, as_version=4) if args.notebook else _small_notebook())
    folder = args.notebook.parent if args.notebook else ROOT
    modes = ["nbclient defaults", "kit test runner"]
    times: dict[str, list[float]] = {m: [] for m in modes}
    for r in range(args.rounds):
        for mode in modes if r % 2 == 0 else modes[::-1]:
            times[mode].append(run_once(nb, mode, folder))
    base = statistics.median(times[modes[0]])
    for mode in modes:
        median = statistics.median(times[mode])
        print(f"{mode:<18} median {median:5.2f} s  ({base / median:4.2f}x)  "
              f"runs: {', '.join(f'{t:.2f}' for t in times[mode])}")
    print(f"saved per notebook: {base - statistics.median(times[modes[1]]):.2f} s")


if __name__ == "__main__":
    main()
