"""Benchmark: grading a class with ``medlab-teach grade`` against plain ``nbgrader autograde``.

Builds a class of N submissions (default 60) of the course's assignment a1 (or of the small
test assignment ps1 with ``--assignment ps1``) in a temporary folder, then grades it four
ways, in interleaved rounds (the order rotates, so a burst of other work on the machine does
not fall on one mode only), on the same machine:

1. ``nbgrader autograde A --force``: one call, sequential, no isolation, nbgrader's own
   preprocessors (the baseline; the course's config turns the kit's on, the benchmark turns
   them off for this mode only);
2. ``medlab-teach grade A --jobs 1 --kernels cold``: sandboxed, each kernel started from
   scratch, each test cell in the separate test runner;
3. the same with ``--kernels warm``: each kernel forked, already sandboxed, from a zygote that
   imported pandas, numpy, matplotlib and the kit once;
4. ``--kernels warm --jobs C``, C = the machine's cores (``--jobs`` to change it).

For each mode it prints the best wall time, the CPU time per submission (every process of
the mode, children included, divided by N) and that CPU time as a ratio to the students'
cells' own CPU time: the solution's cells, tests included, run in an interpreter that has
already imported everything (the least any grader could spend). The load average is printed
with the figures.

    python benchmarks/bench_grading.py [--n 60] [--jobs C] [--rounds 2] [--assignment a1|ps1]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
A1 = "a1_data_literacy"
sys.path.insert(0, str(ROOT / "tests"))


PLAIN_SWITCH = "MEDLAB_BENCH_PLAIN_NBGRADER"
# Appended to the copied course config: nbgrader's own preprocessors for the baseline.
PLAIN_NBGRADER = f"""
if os.environ.get({PLAIN_SWITCH!r}):
    for _key in ("sanitize_preprocessors", "autograde_preprocessors"):
        c.Autograde.pop(_key, None)
    c.OverwriteCells.pop("add_missing_cells", None)
