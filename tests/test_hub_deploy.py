"""The deployments that cannot run here, checked as far as they can be, and the hub's settings.

- deploy/z2jh/values.yaml: parsed, merged with the chart's defaults and validated against the
  chart's own JSON schema (Zero to JupyterHub 4.4.0, vendored under tests/hub/), as
  ``helm install`` does; its Python (hub.extraConfig, the extra files) is run against fakes of
  the objects the chart gives it.
- deploy/z2jh/Dockerfile: installs the kit pinned by constraints.txt, with the chart's
  JupyterHub, and runs as a user.
- medlab_teach.hub: settings and rosters refuse bad input with a message that says what to
  fix; the JupyterHub configuration has the groups and roles of nbgrader's guide.
"""

from __future__ import annotations

import copy
import json
import re
import shlex
import sys
import types
from pathlib import Path

import jsonschema
import pytest
import yaml
from traitlets.config import Config

from medlab_teach.errors import UnknownIdError
from medlab_teach.hub import config as hub_config
from medlab_teach.hub.service import check_grade_options, sudoers_rules, systemd_unit
from medlab_teach.hub.settings import (
    Course,
    HubSettings,
    Student,
    load_settings,
    read_roster,
    save_settings,
    settings_from_dict,
)

ROOT = Path(__file__).resolve().parents[1]
CHART = Path(__file__).resolve().parent / "hub" / "z2jh-4.4.0"
VALUES = ROOT / "deploy" / "z2jh" / "values.yaml"
DOCKERFILE = ROOT / "deploy" / "z2jh" / "Dockerfile"


# --- Zero to JupyterHub values -------------------------------------------------------------------

def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def _merge(base: dict, over: dict) -> dict:
    """Helm's merge of values: mappings merge key by key, anything else is replaced."""
    merged = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _unknown_keys(values: object, schema: dict, path: str = "") -> list[str]:
    """Key paths of ``values`` that the schema does not declare (where it declares them)."""
    if not isinstance(values, dict) or schema.get("type") not in ("object", None):
        return []
    props = schema.get("properties", {})
    found = []
    for key, value in values.items():
        here = f"{path}.{key}" if path else key
        if key in props:
            found += _unknown_keys(value, props[key], here)
        elif schema.get("additionalProperties") is False and not schema.get("patternProperties"):
            found.append(here)
    return found


@pytest.fixture(scope="module")
def chart_values() -> dict:
    return _merge(_load(CHART / "values.yaml"), _load(VALUES))


def test_values_use_only_keys_of_the_chart_schema() -> None:
    schema = _load(CHART / "values.schema.yaml")
    assert _unknown_keys(_load(VALUES), schema) == []
    # The check itself finds a misspelt key.
    assert _unknown_keys({"singleuser": {"memroy": {"limit": "1G"}}}, schema) == [
        "singleuser.memroy"]


def test_values_merged_with_the_chart_defaults_validate(chart_values: dict) -> None:
    schema = _load(CHART / "values.schema.yaml")
    jsonschema.Draft7Validator(schema).validate(chart_values)
    broken = _merge(chart_values, {"hub": {"db": {"type": "postgresql"}}})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema).validate(broken)


def test_values_keep_the_exchange_the_gradebook_and_the_limits(chart_values: dict) -> None:
    single = chart_values["singleuser"]
    mounts = {m["name"]: m["mountPath"] for m in single["storage"]["extraVolumeMounts"]}
    exchange = mounts["nbgrader-exchange"]
    assert single["extraEnv"]["MEDLAB_EXCHANGE"] == exchange
    nbgrader_config = Config()
    exec(single["extraFiles"]["nbgrader-config"]["stringData"],
         {"get_config": lambda: nbgrader_config})
    assert nbgrader_config.Exchange.root == exchange
    assert nbgrader_config.Exchange.path_includes_course is True
    assert chart_values["hub"]["db"]["type"] == "postgres"
    assert single["memory"]["limit"] and single["cpu"]["limit"]
    assert chart_values["cull"]["enabled"] is True


@pytest.mark.parametrize(("grader", "enabled"), [("1", True), ("0", False), (None, False)])
def test_formgrader_only_in_graders_pods(chart_values: dict, monkeypatch, grader, enabled) -> None:
    if grader is None:
        monkeypatch.delenv("MEDLAB_GRADER", raising=False)
    else:
        monkeypatch.setenv("MEDLAB_GRADER", grader)
    server_config = Config()
    exec(chart_values["singleuser"]["extraFiles"]["server-config"]["stringData"],
         {"get_config": lambda: server_config})
    assert server_config.ServerApp.jpserver_extensions == {
        "nbgrader.server_extensions.formgrader": enabled}


