"""Lesson 04, participation, empowerment, resilience and resistance: Comuna 13 (San Javier)."""

from __future__ import annotations

from medlab_teach.checks import Exercise, WrongAnswer, close_to, register, same_text
from medlab_teach.i18n import N_


def _crimes():
    from medlab_teach import data

    return data.load("crimes_annual")


def _homicides_by_year(codes: list[str] | None = None):
    c = _crimes()
    h = c[c["conduct"] == "Homicidio"]
    if codes is not None:
        h = h[h["territory_code"].isin(codes)]
    return h.groupby("year")["cases"].sum()


def _peak_year() -> int:
    return int(_homicides_by_year(["13"]).idxmax())


def _city_peak_year() -> int:
    return int(_homicides_by_year().idxmax())


def _peak_share() -> float:
    year = _peak_year()
    return 100.0 * float(_homicides_by_year(["13"])[year] / _homicides_by_year()[year])


def _required_types() -> frozenset[str]:
    from medlab_teach.cases import ACTOR_TYPES

    return frozenset(ACTOR_TYPES)


def _map_is_complete(answer, expected) -> bool:
    from medlab_teach.cases import actor_map_problems

    return set(answer) >= set(expected) and not actor_map_problems(answer)


def _problem(code: str):
    """Hint predicate: the map has an issue of this kind (see cases.actor_map_issues)."""

    def predicate(answer, _expected) -> bool:
        from medlab_teach.cases import actor_map_issues

        return any(issue.code == code for issue in actor_map_issues(answer))

    return predicate


def _misplaced(name: str):
    def predicate(answer, _expected) -> bool:
        from medlab_teach.cases import actor_map_issues

        return any(issue.code == "misplaced" and issue.name == name
                   for issue in actor_map_issues(answer))

    return predicate


def _quote_visit() -> str:
    from medlab_teach.cases import quote_visit

    return quote_visit("Si la comunidad no se mueve")


_MAP_SOLUTION = (
    "answer = {\n"
    "    'comunidad': ['Escuela popular de hip hop Kolacho', 'Comité de Memoria Histórica',\n"
    "                  'Habitantes de la Comuna 13'],\n"
    "    'institucion': ['Secretaría de Seguridad y Convivencia', 'Secretaría de la Juventud',\n"
    "                    'Secretaría de Participación', 'EDU', 'Área Metropolitana'],\n"
    "    'articulacion': ['Mesa institucional de la zona 4'],\n"
    "    'actor_armado': ['Fuerza pública (operaciones de 2002)', 'Grupos paramilitares (2002)'],\n"
    "}\n"
)

