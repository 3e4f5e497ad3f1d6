"""The run journal: which submissions are finished, so an interrupted run can resume.

One JSON line per submission, appended (and flushed to disk) only *after* its grades are
committed to the course gradebook. A rerun skips a student whose journal entry matches the
current submission's fingerprint; anything else (never finished, re-submitted, source changed)
is graded again. A crash between the commit and the journal line only causes one harmless
regrade: merging is idempotent.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

_BIG = 50 * 1024 * 1024


def _hash_tree(folder: Path, digest: Any, *, notebooks_only: bool = False) -> None:
    if not folder.is_dir():
        digest.update(b"<absent>")
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
        if ".ipynb_checkpoints" in path.parts:
            continue
        if notebooks_only and path.suffix != ".ipynb":
            continue
        rel = path.relative_to(folder).as_posix()
        digest.update(rel.encode() + b"\0")
        if path.is_symlink():
            digest.update(b"link:" + os.readlink(path).encode())
            continue
        stat = path.stat()
        if stat.st_size > _BIG:
            digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
            continue
        digest.update(path.read_bytes())
        digest.update(b"\0")


def fingerprint(submission: Path, source: Path) -> str:
    """Hash of the submitted files and of the source notebooks they are graded against."""
    digest = hashlib.sha256()
    _hash_tree(submission, digest)
    digest.update(b"\0source\0")
    _hash_tree(source, digest, notebooks_only=True)
    return digest.hexdigest()


class Journal:
    """Append-only JSON-lines record of finished submissions for one assignment."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, dict[str, Any]]:
        """The latest entry of each student (a torn last line from a crash is ignored)."""
        entries: dict[str, dict[str, Any]] = {}
        if not self.path.exists():
            return entries
        with self.path.open(encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if isinstance(entry, dict) and "student" in entry:
                    entries[entry["student"]] = entry
        return entries

    def append(self, entry: dict[str, Any]) -> None:
        """Add one entry and make sure it is on disk before returning."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, sort_keys=True, default=str) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
