"""``medlab-teach grade``: autograde every collected submission of an assignment.

The kit's main command dispatches ``medlab-teach grade <args>`` to :func:`main`; it also runs
as ``python -m medlab_teach.grading``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .config import DEFAULT_SANDBOX_UID

EPILOG = """\
exit codes:
  0    every submission was graded and nothing needs your attention
       (late submissions and students who submitted nothing do not count)
  1    grading finished, but at least one submission needs your attention:
       error, invalid, kernel died, timed out, tampered or missing (see the summary
       and report.csv)
  2    usage or configuration problem: nothing was graded (bad arguments, unknown
       assignment, unreadable gradebook, bubblewrap missing without --no-sandbox)
  130  interrupted (Ctrl-C): finished submissions are saved; run the same command
       again to resume

files (under <course>/grading_reports/<assignment>/ unless --report-dir):
  report.csv               one row per student: status, score, flags, details
  scores_by_question.png   class figure: points per graded cell
  test_failure_rate.png    class figure: how often each test fails
  journal.jsonl            finished submissions, used to resume
  logs/                    nbgrader's log for each submission
and <course>/nbgrader_backups/gradebook-<time>.db, a copy of a SQLite gradebook taken
before grading.

examples:
  medlab-teach grade a1_data_literacy
  medlab-teach grade a1_data_literacy --jobs 4 --feedback
  medlab-teach grade a1_data_literacy --student ana --force --cell-timeout 60
