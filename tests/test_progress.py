"""Progress: passed self-checks are recorded in the workspace, shown by `medlab-teach progress`
and by the figure at the end of each lesson; a broken progress file never breaks a check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from notebook_runner import execute_notebook, fill_answers

from medlab_teach import course, messages, progress, workspace
from medlab_teach.checks import all_exercises, check, run_solution
from medlab_teach.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace with the kit's lessons, where the checks of this process record."""
    folder, _ = workspace.ensure(ROOT, tmp_path / "my-work")
    monkeypatch.setenv(workspace.ENV_VAR, str(folder))
    return folder


def _row(rows: list[progress.LessonProgress], key: str) -> progress.LessonProgress:
    return next(r for r in rows if r.lesson == key)


def test_a_passed_check_is_recorded_and_a_failed_one_is_not(ws: Path) -> None:
    exercise = all_exercises(["03"])[0]
    assert not check(exercise.id, 12345.0)
    assert not (ws / progress.PROGRESS_FILE).exists()
    assert check(exercise.id, run_solution(exercise.id))
    rows, note = course.progress_table(ws)
    assert note == "" and _row(rows, "03").done == 1
    assert _row(rows, "03").total == len(all_exercises(["03"])) and _row(rows, "03").last


def test_a_corrupt_progress_file_is_kept_aside_and_the_check_still_passes(ws: Path) -> None:
    (ws / progress.PROGRESS_FILE).write_text('{"passed": [1, 2')
    exercise = all_exercises(["03"])[0]
    feedback = check(exercise.id, run_solution(exercise.id))
    assert feedback.ok and "could not be read" in feedback.note
    assert list(ws.glob(".medlab-progress.unreadable-*.json"))
    assert json.loads((ws / progress.PROGRESS_FILE).read_text())["passed"][exercise.id]


def test_an_unwritable_workspace_costs_the_record_not_the_check(ws: Path, monkeypatch) -> None:
    def disk_full(path: Path, payload: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress, "write_json_atomically", disk_full)
    exercise = all_exercises(["03"])[0]
    feedback = check(exercise.id, run_solution(exercise.id))
    assert feedback.ok and "No space left" in feedback.note
    assert feedback.note.startswith(messages.PROGRESS_NOT_SAVED.split("{")[0])


def test_outside_a_workspace_nothing_is_recorded(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(workspace.ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    exercise = all_exercises(["03"])[0]
    assert check(exercise.id, run_solution(exercise.id)).note == ""
    assert not list(tmp_path.rglob(progress.PROGRESS_FILE))
    assert course.progress().note == messages.PROGRESS_NO_WORKSPACE


@pytest.mark.notebooks
def test_progress_command_reflects_checks_passed_in_an_executed_lesson(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.delenv(workspace.ENV_VAR, raising=False)
    kit = tmp_path / "kit"
    shutil.copytree(ROOT / "lessons", kit / "lessons")
    (kit / "pyproject.toml").write_text("")
    ws, _ = workspace.ensure(kit)
    lesson = next(ws.glob("en/03_*.ipynb"))
    exercises = all_exercises(["03"])
    answered = {e.id: e.solution_code for e in exercises[:2]}
    nb = nbformat.read(lesson, as_version=4)
    assert fill_answers(nb, answered) == 2
    nbformat.write(nb, lesson)

    execute_notebook(lesson)   # in the workspace, as the learner's kernel runs it

    assert main(["progress", "--root", str(kit)]) == 0
    out = capsys.readouterr().out
    line = next(row for row in out.splitlines() if row.startswith("03 "))
    assert f"2 / {len(exercises)}" in line
    untouched = next(row for row in out.splitlines() if row.startswith("02 "))
    assert f"0 / {len(all_exercises(['02']))}" in untouched
    assert messages.PROGRESS_TOTAL.format(done=2, total=len(all_exercises())) in out


def test_the_course_figure_has_a_text_alternative(ws: Path) -> None:
    shown = course.progress(ws)
    html = shown._repr_html_()
    assert 'alt="' in html and "03: 0 of" in html
    assert messages.PROGRESS_HEADER_DONE in repr(shown)


@pytest.mark.parametrize("path", sorted((ROOT / "lessons").glob("*.ipynb"))
                         + sorted((ROOT / "lessons").glob("*/*.ipynb")),
                         ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_lesson_ends_with_the_learners_progress(path: Path) -> None:
    last = nbformat.read(path, as_version=4).cells[-1]
    assert last.cell_type == "code" and "course.progress()" in last.source, (
        f"{path.name}: the last cell should show the course progress (course.progress())")
