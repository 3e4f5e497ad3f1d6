"""Warm student kernels: forked from a pre-imported zygote, each still a fresh, sandboxed kernel.

A cold kernel spends about a second starting Python and importing IPython, pandas and
matplotlib before the student's first cell. :class:`WarmKernelManager` asks a zygote
(:mod:`.zygote`, one per grading process, started in the grading sandbox) to fork the kernel
instead; the child enters its own namespaces, run folder and uid before any student code runs.

``kernels`` chooses: ``"warm"`` (fail if the zygote cannot start), ``"cold"`` (today's
bubblewrap start per kernel), ``"auto"`` (warm, else cold; the reason is logged and returned
by :func:`kernel_mode` for the run's report).
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any

from traitlets import Bool, Enum

from .sandbox import SandboxedKernelManager, SandboxUnavailableError
from .testrunner import RunnerError, TestRunner

log = logging.getLogger(__name__)

_ZYGOTES: dict[tuple[Any, ...], Zygote] = {}
_MODE: dict[str, str] = {}
ZYGOTE_CPU_SECONDS = 24 * 3600


def kernel_mode() -> str:
    """How this process started its student kernels: 'warm', 'cold' or 'cold (why)'; '' if none."""
    return _MODE.get("mode", "")


class Zygote(TestRunner):
    """The grader's handle on one zygote process (framed JSON over its stdin/stdout)."""

    def __init__(self, command: list[str], cwd: str, rundir: str) -> None:
        super().__init__(lambda: None)  # type: ignore[arg-type,return-value]
        self.rundir = rundir
        self._lock = threading.Lock()
        self.stderr_path = os.path.join(rundir, "zygote-stderr.log")
        with open(self.stderr_path, "wb") as stderr:
            self._proc = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, stderr=stderr)
        ready = self._recv(time.monotonic() + 120)
        if ready.get("op") != "ready" or ready.get("threads") != 1:
            self.close()
            raise RunnerError(f"the zygote answered {ready!r} instead of ready")

    def ask(self, message: dict[str, Any], timeout: float = 30) -> dict[str, Any]:
        """Send one request and return its answer (one request at a time, from any thread)."""
        with self._lock:
            self._send(message)
            return self._recv(time.monotonic() + timeout)

    def stderr_tail(self) -> str:
        """The end of what the zygote and its kernels wrote before their own log existed."""
        try:
            with open(self.stderr_path, "rb") as fh:
                return fh.read()[-2000:].decode("utf-8", "replace")
        except OSError:
            return ""

    def alive(self) -> bool:
        """Whether the zygote process still runs."""
        return self._proc is not None and self._proc.poll() is None

    def close(self) -> None:
        """Stop the zygote (its kernels die with it) and remove its run folder."""
        super().close()
        said = self.stderr_tail().strip()
        if said:
            log.warning("the warm kernel zygote said: %s", said)
        shutil.rmtree(self.rundir, ignore_errors=True)


class ZygoteChild:
    """A warm kernel as jupyter_client's LocalProvisioner sees a ``Popen``."""

    stdin = stdout = stderr = None

    def __init__(self, zygote: Zygote, pid: int) -> None:
        self.zygote = zygote
        self.pid = pid
        self.returncode: int | None = None

    def _status(self, message: dict[str, Any]) -> int | None:
        if self.returncode is not None:
            return self.returncode
        try:
            code = self.zygote.ask({**message, "pid": self.pid}).get("code")
        except RunnerError:
            code = -9
        self.returncode = code
        return code

    def poll(self) -> int | None:
        """The exit code, or None while the kernel runs."""
        return self._status({"op": "poll"})

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the kernel to end (jupyter_client calls it once poll says it has)."""
        deadline = time.monotonic() + (timeout if timeout is not None else 3600)
        while self.poll() is None:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("warm kernel", timeout or 0)
            time.sleep(0.05)
        return int(self.returncode or 0)

    def send_signal(self, signum: int) -> None:
        """Signal the kernel's keeper (the kernel dies with it when the signal is fatal)."""
        self._status({"op": "signal", "signum": int(signum)})

    def kill(self) -> None:
        """Kill the kernel and every process of its PID namespace."""
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        """Same as kill: a kernel is PID 1 of its namespace and would ignore SIGTERM."""
        self.send_signal(signal.SIGKILL)


