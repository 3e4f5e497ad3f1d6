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
"""

from __future__ import annotations

import html
import importlib
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from medlab_teach.errors import UnknownIdError

Comparator = Callable[[Any, Any], bool]
HintRule = tuple[Callable[[Any, Any], bool], str]

NOT_ANSWERED = (
    "Not answered yet: replace the `...` with your answer, run the cell, then run the check again."
)


@dataclass(frozen=True)
class WrongAnswer:
    """A realistic mistake and a piece of the hint it must receive (used by the tests)."""

    code: str
    hint_contains: str


@dataclass(frozen=True)
class Exercise:
    """One self-checked exercise: how to get the right answer, how to compare, what to hint."""

    id: str
    title: str
    expected: Callable[[], Any]
    solution_code: str
    compare: Comparator = field(default=lambda a, b: a == b)
    hints: tuple[HintRule, ...] = ()
    fallback_hint: str = "Not quite. Re-read the question and check each step."
    explanation: str = ""
    wrong_answers: tuple[WrongAnswer, ...] = ()


@dataclass(frozen=True, repr=False)
class Feedback:
    """The result of a check: shown as a coloured box in notebooks and as text elsewhere."""

    exercise_id: str
    ok: bool
    message: str

    def __str__(self) -> str:
        mark = "Correct" if self.ok else "Try again"
        return f"[{self.exercise_id}] {mark}: {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def __bool__(self) -> bool:
        return self.ok

    def _repr_html_(self) -> str:
        # Colour is never the only signal: the text says 'Correct' or 'Try again'.
        if self.ok:
            colour, border, mark = "#E6F4EA", "#009E73", "✔ Correct"
        else:
            colour, border, mark = "#FDF0E6", "#D55E00", "✘ Try again"
        return (
            f'<div role="status" style="background:{colour};border-left:6px solid {border};'
            f'padding:0.5em 0.8em;margin:0.3em 0"><strong>{mark}</strong> '
            f"<code>{html.escape(self.exercise_id)}</code>: {html.escape(self.message)}</div>"
        )


_REGISTRY: dict[str, Exercise] = {}


def register(*exercises: Exercise) -> None:
    """Add exercises to the registry; an id may be declared only once."""
    for ex in exercises:
        if ex.id in _REGISTRY and _REGISTRY[ex.id] is not ex:
            raise ValueError(f"Exercise id {ex.id!r} is declared twice.")
        _REGISTRY[ex.id] = ex


def _lesson_module(exercise_id: str) -> str:
    prefix = exercise_id.split("_", 1)[0]  # "l03_did" -> "l03"
    if len(prefix) != 3 or not prefix.startswith("l") or not prefix[1:].isdigit():
        raise UnknownIdError(
            "exercise", exercise_id, [e.id for e in all_exercises()],
            "Exercise ids look like 'l03_something': copy the id from the lesson's check cell.")
    return f"medlab_teach.exercises.lesson{prefix[1:]}"


def get_exercise(exercise_id: str) -> Exercise:
    """Find an exercise, loading its lesson's declarations on first use."""
    if exercise_id not in _REGISTRY:
        module = _lesson_module(exercise_id)
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as err:
            if err.name != module:
                raise
            raise UnknownIdError("exercise", exercise_id, [e.id for e in all_exercises()],
                                 f"No lesson {exercise_id[:3]!r} has exercises.") from None
    if exercise_id not in _REGISTRY:
        known = sorted(k for k in _REGISTRY if k[:3] == exercise_id[:3])
        raise UnknownIdError("exercise", exercise_id, known,
                             "Copy the id from the lesson's check cell.")
    return _REGISTRY[exercise_id]


def all_exercises(lessons: Iterable[int] = range(0, 10)) -> list[Exercise]:
    """Every declared exercise of the given lessons (importing their modules)."""
    lessons = list(lessons)
    for n in lessons:
        try:
            importlib.import_module(f"medlab_teach.exercises.lesson{n:02d}")
        except ModuleNotFoundError as err:
            if err.name != f"medlab_teach.exercises.lesson{n:02d}":
                raise
    prefixes = tuple(f"l{n:02d}_" for n in lessons)
    return sorted((e for e in _REGISTRY.values() if e.id.startswith(prefixes)),
                  key=lambda e: e.id)


def check(exercise_id: str, answer: Any) -> Feedback:
    """Check an answer against the expected one, with the most specific hint when it is wrong.

    The feedback shows as a box when it is a cell's last line.
    """
    ex = get_exercise(exercise_id)
    if answer is Ellipsis or answer is None:
        return Feedback(ex.id, False, NOT_ANSWERED)
    expected = ex.expected()
    try:
        ok = bool(ex.compare(answer, expected))
    except Exception as err:  # a wrong type of answer is a hint, not a traceback
        return Feedback(ex.id, False, f"Your answer has an unexpected form ({err}). "
                        f"{ex.fallback_hint}")
    if ok:
        return Feedback(ex.id, True, ex.explanation or "Well done.")
    for predicate, hint in ex.hints:
        try:
            if predicate(answer, expected):
                return Feedback(ex.id, False, hint)
        except Exception:  # a hint rule that does not apply to this answer's type
            continue
    return Feedback(ex.id, False, ex.fallback_hint)


@dataclass(frozen=True)
class Solution:
    """An exercise's solution, displayed as code a learner can copy."""

    exercise_id: str
    code: str

    def __str__(self) -> str:
        return self.code

    def _repr_markdown_(self) -> str:
        return f"**Solution to `{self.exercise_id}`**\n\n```python\n{self.code.strip()}\n```\n"


def solution(exercise_id: str) -> Solution:
    """Show the solution code of an exercise (try first: the hints are there to help)."""
    return Solution(exercise_id, get_exercise(exercise_id).solution_code)


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
