"""The hub's settings file and the course rosters it is built from.

One JSON file (by default ``/etc/medlab-teach/hub.json``) describes the whole hub: where the
kit, the exchange and the hub's state live, the authenticator and spawner, the per-user limits
and every course with its instructors and students. ``medlab-teach hub setup`` writes it (one
course per run, merged into what is there); ``jupyterhub_config.py`` reads it at every start.
Keeping the hub's facts in data rather than in Python means a course can be added without
editing code, and the tests can start the same configuration on other paths and ports.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from medlab_teach.errors import UnknownIdError

DEFAULT_SETTINGS = Path("/etc/medlab-teach/hub.json")
SETTINGS_ENV = "MEDLAB_HUB_SETTINGS"

#: Unix account names the hub creates (useradd's default NAME_REGEX, at most 32 characters).
USERNAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
#: Course ids become group names (``nbgrader-<id>``), a service URL and a folder name.
COURSE_ID = re.compile(r"^[a-z][a-z0-9-]{1,23}$")

AUTHENTICATORS = ("native", "pam", "dummy")
SPAWNERS = ("local", "systemd")
ROSTER_COLUMNS = ("id", "first_name", "last_name", "email")


@dataclass
class Student:
    """One row of a roster: nbgrader's own student CSV format (id, first_name, last_name,
    email), so the same file feeds ``nbgrader db student import``."""

    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""


@dataclass
class Course:
    """A course (or section) on the hub: its people and the port of its formgrader service."""

    course_id: str
    instructors: list[str]
    students: list[Student]
    service_port: int
    gradebook_url: str = ""  # empty: SQLite in the course folder

    @property
    def grader(self) -> str:
        """The shared Unix account that owns the course folder and runs its formgrader, as in
        nbgrader's multiple-classes set-up (``grader-<course>``)."""
        return f"grader-{self.course_id}"

    @property
    def student_group(self) -> str:
        return f"nbgrader-{self.course_id}"

    @property
    def grader_group(self) -> str:
        return f"formgrade-{self.course_id}"


@dataclass
class HubSettings:
    """Everything ``jupyterhub_config.py`` and ``medlab-teach hub setup`` need to agree on."""

    courses: dict[str, Course] = field(default_factory=dict)
    admins: list[str] = field(default_factory=list)
    authenticator: str = "native"
    spawner: str = "local"
    kit_dir: str = "/opt/medlab-teach/kit"
    python: str = "/opt/medlab-teach/venv/bin/python"
    exchange: str = "/srv/nbgrader/exchange"
    state_dir: str = "/srv/jupyterhub"
    jupyter_config_dir: str = "/etc/medlab-teach/jupyter"
    lessons_repo: str = "/opt/medlab-teach/lessons.git"
    lessons_branch: str = "main"
    lessons_folder: str = "medlab-teach-lessons"
    #: the edition the students' link opens ("es" or "en"); both are pulled
    language: str = "es"
    home_root: str = "/home"
    bind_url: str = "http://:8000"
    hub_port: int = 8081
    proxy_api_port: int = 8001
    proxy_command: list[str] = field(default_factory=lambda: ["configurable-http-proxy"])
    mem_limit: str = "2G"
    cpu_limit: float = 1.0
    cull_idle_seconds: int = 3600
    spawn_timeout_seconds: int = 180
    ssl_cert: str = ""
    ssl_key: str = ""
    #: Extra environment variables for every user server and formgrader service.
    environment: dict[str, str] = field(default_factory=dict)

    def validate(self) -> None:
        """Refuse settings that would make a broken or unsafe hub, saying what to change."""
        if self.authenticator not in AUTHENTICATORS:
            raise UnknownIdError("authenticator", self.authenticator, AUTHENTICATORS)
        if self.spawner not in SPAWNERS:
            raise UnknownIdError("spawner", self.spawner, SPAWNERS)
        if self.language not in ("es", "en"):
            raise UnknownIdError("language", self.language, ("es", "en"))
        for name in self.admins:
            check_username(name, "admin")
        ports: dict[int, str] = {}
        for course in self.courses.values():
            if course.service_port in ports:
                raise ValueError(
                    f"Courses {ports[course.service_port]!r} and {course.course_id!r} both use "
                    f"service port {course.service_port}; give each course its own port.")
            ports[course.service_port] = course.course_id

    def course(self, course_id: str) -> Course:
        """The course called ``course_id``, or UnknownIdError listing the hub's courses."""
        try:
            return self.courses[course_id]
        except KeyError:
            raise UnknownIdError("course", course_id, sorted(self.courses),
                                 "Add it with `medlab-teach hub setup --course ...`.") from None

    def next_service_port(self) -> int:
        """A formgrader port not used by another course (9901, 9902, ...)."""
        used = {c.service_port for c in self.courses.values()}
        port = 9901
        while port in used:
            port += 1
        return port


