"""Keyboard use of the lessons' widgets in JupyterLab: the notebook's single-key shortcuts stop
at the widgets.

Why: in JupyterLab's command mode, keys such as ArrowUp, ArrowDown, J, K, A, B, D D act on the
notebook whenever anything in it has the focus that is not a text field: with a widget's list or
drop-down focused, the arrow keys moved the active cell instead of the choice, and typing a
letter to jump to an option could insert or delete cells. JupyterLab's own settings mechanism
fixes that without code in the browser: each such shortcut is disabled and added again with its
selector narrowed to elements outside a widget (``:not(.jupyter-widgets *)``). The shortcuts
with Ctrl, Alt or Cmd (run the cell, select all) keep working everywhere.

The settings are JupyterLab's *overrides* (``overrides.json``) for the keyboard-shortcuts
plugin. ``medlab-teach lab`` points JupyterLab at them (``--LabApp.app_settings_dir``); a
JupyterHub image copies the file to ``{sys.prefix}/share/jupyter/lab/settings/``. The file is
generated from the installed JupyterLab's notebook shortcuts: ``python -m
medlab_teach.lab_keyboard --write`` (a test checks that it is in step with JupyterLab).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SETTINGS_DIR = Path(__file__).with_name("jupyterlab_settings")
OVERRIDES = SETTINGS_DIR / "overrides.json"
SHORTCUTS_PLUGIN = "@jupyterlab/shortcuts-extension:shortcuts"
TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"
#: JupyterLab's interface language for each edition of the kit (from its official language packs;
#: English is JupyterLab's own). Each language's settings live in a folder of their own.
LAB_LOCALES = {"es": "es_ES"}
NOTEBOOK_SCHEMA = Path("@jupyterlab") / "notebook-extension" / "tracker.json"
COMMAND_MODE = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"
OUTSIDE_WIDGETS = ":not(.jupyter-widgets *)"
_MODIFIERS = ("Accel", "Ctrl", "Alt", "Cmd", "Meta")


def schemas_dir() -> Path:
    """Where the installed JupyterLab keeps its settings schemas."""
    return Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"


def widget_conflicts(schemas: Path | None = None) -> list[dict[str, Any]]:
    """The notebook's command-mode shortcuts typed without Ctrl, Alt or Cmd."""
    schema = json.loads(((schemas or schemas_dir()) / NOTEBOOK_SCHEMA).read_text("utf-8"))
    return [
        {"command": s["command"], "keys": list(s["keys"]), "selector": s["selector"]}
        for s in schema.get("jupyter.lab.shortcuts", [])
        if s.get("selector") == COMMAND_MODE and s.get("keys") and s["keys"][0]
        and not any(k.split(" ")[0] in _MODIFIERS for k in s["keys"])
    ]


def overrides(schemas: Path | None = None, language: str = "en") -> dict[str, Any]:
    """JupyterLab overrides that keep those shortcuts away from widgets (and, for a language
    with a JupyterLab language pack, show JupyterLab's menus in that language)."""
    shortcuts = []
    for shortcut in widget_conflicts(schemas):
        shortcuts.append({**shortcut, "disabled": True})
        shortcuts.append({**shortcut, "selector": COMMAND_MODE + OUTSIDE_WIDGETS})
    settings: dict[str, Any] = {SHORTCUTS_PLUGIN: {"shortcuts": shortcuts}}
    if language in LAB_LOCALES:
        settings[TRANSLATION_PLUGIN] = {"locale": LAB_LOCALES[language]}
    return settings


def settings_dir(language: str = "en") -> Path:
    """The folder of JupyterLab settings for one language of the kit."""
    return SETTINGS_DIR / language if language in LAB_LOCALES else SETTINGS_DIR


def render(schemas: Path | None = None, language: str = "en") -> str:
    """The overrides file's text (stable: sorted keys, indent 1)."""
    return json.dumps(overrides(schemas, language), indent=1, sort_keys=True) + "\n"


def lab_arguments(language: str = "en") -> list[str]:
    """JupyterLab command-line arguments that apply the kit's settings."""
    return [f"--LabApp.app_settings_dir={settings_dir(language)}"]


def main(argv: list[str] | None = None) -> int:
    """``--write``: regenerate overrides.json; otherwise exit 1 if it is out of step."""
    argv = sys.argv[1:] if argv is None else argv
    status = 0
    for language in ("en", *LAB_LOCALES):
        path, wanted = settings_dir(language) / OVERRIDES.name, render(language=language)
        if "--write" in argv:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(wanted, encoding="utf-8")
        elif not path.exists() or path.read_text(encoding="utf-8") != wanted:
            print(f"{path} is out of step with the installed JupyterLab: run "
                  "python -m medlab_teach.lab_keyboard --write", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
