"""Figures of the scenario model: trajectories of one or more scenarios, side by side.

Every figure says it is synthetic (source line ``scenario.SOURCE``). Scenarios are told apart by
colour, line style and marker together, so the figure reads in grey scale and for colour-blind
readers. Lines carry a ``gid`` of the form ``"<variable>|<index>"`` so a widget can update their
data in place (:func:`update_trajectories`) instead of drawing a new figure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from medlab_teach.errors import UnknownIdError
from medlab_teach.i18n import N_, _, format_number
from medlab_teach.plots.style import (
    GREY,
    TEXT_GREY,
    TITLE_FONT_SIZE,
    finish,
    line_style,
    new_figure,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from medlab_teach.scenario import Trajectory

PANELS: tuple[str, ...] = ("violence", "trust", "vulnerability", "harm", "actors")
DEFAULT_TITLE = N_("Scenario model (synthetic teaching model, not a forecast)")


def violence_top(trajectories: Sequence[Trajectory]) -> float:
    """A round upper limit for the violence axis that leaves room above every line."""
    peak = max(float(tr.violence.max()) for tr in trajectories)
    start = max(float(tr.violence[0]) for tr in trajectories)
    raw = max(peak * 1.08, start * 1.25, 1.0)
    step = 10 ** math.floor(math.log10(raw))
    for mult in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if mult * step >= raw:
            return mult * step
    return 10 * step  # pragma: no cover (unreachable: 10 * step >= raw)


def _xlabel(trajectories: Sequence[Trajectory]) -> str:
    calendar = trajectories[0].years[0] != 0
    return _("Year (calendar year)") if calendar else _("Years since the policy began (years)")


def short_xlabel(trajectories: Sequence[Trajectory]) -> str:
    """The x label for small panels."""
    return _("Year") if trajectories[0].years[0] != 0 else _("Years since start")


def _term_marks(ax: Axes, trajectories: Sequence[Trajectory]) -> None:
    """Dotted lines at each change of government, where continuity matters."""
    tr = trajectories[0]
    term = tr.scenario.parameters.term_years
    first, last = int(tr.years[0]), int(tr.years[-1])
    for year in range(first + term, last, term):
        ax.axvline(year, color=GREY, linestyle=":", linewidth=0.8, zorder=0)


def trajectories_figure(trajectories: Sequence[Trajectory], *,
                        variables: Sequence[str] = PANELS, title: str | None = None,
                        summary: bool = True) -> Figure:
    """One panel per state variable, one line per scenario, changes of government dotted.

    With several panels a last cell holds the legend and (``summary=True``) the numbers after
    ten years; with one panel the legend sits on it.
    """
    from matplotlib.ticker import MaxNLocator

    from medlab_teach.scenario import SOURCE, VARIABLES, shown_name, variable_label

    trajectories = list(trajectories)
    title = _(title or DEFAULT_TITLE)
    if not trajectories:
        raise ValueError(_("Give at least one trajectory, e.g. {example}.").format(
            example="[scenario.Scenario(...).simulate()]"))
    if not variables:
        raise ValueError(_("Give at least one variable to draw, e.g. {example}.").format(
            example=list(VARIABLES)[:2]))
    for var in variables:
        if var not in VARIABLES:
            raise UnknownIdError(_("variable"), var, VARIABLES)
    years = {len(tr.years) for tr in trajectories}
    if len(years) != 1:
        raise ValueError(_("All trajectories must cover the same number of years to share "
                           "axes."))

    n = len(variables)
    if n == 1:
        fig, ax0 = new_figure(8, 4.5)
        axes = [ax0]
        extra = None
    else:
        ncols = 3 if n > 2 else n
        nrows = math.ceil((n + 1) / ncols)
        fig, ax0 = new_figure(3.6 * ncols, 2.9 * nrows)
        ax0.remove()
        grid = fig.subplots(nrows, ncols, squeeze=False).ravel()
        axes = list(grid[:n])
        extra = grid[n]
        for ax in grid[n + 1:]:
            ax.set_axis_off()
    xlabel = _xlabel(trajectories)
    for var, ax in zip(variables, axes, strict=True):
        label, unit = variable_label(var)
        for i, tr in enumerate(trajectories):
            ax.plot(tr.years, tr[var], label=shown_name(tr.name), gid=f"{var}|{i}", linewidth=1.8,
                    markersize=3.5, markevery=max(1, (len(tr.years) - 1) // 10), **line_style(i))
        _term_marks(ax, trajectories)
        ax.set_ylim(0, violence_top(trajectories) if var == "violence" else 1.0)
        ax.set_xlim(trajectories[0].years[0], trajectories[0].years[-1])
        ax.xaxis.set_major_locator(MaxNLocator(nbins=10 if n == 1 else 5, integer=True))
        ax.grid(alpha=0.3)
        finish(ax, title=label, xlabel=xlabel if n == 1 else short_xlabel(trajectories),
               ylabel=unit, source=SOURCE)
    if extra is None:
        axes[0].legend(frameon=False, fontsize=9)
        axes[0].set_title(f"{variable_label(variables[0])[0]}: {title}", loc="left", fontsize=11)
    else:
        extra.set_axis_off()
        handles, labels = axes[0].get_legend_handles_labels()
        extra.legend(handles, labels, loc="upper left", frameon=False, fontsize=9,
                     title=_("Scenarios"), alignment="left")
        extra.text(0.0, 0.02, _term_note(trajectories), fontsize=7.5, color=TEXT_GREY,
                   transform=extra.transAxes, va="bottom", wrap=True)
        if summary:
            extra.text(0.0, 0.55, summary_text(trajectories), fontsize=8, va="top",
                       family="monospace", transform=extra.transAxes, gid="summary")
        fig.suptitle(title, x=0.01, ha="left", fontsize=TITLE_FONT_SIZE)
        for ax in axes:
            ax.title.set_fontsize(10)
    return fig


def _term_note(trajectories: Sequence[Trajectory]) -> str:
    term = trajectories[0].scenario.parameters.term_years
    return (_("Dotted lines: change of government every {term} years.").format(term=term)
            + "\n" + xlabel_hint(trajectories))


def xlabel_hint(trajectories: Sequence[Trajectory]) -> str:
    """What the x axis counts, in words."""
    return (_("x axis: calendar years") if trajectories[0].years[0] != 0
            else _("x axis: years since the policy began"))


def summary_text(trajectories: Sequence[Trajectory], horizon: int = 10) -> str:
    """Violence after ``horizon`` years and summed over them, per scenario (for the figure)."""
    n = min(horizon, len(trajectories[0].years) - 1)
    from medlab_teach.scenario import shown_name

    rows = [_("After {n} years (homicides per 100,000):").format(n=n)]
    for tr in trajectories:
        rows.append(_("{name} {per_year}/yr, {summed} summed").format(
            name=f"{shown_name(tr.name)[:14]:<14}",
            per_year=f"{format_number(tr.violence[n], 1):>7}",
            summed=f"{format_number(tr.cumulative_homicide_rate(n)):>7}"))
    return "\n".join(rows)


def update_trajectories(fig: Figure, trajectories: Sequence[Trajectory | None]) -> bool:
    """Put new data into the lines of a figure made by :func:`trajectories_figure`.

    ``None`` in place of a trajectory hides that scenario's lines (e.g. while its input is not
    valid). Returns True when the data no longer fit the axes (the caller must redraw
    everything), False when only the lines and the summary changed (a fast redraw is enough).
    """
    lines = {line.get_gid(): line for ax in fig.axes for line in ax.lines}
    shown = [tr for tr in trajectories if tr is not None]
    needs_full = False
    for i, tr in enumerate(trajectories):
        for var in PANELS:
            line = lines.get(f"{var}|{i}")
            if line is None:
                continue
            if tr is None:
                line.set_visible(False)
                continue
            line.set_data(tr.years, tr[var])
            line.set_visible(True)
            if var == "violence":
                top = line.axes.get_ylim()[1]
                wanted = violence_top(shown)
                if wanted > top or wanted < top / 2.5:
                    line.axes.set_ylim(0, wanted)
                    needs_full = True
    for ax in fig.axes:
        for text in ax.texts:
            if text.get_gid() == "summary":
                text.set_text(summary_text(shown) if shown else _("No valid scenario to show."))
    return needs_full


def dynamic_artists(fig: Figure) -> list:
    """The artists :func:`update_trajectories` changes (scenario lines and the summary)."""
    out: list = [line for ax in fig.axes for line in ax.lines if "|" in str(line.get_gid())]
    out += [t for ax in fig.axes for t in ax.texts if t.get_gid() == "summary"]
    return out
