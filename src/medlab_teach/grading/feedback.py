"""Feedback that never shows hidden tests, not even inside a traceback or an assert message.

nbgrader 0.9 builds feedback from the *autograded* notebook, where the hidden tests were put
back so they could run. The feedback HTML then shows them in the test cells, a failing hidden
assert prints its own source line in the traceback, and its message (an f-string often fills
in the expected value) is shown as the error. :class:`LeakFreeFeedback` (added to
``GenerateFeedback.preprocessors``):

* finds, for each failing test cell, the line that failed (the test runner's traceback names
  it); when it lies in a hidden region, the error becomes "a hidden test failed", **unless
  the author marked that assert shareable** with a ``# feedback: shareable`` comment on one
  of its lines, in which case its message (only) is shown;
* removes the hidden regions from the test cells (nbgrader's own ``ClearHiddenTests`` logic;
  only test cells: a student's own text, even one that says "BEGIN HIDDEN TESTS", is theirs);
* scrubs every output (tracebacks, printed text, HTML) of any line that contains a hidden
  line or the text of a hidden assert's message.
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
_TEST_FRAME = re.compile(r'File "<test [^"]*>", line (\d+)')
SHAREABLE = re.compile(r"#\s*feedback:\s*shareable\b", re.IGNORECASE)
_OWN_ERRORS = frozenset({"NotRun", "NotPlainData", "KernelDied", "CellTimeoutError"})
HIDDEN_FAILURE = "a hidden test failed"
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


def is_test_cell(cell: NotebookNode) -> bool:
    """An autograder test cell: the only kind of cell that has hidden tests."""
    meta = cell.metadata.get("nbgrader", {})
    return (cell.cell_type == "code" and isinstance(meta, dict) and bool(meta.get("grade"))
            and not meta.get("solution"))


def hidden_line_numbers(source: str, begin: str, end: str) -> set[int]:
    """1-based numbers of the lines inside hidden-test regions (delimiters included)."""
    numbers: set[int] = set()
    inside = False
    for number, line in enumerate(source.split("\n"), start=1):
        if begin in line:
            inside = True
        if inside:
            numbers.add(number)
        if end in line:
            inside = False
    return numbers


def failing_line(output: NotebookNode) -> int | None:
    """The line of the test cell where an error was raised (from the runner's traceback)."""
    found = None
    for entry in output.get("traceback", []):
        for match in _TEST_FRAME.finditer(strip_ansi(str(entry))):
            found = int(match.group(1))
    return found


def shareable_lines(source: str) -> set[int]:
    """Lines of the statements marked ``# feedback: shareable`` (their messages may be shown)."""
    lines = source.split("\n")
    marked = [n for n, text in enumerate(lines, start=1) if SHAREABLE.search(text)]
    if not marked:
        return set()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    out: set[int] = set()
    for line in marked:
        spans = [(node.lineno, node.end_lineno or node.lineno) for node in ast.walk(tree)
                 if isinstance(node, ast.stmt) and node.lineno <= line <= (node.end_lineno or 0)]
        if spans:
            first, last = min(spans, key=lambda span: span[1] - span[0])
            out.update(range(first, last + 1))
    return out


def hide_hidden_failures(cell: NotebookNode, begin: str, end: str) -> list[NotebookNode]:
    """Replace the message of every error raised in a hidden region, unless shareable; the
    shareable errors are returned (their message is the author's, to be shown as is)."""
    hidden = hidden_line_numbers(cell.source, begin, end)
    shared: list[NotebookNode] = []
    if not hidden:
        return shared
    for output in cell.get("outputs", []):
        if output.get("output_type") != "error" or output.get("ename") in _OWN_ERRORS:
            continue
        line = failing_line(output)
        if line is not None and line not in hidden:
            continue  # a visible test failed: its message is the author's visible text
        ename = output.get("ename", "Error")
        if line is not None and line in shareable_lines(cell.source):
            output["traceback"] = [f"{ename}: {output.get('evalue', '')}"]
            shared.append(output)
        else:
            output["evalue"] = HIDDEN_FAILURE
            output["traceback"] = [f"{ename}: {HIDDEN_FAILURE}; the hidden test itself is "
                                   "not shown."]
    return shared


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
        tests = [cell for cell in nb.cells if is_test_cell(cell)]
        secrets: set[str] = set()
        shared: list[NotebookNode] = []
        for cell in tests:
            shared += hide_hidden_failures(cell, begin, end)
            secrets |= self._hidden_secrets(cell.source, begin, end)
            if begin in cell.source:
                try:
                    clear._remove_hidden_test_region(cell)
                except RuntimeError:  # nested or unbalanced delimiters: hide the whole cell
                    cell.source = ""
        # A line that is also in what the student can see is not a secret.
        visible = {line.strip() for cell in nb.cells for line in cell.source.splitlines()}
        self._secrets = sorted(secrets - visible, key=len, reverse=True)
        self.scrubbed = 0
        for cell in nb.cells:
            if cell.cell_type == "code":
                for output in cell.get("outputs", []):
                    if not any(output is kept for kept in shared):
                        self._scrub_output(output)
        if "celltoolbar" in nb.metadata:
            del nb.metadata["celltoolbar"]
        return nb, resources

    def _hidden_secrets(self, source: str, begin: str, end: str) -> set[str]:
        """Hidden lines, and the sentences quoted in them (an assert's message is printed on
        its own in the error), except the messages the author marked shareable."""
        secrets: set[str] = set()
        shared = shareable_lines(source)
        lines = source.split("\n")
        for number in sorted(hidden_line_numbers(source, begin, end)):
            stripped = lines[number - 1].strip()
            if len(stripped) >= self.min_secret_length:
                secrets.add(stripped)
            if number in shared:
                continue
            for literal in string_literals(stripped):
                literal = literal.strip()
                # sentences only: a bare word like "population" is no secret
                if len(literal) >= max(8, self.min_secret_length) and " " in literal:
                    secrets.add(literal)
        return secrets

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
