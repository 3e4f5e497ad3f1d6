"""``medlab-teach grade``: autograde every collected submission of an assignment.

The kit's main command dispatches ``medlab-teach grade <args>`` to :func:`main`; it also runs
as ``python -m medlab_teach.grading``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

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

_LIMIT_FLAGS = (
    ("cell_timeout", "--cell-timeout", "seconds one cell may run (default: the course's "
                                       "Execute.timeout, else 30)"),
    ("notebook_timeout", "--notebook-timeout", "seconds one notebook may run in total "
                                               "(default: max(300, 5 x cell timeout))"),
    ("cpu_seconds", "--cpu-seconds", "CPU seconds per sandbox process (default: the notebook "
                                     "budget)"),
    ("memory_mb", "--memory-mb", "address space per sandbox process, MiB (default 2048)"),
    ("max_processes", "--max-processes", "processes and threads the student code may have "
                                         "(default 64)"),
    ("file_size_mb", "--file-size-mb", "largest file the student code may write, MiB "
                                       "(default 64)"),
    ("output_chars", "--output-chars", "output kept per cell, characters (default 200000)"),
)


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
                    "sandbox, several submissions at once, a report of what needs your "
                    "attention, and class figures. An interrupted run resumes where it "
                    "stopped.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignment",
                        help="assignment name, as in nbgrader (e.g. a1_data_literacy)")
    parser.add_argument("--jobs", "-j", type=int, default=None,
                        help="submissions graded at once (default: number of CPUs, at most 4)")
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
    parser.add_argument("--sandbox-uid", type=int, default=61000, metavar="UID",
                        help="first of the unprivileged uids student code runs as, one per "
                             "worker (default 61000; pick a range no real account uses)")
    limits = parser.add_argument_group("limits for each student's code")
    for dest, flag, text in _LIMIT_FLAGS:
        limits.add_argument(flag, dest=dest, type=int, default=None, metavar="N", help=text)
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

    jobs = args.jobs if args.jobs is not None else max(1, min(4, os.cpu_count() or 1))
    if jobs < 1:
        print("medlab-teach grade: --jobs must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    if not 1000 <= args.sandbox_uid < 2**31 - jobs:
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
                         uid_base=args.sandbox_uid)
    try:
        course = resolve_course(options)
        options.limits = limits_for(course.config, **{
            dest: getattr(args, dest) for dest, _, _ in _LIMIT_FLAGS})
        result = run(options)
    except GradingConfigError as exc:
        print(f"medlab-teach grade: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(result.summary)
    if args.no_sandbox:
        print("(graded WITHOUT the sandbox)", file=sys.stderr)
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
