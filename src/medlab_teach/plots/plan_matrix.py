"""The action plan as a matrix: the model's lines and axes down, short/medium/long term across,
one marker per cell sized by the number of commitments, the plan's chosen lines shaded.

The layout never changes (all twelve components, three terms), so a widget can update the
markers, counts and shading in place (:func:`update_plan_matrix`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from medlab_teach.i18n import N_, _
from medlab_teach.plots.style import GRID_GREY, PALETTE, finish, new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from medlab_teach.plan import ActionPlan

TITLE = N_("Action plan: commitments by line of the model and term")
SOURCE = N_("Action plan written by the student in this notebook (medlab_teach.plan)")
MARKER_AREA = 90.0  # points^2 per commitment


def _rows() -> list[tuple[str, str]]:
    from medlab_teach import model

    rows = [(c.id, f"{c.order}. {c.name_es}") for c in model.LINES]
    rows += [(c.id, _("Eje: {name}").format(name=c.name_es)) for c in model.AXES]
    return rows


def counts(plan: ActionPlan) -> dict[tuple[str, str], int]:
    """Number of commitments per (component id, term)."""
    out: dict[tuple[str, str], int] = {}
    for c in plan.commitments:
        for lid in c.lines:
            out[(lid, c.term)] = out.get((lid, c.term), 0) + 1
    return out


def plan_matrix(plan: ActionPlan) -> Figure:
    """Draw the matrix for ``plan`` (an empty plan gives an empty grid)."""
    from medlab_teach.plan import TERMS

    rows = _rows()
    fig, ax = new_figure(8, 5.6)
    n = len(rows)
    ax.set_xlim(-0.5, len(TERMS) - 0.5)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xticks(range(len(TERMS)),
                  [_(label).replace(" (", "\n(") for label in TERMS.values()])
    ax.set_yticks(range(n), [label for _id, label in rows], fontsize=8.5)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.grid(color=GRID_GREY, linewidth=0.8)
    ax.set_axisbelow(True)
    shade = ax.barh(range(n), [len(TERMS)] * n, left=-0.5, height=0.9, color=PALETTE[4],
                    alpha=0.18, zorder=0, gid="shade")
    for bar in shade:
        bar.set_gid("shade")
    ax.scatter([], [], s=[], color=PALETTE[0], edgecolor="black", linewidth=0.6, zorder=3,
               marker="o", gid="markers")
    for i in range(n):
        for j in range(len(TERMS)):
            ax.text(j + 0.22, i, "", va="center", fontsize=8, gid=f"count|{i}|{j}")
    update_plan_matrix(fig, plan)
    return finish(ax, title=_(TITLE), xlabel=_("Term of the commitment (plazo)"),
                  ylabel=_("Line or axis of the model (shaded: chosen for the plan)"),
                  source=SOURCE)


def update_plan_matrix(fig: Figure, plan: ActionPlan) -> None:
    """Put ``plan``'s commitments and chosen lines into a figure made by :func:`plan_matrix`."""
    import numpy as np

    from medlab_teach.plan import TERMS

    ax = fig.axes[0]
    rows = _rows()
    index = {cid: i for i, (cid, _label) in enumerate(rows)}
    terms = list(TERMS)
    chosen = set(plan.lines)
    for bar, (cid, _label) in zip(dynamic_shades(fig), rows, strict=True):
        bar.set_visible(cid in chosen)
    tally = counts(plan)
    points = [(terms.index(term), index[cid], k) for (cid, term), k in tally.items()
              if cid in index and term in terms]
    markers = next(c for c in ax.collections if c.get_gid() == "markers")
    if points:
        markers.set_offsets(np.array([(x, y) for x, y, _k in points], dtype=float))
        markers.set_sizes(np.array([MARKER_AREA * k for _x, _y, k in points], dtype=float))
    else:
        markers.set_offsets(np.empty((0, 2)))
        markers.set_sizes(np.empty(0))
    by_cell = {(y, x): k for x, y, k in points}
    for text in ax.texts:
        gid = str(text.get_gid())
        if gid.startswith("count|"):
            _tag, i, j = gid.split("|")
            k = by_cell.get((int(i), int(j)), 0)
            text.set_text(str(k) if k else "")


def dynamic_shades(fig: Figure) -> list:
    return [p for p in fig.axes[0].patches if p.get_gid() == "shade"]


def dynamic_artists(fig: Figure) -> list:
    """The artists :func:`update_plan_matrix` changes."""
    ax = fig.axes[0]
    out: list = dynamic_shades(fig)
    out += [c for c in ax.collections if c.get_gid() == "markers"]
    out += [t for t in ax.texts if str(t.get_gid()).startswith("count|")]
    return out
