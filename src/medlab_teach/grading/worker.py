"""A grading worker: one long-lived process that autogrades many submissions through nbgrader's API.

``nbgrader autograde`` pays about two seconds of application start-up per call; a worker pays
it once, then grades submission after submission with ``NbGraderAPI.autograde`` into its own
scratch gradebook, and hands the results (plain data) back to the main process, which is the
only writer of the course gradebook. Messages both ways are the dataclasses below. The
worker's stderr goes to a log file so nbgrader's messages never garble the progress bar.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import DEFAULT_SANDBOX_UID, Limits
from .events import Event, Kind
from .warm import kernel_mode

log = logging.getLogger(__name__)


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
    student_uids: list[int] = field(default_factory=list)
    runner_uids: list[int] = field(default_factory=list)
    forbidden_paths: list[str] = field(default_factory=list)
    readonly_paths: list[str] = field(default_factory=list)
    python_paths: list[str] = field(default_factory=list)
    scratch_template: str = ""
    kernels: str = "auto"


# -- messages between the main process and a worker ----------------------------------------------
@dataclass
class GradeTask:
    """Autograde one submission."""

    student: str
    fingerprint: str = ""
    extension: float | None = None


@dataclass
class FeedbackTask:
    """Generate feedback for one graded submission."""

    student: str


@dataclass
class Stop:
    """Finish and exit."""


@dataclass
class Ready:
    """The worker has started and waits for tasks."""

    slot: int


@dataclass
class GradeResult:
    """What grading one submission produced (``payload``: the scratch gradebook's grades)."""

    student: str
    fingerprint: str = ""
    ok: bool = False
    invalid: bool = False
    message: str = ""
    events: list[Event] = field(default_factory=list)
    seconds: float = 0.0
    payload: dict[str, Any] | None = None
    kernel_mode: str = ""
    kernels_ahead: int = 0
    kernels_started: int = 0


@dataclass
class FeedbackResult:
    """Whether feedback was written for one student."""

    student: str
    ok: bool
    message: str = ""


@dataclass
class WorkerFatal:
    """The worker cannot grade at all (no sandbox, refused bind...): the run must stop."""

    message: str
    detail: str = ""


Task = GradeTask | FeedbackTask
Result = GradeResult | FeedbackResult


def load_course_config(config_file: str | None) -> Any:
    """The course's nbgrader_config.py as a traitlets Config (empty if there is none)."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    if not config_file:
        return Config()
    path = Path(config_file)
    return PyFileConfigLoader(path.name, path=str(path.parent)).load_config()


def build_config(settings: GradingSettings, *, db_url: str, slot: int,
                 scratch: Path | None = None) -> Any:
    """Course config + the kit's grading config + the worker's own gradebook and uids."""
    from .config import grading_config

    scratch = scratch or Path(settings.scratch_root)
    student_uid = settings.student_uids[slot] if settings.student_uids else 0
    runner_uid = settings.runner_uids[slot] if settings.runner_uids else 0
    config = load_course_config(settings.config_file)
    config.merge(grading_config(
        sandbox=settings.sandbox, limits=settings.limits,
        sandbox_uid=student_uid or DEFAULT_SANDBOX_UID, runner_uid=runner_uid,
        lease_uid=not student_uid,
        forbidden_paths=settings.forbidden_paths, readonly_paths=settings.readonly_paths,
        python_paths=settings.python_paths, scratch_root=str(scratch / "kernels"),
        kernels=settings.kernels))
    config.CourseDirectory.root = settings.course_root
    config.CourseDirectory.course_id = settings.course_id
    config.CourseDirectory.db_url = db_url
    config.NbGraderAPI.log_level = "INFO"
    return config


def private_scratch(settings: GradingSettings) -> tuple[Path, str]:
    """(a worker's own folder, its scratch gradebook URL): random names, 0700 and 0600."""
    from .gradebook import clone_assignment

    folder = Path(tempfile.mkdtemp(prefix="w", dir=settings.scratch_root))
    (folder / "kernels").mkdir(mode=0o700)
    fd, name = tempfile.mkstemp(prefix="gradebook-", suffix=".db", dir=folder)
    os.close(fd)
    url = f"sqlite:///{name}"
    if settings.scratch_template and os.path.exists(settings.scratch_template):
        shutil.copyfile(settings.scratch_template, name)
    else:
        os.unlink(name)
        clone_assignment(settings.db_url, url, settings.assignment, settings.course_id)
    os.chmod(name, 0o600)
    return folder, url


class Worker:
    """Grades submissions one after another in this process."""

    def __init__(self, settings: GradingSettings, slot: int) -> None:
        from nbgrader.apps.api import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        from .gradebook import ensure_alembic_on_path

        ensure_alembic_on_path()
        self.settings = settings
        self.slot = slot
        self.scratch, self.scratch_url = private_scratch(settings)
        self.staging = self.scratch / "submitted"
        self.config = build_config(settings, db_url=self.scratch_url, slot=slot,
                                   scratch=self.scratch)
        self.collected = CourseDirectory(config=self.config.copy())
        # nbgrader reads the private staged copy, never the submission itself.
        self.config.CourseDirectory.submitted_directory = str(self.staging)
        self.coursedir = CourseDirectory(config=self.config)
        self.api = NbGraderAPI(coursedir=self.coursedir, config=self.config)
        self._feedback_api: Any = None
        self.notebooks = self._expected_notebooks()

    def _expected_notebooks(self) -> list[str]:
        from nbgrader.api import Gradebook

        with Gradebook(self.scratch_url, self.settings.course_id) as gb:
            return sorted(nb.name for nb in gb.find_assignment(self.settings.assignment).notebooks)

    def _submitted_folder(self, student: str) -> Path:
        """The student's submission as collected (read only through :func:`.staging.stage`)."""
        return Path(self.collected.format_path(self.collected.submitted_directory, student,
                                               self.settings.assignment))

    def check_notebooks(self, folder: Path) -> tuple[list[Event], str]:
        """Missing or renamed notebooks (events) and the first unreadable one (message)."""
        import nbformat

        found_events: list[Event] = []
        found = {p.stem for p in folder.glob("*.ipynb")}
        for name in self.notebooks:
            path = folder / f"{name}.ipynb"
            if not path.is_file():
                others = sorted(found - set(self.notebooks))
                hint = f" (found {', '.join(o + '.ipynb' for o in others)})" if others else ""
                found_events.append(Event(Kind.NOTEBOOK_MISSING, name, f"{name}.ipynb is "
                                          f"missing from the submission{hint}; nbgrader "
                                          "scores it 0"))
                continue
            try:
                nbformat.read(str(path), as_version=4)
            except Exception as exc:  # any unreadable notebook stops this submission
                first = str(exc).splitlines()[0][:200] if str(exc) else ""
                message = (f"{name}.ipynb cannot be read as a notebook: "
                           f"{type(exc).__name__}: {first}")
                found_events.append(Event(Kind.INVALID_NOTEBOOK, name, message))
                return found_events, message
        return found_events, ""

    def grade(self, task: GradeTask) -> GradeResult | WorkerFatal:
        """Autograde one submission into the scratch gradebook; return its results."""
        from . import events, execute, spare
        from .gradebook import extract_submission, prepare_student, zero_submission
        from .staging import stage

        start = time.monotonic()
        events.drain()
        result = GradeResult(student=task.student, fingerprint=task.fingerprint)
        folder = self.staging / task.student / self.settings.assignment
        staged = stage(str(self._submitted_folder(task.student)), str(folder), self.notebooks)
        found, invalid = self.check_notebooks(folder)
        result.events = staged.events + found
        if invalid:
            result.invalid, result.message = True, invalid
        elif not any((folder / f"{n}.ipynb").is_file() for n in self.notebooks):
            zero_submission(self.scratch_url, self.settings.assignment, task.student,
                            self.settings.course_id,
                            self.coursedir.get_existing_timestamp(str(folder)))
            result.ok = True
        else:
            prepare_student(self.scratch_url, self.settings.assignment, task.student,
                            self.settings.course_id, task.extension)
            outcome = self.api.autograde(self.settings.assignment, task.student, force=True,
                                         create=True)
            self._write_log(task.student, outcome.get("log", "") + outcome.get("error", ""))
            fatal = execute.take_fatal()
            if fatal:
                return WorkerFatal(fatal)
            result.ok = bool(outcome.get("success"))
            if not result.ok:
                result.message = ("nbgrader could not autograde this submission: "
                                  f"{_last_line(outcome.get('error', ''))} (see the log)")
        result.events += events.drain()
        if result.ok:
            result.payload = extract_submission(self.scratch_url, self.settings.assignment,
                                                task.student, self.settings.course_id)
        result.seconds = time.monotonic() - start
        result.kernel_mode = kernel_mode()
        result.kernels_ahead, result.kernels_started = spare.pop_counts()
        return result

    def feedback(self, task: FeedbackTask) -> FeedbackResult:
        """Generate leak-free feedback for one graded submission from the course gradebook."""
        from nbgrader.apps.api import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        if self._feedback_api is None:
            config = build_config(self.settings, db_url=self.settings.db_url, slot=self.slot,
                                  scratch=self.scratch)
            self._feedback_api = NbGraderAPI(coursedir=CourseDirectory(config=config),
                                             config=config)
        outcome = self._feedback_api.generate_feedback(self.settings.assignment, task.student,
                                                       force=True)
        if not outcome.get("success"):
            self._write_log(task.student + "-feedback", outcome.get("log", "") + outcome.get(
                "error", ""))
        return FeedbackResult(task.student, bool(outcome.get("success")),
                              _last_line(outcome.get("error", "")))

    def _write_log(self, name: str, text: str) -> None:
        if not text:
            return
        folder = Path(self.settings.log_dir)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.log").write_text(text, encoding="utf-8")

    def close(self) -> None:
        """Stop this worker's test runner and remove its scratch folder."""
        from .spare import close_spares
        from .testrunner import close_all
        from .warm import close_zygotes

        close_spares()
        close_all()
        close_zygotes()
        shutil.rmtree(self.scratch, ignore_errors=True)


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip()[:300] if lines else "unknown error"


def _redirect_stderr(log_dir: str, slot: int) -> None:
    folder = Path(log_dir)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / f"worker-{slot}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(fd, 2)
    os.close(fd)
    sys.stderr = open(2, "w", buffering=1, closefd=False)  # noqa: SIM115
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, force=True)


def worker_main(conn: Any, settings: GradingSettings, slot: int) -> None:
    """Entry point of a worker process: serve tasks until :class:`Stop`."""
    import warnings

    from sqlalchemy.exc import SAWarning

    _redirect_stderr(settings.log_dir, slot)
    warnings.filterwarnings("ignore", category=SAWarning)
    try:
        worker = Worker(settings, slot)
    except Exception as exc:
        conn.send(WorkerFatal(f"{type(exc).__name__}: {exc}", traceback.format_exc()))
        return
    conn.send(Ready(slot))
    try:
        _serve(conn, worker)
    finally:
        worker.close()


def _serve(conn: Any, worker: Worker) -> None:
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if isinstance(task, Stop):
            return
        try:
            result: Result | WorkerFatal = (worker.grade(task) if isinstance(task, GradeTask)
                                            else worker.feedback(task))
        except Exception as exc:
            log.exception("grading %s failed", task.student)
            result = (GradeResult(task.student, message=f"internal error: "
                                  f"{type(exc).__name__}: {exc}")
                      if isinstance(task, GradeTask) else
                      FeedbackResult(task.student, False, f"{type(exc).__name__}: {exc}"))
        conn.send(result)
        if isinstance(result, WorkerFatal):
            return
