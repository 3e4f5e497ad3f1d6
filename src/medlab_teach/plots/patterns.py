"""Figures of when, to whom and how concentrated homicides are (from ``medlab_teach.places``).

One function per figure; each takes the small table ``places`` computed, so what is drawn is
what the student can inspect, and each goes through :func:`medlab_teach.plots.style.finish`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from medlab_teach.i18n import N_, _, format_number
from medlab_teach.places import MONTH_NAMES, WEEKDAY_NAMES
from medlab_teach.plots.style import (
    GREY,
    GRID_GREY,
    PALETTE,
    colour,
    finish,
    new_figure,
    translate_source,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

#: Source line of figures drawn from the 2010-2019 homicide events.
HOMICIDES_SOURCE = N_("MEData homicide records 2010-2019 (Alcaldía de Medellín, SISC), "
                      "via crimemappingdata (M. Ashby)")

#: Axis label and tick labels per time unit (translated where shown).
_TIME_LABELS = {
    "hour": (N_("Hour of the day (0-23, local time)"), None),
    "weekday": (N_("Day of the week"), WEEKDAY_NAMES),
    "month": (N_("Month"), MONTH_NAMES),
}
_TITLES = {
    "hour": N_("Homicides by hour"),
    "weekday": N_("Homicides by weekday"),
    "month": N_("Homicides by month"),
}
_EVENTS_AXIS = N_("Homicides (count of events)")


def time_profile(counts: pd.Series, *, title: str | None = None,
                 source: str = HOMICIDES_SOURCE, highlight: Sequence[int] = ()) -> Figure:
    """Bars of events per hour, weekday or month (``places.counts_by_time``).

    The unit is read from the Series' index name. ``highlight`` colours some bars (e.g. the
    night hours) so the eye finds what the text talks about.
    """
    unit = counts.index.name
    if unit not in _TIME_LABELS:
        raise ValueError(_("Pass the output of places.counts_by_time(events, unit): its index "
                           "is named 'hour', 'weekday' or 'month'; got {unit!r}.").format(
                               unit=unit))
    xlabel, ticklabels = _TIME_LABELS[unit]
    _fig, ax = new_figure(8, 4)
    marked = set(highlight)
    colours = [PALETTE[5] if v in marked else PALETTE[0] for v in counts.index]
    ax.bar(range(len(counts)), counts.to_numpy(), color=colours, edgecolor="white")
    ax.set_xticks(range(len(counts)))
    ax.set_xticklabels([_(t) for t in ticklabels] if ticklabels
                       else [str(v) for v in counts.index])
    ax.grid(axis="y", color=GRID_GREY)
    ax.set_axisbelow(True)
    return finish(ax, title=title or _(_TITLES[unit]), xlabel=_(xlabel),
                  ylabel=_(_EVENTS_AXIS), source=source)


def hour_weekday_heatmap(table: pd.DataFrame, *, title: str | None = None,
                         source: str = HOMICIDES_SOURCE) -> Figure:
    """A weekday x hour grid (``places.hour_weekday_table``): darker = more events."""
    fig, ax = new_figure(10, 3.8)
    image = ax.imshow(table.to_numpy(), aspect="auto", cmap="cividis_r")
    ax.set_xticks(range(0, 24, 2))
    ax.set_xticklabels([str(h) for h in range(0, 24, 2)])
    ax.set_yticks(range(len(table.index)))
    ax.set_yticklabels([_(str(day)) for day in table.index])
    fig.colorbar(image, ax=ax, label=_(_EVENTS_AXIS))
    return finish(ax, title=title or _("Homicides by weekday and hour"),
                  xlabel=_("Hour of the day (0-23, local time)"),
                  ylabel=_("Day of the week"), source=source)


def age_sex_bars(table: pd.DataFrame, *, title: str | None = None,
                 source: str = HOMICIDES_SOURCE) -> Figure:
    """Grouped bars of victims per age group, one colour per sex (``places.age_sex_table``)."""
    _fig, ax = new_figure(8, 4.2)
    n = len(table.columns)
    width = 0.8 / max(n, 1)
    positions = range(len(table.index))
    for j, sex in enumerate(table.columns):
        offset = (j - (n - 1) / 2) * width
        ax.bar([p + offset for p in positions], table[sex].to_numpy(), width=width,
               color=colour(j), label=str(sex), edgecolor="white")
    ax.set_xticks(list(positions))
    ax.set_xticklabels([str(i) for i in table.index])
    legend_title = table.columns.name
    ax.legend(title=_(str(legend_title)) if legend_title else None, frameon=False)
    ax.grid(axis="y", color=GRID_GREY)
    ax.set_axisbelow(True)
    unknown = table.attrs.get("unknown_age")
    if unknown:
        source = "{source}. {note}".format(source=translate_source(source), note=_(
            "{count} victims of unknown age not shown").format(count=format_number(unknown)))
    return finish(ax, title=title or _("Homicide victims by age group and sex"),
                  xlabel=_("Age group (years)"), ylabel=_("Victims (count of people)"),
                  source=source)


def category_bars(counts: pd.Series, *, title: str, xlabel: str | None = None,
                  source: str = HOMICIDES_SOURCE) -> Figure:
    """Horizontal bars for a few categories (e.g. modality), largest on top."""
    ordered = counts.sort_values()
    _fig, ax = new_figure(8, 0.9 + 0.35 * len(ordered))
    ax.barh([str(i) for i in ordered.index], ordered.to_numpy(), color=PALETTE[0])
    for y, value in enumerate(ordered.to_numpy()):
        ax.text(value, y, f" {format_number(value)}", va="center", fontsize=8)
    ax.grid(axis="x", color=GRID_GREY)
    ax.set_axisbelow(True)
    return finish(ax, title=title, xlabel=xlabel or _(_EVENTS_AXIS),
                  ylabel=_(counts.index.name) if counts.index.name else _("Category"),
                  source=source)


def concentration(curves: Mapping[str, pd.DataFrame] | pd.DataFrame, *,
                  title: str | None = None, units: str | None = None,
                  source: str = HOMICIDES_SOURCE) -> Figure:
    """Concentration curves (``places.concentration_curve``) against the even-spread diagonal.

    Several curves (e.g. comunas and 500 m cells) can be drawn together from a dict
    label -> curve. Axes are in percent.
    """
    if not isinstance(curves, Mapping):
        curves = {"": curves}
    _fig, ax = new_figure(6.5, 5)
    ax.plot([0, 100], [0, 100], color=GREY, linestyle="--",
            label=_("Even spread (every place the same)"))
    for i, (label, curve) in enumerate(curves.items()):
        missing = {"share_of_places", "share_of_events"} - set(curve.columns)
        if missing:
            raise ValueError(_("Curve {label!r} lacks {missing}: pass the output of "
                               "places.concentration_curve(counts).").format(
                                   label=label, missing=sorted(missing)))
        ax.plot(100 * curve["share_of_places"], 100 * curve["share_of_events"], color=colour(i),
                linewidth=2, label=label or None, drawstyle="default")
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 101)
    ax.grid(color="#EEEEEE")
    ax.legend(frameon=False, loc="lower right")
    return finish(ax, title=title or _("How concentrated are homicides?"),
                  xlabel=_("Share of {units}, most violent first (%)").format(
                      units=units or _("places")),
                  ylabel=_("Share of homicides (%)"), source=source)


def territory_bars(counts: pd.Series, names: Mapping[Any, str] | None = None, *,
                   title: str, xlabel: str | None = None, top: int | None = None,
                   source: str = HOMICIDES_SOURCE) -> Figure:
    """Horizontal bars of events per territory, with names instead of codes when given."""
    shown = counts.sort_values(ascending=False)
    if top is not None:
        shown = shown.head(top)
    if names is not None:
        shown = shown.rename(index=lambda code: f"{names.get(code, code)} ({code})")
    shown.index.name = N_("Comuna or corregimiento (code)")
    return category_bars(shown, title=title, xlabel=xlabel, source=source)
