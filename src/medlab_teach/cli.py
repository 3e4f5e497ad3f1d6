"""The ``medlab-teach`` command: open the lessons, validate the kit, grade a class."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from medlab_teach.i18n import _
from medlab_teach.kit_root import find_root

DESCRIPTION = """\
medlab-teach: a Jupyter teaching kit on the Medellín model of integral local security
management (Modelo Integral de Gestión Local de la Seguridad y la Convivencia).

commands:
  lab       open JupyterLab on your own copies of the lessons (made in my-work/ on first use)
  update    bring new or changed lessons into my-work/, never overwriting ones you edited
  progress  show which self-checks you have passed, lesson by lesson
  check     validate notebooks and assignments; exit 1 with a list of problems
  grade     autograde every collected submission of an assignment (instructors)
  hub       set up courses on a JupyterHub server (administrators; see docs/jupyterhub.md)

Run 'medlab-teach COMMAND --help' for a command's options.
"""


def lab_command(root: Path, *, port: int | None, no_browser: bool, ip: str,
                extra: list[str], workspace: Path | None = None,
                language: str = "en") -> list[str]:
    """The JupyterLab command line for the kit (separate so tests can inspect it).

    With a workspace, JupyterLab opens the learner's own copy of lesson 00 there, in the
    edition of ``language`` (``lessons/es/``, ``lessons/en/``), with JupyterLab's menus in it.
    """
    folder = workspace if workspace is not None else root / "lessons"
    # A workspace outside the kit's folder is served from itself (Jupyter serves one tree).
    served = root if folder.resolve().is_relative_to(root.resolve()) else folder
    edition = folder / language if (folder / language).is_dir() else folder
    first_lesson = sorted(edition.glob("00_*.ipynb"))
    from medlab_teach.lab_keyboard import lab_arguments

    # the notebook's single-key shortcuts stop at the widgets; the menus speak the language
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={served}", f"--ip={ip}",
           *lab_arguments(language)]
    if first_lesson:
        url_path = first_lesson[0].resolve().relative_to(served.resolve()).as_posix()
        cmd.append(f"--LabApp.default_url=/lab/tree/{url_path}")
    if port is not None:
        cmd.append(f"--port={port}")
    if no_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI run as root; Jupyter refuses otherwise
    return cmd + extra


def _lab_workspace(args: argparse.Namespace, root: Path) -> Path | None:
    """The learner's workspace for `lab`, created (with every lesson) on first use."""
    from medlab_teach import messages, workspace

    if args.in_kit:
        return None
    folder = Path(args.workspace).resolve() if args.workspace else None
    folder, report = workspace.ensure(root, folder)
    if report is not None:
        print(_(messages.WORKSPACE_CREATED).format(path=folder, count=len(report.added)))
    elif changed := workspace.pending(root, folder):
        print(_(messages.WORKSPACE_PENDING).format(count=len(changed)))
    return folder


def _run_lab(args: argparse.Namespace, extra: list[str]) -> int:
    from medlab_teach.i18n import get_language, set_language

    # first, so that what the command says (workspace created, starting) is in that language too
    language = set_language(args.lang) if args.lang else get_language()
    root = Path(args.root).resolve() if args.root else find_root()
    folder = _lab_workspace(args, root)
    cmd = lab_command(root, port=args.port, no_browser=args.no_browser, ip=args.ip, extra=extra,
                      workspace=folder, language=language)
    # nbgrader reads nbgrader_config.py from the working folder: start in the kit's root.
    print(_("Starting JupyterLab on the lessons (Ctrl+C to stop):"), " ".join(cmd), flush=True)
    env = dict(os.environ, MEDLAB_LANG=language)  # the kernels speak the edition's language
    # nbgrader's formgrader runs the `alembic` command of this environment: put it on PATH even
    # when the environment was not activated (`make lab` calls .venv/bin/python directly).
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    if os.name == "posix":
        # Become the server (same PID): signals and process managers reach JupyterLab directly.
        os.chdir(root)
        os.execve(cmd[0], cmd, env)
    try:
        return subprocess.call(cmd, cwd=root, env=env)
    except KeyboardInterrupt:
        return 0


