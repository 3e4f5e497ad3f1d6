"""Helpers for the nbgrader course tests: a private copy of the course, isolated Jupyter
environments for the instructor and each student, nbgrader commands, and submissions built from
the instructor's notebooks.

Everything runs through nbgrader's own command line (``python -m nbgrader ...``) in a temporary
copy of the course, the way an instructor and students run it, so the course's
``nbgrader_config.py`` is read exactly as in class. Scores are read back with nbgrader's
``Gradebook`` API.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
COURSE_ID = "medlab-teach"
SOLUTION = ("BEGIN SOLUTION", "END SOLUTION")
HIDDEN = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
# Lines this short (")", "else:", "]") cannot identify leaked content on their own.
MIN_LEAK_LINE = 12
# the line of the students' nbgrader_config.py that keeps checkpoints out of submit's check
QUIET_SUBMIT = "medlab_teach.grading.exchange.QuietSubmit"


def assignment_names(root: Path = ROOT) -> list[str]:
    """The course's assignments: every assignments/<name>/<name>.ipynb."""
    folder = root / "assignments"
    return sorted(p.name for p in folder.iterdir() if (p / f"{p.name}.ipynb").is_file())


def copy_course(dest: Path, root: Path = ROOT) -> Path:
    """Copy what an instructor needs (config and source assignments) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / "nbgrader_config.py", dest / "nbgrader_config.py")
    shutil.copytree(root / "assignments", dest / "assignments",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return dest


def isolated_env(home: Path, exchange: Path, **extra: str) -> dict[str, str]:
    """Environment of one person (instructor or student): own HOME and Jupyter folders, the
    course's exchange, and no gradebook or timeout override inherited from the caller."""
    course_vars = ("MEDLAB_EXCHANGE", "MEDLAB_GRADEBOOK_URL", "MEDLAB_CELL_TIMEOUT")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "IPYTHON")) and k not in course_vars}
    home.mkdir(parents=True, exist_ok=True)
    env.update({
        "HOME": str(home),
        "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
        "JUPYTER_DATA_DIR": str(home / ".local" / "share" / "jupyter"),
        "JUPYTER_RUNTIME_DIR": str(home / ".local" / "share" / "jupyter" / "runtime"),
        "IPYTHONDIR": str(home / ".ipython"),
        "MEDLAB_EXCHANGE": str(exchange),
        "PYTHONUNBUFFERED": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    })
    env.update(extra)
    return env


def student_config(env: dict[str, str], exchange: Path) -> Path:
    """The student's own nbgrader_config.py, as docs/instructor_guide.md gives it: which course,
    which exchange, and a submit that does not count JupyterLab's checkpoints as notebooks."""
    folder = Path(env["JUPYTER_CONFIG_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "nbgrader_config.py"
    path.write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
        f"c.ExchangeFactory.submit = {QUIET_SUBMIT!r}\n",
        encoding="utf-8",
    )
    return path


class NbgraderError(AssertionError):
    """An nbgrader command exited with an error; carries its output for the test report."""


def nbgrader(*args: str, cwd: Path, env: dict[str, str], timeout: int = 600) -> str:
    """Run ``python -m nbgrader ARGS`` and return its log; fail with the log on error."""
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env, timeout=timeout,
        capture_output=True, text=True,
    )
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        raise NbgraderError(f"nbgrader {' '.join(args)} failed ({proc.returncode}):\n{log}")
    return log


# ----------------------------------------------------------------------------- notebook text

def split_regions(source: str, delimiters: tuple[str, str]) -> tuple[list[str], list[str]]:
    """Lines inside and outside the ``### BEGIN ...`` / ``### END ...`` regions of a cell
    (delimiter lines themselves belong to neither)."""
    begin, end = delimiters
    inside: list[str] = []
    outside: list[str] = []
    within = False
    for line in source.splitlines():
        if begin in line:
            within = True
        elif end in line:
            within = False
        else:
            (inside if within else outside).append(line)
    return inside, outside


