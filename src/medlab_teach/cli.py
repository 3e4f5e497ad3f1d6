"""The ``medlab-teach`` command: open the lessons, validate the kit, grade a class."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

DESCRIPTION = """\
medlab-teach: a Jupyter teaching kit on the Medellín model of integral local security
management (Modelo Integral de Gestión Local de la Seguridad y la Convivencia).

commands:
  lab      open JupyterLab on the lessons, with the course's nbgrader configuration
  check    validate notebooks and assignments; exit 1 with a list of problems
  grade    autograde every collected submission of an assignment (instructors)
  hub      set up courses on a JupyterHub server (administrators; see docs/jupyterhub.md)

Run 'medlab-teach COMMAND --help' for a command's options.
"""


def find_root(start: Path | None = None) -> Path:
    """The kit's root folder: the nearest folder above ``start`` holding lessons/ and
    nbgrader_config.py (so the command works from any sub-folder of a checkout)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "lessons").is_dir() and (folder / "pyproject.toml").is_file():
            return folder
    package_root = Path(__file__).resolve().parents[2]
    if (package_root / "lessons").is_dir():
        return package_root
    raise FileNotFoundError(
        f"No medlab-teach checkout found at or above {here}. Run the command from the kit's "
        "folder (the one with lessons/ and pyproject.toml), or pass --root."
    )


def lab_command(root: Path, *, port: int | None, no_browser: bool, ip: str,
                extra: list[str]) -> list[str]:
    """The JupyterLab command line for the kit (separate so tests can inspect it)."""
    first_lesson = sorted((root / "lessons").glob("00_*.ipynb"))
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}", f"--ip={ip}"]
    if first_lesson:
        cmd.append(f"--LabApp.default_url=/lab/tree/lessons/{first_lesson[0].name}")
    if port is not None:
        cmd.append(f"--port={port}")
    if no_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI run as root; Jupyter refuses otherwise
    return cmd + extra


def _run_lab(args: argparse.Namespace, extra: list[str]) -> int:
    root = Path(args.root).resolve() if args.root else find_root()
    cmd = lab_command(root, port=args.port, no_browser=args.no_browser, ip=args.ip, extra=extra)
    # nbgrader reads nbgrader_config.py from the working folder: start in the kit's root.
    print("Starting JupyterLab on the lessons (Ctrl+C to stop):", " ".join(cmd), flush=True)
    env = dict(os.environ)
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
    problems = check_kit(root)
    if problems:
        print(f"medlab-teach check: {len(problems)} problem(s) in {root}:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"medlab-teach check: all good in {root}")
    return 0


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
        "applies) and open lesson 00. Extra arguments after -- go to JupyterLab.",
    )
    lab.add_argument("--root", help="the kit's folder (default: found from the current folder)")
    lab.add_argument("--port", type=int, help="port to listen on (default: JupyterLab's choice)")
    lab.add_argument("--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser window")

    check = sub.add_parser(
        "check", help="validate notebooks and assignments",
        description="Check that every notebook parses, has no committed outputs, lessons are "
        "numbered without gaps, and that nbgrader grade_ids are unique within each assignment "
        "and every graded cell has points. Exit status 1 lists the problems.",
    )
    check.add_argument("--root", help="the kit's folder (default: found from the current folder)")

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
    except FileNotFoundError as err:
        print(f"medlab-teach: {err}", file=sys.stderr)
        return 2
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
