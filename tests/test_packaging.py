"""Packaging stays coherent: conda and pip list the same packages, the lock pins them all, and
the built wheel carries its data (it works installed outside the checkout)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

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


GRADING_IMPORTS = ("pandas", "matplotlib.pyplot", "nbformat", "nbgrader.api",
                   "ipykernel.kernelapp", "jupyter_client", "medlab_teach.data",
                   "medlab_teach.grading.zygote")


@pytest.mark.parametrize("name", GRADING_IMPORTS)
def test_the_environment_carries_its_bytecode(name: str) -> None:
    """A grading sandbox mounts the environment read-only: bytecode not written by `make setup`
    would be compiled again by every kernel (about 4 s of imports a process)."""
    import importlib
    import importlib.util

    module = importlib.import_module(name)
    cached = importlib.util.cache_from_source(str(module.__file__))
    assert os.path.exists(cached), (
        f"{name} has no compiled bytecode ({cached}): run `make setup`, which installs with "
        "compiled bytecode and compiles the kit's sources")


def test_console_script_is_declared() -> None:
    assert _pyproject()["project"]["scripts"]["medlab-teach"] == "medlab_teach.cli:main"


# --------------------------------------------------------------------------------------------
# The built wheel works outside the checkout
# --------------------------------------------------------------------------------------------

LOAD_COMMAND = "from medlab_teach import data; print(data.load('crimes_annual').shape)"
#: What ``data`` needs at run time; the rest of the kit's dependencies are not needed here.
DATA_RUNTIME = ("pandas", "numpy")


def _run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kwargs)
    assert proc.returncode == 0, f"{cmd} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


def _installer() -> list[str] | None:
    """uv when it is installed (fast, reuses its cache), else None for pip."""
    try:  # the pinned uv that `make setup` installs into the environment
        from uv import find_uv_bin

        return [find_uv_bin()]
    except (ImportError, FileNotFoundError):
        found = shutil.which("uv")
        return [found] if found else None


def _build_wheel(tmp: Path) -> Path:
    """Build from a copy of the sources, so the checkout gets no build/ or egg-info folders."""
    source = tmp / "source"
    shutil.copytree(ROOT / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    dist = tmp / "dist"
    uv = _installer()
    if uv:
        _run([*uv, "build", "--wheel", "--out-dir", str(dist), str(source)])
    else:
        _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(source)])
    (wheel,) = dist.glob("medlab_teach-*.whl")
    return wheel


def _fresh_venv(tmp: Path, wheel: Path) -> Path:
    venv = tmp / "venv"
    python = venv / "bin" / "python"
    uv = _installer()
    pins = ["-c", str(ROOT / "constraints.txt")]
    if uv:
        _run([*uv, "venv", "--python", sys.executable, str(venv)])
        _run([*uv, "pip", "install", "--python", str(python), *pins, "--no-deps", str(wheel)])
        _run([*uv, "pip", "install", "--python", str(python), *pins, *DATA_RUNTIME])
    else:
        _run([sys.executable, "-m", "venv", str(venv)])
        _run([str(python), "-m", "pip", "install", *pins, "--no-deps", str(wheel)])
        _run([str(python), "-m", "pip", "install", *pins, *DATA_RUNTIME])
    return python


@pytest.mark.slow
def test_wheel_loads_data_in_a_fresh_venv_outside_the_checkout(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        shipped = {Path(n).name for n in archive.namelist() if "/datasets/" in n}
    committed = {p.name for p in (ROOT / "src" / "medlab_teach" / "datasets").iterdir()}
    assert shipped == committed, f"the wheel lacks data files: {sorted(committed - shipped)}"

    python = _fresh_venv(tmp_path, wheel)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "MEDLAB_TEACH_DATA", "PYTHONHOME")}
    where = _run([str(python), "-c", "import medlab_teach; print(medlab_teach.__file__)"],
                 cwd=elsewhere, env=env).stdout.strip()
    assert Path(where).is_relative_to(tmp_path / "venv"), f"imported the kit from {where}"
    shape = _run([str(python), "-c", LOAD_COMMAND], cwd=elsewhere, env=env).stdout.strip()
    assert shape == "(3234, 6)"
