"""nbgrader's Execute preprocessor, with the tests out of the student's reach.

:class:`GuardedExecute` replaces ``Execute`` in ``Autograde.autograde_preprocessors``. It keeps
nbgrader's behaviour (errors recorded in the cell, timeouts interrupt the kernel) and changes
where things run:

* the student's cells (answers, their own cells, the read-only setup) run in the student's
  kernel, in the grading sandbox (:class:`~.sandbox.SandboxedKernelManager`), under a
  per-notebook time budget and an output cap (:mod:`.limits`);
* each autograder **test cell runs in the test runner** (:mod:`.testrunner`), a separate
  sandboxed process that never ran student code, into which the names the test reads are
  copied as data (:mod:`.transfer`). Nothing the student's code does to its own interpreter
  (IPython hooks, builtins, patched libraries, objects equal to anything) reaches the tests;
* a dead kernel or a spent budget never aborts the submission: the cells left get an
  explanatory error (scoring 0) and an event flags the submission.
"""

from __future__ import annotations

import ast
import hashlib
import json
import logging
import os
import shutil
import tempfile
import typing as t
from dataclasses import dataclass, field
from queue import Empty
from time import monotonic

from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync
from nbformat import from_dict
from nbformat.v4 import new_output
from nbgrader import utils as nbutils
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer

from . import analysis, events, spare
from .config import Limits
from .events import Kind
from .limits import OutputCap, TimeBudget
from .sandbox import SandboxedKernelManager, SandboxUnavailableError, copy_work_tree
from .testrunner import RunnerError, RunnerSpec, RunnerTimeoutError, runner_argv, runner_for
from .warm import WarmKernelManager

log = logging.getLogger(__name__)

_DEFAULTS = Limits()
_TRANSFER = "__import__('medlab_teach.grading.transfer', fromlist=['transfer'])"


_FATAL: list[str] = []


def take_fatal() -> str:
    """The last error that makes grading impossible in this process ('' if none), forgotten.

    nbgrader turns every exception of a preprocessor into a log line; a missing sandbox must
    stop the run instead, so :class:`GuardedExecute` also keeps it here for the worker.
    """
    message = _FATAL[-1] if _FATAL else ""
    _FATAL.clear()
    return message


def is_test(cell: t.Any) -> bool:
    """An autograder test cell (graded, not an answer, code)."""
    return cell.cell_type == "code" and nbutils.is_grade(cell) and not nbutils.is_solution(cell)


def not_run_output(reason: str) -> t.Any:
    """The error output of a cell that was not run (it scores 0)."""
    return new_output("error", ename="NotRun", evalue=reason, traceback=[f"NotRun: {reason}"])


