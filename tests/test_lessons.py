"""Every lesson runs top to bottom in a fresh kernel with no browser, and its checks are wired."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from notebook_runner import errors_in, executed_lesson

from medlab_teach.checks import NOT_ANSWERED, all_exercises
from medlab_teach.solution_blocks import CHECK_CALL

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))


def test_there_are_lessons() -> None:
    assert LESSONS, "no lesson notebooks found in lessons/"
    assert LESSONS[0].name.startswith("00_")


def _lesson_key(path: Path) -> str:
    return path.name.split("_", 1)[0]  # "03", or "00a" for the primer


@pytest.mark.notebooks
@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_runs_top_to_bottom(path: Path) -> None:
    nb = executed_lesson(path)
    problems = errors_in(nb)
    assert not problems, f"{path.name} raised errors:\n" + "\n".join(map(str, problems))
    # a blank lesson's check cells answer 'not answered yet' rather than crashing or passing
    check_outputs = [
        out for cell in nb.cells if cell.cell_type == "code" and CHECK_CALL.search(cell.source)
        for out in cell.get("outputs", [])
    ]
    texts = " ".join(str(out.get("data", {}).get("text/plain", "")) for out in check_outputs)
    assert check_outputs, f"{path.name}: the check cells showed no feedback"
    assert "Correct" not in texts, f"{path.name}: a blank exercise was marked correct"
    assert NOT_ANSWERED[:16] in texts, f"{path.name}: blank exercises should say not answered"


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_checks_match_declared_exercises(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    called = {m for cell in nb.cells if cell.cell_type == "code"
              for m in CHECK_CALL.findall(cell.source)}
    key = _lesson_key(path)
    declared = {ex.id for ex in all_exercises([key])}
    assert called == declared, (
        f"{path.name}: check ids in the notebook {sorted(called)} differ from the exercises "
        f"declared in medlab_teach.exercises.lesson{key} {sorted(declared)}"
    )
    assert len(declared) >= 3, f"{path.name} needs at least three self-checked exercises"


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_follows_the_kit_structure(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    titles = [line for line in markdown.splitlines() if line.startswith("# ")]
    assert len(titles) == 1, f"{path.name}: one '#' title expected, found {titles}"
    for heading in ("## Overview", "## Prerequisites", "## Imports", "## Summary",
                    "### What's next?", "## Resources and references"):
        assert heading in markdown, f"{path.name}: missing the '{heading}' section"
    assert "Time to learn" in markdown, f"{path.name}: say how long the lesson takes"
    assert re.search(r"(?i)reflection|retroalimentaci", markdown), (
        f"{path.name}: end with a reflection (the Lab's daily feedback exercise)")
