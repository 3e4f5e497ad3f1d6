"""System set-up of a course on a Debian or Ubuntu hub server (run as root).

Each step is a function that can run again without harm (accounts, groups and folders that
exist are kept, a student's files are never touched), so adding a course, a student or a
section is the same command as the first set-up. What each step does to the file system is
what nbgrader's JupyterHub guide asks for, tightened where the guide leaves a course open to
the students of another:

===============================  ==========================  ==============================
path                             owner:group                 mode
===============================  ==========================  ==============================
``<exchange>``                   root:root                   1777 (nbgrader wants 777; the
                                                             sticky bit stops a user renaming
                                                             another course's folder)
``<exchange>/<course>``          grader-<course>:nbgrader-   2750: only the course's people
                                 <course>                    can enter it
``/home/grader-<course>``        grader-<course>             0700: source, gradebook,
                                                             submissions, feedback
``/home/<student>``              <student>                   0700
===============================  ==========================  ==============================

Inside ``<exchange>/<course>`` nbgrader itself makes ``outbound`` (755), ``inbound`` (2733:
students can drop a submission in but not list the folder; each submission's name ends in a
random string) and ``feedback`` (711: each file is named by a hash of the submission's
secret).
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from medlab_teach.hub.config import course_folder, user_environment
from medlab_teach.hub.settings import Course, HubSettings

#: configurable-http-proxy release installed from npm (runs on Node.js 10 or newer, so on
#: Debian's and Ubuntu's own nodejs package).
PROXY_VERSION = "4.6.3"
APT_PACKAGES = ("python3", "python3-venv", "git", "nodejs", "npm", "bubblewrap", "util-linux",
                "passwd", "sudo")
#: What a course folder holds: the kit's assignments and its nbgrader configuration.
COURSE_PARTS = ("assignments", "nbgrader_config.py")
ACCOUNT_COMMENT = "medlab-teach"


def run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run a command, failing with its own message when it fails."""
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]
    if done.returncode != 0:
        raise RuntimeError(f"`{' '.join(cmd)}` failed ({done.returncode}):\n"
                           f"{done.stdout}{done.stderr}")
    return done


def require_root() -> None:
    """Accounts, groups and folders of other users need root."""
    if os.geteuid() != 0:
        raise PermissionError("medlab-teach hub setup creates Unix accounts and system folders: "
                              "run it as root (sudo medlab-teach hub setup ...).")


def systemd_running() -> bool:
    """True when systemd is the init system (then SystemdSpawner can enforce limits)."""
    return Path("/run/systemd/system").is_dir()


# --- Software, installed once for everyone ---------------------------------------------------

def install_system_packages() -> None:
    """Debian/Ubuntu packages, then configurable-http-proxy from npm at a pinned version."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update", "-qq"], env=env)
    # A Node.js of another origin (NodeSource) brings its own npm: Debian's would conflict.
    packages = [p for p in APT_PACKAGES
                if not (p in ("nodejs", "npm") and shutil.which("npm"))]
    run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages], env=env)
    run(["npm", "install", "-g", f"configurable-http-proxy@{PROXY_VERSION}"])


#: The pinned packages' oldest Python (soupsieve's floor): Debian 12's 3.11.2 is too old.
MIN_PYTHON = (3, 11, 5)


def check_python(python: str) -> None:
    """Refuse an interpreter older than the pinned packages need, saying what to do."""
    done = run([python, "-c", "import sys; print(*sys.version_info[:3])"])
    version = tuple(int(x) for x in done.stdout.split())
    if version < MIN_PYTHON:
        raise RuntimeError(
            f"{python} is Python {'.'.join(map(str, version))}; the kit's pinned packages need "
            f"{'.'.join(map(str, MIN_PYTHON))} or newer (Debian 13, Ubuntu 24.04). Give a newer "
            "interpreter with --python (e.g. one installed by uv or pyenv).")


def install_kit(source: Path, settings: HubSettings, *, systemd: bool,
                python: str = "python3") -> None:
    """Copy the kit to ``kit_dir`` and install it, with its pinned dependencies and the hub's
    components, in one environment that every user's server runs from."""
    kit = Path(settings.kit_dir)
    if source.resolve() != kit.resolve():
        ignore = shutil.ignore_patterns(".venv", ".git", "__pycache__", ".ipynb_checkpoints",
                                        "test-artifacts", "exchange", "gradebook.db")
        shutil.copytree(source, kit, ignore=ignore, dirs_exist_ok=True)
    venv = Path(settings.python).parents[1]
    if not Path(settings.python).exists():
        check_python(python)
        run([python, "-m", "venv", str(venv)])
    pip = [settings.python, "-m", "pip", "install", "-q", "-c", str(kit / "constraints.txt")]
    run([*pip, "--upgrade", "pip"])
    extras = "hub,hub-systemd" if systemd else "hub"
    run([*pip, "-e", f"{kit}[{extras}]"])
    run(["chmod", "-R", "a+rX", str(kit), str(venv)])


# --- Accounts and groups ---------------------------------------------------------------------

