"""The kit's one error type for unknown ids: the same kind of message everywhere."""

from __future__ import annotations

from collections.abc import Iterable

from medlab_teach.i18n import _


class UnknownIdError(LookupError):
    """An id (table, model line, case, exercise, scenario parameter...) that the kit does not know.

    It carries the valid choices so that the message can tell the learner what to type instead.
    ``kind`` and ``advice`` come already in the learner's language (``_("table")``).
    """

    def __init__(
        self, kind: str, given: object, choices: Iterable[object], advice: str = ""
    ) -> None:
        self.kind = kind
        self.given = given
        self.choices = tuple(choices)
        shown = ", ".join(repr(c) for c in self.choices) or "(none)"
        message = _("There is no {kind} {given!r}. Valid choices: {shown}.").format(
            kind=kind, given=given, shown=shown
        )
        if advice:
            message = f"{message} {advice}"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])
