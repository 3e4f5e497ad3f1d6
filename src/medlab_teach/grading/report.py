"""Per-submission statuses, the CSV report, the printed summary and the exit code.

One status per submission, the most serious that applies:

============== ======================================================== ==============
status         meaning                                                  needs you?
============== ======================================================== ==============
error          the grader itself failed on this submission (see log)    yes
invalid        a notebook is not valid JSON / not a notebook: not graded yes
kernel_died    the kernel died (os._exit, crash, CPU or memory limit)   yes
timed_out      a cell or the whole notebook hit its time limit          yes
tampered       cells deleted, edited, duplicated, stripped of metadata, yes
               test helpers redefined...: repaired and graded, review
missing        an expected notebook is absent or empty (scored 0)       yes
late           graded; submitted after the due date (penalty applied)   no
graded         graded, nothing to report                                no
not_submitted  on the roster, no submission                             no
============== ======================================================== ==============
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .events import Event

STATUSES = ("error", "invalid", "kernel_died", "timed_out", "tampered", "missing", "late",
            "graded", "not_submitted")
ATTENTION = frozenset({"error", "invalid", "kernel_died", "timed_out", "tampered", "missing"})
LABELS = {s: s.replace("_", " ") for s in STATUSES}

EXIT_OK = 0
EXIT_ATTENTION = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

CSV_FIELDS = ("student", "status", "score", "max_score", "needs_manual_grading",
              "late_seconds", "flags", "details", "seconds", "from_earlier_run")


@dataclass
class Outcome:
    """What grading one submission (or finding none) came to."""

    student: str
    status: str
    score: float | None = None
    max_score: float | None = None
    needs_manual: int = 0
    late_seconds: float = 0.0
    events: list[Event] = field(default_factory=list)
    seconds: float = 0.0
    resumed: bool = False
    message: str = ""

    @property
    def needs_attention(self) -> bool:
        """Whether an instructor should look at this submission."""
        return self.status in ATTENTION

    def details(self) -> str:
        """Human-readable reasons, most useful first."""
        parts = [self.message] if self.message else []
        seen: set[str] = set()
        for event in self.events:
            text = event.message
            if text and text not in seen:
                seen.add(text)
                parts.append(text)
        return " | ".join(parts)

    def flags(self) -> str:
        """Distinct event kinds, for filtering in a spreadsheet."""
        return ";".join(sorted({e.kind.value for e in self.events}))

    def to_journal(self, fingerprint: str, finished: str) -> dict[str, Any]:
        """The journal line of a finished submission."""
        return {"student": self.student, "fingerprint": fingerprint, "status": self.status,
                "score": self.score, "max_score": self.max_score,
                "needs_manual": self.needs_manual, "late_seconds": self.late_seconds,
                "events": [e.to_dict() for e in self.events], "message": self.message,
                "seconds": self.seconds, "finished": finished}

    @classmethod
    def from_journal(cls, entry: dict[str, Any]) -> Outcome:
        """An outcome kept from an earlier run (marked ``resumed``)."""
        found = []
        for item in entry.get("events", []):
            try:
                found.append(Event.from_dict(item))
            except (KeyError, ValueError, TypeError):
                continue
        return cls(student=entry["student"], status=entry.get("status", "graded"),
                   score=entry.get("score"), max_score=entry.get("max_score"),
                   needs_manual=int(entry.get("needs_manual", 0)),
                   late_seconds=float(entry.get("late_seconds", 0)), events=found,
                   seconds=float(entry.get("seconds", 0)), resumed=True,
                   message=entry.get("message", ""))

    def to_row(self) -> dict[str, Any]:
        """One CSV row (not yet made safe for spreadsheets: see :func:`write_csv`)."""
        return {
            "student": self.student,
            "status": self.status,
            "score": "" if self.score is None else f"{self.score:g}",
            "max_score": "" if self.max_score is None else f"{self.max_score:g}",
            "needs_manual_grading": self.needs_manual,
            "late_seconds": f"{self.late_seconds:.0f}",
            "flags": self.flags(),
            "details": self.details(),
            "seconds": f"{self.seconds:.1f}",
            "from_earlier_run": "yes" if self.resumed else "no",
        }


def status_from_events(events: list[Event], late_seconds: float = 0.0) -> str:
    """The most serious status implied by a submission's events."""
    found = {e.kind.status for e in events} - {""}
    for status in STATUSES:
        if status in found:
            return status
    return "late" if late_seconds > 0 else "graded"


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: one that would start a formula gets a quote
    first (OWASP's advice for CSV injection); numbers stay numbers."""
    if not isinstance(value, str):
        return value
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    if value.startswith(_FORMULA_STARTS) and not _is_number(value):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def printable(text: str) -> str:
    """Text safe to print on a terminal: control characters (escape codes) shown escaped."""
    return _ANY_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}",
                            str(text).replace("\t", " "))


def write_csv(outcomes: list[Outcome], path: Path) -> Path:
    """Write the per-submission table (one row per student, sorted by id, spreadsheet-safe)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for outcome in sorted(outcomes, key=lambda o: o.student):
            writer.writerow({k: spreadsheet_safe(v) for k, v in outcome.to_row().items()})
    return path


def exit_code(outcomes: list[Outcome]) -> int:
    """0 when nothing needs attention, 1 when at least one submission does."""
    return EXIT_ATTENTION if any(o.needs_attention for o in outcomes) else EXIT_OK


def summary_text(assignment: str, outcomes: list[Outcome], *, seconds: float, jobs: int,
                 sandboxed: bool, files: list[Path]) -> str:
    """The summary printed at the end of a run."""
    counts = Counter(o.status for o in outcomes)
    graded_now = sum(1 for o in outcomes if not o.resumed and o.status != "not_submitted")
    resumed = sum(1 for o in outcomes if o.resumed)
    lines = [f"Autograded {assignment}: {graded_now} submission(s) in {seconds:.0f} s with "
             f"{jobs} worker(s), {'sandboxed' if sandboxed else 'WITHOUT SANDBOX'}"
             + (f"; {resumed} kept from an earlier run" if resumed else "") + "."]
    lines.append("  " + " · ".join(f"{LABELS[s]} {counts[s]}" for s in STATUSES if counts[s]))
    scored = [o for o in outcomes if o.score is not None and o.max_score]
    if scored:
        mean = sum(o.score or 0 for o in scored) / len(scored)
        lines.append(f"  mean score {mean:.2f} / {scored[0].max_score:g} "
                     f"(autograded part; {sum(o.needs_manual for o in scored)} answer(s) await "
                     "manual grading)")
    attention = [o for o in sorted(outcomes, key=lambda o: (STATUSES.index(o.status),
                                                              o.student))
                 if o.needs_attention]
    if attention:
        lines.append(f"Needs your attention ({len(attention)}):")
        width = max(len(printable(o.student)) for o in attention)
        for o in attention:
            detail = printable(o.details())
            if len(detail) > 160:
                detail = detail[:157] + "..."
            lines.append(f"  {printable(o.student):<{width}}  {LABELS[o.status]:<11}  {detail}")
    else:
        lines.append("Nothing needs your attention.")
    for path in files:
        lines.append(f"  wrote {printable(str(path))}")
    return "\n".join(lines)
