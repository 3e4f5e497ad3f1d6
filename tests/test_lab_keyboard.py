"""The kit's JupyterLab settings keep the notebook's single-key shortcuts away from widgets, in
step with the installed JupyterLab, and `medlab-teach lab` applies them."""

from __future__ import annotations

import json
from pathlib import Path

from medlab_teach import lab_keyboard
from medlab_teach.cli import lab_command

ROOT = Path(__file__).resolve().parents[1]


def test_overrides_file_is_in_step_with_the_installed_jupyterlab() -> None:
    assert lab_keyboard.main([]) == 0, "run: python -m medlab_teach.lab_keyboard --write"


def test_each_conflicting_shortcut_is_moved_outside_the_widgets() -> None:
    conflicts = lab_keyboard.widget_conflicts()
    keys = {tuple(s["keys"]) for s in conflicts}
    assert {("ArrowDown",), ("ArrowUp",), ("J",), ("K",), ("A",), ("B",), ("D", "D")} <= keys
    assert not any(k[0].startswith(("Accel", "Ctrl", "Alt")) for k in keys)
    shortcuts = json.loads(lab_keyboard.OVERRIDES.read_text())[
        lab_keyboard.SHORTCUTS_PLUGIN]["shortcuts"]
    for conflict in conflicts:
        assert {**conflict, "disabled": True} in shortcuts
        narrowed = {**conflict, "selector": conflict["selector"] + ":not(.jupyter-widgets *)"}
        assert narrowed in shortcuts


def test_lab_applies_the_settings() -> None:
    cmd = lab_command(ROOT, port=None, no_browser=True, ip="127.0.0.1", extra=[])
    assert f"--LabApp.app_settings_dir={lab_keyboard.SETTINGS_DIR}" in cmd
    assert (lab_keyboard.SETTINGS_DIR / "overrides.json").is_file()
