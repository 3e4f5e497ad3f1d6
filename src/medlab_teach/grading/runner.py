"""Grade a whole class: discover submissions, back up, grade in parallel, merge, report.

The main process owns the course gradebook and the run journal; N worker processes (see
:mod:`.worker`, :mod:`.pool`) autograde. Results are merged one at a time as they arrive, then
journaled, so an interrupted run loses nothing that was reported finished and a rerun resumes
where it stopped. :func:`run` is a sequence of named steps: check the course, plan the work,
back up, prepare a private scratch folder and the sandbox uids, grade, report.
"""

from __future__ import annotations

import datetime as dt
import glob
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import report as rpt
from .config import DEFAULT_SANDBOX_UID, Limits
from .events import Event, Kind
from .journal import Journal, fingerprint
from .pool import Pool, WorkerFailedError
from .progress import Progress
from .worker import (
    FeedbackResult,
    FeedbackTask,
    GradeResult,
    GradeTask,
    GradingSettings,
    Result,
    Task,
    load_course_config,
)

log = logging.getLogger(__name__)


class GradingConfigError(RuntimeError):
    """The run cannot start or continue (usage or configuration problem): exit code 2."""


@dataclass
class RunOptions:
    """What to grade and how (the CLI's arguments)."""

    course_root: Path
    assignment: str
    jobs: int = 2
    students: list[str] | None = None
    force: bool = False
    sandbox: bool = True
    limits: Limits | None = None
    db_url: str | None = None
    config_file: Path | None = None
    report_dir: Path | None = None
    feedback: bool = False
    figures: bool = True
    progress: str = "auto"
    uid_base: int = DEFAULT_SANDBOX_UID
    keep_scratch: bool = False
    kernels: str = "auto"


@dataclass
class RunResult:
    """What a run produced."""

    outcomes: list[rpt.Outcome]
    exit_code: int
    summary: str
    report_csv: Path | None = None
    figures: list[Path] = field(default_factory=list)
    backup: Path | None = None
    seconds: float = 0.0
    feedback_failures: list[str] = field(default_factory=list)
    sandbox_uids: list[int] = field(default_factory=list)
    kernel_modes: list[str] = field(default_factory=list)
    kernels_ahead: int = 0
    kernels_started: int = 0


@dataclass
class Course:
    """The course as nbgrader sees it, resolved once from its configuration."""

    root: Path
    config: Any
    coursedir: Any
    db_url: str
    course_id: str
    config_file: Path | None

    def folder(self, step: str, student: str, assignment: str) -> Path:
        """``<root>/<step>/<student>/<assignment>`` as the course configures it."""
        return Path(self.coursedir.format_path(step, student, assignment))

    def source(self, assignment: str) -> Path:
        """The assignment's source folder."""
        return self.folder(self.coursedir.source_directory, ".", assignment)


def resolve_course(options: RunOptions) -> Course:
    """Read the course's nbgrader configuration and apply the command-line overrides."""
    from nbgrader.coursedir import CourseDirectory

    root = options.course_root.resolve()
    if not root.is_dir():
        raise GradingConfigError(f"course folder {root} does not exist")
    config_file = options.config_file or (root / "nbgrader_config.py")
    if options.config_file and not config_file.is_file():
        raise GradingConfigError(f"config file {config_file} does not exist")
    if not config_file.is_file():
        config_file = None
    try:
        config = load_course_config(str(config_file) if config_file else None)
    except Exception as exc:
        raise GradingConfigError(f"cannot read {config_file}: {exc}") from exc
    if "root" not in config.CourseDirectory:
        config.CourseDirectory.root = str(root)
    if options.db_url:
        config.CourseDirectory.db_url = options.db_url
    coursedir = CourseDirectory(config=config)
    return Course(root=Path(coursedir.root), config=config, coursedir=coursedir,
                  db_url=coursedir.db_url, course_id=coursedir.course_id or "default_course",
                  config_file=config_file)


def limits_for(course_config: Any, **overrides: int | None) -> Limits:
    """Limits from the command line, else the course's ``Execute.timeout``, else the defaults."""
    values = {k: v for k, v in overrides.items() if v is not None}
    if "cell_timeout" not in values:
        for section in ("GuardedExecute", "Execute", "ExecutePreprocessor"):
            if section in course_config and "timeout" in course_config[section]:
                values["cell_timeout"] = int(course_config[section]["timeout"])
                break
    cell = values.get("cell_timeout", Limits.cell_timeout)
    values.setdefault("notebook_timeout", max(Limits.notebook_timeout, 5 * cell))
    values.setdefault("cpu_seconds", max(Limits.cpu_seconds, values["notebook_timeout"]))
    try:
        return Limits(**values)
    except ValueError as exc:
        raise GradingConfigError(str(exc)) from exc