@dataclass
class TestPlan:
    """What the runner needs, read statically: its setup cells and each test's names."""

    setup: list[str] = field(default_factory=list)
    needs: dict[int, tuple[list[str], list[str]]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Identifies the setup (the runner prepares each setup once)."""
        return hashlib.sha256("\0".join(self.setup).encode()).hexdigest()

    @classmethod
    def of(cls, nb: t.Any, answer_names: set[str]) -> TestPlan:
        """Read-only setup cells that read nothing from the student run in the runner too;
        a test gets every name it reads that the runner does not define itself (and every
        name an answer defines), as data; the names it calls may be functions."""
        plan = cls()
        trusted: set[str] = set()
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            tree = analysis.parse(cell.source)
            if tree is None:
                continue
            free = analysis.free_names(cell.source)
            if is_test(cell):
                names = (free - trusted - analysis.BUILTIN_NAMES) | (free & answer_names)
                calls = analysis.called_names(tree) & names
                plan.needs[index] = (sorted(names), sorted(calls))
                trusted |= analysis.bound_names(tree) - answer_names
            elif (nbutils.is_locked(cell) and not nbutils.is_solution(cell)
                  and not nbutils.is_grade(cell)
                  and free <= trusted | analysis.BUILTIN_NAMES):
                plan.setup.append(cell.source)
                trusted |= analysis.bound_names(tree) - answer_names
        return plan


class GuardedExecute(Execute):
    """Execute a submission: its cells in the sandboxed kernel, its tests in the runner."""

    sandbox = Bool(
        True, help="Run kernels in the bubblewrap sandbox (False: plain local kernel, unsafe)."
    ).tag(config=True)
    notebook_timeout = Integer(
        _DEFAULTS.notebook_timeout,
        help="Wall-clock budget for executing one notebook, in seconds."
    ).tag(config=True)
    after_timeout_timeout = Integer(
        _DEFAULTS.after_timeout,
        help="Per-cell timeout once a cell of the notebook has timed out, in seconds."
    ).tag(config=True)
    max_output_bytes = Integer(
        _DEFAULTS.output_chars,
        help="Output kept per cell (characters of text / bytes of JSON); beyond it the output "
             "is cut with a note."
    ).tag(config=True)
    runner_uid = Integer(
        0, help="uid of the test runner's sandbox (0: lease one from "
                "SandboxedKernelManager.sandbox_uid up)."
    ).tag(config=True)

    def __init__(self, **kw: t.Any) -> None:
        super().__init__(**kw)
        if "kernel_manager_class" not in kw:
            self.kernel_manager_class = (
                WarmKernelManager if self.sandbox else AsyncKernelManager)
        self.raise_on_iopub_timeout = False
        self.shutdown_kernel = "immediate"
        self._configured_iopub_timeout = self.iopub_timeout
        self._source_folder = ""
        self._reset_state()

    def _reset_state(self) -> None:
        self.budget = TimeBudget(self.timeout, self.after_timeout_timeout, self.notebook_timeout)
        self.cap = OutputCap(self.max_output_bytes)
        self._events: list[events.Event] = []
        self._notebook_id = ""
        self._kernel_dead = False
        self.iopub_timeout = getattr(self, "_configured_iopub_timeout", self.iopub_timeout)

    # -- events -----------------------------------------------------------------------------
    def event(self, kind: Kind, message: str, cell: t.Any = None, **extra: t.Any) -> None:
        """Record an event about this notebook (and log it)."""
        grade_id = ""
        if cell is not None:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        self._events.append(events.record(kind, self._notebook_id, message, grade_id, **extra))
        log.warning("%s: %s", kind.value, message)

    @staticmethod
    def describe(cell: t.Any) -> str:
        """A cell as the instructor knows it: its grade id, else its first line."""
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id:
            return repr(grade_id)
        first = (cell.source.strip().splitlines() or [""])[0][:40]
        return f"starting {first!r}"

    # -- timeouts and output ----------------------------------------------------------------
    def _get_timeout(self, cell: t.Any) -> int | None:
        return self.budget.cell_timeout()

    async def _async_handle_timeout(
        self, timeout: int, cell: t.Any = None
    ) -> dict[str, t.Any] | None:
        if cell is not None:
            self.event(Kind.CELL_TIMEOUT, f"cell {self.describe(cell)} exceeded its time "
                        f"limit ({timeout} s) and was interrupted", cell, seconds=timeout)
            self.budget.timed_out()
            self.iopub_timeout = min(self.iopub_timeout, 2)
        return await super()._async_handle_timeout(timeout, cell)

    def output(self, outs: list[t.Any], msg: dict[str, t.Any], display_id: str | None,
               cell_index: int) -> t.Any:
        """Keep at most ``max_output_bytes`` of output per cell; note the cut once."""
        kept = self.cap.admit(outs, msg, cell_index)
        if kept is None:
            return super().output(outs, msg, display_id, cell_index)
        if kept:
            cell = self.nb.cells[cell_index] if cell_index < len(self.nb.cells) else None
            self.event(Kind.OUTPUT_TRUNCATED, f"output of cell {cell_index} cut at "
                        f"{self.cap.limit:,} characters", cell)
        return None

    # -- the student's kernel: silent evaluation --------------------------------------------
    async def _async_evaluate(self, expression: str, timeout: float) -> tuple[str, t.Any]:
        """Evaluate an expression silently in the student's kernel: ("ok", text) or an error."""
        assert self.kc is not None
        msg_id = self.kc.execute("", silent=True, store_history=False,
                                 user_expressions={"r": expression}, allow_stdin=False)
        deadline = monotonic() + timeout
        while True:
            remaining = deadline - monotonic()
            if remaining <= 0:
                return "timeout", None
            try:
                msg = await self.kc.shell_channel.get_msg(timeout=remaining)
            except Empty:
                return "timeout", None
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            result = msg["content"].get("user_expressions", {}).get("r", {})
            if result.get("status") != "ok":
                return "error", result.get("ename", msg["content"].get("ename", "error"))
            return "ok", result.get("data", {}).get("text/plain", "")

    _evaluate_sync = run_sync(_async_evaluate)

    def evaluate(self, expression: str, timeout: float) -> tuple[str, t.Any]:
        """A silent evaluation; on timeout the kernel is interrupted (or found dead)."""
        if self._kernel_dead:
            return "dead", None
        status, value = self._evaluate_sync(expression, timeout)
        if status == "timeout":
            if not run_sync(self.km.is_alive)():
                self._kernel_dead = True
                return "dead", None
            run_sync(self.km.interrupt_kernel)()
            self._evaluate_sync("None", 3.0)  # let the interrupted request finish
        if status == "ok":
            try:
                value = json.loads(ast.literal_eval(value))
            except (ValueError, SyntaxError, TypeError):
                return "error", "unreadable answer"
        return status, value

    # -- the run ----------------------------------------------------------------------------
    def create_kernel_manager(self) -> t.Any:
        """nbclient's kernel manager, given the assignment's own files as its work folder
        (the kernel started ahead for this kind of notebook, if there is one)."""
        km = super().create_kernel_manager()
        if isinstance(km, SandboxedKernelManager):
            km.work_files = self._source_folder
        if isinstance(km, WarmKernelManager):
            self.km = km = spare.take_spare(km) or km
        return km

    def _start_next_kernel(self, km: t.Any) -> None:
        """Once this notebook's kernel has stopped: start the next one in the background."""
        if isinstance(km, WarmKernelManager) and not _FATAL:
            path = self.resources.get("metadata", {}).get("path") or None
            spare.start_spare(km, extra_arguments=self._kernel_arguments(),
                              **({"cwd": path} if path else {}))

    def _kernel_arguments(self) -> list[str]:
        """The arguments nbclient gives a kernel it starts (its history kept in memory)."""
        arguments = list(self.extra_arguments)
        if self.ipython_hist_file and not any(
                a.startswith("--HistoryManager.hist_file") for a in arguments):
            arguments.append(f"--HistoryManager.hist_file={self.ipython_hist_file}")
        return arguments

    def preprocess(self, nb: t.Any, resources: t.Any = None,
                   km: t.Any = None) -> tuple[t.Any, t.Any]:
        """Execute every code cell; never abort the submission for a timeout or a dead kernel."""
        from nbclient.client import NotebookClient

        NotebookClient.__init__(self, nb, km)
        self.reset_execution_trackers()
        self._check_assign_resources(resources)
        self._reset_state()
        info = (resources or {}).get("nbgrader", {})
        self._notebook_id = info.get("notebook", "")
        self._source_folder = self._assignment_folder(info.get("assignment", ""))
        answers = set(nb.metadata.get("medlab_grading", {}).get("answer_names", []))
        plan = TestPlan.of(nb, answers)
        code_cells = [i for i, c in enumerate(nb.cells)
                      if c.cell_type == "code" and c.source.strip()]
        km = None
        try:
            with self.setup_kernel():
                assert self.kc is not None
                km = self.km
                info_msg = self.wait_for_reply(self.kc.kernel_info())
                assert info_msg is not None
                self.nb.metadata["language_info"] = info_msg["content"]["language_info"]
                self.budget.start()
                tests = TestCells(self, plan)
                try:
                    self._run_cells(code_cells, resources, tests)
                finally:
                    tests.close()
        except SandboxUnavailableError as exc:
            _FATAL.append(str(exc))
            raise
        except DeadKernelError as exc:
            self._not_run(code_cells, f"the kernel died during start-up ({exc})")
        except (RuntimeError, TimeoutError, OSError) as exc:
            stderr = self._kernel_stderr()
            self.event(Kind.KERNEL_START_FAILED, f"the kernel could not start: {exc}"
                        + (f" | kernel said: {stderr[-400:]}" if stderr else ""))
            self._not_run([i for i in code_cells if not nb.cells[i].get("outputs")],
                          "the kernel could not start")
        self._start_next_kernel(km)
        self.set_widgets_metadata()
        events.store_in_notebook(self.nb, self._events, "execution")
        return self.nb, self.resources

    def _assignment_folder(self, assignment: str) -> str:
        """The assignment's source folder (its data files go to the sandboxes), if known."""
        coursedir = getattr(getattr(self.parent, "parent", None), "coursedir", None)
        if coursedir is None or not assignment:
            return ""
        return coursedir.format_path(coursedir.source_directory, ".", assignment)

    def _kernel_stderr(self) -> str:
        getter = getattr(self.km, "kernel_stderr", None)
        return getter() if callable(getter) else ""

    def _not_run(self, cells: list[int], reason: str) -> None:
        for i in cells:
            self.nb.cells[i].outputs = [not_run_output(reason)]

    def _run_cells(self, code_cells: list[int], resources: t.Any, tests: TestCells) -> None:
        for position, index in enumerate(code_cells):
            cell = self.nb.cells[index]
            if self.budget.spent():
                skipped = code_cells[position:]
                self.event(Kind.NOTEBOOK_BUDGET_EXHAUSTED, f"the notebook used its whole "
                            f"time budget ({self.notebook_timeout} s); {len(skipped)} cell(s) "
                            "were not run and score 0")
                self._not_run(skipped, "not run: the notebook exceeded its time budget of "
                              f"{self.notebook_timeout} s")
                return
            if is_test(cell) and index in tests.plan.needs:
                tests.run(cell, index)
            else:
                self._run_student_cell(cell, resources, index)
            if self._kernel_dead:
                self._kernel_died(cell, code_cells, index)
                return

    def _run_student_cell(self, cell: t.Any, resources: t.Any, index: int) -> None:
        try:
            self.preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._kernel_dead = True
        except CellTimeoutError as exc:
            self.event(Kind.CELL_TIMEOUT, f"cell {self.describe(cell)}: {exc}", cell)
            self.budget.timed_out()
            cell.outputs = [*cell.get("outputs", []),
                            not_run_output("the kernel did not answer in time")]

    def _kernel_died(self, cell: t.Any, code_cells: list[int], index: int) -> None:
        stderr = self._kernel_stderr()
        self.event(Kind.KERNEL_DIED, f"the kernel died while running cell "
                    f"{self.describe(cell)} (os._exit, a crash, or the CPU/memory limit); "
                    "later cells were not run"
                    + (f" | kernel said: {stderr[-400:]}" if stderr else ""), cell)
        if not is_test(cell):
            cell.outputs = [*cell.get("outputs", []), new_output(
                "error", ename="KernelDied", evalue="the kernel stopped while running this "
                "cell", traceback=["KernelDied: the kernel stopped while running this cell"])]
        self._not_run([i for i in code_cells if i > index],
                      "not run: the kernel died in an earlier cell")

    # -- the test runner ----------------------------------------------------------------------
    def runner_spec(self) -> RunnerSpec:
        """How to start the test runner: sandboxed like the kernel, as its own uid."""
        if not self.sandbox:
            folder = tempfile.mkdtemp(prefix="medlab-tests-")
            copy_work_tree(self._source_folder, os.path.join(folder, "work"),
                           uid=os.getuid(), gid=os.getgid())
            return RunnerSpec(runner_argv(), os.path.join(folder, "work"),
                              cleanup=lambda: shutil.rmtree(folder, ignore_errors=True))
        km = SandboxedKernelManager(parent=self, role="runner",
                                    work_files=self._source_folder)
        if self.runner_uid:
            km.sandbox_uid, km.lease_uid = self.runner_uid, False
        command, cwd = km.process_command(runner_argv())
        return RunnerSpec(command, cwd, cleanup=km.remove_run_folder)


class TestCells:
    """Runs a notebook's test cells in the test runner, fed from the student's kernel."""

    def __init__(self, execute: GuardedExecute, plan: TestPlan) -> None:
        self.execute = execute
        self.plan = plan
        key = (execute.sandbox, execute.runner_uid, execute._source_folder)
        self.runner = runner_for(key, execute.runner_spec)
        self._open = False
        self._broken = ""

    def _ensure_session(self) -> None:
        if self._open or self._broken:
            return
        try:
            errors = self.runner.open_session(self.plan.key, self.plan.setup,
                                              self.execute.startup_timeout or 60)
        except RunnerError as exc:
            self._broken = f"the test runner could not start: {exc}"
            self.execute.event(Kind.RUNNER_FAILED, self._broken)
            return
        self._open = True
        if errors:
            self.execute.event(Kind.RUNNER_FAILED, "the assignment's setup cells failed in "
                                "the test runner: " + "; ".join(errors))

    def run(self, cell: t.Any, index: int) -> None:
        """Run one test cell in the runner; its outputs become the cell's outputs."""
        self._ensure_session()
        if self._broken:
            cell.outputs = [not_run_output(self._broken)]
            return
        names, callables = self.plan.needs[index]
        timeout = self.execute.budget.cell_timeout() or 60
        exported = self._export(names, callables, timeout)
        if isinstance(exported, str):
            cell.outputs = [not_run_output(exported)]
            return
        request = {"name": cell.metadata.get("nbgrader", {}).get("grade_id", ""),
                   "code": analysis.python_lines(cell.source), "callables": callables,
                   **exported}
        self._current = (cell, timeout)
        try:
            reply = self.runner.run(request, monotonic() + timeout, self._call)
        except RunnerTimeoutError:
            self._open = False
            self.execute.event(Kind.CELL_TIMEOUT, f"test {self.execute.describe(cell)} did "
                                f"not finish within {timeout} s", cell, seconds=timeout)
            self.execute.budget.timed_out()
            cell.outputs = [not_run_output(f"the test did not finish within {timeout} s")]
            return
        except RunnerError as exc:
            self._open = False
            self.execute.event(Kind.RUNNER_FAILED, f"test {self.execute.describe(cell)}: "
                                f"{exc}", cell)
            cell.outputs = [not_run_output(f"the grader's test runner failed: {exc}")]
            return
        cell.outputs = [from_dict(o) for o in reply.get("outputs", [])]
        cell.execution_count = None
        refused = reply.get("refused") or {}
        if refused:
            self.execute.event(Kind.NOT_DATA, f"test {self.execute.describe(cell)} scored 0: "
                                + "; ".join(f"{n}: {r}" for n, r in sorted(refused.items())),
                                cell, names=sorted(refused))

    def _export(self, names: list[str], callables: list[str],
                timeout: float) -> dict[str, t.Any] | str:
        """The values of ``names`` in the student's kernel, or why they could not be had."""
        if not names:
            return {"values": {}, "refused": {}, "missing": []}
        expression = f"{_TRANSFER}.export_names(globals(), {names!r}, {callables!r})"
        status, value = self.execute.evaluate(expression, min(10.0, float(timeout)))
        if status == "ok" and isinstance(value, dict):
            return {"values": value.get("values", {}), "refused": value.get("refused", {}),
                    "missing": value.get("missing", [])}
        if status == "timeout":
            self.execute.budget.timed_out()
            return "not run: the notebook's kernel was still busy (an earlier cell did not stop)"
        if status == "dead":
            return "not run: the notebook's kernel has stopped"
        self.execute.event(Kind.NOT_DATA, "the notebook's kernel did not hand over the values "
                            f"{', '.join(names)} ({value}); the test scored 0")
        return f"not run: the notebook's kernel could not hand over the values ({value})"

    def _call(self, request: dict[str, t.Any], deadline: float) -> dict[str, t.Any]:
        """A test called a student's function: call it in the student's kernel."""
        name = str(request.get("name", ""))
        payload = json.dumps({"args": request.get("args"), "kwargs": request.get("kwargs")})
        expression = f"{_TRANSFER}.call_function(globals(), {name!r}, {payload!r})"
        timeout = max(0.5, deadline - monotonic() - 0.5)
        status, value = self.execute.evaluate(expression, timeout)
        cell, seconds = self._current
        if status == "ok" and isinstance(value, dict):
            if "refused" in value:
                self.execute.event(Kind.NOT_DATA, f"test {self.execute.describe(cell)} "
                                    f"scored 0: {str(value['refused'])[:300]}", cell,
                                    names=[name])
            return value
        if status == "timeout":
            self.execute.event(Kind.CELL_TIMEOUT, f"{name}() called by test "
                                f"{self.execute.describe(cell)} did not return within "
                                f"{seconds} s and was interrupted", cell, seconds=seconds)
            self.execute.budget.timed_out()
            return {"error": ["TimeoutError", f"{name}() did not return within {seconds} s"]}
        if status == "dead":
            return {"error": ["KernelDied", f"the kernel stopped while running {name}()"]}
        return {"error": ["GraderError", f"{name}() could not be called ({value})"]}

    def close(self) -> None:
        """End this notebook's session (the runner stays for the next submission)."""
        if self._open:
            self.runner.end_session()
            self._open = False
