"""Start and stop the processes of the browser tests (JupyterLab, Chromium) by their own PIDs.

Every process is started in a new session (its own process group), its PID recorded, and stopped
with ``killpg`` on that PID. Kernels started by the server live in sessions of their own
(jupyter_client starts them so), so the descendants of a process are listed before it is stopped
and each one still alive afterwards is stopped by its PID too. ``stop`` returns only when every one
of them is gone, or raises.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path


def start(cmd: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None,
          log: Path) -> subprocess.Popen[bytes]:
    """Start ``cmd`` as the leader of a new session, its output in ``log`` (read on failure)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        return subprocess.Popen(
            list(cmd), cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True,
        )


def _stat_fields() -> dict[int, list[str]]:
    """pid -> the fields of /proc/pid/stat after the command name (state, ppid, pgrp, ...)."""
    table: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name (field 2) may hold spaces or parentheses: split after its last ')'.
        table[int(entry.name)] = stat[stat.rindex(")") + 2:].split()
    return table


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes whose process group is ``pgid``."""
    return [pid for pid, f in _stat_fields().items() if int(f[2]) == pgid and f[0] != "Z"]


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children, grandchildren...), found through /proc."""
    children: dict[int, list[int]] = {}
    for child, f in _stat_fields().items():
        children.setdefault(int(f[1]), []).append(child)
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def _wait_gone(pids: Sequence[int], deadline: float) -> list[int]:
    while time.monotonic() < deadline:
        left = [p for p in pids if alive(p)]
        if not left:
            return []
        time.sleep(0.1)
    return [p for p in pids if alive(p)]


def stop(proc: subprocess.Popen[bytes], *, grace: float = 10.0) -> None:
    """Stop ``proc``'s process group (SIGTERM, then SIGKILL after ``grace`` s) and every
    descendant it had started in a session of its own; raise if any of them survives."""
    pid = proc.pid
    below = descendants(pid)
    if proc.poll() is None:
        _signal_group(pid, signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            _signal_group(pid, signal.SIGKILL)
            proc.wait(timeout=10)
    # Descendants in sessions of their own (kernels): the server shuts them down on SIGTERM;
    # any that outlived it is stopped here by its own PID (each leads its own group).
    left = _wait_gone(below, time.monotonic() + grace)
    for child in left:
        _signal_group(child, signal.SIGTERM)
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGTERM)
    left = _wait_gone(left, time.monotonic() + 5)
    for child in left:
        _signal_group(child, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)
    left = _wait_gone(left, time.monotonic() + 5)
    # Helpers that stayed in the group after its leader exited (browser renderers...).
    members = group_members(pid)
    if members:
        _signal_group(pid, signal.SIGKILL)
    group_left = _wait_gone(members, time.monotonic() + 5)
    if left or group_left or alive(pid):
        raise RuntimeError(
            f"process {pid} ({proc.args!r}) or its descendants {left + group_left} are still "
            "running"
            " after SIGTERM and SIGKILL"
        )


def pids_mentioning(text: str) -> list[int]:
    """Live processes whose command line contains ``text`` (a temporary folder of the tests)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in cmdline and alive(int(entry.name)):
            found.append(int(entry.name))
    return found


def stop_stragglers(text: str, *, grace: float = 10.0) -> None:
    """Stop, by PID, helpers that left the process tree but name one of the tests' folders
    (Chromium's crash handler detaches itself; it exits with the browser, checked here)."""
    left = _wait_gone(pids_mentioning(text), time.monotonic() + grace)
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    left = _wait_gone(left, time.monotonic() + 5)
    if left:
        raise RuntimeError(f"processes {left} mentioning {text} are still running")
