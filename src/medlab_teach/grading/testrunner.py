"""The grader's side of the test runner (:mod:`.trusted`): start it sandboxed, talk to it.

One runner process (a *zygote*) per grading process and assignment: it imports pandas and the
kit and runs the read-only setup cells once, then forks a fresh child for each submission, so
the tests of every submission start from the same clean state in a process that never ran
student code, at the cost of a fork instead of a kernel start.
"""

from __future__ import annotations

import atexit
import logging
import os
import select
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .trusted import _HEADER, MAX_MESSAGE

log = logging.getLogger(__name__)


class RunnerError(RuntimeError):
    """The test runner failed (could not start, died, or broke the protocol)."""


class RunnerTimeoutError(RunnerError):
    """The test runner did not answer before the deadline (it is stopped)."""


@dataclass
class RunnerSpec:
    """How to start a runner: the command (already sandboxed or not) and its working folder."""

    command: list[str]
    cwd: str
    cleanup: Callable[[], None] = field(default=lambda: None)


class TestRunner:
    """One runner process and the session (forked child) currently open in it."""

    def __init__(self, make_spec: Callable[[], RunnerSpec]) -> None:
        self._make_spec = make_spec
        self._spec: RunnerSpec | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._in_session = False

    # -- process ----------------------------------------------------------------------------
    def _ensure_started(self) -> subprocess.Popen[bytes]:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        self.close()
        self._spec = self._make_spec()
        self._proc = subprocess.Popen(
            self._spec.command, cwd=self._spec.cwd, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=False)
        return self._proc

    def close(self) -> None:
        """Stop the runner process (and its sandbox) and remove its run folder."""
        proc, self._proc = self._proc, None
        self._in_session = False
        if proc is not None:
            if proc.poll() is None:
                proc.kill()
            proc.wait(10)
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    stream.close()
        if self._spec is not None:
            self._spec.cleanup()
            self._spec = None

    # -- messages ---------------------------------------------------------------------------
    def _send(self, message: dict[str, Any]) -> None:
        import json

        proc = self._proc
        if proc is None or proc.stdin is None:
            raise RunnerError("the test runner is not running")
        body = json.dumps(message, separators=(",", ":")).encode()
        try:
            proc.stdin.write(_HEADER.pack(len(body)) + body)
            proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise RunnerError(f"the test runner stopped ({exc})") from None

    def _recv(self, deadline: float) -> dict[str, Any]:
        import json

        header = self._read(_HEADER.size, deadline)
        (size,) = _HEADER.unpack(header)
        if size > MAX_MESSAGE:
            raise RunnerError("the test runner sent an oversized message")
        return json.loads(self._read(size, deadline))

    def _read(self, size: int, deadline: float) -> bytes:
        proc = self._proc
        if proc is None or proc.stdout is None:
            raise RunnerError("the test runner is not running")
        fd = proc.stdout.fileno()
        chunks: list[bytes] = []
        while size:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                self.close()
                raise RunnerTimeoutError("the tests did not finish in time")
            chunk = os.read(fd, min(size, 1 << 20))
            if not chunk:
                self.close()
                raise RunnerError("the test runner stopped unexpectedly")
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    # -- sessions ---------------------------------------------------------------------------
    def open_session(self, key: str, setup: list[str], timeout: float) -> list[str]:
        """Fork a fresh child for one notebook; the setup cells' errors (normally none)."""
        if self._in_session:
            self.end_session()
        self._ensure_started()
        self._send({"op": "session", "key": key, "setup": setup})
        reply = self._recv(time.monotonic() + timeout)
        if reply.get("op") != "ready":
            self.close()
            raise RunnerError(f"the test runner answered {reply.get('op')!r} instead of ready")
        self._in_session = True
        return [str(e) for e in reply.get("errors", [])]

    def run(self, request: dict[str, Any], deadline: float,
            on_call: Callable[[dict[str, Any], float], dict[str, Any]]) -> dict[str, Any]:
        """Run one test cell; answer its calls to student functions with ``on_call``."""
        if not self._in_session:
            raise RunnerError("no open session")
        self._send({"op": "run", **request})
        while True:
            reply = self._recv(deadline)
            if reply.get("op") == "done":
                return reply
            if reply.get("op") == "call":
                self._send({"op": "return", "reply": on_call(reply, deadline)})
                continue
            self.close()
            raise RunnerError(f"the test runner sent {reply.get('op')!r}")

    def end_session(self) -> None:
        """Let the child exit; the zygote stays for the next notebook."""
        if not self._in_session:
            return
        self._in_session = False
        try:
            self._send({"op": "end"})
            reply = self._recv(time.monotonic() + 10)
        except RunnerError:
            self.close()
            return
        if reply.get("op") != "ended":
            self.close()


_RUNNERS: dict[tuple[Any, ...], TestRunner] = {}


def runner_for(key: tuple[Any, ...], make_spec: Callable[[], RunnerSpec]) -> TestRunner:
    """The process's runner for ``key`` (sandbox settings and assignment), started lazily."""
    if key not in _RUNNERS:
        _RUNNERS[key] = TestRunner(make_spec)
    return _RUNNERS[key]


@atexit.register
def close_all() -> None:
    """Stop every runner of this process."""
    for runner in _RUNNERS.values():
        runner.close()
    _RUNNERS.clear()


def runner_argv() -> list[str]:
    """The runner's command inside the sandbox."""
    return [sys.executable, "-m", "medlab_teach.grading.trusted"]
