"""A tiny nbgrader course for the grading tests: one assignment, built with nbgrader's own API.

``ps1`` has a locked setup cell defining a test helper, two autograded questions (each with
visible and hidden tests), and one manually graded written answer. Submissions are made from
the *released* notebook, the way a student would, then edited by :func:`submit`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ASSIGNMENT = "ps1"
COURSE_ID = "grading-test-course"
MAX_SCORE = 6.0  # q1 2 + q1b 1 + q2 1 + q3 (manual) 2
AUTO_MAX = 4.0  # the autograded part

SETUP = '''from math import isclose


def check_close(actual, expected):
    """Fail with a message a student can act on."""
    assert isclose(actual, expected, rel_tol=1e-9), f"expected {expected}, got {actual}"'''

Q1_SOLUTION = '''def rate(count, population):
    """Events per 100,000 inhabitants."""
    ### BEGIN SOLUTION
    return count / population * 100_000
    ### END SOLUTION'''

Q1_TESTS = '''check_close(rate(1, 100_000), 1.0)
### BEGIN HIDDEN TESTS
assert round(rate(52, 400_000), 6) == 13.0, "HIDDEN_Q1_MESSAGE rate for district Zeta"
check_close(rate(3, 60_000), 5.000000)  # hidden-q1-second
### END HIDDEN TESTS'''

Q1B_TESTS = '''check_close(rate(5, 50_000), 10.0)
### BEGIN HIDDEN TESTS
assert rate(9, 90_000) == 10.0, (  # feedback: shareable
    "SHAREABLE_Q1B a count of 9 in 90,000 people is a rate of 10")
check_close(rate(7, 700_000), 1.0)  # hidden-q1b-line
### END HIDDEN TESTS'''

Q2_SOLUTION = '''def share(part, whole):
    """Share of ``part`` in ``whole``, in percent."""
    ### BEGIN SOLUTION
    return 100 * part / whole
    ### END SOLUTION'''

Q2_TESTS = '''check_close(share(1, 4), 25.0)
### BEGIN HIDDEN TESTS
assert share(7, 28) == 25.0 and share(0, 9) == 0, "HIDDEN_Q2_MESSAGE share check"
_third = 100 / 3
assert share(1, 3) == _third, f"HIDDEN_FSTRING expected {_third:.4f}, got {share(1, 3)}"
### END HIDDEN TESTS'''

HIDDEN_LINES = [
    'assert round(rate(52, 400_000), 6) == 13.0, "HIDDEN_Q1_MESSAGE rate for district Zeta"',
    "check_close(rate(3, 60_000), 5.000000)  # hidden-q1-second",
    "check_close(rate(7, 700_000), 1.0)  # hidden-q1b-line",
    'assert share(7, 28) == 25.0 and share(0, 9) == 0, "HIDDEN_Q2_MESSAGE share check"',
    'assert rate(9, 90_000) == 10.0, (  # feedback: shareable',
    'assert share(1, 3) == _third, f"HIDDEN_FSTRING expected {_third:.4f}, got {share(1, 3)}"',
]
# What a wrong answer to q2 must never see in its feedback: the expected value an f-string
# message fills in. A wrong answer to q1 does see the shareable message (and only it).
HIDDEN_VALUE = "expected 33.3333"
SHAREABLE_MESSAGE = "SHAREABLE_Q1B a count of 9 in 90,000 people is a rate of 10"

GOOD_Q1 = '''def rate(count, population):
    """Events per 100,000 inhabitants."""
    return count / population * 100_000'''
GOOD_Q2 = '''def share(part, whole):
    """Share of ``part`` in ``whole``, in percent."""
    return 100 * part / whole'''
GOOD_Q3 = "Rates let us compare places of different size."


def _meta(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False,
          points: float | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def source_notebook() -> nbformat.NotebookNode:
    """The instructor's version of ps1 (solutions and hidden tests included)."""
    cells = [
        new_markdown_cell("# Problem set 1: rates", metadata=_meta("intro", locked=True)),
        new_code_cell(SETUP, metadata=_meta("setup", locked=True)),
        new_markdown_cell("**Q1 (2 points).** Write `rate(count, population)`.",
                          metadata=_meta("q1_prompt", locked=True)),
        new_code_cell(Q1_SOLUTION, metadata=_meta("q1_answer", solution=True)),
        new_code_cell(Q1_TESTS, metadata=_meta("q1_tests", grade=True, locked=True,
                                               points=2)),
        new_code_cell(Q1B_TESTS, metadata=_meta("q1b_tests", grade=True, locked=True,
                                                points=1)),
        new_markdown_cell("**Q2 (1 point).** Write `share(part, whole)`.",
                          metadata=_meta("q2_prompt", locked=True)),
        new_code_cell(Q2_SOLUTION, metadata=_meta("q2_answer", solution=True)),
        new_code_cell(Q2_TESTS, metadata=_meta("q2_tests", grade=True, locked=True,
                                               points=1)),
        new_markdown_cell("**Q3 (2 points).** Why compare rates, not counts?",
                          metadata=_meta("q3_prompt", locked=True)),
        new_markdown_cell("### BEGIN SOLUTION\nBecause populations differ.\n### END SOLUTION",
                          metadata=_meta("q3_reflection", grade=True, solution=True,
                                         points=2)),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def write_config(root: Path, *, db_url: str | None = None) -> Path:
    """nbgrader_config.py of the test course."""
    lines = ["c = get_config()  # noqa: F821",
             f"c.CourseDirectory.course_id = {COURSE_ID!r}",
             f"c.CourseDirectory.root = {str(root)!r}",
             "c.Execute.timeout = 4"]
    if db_url:
        lines.append(f"c.CourseDirectory.db_url = {db_url!r}")
    path = root / "nbgrader_config.py"
    path.write_text("\n".join(lines) + "\n")
    return path


def make_course(root: Path, *, db_url: str | None = None, students: tuple[str, ...] = (),
                duedate: str | None = None) -> Path:
    """Create the course in ``root``: config, source, gradebook and released notebook."""
    from nbgrader.api import Gradebook
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    from medlab_teach.grading.gradebook import ensure_alembic_on_path

    ensure_alembic_on_path()  # nbgrader runs `alembic` when it creates a gradebook
    root.mkdir(parents=True, exist_ok=True)
    write_config(root, db_url=db_url)
    source = root / "source" / ASSIGNMENT
    source.mkdir(parents=True, exist_ok=True)
    nbformat.write(source_notebook(), source / f"{ASSIGNMENT}.ipynb")
    (source / "places.csv").write_text("place,count,population\nZeta,52,400000\n")
    url = db_url or f"sqlite:///{root / 'gradebook.db'}"
    with Gradebook(url, COURSE_ID) as gb:
        gb.update_or_create_assignment(ASSIGNMENT, duedate=duedate)
        for student in students:
            gb.update_or_create_student(student)
    config = Config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.course_id = COURSE_ID
    config.CourseDirectory.db_url = url
    coursedir = CourseDirectory(config=config)
    api = NbGraderAPI(coursedir=coursedir, config=config)
    result = api.generate_assignment(ASSIGNMENT)
    if not result["success"]:
        raise RuntimeError(result.get("error"))
    return root


def released(root: Path) -> nbformat.NotebookNode:
    """The student version of ps1."""
    return nbformat.read(root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)


def cell_by_id(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    """The cell with this nbgrader grade id."""
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return cell
    raise KeyError(grade_id)


def answer(nb: nbformat.NotebookNode, q1: str = GOOD_Q1, q2: str = GOOD_Q2,
           q3: str = GOOD_Q3) -> nbformat.NotebookNode:
    """Fill in the three answer cells."""
    cell_by_id(nb, "q1_answer").source = q1
    cell_by_id(nb, "q2_answer").source = q2
    cell_by_id(nb, "q3_reflection").source = q3
    return nb


def submit(root: Path, student: str, edit: Callable[[nbformat.NotebookNode], object] | None = None,
           *, raw: str | None = None, timestamp: str = "2030-01-01 10:00:00.000000 UTC",
           extra_files: dict[str, str] | None = None) -> Path:
    """Write ``submitted/<student>/ps1/``: the released notebook answered well, then ``edit``.

    ``edit`` may change the notebook in place or return a replacement; ``raw`` writes bytes
    as-is (for invalid JSON).
    """
    folder = root / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{ASSIGNMENT}.ipynb"
    if raw is not None:
        target.write_text(raw)
    else:
        nb = answer(released(root))
        if edit is not None:
            replaced = edit(nb)
            if replaced is not None:
                nb = replaced
        target.write_text(json.dumps(nb, indent=1))
    (folder / "timestamp.txt").write_text(timestamp + "\n")
    for name, text in (extra_files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    os.utime(folder)
    return folder
