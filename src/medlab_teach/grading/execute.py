"""nbgrader's Execute preprocessor, hardened for untrusted submissions.

:class:`GuardedExecute` replaces ``Execute`` in ``Autograde.autograde_preprocessors``. It keeps
nbgrader's behaviour (errors recorded in the cell, timeouts interrupt the kernel) and adds:

* the kernel runs in the grading sandbox (:class:`~.sandbox.SandboxedKernelManager`);
* a **per-notebook wall-clock budget**; once a cell has timed out, later cells get a short
  timeout, so a graded function stuck in a loop costs one timeout, not one per test cell;
* a dead kernel or a cell past the budget no longer aborts the submission: the remaining cells
  get an explanatory error output (scoring 0) and an event that flags the submission;
* a cap on the bytes of output kept per cell (a 20 MB print does not reach the gradebook or
  the feedback);
* before each test cell, builtins, IPython's execution hooks and the test helpers (names the
  tests use that locked cells defined) are restored to what they were before student code ran,
  and any change is reported (``builtins_restored``).
"""

from __future__ import annotations

import json
import typing as t
from queue import Empty
from time import monotonic

from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync
from nbformat.v4 import new_output
from nbgrader import utils as nbutils
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer

from . import events
from .sandbox import SandboxedKernelManager, SandboxUnavailableError

GUARD_NAME = "__medlab_guard__"

# Runs once in the kernel before any student code. It keeps a snapshot of builtins, IPython's
# execution hooks and (later) the test helpers, and can put them back.
GUARD_SETUP = r'''
def __medlab_make_guard():
    import builtins, sys
    ip = get_ipython()
    pristine = dict(vars(builtins))
    hooks = {name: list(getattr(ip, name)) for name in
             ("input_transformers_cleanup", "input_transformers_post", "ast_transformers")}
    callbacks = {k: list(v) for k, v in ip.events.callbacks.items()}
    # IPython and ipykernel swap these in and out around every execution: restore, don't report.
    ipython_managed = {"exit", "quit", "input", "raw_input", "display", "get_ipython", "help"}
    streams = {name: getattr(sys, name) for name in ("stdout", "stderr")}
    saved = {}

    def same(a, b):
        if a is b:
            return True
        try:
            return bool(a == b) and type(a) is type(b)
        except Exception:
            return False

    class Guard:
        @staticmethod
        def snapshot(names):
            for n in names:
                if n in ip.user_ns:
                    saved[n] = ip.user_ns[n]
            return sorted(saved)

        @staticmethod
        def restore(shadows=()):
            changed = []
            for n in shadows:
                if n in ip.user_ns and n in pristine and ip.user_ns[n] is not pristine[n]:
                    del ip.user_ns[n]
            b = vars(builtins)
            for k in list(b):
                if k not in pristine:
                    del b[k]
                    if not k.startswith("__") and k not in ipython_managed:
                        changed.append("builtin:" + k)
            for k, v in pristine.items():
                if k not in b or not same(b[k], v):
                    b[k] = v
                    if not k.startswith("__") and k not in ipython_managed:
                        changed.append("builtin:" + k)
            for name, value in hooks.items():
                current = getattr(ip, name)
                if list(current) != value:
                    current[:] = value
                    changed.append("hook:" + name)
            if tuple(ip.custom_exceptions):
                ip.custom_exceptions = ()
                changed.append("hook:custom_exceptions")
            for k, v in callbacks.items():
                if ip.events.callbacks.get(k) != v:
                    ip.events.callbacks[k] = list(v)
                    changed.append("hook:events." + k)
            for name, value in streams.items():
                if getattr(sys, name) is not value:
                    setattr(sys, name, value)
                    changed.append("hook:sys." + name)
            if sys.gettrace() is not None or sys.getprofile() is not None:
                sys.settrace(None)
                sys.setprofile(None)
                changed.append("hook:trace")
            for n, v in saved.items():
                if ip.user_ns.get(n, None) is not v:
                    ip.user_ns[n] = v
                    changed.append("helper:" + n)
            return changed

    return Guard()

__medlab_guard__ = __medlab_make_guard()
del __medlab_make_guard
'''


