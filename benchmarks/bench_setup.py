"""How long does `make setup` take on a fresh clone with a warm package cache: pip vs uv?

Three ways, in one run, each on its own fresh clone of the current commit: pip alone
(`make setup UV=`), uv installed by make into the new environment (no uv on PATH, what a fresh
machine with a warm cache sees), and a uv already on PATH. A first round warms the caches and is
not reported; the measured round follows. Figures are ratios within this run (the machine is
shared, so absolute times vary). It installs the kit three times over: it takes minutes.
Run: python benchmarks/bench_setup.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 20.0


def _path_without_uv() -> str:
    """PATH minus every folder holding a `uv`, so make has to find or install its own."""
    folders = os.environ.get("PATH", "").split(os.pathsep)
    return os.pathsep.join(f for f in folders if not (Path(f) / "uv").exists())


def _setup_seconds(clone: Path, way: str) -> float:
    """Time `make setup` in a clone with no environment, the chosen way."""
    shutil.rmtree(clone / ".venv", ignore_errors=True)
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "CONDA_PREFIX", "PYTHONPATH", "UV")}
    args = ["make", "-C", str(clone), "setup", f"PYTHON={sys.executable}"]
    if way == "pip":
        args.append("UV=")
    if way in ("pip", "uv installed by make"):
        env["PATH"] = _path_without_uv()
    elif shutil.which("uv") is None:
        raise SystemExit("no uv on PATH: install it (pip install uv) to measure that way")
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"make setup ({way}) failed:\n{done.stdout[-2000:]}\n"
                         f"{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    """Clone, warm the caches, then print each way's time and its ratio to pip."""
    ways = ("pip", "uv installed by make", "uv on PATH")
    with tempfile.TemporaryDirectory() as tmp:
        clones = {}
        for k, way in enumerate(ways):
            clones[way] = Path(tmp) / f"clone{k}"
            subprocess.run(["git", "clone", "-q", str(ROOT), str(clones[way])], check=True)
        for way in ways:  # warm-up round: fills pip's and uv's caches
            _setup_seconds(clones[way], way)
        measured = {way: _setup_seconds(clones[way], way) for way in ways}
    pip = measured["pip"]
    print(f"make setup on a fresh clone, warm cache (goal: {GOAL_SECONDS:.0f} s)")
    for way, seconds in measured.items():
        print(f"  {way:<22} {seconds:6.1f} s   pip / this = {pip / seconds:5.1f}x")


if __name__ == "__main__":
    main()
