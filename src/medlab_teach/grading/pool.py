"""Worker processes with their pipes: hand out tasks, collect results, replace the dead.

A worker that crashes, or a submission that overruns its hard limit, costs that one
submission (reported as ``error``) and the worker is replaced in the same slot (same uids).
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

from .worker import (
    FeedbackResult,
    FeedbackTask,
    GradeResult,
    GradeTask,
    GradingSettings,
    Ready,
    Result,
    Stop,
    Task,
    WorkerFatal,
    worker_main,
)


class WorkerFailedError(RuntimeError):
    """A worker reported that it cannot grade at all (the run stops: exit code 2)."""


@dataclass
class _Slot:
    proc: Any
    conn: Any
    ready: bool = False
    task: Task | None = None
    started: float = 0.0


class Pool:
    """N worker processes, forked so they start with nbgrader already imported."""

    def __init__(self, settings: GradingSettings, size: int) -> None:
        self.settings = settings
        # The main process has no threads and no open database connection at this point.
        self.ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        self.slots: dict[int, _Slot] = {}
        for slot in range(size):
            self._spawn(slot)

    def _spawn(self, slot: int) -> None:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=worker_main, args=(child, self.settings, slot),
                                daemon=True, name=f"medlab-grade-{slot}")
        proc.start()
        child.close()
        self.slots[slot] = _Slot(proc, parent)

    def respawn(self, slot: int) -> None:
        """Kill a worker (and with it its sandboxes) and start a fresh one in the same slot."""
        info = self.slots[slot]
        if info.proc.is_alive():
            info.proc.kill()
        info.proc.join(5)
        info.conn.close()
        self._spawn(slot)

    def stop(self) -> None:
        """Ask every worker to finish, then make sure they have."""
        for info in self.slots.values():
            with contextlib.suppress(OSError):
                info.conn.send(Stop())
        deadline = time.monotonic() + 10
        for info in self.slots.values():
            info.proc.join(max(0.1, deadline - time.monotonic()))
            if info.proc.is_alive():
                info.proc.kill()
                info.proc.join(5)

    def busy(self) -> bool:
        """Whether any worker has a task."""
        return any(info.task is not None for info in self.slots.values())

    def drive(self, queue: deque[Task], hard_limit: float,
              on_result: Callable[[Result], None]) -> None:
        """Hand tasks to idle workers until the queue is empty and every worker is idle."""
        while queue or self.busy():
            for info in self.slots.values():
                if info.ready and info.task is None and queue:
                    info.task = queue.popleft()
                    info.started = time.monotonic()
                    info.conn.send(info.task)
            self._collect(on_result)
            now = time.monotonic()
            for slot, info in list(self.slots.items()):
                if info.task is not None and now - info.started > hard_limit:
                    self._lost(slot, f"grading took longer than the hard limit of "
                               f"{hard_limit:.0f} s; the worker was stopped", on_result)

    def _collect(self, on_result: Callable[[Result], None]) -> None:
        waitables: dict[Any, int] = {}
        for slot, info in self.slots.items():
            waitables[info.conn] = slot
            waitables[info.proc.sentinel] = slot
        for ready in wait(list(waitables), timeout=1.0):
            slot = waitables[ready]
            info = self.slots[slot]
            try:
                message = info.conn.recv() if info.conn.poll() else None
            except (EOFError, OSError):
                message = None
            if message is None:
                if not info.proc.is_alive():
                    self._lost(slot, "the grading worker stopped unexpectedly", on_result)
                continue
            if isinstance(message, Ready):
                info.ready = True
            elif isinstance(message, WorkerFatal):
                raise WorkerFailedError(message.message)
            else:
                info.task = None
                on_result(message)

    def _lost(self, slot: int, reason: str, on_result: Callable[[Result], None]) -> None:
        task = self.slots[slot].task
        self.respawn(slot)
        if isinstance(task, GradeTask):
            on_result(GradeResult(task.student, task.fingerprint, message=reason))
        elif isinstance(task, FeedbackTask):
            on_result(FeedbackResult(task.student, False, reason))