def _output_size(msg: dict[str, t.Any]) -> int:
    content = msg.get("content", {})
    if msg.get("msg_type") == "stream":
        return len(content.get("text", ""))
    try:
        return len(json.dumps(content.get("data", content), default=str))
    except (TypeError, ValueError):
        return 0


def _binds_any(source: str, names: list[str]) -> bool:
    """Whether a (locked) cell defines one of the test helpers, so a new snapshot is needed."""
    from .preflight import _parse, bound_names

    tree = _parse(source)
    return tree is None or bool(bound_names(tree) & set(names))


def _not_run_output(reason: str) -> t.Any:
    return new_output("error", ename="NotRun", evalue=reason, traceback=[f"NotRun: {reason}"])


class GuardedExecute(Execute):
    """Execute a submission in the sandbox with a per-notebook budget and guarded tests."""

    sandbox = Bool(
        True, help="Run kernels in the bubblewrap sandbox (False: plain local kernel, unsafe)."
    ).tag(config=True)
    notebook_timeout = Integer(
        300, help="Wall-clock budget for executing one notebook, in seconds."
    ).tag(config=True)
    after_timeout_timeout = Integer(
        2, help="Per-cell timeout once a cell of the notebook has timed out, in seconds."
    ).tag(config=True)
    max_output_bytes = Integer(
        200_000, help="Output kept per cell (characters of text / bytes of JSON); beyond it the "
                      "output is cut with a note."
    ).tag(config=True)
    guard_tests = Bool(
        True, help="Restore builtins, IPython hooks and test helpers before each test cell."
    ).tag(config=True)

    def __init__(self, **kw: t.Any) -> None:
        super().__init__(**kw)
        if "kernel_manager_class" not in kw:
            self.kernel_manager_class = (
                SandboxedKernelManager if self.sandbox else AsyncKernelManager)
        self.raise_on_iopub_timeout = False
        self.shutdown_kernel = "immediate"
        self._configured_iopub_timeout = self.iopub_timeout
        self._reset_state()

    def _reset_state(self) -> None:
        self._deadline: float | None = None
        self._had_timeout = False
        self._output_bytes: dict[int, int] = {}
        self._truncated: set[int] = set()
        self._events: list[events.Event] = []
        self._notebook_id = ""
        self._guard_ready = False
        self._shadows: list[str] = []
        self.iopub_timeout = getattr(self, "_configured_iopub_timeout", self.iopub_timeout)

    # -- events -----------------------------------------------------------------------------
    def _event(self, kind: str, message: str, cell: t.Any = None, **extra: t.Any) -> None:
        grade_id = ""
        if cell is not None:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        self._events.append(events.record(kind, self._notebook_id, message, grade_id, **extra))
        self.log.warning("%s: %s", kind, message)

    # -- timeouts ---------------------------------------------------------------------------
    def _get_timeout(self, cell: t.Any) -> int | None:
        base = self.after_timeout_timeout if self._had_timeout else self.timeout
        if self._deadline is None:
            return base if base and base > 0 else None
        remaining = self._deadline - monotonic()
        limit = remaining if not base or base <= 0 else min(base, remaining)
        return max(1, int(limit))

    async def _async_handle_timeout(
        self, timeout: int, cell: t.Any = None
    ) -> dict[str, t.Any] | None:
        if cell is not None:
            self._event("cell_timeout", f"cell {self._describe(cell)} exceeded its time limit "
                        f"({timeout} s) and was interrupted", cell, seconds=timeout)
            self._had_timeout = True
            self.iopub_timeout = min(self.iopub_timeout, 2)
        return await super()._async_handle_timeout(timeout, cell)

    @staticmethod
    def _describe(cell: t.Any) -> str:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id:
            return repr(grade_id)
        first = (cell.source.strip().splitlines() or [""])[0][:40]
        return f"starting {first!r}"

    # -- output cap -------------------------------------------------------------------------
    def output(self, outs: list[t.Any], msg: dict[str, t.Any], display_id: str | None,
               cell_index: int) -> t.Any:
        """Keep at most ``max_output_bytes`` of output per cell; note the cut once."""
        limit = self.max_output_bytes
        if limit and limit > 0:
            used = self._output_bytes.get(cell_index, 0)
            size = _output_size(msg)
            self._output_bytes[cell_index] = used + size
            if used + size > limit:
                if cell_index in self._truncated:
                    return None
                self._truncated.add(cell_index)
                remaining = max(0, limit - used)
                if msg.get("msg_type") == "stream" and remaining:
                    content = msg["content"]
                    outs.append(new_output("stream", name=content.get("name", "stdout"),
                                           text=content.get("text", "")[:remaining]))
                note = (f"\n[output cut: this cell printed more than {limit:,} characters; "
                        "the rest was discarded by the grader]\n")
                outs.append(new_output("stream", name="stdout", text=note))
                cell = self.nb.cells[cell_index] if cell_index < len(self.nb.cells) else None
                self._event("output_truncated", f"output of cell {cell_index} cut at "
                            f"{limit:,} characters", cell)
                return None
        return super().output(outs, msg, display_id, cell_index)

    # -- guard ------------------------------------------------------------------------------
    async def _async_guard_call(self, code: str, expression: str | None,
                                timeout: float = 5.0) -> t.Any:
        """Run guard code silently in the kernel; return the evaluated expression or None."""
        assert self.kc is not None
        expressions = {"r": expression} if expression else {}
        msg_id = self.kc.execute(code, silent=True, store_history=False,
                                 user_expressions=expressions, allow_stdin=False)
        deadline = monotonic() + timeout
        while True:
            remaining = deadline - monotonic()
            if remaining <= 0:
                return None
            try:
                msg = await self.kc.shell_channel.get_msg(timeout=remaining)
            except Empty:
                return None
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            content = msg["content"]
            if content.get("status") != "ok":
                return {"error": content.get("ename", "error")}
            if not expression:
                return True
            result = content.get("user_expressions", {}).get("r", {})
            if result.get("status") != "ok":
                return {"error": result.get("ename", "error")}
            return result.get("data", {}).get("text/plain")

    _guard_call_sync = run_sync(_async_guard_call)

    def _guard_call(self, code: str, expression: str | None) -> t.Any:
        """A guard call bounded by the notebook budget (short once a cell has timed out)."""
        limit = 5.0
        if self._deadline is not None:
            limit = min(limit, max(0.5, self._deadline - monotonic()))
        if self._had_timeout:
            limit = min(limit, float(self.after_timeout_timeout))
        return self._guard_call_sync(code, expression, limit)

    def _install_guard(self) -> None:
        language = (self.nb.metadata.get("language_info", {}).get("name", "") or "").lower()
        if not self.guard_tests or language != "python":
            return
        self._guard_ready = self._guard_call(GUARD_SETUP, None) is True

    def _guard_snapshot(self, helpers: list[str]) -> None:
        if self._guard_ready and helpers:
            self._guard_call("", f"{GUARD_NAME}.snapshot({helpers!r})")

    def _guard_restore(self, cell: t.Any, shadows: list[str]) -> None:
        if not self._guard_ready:
            return
        result = self._guard_call("", f"{GUARD_NAME}.restore({shadows!r})")
        if result is None:
            return  # kernel busy (an earlier cell still running): the budget handles it
        if isinstance(result, dict):
            self._event("builtins_restored", "the grader's test guard was removed or broken "
                        f"by the submission ({result.get('error')}) before cell "
                        f"{self._describe(cell)}", cell)
            self._guard_ready = False
            return
        try:
            import ast

            changed = ast.literal_eval(result)
        except (ValueError, SyntaxError):
            changed = [str(result)]
        if changed:
            self._event("builtins_restored", "restored before test "
                        f"{self._describe(cell)}: {', '.join(changed)} (changed by the "
                        "submission)", cell, changed=list(changed))

    # -- the run ----------------------------------------------------------------------------
    def preprocess(self, nb: t.Any, resources: t.Any = None,
                   km: t.Any = None) -> tuple[t.Any, t.Any]:
        """Execute every code cell; never abort the submission for a timeout or a dead kernel."""
        from nbclient.client import NotebookClient

        NotebookClient.__init__(self, nb, km)
        self.reset_execution_trackers()
        self._check_assign_resources(resources)
        self._reset_state()
        self._notebook_id = (resources or {}).get("nbgrader", {}).get("notebook", "")
        guard_meta = nb.metadata.get("medlab_grading", {})
        helpers = list(guard_meta.get("helpers", []))
        self._shadows = list(guard_meta.get("builtins_used", []))
        code_cells = [i for i, c in enumerate(nb.cells)
                      if c.cell_type == "code" and c.source.strip()]
        try:
            with self.setup_kernel():
                assert self.kc is not None
                info_msg = self.wait_for_reply(self.kc.kernel_info())
                assert info_msg is not None
                self.nb.metadata["language_info"] = info_msg["content"]["language_info"]
                self._deadline = monotonic() + self.notebook_timeout
                self._install_guard()
                self._run_cells(code_cells, resources, helpers)
        except SandboxUnavailableError:
            raise
        except DeadKernelError as exc:
            self._kernel_gone(code_cells, f"the kernel died during start-up ({exc})")
        except (RuntimeError, TimeoutError, OSError) as exc:
            stderr = self._kernel_stderr()
            self._event("kernel_start_failed", f"the kernel could not start: {exc}"
                        + (f" | kernel said: {stderr[-400:]}" if stderr else ""))
            for i in code_cells:
                if not nb.cells[i].get("outputs"):
                    nb.cells[i].outputs = [_not_run_output("the kernel could not start")]
        self.set_widgets_metadata()
        events.store_in_notebook(self.nb, self._events, "execution")
        return self.nb, self.resources

    def _kernel_stderr(self) -> str:
        getter = getattr(self.km, "kernel_stderr", None)
        return getter() if callable(getter) else ""

    def _kernel_gone(self, code_cells: list[int], reason: str, after: int = -1) -> None:
        for i in code_cells:
            if i > after:
                self.nb.cells[i].outputs = [_not_run_output(reason)]

    def _run_cells(self, code_cells: list[int], resources: t.Any, helpers: list[str]) -> None:
        assert self._deadline is not None
        for position, index in enumerate(code_cells):
            cell = self.nb.cells[index]
            if monotonic() >= self._deadline:
                skipped = code_cells[position:]
                self._event("notebook_budget_exhausted", f"the notebook used its whole time "
                            f"budget ({self.notebook_timeout} s); {len(skipped)} cell(s) "
                            "were not run and score 0")
                reason = (f"not run: the notebook exceeded its time budget of "
                          f"{self.notebook_timeout} s")
                for i in skipped:
                    self.nb.cells[i].outputs = [_not_run_output(reason)]
                return
            is_test = nbutils.is_grade(cell) and not nbutils.is_solution(cell)
            if is_test:
                self._guard_restore(cell, self._shadows)
            try:
                self.preprocess_cell(cell, resources, index)
            except DeadKernelError:
                stderr = self._kernel_stderr()
                self._event("kernel_died", f"the kernel died while running cell "
                            f"{self._describe(cell)} (os._exit, a crash, or the CPU/memory "
                            "limit); later cells were not run"
                            + (f" | kernel said: {stderr[-400:]}" if stderr else ""), cell)
                cell.outputs = [*cell.get("outputs", []), new_output(
                    "error", ename="KernelDied", evalue="the kernel stopped while running "
                    "this cell", traceback=["KernelDied: the kernel stopped while running "
                                            "this cell"])]
                self._kernel_gone(code_cells, "not run: the kernel died in an earlier cell",
                                  after=index)
                return
            except CellTimeoutError as exc:
                self._event("cell_timeout", f"cell {self._describe(cell)}: {exc}", cell)
                self._had_timeout = True
                cell.outputs = [*cell.get("outputs", []),
                                _not_run_output("the kernel did not answer in time")]
            locked = nbutils.is_locked(cell) and not nbutils.is_solution(cell)
            if locked and helpers and _binds_any(cell.source, helpers):
                self._guard_snapshot(helpers)
