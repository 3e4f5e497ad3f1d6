"""nbgrader in JupyterLab: a student validates a released assignment; an instructor opens the
formgrader from the Nbgrader menu and sees a notebook's grading cells in Create Assignment."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

PREFERRED = "a1_data_literacy"
#: Used only while the course has no assignment of its own.
FALLBACK = "browser_check"


@dataclass
class Assignment:
    name: str
    source: Path  # the instructor's version, relative paths below are to the course root
    student_path: str  # the fetched copy the student opens


def _nbgrader_meta(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _write_fallback(course: Path) -> None:
    """A one-question assignment, in case the course has none yet."""
    folder = course / "assignments" / FALLBACK
    folder.mkdir(parents=True)
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}})
    meta = {"schema_version": 3, "task": False}
    nb.cells = [
        nbformat.v4.new_markdown_cell("Make `total` the sum of 1, 2 and 3.", metadata={
            "nbgrader": {**meta, "grade": False, "solution": False, "locked": True,
                         "grade_id": "prompt"}}),
        nbformat.v4.new_code_cell("### BEGIN SOLUTION\ntotal = 1 + 2 + 3\n### END SOLUTION",
                                  metadata={"nbgrader": {**meta, "grade": False,
                                                         "solution": True, "locked": False,
                                                         "grade_id": "answer_total"}}),
        nbformat.v4.new_code_cell("assert total == 6", metadata={"nbgrader": {
            **meta, "grade": True, "solution": False, "locked": True, "points": 1,
            "grade_id": "test_total"}}),
    ]
    nbformat.write(nb, folder / f"{FALLBACK}.ipynb")


@pytest.fixture(scope="session")
def assignment(lab) -> Assignment:
    """The course's first assignment (a1 when present), generated, released to the exchange and
    fetched by a student into student/, with the nbgrader commands an instructor runs."""
    sources = sorted(p.name for p in (lab.root / "assignments").iterdir()
                     if p.is_dir() and any(p.glob("*.ipynb")))
    if not sources:
        _write_fallback(lab.root)
        sources = [FALLBACK]
    name = PREFERRED if PREFERRED in sources else sources[0]
    exchange = lab.root / "exchange"
    exchange.mkdir(exist_ok=True)
    os.chmod(exchange, 0o777)
    lab.nbgrader("generate_assignment", name, "--force")
    lab.nbgrader("release_assignment", name, "--force")
    student = lab.root / "student"
    student.mkdir(exist_ok=True)
    lab.nbgrader("fetch_assignment", name, "--course", "medlab-teach",
                 f"--Exchange.root={exchange}", cwd=student)
    fetched = sorted((student / name).glob("*.ipynb"))
    assert fetched, f"nbgrader fetch_assignment put no notebook in {student / name}"
    source = sorted((lab.root / "assignments" / name).glob("*.ipynb"))[0]
    return Assignment(name=name, source=source,
                      student_path=str(fetched[0].relative_to(lab.root)))


@pytest.mark.timeout(240)
def test_student_validate_reports_the_unanswered_questions(jlab, assignment) -> None:
    page = jlab.page
    released = json.loads((jlab.lab.root / assignment.student_path).read_text())
    # Unanswered, every graded cell fails: the autograded tests (the answer cells still raise
    # NotImplementedError) and the written answers (still the stub). Validate must list them all.
    tests = [cell for cell in released["cells"] if _nbgrader_meta(cell).get("grade")]
    assert tests, f"{assignment.name} has no graded cells"

    jlab.open_notebook(assignment.student_path)
    jlab.shot("student-opened")
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .validate-button").click()
    dialog = page.locator(".jp-Dialog")
    dialog.locator(".jp-Dialog-header", has_text="Validation Results").wait_for(timeout=150_000)
    message = dialog.locator("#validation-message")
    jlab.shot("validation-results")
    assert "validation-failed" in (message.get_attribute("class") or "")
    failed_sources = message.locator("div.jp-RenderedText pre").all_inner_texts()[0::2]
    assert len(failed_sources) == len(tests), (
        f"Validate listed {len(failed_sources)} failing cells, the assignment has "
        f"{len(tests)} graded cells")
    expected = {"".join(cell["source"]).strip() for cell in tests}
    assert {s.strip() for s in failed_sources} == expected
    assert message.get_by_text("The following cell failed:").count() == len(tests)
    dialog.get_by_role("button", name="Ok").click()
    dialog.wait_for(state="detached")
    assert not jlab.console_errors(), "\n".join(map(str, jlab.console_errors()))


@pytest.mark.timeout(180)
def test_formgrader_from_the_menu_lists_the_course_assignments(jlab, assignment) -> None:
    page = jlab.page
    expected = sorted(p.name for p in (jlab.lab.root / "assignments").iterdir()
                      if p.is_dir() and any(p.glob("*.ipynb")))
    jlab.open("lessons")
    jlab.menu("Nbgrader", "Formgrader")
    tab = page.locator(".lm-TabBar-tab", has_text=re.compile(r"^Formgrader$"))
    tab.wait_for(timeout=30_000)
    frame = page.frame_locator("#formgrader-iframe iframe")
    frame.locator("body").get_by_text("Manage Assignments").first.wait_for(timeout=60_000)
    for name in expected:
        frame.locator("table").get_by_text(name, exact=True).first.wait_for(timeout=60_000)
    jlab.shot("formgrader")
    rows = frame.locator("table tbody tr").all_inner_texts()
    listed = sorted({name for name in expected if any(name in row for row in rows)})
    assert listed == expected
    assert not jlab.console_errors(), "\n".join(map(str, jlab.console_errors()))


@pytest.mark.timeout(180)
def test_create_assignment_panel_shows_the_grading_cells(jlab, assignment) -> None:
    page = jlab.page
    source = json.loads(assignment.source.read_text())
    expected = {}
    for cell in source["cells"]:
        meta = _nbgrader_meta(cell)
        if not meta:
            continue
        if meta.get("task"):
            kind = "task"
        elif meta.get("solution") and meta.get("grade"):
            kind = "manual"
        elif meta.get("solution"):
            kind = "solution"
        elif meta.get("grade"):
            kind = "tests"
        elif meta.get("locked"):
            kind = "readonly"
        else:
            kind = ""
        expected[meta["grade_id"]] = (kind, str(meta.get("points", "")))
    assert expected

    jlab.open_notebook(str(assignment.source.relative_to(jlab.lab.root)))
    page.locator('.lm-TabBar-tab[data-id="nbgrader-create_assignemnt"]').click()
    panel = page.locator(".nbgrader-CreateAssignmentWidget")
    panel.locator(".nbgrader-CellWidget").first.wait_for(timeout=30_000)
    shown = panel.locator(".nbgrader-CellWidget").evaluate_all(
        """(widgets) => widgets.map((w) => ({
            id: w.querySelector('.nbgrader-CellId input')?.value ?? '',
            type: w.querySelector('.nbgrader-CellType select')?.value ?? '',
            points: w.querySelector('.nbgrader-CellPoints input')?.value ?? '',
        }))""")
    jlab.shot("create-assignment-panel")
    assert len(shown) == len(source["cells"])
    found = {w["id"]: (w["type"], w["points"] if w["type"] in ("manual", "tests") else "")
             for w in shown if w["id"]}
    want = {gid: (kind, points if kind in ("manual", "tests") else "")
            for gid, (kind, points) in expected.items()}
    assert found == want
    total = sum(meta_points for _kind, points in expected.values()
                if (meta_points := float(points or 0)))
    shown_total = panel.locator(".nbgrader-TotalPointsInput").input_value()
    assert float(shown_total) == total
    assert not jlab.console_errors(), "\n".join(map(str, jlab.console_errors()))
