"""The case territories of the Medellín Lab, their timelines, and how each maps onto the model.

The Lab read the model on the ground: Comuna 13 for participation and resilience, Moravia for
early, social and situational prevention, Vereda La Loma for victims and non-repetition (plus
CEPAR, the Museo Casa de la Memoria and SIES-M). This module joins three things lessons need
together: ``model.CASE_TERRITORIES`` (which lines and axes a case illustrates), the dated events
of ``data.load("timeline")`` (each with its source) and the urban interventions whose effect
lessons try to measure. Functions take an optional table so they can be tried on a small one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from medlab_teach import model
from medlab_teach.errors import UnknownIdError
from medlab_teach.i18n import N_, _

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Intervention:
    """An urban intervention with a start year, the territories it served, and its source.

    ``name`` is the intervention's own (Spanish) name; ``source`` is written in English and
    marked for the catalog: :func:`interventions_table` shows it in the learner's language.
    """

    key: str
    name: str
    year: int
    territory_codes: tuple[str, ...]
    model_line: str
    source: str


#: Interventions whose effect lessons estimate. Línea K is not a case territory of the Lab, but it
#: is the intervention of the published evaluation (Cerdá et al. 2012) that lesson 03 compares with.
INTERVENTIONS: tuple[Intervention, ...] = (
    Intervention("linea_k", "Metrocable Línea K", 2004, ("01", "02"), "reduccion_inequidad",
                 "Cerdá et al., Am. J. Epidemiology 175(10), 2012; El Tiempo (Línea K, 2004)"),
    Intervention("parque_biblioteca_san_javier", "Parque Biblioteca San Javier", 2006, ("13",),
                 "prevencion_situacional", N_("El Tiempo (opened 31 December 2006)")),
    Intervention("linea_j", "Metrocable Línea J", 2008, ("13",), "reduccion_inequidad",
                 N_("El Tiempo; Telemedellín (opened 2008)")),
    Intervention("escaleras_electricas", "Escaleras eléctricas (Las Independencias I)", 2011,
                 ("13",), "prevencion_situacional",
                 N_("EFE/El Heraldo; El Espectador (inaugurated 26 December 2011)")),
)


def case_keys() -> list[str]:
    """The keys of the case territories ('comuna_13', 'moravia', 'la_loma')."""
    return list(model.CASE_TERRITORIES)


def case(case_key: str) -> dict[str, Any]:
    """One case territory: name, territory code, Lab day, lines and axes (with their names)."""
    if case_key not in model.CASE_TERRITORIES:
        raise UnknownIdError(_("case"), case_key, case_keys())
    info = dict(model.CASE_TERRITORIES[case_key])
    info["key"] = case_key
    info["line_names"] = [model.get(i).label for i in info["lines"]]  # type: ignore[union-attr]
    info["axis_names"] = [model.get(i).label for i in info["axes"]]  # type: ignore[union-attr]
    return info


def cases_for_line(component_id: str) -> list[str]:
    """The case keys that illustrate a line or axis of the model (e.g. 'prevencion_temprana')."""
    model.get(component_id)  # validates with a helpful message
    return [k for k, v in model.CASE_TERRITORIES.items()
            if component_id in v["lines"] or component_id in v["axes"]]  # type: ignore[operator]


def _timeline(table: pd.DataFrame | None) -> pd.DataFrame:
    if table is not None:
        return table
    from medlab_teach import data

    return data.load("timeline")


def _year(frame: pd.DataFrame) -> pd.Series:
    if "year" in frame.columns:
        return frame["year"].astype(int)
    return frame["date"].astype(str).str[:4].astype(int)


def timeline(case_key: str | None = None, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Dated events, oldest first, for one case (or all): each with its source and a note.

    Rows come from the Lab's report and from named secondary sources; where sources disagree
    (Moravia's dates and population, La Loma's counts) both rows are kept, so read the ``note``
    column.
    """
    frame = _timeline(table).copy()
    frame["year"] = _year(frame)
    if case_key is not None:
        if "case_id" in frame.columns and case_key in set(frame["case_id"]):
            frame = frame[frame["case_id"] == case_key]
        elif case_key in model.CASE_TERRITORIES:
            code = str(model.CASE_TERRITORIES[case_key]["territory_code"])
            frame = frame[frame["territory_code"].astype(str) == code]
        else:
            known = sorted(set(frame.get("case_id", [])) | set(case_keys()))
            raise UnknownIdError(_("case in the timeline"), case_key, known)
    order = ["year", "date"] if "date" in frame.columns else ["year"]
    return frame.sort_values(order, kind="stable").reset_index(drop=True)


