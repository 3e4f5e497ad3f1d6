"""The map of the integral model, the figure learners come back to in every lesson.

The model itself is data (:mod:`medlab_teach.model`); this module only draws it: the policy frame
on top, the ten lines as an ordered chain of boxes, the transversal axes as bands beneath.
"""

from __future__ import annotations

from textwrap import fill
from typing import TYPE_CHECKING

from medlab_teach import model
from medlab_teach.i18n import N_, _
from medlab_teach.plots.style import GREY, PALETTE, TEXT_GREY, add_source, new_figure, set_title

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from medlab_teach.model import Component

TITLE = N_("Modelo Integral de Gestión Local de la Seguridad y la Convivencia "
           "(integral model of local security management), Medellín")
BOX_STYLE = "round,pad=0.02,rounding_size=0.12"
STAGE_COLOURS = {"prevention": PALETTE[2], "reaction": PALETTE[0], "reparation": PALETTE[3]}
#: The stages of the model, Spanish name with English gloss (translate where shown: ``_()``).
STAGE_LABELS = {
    "prevention": N_("Prevención (prevention)"),
    "reaction": N_("Reacción y justicia (reaction and justice)"),
    "reparation": N_("Reparación y no repetición (reparation and non-repetition)"),
}
DIMMED = "#D9D9D9"  # the face of every box but the highlighted one


def model_map(highlight: str | None = None, *, ax: Axes | None = None) -> Figure:
    """Draw the model's map: the frame on top, the ten lines in order, the axes running across.

    ``highlight`` takes a component id (:func:`medlab_teach.model.get`) and draws it in a strong
    colour, so lessons and widgets can point at one part of the map.
    """
    if highlight is not None:
        model.get(highlight)  # validates the id with a helpful message
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
    boxes = _Boxes(ax, highlight)
    _draw_frame(boxes)
    _draw_lines(boxes)
    _draw_axes(boxes)
    _draw_stage_legend(ax)
    set_title(ax, _(TITLE))
    add_source(fig, model.SOURCE)
    return fig


class _Boxes:
    """Draws the model's boxes on one axes, dimming all but the highlighted component."""

    def __init__(self, ax: Axes, highlight: str | None) -> None:
        self.ax = ax
        self.highlight = highlight

    def face(self, comp: Component, default: str) -> str:
        if self.highlight is None or comp.id == self.highlight:
            return default
        return DIMMED

    def text_colour(self, comp: Component) -> str:
        if self.highlight is not None and comp.id != self.highlight:
            return TEXT_GREY
        # dark text on the orange axis bands: white on orange fails contrast guidelines
        return "#000000" if comp.kind == "axis" else "white"

    def box(self, comp: Component, xy: tuple[float, float], size: tuple[float, float],
            text: str, face: str, *, bold: bool = False, fontsize: float = 9,
            edge: str = "white") -> None:
        from matplotlib.patches import FancyBboxPatch

        (x, y), (w, h) = xy, size
        patch = FancyBboxPatch((x, y), w, h, boxstyle=BOX_STYLE, facecolor=self.face(comp, face),
                               edgecolor=edge, linewidth=2.5)
        patch.set_gid(comp.id)  # lets the model map explorer find each component's box
        self.ax.add_patch(patch)
        self.ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", fontsize=fontsize,
                     color=self.text_colour(comp), fontweight="bold" if bold else "normal")


def _draw_frame(boxes: _Boxes) -> None:
    """The policy and the management model, serving two aims."""
    policy, management, *aims = model.FRAME
    for x, comp in ((0.2, policy), (5.1, management)):
        text = f"{comp.name_es}\n({comp.gloss})" if comp.gloss else comp.name_es
        boxes.box(comp, (x, 8.55), (4.7, 1.1), text, TEXT_GREY, bold=True)
    for i, aim in enumerate(aims):
        boxes.box(aim, (0.2 + i * 4.9, 7.55), (4.7, 0.8), aim.label, GREY, fontsize=8.5)


def _draw_lines(boxes: _Boxes) -> None:
    """The ten lines: two rows of five, in the model's order, with arrows."""
    from matplotlib.patches import FancyArrowPatch

    width, height = 1.78, 1.45
    for i, line in enumerate(model.LINES):
        row, col = divmod(i, 5)
        x = 0.2 + col * 1.96
        y = 5.55 - row * 2.15
        label = f"{line.order}. {fill(line.name_es, 20)}"
        if line.gloss:
            label += f"\n\n{fill(line.gloss, 22)}"
        boxes.box(line, (x, y), (width, height), label,
                  STAGE_COLOURS.get(line.stage or "", GREY), fontsize=8,
                  edge="#000000" if line.id == boxes.highlight else "white")
        if col < 4 and i + 1 < len(model.LINES):
            boxes.ax.add_patch(FancyArrowPatch((x + width, y + height / 2),
                                               (x + 1.96, y + height / 2), arrowstyle="-|>",
                                               mutation_scale=12, color=TEXT_GREY))


def _draw_axes(boxes: _Boxes) -> None:
    """The transversal axes: bands under every line."""
    for i, axis in enumerate(model.AXES):
        boxes.box(axis, (0.2, 2.1 - i * 0.95), (9.6, 0.8),
                  _("Eje transversal: {name}").format(name=axis.label), PALETTE[1], bold=True)


def _draw_stage_legend(ax: Axes) -> None:
    """One colour square per stage of the model, along the bottom."""
    from matplotlib.patches import FancyBboxPatch

    for j, (stage, label) in enumerate(STAGE_LABELS.items()):
        ax.add_patch(FancyBboxPatch((0.2 + j * 3.3, 0.05), 0.25, 0.25,
                                    facecolor=STAGE_COLOURS[stage], edgecolor="none",
                                    boxstyle="square,pad=0"))
        ax.text(0.55 + j * 3.3, 0.17, _(label), fontsize=8, va="center")