def ensure_account(name: str, settings: HubSettings) -> pwd.struct_passwd:
    """A Unix account with a private home (created if missing; an existing one is kept). The
    password stays locked: people log in through the hub."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        home = Path(settings.home_root) / name
        run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash",
             "--comment", ACCOUNT_COMMENT, name])
        entry = pwd.getpwnam(name)
    os.chmod(entry.pw_dir, 0o700)
    return entry


def ensure_group(name: str, members: list[str]) -> grp.struct_group:
    """A Unix group holding ``members`` (added to any it already has)."""
    try:
        grp.getgrnam(name)
    except KeyError:
        run(["groupadd", name])
    for member in members:
        if member not in grp.getgrnam(name).gr_mem:
            run(["gpasswd", "--add", member, name])
    return grp.getgrnam(name)


# --- The exchange and the course folder ------------------------------------------------------

def prepare_exchange(settings: HubSettings, course: Course) -> Path:
    """The shared exchange (1777) and the course's own folder in it (2750, its group only)."""
    root = Path(settings.exchange)
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o1777)
    folder = root / course.course_id
    folder.mkdir(exist_ok=True)
    grader = pwd.getpwnam(course.grader)
    os.chown(folder, grader.pw_uid, grp.getgrnam(course.student_group).gr_gid)
    os.chmod(folder, 0o2750)
    return folder


COURSE_CONFIG_TAIL = '''
# --- Added by `medlab-teach hub setup` ---------------------------------------------------------
# This copy of the course serves the hub course {course!r}: nbgrader names its folder in the
# exchange and its groups (nbgrader-{course}, formgrade-{course}) after this id.
c.CourseDirectory.course_id = {course!r}
'''


def prepare_course_folder(settings: HubSettings, course: Course) -> Path:
    """The grader account's copy of the course (assignments and nbgrader configuration), with
    the hub's course id. Existing files are kept: the instructor may have edited them."""
    folder = course_folder(settings, course)
    folder.mkdir(parents=True, exist_ok=True)
    kit = Path(settings.kit_dir)
    for part in COURSE_PARTS:
        target = folder / part
        if target.exists():
            continue
        if (kit / part).is_dir():
            shutil.copytree(kit / part, target)
        else:
            text = (kit / part).read_text(encoding="utf-8")
            target.write_text(text + COURSE_CONFIG_TAIL.format(course=course.course_id),
                              encoding="utf-8")
    grader = pwd.getpwnam(course.grader)
    run(["chown", "-R", f"{grader.pw_uid}:{grader.pw_gid}", str(folder.parent)])
    return folder


def import_roster(settings: HubSettings, course: Course) -> None:
    """Put the roster in the course's gradebook (``nbgrader db student import``), as the grader
    account, so reports list the students who submitted nothing."""
    folder = course_folder(settings, course)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, dir="/tmp") as out:
        out.write("id,first_name,last_name,email\n")
        for s in course.students:
            out.write(f"{s.id},{s.first_name},{s.last_name},{s.email}\n")
    os.chmod(out.name, 0o644)
    try:
        env = {**user_environment(settings), "HOME": str(folder.parent)}
        if course.gradebook_url:
            env["MEDLAB_GRADEBOOK_URL"] = course.gradebook_url
        # Outside the hub: the hub's groups come from the settings, not from this import.
        run([shutil.which("runuser") or "/usr/sbin/runuser", "-u", course.grader, "--",
             settings.python, "-m", "nbgrader", "db", "student", "import", out.name,
             "--Authenticator.plugin_class=nbgrader.auth.base.NoAuthPlugin"], cwd=folder, env=env)
    finally:
        os.unlink(out.name)


GLOBAL_NBGRADER_CONFIG = '''"""nbgrader settings of every account on the hub."""
from nbgrader.auth import JupyterHubAuthPlugin

c = get_config()  # noqa: F821
# One exchange for every course; each course has its own folder in it.
c.Exchange.root = {exchange!r}
# Students fetch into ~/<course>/<assignment>/: two courses may reuse an assignment name.
c.Exchange.path_includes_course = True
# Which courses a user sees comes from their hub groups (nbgrader-<course>, formgrade-<course>).
c.Authenticator.plugin_class = JupyterHubAuthPlugin
'''


GITCONFIG = """# Written by `medlab-teach hub setup`: git settings of every user server.
[include]
\tpath = /etc/gitconfig
[safe]
\tdirectory = {repo}
"""


def write_jupyter_config(settings: HubSettings) -> Path:
    """The hub-wide nbgrader configuration, in a folder on every server's JUPYTER_CONFIG_PATH."""
    folder = Path(settings.jupyter_config_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "nbgrader_config.py"
    path.write_text(GLOBAL_NBGRADER_CONFIG.format(exchange=settings.exchange), encoding="utf-8")
    # nbgitpuller runs git as the student on a repository root owns: git refuses that unless
    # a system-level file names it safe (GIT_CONFIG_SYSTEM points the users' git here).
    gitconfig = folder / "gitconfig"
    gitconfig.write_text(GITCONFIG.format(repo=settings.lessons_repo), encoding="utf-8")
    os.chmod(folder, 0o755)
    for written in (path, gitconfig):
        os.chmod(written, 0o644)
    return path


def setup_course(settings: HubSettings, course: Course, *, roster: bool = True) -> None:
    """Accounts, groups, exchange, course folder and (unless ``roster`` is False: the caller
    imports it) the roster of one course. Safe to run again."""
    people = [s.id for s in course.students] + course.instructors
    for name in [*people, course.grader, *settings.admins]:
        ensure_account(name, settings)
    ensure_group(course.student_group, [*people, course.grader])
    ensure_group(course.grader_group, [*course.instructors, course.grader])
    write_jupyter_config(settings)
    prepare_exchange(settings, course)
    prepare_course_folder(settings, course)
    if roster:
        import_roster(settings, course)
