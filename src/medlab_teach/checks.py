"""Immediate feedback for self-learners: check an exercise's answer, get a hint or a confirmation.

Each lesson's exercises are declared as :class:`Exercise` values in ``medlab_teach.exercises``
(one module per lesson). An exercise computes its expected answer from the kit's data, so no
answer is typed in twice, and it carries the hints that realistic wrong answers deserve. The
same declarations drive the tests: every solution must pass and every listed wrong answer must
fail with its hint.

In a notebook::

    from medlab_teach.checks import check, solution
    answer = ...            # the student's work
    check("l00_lines", answer)
    solution("l00_lines")   # only after trying

Feedback has three states: correct, try again (with the most specific hint: the exercise's own,
then the common numeric slips of :mod:`medlab_teach.slips`), and *not answered yet* for a cell
still holding ``...``, which is neutral: running a whole lesson must not greet the learner with
failures. A passed check is recorded in the learner's workspace (:mod:`medlab_teach.progress`).
Importing this module in IPython also registers the friendly explanations of common errors
(:mod:`medlab_teach.friendly_errors`). Every sentence shown lives in :mod:`medlab_teach.messages`,
or in the exercise's declaration (marked with ``N_``); both are translated with ``_`` when the
feedback or the solution is made, so a learner who switches language sees the next check in it.
"""

from __future__ import annotations

import html
import importlib
import math
import pkgutil
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from medlab_teach import messages
from medlab_teach.errors import UnknownIdError
from medlab_teach.i18n import _

Comparator = Callable[[Any, Any], bool]
HintRule = tuple[Callable[[Any, Any], bool], str]

NOT_ANSWERED = messages.NOT_ANSWERED

#: The states of a check's feedback.
CORRECT, TRY_AGAIN, NOT_ANSWERED_YET = "correct", "try_again", "not_answered"

#: What an exercise's answer measures, so the check can recognise the usual slips of that kind.
UNITS = ("", "percent", "fraction", "points", "rate", "count", "year")

_EXERCISE_PREFIX = re.compile(r"^l(\d\d[a-z]?)$")


@dataclass(frozen=True)
class WrongAnswer:
    """A realistic mistake and a piece of the hint it must receive (used by the tests)."""

    code: str
    hint_contains: str


def shown(text: str) -> str:
    """A declared text in the language in force ("" stays "": gettext maps it to its header)."""
    return _(text) if text else text


@dataclass(frozen=True)
class Exercise:
    """One self-checked exercise: how to get the right answer, how to compare, what to hint."""

    id: str
    title: str
    expected: Callable[[], Any]
    solution_code: str
    compare: Comparator = field(default=lambda a, b: a == b)
    hints: tuple[HintRule, ...] = ()
    fallback_hint: str = messages.DEFAULT_FALLBACK_HINT
    explanation: str = ""
    wrong_answers: tuple[WrongAnswer, ...] = ()
    #: Shown under the solution code (in the lesson's block and by ``solution()``).
    solution_note: str = ""
    #: One of :data:`UNITS`: which numeric slips to look for ("" guesses from the value).
    unit: str = ""
    #: For a rate: the count it is computed from, so a count given as the answer gets a hint.
    rate_count: Callable[[], float] | None = None

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"Exercise {self.id!r}: unit {self.unit!r} is not one of {UNITS}.")


# Background, border and symbol of each state (Okabe-Ito colours); the words say it too.
_STYLE = {
    CORRECT: ("#E6F4EA", "#009E73", "✔", messages.MARK_CORRECT),
    TRY_AGAIN: ("#FDF0E6", "#D55E00", "✘", messages.MARK_TRY_AGAIN),
    NOT_ANSWERED_YET: ("#EEF3F8", "#56B4E9", "…", messages.MARK_NOT_ANSWERED),
}


@dataclass(frozen=True, repr=False)
class Feedback:
    """The result of a check: shown as a coloured box in notebooks and as text elsewhere."""

    exercise_id: str
    ok: bool
    message: str
    state: str = ""
    #: A side remark (e.g. the progress file could not be saved), shown in small print.
    note: str = ""

    def __post_init__(self) -> None:
        if not self.state:
            object.__setattr__(self, "state", CORRECT if self.ok else TRY_AGAIN)

    @property
    def answered(self) -> bool:
        """False while the answer cell still holds ``...``."""
        return self.state != NOT_ANSWERED_YET

    def __str__(self) -> str:
        if self.state == NOT_ANSWERED_YET:
            return f"[{self.exercise_id}] {self.message}"
        text = f"[{self.exercise_id}] {_(_STYLE[self.state][3])}: {self.message}"
        return f"{text}\n{self.note}" if self.note else text

    def __repr__(self) -> str:
        return str(self)

    def __bool__(self) -> bool:
        return self.ok

    def _repr_html_(self) -> str:
        # Colour is never the only signal: the text says 'Correct', 'Try again' or 'Not answered'.
        colour, border, symbol, mark = _STYLE[self.state]
        mark = _(mark)
        message = self.message
        if self.state == NOT_ANSWERED_YET and message.startswith(mark):
            message = message[len(mark):].lstrip(":").strip()
        note = (f'<div style="font-size:0.85em;margin-top:0.3em">{html.escape(self.note)}</div>'
                if self.note else "")
        return (
            f'<div role="status" style="background:{colour};border-left:6px solid {border};'
            f'padding:0.5em 0.8em;margin:0.3em 0"><strong>{symbol} {html.escape(mark)}</strong> '
            f"<code>{html.escape(self.exercise_id)}</code>: {html.escape(message)}{note}</div>"
        )