class FakeSpawner:
    """What the pre-spawn hook reads and writes of KubeSpawner."""

    def __init__(self, name: str, user_id: int, groups: list[str]) -> None:
        self.user = types.SimpleNamespace(
            name=name, id=user_id, groups=[types.SimpleNamespace(name=g) for g in groups])
        self.volumes: list[dict] = []
        self.volume_mounts: list[dict] = []
        self.environment: dict[str, str] = {}
        self.uid = self.gid = None
        self.supplemental_gids: list[int] = []


@pytest.fixture()
def hub_extra_config(chart_values: dict, monkeypatch) -> Config:
    """hub.extraConfig run as the chart runs it: after the chart's own roles."""
    def get_config(key: str, default: object = None) -> object:
        node: object = chart_values
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    monkeypatch.setitem(sys.modules, "z2jh", types.SimpleNamespace(get_config=get_config))
    monkeypatch.setenv("MEDLAB_GRADEBOOK_URL_MEDLAB_TEACH", "postgresql+psycopg2://g@db/mt")
    c = Config()
    c.JupyterHub.load_roles = [{"name": "jupyterhub-idle-culler", "scopes": ["list:users"]}]
    for _, code in sorted(chart_values["hub"]["extraConfig"].items()):
        exec(code, {"c": c})
    return c


def test_extra_config_makes_the_groups_of_nbgrader(hub_extra_config: Config,
                                                  chart_values: dict) -> None:
    course = chart_values["custom"]["courses"]["medlab-teach"]
    groups = hub_extra_config.JupyterHub.load_groups
    assert groups["nbgrader-medlab-teach"]["users"] == sorted(
        course["students"] + course["instructors"])
    assert groups["formgrade-medlab-teach"]["users"] == sorted(course["instructors"])
    names = [r["name"] for r in hub_extra_config.JupyterHub.load_roles]
    assert names[0] == "jupyterhub-idle-culler", "the chart's culler role was dropped"
    assert "server" in names
    assert hub_extra_config.Authenticator.allowed_users == {
        *course["students"], *course["instructors"]}


def test_each_pod_runs_as_its_user_in_its_courses_groups(hub_extra_config: Config,
                                                         chart_values: dict) -> None:
    course = chart_values["custom"]["courses"]["medlab-teach"]
    hook = hub_extra_config.KubeSpawner.pre_spawn_hook
    student = FakeSpawner("ana", 7, ["nbgrader-medlab-teach"])
    hook(student)
    assert student.uid == chart_values["custom"]["uidBase"] + 7
    assert student.supplemental_gids == [course["gid"]]
    assert student.environment["MEDLAB_GRADER"] == "0"
    assert student.volume_mounts == []  # the course folder is the graders' only
    teacher = FakeSpawner("lucia", 3, ["nbgrader-medlab-teach", "formgrade-medlab-teach"])
    hook(teacher)
    assert teacher.uid == course["graderUid"]
    assert teacher.environment["MEDLAB_GRADER"] == "1"
    assert teacher.environment["MEDLAB_GRADEBOOK_URL"].startswith("postgresql+psycopg2://")
    assert [m["subPath"] for m in teacher.volume_mounts] == ["medlab-teach"]
    outsider = FakeSpawner("pedro", 9, [])
    hook(outsider)
    assert outsider.supplemental_gids == [] and outsider.uid != student.uid


# --- The image -----------------------------------------------------------------------------------

