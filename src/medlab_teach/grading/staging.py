"""A submission is data: copy what nbgrader may read, never follow what it must not.

nbgrader copies a submission folder with ``shutil.copy``, which follows symbolic links (a link
to the gradebook lands, as a file, in ``autograded/`` and ``feedback/``) and blocks forever on
a FIFO. Before nbgrader sees a submission, :func:`stage` makes a private copy holding only
regular files: links and special files are reported and left behind, a malformed
``timestamp.txt`` is replaced by the file's own time (and reported), and every other file is
listed. nbgrader then grades the copy. No submitted file ever reaches a kernel: the sandboxes'
work folders get the assignment's own files only (:func:`.sandbox.copy_work_tree`).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
from dataclasses import dataclass, field

from .events import Event, Kind

_SKIPPED_DIRS = frozenset({".ipynb_checkpoints", "__pycache__"})
_MAX_TIMESTAMP_BYTES = 200


@dataclass
class Staged:
    """The private copy of one submission, and what was found while making it."""

    folder: str
    events: list[Event] = field(default_factory=list)
    other_files: list[str] = field(default_factory=list)


def _kind_of(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "symbolic link"
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device file"
    return "special file"


def _copy_regular(src: str, dst: str) -> bool:
    """Copy one regular file without following a link (False if it is not one any more)."""
    try:
        fd = os.open(src, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    with os.fdopen(fd, "rb") as source:
        if not stat.S_ISREG(os.fstat(source.fileno()).st_mode):
            return False
        with open(dst, "wb") as target:
            shutil.copyfileobj(source, target)
    os.chmod(dst, 0o600)
    return True


def stage(src: str, dst: str, notebooks: list[str]) -> Staged:
    """Copy the submission ``src`` into ``dst`` (regular files only) and report the rest."""
    staged = Staged(dst)
    shutil.rmtree(dst, ignore_errors=True)
    os.makedirs(dst, mode=0o700)
    expected = {f"{name}.ipynb" for name in notebooks}
    for root, dirs, files in os.walk(src, followlinks=False):
        rel_root = os.path.relpath(root, src)
        target_root = dst if rel_root == "." else os.path.join(dst, rel_root)
        os.makedirs(target_root, mode=0o700, exist_ok=True)
        kept = []
        for name in sorted(dirs):
            rel = os.path.normpath(os.path.join(rel_root, name))
            mode = os.lstat(os.path.join(root, name)).st_mode
            if not stat.S_ISDIR(mode):
                _refuse(staged, rel, mode, os.path.join(root, name))
            elif name not in _SKIPPED_DIRS:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            rel = os.path.normpath(os.path.join(rel_root, name))
            path = os.path.join(root, name)
            mode = os.lstat(path).st_mode
            if not stat.S_ISREG(mode) or not _copy_regular(path, os.path.join(target_root,
                                                                               name)):
                _refuse(staged, rel, mode, path)
            elif rel != "timestamp.txt" and rel not in expected:
                staged.other_files.append(rel)
    _check_timestamp(staged, src)
    if staged.other_files:
        staged.events.append(Event(Kind.EXTRA_FILES, "", "other files in the submission (kept "
                                   "in autograded/, never given to the student's code): "
                                   + ", ".join(staged.other_files[:20])
                                   + (" ..." if len(staged.other_files) > 20 else "")))
    return staged


def _refuse(staged: Staged, rel: str, mode: int, path: str) -> None:
    what = _kind_of(mode)
    if stat.S_ISLNK(mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        message = (f"{rel} is a symbolic link (to {target}); it was not followed nor copied "
                   "anywhere")
        staged.events.append(Event(Kind.SYMLINK_IN_SUBMISSION, "", message))
    else:
        staged.events.append(Event(Kind.SPECIAL_FILE, "", f"{rel} is a {what}; it was not "
                                   "read nor copied anywhere"))


def _check_timestamp(staged: Staged, src: str) -> None:
    """A timestamp nbgrader cannot read becomes the file's own time, and is reported."""
    from nbgrader.utils import parse_utc

    path = os.path.join(staged.folder, "timestamp.txt")
    if not os.path.exists(path):
        return
    with open(path, "rb") as fh:
        raw = fh.read(_MAX_TIMESTAMP_BYTES + 1)
    text = raw.decode("utf-8", "replace").strip()
    try:
        if len(raw) > _MAX_TIMESTAMP_BYTES:
            raise ValueError("too long")
        if text:
            parse_utc(text)
        return
    except (ValueError, OverflowError, TypeError, LookupError):
        pass
    original = os.lstat(os.path.join(src, "timestamp.txt")).st_mtime
    when = dt.datetime.fromtimestamp(original, tz=dt.timezone.utc)
    stamp = when.strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(stamp + "\n")
    shown = text[:40].encode("unicode_escape").decode("ascii")
    staged.events.append(Event(Kind.TIMESTAMP_INVALID, "", f"timestamp.txt is not a date "
                               f"({shown!r}); the file's own time ({stamp}) was used"))