def discover(course: Course, assignment: str) -> list[str]:
    """Student ids with a submitted folder for ``assignment``."""
    coursedir = course.coursedir
    pattern = coursedir.format_path(coursedir.submitted_directory, "(?P<student_id>[^/]+)",
                                    re.escape(assignment), escape=True)
    found = []
    for path in glob.glob(coursedir.format_path(coursedir.submitted_directory, "*",
                                                assignment)):
        match = re.fullmatch(pattern, path)
        if match and os.path.isdir(path) and not os.path.islink(path):
            found.append(match.group("student_id"))
    return sorted(found)


@dataclass
class _Plan:
    """The work of one run: who to grade now, and what is already known."""

    todo: list[str]
    outcomes: dict[str, rpt.Outcome]
    prints: dict[str, str]
    journal: Journal
    report_dir: Path


def check_course(course: Course, options: RunOptions) -> list[str]:
    """The gradebook, the assignment and the sandbox must be there; return the roster."""
    from nbgrader.api import Gradebook, MissingEntry

    from .gradebook import sqlite_path

    db_file = sqlite_path(course.db_url)
    if db_file is not None and not db_file.exists():
        raise GradingConfigError(f"the gradebook {db_file} does not exist; run `nbgrader "
                                 f"generate_assignment {options.assignment}` first")
    try:
        with Gradebook(course.db_url, course.course_id) as gb:
            gb.find_assignment(options.assignment)
            roster = sorted(s.id for s in gb.students)
    except MissingEntry as exc:
        raise GradingConfigError(f"assignment {options.assignment!r} is not in the gradebook "
                                 f"({course.db_url}); run `nbgrader generate_assignment "
                                 f"{options.assignment}` first") from exc
    except Exception as exc:
        raise GradingConfigError(f"cannot open the gradebook {course.db_url}: {exc}") from exc
    if options.sandbox:
        from .sandbox import check_sandbox

        problem = check_sandbox()
        if problem:
            raise GradingConfigError(f"refusing to grade: {problem}")
    return roster


def plan_work(course: Course, options: RunOptions, roster: list[str]) -> _Plan:
    """Who needs grading: new or changed submissions (all with ``--force``)."""
    assignment = options.assignment
    submitted = discover(course, assignment)
    if options.students:
        unknown = sorted(set(options.students) - set(submitted) - set(roster))
        if unknown:
            raise GradingConfigError(f"no submission and no roster entry for: "
                                     f"{', '.join(unknown)}")
        wanted = set(options.students)
        submitted = [s for s in submitted if s in wanted]
        roster = [s for s in roster if s in wanted]
    report_dir = (options.report_dir or course.root / "grading_reports" / assignment).resolve()
    journal = Journal(report_dir / "journal.jsonl")
    previous = journal.load()
    source = course.source(assignment)
    prints = {s: fingerprint(course.folder(course.coursedir.submitted_directory, s,
                                           assignment), source) for s in submitted}
    outcomes: dict[str, rpt.Outcome] = {}
    todo: list[str] = []
    for student in submitted:
        entry = previous.get(student)
        if entry and not options.force and entry.get("fingerprint") == prints[student]:
            outcomes[student] = rpt.Outcome.from_journal(entry)
        else:
            todo.append(student)
    for student in roster:
        if student not in prints:
            outcomes[student] = rpt.Outcome(student, "not_submitted",
                                            message="no submission collected")
    return _Plan(todo, outcomes, prints, journal, report_dir)


def back_up(course: Course) -> tuple[Path | None, str]:
    """A copy of a SQLite gradebook (or a note saying to back up another database)."""
    from .gradebook import backup_gradebook, sqlite_path

    backup = backup_gradebook(course.db_url, course.root / "nbgrader_backups")
    if backup is None and sqlite_path(course.db_url) is None:
        return None, ("note: the gradebook is not SQLite, so it was not backed up "
                      "automatically; back it up with your database's tools (e.g. pg_dump) "
                      "before grading.")
    return backup, ""


