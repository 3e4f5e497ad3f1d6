"""The course website: every lesson of every edition is a page with its figures (each with
alternative text), links resolve, no page shows an execution error, and a broken notebook or link
fails the build."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from book_site import ROOT, builder, editions, parse

pytestmark = [pytest.mark.slow, pytest.mark.notebooks]


def _site_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def test_every_lesson_of_every_edition_has_a_page_with_figures(book_site: Path) -> None:
    for language in editions():
        lessons = sorted(builder().lesson_folder(language).glob("*.ipynb"))
        assert lessons
        for lesson in lessons:
            page = book_site / language / lesson.relative_to(ROOT).with_suffix(".html")
            assert page.exists(), f"no page for {language}/{lesson.name}"
            parsed = parse(page)
            assert parsed.lang == language
            figures = [img for img in parsed.images if "_images/" in img.get("src", "")]
            source = lesson.read_text(encoding="utf-8")
            if "figure" in source or "Explorer(" in source or "plots" in source:
                assert figures, f"{page.name} shows no figure"
            for img in figures:
                alt = img.get("alt", "")
                assert alt and "_images/" not in alt, f"{page.name}: a figure has no alt text"


def test_no_page_reports_an_execution_error(book_site: Path) -> None:
    for page in _site_pages(book_site):
        parsed = parse(page)
        assert "traceback" not in parsed.classes, f"{page} shows a traceback"
        assert "stderr" not in parsed.classes, f"{page} shows error output"


def test_internal_links_and_anchors_resolve(book_site: Path) -> None:
    broken = []
    for page in _site_pages(book_site):
        for href in parse(page).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(book_site)} -> {href}")
            elif (parts.fragment and target.suffix == ".html"
                  and parts.fragment not in parse(target).ids):
                broken.append(f"{page.relative_to(book_site)} -> {href} (no such anchor)")
    assert not broken, "broken links:\n" + "\n".join(broken[:30])


def test_headings_go_down_one_level_at_a_time(book_site: Path) -> None:
    for language in editions():
        for page in sorted((book_site / language / "lessons").rglob("*.html")):
            levels = parse(page).headings
            content = levels[levels.index(1):] if 1 in levels else levels
            jumps = [(a, b) for a, b in itertools.pairwise(content) if b > a + 1]
            assert not jumps, f"{page.name}: heading levels jump {jumps[:3]}"


def test_every_page_links_to_the_other_edition(book_site: Path) -> None:
    built = editions()
    if len(built) < 2:
        pytest.fail(f"the website has only the {built} edition; it must have Spanish and English")
    for language in built:
        for page in _site_pages(book_site / language):
            if page.name in {"genindex.html", "search.html"}:
                continue
            other = [h for h in parse(page).links if any(f"/{o}/" in h for o in built
                                                         if o != language)]
            assert other, f"{page} has no language switch"


def test_offline_copy_holds_the_whole_site(book_site: Path) -> None:
    archive = book_site / builder().ZIP_NAME
    with zipfile.ZipFile(archive) as zipped:
        names = set(zipped.namelist())
    for language in editions():
        assert f"medlab-teach-site/{language}/index.html" in names
    assert "medlab-teach-site/index.html" in names


def test_data_tables_are_documented_from_the_data_package(book_site: Path) -> None:
    from medlab_teach import data

    for language in editions():
        for name in data.names():
            page = book_site / language / "data" / f"{name}.html"
            assert page.exists(), f"no page for table {name}"
            text = page.read_text(encoding="utf-8")
            for field in data.load(name).columns[:3]:
                assert field in text


def _tiny_book(tmp_path: Path, index: str, notebook_code: str) -> subprocess.CompletedProcess:
    """Run the website's Sphinx configuration on a two-page project."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "index.md").write_text(index, encoding="utf-8")
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Page"), nbformat.v4.new_code_cell(notebook_code)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, src / "page.ipynb")
    env = dict(os.environ, MEDLAB_BOOK_LANG="en", MEDLAB_BOOK_CACHE=str(tmp_path / "cache"))
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(ROOT / "docs" / "book"), "-W",
         "-q", str(src), str(tmp_path / "out")], capture_output=True, text=True, env=env)


def test_a_broken_link_fails_the_build(tmp_path: Path) -> None:
    index = "# Home\n\nSee [a missing page](missing.md).\n\n```{toctree}\npage\n```\n"
    result = _tiny_book(tmp_path, index, "1 + 1")
    assert result.returncode != 0
    assert "missing.md" in result.stderr


def test_a_notebook_error_fails_the_build(tmp_path: Path) -> None:
    result = _tiny_book(tmp_path, "# Home\n\n```{toctree}\npage\n```\n", "1 / 0")
    assert result.returncode != 0
    assert "ZeroDivisionError" in result.stderr + result.stdout


def test_the_language_switch_finds_a_lesson_by_its_number() -> None:
    import sys

    sys.path.insert(0, str(ROOT / "docs" / "book" / "_ext"))
    from medlab_book import counterpart

    spanish = {"index", "lessons/es/01_datos_para_decisiones_informadas", "data/crimes_annual"}
    assert counterpart("lessons/en/01_data_for_informed_decisions", spanish) == (
        "lessons/es/01_datos_para_decisiones_informadas")
    assert counterpart("data/crimes_annual", spanish) == "data/crimes_annual"
    assert counterpart("lessons/en/09_missing", spanish) == "index"
