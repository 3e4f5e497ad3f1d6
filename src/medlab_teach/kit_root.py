"""Where the kit's checkout is: the folder every command works from."""

from __future__ import annotations

from pathlib import Path

from medlab_teach.i18n import _


def find_root(start: Path | None = None) -> Path:
    """The kit's root folder: the nearest folder above ``start`` holding lessons/ and
    nbgrader_config.py (so the command works from any sub-folder of a checkout)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "lessons").is_dir() and (folder / "pyproject.toml").is_file():
            return folder
    package_root = Path(__file__).resolve().parents[2]
    if (package_root / "lessons").is_dir():
        return package_root
    raise FileNotFoundError(_(
        "No medlab-teach checkout found at or above {folder}. Run the command from the kit's "
        "folder (the one with lessons/ and pyproject.toml), or pass --root."
    ).format(folder=here))
