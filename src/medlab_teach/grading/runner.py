"""Grade a whole class: discover submissions, back up, grade in parallel, merge, report.

The main process owns the course gradebook and the run journal; N worker processes (see
:mod:`.worker`) autograde. Results are merged one at a time as they arrive, then journaled, so
an interrupted run loses nothing that was reported finished and a rerun resumes where it
stopped. A worker that crashes, or a submission that overruns its hard limit, costs that one
submission (reported as ``error``) and the worker is replaced.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing as mp
import os
import re
import shutil
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from . import report as rpt
from .config import Limits
from .journal import Journal, fingerprint
from .progress import Progress
from .worker import GradingSettings, load_course_config, worker_main


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
    uid_base: int = 61000
    keep_scratch: bool = False


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


@dataclass
class _Course:
    root: Path
    config: Any
    coursedir: Any
    db_url: str
    course_id: str
    config_file: Path | None


def resolve_course(options: RunOptions) -> _Course:
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
    return _Course(root=Path(coursedir.root), config=config, coursedir=coursedir,
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


def discover(course: _Course, assignment: str) -> list[str]:
    """Student ids with a submitted folder for ``assignment``."""
    coursedir = course.coursedir
    pattern = coursedir.format_path(coursedir.submitted_directory, "(?P<student_id>[^/]+)",
                                    re.escape(assignment), escape=True)
    found = []
    import glob

    for path in glob.glob(coursedir.format_path(coursedir.submitted_directory, "*",
                                                assignment)):
        match = re.fullmatch(pattern, path)
        if match and os.path.isdir(path):
            found.append(match.group("student_id"))
    return sorted(found)


class _Pool:
    """Worker processes with their pipes; replaces any that die."""

    def __init__(self, settings: GradingSettings, size: int) -> None:
        self.settings = settings
        # fork: the workers start with nbgrader already imported (seconds saved per worker).
        # The main process has no threads and no open database connection at this point.
        self.ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        self.workers: dict[int, dict[str, Any]] = {}
        for slot in range(size):
            self._spawn(slot)

    def _spawn(self, slot: int) -> None:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=worker_main, args=(child, self.settings, slot),
                                daemon=True, name=f"medlab-grade-{slot}")
        proc.start()
        child.close()
        self.workers[slot] = {"proc": proc, "conn": parent, "ready": False, "task": None,
                              "kind": None, "started": 0.0}

    def respawn(self, slot: int) -> None:
        """Kill a worker (and with it its sandbox) and start a fresh one in the same slot."""
        self.kill(slot)
        self._spawn(slot)

    def kill(self, slot: int) -> None:
        """Stop one worker at once."""
        info = self.workers[slot]
        if info["proc"].is_alive():
            info["proc"].kill()
        info["proc"].join(5)
        info["conn"].close()

    def stop(self) -> None:
        """Ask every worker to finish, then make sure they have."""
        for info in self.workers.values():
            with contextlib.suppress(OSError):
                info["conn"].send(("stop", None))
        deadline = time.monotonic() + 10
        for info in self.workers.values():
            info["proc"].join(max(0.1, deadline - time.monotonic()))
            if info["proc"].is_alive():
                info["proc"].kill()
                info["proc"].join(5)


def run(options: RunOptions) -> RunResult:
    """Grade every submission of the assignment (see the module docstring)."""
    import warnings

    from nbgrader.api import Gradebook, MissingEntry
    from sqlalchemy.exc import SAWarning

    from .gradebook import backup_gradebook, ensure_alembic_on_path, sqlite_path

    warnings.filterwarnings("ignore", category=SAWarning)  # nbgrader's own session noise
    started = time.monotonic()
    if options.jobs < 1:
        raise GradingConfigError("--jobs must be at least 1")
    ensure_alembic_on_path()
    course = resolve_course(options)
    limits = options.limits or limits_for(course.config)
    assignment = options.assignment
    db_file = sqlite_path(course.db_url)
    if db_file is not None and not db_file.exists():
        raise GradingConfigError(f"the gradebook {db_file} does not exist; run `nbgrader "
                                 f"generate_assignment {assignment}` first")
    try:
        with Gradebook(course.db_url, course.course_id) as gb:
            gb.find_assignment(assignment)
            roster = sorted(s.id for s in gb.students)
    except MissingEntry as exc:
        raise GradingConfigError(f"assignment {assignment!r} is not in the gradebook "
                                 f"({course.db_url}); run `nbgrader generate_assignment "
                                 f"{assignment}` first") from exc
    except Exception as exc:
        raise GradingConfigError(f"cannot open the gradebook {course.db_url}: {exc}") from exc
    if options.sandbox:
        from .sandbox import check_sandbox

        problem = check_sandbox()
        if problem:
            raise GradingConfigError(f"refusing to grade: {problem}")

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
    source = Path(course.coursedir.format_path(course.coursedir.source_directory, ".",
                                               assignment))
    prints = {s: fingerprint(Path(course.coursedir.format_path(
        course.coursedir.submitted_directory, s, assignment)), source) for s in submitted}
    outcomes: dict[str, rpt.Outcome] = {}
    todo: list[str] = []
    for student in submitted:
        entry = previous.get(student)
        if entry and not options.force and entry.get("fingerprint") == prints[student]:
            outcomes[student] = _outcome_from_entry(entry)
        else:
            todo.append(student)
    for student in roster:
        if student not in prints:
            outcomes[student] = rpt.Outcome(student, "not_submitted",
                                            message="no submission collected")

    backup = None
    backup_note = ""
    if todo:
        backup = backup_gradebook(course.db_url, course.root / "nbgrader_backups")
        if backup is None and db_file is None:
            backup_note = ("note: the gradebook is not SQLite, so it was not backed up "
                           "automatically; back it up with your database's tools (e.g. "
                           "pg_dump) before grading.")

    scratch = Path(tempfile.mkdtemp(prefix="medlab-grade-"))
    os.chmod(scratch, 0o711)
    forbidden = [str(course.root / p) for p in (
        course.coursedir.source_directory, course.coursedir.release_directory,
        course.coursedir.submitted_directory, course.coursedir.autograded_directory,
        course.coursedir.feedback_directory)]
    if db_file is not None:
        forbidden.append(str(db_file))
    settings = GradingSettings(
        course_root=str(course.root), assignment=assignment, course_id=course.course_id,
        db_url=course.db_url, config_file=str(course.config_file) if course.config_file else None,
        sandbox=options.sandbox, limits=limits, scratch_root=str(scratch),
        log_dir=str(report_dir / "logs"), uid_base=options.uid_base, forbidden_paths=forbidden)
    feedback_failures: list[str] = []
    interrupted = False
    try:
        if todo and options.sandbox:
            from .sandbox import interpreter_paths, matplotlib_cache

            cache = matplotlib_cache()
            if cache:
                os.environ["MEDLAB_GRADING_MPL_CACHE"] = cache

            settings.python_paths = list(interpreter_paths(sys.executable))
        if todo:
            from .gradebook import make_scratch_template

            template = scratch / "template.db"
            make_scratch_template(course.db_url, template, assignment, course.course_id)
            settings.scratch_template = str(template)
        with Gradebook(course.db_url, course.course_id) as gb:
            tasks = [{"student": s, "fingerprint": prints[s],
                      "extension": _extension(gb, assignment, s)} for s in todo]
            n_notebooks = max(1, len(gb.find_assignment(assignment).notebooks))
        hard_limit = 90 + n_notebooks * (limits.notebook_timeout + 60)
        jobs = max(1, min(options.jobs, len(todo)))
        progress = Progress(len(todo), mode=options.progress)
        if todo:
            try:
                _grade_all(tasks, settings, jobs, hard_limit, course, assignment, journal,
                           outcomes, progress, options, feedback_failures)
            except KeyboardInterrupt:
                interrupted = True
            finally:
                progress.close()
        elif options.feedback:
            _grade_all([], settings, 1, hard_limit, course, assignment, journal, outcomes,
                       progress, options, feedback_failures)
    finally:
        if not options.keep_scratch:
            shutil.rmtree(scratch, ignore_errors=True)

    ordered = [outcomes[s] for s in sorted(outcomes)]
    files: list[Path] = []
    csv_path = rpt.write_csv(ordered, report_dir / "report.csv")
    files.append(csv_path)
    figures: list[Path] = []
    if options.figures and not interrupted:
        from .analytics import class_figures

        try:
            figures = class_figures(course.db_url, course.course_id, assignment, report_dir)
        except Exception as exc:  # figures are a convenience; never fail a run over them
            print(f"note: could not draw the class figures: {exc}", file=sys.stderr)
        files += figures
    if backup is not None:
        files.append(backup)
    seconds = time.monotonic() - started
    summary = rpt.summary_text(assignment, ordered, seconds=seconds, jobs=options.jobs,
                               sandboxed=options.sandbox, files=files)
    if backup_note:
        summary += "\n" + backup_note
    if feedback_failures:
        summary += "\nFeedback could not be generated for: " + ", ".join(feedback_failures)
    code = rpt.exit_code(ordered)
    if interrupted:
        done = sum(1 for s in todo if s in outcomes)
        summary += (f"\nInterrupted: {done} of {len(todo)} submission(s) finished and saved. "
                    "Run the same command again to grade the rest.")
        code = rpt.EXIT_INTERRUPTED
    return RunResult(outcomes=ordered, exit_code=code, summary=summary, report_csv=csv_path,
                     figures=figures, backup=backup, seconds=seconds,
                     feedback_failures=feedback_failures)


def _extension(gb: Any, assignment: str, student: str) -> float | None:
    from .gradebook import student_extension

    return student_extension(gb, assignment, student)


def _outcome_from_entry(entry: dict[str, Any]) -> rpt.Outcome:
    return rpt.Outcome(
        student=entry["student"], status=entry.get("status", "graded"),
        score=entry.get("score"), max_score=entry.get("max_score"),
        needs_manual=int(entry.get("needs_manual", 0)),
        late_seconds=float(entry.get("late_seconds", 0)), events=entry.get("events", []),
        seconds=float(entry.get("seconds", 0)), resumed=True, message=entry.get("message", ""))


def _grade_all(tasks: list[dict[str, Any]], settings: GradingSettings, jobs: int,
               hard_limit: float, course: _Course, assignment: str, journal: Journal,
               outcomes: dict[str, rpt.Outcome], progress: Progress, options: RunOptions,
               feedback_failures: list[str]) -> None:
    """Drive the pool: grading first, then (optionally) feedback for what was graded."""
    from nbgrader.api import Gradebook

    pool = _Pool(settings, jobs)
    try:
        with Gradebook(course.db_url, course.course_id) as gb:
            queue = deque(("grade", t) for t in tasks)
            _drive(pool, queue, hard_limit, lambda kind, res: _on_graded(
                gb, course, assignment, journal, outcomes, progress, res), outcomes, progress)
        if options.feedback:
            coursedir = course.coursedir
            graded = [o.student for o in outcomes.values()
                      if o.status not in ("invalid", "error", "not_submitted")
                      and os.path.isdir(coursedir.format_path(
                          coursedir.autograded_directory, o.student, assignment))]
            fb_progress = Progress(len(graded), mode=options.progress, label="feedback")
            queue = deque(("feedback", {"student": s}) for s in graded)

            def on_feedback(kind: str, res: dict[str, Any]) -> None:
                if not res.get("ok"):
                    feedback_failures.append(res.get("student", "?"))
                fb_progress.update(res.get("student", "?"), "ok" if res.get("ok") else
                                   "failed", not res.get("ok"))

            _drive(pool, queue, hard_limit, on_feedback, None, fb_progress)
            fb_progress.close()
    finally:
        pool.stop()


def _drive(pool: _Pool, queue: deque, hard_limit: float, on_result: Any,
           outcomes: dict[str, rpt.Outcome] | None, progress: Progress) -> None:
    """Hand tasks to idle workers until the queue is empty and every worker is idle."""
    while queue or any(w["task"] is not None for w in pool.workers.values()):
        for info in pool.workers.values():
            if info["ready"] and info["task"] is None and queue:
                kind, task = queue.popleft()
                info["conn"].send((kind, task))
                info.update(task=task, kind=kind, started=time.monotonic())
        waitables: dict[Any, int] = {}
        for slot, info in pool.workers.items():
            waitables[info["conn"]] = slot
            waitables[info["proc"].sentinel] = slot
        for ready in wait(list(waitables), timeout=1.0):
            slot = waitables[ready]
            info = pool.workers[slot]
            if ready is info["proc"].sentinel or not _has_message(info["conn"]):
                if not info["proc"].is_alive():
                    _worker_lost(pool, slot, "the grading worker stopped unexpectedly",
                                 on_result, outcomes, progress)
                continue
            try:
                message = info["conn"].recv()
            except (EOFError, OSError):
                _worker_lost(pool, slot, "the grading worker stopped unexpectedly", on_result,
                             outcomes, progress)
                continue
            if message[0] == "ready":
                info["ready"] = True
            elif message[0] == "fatal":
                raise GradingConfigError(f"a grading worker could not work: {message[1]}")
            elif message[0] == "result":
                kind = message[1]
                info.update(task=None, kind=None)
                on_result(kind, message[2])
        now = time.monotonic()
        for slot, info in list(pool.workers.items()):
            if info["task"] is not None and now - info["started"] > hard_limit:
                _worker_lost(pool, slot, f"grading took longer than the hard limit of "
                             f"{hard_limit:.0f} s; the worker was stopped", on_result, outcomes,
                             progress)


def _has_message(conn: Any) -> bool:
    try:
        return conn.poll()
    except (EOFError, OSError):
        return False


def _worker_lost(pool: _Pool, slot: int, reason: str, on_result: Any,
                 outcomes: dict[str, rpt.Outcome] | None, progress: Progress) -> None:
    info = pool.workers[slot]
    task, kind = info["task"], info["kind"]
    pool.respawn(slot)
    if task is None:
        return
    if kind == "grade" and outcomes is not None:
        student = task["student"]
        outcomes[student] = rpt.Outcome(student, "error", message=reason)
        progress.update(student, "error", True)
    else:
        on_result(kind, {"student": task.get("student"), "ok": False, "message": reason})


def _on_graded(gb: Any, course: _Course, assignment: str, journal: Journal,
               outcomes: dict[str, rpt.Outcome], progress: Progress,
               result: dict[str, Any]) -> None:
    """Merge one worker result into the course gradebook, then journal it."""
    from .gradebook import merge_submission, submission_summary

    student = result["student"]
    events = result.get("events", [])
    seconds = float(result.get("seconds", 0.0))
    if result.get("ok"):
        merge_submission(gb, course.db_url, assignment, student, result["payload"],
                         config=course.config)
        summary = submission_summary(gb, assignment, student)
        status = rpt.status_from_events(events, summary["late_seconds"])
        outcome = rpt.Outcome(student, status, score=summary["score"],
                              max_score=summary["max_score"],
                              needs_manual=summary["needs_manual"],
                              late_seconds=summary["late_seconds"], events=events,
                              seconds=seconds)
        if summary["late_seconds"] > 0:
            outcome.events = [*events, {"kind": "late", "notebook": "", "cell": "",
                                        "message": f"submitted {summary['late_seconds']:.0f} s "
                                        f"after the due date (penalty "
                                        f"{summary['late_penalty']:g})", "extra": {}}]
    elif result.get("invalid"):
        outcome = rpt.Outcome(student, "invalid", events=events, seconds=seconds,
                              message=result.get("message", ""))
    else:
        outcome = rpt.Outcome(student, "error", events=events, seconds=seconds,
                              message=result.get("message", ""))
    outcomes[student] = outcome
    if outcome.status != "error":
        journal.append({"student": student, "fingerprint": result.get("fingerprint"),
                        "status": outcome.status, "score": outcome.score,
                        "max_score": outcome.max_score, "needs_manual": outcome.needs_manual,
                        "late_seconds": outcome.late_seconds, "events": outcome.events,
                        "message": outcome.message, "seconds": seconds,
                        "finished": dt.datetime.now(dt.timezone.utc).isoformat()})
    progress.update(student, rpt.LABELS[outcome.status], outcome.needs_attention)
