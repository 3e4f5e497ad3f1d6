"""Feedback that never shows hidden tests, not even inside a traceback.

nbgrader 0.9 builds feedback from the *autograded* notebook, where the hidden tests were put
back so they could run. The feedback HTML then shows them in the test cells, and a failing
hidden assert prints its own source line in the traceback. :class:`LeakFreeFeedback` (added to
``GenerateFeedback.preprocessors``) collects every hidden-test line, removes the hidden regions
from the cells (nbgrader's own ``ClearHiddenTests`` logic) and then scrubs every output —
tracebacks, error messages, printed text, HTML — of any line that contains one of them.
"""

from __future__ import annotations

import ast
import html
import io
import re
import tokenize
from typing import Any

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from traitlets import Integer, Unicode

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_TAG = re.compile(r"<[^>]*>")
_TEXT_TYPES = ("text/plain", "text/html", "text/markdown", "text/latex", "application/json")


def strip_ansi(text: str) -> str:
    """Text without terminal colour codes (IPython colours every token of a traceback)."""
    return _ANSI.sub("", text)


def string_literals(line: str) -> list[str]:
    """The string constants written on a line of Python (messages of hidden asserts)."""
    out: list[str] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(line).readline):
            if token.type == tokenize.STRING:
                try:
                    value = ast.literal_eval(token.string)
                except (ValueError, SyntaxError):
                    continue
                if isinstance(value, str):
                    out.append(value)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return out


def hidden_lines(source: str, begin: str, end: str) -> list[str]:
    """The lines of ``source`` inside hidden-test regions, delimiters included."""
    out: list[str] = []
    inside = False
    for line in source.splitlines():
        if begin in line:
            inside = True
            out.append(line)
        elif end in line:
            inside = False
            out.append(line)
        elif inside:
            out.append(line)
    return out


class LeakFreeFeedback(NbGraderPreprocessor):
    """Remove hidden tests from feedback: sources, outputs and tracebacks."""

    min_secret_length = Integer(
        4, help="Hidden lines shorter than this (after stripping) are not searched for in "
                "outputs (they are too common to be a secret, e.g. 'pass')."
    ).tag(config=True)
    placeholder = Unicode(
        "[hidden test line removed]", help="Text that replaces a scrubbed output line."
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode,
                   resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        clear = ClearHiddenTests(parent=self)
        begin, end = clear.begin_test_delimeter, clear.end_test_delimeter
        secrets: set[str] = set()
        for cell in nb.cells:
            for line in hidden_lines(cell.source, begin, end):
                stripped = line.strip()
                if len(stripped) >= self.min_secret_length:
                    secrets.add(stripped)
                # An assert's message is printed on its own in the error: a secret too
                # (sentences only: a bare word like "population" is no secret).
                for literal in string_literals(stripped):
                    literal = literal.strip()
                    if len(literal) >= max(8, self.min_secret_length) and " " in literal:
                        secrets.add(literal)
        for cell in nb.cells:
            if begin in cell.source:
                clear._remove_hidden_test_region(cell)
        # A line that is also in what the student can see is not a secret.
        visible = {line.strip() for cell in nb.cells for line in cell.source.splitlines()}
        self._secrets = sorted(secrets - visible, key=len, reverse=True)
        self.scrubbed = 0
        for cell in nb.cells:
            if cell.cell_type == "code":
                for output in cell.get("outputs", []):
                    self._scrub_output(output)
        if "celltoolbar" in nb.metadata:
            del nb.metadata["celltoolbar"]
        return nb, resources

    def _leaks(self, text: str) -> bool:
        plain = strip_ansi(text)
        # HTML outputs: look at the text a browser would show (tags gone, entities decoded).
        shown = html.unescape(_TAG.sub("", plain))
        return any(s in plain or s in shown for s in self._secrets)

    def _scrub_text(self, text: str) -> str:
        if not self._secrets or not text:
            return text
        lines = text.split("\n")
        changed = False
        for i, line in enumerate(lines):
            if self._leaks(line):
                lines[i] = self.placeholder
                changed = True
        if changed:
            self.scrubbed += 1
        return "\n".join(lines)

    def _scrub_output(self, output: NotebookNode) -> None:
        kind = output.get("output_type")
        if kind == "error":
            traceback = [self._scrub_text(entry) for entry in output.get("traceback", [])]
            leaked = traceback != list(output.get("traceback", []))
            evalue = str(output.get("evalue", ""))
            if evalue and (self._leaks(evalue)
                           or any(evalue.strip() in s for s in self._secrets if evalue.strip())):
                output["evalue"] = "a hidden test failed"
                leaked = True
            if leaked:
                traceback.append(f"{output.get('ename', 'Error')}: a hidden test failed; the "
                                 "hidden test itself is not shown.")
            output["traceback"] = traceback
        elif kind == "stream":
            output["text"] = self._scrub_text(_as_text(output.get("text", "")))
        elif kind in ("display_data", "execute_result"):
            data = output.get("data", {})
            for mime in _TEXT_TYPES:
                if mime in data:
                    value = data[mime]
                    if isinstance(value, str | list):
                        data[mime] = self._scrub_text(_as_text(value))
                    elif self._leaks(str(value)):
                        data[mime] = {}


def _as_text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)
