"""Start-up costs: `import medlab_teach` in a fresh interpreter (goal: under 0.3 s), and what the
kit's cap on jsonschema (below 4.25) saves in every process that loads nbformat or
jupyter_events.

Import times are measured against a bare interpreter start in the same run, so a busy machine
inflates both: the figure reported is the median difference, with the ratio to start-up for
context. The jsonschema comparison builds two throwaway environments with uv (from its cache):
"before" has jsonschema 4.26 with rfc3987-syntax (what the format-nongpl extra pulls in since
4.25), "after" the kit's pins; the same commands then run in both, interleaved.
Run: python benchmarks/bench_import.py
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 15
PAIRED_RUNS = 5
ROOT = Path(__file__).resolve().parents[1]
BEFORE_PINS = {"jsonschema": "4.26.0", "rfc3987-syntax": "1.1.0", "lark": "1.3.1"}
COMMANDS = {
    "python -c 'import jupyter_events'": ["-c", "import jupyter_events"],
    "nbgrader --version": ["-m", "nbgrader", "--version"],
}


def _seconds(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def _median_seconds(code: str) -> float:
    return statistics.median(_seconds([sys.executable, "-c", code]) for _ in range(RUNS))


def kit_imports() -> None:
    """Print the import cost of the package and of its lightweight submodules."""
    baseline = _median_seconds("pass")
    print(f"interpreter start (median of {RUNS}): {baseline * 1000:.0f} ms")
    for module in ("medlab_teach", "medlab_teach.model", "medlab_teach.checks",
                   "medlab_teach.cli"):
        total = _median_seconds(f"import {module}")
        print(f"import {module:<22} {max(total - baseline, 0) * 1000:6.0f} ms "
              f"(x{total / baseline:.2f} of a bare start)")


def _environment(folder: Path, uv: str, constraints: Path) -> Path:
    """A fresh environment with nbgrader (and so nbformat and jupyter_events) at those pins."""
    subprocess.run([uv, "venv", "-q", "--python", sys.executable, str(folder)], check=True)
    python = folder / "bin" / "python"
    subprocess.run([uv, "pip", "install", "-q", "--python", str(python), "-c", str(constraints),
                    "nbgrader"], check=True)
    return python


def jsonschema_cap() -> None:
    """Paired before/after of the commands every grading run and nbgrader command pays."""
    uv = shutil.which("uv")
    if uv is None:
        print("jsonschema cap: not measured (needs uv on PATH to build the two environments)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        before_pins = Path(tmp) / "before.txt"
        lines = [line for line in (ROOT / "constraints.txt").read_text().splitlines()
                 if line.split("==")[0].lower() not in BEFORE_PINS]
        before_pins.write_text("\n".join([*lines, *(f"{k}=={v}" for k, v in
                                                    BEFORE_PINS.items())]) + "\n")
        pythons = {"before": _environment(Path(tmp) / "before", uv, before_pins),
                   "after": _environment(Path(tmp) / "after", uv, ROOT / "constraints.txt")}
        for label, args in COMMANDS.items():
            samples: dict[str, list[float]] = {"before": [], "after": []}
            for _ in range(PAIRED_RUNS):  # interleaved, so load changes hit both alike
                for name, python in pythons.items():
                    samples[name].append(_seconds([str(python), *args]))
            before, after = (statistics.median(samples[n]) for n in ("before", "after"))
            print(f"{label:<36} before {before:5.2f} s  after {after:5.2f} s  "
                  f"saved {before - after:5.2f} s  (before/after = {before / after:.2f}x)")


def main() -> None:
    kit_imports()
    print(f"jsonschema {BEFORE_PINS['jsonschema']} + rfc3987-syntax vs the kit's pins "
          f"(median of {PAIRED_RUNS} interleaved pairs):")
    jsonschema_cap()


if __name__ == "__main__":
    main()
