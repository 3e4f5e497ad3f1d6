"""Time and output limits of one notebook's execution (used by :mod:`.execute`)."""

from __future__ import annotations

import json
from time import monotonic
from typing import Any

from nbformat.v4 import new_output


class TimeBudget:
    """A cell timeout, a shorter one once a cell has timed out, and a whole-notebook budget.

    A graded function stuck in a loop then costs one full timeout, not one per test cell,
    and a notebook never runs longer than its budget.
    """

    def __init__(self, cell: int | None, after_timeout: int, notebook: int) -> None:
        self.cell = cell
        self.after_timeout = after_timeout
        self.notebook = notebook
        self.deadline: float | None = None
        self.had_timeout = False

    def start(self) -> None:
        """The notebook starts running now."""
        self.deadline = monotonic() + self.notebook

    def timed_out(self) -> None:
        """A cell timed out: later cells get the short timeout."""
        self.had_timeout = True

    def spent(self) -> bool:
        """Whether the notebook's budget is used up."""
        return self.deadline is not None and monotonic() >= self.deadline

    def cell_timeout(self) -> int | None:
        """Seconds the next cell may run (None: no limit)."""
        base = self.after_timeout if self.had_timeout else self.cell
        if self.deadline is None:
            return base if base and base > 0 else None
        remaining = self.deadline - monotonic()
        limit = remaining if not base or base <= 0 else min(base, remaining)
        return max(1, int(limit))


def _output_size(msg: dict[str, Any]) -> int:
    content = msg.get("content", {})
    if msg.get("msg_type") == "stream":
        return len(content.get("text", ""))
    try:
        return len(json.dumps(content.get("data", content), default=str))
    except (TypeError, ValueError):
        return 0


class OutputCap:
    """At most ``limit`` characters of output kept per cell, cut while it arrives."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._used: dict[int, int] = {}
        self._cut: set[int] = set()

    def admit(self, outs: list[Any], msg: dict[str, Any], cell_index: int) -> bool | None:
        """None: keep the message as usual. False/True: dropped (True the first time, when a
        note about the cut was appended to ``outs``)."""
        if not self.limit or self.limit <= 0:
            return None
        used = self._used.get(cell_index, 0)
        size = _output_size(msg)
        self._used[cell_index] = used + size
        if used + size <= self.limit:
            return None
        if cell_index in self._cut:
            return False
        self._cut.add(cell_index)
        remaining = max(0, self.limit - used)
        if msg.get("msg_type") == "stream" and remaining:
            content = msg["content"]
            outs.append(new_output("stream", name=content.get("name", "stdout"),
                                   text=content.get("text", "")[:remaining]))
        note = (f"\n[output cut: this cell printed more than {self.limit:,} characters; "
                "the rest was discarded by the grader]\n")
        outs.append(new_output("stream", name="stdout", text=note))
        return True
