"""Every lesson runs top to bottom in a fresh kernel with no browser, and its checks are wired."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from notebook_runner import errors_in, executed_lesson

from medlab_teach import set_language
from medlab_teach.checks import NOT_ANSWERED, all_exercises
from medlab_teach.editions import language_of, lesson_files
from medlab_teach.i18n import _
from medlab_teach.solution_blocks import CHECK_CALL

ROOT = Path(__file__).resolve().parents[1]
LESSONS = lesson_files(ROOT)
IDS = [f"{language_of(p)}-{p.stem}" for p in LESSONS]
#: The template's headings in each edition (Project Pythia's lesson template).
HEADINGS = {
    "en": ("## Overview", "## Prerequisites", "## Imports", "## Summary", "### What's next?",
           "## Resources and references", "Time to learn"),
    "es": ("## Panorama", "## Requisitos previos", "## Importaciones", "## Resumen",
           "### ¿Qué sigue?", "## Recursos y referencias", "Tiempo estimado"),
}
#: Words of English prose that never belong in Spanish text (data values aside).
ENGLISH = re.compile(r"\b(the|of|and|per|with|from|Source|Year|which|shows)\b")


def test_there_are_lessons_in_both_editions() -> None:
    for language in ("es", "en"):
        lessons = lesson_files(ROOT, language)
        assert lessons, f"no lesson notebooks found in lessons/{language}/"
        assert lessons[0].name.startswith("00_")
    assert len(lesson_files(ROOT, "es")) == len(lesson_files(ROOT, "en"))


def _not_answered(language: str) -> str:
    set_language(language)
    try:
        return _(NOT_ANSWERED)
    finally:
        set_language("en")


def _lesson_key(path: Path) -> str:
    return path.name.split("_", 1)[0]  # "03", or "00a" for the primer


@pytest.mark.notebooks
@pytest.mark.parametrize("path", LESSONS, ids=IDS)
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
    not_answered = _not_answered(language_of(path))
    assert not_answered[:16] in texts, f"{path.name}: blank exercises should say not answered"


@pytest.mark.notebooks
@pytest.mark.parametrize("path", lesson_files(ROOT, "es"),
                         ids=[p.stem for p in lesson_files(ROOT, "es")])
def test_spanish_lesson_figures_speak_spanish(path: Path) -> None:
    """Every figure of a Spanish lesson (title, axes, legend, source line: its alt text says
    them all) and every check's feedback are Spanish."""
    nb = executed_lesson(path)
    english = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            alt = out.get("metadata", {}).get("image/png", {}).get("alt", "")
            if alt and ENGLISH.search(alt):
                english.append(alt[:160])
            if CHECK_CALL.search(cell.source):
                text = str(out.get("data", {}).get("text/plain", ""))
                if ENGLISH.search(text):
                    english.append(text[:160])
    assert not english, f"{path.name}: English in figures or feedback:\n" + "\n".join(english)


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
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


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_lesson_follows_the_kit_structure(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    titles = [line for line in markdown.splitlines() if line.startswith("# ")]
    assert len(titles) == 1, f"{path.name}: one '#' title expected, found {titles}"
    for heading in HEADINGS[language_of(path)]:
        assert heading in markdown, f"{path.name}: missing '{heading}'"
    assert re.search(r"(?i)reflection|retroalimentaci", markdown), (
        f"{path.name}: end with a reflection (the Lab's daily feedback exercise)")