register(
    Exercise(
        id="l04_peak_year",
        title=N_("San Javier's worst year"),
        expected=_peak_year,
        compare=lambda a, e: int(a) == int(e),
        solution_code=(
            "from medlab_teach import data\n"
            "crimes = data.load('crimes_annual')\n"
            "h = crimes[(crimes['conduct'] == 'Homicidio') & (crimes['territory_code'] == '13')]\n"
            "answer = int(h.groupby('year')['cases'].sum().idxmax())\n"
        ),
        hints=(
            (lambda a, e: int(a) == _city_peak_year(),
             N_("That is the city's worst year since 2003. San Javier's own series peaks in a "
             "different year: filter territory_code '13'.")),
            (lambda a, e: int(a) == 2002,
             N_("The SISC table starts in 2003: the 2002 operations are before it.")),
        ),
        fallback_hint=N_("Filter Homicidio and territory_code '13', add up by year, take "
                         "idxmax()."),
        explanation=N_("San Javier's peak came a year after the city's, and its series stayed high "
        "longer: a comuna's history is not the city's history in miniature."),
        wrong_answers=(
            WrongAnswer("from medlab_teach.exercises.lesson04 import _city_peak_year\n"
                        "answer = _city_peak_year()", "city's worst year"),
            WrongAnswer("answer = 2002", "starts in 2003"),
        ),
    ),
    Exercise(
        id="l04_peak_share",
        title=N_("San Javier's share of the city's homicides in its worst year"),
        expected=_peak_share,
        compare=close_to(0.01),
        solution_code=(
            "from medlab_teach import data\n"
            "crimes = data.load('crimes_annual')\n"
            "h = crimes[crimes['conduct'] == 'Homicidio']\n"
            "city = h.groupby('year')['cases'].sum()\n"
            "sj = h[h['territory_code'] == '13'].groupby('year')['cases'].sum()\n"
            "peak = sj.idxmax()\n"
            "answer = 100 * sj[peak] / city[peak]\n"
        ),
        hints=(
            (lambda a, e: abs(float(a) - float(e) / 100) < 0.002,
             N_("Express it in percent: multiply by 100.")),
            (lambda a, e: float(a) > 50, N_("You divided the city by San Javier: put San Javier on "
             "top.")),
        ),
        fallback_hint=N_("100 × San Javier's homicides in its peak year / the city's homicides in "
        "the same year (all rows, including 'SIN DATO')."),
        explanation=N_("More than one homicide in ten in the city happened in San Javier that "
        "year, in a comuna with about one resident in eighteen."),
        wrong_answers=(
            WrongAnswer("from medlab_teach.exercises.lesson04 import _peak_share\n"
                        "answer = _peak_share() / 100", "percent"),
            WrongAnswer("from medlab_teach.exercises.lesson04 import _peak_share\n"
                        "answer = 10_000 / _peak_share()", "on top"),
        ),
    ),
    Exercise(
        id="l04_actor_map",
        title=N_("Map the actors of Comuna 13"),
        expected=_required_types,
        compare=_map_is_complete,
        solution_code=_MAP_SOLUTION,
        hints=(
            (lambda a, e: not isinstance(a, dict),
             N_("Make the map a dict: {'comunidad': [...], 'institucion': [...], "
             "'articulacion': [...], 'actor_armado': [...]}.")),
            (_problem("unknown_type"), N_("Use only the four types of cases.ACTOR_TYPES as keys: "
             "comunidad, institucion, articulacion, actor_armado.")),
            (_problem("unknown_actor"), N_("One of your names is not in the list: copy "
             "names exactly from cases.COMUNA_13_ACTORS' keys (ACTORS below).")),
            (_misplaced("Mesa institucional de la zona 4"),
             N_("The Mesa institucional de la zona 4 is not one institution: it is a space where "
             "several secretariats and agencies meet to coordinate ('articulacion').")),
            (_misplaced("Escuela popular de hip hop Kolacho"),
             N_("The hip hop school is supported by the administration, but it is a community "
             "process ('comunidad'), born from the neighbourhood.")),
            (_problem("empty_type"), N_("Every type needs at least one actor, including "
             "'actor_armado': the Lab's report names who carried out the 2002 operations.")),
        ),
        fallback_hint=N_("Some actor is under the wrong type. Run cases.actor_map_problems(answer) "
        "to see which."),
        explanation=N_("Community processes, institutions, a space that joins them, and the armed "
        "actors whose 2002 operations the organisation answered: the map the Lab's report draws."),
        wrong_answers=(
            WrongAnswer(_MAP_SOLUTION.replace(
                "'articulacion': ['Mesa institucional de la zona 4']", "'articulacion': []")
                .replace("'EDU',", "'EDU', 'Mesa institucional de la zona 4',"), "coordinate"),
            WrongAnswer(_MAP_SOLUTION.replace(
                "    'actor_armado': ['Fuerza pública (operaciones de 2002)', "
                "'Grupos paramilitares (2002)'],\n", ""), "2002 operations"),
            WrongAnswer(_MAP_SOLUTION.replace("'comunidad':", "'community':"), "four types"),
            WrongAnswer("answer = ['Kolacho', 'EDU']", "dict"),
        ),
    ),
    Exercise(
        id="l04_quote_visit",
        title=N_("Whose lesson is it?"),
        expected=_quote_visit,
        compare=same_text,
        solution_code=(
            "from medlab_teach import cases\n"
            "answer = cases.quote_visit('Si la comunidad no se mueve')\n"
        ),
        hints=(
            (lambda a, e: str(a).strip().casefold() in {"comuna_13", "comuna 13", "san javier"},
             N_("It fits Comuna 13 well, but the report prints it during another visit. Look it "
             "up in cases.REPORT_QUOTES.")),
        ),
        fallback_hint=N_("Answer with the visit key of the quote in cases.REPORT_QUOTES, e.g. "
        "'la_loma'."),
        explanation=N_("The report prints it during the Moravia visit (day 3), about community "
        "leaders working inside programmes such as Buen Comienzo. Attribute quotes to where "
        "they were said, even when they fit another place."),
        wrong_answers=(WrongAnswer("answer = 'comuna_13'", "another visit"),),
    ),
)
