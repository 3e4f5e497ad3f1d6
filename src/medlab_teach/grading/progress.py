"""Progress of a grading run on stderr: a bar with an ETA on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO


def format_duration(seconds: float) -> str:
    """'1:05' for 65 s, '1:02:03' past an hour."""
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    """Counts finished submissions and estimates the time left from the pace so far."""

    def __init__(self, total: int, *, stream: TextIO | None = None, mode: str = "auto",
                 label: str = "grading", width: int = 28) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        if mode == "auto":
            mode = "bar" if getattr(self.stream, "isatty", lambda: False)() else "plain"
        self.mode = mode
        self.label = label
        self.width = width
        self.done = 0
        self.attention = 0
        self.start = time.monotonic()

    def eta(self) -> float | None:
        """Seconds left, from the mean time per submission so far (None before the first)."""
        if not self.done:
            return None
        elapsed = time.monotonic() - self.start
        return elapsed / self.done * (self.total - self.done)

    def update(self, student: str, status: str, attention: bool) -> None:
        """One more submission finished."""
        self.done += 1
        self.attention += int(attention)
        if self.mode == "none":
            return
        eta = self.eta()
        eta_text = f"ETA {format_duration(eta)}" if eta is not None else "ETA --:--"
        pct = 100 * self.done / self.total if self.total else 100
        if self.mode == "bar":
            filled = int(self.width * self.done / self.total) if self.total else self.width
            bar = "#" * filled + "." * (self.width - filled)
            line = (f"\r{self.label} [{bar}] {self.done}/{self.total} {pct:3.0f}% {eta_text} "
                    f"attention {self.attention} | {student}: {status}")
            self.stream.write(line[:150].ljust(150))
        else:
            self.stream.write(f"{self.label}: {self.done}/{self.total} ({pct:.0f}%) {student}: "
                              f"{status}; {eta_text}\n")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.mode == "bar":
            self.stream.write("\n")
            self.stream.flush()