_REGISTRY: dict[str, Exercise] = {}


def register(*exercises: Exercise) -> None:
    """Add exercises to the registry; an id may be declared only once."""
    for ex in exercises:
        if ex.id in _REGISTRY and _REGISTRY[ex.id] is not ex:
            raise ValueError(f"Exercise id {ex.id!r} is declared twice.")
        _REGISTRY[ex.id] = ex


def lesson_key(exercise_id: str) -> str:
    """The lesson an exercise belongs to, as in its file name: "l03_did" -> "03",
    "l00a_filter" -> "00a" (the primer between lessons 00 and 01)."""
    match = _EXERCISE_PREFIX.match(exercise_id.split("_", 1)[0])
    if not match:
        raise UnknownIdError(
            _("exercise"), exercise_id, [e.id for e in all_exercises()],
            _("Exercise ids look like 'l03_something': copy the id from the lesson's check "
              "cell."))
    return match.group(1)


def _lesson_module(exercise_id: str) -> str:
    return f"medlab_teach.exercises.lesson{lesson_key(exercise_id)}"


def lesson_keys() -> list[str]:
    """Every lesson with declared exercises ("00", "00a", "01", ...), in course order."""
    from medlab_teach import exercises

    names = (m.name for m in pkgutil.iter_modules(exercises.__path__))
    return sorted(n[len("lesson"):] for n in names if n.startswith("lesson"))


def get_exercise(exercise_id: str) -> Exercise:
    """Find an exercise, loading its lesson's declarations on first use."""
    if exercise_id not in _REGISTRY:
        key = lesson_key(exercise_id)
        module = _lesson_module(exercise_id)
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as err:
            if err.name != module:
                raise
            raise UnknownIdError(_("exercise"), exercise_id, [e.id for e in all_exercises()],
                                 _("No lesson {lesson} has exercises.").format(
                                     lesson=repr(key))) from None
    if exercise_id not in _REGISTRY:
        prefix = f"l{lesson_key(exercise_id)}_"
        known = sorted(k for k in _REGISTRY if k.startswith(prefix))
        raise UnknownIdError(_("exercise"), exercise_id, known,
                             _("Copy the id from the lesson's check cell."))
    return _REGISTRY[exercise_id]


def all_exercises(lessons: Iterable[int | str] | None = None) -> list[Exercise]:
    """Every declared exercise of the given lessons (numbers or keys like "00a"; default all)."""
    keys = lesson_keys() if lessons is None else [
        f"{n:02d}" if isinstance(n, int) else str(n) for n in lessons]
    for key in keys:
        module = f"medlab_teach.exercises.lesson{key}"
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as err:
            if err.name != module:
                raise
    prefixes = tuple(f"l{key}_" for key in keys)
    return sorted((e for e in _REGISTRY.values() if e.id.startswith(prefixes)),
                  key=lambda e: e.id)


def evaluate(exercise_id: str, answer: Any) -> Feedback:
    """Compare an answer with the expected one and choose the most specific hint."""
    from medlab_teach.slips import slip_hint

    ex = get_exercise(exercise_id)
    if answer is Ellipsis or answer is None:
        return Feedback(ex.id, False, _(NOT_ANSWERED), NOT_ANSWERED_YET)
    expected = ex.expected()
    try:
        ok = bool(ex.compare(answer, expected))
    except Exception as err:  # a wrong type of answer is a hint, not a traceback
        hint = _declared_hint(ex, answer, expected)
        return Feedback(ex.id, False, hint or _(messages.UNEXPECTED_FORM).format(
            error=err, hint=slip_hint(answer, expected, ex) or shown(ex.fallback_hint)))
    if ok:
        return Feedback(ex.id, True, shown(ex.explanation) or _(messages.WELL_DONE))
    hint = _declared_hint(ex, answer, expected)
    return Feedback(ex.id, False,
                    hint or slip_hint(answer, expected, ex) or shown(ex.fallback_hint))