def worker_settings(course: Course, options: RunOptions, limits: Limits, scratch: Path,
                    report_dir: Path, jobs: int) -> GradingSettings:
    """What every worker needs: paths it must never expose, its uids, its scratch template."""
    from .gradebook import make_scratch_template, sqlite_path

    cd = course.coursedir
    forbidden = [str(course.root / p) for p in (
        cd.source_directory, cd.release_directory, cd.submitted_directory,
        cd.autograded_directory, cd.feedback_directory)]
    db_file = sqlite_path(course.db_url)
    if db_file is not None:
        forbidden.append(str(db_file))
    settings = GradingSettings(
        course_root=str(course.root), assignment=options.assignment,
        course_id=course.course_id, db_url=course.db_url,
        config_file=str(course.config_file) if course.config_file else None,
        sandbox=options.sandbox, limits=limits, scratch_root=str(scratch),
        log_dir=str(report_dir / "logs"), forbidden_paths=forbidden,
        kernels=options.kernels if options.sandbox else "cold")
    if options.sandbox:
        from .sandbox import interpreter_paths, lease_uids, matplotlib_cache

        uids = lease_uids(options.uid_base, 2 * jobs)
        settings.student_uids, settings.runner_uids = uids[0::2], uids[1::2]
        cache = matplotlib_cache()
        if cache:
            os.environ["MEDLAB_GRADING_MPL_CACHE"] = cache
        settings.python_paths = list(interpreter_paths(sys.executable))
    template = scratch / "template.db"
    make_scratch_template(course.db_url, template, options.assignment, course.course_id)
    os.chmod(template, 0o600)
    settings.scratch_template = str(template)
    return settings


def run(options: RunOptions, course: Course | None = None) -> RunResult:
    """Grade every submission of the assignment (see the module docstring)."""
    import warnings

    from sqlalchemy.exc import SAWarning

    from .gradebook import ensure_alembic_on_path

    warnings.filterwarnings("ignore", category=SAWarning)  # nbgrader's own session noise
    started = time.monotonic()
    if options.jobs < 1:
        raise GradingConfigError("--jobs must be at least 1")
    ensure_alembic_on_path()
    course = course or resolve_course(options)
    limits = options.limits or limits_for(course.config)
    roster = check_course(course, options)
    plan = plan_work(course, options, roster)
    backup, backup_note = back_up(course) if plan.todo else (None, "")
    state = _RunState(course, options, plan)
    if plan.todo or options.feedback:
        scratch = Path(tempfile.mkdtemp(prefix="medlab-grade-"))  # 0700, random name
        try:
            jobs = max(1, min(options.jobs, len(plan.todo) or 1))
            settings = worker_settings(course, options, limits, scratch, plan.report_dir, jobs)
            state.uids = settings.student_uids + settings.runner_uids
            state.grade(settings, jobs, limits)
        finally:
            if not options.keep_scratch:
                shutil.rmtree(scratch, ignore_errors=True)
    return state.finish(backup, backup_note, time.monotonic() - started)


