"""The Python and pandas primer (between lessons 00 and 01): the programming the course asks
for, each step on the kit's own homicide table."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from medlab_teach.checks import Exercise, WrongAnswer, close_to, register, same_text
from medlab_teach.i18n import N_, _

PAIR = ("01", "02", "13")  # Popular, Santa Cruz, San Javier: the comunas of lesson 03


def _crimes():
    from medlab_teach import data

    return data.load("crimes_annual")


def _homicides():
    crimes = _crimes()
    return crimes[crimes["conduct"] == "Homicidio"]


def _city_year(year: int) -> int:
    h = _homicides()
    return int(h.loc[h["year"] == year, "cases"].sum())


def _city_change() -> float:
    before, after = _city_year(2003), _city_year(2023)
    return 100 * (after - before) / before


def _san_javier() -> str:
    from medlab_teach import data

    return data.territory_names()["13"]


def _c13_2010(conduct: str | None = "Homicidio", code: str | None = "13") -> int:
    c = _crimes()
    rows = c[c["year"] == 2010]
    if conduct is not None:
        rows = rows[rows["conduct"] == conduct]
    if code is not None:
        rows = rows[rows["territory_code"] == code]
    return int(rows["cases"].sum())


def _by_year():
    return _homicides().groupby("year")["cases"].sum()


def _worst_year() -> int:
    return int(_by_year().idxmax())


def _pivot(frame=None):
    frame = _homicides() if frame is None else frame
    table = frame.pivot_table(index="year", columns="territory_code", values="cases",
                              aggfunc="sum")
    return table.reindex(columns=list(PAIR))


def _same_table(answer: Any, expected: Any) -> bool:
    import pandas as pd

    if not isinstance(answer, pd.DataFrame):
        raise TypeError(_("expected a DataFrame (a table), got {kind}").format(
            kind=type(answer).__name__))
    if [str(c) for c in answer.columns] != list(expected.columns):
        return False
    if [int(i) for i in answer.index] != [int(i) for i in expected.index]:
        return False
    return bool((answer.to_numpy(dtype=float) == expected.to_numpy(dtype=float)).all())


def _reference_change(before: float, after: float) -> float:
    return 100 * (after - before) / before


_CASES = ((1624, 343), (200, 250), (50, 50), (8, 2))


def _behaves_like(reference: Callable[[float, float], float]) -> Callable[[Any, Any], bool]:
    def predicate(answer: Any, _expected: Any) -> bool:
        return all(math.isclose(float(answer(b, a)), reference(b, a), rel_tol=1e-6, abs_tol=1e-9)
                   for b, a in _CASES)

    return predicate


def _function_ok(answer: Any, expected: Any) -> bool:
    if not callable(answer):
        raise TypeError(_("expected a function (made with def), got {kind}").format(
            kind=type(answer).__name__))
    return _behaves_like(expected)(answer, expected)


register(
    Exercise(
        id="l00a_change",
        title=N_("Variables: the city's change in homicides"),
        expected=_city_change,
        compare=close_to(0.01),
        unit="percent",
        solution_code=(
            "homicides_2003 = 1624\n"
            "homicides_2023 = 343\n"
            "answer = 100 * (homicides_2023 - homicides_2003) / homicides_2003\n"
        ),
        hints=(
            (lambda a, e: 0 < float(a) < 1, N_("That is the ratio 2023/2003. Subtract the 2003 "
             "value first, divide by it, then multiply by 100.")),
        ),
        fallback_hint=N_("Percentage change = 100 * (after - before) / before, with the variables "
        "homicides_2003 (before) and homicides_2023 (after)."),
        explanation=N_("Homicides in the SISC table fell by about four fifths between 2003 and "
        "2023. Variables let you write the formula once with names instead of numbers."),
        wrong_answers=(
            WrongAnswer("answer = 100 * (1624 - 343) / 1624", "sign"),
            WrongAnswer("answer = (343 - 1624) / 1624", "percentage"),
        ),
    ),
    Exercise(
        id="l00a_lookup",
        title=N_("Dictionaries: a name from a code"),
        expected=_san_javier,
        compare=same_text,
        solution_code=(
            "from medlab_teach import data\n"
            "names = data.territory_names()\n"
            "answer = names['13']\n"
        ),
        hints=(
            (lambda a, e: str(a).strip() == "13", N_("That is the code itself. Look it up in the "
             "dictionary: names['13'] gives the name stored under that key.")),
            (lambda a, e: str(a).strip().casefold() in ("popular", "santa cruz"),
             N_("That is the name of another code. The key is the text '13', in quotes.")),
        ),
        fallback_hint=N_("names = data.territory_names() is a dict from codes to names; "
        "names['13'] looks up code '13'."),
        explanation=N_("A dict maps keys to values. The kit's codes are text ('13', with quotes): "
        "names[13] without quotes is a different key and raises a KeyError."),
        wrong_answers=(
            WrongAnswer("answer = '13'", "code itself"),
            WrongAnswer("answer = 'Popular'", "another code"),
        ),
    ),
    Exercise(
        id="l00a_rows",
        title=N_("Calling functions: how big is the table?"),
        expected=lambda: len(_crimes()),
        compare=lambda a, e: int(a) == e,
        unit="count",
        solution_code=(
            "from medlab_teach import data\n"
            "crimes = data.load('crimes_annual')\n"
            "answer = len(crimes)\n"
        ),
        hints=(
            (lambda a, e: int(a) == len(_crimes().columns), N_("That is the number of columns. "
             "len(table) counts the rows.")),
            (lambda a, e: int(a) == int(_crimes()["cases"].sum()), N_("That is the total of the "
             "'cases' column. The question asks how many rows the table has: len(crimes).")),
        ),
        fallback_hint=N_("Call the function len on the table: len(crimes)."),
        explanation=N_("Each row is one territory, one year and one kind of crime: the table is "
        "'long' (tidy), which is what filtering and groupby expect."),
        wrong_answers=(
            WrongAnswer("answer = 6", "columns"),
        ),
    ),
    Exercise(
        id="l00a_filter",
        title=N_("Filtering: San Javier's homicides in 2010"),
        expected=_c13_2010,
        compare=lambda a, e: int(a) == e,
        unit="count",
        solution_code=(
            "from medlab_teach import data\n"
            "crimes = data.load('crimes_annual')\n"
            "rows = crimes[(crimes['territory_code'] == '13') & (crimes['year'] == 2010)\n"
            "              & (crimes['conduct'] == 'Homicidio')]\n"
            "answer = rows['cases'].sum()\n"
        ),
        hints=(
            (lambda a, e: int(a) == _c13_2010(conduct=None), N_("That counts every kind of crime. "
             "Add a condition on the 'conduct' column: == 'Homicidio'.")),
            (lambda a, e: int(a) == _c13_2010(code=None), N_("That is the whole city. Add a "
             "condition on 'territory_code': == '13' (text, in quotes).")),
        ),
        fallback_hint=N_("Combine three conditions with &, each in brackets: territory_code == "
        "'13', year == 2010, conduct == 'Homicidio'; then take the 'cases' column's sum()."),
        explanation=N_("Each condition gives True or False per row; & keeps the rows where all "
        "are True. Forgetting one condition is the commonest mistake with real tables."),
        wrong_answers=(
            WrongAnswer("from medlab_teach.exercises.lesson00a import _c13_2010\n"
                        "answer = _c13_2010(conduct=None)", "every kind of crime"),
            WrongAnswer("from medlab_teach.exercises.lesson00a import _c13_2010\n"
                        "answer = _c13_2010(code=None)", "whole city"),
        ),
    ),
    Exercise(
        id="l00a_worst_year",
        title=N_("groupby: the city's worst year"),
        expected=_worst_year,
        compare=lambda a, e: int(a) == e,
        unit="year",
        solution_code=(
            "from medlab_teach import data\n"
            "crimes = data.load('crimes_annual')\n"
            "homicides = crimes[crimes['conduct'] == 'Homicidio']\n"
            "by_year = homicides.groupby('year')['cases'].sum()\n"
            "answer = by_year.idxmax()\n"
        ),
        hints=(
            (lambda a, e: int(a) == int(_by_year().max()), N_("That is the number of homicides in "
             "the worst year. The question asks which year: by_year.idxmax() gives the label "
             "of the largest value.")),
            (lambda a, e: int(a) == 2003, N_("2003 is the first year of the table. Group by year "
             "and take the year with the largest total.")),
        ),
        fallback_hint=N_("Keep the homicide rows, group them by 'year', sum 'cases', then "
        ".idxmax() gives the year with the largest sum."),
        explanation=N_("groupby('year') makes one group per year; ['cases'].sum() adds each "
        "group's cases: the city's yearly series. Lesson 01 compares it with other sources."),
        wrong_answers=(
            WrongAnswer("from medlab_teach.exercises.lesson00a import _by_year\n"
                        "answer = int(_by_year().max())", "which year"),
        ),
    ),
    Exercise(
        id="l00a_pivot",
        title=N_("pivot_table: years down, comunas across"),
        expected=_pivot,
        compare=_same_table,
        solution_code=(
            "from medlab_teach import data\n"
            "crimes = data.load('crimes_annual')\n"
            "homicides = crimes[crimes['conduct'] == 'Homicidio']\n"
            "table = homicides.pivot_table(index='year', columns='territory_code',\n"
            "                              values='cases', aggfunc='sum')\n"
            "answer = table.reindex(columns=['01', '02', '13'])\n"
        ),
        hints=(
            (lambda a, e: [str(c) for c in a.columns][:3] == ["2003", "2004", "2005"],
             N_("Years are across and comunas down: swap index and columns (index='year', "
             "columns='territory_code').")),
            (lambda a, e: bool((a.to_numpy(dtype=float) > e.to_numpy(dtype=float)).all()),
             N_("Every number is too large: the table adds all kinds of crime. Keep only the "
             "homicide rows before pivoting.")),
            (lambda a, e: len(a.columns) != 3, N_("Keep only the three comunas, in this order: "
             ".reindex(columns=['01', '02', '13']).")),
        ),
        fallback_hint=N_("homicides.pivot_table(index='year', columns='territory_code', "
        "values='cases', aggfunc='sum'), then .reindex(columns=['01', '02', '13'])."),
        explanation=N_("One row per year, one column per comuna: the shape for comparing "
        "territories over time, which lessons 03 and assignment A2 use."),
        wrong_answers=(
            WrongAnswer("from medlab_teach.exercises.lesson00a import _pivot\n"
                        "answer = _pivot().T", "swap"),
            WrongAnswer("from medlab_teach.exercises.lesson00a import _crimes, _pivot\n"
                        "answer = _pivot(_crimes())", "all kinds of crime"),
            WrongAnswer("from medlab_teach.exercises.lesson00a import _homicides\n"
                        "answer = _homicides().pivot_table(index='year', "
                        "columns='territory_code', values='cases', aggfunc='sum')",
                        "three comunas"),
        ),
    ),
    Exercise(
        id="l00a_def",
        title=N_("def: a function for the percentage change"),
        expected=lambda: _reference_change,
        compare=_function_ok,
        solution_code=(
            "def pct_change(before, after):\n"
            "    return 100 * (after - before) / before\n"
            "\n"
            "answer = pct_change\n"
        ),
        hints=(
            (_behaves_like(lambda b, a: 100 * (b - a) / b), N_("Check the sign: after minus "
             "before, so that a fall is negative.")),
            (_behaves_like(lambda b, a: (a - b) / b), N_("Your function returns a fraction; "
             "multiply by 100 to return a percentage.")),
            (_behaves_like(lambda b, a: 100 * (a - b) / a), N_("Divide by before (the starting "
             "value), not by after.")),
            (lambda a, e: a(1624, 343) is None or a(1624, 343) is Ellipsis, N_("Your function "
             "returns nothing: end it with return followed by the formula (in place of ...).")),
        ),
        fallback_hint=N_("def pct_change(before, after): then, indented on the next line, "
        "return 100 * (after - before) / before. Give the function (no brackets) as answer."),
        explanation=N_("Written once, the function computes every percentage change of the "
        "course the same way: pct_change(1624, 343)."),
        wrong_answers=(
            WrongAnswer("def f(before, after):\n    return 100 * (before - after) / before\n"
                        "answer = f", "sign"),
            WrongAnswer("def f(before, after):\n    return (after - before) / before\n"
                        "answer = f", "fraction"),
            WrongAnswer("def f(before, after):\n    100 * (after - before) / before\n"
                        "answer = f", "returns nothing"),
        ),
    ),
)