def _instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined, comments dropped."""
    lines, current = [], ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        current = f"{current} {line[:-1]}" if line.endswith("\\") else f"{current} {line}"
        if not line.endswith("\\"):
            word, _, rest = current.strip().partition(" ")
            lines.append((word.upper(), rest.strip()))
            current = ""
    return lines


def test_the_image_installs_the_pinned_kit() -> None:
    steps = _instructions(DOCKERFILE)
    base = next(args for word, args in steps if word == "FROM")
    assert re.fullmatch(r"python:3\.1[1-9]-slim-\w+", base), base
    args = dict(a.split("=", 1) for w, a in steps if w == "ARG")
    app_version = _load(CHART / "Chart.yaml")["appVersion"]
    assert args["JUPYTERHUB_VERSION"] == app_version, "user servers must match the chart's hub"
    runs = " && ".join(a for w, a in steps if w == "RUN")
    commands = [shlex.split(part) for part in runs.split("&&")]
    installs = [c for c in commands if c[:2] == ["pip", "install"] and "-c" in c]
    assert len(installs) == 1, commands
    install = installs[0]
    constraints_file = install[install.index("-c") + 1]
    made = next(c for c in commands if (c and c[0] == "grep" and c[-1] == constraints_file)
                or (">" in c and c[c.index(">") + 1] == constraints_file))
    assert made[:3] == ["grep", "-v", "-i"] and "constraints.txt" in made, made
    assert made[3] == "^jupyterhub==", "only JupyterHub may leave the pinned versions"
    assert "-e" in install and install[install.index("-e") + 1] == ".[hub]"
    assert "jupyterhub==${JUPYTERHUB_VERSION}" in install
    assert ["python", "-m", "medlab_teach.cli", "check"] in commands
    copy_step = next(a for w, a in steps if w == "COPY")
    workdir = next(a for w, a in steps if w == "WORKDIR")
    assert copy_step.split()[-1] == workdir == "/opt/medlab-teach/kit"
    user = [a for w, a in steps if w == "USER"]
    assert user and user[-1] not in ("0", "root")
    cmd = json.loads(next(a for w, a in steps if w == "CMD"))
    assert cmd == [_load(VALUES)["singleuser"]["cmd"]]


def test_every_pinned_hub_package_is_pinned_in_constraints() -> None:
    pins = {line.split("==")[0].lower() for line in
            (ROOT / "constraints.txt").read_text().splitlines() if "==" in line}
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10: pip's vendored TOML reader
        from pip._vendor import tomli as tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]
    for requirement in extras["hub"] + extras["hub-systemd"]:
        name = re.match(r"[A-Za-z0-9_.\-]+", requirement)[0].lower()
        assert name in pins, f"{name} is not pinned in constraints.txt"


# --- Settings, rosters, the JupyterHub configuration ---------------------------------------------

def test_roster_reports_every_bad_line(tmp_path: Path) -> None:
    roster = tmp_path / "students.csv"
    roster.write_text("id,first_name,last_name,email\nana,Ana,Gómez,a@x.org\n"
                      "Carlos Ruiz,Carlos,Ruiz,\nana,Ana,,\n\nmaria,María,,\n")
    with pytest.raises(ValueError) as err:
        read_roster(roster)
    text = str(err.value)
    assert "line 3" in text and "'Carlos Ruiz'" in text and "lower-case" in text
    assert "line 4" in text and "appears twice" in text
    roster.write_text("id,first_name,last_name,email\nana,Ana,Gómez,\nmaria,María,,\n")
    assert [s.id for s in read_roster(roster)] == ["ana", "maria"]
    roster.write_text("name,email\nana,\n")
    with pytest.raises(ValueError, match="at least 'id'"):
        read_roster(roster)
    with pytest.raises(FileNotFoundError, match="header line"):
        read_roster(tmp_path / "missing.csv")


def _settings() -> HubSettings:
    a = Course("medlab-a", ["lucia"], [Student("ana"), Student("carlos")], 9901)
    b = Course("medlab-b", ["pedro"], [Student("maria")], 9902)
    return HubSettings(courses={"medlab-a": a, "medlab-b": b}, admins=["admin"])


def test_settings_round_trip_and_refuse_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "hub.json"
    save_settings(_settings(), path)
    assert path.stat().st_mode & 0o777 == 0o600
    again = load_settings(path)
    assert again.courses["medlab-b"].students == [Student("maria")]
    data = json.loads(path.read_text())
    data["spawnr"] = "local"
    with pytest.raises(UnknownIdError) as err:
        settings_from_dict(data)
    assert "spawner" in err.value.choices
    data.pop("spawnr")
    data["courses"]["medlab-b"]["service_port"] = 9901
    with pytest.raises(ValueError, match="both use service port 9901"):
        settings_from_dict(data)
    with pytest.raises(UnknownIdError, match="medlab-a"):
        _settings().course("medlab-c")


def test_hub_config_has_the_groups_and_roles_of_nbgrader_guide() -> None:
    c = Config()
    settings = _settings()
    settings.authenticator = "native"
    hub_config.configure(c, settings)
    groups = c.JupyterHub.load_groups
    assert groups["nbgrader-medlab-a"]["users"] == ["ana", "carlos", "lucia"]
    assert groups["formgrade-medlab-a"]["users"] == ["grader-medlab-a", "lucia"]
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    assert roles["formgrade-medlab-b"]["scopes"] == ["access:services!service=medlab-b"]
    assert roles["formgrade-medlab-b"]["groups"] == ["formgrade-medlab-b"]
    assert roles["server"]["scopes"] == ["inherit"]
    services = {s["name"]: s for s in c.JupyterHub.services}
    assert services["medlab-a"]["user"] == "grader-medlab-a"
    assert services["medlab-a"]["cwd"] == "/home/grader-medlab-a/medlab-a"
    assert "--timeout=3600" in services["idle-culler"]["command"]
    assert c.Authenticator.allowed_users == {"ana", "carlos", "maria", "lucia", "pedro",
                                             "admin"}
    assert c.JupyterHub.authenticator_class == "native"
    assert c.NativeAuthenticator.open_signup is False  # only the rosters are pre-approved


def test_dummy_authenticator_only_on_loopback() -> None:
    settings = _settings()
    settings.authenticator = "dummy"
    settings.bind_url = "http://:8000"
    with pytest.raises(ValueError, match=re.escape("tests on 127.0.0.1 only")):
        hub_config.configure(Config(), settings)


def test_grading_through_sudo_accepts_only_safe_options() -> None:
    assert check_grade_options(["--jobs", "2", "--student", "ana", "--force"]) == [
        "--jobs", "2", "--student", "ana", "--force"]
    for bad in (["--course-root", "/tmp"], ["--no-sandbox"], ["--db=sqlite:////tmp/x"],
                ["--jobs", "2", "--report-dir", "/etc"]):
        with pytest.raises(ValueError, match="not allowed"):
            check_grade_options(bad)
    rules = sudoers_rules(_settings())
    assert ("grader-medlab-a ALL=(root) NOPASSWD: /opt/medlab-teach/venv/bin/medlab-teach "
            "hub grade medlab-a *") in rules
    unit = systemd_unit(_settings())
    assert "ExecStart=/opt/medlab-teach/venv/bin/python -m jupyterhub -f " \
           "/opt/medlab-teach/kit/deploy/jupyterhub/jupyterhub_config.py" in unit


def test_hub_command_needs_root_and_says_so(tmp_path: Path, monkeypatch, capsys) -> None:
    from medlab_teach.cli import main

    monkeypatch.setattr("os.geteuid", lambda: 1000)
    roster = tmp_path / "s.csv"
    roster.write_text("id\nana\n")
    code = main(["hub", "--settings", str(tmp_path / "hub.json"), "setup", "--course",
                 "medlab-a", "--students", str(roster), "--instructor", "lucia"])
    assert code == 2
    assert "run it as root" in capsys.readouterr().err
    assert not (tmp_path / "hub.json").exists()


def test_ci_installs_the_proxy_version_the_setup_installs() -> None:
    from medlab_teach.hub.setup import PROXY_VERSION

    ci = (ROOT / ".ci" / "run").read_text()
    assert f"CHP_VERSION={PROXY_VERSION}\n" in ci
    assert "export MEDLAB_REQUIRE_HUB=1" in ci


def test_lessons_link_pulls_into_the_lessons_folder_and_opens_lesson_00() -> None:
    from urllib.parse import parse_qs, urlparse

    from medlab_teach.hub.lessons import pull_link

    settings = _settings()
    settings.kit_dir = str(ROOT)
    link = urlparse(pull_link(settings, "https://hub.example.org/"))
    assert (link.scheme, link.netloc, link.path) == (
        "https", "hub.example.org", "/hub/user-redirect/git-pull")
    query = {k: v[0] for k, v in parse_qs(link.query).items()}
    assert query["repo"] == "file:///opt/medlab-teach/lessons.git"
    assert query["targetpath"] == "medlab-teach-lessons"
    first = sorted((ROOT / "lessons" / "es").glob("00_*.ipynb"))[0].name
    assert query["urlpath"] == f"lab/tree/medlab-teach-lessons/lessons/es/{first}"
    settings.language = "en"
    query = {k: v[0] for k, v in parse_qs(urlparse(pull_link(settings, "https://h.org/")).query)
             .items()}
    assert query["urlpath"].startswith("lab/tree/medlab-teach-lessons/lessons/en/00_")
