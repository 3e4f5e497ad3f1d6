"""The warm kernel zygote: imports the course's libraries once, forks one fresh kernel per notebook.

Started by the grader (:mod:`.warm`) inside a bubblewrap sandbox like every kernel (same
read-only system, no network, cleared environment, rlimits), but keeping root's
``CAP_SYS_ADMIN``/``CAP_SETUID``/``CAP_SETGID``/``CAP_SETPCAP`` there so that each child can
build its own sandbox. It never runs student code. For each notebook it forks a child that,
**before any student code runs**:

1. makes new mount, PID, network, IPC and UTS namespaces (the kernel is PID 1 of its own PID
   namespace: when it ends, every process it started ends with it);
2. hides every other run folder (a fresh tmpfs over the kernels' folder, then its own run
   folder bound back), binds its own working copy at ``/submission``, and mounts a fresh
   size-capped ``/tmp`` and ``/dev/shm`` and a fresh ``/proc``; the read-only folders these
   fresh mounts covered (an interpreter or data installed under ``/tmp``) are bound back,
   read-only;
3. drops the capability bounding set, every group, switches to the sandbox uid (which clears
   its capabilities), sets ``no_new_privs`` and a parent-death signal, clears the
   environment to the sandbox's own, re-seeds the random generators;
4. becomes the IPython kernel for the connection file the grader wrote.

The rlimits set by ``prlimit`` on the zygote are inherited; CPU time starts at 0 in each child.
Protocol: length-prefixed JSON on stdin/stdout (:class:`.trusted.Channel`): the zygote first
sends ``ready`` {threads}; then ``spawn`` {rundir, kernels, connection_file, uid, env,
tmp_bytes} → ``spawned`` {pid} or ``error`` {message}; ``poll`` {pid} → ``status`` {code};
``signal`` {pid, signum} → ``status`` {code}.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import signal
import sys
import threading
import time
from typing import Any

from .sandbox import is_within
from .trusted import Channel

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_BIND, MS_REC, MS_PRIVATE = 2, 4, 8, 4096, 16384, 1 << 18
MS_RDONLY, MS_REMOUNT = 1, 32
PR_CAPBSET_DROP, PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 24, 1, 38
WORK_MOUNT = "/submission"
KILL_WAIT = 2.0
_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _mount(source: str | None, target: str, fstype: str | None, flags: int,
           data: str | None = None) -> None:
    def enc(s):
        return (s.encode() if s is not None else None)
    _check(_libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags),
                       enc(data)), f"mount {target}")


def _clear_capabilities() -> None:
    """Empty the effective, permitted and inheritable sets (setuid leaves inheritable)."""
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this thread
    data = (ctypes.c_uint32 * 6)()
    _check(_libc.capset(header, data), "capset")


def preload() -> None:
    """Import what every notebook of the course needs (trusted code only, no threads)."""
    import matplotlib

    matplotlib.use("agg")
    # The kernel imports its debugger (debugpy, about 0.1 s) as it starts: once here instead.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    import ipykernel.debugger
    import ipykernel.ipkernel
    import ipykernel.kernelapp  # noqa: F401
    import IPython  # noqa: F401
    import matplotlib.pyplot
    import numpy  # noqa: F401
    import pandas  # noqa: F401

    import medlab_teach
    import medlab_teach.data
    import medlab_teach.grading.transfer

    # Students' cells load the course's tables: parsed once here, copied in each kernel.
    medlab_teach.data.preload_tables()


def enter_sandbox(request: dict[str, Any]) -> None:
    """In the fresh child (PID 1 of its namespaces): build its file view, drop to its uid."""
    rundir, kernels = request["rundir"], request["kernels"]
    uid = int(request["uid"])
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    keep = os.open(rundir, os.O_PATH | os.O_DIRECTORY)
    held = _hold(request.get("readonly", []), ("/tmp", "/dev/shm", kernels), kernels)
    size = f"size={int(request['tmp_bytes'])},mode=1777"
    _mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, size)
    if os.path.isdir("/dev/shm"):
        _mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, size)
    # The kernels' folder may have been under /tmp (or be /tmp): (re)made, then covered.
    os.makedirs(kernels, mode=0o755, exist_ok=True)
    _mount("tmpfs", kernels, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755")
    os.makedirs(rundir, mode=0o711, exist_ok=True)
    _mount(f"/proc/self/fd/{keep}", rundir, None, MS_BIND)
    os.close(keep)
    _bind_back_readonly(held)
    _mount(os.path.join(rundir, "work"), WORK_MOUNT, None, MS_BIND)
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    os.chdir(WORK_MOUNT)
    cpu = int(request["cpu_seconds"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    for cap in range(64):
        if _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and ctypes.get_errno() != 22:
            _check(-1, f"drop capability {cap}")
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    _clear_capabilities()
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    _check(_libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0), "parent-death signal")
    with open("/proc/self/status") as fh:
        caps = {k: v.strip() for k, v in (line.split(":", 1) for line in fh if ":" in line)}
    if any(int(caps.get(k, "1"), 16) for k in ("CapEff", "CapPrm", "CapInh", "CapAmb")):
        raise PermissionError("the kernel still holds capabilities after dropping its uid")
    os.environ.clear()
    os.environ.update(request["env"])


def _hold(paths: list[str], tops: tuple[str, ...], kernels: str) -> list[tuple[str, int]]:
    """Handles on the read-only folders (the interpreter's, the data) that a fresh /tmp,
    /dev/shm or kernels' folder is about to cover: an installation under /tmp must stay
    importable. A folder holding the kernels' folder is never shown again (it would show the
    other kernels' run folders)."""
    held = []
    for path in paths:
        if any(is_within(path, top) for top in tops) and not is_within(kernels, path) \
                and os.path.exists(path):
            held.append((path, os.open(path, os.O_PATH)))
    return held


def _bind_back_readonly(held: list[tuple[str, int]]) -> None:
    """Bind each held folder again at its place, read-only, in the fresh tmpfs."""
    for path, fd in held:
        source = f"/proc/self/fd/{fd}"
        if os.path.isdir(source):
            os.makedirs(path, mode=0o755, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(path), mode=0o755, exist_ok=True)
            with open(path, "a"):
                pass
        _mount(source, path, None, MS_BIND | MS_REC)
        _mount(None, path, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
        os.close(fd)


def _redirect_io(rundir: str) -> None:
    """stdin/stdout to /dev/null, stderr to the run folder's log; close every other fd."""
    null = os.open(os.devnull, os.O_RDWR)
    err = os.open(os.path.join(rundir, "kernel-stderr.log"),
                  os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.dup2(err, 2)
    os.closerange(3, 65536)


def _fresh_state() -> None:
    """What a new interpreter would have: its own random seeds, config folders, import caches."""
    import importlib
    import random

    import numpy

    random.seed()
    numpy.random.seed()
    os.makedirs(os.environ.get("MPLCONFIGDIR", "/tmp/mpl"), exist_ok=True)
    importlib.invalidate_caches()


def serve_kernel(request: dict[str, Any]) -> None:
    """The child's whole life: sandbox, then the IPython kernel (never returns)."""
    code = 1
    try:
        enter_sandbox(request)
        _redirect_io(request["rundir"])
        _fresh_state()
        from ipykernel.kernelapp import IPKernelApp

        sys.argv = ["ipykernel_launcher", *request["args"]]
        app = IPKernelApp.instance()
        app.initialize(sys.argv[1:])
        app.start()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException as exc:
        os.write(2, f"warm kernel failed: {type(exc).__name__}: {exc}\n".encode())
    finally:
        os._exit(code)


def spawn(request: dict[str, Any]) -> tuple[int, int]:
    """Fork the keeper (waits, in the zygote's namespaces) whose child is the new kernel.

    Returns (keeper, kernel) pids: signals go to the kernel, PID 1 of its namespace, so that
    SIGKILL ends every process the student started; the keeper reports its exit code.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            kernel_pid = int(pipe.read().decode() or 0)
        if not kernel_pid:
            raise OSError("the kernel could not be forked")
        return pid, kernel_pid
    code = 120
    try:
        os.close(read_end)
        _libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
        _check(_libc.unshare(flags), "unshare")
        kernel = os.fork()
        if kernel == 0:
            os.close(write_end)
            serve_kernel(request)
        os.write(write_end, str(kernel).encode())
        os.close(write_end)
        _, status = os.waitpid(kernel, 0)
        code = os.waitstatus_to_exitcode(status) % 256
    except BaseException as exc:
        os.write(2, f"warm kernel keeper failed: {exc}\n".encode())
    finally:
        os._exit(code)


def _status(pid: int) -> int | None:
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return -1
    return os.waitstatus_to_exitcode(status) if done else None


def _reap(pid: int, within: float) -> int | None:
    """The keeper's exit code, waiting up to ``within`` seconds (a killed kernel ends in ms).

    Answering a kill with the code saves the grader a 0.1 s polling sleep per kernel.
    """
    deadline = time.monotonic() + within
    while (code := _status(pid)) is None and time.monotonic() < deadline:
        time.sleep(0.001)
    return code


def main() -> None:
    """Serve the grader's requests until its pipe closes."""
    channel = Channel(0, 1)
    sys.stdout = sys.stderr
    preload()
    channel.send({"op": "ready", "threads": threading.active_count()})
    codes: dict[int, int] = {}
    kernels: dict[int, int] = {}
    while True:
        request = channel.recv()
        if request is None:
            return
        op = request.get("op")
        if op == "spawn":
            if threading.active_count() != 1:
                channel.send({"op": "error", "message": "the zygote has threads"})
                continue
            try:
                keeper, kernels[keeper] = spawn(request)
                channel.send({"op": "spawned", "pid": keeper})
            except OSError as exc:
                channel.send({"op": "error", "message": str(exc)})
            continue
        pid = int(request.get("pid", 0))
        signum = int(request.get("signum", signal.SIGKILL))
        if op == "signal" and pid not in codes:
            with contextlib.suppress(OSError):
                os.kill(kernels.get(pid, pid), signum)
        if pid not in codes:
            killed = op == "signal" and signum == signal.SIGKILL
            found = _reap(pid, KILL_WAIT if killed else 0.0)
            if found is not None:
                codes[pid] = found
        channel.send({"op": "status", "code": codes.get(pid)})


if __name__ == "__main__":
    main()
