"""Hints for the common numeric slips, recognised from the expected value alone.

Why generic: every numeric exercise invites the same few mistakes (the opposite sign, a
fraction for a percentage, a count for a rate, the year before or after), and a learner
deserves the specific hint without each exercise declaring it again. An exercise's ``unit``
says which slips make sense; with no unit, a whole number between 1900 and 2100 is taken as a
year and any other number as a plain quantity.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any, Protocol

from medlab_teach import messages
from medlab_teach.i18n import N_, _


class Exercise(Protocol):
    """What the slips need to know of an exercise (``medlab_teach.checks.Exercise`` has it)."""

    unit: str
    rate_count: Callable[[], float] | None

_REL = 0.02  # how close a slip must come to its pattern: rounding differs between people
_RATE_SCALES = ((1e-5, N_("person")), (1e-2, N_("1,000 people")), (1e-1, N_("10,000 people")),
                (10.0, N_("1,000,000 people")))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _near(answer: float, target: float) -> bool:
    return math.isclose(answer, target, rel_tol=_REL, abs_tol=1e-12)


def unit_of(expected: float, unit: str) -> str:
    """The declared unit, or the one the expected value suggests."""
    if unit:
        return unit
    if float(expected).is_integer() and 1900 <= expected <= 2100:
        return "year"
    return ""


def slip_hint(answer: Any, expected: Any, exercise: Exercise | None = None) -> str | None:
    """The hint for a recognised slip, in the language in force, or None when the answer
    matches none of them."""
    target = _number(expected)
    if target is not None and isinstance(answer, str):
        try:
            float(answer.replace(",", ""))
        except ValueError:
            return None
        return _(messages.SLIP_TEXT_FOR_NUMBER)
    given = _number(answer)
    if target is None or given is None:
        return None
    unit = unit_of(target, exercise.unit if exercise else "")
    if unit == "year":
        return _(messages.SLIP_OFF_BY_A_YEAR) if abs(given - target) == 1 else None
    if target != 0 and _near(given, -target):
        return _(messages.SLIP_SIGN)
    if unit == "rate":
        return _rate_slip(given, target, exercise)
    if unit in ("", "percent", "points") and target != 0 and _near(given, target / 100):
        return _(messages.SLIP_FRACTION_FOR_PERCENT)
    if unit in ("", "fraction") and target != 0 and _near(given, target * 100):
        return _(messages.SLIP_PERCENT_FOR_FRACTION)
    return None


def _rate_slip(given: float, target: float, exercise: Exercise | None) -> str | None:
    if exercise is not None and exercise.rate_count is not None:
        count = _number(exercise.rate_count())
        if count is not None and _near(given, count):
            return _(messages.SLIP_COUNT_FOR_RATE)
    for factor, scale in _RATE_SCALES:
        if target != 0 and _near(given, target * factor):
            return _(messages.SLIP_RATE_SCALE).format(scale=_(scale))
    return None
