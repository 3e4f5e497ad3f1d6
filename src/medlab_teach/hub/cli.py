"""``medlab-teach hub``: set up and run courses on a JupyterHub server (administrators)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from medlab_teach.hub.settings import (
    DEFAULT_SETTINGS,
    Course,
    HubSettings,
    check_course_id,
    check_username,
    load_settings,
    read_roster,
    save_settings,
)

EPILOG = """\
examples:
  sudo medlab-teach hub setup --course medlab-teach --students students.csv --instructor lucia
  sudo medlab-teach hub setup --course medlab-b --students b.csv --instructor pedro --no-install
  medlab-teach hub link --public-url https://hub.example.org
  sudo medlab-teach hub grade medlab-teach a1_data_literacy --jobs 2
  sudo medlab-teach hub publish-lessons

See docs/jupyterhub.md for the whole walk-through.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="medlab-teach hub", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Courses on a JupyterHub server: real Unix accounts, the nbgrader exchange, "
                    "a formgrader per course, the lessons by nbgitpuller.")
    parser.add_argument("--settings", type=Path, default=None,
                        help=f"the hub's settings file (default {DEFAULT_SETTINGS})")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    setup = sub.add_parser("setup", help="install the hub and add (or update) one course")
    setup.add_argument("--course", required=True, help="course id, e.g. medlab-teach")
    setup.add_argument("--students", required=True, type=Path,
                       help="CSV roster: id,first_name,last_name,email")
    setup.add_argument("--instructor", action="append", required=True,
                       help="instructor's user name (repeat for several)")
    setup.add_argument("--admin", action="append", default=[],
                       help="hub administrator's user name (repeatable)")
    setup.add_argument("--authenticator", choices=("native", "pam"),
                       help="native: passwords kept by the hub (default); pam: Unix passwords")
    setup.add_argument("--spawner", choices=("auto", "local", "systemd"), default="auto",
                       help="auto: systemd when it runs (enforces limits), else local")
    setup.add_argument("--mem-limit", help="memory per user server, e.g. 2G")
    setup.add_argument("--cpu-limit", type=float, help="CPUs per user server, e.g. 1.0")
    setup.add_argument("--cull-idle", type=int, help="stop servers idle this many seconds")
    setup.add_argument("--gradebook-url", default="",
                       help="PostgreSQL URL of this course's gradebook (default: SQLite)")
    setup.add_argument("--kit", type=Path, help="the kit's checkout to install (default: this one)")
    setup.add_argument("--python", default="python3",
                       help="interpreter for the kit's environment (3.11.5 or newer)")
    setup.add_argument("--no-install", action="store_true",
                       help="skip apt, npm and pip (software already installed)")

    grade = sub.add_parser("grade", help="sandboxed autograding of a course (as root)",
                           description="Run `medlab-teach grade` for a course's assignment in "
                                       "its course folder. Extra options: --jobs, --student, "
                                       "--force, --feedback, --cell-timeout, "
                                       "--notebook-timeout, --progress.")
    grade.add_argument("course")
    grade.add_argument("assignment")

    link = sub.add_parser("link", help="print the nbgitpuller link that gives students the lessons")
    link.add_argument("--public-url", required=True, help="the hub's address, e.g. https://hub.example.org")

    sub.add_parser("publish-lessons", help="commit the kit's lessons for students to pull")
    return parser


def _course_from_args(args: argparse.Namespace, settings: HubSettings) -> Course:
    course_id = check_course_id(args.course)
    instructors = [check_username(i, "instructor") for i in args.instructor]
    old = settings.courses.get(course_id)
    port = old.service_port if old else settings.next_service_port()
    return Course(course_id=course_id, instructors=instructors,
                  students=read_roster(args.students), service_port=port,
                  gradebook_url=args.gradebook_url or (old.gradebook_url if old else ""))


def _apply_options(args: argparse.Namespace, settings: HubSettings, systemd: bool) -> None:
    settings.admins = sorted({*settings.admins, *(check_username(a, "admin") for a in args.admin)})
    if args.authenticator:
        settings.authenticator = args.authenticator
    if args.spawner != "auto":
        settings.spawner = args.spawner
    elif systemd:
        settings.spawner = "systemd"
    for name, value in (("mem_limit", args.mem_limit), ("cpu_limit", args.cpu_limit),
                        ("cull_idle_seconds", args.cull_idle)):
        if value is not None:
            setattr(settings, name, value)


def run_setup(args: argparse.Namespace, settings_path: Path) -> int:
    """The whole set-up of one course on this server (see docs/jupyterhub.md)."""
    from medlab_teach.hub import lessons, service, setup
    from medlab_teach.kit_root import find_root

    setup.require_root()
    settings = load_settings(settings_path) if settings_path.exists() else HubSettings()
    systemd = setup.systemd_running()
    course = _course_from_args(args, settings)
    _apply_options(args, settings, systemd)
    settings.courses[course.course_id] = course
    settings.validate()
    if not args.no_install:
        print("== installing system packages, configurable-http-proxy and the kit", flush=True)
        setup.install_system_packages()
        setup.install_kit((args.kit or find_root()).resolve(), settings,
                          systemd=settings.spawner == "systemd", python=args.python)
    print(f"== course {course.course_id}: accounts, groups, exchange, course folder", flush=True)
    setup.setup_course(settings, course)
    if "://" not in settings.lessons_repo:
        lessons.publish_lessons(settings)
    save_settings(settings, settings_path)
    print(service.install_system_files(settings, settings_path, systemd=systemd))
    print(f"Course {course.course_id}: {len(course.students)} students, instructors "
          f"{', '.join(course.instructors)}; formgrader at /services/{course.course_id}/.")
    print("Students' lessons link: medlab-teach hub link --public-url https://YOUR-HUB")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``medlab-teach hub``."""
    args = build_parser().parse_known_args(argv)
    args, extra = args
    settings_path = args.settings or DEFAULT_SETTINGS
    try:
        if args.action == "grade":
            from medlab_teach.hub.service import grade_course

            # Through sudo only the system's own settings count (no path from the caller).
            settings = load_settings(DEFAULT_SETTINGS if os.environ.get("SUDO_USER")
                                     else args.settings)
            return grade_course(settings, args.course, args.assignment, extra)
        if extra:
            build_parser().error(f"unrecognized arguments: {' '.join(extra)}")
        if args.action == "setup":
            return run_setup(args, settings_path)
        settings = load_settings(args.settings)
        if args.action == "link":
            from medlab_teach.hub.lessons import pull_link

            print(pull_link(settings, args.public_url))
        elif args.action == "publish-lessons":
            from medlab_teach.hub.lessons import publish_lessons

            changed = publish_lessons(settings)
            print("Lessons published." if changed else "The lessons had not changed.")
        return 0
    except (ValueError, LookupError, FileNotFoundError, PermissionError, RuntimeError) as err:
        print(f"medlab-teach hub: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
