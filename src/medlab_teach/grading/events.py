"""What happened while one submission was graded: the findings that become its status.

nbgrader's preprocessors only talk through the notebook and the log. The kit's preprocessors
also record structured *events* here (one :class:`Event` type, one :class:`Kind` enum), and a
worker drains them after each submission, so a repaired cell or a timeout is reported as data,
never by parsing logs. Each event is also stored in the autograded notebook's metadata (key
``medlab_grading``) so an instructor can see it later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Kind(str, Enum):
    """Kinds of event; :attr:`status` is the submission status each one implies ('' none)."""

    METADATA_RESTORED = "metadata_restored"
    METADATA_MALFORMED = "metadata_malformed"
    CELL_RESTORED = "cell_restored"
    CELL_UNRECOVERABLE = "cell_unrecoverable"
    LOCKED_CELL_EDITED = "locked_cell_edited"
    GRADE_CELL_DUPLICATED = "grade_cell_duplicated"
    POINTS_CHANGED = "points_changed"
    CELL_TYPE_CHANGED = "cell_type_changed"
    UNKNOWN_GRADE_ID = "unknown_grade_id"
    KERNEL_CHANGED = "kernel_changed"
    HELPER_REDEFINED = "helper_redefined"
    SUSPICIOUS_CODE = "suspicious_code"
    NOT_DATA = "not_data"
    SYMLINK_IN_SUBMISSION = "symlink_in_submission"
    SPECIAL_FILE = "special_file"
    TIMESTAMP_INVALID = "timestamp_invalid"
    EMPTY_NOTEBOOK = "empty_notebook"
    NOTEBOOK_MISSING = "notebook_missing"
    INVALID_NOTEBOOK = "invalid_notebook"
    CELL_TIMEOUT = "cell_timeout"
    NOTEBOOK_BUDGET_EXHAUSTED = "notebook_budget_exhausted"
    KERNEL_DIED = "kernel_died"
    KERNEL_START_FAILED = "kernel_start_failed"
    RUNNER_FAILED = "runner_failed"
    EXTRA_FILES = "extra_files"
    BUILTIN_SHADOWED = "builtin_shadowed"
    OUTPUT_TRUNCATED = "output_truncated"
    LATE = "late"

    @property
    def status(self) -> str:
        """The submission status this kind implies ('' when it needs no attention)."""
        return _STATUS.get(self, "")


_TAMPERED = ("metadata_restored", "metadata_malformed", "cell_restored", "cell_unrecoverable",
             "locked_cell_edited", "grade_cell_duplicated", "points_changed",
             "cell_type_changed", "unknown_grade_id", "kernel_changed", "helper_redefined",
             "suspicious_code", "not_data", "symlink_in_submission", "special_file",
             "timestamp_invalid")
_STATUS: dict[Kind, str] = {
    **{Kind(k): "tampered" for k in _TAMPERED},
    Kind.EMPTY_NOTEBOOK: "missing", Kind.NOTEBOOK_MISSING: "missing",
    Kind.INVALID_NOTEBOOK: "invalid", Kind.CELL_TIMEOUT: "timed_out",
    Kind.NOTEBOOK_BUDGET_EXHAUSTED: "timed_out", Kind.KERNEL_DIED: "kernel_died",
    Kind.KERNEL_START_FAILED: "kernel_died", Kind.RUNNER_FAILED: "error",
}


@dataclass
class Event:
    """One finding about one notebook of a submission."""

    kind: Kind
    notebook: str
    message: str
    cell: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON (journal, notebook metadata)."""
        return {"kind": self.kind.value, "notebook": self.notebook, "message": self.message,
                "cell": self.cell, "extra": dict(self.extra)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """Back from :meth:`to_dict` (a journal line)."""
        return cls(kind=Kind(data["kind"]), notebook=data.get("notebook", ""),
                   message=data.get("message", ""), cell=data.get("cell", ""),
                   extra=dict(data.get("extra") or {}))


_events: list[Event] = []


def record(kind: Kind, notebook: str, message: str, cell: str = "", **extra: Any) -> Event:
    """Record an event for the submission being graded in this process."""
    event = Event(kind=Kind(kind), notebook=notebook, message=message, cell=cell,
                  extra=dict(extra))
    _events.append(event)
    return event


def drain() -> list[Event]:
    """Return and forget every event recorded since the last drain."""
    out = list(_events)
    _events.clear()
    return out


def store_in_notebook(nb: Any, events: list[Event], key: str) -> None:
    """Append events to the notebook's ``medlab_grading`` metadata under ``key``."""
    meta = nb.metadata.setdefault("medlab_grading", {})
    meta.setdefault(key, [])
    meta[key] = list(meta[key]) + [e.to_dict() for e in events]
