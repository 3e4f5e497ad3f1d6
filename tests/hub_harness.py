"""A real JupyterHub for the tests and the load benchmark: real Unix accounts, the kit's
deploy/jupyterhub/jupyterhub_config.py, configurable-http-proxy, all on 127.0.0.1.

The hub is set up with the same functions as ``medlab-teach hub setup`` (accounts, groups,
exchange, course folders, roster, lessons repository), minus the software installation:
every user's server runs this checkout's kit from the tests' own Python environment. Where
that interpreter lives in a folder other accounts cannot enter (a pyenv under /root), a
small virtual environment of the system's Python of the same version reads the same
packages.

Everything is created under one random tag (accounts ``mh<hex>-...``, groups, a folder in
/tmp) and removed by :meth:`HubRun.close`, which stops the hub (and with it every server) by
its PID.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from medlab_teach.hub import lessons, setup  # noqa: E402
from medlab_teach.hub.settings import (  # noqa: E402
    Course,
    HubSettings,
    Student,
    save_settings,
)

HUB_CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PROXY_HINT = ("configurable-http-proxy is not on PATH: npm install -g "
              f"configurable-http-proxy@{setup.PROXY_VERSION} (.ci/run does it)")


def hub_missing() -> str | None:
    """Why a hub cannot run here, or None."""
    if os.geteuid() != 0:
        return "the hub tests create Unix accounts: run them as root"
    if shutil.which("configurable-http-proxy") is None:
        return PROXY_HINT
    for tool in ("useradd", "userdel", "groupadd", "gpasswd", "runuser", "git"):
        if shutil.which(tool) is None:
            return f"{tool} is missing (apt-get install passwd util-linux git)"
    try:
        import jupyterhub  # noqa: F401
        import nbgitpuller  # noqa: F401
    except ImportError as err:
        return f"{err.name} is not installed (pip install -e '.[test]')"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- A Python every account can run ------------------------------------------------------------

def world_reachable(path: Path) -> bool:
    """True when any account can reach ``path`` (every folder above it is o+x)."""
    path = path.resolve()
    return all(p.stat().st_mode & stat.S_IXOTH for p in [path, *path.parents] if p.is_dir())


def shared(path: Path, base: Path, name: str) -> Path:
    """``path`` if every account can reach it, else a copy under ``base`` that they can: hard
    links (instant, no space) where the file system allows, a real copy elsewhere."""
    if world_reachable(path):
        return path
    target = base / "shared" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(target.parent, 0o755)
    linked = subprocess.run(["cp", "-al", str(path), str(target)], capture_output=True,
                            check=False)
    if linked.returncode != 0:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(path, target, symlinks=True)
    return target


def user_python(base: Path) -> tuple[str, dict[str, str]]:
    """An interpreter every account can run, with this environment's packages and this
    checkout's kit, and the environment it needs. Where the tests' environment lies in a
    folder others cannot enter (a pyenv or a checkout under /root), the interpreter (binary,
    libpython, standard library), the packages and the kit are shared from ``base``."""
    real = Path(sys.executable).resolve()
    site = Path(next(p for p in sys.path if p.endswith("site-packages")))
    prefix = Path(sys.prefix)
    env = {"JUPYTER_PATH": str(shared(prefix / "share" / "jupyter", base, "jupyter-share")),
           "JUPYTER_CONFIG_PATH": str(shared(prefix / "etc" / "jupyter", base, "jupyter-etc"))}
    if all(world_reachable(p) for p in (real, Path(sys.base_prefix) / "lib", site, ROOT)):
        return sys.executable, env
    site = shared(site, base, "site-packages")
    kit = ROOT
    if not world_reachable(ROOT):  # medlab_teach finds data/ beside src/
        kit = base / "shared" / "kit"
        for part in ("src", "data"):
            shared(ROOT / part, base, f"kit/{part}")
    # The same build of Python (the pinned packages need this exact version), copied.
    home = Path(sys.base_prefix)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    copy = base / "python"
    (copy / "bin").mkdir(parents=True)
    (copy / "lib").mkdir()
    shutil.copy2(real, copy / "bin" / version)
    for lib in (home / "lib").glob("libpython*.so*"):
        shutil.copy2(lib, copy / "lib" / lib.name)
    shutil.copytree(home / "lib" / version, copy / "lib" / version, symlinks=True,
                    ignore=shutil.ignore_patterns("site-packages", "test", "idlelib"))
    own = copy / "lib" / version / "site-packages"
    own.mkdir()
    (own / "medlab_kit.pth").write_text(f"{kit / 'src'}\n{site}\n")
    python = copy / "bin" / version
    # nbgrader runs `alembic` from PATH to create and upgrade a gradebook.
    (copy / "bin" / "alembic").write_text(
        f"#!{python}\nimport sys\nfrom alembic.config import main\nsys.exit(main())\n")
    os.chmod(copy / "bin" / "alembic", 0o755)
    subprocess.run(["chmod", "-R", "a+rX", str(copy)], check=True)
    return str(python), {**env, "LD_LIBRARY_PATH": str(copy / "lib")}


# --- Accounts ------------------------------------------------------------------------------------

@dataclass
class HubRun:
    """A running hub and everything it was given; ``close`` undoes all of it."""

    tag: str
    base: Path
    settings: HubSettings
    settings_path: Path
    url: str
    admin_token: str
    password: str
    accounts: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    proc: subprocess.Popen[bytes] | None = None
    log: Path | None = None
    tokens: dict[str, str] = field(default_factory=dict)

    # --- the hub's REST API ----------------------------------------------------------------
    def api(self, method: str, path: str, **kwargs: object) -> requests.Response:
        headers = {"Authorization": f"token {self.admin_token}"}
        return requests.request(method, f"{self.url}/hub/api{path}", headers=headers,
                                timeout=60, **kwargs)  # type: ignore[arg-type]

    def token(self, user: str) -> str:
        """An API token of ``user`` (created once by the admin service)."""
        if user not in self.tokens:
            resp = self.api("POST", f"/users/{user}/tokens", json={"note": "hub tests"})
            resp.raise_for_status()
            self.tokens[user] = resp.json()["token"]
        return self.tokens[user]

    def as_user(self, user: str, method: str, path: str, **kwargs: object) -> requests.Response:
        """A request to the hub's public address with ``user``'s token (server, service...)."""
        headers = {"Authorization": f"token {self.token(user)}"}
        return requests.request(method, f"{self.url}{path}", headers=headers, timeout=300,
                                allow_redirects=False, **kwargs)  # type: ignore[arg-type]

    def start_server(self, user: str) -> None:
        resp = self.api("POST", f"/users/{user}/server")
        if resp.status_code not in (201, 202):
            raise RuntimeError(f"spawn of {user}: {resp.status_code} {resp.text}")

    def server_ready(self, user: str) -> bool:
        resp = self.api("GET", f"/users/{user}")
        resp.raise_for_status()
        server = resp.json().get("servers", {}).get("")
        return bool(server and server.get("ready"))

    def wait_servers(self, users: list[str], timeout: float) -> dict[str, float]:
        """Wait until each server is ready; return when each became ready (monotonic time)."""
        ready: dict[str, float] = {}
        deadline = time.monotonic() + timeout
        while len(ready) < len(users):
            if time.monotonic() > deadline:
                missing = sorted(set(users) - set(ready))
                raise TimeoutError(f"servers not ready after {timeout:.0f} s: {missing}\n"
                                   f"{self.log_tail()}")
            for user in users:
                if user not in ready and self.server_ready(user):
                    ready[user] = time.monotonic()
            time.sleep(0.2)
        return ready

    def stop_server(self, user: str) -> None:
        self.api("DELETE", f"/users/{user}/server")

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log else ""

    # --- shutdown ----------------------------------------------------------------------------
    def close(self) -> None:
        """Stop the hub (it stops every server), then remove accounts, groups and folders."""
        try:
            if self.proc is not None and self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGTERM)
                try:
                    self.proc.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                    self.proc.wait(timeout=10)
        finally:
            remove_accounts(self.accounts, self.groups)
            shutil.rmtree(self.base, ignore_errors=True)


def processes_of(uids: set[int]) -> list[int]:
    """PIDs of live processes owned by one of ``uids``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if entry.stat().st_uid in uids:
                    found.append(int(entry.name))
    return found


