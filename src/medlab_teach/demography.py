"""People by age and territory from the 2018 population table, counted once.

The population table holds rows for each sex and, depending on the source layout, a row for both
sexes together; summing every row would count people twice. These helpers pick the both-sexes
rows (or add the two sexes when there are none) and order age groups by age, not alphabetically
("5-9" before "10-14"). They work on any table shaped like ``data.load("population_2018")``
(columns ``territory_code``, ``age_group``, ``sex``, ``population``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

TOTAL_SEX_LABELS = frozenset({"total", "both", "ambos", "todos", "all"})
TOTAL_AGE_LABELS = frozenset({"total", "all", "todas"})


def _age_key(label: str) -> int:
    match = re.match(r"\s*(\d+)", str(label))
    return int(match.group(1)) if match else 10_000


def _one_count_per_person(population: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("territory_code", "age_group", "population")
               if c not in population.columns]
    if missing:
        raise ValueError(f"The population table lacks columns {missing}; use "
                         "data.load('population_2018').")
    frame = population
    if "sex" in frame.columns:
        sexes = frame["sex"].astype(str).str.strip().str.casefold()
        totals = sexes.isin(TOTAL_SEX_LABELS)
        frame = frame[totals] if totals.any() else frame
    ages = frame["age_group"].astype(str).str.strip().str.casefold()
    return frame[~ages.isin(TOTAL_AGE_LABELS)]


def age_groups(population: pd.DataFrame) -> list[str]:
    """The age groups of the table, youngest first."""
    frame = _one_count_per_person(population)
    return sorted(set(frame["age_group"].astype(str)), key=_age_key)


def age_table(population: pd.DataFrame, territory_codes: str | Sequence[str]) -> pd.Series:
    """People per age group (youngest first) summed over a group of territories."""
    codes = [territory_codes] if isinstance(territory_codes, str) else list(territory_codes)
    frame = _one_count_per_person(population)
    known = set(frame["territory_code"].astype(str))
    unknown = [c for c in codes if str(c) not in known]
    if unknown or not codes:
        raise ValueError(f"Unknown territory codes {unknown or codes}. Known: {sorted(known)}")
    rows = frame[frame["territory_code"].astype(str).isin([str(c) for c in codes])]
    out = rows.groupby("age_group")["population"].sum()
    out = out.reindex(sorted(out.index, key=_age_key))
    out.name = "population"
    return out


def people_in_ages(population: pd.DataFrame, ages: Iterable[str]) -> pd.Series:
    """People in the given age groups, per territory code (e.g. children aged 0-4)."""
    wanted = [str(a).strip() for a in ages]
    frame = _one_count_per_person(population)
    present = set(frame["age_group"].astype(str).str.strip())
    unknown = [a for a in wanted if a not in present]
    if unknown or not wanted:
        raise ValueError(f"Unknown age groups {unknown or wanted}. "
                         f"Known: {sorted(present, key=_age_key)}")
    rows = frame[frame["age_group"].astype(str).str.strip().isin(wanted)]
    out = rows.groupby(rows["territory_code"].astype(str))["population"].sum()
    out.name = "population"
    return out


def population_by_territory(population: pd.DataFrame) -> pd.Series:
    """Total people per territory code (all ages, both sexes), each person counted once."""
    frame = _one_count_per_person(population)
    out = frame.groupby(frame["territory_code"].astype(str))["population"].sum()
    out.name = "population"
    return out
