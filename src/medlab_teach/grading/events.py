"""What happened while one submission was graded: the findings that become its status.

nbgrader's preprocessors only talk through the notebook and the log. The kit's preprocessors
(pre-flight, guarded execution) also record structured *events* here, and a worker drains them
after each submission, so a repaired cell or a timeout is reported as data, never by parsing logs.
Each event is also stored in the autograded notebook's metadata (key ``medlab_grading``) so an
instructor can see it later.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Kinds of event, and whether each one needs an instructor's attention.
ATTENTION_KINDS = {
    "metadata_restored": "tampered",
    "cell_restored": "tampered",
    "cell_unrecoverable": "tampered",
    "locked_cell_edited": "tampered",
    "grade_cell_duplicated": "tampered",
    "points_changed": "tampered",
    "cell_type_changed": "tampered",
    "unknown_grade_id": "tampered",
    "kernel_changed": "tampered",
    "helper_redefined": "tampered",
    "suspicious_code": "tampered",
    "builtins_restored": "tampered",
    "symlink_in_submission": "tampered",
    "empty_notebook": "missing",
    "notebook_missing": "missing",
    "invalid_notebook": "invalid",
    "cell_timeout": "timed_out",
    "notebook_budget_exhausted": "timed_out",
    "kernel_died": "kernel_died",
    "kernel_start_failed": "kernel_died",
    "builtin_shadowed": "",
    "output_truncated": "",
    "late": "",
}


@dataclass
class Event:
    """One finding about one notebook of a submission."""

    kind: str
    notebook: str
    message: str
    cell: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON (journal, notebook metadata, worker → main process)."""
        return asdict(self)


_events: list[Event] = []


def record(kind: str, notebook: str, message: str, cell: str = "", **extra: Any) -> Event:
    """Record an event for the submission being graded in this process."""
    if kind not in ATTENTION_KINDS:
        raise ValueError(f"unknown grading event kind {kind!r}")
    event = Event(kind=kind, notebook=notebook, message=message, cell=cell, extra=dict(extra))
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
