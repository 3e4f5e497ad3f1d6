"""Alternative text for every kit figure, written from the figure itself, in the learner's language.

A reader who cannot see a chart (a screen reader, a page whose images did not load on a weak
connection) still gets what it shows: its title, what each axis measures, the series drawn and
where the numbers come from. The text travels with the PNG as display metadata (``alt``), which
the course website puts on the ``<img>`` tag.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from medlab_teach.i18n import _

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

MAX_SERIES_NAMED = 6


def _axes_title(ax: Axes) -> str:
    return next((t for t in (ax.get_title("left"), ax.get_title(), ax.get_title("right")) if t), "")


def _series_names(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    if legend is None:
        return []
    return [text.get_text() for text in legend.get_texts() if text.get_text()]


def _describe_axes(ax: Axes) -> list[str]:
    """What one panel shows: title, axes, series."""
    sentences = []
    title = _axes_title(ax)
    if title:
        sentences.append(_("Chart: {title}.").format(title=title.replace("\n", " ")))
    xlabel, ylabel = ax.get_xlabel().strip(), ax.get_ylabel().strip()
    if xlabel and ylabel:
        sentences.append(_("It shows {y} against {x}.").format(y=ylabel, x=xlabel))
    elif ylabel or xlabel:
        sentences.append(_("It shows {what}.").format(what=ylabel or xlabel))
    names = _series_names(ax)
    if names:
        shown = ", ".join(names[:MAX_SERIES_NAMED])
        if len(names) > MAX_SERIES_NAMED:
            shown += ", …"
        sentences.append(_("Series: {names}.").format(names=shown))
    return sentences


def describe_figure(fig: Figure) -> str:
    """The alternative text of a figure: every titled panel, then the source line."""
    sentences: list[str] = []
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_text():
        sentences.append(suptitle.get_text().replace("\n", " ") + ".")
    for ax in fig.axes:
        sentences += _describe_axes(ax)
    source = getattr(fig, "_supxlabel", None)
    if source is not None and source.get_text():
        sentences.append(source.get_text().replace("\n", " "))
    return " ".join(sentences) or _("A figure without a title.")


def register_alt_text(shell: Any) -> None:
    """Make IPython send each Figure's PNG with its alternative text as metadata."""
    from matplotlib.figure import Figure

    formatter = shell.display_formatter.formatters["image/png"]
    draw_png = formatter.lookup_by_type(Figure)
    if getattr(draw_png, "adds_alt_text", False):
        return

    def png_with_alt(fig: Figure) -> tuple[Any, dict[str, str]]:
        return draw_png(fig), {"alt": describe_figure(fig)}

    png_with_alt.adds_alt_text = True  # type: ignore[attr-defined]
    formatter.for_type(Figure, png_with_alt)
