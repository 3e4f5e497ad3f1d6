"""Browser tests: JupyterLab, started on a temporary copy of the kit, driven in headless Chromium.

Chromium is Debian's system browser (``apt-get install chromium``); Playwright for Python drives it
over the DevTools protocol. ``MEDLAB_CHROMIUM`` names another executable (and, set to a missing
path, simulates a machine without it).

Without Chromium (or without Playwright), the browser tests are left out of the run and ONE line
at the end of the report says so and how to enable them. With ``MEDLAB_REQUIRE_BROWSER=1`` (CI)
every browser test fails instead: there, a missing browser is a broken set-up, not a reason to
test less.

One JupyterLab server and one Chromium serve the whole session; each test gets a fresh browser
context (cookies, storage) and its own JupyterLab workspace, so no test sees another's layout.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import proc_control
import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
HERE = Path(__file__).resolve().parent

DEFAULT_CHROMIUM = "/usr/bin/chromium"
#: Flags for Chromium on this kind of machine: headless, no sandbox (root in a container), and no
#: background connections (the network is closed; they would only fail, many at a time).
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1400,900", "--disable-breakpad",
)
ENABLE_HINT = "install Chromium to run them: apt-get install chromium (or set MEDLAB_CHROMIUM)"


# --- Is a browser available? -----------------------------------------------------------------

def chromium_path() -> str:
    """The Chromium executable the tests use: $MEDLAB_CHROMIUM, else chromium on PATH."""
    override = os.environ.get("MEDLAB_CHROMIUM")
    if override:
        return override
    return shutil.which("chromium") or DEFAULT_CHROMIUM


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    path = chromium_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        return f"Chromium not found at {path}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    return None


def browser_required() -> bool:
    """True when a missing browser must fail the run (CI sets MEDLAB_REQUIRE_BROWSER=1)."""
    return os.environ.get("MEDLAB_REQUIRE_BROWSER", "") not in ("", "0", "false", "no")


def _is_browser_test(item: pytest.Item) -> bool:
    return HERE in Path(str(item.path)).resolve().parents


_LEFT_OUT: list[str] = []
_WHY_MISSING: list[str] = []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every browser test; without a browser, leave them out (or, when required, keep
    them so that each one fails with the reason)."""
    browser_items = [item for item in items if _is_browser_test(item)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    why = browser_missing()
    if not browser_items or why is None or browser_required():
        return
    _WHY_MISSING.append(why)
    _LEFT_OUT.extend(item.nodeid for item in browser_items)
    config.hook.pytest_deselected(items=browser_items)
    items[:] = [item for item in items if not _is_browser_test(item)]


def pytest_runtest_setup(item: pytest.Item) -> None:
    """With MEDLAB_REQUIRE_BROWSER=1, a browser test without a browser fails, with the reason."""
    if not _is_browser_test(item):
        return
    why = browser_missing()
    if why is not None:
        pytest.fail(f"MEDLAB_REQUIRE_BROWSER=1 but the browser tests cannot run: {why}; "
                    f"{ENABLE_HINT}", pytrace=False)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Leaving out the browser tests is not 'no tests collected' (exit 5) when they were all
    the run had: the single summary line reports it."""
    if _LEFT_OUT and exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.exitstatus = pytest.ExitCode.OK


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The one line that says the browser tests did not run, and how to run them."""
    if _LEFT_OUT:
        terminalreporter.write_line(
            f"browser tests skipped ({len(_LEFT_OUT)}): {_WHY_MISSING[0]}; {ENABLE_HINT}",
            yellow=True, bold=True,
        )


# --- The course copy and the JupyterLab server -----------------------------------------------

def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Lab:
    """A running JupyterLab server on a copy of the kit."""

    root: Path
    url: str
    token: str
    env: dict[str, str]
    proc: subprocess.Popen[bytes]
    log: Path
    workspaces: list[str] = field(default_factory=list)

    def page_url(self, path: str, workspace: str) -> str:
        """The address of ``path`` (relative to the course root) in a workspace of its own,
        so no test restores another test's open tabs."""
        self.workspaces.append(workspace)
        return f"{self.url}lab/workspaces/{workspace}/tree/{path}?token={self.token}"

    def api(self, path: str) -> object:
        """GET a JSON endpoint of the server (authenticated with the token)."""
        req = urllib.request.Request(f"{self.url}{path}",
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())

    def shutdown_kernels(self) -> None:
        """End every notebook session (and its kernel), so tests do not pile up kernels."""
        for session in self.api("api/sessions"):  # type: ignore[union-attr]
            req = urllib.request.Request(
                f"{self.url}api/sessions/{session['id']}", method="DELETE",
                headers={"Authorization": f"token {self.token}"})
            with urllib.request.urlopen(req, timeout=30):
                pass

    def nbgrader(self, *args: str, cwd: Path | None = None) -> str:
        """Run an nbgrader command in the course (its nbgrader_config.py applies)."""
        done = subprocess.run(
            [sys.executable, "-m", "nbgrader", *args], cwd=cwd or self.root, env=self.env,
            capture_output=True, text=True, timeout=120, check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"nbgrader {' '.join(args)} failed ({done.returncode}):\n"
                                 f"{done.stdout}\n{done.stderr}")
        return done.stdout + done.stderr


#: What a copy of the course needs (the package itself is installed, editable).
COURSE_PARTS = ("lessons", "assignments", "nbgrader_config.py", "pyproject.toml")


def copy_course(target: Path) -> Path:
    """A copy of the kit's course material in ``target``, without generated folders."""
    target.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for part in COURSE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, target / part)
    (target / "assignments").mkdir(exist_ok=True)
    return target


