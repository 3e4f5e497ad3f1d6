"""The next notebook's kernel, started while the grader does nbgrader's work between notebooks.

Between two notebooks a worker spends about a tenth of a second in nbgrader (saving grades,
writing the graded notebook, staging and sanitising the next submission) while no kernel runs.
:func:`start_spare` starts the next kernel then, in the background, on the event loop nbclient
uses; :func:`take_spare` hands it to the next notebook that would get the same kind of kernel
(same sandbox settings, uid, kernel and assignment files). Each kernel still serves one notebook
only: a spare is a fresh kernel that nobody has used. The loop turns once when the spare is
started (its run folder is made and the fork is requested from the zygote in an executor
thread) and again when it is taken; in between, the kernel initialises in its own process.

A spare is started only **after** the previous kernel has been stopped and its PID namespace
emptied, never while student code runs: the two would share the sandbox uid and so its process
limit, and a submission that exhausts it must not break the next student's kernel. A spare that
died before it was taken, or failed to start, is discarded and the notebook gets a kernel
started the ordinary way. Only where no event loop runs in the grading thread (nbgrader's
commands and ``medlab-teach grade``); elsewhere nothing changes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from jupyter_core.utils import ensure_event_loop

from .warm import WarmKernelManager

log = logging.getLogger(__name__)

_SPARES: dict[tuple[Any, ...], tuple[WarmKernelManager, asyncio.Task[Any]]] = {}
_COUNTS = {"ahead": 0, "started": 0}


def _loop() -> asyncio.AbstractEventLoop | None:
    """nbclient's loop for this thread, if no loop is running here (else None: no spares)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return ensure_event_loop()
    return None


def _key(km: WarmKernelManager) -> tuple[Any, ...]:
    return (type(km), km.spare_key(), km.kernel_name, km.work_files)


def start_spare(km: WarmKernelManager, **start_kwargs: Any) -> None:
    """Start, in the background, a kernel like ``km``'s for the next notebook (call it after
    ``km``'s kernel has been shut down)."""
    loop = _loop()
    if loop is None or not km.prestart:
        return
    key = _key(km)
    if key in _SPARES:
        return
    close_spares()  # at most one spare: a different kind of notebook is coming
    spare = type(km)(parent=km.parent, config=km.config, kernel_name=km.kernel_name)
    spare.work_files = km.work_files
    task = loop.create_task(spare.start_kernel(**start_kwargs))
    _SPARES[key] = (spare, task)
    # One turn of the loop runs the start up to the zygote's fork request, which goes on in
    # an executor thread (and the kernel starts in its own process) while the grader works.
    loop.run_until_complete(asyncio.sleep(0))


def take_spare(km: WarmKernelManager) -> WarmKernelManager | None:
    """The spare started for a notebook like ``km``'s, if it is alive; else None."""
    _COUNTS["started"] += 1
    entry = _SPARES.pop(_key(km), None)
    loop = _loop()
    if entry is None or loop is None:
        return None
    spare, task = entry
    try:
        loop.run_until_complete(task)
        if _usable(loop, spare):
            _COUNTS["ahead"] += 1
            return spare
        log.warning("the kernel started ahead had stopped; starting another")
    except Exception as exc:  # any failure of a spare costs a fresh start, never a grade
        log.warning("the kernel started ahead could not be used (%s); starting another", exc)
    _discard(loop, spare, task)
    return None


def _usable(loop: asyncio.AbstractEventLoop, spare: WarmKernelManager) -> bool:
    """Whether the spare's kernel still runs."""
    return bool(loop.run_until_complete(spare.is_alive()))


def pop_counts() -> tuple[int, int]:
    """(kernels started ahead and taken, kernels started) since the last call."""
    counts = (_COUNTS["ahead"], _COUNTS["started"])
    _COUNTS.update(ahead=0, started=0)
    return counts


def close_spares() -> None:
    """Stop every spare kernel of this process and remove its run folder."""
    loop = _loop()
    while _SPARES:
        _, (spare, task) = _SPARES.popitem()
        if loop is not None:
            _discard(loop, spare, task)


def _discard(loop: asyncio.AbstractEventLoop, spare: WarmKernelManager,
             task: asyncio.Task[Any]) -> None:
    with contextlib.suppress(Exception):
        if not task.done():
            task.cancel()
        loop.run_until_complete(asyncio.gather(task, return_exceptions=True))
    with contextlib.suppress(Exception):
        if spare.has_kernel:
            loop.run_until_complete(spare.shutdown_kernel(now=True))
    with contextlib.suppress(Exception):
        loop.run_until_complete(spare.cleanup_resources())
