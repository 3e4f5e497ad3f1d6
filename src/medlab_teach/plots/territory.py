"""The territory explorer's figure: crime series by territory with the timeline's events marked.

One line per territory (colour, line style and marker differ together), events as numbered
vertical lines (dashed: interventions tied to a line of the model; dotted: other events), so the
event list can be read beside the figure instead of crowding it. :func:`update_territory_figure`
changes a figure in place, so a widget redraws only what changed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from medlab_teach.errors import UnknownIdError
from medlab_teach.i18n import N_, _
from medlab_teach.plots.style import (
    GREY,
    LINE_STYLES,
    TEXT_GREY,
    finish,
    line_style,
    new_figure,
    set_title,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.transforms import Transform

Measure = Literal["count", "rate"]
SOURCE = "; ".join((
    N_("SISC, Alcaldía de Medellín (MEData), cases by comuna"),
    N_("rates on the DAP 2018 population projection"),
    N_("events: the kit's timeline (each event with its own source)"),
))
MEASURES: dict[str, str] = {
    "count": N_("cases per year (count)"),
    "rate": N_("cases per 100,000 inhabitants (2018 population, DAP projection)"),
}
MAX_TERRITORIES = len(LINE_STYLES)  # one line style each


def timeline_events(timeline: pd.DataFrame, territory_codes: Iterable[str],
                    years: tuple[int, int] | None = None, *,
                    city_wide: bool = False) -> pd.DataFrame:
    """The timeline rows to mark on a series: events in the chosen territories (and, with
    ``city_wide=True``, events with no territory), within ``years``, oldest first, numbered."""
    codes = [str(c) for c in territory_codes]
    place = timeline["territory_code"].astype("string").isin(codes).fillna(False)
    if city_wide:
        place = place | timeline["territory_code"].isna()
    rows = timeline[place.astype(bool)]
    if years is not None:
        rows = rows[(rows["year"] >= years[0]) & (rows["year"] <= years[1])]
    order = ["year", "date"] if "date" in rows.columns else ["year"]
    rows = rows.sort_values(order, kind="stable").reset_index(drop=True)
    rows.insert(0, "number", range(1, len(rows) + 1))
    return rows


def nice_top(values: Iterable[float]) -> float:
    """A round upper limit above every value (at least 1)."""
    peak = max([float(v) for v in values if not math.isnan(float(v))] or [0.0])
    raw = max(peak * 1.08, 1.0)
    step = 10 ** math.floor(math.log10(raw))
    for mult in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if mult * step >= raw:
            return mult * step
    return 10 * step  # pragma: no cover


def title_for(conduct: str, measure: Measure) -> str:
    """The figure's title in the learner's language (the conduct is a data value, kept)."""
    return _("{conduct}: {measure}, by territory").format(conduct=conduct,
                                                          measure=_(MEASURES[measure]))


def territory_figure(lines: Mapping[str, pd.Series], *, conduct: str, measure: Measure = "count",
                     events: pd.DataFrame | None = None,
                     years: tuple[int, int] | None = None) -> Figure:
    """Yearly series per territory (``{name: Series indexed by year}``) with numbered events.

    The layout uses fixed margins (no automatic layout), so that updating the figure in place
    never moves the axes.
    """
    from matplotlib.ticker import MaxNLocator

    if measure not in MEASURES:
        raise UnknownIdError(_("measure"), measure, MEASURES)
    fig, ax = new_figure(8.5, 4.8)
    fig.set_layout_engine("none")
    ax.set_position((0.09, 0.2, 0.895, 0.7))  # fixed margins: updates never move the axes
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    finish(ax, title=title_for(conduct, measure), xlabel=_("Year (calendar year)"),
           ylabel=_ylabel(measure), source=SOURCE)
    update_territory_figure(fig, lines, conduct=conduct, measure=measure, events=events,
                            years=years)
    return fig


def _ylabel(measure: Measure) -> str:
    return (_("Cases per year (count)") if measure == "count"
            else _("Cases per 100,000 inhabitants per year"))


def update_territory_figure(fig: Figure, lines: Mapping[str, pd.Series], *, conduct: str,
                            measure: Measure = "count", events: pd.DataFrame | None = None,
                            years: tuple[int, int] | None = None) -> bool:
    """Replace the series and events of a figure made by :func:`territory_figure`.

    Returns True when the x range changed (everything must be redrawn), False when only the
    dynamic parts changed (lines, events, legend, title, y axis).
    """
    if len(lines) > MAX_TERRITORIES:
        raise ValueError(_("Draw at most {most} territories at once (one style each); "
                           "got {count}.").format(most=MAX_TERRITORIES, count=len(lines)))
    ax = fig.axes[0]
    for artist in [*ax.lines, *ax.texts, *ax.collections]:
        artist.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    all_years: list[int] = []
    values: list[float] = []
    for i, (name, series) in enumerate(lines.items()):
        xs = [int(y) for y in series.index]
        ys = [float(v) for v in series.to_numpy()]
        all_years += xs
        values += ys
        ax.plot(xs, ys, label=name, gid=f"series|{i}", linewidth=1.8, markersize=4, **line_style(i))
    if years is None:
        years = (min(all_years), max(all_years)) if all_years else (2003, 2023)
    old = ax.get_xlim()
    new = (years[0] - 0.5, years[1] + 0.5)
    ax.set_xlim(*new)
    ax.set_ylim(0, nice_top(values))
    trans = ax.get_xaxis_transform()
    if events is not None and len(events):
        _draw_events(ax, events, trans)
    if lines:
        ax.legend(frameon=False, fontsize=8.5, loc="upper right")
    set_title(ax, title_for(conduct, measure), pad=12)
    ax.set_xlabel(_("Year (calendar year)"))
    ax.set_ylabel(_ylabel(measure))
    return tuple(round(v, 6) for v in old) != tuple(round(v, 6) for v in new)


def _draw_events(ax: Axes, events: pd.DataFrame, trans: Transform) -> None:
    """Dashed lines for interventions, dotted for context, and one label per year listing the
    numbers of that year's events (several events share a year, e.g. 2013)."""
    from matplotlib.collections import LineCollection

    kinds: dict[bool, list[list[tuple[float, float]]]] = {True: [], False: []}
    numbers: dict[int, list[int]] = {}
    for year, number, line in zip(events["year"], events["number"], events["model_line"],
                                  strict=True):
        intervention = isinstance(line, str) and bool(line)
        kinds[intervention].append([(int(year), 0.0), (int(year), 1.0)])
        numbers.setdefault(int(year), []).append(int(number))
    for intervention, segments in kinds.items():
        if segments:
            ax.add_collection(LineCollection(
                segments, transform=trans, colors=GREY, linewidths=1, zorder=1.5,
                linestyles="--" if intervention else ":",
                gid="events-interventions" if intervention else "events-context"),
                autolim=False)
    for year, nums in numbers.items():
        label = str(nums[0]) if len(nums) == 1 else f"{nums[0]}-{nums[-1]}"
        ax.text(year, 1.01, label, transform=trans, fontsize=7.5, ha="center", va="bottom",
                color=TEXT_GREY, gid=f"eventlabel|{year}")


def dynamic_artists(fig: Figure) -> list[Artist]:
    """What :func:`update_territory_figure` may change: both axes (a new range of years moves the
    x ticks), title, events, lines, legend. Everything else is the kept background."""
    ax = fig.axes[0]
    events = [c for c in ax.collections if str(c.get_gid()).startswith("events-")]
    # set_title(loc="left") writes the left title, not ax.title: both are redrawn
    titles = [ax.title, ax._left_title]  # matplotlib gives no public handle on the left title
    out: list[Artist] = [ax.xaxis, ax.yaxis, *titles, *events, *ax.lines, *ax.texts]
    if ax.get_legend() is not None:
        out.append(ax.get_legend())
    return out


def series_data(fig: Figure) -> dict[str, tuple[Sequence[float], Sequence[float]]]:
    """The territories' lines as {label: (years, values)} (what a test or a reader checks)."""
    ax = fig.axes[0]
    return {line.get_label(): (list(line.get_xdata()), list(line.get_ydata()))
            for line in ax.lines if str(line.get_gid()).startswith("series|")}