class _RunState:
    """The run's moving parts: outcomes so far, progress, feedback failures."""

    def __init__(self, course: Course, options: RunOptions, plan: _Plan) -> None:
        self.course = course
        self.options = options
        self.plan = plan
        self.outcomes = plan.outcomes
        self.feedback_failures: list[str] = []
        self.interrupted = False
        self.uids: list[int] = []
        self.kernel_modes: set[str] = set()
        self.kernels = [0, 0]  # started ahead, started

    def grade(self, settings: GradingSettings, jobs: int, limits: Limits) -> None:
        """Grade the planned submissions, then (optionally) write feedback."""
        from nbgrader.api import Gradebook

        assignment = self.options.assignment
        with Gradebook(self.course.db_url, self.course.course_id) as gb:
            tasks: deque[Task] = deque(GradeTask(s, self.plan.prints[s], _extension(
                gb, assignment, s)) for s in self.plan.todo)
            n_notebooks = max(1, len(gb.find_assignment(assignment).notebooks))
        hard_limit = 90 + n_notebooks * (limits.notebook_timeout + 60)
        progress = Progress(len(tasks), mode=self.options.progress)
        pool = Pool(settings, jobs)
        try:
            with Gradebook(self.course.db_url, self.course.course_id) as gb:
                pool.drive(tasks, hard_limit, lambda r: self._on_graded(gb, r, progress))
            progress.close()
            if self.options.feedback:
                self._feedback(pool, hard_limit)
        except KeyboardInterrupt:
            self.interrupted = True
            progress.close()
        except WorkerFailedError as exc:
            raise GradingConfigError(f"a grading worker could not work: {exc}") from exc
        finally:
            pool.stop()

    def _feedback(self, pool: Pool, hard_limit: float) -> None:
        cd = self.course.coursedir
        graded = [o.student for o in self.outcomes.values()
                  if o.status not in ("invalid", "error", "not_submitted")
                  and self.course.folder(cd.autograded_directory, o.student,
                                         self.options.assignment).is_dir()]
        progress = Progress(len(graded), mode=self.options.progress, label="feedback")

        def on_feedback(result: Result) -> None:
            if not result.ok:
                self.feedback_failures.append(result.student)
            progress.update(result.student, "ok" if result.ok else "failed", not result.ok)

        pool.drive(deque(FeedbackTask(s) for s in graded), hard_limit, on_feedback)
        progress.close()

    def _on_graded(self, gb: Any, result: Result, progress: Progress) -> None:
        """Merge one worker result into the course gradebook, then journal it."""
        if isinstance(result, FeedbackResult):
            return
        if result.kernel_mode:
            self.kernel_modes.add(result.kernel_mode)
        self.kernels[0] += result.kernels_ahead
        self.kernels[1] += result.kernels_started
        outcome = outcome_of(gb, self.course, self.options.assignment, result)
        self.outcomes[result.student] = outcome
        if outcome.status != "error":
            self.plan.journal.append(outcome.to_journal(
                result.fingerprint, dt.datetime.now(dt.timezone.utc).isoformat()))
        progress.update(result.student, rpt.LABELS[outcome.status], outcome.needs_attention)

    def finish(self, backup: Path | None, backup_note: str, seconds: float) -> RunResult:
        """Report, figures, summary and exit code."""
        ordered = [self.outcomes[s] for s in sorted(self.outcomes)]
        csv_path = rpt.write_csv(ordered, self.plan.report_dir / "report.csv")
        files = [csv_path]
        figures: list[Path] = []
        if self.options.figures and not self.interrupted:
            figures = _figures(self.course, self.options.assignment, self.plan.report_dir)
            files += figures
        if backup is not None:
            files.append(backup)
        summary = rpt.summary_text(self.options.assignment, ordered, seconds=seconds,
                                   jobs=self.options.jobs, sandboxed=self.options.sandbox,
                                   files=files)
        if self.kernel_modes:
            summary += "\nStudent kernels: " + "; ".join(sorted(self.kernel_modes))
            log.info("student kernels: %s", "; ".join(sorted(self.kernel_modes)))
        if self.kernels[1]:
            summary += (f"\nKernels started ahead (while the grader finished the notebook "
                        f"before): {self.kernels[0]} of {self.kernels[1]}")
        if backup_note:
            summary += "\n" + backup_note
        if self.feedback_failures:
            summary += ("\nFeedback could not be generated for: "
                        + ", ".join(rpt.printable(s) for s in self.feedback_failures))
        code = rpt.exit_code(ordered)
        if self.interrupted:
            done = sum(1 for s in self.plan.todo if s in self.outcomes)
            summary += (f"\nInterrupted: {done} of {len(self.plan.todo)} submission(s) "
                        "finished and saved. Run the same command again to grade the rest.")
            code = rpt.EXIT_INTERRUPTED
        return RunResult(outcomes=ordered, exit_code=code, summary=summary,
                         report_csv=csv_path, figures=figures, backup=backup, seconds=seconds,
                         feedback_failures=self.feedback_failures, sandbox_uids=self.uids,
                         kernel_modes=sorted(self.kernel_modes),
                         kernels_ahead=self.kernels[0], kernels_started=self.kernels[1])


def _figures(course: Course, assignment: str, report_dir: Path) -> list[Path]:
    from .analytics import class_figures

    try:
        return class_figures(course.db_url, course.course_id, assignment, report_dir)
    except Exception as exc:  # figures are a convenience; never fail a run over them
        log.warning("could not draw the class figures: %s", exc)
        print(f"note: could not draw the class figures: {exc}", file=sys.stderr)
        return []


def _extension(gb: Any, assignment: str, student: str) -> float | None:
    from .gradebook import student_extension

    return student_extension(gb, assignment, student)


def outcome_of(gb: Any, course: Course, assignment: str, result: GradeResult) -> rpt.Outcome:
    """Merge a graded submission into the course gradebook; its outcome for the report."""
    from .gradebook import merge_submission, submission_summary

    student, found = result.student, list(result.events)
    if result.invalid:
        return rpt.Outcome(student, "invalid", events=found, seconds=result.seconds,
                           message=result.message)
    if not result.ok or result.payload is None:
        return rpt.Outcome(student, "error", events=found, seconds=result.seconds,
                           message=result.message)
    merge_submission(gb, course.db_url, assignment, student, result.payload,
                     config=course.config)
    summary = submission_summary(gb, assignment, student)
    if summary["late_seconds"] > 0:
        found.append(Event(Kind.LATE, "", f"submitted {summary['late_seconds']:.0f} s after "
                           f"the due date (penalty {summary['late_penalty']:g})"))
    return rpt.Outcome(student, rpt.status_from_events(found, summary["late_seconds"]),
                       score=summary["score"], max_score=summary["max_score"],
                       needs_manual=summary["needs_manual"],
                       late_seconds=summary["late_seconds"], events=found,
                       seconds=result.seconds)
