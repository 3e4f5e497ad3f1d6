"""How much does autograding one submission of each assignment cost, next to a trivial notebook?

For every assignment the instructor's solution is submitted a few times and autograded, one
submission per call of nbgrader's own API (``NbGraderAPI.autograde``), in a temporary copy of the
course. The reference is a trivial assignment of one graded cell (``assert True``): what every
submission costs anyway (kernel start, nbgrader's checks, the gradebook). A second one-cell
notebook that only imports pandas shows the floor for any notebook that reads the kit's tables.

For each assignment the script prints the median per submission and its ratio to the trivial
one, twice: wall-clock seconds (what the instructor waits) and CPU seconds of nbgrader and its
kernel together (the work itself, much less sensitive to other programs running on the machine).
The goal is a ratio of at most 1.5, which keeps the assignments light (load only the tables
needed, no repeated reading of large tables in the tests cells); how far an assignment is above
the pandas floor is what its own cells cost. Rounds interleave the notebooks in a rotating order,
so that a change in the machine's load affects all of them alike.

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
# A second reference: the same one cell after `import pandas`, which every data assignment pays;
# its ratio is the floor a notebook that reads the kit's tables can reach.
PANDAS_FLOOR = "bench_pandas_floor"
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


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (each kernel is one, reaped when
    nbgrader shuts it down at the end of a submission)."""
    import resource

    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _trivial_notebook(code: str = "assert True") -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                  "name": "python3"}, "language_info": {"name": "python"}}
    nb.cells = [nbformat.v4.new_code_cell(code, metadata={"nbgrader": {
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
        for name, code in ((TRIVIAL, "assert True"),
                           (PANDAS_FLOOR, "import pandas as pd\nassert pd.DataFrame is not None")):
            (course / "assignments" / name).mkdir()
            nbformat.write(_trivial_notebook(code), course / "assignments" / name / f"{name}.ipynb")
        os.environ["MEDLAB_EXCHANGE"] = str(Path(tmp) / "exchange")
        os.environ.pop("MEDLAB_GRADEBOOK_URL", None)
        # nbgrader runs `alembic` from PATH, as in an activated environment
        os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent),
                                              os.environ.get("PATH", "")])
        api = _api(course)

        everything = [TRIVIAL, PANDAS_FLOOR, *names]
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
        cpu: dict[str, list[float]] = {name: [] for name in everything}
        api.autograde(TRIVIAL, "bench-0")  # warm-up: first kernel start, imports, disk cache
        for r in range(1, rounds + 1):
            shift = r % len(everything)  # rotate the order: no assignment always runs first
            for name in everything[shift:] + everything[:shift]:
                c = _cpu_seconds()
                t = time.perf_counter()
                result = api.autograde(name, f"bench-{r}")
                seconds[name].append(time.perf_counter() - t)
                cpu[name].append(_cpu_seconds() - c)
                if not result["success"]:
                    raise SystemExit(f"autograde {name} failed:\n{result.get('log')}")

        from nbgrader.api import Gradebook

        base = statistics.median(seconds[TRIVIAL])
        base_cpu = statistics.median(cpu[TRIVIAL])
        print(f"autograding one submission, median of {rounds}; goal: ratio <= {GOAL}")
        print(f"{'assignment':<32} {'wall s':>7} {'ratio':>6} {'CPU s':>7} {'ratio':>6} "
              f"{'score':>7}")
        print(f"{TRIVIAL + ' (one cell)':<32} {base:>7.2f} {1:>6.2f} {base_cpu:>7.2f} {1:>6.2f}")
        wall, work = statistics.median(seconds[PANDAS_FLOOR]), statistics.median(cpu[PANDAS_FLOOR])
        print(f"{PANDAS_FLOOR + ' (floor)':<32} {wall:>7.2f} {wall / base:>6.2f} {work:>7.2f} "
              f"{work / base_cpu:>6.2f}")
        worst = worst_cpu = 0.0
        with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
            for name in names:
                wall, work = statistics.median(seconds[name]), statistics.median(cpu[name])
                worst, worst_cpu = max(worst, wall / base), max(worst_cpu, work / base_cpu)
                sub = gb.find_submission_notebook(name, name, f"bench-{rounds}")
                code = [g for g in sub.grades if g.cell.cell_type == "code"]  # autograded
                auto = sum(g.auto_score or 0 for g in code)
                possible = sum(g.max_score for g in code)
                print(f"{name:<32} {wall:>7.2f} {wall / base:>6.2f} {work:>7.2f} "
                      f"{work / base_cpu:>6.2f} {f'{auto:g}/{possible:g}':>7}")
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"worst ratio: wall {worst:.2f}, CPU {worst_cpu:.2f} (goal {GOAL}); "
              f"load average {load:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
