"""The gradebook side of parallel grading: scratch copies, one writer, backups.

Several nbgrader processes writing one SQLite file lose grades to "database is locked". Here
each worker autogrades into its **own scratch gradebook** (a copy of the assignment's structure
made through nbgrader's ``Gradebook`` API, so any database URL works), and only the main
process writes the course gradebook: it merges each finished submission in one transaction,
with a retry when another program (the formgrader) holds a lock. Merging is idempotent
(grades are keyed by student and cell), so a submission merged twice is still one grade.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from nbformat.notebooknode import NotebookNode


def ensure_alembic_on_path() -> None:
    """nbgrader runs the ``alembic`` command when it creates a gradebook; find the venv's."""
    if shutil.which("alembic"):
        return
    folder = os.path.dirname(sys.executable)
    if os.path.exists(os.path.join(folder, "alembic")):
        os.environ["PATH"] = folder + os.pathsep + os.environ.get("PATH", "")


def sqlite_path(db_url: str) -> Path | None:
    """The file of a SQLite URL, or None for other databases."""
    from sqlalchemy.engine import make_url

    url = make_url(db_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def backup_gradebook(db_url: str, backup_dir: Path) -> Path | None:
    """Copy a SQLite gradebook to ``backup_dir/gradebook-<timestamp>.db`` (None if not SQLite).

    Uses SQLite's online backup, so the copy is consistent even if the formgrader is open.
    """
    path = sqlite_path(db_url)
    if path is None or not path.exists():
        return None
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = backup_dir / f"gradebook-{stamp}.db"
    n = 1
    while dest.exists():
        n += 1
        dest = backup_dir / f"gradebook-{stamp}-{n}.db"
    source = sqlite3.connect(str(path))
    target = sqlite3.connect(str(dest))
    try:
        with target:
            source.backup(target)
    finally:
        source.close()
        target.close()
    return dest


def make_scratch_template(db_url: str, path: Path, assignment: str, course_id: str) -> None:
    """A gradebook file the workers copy as their scratch gradebook.

    For a SQLite course gradebook, a consistent copy of it (so the workers see existing manual
    scores and extensions exactly as nbgrader would); for any other database, the assignment's
    structure copied through nbgrader's API. Made once per run: creating a gradebook from
    scratch runs ``alembic``, which is slow.
    """
    source = sqlite_path(db_url)
    if source is not None and source.exists():
        src, dst = sqlite3.connect(str(source)), sqlite3.connect(str(path))
        try:
            with dst:
                src.backup(dst)
        finally:
            src.close()
            dst.close()
        return
    clone_assignment(db_url, f"sqlite:///{path}", assignment, course_id)


def clone_assignment(src_url: str, dst_url: str, assignment: str, course_id: str) -> None:
    """Copy one assignment's structure (notebooks, cells, due date) into another gradebook."""
    from nbgrader.api import Gradebook

    ensure_alembic_on_path()
    with Gradebook(src_url, course_id) as src, Gradebook(dst_url, course_id) as dst:
        record = src.find_assignment(assignment)
        dst.update_or_create_assignment(assignment, duedate=record.duedate)
        for nb in record.notebooks:
            dst.update_or_create_notebook(nb.name, assignment, kernelspec=nb.kernelspec)
            for cell in nb.grade_cells:
                dst.update_or_create_grade_cell(cell.name, nb.name, assignment,
                                                max_score=cell.max_score,
                                                cell_type=cell.cell_type)
            for cell in nb.solution_cells:
                dst.update_or_create_solution_cell(cell.name, nb.name, assignment)
            for cell in nb.task_cells:
                dst.update_or_create_task_cell(cell.name, nb.name, assignment,
                                               max_score=cell.max_score,
                                               cell_type=cell.cell_type)
            for cell in nb.source_cells:
                dst.update_or_create_source_cell(cell.name, nb.name, assignment,
                                                 cell_type=cell.cell_type, locked=cell.locked,
                                                 source=cell.source, checksum=cell.checksum)


def prepare_student(db_url: str, assignment: str, student: str, course_id: str,
                    extension_seconds: float | None) -> None:
    """Give the scratch gradebook the student's extension, so lateness is judged the same."""
    if not extension_seconds:
        return
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course_id) as gb:
        gb.update_or_create_student(student)
        gb.update_or_create_submission(assignment, student,
                                       extension=dt.timedelta(seconds=extension_seconds))