def secret_lines(nb: nbformat.NotebookNode) -> dict[str, set[str]]:
    """Lines of solutions and of hidden tests that must not reach students.

    A line counts only if it is long enough to identify content and does not also appear,
    legitimately, outside those regions somewhere in the notebook (a shared ``import``, say).
    """
    found: dict[str, set[str]] = {"solution": set(), "hidden test": set()}
    public: set[str] = set()
    for cell in nb.cells:
        sol_in, rest = split_regions(cell.source, SOLUTION)
        hid_in, rest = split_regions("\n".join(rest), HIDDEN)
        if cell.cell_type == "markdown" and is_solution(cell) and not sol_in:
            sol_in, rest = rest, []  # a written answer without delimiters is all solution
        found["solution"].update(x.strip() for x in sol_in)
        found["hidden test"].update(x.strip() for x in hid_in)
        public.update(x.strip() for x in rest)
    return {kind: {x for x in lines if len(x) >= MIN_LEAK_LINE and x not in public}
            for kind, lines in found.items()}


def nbgrader_meta(cell: nbformat.NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_solution(cell: nbformat.NotebookNode) -> bool:
    return bool(nbgrader_meta(cell).get("solution"))


@dataclass(frozen=True)
class GradedCell:
    """A cell that carries points: autograded tests or a manually graded answer."""

    grade_id: str
    points: float
    autograded: bool


def graded_cells(nb: nbformat.NotebookNode) -> list[GradedCell]:
    """Every graded cell of a notebook, in order."""
    cells = []
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if meta.get("grade"):
            cells.append(GradedCell(
                meta["grade_id"], meta.get("points"),
                autograded=cell.cell_type == "code" and not meta.get("solution"),
            ))
    return cells


def solution_text(source: str) -> str:
    """A solution cell as the instructor's answer: the solution region without its delimiters
    (for a cell with no region, the whole cell)."""
    if not any(SOLUTION[0] in line for line in source.splitlines()):
        return source
    return "\n".join(line for line in source.splitlines()
                     if SOLUTION[0] not in line and SOLUTION[1] not in line)


Edits = list[tuple[str, str]] | str
"""What a submission does to one answer cell: text replacements in the instructor's solution
[(old, new), ...], or the whole text of the cell."""


def edited_answer(grade_id: str, solution: str, edits: Edits) -> str:
    """The instructor's solution after ``edits`` (or the replacement text itself)."""
    if isinstance(edits, str):
        return edits
    text = solution
    for old, new in edits:
        if old not in text:
            raise AssertionError(f"{grade_id}: the edit expects {old!r} in the solution; "
                                 "update the submission to the new solution text.")
        text = text.replace(old, new)
    return text


def fill_answers(release: nbformat.NotebookNode, source: nbformat.NotebookNode,
                 edits: dict[str, Edits] | None = None) -> nbformat.NotebookNode:
    """A submission: the released notebook with each answer cell holding the instructor's
    solution, after the edits in ``edits`` (grade_id -> [(old, new), ...] or a whole answer)."""
    edits = dict(edits or {})
    answers = {nbgrader_meta(c)["grade_id"]: solution_text(c.source)
               for c in source.cells if is_solution(c)}
    submission = nbformat.from_dict(release)
    for cell in submission.cells:
        if not is_solution(cell):
            continue
        grade_id = nbgrader_meta(cell)["grade_id"]
        cell.source = edited_answer(grade_id, answers[grade_id], edits.pop(grade_id, []))
    if edits:
        raise AssertionError(f"No answer cells with grade_id {sorted(edits)}.")
    return submission


def place_submission(course: Path, student: str, assignment: str,
                     nb: nbformat.NotebookNode) -> Path:
    """Put a notebook where ``nbgrader collect`` would: submitted/<student>/<assignment>/."""
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{assignment}.ipynb"
    nbformat.write(nb, path)
    return path


# ---------------------------------------------------------------------------------- gradebook

@dataclass(frozen=True)
class CellScore:
    grade_id: str
    auto_score: float | None
    manual_score: float | None
    max_score: float
    needs_manual_grade: bool


def cell_scores(course: Path, assignment: str, student: str) -> dict[str, CellScore]:
    """The gradebook's scores for every graded cell of one student's submission."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gb:
        nb = gb.find_submission_notebook(assignment, assignment, student)
        return {g.name: CellScore(g.name, g.auto_score, g.manual_score, g.max_score,
                                  g.needs_manual_grade) for g in nb.grades}


def set_manual_score(course: Path, assignment: str, student: str, grade_id: str,
                     score: float) -> None:
    """Grade a written answer, as the formgrader does when the instructor types a score."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gb:
        grade = gb.find_grade(grade_id, assignment, assignment, student)
        grade.manual_score = score
        grade.needs_manual_grade = False
        gb.db.commit()
