"""Each lesson, opened in JupyterLab and run with Run > Run All Cells, shows no error output."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted(p.name for p in (ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))


def test_there_are_lessons_to_open() -> None:
    assert LESSONS, "no lessons/NN_*.ipynb found"


@pytest.mark.timeout(240)
@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_runs_without_errors_in_jupyterlab(jlab, lesson: str) -> None:
    jlab.open_notebook(f"lessons/{lesson}")
    jlab.shot("opened")
    jlab.run_all()
    jlab.shot("ran-all")
    errors = jlab.error_outputs()
    assert not errors, f"{lesson}: error output in JupyterLab:\n" + "\n".join(errors)
    assert not jlab.code_cells_without_count(), f"{lesson}: some code cells did not run"
    broken = jlab.broken_widget_views()
    assert not broken, f"{lesson}: widget views failed to render:\n" + "\n".join(broken)
    # The last output of the lesson is on screen (scrolled to the end) for the record.
    jlab.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").last \
        .scroll_into_view_if_needed()
    jlab.shot("end")
    assert not jlab.console_errors(), "browser console errors:\n" + "\n".join(
        map(str, jlab.console_errors()))
