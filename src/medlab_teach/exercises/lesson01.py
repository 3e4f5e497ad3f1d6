"""Lesson 01, data for informed decisions: counts, rates, population bases, sources, limits."""

from __future__ import annotations

from medlab_teach.checks import (
    Exercise,
    WrongAnswer,
    close_to,
    near,
    opposite_sign,
    ratio_near,
    register,
    same_text,
)
from medlab_teach.i18n import N_

YEAR = 2018  # the year of the kit's population table
MEDELLIN = "05001"  # DANE municipality code


def _crimes():
    from medlab_teach import data

    return data.load("crimes_annual")


def _homicides(year: int, codes: list[str] | None = None) -> int:
    c = _crimes()
    rows = c[(c["conduct"] == "Homicidio") & (c["year"] == year)]
    if codes is not None:
        rows = rows[rows["territory_code"].isin(codes)]
    return int(rows["cases"].sum())


def _population(code: str | None = None) -> int:
    from medlab_teach import data

    return data.population_total(code, base="dap_2018")


def _name(code: str) -> str:
    c = _crimes()
    return str(c.loc[c["territory_code"] == code, "territory_name"].iloc[0])


def _top_comuna_2019() -> str:
    c = _crimes()
    rows = c[(c["conduct"] == "Homicidio") & (c["year"] == 2019)
             & (c["territory_kind"] == "comuna")]
    return str(rows.groupby("territory_name")["cases"].sum().idxmax())


def _rate_san_javier() -> float:
    """What the kit's helpers give: data.rate over data.population_total (the exercise's check)."""
    from medlab_teach import data

    return data.rate(_homicides(YEAR, ["13"]), data.population_total("13", base="dap_2018"))


def _higher_rate() -> str:
    rates = {code: _homicides(YEAR, [code]) / _population(code) for code in ("16", "15")}
    return _name(max(rates, key=rates.get))


def _police_population(year: int) -> int:
    from medlab_teach import data

    if year == YEAR:
        return data.population_total(None, base="dane_cnpv_2018")
    p = data.load("police_homicides_2003_2024")
    return int(p.loc[(p["municipality_code"] == MEDELLIN) & (p["year"] == year),
                     "population"].iloc[0])


def _rate_dap() -> float:
    return 100_000 * _homicides(YEAR) / _population()


def _rate_dane() -> float:
    return 100_000 * _homicides(YEAR) / _police_population(YEAR)


def _base_difference() -> float:
    return 100 * (_rate_dane() / _rate_dap() - 1)


def _police_homicides(year: int) -> int:
    from medlab_teach import data

    p = data.load("police_homicides_2003_2024")
    return int(p.loc[(p["municipality_code"] == MEDELLIN) & (p["year"] == year),
                     "homicides"].iloc[0])


def _gap_2009() -> int:
    return _homicides(2009) - _police_homicides(2009)


def _theft_ratio() -> float:
    c = _crimes()
    theft = c[c["conduct"] == "Hurto a persona"].groupby("year")["cases"].sum()
    return float(theft[2019] / theft[2010])


