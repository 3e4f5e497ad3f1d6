"""demography sums the population table over sex, orders ages by age, and names unknown ids."""

from __future__ import annotations

import pandas as pd
import pytest

from medlab_teach import data, demography
from medlab_teach.errors import UnknownIdError


@pytest.fixture(scope="module")
def population() -> pd.DataFrame:
    return data.load("population_2018")


def test_sums_match_the_city_total_and_ages_are_in_order(population):
    by_territory = demography.population_by_territory(population)
    assert int(by_territory.sum()) == data.population_total(None, base="dap_2018") == 2_529_403
    assert demography.age_groups(population)[:3] == ["0-4", "5-9", "10-14"]
    ages = demography.age_table(population, ["13"])
    assert list(ages.index[:2]) == ["0-4", "5-9"] and int(ages.sum()) == by_territory["13"]
    children = demography.people_in_ages(population, ["0-4"])
    assert set(children.index) == set(by_territory.index) and (children < by_territory).all()


def test_unknown_ids_and_wrong_inputs(population):
    with pytest.raises(UnknownIdError, match="no territory code '99'"):
        demography.age_table(population, ["99"])
    with pytest.raises(UnknownIdError, match="no age group '0-5'") as err:
        demography.people_in_ages(population, ["0-5"])
    assert "0-4" in err.value.choices
    with pytest.raises(ValueError, match="lacks columns"):
        demography.population_by_territory(population.drop(columns="population"))
    with pytest.raises(TypeError, match="DataFrame"):
        demography.age_groups([1, 2])  # type: ignore[arg-type]
