"""The kit's language: one switch, and gettext catalogs for every string a learner reads.

Learner-facing strings are written in English in the code and marked for translation:

* ``_("...")`` translates at call time, so a learner who switches language in the middle of a
  lesson sees the next figure, widget or check in the new language;
* ``N_("...")`` only marks a module-level constant for the catalog; translate it where it is
  shown, with ``_(CONSTANT)``;
* ``ngettext(singular, plural, n)`` for counts.

The catalogs live in ``medlab_teach/locale/<lang>/LC_MESSAGES/medlab_teach.po`` (edited by
translators) and are compiled to ``.mo`` files that ship with the package (``make translations``
extracts, updates and compiles them with Babel). Only the standard library's ``gettext`` runs at
import and use time, so the mechanism costs the learner nothing measurable.
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext

DOMAIN = "medlab_teach"
LANGUAGES: tuple[str, ...] = ("es", "en")
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")

_state = {"language": ""}


def _normalise(language: str) -> str:
    """Accept "es", "ES", "es_CO", "es-CO.UTF-8": learners type what their system says."""
    if not isinstance(language, str):
        raise TypeError(
            f"The language is a text such as 'es' or 'en', not {type(language).__name__}."
        )
    code = language.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    if code not in LANGUAGES:
        raise ValueError(
            f"The kit speaks {' and '.join(map(repr, LANGUAGES))}, not {language!r}. "
            "Write set_language('es') or set_language('en')."
        )
    return code


def _language_from_environment() -> str:
    """``MEDLAB_LANG`` chooses the default language; an unknown value falls back to English."""
    value = os.environ.get("MEDLAB_LANG", "")
    try:
        return _normalise(value) if value else DEFAULT_LANGUAGE
    except ValueError:
        return DEFAULT_LANGUAGE


def set_language(language: str) -> str:
    """Choose the language of everything the kit shows from now on ("es" or "en")."""
    _state["language"] = _normalise(language)
    return _state["language"]


def get_language() -> str:
    """The language in force: the last ``set_language``, else ``MEDLAB_LANG``, else English."""
    if not _state["language"]:
        _state["language"] = _language_from_environment()
    return _state["language"]


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog of one language (read once, then kept); English is the source text."""
    import gettext  # here, not at the top: ``import medlab_teach`` stays instant

    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True)


def _(message: str) -> str:
    """Translate ``message`` into the language in force now."""
    return translations(get_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count ``n``."""
    return translations(get_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - gettext's own name for "mark only"
    """Mark a constant for the catalog without translating it yet (translate it where shown)."""
    return message


def format_number(value: float, decimals: int = 0) -> str:
    """A number as text in the language's convention: 1,234.5 in English, 1.234,5 in Spanish."""
    text = f"{value:,.{decimals}f}"
    if get_language() == "es":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text
