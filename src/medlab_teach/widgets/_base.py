"""What every widget of the kit shares: a fast persistent figure, a status area, plain values,
the equivalent code, and a static image for notebooks run without a browser.

Widgets explore; graded answers are code. Each widget therefore exposes ``.value`` (the result
as plain objects), ``.state`` (its controls as a plain dict) and ``to_code()`` (Python that
rebuilds ``.value`` with the kit's plain functions), and displays with a PNG beside the live view
so a notebook executed by nbclient or nbgrader still shows the figure.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from medlab_teach.i18n import N_, _

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure

#: Width given to control labels so that columns of controls line up.
LABEL_WIDTH = "210px"
PNG_COMPRESSION = 1  # fast PNG encoding: the image changes at every control change


class LiveFigure:
    """A persistent figure rendered to PNG quickly.

    The static parts (axes, ticks, titles, legend, source line) are drawn once and kept as a
    bitmap; each update restores that bitmap, draws only the ``dynamic`` artists on top and
    encodes the PNG (a 'blit'). Call :meth:`invalidate` when anything static changed (axis
    limits, titles) so the next render draws everything.
    """

    def __init__(self, figure: Figure, dynamic: Sequence[Artist] = (), *, dpi: float = 80):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.figure = figure
        self.figure.set_dpi(dpi)
        self.canvas = FigureCanvasAgg(figure)
        self.dynamic = list(dynamic)
        self._background: Any = None

    def invalidate(self) -> None:
        self._background = None

    def _draw_static(self) -> None:
        for artist in self.dynamic:
            artist.set_animated(True)
        try:
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        finally:
            for artist in self.dynamic:
                artist.set_animated(False)

    def render(self) -> bytes:
        """The figure as PNG bytes, redrawing only what changed since the last full draw."""
        from PIL import Image

        if self._background is None:
            self._draw_static()
        else:
            self.canvas.restore_region(self._background)
        for artist in self.dynamic:
            self.figure.draw_artist(artist)
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw",
                                 "RGBA", 0, 1)
        buf = io.BytesIO()
        image.save(buf, format="png", compress_level=PNG_COMPRESSION)
        return buf.getvalue()


def escape(text: object) -> str:
    """Text made safe to show inside an HTML widget."""
    return html.escape(str(text))


def status_html(messages: Sequence[str], *, ok: str = "") -> str:
    """The status area: problems in a visible box, or a short confirmation."""
    if not messages:
        return (f'<div role="status" aria-live="polite" style="color:#1b5e20">'
                f"{escape(ok)}</div>") if ok else '<div role="status" aria-live="polite"></div>'
    items = "".join(f"<li>{escape(m)}</li>" for m in messages)
    heading = escape(_("Check your input:"))
    return ('<div role="alert" aria-live="assertive" style="border-left:4px solid #D55E00;'
            'padding:4px 8px;background:#fff4ec;color:#000">'
            f"<strong>{heading}</strong>"
            f"<ul style='margin:2px 0'>{items}</ul></div>")


def code_html(code: str) -> str:
    """Code shown for copying into an answer cell."""
    intro = escape(_("Equivalent code (paste it into an answer cell):"))
    return (f"<p>{intro}</p>"
            f"<pre style='white-space:pre-wrap;background:#f6f6f6;padding:6px'>"
            f"{escape(code)}</pre>")


def labelled(factory: Callable[..., Any], description: str, tooltip: str, **kwargs: Any) -> Any:
    """An ipywidgets control with a plain-text label, a tooltip and a fixed label width."""
    style = {"description_width": kwargs.pop("description_width", LABEL_WIDTH)}
    return factory(description=description, description_allow_html=False, tooltip=tooltip,
                   style=style, **kwargs)


def button(description: str, tooltip: str) -> Any:
    """A button with a visible label and a tooltip (buttons take no description width)."""
    import ipywidgets as widgets

    return widgets.Button(description=description, tooltip=tooltip,
                          layout=widgets.Layout(width="auto"))


class KitWidget:
    """Base of the kit's widgets (subclasses build ``self.ui`` and implement the hooks)."""

    #: Text description of the figure, given in the plain-text fallback (translated there).
    figure_description = N_("Figure")

    def __init__(self) -> None:
        import ipywidgets as widgets

        self.status = widgets.HTML(value=status_html([]))
        self.code_view = widgets.HTML(value="")
        self.show_code_button = button(_("Show the equivalent code"),
                                       _("Show the Python code that rebuilds this result"))
        self.show_code_button.on_click(lambda _b: self._show_code())
        # No tooltip on Image: ipywidgets' front end reads a description that Image lacks and
        # fails to render the view. The description is in the plain-text fallback instead.
        self.image = widgets.Image(format="png",
                                   layout=widgets.Layout(max_width="100%", height="auto"))
        self._holding = 0
        self._dirty = False

    # ---------------------------------------------------------------- hooks
    @property
    def figure(self) -> Figure:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def value(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def state(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def to_code(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def png(self) -> bytes:  # pragma: no cover - abstract
        """The current figure as PNG bytes."""
        raise NotImplementedError

    def _update(self) -> None:  # pragma: no cover - abstract
        """Recompute from the controls and redraw."""
        raise NotImplementedError

    # ---------------------------------------------------------------- shared behaviour
    @contextmanager
    def hold(self) -> Iterator[None]:
        """Change several controls with one redraw at the end."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
            if self._holding == 0 and self._dirty:
                self._dirty = False
                self._update()

    def _changed(self, _change: Any = None) -> None:
        if self._holding:
            self._dirty = True
        else:
            self._update()

    def _show_code(self) -> None:
        self.code_view.value = code_html(self.to_code())

    def show(self) -> None:
        """Display the widget with a static image of its figure (for runs without a browser)."""
        from IPython.display import display

        display(self)

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The live widget, its figure as a PNG with alternative text, and its code as text."""
        from medlab_teach.plots.alt_text import describe_figure

        bundle = dict(self.ui._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["image/png"] = base64.b64encode(self.png()).decode("ascii")
        bundle["text/plain"] = _("{widget}: {description}. Equivalent code:\n{code}").format(
            widget=type(self).__name__, description=_(self.figure_description),
            code=self.to_code())
        return bundle, {"image/png": {"alt": describe_figure(self.figure)}}
