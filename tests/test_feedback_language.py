"""The course's feedback template: nbgrader's labels in Spanish for a Spanish assignment, and
nbgrader's own page, unchanged, for every other assignment."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest
from traitlets.config import Config

from medlab_teach.grading.feedback_language import configure_feedback_language, nbgrader_templates

ROOT = Path(__file__).resolve().parents[1]
SPANISH = ROOT / "assignments" / "a1_data_literacy_es" / "a1_data_literacy_es.ipynb"


def _graded(path: Path) -> nbformat.NotebookNode:
    """An assignment as generate_feedback sees it: every graded cell with a score."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("medlab", None)  # autograding clears the notebook's metadata
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            cell.metadata.nbgrader["score"] = 1
    return nb


def _render(config: Config, nb: nbformat.NotebookNode, name: str) -> str:
    from nbconvert import HTMLExporter

    # what GenerateFeedback adds to any configuration: the folder of bootstrap.min.css
    css = nbgrader_templates().parents[0] / "static" / "node_modules" / "bootstrap" / "dist"
    config.HTMLExporter.extra_template_paths = [os.fspath(css / "css")]
    resources = {"nbgrader": {"notebook": name, "score": 3, "max_score": 15,
                              "late_penalty": 0}}
    html, _ = HTMLExporter(config=config).from_notebook_node(nb, resources=resources)
    return html


@pytest.fixture(scope="module")
def course_config() -> Config:
    config = Config()
    configure_feedback_language(config)
    return config


def test_a_spanish_assignment_gets_spanish_labels(course_config: Config) -> None:
    html = _render(course_config, _graded(SPANISH), "a1_data_literacy_es")
    assert re.search(r"<h4>a1_data_literacy_es \(Puntaje: 3\.0 / 15\.0\)</h4>", html)
    for label in ("Celda de pruebas", "Respuesta del estudiante", "Celda calificada",
                  "(Arriba)"):
        assert label in html, label
    for label in ("Score", "Test cell", "Student's answer", "Grade cell", "(Top)"):
        assert label not in html, label


def test_other_assignments_get_nbgrader_own_page(course_config: Config) -> None:
    nb = _graded(SPANISH)
    nbgrader_own = Config()
    nbgrader_own.HTMLExporter.template_name = "feedback"
    nbgrader_own.HTMLExporter.extra_template_basedirs = [os.fspath(nbgrader_templates())]
    expected = _render(nbgrader_own, nb, "a1_data_literacy")
    assert "(Score: 3.0 / 15.0)" in expected
    assert _render(course_config, nb, "a1_data_literacy") == expected