def zero_submission(db_url: str, assignment: str, student: str, course_id: str,
                    timestamp: Any = None) -> None:
    """Record a submission with none of its notebooks: every cell scores 0, as nbgrader does
    for a single missing notebook (it refuses to grade a submission missing them all)."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course_id) as gb:
        gb.update_or_create_student(student)
        kwargs = {"timestamp": timestamp} if timestamp else {}
        sub = gb.update_or_create_submission(assignment, student, **kwargs)
        for nb in sub.notebooks:
            for grade in nb.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
        gb.db.commit()


def extract_submission(db_url: str, assignment: str, student: str,
                       course_id: str) -> dict[str, Any]:
    """The autograder's results for one submission, as plain data."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course_id) as gb:
        sub = gb.find_submission(assignment, student)
        out: dict[str, Any] = {
            "timestamp": sub.timestamp.isoformat() if sub.timestamp else None,
            "notebooks": {},
        }
        for nb in sub.notebooks:
            out["notebooks"][nb.name] = {
                "grades": {g.name: {"auto_score": g.auto_score, "max_score": g.max_score,
                                    "needs_manual_grade": bool(g.needs_manual_grade)}
                           for g in nb.grades},
                "comments": {c.name: {"auto_comment": c.auto_comment} for c in nb.comments},
            }
    return out


def student_extension(gb: Any, assignment: str, student: str) -> float | None:
    """Seconds of extension the course gradebook grants this student (None if none)."""
    from nbgrader.api import MissingEntry

    try:
        sub = gb.find_submission(assignment, student)
    except MissingEntry:
        return None
    return sub.extension.total_seconds() if sub.extension else None


def merge_submission(gb: Any, db_url: str, assignment: str, student: str,
                     payload: dict[str, Any], *, config: Any = None, attempts: int = 8) -> None:
    """Write one submission's autograde results into the course gradebook (single writer).

    Keeps manual scores: a cell with a manual score still needs review, as in nbgrader's own
    ``SaveAutoGrades``. Retries when SQLite reports a lock held by another program.
    """
    from sqlalchemy.exc import OperationalError

    for attempt in range(attempts):
        try:
            _merge_once(gb, assignment, student, payload)
            _assign_late_penalties(db_url, assignment, student, list(payload["notebooks"]),
                                   config)
            return
        except OperationalError as exc:
            gb.db.rollback()
            if "locked" not in str(exc).lower() or attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))


def _merge_once(gb: Any, assignment: str, student: str, payload: dict[str, Any]) -> None:
    from nbgrader import utils

    gb.update_or_create_student(student)
    kwargs = {}
    if payload.get("timestamp"):
        kwargs["timestamp"] = utils.parse_utc(payload["timestamp"])
    gb.update_or_create_submission(assignment, student, **kwargs)
    for nb_name, data in payload["notebooks"].items():
        for cell, values in data["grades"].items():
            grade = gb.find_grade(cell, nb_name, assignment, student)
            grade.auto_score = values["auto_score"]
            grade.needs_manual_grade = bool(values["needs_manual_grade"]
                                            or grade.manual_score is not None)
        for cell, values in data["comments"].items():
            comment = gb.find_comment(cell, nb_name, assignment, student)
            comment.auto_comment = values["auto_comment"]
    gb.db.commit()


def _assign_late_penalties(db_url: str, assignment: str, student: str,
                           notebooks: list[str], config: Any) -> None:
    """Apply the course's late-penalty plugin with nbgrader's own preprocessor."""
    from nbgrader.preprocessors import AssignLatePenalties

    for name in notebooks:
        resources = {"nbgrader": {"notebook": name, "assignment": assignment,
                                  "student": student, "db_url": db_url}}
        kwargs = {"config": config} if config is not None else {}
        AssignLatePenalties(**kwargs).preprocess(
            NotebookNode({"cells": [], "metadata": {}}), resources)


def submission_summary(gb: Any, assignment: str, student: str) -> dict[str, Any]:
    """Score, maximum, cells awaiting manual grading and lateness, from the course gradebook."""
    sub = gb.find_submission(assignment, student)
    penalty = sum(nb.late_submission_penalty or 0 for nb in sub.notebooks)
    return {
        "score": round(float(sub.score) - float(penalty), 3),
        "max_score": float(sub.max_score),
        "needs_manual": sum(1 for nb in sub.notebooks for g in nb.grades
                            if g.needs_manual_grade),
        "late_seconds": float(sub.total_seconds_late or 0),
        "late_penalty": float(penalty),
    }
