"""The course website in Chromium, served from a local file server: the front page leads to the
Spanish edition, the language switch changes edition, a lesson and a data table open, and axe-core
finds no serious or critical accessibility violation on any page."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture(scope="module")
def site_url(book_site: Path) -> Iterator[str]:
    """The built site on a loopback HTTP server for the module's tests."""
    handler = functools.partial(QuietHandler, directory=str(book_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def page(chromium, artifacts: Path) -> Iterator[object]:
    """A fresh browser context and page."""
    context = chromium.browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def test_language_switch_lesson_and_data_pages(page, site_url: str, artifacts: Path) -> None:
    page.goto(f"{site_url}/index.html")
    page.get_by_role("link", name="Edición en español").click()
    page.wait_for_url("**/es/index.html")
    assert page.locator("html").get_attribute("lang") == "es"
    page.screenshot(path=str(artifacts / "book-es-home.png"))

    page.locator("a.medlab-language-switch").click()
    page.wait_for_url("**/en/index.html")
    assert page.locator("html").get_attribute("lang") == "en"

    lesson = page.locator("nav a[href*='/01_']").first
    lesson.click()
    page.wait_for_url("**/en/lessons/**01_*.html")
    first_figure = page.locator("article img").first
    first_figure.scroll_into_view_if_needed()
    assert first_figure.get_attribute("alt")
    assert page.evaluate("(img) => img.naturalWidth", first_figure.element_handle()) > 0
    page.screenshot(path=str(artifacts / "book-en-lesson-01.png"), full_page=False)

    page.locator("a.medlab-language-switch").click()
    page.wait_for_url("**/es/lessons/**01_*.html")

    page.goto(f"{site_url}/es/data/crimes_annual.html")
    assert page.locator("table").count() >= 1
    assert page.get_by_text("territory_code").count() >= 1
    page.screenshot(path=str(artifacts / "book-es-data-crimes_annual.png"))


def test_no_serious_accessibility_violation_on_any_page(page, book_site: Path,
                                                        site_url: str) -> None:
    assert AXE.exists(), "axe-core is missing: run `npm ci` in the kit's folder"
    pages = sorted(p.relative_to(book_site).as_posix() for p in book_site.rglob("*.html")
                   if "_static" not in p.parts)
    failures = []
    for relative in pages:
        page.goto(f"{site_url}/{relative}")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            if violation["impact"] in SERIOUS:
                targets = [node["target"] for node in violation["nodes"][:3]]
                failures.append(f"{relative}: {violation['id']} ({violation['impact']}) {targets}")
    assert not failures, "\n".join(failures[:40])
