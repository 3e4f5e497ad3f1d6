"""One website page per data table, written from ``datapackage.json``: what a learner needs to
trust a number (fields, sources, licences, caveats) without opening a file.

Titles, descriptions, licences, caveats and column descriptions come through the package's
catalog, as ``data.describe`` shows them, so each edition reads them in its own language; source
titles and links are citations and stay as their authors wrote them."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

WORDS = {
    "es": {"title": "Los datos del curso", "rows": "filas", "fields": "Columnas",
           "field": "columna", "type": "tipo", "meaning": "significado", "sources": "Fuentes",
           "licences": "Licencias", "caveats": "Advertencias", "file": "Archivo",
           "intro": "Cada tabla viene de una fuente pública, con su licencia y sus advertencias.",
           "back": "Todas las tablas"},
    "en": {"title": "The course's data", "rows": "rows", "fields": "Columns", "field": "column",
           "type": "type", "meaning": "meaning", "sources": "Sources", "licences": "Licences",
           "caveats": "Caveats", "file": "File",
           "intro": "Each table comes from a public source, with its licence and caveats.",
           "back": "All tables"},
}


def _package() -> dict[str, Any]:
    from medlab_teach import data

    return json.loads((data.data_dir() / "datapackage.json").read_text(encoding="utf-8"))


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _source_line(source: dict[str, Any]) -> str:
    title, link = source.get("title", ""), source.get("path", "")
    return f"- [{title}]({link})" if str(link).startswith("http") else f"- {title} {link}".strip()


def _as_written(text: str) -> str:
    return text


def table_page(resource: dict[str, Any], words: dict[str, str],
               shown: Callable[[str], str] = _as_written) -> str:
    """The page of one table; ``shown`` gives a data-package text in the edition's language."""
    lines = [f"# {shown(resource['title'])}", "", f"`{resource['name']}` · {words['file']}: "
             f"`{resource['path']}`", "", shown(resource.get("description", "")), ""]
    fields = resource.get("schema", {}).get("fields", [])
    if fields:
        header = f"| {words['field']} | {words['type']} | {words['meaning']} |"
        lines += [f"## {words['fields']}", "", header, "| --- | --- | --- |"]
        lines += [f"| `{f['name']}` | {f.get('type', '')} | "
                  f"{_cell(shown(f.get('description', '')))} |" for f in fields]
        lines.append("")
    lines += [f"## {words['sources']}", ""]
    lines += [_source_line(s) for s in resource.get("sources", [])]
    lines += ["", f"## {words['licences']}", ""]
    lines += [f"- {shown(lic['title']) if lic.get('title') else lic.get('name')}"
              for lic in resource.get("licenses", [])]
    if resource.get("caveats"):
        lines += ["", f"## {words['caveats']}", ""]
        lines += [f"- {_cell(shown(c))}" for c in resource["caveats"]]
    lines += ["", f"[{words['back']}](index.md)", ""]
    return "\n".join(lines)


def data_pages(language: str) -> dict[str, str]:
    """``data/index.md`` and ``data/<table>.md`` for one edition, its texts in ``language``."""
    import medlab_teach
    from medlab_teach.i18n import _

    def shown(text: str) -> str:
        return _(text) if text else text

    words = WORDS[language]
    resources = _package()["resources"]
    index = [f"# {words['title']}", "", words["intro"], "", "```{toctree}", ":maxdepth: 1", ""]
    index += [r["name"] for r in resources]
    index += ["```", ""]
    pages = {"data/index.md": "\n".join(index)}
    before = medlab_teach.get_language()
    medlab_teach.set_language(language)
    try:
        for resource in resources:
            pages[f"data/{resource['name']}.md"] = table_page(resource, words, shown)
    finally:
        medlab_teach.set_language(before)
    return pages
