"""The integral model (Modelo Integral de Gestión Local de la Seguridad y la Convivencia) as data.

Everything here comes from the Medellín Lab report (29 May - 2 June 2017), the kit's primary
source: the model's diagram (policy frame, ten lines of intervention, two transversal axes) and the
text of each day. Spanish names are canonical; the English gloss helps readers who need it.
Lessons, the scenario engine and the widgets all key on the ``id`` of a line, so the order and ids
defined here are the single source of truth. The model's figure is drawn by
:func:`medlab_teach.plots.model_map.model_map`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from medlab_teach.errors import UnknownIdError
from medlab_teach.i18n import N_, _, get_language

SOURCE = N_(
    "Medellín Lab 2017 report (Alcaldía de Medellín, World Bank, USAID, 100 Resilient Cities, "
    "ACI Medellín): diagram 'Modelo integral de gestión local de la seguridad y la convivencia'"
)

Kind = Literal["line", "axis", "frame"]
Stage = Literal["prevention", "reaction", "reparation"]


@dataclass(frozen=True)
class Component:
    """One element of the model: a line of intervention, a transversal axis or part of the frame.

    ``description_en`` is the English text as written in the code (and the catalog's msgid);
    :attr:`description` is what a learner reads, in their language.
    """

    id: str
    name_es: str
    name_en: str
    description_en: str
    kind: Kind
    order: int = 0
    stage: Stage | None = None
    territories: tuple[str, ...] = field(default_factory=tuple)
    programmes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def gloss(self) -> str:
        """The English gloss of the Spanish name: shown only when the kit speaks English."""
        return self.name_en if get_language() == "en" else ""

    @property
    def label(self) -> str:
        """The canonical Spanish name, with its English gloss only in English, as shown."""
        return with_gloss(self.name_es, self.gloss)

    @property
    def description(self) -> str:
        """What the component is, in the learner's language (the report's quotes stay Spanish)."""
        return _(self.description_en)


LINES: tuple[Component, ...] = (
    Component(
        "prevencion_temprana", "Prevención temprana", "Early prevention",
        N_("Acting from earliest childhood, before risk becomes violence: 'la gestión de la "
           "seguridad ... va desde la prevención más temprana' (Moravia, Buen Comienzo)."),
        "line", 1, "prevention",
        ("Moravia (Comuna 4)",), ("Jardín Buen Comienzo",),
    ),
    Component(
        "reduccion_inequidad", "Reducción de inequidad e inclusión social",
        "Reducing inequity and social inclusion",
        N_("Closing the gaps of inequity and vulnerability, and including the most vulnerable "
           "(transport as inclusion and 'right to the city')."),
        "line", 2, "prevention",
        ("Moravia (Comuna 4)", "Comuna 13"), ("Macroproyecto de Moravia", "Metrocable", "Metro"),
    ),
    Component(
        "prevencion_social", "Prevención social", "Social prevention",
        N_("Culture, education, art and sport as the spearhead of prevention and of trust in "
           "institutions."),
        "line", 3, "prevention",
        ("Moravia (Comuna 4)", "Comuna 13"),
        ("Centro de Desarrollo Cultural de Moravia", "Escuela de hip hop Kolacho", "Grafitis"),
    ),
    Component(
        "prevencion_situacional", "Prevención situacional", "Situational prevention",
        N_("Changing places: recovering public space and building infrastructure where the actors "
           "of violence used to meet."),
        "line", 4, "prevention",
        ("Comuna 13", "Moravia (Comuna 4)"),
        ("Parque Biblioteca San Javier", "Escaleras eléctricas", "Cerro de Moravia"),
    ),
    Component(
        "reaccion_control", "Reacción y control", "Reaction and control",
        N_("Reacting to crime once committed, with police and technology, coordinated by the "
           "Secretaría de Seguridad y Convivencia (SIES-M, policing by quadrants)."),
        "line", 5, "reaction",
        ("Secretaría de Seguridad y Convivencia",),
        ("SIES-M", "Vigilancia por cuadrantes", "Tecnología"),
    ),
    Component(
        "justicia", "Justicia", "Justice",
        N_("Once a victimising act has happened, the administration of justice acts first."),
        "line", 6, "reaction",
        ("Vereda La Loma (San Cristóbal)",), ("SIES-M",),
    ),
    Component(
        "atencion_victimas", "Atención a víctimas", "Victim attention",
        N_("Attending to victims after the act: the Unidad Municipal de Atención y Reparación a "
           "Víctimas in La Loma (2013 displacements)."),
        "line", 7, "reparation",
        ("Vereda La Loma (San Cristóbal)",),
        ("Unidad Municipal de Atención y Reparación a Víctimas",),
    ),
    Component(
        "restablecimiento_derechos", "Restablecimiento de derechos", "Restoration of rights",
        N_("Repairing harm and restoring rights: reparation breaks circles of violence and "
           "prevents future violence."),
        "line", 8, "reparation",
        ("Vereda La Loma (San Cristóbal)", "Comuna 13"),
        ("Reparación administrativa",),
    ),
    Component(
        "construccion_paz", "Construcción de paz", "Peace building",
        N_("Reconciliation: reintegration of demobilised fighters alongside victims, and memory as "
           "a way to understand and overcome the conflict."),
        "line", 9, "reparation",
        ("Comuna 10 (La Candelaria)",), ("CEPAR", "Museo Casa de la Memoria"),
    ),
    Component(
        "garantias_no_repeticion", "Garantías de no repetición", "Guarantees of non-repetition",
        N_("Making sure violence does not return: the institution mediates conflicts so that "
           "illegal actors do not take its place."),
        "line", 10, "reparation",
        ("Comuna 10 (La Candelaria)", "Vereda La Loma (San Cristóbal)"),
        ("CEPAR", "Comité de Memoria Histórica (Comuna 13)"),
    ),
)

AXES: tuple[Component, ...] = (
    Component(
        "participacion_empoderamiento", "Participación y empoderamiento",
        "Participation and empowerment",
        N_("Communities taking part from the design of programmes on: a sense of ownership that "
           "makes interventions last ('Si la comunidad no se mueve, el Estado tampoco se mueve')."),
        "axis", 1, None,
        ("Comuna 13", "Moravia (Comuna 4)"),
        ("Mesa institucional de la zona 4", "Líderes comunitarios en Buen Comienzo"),
    ),
    Component(
        "resiliencia_resistencia", "Resiliencia y resistencia", "Resilience and resistance",
        N_("The community's capacity to resist violence and recover: memory, art and dance as ways "
           "to re-signify a territory."),
        "axis", 2, None,
        ("Comuna 13", "Vereda La Loma (San Cristóbal)"),
        ("Comité de Memoria Histórica", "Danza en La Loma", "Grafitis"),
    ),
)

FRAME: tuple[Component, ...] = (
    Component(
        "politica_publica", "Política Pública de Seguridad y Convivencia",
        "Public policy on security and coexistence",
        N_("Approved by the Concejo de Medellín for 10 years, so that security is a city "
           "commitment and not only that of the government of the day."),
        "frame", 1,
    ),
    Component(
        "modelo_gestion", "Modelo de gestión para la toma informada de decisiones",
        "Management model for informed decision-making",
        N_("Planning security with municipal leadership on a strategic diagnosis and a causal "
           "analysis of crime."),
        "frame", 2,
    ),
    Component(
        "goce_efectivo_derechos", "Goce efectivo de derechos", "Effective enjoyment of rights",
        N_("The aim the policy serves: citizens' effective enjoyment of their rights."),
        "frame", 3,
    ),
    Component(
        "desarrollo_humano_integral", "Desarrollo humano integral", "Integral human development",
        N_("The second aim: the integral human development of citizens (a 'Seguridad Humana' "
           "concept)."),
        "frame", 4,
    ),
)

CASE_TERRITORIES: dict[str, dict[str, object]] = {
    "comuna_13": {
        "name": "Comuna 13 (San Javier)",
        "territory_code": "13",
        "lab_day": 2,
        "lines": ("prevencion_social", "prevencion_situacional", "restablecimiento_derechos"),
        "axes": ("participacion_empoderamiento", "resiliencia_resistencia"),
    },
    "moravia": {
        "name": "Moravia (Comuna 4, Aranjuez)",
        "territory_code": "04",
        "lab_day": 3,
        "lines": (
            "prevencion_temprana", "reduccion_inequidad", "prevencion_social",
            "prevencion_situacional",
        ),
        "axes": ("participacion_empoderamiento",),
    },
    "la_loma": {
        "name": "Vereda La Loma (corregimiento San Cristóbal)",
        "territory_code": "60",
        "lab_day": 4,
        "lines": (
            "justicia", "atencion_victimas", "restablecimiento_derechos",
            "garantias_no_repeticion",
        ),
        "axes": ("resiliencia_resistencia",),
    },
}


def with_gloss(spanish: str, english: str) -> str:
    """A Spanish name followed by its English gloss in brackets, or alone when there is none."""
    return f"{spanish} ({english})" if english else spanish


def line_ids() -> list[str]:
    """The ids of the ten lines, in the model's order from early prevention to non-repetition."""
    return [line.id for line in LINES]


def components() -> list[Component]:
    """Every element of the model: frame, lines in order, then the transversal axes."""
    return [*FRAME, *LINES, *AXES]


def get(component_id: str) -> Component:
    """Look up one element by id; an unknown id lists the valid ones."""
    for comp in components():
        if comp.id == component_id:
            return comp
    raise UnknownIdError(_("model component"), component_id, [c.id for c in components()],
                         _("Copy an id from the list (model.line_ids() gives the ten lines)."))


def as_records() -> list[dict[str, object]]:
    """The model as plain rows (for a DataFrame or a table in a lesson)."""
    return [
        {
            "id": c.id, "kind": c.kind, "order": c.order, "name_es": c.name_es,
            "name_en": c.name_en, "stage": c.stage, "description": c.description,
            "territories": "; ".join(c.territories), "programmes": "; ".join(c.programmes),
        }
        for c in components()
    ]

