"""The learner's progress: which self-checks they have passed, kept in their workspace.

Why a local file: a self-learner coming back after a week should see where they were, with no
server and no account. Each passed check is written to ``.medlab-progress.json`` in the
workspace (:mod:`medlab_teach.workspace`), atomically, so a crash mid-write cannot corrupt it.
A file that cannot be read is kept aside and reported, and a new one started: recording
progress never makes a check fail. Outside a workspace (a lesson opened from the kit's own
``lessons/`` folder) nothing is recorded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from medlab_teach import messages
from medlab_teach.i18n import _, get_language
from medlab_teach.workspace import find_workspace, keep_aside, write_json_atomically

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PROGRESS_FILE = ".medlab-progress.json"
_FORMAT = 1


@dataclass(frozen=True)
class LessonProgress:
    """One row of the progress table."""

    lesson: str  # "02", "00a"
    title: str
    done: int
    total: int
    last: str  # ISO timestamp of the last passed check, "" if none


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def load(workspace: Path) -> tuple[dict[str, dict[str, str]], str]:
    """The passed checks recorded in a workspace, and a note if the file had to be set aside."""
    path = workspace / PROGRESS_FILE
    if not path.exists():
        return {}, ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        passed = data["passed"]
        if not isinstance(passed, dict) or not all(isinstance(v, dict) for v in passed.values()):
            raise ValueError("'passed' is not a mapping of exercise ids")
        return {str(k): {str(a): str(b) for a, b in v.items()} for k, v in passed.items()}, ""
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as err:
        backup = keep_aside(path)
        return {}, _(messages.PROGRESS_CORRUPT).format(path=path, error=err, backup=backup.name)


def record_pass(exercise_id: str, workspace: Path | None = None) -> str:
    """Record a passed self-check; returns a note for the learner ("" when all went well).

    Never raises: a full disk or a read-only folder costs the record, not the check.
    """
    try:
        workspace = workspace or find_workspace()
        if workspace is None:
            return ""
        passed, note = load(workspace)
        stamp = _now()
        entry = passed.setdefault(exercise_id, {"first": stamp})
        entry["last"] = stamp
        write_json_atomically(workspace / PROGRESS_FILE, {"format": _FORMAT, "passed": passed})
        return note
    except Exception as err:  # progress must never break a check
        return _(messages.PROGRESS_NOT_SAVED).format(error=err)


def _lesson_titles(folder: Path | None) -> dict[str, str]:
    """Each lesson's title from its file name, in the language in force when the workspace
    holds that edition (``es/``, ``en/``), else from the English lessons."""
    titles: dict[str, str] = {}
    if folder is None or not folder.is_dir():
        return titles
    editions = (folder / get_language(), folder / "en", folder)
    folder = next((f for f in editions if any(f.glob("*.ipynb"))), folder)
    for path in sorted(folder.glob("*.ipynb")):
        key = path.name.split("_", 1)[0]
        titles[key] = path.stem.split("_", 1)[-1].replace("_", " ")
    return titles


def table(workspace: Path | None,
          exercises_by_lesson: dict[str, list[str]]) -> tuple[list[LessonProgress], str]:
    """Per lesson: checks passed of the total, and the last activity; plus any note.

    ``exercises_by_lesson`` maps each lesson ("00", "00a", ...) to its exercise ids (the
    course's catalogue, :func:`medlab_teach.course.exercises_by_lesson`).
    """
    passed, note = load(workspace) if workspace else ({}, "")
    titles = _lesson_titles(workspace)
    rows = []
    for key, ids in exercises_by_lesson.items():
        done = [passed[i] for i in ids if i in passed]
        last = max((d.get("last", "") for d in done), default="")
        rows.append(LessonProgress(key, titles.get(key, ""), len(done), len(ids), last))
    return rows, note  # ids of exercises no longer in the kit stay in the file, uncounted


def format_table(rows: list[LessonProgress]) -> str:
    """The progress table as aligned text, with a course total."""
    header = (_(messages.PROGRESS_HEADER_LESSON), _(messages.PROGRESS_HEADER_DONE),
              _(messages.PROGRESS_HEADER_LAST))
    body = [(f"{r.lesson} {r.title}".strip(), f"{r.done} / {r.total}",
             r.last.replace("T", " ")[:16] if r.last else _(messages.PROGRESS_NEVER))
            for r in rows]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(3)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in [header, *body]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    done, total = sum(r.done for r in rows), sum(r.total for r in rows)
    lines.append(_(messages.PROGRESS_TOTAL).format(done=done, total=total))
    return "\n".join(lines)


def summary(rows: list[LessonProgress]) -> str:
    """The figure's text alternative: every lesson's count, in words."""
    line = _(messages.PROGRESS_LESSON_LINE)
    return "; ".join(line.format(lesson=r.lesson, done=r.done, total=r.total) for r in rows) + "."


def figure(rows: list[LessonProgress]) -> Figure:
    """A small bar chart of self-checks passed per lesson, each bar labelled with its count.

    Done is a solid bar over a hatched outline of the total, so the two read apart without
    colour; the counts are written at the end of each bar.
    """
    from matplotlib.figure import Figure

    from medlab_teach.plots import GREY, PALETTE

    fig = Figure(figsize=(6.0, 0.26 * len(rows) + 1.1), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    labels = [r.lesson for r in rows]
    ax.barh(labels, [r.total for r in rows], color="white", edgecolor=GREY, hatch="//")
    ax.barh(labels, [r.done for r in rows], color=PALETTE[2], edgecolor=PALETTE[2])
    for i, r in enumerate(rows):
        ax.text(r.total + 0.15, i, f"{r.done}/{r.total}", va="center", fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, max((r.total for r in rows), default=1) + 1.5)
    ax.set_xlabel(_(messages.PROGRESS_FIGURE_XLABEL))
    ax.set_ylabel(_(messages.PROGRESS_HEADER_LESSON))
    done, total = sum(r.done for r in rows), sum(r.total for r in rows)
    ax.set_title(f"{_(messages.PROGRESS_FIGURE_TITLE)} ({done}/{total})", fontsize=10)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


@dataclass(frozen=True)
class CourseProgress:
    """The course progress shown at the end of each lesson: a figure with a text alternative
    (the image's alt text, and the table as plain text where no HTML is shown)."""

    rows: tuple[LessonProgress, ...]
    note: str

    def __repr__(self) -> str:
        return "\n".join(x for x in (format_table(list(self.rows)), self.note) if x)

    def _repr_html_(self) -> str:
        import base64
        import html
        import io

        buffer = io.BytesIO()
        figure(list(self.rows)).savefig(buffer, format="png")
        png = base64.b64encode(buffer.getvalue()).decode("ascii")
        rows = list(self.rows)
        alt = html.escape(_(messages.PROGRESS_FIGURE_ALT).format(summary=summary(rows)))
        total = html.escape(_(messages.PROGRESS_TOTAL).format(
            done=sum(r.done for r in rows), total=sum(r.total for r in rows)))
        note = f"<p>{html.escape(self.note)}</p>" if self.note else ""
        return (f'<figure style="margin:0"><img src="data:image/png;base64,{png}" alt="{alt}">'
                f"<figcaption>{total}</figcaption></figure>{note}")
