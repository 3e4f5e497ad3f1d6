"""Each lesson, opened in JupyterLab and run with Run > Run All Cells, shows no error output."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted(p.name for p in (ROOT / "lessons" / "en").glob("[0-9][0-9]_*.ipynb"))


def test_there_are_lessons_to_open() -> None:
    assert LESSONS, "no lessons/NN_*.ipynb found"


@pytest.mark.timeout(240)
@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_runs_without_errors_in_jupyterlab(jlab, lesson: str) -> None:
    jlab.open_notebook(f"lessons/en/{lesson}")
    jlab.shot("opened")
    jlab.run_all()
    jlab.shot("ran-all")
    errors = jlab.error_outputs()
    assert not errors, f"{lesson}: error output in JupyterLab:\n" + "\n".join(errors)
    assert not jlab.code_cells_without_count(), f"{lesson}: some code cells did not run"
    broken = jlab.broken_widget_views()
    assert not broken, f"{lesson}: widget views failed to render:\n" + "\n".join(broken)
    # For the record: the lesson's last code output on screen (a figure or widget, usually).
    last = jlab.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").filter(
        has=jlab.page.locator(".jp-OutputArea-output")).last
    jlab.scroll_to(last, "center")
    jlab.shot("last-output")
    assert not jlab.console_errors(), "browser console errors:\n" + "\n".join(
        map(str, jlab.console_errors()))
