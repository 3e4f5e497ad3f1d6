"""Execute a notebook in a fresh kernel, as CI, nbgrader and 'Restart and Run All' do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbclient
import nbformat
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import Type

from medlab_teach.grading.kernel_client import ReadyKernelClient


class ReadyKernelManager(AsyncKernelManager):
    """A local kernel whose client is ready when the kernel answers (the grader's client)."""

    client_factory = Type(ReadyKernelClient, klass=AsyncKernelClient)


def notebook_client(nb: nbformat.NotebookNode, *, timeout: int = 300, folder: Path | None = None,
                    allow_errors: bool = True) -> nbclient.NotebookClient:
    """nbclient on a new python3 kernel, about half a second quicker per notebook than its
    defaults: ready as soon as the kernel answers, and an immediate shutdown (a test kernel
    has nothing to save)."""
    resources = {"metadata": {"path": str(folder)}} if folder else {}
    return nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=timeout, allow_errors=allow_errors,
        resources=resources, kernel_manager_class=ReadyKernelManager,
        shutdown_kernel="immediate")


@dataclass
class CellError:
    """An error output found in an executed notebook."""

    index: int
    source_head: str
    ename: str
    evalue: str

    def __str__(self) -> str:
        return f"cell {self.index} ({self.source_head!r}): {self.ename}: {self.evalue}"


def execute_notebook(path: Path, *, timeout: int = 300) -> nbformat.NotebookNode:
    """Run every cell top to bottom in a new python3 kernel, in the notebook's own folder."""
    nb = nbformat.read(path, as_version=4)
    notebook_client(nb, timeout=timeout, folder=path.parent).execute()
    return nb


_EXECUTED: dict[Path, nbformat.NotebookNode] = {}


def executed_lesson(path: Path) -> nbformat.NotebookNode:
    """A lesson executed once per test session, shared by every test that reads its outputs
    (read only: tests must not change the returned notebook)."""
    key = path.resolve()
    if key not in _EXECUTED:
        _EXECUTED[key] = execute_notebook(path)
    return _EXECUTED[key]


def errors_in(nb: nbformat.NotebookNode) -> list[CellError]:
    """Every error output and every stderr traceback in an executed notebook."""
    found = []
    for i, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        head = cell.source.strip().splitlines()[0][:60] if cell.source.strip() else ""
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append(CellError(i, head, out.ename, out.evalue))
            elif out.output_type == "stream" and out.name == "stderr" and (
                    "Traceback" in out.text or "Error" in out.text.split(":")[0]):
                found.append(CellError(i, head, "stderr", out.text.strip()[:300]))
    return found


def fill_answers(nb: nbformat.NotebookNode, solutions: dict[str, str]) -> int:
    """Put each exercise's solution in place of the ``answer = ...`` of its check cell, as a
    learner would; returns how many answer cells were filled."""
    filled = 0
    for cell in nb.cells:
        if cell.cell_type != "code" or "answer = ..." not in cell.source:
            continue
        for exercise_id, code in solutions.items():
            if f'check("{exercise_id}"' in cell.source:
                cell.source = cell.source.replace("answer = ...", code.rstrip("\n"), 1)
                filled += 1
    return filled
