"""Shared fixtures: the kit's root folder and an isolated Jupyter environment for subprocesses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def kit_root() -> Path:
    """The checkout under test."""
    return ROOT


@pytest.fixture()
def jupyter_env(tmp_path: Path) -> dict[str, str]:
    """Environment variables giving a subprocess its own Jupyter config, data and runtime dirs."""
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR"):
        folder = tmp_path / name.lower()
        folder.mkdir()
        env[name] = str(folder)
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.fixture(scope="session")
def book_site() -> Path:
    """The course website, built once per session (both editions the kit has)."""
    from book_site import BUILD, builder, editions

    return builder().build(editions(), BUILD)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the browser tests last: the quick feedback comes first, and their long-lived browser
    session cannot affect the tests that follow it."""
    items.sort(key=lambda item: "browser" in item.keywords)
