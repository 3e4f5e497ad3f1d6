"""Shared knowledge of the built course website for the tests (plain functions, no fixtures)."""

from __future__ import annotations

import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build" / "book"


def builder():
    """``scripts/build_book.py`` as a module."""
    spec = importlib.util.spec_from_file_location("build_book", ROOT / "scripts" / "build_book.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def editions() -> list[str]:
    """The editions the kit has lessons for (Spanish first)."""
    found = []
    for language in builder().LANGUAGES:
        try:
            builder().lesson_folder(language)
        except FileNotFoundError:
            continue
        found.append(language)
    return found


class PageParser(HTMLParser):
    """The parts of a page the tests look at: links, images, ids, headings, language."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.images: list[dict[str, str]] = []
        self.ids: set[str] = set()
        self.headings: list[int] = []
        self.lang = ""
        self.classes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        self.classes.update(values.get("class", "").split())
        if tag == "html":
            self.lang = values.get("lang", "")
        elif tag == "a" and "href" in values:
            self.links.append(values["href"])
        elif tag == "img":
            self.images.append(values)
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))


def parse(page: Path) -> PageParser:
    """Read one HTML page."""
    parser = PageParser()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser
