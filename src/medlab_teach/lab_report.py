"""The Lab's report as the kit uses it: its reference, its verified quotations, its conclusions.

The primary source of the kit is the report of the first Medellín Lab (29 May - 2 June 2017), in
Spanish. Lessons quote it often, so the quotations live here once, as a table: every quotation a
lesson, an assignment, an exercise or a case attributes to the report must be found, character
for character, in :data:`QUOTATIONS`, and the data build checks that every row of the table is in
the report itself. That way a quotation cannot drift from its source without a test failing.

**Convention for the report's own spelling.** Quotations keep the report's spelling exactly,
typos included. Where a typo could mislead, ``[sic]`` follows it (for example ``circulo [sic]``
for *círculo*); an omission inside a quotation is written ``[...]``. Nothing else is changed,
except that straight and curly quotation marks are treated alike and the first letter of a
quotation may change case to fit the sentence around it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: The report's full reference, as the kit cites it (the report names no author).
REPORT_REFERENCE: str = (
    "Medellín se ratifica como 'ciudad modelo' a nivel global con Medellín Lab (2017). Report "
    "of the first Medellín Lab, Medellín, 29 May - 2 June 2017, organised by the World Bank, "
    "USAID, 100 Resilient Cities (Rockefeller Foundation), the Alcaldía de Medellín and ACI "
    "Medellín. In Spanish; the report names no author and the kit knows no public web address "
    "for it."
)

#: How lessons and figures cite the report in one line.
REPORT_SHORT: str = "the Lab's report (Medellín Lab 2017)"

SIC = "[sic]"
OMISSION = "[...]"
_QUOTE_MARKS = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


@dataclass(frozen=True)
class Quotation:
    """A passage of the report, verbatim, and the part of the report it comes from."""

    text: str
    part: str


def normalise(text: str) -> str:
    """Text compared as printed: one space between words, one kind of quotation mark."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_QUOTE_MARKS).split())


def fragments(quotation: str) -> list[str]:
    """The pieces of a quotation that must be verbatim: ``[sic]`` dropped, split at ``[...]``."""
    text = normalise(quotation.replace(SIC, " "))
    return [piece.strip(" ") for piece in text.split(OMISSION) if piece.strip(" .,;:")]


def _matches(piece: str, passages: list[str]) -> bool:
    first_case_free = re.escape(piece[0].lower()) if piece[0].isalpha() else re.escape(piece[0])
    pattern = re.compile(f"(?i:{first_case_free}){re.escape(piece[1:])}")
    return any(pattern.search(p) for p in passages)


def is_verbatim(quotation: str, passages: list[str] | None = None) -> bool:
    """True when every fragment of ``quotation`` is in one of ``passages`` (default: the table).

    Why: a quotation of the report must be found character for character in the verified
    table; [sic] and [...] are the only marks allowed (see the module docstring).
    """
    if not isinstance(quotation, str):
        raise TypeError(f"a quotation is text, not {type(quotation).__name__}")
    hay = [normalise(p) for p in (passages if passages is not None else
                                  [q.text for q in QUOTATIONS])]
    pieces = fragments(quotation)
    return bool(pieces) and all(_matches(piece, hay) for piece in pieces)


@dataclass(frozen=True)
class Conclusion:
    """One of the report's ten conclusions: its opening words, a gloss, where the kit teaches it.

    ``taught_in`` pairs a lesson (its two-digit number) with a phrase that lesson must contain,
    so a test can tell when a lesson stops teaching a conclusion.
    """

    number: int
    opening_es: str
    gloss_en: str
    taught_in: tuple[tuple[str, str], ...]


#: The ten bullet points of the report's "CONCLUSIONES, LECCIONES Y APRENDIZAJES", in order.
CONCLUSIONS: tuple[Conclusion, ...] = (
    Conclusion(1, "Comprender las acciones de la ciudad en materia de seguridad y convivencia "
               "como intervenciones integrales y focalizadas",
               "Integral, focused actions, articulated with each other and with the city's "
               "institutions; disconnected actions cost more.",
               (("08", "acciones desconectadas"),)),
    Conclusion(2, "Entender la seguridad como una misión compartida",
               "Security as a shared mission, not only the police's.",
               (("08", "misión compartida"),)),
    Conclusion(3, "La importancia de realizar apuestas de ciudad",
               "City-wide commitments, long-term plans and public policies that outlast each "
               "government's term.",
               (("08", "superar los periodos de gobierno"),)),
    Conclusion(4, "El conocimiento y entendimiento de la cultura metro",
               "Knowing and understanding the cultura metro of Medellín's integrated transport "
               "system.",
               (("08", "cultura metro"),)),
    Conclusion(5, "Hay algunos ingredientes que son propios de algunas de las buenas prácticas "
               "de Medellín",
               "Some ingredients are Medellín's own, such as the resilience its citizens "
               "developed in the worst years of violence.",
               (("08", "la resiliencia que los ciudadanos desarrollaron"),)),
    Conclusion(6, "La importancia de la difícil pero vital tarea de lograr una articulación "
               "institucional transversal e integral",
               "The hard but vital work of articulating institutions, and of working jointly "
               "with the community, academia and the private sector.",
               (("08", "articulación institucional transversal e integral"),)),
    Conclusion(7, "El trabajo manComunado con la población",
               "Working with the population builds trust, legitimacy and ownership, which make "
               "programmes last.",
               (("08", "sentido de pertenencia"),)),
    Conclusion(8, "El valor de la metodología utilizada para desarrollar en conjunto la "
               "actividad del Medellín Lab",
               "The value of the Lab's own method: first-hand, in direct contact with the city "
               "and its actors.",
               (("08", "El valor de la metodología"),)),
    Conclusion(9, "El Medellín Lab como laboratorio vivo de prácticas",
               "The Lab as a living laboratory: horizontal, two-way learning among cities with "
               "similar problems.",
               (("08", "laboratorio vivo de prácticas"),)),
    Conclusion(10, "La importancia y particularidad propia con que cuenta la ciudad con "
               "relación a los 6 ejes de transformación social de Medellín",
               "The city's six axes of social transformation, which the report names but does "
               "not list, made the model more feasible.",
               (("08", "6 ejes de transformación social"),)),
)


def conclusion(number: int) -> Conclusion:
    """One of the ten conclusions by its number (1-10)."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise TypeError(f"number must be an int from 1 to 10, not {number!r}")
    for item in CONCLUSIONS:
        if item.number == number:
            return item
    raise ValueError(f"the report has conclusions 1 to {len(CONCLUSIONS)}, not {number}")


#: Verified passages of the report, each exactly as printed (whitespace aside). Every quotation
#: of the report in the kit is, fragment by fragment, part of one of these.
QUOTATIONS: tuple[Quotation, ...] = ()
