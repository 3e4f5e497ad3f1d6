"""The course as a learner walks it: its lessons, their self-checks, and how far the learner
has come (the figure at the end of each lesson, and `medlab-teach progress`).

It joins two modules that must not know each other: :mod:`medlab_teach.checks` (which records
each passed check through :mod:`medlab_teach.progress`) and :mod:`medlab_teach.progress` (which
reads that record without knowing which exercises exist).
"""

from __future__ import annotations

from pathlib import Path

from medlab_teach import messages
from medlab_teach.checks import all_exercises, lesson_keys
from medlab_teach.i18n import _
from medlab_teach.progress import CourseProgress, LessonProgress, table
from medlab_teach.workspace import find_workspace


def exercises_by_lesson() -> dict[str, list[str]]:
    """Every lesson with self-checks ("00", "00a", "01", ...) and its exercise ids, in order."""
    return {key: [e.id for e in all_exercises([key])] for key in lesson_keys()}


def progress_table(workspace: Path | None = None) -> tuple[list[LessonProgress], str]:
    """The learner's progress per lesson (from their workspace), and any note about it."""
    return table(workspace or find_workspace(), exercises_by_lesson())


def progress(workspace: Path | None = None) -> CourseProgress:
    """The learner's progress through the course, for the last cell of each lesson."""
    workspace = workspace or find_workspace()
    rows, note = table(workspace, exercises_by_lesson())
    if workspace is None:
        note = _(messages.PROGRESS_NO_WORKSPACE)
    return CourseProgress(tuple(rows), note)