def remove_accounts(accounts: list[str], groups: list[str]) -> None:
    """Delete the test's accounts (after stopping any process left behind, by PID), their
    homes and their groups."""
    uids = set()
    for name in accounts:
        with contextlib.suppress(KeyError):
            uids.add(pwd.getpwnam(name).pw_uid)
    for _ in range(50):
        left = processes_of(uids)
        if not left:
            break
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.1)
    for name in accounts:
        if name in {p.pw_name for p in pwd.getpwall()}:
            subprocess.run(["userdel", "--remove", name], capture_output=True, check=False)
    for name in groups:
        with contextlib.suppress(KeyError):
            grp.getgrnam(name)
            subprocess.run(["groupdel", name], capture_output=True, check=False)


# --- Building and starting the hub ---------------------------------------------------------------

TEST_CONFIG = """\
# The kit's hub configuration, plus what only the tests need.
c = get_config()  # noqa: F821
load_subconfig({config!r})  # noqa: F821
c.JupyterHub.cleanup_servers = True   # stopping the test hub stops every server
c.JupyterHub.services.append({{"name": "test-admin", "api_token": {token!r}}})
c.JupyterHub.load_roles.append({{"name": "test-admin", "services": ["test-admin"],
    "scopes": ["admin:users", "admin:servers", "tokens", "list:services",
               "read:services", "admin:groups"]}})
c.JupyterHub.concurrent_spawn_limit = 0
c.LocalProcessSpawner.interrupt_timeout = 3   # a quicker stop at the end of the tests
c.LocalProcessSpawner.term_timeout = 3
c.JupyterHub.log_level = "INFO"
"""


