"""A grading worker: one long-lived process that autogrades many submissions through nbgrader's API.

``nbgrader autograde`` pays about two seconds of application start-up per call; a worker pays
it once, then grades submission after submission with ``NbGraderAPI.autograde`` into its own
scratch gradebook, and hands the results (plain data) back to the main process, which is the
only writer of the course gradebook. The worker's stderr goes to a log file so nbgrader's
messages never garble the progress bar.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .config import Limits

FATAL_MARKERS = ("SandboxUnavailableError",)


@dataclass
class GradingSettings:
    """Everything a worker needs; plain data so it crosses process boundaries."""

    course_root: str
    assignment: str
    course_id: str
    db_url: str
    config_file: str | None
    sandbox: bool
    limits: Limits
    scratch_root: str
    log_dir: str
    uid_base: int = 61000
    forbidden_paths: list[str] = field(default_factory=list)
    readonly_paths: list[str] = field(default_factory=list)
    python_paths: list[str] = field(default_factory=list)
    scratch_template: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (for a journal header or a test)."""
        return asdict(self)


def load_course_config(config_file: str | None) -> Any:
    """The course's nbgrader_config.py as a traitlets Config (empty if there is none)."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    if not config_file:
        return Config()
    path = Path(config_file)
    return PyFileConfigLoader(path.name, path=str(path.parent)).load_config()


def build_config(settings: GradingSettings, *, db_url: str, slot: int) -> Any:
    """Course config + the kit's grading config + the worker's own gradebook and uid."""
    from .config import grading_config

    config = load_course_config(settings.config_file)
    config.merge(grading_config(
        sandbox=settings.sandbox, limits=settings.limits,
        sandbox_uid=settings.uid_base + slot, forbidden_paths=settings.forbidden_paths,
        readonly_paths=settings.readonly_paths, python_paths=settings.python_paths,
        scratch_root=os.path.join(settings.scratch_root, f"w{slot}", "kernels")))
    config.CourseDirectory.root = settings.course_root
    config.CourseDirectory.course_id = settings.course_id
    config.CourseDirectory.db_url = db_url
    config.NbGraderAPI.log_level = "INFO"
    return config


class Worker:
    """Grades submissions one after another in this process."""

    def __init__(self, settings: GradingSettings, slot: int) -> None:
        from nbgrader.apps.api import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        from .gradebook import clone_assignment, ensure_alembic_on_path

        ensure_alembic_on_path()
        self.settings = settings
        self.slot = slot
        self.scratch = Path(settings.scratch_root) / f"w{slot}"
        (self.scratch / "kernels").mkdir(parents=True, exist_ok=True)
        scratch_db = self.scratch / "scratch-gradebook.db"
        self.scratch_url = f"sqlite:///{scratch_db}"
        if settings.scratch_template and os.path.exists(settings.scratch_template):
            shutil.copyfile(settings.scratch_template, scratch_db)
        else:
            clone_assignment(settings.db_url, self.scratch_url, settings.assignment,
                             settings.course_id)
        self.config = build_config(settings, db_url=self.scratch_url, slot=slot)
        self.coursedir = CourseDirectory(config=self.config)
        self.api = NbGraderAPI(coursedir=self.coursedir, config=self.config)
        self._feedback_api: Any = None
        self.notebooks = self._expected_notebooks()

    def _expected_notebooks(self) -> list[str]:
        from nbgrader.api import Gradebook

        with Gradebook(self.scratch_url, self.settings.course_id) as gb:
            return sorted(nb.name for nb in gb.find_assignment(self.settings.assignment).notebooks)

    def _submitted(self, student: str) -> Path:
        return Path(self.coursedir.format_path(self.coursedir.submitted_directory, student,
                                               self.settings.assignment))

    def check_files(self, student: str) -> tuple[list[str], str]:
        """Record missing/renamed notebooks and symlinks; return (excluded paths, invalid msg)."""
        import nbformat

        from . import events

        folder = self._submitted(student)
        excluded: list[str] = []
        for path in sorted(folder.rglob("*")):
            if path.is_symlink():
                rel = path.relative_to(folder).as_posix()
                excluded.append(rel)
                events.record("symlink_in_submission", "", f"{rel} is a symbolic link (to "
                              f"{os.readlink(path)}); it was not given to the student's code")
        found = {p.stem for p in folder.glob("*.ipynb")}
        for name in self.notebooks:
            path = folder / f"{name}.ipynb"
            if not path.is_file():
                others = sorted(found - set(self.notebooks))
                hint = f" (found {', '.join(o + '.ipynb' for o in others)})" if others else ""
                events.record("notebook_missing", name, f"{name}.ipynb is missing from the "
                              f"submission{hint}; nbgrader scores it 0")
                continue
            try:
                nbformat.read(str(path), as_version=4)
            except Exception as exc:  # any unreadable notebook stops this submission
                message = f"{name}.ipynb cannot be read as a notebook: {type(exc).__name__}: " \
                          f"{str(exc).splitlines()[0][:200] if str(exc) else ''}"
                events.record("invalid_notebook", name, message)
                return excluded, message
        return excluded, ""

    def grade(self, task: dict[str, Any]) -> dict[str, Any]:
        """Autograde one submission into the scratch gradebook; return its results."""
        from . import events
        from .gradebook import extract_submission, prepare_student, zero_submission

        student = task["student"]
        start = time.monotonic()
        events.drain()
        excluded, invalid = self.check_files(student)
        result: dict[str, Any] = {"student": student, "fingerprint": task.get("fingerprint")}
        if invalid:
            result.update(ok=False, invalid=True, message=invalid,
                          events=[e.to_dict() for e in events.drain()],
                          seconds=time.monotonic() - start)
            return result
        folder = self._submitted(student)
        if not any((folder / f"{name}.ipynb").is_file() for name in self.notebooks):
            zero_submission(self.scratch_url, self.settings.assignment, student,
                            self.settings.course_id,
                            self.coursedir.get_existing_timestamp(str(folder)))
            result.update(ok=True, events=[e.to_dict() for e in events.drain()],
                          seconds=time.monotonic() - start,
                          payload=extract_submission(self.scratch_url, self.settings.assignment,
                                                     student, self.settings.course_id))
            return result
        self.api.config.SandboxedKernelManager.exclude_files = excluded
        prepare_student(self.scratch_url, self.settings.assignment, student,
                        self.settings.course_id, task.get("extension"))
        outcome = self.api.autograde(self.settings.assignment, student, force=True, create=True)
        self._write_log(student, outcome.get("log", "") + outcome.get("error", ""))
        result["events"] = [e.to_dict() for e in events.drain()]
        result["seconds"] = time.monotonic() - start
        if not outcome.get("success"):
            error = outcome.get("error", "")
            text = outcome.get("log", "") + error
            for marker in FATAL_MARKERS:
                if marker in text:
                    lines = [ln for ln in text.splitlines() if marker in ln]
                    raise RuntimeError(lines[-1].strip())
            result.update(ok=False, invalid=False, message="nbgrader could not autograde this "
                          f"submission: {_last_line(error)} (see the log)")
            return result
        result.update(ok=True, payload=extract_submission(
            self.scratch_url, self.settings.assignment, student, self.settings.course_id))
        return result

    def feedback(self, task: dict[str, Any]) -> dict[str, Any]:
        """Generate leak-free feedback for one graded submission from the course gradebook."""
        from nbgrader.apps.api import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        if self._feedback_api is None:
            config = build_config(self.settings, db_url=self.settings.db_url, slot=self.slot)
            self._feedback_api = NbGraderAPI(coursedir=CourseDirectory(config=config),
                                             config=config)
        student = task["student"]
        outcome = self._feedback_api.generate_feedback(self.settings.assignment, student,
                                                       force=True)
        if not outcome.get("success"):
            self._write_log(student + "-feedback", outcome.get("log", "") + outcome.get(
                "error", ""))
        return {"student": student, "ok": bool(outcome.get("success")),
                "message": _last_line(outcome.get("error", ""))}

    def _write_log(self, name: str, text: str) -> None:
        if not text:
            return
        folder = Path(self.settings.log_dir)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.log").write_text(text, encoding="utf-8")


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip()[:300] if lines else "unknown error"


def worker_main(conn: Any, settings: GradingSettings, slot: int) -> None:
    """Entry point of a worker process: serve ("grade"|"feedback", task) until ("stop", None)."""
    log_dir = Path(settings.log_dir)
    log_dir.mkdir(parents=True, exist_ok=True)
    log = open(log_dir / f"worker-{slot}.log", "ab", buffering=0)  # noqa: SIM115
    os.dup2(log.fileno(), 2)
    sys.stderr = open(2, "w", buffering=1, closefd=False)  # noqa: SIM115
    import warnings

    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)
    try:
        worker = Worker(settings, slot)
    except Exception:
        conn.send(("fatal", _last_line(traceback.format_exc()), traceback.format_exc()))
        return
    conn.send(("ready", slot, None))
    while True:
        try:
            kind, task = conn.recv()
        except (EOFError, OSError):
            return
        if kind == "stop":
            return
        try:
            result = worker.grade(task) if kind == "grade" else worker.feedback(task)
        except Exception:
            text = traceback.format_exc()
            sys.stderr.write(text)
            if any(marker in text for marker in FATAL_MARKERS):
                conn.send(("fatal", _last_line(text), text))
                return
            result = {"student": task.get("student"), "ok": False, "invalid": False,
                      "message": f"internal error: {_last_line(text)}", "events": [],
                      "seconds": 0.0}
        conn.send(("result", kind, result))
