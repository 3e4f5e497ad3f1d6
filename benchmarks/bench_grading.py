"""Benchmark: grading a class with ``medlab-teach grade`` against plain ``nbgrader autograde``.

Builds a class of N submissions (default 60) of the course's assignment a1 (or of the small
test assignment ps1 with ``--assignment ps1``) in a temporary folder, then grades it four
ways, in the same run, on the same machine:

1. ``nbgrader autograde A --force``: one call, sequential, no isolation, nbgrader's own
   preprocessors (the baseline; the course's config turns the kit's on, the benchmark turns
   them off for this mode only);
2. ``nbgrader autograde A --student S --force``, one call per submission, for a sample of
   submissions, extrapolated to the class (what a per-student loop in a script costs);
3. ``medlab-teach grade A --jobs J --force``: sandboxed, parallel, each test cell run in the
   separate test runner (the second process per submission included);
4. the same with ``--no-sandbox``, to isolate the cost of the sandbox.

Modes 1, 3 and 4 run in interleaved rounds (default 2) so a burst of other work on the
machine does not fall on one mode only; the best wall time of each mode is compared. It
prints wall times, the speed-ups and the sandbox's overhead per submission (median time a
submission spends in a worker). The load average is printed with the figures.

    python benchmarks/bench_grading.py [--n 60] [--jobs 2] [--rounds 2] [--assignment a1|ps1]
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
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


def timed(cmd: list[str], cwd: Path, *, plain: bool = False) -> float:
    """Wall seconds of one command (which must succeed, or exit 1 = 'needs attention')."""
    start = time.monotonic()
    done = subprocess.run(cmd, cwd=cwd, env=_env(plain), capture_output=True, text=True,
                          check=False)
    seconds = time.monotonic() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds


def per_submission(report: Path) -> list[float]:
    """Seconds each submission took inside a worker (from the grading report)."""
    with report.open() as fh:
        return [float(r["seconds"]) for r in csv.DictReader(fh)
                if r["status"] not in ("not_submitted",) and r["from_earlier_run"] == "no"]


def grade_cmd(assignment: str, root: Path, jobs: int, *extra: str) -> list[str]:
    """The medlab-teach grade command line used here."""
    return [sys.executable, "-m", "medlab_teach.grading", assignment, "--course-root",
            str(root), "--jobs", str(jobs), "--force", "--progress", "none", "--no-figures",
            *extra]


def main() -> None:
    """Build the class, grade it four ways, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=60, help="submissions in the class")
    parser.add_argument("--jobs", type=int, default=2, help="workers for medlab-teach grade")
    parser.add_argument("--sample", type=int, default=6,
                        help="submissions graded one call each, to extrapolate that mode")
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
        nbgrader = [sys.executable, "-m", "nbgrader", "autograde", assignment, "--force",
                    "--log-level=ERROR"]
        report = root / "grading_reports" / assignment / "report.csv"
        print(f"Class: {args.n} submissions of {assignment}; {os.cpu_count()} CPUs; "
              f"{args.rounds} round(s), modes interleaved; load average before: "
              f"{os.getloadavg()[0]:.1f}", flush=True)
        walls: dict[str, list[float]] = {"nbgrader": [], "sandboxed": [], "plain": []}
        each: dict[str, list[float]] = {"sandboxed": [], "plain": []}
        modes = ["nbgrader", "sandboxed", "plain"]
        for r in range(args.rounds):
            order = modes[r % 3:] + modes[:r % 3]  # rotate, so no mode always runs first
            for mode in order:
                if mode == "nbgrader":
                    walls[mode].append(timed(nbgrader, root, plain=True))
                else:
                    extra = ("--no-sandbox",) if mode == "plain" else ()
                    walls[mode].append(timed(grade_cmd(assignment, root, args.jobs, *extra),
                                             root))
                    each[mode] += per_submission(report)
                print(f"  round {r + 1}: {mode:<10} {walls[mode][-1]:7.1f} s "
                      f"(load {os.getloadavg()[0]:.1f})", flush=True)

        sample = [f"student{i:03d}" for i in range(min(args.sample, args.n))]
        per_call = [timed([*nbgrader, "--student", s], root, plain=True) for s in sample]
        per_call_class = statistics.mean(per_call) * args.n

        best = {mode: min(values) for mode, values in walls.items()}
        print()
        print("Wall time for the class (best of the rounds):")
        print(f"  nbgrader autograde, one call, sequential:     {best['nbgrader']:7.1f} s "
              f"({best['nbgrader'] / args.n:.2f} s/submission)")
        print(f"  nbgrader autograde, one call per submission:  {per_call_class:7.1f} s "
              f"(mean {statistics.mean(per_call):.2f} s/call over {len(sample)} calls, "
              "extrapolated)")
        print(f"  medlab-teach grade --jobs {args.jobs}, sandboxed:      "
              f"{best['sandboxed']:7.1f} s")
        print(f"  medlab-teach grade --jobs {args.jobs} --no-sandbox:    {best['plain']:7.1f} s")
        print()
        print(f"Speed-up vs one nbgrader call:              "
              f"{best['nbgrader'] / best['sandboxed']:.2f}x (sandboxed), "
              f"{best['nbgrader'] / best['plain']:.2f}x (no sandbox)")
        print(f"Speed-up vs one nbgrader call per student:  "
              f"{per_call_class / best['sandboxed']:.2f}x (sandboxed)")
        med_s, med_p = statistics.median(each["sandboxed"]), statistics.median(each["plain"])
        print(f"Sandbox overhead per submission (median time in a worker, "
              f"{len(each['sandboxed'])} vs {len(each['plain'])} gradings): "
              f"{med_s:.2f} s vs {med_p:.2f} s = {100 * (med_s / med_p - 1):+.0f}%")
        print(f"Sandbox overhead on the whole run (best walls): "
              f"{100 * (best['sandboxed'] / best['plain'] - 1):+.0f}%")
        print(f"Load average after: {os.getloadavg()[0]:.1f} (other work on the machine "
              "slows every mode; compare modes within one run)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
