"""One website page per data table, written from ``datapackage.json``: what a learner needs to
trust a number (fields, sources, licences, caveats) without opening a file."""

from __future__ import annotations

import json
from typing import Any

WORDS = {
    "es": {"title": "Los datos del curso", "rows": "filas", "fields": "Columnas",
           "field": "columna", "type": "tipo", "meaning": "significado", "sources": "Fuentes",
           "licences": "Licencias", "caveats": "Advertencias", "file": "Archivo",
           "intro": "Cada tabla viene de una fuente pública, con su licencia y sus advertencias. "
                    "Las descripciones están en inglés, como en el paquete de datos.",
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


def table_page(resource: dict[str, Any], words: dict[str, str]) -> str:
    """The page of one table."""
    lines = [f"# {resource['title']}", "", f"`{resource['name']}` · {words['file']}: "
             f"`{resource['path']}`", "", resource.get("description", ""), ""]
    fields = resource.get("schema", {}).get("fields", [])
    if fields:
        header = f"| {words['field']} | {words['type']} | {words['meaning']} |"
        lines += [f"## {words['fields']}", "", header, "| --- | --- | --- |"]
        lines += [f"| `{f['name']}` | {f.get('type', '')} | {_cell(f.get('description', ''))} |"
                  for f in fields]
        lines.append("")
    lines += [f"## {words['sources']}", ""]
    lines += [_source_line(s) for s in resource.get("sources", [])]
    lines += ["", f"## {words['licences']}", ""]
    lines += [f"- {lic.get('title') or lic.get('name')}" for lic in resource.get("licenses", [])]
    if resource.get("caveats"):
        lines += ["", f"## {words['caveats']}", ""]
        lines += [f"- {_cell(c)}" for c in resource["caveats"]]
    lines += ["", f"[{words['back']}](index.md)", ""]
    return "\n".join(lines)


def data_pages(language: str) -> dict[str, str]:
    """``data/index.md`` and ``data/<table>.md`` for one edition."""
    words = WORDS[language]
    resources = _package()["resources"]
    index = [f"# {words['title']}", "", words["intro"], "", "```{toctree}", ":maxdepth: 1", ""]
    index += [r["name"] for r in resources]
    index += ["```", ""]
    pages = {"data/index.md": "\n".join(index)}
    for resource in resources:
        pages[f"data/{resource['name']}.md"] = table_page(resource, words)
    return pages
