"""Sphinx configuration of the course website, shared by both editions.

``scripts/build_book.py`` stages one source folder per language and runs Sphinx on each with
``MEDLAB_BOOK_LANG`` set; everything language-specific comes from that variable.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

language = os.environ.get("MEDLAB_BOOK_LANG", "es")
TITLES = {
    "es": "Gestión local integral de la seguridad: el modelo de Medellín",
    "en": "Integral local security management: the Medellín model",
}
project = TITLES[language]
html_title = TITLES[language]
author = "medlab-teach contributors"
copyright = "medlab-teach contributors (MIT licence)"

extensions = ["myst_nb", "medlab_book"]
templates_path = [str(HERE / "_templates")]
html_static_path = [str(HERE / "_static")]
html_css_files = ["medlab.css"]
exclude_patterns = ["_build", "**.ipynb_checkpoints", "jupyter_execute"]

html_theme = "sphinx_book_theme"
html_theme_options = {
    "article_header_end": ["language-switch.html", "article-header-buttons.html"],
    "use_download_button": False,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
}
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False

# Notebooks: executed at build time, cached by their code, any error stops the build.
nb_execution_mode = "cache"
nb_execution_cache_path = os.environ.get("MEDLAB_BOOK_CACHE", str(HERE / "_cache"))
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True
nb_output_stderr = "remove"
# Widgets appear as the static figure they carry: no widget state, no script from a CDN.
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]
nb_ipywidgets_js: dict[str, dict[str, str]] = {}
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# A link or reference that does not resolve is an error (the build runs with -W).
nitpicky = False
suppress_warnings = ["myst.header"]