def _run_check(args: argparse.Namespace) -> int:
    from medlab_teach.kit_check import check_kit

    root = Path(args.root).resolve() if args.root else find_root()
    if getattr(args, "fix_solutions", False):
        _fix_solutions(root)
    problems = check_kit(root)
    if problems:
        print(_("medlab-teach check: {count} problem(s) in {root}:").format(
            count=len(problems), root=root), file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(_("medlab-teach check: all good in {root}").format(root=root))
    return 0


def _fix_solutions(root: Path) -> None:
    """Rewrite the lessons' solution blocks from the exercise declarations, saying what changed."""
    from medlab_teach.kit_check import sync_solutions

    changed = sync_solutions(root)
    for name, ids in changed.items():
        print(_("medlab-teach check: rewrote the solution blocks of {ids} in {name}").format(
            ids=", ".join(ids), name=name))
    if not changed:
        print(_("medlab-teach check: every solution block already matches its declaration"))


def _run_update(args: argparse.Namespace) -> int:
    """Bring new and changed lessons into the workspace; say which edited ones were left."""
    from medlab_teach import workspace

    root = Path(args.root).resolve() if args.root else find_root()
    folder = Path(args.workspace).resolve() if args.workspace else None
    report = workspace.update(root, folder)
    for line in report.lines():
        print(line)
    return 0


def _run_progress(args: argparse.Namespace) -> int:
    """Print the per-lesson table of passed self-checks recorded in the workspace."""
    from medlab_teach import course, messages, progress, workspace

    root = Path(args.root).resolve() if args.root else find_root()
    folder = Path(args.workspace).resolve() if args.workspace else workspace.default_workspace(
        root)
    if not (folder / workspace.MANIFEST).is_file():
        print(_(messages.WORKSPACE_MISSING).format(path=folder), file=sys.stderr)
        return 1
    rows, note = course.progress_table(folder)
    print(progress.format_table(rows))
    if note:
        print(note, file=sys.stderr)
    return 0


def _add_workspace_commands(sub: argparse._SubParsersAction) -> None:
    """The learner's commands: update the workspace, show progress."""
    for name, help_text, description in (
        ("update", "bring new or changed lessons into your workspace",
         "Copy lessons that are new in the kit, and replace lessons the kit has changed that you "
         "have not edited, in your workspace (my-work/). A lesson you have edited is left alone "
         "and the kit's new version is put beside it in my-work/kit-updates/."),
        ("progress", "show your progress through the lessons",
         "Print, lesson by lesson, how many self-checks you have passed and when you last "
         "passed one, from the record kept in your workspace."),
    ):
        command = sub.add_parser(name, help=help_text, description=description)
        command.add_argument("--root", help="the kit's folder (default: found from the current "
                             "folder)")
        command.add_argument("--workspace", help="your workspace (default: my-work/ in the kit's "
                             "folder)")


def _run_grade(argv: list[str]) -> int:
    try:
        from medlab_teach.grading.cli import main as grade_main
    except ModuleNotFoundError as err:
        if err.name and err.name.startswith("medlab_teach.grading"):
            print("medlab-teach grade is not available in this installation.", file=sys.stderr)
            return 2
        raise
    return grade_main(argv)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with a real --help for every command."""
    parser = argparse.ArgumentParser(
        prog="medlab-teach", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from medlab_teach import __version__

    parser.add_argument("--version", action="version", version=f"medlab-teach {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    lab = sub.add_parser(
        "lab", help="open JupyterLab on the lessons",
        description="Start JupyterLab in the kit's folder (so the course's nbgrader_config.py "
        "applies) and open lesson 00 in your workspace, my-work/: your own copies of the "
        "lessons, made on first use and never touched by an update of the kit (see "
        "'medlab-teach update'). Extra arguments after -- go to JupyterLab.",
    )
    lab.add_argument("--root", help="the kit's folder (default: found from the current folder)")
    lab.add_argument("--port", type=int, help="port to listen on (default: JupyterLab's choice)")
    lab.add_argument("--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    lab.add_argument("--workspace", help="your workspace (default: my-work/ in the kit's folder)")
    lab.add_argument("--lang", choices=["es", "en"],
                     help="the edition to open, with JupyterLab's menus in that language: es "
                     "(español) or en (English); default: $MEDLAB_LANG, else en")
    lab.add_argument("--in-kit", action="store_true",
                     help="open the kit's own lessons/ instead of your workspace (for authors)")

    check = sub.add_parser(
        "check", help="validate notebooks and assignments",
        description="Check that every notebook parses, has no committed outputs, lessons are "
        "numbered without gaps, each lesson's solution blocks show the declared solutions, "
        "and that nbgrader grade_ids are unique within each assignment "
        "and every graded cell has points. Exit status 1 lists the problems.",
    )
    check.add_argument("--root", help="the kit's folder (default: found from the current folder)")
    check.add_argument(
        "--fix-solutions", action="store_true",
        help="first rewrite each lesson's <details> solution block from its exercise's "
        "declared solution_code (medlab_teach.exercises), then check")

    _add_workspace_commands(sub)

    sub.add_parser(
        "grade", help="autograde an assignment's submissions (instructors)", add_help=False,
        description="Run 'medlab-teach grade --help' for its options.",
    )
    sub.add_parser("hub", help="set up courses on a JupyterHub server (administrators)",
                   add_help=False, description="Run 'medlab-teach hub --help'.")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``medlab-teach`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "grade":
        return _run_grade(argv[1:])
    if argv and argv[0] == "hub":
        from medlab_teach.hub.cli import main as hub_main

        return hub_main(argv[1:])
    extra: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1:]
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "lab":
            return _run_lab(args, extra)
        if args.command == "check":
            return _run_check(args)
        if args.command == "update":
            return _run_update(args)
        if args.command == "progress":
            return _run_progress(args)
    except FileNotFoundError as err:
        print(f"medlab-teach: {err}", file=sys.stderr)
        return 2
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