def events_for_line(line_id: str, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Timeline events tagged with one line or axis of the model, oldest first."""
    model.get(line_id)
    frame = timeline(None, table)
    return frame[frame["model_line"].fillna("") == line_id].reset_index(drop=True)


def sources_disagree(case_key: str, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The events of a case whose note records a disagreement between sources."""
    frame = timeline(case_key, table)
    notes = frame["note"].fillna("").astype(str).str.lower()
    return frame[notes.str.contains("disagree|other sources")].reset_index(drop=True)


def intervention(key: str) -> Intervention:
    """One of :data:`INTERVENTIONS` by key ('linea_k', 'linea_j', 'escaleras_electricas'...)."""
    for item in INTERVENTIONS:
        if item.key == key:
            return item
    raise UnknownIdError(_("intervention"), key, [i.key for i in INTERVENTIONS])


def interventions_table() -> pd.DataFrame:
    """:data:`INTERVENTIONS` as a table, its sources' notes in the learner's language."""
    import pandas as pd

    rows = [dict(vars(item), source=_(item.source)) for item in INTERVENTIONS]
    return pd.DataFrame(rows, columns=[f.name for f in fields(Intervention)])


def intervention_events(territory_code: str) -> list[tuple[float, str]]:
    """(year, name) pairs of the interventions in a territory, for marking on a time series."""
    return [(float(i.year), i.name) for i in INTERVENTIONS if territory_code in i.territory_codes]


@dataclass(frozen=True)
class Quote:
    """A quotation printed in the Lab's report, with the day and visit it belongs to.

    The report prints quotes as highlighted boxes without naming who said them; the kit does not
    guess a speaker.
    """

    text: str
    lab_day: int
    visit: str


#: The highlighted quotations of the Lab's report, in the order they appear, verbatim (checked
#: against medlab_teach.lab_report.QUOTATIONS).
REPORT_QUOTES: tuple[Quote, ...] = (
    Quote("Para salir del circulo vicioso de la criminalidad y entrar en el círculo virtuoso de "
          "la seguridad y convivencia se necesita: tener un enfoque en políticas inclusivas, "
          "escuchar a la población, dar voz a los más vulnerables y eliminar la "
          "estigmatización.", 1, "cafe_mundial"),
    Quote("Los éxitos son frágiles, se deben comprender los escenarios delincuenciales para "
          "continuar actuando de forma coordinada, integral y focalizada.", 1, "modelo"),
    Quote("No debemos creer que todo está solucionado, debemos derrotar la cultura de la "
          "ilegalidad y combinar entre ataque al crimen e inversión social.", 2,
          "presentacion_alcalde"),
    Quote("Si la comunidad no se mueve, el Estado tampoco se mueve.", 3, "moravia"),
    Quote("Ayer fui bueno haciendo el mal, hoy tengo que ser excelente enseñando y haciendo el "
          "bien.", 3, "cepar"),
    Quote("Nosotros estábamos aquí antes de que la violencia nos pusiera en el mapa. La danza es "
          "nuestra forma de canalizar y evacuar nuestra mala energía, de transformarla, de "
          "conocer mi identidad, de crear lazos los demás y de resignificar el nombre de La "
          "Loma.", 4, "la_loma"),
)

#: The former name of :data:`REPORT_QUOTES`, kept so that older notebooks still run.
SEED_QUOTES = REPORT_QUOTES


def quote_visit(fragment: str) -> str:
    """The visit a quotation of the report belongs to, found by a fragment of its text."""
    if not isinstance(fragment, str):
        raise TypeError(_("Give a few words of the quotation as text; got {fragment!r}.").format(
            fragment=fragment))
    wanted = fragment.strip().casefold()
    found = [q for q in REPORT_QUOTES if wanted and wanted in q.text.casefold()]
    if not found:
        raise UnknownIdError(_("quotation containing"), fragment,
                             [" ".join(q.text.split()[:6]) for q in REPORT_QUOTES],
                             _("Copy a few words of the quotation exactly as printed."))
    if len(found) > 1:
        raise ValueError(_("{count} quotations contain {fragment!r}; give a longer "
                           "fragment.").format(count=len(found), fragment=fragment))
    return found[0].visit


class _Glossed(Mapping[str, str]):
    """Spanish keys with a description marked for the catalog, shown in the learner's language
    whenever it is read (so a switch of language mid-lesson is followed)."""

    def __init__(self, items: dict[str, str]) -> None:
        self._items = dict(items)

    def __getitem__(self, key: str) -> str:
        return _(self._items[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.pretty(dict(self.items()))


#: Actor types for mapping a territory (Spanish canonical, description in the learner's language).
ACTOR_TYPES: Mapping[str, str] = _Glossed({
    "comunidad": N_("community organisations and processes"),
    "institucion": N_("public institutions (municipal, metropolitan)"),
    "articulacion": N_("spaces where institutions and community coordinate"),
    "actor_armado": N_("armed actors (legal or illegal) that shaped the territory"),
})

#: The actors of Comuna 13 named in the Lab's report (day 2), with their type.
COMUNA_13_ACTORS: dict[str, str] = {
    "Escuela popular de hip hop Kolacho": "comunidad",
    "Comité de Memoria Histórica": "comunidad",
    "Habitantes de la Comuna 13": "comunidad",
    "Secretaría de Seguridad y Convivencia": "institucion",
    "Secretaría de la Juventud": "institucion",
    "Secretaría de Participación": "institucion",
    "Secretaría de Inclusión social y familia": "institucion",
    "Subsecretaría de Cultura ciudadana": "institucion",
    "EDU": "institucion",
    "Área Metropolitana": "institucion",
    "Mesa institucional de la zona 4": "articulacion",
    "Fuerza pública (operaciones de 2002)": "actor_armado",
    "Grupos paramilitares (2002)": "actor_armado",
}


#: What can be wrong with an actor map, by code (the fields are filled in by ActorMapIssue).
_ACTOR_MAP_MESSAGES: dict[str, str] = {
    "not_a_dict": N_("Make the map a dict: {{'comunidad': [...], 'institucion': [...], ...}}."),
    "unknown_type": N_("unknown type {kind!r}; use {types}"),
    "not_a_list": N_("{kind!r} must hold a list of names, not one string"),
    "unknown_actor": N_("{name!r} is not an actor named in the Lab's report"),
    "misplaced": N_("{name!r} is not '{kind}' but '{right}'"),
    "empty_type": N_("no actor of type {kind!r}"),
}


@dataclass(frozen=True)
class ActorMapIssue:
    """One thing wrong with an actor map: a code that does not depend on the language (for
    hints that react to it) and the fields of its message."""

    code: str
    kind: Any = ""
    name: Any = ""
    right: str = ""

    def __str__(self) -> str:
        return _(_ACTOR_MAP_MESSAGES[self.code]).format(
            kind=self.kind, name=self.name, right=self.right, types=", ".join(ACTOR_TYPES))


def actor_map_issues(actor_map: dict[str, list[str]],
                     actors: dict[str, str] | None = None) -> list[ActorMapIssue]:
    """What is wrong with a student's actor map ({type: [actor names]}); empty when it is right.

    Every type of :data:`ACTOR_TYPES` needs at least one actor, and every actor named must be
    one of ``actors`` (default: :data:`COMUNA_13_ACTORS`) placed under its own type.
    """
    known = {k.casefold(): (k, t) for k, t in (actors or COMUNA_13_ACTORS).items()}
    if not isinstance(actor_map, dict):
        return [ActorMapIssue("not_a_dict")]
    issues = []
    for kind, names in actor_map.items():
        if kind not in ACTOR_TYPES:
            issues.append(ActorMapIssue("unknown_type", kind=kind))
            continue
        if isinstance(names, str):
            issues.append(ActorMapIssue("not_a_list", kind=kind))
            continue
        for name in names:
            match = known.get(str(name).strip().casefold())
            if match is None:
                issues.append(ActorMapIssue("unknown_actor", name=name))
            elif match[1] != kind:
                issues.append(ActorMapIssue("misplaced", kind=kind, name=match[0],
                                            right=match[1]))
    issues += [ActorMapIssue("empty_type", kind=kind) for kind in ACTOR_TYPES
               if not actor_map.get(kind)]
    return issues


def actor_map_problems(actor_map: dict[str, list[str]],
                       actors: dict[str, str] | None = None) -> list[str]:
    """What is wrong with a student's actor map, one sentence each in the learner's language;
    empty when it is right (see :func:`actor_map_issues`)."""
    return [str(issue) for issue in actor_map_issues(actor_map, actors)]
