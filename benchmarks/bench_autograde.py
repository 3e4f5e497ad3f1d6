"""How much does autograding one submission of each assignment cost, next to a trivial notebook?

For every assignment the instructor's solution is submitted a few times and autograded, one
submission per call of nbgrader's own API (``NbGraderAPI.autograde``), in a temporary copy of the
course. The reference is a trivial assignment of one graded cell (``assert True``): what every
submission costs anyway (kernel start, nbgrader's checks, the gradebook). The figure printed for
each assignment is its median seconds per submission and the ratio to the trivial one; the goal
is at most 1.5, which keeps the assignments light (load only the tables needed, no repeated
reading of large tables in the tests cells). Rounds interleave the assignments in a rotating
order, so that a change in the machine's load affects all of them alike.

Run: python benchmarks/bench_autograde.py [rounds]   (default 5 rounds; about 15 s each)
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
TRIVIAL = "bench_trivial"
GOAL = 1.5


def _solution_text(source: str) -> str:
    """A solution cell as submitted: its solution region without the delimiters."""
    return "\n".join(line for line in source.splitlines()
                     if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line)


def _submission(course: Path, name: str) -> nbformat.NotebookNode:
    """The released notebook with every answer cell filled with the instructor's solution."""
    source = nbformat.read(course / "assignments" / name / f"{name}.ipynb", as_version=4)
    answers = {c.metadata["nbgrader"]["grade_id"]: _solution_text(c.source)
               for c in source.cells if c.metadata.get("nbgrader", {}).get("solution")}
    release = nbformat.read(course / "release" / name / f"{name}.ipynb", as_version=4)
    for cell in release.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            cell.source = answers[meta["grade_id"]]
    return release


def _trivial_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                  "name": "python3"}, "language_info": {"name": "python"}}
    nb.cells = [nbformat.v4.new_code_cell("assert True", metadata={"nbgrader": {
        "grade": True, "grade_id": "trivial_tests", "locked": True, "points": 1,
        "schema_version": 3, "solution": False, "task": False}})]
    return nb


def _api(course: Path):
    """nbgrader's API configured by the course's own nbgrader_config.py."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir=coursedir, config=config)


def main(rounds: int = 5) -> None:
    import warnings

    from sqlalchemy.exc import SAWarning

    # nbgrader 0.9's gradebook code triggers SQLAlchemy autoflush notices: noise here
    warnings.filterwarnings("ignore", category=SAWarning)
    names = sorted(p.name for p in (ROOT / "assignments").iterdir()
                   if (p / f"{p.name}.ipynb").is_file())
    with tempfile.TemporaryDirectory(prefix="bench-autograde-") as tmp:
        course = Path(tmp) / "course"
        course.mkdir()
        shutil.copy2(ROOT / "nbgrader_config.py", course)
        shutil.copytree(ROOT / "assignments", course / "assignments")
        (course / "assignments" / TRIVIAL).mkdir()
        nbformat.write(_trivial_notebook(), course / "assignments" / TRIVIAL / f"{TRIVIAL}.ipynb")
        os.environ["MEDLAB_EXCHANGE"] = str(Path(tmp) / "exchange")
        os.environ.pop("MEDLAB_GRADEBOOK_URL", None)
        # nbgrader runs `alembic` from PATH, as in an activated environment
        os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent),
                                              os.environ.get("PATH", "")])
        api = _api(course)

        everything = [TRIVIAL, *names]
        for name in everything:
            result = api.generate_assignment(name)
            if not result["success"]:
                raise SystemExit(f"generate_assignment {name} failed:\n{result.get('log')}")
        for name in everything:
            sub = _submission(course, name)
            for r in range(rounds + 1):
                folder = course / "submitted" / f"bench-{r}" / name
                folder.mkdir(parents=True)
                nbformat.write(sub, folder / f"{name}.ipynb")

        seconds: dict[str, list[float]] = {name: [] for name in everything}
        api.autograde(TRIVIAL, "bench-0")  # warm-up: first kernel start, imports, disk cache
        for r in range(1, rounds + 1):
            shift = r % len(everything)  # rotate the order: no assignment always runs first
            for name in everything[shift:] + everything[:shift]:
                t = time.perf_counter()
                result = api.autograde(name, f"bench-{r}")
                seconds[name].append(time.perf_counter() - t)
                if not result["success"]:
                    raise SystemExit(f"autograde {name} failed:\n{result.get('log')}")

        from nbgrader.api import Gradebook

        base = statistics.median(seconds[TRIVIAL])
        print(f"autograding one submission, median of {rounds} (seconds); "
              f"goal: ratio <= {GOAL}")
        print(f"{'assignment':<34} {'s/submission':>12} {'ratio':>6} {'score':>11}")
        print(f"{TRIVIAL + ' (one cell)':<34} {base:>12.2f} {1:>6.2f}")
        worst = 0.0
        with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
            for name in names:
                median = statistics.median(seconds[name])
                ratio = median / base
                worst = max(worst, ratio)
                sub = gb.find_submission_notebook(name, name, f"bench-{rounds}")
                code = [g for g in sub.grades if g.cell.cell_type == "code"]  # autograded
                auto = sum(g.auto_score or 0 for g in code)
                possible = sum(g.max_score for g in code)
                print(f"{name:<34} {median:>12.2f} {ratio:>6.2f} {auto:>5g}/{possible:<5g}")
        print(f"worst ratio: {worst:.2f} ({'within' if worst <= GOAL else 'above'} the goal "
              f"of {GOAL})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