"""


def _env(plain: bool = False) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDLAB_")}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    if plain:
        env[PLAIN_SWITCH] = "1"
    return env


def _solution_text(source: str) -> str:
    lines = source.splitlines()
    return "\n".join(line for line in lines
                     if "### BEGIN SOLUTION" not in line and "### END SOLUTION" not in line)


def build_a1(root: Path, n: int) -> tuple[str, str]:
    """The real course's a1, released, with n submissions (every 5th one with a wrong answer)."""
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from medlab_teach.grading.gradebook import ensure_alembic_on_path
    from medlab_teach.grading.worker import load_course_config

    ensure_alembic_on_path()
    (root / "assignments").mkdir(parents=True)
    shutil.copy2(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    with (root / "nbgrader_config.py").open("a", encoding="utf-8") as fh:
        fh.write(PLAIN_NBGRADER)
    shutil.copytree(ROOT / "assignments" / A1, root / "assignments" / A1)
    for var in ("MEDLAB_GRADEBOOK_URL", "MEDLAB_EXCHANGE", "MEDLAB_CELL_TIMEOUT"):
        os.environ.pop(var, None)
    config = load_course_config(str(root / "nbgrader_config.py"))
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    result = api.generate_assignment(A1)
    if not result["success"]:
        raise SystemExit(result.get("error"))
    source = nbformat.read(root / "assignments" / A1 / f"{A1}.ipynb", as_version=4)
    answers = {c.metadata["nbgrader"]["grade_id"]: _solution_text(c.source)
               for c in source.cells if c.metadata.get("nbgrader", {}).get("solution")}
    released = nbformat.read(root / "release" / A1 / f"{A1}.ipynb", as_version=4)
    for i in range(n):
        nb = nbformat.from_dict(released)
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in answers:
                cell.source = answers[grade_id]
                if i % 5 == 4 and grade_id == "q3_1_ag_theft_growth":
                    cell.source += "\ntheft_growth = 0"
        folder = root / "submitted" / f"student{i:03d}" / A1
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{A1}.ipynb")
        (folder / "timestamp.txt").write_text("2024-01-01 10:00:00.000000 UTC\n")
    return A1, "medlab-teach"


def build_ps1(root: Path, n: int) -> tuple[str, str]:
    """The small test assignment with n submissions (every 5th one with a wrong answer)."""
    from grading_fixtures import course

    course.make_course(root)
    for i in range(n):
        wrong = i % 5 == 4
        course.submit(root, f"student{i:03d}", (lambda nb: course.cell_by_id(
            nb, "q2_answer").__setitem__("source", "def share(part, whole):\n    return 0"))
            if wrong else None)
    return course.ASSIGNMENT, course.COURSE_ID


CPUACCT = Path("/sys/fs/cgroup/cpuacct")


class CpuMeter:
    """CPU seconds of a command and of every process it starts, sandboxes included.

    A cgroup (v1 cpuacct) counts every descendant, even those killed before anybody waited
    for them (a sandbox's kernel); without one, the children's rusage is a lower bound.
    """

    def __init__(self, name: str) -> None:
        self.folder = CPUACCT / f"medlab-bench-{os.getpid()}-{name}"
        try:
            self.folder.mkdir(exist_ok=True)
            self.method = "cgroup"
        except OSError:
            self.method = "rusage (lower bound)"

    def enter(self) -> None:
        """Run in the child before exec: join the cgroup."""
        if self.method == "cgroup":
            (self.folder / "cgroup.procs").write_text(str(os.getpid()))

    def total(self) -> float:
        """CPU seconds used so far by the cgroup (or by waited-for children)."""
        if self.method == "cgroup":
            return int((self.folder / "cpuacct.usage").read_text()) / 1e9
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def close(self) -> None:
        """Remove the cgroup."""
        if self.method == "cgroup":
            with contextlib.suppress(OSError):
                self.folder.rmdir()


def timed(cmd: list[str], cwd: Path, meter: CpuMeter, *, plain: bool = False,
          expect: str = "") -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and every process it started)."""
    before = meter.total()
    start = time.monotonic()
    done = subprocess.run(cmd, cwd=cwd, env=_env(plain), capture_output=True, text=True,
                          check=False, preexec_fn=meter.enter)
    seconds = time.monotonic() - start
    after = meter.total()
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    if expect and expect not in done.stdout + done.stderr:
        raise SystemExit(f"{' '.join(cmd)} did not report {expect!r}:\n{done.stdout[-2000:]}")
    return seconds, after - before


CELLS_CPU = """
import json, sys, time
import matplotlib
matplotlib.use("agg")
import matplotlib.pyplot, numpy, pandas, nbformat
import medlab_teach, medlab_teach.data
from IPython.core.inputtransformer2 import TransformerManager
nb = nbformat.read(sys.argv[1], as_version=4)
cells = [TransformerManager().transform_cell(c.source) for c in nb.cells
         if c.cell_type == "code" and c.source.strip()]
def once():
    namespace = {"__name__": "__main__"}
    start = time.process_time()
    for code in cells:
        try:
            exec(compile(code, "<cell>", "exec"), namespace)
        except Exception:
            pass
        matplotlib.pyplot.close("all")
    return time.process_time() - start
