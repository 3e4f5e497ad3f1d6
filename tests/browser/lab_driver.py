"""Driving JupyterLab 4 in a Playwright page the way a person does: menus, toolbar, keyboard.

Selectors are JupyterLab's and nbgrader's own DOM classes (JupyterLab 4.x, nbgrader 0.9 lab
extension). Every wait is bounded.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: A notebook panel that is on screen (JupyterLab hides the others with lm-mod-hidden).
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"
#: Output of an error (traceback) and text written to stderr: JupyterLab 4 renders both with
#: this mime type (the error mime type is kept in case a renderer ever sets it).
ERROR_OUTPUTS = (
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
)

#: True when the status bar says the current notebook's kernel is idle.
KERNEL_IDLE_JS = """[...document.querySelectorAll('.jp-StatusBar-TextItem')].some(
    (el) => /^(?!No Kernel).+ \\| Idle$/.test(el.textContent.trim()))"""

#: Console errors that do not come from the kit and that a JupyterLab start in a closed,
#: isolated environment always produces. Each entry: (pattern on the message text, why).
CONSOLE_ALLOWLIST: tuple[tuple[str, str], ...] = ()


def wait_changed(read: Callable[[], str], before: str, what: str,
                 timeout: float = 60.0) -> str:
    """Poll ``read()`` until it differs from ``before``; fail naming ``what`` otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = read()
        if now != before:
            return now
        time.sleep(0.25)
    raise AssertionError(f"{what} did not change within {timeout:.0f} s")


@dataclass
class ConsoleEntry:
    """One message of the browser console (or an uncaught page error)."""

    kind: str
    text: str
    url: str

    def __str__(self) -> str:
        return f"[{self.kind}] {self.text} ({self.url})"


