"""The learner's workspace: own copies of the lessons that an update of the kit never overwrites
once edited, with a clear report of what was added, updated and left alone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from medlab_teach import workspace
from medlab_teach.cli import lab_command, main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def kit(tmp_path: Path) -> Path:
    """A small kit: two real lessons and the marker files of a kit's root."""
    root = tmp_path / "kit"
    (root / "lessons").mkdir(parents=True)
    (root / "pyproject.toml").write_text("")
    for pattern in ("00_*.ipynb", "02_*.ipynb"):
        source = next((ROOT / "lessons" / "en").glob(pattern))
        shutil.copy(source, root / "lessons" / source.name)
    return root


def _lesson(folder: Path, prefix: str) -> Path:
    return next(folder.glob(f"{prefix}_*.ipynb"))


def _append_markdown(path: Path, text: str) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell(text))
    nbformat.write(nb, path)


def _texts(path: Path) -> list[str]:
    return [c.source for c in nbformat.read(path, as_version=4).cells]


def test_update_keeps_the_learners_edits_and_updates_untouched_lessons(kit: Path, capsys) -> None:
    ws = kit / workspace.WORKSPACE_DIR
    created, report = workspace.ensure(kit)
    assert created == ws and sorted(report.added) == sorted(p.name for p in
                                                            (kit / "lessons").iterdir())
    edited, untouched = _lesson(ws, "00"), _lesson(ws, "02")
    _append_markdown(edited, "My own notes on the model.")          # the learner's work
    _append_markdown(kit / "lessons" / edited.name, "Kit: a new section for lesson 00.")
    _append_markdown(kit / "lessons" / untouched.name, "Kit: a new section for lesson 02.")
    new_lesson = kit / "lessons" / "03_new_lesson.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 03")]),
                   new_lesson)

    assert main(["update", "--root", str(kit)]) == 0
    out = capsys.readouterr().out

    assert "My own notes on the model." in _texts(edited)            # edits kept
    assert "Kit: a new section for lesson 00." not in _texts(edited)
    beside = ws / workspace.UPDATES_DIR / edited.name                 # new version beside it
    assert "Kit: a new section for lesson 00." in _texts(beside)
    assert "Kit: a new section for lesson 02." in _texts(untouched)  # untouched one updated
    assert (ws / new_lesson.name).is_file()                           # new lesson added
    assert f"Left alone, because you have edited it: {edited.name}" in out
    assert f"Updated (you had not edited it): {untouched.name}" in out
    assert f"New lesson added to your workspace: {new_lesson.name}" in out

    assert main(["update", "--root", str(kit)]) == 0                  # nothing more to do
    again = capsys.readouterr().out
    assert "Updated" not in again and "New lesson" not in again
    assert f"Left alone, because you have edited it: {edited.name}" in again


def test_other_editions_come_along_and_pending_lists_changes(kit: Path) -> None:
    spanish = kit / "lessons" / "es"
    spanish.mkdir()
    shutil.copy(_lesson(kit / "lessons", "02"), spanish / "02_prevencion.ipynb")
    ws, report = workspace.ensure(kit)
    assert "es/02_prevencion.ipynb" in report.added
    assert (ws / "es" / "02_prevencion.ipynb").is_file()
    assert workspace.pending(kit, ws) == []
    _append_markdown(spanish / "02_prevencion.ipynb", "Kit: nueva sección.")
    assert workspace.pending(kit, ws) == ["es/02_prevencion.ipynb"]
    assert workspace.update(kit, ws).updated == ["es/02_prevencion.ipynb"]


def test_running_a_lesson_is_not_editing_it(kit: Path) -> None:
    ws, _ = workspace.ensure(kit)
    ran = _lesson(ws, "02")
    nb = nbformat.read(ran, as_version=4)
    nb.cells[0].metadata["collapsed"] = True
    nb.metadata["widgets"] = {"state": {}}
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", text="ran")]
    code.execution_count = 1
    nbformat.write(nb, ran)
    _append_markdown(kit / "lessons" / ran.name, "Kit: corrected text.")
    report = workspace.update(kit, ws)
    assert report.updated == [ran.name] and not report.kept


def test_an_unreadable_manifest_is_kept_aside_and_edits_are_safe(kit: Path) -> None:
    ws, _ = workspace.ensure(kit)
    edited = _lesson(ws, "00")
    _append_markdown(edited, "Mine.")
    (ws / workspace.MANIFEST).write_text("{not json")
    _append_markdown(kit / "lessons" / edited.name, "Kit: new.")
    report = workspace.update(kit, ws)
    assert "Mine." in _texts(edited) and edited.name in report.kept
    assert any("could not be read" in note for note in report.notes)
    assert list(ws.glob(".medlab-workspace.unreadable-*.json"))
    assert json.loads((ws / workspace.MANIFEST).read_text())["lessons"]


def test_lab_opens_the_workspace_copy(kit: Path) -> None:
    ws, _ = workspace.ensure(kit)
    cmd = lab_command(kit, port=None, no_browser=True, ip="127.0.0.1", extra=[], workspace=ws)
    assert any(a.startswith("--LabApp.default_url=/lab/tree/my-work/00_") for a in cmd)


def test_a_workspace_elsewhere_is_served_from_itself(kit: Path, tmp_path: Path) -> None:
    ws, _ = workspace.ensure(kit, tmp_path / "elsewhere")
    cmd = lab_command(kit, port=None, no_browser=True, ip="127.0.0.1", extra=[], workspace=ws)
    assert f"--ServerApp.root_dir={ws}" in cmd
    assert any(a.startswith("--LabApp.default_url=/lab/tree/00_") for a in cmd)


def test_the_workspace_is_ignored_by_git() -> None:
    assert "/my-work/" in (ROOT / ".gitignore").read_text().splitlines()
