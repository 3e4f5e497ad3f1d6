"""Run each student's kernel in a bubblewrap sandbox, as an unprivileged uid, under rlimits.

Student code is the one untrusted input of autograding: nbgrader runs it in a kernel that,
by default, is the grader's own user, with the grader's files, network and memory. Here the
kernel command is wrapped as::

    prlimit <limits> -- bwrap <namespaces, read-only system, private work copy> --
        setpriv --reuid U --regid U --clear-groups ... -- python -m ipykernel_launcher -f ...

* ``prlimit`` caps CPU seconds, address space, processes, file size, open files and core dumps
  before anything else starts, so every process of the sandbox inherits them;
* ``bwrap`` (run as root, so it can bind any path) gives the kernel new mount, PID, network,
  IPC and UTS namespaces. Only the Python installation, the kit's package and data, and the
  submission's *working copy* exist inside; the course (``source/``, the gradebook, other
  students) is simply absent. ``--die-with-parent`` ties the sandbox to the grader process;
* ``setpriv`` drops to an unprivileged uid with no capabilities and ``no_new_privs``, so even
  a file bound by mistake is only as readable as it is to "other".

The kernel talks to the grader over jupyter_client's ``ipc`` transport (Unix sockets in a
folder bound at the same path inside and outside), because a kernel with its own network
namespace cannot reach the grader over loopback TCP. Interrupts go over the control channel
(``interrupt_mode = "message"``): a SIGINT sent to the sandbox's outer process group would kill
bubblewrap, not interrupt the kernel.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, DottedObjectName, Integer, List, Type, Unicode, default

from .config import DEFAULT_SANDBOX_UID, Limits

_DEFAULTS = Limits()

WORK_MOUNT = "/submission"
_MiB = 1024 * 1024

# Files under /etc that Python, IPython and matplotlib may need; nothing else of /etc is bound
# (no passwd, shadow, ssh keys, resolv.conf, database configuration...).
_ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "localtime",
              "fonts", "mime.types", "ssl/certs/ca-certificates.crt")
_SYSTEM_DIRS = ("/usr",)
_MERGED_USR_LINKS = (("usr/bin", "/bin"), ("usr/lib", "/lib"), ("usr/lib64", "/lib64"),
                     ("usr/sbin", "/sbin"))


class SandboxUnavailableError(RuntimeError):
    """Raised when the sandbox cannot be built on this machine (never silently skipped)."""


def tool_path(name: str) -> str | None:
    """Absolute path of a helper program (bwrap, setpriv, prlimit), or None."""
    found = shutil.which(name)
    if found:
        return found
    for folder in ("/usr/bin", "/bin", "/usr/sbin", "/usr/local/bin"):
        candidate = os.path.join(folder, name)
        if os.access(candidate, os.X_OK):
            return candidate
    return None


@functools.lru_cache(maxsize=1)
def check_sandbox() -> str:
    """'' when bubblewrap sandboxes work here, else a message saying what is wrong and how to fix.

    Runs a real (tiny) sandbox once per process: a bwrap binary that exists but cannot create
    namespaces (a locked-down container) is reported, not discovered mid-grading.
    """
    missing = [t for t in ("bwrap", "setpriv", "prlimit") if tool_path(t) is None]
    if missing:
        return (
            f"the grading sandbox needs {', '.join(missing)}, which is not installed. "
            "On Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y bubblewrap "
            "util-linux. To grade WITHOUT isolation anyway (unsafe: student code then runs as "
            "you, with your files and network), pass --no-sandbox."
        )
    if os.geteuid() != 0:
        return (
            "the grading sandbox switches student code to an unprivileged uid, which needs "
            "root (run the grader as root, e.g. in the course's grading container), or pass "
            "--no-sandbox to grade without isolation (unsafe)."
        )
    probe = [tool_path("bwrap") or "bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net",
             "--unshare-uts", "--die-with-parent", "--new-session", "--ro-bind", "/usr", "/usr",
             *_merged_usr_args(), "--proc", "/proc", "--dev", "/dev", "--",
             tool_path("setpriv") or "setpriv", "--reuid=65534", "--regid=65534",
             "--clear-groups", "--", "/usr/bin/true"]
    try:
        done = subprocess.run(probe, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap is installed but could not start a sandbox ({exc})."
    if done.returncode != 0:
        return ("bubblewrap is installed but could not create a sandbox here: "
                f"{done.stderr.strip() or done.returncode}. Namespaces may be disabled in this "
                "container; grade on a machine that allows them, or pass --no-sandbox (unsafe).")
    return ""


def _merged_usr_args() -> list[str]:
    args: list[str] = []
    for target, link in _MERGED_USR_LINKS:
        if os.path.islink(link):
            args += ["--symlink", target, link]
        elif os.path.isdir(link):
            args += ["--ro-bind", link, link]
    return args


@functools.lru_cache(maxsize=8)
def interpreter_paths(python: str) -> tuple[str, ...]:
    """Folders a kernel started with ``python`` imports from (prefixes and sys.path entries)."""
    # Not isolated (-I): a venv's .pth files may point at editable sources, which are needed.
    code = ("import json, sys; print(json.dumps([sys.prefix, sys.base_prefix, sys.exec_prefix,"
            " sys.base_exec_prefix] + [p for p in sys.path if p]))")
    try:
        done = subprocess.run([python, "-c", code], capture_output=True, text=True,
                              timeout=60, check=True, cwd=tempfile.gettempdir())
        entries = json.loads(done.stdout)
    except (OSError, subprocess.SubprocessError, ValueError):
        entries = [sys.prefix, sys.base_prefix] + [p for p in sys.path if p]
    real = {os.path.realpath(p) for p in entries}
    # Keep existing folders only, dropping any folder that is inside another kept one.
    dirs = sorted(p for p in real if os.path.isdir(p) and p != "/")
    kept: list[str] = []
    for path in dirs:
        if not any(path == k or path.startswith(k.rstrip("/") + "/") for k in kept):
            kept.append(path)
    return tuple(kept)


@functools.lru_cache(maxsize=1)
def matplotlib_cache() -> str:
    """A matplotlib font cache built once per machine and version ('' without matplotlib).

    A sandboxed kernel starts with an empty matplotlib folder: without a copy of this cache,
    every kernel would rebuild it (seconds) and warn on stderr, which nbgrader scores as a
    failed test when it happens in a test cell.
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        mpl = version("matplotlib")
    except PackageNotFoundError:
        return ""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "medlab-teach" / f"matplotlib-{mpl}"
    if not any(folder.glob("fontlist*.json")):
        folder.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, MPLCONFIGDIR=str(folder), MPLBACKEND="agg")
        try:
            subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env,
                           capture_output=True, timeout=300, check=False)
        except (OSError, subprocess.SubprocessError):
            return ""
    return str(folder) if any(folder.glob("fontlist*.json")) else ""