def _declared_hint(ex: Exercise, answer: Any, expected: Any) -> str | None:
    """The first of the exercise's own hints whose rule matches the answer, translated."""
    for predicate, hint in ex.hints:
        try:
            if predicate(answer, expected):
                return shown(hint)
        except Exception:  # a hint rule that does not apply to this answer's type
            continue
    return None


def check(exercise_id: str, answer: Any) -> Feedback:
    """Check an answer and return the feedback (shown as a box when it is a cell's last line).

    A correct answer is recorded in the learner's progress; a progress file that cannot be
    written or read becomes a note under the feedback, never an error.
    """
    feedback = evaluate(exercise_id, answer)
    if feedback.ok:
        from medlab_teach.progress import record_pass

        note = record_pass(feedback.exercise_id)
        if note:
            return Feedback(feedback.exercise_id, True, feedback.message, CORRECT, note)
    return feedback


@dataclass(frozen=True)
class Solution:
    """An exercise's solution, displayed as code a learner can copy."""

    exercise_id: str
    code: str

    def __str__(self) -> str:
        return self.code

    note: str = ""

    def _repr_markdown_(self) -> str:
        title = _(messages.SOLUTION_TITLE).format(exercise_id=self.exercise_id)
        note = f"\n{shown(self.note)}\n" if self.note else ""
        return f"**{title}**\n\n```python\n{self.code.strip()}\n```\n{note}"


def solution(exercise_id: str) -> Solution:
    """Show the solution code of an exercise (try first: the hints are there to help).

    The lesson's solution block shows the same text (:mod:`medlab_teach.solution_blocks`).
    """
    ex = get_exercise(exercise_id)
    return Solution(ex.id, ex.solution_code, ex.solution_note)


def run_solution(exercise_id: str) -> Any:
    """Execute an exercise's solution code and return its ``answer`` (for tests and instructors)."""
    ex = get_exercise(exercise_id)
    namespace: dict[str, Any] = {}
    exec(compile(ex.solution_code, f"<solution {ex.id}>", "exec"), namespace)
    if "answer" not in namespace:
        raise ValueError(f"The solution of {ex.id} does not define `answer`.")
    return namespace["answer"]


# Comparators and hint predicates shared by the lessons -------------------------------------------


def close_to(rel: float = 0.01, abs_tol: float = 0.0) -> Comparator:
    """Numbers within a relative tolerance (rates are rounded differently by different people)."""

    def compare(answer: Any, expected: Any) -> bool:
        return math.isclose(float(answer), float(expected), rel_tol=rel, abs_tol=abs_tol)

    return compare


def same_text(answer: Any, expected: Any) -> bool:
    """Strings equal up to case and surrounding spaces."""
    return str(answer).strip().casefold() == str(expected).strip().casefold()


def swapped(first: str, second: str,
            normalise: Callable[[Any], dict[str, Any]]) -> Callable[[Any, Any], bool]:
    """A hint rule for matching exercises: the answer gives ``first`` and ``second`` each
    other's value (read through ``normalise``, the exercise's own reading of a dict)."""
    def predicate(answer: Any, expected: Any) -> bool:
        got = normalise(answer)
        return got.get(first) == expected[second] and got.get(second) == expected[first]

    return predicate


def same_set(answer: Any, expected: Any) -> bool:
    """Collections with the same members, order ignored; strings compared case-insensitively."""
    return _norm_set(answer) == _norm_set(expected)


def same_sequence(answer: Any, expected: Any) -> bool:
    """Sequences with the same members in the same order (strings case-insensitive)."""
    return [_norm(x) for x in answer] == [_norm(x) for x in expected]


def _norm(x: Any) -> Any:
    return x.strip().casefold() if isinstance(x, str) else x


def _norm_set(values: Any) -> frozenset[Any]:
    if isinstance(values, str):
        raise TypeError("expected a list or set, got a single string")
    return frozenset(_norm(v) for v in values)


def opposite_sign(answer: Any, expected: Any) -> bool:
    """Hint predicate: the answer is the expected one with its sign flipped."""
    return float(answer) == -float(expected)


def ratio_near(factor: float, rel: float = 0.02) -> Callable[[Any, Any], bool]:
    """Hint predicate: the answer is about ``factor`` times the expected one (e.g. 100)."""

    def predicate(answer: Any, expected: Any) -> bool:
        return math.isclose(float(answer), float(expected) * factor, rel_tol=rel)

    return predicate


def near(value_fn: Callable[[], float], rel: float = 0.01) -> Callable[[Any, Any], bool]:
    """Hint predicate: the answer is close to another, wrong, value computed by ``value_fn``."""

    def predicate(answer: Any, _expected: Any) -> bool:
        return math.isclose(float(answer), float(value_fn()), rel_tol=rel)

    return predicate


def _register_friendly_errors() -> None:
    from medlab_teach.friendly_errors import register_in_ipython

    register_in_ipython()


_register_friendly_errors()