once()  # first run: lazy imports and caches, as a warm kernel would already have them
print(json.dumps(sorted(once() for _ in range(5))[2]))
"""


def cells_cpu(root: Path, assignment: str) -> float:
    """CPU seconds of the solution's cells, tests included, in an already-warm interpreter."""
    source = root / "source" / assignment
    if not source.is_dir():
        source = root / "assignments" / assignment
    notebook = next(p for p in sorted(source.glob("*.ipynb")))
    done = subprocess.run([sys.executable, "-c", CELLS_CPU, str(notebook)], cwd=source,
                          env=_env(), capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def grade_cmd(assignment: str, root: Path, jobs: int, *extra: str) -> list[str]:
    """The medlab-teach grade command line used here."""
    return [sys.executable, "-m", "medlab_teach.grading", assignment, "--course-root",
            str(root), "--jobs", str(jobs), "--force", "--progress", "none", "--no-figures",
            *extra]


def run_modes(root: Path, assignment: str, jobs: int, rounds: int
              ) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Grade the class ``rounds`` times in each mode, interleaved; (walls, CPU seconds)."""
    nbgrader = [sys.executable, "-m", "nbgrader", "autograde", assignment, "--force",
                "--log-level=ERROR"]
    commands = {
        "nbgrader": (nbgrader, True, ""),
        "cold": (grade_cmd(assignment, root, 1, "--kernels", "cold"), False,
                 "Student kernels: cold"),
        "warm": (grade_cmd(assignment, root, 1, "--kernels", "warm"), False,
                 "Student kernels: warm"),
        f"warm-j{jobs}": (grade_cmd(assignment, root, jobs, "--kernels", "warm"), False,
                          "Student kernels: warm"),
    }
    walls: dict[str, list[float]] = {mode: [] for mode in commands}
    cpus: dict[str, list[float]] = {mode: [] for mode in commands}
    modes = list(commands)
    meters = {mode: CpuMeter(mode) for mode in modes}
    print(f"CPU measured by: {meters[modes[0]].method}", flush=True)
    for r in range(rounds):
        order = modes[r % len(modes):] + modes[:r % len(modes)]
        for mode in order:
            cmd, plain, expect = commands[mode]
            wall, cpu = timed(cmd, root, meters[mode], plain=plain, expect=expect)
            walls[mode].append(wall)
            cpus[mode].append(cpu)
            print(f"  round {r + 1}: {mode:<9} {wall:7.1f} s wall, {cpu:7.1f} s CPU "
                  f"(load {os.getloadavg()[0]:.1f})", flush=True)
    for meter in meters.values():
        meter.close()
    return walls, cpus


def main() -> None:
    """Build the class, grade it four ways, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=60, help="submissions in the class")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="workers of the last mode (default: the machine's cores)")
    parser.add_argument("--assignment", choices=("a1", "ps1"), default="a1")
    parser.add_argument("--rounds", type=int, default=2,
                        help="times each mode grades the whole class (interleaved)")
    args = parser.parse_args()
    if args.assignment == "a1" and not (ROOT / "assignments" / A1).is_dir():
        args.assignment = "ps1"
    work = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        root = work / "course"
        build = build_a1 if args.assignment == "a1" else build_ps1
        assignment, _ = build(root, args.n)
        print(f"Class: {args.n} submissions of {assignment}; {os.cpu_count()} CPUs; "
              f"{args.rounds} round(s), modes interleaved; load average before: "
              f"{os.getloadavg()[0]:.1f}", flush=True)
        walls, cpus = run_modes(root, assignment, args.jobs, args.rounds)
        own = cells_cpu(root, assignment)
        base = min(walls["nbgrader"])
        print()
        print(f"Students' cells' own CPU (solution + tests, warm interpreter): "
              f"{own:.3f} s per submission")
        print(f"{'mode':<10} {'best wall':>10} {'per sub':>8} {'vs nbgrader':>12} "
              f"{'CPU/sub':>8} {'CPU / cells CPU':>16}")
        for mode in walls:
            wall = min(walls[mode])
            cpu = min(cpus[mode]) / args.n
            print(f"{mode:<10} {wall:9.1f}s {wall / args.n:7.2f}s {base / wall:11.2f}x "
                  f"{cpu:7.2f}s {cpu / own:15.1f}x")
        print(f"Load average after: {os.getloadavg()[0]:.1f} (other work on the machine "
              "slows every mode; compare modes within one run)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
