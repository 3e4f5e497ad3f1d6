"""The real course: assignment a1's solution, graded through ``medlab-teach grade``.

A copy of the course (its nbgrader_config.py and a1) is generated with nbgrader's API, a
student submits the released notebook answered with the instructor's solutions, and the kit's
grading command must give full autograded marks, nothing to review, and leak-free feedback.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import nbformat
import pytest

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
NAME = "a1_data_literacy"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"


def _solution_text(source: str) -> str:
    """The instructor's answer without the solution markers (what a perfect student writes)."""
    lines = source.splitlines()
    if not any(BEGIN in line for line in lines):
        return source
    return "\n".join(line for line in lines if BEGIN not in line and END not in line)


def _hidden_lines(nb: nbformat.NotebookNode) -> list[str]:
    out = []
    for cell in nb.cells:
        inside = False
        for line in cell.source.splitlines():
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            elif inside and len(line.strip()) >= 12:
                out.append(line.strip())
    return out


def test_real_a1_solution_gets_full_marks_and_leak_free_feedback(tmp_path, monkeypatch):
    from nbgrader.api import Gradebook
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from medlab_teach.grading import cli
    from medlab_teach.grading.gradebook import ensure_alembic_on_path
    from medlab_teach.grading.worker import load_course_config

    for var in ("MEDLAB_GRADEBOOK_URL", "MEDLAB_EXCHANGE", "MEDLAB_CELL_TIMEOUT"):
        monkeypatch.delenv(var, raising=False)
    ensure_alembic_on_path()
    root = tmp_path / "course"
    (root / "assignments").mkdir(parents=True)
    shutil.copy2(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    shutil.copytree(ROOT / "assignments" / NAME, root / "assignments" / NAME)
    config = load_course_config(str(root / "nbgrader_config.py"))
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    made = api.generate_assignment(NAME)
    assert made["success"], made.get("error")

    source = nbformat.read(root / "assignments" / NAME / f"{NAME}.ipynb", as_version=4)
    answers = {c.metadata["nbgrader"]["grade_id"]: _solution_text(c.source)
               for c in source.cells if c.metadata.get("nbgrader", {}).get("solution")}
    released = nbformat.read(root / "release" / NAME / f"{NAME}.ipynb", as_version=4)
    for cell in released.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    folder = root / "submitted" / "ana" / NAME
    folder.mkdir(parents=True)
    nbformat.write(released, folder / f"{NAME}.ipynb")
    (folder / "timestamp.txt").write_text("2024-01-01 10:00:00.000000 UTC\n")

    code = cli.main([NAME, "--course-root", str(root), "--jobs", "1", "--feedback",
                     "--progress", "none"])
    report = (root / "grading_reports" / NAME / "report.csv").read_text()
    assert code == 0, report
    row = report.splitlines()[1].split(",")
    assert row[:2] == ["ana", "graded"], report

    with Gradebook(config.CourseDirectory.db_url, "medlab-teach") as gb:
        sub = gb.find_submission(NAME, "ana")
        auto = {g.name: (g.auto_score, g.max_score) for nb in sub.notebooks for g in nb.grades
                if g.cell.cell_type == "code"}
    assert auto and all(score == top for score, top in auto.values()), auto

    page = (root / "feedback" / "ana" / NAME / f"{NAME}.html").read_text(encoding="utf-8")
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))  # the text a browser displays
    hidden = _hidden_lines(source)
    assert hidden  # a1 has hidden tests
    for line in hidden:
        assert line not in shown, line
