"""Run code as an answer cell of a lesson kernel runs it, to get the error it raises."""

from __future__ import annotations

import sys
from types import TracebackType


def raise_in_cell(code: str, namespace: dict) -> tuple[BaseException, TracebackType | None]:
    """The error ``code`` raises and its traceback, with the file name IPython gives a cell."""
    try:
        exec(compile(code, "/tmp/ipykernel_1/123.py", "exec"), namespace)
    except Exception as err:  # the error is what is under test
        return err, sys.exc_info()[2]
    raise AssertionError(f"{code!r} did not raise")
