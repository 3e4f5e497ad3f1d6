"""Feedback pages in the assignment's language.

nbgrader writes its feedback page with its own template, in English ("Score", "Test cell",
"Student's answer"...). The kit's template ``medlab_feedback`` is nbgrader's page with those
labels in Spanish for the Spanish edition of an assignment (``<id>_es``), and unchanged for
every other assignment, so one course configuration serves both languages. The messages of the
tests themselves are already in the assignment's language. Used from ``nbgrader_config.py``::

    from medlab_teach.grading.feedback_language import configure_feedback_language
    configure_feedback_language(c)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "medlab_feedback"
# not index.html.j2: the kit's page extends nbgrader's page of that name
TEMPLATE_FILE = "medlab_index.html.j2"


def nbgrader_templates() -> Path:
    """The folder of nbgrader's own page templates (its ``feedback`` template lives there)."""
    import nbgrader

    return Path(nbgrader.__file__).resolve().parent / "server_extensions" / "formgrader" / (
        "templates")


def configure_feedback_language(c: Any) -> None:
    """Make ``nbgrader generate_feedback`` use the kit's bilingual feedback template.

    nbgrader only adds its own template folder when none is configured, so both folders are
    listed here: the kit's template extends nbgrader's.
    """
    c.HTMLExporter.template_name = TEMPLATE_NAME
    c.HTMLExporter.template_file = TEMPLATE_FILE
    c.HTMLExporter.extra_template_basedirs = [str(nbgrader_templates()), str(TEMPLATES)]
