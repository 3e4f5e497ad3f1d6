"""Plain-words explanations of the errors a learner's answer cell most often raises.

A misspelt name (``NameError``), a wrong column name or code (``KeyError``) and text where a
number was expected (``TypeError``) produce tracebacks written for programmers. In a lesson
kernel these three errors get, above the usual traceback (kept whole, for reference), a short
box saying what went wrong and where to look. It is registered with IPython's documented hook
for custom exception handlers, ``InteractiveShell.set_custom_exc``, when the lessons import
:mod:`medlab_teach.checks`. The cell still fails as before (Run All stops there).
"""

from __future__ import annotations

import builtins
import difflib
import html
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from medlab_teach import messages
from medlab_teach.i18n import _

HANDLED = (NameError, KeyError, TypeError)
_MAX_COLUMNS = 25


@dataclass(frozen=True, repr=False)
class Explanation:
    """What went wrong, in plain words, and where to look (in the language in force when the
    error was explained; the frame around it in the language in force when shown)."""

    text: str
    line: int | None

    def __str__(self) -> str:
        where = f" {_(messages.ERROR_WHERE).format(line=self.line)}" if self.line else ""
        return f"{_(messages.ERROR_INTRO)}: {self.text}{where}\n{_(messages.ERROR_TRACEBACK_NOTE)}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        line = _(messages.ERROR_WHERE).format(line=self.line)
        where = f" {html.escape(line)}" if self.line else ""
        return (
            '<div role="note" style="background:#EEF3F8;border-left:6px solid #0072B2;'
            f'padding:0.5em 0.8em;margin:0.3em 0"><strong>{html.escape(_(messages.ERROR_INTRO))}'
            f"</strong>: {html.escape(self.text)}{where}<br><small>"
            f"{html.escape(_(messages.ERROR_TRACEBACK_NOTE))}</small></div>"
        )


def _cell_line(tb: TracebackType | None) -> int | None:
    """The line of the learner's cell that was running (the first frame after IPython's own)."""
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if "ipykernel_" in filename or filename.startswith("<ipython-input"):
            return tb.tb_lineno
        tb = tb.tb_next
    return None


def _suggest(word: str, candidates: Any, template: str) -> str:
    names = [str(c) for c in candidates]
    close = difflib.get_close_matches(str(word), names, n=1, cutoff=0.6)
    if not close:
        lowered = {n.casefold(): n for n in names}
        match = lowered.get(str(word).casefold())
        close = [match] if match else []
    return f" {_(template).format(suggestion=close[0])}" if close else ""


def _table_in_traceback(tb: TracebackType | None) -> Any:
    """The deepest pandas table whose lookup failed (its ``self``), to list its columns."""
    found = None
    while tb is not None:
        candidate = tb.tb_frame.f_locals.get("self")
        if type(candidate).__name__ in ("DataFrame", "Series"):
            found = candidate
        tb = tb.tb_next
    return found


def explain(error: BaseException, tb: TracebackType | None,
            namespace: dict[str, Any] | None = None) -> Explanation | None:
    """The explanation of a handled error, or None for any other error."""
    line = _cell_line(tb)
    if isinstance(error, NameError):
        name = getattr(error, "name", None) or str(error).split("'")[1:2] or ["?"]
        name = name if isinstance(name, str) else name[0]
        known = [n for n in (namespace or {}) if not n.startswith("_")] + dir(builtins)
        text = _(messages.ERROR_NAME).format(name=name)
        return Explanation(text + _suggest(name, known, messages.ERROR_NAME_SUGGEST), line)
    if isinstance(error, KeyError) and type(error) is KeyError:
        key = error.args[0] if error.args else "?"
        text = _(messages.ERROR_KEY).format(key=key)
        table = _table_in_traceback(tb)
        if table is not None and type(table).__name__ == "DataFrame":
            columns = [str(c) for c in table.columns]
            text += _suggest(key, columns, messages.ERROR_KEY_SUGGEST)
            shown = ", ".join(columns[:_MAX_COLUMNS]) + (" ..." if len(columns) > _MAX_COLUMNS
                                                         else "")
            text += " " + _(messages.ERROR_KEY_COLUMNS).format(columns=shown)
        return Explanation(text, line)
    if isinstance(error, TypeError):
        return Explanation(_(messages.ERROR_TYPE).format(detail=error), line)
    return None


def _handler(shell: Any, etype: type[BaseException], value: BaseException,
             tb: TracebackType | None, tb_offset: int | None = None) -> list[str]:
    from IPython.display import display

    explanation = explain(value, tb, getattr(shell, "user_ns", None))
    if explanation is not None:
        display(explanation)
    # The usual traceback, published as the usual error output (so tools and Run All see it).
    shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    return []


def register_in_ipython() -> bool:
    """Install the explanations in the running IPython kernel; False outside IPython.

    An existing custom handler (set by the learner or another tool) is left in place.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    if shell.custom_exceptions and shell.custom_exceptions != HANDLED:
        return False
    shell.set_custom_exc(HANDLED, _handler)
    return True
