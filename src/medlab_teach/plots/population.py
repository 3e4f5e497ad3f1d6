"""Figures for the 2018 population by age: the age profile of territories side by side, and where
the youngest children live. Finished through :func:`medlab_teach.plots.style.finish`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from medlab_teach.i18n import N_, _
from medlab_teach.plots.style import colour, finish, new_figure

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

POPULATION_SOURCE = N_(
    "Alcaldía de Medellín, DAP population projections 2018 by comuna, sex and age (MEData)"
)


def age_shares(population: pd.DataFrame, territory_codes: Sequence[str]) -> pd.Series:
    """Share of the population (%) in each age group for a group of territories, in age order.

    Uses only rows with both sexes combined when the table has a 'sex' column, so nobody is
    counted twice.
    """
    from medlab_teach.demography import age_table

    table = age_table(population, territory_codes)
    return 100.0 * table / table.sum()


def age_profile(population: pd.DataFrame, groups: Mapping[str, Sequence[str]], *,
                title: str | None = None, source: str = POPULATION_SOURCE) -> Figure:
    """One line per group of territories: the % of its people in each age group.

    ``groups`` maps a label to territory codes, e.g. ``{"Aranjuez (04)": ["04"],
    "Medellín": all_codes}``; shares make territories of different size comparable.
    """
    if not groups:
        raise ValueError(_("Give at least one group, e.g. {example}.").format(
            example="{'Aranjuez': ['04']}"))
    _fig, ax = new_figure(8.5, 4.5)
    markers = "osD^v"
    for i, (label, codes) in enumerate(groups.items()):
        shares = age_shares(population, codes)
        ax.plot(range(len(shares)), shares.to_numpy(), marker=markers[i % len(markers)],
                markersize=4, color=colour(i), label=label)
        ticks = list(shares.index)
    ax.set_xticks(range(len(ticks)), ticks, rotation=45, ha="right", fontsize=8)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(frameon=False, fontsize=9)
    return finish(ax, title=title or _("Age structure, 2018"), xlabel=_("Age group (years)"),
                  ylabel=_("Share of the population (%)"), source=source)


def children_by_territory(population: pd.DataFrame, age_groups: Sequence[str], *,
                          highlight: Sequence[str] = (), title: str | None = None,
                          source: str = POPULATION_SOURCE) -> Figure:
    """Horizontal bars: people in the given age groups in each territory, largest at the top.

    Shows where a programme for these ages would reach most people (counts, not shares).
    """
    from medlab_teach.demography import people_in_ages

    counts = people_in_ages(population, age_groups).sort_values()
    _fig, ax = new_figure(8, 6)
    colours = [colour(5) if code in set(highlight) else colour(0) for code in counts.index]
    names = _names(population)
    ax.barh([f"{names.get(c, c)} ({c})" for c in counts.index], counts.to_numpy(),
            color=colours)
    ax.tick_params(axis="y", labelsize=8)
    ax.grid(axis="x", alpha=0.3)
    ages = ", ".join(age_groups)
    return finish(ax, title=title or _("People aged {ages} by territory, 2018").format(ages=ages),
                  xlabel=_("People aged {ages} (persons)").format(ages=ages),
                  ylabel=_("Territory (name and code)"), source=source)


def _names(population: pd.DataFrame) -> dict[str, str]:
    if "territory_name" not in population.columns:
        return {}
    pairs = population[["territory_code", "territory_name"]].drop_duplicates()
    return dict(zip(pairs["territory_code"].astype(str), pairs["territory_name"], strict=False))