def check_username(name: str, what: str = "user name") -> str:
    """``name`` if it can be a Unix account on the hub, else a ValueError saying why."""
    if not isinstance(name, str):
        raise TypeError(f"A {what} must be a string, not {type(name).__name__}.")
    if not USERNAME.match(name):
        raise ValueError(
            f"{what} {name!r} cannot be a Unix account name: use lower-case letters, digits, "
            "'-' and '_', starting with a letter, at most 32 characters (e.g. 'ana_gomez').")
    return name


def check_course_id(course_id: str) -> str:
    """``course_id`` if it can name a course on the hub, else a ValueError saying why."""
    if not isinstance(course_id, str):
        raise TypeError(f"A course id must be a string, not {type(course_id).__name__}.")
    if not COURSE_ID.match(course_id):
        raise ValueError(
            f"Course id {course_id!r} is not usable: use 2-24 lower-case letters, digits and "
            "'-', starting with a letter (e.g. 'medlab-teach' or 'medlab-2026a').")
    return course_id


def read_roster(path: Path) -> list[Student]:
    """Students from a CSV file in nbgrader's format (header ``id,first_name,last_name,email``;
    only ``id`` is required). Every bad line is reported at once, with its number."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FileNotFoundError(f"No roster file at {path}. Give a CSV file with a header line "
                                "'id,first_name,last_name,email' and one student per line.") \
            from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in (reader.fieldnames or [])]
    if "id" not in header:
        raise ValueError(f"{path}: the first line must name the columns, with at least 'id' "
                         f"(found {header or 'nothing'}); e.g. 'id,first_name,last_name,email'.")
    unknown = sorted(set(header) - set(ROSTER_COLUMNS))
    if unknown:
        raise ValueError(f"{path}: unknown column(s) {unknown}; the columns are "
                         f"{', '.join(ROSTER_COLUMNS)}.")
    students, problems, seen = [], [], set()
    for line_no, row in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        if not any(row.values()):
            continue
        try:
            check_username(row["id"], "student id")
        except ValueError as err:
            problems.append(f"line {line_no}: {err}")
            continue
        if row["id"] in seen:
            problems.append(f"line {line_no}: student id {row['id']!r} appears twice")
            continue
        seen.add(row["id"])
        students.append(Student(**{k: row.get(k, "") for k in ROSTER_COLUMNS}))
    if problems:
        raise ValueError(f"{path} has {len(problems)} bad line(s); nothing was changed:\n  "
                         + "\n  ".join(problems))
    if not students:
        raise ValueError(f"{path} lists no students.")
    return students


def _course_from_json(data: dict[str, Any]) -> Course:
    students = [Student(**s) for s in data.get("students", [])]
    return Course(course_id=check_course_id(data["course_id"]),
                  instructors=[check_username(i, "instructor") for i in data["instructors"]],
                  students=students, service_port=int(data["service_port"]),
                  gradebook_url=data.get("gradebook_url", ""))


def settings_from_dict(data: dict[str, Any]) -> HubSettings:
    """HubSettings from parsed JSON, refusing unknown keys (a typo must not pass silently)."""
    known = {f.name for f in fields(HubSettings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise UnknownIdError("hub setting", unknown[0], sorted(known))
    values = dict(data)
    values["courses"] = {cid: _course_from_json(c) for cid, c in data.get("courses", {}).items()}
    settings = HubSettings(**values)
    settings.validate()
    return settings


def load_settings(path: Path | str | None = None) -> HubSettings:
    """The hub's settings from ``path`` (default: $MEDLAB_HUB_SETTINGS, else
    /etc/medlab-teach/hub.json)."""
    import os

    path = Path(path or os.environ.get(SETTINGS_ENV) or DEFAULT_SETTINGS)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"No hub settings at {path}: run `medlab-teach hub setup` "
                                f"first, or set {SETTINGS_ENV} to the file.") from None
    except json.JSONDecodeError as err:
        raise ValueError(f"{path} is not valid JSON (line {err.lineno}, column {err.colno}): "
                         f"{err.msg}.") from None
    return settings_from_dict(data)


def save_settings(settings: HubSettings, path: Path | str) -> None:
    """Write the settings as readable JSON (root-only: it may hold a database password)."""
    settings.validate()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=2) + "\n", encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(path)
