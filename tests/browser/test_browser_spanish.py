"""The Spanish edition in JupyterLab with JupyterLab's own menus in Spanish (the official es-ES
language pack): a Spanish lesson runs, its widget is driven with the keyboard, and the menus,
the widget and the figures read in Spanish."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from pathlib import Path

import pytest
from lab_driver import NOTEBOOK, wait_changed

from medlab_teach.lab_keyboard import LAB_LOCALES, TRANSLATION_PLUGIN

ROOT = Path(__file__).resolve().parents[2]
LESSON = next((ROOT / "lessons" / "es").glob("00_*.ipynb"))
ENGLISH = re.compile(r"\b(the|of|and|per|with|from|Source|Year|shows)\b")
SPANISH_MENUS = ("Archivo", "Editar", "Ver")  # the language pack's words for File, Edit, View


def _put_setting(lab, plugin: str, raw: dict) -> None:
    body = json.dumps({"raw": json.dumps(raw)}).encode()
    req = urllib.request.Request(f"{lab.url}lab/api/settings/{plugin}", data=body, method="PUT",
                                 headers={"Authorization": f"token {lab.token}",
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30):
        pass


def _wait_idle_kernel(lab, path: str, timeout: float = 120.0) -> None:
    """The lesson's kernel is up and idle (read from the server: the status bar's words change
    with the interface language)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sessions = [s for s in lab.api("api/sessions") if s.get("path", "").endswith(path)]
        if sessions and sessions[0]["kernel"]["execution_state"] == "idle":
            return
        time.sleep(0.5)
    raise AssertionError(f"no idle kernel for {path} within {timeout:.0f} s")


def _run_all_in_spanish(jlab, timeout: float = 180_000) -> None:
    page = jlab.page
    # the pack translates the Run menu's items; its title may stay "Run"
    page.locator(".lm-MenuBar-item", has_text=re.compile("^(Ejecutar|Run)$")).click()
    page.locator(".lm-Menu:visible .lm-Menu-item", has=page.locator(
        ".lm-Menu-itemLabel", has_text=re.compile("^Ejecutar todas las celdas$"))).first.click()
    page.wait_for_function(
        """(sel) => {
            const prompts = [...document.querySelector(sel)
                .querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent.trim());
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p));
        }""", arg=NOTEBOOK, timeout=timeout, polling=500)


def _saved_alt_texts(jlab, path: str) -> list[str]:
    jlab.page.keyboard.press("Control+s")
    time.sleep(2)
    saved = jlab.lab.api(f"api/contents/{path}?content=1")["content"]
    return [out.get("metadata", {}).get("image/png", {}).get("alt", "")
            for cell in saved["cells"] for out in cell.get("outputs", [])
            if "image/png" in out.get("data", {})]


@pytest.mark.timeout(420)
def test_a_spanish_lesson_in_spanish_jupyterlab(jlab, lab) -> None:
    path = LESSON.relative_to(ROOT).as_posix()
    _put_setting(lab, TRANSLATION_PLUGIN, {"locale": LAB_LOCALES["es"]})
    try:
        jlab.open(path)
        page = jlab.page
        page.locator(f"{NOTEBOOK} .jp-Cell").first.wait_for(timeout=60_000)
        menus = page.locator(".lm-MenuBar-item").all_inner_texts()
        assert set(SPANISH_MENUS) <= {m.strip() for m in menus}, menus
        _wait_idle_kernel(lab, path)
        _run_all_in_spanish(jlab)
        assert not jlab.error_outputs(), "\n".join(jlab.error_outputs())
        jlab.shot("es-run-all")

        cell = page.locator(f"{NOTEBOOK} .jp-CodeCell", has=page.locator(
            ".jp-InputArea-editor", has_text="ModelMapExplorer(")).last
        output = cell.locator(".jp-OutputArea-output",
                              has=page.locator(".jupyter-widgets")).first
        image = output.locator("img.widget-image").first
        image.wait_for(timeout=60_000)
        jlab.scroll_to(output)
        widget_text = " ".join(output.locator(".widget-label, .widget-html, button")
                               .all_text_contents())
        assert "Línea o eje del modelo" in widget_text, widget_text[:500]
        assert not ENGLISH.search(widget_text), widget_text[:500]

        select = output.locator(".widget-dropdown select").first
        jlab.scroll_to(select, "center")
        digest = jlab.image_digest(image)
        select.focus()
        page.keyboard.press("ArrowDown")
        wait_changed(lambda: jlab.image_digest(image), digest, "the figure after ArrowDown")
        jlab.scroll_to(image, "center")
        jlab.shot("es-widget-after-keyboard")

        alts = [alt for alt in _saved_alt_texts(jlab, path) if alt]
        assert alts, "the lesson's figures carry no alternative text"
        english = [alt for alt in alts if ENGLISH.search(alt)]
        assert not english, "figure text in English:\n" + "\n".join(english)
    finally:
        _put_setting(lab, TRANSLATION_PLUGIN, {})