register(
    Exercise(
        id="l01_top_comuna_2019",
        title=N_("The comuna with most homicides in 2019"),
        expected=_top_comuna_2019,
        compare=same_text,
        solution_code=(
            "from medlab_teach import data\n"
            "crimes = data.load('crimes_annual')\n"
            "h = crimes[(crimes['conduct'] == 'Homicidio') & (crimes['year'] == 2019)\n"
            "           & (crimes['territory_kind'] == 'comuna')]\n"
            "answer = h.groupby('territory_name')['cases'].sum().idxmax()\n"
        ),
        hints=(
            (lambda a, e: str(a).strip().isdigit(),
             N_("Give the comuna's name (territory_name), not its code.")),
            (lambda a, e: str(a).strip().casefold() == "san javier",
             N_("San Javier is the Lab's case, but not the largest count in 2019. Sort the comunas "
             "by cases, largest first.")),
        ),
        fallback_hint=N_("Filter conduct == 'Homicidio' and year == 2019, keep comunas, add up "
        "cases by territory_name and take the largest (idxmax)."),
        explanation=N_("La Candelaria (Comuna 10), 'el centro histórico y patrimonial de la "
        "Ciudad' in the Lab's report: homicides are counted where they happen, not where the "
        "victims live."),
        wrong_answers=(WrongAnswer("answer = 'San Javier'", "largest"),
                       WrongAnswer("answer = '10'", "name")),
    ),
    Exercise(
        id="l01_rate_san_javier",
        title=N_("A homicide rate per 100,000, by hand with pandas"),
        expected=_rate_san_javier,
        compare=close_to(0.01),
        solution_code=(
            "from medlab_teach import data\n"
            "crimes = data.load('crimes_annual')\n"
            "population = data.load('population_2018')\n"
            "rows = crimes[(crimes['conduct'] == 'Homicidio') & (crimes['year'] == 2018)\n"
            "              & (crimes['territory_code'] == '13')]\n"
            "cases_13 = rows['cases'].sum()\n"
            "pop_13 = population.loc[population['territory_code'] == '13', 'population'].sum()\n"
            "answer = 100_000 * cases_13 / pop_13\n"
        ),
        hints=(
            (ratio_near(1e-5), N_("You have homicides per person. Multiply by 100,000 to get the "
             "rate per 100,000 inhabitants.")),
            (ratio_near(1e-2), N_("That looks like a rate per 1,000. The kit uses per 100,000.")),
            (near(lambda: 100_000 * _homicides(YEAR, ["13"]) / _population()),
             N_("You divided by the whole city's population. Keep only the population rows whose "
             "territory_code is '13' before adding them up.")),
            (lambda a, e: float(a) > 1_000,
             N_("That is far too large for a rate: check that cases_13 and pop_13 are each one "
             "number (a .sum()), and that you divide cases by population, not the other way.")),
        ),
        fallback_hint=N_("rate = 100,000 × homicides in San Javier in 2018 / San Javier's 2018 "
        "population. Check the year and the territory code '13' (a string, in quotes)."),
        explanation=N_("About 66 per 100,000: more than twice the city's rate that year. "
        "data.rate and data.population_total do these same steps for you."),
        wrong_answers=(
            WrongAnswer(
                "from medlab_teach.exercises.lesson01 import _homicides, _population\n"
                "answer = _homicides(2018, ['13']) / _population('13')", "100,000"),
            WrongAnswer(
                "from medlab_teach.exercises.lesson01 import _homicides, _population\n"
                "answer = 100_000 * _homicides(2018, ['13']) / _population()", "whole city"),
            WrongAnswer(
                "from medlab_teach.exercises.lesson01 import _homicides, _population\n"
                "answer = 100_000 * _population('13') / _homicides(2018, ['13'])", "far too large"),
        ),
    ),
    Exercise(
        id="l01_higher_rate",
        title=N_("More cases, lower rate"),
        expected=_higher_rate,
        compare=same_text,
        solution_code=(
            "from medlab_teach import data\n"
            "crimes = data.load('crimes_annual')\n"
            "h = crimes[(crimes['conduct'] == 'Homicidio') & (crimes['year'] == 2018)]\n"
            "cases = h.groupby('territory_code')['cases'].sum()\n"
            "rate = {code: data.rate(cases[code], data.population_total(code, base='dap_2018'))\n"
            "        for code in ('16', '15')}\n"
            "answer = 'Belén' if rate['16'] > rate['15'] else 'Guayabal'\n"
        ),
        hints=(
            (lambda a, e: str(a).strip().casefold() in {"belén", "belen"},
             N_("Belén has more cases, but it also has many more residents. Divide each count by "
             "its own population before comparing.")),
        ),
        fallback_hint=N_("Answer 'Belén' or 'Guayabal'."),
        explanation=N_("Guayabal: fewer homicides, but far fewer residents, so a higher rate. "
        "Counts tell you where the work is; rates tell you where the risk per person is."),
        wrong_answers=(WrongAnswer("answer = 'Belén'", "own population"),),
    ),
    Exercise(
        id="l01_base_difference",
        title=N_("Two population bases, two rates"),
        expected=_base_difference,
        compare=close_to(0.02, abs_tol=0.05),
        solution_code=(
            "from medlab_teach import data\n"
            "crimes = data.load('crimes_annual')\n"
            "homicides = crimes[(crimes['conduct'] == 'Homicidio')\n"
            "                   & (crimes['year'] == 2018)]['cases'].sum()\n"
            "rate_dap = data.rate(homicides, data.population_total(None, base='dap_2018'))\n"
            "rate_dane = data.rate(homicides, data.population_total(None, base='dane_cnpv_2018'))\n"
            "answer = 100 * (rate_dane / rate_dap - 1)\n"
        ),
        hints=(
            (lambda a, e: float(a) < 0,
             N_("The sign is reversed: the CNPV-2018 base is the smaller population, so its rate "
                "is "
             "the higher one. Compute rate_dane / rate_dap - 1.")),
            (ratio_near(0.01), N_("Express the difference in percent: multiply by 100.")),
        ),
        fallback_hint=N_("Compute the 2018 city rate twice, same homicides, two populations; then "
        "100 × (rate with DANE base / rate with DAP base − 1)."),
        explanation=N_("About 4%: the same homicides give a rate about 4% higher with the "
        "CNPV-2018 base. Say which base you used whenever you publish a rate."),
        wrong_answers=(
            WrongAnswer(
                "from medlab_teach.exercises.lesson01 import _rate_dap, _rate_dane\n"
                "answer = 100 * (_rate_dap() / _rate_dane() - 1)", "sign"),
            WrongAnswer(
                "from medlab_teach.exercises.lesson01 import _rate_dap, _rate_dane\n"
                "answer = _rate_dane() / _rate_dap() - 1", "percent"),
        ),
    ),
    Exercise(
        id="l01_gap_2009",
        title=N_("Two sources, one year"),
        expected=_gap_2009,
        compare=close_to(0.0, abs_tol=0.5),
        solution_code=(
            "from medlab_teach import data\n"
            "crimes = data.load('crimes_annual')\n"
            "sisc = crimes[(crimes['conduct'] == 'Homicidio')\n"
            "              & (crimes['year'] == 2009)]['cases'].sum()\n"
            "police = data.load('police_homicides_2003_2024')\n"
            "medellin = police[police['municipality_code'] == '05001']  # DANE code\n"
            "pol = medellin.loc[medellin['year'] == 2009, 'homicides'].iloc[0]\n"
            "answer = sisc - pol\n"
        ),
        hints=(
            (opposite_sign,
             N_("Right size, wrong sign: compute SISC minus Police.")),
            (near(lambda: _homicides(2009)),
             N_("That is the SISC total alone. Subtract the Police count for 2009.")),
        ),
        fallback_hint=N_("Sum SISC homicides for 2009 over every row (including 'SIN DATO'), then "
        "subtract the Police count for 2009."),
        explanation=N_("Several hundred homicides apart in the same city and year. Neither source "
        "is 'the truth': they count at different moments, with different rules."),
        wrong_answers=(
            WrongAnswer("from medlab_teach.exercises.lesson01 import _gap_2009\n"
                        "answer = -_gap_2009()", "sign"),
            WrongAnswer("from medlab_teach.exercises.lesson01 import _homicides\n"
                        "answer = _homicides(2009)", "subtract"),
        ),
    ),
    Exercise(
        id="l01_theft_ratio",
        title=N_("How many times more thefts?"),
        expected=_theft_ratio,
        compare=close_to(0.01),
        solution_code=(
            "from medlab_teach import data\n"
            "crimes = data.load('crimes_annual')\n"
            "theft = (crimes[crimes['conduct'] == 'Hurto a persona']\n"
            "         .groupby('year')['cases'].sum())\n"
            "answer = theft[2019] / theft[2010]\n"
        ),
        hints=(
            (lambda a, e: float(a) < 1,
             N_("You divided 2010 by 2019. Put 2019 on top: how many times the 2010 count?")),
            (lambda a, e: float(a) > 100, N_("Give a ratio (how many times), not a percentage.")),
        ),
        fallback_hint=N_("Add up 'Hurto a persona' cases by year, then divide 2019 by 2010."),
        explanation=N_("Recorded thefts from persons multiplied many times over in nine years. Did "
        "theft multiply as much? Read the next section before you answer."),
        wrong_answers=(
            WrongAnswer("from medlab_teach.exercises.lesson01 import _theft_ratio\n"
                        "answer = 1 / _theft_ratio()", "2019 on top"),
            WrongAnswer("from medlab_teach.exercises.lesson01 import _theft_ratio\n"
                        "answer = 100 * _theft_ratio()", "not a percentage"),
        ),
    ),
)