@dataclass
class JupyterLabPage:
    """A page of the test server, with helpers for what the tests do in it."""

    page: Any  # playwright.sync_api.Page
    lab: Any  # conftest.Lab
    artifacts: Path
    name: str
    console: list[ConsoleEntry] = field(default_factory=list)
    shots: list[Path] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda err: self.console.append(
            ConsoleEntry("pageerror", f"{err.name}: {err.message}", "")))

    def _on_console(self, msg: Any) -> None:
        if msg.type in ("error", "assert"):
            location = msg.location or {}
            self.console.append(ConsoleEntry(msg.type, msg.text, location.get("url", "")))

    # --- evidence ---------------------------------------------------------------------------

    def shot(self, step: str) -> Path:
        """A screenshot of the page now, as test-artifacts/browser/<test>-<nn>-<step>.png."""
        path = self.artifacts / f"{self.name}-{len(self.shots) + 1:02d}-{step}.png"
        self.page.screenshot(path=str(path))
        self.shots.append(path)
        return path

    def console_errors(self) -> list[ConsoleEntry]:
        """Console errors and page errors, less the documented allowlist."""
        return [entry for entry in self.console
                if not any(re.search(pattern, entry.text)
                           for pattern, _why in CONSOLE_ALLOWLIST)]

    # --- opening things ---------------------------------------------------------------------

    def open(self, path: str, *, workspace: str | None = None) -> None:
        """Open ``path`` (relative to the course root) in JupyterLab and wait for the app."""
        # Workspace names: letters, digits and hyphens only (JupyterLab's route rejects others).
        space = re.sub(r"[^A-Za-z0-9]+", "-", workspace or self.name)[-48:].strip("-")
        self.page.goto(self.lab.page_url(path, space), timeout=90_000)
        self.page.locator("#jupyterlab-splash-screen").wait_for(state="detached",
                                                                 timeout=90_000)
        self.page.locator("#jp-main-dock-panel").wait_for(timeout=30_000)

    def open_notebook(self, path: str) -> None:
        """Open a notebook and wait until its kernel is ready."""
        self.open(path)
        self.page.locator(f"{NOTEBOOK} .jp-Cell").first.wait_for(timeout=60_000)
        self.wait_kernel_idle(timeout=90_000)

    def wait_kernel_idle(self, *, timeout: float = 60_000) -> None:
        """Wait until the current notebook has a kernel and it is idle, as the status bar says
        ("Python 3 (ipykernel) | Idle"; "No Kernel | Idle" does not count)."""
        self.page.wait_for_function(f"() => {KERNEL_IDLE_JS}", timeout=timeout, polling=250)

    # --- menus and commands -----------------------------------------------------------------

    def menu(self, *labels: str) -> None:
        """Click through the main menu bar: ``menu("Run", "Run All Cells")``."""
        top, *items = labels
        self.page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{re.escape(top)}$")) \
            .click()
        for label in items:
            self.page.locator(".lm-Menu:visible .lm-Menu-item",
                              has=self.page.locator(".lm-Menu-itemLabel",
                                                    has_text=re.compile(rf"^{re.escape(label)}$"))
                              ).first.click()

    def run_all(self, *, timeout: float = 150_000) -> None:
        """Run > Run All Cells, then wait until every code cell has run (or one failed and the
        kernel went idle: JupyterLab stops a run-all at the first error)."""
        self.menu("Run", "Run All Cells")
        self.page.wait_for_function(
            """(sel) => {
                const nb = document.querySelector(sel);
                if (!nb) return false;
                const prompts = [...nb.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                    .map(p => p.textContent.trim());
                if (prompts.some(p => p.includes('*'))) return false;
                const idle = KERNEL_IDLE;
                const failed = nb.querySelector(ERRSEL);
                return idle && (failed !== null || prompts.every(p => /\\[\\d+\\]/.test(p)));
            }""".replace("KERNEL_IDLE", KERNEL_IDLE_JS).replace("ERRSEL", repr(ERROR_OUTPUTS)),
            arg=NOTEBOOK, timeout=timeout, polling=250,
        )

    # --- reading the notebook ---------------------------------------------------------------

    def scroll_to(self, locator: Any, block: str = "start") -> None:
        """Bring ``locator`` to the top of the notebook and let the browser paint it (cells
        off screen are skipped by content-visibility until then)."""
        locator.evaluate("(e, block) => e.scrollIntoView({block})", block)
        self.page.wait_for_timeout(400)

    def image_digest(self, img: Any) -> str:
        """SHA-256 of the bytes an <img> shows (fetched from its src, blob: or data:)."""
        return img.evaluate(
            """async (el) => {
                const buf = await (await fetch(el.src)).arrayBuffer();
                const d = await crypto.subtle.digest('SHA-256', buf);
                return [...new Uint8Array(d)].map(b => b.toString(16).padStart(2, '0')).join('');
            }""")

    def error_outputs(self) -> list[str]:
        """The text of every error or stderr output in the open notebook, with its cell."""
        return self.page.evaluate(
            """([sel, errsel]) => {
                const nb = document.querySelector(sel);
                const cells = [...nb.querySelectorAll('.jp-Cell')];
                const found = [];
                cells.forEach((cell, i) => {
                    for (const out of cell.querySelectorAll(errsel)) {
                        const src = (cell.querySelector('.jp-InputArea-editor')
                                     ?.textContent || '').slice(0, 60);
                        found.push(`cell ${i + 1} (${src}): ` + out.textContent.slice(0, 600));
                    }
                });
                return found;
            }""",
            [NOTEBOOK, ERROR_OUTPUTS],
        )

    def broken_widget_views(self) -> list[str]:
        """Widget views ipywidgets could not build (it shows "Click to show javascript error"
        in their place): the error text of each, read by clicking it as a user would."""
        found = []
        boxes = self.page.locator(f"{NOTEBOOK} pre", has_text="Click to show javascript error")
        for handle in boxes.element_handles():
            holder = handle.evaluate_handle("(e) => e.parentElement.parentElement")
            handle.click()
            self.page.wait_for_timeout(200)
            found.append(holder.evaluate("(e) => e.innerText").strip()[:400])
        return found

    def code_cells_without_count(self) -> list[int]:
        """Indices (1-based, among all cells) of code cells that have not run."""
        return self.page.evaluate(
            """(sel) => [...document.querySelector(sel).querySelectorAll('.jp-Cell')]
                .map((cell, i) => [cell, i + 1])
                .filter(([cell]) => cell.classList.contains('jp-CodeCell'))
                .filter(([cell]) => !/\\[\\d+\\]/.test(
                    cell.querySelector('.jp-InputPrompt').textContent))
                .map(([, i]) => i)""",
            NOTEBOOK,
        )
