"""The course website's own Sphinx extension: language switch, figure alt text, light images.

* Every page links to the same page in the other edition (lessons are matched by their number,
  since file names may differ between languages).
* Every figure a notebook produced gets the alternative text the kit attached to it
  (``medlab_teach.plots.alt_text``); a figure without one is a build error.
* PNG figures are re-encoded with a palette when that makes them smaller, for weak connections;
  the theme's navigation toggles get a name screen readers can say.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
LANGUAGE_NAMES = {"es": "Español", "en": "English"}
TOGGLE_NAMES = {"es": "Mostrar u ocultar las páginas de esta sección",
                "en": "Show or hide the pages of this section"}
NAMELESS_TOGGLE = '<summary><span class="toctree-toggle" role="presentation">'


def _name_toggles(html: str, language: str) -> str:
    """The theme's section toggles are icons: give them a name a screen reader can say."""
    label = TOGGLE_NAMES.get(language, TOGGLE_NAMES["en"])
    return html.replace(NAMELESS_TOGGLE,
                        f'<summary aria-label="{label}"><span class="toctree-toggle" '
                        'role="presentation">')
LESSON = re.compile(r"^lessons/(?:[a-z]{2}/)?(\d\d[a-z]?)_")


def _stage_root() -> Path | None:
    root = os.environ.get("MEDLAB_BOOK_STAGE")
    return Path(root) if root else None


def _docnames(srcdir: Path) -> set[str]:
    found = set()
    for path in srcdir.rglob("*"):
        if path.suffix in {".md", ".ipynb"} and "jupyter_execute" not in path.parts:
            found.add(path.relative_to(srcdir).with_suffix("").as_posix())
    return found


def counterpart(docname: str, other_docnames: set[str]) -> str:
    """The page of the other edition that matches ``docname`` (its index if none does)."""
    if docname in other_docnames:
        return docname
    match = LESSON.match(docname)
    if match:
        for other in sorted(other_docnames):
            other_match = LESSON.match(other)
            if other_match and other_match.group(1) == match.group(1):
                return other
    return "index"


def _add_language_switch(app: Sphinx, pagename: str, templatename: str,
                         context: dict[str, Any], doctree: Any) -> None:
    root = _stage_root()
    language = app.config.language
    others = [code for code in LANGUAGE_NAMES if code != language]
    if root is None or not others or not (root / others[0]).is_dir():
        context["medlab_other_language_url"] = ""
        return
    other = others[0]
    target = counterpart(pagename, _docnames(root / other))
    up = "../" * (pagename.count("/") + 1)
    context["medlab_other_language_url"] = f"{up}{other}/{target}.html"
    context["medlab_other_language"] = other
    context["medlab_other_language_name"] = LANGUAGE_NAMES[other]


def _drop_remote_and_widget_scripts(app: Sphinx, pagename: str, templatename: str,
                                    context: dict[str, Any], doctree: Any) -> None:
    """Pages load nothing from the internet and carry no widget state (figures are static)."""
    kept = []
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", {}) or {}
        filename = str(getattr(script, "filename", script) or "")
        if filename.startswith(("http://", "https://")) or "widget-state" in str(
                attributes.get("type", "")):
            continue
        kept.append(script)
    context["script_files"] = kept


def _executed(app: Sphinx, docname: str) -> Any:
    """The executed notebook behind a page, from the execution cache (None for other pages)."""
    import nbformat
    from jupyter_cache import get_cache

    source = Path(app.env.doc2path(docname))
    if source.suffix != ".ipynb":
        return None
    cache = get_cache(app.config.nb_execution_cache_path)
    record = cache.match_cache_notebook(nbformat.read(source, as_version=4))
    return cache.get_cache_bundle(record.pk).nb


def alt_texts(notebook: Any) -> dict[str, str]:
    """sha256 of each PNG output (the name MyST-NB gives its file) -> its alternative text."""
    found = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            alt = output.get("metadata", {}).get("image/png", {}).get("alt")
            if png and alt:
                found[hashlib.sha256(base64.b64decode(png)).hexdigest()] = alt
    return found


def _set_alt_text(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    notebook = _executed(app, docname)
    if notebook is None:
        return
    texts = alt_texts(notebook)
    for image in doctree.findall(nodes.image):
        digest = Path(image["uri"]).stem
        if digest in texts:
            image["alt"] = texts[digest]
        elif not image.get("alt"):
            LOGGER.warning("a figure in %s has no alternative text", docname,
                           location=image, type="medlab", subtype="alt")


def _finish_pages(app: Sphinx, exception: Exception | None) -> None:
    """Name the navigation toggles, drop source maps, lighten the images."""
    if exception is not None:
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        named = _name_toggles(text, app.config.language)
        if named != text:
            page.write_text(named, encoding="utf-8")
    for source_map in Path(app.outdir, "_static").rglob("*.map"):
        source_map.unlink()
    _lighten_images(app)


def _lighten_images(app: Sphinx) -> None:
    """Re-encode PNGs with a 256-colour palette where that is smaller (charts lose nothing)."""
    from PIL import Image

    for path in Path(app.outdir, "_images").glob("*.png"):
        original = path.stat().st_size
        with Image.open(path) as image:
            if image.mode == "P":
                continue
            quantized = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        tmp = path.with_suffix(".tmp.png")
        quantized.save(tmp, optimize=True)
        if tmp.stat().st_size < original:
            tmp.replace(path)
        else:
            tmp.unlink()


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension's three jobs."""
    app.connect("html-page-context", _add_language_switch)
    app.connect("html-page-context", _drop_remote_and_widget_scripts, priority=900)
    app.connect("doctree-read", _set_alt_text)
    app.connect("build-finished", _finish_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
