"""The kit's figure style, in one place: palette, line styles, fonts, title and source line.

Every figure module of ``medlab_teach.plots`` draws through :func:`new_figure` and finishes
through :func:`finish`, so no figure reaches a learner without a title, axis labels with units
and the source of its numbers, and all of them share colours, line styles and type sizes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from medlab_teach.i18n import _

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
GREY = "#7F7F7F"
#: Secondary text (event labels, notes, the source line): dark grey, readable on white.
TEXT_GREY = "#333333"
#: Light grid lines behind bars.
GRID_GREY = "#DDDDDD"

TITLE_FONT_SIZE = 12
SOURCE_FONT_SIZE = 8

#: Series styles in order (scenarios, territories): colour, line style and marker differ
#: together, so a figure reads in grey scale and for colour-blind readers.
LINE_STYLES: tuple[dict[str, Any], ...] = (
    {"color": PALETTE[0], "linestyle": "-", "marker": "o"},
    {"color": PALETTE[1], "linestyle": "--", "marker": "s"},
    {"color": PALETTE[2], "linestyle": ":", "marker": "^"},
    {"color": PALETTE[5], "linestyle": "-.", "marker": "D"},
    {"color": PALETTE[3], "linestyle": (0, (5, 1, 1, 1)), "marker": "v"},
)


def colour(i: int) -> str:
    """The i-th colour of the palette, cycling."""
    return PALETTE[i % len(PALETTE)]


def line_style(i: int) -> dict[str, Any]:
    """The i-th series style (a copy; cycles after five)."""
    return dict(LINE_STYLES[i % len(LINE_STYLES)])


_DISPLAY_REGISTERED = False


def show_figures_in_notebooks() -> None:
    """Let a bare Figure be the last line of a cell and show as PNG in Jupyter.

    The kit draws on ``matplotlib.figure.Figure`` objects rather than pyplot's global state (no
    figure leaks between widget redraws); IPython only knows how to display those once a PNG
    formatter is registered for them, which this does once per kernel.
    """
    global _DISPLAY_REGISTERED
    if _DISPLAY_REGISTERED:
        return
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to register
        return
    shell = get_ipython()
    if shell is None:
        return
    from IPython.core.pylabtools import select_figure_formats

    from medlab_teach.plots.alt_text import register_alt_text

    select_figure_formats(shell, {"png"}, dpi=100)
    register_alt_text(shell)
    _DISPLAY_REGISTERED = True


def new_figure(width: float = 8.0, height: float = 4.5) -> tuple[Figure, Axes]:
    """A figure and axes with the kit's defaults, without touching pyplot's global state."""
    from matplotlib.figure import Figure

    show_figures_in_notebooks()
    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.add_subplot()
    return fig, ax


def set_title(ax: Axes, title: str, **kwargs: Any) -> None:
    """The kit's title: left-aligned, at the title size (``kwargs`` e.g. ``pad``)."""
    ax.set_title(title, loc="left", fontsize=kwargs.pop("fontsize", TITLE_FONT_SIZE), **kwargs)


def finish(ax: Axes, *, title: str, xlabel: str, ylabel: str, source: str) -> Figure:
    """Give a figure its title, axis labels (with units) and source line; refuse to omit any."""
    for name, value in (("title", title), ("xlabel", xlabel), ("ylabel", ylabel),
                        ("source", source)):
        if not value or not str(value).strip():
            raise ValueError(_("A kit figure needs a {name}; got {value!r}.").format(
                name=name, value=value))
    set_title(ax, title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig = ax.get_figure()
    add_source(fig, source)
    return fig


#: How a source line may already begin (then no "Source:" prefix is added).
SOURCE_OPENINGS = ("source", "fuente", "synthetic", "sintético")


def translate_source(source: str) -> str:
    """A source line in the learner's language: each '; '-separated part that the catalog knows
    (the kit's source constants, which lessons join with '; ') is translated, the rest kept."""
    return "; ".join(_(part) if part.strip() else part for part in source.split("; "))


def add_source(fig: Figure, source: str) -> None:
    """Write 'Source: ...' under the figure, where readers expect it, in the learner's language."""
    source = translate_source(source)
    text = source if source.lower().startswith(SOURCE_OPENINGS) else (
        _("Source: {source}").format(source=source))
    # no explicit y: constrained layout then makes room for the line under the x-axis label
    fig.supxlabel(text, fontsize=SOURCE_FONT_SIZE, color=TEXT_GREY, x=0.01, ha="left",
                  wrap=len(text) > 110)


def figure_source(fig: Figure) -> str:
    """The source line of a kit figure ('' if it has none): tests use it to check every figure."""
    label = getattr(fig, "_supxlabel", None)
    return label.get_text() if label is not None else ""
