"""People by age and territory from the 2018 population table, summed the right way.

``data.load("population_2018")`` has one row per territory, age group and sex (the build drops
the source's "Total" rows after checking them, so nothing is counted twice). These helpers sum
over sex and order age groups by age, not alphabetically ("5-9" before "10-14").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from medlab_teach.errors import UnknownIdError
from medlab_teach.i18n import _

if TYPE_CHECKING:
    import pandas as pd

_COLUMNS = ("territory_code", "age_group", "population")


def _age_key(label: str) -> int:
    match = re.match(r"\s*(\d+)", str(label))
    return int(match.group(1)) if match else 10_000


def _checked(population: pd.DataFrame) -> pd.DataFrame:
    """The table itself, once it is known to have the population table's columns."""
    if not hasattr(population, "columns"):
        raise TypeError(_("Pass the population table as a DataFrame: "
                          "data.load('population_2018')."))
    missing = [c for c in _COLUMNS if c not in population.columns]
    if missing:
        raise ValueError(_("The population table lacks columns {missing}; use "
                           "data.load('population_2018').").format(missing=missing))
    return population


def age_groups(population: pd.DataFrame) -> list[str]:
    """The age groups of the table, youngest first."""
    frame = _checked(population)
    return sorted(set(frame["age_group"].astype(str)), key=_age_key)


def age_table(population: pd.DataFrame, territory_codes: str | Sequence[str]) -> pd.Series:
    """People per age group (youngest first) summed over a group of territories."""
    codes = [territory_codes] if isinstance(territory_codes, str) else list(territory_codes)
    frame = _checked(population)
    known = sorted(set(frame["territory_code"].astype(str)))
    unknown = [c for c in codes if str(c) not in known]
    if unknown or not codes:
        raise UnknownIdError(_("territory code"), (unknown or codes)[0] if codes else "",
                             known, _("Give two-digit codes as strings, e.g. ['04']."))
    rows = frame[frame["territory_code"].astype(str).isin([str(c) for c in codes])]
    out = rows.groupby("age_group", observed=True)["population"].sum()
    out = out.reindex(sorted(out.index, key=_age_key))
    out.name = "population"
    return out


def people_in_ages(population: pd.DataFrame, ages: Iterable[str]) -> pd.Series:
    """People in the given age groups, per territory code (e.g. children aged 0-4)."""
    wanted = [str(a).strip() for a in ages]
    frame = _checked(population)
    present = sorted(set(frame["age_group"].astype(str)), key=_age_key)
    unknown = [a for a in wanted if a not in present]
    if unknown or not wanted:
        raise UnknownIdError(_("age group"), unknown[0] if unknown else "", present,
                             _("Give a list of age groups, e.g. ['0-4', '5-9']."))
    rows = frame[frame["age_group"].astype(str).isin(wanted)]
    out = rows.groupby(rows["territory_code"].astype(str))["population"].sum()
    out.name = "population"
    return out


def population_by_territory(population: pd.DataFrame) -> pd.Series:
    """Total people per territory code (all ages, both sexes)."""
    frame = _checked(population)
    out = frame.groupby(frame["territory_code"].astype(str))["population"].sum()
    out.name = "population"
    return out