def isolated_env(home: Path) -> dict[str, str]:
    """Environment of the server: its own home, Jupyter config and runtime folders and user
    data folder; the virtual environment's data folder (labextensions of nbgrader and
    ipywidgets, the kernel spec) stays on the path because it belongs to sys.prefix."""
    env = dict(os.environ)
    for var in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "JUPYTERLAB_DIR", "JUPYTERLAB_SETTINGS_DIR",
                "JUPYTERLAB_WORKSPACES_DIR", "MEDLAB_GRADEBOOK_URL", "MEDLAB_EXCHANGE"):
        env.pop(var, None)
    folders = {
        "HOME": home, "JUPYTER_CONFIG_DIR": home / ".jupyter",
        "JUPYTER_RUNTIME_DIR": home / "runtime", "JUPYTER_DATA_DIR": home / "jupyter-data",
        "IPYTHONDIR": home / ".ipython", "MPLCONFIGDIR": home / ".matplotlib",
        "XDG_CACHE_HOME": home / ".cache", "XDG_CONFIG_HOME": home / ".config",
    }
    for var, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        env[var] = str(folder)
    env["PYTHONUNBUFFERED"] = "1"
    # nbgrader runs the `alembic` command of its environment to open the gradebook: the tests'
    # Python's bin folder must be on PATH even when the virtual environment is not activated.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def write_lab_settings(config_dir: Path) -> None:
    """User settings of the test server: no news or update checks (they would reach for the
    network, which is closed here, and put toasts over the page)."""
    folder = config_dir / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))


def _wait_for_server(lab: Lab, deadline: float) -> None:
    while time.monotonic() < deadline:
        if lab.proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited ({lab.proc.returncode}):\n"
                               f"{lab.log.read_text()[-3000:]}")
        try:
            lab.api("api/status")
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError, json.JSONDecodeError):
            time.sleep(0.25)
    raise RuntimeError(f"JupyterLab did not answer in time:\n{lab.log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab on a temporary copy of the kit, started the way ``medlab-teach lab`` starts
    it (same command line, from the course root so nbgrader_config.py applies)."""
    from medlab_teach.cli import lab_command

    # Screenshots of an earlier run would pass for this run's: start from an empty folder.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    base = tmp_path_factory.mktemp("lab")
    root = copy_course(base / "course")
    env = isolated_env(base / "home")
    write_lab_settings(Path(env["JUPYTER_CONFIG_DIR"]))
    # Matplotlib builds its font cache on first use and says so on stderr: build it now, not
    # inside a lesson's output where it would look like a warning to the student.
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env,
                   check=True, timeout=120)
    port, token = free_port(), secrets.token_hex(16)
    cmd = lab_command(root, port=port, no_browser=True, ip="127.0.0.1", extra=[
        f"--IdentityProvider.token={token}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--ServerApp.terminals_enabled=False",
    ])
    log = ARTIFACTS / "jupyterlab.log"
    proc = proc_control.start(cmd, cwd=root, env=env, log=log)
    server = Lab(root=root, url=f"http://127.0.0.1:{port}/", token=token, env=env, proc=proc,
                 log=log)
    try:
        _wait_for_server(server, time.monotonic() + 120)
        yield server
    finally:
        proc_control.stop(proc)
        proc_control.stop_stragglers(str(base))


# --- The browser -----------------------------------------------------------------------------

@dataclass
class Browser:
    """Chromium started by the tests, and Playwright connected to it."""

    proc: subprocess.Popen[bytes]
    playwright: object
    browser: object  # playwright.sync_api.Browser


def _devtools_port(user_data: Path, proc: subprocess.Popen[bytes], deadline: float) -> int:
    marker = user_data / "DevToolsActivePort"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Chromium exited at start ({proc.returncode})")
        if marker.exists():
            lines = marker.read_text().split()
            if len(lines) >= 2:
                return int(lines[0])
        time.sleep(0.1)
    raise RuntimeError("Chromium did not open its DevTools port in time")


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """One headless Chromium for the session, started (and stopped) by its PID."""
    from playwright.sync_api import sync_playwright

    user_data = tmp_path_factory.mktemp("chromium-profile")
    home = tmp_path_factory.mktemp("chromium-home")  # nothing written to the real ~/.config
    cmd = [chromium_path(), *CHROMIUM_FLAGS, f"--user-data-dir={user_data}",
           "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank"]
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_CACHE_HOME": str(home / ".cache")}
    proc = proc_control.start(cmd, env=env, log=ARTIFACTS / "chromium.log")
    pw = None
    try:
        port = _devtools_port(user_data, proc, time.monotonic() + 60)
        pw = sync_playwright().start()
        browser = pw.chromium.connect_over_cdp(f"http://127.0.0.1:{port}", timeout=60_000)
        yield Browser(proc=proc, playwright=pw, browser=browser)
        browser.close()
    finally:
        if pw is not None:
            pw.stop()
        proc_control.stop(proc)
        proc_control.stop_stragglers(str(home))


@pytest.fixture()
def artifacts() -> Path:
    """Where screenshots go (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture()
def jlab(chromium: Browser, lab: Lab, artifacts: Path,
         request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh browser context and page on the test server, with console errors collected."""
    from lab_driver import JupyterLabPage

    context = chromium.browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1400, "height": 900}, locale="en-US")
    context.set_default_timeout(30_000)
    page = context.new_page()
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name).strip("_")
    driver = JupyterLabPage(page=page, lab=lab, artifacts=artifacts, name=name)
    try:
        yield driver
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            driver.shot("FAILED")
    finally:
        context.close()
        lab.shutdown_kernels()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep each phase's report on the item, so a failed test leaves a screenshot."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
