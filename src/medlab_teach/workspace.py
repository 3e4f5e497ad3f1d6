"""The learner's workspace: their own copies of the lessons, outside the kit's tracked files.

Why: a learner's answers are edits to notebooks. Made in the kit's own ``lessons/`` they would
conflict with (or be overwritten by) the next ``git pull``. The workspace (``my-work/`` in the
kit's folder, ignored by git) holds copies made on the first ``medlab-teach lab``; a manifest
records which version of the kit's lesson each copy came from, so ``medlab-teach update`` can
tell a lesson the learner has edited (left alone, the new version put beside it) from one they
have not (updated in place). On JupyterHub, nbgitpuller does this job with the same rule.

"Edited" means the cells' text changed: outputs and metadata that Jupyter writes when a lesson
is only opened or run do not count.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from medlab_teach import messages
from medlab_teach.i18n import _

WORKSPACE_DIR = "my-work"
MANIFEST = ".medlab-workspace.json"
UPDATES_DIR = "kit-updates"
ENV_VAR = "MEDLAB_WORKSPACE"
_FORMAT = 1


@dataclass
class UpdateReport:
    """What a create or an update did, lesson by lesson (file names)."""

    workspace: Path
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: dict[str, Path] = field(default_factory=dict)  # edited lesson -> new version beside
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report in sentences (in the language in force), one per lesson touched or left
        alone."""
        out = list(self.notes)
        out += [_(messages.WORKSPACE_ADDED).format(name=n) for n in self.added]
        out += [_(messages.WORKSPACE_UPDATED).format(name=n) for n in self.updated]
        out += [_(messages.WORKSPACE_KEPT).format(name=n, new_copy=_shown(p, self.workspace))
                for n, p in self.kept.items()]
        if not (self.added or self.updated or self.kept):
            out.append(_(messages.WORKSPACE_UP_TO_DATE).format(path=self.workspace))
        return out


def _shown(path: Path, workspace: Path) -> str:
    try:
        return str(path.relative_to(workspace.parent))
    except ValueError:
        return str(path)


def content_hash(path: Path) -> str:
    """A fingerprint of a notebook's cells (type and text), blind to outputs and metadata."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [[c.get("cell_type"), "".join(c.get("source", ""))] for c in nb.get("cells", [])]
    blob = json.dumps(cells, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


def default_workspace(kit_root: Path) -> Path:
    """Where a kit's workspace lives: ``my-work/`` in the kit's folder."""
    return kit_root / WORKSPACE_DIR


def find_workspace(start: Path | None = None) -> Path | None:
    """The workspace a running lesson belongs to: $MEDLAB_WORKSPACE, else the nearest folder
    at or above ``start`` (default: the current folder) holding a workspace manifest."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MANIFEST).is_file():
            return folder
    return None


def write_json_atomically(path: Path, payload: Any) -> None:
    """Write JSON so that a reader sees the old file or the new one, never half of one."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=1, ensure_ascii=False, sort_keys=True)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def keep_aside(path: Path) -> Path:
    """Rename an unreadable file out of the way (never delete what a learner may need)."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    backup = path.with_name(f"{path.stem}.unreadable-{stamp}{path.suffix}")
    path.replace(backup)
    return backup


def _read_manifest(workspace: Path, report: UpdateReport) -> dict[str, dict[str, str]]:
    path = workspace / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        lessons = data["lessons"]
        if not isinstance(lessons, dict):
            raise ValueError("'lessons' is not a mapping")
        return {str(k): dict(v) for k, v in lessons.items()}
    except (OSError, ValueError, KeyError, TypeError) as err:
        backup = keep_aside(path)
        report.notes.append(_(messages.WORKSPACE_MANIFEST_BAD).format(
            path=path, error=err, backup=backup.name))
        return {}


def _kit_lessons(kit_root: Path) -> dict[str, Path]:
    """The kit's lessons by their path under lessons/ ("02_....ipynb", "es/02_....ipynb")."""
    lessons = kit_root / "lessons"
    found = [*lessons.glob("*.ipynb"), *lessons.glob("*/*.ipynb")]
    return {p.relative_to(lessons).as_posix(): p for p in sorted(found)
            if ".ipynb_checkpoints" not in p.parts}


def pending(kit_root: Path, workspace: Path) -> list[str]:
    """Lessons that are new or changed in the kit since the workspace last took them."""
    try:  # only reads: an unreadable manifest is for update() to set aside and report
        manifest = json.loads((workspace / MANIFEST).read_text(encoding="utf-8"))["lessons"]
    except (OSError, ValueError, KeyError, TypeError):
        manifest = {}
    return [name for name, source in _kit_lessons(kit_root).items()
            if manifest.get(name, {}).get("sha256") != content_hash(source)]


def _kit_version() -> str:
    from medlab_teach import __version__

    return __version__


def update(kit_root: Path, workspace: Path | None = None) -> UpdateReport:
    """Create the workspace if needed, then bring new and changed lessons into it.

    A lesson the learner has not edited is replaced by the kit's current version; an edited
    one is left alone and the kit's version is copied beside it in ``kit-updates/``.
    """
    workspace = workspace or default_workspace(kit_root)
    workspace.mkdir(parents=True, exist_ok=True)
    report = UpdateReport(workspace)
    manifest = _read_manifest(workspace, report)
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for name, source in _kit_lessons(kit_root).items():
        kit_hash = content_hash(source)
        target, record = workspace / name, manifest.get(name)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            report.added.append(name)
        elif record and record.get("sha256") == kit_hash:
            continue  # the kit's lesson has not changed since it was copied
        elif record is None and content_hash(target) == kit_hash:
            pass  # same text as the kit's (e.g. the manifest was lost): adopt it
        elif record and content_hash(target) == record.get("sha256"):
            shutil.copyfile(source, target)
            report.updated.append(name)
        else:
            beside = workspace / UPDATES_DIR / name
            beside.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, beside)
            report.kept[name] = beside
            continue  # the record keeps the version the learner's copy came from
        manifest[name] = {"sha256": kit_hash, "kit_version": _kit_version(), "copied": stamp}
    write_json_atomically(workspace / MANIFEST, {"format": _FORMAT, "lessons": manifest})
    return report


def ensure(kit_root: Path, workspace: Path | None = None) -> tuple[Path, UpdateReport | None]:
    """The workspace, created with every lesson on first use (None: it already existed)."""
    workspace = workspace or default_workspace(kit_root)
    if (workspace / MANIFEST).is_file():
        return workspace, None
    return workspace, update(kit_root, workspace)
