"""Lesson 02, early prevention and the reduction of inequity in Moravia (Comuna 4, Aranjuez)."""

from __future__ import annotations

from medlab_teach.checks import (
    Exercise,
    WrongAnswer,
    close_to,
    near,
    opposite_sign,
    register,
    same_set,
    same_text,
)
from medlab_teach.i18n import N_


def _load(name: str):
    from medlab_teach import data

    return data.load(name)


def _dump_years() -> set[int]:
    from medlab_teach.cases import timeline

    t = timeline("moravia", _load("timeline"))
    start = t[t["event"].str.contains("dump", case=False)
              & ~t["event"].str.contains("closed|prohibited", case=False)]
    return {int(y) for y in start["year"]}


def _pct_change(codes: list[str] | None, first: int, last: int) -> float:
    c = _load("crimes_annual")
    h = c[c["conduct"] == "Homicidio"]
    if codes is not None:
        h = h[h["territory_code"].isin(codes)]
    by_year = h.groupby("year")["cases"].sum()
    return 100.0 * (by_year[last] - by_year[first]) / by_year[first]


def _aranjuez_change() -> float:
    return _pct_change(["04"], 2003, 2023)


def _children_share(code: str = "04") -> float:
    from medlab_teach.demography import people_in_ages, population_by_territory

    pop = _load("population_2018")
    return 100.0 * float(people_in_ages(pop, ["0-4"])[code] / population_by_territory(pop)[code])


def _most_children() -> str:
    from medlab_teach.demography import people_in_ages

    return str(people_in_ages(_load("population_2018"), ["0-4"]).idxmax())


def _highest_share() -> str:
    from medlab_teach.demography import people_in_ages, population_by_territory

    pop = _load("population_2018")
    return str((people_in_ages(pop, ["0-4"]) / population_by_territory(pop)).idxmax())


register(
    Exercise(
        id="l02_dump_start_years",
        title=N_("When did the dump start?"),
        expected=_dump_years,
        compare=same_set,
        solution_code=(
            "from medlab_teach import cases\n"
            "moravia = cases.timeline('moravia')\n"
            "start = moravia[moravia['event'].str.contains('dump', case=False)\n"
            "                & ~moravia['event'].str.contains('closed|prohibited', case=False)]\n"
            "answer = set(start['year'])\n"
        ),
        hints=(
            (lambda a, e: len(set(a)) == 1,
             N_("Only one year: the point is that the sources disagree. Give the year of each "
             "source that dates the start of the dump.")),
            (lambda a, e: bool({1983, 1984} & {int(x) for x in a}),
             N_("1983 and 1984 are about the end of the dump (closure, prohibition), not its "
                "start.")),
        ),
        fallback_hint=N_("Look at the rows of cases.timeline('moravia') before 1980 and collect "
        "their years in a set."),
        explanation=N_("The Lab's report says 1976 (declared the city's dump); the El Tiempo "
                       "archive "
        "says 1977 (a temporary dump placed by the Concejo). Keep both, with their sources."),
        wrong_answers=(WrongAnswer("answer = {1976}", "disagree"),
                       WrongAnswer("answer = {1976, 1983}", "end of the dump")),
    ),
    Exercise(
        id="l02_aranjuez_change",
        title=N_("Aranjuez against the city"),
        expected=_aranjuez_change,
        compare=close_to(0.01),
        solution_code=(
            "from medlab_teach import data\n"
            "crimes = data.load('crimes_annual')\n"
            "h = crimes[(crimes['conduct'] == 'Homicidio') & (crimes['territory_code'] == '04')]\n"
            "by_year = h.groupby('year')['cases'].sum()\n"
            "answer = 100 * (by_year[2023] - by_year[2003]) / by_year[2003]\n"
        ),
        hints=(
            (opposite_sign, N_("Check the sign: homicides fell, so the change "
             "is negative.")),
            (near(lambda: _pct_change(None, 2003, 2023)), N_("That is the whole city's change. "
             "Keep only territory_code '04'.")),
            (lambda a, e: 0 < float(a) < 1, N_("That is the ratio 2023/2003. Subtract 1 and "
             "multiply by 100.")),
        ),
        fallback_hint=N_("100 × (homicides 2023 − homicides 2003) / homicides 2003, for "
        "territory_code '04' only."),
        explanation=N_("About −80%, almost exactly the city's own change over the same years: the "
        "comuna's decline alone cannot be credited to what happened in Moravia."),
        wrong_answers=(
            WrongAnswer("from medlab_teach.exercises.lesson02 import _aranjuez_change\n"
                        "answer = -_aranjuez_change()", "sign"),
            WrongAnswer("from medlab_teach.exercises.lesson02 import _pct_change\n"
                        "answer = _pct_change(None, 2003, 2023)", "whole city"),
        ),
    ),
    Exercise(
        id="l02_children_share",
        title=N_("How many of Aranjuez's people are under five? By hand"),
        expected=_children_share,
        compare=close_to(0.01),
        unit="percent",
        solution_code=(
            "from medlab_teach import data\n"
            "population = data.load('population_2018')\n"
            "aranjuez = population[population['territory_code'] == '04']\n"
            "children = aranjuez[aranjuez['age_group'] == '0-4']['population'].sum()\n"
            "everyone = aranjuez['population'].sum()\n"
            "answer = 100 * children / everyone\n"
        ),
        hints=(
            (lambda a, e: abs(float(a) - float(e) / 100) < 0.002,
             N_("Express it in percent: multiply by 100.")),
            (lambda a, e: abs(float(a) - 2 * float(e)) < 0.05 or abs(float(a) - float(e) / 2)
             < 0.05, N_("You counted one sex twice or only one sex: add both sexes in the "
             "numerator and in the denominator (the table has one row per sex).")),
        ),
        fallback_hint=N_("Children aged 0-4 in '04' (both sexes) divided by all people in '04' "
        "(all ages, both sexes), × 100."),
        explanation=N_("About 6%: a little above the city's share. Shares show how young a "
        "comuna is; they do not show where most children live."),
        wrong_answers=(
            WrongAnswer("from medlab_teach.exercises.lesson02 import _children_share\n"
                        "answer = _children_share() / 100", "percent"),
        ),
    ),
    Exercise(
        id="l02_most_children",
        title=N_("Where would a programme reach most children?"),
        expected=_most_children,
        compare=same_text,
        solution_code=(
            "from medlab_teach import data\n"
            "from medlab_teach.demography import people_in_ages\n"
            "answer = people_in_ages(data.load('population_2018'), ['0-4']).idxmax()\n"
        ),
        hints=(
            (lambda a, e: same_text(a, _highest_share()),
             N_("That territory has the highest *share* of young children. The question asks "
             "where the largest *number* lives.")),
            (lambda a, e: not str(a).strip().isdigit() or len(str(a).strip()) != 2,
             N_("Answer with a two-digit territory code, like '04'.")),
        ),
        fallback_hint=N_("people_in_ages(population, ['0-4']) gives children per territory code; "
        ".idxmax() gives the code of the largest."),
        explanation=N_("The largest number of under-fives lives in a big comuna that is not the "
        "youngest one. Reach (how many) and need (how concentrated) point to different places."),
        wrong_answers=(
            WrongAnswer("from medlab_teach.exercises.lesson02 import _highest_share\n"
                        "answer = _highest_share()", "share"),
            WrongAnswer("answer = 'Aranjuez'", "two-digit"),
        ),
    ),
)