def kit_data_paths() -> list[str]:
    """The kit's data folder (``medlab_teach.data.data_dir``), which lessons and assignments
    read."""
    from medlab_teach.data import DataError, data_dir

    try:
        return [str(data_dir())]
    except DataError:
        return []


def is_within(path: str, parent: str) -> bool:
    """Whether ``path`` is ``parent`` or lies inside it (links resolved)."""
    path, parent = os.path.realpath(path), os.path.realpath(parent)
    return path == parent or path.startswith(parent.rstrip("/") + "/")


def copy_work_tree(src: str, dst: str, *, uid: int, gid: int,
                   exclude: tuple[str, ...] = ()) -> list[str]:
    """Copy the assignment's own files (never a submission's) into a sandbox work folder.

    ``src`` is a folder the instructor controls (the assignment's source folder): the
    kernel gets its data files, and nothing a student submitted, so no file of theirs can
    be imported ahead of a real module. Notebooks are left out (the source notebook holds
    the solutions); symlinks and special files are skipped and returned; ``exclude`` lists
    relative paths to leave out.
    """
    os.makedirs(dst, exist_ok=True)
    os.chown(dst, uid, gid)
    # 0711: bubblewrap (root without CAP_DAC_OVERRIDE) must be able to chdir into it.
    os.chmod(dst, 0o711)
    skipped: list[str] = []
    if not src or not os.path.isdir(src):
        return skipped
    excluded = {os.path.normpath(e) for e in exclude}
    for root, dirs, files in os.walk(src, followlinks=False):
        rel_root = os.path.relpath(root, src)
        kept = []
        for d in dirs:
            rel = os.path.normpath(os.path.join(rel_root, d))
            if os.path.islink(os.path.join(root, d)):
                skipped.append(rel)
            elif d != ".ipynb_checkpoints" and rel not in excluded:
                kept.append(d)
        dirs[:] = kept
        target_root = dst if rel_root == "." else os.path.join(dst, rel_root)
        if rel_root != ".":
            os.makedirs(target_root, exist_ok=True)
            os.chown(target_root, uid, gid)
        for name in files:
            rel = os.path.normpath(os.path.join(rel_root, name))
            path = os.path.join(root, name)
            if name.endswith(".ipynb") or rel in excluded:
                continue
            if not stat.S_ISREG(os.lstat(path).st_mode):
                skipped.append(rel)
                continue
            target = os.path.join(target_root, name)
            shutil.copyfile(path, target, follow_symlinks=False)
            os.chown(target, uid, gid)
            os.chmod(target, 0o600)
    return skipped


