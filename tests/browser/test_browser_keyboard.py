"""Every widget of the lessons, used with the keyboard alone in JupyterLab: with one of its
lists focused, the arrow keys change the choice (not JupyterLab's active cell), and a key press
on its controls changes the figure."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from lab_driver import NOTEBOOK, wait_changed

ROOT = Path(__file__).resolve().parents[2]
WIDGETS = ("ModelMapExplorer", "TerritoryExplorer", "PolicyMixSimulator", "ActionPlanBuilder")

#: Per widget: the drop-down list to move with the arrow keys (by its label), and the control
#: whose key press must change the figure: ("select", label) takes ArrowDown, ("checkbox",
#: label) takes Space (label None: the first check box).
DRIVE = {
    "ModelMapExplorer": ("Line or axis of the model", ("select", "Line or axis of the model")),
    "TerritoryExplorer": ("Conduct", ("select", "Conduct")),
    "PolicyMixSimulator": ("Start from a named mix",
                           ("checkbox", "Policy continues after the first government term")),
    "ActionPlanBuilder": ("Term", ("checkbox", None)),
}


def _lesson_widgets() -> list[tuple[str, list[str]]]:
    found = []
    for path in sorted((ROOT / "lessons" / "en").glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        names = [w for w in WIDGETS if re.search(rf"\b{w}\(", text)]
        if names:
            found.append((path.name, names))
    return found


LESSON_WIDGETS = _lesson_widgets()


def test_the_lessons_have_widgets_to_drive() -> None:
    used = {w for _lesson, names in LESSON_WIDGETS for w in names}
    assert used == set(WIDGETS), f"widgets not found in any lesson: {set(WIDGETS) - used}"


def _settled(read, quiet: float = 1.5, timeout: float = 60.0) -> str:
    """The value of ``read()`` once it has stayed the same for ``quiet`` seconds (a redraw
    still on its way would otherwise be taken for the state before a key press)."""
    deadline = time.monotonic() + timeout
    value, since = read(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = read()
        if now != value:
            value, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return value
    raise AssertionError("the widget kept changing for a minute")


def _active_cell(page) -> int:
    return page.evaluate(
        """(sel) => [...document.querySelector(sel).querySelectorAll('.jp-Cell')]
            .findIndex((cell) => cell.classList.contains('jp-mod-active'))""", NOTEBOOK)


def _select(output, label: str):
    return output.locator(".widget-dropdown", has=output.page.locator(
        "label.widget-label", has_text=re.compile(rf"^{re.escape(label)}$"))).locator("select")


def _widget_output(jlab, widget: str):
    cell = jlab.page.locator(f"{NOTEBOOK} .jp-CodeCell",
                             has=jlab.page.locator(".jp-InputArea-editor",
                                                   has_text=f"{widget}(")).last
    output = cell.locator(".jp-OutputArea-output", has=jlab.page.locator(".jupyter-widgets"))
    output.first.locator("img.widget-image").first.wait_for(timeout=60_000)
    return output.first


def _arrows_move_the_choice(jlab, output, label: str, problems: list[str]) -> None:
    """ArrowDown on a focused list changes the widget (its choice, or what the choice applies)
    and leaves JupyterLab's active cell where it was."""
    page = jlab.page
    select = _select(output, label).first
    jlab.scroll_to(select, "center")
    select.focus()
    shown = _settled(lambda: select.input_value() + output.inner_text())
    cell_before = _active_cell(page)
    page.keyboard.press("ArrowDown")
    try:
        wait_changed(lambda: select.input_value() + output.inner_text(), shown,
                      f"the widget after ArrowDown on '{label}'", timeout=15)
    except AssertionError as err:
        problems.append(str(err))
    if _active_cell(page) != cell_before:
        problems.append(f"ArrowDown on '{label}' moved JupyterLab's active cell "
                        f"({cell_before} -> {_active_cell(page)})")


def _figure_follows_the_keyboard(jlab, output, how: tuple[str, str | None], name: str) -> None:
    page = jlab.page
    image = output.locator("img.widget-image").first
    digest = _settled(lambda: jlab.image_digest(image))
    kind, label = how
    if kind == "select":
        control = _select(output, label).first
        key = "ArrowDown"
    else:
        boxes = output.locator(".widget-checkbox")
        if label is not None:
            boxes = boxes.filter(has_text=label)
        control = boxes.locator("input[type=checkbox]").first
        key = "Space"
    jlab.scroll_to(control, "center")
    control.focus()
    page.keyboard.press(key)
    wait_changed(lambda: jlab.image_digest(image), digest, f"the figure of {name}")
    jlab.scroll_to(image, "center")
    jlab.shot(f"{name}-after-{key}")


@pytest.mark.timeout(420)
@pytest.mark.parametrize(("lesson", "widgets"), LESSON_WIDGETS,
                         ids=[lesson[:2] for lesson, _w in LESSON_WIDGETS])
def test_lesson_widgets_work_with_the_keyboard_alone(jlab, lesson: str,
                                                     widgets: list[str]) -> None:
    jlab.open_notebook(f"lessons/en/{lesson}")
    jlab.run_all()
    assert not jlab.error_outputs(), "\n".join(jlab.error_outputs())
    problems: list[str] = []
    for name in widgets:
        output = _widget_output(jlab, name)
        arrow_label, figure_control = DRIVE[name]
        _arrows_move_the_choice(jlab, output, arrow_label, problems)
        _figure_follows_the_keyboard(jlab, output, figure_control, name)
    problems.extend(f"browser console: {entry}" for entry in jlab.console_errors())
    assert not problems, f"{lesson}:\n" + "\n".join(problems)
