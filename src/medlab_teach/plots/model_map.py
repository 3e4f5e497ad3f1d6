"""The map of the integral model, the figure students come back to in every lesson."""

from __future__ import annotations

from collections.abc import Sequence
from textwrap import fill
from typing import TYPE_CHECKING

from medlab_teach.plots import GREY, PALETTE, add_source, new_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from medlab_teach.model import Component

BOX_STYLE = "round,pad=0.02,rounding_size=0.12"
STAGE_COLOURS = {"prevention": PALETTE[2], "reaction": PALETTE[0], "reparation": PALETTE[3]}
STAGE_LABELS = {
    "prevention": "Prevención (prevention)",
    "reaction": "Reacción y justicia (reaction and justice)",
    "reparation": "Reparación y no repetición (reparation and non-repetition)",
}


def draw_model_map(
    lines: Sequence[Component],
    axes: Sequence[Component],
    frame: Sequence[Component],
    *,
    highlight: str | None = None,
    ax: Axes | None = None,
    source: str,
) -> Figure:
    """Frame on top, lines as an ordered chain of boxes, transversal axes as bands beneath."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    if ax is None:
        # Fixed margins instead of constrained layout: the map is redrawn often by the model map
        # explorer, and layout solving over ~50 text boxes costs more than the drawing itself.
        fig, ax = new_figure(12, 7.2)
        fig.set_layout_engine("none")
        ax.set_position((0.01, 0.04, 0.98, 0.9))
    else:
        fig = ax.get_figure()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.set_axis_off()

    def box(x, y, w, h, text, face, *, bold=False, size=9, edge="white", textcolour="white",
            gid=None):
        patch = FancyBboxPatch((x, y), w, h, boxstyle=BOX_STYLE, facecolor=face, edgecolor=edge,
                               linewidth=2.5)
        patch.set_gid(gid)  # lets the model map explorer find each component's box
        ax.add_patch(patch)
        ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", fontsize=size,
                color=textcolour, fontweight="bold" if bold else "normal")

    def face_for(comp, default):
        if highlight is None or comp.id == highlight:
            return default
        return "#D9D9D9"

    def text_colour(comp):
        if highlight is not None and comp.id != highlight:
            return "#333333"
        # dark text on the orange axis bands: white on orange fails contrast guidelines
        return "#000000" if comp.kind == "axis" else "white"

    # Frame: the policy and the management model, serving two aims.
    policy, management, *aims = frame
    box(0.2, 8.55, 4.7, 1.1, f"{policy.name_es}\n({policy.name_en})", face_for(policy, "#333333"),
        bold=True, textcolour=text_colour(policy), gid=policy.id)
    box(5.1, 8.55, 4.7, 1.1, f"{management.name_es}\n({management.name_en})",
        face_for(management, "#333333"), bold=True, textcolour=text_colour(management),
        gid=management.id)
    for i, aim in enumerate(aims):
        box(0.2 + i * 4.9, 7.55, 4.7, 0.8, f"{aim.name_es} ({aim.name_en})",
            face_for(aim, GREY), size=8.5, textcolour=text_colour(aim), gid=aim.id)

    # Lines: two rows of five, in the model's order, with arrows.
    width, height = 1.78, 1.45
    for i, line in enumerate(lines):
        row, col = divmod(i, 5)
        x = 0.2 + col * 1.96
        y = 5.55 - row * 2.15
        colour = STAGE_COLOURS.get(line.stage or "", GREY)
        edge = "#000000" if line.id == highlight else "white"
        label = f"{line.order}. {fill(line.name_es, 20)}\n\n{fill(line.name_en, 22)}"
        box(x, y, width, height, label,
            face_for(line, colour), size=8, edge=edge, textcolour=text_colour(line), gid=line.id)
        if col < 4 and i + 1 < len(lines):
            ax.add_patch(FancyArrowPatch((x + width, y + height / 2),
                                         (x + 1.96, y + height / 2),
                                         arrowstyle="-|>", mutation_scale=12, color="#333333"))
    # Transversal axes: bands under every line.
    for i, axis in enumerate(axes):
        box(0.2, 2.1 - i * 0.95, 9.6, 0.8, f"Eje transversal: {axis.name_es} ({axis.name_en})",
            face_for(axis, PALETTE[1]), size=9, bold=True, textcolour=text_colour(axis),
            gid=axis.id)

    for j, (stage, label) in enumerate(STAGE_LABELS.items()):
        ax.add_patch(FancyBboxPatch((0.2 + j * 3.3, 0.05), 0.25, 0.25,
                                    facecolor=STAGE_COLOURS[stage], edgecolor="none",
                                    boxstyle="square,pad=0"))
        ax.text(0.55 + j * 3.3, 0.17, label, fontsize=8, va="center")

    ax.set_title("Modelo Integral de Gestión Local de la Seguridad y la Convivencia "
                 "(integral model of local security management), Medellín",
                 loc="left", fontsize=12)
    add_source(fig, source)
    return fig