class WarmKernelManager(SandboxedKernelManager):
    """A sandboxed kernel manager whose kernels are forked from a warm zygote when possible."""

    kernels = Enum(["auto", "warm", "cold"], "auto",
                   help="warm: fork kernels from a pre-imported zygote; cold: start each one "
                        "from scratch; auto: warm when possible, else cold.").tag(config=True)
    prestart = Bool(True, help="Start the next notebook's kernel while the grader finishes "
                               "this one (after this kernel has stopped; each kernel still "
                               "serves one notebook).").tag(config=True)

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        """The cold command; the kernel's own arguments are kept for a warm start."""
        raw = super(SandboxedKernelManager, self).format_kernel_cmd(extra_arguments)
        module = raw.index("-m") + 2 if "-m" in raw else len(raw)
        self._kernel_args = raw[module:]
        return super().format_kernel_cmd(extra_arguments)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        zygote = self._zygote() if self.kernels != "cold" else None
        if zygote is None:
            _MODE.setdefault("mode", "cold")
            await super()._async_launch_kernel(kernel_cmd, **kw)
            return
        assert self._rundir is not None and self.provisioner is not None
        log_path = os.path.join(self._rundir, "kernel-stderr.log")
        if os.path.exists(log_path):
            os.chown(log_path, self.uid, self.uid)
        request = {"op": "spawn", "rundir": self._rundir, "kernels": self._kernels_root(),
                   "connection_file": self.connection_file, "uid": self.uid,
                   "args": getattr(self, "_kernel_args", ["-f", self.connection_file]),
                   "env": self._sandbox_env([sys.executable], self._rundir),
                   "tmp_bytes": self.tmp_size_mb * 1024 * 1024,
                   "readonly": self.readonly_binds([sys.executable]),
                   "cpu_seconds": self.cpu_seconds}
        reply = await asyncio.get_running_loop().run_in_executor(None, zygote.ask, request)
        if reply.get("op") != "spawned":
            raise RuntimeError(f"the warm kernel could not be forked: {reply.get('message')}")
        provisioner: Any = self.provisioner
        provisioner.process = ZygoteChild(zygote, int(reply["pid"]))
        provisioner.pid, provisioner.pgid = provisioner.process.pid, None
        self._reconcile_connection_info(provisioner.connection_info)

    def kernel_stderr(self) -> str:
        """The kernel's own log, else what its zygote heard from it before the log existed."""
        said = super().kernel_stderr()
        if said or self.kernels == "cold":
            return said
        zygote = _ZYGOTES.get(self._key())
        return zygote.stderr_tail() if zygote is not None else ""

    def _kernels_root(self) -> str:
        return os.path.realpath(self.scratch_root or tempfile.gettempdir())

    def spare_key(self) -> tuple[Any, ...]:
        """What two kernels must share for one started ahead to serve the other's notebook."""
        return (*self._key(), self.kernels, self.uid, self.tmp_size_mb)

    def _key(self) -> tuple[Any, ...]:
        return (self._kernels_root(), tuple(self.python_paths), tuple(self.readonly_paths),
                tuple(self.forbidden_paths), self.cpu_seconds, self.memory_mb,
                self.max_processes, self.file_size_mb, self.open_files)

    def _zygote(self) -> Zygote | None:
        """This process's zygote for these settings, started on first use; None: go cold."""
        key = self._key()
        zygote = _ZYGOTES.get(key)
        if zygote is not None and zygote.alive():
            return zygote
        if zygote is not None:
            zygote.close()
        if _MODE.get("mode", "").startswith("cold ("):
            return None
        try:
            _ZYGOTES[key] = zygote = self._start_zygote()
        except (RunnerError, OSError, SandboxUnavailableError) as exc:
            reason = f"cold (the warm kernel zygote could not start: {exc})"
            if self.kernels == "warm":
                raise SandboxUnavailableError(reason[6:-1] + "; use --kernels cold") from exc
            log.warning("student kernels: %s", reason)
            _MODE["mode"] = reason
            return None
        _MODE["mode"] = "warm"
        return zygote

    def _start_zygote(self) -> Zygote:
        """Run the zygote in a sandbox like a kernel's, keeping the capabilities to fork them."""
        helper = SandboxedKernelManager(parent=self.parent, config=self.config,
                                        role=self.role, sandbox_uid=self.sandbox_uid,
                                        lease_uid=self.lease_uid)
        helper.scratch_root = self.scratch_root
        # The zygote lives for the whole run; each kernel sets the real CPU limit for itself.
        helper.cpu_seconds = max(self.cpu_seconds, ZYGOTE_CPU_SECONDS)
        command, cwd = helper.process_command(
            [sys.executable, "-m", "medlab_teach.grading.zygote"],
            privileged_binds=[self._kernels_root()])
        assert helper._rundir is not None
        # The zygote is root without CAP_DAC_OVERRIDE: its own home and caches must be root's.
        for sub in ("home", "mpl"):
            for folder, _, files in os.walk(os.path.join(helper._rundir, sub)):
                for name in [folder, *(os.path.join(folder, f) for f in files)]:
                    os.chown(name, 0, 0)
        return Zygote(command, cwd, helper._rundir)


def close_zygotes() -> None:
    """Stop every zygote of this process."""
    for zygote in _ZYGOTES.values():
        zygote.close()
    _ZYGOTES.clear()
