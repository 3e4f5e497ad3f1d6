"""Packaging stays coherent: conda and pip list the same packages, and the lock pins them all."""

from __future__ import annotations

import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same file through pip's vendored TOML reader
    from pip._vendor import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def _normalise(requirement: str) -> tuple[str, str]:
    match = REQUIREMENT.match(requirement)
    assert match, f"cannot read requirement {requirement!r}"
    name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
    spec = ",".join(sorted(part.strip() for part in match.group(2).split(",") if part.strip()))
    return name, spec


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _environment_packages() -> dict[str, str]:
    packages = {}
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        item = re.match(r"^  - (?!pip:)(\S.*)$", line)
        if item and not item.group(1).startswith("#"):
            name, spec = _normalise(item.group(1))
            packages[name] = spec
    packages.pop("pip", None)
    packages.pop("python", None)
    return packages


def test_environment_yml_matches_pyproject() -> None:
    project = _pyproject()["project"]
    wanted = dict(_normalise(r) for r in project["dependencies"])
    wanted |= dict(_normalise(r) for r in project["optional-dependencies"]["test"])
    listed = _environment_packages()
    assert listed == wanted, (
        "environment.yml and pyproject.toml disagree: "
        f"only in pyproject {sorted(set(wanted) - set(listed))}, "
        f"only in environment.yml {sorted(set(listed) - set(wanted))}, "
        f"different versions {sorted(k for k in wanted if k in listed and wanted[k] != listed[k])}"
    )


def test_python_floor_is_the_same() -> None:
    assert _pyproject()["project"]["requires-python"] == ">=3.10"
    assert "  - python>=3.10" in (ROOT / "environment.yml").read_text()


def test_constraints_pin_every_direct_dependency() -> None:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt line is not an exact pin: {line!r}"
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    project = _pyproject()["project"]
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        name, _ = _normalise(requirement)
        assert name in pins, f"{name} is not pinned in constraints.txt: run `make lock`"


def test_console_script_is_declared() -> None:
    assert _pyproject()["project"]["scripts"]["medlab-teach"] == "medlab_teach.cli:main"
