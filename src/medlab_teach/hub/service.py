"""The hub as a system service, and sandboxed grading for a course's grader account.

``medlab-teach grade`` must run as root (its sandbox switches student code to unprivileged
users). On a hub the instructor works in the formgrader, as ``grader-<course>``; a sudoers
rule lets that account, and only it, run ``medlab-teach hub grade <course> ...`` as root, with
options limited to those that cannot point the command elsewhere. After grading, the course
folder is given back to the grader account so the formgrader can keep writing the gradebook.
"""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
from pathlib import Path

from medlab_teach.hub.config import course_folder
from medlab_teach.hub.settings import DEFAULT_SETTINGS, HubSettings

UNIT_NAME = "medlab-jupyterhub"
SUDOERS = Path("/etc/sudoers.d/medlab-teach")
#: Options of `medlab-teach grade` a grader may pass through sudo (none names a path or turns
#: the sandbox off).
SAFE_GRADE_OPTIONS = {"--jobs": True, "--student": True, "--force": False, "--feedback": False,
                      "--cell-timeout": True, "--notebook-timeout": True,
                      "--progress": True}


def hub_config_file(settings: HubSettings) -> Path:
    return Path(settings.kit_dir) / "deploy" / "jupyterhub" / "jupyterhub_config.py"


def hub_command(settings: HubSettings) -> list[str]:
    """How the hub starts: the kit's Python, the kit's jupyterhub_config.py."""
    return [settings.python, "-m", "jupyterhub", "-f", str(hub_config_file(settings))]


def systemd_unit(settings: HubSettings, settings_path: Path = DEFAULT_SETTINGS) -> str:
    """A systemd unit that keeps the hub running and restarts it after a failure or a boot."""
    bin_dir = Path(settings.python).parent
    return "\n".join([
        "[Unit]",
        "Description=JupyterHub of the medlab-teach courses",
        "After=network-online.target",
        "",
        "[Service]",
        "User=root",
        f"Environment=PATH={bin_dir}:/usr/local/bin:/usr/bin:/bin",
        f"Environment=MEDLAB_HUB_SETTINGS={settings_path}",
        f"WorkingDirectory={settings.state_dir}",
        f"ExecStart={' '.join(hub_command(settings))}",
        "Restart=on-failure",
        "RestartSec=5",
        "",
        "[Install]",
        "WantedBy=multi-user.target",
        "",
    ])


def sudoers_rules(settings: HubSettings) -> str:
    """One line per course: grader-<course> may run the sandboxed grading of its own course."""
    command = Path(settings.python).parent / "medlab-teach"
    lines = ["# Written by `medlab-teach hub setup`: sandboxed grading for each course's grader."]
    for course in settings.courses.values():
        lines.append(f"{course.grader} ALL=(root) NOPASSWD: {command} hub grade "
                     f"{course.course_id} *")
    return "\n".join(lines) + "\n"


def install_system_files(settings: HubSettings, settings_path: Path, *, systemd: bool) -> str:
    """Write the sudoers rules (checked with visudo) and, where systemd runs, the hub's unit,
    then (re)start it. Returns what the administrator should know."""
    Path(settings.state_dir).mkdir(parents=True, exist_ok=True)
    os.chmod(settings.state_dir, 0o700)
    tmp = SUDOERS.with_suffix(".new")
    tmp.write_text(sudoers_rules(settings), encoding="utf-8")
    os.chmod(tmp, 0o440)
    check = subprocess.run(["visudo", "-cf", str(tmp)], capture_output=True, text=True,
                           check=False)
    if check.returncode != 0:
        tmp.unlink()
        raise RuntimeError(f"visudo refused the grading rules: {check.stdout}{check.stderr}")
    tmp.replace(SUDOERS)
    if not systemd:
        return ("systemd is not running here: start the hub with\n  "
                f"MEDLAB_HUB_SETTINGS={settings_path} {' '.join(hub_command(settings))}")
    unit = Path(f"/etc/systemd/system/{UNIT_NAME}.service")
    unit.write_text(systemd_unit(settings, settings_path), encoding="utf-8")
    for cmd in (["daemon-reload"], ["enable", UNIT_NAME], ["restart", UNIT_NAME]):
        subprocess.run(["systemctl", *cmd], check=True)
    return f"The hub runs as the systemd service {UNIT_NAME} (systemctl status {UNIT_NAME})."


def check_grade_options(options: list[str]) -> list[str]:
    """``options`` if every one is in SAFE_GRADE_OPTIONS, else ValueError naming the first
    that is not (a grader must not choose another course root, database or report folder)."""
    i = 0
    while i < len(options):
        name = options[i].split("=", 1)[0]
        if name not in SAFE_GRADE_OPTIONS:
            raise ValueError(f"Option {options[i]!r} is not allowed through `hub grade`; "
                             f"allowed: {', '.join(sorted(SAFE_GRADE_OPTIONS))}.")
        takes_value = SAFE_GRADE_OPTIONS[name] and "=" not in options[i]
        i += 2 if takes_value else 1
    return options


def grade_course(settings: HubSettings, course_id: str, assignment: str,
                 options: list[str]) -> int:
    """Run `medlab-teach grade` (sandboxed) in the course folder, then give every file back to
    the grader account. Returns the grading command's exit code."""
    if os.geteuid() != 0:
        raise PermissionError("Grading in the sandbox needs root: run "
                              f"`sudo medlab-teach hub grade {course_id} {assignment}`.")
    course = settings.course(course_id)
    if assignment.startswith("-") or "/" in assignment:
        raise ValueError(f"{assignment!r} is not an assignment name.")
    folder = course_folder(settings, course)
    env = dict(os.environ)
    if course.gradebook_url:
        env["MEDLAB_GRADEBOOK_URL"] = course.gradebook_url
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '/usr/bin:/bin')}"
    done = subprocess.run([sys.executable, "-m", "medlab_teach.grading", assignment,
                           "--course-root", str(folder), *check_grade_options(options)],
                          cwd=folder, env=env, check=False)
    grader = pwd.getpwnam(course.grader)
    subprocess.run(["chown", "-R", f"{grader.pw_uid}:{grader.pw_gid}", str(folder)],
                   check=True)
    return done.returncode