LEASE_DIR = "/run/medlab-teach/sandbox-uids"
_LEASES: dict[int, int] = {}
_ROLE_LEASES: dict[str, int] = {}


def lease_uids(first: int, count: int, *, lease_dir: str = LEASE_DIR) -> list[int]:
    """Reserve ``count`` unused uids from ``first`` up for this process's sandboxes.

    One lock file per uid (``flock``, released when the process ends, crash included): two
    grading runs on one machine never share a uid, so one run's fork bomb cannot exhaust
    the other's process limit. uids of real accounts are skipped.
    """
    import fcntl
    import pwd

    os.makedirs(lease_dir, mode=0o700, exist_ok=True)
    found: list[int] = []
    uid = first
    while len(found) < count:
        if uid >= first + 100_000:
            raise SandboxUnavailableError(f"no free sandbox uid from {first} up (every one "
                                          "is leased by another grading run)")
        if uid in _LEASES:
            uid += 1
            continue
        try:
            pwd.getpwuid(uid)
            uid += 1
            continue
        except KeyError:
            pass
        fd = os.open(os.path.join(lease_dir, f"{uid}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            uid += 1
            continue
        _LEASES[uid] = fd
        found.append(uid)
        uid += 1
    return found


def leased_uid(role: str, first: int) -> int:
    """One uid per role (student kernel, test runner) for this process, leased once."""
    if role not in _ROLE_LEASES:
        _ROLE_LEASES[role] = lease_uids(first, 1)[0]
    return _ROLE_LEASES[role]


class SandboxedKernelManager(AsyncKernelManager):
    """A jupyter_client kernel manager whose kernels run inside the grading sandbox.

    Plugged into nbgrader's execution through :class:`medlab_teach.grading.execute.GuardedExecute`
    (``kernel_manager_class``). Every limit is a traitlet, configurable from nbgrader_config.py.
    """

    # Ready when the kernel has answered (see .kernel_client), not after a fixed wait.
    client_class = DottedObjectName("medlab_teach.grading.kernel_client.ReadyKernelClient",
                                    config=True)
    client_factory = Type("medlab_teach.grading.kernel_client.ReadyKernelClient",
                          klass="jupyter_client.asynchronous.AsyncKernelClient", config=True)
    sandbox_uid = Integer(
        DEFAULT_SANDBOX_UID, help="Unprivileged uid (and gid) the kernel runs as (the first one "
                                  "tried when leasing)."
    ).tag(config=True)
    cpu_seconds = Integer(
        _DEFAULTS.cpu_seconds, help="RLIMIT_CPU of each sandbox process, in CPU seconds."
    ).tag(config=True)
    memory_mb = Integer(
        _DEFAULTS.memory_mb, help="RLIMIT_AS (address space) per process, in MiB."
    ).tag(config=True)
    max_processes = Integer(
        _DEFAULTS.max_processes,
        help="RLIMIT_NPROC: processes and threads of the sandbox uid (kernel included)."
    ).tag(config=True)
    file_size_mb = Integer(
        _DEFAULTS.file_size_mb, help="RLIMIT_FSIZE: largest file the kernel may write, MiB."
    ).tag(config=True)
    open_files = Integer(_DEFAULTS.open_files, help="RLIMIT_NOFILE of the kernel.").tag(
        config=True)
    tmp_size_mb = Integer(
        _DEFAULTS.tmp_size_mb, help="Size of the private in-memory /tmp, MiB."
    ).tag(config=True)
    scratch_root = Unicode(
        "", help="Where per-kernel run folders are made (default: the system temp folder)."
    ).tag(config=True)
    python_paths = List(
        Unicode(), help="Folders of the grader's own Python to bind (computed once by the "
                        "runner; empty: ask the kernel's interpreter)."
    ).tag(config=True)
    readonly_paths = List(
        Unicode(), help="Extra host folders bound read-only at the same path (e.g. course data)."
    ).tag(config=True)
    forbidden_paths = List(
        Unicode(),
        help="Host paths that must never be visible in the sandbox (source assignments, "
             "gradebook, submissions); a read-only bind that contains one is refused.",
    ).tag(config=True)
    work_files = Unicode(
        "", help="Folder whose files are copied into the work folder: the assignment's source "
                 "folder, never a submission (notebooks, symlinks and special files skipped)."
    ).tag(config=True)
    lease_uid = Bool(
        True, help="Lease the first free uid from sandbox_uid up for this process (False: use "
                   "sandbox_uid as given, already leased by the caller)."
    ).tag(config=True)
    role = Unicode("kernel", help="Which sandbox this is (one leased uid per role).")
    forward_env = List(
        Unicode(), ["NBGRADER_EXECUTION", "LANG", "LC_ALL", "TZ", "MEDLAB_TEACH_DATA",
                    "PYTHONPATH"],
        help="Environment variables passed from the grader to the kernel (all others are "
             "cleared).",
    ).tag(config=True)

    @default("transport")
    def _transport_default(self) -> str:
        return "ipc"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._rundir: str | None = None
        self._stderr_file: Any = None

    # -- life cycle -------------------------------------------------------------------------
    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
        problem = check_sandbox()
        if problem:
            raise SandboxUnavailableError(problem)
        if self._rundir is None:
            self._prepare_run_folder(kw.get("cwd") or os.getcwd())
        assert self._rundir is not None
        kw["cwd"] = self._rundir
        kw["stdin"] = subprocess.DEVNULL
        kw["stdout"] = subprocess.DEVNULL
        self._stderr_file = open(os.path.join(self._rundir, "kernel-stderr.log"), "wb")  # noqa: SIM115
        kw["stderr"] = self._stderr_file
        spec = self.kernel_spec
        if spec is not None:
            spec.interrupt_mode = "message"
        return await super()._async_pre_start_kernel(**kw)

    @property
    def uid(self) -> int:
        """The uid this sandbox runs as (leased for this process unless given)."""
        if not self.lease_uid:
            return self.sandbox_uid
        return leased_uid(self.role, self.sandbox_uid)

    def _prepare_run_folder(self, cwd: str = "") -> None:
        """A private run folder (random name) with the work copy, home and caches."""
        base = self.scratch_root or tempfile.gettempdir()
        os.makedirs(base, mode=0o700, exist_ok=True)
        rundir = tempfile.mkdtemp(prefix="k", dir=base)
        uid = gid = self.uid
        os.chown(rundir, uid, gid)
        os.chmod(rundir, 0o711)
        copy_work_tree(self.work_files, os.path.join(rundir, "work"), uid=uid, gid=gid)
        for sub in ("home", "mpl"):
            path = os.path.join(rundir, sub)
            os.makedirs(path, exist_ok=True)
            os.chown(path, uid, gid)
            os.chmod(path, 0o700)
        self._seed_matplotlib_cache(os.path.join(rundir, "mpl"))
        self._rundir = rundir
        self.transport = "ipc"
        self.ip = os.path.join(rundir, "s")
        self.connection_file = os.path.join(rundir, "c.json")

    def process_command(self, argv: list[str], privileged_binds: list[str] | None = None,
                        ) -> tuple[list[str], str]:
        """(command, run folder) to start a plain process, not a kernel, in this sandbox.

        ``privileged_binds``: for the warm kernel zygote only (:mod:`.zygote`), which stays
        root inside the sandbox, with the capabilities to build each kernel's own sandbox,
        and sees these folders read-write.
        """
        if self._rundir is None:
            self._prepare_run_folder()
        assert self._rundir is not None
        return (self.sandbox_command(argv, privileged_binds=privileged_binds),
                os.path.join(self._rundir, "work"))

    def remove_run_folder(self) -> None:
        """Delete the run folder (after the process in it has ended)."""
        if self._rundir:
            shutil.rmtree(self._rundir, ignore_errors=True)
            self._rundir = None

    def _seed_matplotlib_cache(self, target: str) -> None:
        """Copy a prebuilt font cache: matplotlib then neither rebuilds it nor warns per kernel."""
        cache = os.environ.get("MEDLAB_GRADING_MPL_CACHE", "") or matplotlib_cache()
        if not cache or not os.path.isdir(cache):
            return
        for name in os.listdir(cache):
            if name.startswith("fontlist") and name.endswith(".json"):
                dest = os.path.join(target, name)
                shutil.copyfile(os.path.join(cache, name), dest)
                os.chown(dest, self.uid, self.uid)

    def write_connection_file(self, **kwargs: Any) -> None:
        """Write the connection file, readable by the sandbox uid (and nobody else)."""
        super().write_connection_file(**kwargs)
        if self._rundir and os.path.exists(self.connection_file):
            os.chown(self.connection_file, self.uid, self.uid)

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        """The kernelspec's command, wrapped in prlimit + bwrap + setpriv."""
        argv = super().format_kernel_cmd(extra_arguments)
        assert self._rundir is not None
        return self.sandbox_command(argv)

    def readonly_binds(self, argv: list[str]) -> list[str]:
        """The folders a sandbox sees read-only: the interpreter's, the kit's data, the course's."""
        if self.python_paths and os.path.realpath(argv[0]) == os.path.realpath(sys.executable):
            python = list(self.python_paths)
        else:
            python = list(interpreter_paths(argv[0]))
        return python + kit_data_paths() + list(self.readonly_paths)

    def sandbox_command(self, argv: list[str],
                        privileged_binds: list[str] | None = None) -> list[str]:
        """Build the full command line (public so tests and docs can show exactly what runs)."""
        assert self._rundir is not None
        rundir = self._rundir
        uid = self.uid
        binds = self.readonly_binds(argv)
        for path in binds:
            for forbidden in self.forbidden_paths:
                if forbidden and is_within(forbidden, path):
                    raise SandboxUnavailableError(
                        f"refusing to bind {path} into the sandbox: it would expose {forbidden}. "
                        "Install the kit outside the course folder, or move the course.")
        limits = [
            f"--cpu={self.cpu_seconds}",
            f"--as={self.memory_mb * _MiB}",
            f"--nproc={self.max_processes}",
            f"--fsize={self.file_size_mb * _MiB}",
            f"--nofile={self.open_files}",
            "--core=0",
        ]
        cmd = [tool_path("prlimit") or "prlimit", *limits, "--",
               tool_path("bwrap") or "bwrap",
               "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
               "--unshare-cgroup-try", "--hostname", "grading",
               "--die-with-parent", "--new-session", "--cap-drop", "ALL",
               "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID",
               *(["--cap-add", "CAP_SYS_ADMIN", "--cap-add", "CAP_SETPCAP",
                  "--cap-add", "CAP_KILL"]
                 if privileged_binds is not None else []),
               "--ro-bind", "/usr", "/usr", *_merged_usr_args()]
        # Folders bwrap creates for mount points get mode 0700: create every ancestor
        # explicitly as 0755, just before its first use, so the sandbox uid can traverse it.
        made: set[str] = {"/", "/tmp"}

        def parents(dest: str) -> list[str]:
            chain: list[str] = []
            parent = os.path.dirname(os.path.normpath(dest))
            while parent not in made and not is_within(parent, "/usr"):
                chain.append(parent)
                parent = os.path.dirname(parent)
            out: list[str] = []
            for folder in reversed(chain):
                out += ["--perms", "0755", "--dir", folder]
                made.add(folder)
            return out

        cmd += ["--proc", "/proc", "--dev", "/dev",
                "--perms", "1777", "--size", str(self.tmp_size_mb * _MiB), "--tmpfs", "/tmp"]
        for name in _ETC_FILES:
            cmd += parents(f"/etc/{name}")
            cmd += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
        for path in binds:
            if not any(is_within(path, d) for d in _SYSTEM_DIRS):
                cmd += parents(path)
                cmd += ["--ro-bind", path, path]
        for path in privileged_binds or []:
            cmd += parents(path)
            cmd += ["--bind", path, path]
            made.add(os.path.normpath(path))
        cmd += parents(rundir)
        cmd += ["--bind", os.path.join(rundir, "work"), WORK_MOUNT,
                "--bind", rundir, rundir,
                "--chdir", WORK_MOUNT,
                "--clearenv"]
        for name, value in sorted(self._sandbox_env(argv, rundir).items()):
            cmd += ["--setenv", name, value]
        if privileged_binds is not None:
            return [*cmd, "--", *argv]
        cmd += ["--", tool_path("setpriv") or "setpriv",
                f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
        return cmd + list(argv)

    def _sandbox_env(self, argv: list[str], rundir: str) -> dict[str, str]:
        """The sandbox's whole environment (bwrap clears the grader's)."""
        env = {
            "HOME": os.path.join(rundir, "home"),
            "USER": "student",
            "LOGNAME": "student",
            "PATH": os.pathsep.join([os.path.dirname(argv[0]), "/usr/local/bin", "/usr/bin",
                                     "/bin"]),
            "MPLCONFIGDIR": os.path.join(rundir, "mpl"),
            "MPLBACKEND": "agg",
            "IPYTHONDIR": os.path.join(rundir, "home", ".ipython"),
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONNOUSERSITE": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "MALLOC_ARENA_MAX": "2",
            "TMPDIR": "/tmp",
        }
        for name in self.forward_env:
            if name in os.environ:
                env[name] = os.environ[name]
        return env

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if restart:
            return
        if self._stderr_file is not None:
            self._stderr_file.close()
            self._stderr_file = None
        self._last_stderr = self.kernel_stderr()
        if self._rundir:
            shutil.rmtree(self._rundir, ignore_errors=True)
            self._rundir = None

    def kernel_stderr(self) -> str:
        """What the kernel wrote to its own stderr (startup failures, fatal errors), if any."""
        if not self._rundir:
            return getattr(self, "_last_stderr", "")
        path = os.path.join(self._rundir, "kernel-stderr.log")
        try:
            with open(path, "rb") as fh:
                return fh.read(20000).decode("utf-8", "replace")
        except OSError:
            return ""