def make_settings(base: Path, tag: str, courses: list[Course]) -> HubSettings:
    """Settings like `hub setup` writes, on test paths and free loopback ports."""
    python, python_env = user_python(base)
    proxy = shutil.which("configurable-http-proxy")
    if proxy is None:
        raise RuntimeError(PROXY_HINT)
    return HubSettings(
        courses={c.course_id: c for c in courses}, admins=[], authenticator="dummy",
        spawner="local", kit_dir=str(ROOT), python=python, exchange=str(base / "exchange"),
        state_dir=str(base / "state"), jupyter_config_dir=str(base / "jupyter-config"),
        lessons_repo=str(base / "lessons.git"), bind_url=f"http://127.0.0.1:{free_port()}",
        hub_port=free_port(), proxy_api_port=free_port(), proxy_command=[proxy],
        cull_idle_seconds=3600, spawn_timeout_seconds=300,
        environment=python_env,
    )


def new_tag() -> str:
    return "mh" + secrets.token_hex(2)


def course(tag: str, suffix: str, instructors: list[str], students: list[str]) -> Course:
    return Course(course_id=f"{tag}-{suffix}", instructors=instructors,
                  students=[Student(id=s, first_name=s) for s in students],
                  service_port=free_port())


def start_hub(tag: str, courses: list[Course], *, with_courses: bool = True) -> HubRun:
    """Set up every course as `hub setup` does and start the hub; on failure undo it all."""
    base = Path(tempfile.mkdtemp(prefix=f"medlab-{tag}-", dir="/tmp"))
    os.chmod(base, 0o755)
    settings = make_settings(base, tag, courses)
    run = HubRun(tag=tag, base=base, settings=settings, settings_path=base / "hub.json",
                 url=settings.bind_url, admin_token=secrets.token_hex(24),
                 password=secrets.token_hex(12))
    for c in courses:
        people = [*(s.id for s in c.students), *c.instructors, c.grader]
        run.accounts.extend(p for p in people if p not in run.accounts)
        run.groups.extend([c.student_group, c.grader_group])
    try:
        if with_courses:
            for c in courses:
                setup.setup_course(settings, c, roster=False)
            # Each import starts nbgrader as the course's grader: run them side by side.
            with ThreadPoolExecutor(len(courses)) as pool:
                list(pool.map(lambda c: setup.import_roster(settings, c), courses))
        else:
            for name in run.accounts:
                setup.ensure_account(name, settings)
        lessons.publish_lessons(settings, ROOT)
        save_settings(settings, run.settings_path)
        Path(settings.state_dir).mkdir(mode=0o700, exist_ok=True)
        _launch(run)
    except BaseException:
        run.close()
        raise
    return run


def _launch(run: HubRun) -> None:
    state = Path(run.settings.state_dir)
    config = state / "jupyterhub_test_config.py"
    config.write_text(TEST_CONFIG.format(config=str(HUB_CONFIG), token=run.admin_token))
    env = {**os.environ, "MEDLAB_HUB_SETTINGS": str(run.settings_path),
           "MEDLAB_HUB_TEST_PASSWORD": run.password, "PYTHONUNBUFFERED": "1"}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    run.log = state / "jupyterhub.log"
    with run.log.open("wb") as out:
        run.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=state, env=env,
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if run.proc.poll() is not None:
            raise RuntimeError(f"JupyterHub exited ({run.proc.returncode}):\n{run.log_tail()}")
        with contextlib.suppress(requests.RequestException):
            if run.api("GET", "/").status_code == 200 and _services_up(run):
                return
        time.sleep(0.5)
    raise RuntimeError(f"JupyterHub did not answer in 120 s:\n{run.log_tail()}")


def _services_up(run: HubRun) -> bool:
    """True when every course's formgrader service answers on its port."""
    for c in run.settings.courses.values():
        try:
            requests.get(f"http://127.0.0.1:{c.service_port}/", timeout=2)
        except requests.RequestException:
            return False
    return True


def pss_kib(pid: int) -> int:
    """Proportional set size of a process (shared pages split between their users), KiB."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def user_cpu_seconds(user: str) -> float:
    """CPU time (user + system) used so far by the live processes of a Unix account."""
    uid = pwd.getpwnam(user).pw_uid
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in processes_of({uid}):
        with contextlib.suppress(OSError):
            stat_line = Path(f"/proc/{pid}/stat").read_text()
            fields = stat_line[stat_line.rindex(")") + 2:].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def user_memory_kib(user: str) -> int:
    """PSS of every process of a Unix account (its server, kernels), KiB."""
    uid = pwd.getpwnam(user).pw_uid
    return sum(pss_kib(pid) for pid in processes_of({uid}))