"""

_LIMIT_FLAGS = ("cell_timeout", "notebook_timeout", "cpu_seconds", "memory_mb",
                "max_processes", "file_size_mb", "output_chars")
MIB_PER_JOB = 220  # measured: one worker with its kernel and test runner


def _limit_help(dest: str) -> str:
    """Help for a limit flag, with the default read from :class:`.config.Limits`."""
    from .config import LIMIT_HELP, Limits

    default = getattr(Limits(), dest)
    if dest == "cell_timeout":
        return f"{LIMIT_HELP[dest]} (default: the course's Execute.timeout, else {default})"
    if dest == "notebook_timeout":
        return f"{LIMIT_HELP[dest]} (default: max({default}, 5 x cell timeout))"
    if dest == "cpu_seconds":
        return f"{LIMIT_HELP[dest]} (default: the notebook budget, at least {default})"
    grouped = f"{default:,}".replace(",", " ")
    return f"{LIMIT_HELP[dest]} (default {grouped})"


def default_jobs(cpus: int | None = None, available_mib: int | None = None) -> int:
    """One job per CPU, as many as memory allows (about 220 MiB each), at least one."""
    if cpus is None:
        cpus = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                else os.cpu_count() or 1)
    if available_mib is None:
        available_mib = _available_mib()
    if available_mib is None:
        return max(1, cpus)
    return max(1, min(cpus, available_mib // MIB_PER_JOB))


def _available_mib() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError):
        return None
    return None


def find_course_root(start: Path) -> Path:
    """The nearest folder from ``start`` upwards holding nbgrader_config.py (else ``start``)."""
    for folder in (start, *start.parents):
        if (folder / "nbgrader_config.py").is_file():
            return folder
    return start


def build_parser() -> argparse.ArgumentParser:
    """The ``medlab-teach grade`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="medlab-teach grade",
        description="Autograde every collected submission of ASSIGNMENT with nbgrader: "
                    "pre-flight checks and repairs, each student's code in an isolated "
                    "sandbox and its tests in a separate test runner that never runs student "
                    "code, several submissions at once, a report of what needs your "
                    "attention, and class figures. An interrupted run resumes where it "
                    "stopped.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignment",
                        help="assignment name, as in nbgrader (e.g. a1_data_literacy)")
    parser.add_argument("--jobs", "-j", type=int, default=None,
                        help="submissions graded at once (default: one per CPU, as many as "
                             f"memory allows at about {MIB_PER_JOB} MiB each)")
    parser.add_argument("--student", action="append", dest="students", metavar="ID",
                        help="grade only this student (repeatable)")
    parser.add_argument("--force", action="store_true",
                        help="regrade submissions already graded by an earlier run")
    parser.add_argument("--feedback", action="store_true",
                        help="also generate feedback (hidden tests removed) for each graded "
                             "submission")
    parser.add_argument("--course-root", type=Path, default=None,
                        help="course folder holding nbgrader_config.py (default: the current "
                             "folder or the nearest folder above it that has one)")
    parser.add_argument("--config", type=Path, default=None,
                        help="nbgrader config file (default: <course-root>/nbgrader_config.py)")
    parser.add_argument("--db", default=None, metavar="URL",
                        help="gradebook URL, overriding the config (e.g. "
                             "postgresql://user@host/db)")
    parser.add_argument("--report-dir", type=Path, default=None,
                        help="where report, figures, journal and logs go")
    parser.add_argument("--no-figures", action="store_true", help="skip the class figures")
    parser.add_argument("--progress", choices=("auto", "bar", "plain", "none"), default="auto",
                        help="progress display on stderr (default: a bar on a terminal, "
                             "plain lines otherwise)")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="UNSAFE: run student code as yourself, without isolation")
    parser.add_argument("--sandbox-uid", type=int, default=DEFAULT_SANDBOX_UID, metavar="UID",
                        help="where the unprivileged uids student code and tests run as start "
                             "(two per worker, each leased by one run at a time; default "
                             f"{DEFAULT_SANDBOX_UID}; pick a range no real account uses)")
    parser.add_argument("--kernels", choices=("auto", "warm", "cold"), default="auto",
                        help="warm: fork each student's kernel, already sandboxed, from a "
                             "process that imported pandas, numpy and matplotlib once (much "
                             "faster); cold: start every kernel from scratch; auto (default): "
                             "warm when this machine allows it, else cold (the report says "
                             "which)")
    limits = parser.add_argument_group("limits for each student's code")
    for dest in _LIMIT_FLAGS:
        limits.add_argument("--" + dest.replace("_", "-"), dest=dest, type=int, default=None,
                            metavar="N", help=_limit_help(dest))
    return parser


NO_SANDBOX_WARNING = """\
************************************************************************************
WARNING: --no-sandbox. Student code will run as YOUR user, with YOUR files, the
gradebook, the solutions and the network within reach. Use this only for code you
trust (for instance your own solutions).
************************************************************************************"""


def main(argv: list[str] | None = None) -> int:
    """Run ``medlab-teach grade``; return the exit code (see ``--help``)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else 2
    from .report import EXIT_USAGE
    from .runner import GradingConfigError, RunOptions, limits_for, resolve_course, run

    jobs = args.jobs if args.jobs is not None else default_jobs()
    if jobs < 1:
        print("medlab-teach grade: --jobs must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    if not 1000 <= args.sandbox_uid < 2**31 - 200_000:
        print("medlab-teach grade: --sandbox-uid must be an unprivileged uid (1000 or more)",
              file=sys.stderr)
        return EXIT_USAGE
    if args.no_sandbox:
        print(NO_SANDBOX_WARNING, file=sys.stderr)
    root = args.course_root or find_course_root(Path.cwd())
    options = RunOptions(course_root=root, assignment=args.assignment, jobs=jobs,
                         students=args.students, force=args.force,
                         sandbox=not args.no_sandbox, db_url=args.db, config_file=args.config,
                         report_dir=args.report_dir, feedback=args.feedback,
                         figures=not args.no_figures, progress=args.progress,
                         uid_base=args.sandbox_uid, kernels=args.kernels)
    try:
        course = resolve_course(options)
        options.limits = limits_for(course.config, **{
            dest: getattr(args, dest) for dest in _LIMIT_FLAGS})
        result = run(options, course)
    except GradingConfigError as exc:
        print(f"medlab-teach grade: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(result.summary)
    if args.no_sandbox:
        print("(graded WITHOUT the sandbox)", file=sys.stderr)
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
