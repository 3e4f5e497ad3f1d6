"""Figures for crime over time: series by territory, counts against rates, sources side by side,
and the difference-in-differences picture. One function per figure, each finished through
:func:`medlab_teach.plots.style.finish` (title, labelled axes with units, source line).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from medlab_teach.i18n import N_, _
from medlab_teach.plots.style import GREY, TEXT_GREY, colour, finish, new_figure

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from medlab_teach.evaluation import DiDResult

SISC_SOURCE = N_("SISC, Alcaldía de Medellín (MEData), consolidated cases by comuna")


def _events(ax: Axes, events: Sequence[tuple[float, str]] | None) -> None:
    """Dashed vertical lines with short labels for interventions or events."""
    if not events:
        return
    top = ax.get_ylim()[1]
    for i, (year, label) in enumerate(events):
        ax.axvline(year, color=GREY, linestyle="--", linewidth=1)
        ax.text(year + 0.1, top * (0.97 - 0.07 * (i % 3)), label, fontsize=8, color=TEXT_GREY,
                va="top", bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8,
                                "pad": 1})


def _integer_years(ax: Axes) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def series(lines: Mapping[str, pd.Series], *, title: str, ylabel: str,
           source: str = SISC_SOURCE, xlabel: str | None = None,
           events: Sequence[tuple[float, str]] | None = None) -> Figure:
    """Several yearly series on one axes (one line per label), with optional event markers.

    ``lines`` maps a label to a Series indexed by year, e.g. ``{"San Javier": s13}``.
    """
    if not lines:
        raise ValueError(_("Give at least one series to draw, e.g. {example}.").format(
            example="{'San Javier': series}"))
    _fig, ax = new_figure()
    markers = "osD^v<>"
    for i, (label, values) in enumerate(lines.items()):
        ax.plot(values.index, values.to_numpy(), marker=markers[i % len(markers)], markersize=3,
                color=colour(i), label=label)
    ax.set_ylim(bottom=0)
    _integer_years(ax)
    _events(ax, events)
    ax.legend(frameon=False, fontsize=9)
    ax.grid(alpha=0.3)
    return finish(ax, title=title, xlabel=xlabel or _("Year (calendar year)"), ylabel=ylabel,
                  source=source)


def _missing_column(column: str, table: pd.DataFrame) -> ValueError:
    return ValueError(_("The table needs a column {column!r}; it has {columns}.").format(
        column=column, columns=list(table.columns)))


def _place_labels(ax: Axes, xs, ys, labels: Sequence[str], fontsize: float = 7) -> None:
    """Label points without labels covering each other: each label tries offsets above and
    below its point until its (estimated) box is free."""
    ax.autoscale_view()
    to_px = ax.transData.transform
    scale = ax.get_figure().dpi / 72.0  # points to pixels
    placed: list[tuple[float, float, float, float]] = []
    order = sorted(range(len(labels)), key=lambda i: (-ys[i], xs[i]))
    for i in order:
        px, py = to_px((xs[i], ys[i]))
        width, height = 0.55 * fontsize * len(labels[i]) * scale, fontsize * 1.2 * scale
        for dy in (3, -10, 11, -18, 19, -26, 27, -34):
            box = (px + 4 * scale, py + dy * scale, width, height)
            if not any(box[0] < b[0] + b[2] and b[0] < box[0] + box[2]
                       and box[1] < b[1] + b[3] and b[1] < box[1] + box[3] for b in placed):
                break
        placed.append(box)
        leader = {"arrowstyle": "-", "color": GREY, "lw": 0.6} if abs(dy) > 11 else None
        ax.annotate(labels[i], (xs[i], ys[i]), fontsize=fontsize, xytext=(4, dy),
                    textcoords="offset points", arrowprops=leader)


def counts_vs_rates(table: pd.DataFrame, *, label: str = "territory_name", count: str = "cases",
                    rate: str = "rate_per_100k", title: str, count_unit: str | None = None,
                    source: str) -> Figure:
    """Each territory as a point: count on x, rate per 100,000 on y. Territories far from the
    general trend are where the count and the rate tell different stories."""
    for col in (label, count, rate):
        if col not in table.columns:
            raise _missing_column(col, table)
    unit = count_unit or _("cases")
    _fig, ax = new_figure(8, 5.5)
    ax.scatter(table[count], table[rate], color=colour(0), s=30, zorder=3)
    _place_labels(ax, table[count].to_numpy(dtype=float), table[rate].to_numpy(dtype=float),
                  [str(v) for v in table[label]])
    ax.grid(alpha=0.3)
    return finish(ax, title=title, xlabel=_("Count ({unit} per year)").format(unit=unit),
                  ylabel=_("Rate ({unit} per 100,000 inhabitants)").format(unit=unit),
                  source=source)


def source_comparison(frame: pd.DataFrame, *, year: str = "year", value: str = "homicides",
                      by: str = "source", title: str, ylabel: str | None = None,
                      source: str) -> Figure:
    """One line per source for the same quantity: where lines part, the sources disagree."""
    for col in (year, value, by):
        if col not in frame.columns:
            raise _missing_column(col, frame)
    lines = {str(name): grp.set_index(year)[value].sort_index() for name, grp in frame.groupby(by)}
    return series(lines, title=title, ylabel=ylabel or _("Homicides (per year)"), source=source)


def did_figure(treated: pd.Series, comparison: pd.Series, result: DiDResult, *,
               before: tuple[int, int], after: tuple[int, int], treated_label: str,
               comparison_label: str, title: str, source: str = SISC_SOURCE) -> Figure:
    """Treated and comparison series indexed to their 'before' mean (=100), the two periods
    shaded, and the treated group's counterfactual: where it would be had it changed like the
    comparison. The gap between the counterfactual and the actual 'after' is the estimate."""
    from medlab_teach.evaluation import indexed

    t, c = indexed(treated, before), indexed(comparison, before)
    _fig, ax = new_figure()
    for (start, end), name in ((before, _("before")), (after, _("after"))):
        ax.axvspan(start - 0.4, end + 0.4, color=GREY, alpha=0.12)
        ax.text((start + end) / 2, 2, name, ha="center", fontsize=8, color=TEXT_GREY)
    ax.plot(t.index, t.to_numpy(), marker="o", markersize=3, color=colour(5), label=treated_label)
    ax.plot(c.index, c.to_numpy(), marker="s", markersize=3, color=colour(0),
            label=comparison_label)
    cf = 100.0 * result.counterfactual_after / result.treated.before
    actual = 100.0 * result.treated.after / result.treated.before
    ax.hlines(cf, after[0] - 0.4, after[1] + 0.4, colors=colour(5), linestyles=":",
              label=_("treated if it had changed like the comparison"))
    ax.hlines(actual, after[0] - 0.4, after[1] + 0.4, colors=colour(5), linestyles="-",
              linewidth=2.5, alpha=0.5, label=_("treated, mean after"))
    ax.set_ylim(bottom=0)
    _integer_years(ax)
    ax.grid(alpha=0.3)
    ax.legend(frameon=False, fontsize=8)
    return finish(ax, title=title, xlabel=_("Year (calendar year)"),
                  ylabel=_("Cases, % of the 'before' mean (before = 100)"), source=source)
