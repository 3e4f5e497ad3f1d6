"""The nbgrader configuration that turns on the kit's grading safeguards.

Used by ``medlab-teach grade`` for its workers, and usable from a course's
``nbgrader_config.py`` so that plain ``nbgrader autograde``, ``nbgrader generate_feedback``
and the formgrader's buttons get the same protection::

    from medlab_teach.grading.config import configure
    configure(c)                      # sandboxed kernels, tests in the test runner,
                                      # pre-flight, leak-free feedback
    # or only: configure_feedback(c)  # leak-free feedback, nothing else changed

Preprocessors are named by import path, so loading the config stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from traitlets.config import Config

SANITIZE_PREPROCESSORS = [
    "nbgrader.preprocessors.ClearOutput",
    "medlab_teach.grading.preflight.RepairFromGradebook",
    "medlab_teach.grading.preflight.FlagStudentCode",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "medlab_teach.grading.metadata_check.CheckCellMetadataOnce",
]
AUTOGRADE_PREPROCESSORS = [
    "medlab_teach.grading.execute.GuardedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "medlab_teach.grading.metadata_check.CheckCellMetadataOnce",
]
FEEDBACK_PREPROCESSORS = [
    "nbgrader.preprocessors.GetGrades",
    "medlab_teach.grading.feedback.LeakFreeFeedback",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]


@dataclass
class Limits:
    """Resource limits for one student's kernel (see docs/grading_security.md).

    The one place their defaults are stated: the CLI's help, the preprocessor's and the
    sandbox's configurable traits all read them from here.
    """

    cell_timeout: int = 30
    notebook_timeout: int = 300
    after_timeout: int = 2
    cpu_seconds: int = 120
    memory_mb: int = 2048
    max_processes: int = 64
    file_size_mb: int = 64
    tmp_size_mb: int = 64
    open_files: int = 256
    output_chars: int = 200_000

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if not isinstance(value, int) or value <= 0:
                raise ValueError(f"grading limit {name} must be a positive whole number, "
                                 f"got {value!r}")
        if self.notebook_timeout < self.cell_timeout:
            raise ValueError(f"the notebook budget ({self.notebook_timeout} s) must be at "
                             f"least the cell timeout ({self.cell_timeout} s)")


DEFAULT_SANDBOX_UID = 61000
LIMIT_HELP = {
    "cell_timeout": "seconds one cell may run",
    "notebook_timeout": "seconds one notebook may run in total",
    "cpu_seconds": "CPU seconds per sandbox process",
    "memory_mb": "address space per sandbox process, MiB",
    "max_processes": "processes and threads the student code may have",
    "file_size_mb": "largest file the student code may write, MiB",
    "output_chars": "output kept per cell, characters",
}


def grading_config(*, sandbox: bool = True, limits: Limits | None = None,
                   sandbox_uid: int = DEFAULT_SANDBOX_UID, runner_uid: int = 0,
                   lease_uid: bool = True, forbidden_paths: list[str] | None = None,
                   readonly_paths: list[str] | None = None,
                   python_paths: list[str] | None = None,
                   scratch_root: str = "", kernels: str = "auto") -> Config:
    """A traitlets Config with the kit's preprocessors and limits."""
    limits = limits or Limits()
    c = Config()
    c.Autograde.sanitize_preprocessors = list(SANITIZE_PREPROCESSORS)
    c.Autograde.autograde_preprocessors = list(AUTOGRADE_PREPROCESSORS)
    c.GenerateFeedback.preprocessors = list(FEEDBACK_PREPROCESSORS)
    # RepairFromGradebook re-inserts missing cells at their place (see preflight's doc).
    c.OverwriteCells.add_missing_cells = False
    c.GuardedExecute.sandbox = sandbox
    c.GuardedExecute.timeout = limits.cell_timeout
    c.GuardedExecute.notebook_timeout = limits.notebook_timeout
    c.GuardedExecute.after_timeout_timeout = min(limits.after_timeout, limits.cell_timeout)
    c.GuardedExecute.max_output_bytes = limits.output_chars
    c.GuardedExecute.startup_timeout = 60
    c.GuardedExecute.runner_uid = runner_uid
    c.WarmKernelManager.kernels = kernels
    c.SandboxedKernelManager.sandbox_uid = sandbox_uid
    c.SandboxedKernelManager.lease_uid = lease_uid
    c.SandboxedKernelManager.cpu_seconds = limits.cpu_seconds
    c.SandboxedKernelManager.memory_mb = limits.memory_mb
    c.SandboxedKernelManager.max_processes = limits.max_processes
    c.SandboxedKernelManager.file_size_mb = limits.file_size_mb
    c.SandboxedKernelManager.tmp_size_mb = limits.tmp_size_mb
    c.SandboxedKernelManager.open_files = limits.open_files
    if forbidden_paths:
        c.SandboxedKernelManager.forbidden_paths = list(forbidden_paths)
    if readonly_paths:
        c.SandboxedKernelManager.readonly_paths = list(readonly_paths)
    if python_paths:
        c.SandboxedKernelManager.python_paths = list(python_paths)
    if scratch_root:
        c.SandboxedKernelManager.scratch_root = scratch_root
    return c


def configure(c: Any, **kwargs: Any) -> None:
    """Merge :func:`grading_config` into a course's ``nbgrader_config.py`` config object."""
    c.merge(grading_config(**kwargs))


def configure_feedback(c: Any) -> None:
    """Only the leak-free feedback (for a course that autogrades some other way)."""
    c.GenerateFeedback.preprocessors = list(FEEDBACK_PREPROCESSORS)
